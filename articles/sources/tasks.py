"""Background jobs for cited sources, on the newsroom's task queue (django-tasks, the backport
of Django 6's ``django.tasks``): a snapshot per confirmed address, and the periodic link check.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import default_task_backend, task

from articles.models import Citation

# How soon the link checker runs again: each run works through what is due within its time
# budget, so the checks stay spread out rather than arriving all at once.
CHECK_EVERY = timedelta(minutes=10)


@task()
def snapshot_citation(citation_id: int) -> int | None:
    """Take a snapshot of the citation's page; return the snapshot's id (None: no copy, the
    reason is on the source's watch). A citation deleted or changed meanwhile is skipped."""
    from articles.sources.snapshots import snapshot_take

    citation = Citation.objects.filter(pk=citation_id).first()
    if citation is None or citation.review != Citation.Review.CONFIRMED or not citation.safe_url:
        return None
    snapshot = snapshot_take(citation=citation)
    return snapshot.pk if snapshot else None


@task()
def check_sources() -> dict:
    """Check the sources that are due, then come back in ``CHECK_EVERY`` on a queue that can
    defer jobs (the immediate backend of development and tests cannot, so it runs once)."""
    from articles.sources.checking import sources_check

    run = sources_check()
    if default_task_backend.supports_defer:
        check_sources.using(run_after=timezone.now() + CHECK_EVERY).enqueue()
    return {"enrolled": run.enrolled, "due": run.due, "checked": run.checked, **run.outcomes}
