"""Background jobs: queue one, run it with progress and retries, retry a failed one.

A job is a row of ``jobs.Job`` plus one message on the task queue that names it. Tasks are
django-tasks ``@task`` functions in each app's ``tasks.py`` whose body is a call to ``job_run``
with the function doing the work; that function receives a ``JobProgress`` to report through.

- **Idempotent**: a job that already succeeded does nothing when delivered again, and the work
  functions only bring things up to date (renditions of the current image, links from the
  current registry), so running one twice changes nothing the second time.
- **Retries**: a transient failure (database or network connection, timeout) is retried with
  exponential backoff, up to ``Job.max_attempts``; any other error fails the job at once.
- **Nothing half-written**: every unit of work commits on its own (an article re-linked, a
  document imported, a set of renditions stored) or not at all; when the job runs inside a
  caller's transaction (the immediate backend), each attempt takes a savepoint.
"""

import logging
import time
import traceback as tb
from collections.abc import Callable
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task

from jobs import context
from jobs.models import Job

logger = logging.getLogger("newsroom.jobs")


class TransientJobError(Exception):
    """Raised by work that failed for a reason that may pass (a remote service busy)."""


class JobError(Exception):
    """A job cannot be retried or queued as asked."""


def transient_errors() -> tuple[type[BaseException], ...]:
    """Exception classes worth another attempt: lost connections and timeouts."""
    errors: list[type[BaseException]] = [
        TransientJobError,
        OperationalError,
        InterfaceError,
        ConnectionError,
        TimeoutError,
    ]
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        errors += [RedisConnectionError, RedisTimeoutError]
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    try:
        from botocore.exceptions import ConnectionError as BotoConnectionError

        errors.append(BotoConnectionError)
    except ImportError:  # object storage is optional
        pass
    return tuple(errors)


def backoff_seconds(attempt: int) -> float:
    """Seconds to wait before attempt ``attempt + 1``: base × 2^(attempt − 1), capped."""
    base = settings.NEWSROOM_JOB_RETRY_BASE_SECONDS
    return min(base * 2 ** max(0, attempt - 1), settings.NEWSROOM_JOB_RETRY_MAX_SECONDS)


def job_enqueue(
    *,
    task: Task,
    kind: str,
    label: str,
    params: dict | None = None,
    by=None,
    dedupe_key: str = "",
    max_attempts: int | None = None,
) -> Job:
    """Record a job and put it on the queue; return it (already finished with the immediate
    backend). A job with the same ``dedupe_key`` still waiting in the queue is returned instead
    of a second one, since it will see the same, latest state when it runs."""
    if dedupe_key:
        waiting = Job.objects.filter(dedupe_key=dedupe_key, status=Job.Status.QUEUED).first()
        if waiting is not None:
            return waiting
    job = Job.objects.create(
        kind=kind,
        label=label[:300],
        task_path=task.module_path,
        params=params or {},
        dedupe_key=dedupe_key,
        created_by=by if by is not None and by.is_authenticated else None,
        max_attempts=max_attempts or settings.NEWSROOM_JOB_MAX_ATTEMPTS,
    )
    _send(job, task)
    job.refresh_from_db()
    return job


def job_retry(*, job: Job, by=None) -> Job:
    """Queue a failed job again with a fresh set of attempts; return it. Work already done is
    not repeated: the job's own checkpoint and results say what is left."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.status != Job.Status.FAILED:
            raise JobError(f"Only a failed job can be retried; this one is {job.status}.")
        job.status = Job.Status.QUEUED
        job.attempts = 0
        job.error = ""
        job.traceback = ""
        job.finished_at = None
        job.save(update_fields=["status", "attempts", "error", "traceback", "finished_at"])
    logger.info("job %s queued again", job.pk, extra={"retried_by": getattr(by, "pk", None)})
    _send(job, import_string(job.task_path))
    job.refresh_from_db()
    return job


def _send(job: Job, task: Task, *, delay: float = 0) -> None:
    """Put ``job`` on ``task``'s queue. The database backend writes its message in the caller's
    transaction (both or neither are saved) and the immediate backend runs the job now; any
    other backend (Redis) is told only once the transaction commits, so a worker never picks
    up a job whose row it cannot see yet."""
    backend = task.get_backend()
    if delay and backend.supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))

    def send() -> None:
        result = task.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id)[:64])

    if isinstance(backend, ImmediateBackend) or _writes_to_database(backend):
        send()
    else:
        transaction.on_commit(send)


def _writes_to_database(backend) -> bool:
    try:
        from django_tasks_db.backend import DatabaseBackend
    except ImportError:  # pragma: no cover
        return False
    return isinstance(backend, DatabaseBackend)


class JobProgress:
    """What a running job reports: how much there is, how much is done, per-item outcomes and a
    checkpoint to resume from. Each report is written at once, outside the work's own
    transactions, so the Jobs page shows it while the job runs."""

    def __init__(self, job: Job):
        self.job = job
        self.failure = ""

    def fail(self, message: str) -> None:
        """End the job as failed once the work returns, keeping what it did (the items that
        succeeded); its Retry button then runs it again for the rest."""
        self.failure = message

    @property
    def params(self) -> dict:
        return self.job.params

    @property
    def checkpoint(self) -> dict:
        return self.job.checkpoint

    def total(self, count: int) -> None:
        self.job.progress_total = count
        Job.objects.filter(pk=self.job.pk).update(progress_total=count)

    def advance(self, count: int = 1) -> None:
        self.job.progress_done += count
        Job.objects.filter(pk=self.job.pk).update(progress_done=F("progress_done") + count)

    def done(self, count: int) -> None:
        self.job.progress_done = count
        Job.objects.filter(pk=self.job.pk).update(progress_done=count)

    def save_checkpoint(self, **values) -> None:
        self.job.checkpoint = {**self.job.checkpoint, **values}
        Job.objects.filter(pk=self.job.pk).update(checkpoint=self.job.checkpoint)

    def succeeded_items(self) -> set[str]:
        """Items that succeeded in an earlier attempt, which a retry leaves alone."""
        return {item["item"] for item in self.job.results if item.get("ok")}

    def result(self, item: str, *, ok: bool, message: str = "", url: str = "") -> None:
        """Record the outcome for ``item``, replacing an earlier attempt's."""
        entry = {"item": item, "ok": ok, "message": message}
        if url:
            entry["url"] = url
        self.job.results = [r for r in self.job.results if r.get("item") != item] + [entry]
        Job.objects.filter(pk=self.job.pk).update(results=self.job.results)


