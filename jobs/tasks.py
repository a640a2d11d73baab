"""Housekeeping of the queue itself, run periodically (see settings.NEWSROOM_PERIODIC_JOBS)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from jobs.models import Job
from jobs.services import JobProgress, job_run


def _prune(progress: JobProgress) -> None:
    cutoff = timezone.now() - timedelta(days=settings.NEWSROOM_JOB_KEEP_DAYS)
    finished = Job.objects.filter(
        status__in=[Job.Status.SUCCEEDED, Job.Status.FAILED], finished_at__lt=cutoff
    ).exclude(pk=progress.job.pk)
    deleted, _ = finished.delete()
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover
        pass
    else:
        DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    progress.total(deleted)
    progress.done(deleted)


@task()
def jobs_prune(job_id: int) -> None:
    """Delete finished jobs (and the queue's records of them) older than NEWSROOM_JOB_KEEP_DAYS."""
    job_run(job_id, _prune)
