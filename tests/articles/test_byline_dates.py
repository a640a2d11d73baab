"""Byline rows carry their piece's first publication, kept by PostgreSQL whatever writes them:
the author filter's search walks an author's bylines newest first by that copy, so a byline
whose copy were stale would put a piece out of its place, or leave it out of the search."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles import workflow
from articles.models import Article, Authorship
from articles.search import SearchFilters
from articles.services import article_update
from tests.factories import ArticleFactory, AuthorFactory, PublishedArticleFactory

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
