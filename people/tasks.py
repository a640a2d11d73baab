"""Background work on people: a headshot's renditions are made by a worker, not the request."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from jobs.models import Job
from jobs.services import JobProgress, job_enqueue, job_run
from people.media.headshots import author_headshot_renditions_refresh
from people.models import Author


def _headshot_renditions(progress: JobProgress) -> None:
    progress.total(1)
    with transaction.atomic():
        # Locked, so an edit saved meanwhile waits instead of being overwritten by stale sizes.
        author = Author.objects.select_for_update().filter(pk=progress.params["author_id"]).first()
        if author is not None:
            author_headshot_renditions_refresh(author=author)
    progress.done(1)


@task()
def author_headshot_renditions(job_id: int) -> None:
    """Make the renditions of an author's current headshot (nothing if they are complete)."""
    job_run(job_id, _headshot_renditions)


def author_headshot_renditions_enqueue(*, author: Author, by=None) -> Job:
    """Queue the renditions of ``author``'s headshot; until they exist pages show the original."""
    return job_enqueue(
        task=author_headshot_renditions,
        kind="renditions",
        label=_("Image sizes for %(name)s’s headshot") % {"name": author.name},
        params={"author_id": author.pk},
        by=by,
        dedupe_key=f"renditions:author:{author.pk}",
    )
