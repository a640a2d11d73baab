"""The stored full-text document of an article, as a database expression.

PostgreSQL keeps it in a generated column (``Article.search_document``): the headline weighs
most (A), then the standfirst (B), then the body (C). The database recomputes it on every write,
whichever path the write takes (admin, import, bulk inserts of ``seed_archive``), so search and
ranking read it from a GIN index and never recompute it. The body is stored as HTML;
PostgreSQL's parser reads tags as tokens of their own that the configuration does not index, so
markup never matches. SQLite has no full-text engine worth the name: there the column is NULL and
search falls back to ``articles.search``'s word matching.
"""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import Func, Value

# The text search configuration of the stored document and of every query: they must agree.
SEARCH_CONFIG = "english"
# The weight of the body's words in the document (the headline's are A, the standfirst's B).
BODY_WEIGHT = "C"


def weighted_document() -> SearchVector:
    """Return the weighted document as a PostgreSQL expression over the article's columns."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("dek", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight=BODY_WEIGHT, config=SEARCH_CONFIG)
    )


def body_words(document) -> Func:
    """Return the words of the body in the stored ``document`` (those of weight
    ``BODY_WEIGHT``), as a PostgreSQL expression."""
    return Func(
        document,
        Value(f"{{{BODY_WEIGHT}}}"),
        function="ts_filter",
        output_field=SearchVectorField(),
    )


class SearchDocument(Func):
    """``weighted_document()`` on PostgreSQL, NULL elsewhere (the generated column's value)."""

    template = "%(expressions)s"
    output_field = SearchVectorField()

    def __init__(self):
        super().__init__(weighted_document())

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []
