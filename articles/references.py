"""How readers and researchers cite a piece and reuse its sources: "Cite this article" in the
Chicago (notes and bibliography) and APA (7th edition) styles, and the piece's citations as
BibTeX and CSL-JSON. Everything here returns plain text; templates escape it."""

import json
from dataclasses import dataclass
from datetime import date

import bibtexparser
from bibtexparser.middlewares import LatexEncodingMiddleware
from bibtexparser.model import Entry, Field
from django.conf import settings

from articles.models import Article, Citation


@dataclass(frozen=True)
class ArticleReference:
    chicago: str
    apa: str


def _split(name: str) -> tuple[str, str]:
    """Return (given names, family name) of "Brenna Haggerty"; one word is a family name."""
    words = name.split()
    return (" ".join(words[:-1]), words[-1]) if len(words) > 1 else ("", name.strip())


def _chicago_authors(names: list[str]) -> str:
    if not names:
        return ""
    given, family = _split(names[0])
    first = f"{family}, {given}" if given else family
    if len(names) == 1:
        return first
    rest = names[1:]
    if len(rest) == 1:
        return f"{first}, and {rest[0]}"
    return f"{first}, {', '.join(rest[:-1])}, and {rest[-1]}"


def _apa_author(name: str) -> str:
    given, family = _split(name)
    initials = " ".join(f"{part[0]}." for part in given.replace("-", " ").split() if part)
    return f"{family}, {initials}" if initials else family


def _apa_authors(names: list[str]) -> str:
    authors = [_apa_author(name) for name in names]
    if len(authors) <= 1:
        return "".join(authors)
    return f"{', '.join(authors[:-1])}, & {authors[-1]}"


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else f"{text}."


def article_reference(article: Article, *, url: str, site_name: str = "") -> ArticleReference:
    """Return how to cite ``article`` (found at ``url``) in the Chicago and APA styles."""
    site = site_name or settings.NEWSROOM_SITE_NAME
    names = [author.name for author in article.byline_authors]
    published = article.first_published_at.date() if article.first_published_at else None
    long_date = f"{published:%B} {published.day}, {published.year}" if published else "n.d."

    chicago_title = f"“{_end(article.title)}”"
    chicago = " ".join(
        part
        for part in (
            _end(_chicago_authors(names)) if names else "",
            chicago_title,
            f"{site}, {long_date}.",
            url,
        )
        if part
    )
    apa_date = f"({published.year}, {published:%B} {published.day})" if published else "(n.d.)"
    apa_authors = _apa_authors(names)
    if apa_authors:
        apa = f"{_end(apa_authors)} {apa_date}. {_end(article.title)} {_end(site)} {url}"
    else:
        apa = f"{_end(article.title)} {apa_date}. {_end(site)} {url}"
    return ArticleReference(chicago=chicago, apa=apa)


def _csl_date(value: date | None) -> dict | None:
    return {"date-parts": [[value.year, value.month, value.day]]} if value else None


def _title(citation: Citation) -> str:
    if citation.source_title:
        return citation.source_title
    if citation.quote:
        return f"“{citation.quote}”"
    return citation.safe_url


def citations_csl_json(article: Article, citations: list[Citation]) -> str:
    """Return ``citations`` as CSL-JSON (the format Zotero, Pandoc and citeproc read)."""
    items = []
    for citation in citations:
        item: dict = {
            "id": f"{article.slug}-{citation.number}",
            "type": {"quote": "personal_communication", "data": "dataset"}.get(
                citation.kind, "document"
            ),
            "title": _title(citation),
        }
        if citation.speaker_label:
            given, family = _split(citation.speaker_label)
            item["author"] = [{"given": given, "family": family} if given else {"literal": family}]
        elif citation.affiliation_label:
            item["author"] = [{"literal": citation.affiliation_label}]
        publisher = citation.publisher or citation.affiliation_label
        if publisher:
            item["publisher"] = publisher
        if citation.safe_url:
            item["URL"] = citation.safe_url
        if citation.safe_archived_url:
            item["archive_location"] = citation.safe_archived_url
        if citation.quote:
            item["note"] = f"Quoted in “{article.title}”"
        for key, value in (
            ("issued", _csl_date(citation.published_on)),
            ("accessed", _csl_date(citation.accessed_on)),
        ):
            if value:
                item[key] = value
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)


def citations_bibtex(article: Article, citations: list[Citation]) -> str:
    """Return ``citations`` as BibTeX entries, LaTeX-escaped."""
    entries = []
    for citation in citations:
        fields = [Field("title", _title(citation))]
        if citation.speaker_label:
            fields.append(Field("author", citation.speaker_label))
        elif citation.affiliation_label:
            fields.append(Field("author", citation.affiliation_label))
        publisher = citation.publisher or citation.affiliation_label
        if publisher:
            fields.append(Field("publisher", publisher))
        if citation.published_on:
            fields.append(Field("year", str(citation.published_on.year)))
            fields.append(Field("month", str(citation.published_on.month)))
        if citation.safe_url:
            fields.append(Field("url", citation.safe_url))
        if citation.accessed_on:
            fields.append(Field("urldate", citation.accessed_on.isoformat()))
        if citation.quote:
            fields.append(Field("note", f"Quoted in “{article.title}”"))
        key = f"{article.slug.replace('-', '_')}_{citation.number}"
        entries.append(Entry("misc", key, fields))
    library = bibtexparser.Library(entries)
    return bibtexparser.write_string(library, prepend_middleware=[LatexEncodingMiddleware()])
