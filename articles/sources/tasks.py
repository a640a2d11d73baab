"""Background jobs for cited sources, on the newsroom's task queue (django-tasks, the backport
of Django 6's ``django.tasks``): a snapshot per confirmed address, and the periodic link check.
"""

from django_tasks import task

from articles.models import Citation


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
    """Check the sources that are due (``sources_check``) and return what was found."""
    from articles.sources.checking import sources_check

    run = sources_check()
    return {"enrolled": run.enrolled, "due": run.due, "checked": run.checked, **run.outcomes}


@task()
def check_sources_periodic(job_id: int) -> None:
    """The link checker as the periodic job the workers queue (NEWSROOM_PERIODIC_JOBS), shown
    on the admin's Jobs page with its outcome."""
    from articles.sources.checking import sources_check
    from jobs.services import job_run

    job_run(job_id, lambda progress: sources_check())
