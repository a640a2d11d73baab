"""What the current log line is about: the request, the user and the job, carried in context
variables so every logger call inside a request or a job gets them without passing them along."""

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")
user_id: ContextVar[int | None] = ContextVar("user_id", default=None)
job_id: ContextVar[int | None] = ContextVar("job_id", default=None)
