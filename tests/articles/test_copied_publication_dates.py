"""Byline and mention rows carry their piece's first publication, kept by PostgreSQL whatever
writes them: the search narrowed to an author or an entity walks their bylines or mentions
newest first by that copy, so a stale copy would put a piece out of its place, or leave it out
of the search."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles import workflow
from articles.entities import article_link_entities
from articles.models import Article, Authorship, Mention
from articles.search import SearchFilters
from articles.services import article_update
from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, PublishedArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL keeps the copy (triggers); SQLite's fallback search does not use it",
    ),
]


def _byline_dates(article: Article) -> set:
    return set(
        Authorship.objects.filter(article=article).values_list("first_published_at", flat=True)
    )


def _mention_dates(article: Article) -> set:
    return set(Mention.objects.filter(article=article).values_list("first_published_at", flat=True))


def test_publishing_a_piece_dates_its_byline(editor):
    writers = [AuthorFactory(), AuthorFactory()]
    article = ArticleFactory(status=Article.Status.APPROVED, authors=writers)
    assert _byline_dates(article) == {None}

    workflow.article_publish(article=article, by=editor)

    article.refresh_from_db()
    assert article.first_published_at is not None
    assert _byline_dates(article) == {article.first_published_at}


def test_a_byline_changed_after_publication_takes_the_pieces_date(editor):
    first, second = AuthorFactory(), AuthorFactory()
    went_live = timezone.now() - timedelta(days=30)
    article = PublishedArticleFactory(authors=[first], publish_at=went_live)

    article_update(
        article=article,
        changes={},
        authors=[second, first],
        base_version=article.version,
        by=editor,
    )
    # A live piece's edit waits as its next version until that is published.
    workflow.article_update_publish(article=article, by=editor)

    assert Authorship.objects.filter(article=article).count() == 2
    assert _byline_dates(article) == {went_live}


def test_the_copy_cannot_be_written_out_of_step(editor):
    went_live = timezone.now() - timedelta(days=3)
    article = PublishedArticleFactory(publish_at=went_live)
    extra = AuthorFactory()

    Authorship.objects.bulk_create(
        [Authorship(article=article, author=extra, position=5, first_published_at=timezone.now())]
    )
    Authorship.objects.filter(article=article).update(first_published_at=None)

    assert _byline_dates(article) == {went_live}


def test_the_author_search_finds_a_piece_published_through_the_workflow(editor):
    writer = AuthorFactory()
    older = PublishedArticleFactory(
        title="Grain corridor talks", authors=[writer], publish_at=timezone.now() - timedelta(1)
    )
    newer = ArticleFactory(
        title="Grain corridor reopens", status=Article.Status.APPROVED, authors=[writer]
    )
    workflow.article_publish(article=newer, by=editor)

    found = SearchFilters(author=writer).search(Article.objects.published(), "grain corridor")

    assert {article.pk for article in found} == {older.pk, newer.pk}


def test_publishing_a_piece_dates_its_mentions(editor):
    EntityFactory(name="Merowe Dam", kind="place")
    article = ArticleFactory(
        status=Article.Status.APPROVED, body="<p>The Merowe Dam spilled over.</p>"
    )
    article_link_entities(article=article)
    assert _mention_dates(article) == {None}

    workflow.article_publish(article=article, by=editor)

    article.refresh_from_db()
    assert _mention_dates(article) == {article.first_published_at}


def test_mentions_found_again_after_publication_take_the_pieces_date():
    went_live = timezone.now() - timedelta(days=12)
    article = PublishedArticleFactory(
        publish_at=went_live, body="<p>Port Sudan reopened; Port Sudan traded.</p>"
    )
    EntityFactory(name="Port Sudan", kind="place")

    article_link_entities(article=article)

    assert Mention.objects.filter(article=article).exists()
    assert _mention_dates(article) == {went_live}


def test_the_entity_search_finds_a_piece_published_through_the_workflow(editor):
    dam = EntityFactory(name="Merowe Dam", kind="place")
    now = timezone.now()
    older = PublishedArticleFactory(
        title="Dam levels", body="<p>Merowe Dam levels fell.</p>", publish_at=now - timedelta(3)
    )
    newer = ArticleFactory(
        title="Dam levels again",
        body="<p>Merowe Dam levels rose.</p>",
        status=Article.Status.APPROVED,
    )
    elsewhere = PublishedArticleFactory(title="Dam levels elsewhere", body="<p>Other dams.</p>")
    for article in (older, newer, elsewhere):
        article_link_entities(article=article)
    workflow.article_publish(article=newer, by=editor)

    found = SearchFilters(entity=dam).search(Article.objects.published(), "levels")

    assert {article.pk for article in found} == {older.pk, newer.pk}
