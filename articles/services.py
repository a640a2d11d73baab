"""Write operations on articles that every entry point (admin, import, commands) shares."""

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.files import File
from django.db import transaction

from articles import caching, notifications, roles
from articles.entities import article_link_entities, article_pending_citations_detect
from articles.ledger import ledger_piece_refresh
from articles.models import (
    Article,
    ArticleSlugRedirect,
    Authorship,
    Correction,
    Revision,
    Section,
    Transition,
)
from articles.revisions import (
    SNAPSHOT_LABELS,
    FieldChange,
    changes_since,
    revision_create,
    snapshot_of,
)
from articles.richtext import sanitize_body
from articles.tasks import article_hero_renditions_enqueue
from people.media.images import image_without_metadata
from people.models import Author
from people.slugs import unique_slug

logger = logging.getLogger(__name__)

SLUG_MAX_LENGTH = Article._meta.get_field("slug").max_length


def unique_article_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """Return a slug for ``title`` that no other article uses, adding -2, -3… when taken."""

    def taken(base: str) -> set[str]:
        articles = Article.objects.filter(slug__startswith=base).exclude(pk=exclude_pk)
        # An old address keeps redirecting to its piece, so it is never given to another.
        old = ArticleSlugRedirect.objects.filter(old_slug__startswith=base)
        return {*articles.values_list("slug", flat=True), *old.values_list("old_slug", flat=True)}

    return unique_slug(title, max_length=SLUG_MAX_LENGTH, fallback="article", taken=taken)


@transaction.atomic
def article_create(
    *,
    title: str,
    body: str,
    by: User | None,
    dek: str = "",
    slug: str = "",
    section: Section | None = None,
    authors: Sequence[Author] = (),
    tags: Iterable[str] = (),
    hero_image: File | None = None,
    hero_alt: str = "",
    hero_caption: str = "",
    hero_credit: str = "",
) -> Article:
    """Create a draft with its byline (in the order given), tags and image, in one transaction,
    and record it as the first revision.

    ``by`` is the account doing it (None for system jobs such as imports run from a shell).
    The image is stored without its metadata and its renditions are queued (a background job);
    a damaged image is a ValidationError and nothing is created.
    """
    article = Article(
        title=title,
        slug=slug or unique_article_slug(title),
        dek=dek,
        body=body,
        section=section,
        status=Article.Status.DRAFT,
        created_by=by,
        hero_alt=hero_alt,
        hero_caption=hero_caption,
        hero_credit=hero_credit,
    )
    if hero_image is not None:
        article.hero_image = hero_image
    article.full_clean(exclude=["authors"])
    article.save()
    if article.hero_image:
        article_hero_renditions_enqueue(article=article, by=by)
    Authorship.objects.bulk_create(
        Authorship(article=article, author=author, position=position)
        for position, author in enumerate(authors)
    )
    tag_names = clean_tag_names(tags)
    if tag_names:
        article.tags.set(tag_names)
    article_link_entities(article=article)
    revision_create(article=article, by=by)
    return article


class CorrectionError(Exception):
    """A correction that may not be added; the message says why."""


@transaction.atomic
def correction_add(*, article: Article, by: User | None, kind: str, text: str) -> Correction:
    """Attach a dated correction or update note to a piece that has been published."""
    if not roles.is_editor(by):
        raise CorrectionError("Only editors can add corrections.")
    if article.first_published_at is None:
        raise CorrectionError("Corrections are for published pieces; edit the draft instead.")
    if not text.strip():
        raise CorrectionError("Say what was corrected or updated.")
    if kind not in Correction.Kind.values:
        raise CorrectionError(f"Unknown kind of note: {kind!r}.")
    correction = Correction.objects.create(
        article=article, created_by=by, kind=kind, text=text.strip()
    )
    caching.correction_pages_invalidate(article=article)
    return correction


class ArticleUpdateError(Exception):
    """An edit that may not be made; the message says why."""


class StaleVersion(ArticleUpdateError):
    """The edit was based on an older version than the one stored: nothing was saved."""

    def __init__(self, *, base_version: int, current_version: int, changes: list[FieldChange]):
        self.base_version = base_version
        self.current_version = current_version
        self.changes = changes
        super().__init__(
            f"Someone else saved this article (version {current_version}) since version "
            f"{base_version}, which this edit was based on; nothing was saved."
        )


