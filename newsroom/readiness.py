"""Readiness for load balancers: can this server reach everything a page or an edit needs?

Each check returns None when the dependency answers, or what went wrong. The database and the
cache answer a trivial query, the queue is reachable (its table, or Redis), and media storage
answers a lookup. Nothing here writes to the database."""

import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django_tasks import task_backends


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    key = f"readiness:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


def _queue() -> None:
    backend = task_backends["default"]
    name = type(backend).__name__
    if name == "DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.ready().exists()
    elif name == "RQBackend":
        import django_rq

        django_rq.get_connection(backend.queues[0]).ping()


def _storage() -> None:
    bucket = getattr(default_storage, "bucket_name", None)
    if bucket:
        # A round trip to the bucket: it exists and these credentials may use it.
        default_storage.connection.meta.client.head_bucket(Bucket=bucket)
        return
    folder = Path(default_storage.location)
    folder.mkdir(parents=True, exist_ok=True)
    if not os.access(folder, os.W_OK):
        raise PermissionError(f"{folder} is not writable")


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database,
    "cache": _cache,
    "queue": _queue,
    "storage": _storage,
}


def readiness() -> dict[str, dict]:
    """Run every check; return {name: {"ok": bool, "ms": float, "error": str}}."""
    results = {}
    for name, check in CHECKS.items():
        start = time.monotonic()
        try:
            check()
        except Exception as error:  # any failure of a dependency means not ready
            results[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        else:
            results[name] = {"ok": True, "error": ""}
        results[name]["ms"] = round((time.monotonic() - start) * 1000, 1)
    return results
