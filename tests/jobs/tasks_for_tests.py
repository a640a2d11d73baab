"""Tasks that fail on purpose, for the tests of retries. Importable by path, as a worker needs."""

from django.db import OperationalError
from django_tasks import task

from jobs.services import JobProgress, job_run

# How many attempts of each kind of failure have been made in this process.
ATTEMPTS: dict[str, int] = {}


def _flaky(progress: JobProgress) -> None:
    key = progress.params["key"]
    ATTEMPTS[key] = ATTEMPTS.get(key, 0) + 1
    progress.total(1)
    if ATTEMPTS[key] <= progress.params.get("fail_times", 1):
        raise OperationalError("server closed the connection unexpectedly")
    progress.done(1)


@task()
def flaky(job_id: int) -> None:
    job_run(job_id, _flaky)


def _broken(progress: JobProgress) -> None:
    from articles.models import Section

    # A write that must not survive the failure that follows it.
    Section.objects.create(name="Half-written", slug="half-written")
    if progress.params.get("broken", True):
        raise ValueError("the document is not what it claims to be")


@task()
def broken(job_id: int) -> None:
    job_run(job_id, _broken)
