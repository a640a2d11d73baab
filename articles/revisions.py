"""Revisions: an immutable snapshot of an article's editorial content at every saved version,
readable word-level differences between any two, and restoring (which adds, never removes)."""

import difflib
import logging
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles.images import article_hero_renditions_refresh
from articles.models import Article, Authorship, Revision
from people.media.images import ImageError
from people.models import Author

logger = logging.getLogger(__name__)

# Field name -> label, in the order a reader of the diff expects them.
SNAPSHOT_LABELS = {
    "title": "Headline",
    "slug": "Slug",
    "dek": "Standfirst",
    "body": "Body",
    "byline": "Byline",
    "tags": "Tags",
    "section": "Section",
    "hero_image": "Image",
    "hero_alt": "Alt text",
    "hero_caption": "Caption",
    "hero_credit": "Credit",
}
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>", re.IGNORECASE)
_TOKEN = re.compile(r"\s+|\w+(?:[’'\-]\w+)*|[^\w\s]")


def snapshot_of(article: Article) -> dict:
    """Return the article's editorial content as plain JSON-able data."""
    authorships = Authorship.objects.filter(article=article).select_related("author")
    return {
        "title": article.title,
        "slug": article.slug,
        "dek": article.dek,
        "body": article.body,
        "byline": [
            {"id": authorship.author_id, "name": authorship.author.name}
            for authorship in authorships.order_by("position", "id")
        ],
        "tags": sorted(article.tags.names(), key=str.casefold),
        "section": {"id": article.section_id, "name": str(article.section)}
        if article.section_id
        else None,
        "hero_image": article.hero_image.name or "",
        "hero_alt": article.hero_alt,
        "hero_caption": article.hero_caption,
        "hero_credit": article.hero_credit,
    }


def revision_create(*, article: Article, by) -> Revision:
    """Record the article as it now stands, under its current version number."""
    revision, _ = Revision.objects.get_or_create(
        article=article,
        version=article.version,
        defaults={"created_by": by, "snapshot": snapshot_of(article)},
    )
    return revision


def _readable(field: str, value) -> str:
    if value is None:
        return ""
    if field == "body":
        return strip_tags(_BLOCK_END.sub(lambda m: m[0] + "\n\n", value)).strip()
    if field == "byline":
        return ", ".join(entry["name"] for entry in value)
    if field == "tags":
        return ", ".join(value)
    if field == "section":
        return value["name"]
    return str(value)


def word_diff(old: str, new: str) -> SafeString:
    """Return HTML in which removed words are <del> and added words are <ins>.

    Words and punctuation are compared one by one; a change interrupted only by spaces is shown
    as one change ("<del>control of</del> <ins>an iron grip on</ins>"), as a person reads it.
    """
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    segments = [
        (op == "equal", "".join(old_tokens[a1:a2]), "".join(new_tokens[b1:b2]))
        for op, a1, a2, b1, b2 in matcher.get_opcodes()
    ]
    parts, removed, added = [], "", ""
    for index, (same, before, after) in enumerate(segments):
        between_changes = 0 < index < len(segments) - 1 and not segments[index + 1][0]
        if not same or (before.isspace() and (removed or added) and between_changes):
            removed, added = removed + before, added + after
            continue
        parts.append(_change(removed, added))
        removed = added = ""
        parts.append(escape(before))
    parts.append(_change(removed, added))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def _change(removed: str, added: str) -> str:
    if removed and added:
        return _marked("del", removed.rstrip()) + " " + _marked("ins", added.lstrip())
    return _marked("del", removed) + _marked("ins", added)


def _marked(tag: str, text: str) -> str:
    """Wrap ``text`` in ``tag``, leaving surrounding spaces outside where they read naturally."""
    core = text.strip()
    if not core:
        return escape(text)
    start = text.index(core)
    return f"{escape(text[:start])}<{tag}>{escape(core)}</{tag}>{escape(text[start + len(core) :])}"


@dataclass
class FieldChange:
    field: str
    label: str
    diff: SafeString


def snapshot_diff(old: dict, new: dict) -> list[FieldChange]:
    """Return the fields that differ between two snapshots, each with a word-level diff."""
    changes = []
    for field, label in SNAPSHOT_LABELS.items():
        before, after = _readable(field, old.get(field)), _readable(field, new.get(field))
        if before != after:
            changes.append(FieldChange(field, label, word_diff(before, after)))
    return changes


def changes_since(*, article: Article, version: int) -> list[FieldChange]:
    """Return what changed in ``article`` after ``version`` (for a refused stale edit)."""
    base = article.revisions.filter(version__lte=version).order_by("-version").first()
    latest = article.revisions.order_by("-version").first()
    if latest is None:
        return []
    return snapshot_diff(base.snapshot if base else {}, latest.snapshot)


@transaction.atomic
def revision_restore(*, revision: Revision, by) -> Revision:
    """Put the article back as it was at ``revision``; this is saved as a new revision, so the
    versions in between remain in the history."""
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    snapshot = revision.snapshot
    for field in ("title", "slug", "dek", "body", "hero_alt", "hero_caption", "hero_credit"):
        setattr(article, field, snapshot.get(field, ""))
    article.hero_image.name = snapshot.get("hero_image") or ""
    section = snapshot.get("section")
    article.section_id = section["id"] if section else None
    article.save()
    known_authors = set(
        Author.objects.filter(pk__in=[entry["id"] for entry in snapshot["byline"]]).values_list(
            "pk", flat=True
        )
    )
    article.authorships.all().delete()
    Authorship.objects.bulk_create(
        Authorship(article=article, author_id=entry["id"], position=position)
        for position, entry in enumerate(snapshot["byline"])
        if entry["id"] in known_authors
    )
    article.tags.set(snapshot["tags"])
    _hero_renditions_refresh(article)
    return revision_create(article=article, by=by)


def _hero_renditions_refresh(article: Article) -> None:
    # A restored image gets its renditions back; if its file has gone, the restore still stands
    # and the page shows what the original image field points at.
    try:
        article_hero_renditions_refresh(article=article)
    except ImageError:
        logger.warning("Could not remake the renditions of %s's image", article, exc_info=True)