@dataclass
class ArticleUpdate:
    """What ``article_update`` did: the article, which snapshot fields changed, whether the
    change waits as pending changes of a live piece, and anything readers should know."""

    article: Article
    changed: list[str]
    pending: bool = False
    returned_to_review: bool = False
    warnings: list[str] = field(default_factory=list)
    # Background work the edit started (the new image's renditions), for the caller to follow.
    jobs: list = field(default_factory=list)


# Fields whose change is a change of the text an approval vouched for.
TEXT_FIELDS = ("title", "dek", "body", "byline", "hero_alt", "hero_caption", "hero_credit")
_PLAIN_FIELDS = ("title", "slug", "dek", "hero_alt", "hero_caption", "hero_credit")


def _snapshot_with(
    base: dict,
    changes: Mapping[str, Any],
    authors: Sequence[Author] | None,
    tags: Iterable[str] | None,
) -> dict:
    """Return ``base`` (a revision snapshot) with the changes applied, in snapshot form."""
    new = dict(base)
    for name in _PLAIN_FIELDS:
        if name in changes:
            new[name] = changes[name] or ""
    if "body" in changes:
        new["body"] = sanitize_body(changes["body"] or "")
    if "section" in changes:
        section = changes["section"]
        if isinstance(section, dict) or section is None:
            new["section"] = section
        else:
            new["section"] = {"id": section.pk, "name": str(section)}
    if "hero_image" in changes:
        image = changes["hero_image"]
        new["hero_image"] = image if isinstance(image, str) else ""
    if authors is not None:
        new["byline"] = [{"id": author.pk, "name": author.name} for author in authors]
    if tags is not None:
        new["tags"] = sorted(clean_tag_names(tags), key=str.casefold)
    return new


def clean_tag_names(tags: Iterable[str]) -> list[str]:
    """Return the tag names worth keeping: a tag without a letter or digit ("!!!") would have
    no address on the site."""
    return [name.strip() for name in tags if any(char.isalnum() for char in name)]


def _new_upload(changes: Mapping[str, Any]) -> File | None:
    image = changes.get("hero_image")
    return image if image and not isinstance(image, str) else None


@transaction.atomic
def article_update(
    *,
    article: Article,
    changes: Mapping[str, Any],
    authors: Sequence[Author] | None = None,
    tags: Iterable[str] | None = None,
    base_version: int | None,
    by: User | None,
) -> ArticleUpdate:
    """Change an existing piece: the one path every edit takes (admin, revision restore,
    import of a new version, commands), so the same rules hold on all of them.

    ``changes`` maps editorial field names (``Article.EDITORIAL_FIELDS``) to new values; a
    section may be a Section or None, an image an upload, a stored file's name, or "" / False
    to remove it. ``authors`` and ``tags``, when given, replace the byline (in that order) and
    the topics. ``base_version`` is the version the edit started from: if the piece has been
    saved since, ``StaleVersion`` is raised and nothing changes (None skips the check, for
    jobs that act on the stored version). ``by`` is who edits (None for a system job).

    A live piece is never changed in place: the edit is stored as its pending changes (a
    revision) until an editor publishes them (``workflow.article_update_publish``). Any other
    piece is saved with its byline, tags, image (its renditions queued as a job, listed in
    the result's ``jobs``), entity links, citations, a new
    revision and, for a piece that was ever public, a redirect from its previous address. An
    edit of the text of an approved or scheduled piece sends it back to review, recorded in
    its timeline.
    """
    locked = (
        # Only the article's row is locked (PostgreSQL cannot lock the nullable side of a join).
        Article.objects.select_for_update(of=("self",))
        .select_related("pending_revision", "section")
        .get(pk=article.pk)
    )
    if by is not None and not roles.can_edit(by, locked):
        raise ArticleUpdateError("You cannot edit this piece in its present state.")
    if base_version is not None and base_version != locked.version:
        raise StaleVersion(
            base_version=base_version,
            current_version=locked.version,
            changes=changes_since(article=locked, version=base_version),
        )
    base = working_snapshot(locked)
    new = _snapshot_with(base, changes, authors, tags)
    upload = _new_upload(changes)
    changed = [name for name in SNAPSHOT_LABELS if new.get(name) != base.get(name)]
    if upload is not None:
        changed = sorted({*changed, "hero_image"}, key=list(SNAPSHOT_LABELS).index)
    if not changed:
        _copy_saved(locked, article)
        return ArticleUpdate(article=article, changed=[])
    if locked.is_live:
        result = _save_pending(locked, new, upload, changed, by)
    else:
        result = _save_in_place(locked, new, upload, changed, by)
    _copy_saved(locked, article)
    result.article = article
    return result


def working_snapshot(article: Article) -> dict:
    """Return the content an editor works on: the pending changes of a live piece if there
    are any, else what is saved."""
    if article.pending_revision_id is not None:
        return dict(article.pending_revision.snapshot)
    return snapshot_of(article)


def _save_pending(
    article: Article, new: dict, upload: File | None, changed: list[str], by: User | None
) -> ArticleUpdate:
    if upload is not None:
        new["hero_image"] = _store_image(article, upload)
    version = article.version + 1
    revision = Revision.objects.create(
        article=article, version=version, created_by=by, snapshot=new
    )
    # A queryset update: updated_at, which readers and caches see, must not move.
    # Changed content needs the desk's look (and the citation check) again: a scheduled
    # update waits for a new schedule.
    Article.objects.filter(pk=article.pk).update(
        version=version, pending_revision=revision, pending_publish_at=None
    )
    article.version, article.pending_revision = version, revision
    article.pending_publish_at = None
    draft = Article.objects.get(pk=article.pk)
    apply_snapshot(draft, new)
    article_pending_citations_detect(article=draft)
    return ArticleUpdate(article=article, changed=changed, pending=True)


def _store_image(article: Article, upload: File) -> str:
    """Store a new image for pending changes (without its metadata) and return its name."""
    cleaned = image_without_metadata(upload)
    image_field = Article._meta.get_field("hero_image")
    name = image_field.generate_filename(article, cleaned.name)
    return image_field.storage.save(name, cleaned)


def apply_snapshot(article: Article, snapshot: dict) -> None:
    """Set the article's own fields (not byline or tags) to ``snapshot``'s, unsaved."""
    for name in _PLAIN_FIELDS:
        setattr(article, name, snapshot.get(name) or "")
    article.body = snapshot.get("body") or ""
    section = snapshot.get("section")
    article.section_id = section["id"] if section else None
    if (snapshot.get("hero_image") or "") != (article.hero_image.name or ""):
        article.hero_image = snapshot.get("hero_image") or ""


def _save_in_place(
    article: Article, new: dict, upload: File | None, changed: list[str], by: User | None
) -> ArticleUpdate:
    old_slug = article.slug
    # Where readers saw the piece before (a section or tag it may leave), for the page cache.
    previously_shown = caching.article_previous_scopes(article)
    apply_snapshot(article, new)
    # Saved in place, the piece has nothing pending any more (published or not).
    article.pending_revision = None
    article.pending_publish_at = None
    if upload is not None:
        article.hero_image = upload
    if article.section_id and not Section.objects.filter(pk=article.section_id).exists():
        article.section_id = None
    result = ArticleUpdate(article=article, changed=changed)
    if set(changed) & set(TEXT_FIELDS) and article.status in RETURN_TO_REVIEW_FROM:
        _return_to_review(article, changed, by)
        result.returned_to_review = True
    article.full_clean(exclude=["authors", "hero_image"])
    article.save()
    if article.first_published_at is not None and article.slug != old_slug:
        article_slug_redirect(article=article, old_slug=old_slug)
    if "byline" in changed:
        _byline_set(article, new["byline"])
    if "tags" in changed:
        article.tags.set(new["tags"])
    if "hero_image" in changed and article.hero_image:
        # Sizes for each screen are made by a worker; the page shows the original until then.
        result.jobs.append(article_hero_renditions_enqueue(article=article, by=by))
    article_link_entities(article=article)
    # A new section, status or dates (the citations themselves follow their own services).
    ledger_piece_refresh(article=article)
    revision_create(article=article, by=by)
    # Nothing for a piece readers never saw: saving a draft invalidates no public page.
    caching.article_pages_invalidate(article=article, previous=previously_shown)
    return result


def _byline_set(article: Article, byline: list[dict]) -> None:
    # An author deleted since a snapshot was taken is left out rather than failing the edit.
    known = set(
        Author.objects.filter(pk__in=[entry["id"] for entry in byline]).values_list("pk", flat=True)
    )
    article.authorships.all().delete()
    Authorship.objects.bulk_create(
        Authorship(article=article, author_id=entry["id"], position=position)
        for position, entry in enumerate(e for e in byline if e["id"] in known)
    )


RETURN_TO_REVIEW_FROM = (Article.Status.APPROVED, Article.Status.SCHEDULED)


def _return_to_review(article: Article, changed: list[str], by: User | None) -> None:
    """An approval vouches for the text approved: edited afterwards, the piece goes back to
    review (a scheduled one loses its time), and the timeline says who edited what."""
    from_state = article.status
    article.status = Article.Status.IN_REVIEW
    article.publish_at = None
    labels = ", ".join(SNAPSHOT_LABELS[name] for name in changed)
    who = (by.get_username() if by else "") or "A system job"
    step = Transition.objects.create(
        article=article,
        actor=by,
        from_state=from_state,
        to_state=Article.Status.IN_REVIEW,
        comment=f"{who} edited the text after approval ({labels}): back to review.",
    )
    transaction.on_commit(lambda: notifications.transition_taken(step))


def article_slug_redirect(*, article: Article, old_slug: str) -> None:
    """Leave a permanent redirect from ``old_slug`` to the piece; an address the piece takes
    back stops redirecting."""
    ArticleSlugRedirect.objects.filter(old_slug=article.slug, article=article).delete()
    ArticleSlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": article})


def _copy_saved(source: Article, target: Article) -> None:
    """Give the caller's object what was saved, so it can go on being used."""
    if source is target:
        return
    for f in Article._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    target._loaded_body = source.body
    target.__dict__.pop("_prefetched_objects_cache", None)


@transaction.atomic
def article_pending_apply(*, article: Article, by: User | None) -> ArticleUpdate:
    """Make a live piece's pending changes what readers get (the workflow's "publish update"
    decides when; this is the save)."""
    locked = (
        # Only the article's row is locked (PostgreSQL cannot lock the nullable side of a join).
        Article.objects.select_for_update(of=("self",))
        .select_related("pending_revision", "section")
        .get(pk=article.pk)
    )
    if locked.pending_revision_id is None:
        raise ArticleUpdateError("There are no pending changes to publish.")
    new = dict(locked.pending_revision.snapshot)
    base = snapshot_of(locked)
    changed = [name for name in SNAPSHOT_LABELS if new.get(name) != base.get(name)]
    result = _save_in_place(locked, new, None, changed, by)
    _copy_saved(locked, article)
    result.article = article
    return result


@transaction.atomic
def article_pending_discard(*, article: Article, by: User | None) -> Article:
    """Throw away a live piece's pending changes: the live version is again the one edited.
    Recorded as a new revision (of the live content) and in the timeline."""
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if by is not None and not roles.can_edit(by, locked):
        raise ArticleUpdateError("You cannot edit this piece in its present state.")
    if locked.pending_revision_id is None:
        raise ArticleUpdateError("There are no pending changes to discard.")
    locked.version += 1
    Article.objects.filter(pk=locked.pk).update(
        version=locked.version, pending_revision=None, pending_publish_at=None
    )
    locked.pending_revision = None
    locked.pending_publish_at = None
    revision_create(article=locked, by=by)
    # Quotations suggested for the discarded text go; those of the live text come back.
    article_pending_citations_detect(article=locked)
    Transition.objects.create(
        article=locked,
        actor=by,
        from_state=locked.status,
        to_state=locked.status,
        comment="Pending changes discarded; the live version stands.",
    )
    _copy_saved(locked, article)
    return article


def revision_restore(*, revision: Revision, by: User | None) -> Revision:
    """Put the article back as it was at ``revision``: an edit with the old content, through
    ``article_update`` (so it is relinked, its citations follow the restored text, and a live
    piece gets it as pending changes). The versions in between stay in the history; return
    the revision that records the result."""
    snapshot = revision.snapshot
    changes = {name: snapshot.get(name, "") for name in _PLAIN_FIELDS}
    changes |= {
        "body": snapshot.get("body", ""),
        "section": snapshot.get("section"),
        "hero_image": snapshot.get("hero_image") or "",
    }
    authors = Author.objects.in_bulk([entry["id"] for entry in snapshot.get("byline", [])])
    article = revision.article
    article_update(
        article=article,
        changes=changes,
        authors=[authors[e["id"]] for e in snapshot.get("byline", []) if e["id"] in authors],
        tags=snapshot.get("tags", []),
        base_version=None,
        by=by,
    )
    article.refresh_from_db()
    if article.pending_revision_id is not None:
        return article.pending_revision
    return article.revisions.order_by("-version").first()
