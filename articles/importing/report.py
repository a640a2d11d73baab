"""What an import reports about the draft it made: the JSON that other tools script against.

The shape is documented in the README ("Importing documents") and must stay stable: one object per
imported document with exactly these keys.
"""

from bs4 import BeautifulSoup

from articles.importing.blocks import TEXT_BLOCK_KINDS
from articles.models import Article, Citation
from people.models import EntitySuggestion


def count_paragraphs(body_html: str) -> int:
    """Return how many body text blocks a reader sees: each paragraph, list and block quote
    once; headings and rules not at all."""
    soup = BeautifulSoup(body_html, "html.parser")
    return sum(1 for element in soup.find_all(recursive=False) if element.name in TEXT_BLOCK_KINDS)


def article_import_report(*, article: Article, warnings: list[str]) -> dict:
    """Return the JSON-ready report of an imported draft.

    ``paragraphs`` counts the document's body text blocks after repair: each paragraph, list and
    block quote once. The headline and the byline are never paragraphs, whatever the format. That
    is how the newsroom's gold annotations count (the seed: five body paragraphs, one of them
    rejoined), and scripts compare against those numbers.

    ``entities`` lists, in order of first appearance, the registry entities the text mentions
    (``new``: false) and the names it proposes as new entities (``new``: true). ``citations`` lists
    the quotations found, in order, with their speaker and affiliation (names, or null).
    """
    authorships = article.authorships.select_related("author").order_by("position", "id")
    return {
        "id": article.pk,
        "title": article.title,
        "slug": article.slug,
        "status": article.status,
        "authors": [authorship.author.name for authorship in authorships],
        "paragraphs": count_paragraphs(article.body),
        "entities": _entities_report(article),
        "citations": _citations_report(article),
        "warnings": list(warnings),
    }


def _entities_report(article: Article) -> list[dict]:
    known = [
        (mention.first_offset, mention.entity.name, mention.entity.kind, mention.count, False)
        for mention in article.mentions.select_related("entity")
    ]
    proposed = [
        (
            sighting.first_offset,
            sighting.suggestion.name,
            sighting.suggestion.kind,
            sighting.count,
            True,
        )
        for sighting in article.suggestion_sightings.select_related("suggestion").filter(
            suggestion__status=EntitySuggestion.Status.PENDING
        )
    ]
    return [
        {"name": name, "kind": kind, "mentions": count, "new": new}
        for _offset, name, kind, count, new in sorted(known + proposed, key=lambda row: row[0])
    ]


def _citations_report(article: Article) -> list[dict]:
    quotations = (
        article.citations.filter(kind=Citation.Kind.QUOTE)
        .exclude(review=Citation.Review.DISMISSED)
        .select_related("speaker", "affiliation")
        .order_by("offset", "id")
    )
    return [
        {
            "quote": citation.quote,
            "speaker": citation.speaker_label or None,
            "affiliation": citation.affiliation_label or None,
        }
        for citation in quotations
    ]
