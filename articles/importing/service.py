"""Importing one document as a draft: the code path the command and the admin page share."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.importing.blocks import Block, blocks_to_html, plain_text
from articles.importing.bylines import TITLE_MAX_LENGTH, is_byline, split_head
from articles.importing.formats import TEXT, parse_source
from articles.importing.repairs import (
    drop_furniture_blocks,
    infer_headings,
    rejoin_split_paragraphs,
    vocabulary,
)
from articles.importing.report import count_paragraphs
from articles.importing.sources import ImportProblem, Source, check_size
from articles.models import Article, Section
from articles.richtext import sanitize_body
from articles.services import ArticleUpdateError, article_create, article_update
from people.authors import author_get_or_create
from people.models import Author

_FALLBACK_TITLE_WORDS = 12


class DuplicateArticle(ImportProblem):
    """The document is identical to an article that already exists."""

    def __init__(self, source_name: str, existing: Article):
        self.existing = existing
        super().__init__(
            source_name,
            f"identical to the existing article “{existing.title}” (#{existing.pk}); skipped "
            "(use --allow-duplicate, or tick “Import anyway”, to import it again)",
        )


@dataclass
class PreparedDocument:
    """A document read and repaired, ready to become a draft."""

    title: str
    byline: str
    authors: list[str]
    body: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportedArticle:
    article: Article
    warnings: list[str]


def _fallback_title(source: Source, body: list[Block]) -> str:
    stem = PurePath(source.name).stem if isinstance(source.content, bytes) else ""
    if stem:
        words = re.sub(r"[-_]+", " ", stem).split()
        return " ".join(words)[:1].upper() + " ".join(words)[1:]
    first = next((block.text for block in body if block.text), "")
    words = first.split()
    return " ".join(words[:_FALLBACK_TITLE_WORDS]) + (
        "…" if len(words) > _FALLBACK_TITLE_WORDS else ""
    )


def document_prepare(source: Source) -> PreparedDocument:
    """Return the headline, byline names and clean body HTML of ``source``, with warnings
    saying what was repaired or guessed; raise ``ImportProblem`` if it cannot be a draft."""
    size = (
        len(source.content) if isinstance(source.content, bytes) else len(source.content.encode())
    )
    check_size(source.name, size)
    try:
        parsed = parse_source(source)
    except RecursionError as error:
        # The shape limits should make this unreachable; if a document still finds a way, it
        # is that document's failure, never a server error or the end of a bulk import.
        raise ImportProblem(source.name, "it is nested too deeply to read") from error
    warnings = list(parsed.warnings)
    blocks = parsed.blocks

    def keeps_first(index: int) -> bool:
        return index == 0 and len(blocks) > 1 and is_byline(blocks[1])

    blocks, dropped = drop_furniture_blocks(blocks, keeps_first=keeps_first)
    if dropped:
        warnings.append(f"dropped {dropped} page header, footer or page number paragraph(s)")
    head = split_head(blocks)
    body = head.body
    body, rejoined = rejoin_split_paragraphs(
        body,
        vocabulary(" ".join(block.text for block in body)),
        apart_before=head.above_byline,
    )
    warnings += rejoined
    if parsed.format == TEXT:
        body = infer_headings(body, skip=head.above_byline)
    body = [Block("h2", block.html) if block.kind == "h1" else block for block in body]
    body_html = sanitize_body(blocks_to_html(body))
    if not count_paragraphs(body_html):
        found = "only a headline" if head.title else "no body text"
        raise ImportProblem(source.name, f"there is {found} to import")

    title = head.title or plain_text(parsed.title)
    if not title:
        title = _fallback_title(source, body)
        warnings.append(f"no headline found; used “{title}”: check it")
    if len(title) > TITLE_MAX_LENGTH:
        title = title[: TITLE_MAX_LENGTH - 1].rstrip() + "…"
        warnings.append(f"the headline was longer than {TITLE_MAX_LENGTH} characters; shortened")
    return PreparedDocument(
        title=title, byline=head.byline, authors=head.authors, body=body_html, warnings=warnings
    )


def _byline_warnings(document: PreparedDocument, given: Sequence[str]) -> list[str]:
    """Return what the journalist should know about the byline the draft ends up with."""
    if given:
        if document.authors and list(given) != document.authors:
            return [
                f"the document's byline ({', '.join(document.authors)}) was replaced by "
                f"{', '.join(given)}"
            ]
        return []
    if document.byline and not document.authors:
        return [f"the byline “{document.byline}” names no person; no author was set"]
    if not document.byline:
        return ["no byline found; the draft has no author"]
    return []


def article_import(
    *,
    source: Source,
    by: User | None,
    section: Section | None = None,
    authors: Sequence[str] = (),
    allow_duplicate: bool = False,
) -> ImportedArticle:
    """Create a draft from ``source`` in one transaction, or raise ``ImportProblem`` and create
    nothing.

    Byline names are matched to existing authors by name, and authors are created for the others.
    ``authors``, when given, replaces the document's byline. A document identical (headline and
    body) to an existing article raises ``DuplicateArticle`` unless ``allow_duplicate``.
    """
    document = document_prepare(source)
    warnings = document.warnings + _byline_warnings(document, authors)
    names = list(authors) or document.authors
    try:
        with transaction.atomic():
            if not allow_duplicate:
                existing = (
                    Article.objects.filter(title=document.title, body=document.body)
                    .order_by("pk")
                    .first()
                )
                if existing is not None:
                    raise DuplicateArticle(source.name, existing)
            byline = _byline(names)
            article = article_create(
                title=document.title,
                body=document.body,
                by=by,
                section=section,
                authors=byline,
            )
    except ValidationError as error:
        raise ImportProblem(source.name, "; ".join(error.messages)) from error
    return ImportedArticle(article=article, warnings=warnings)


def _byline(names: Sequence[str]) -> list[Author]:
    """Return the authors ``names`` name, in order, matched by name or created."""
    byline: list[Author] = []
    for name in names:
        author, _created = author_get_or_create(name=name)
        if author not in byline:
            byline.append(author)
    return byline


def article_import_new_version(
    *, source: Source, article: Article, by: User | None, authors: Sequence[str] = ()
) -> ImportedArticle:
    """Make ``source`` the new text of an existing piece: its headline and body, and its byline
    when the document (or ``authors``) names one. An edit like any other (``article_update``):
    a live piece gets it as pending changes for an editor to publish. Raise ``ImportProblem``
    and change nothing if the document cannot be read or the piece may not be changed."""
    document = document_prepare(source)
    warnings = document.warnings + _byline_warnings(document, authors)
    names = list(authors) or document.authors
    try:
        with transaction.atomic():
            result = article_update(
                article=article,
                changes={"title": document.title, "body": document.body},
                authors=_byline(names) if names else None,
                base_version=None,
                by=by,
            )
    except (ValidationError, ArticleUpdateError) as error:
        message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        raise ImportProblem(source.name, message) from error
    if result.pending:
        warnings.append(
            "the piece is live: the new version waits as pending changes until an editor "
            "publishes the update"
        )
    elif not result.changed:
        warnings.append("the document is the same as the piece; nothing changed")
    return ImportedArticle(article=article, warnings=warnings)
