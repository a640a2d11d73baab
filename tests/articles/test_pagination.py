"""Listings' pagination: counts that stop a few pages ahead, pages read by their ids."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import pagination
from articles.models import Article
from articles.pagination import BoundedPaginator, ListingPaginator
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newest_first():
    now = timezone.now()
    for hours in range(7):
        PublishedArticleFactory(title=f"Piece {hours}", publish_at=now - timedelta(hours=hours))
    return Article.objects.published().newest_first()


def test_the_count_stops_a_few_pages_beyond_the_page_asked_for(newest_first, monkeypatch):
    monkeypatch.setattr(pagination, "PAGES_AHEAD", 1)

    first = BoundedPaginator(newest_first, 2)
    first.get_page(1)
    third = BoundedPaginator(newest_first, 2)
    third.get_page(3)

    assert (first.count, first.is_capped) == (4, True)
    assert (third.count, third.is_capped) == (7, False)


def test_a_listing_page_holds_the_same_pieces_in_the_same_order_as_a_slice(newest_first):
    paginator = ListingPaginator(newest_first, 3)

    pages = [list(paginator.get_page(number)) for number in (1, 2, 3)]

    assert [[piece.title for piece in page] for page in pages] == [
        ["Piece 0", "Piece 1", "Piece 2"],
        ["Piece 3", "Piece 4", "Piece 5"],
        ["Piece 6"],
    ]


def test_the_count_leaves_the_order_to_the_database(newest_first):
    """Counting the first N items of a listing needs no order: unordered, an author's count
    starts from the author's bylines instead of walking the whole archive newest first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    paginator = BoundedPaginator(newest_first, 2)

    with CaptureQueriesContext(connection) as queries:
        paginator.get_page(1)

    assert paginator.count == 7
    (count,) = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"]]
    assert "ORDER BY" not in count


def test_counting_search_results_reads_keys_not_their_ranking():
    """A search page's count asks how many pieces matched, not how well: ranking reads every
    counted piece's stored search document (on PostgreSQL, most of the count's time)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.search import search_articles

    for number in range(5):
        PublishedArticleFactory(title=f"Harvest report {number}", body="<p>The orchard grew.</p>")
    results = search_articles(Article.objects.published(), "orchard harvest")
    paginator = BoundedPaginator(results, 2)

    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page(1)

    assert (paginator.count, len(page)) == (5, 2)
    (count,) = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"]]
    assert "rank" not in count.lower()
    assert "search_document" not in count
