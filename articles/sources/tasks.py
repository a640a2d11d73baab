"""Background jobs for cited sources, on the newsroom's task queue (django-tasks, the backport
of Django 6's ``django.tasks``): a snapshot per confirmed address, and the periodic link check.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from articles.models import Citation


@task()
def snapshot_citation(job_id: int) -> None:
    """The job of ``snapshot_enqueue``: take a snapshot of the citation's page. The Jobs page
    shows the copy's address, or the job as failed with the reason there is none (also kept
    on the source's watch); its Retry button tries again. A citation deleted or changed
    meanwhile is skipped."""
    from jobs.services import job_run

    job_run(job_id, _snapshot)


def _snapshot(progress) -> None:
    from articles.sources.models import SourceStatus
    from articles.sources.snapshots import snapshot_take

    progress.total(1)
    citation = Citation.objects.filter(pk=progress.params["citation_id"]).first()
    if citation is None or citation.review != Citation.Review.CONFIRMED or not citation.safe_url:
        progress.result("citation", ok=True, message=_("Skipped: the citation has changed."))
        progress.done(1)
        return
    snapshot = snapshot_take(citation=citation)
    progress.done(1)
    if snapshot is None:
        reason = (
            SourceStatus.objects.filter(citation=citation)
            .values_list("snapshot_problem", flat=True)
            .first()
        ) or _("No copy was stored.")
        progress.result(citation.url, ok=False, message=reason)
        progress.fail(reason)
        return
    progress.result(
        citation.url,
        ok=True,
        message=snapshot.title or snapshot.final_url,
        url=reverse("admin:articles_sourcesnapshot_change", args=[snapshot.pk]),
    )


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

    job_run(job_id, lambda progress: sources_check(progress=progress))
