"""Revisions: an immutable snapshot of an article's editorial content at every saved version,
readable word-level differences between any two. Restoring one is an edit like any other
(``articles.services.revision_restore``): it adds a version, never removes one."""

import difflib
import re
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, Authorship, Revision
from articles.richtext import html_to_text

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


def revision_create(*, article: Article, by: User | None) -> Revision:
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
        return html_to_text(value)
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
