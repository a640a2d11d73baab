"""Each public page's main query reads through the index made for it (PostgreSQL's EXPLAIN).

Without its index a page still works, only slower as the archive grows: these tests are what
notices (search's GIN index is checked in test_search.py). Sequential scans are switched off
so that the tiny test tables cannot make a scan look cheaper than the index it would never beat
at 100,000 articles.
"""

import pytest
from django.db import connection
from django.db.models import BigIntegerField
from django.db.models.functions import Cast
from taggit.models import TaggedItem

from articles.models import Article, Mention
from articles.pagination import ListingPaginator
from articles.search import newest_matches
from newsroom.sitemaps import latest_public_change  # noqa: F401 - the query below mirrors it
from tests.factories import ArticleFactory, EntityFactory, PublishedArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="EXPLAIN plans and these indexes' use are PostgreSQL's; SQLite scans anyway",
    ),
]


@pytest.fixture
def pieces():
    entity = EntityFactory(name="Plan Entity")
    articles = [PublishedArticleFactory(tags=["Plans"]) for _ in range(3)]
    for article in articles:
        Mention.objects.create(article=article, entity=entity, count=1, first_offset=0)
    with connection.cursor() as cursor:
        # Tiny tables make any plan look cheap: with scans, bitmaps and sorts priced out, the
        # planner shows which index serves each query in order, as it must at 100,000 rows.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_incremental_sort = off")
        cursor.execute("ANALYZE articles_article")
    return articles, entity


def test_newest_public_pieces_use_the_live_newest_index(pieces):
    plan = Article.objects.published().newest_first()[:20].explain()

    assert "article_live_newest_idx" in plan


def test_a_section_listing_uses_the_live_section_index(pieces):
    articles, _entity = pieces
    section = articles[0].section

    plan = Article.objects.published().filter(section=section).newest_first()[:20].explain()

    assert "article_live_section_idx" in plan


def test_a_later_listing_page_finds_its_pieces_from_the_index_alone(pieces):
    """Page 50 skips 980 pieces: walking index entries, not fetching 980 rows from the table,
    keeps it as fast as page 1 whatever the archive's size."""
    articles, _entity = pieces
    section = articles[0].section
    Article.objects.filter(pk__in=[article.pk for article in articles]).update(section=section)
    section_listing = Article.objects.published().filter(section=section)
    newest = Article.objects.published()

    for listing, index in [
        (section_listing, "article_live_section_idx"),
        (newest, "article_live_newest_idx"),
    ]:
        page = ListingPaginator(listing.newest_first(), 1).page(2)

        assert f"Index Only Scan using {index}" in page.object_list.explain()


def test_home_newest_per_section_uses_the_live_section_index(pieces):
    plan = Article.objects.published().latest_per_section(3).explain()

    assert "article_live_section_idx" in plan
    assert "WindowAgg" not in plan


def test_sitemap_lastmod_reads_the_latest_change_index(pieces):
    from django.db.models.functions import Greatest

    query = (
        Article.objects.published()
        .annotate(last_change=Greatest("updated_at", "publish_at"))
        .order_by("-last_change")
        .values_list("last_change", flat=True)[:1]
    )

    assert "article_live_changed_idx" in query.explain()


def test_articles_sitemap_files_are_found_and_read_through_the_primary_key(pieces):
    from newsroom.sitemaps import ArticleSitemap

    paginator = ArticleSitemap().paginator
    sql, params = paginator.blocks_query()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        found = "\n".join(row[0] for row in cursor.fetchall())

    assert "articles_article_pkey" in found
    assert "Seq Scan on articles_article" not in found
    assert "articles_article_pkey" in paginator.page(1).object_list.explain()


def test_related_pieces_read_the_latest_pieces_of_each_subject(pieces):
    articles, _entity = pieces
    article = Article.objects.for_article_page().get(pk=articles[0].pk)

    plan = Article.objects.published().related_to(article)[:3].explain()

    assert "mention_entity_article_idx" in plan


def test_an_entitys_latest_pieces_use_the_entity_article_index(pieces):
    _articles, entity = pieces

    plan = Mention.objects.filter(entity=entity).order_by("-article")[:200].explain()

    assert "mention_entity_article_idx" in plan


def test_a_tags_latest_pieces_use_the_tag_object_index(pieces):
    tag_id = TaggedItem.objects.values_list("tag_id", flat=True).first()

    newest = TaggedItem.objects.filter(tag_id=tag_id).annotate(
        article_id=Cast("object_id", BigIntegerField())
    )

    plan = newest.order_by("-article_id")[:50].explain()

    assert "taggeditem_tag_object_idx" in plan


def test_admin_article_list_order_reads_its_whole_order_from_one_index(pieces):
    """Drafts have no publication date and come first: with only the date indexed, every draft
    was read and sorted (and, searched, matched) before the first row could be listed."""
    ArticleFactory.create_batch(2)

    plan = Article.objects.order_by("-first_published_at", "-created_at", "-id")[:100].explain()

    assert "article_admin_order_idx" in plan
    assert "Sort" not in plan


def test_search_within_one_authors_pieces_walks_their_bylines_newest_first(pieces):
    """A common word matches most of the archive: matched before the author's pieces are put
    in date order, every stored document it appears in is read (2.7 times slower at 100,000
    pieces than at 10,000); looked up one by one for their dates, a prolific author's 3,000
    pieces cost 10 ms before the first match. The search walks the author's bylines newest
    first from their (author, date) index alone, and stops once enough match: no sort, and only
    the pieces walked are read."""
    articles, _entity = pieces
    author = articles[0].authors.get()

    plan = newest_matches(Article.objects.published(), "word", author=author).explain()

    walk = plan.index("Index Only Scan using authorship_author_newest_idx")
    assert "Sort" not in plan, plan
    # EXPLAIN prints a loop's outer side (the bylines in date order) before its inner side:
    # each piece is looked up, and matched, for the byline the walk has reached.
    inside_the_walk = plan[walk:]
    assert "= byline.article_id" in inside_the_walk and "@@" in inside_the_walk, plan


def test_search_narrowed_to_an_entity_can_walk_its_mentions_newest_first(pieces):
    """A common word and an entity named in a quarter of the archive: the planner matched
    every stored document by a sequential scan before joining the entity's mentions (37 ms at
    10,000 pieces). Mentions carry their piece's date, so their (entity, date) index lets the
    search walk them newest first, matching piece by piece, and stop once enough are found."""
    _articles, entity = pieces

    plan = newest_matches(Article.objects.published(), "word", entity=entity).explain()

    walk = plan.index("Index Only Scan using mention_entity_newest_idx")
    assert "Sort" not in plan, plan
    inside_the_walk = plan[walk:]
    assert "@@" in inside_the_walk, plan
