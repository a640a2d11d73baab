"""Background work on articles: hero image renditions, re-linking pieces to the entity registry,
the periodic sweep for missing renditions, the periodic removal of images kept from failed
forms, and bulk imports (articles.bulk_import).

Each ``@task`` takes a job id only; the work functions read what to do from the job's
parameters and report progress through it (see jobs.services)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from articles import pending_uploads
from articles.images import article_hero_renditions_refresh
from articles.models import Article
from jobs.models import Job
from jobs.services import JobProgress, job_enqueue, job_run
from people.models import Author
from people.tasks import author_headshot_renditions_enqueue

RELINK_CHUNK = 200


def _hero_renditions(progress: JobProgress) -> None:
    progress.total(1)
    with transaction.atomic():
        # Locked, so an edit saved meanwhile waits instead of being overwritten by stale sizes.
        article = (
            Article.objects.select_for_update().filter(pk=progress.params["article_id"]).first()
        )
        if article is not None:
            article_hero_renditions_refresh(article=article)
    progress.done(1)


@task()
def article_hero_renditions(job_id: int) -> None:
    """Make the renditions of an article's current hero image (nothing if they are complete)."""
    job_run(job_id, _hero_renditions)


def article_hero_renditions_enqueue(*, article: Article, by=None) -> Job:
    """Queue the renditions of ``article``'s hero image; until they exist the page shows the
    original. Saving twice before a worker gets to it queues one job, not two."""
    return job_enqueue(
        task=article_hero_renditions,
        kind="renditions",
        label=_("Image sizes for “%(title)s”") % {"title": article.title},
        params={"article_id": article.pk},
        by=by,
        dedupe_key=f"renditions:article:{article.pk}",
    )


def _relink(progress: JobProgress) -> None:
    from articles.entities import article_link_entities

    if progress.params.get("all"):
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(progress.params.get("article_ids", [])))
    progress.total(len(ids))
    # A retry resumes after the last article re-linked; each one commits on its own.
    after = progress.checkpoint.get("after", 0)
    todo = [pk for pk in ids if pk > after]
    progress.done(len(ids) - len(todo))
    for start in range(0, len(todo), RELINK_CHUNK):
        chunk = todo[start : start + RELINK_CHUNK]
        for article in Article.objects.filter(pk__in=chunk).order_by("pk"):
            with transaction.atomic():
                article_link_entities(article=article)
        progress.advance(len(chunk))
        progress.save_checkpoint(after=chunk[-1])


@task()
def articles_relink(job_id: int) -> None:
    """Re-link articles to the entity registry: mentions, entity links and suggestions."""
    job_run(job_id, _relink)


def articles_relink_enqueue(*, article_ids=None, label: str = "", by=None) -> Job:
    """Queue the re-linking of the articles ``article_ids`` (every article when None)."""
    if article_ids is None:
        params = {"all": True}
        label = label or _("Re-link every piece to the entity registry")
    else:
        params = {"article_ids": sorted(set(article_ids))}
        count = len(params["article_ids"])
        label = label or ngettext("Re-link %(count)d piece", "Re-link %(count)d pieces", count) % {
            "count": count
        }
    return job_enqueue(task=articles_relink, kind="relink", label=label, params=params, by=by)


def _renditions_sweep(progress: JobProgress) -> None:
    # Rows whose renditions were not made from their current image: a job lost with a worker,
    # an image restored from a revision, media copied in from a backup.
    articles = [
        a
        for a in Article.objects.exclude(hero_image="")
        .only("pk", "title", "hero_image", "hero_renditions")
        .iterator()
        if a.hero_renditions.get("source") != a.hero_image.name
    ]
    authors = [
        a
        for a in Author.objects.exclude(headshot="")
        .only("pk", "name", "headshot", "headshot_renditions")
        .iterator()
        if a.headshot_renditions.get("source") != a.headshot.name
    ]
    progress.total(len(articles) + len(authors))
    for article in articles:
        article_hero_renditions_enqueue(article=article)
        progress.advance()
    for author in authors:
        author_headshot_renditions_enqueue(author=author)
        progress.advance()


@task()
def renditions_sweep(job_id: int) -> None:
    """Queue the renditions of every image whose renditions are missing or stale."""
    job_run(job_id, _renditions_sweep)


def _pending_uploads_prune(progress: JobProgress) -> None:
    deleted, undated = pending_uploads.pending_uploads_prune()
    progress.total(deleted)
    progress.done(deleted)
    if undated:
        progress.result(
            pending_uploads.PENDING_UPLOADS,
            ok=True,
            message=ngettext(
                "%(count)d kept image left: the media storage cannot tell its age.",
                "%(count)d kept images left: the media storage cannot tell their age.",
                undated,
            )
            % {"count": undated},
        )


@task()
def pending_uploads_prune(job_id: int) -> None:
    """Delete images kept from failed article forms once no form can use them any more."""
    job_run(job_id, _pending_uploads_prune)


@task()
def articles_bulk_import(job_id: int) -> None:
    """Import the documents of a bulk import (see articles.importing.bulk)."""
    from articles.importing.bulk import bulk_import_run

    job_run(job_id, bulk_import_run)
