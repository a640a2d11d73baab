"""Logs a newsroom's operations can use: every line carries the request id, the user id and the
job id it belongs to; each request is logged with its duration, and a slow one as a warning.

In production the lines are JSON objects on stderr (see settings.prod.LOGGING), errors with
their stack trace in ``exc_info``."""

import logging
import re
import time
import uuid

from django.conf import settings

from jobs import context

logger = logging.getLogger("newsroom.requests")

# A request id from the proxy is kept only if it is short and plain, so it cannot forge lines.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")


def json_logging(logging_config: dict) -> dict:
    """Return ``logging_config`` with its console writing one JSON object per line: time,
    level, logger, message, request_id, user_id, job_id, any extra fields (durations, status)
    and, for errors, the stack trace in ``exc_info``."""
    return {
        **logging_config,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s "
                "%(user_id)s %(job_id)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            }
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["context"],
                "formatter": "json",
            }
        },
    }


class ContextFilter(logging.Filter):
    """Add request_id, user_id and job_id (or None) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.request_id.get() or None
        record.user_id = context.user_id.get()
        record.job_id = context.job_id.get()
        return True


class RequestLogMiddleware:
    """Give each request an id (the proxy's X-Request-ID, or a new one), echo it in the
    response, and log the request's method, path, status and duration once it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id
        id_token = context.request_id.set(request_id)
        user = getattr(request, "user", None)
        user_token = context.user_id.set(user.pk if user and user.is_authenticated else None)
        start = time.monotonic()
        try:
            response = self.get_response(request)
            duration_ms = round((time.monotonic() - start) * 1000, 1)
            slow = duration_ms > settings.NEWSROOM_SLOW_REQUEST_MS
            logger.log(
                logging.WARNING if slow else logging.INFO,
                "%s%s %s %s in %.0f ms",
                "slow request: " if slow else "",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            response["X-Request-ID"] = request_id
            return response
        finally:
            context.request_id.reset(id_token)
            context.user_id.reset(user_token)
