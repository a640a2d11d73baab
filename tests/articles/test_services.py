import pytest
from django.core.exceptions import ValidationError

from articles.models import Article
from articles.services import article_create, unique_article_slug
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_article_create_makes_a_draft_with_ordered_byline_and_tags():
    first, second = AuthorFactory(), AuthorFactory()

    article = article_create(
        title="Haftar's visit",
        body="<p>Text</p>",
        by=None,
        authors=[second, first],
        tags=["Libya", " "],
    )

    fetched = Article.objects.with_byline().get(pk=article.pk)
    assert fetched.status == Article.Status.DRAFT
    assert fetched.slug == "haftars-visit"
    assert fetched.byline_authors == [second, first]
    assert list(fetched.tags.names()) == ["Libya"]


def test_slugs_never_collide():
    ArticleFactory(slug="same-title")
    ArticleFactory(slug="same-title-2")

    assert unique_article_slug("Same title") == "same-title-3"


def test_invalid_article_is_refused_and_nothing_is_created():
    with pytest.raises(ValidationError):
        article_create(title="", body="<p>x</p>", by=None, authors=[AuthorFactory()])

    assert not Article.objects.exists()


def test_tags_without_a_letter_or_digit_are_left_out():
    article = article_create(title="Tags", body="<p>x</p>", by=None, tags=["!!!", "Gold", " "])

    assert list(article.tags.names()) == ["Gold"]