def job_run(job_id: int, work: Callable[[JobProgress], None]) -> None:
    """Run the job ``job_id`` with ``work``: mark it running, record success, failure or a
    retry with backoff, and log its duration (a warning past NEWSROOM_SLOW_JOB_SECONDS).

    The body of every task. A job that already succeeded, or that no longer exists, is left
    alone, so a message delivered twice does no harm."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("job %s no longer exists; nothing to do", job_id)
        return
    if job.status == Job.Status.SUCCEEDED:
        logger.info("job %s already succeeded; nothing to do", job_id)
        return
    token = context.job_id.set(job.pk)
    try:
        _attempt(job, work)
    finally:
        context.job_id.reset(token)


def _attempt(job: Job, work: Callable[[JobProgress], None]) -> None:
    now = timezone.now()
    job.status = Job.Status.RUNNING
    job.attempts += 1
    job.started_at = job.started_at or now
    job.next_attempt_at = None
    job.save(update_fields=["status", "attempts", "started_at", "next_attempt_at"])
    logger.info("job %s started: %s (attempt %d)", job.pk, job.label, job.attempts)
    start = time.monotonic()
    # Inside a caller's transaction (immediate backend) a failed attempt must roll back alone.
    in_transaction = transaction.get_connection().in_atomic_block
    progress = JobProgress(job)
    try:
        with transaction.atomic() if in_transaction else nullcontext():
            work(progress)
    except Exception as error:
        duration = time.monotonic() - start
        job.refresh_from_db(fields=["progress_done", "progress_total", "results", "checkpoint"])
        job.error = f"{type(error).__name__}: {error}"
        job.traceback = tb.format_exc()
        if isinstance(error, transient_errors()) and job.attempts < job.max_attempts:
            delay = backoff_seconds(job.attempts)
            job.status = Job.Status.QUEUED
            job.next_attempt_at = timezone.now() + timedelta(seconds=delay)
            job.save(update_fields=["status", "error", "traceback", "next_attempt_at"])
            logger.warning(
                "job %s failed transiently after %.2f s, retrying in %.0f s: %s",
                job.pk,
                duration,
                delay,
                job.error,
                extra={"duration_ms": round(duration * 1000)},
            )
            _retry_later(job, delay)
            return
        job.status = Job.Status.FAILED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "traceback", "finished_at"])
        logger.exception(
            "job %s failed after %.2f s: %s",
            job.pk,
            duration,
            job.label,
            extra={"duration_ms": round(duration * 1000)},
        )
        return
    duration = time.monotonic() - start
    if progress.failure:
        job.refresh_from_db(fields=["progress_done", "progress_total", "results", "checkpoint"])
        job.status = Job.Status.FAILED
        job.error = progress.failure
        job.traceback = ""
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "traceback", "finished_at"])
        logger.warning(
            "job %s finished in %.2f s with failures: %s",
            job.pk,
            duration,
            job.error,
            extra={"duration_ms": round(duration * 1000)},
        )
        return
    job.status = Job.Status.SUCCEEDED
    job.finished_at = timezone.now()
    job.error = ""
    job.traceback = ""
    job.save(update_fields=["status", "finished_at", "error", "traceback"])
    level = logging.WARNING if duration > settings.NEWSROOM_SLOW_JOB_SECONDS else logging.INFO
    logger.log(
        level,
        "job %s finished in %.2f s%s: %s",
        job.pk,
        duration,
        " (slow)" if level == logging.WARNING else "",
        job.label,
        extra={"duration_ms": round(duration * 1000)},
    )


def _retry_later(job: Job, delay: float) -> None:
    task = import_string(job.task_path)
    if task.get_backend().supports_defer:
        _send(job, task, delay=delay)
    else:
        # The immediate backend cannot wait: the next attempt follows at once.
        task.call(job.pk)
