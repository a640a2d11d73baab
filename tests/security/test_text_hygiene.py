"""Finding 3: one invisible character took the feeds down, and a NUL in a query was a 500
(now the NUL is ignored and the page answers as it would without it)."""

import pytest
from defusedxml import ElementTree
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from people.models import Author, Entity
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db

PASTED = "Talks\x0b resume\x00 in\x1f Geneva\x7f"


def test_a_headline_pasted_with_control_characters_is_stored_without_them():
    article = PublishedArticleFactory(title=PASTED, dek="A dek\x0c with a form feed\tand tab")
    article.refresh_from_db()
    assert article.title == "Talks resume in Geneva"
    assert article.dek == "A dek with a form feed\tand tab"


def test_every_entry_point_ends_clean_authors_entities_and_tags_too():
    author = Author.objects.create(name="Ana\x0b López", slug="ana-lopez")
    entity = Entity.objects.create(kind=Entity.Kind.PLACE, name="Tri\x08poli", slug="tripoli")
    tag = Tag.objects.create(name="oil\x0b prices")
    assert Author.objects.get(pk=author.pk).name == "Ana López"
    assert Entity.objects.get(pk=entity.pk).name == "Tripoli"
    assert Tag.objects.get(pk=tag.pk).name == "oil prices"


def test_the_feeds_and_the_news_sitemap_stay_well_formed(client):
    article = PublishedArticleFactory(title=PASTED, dek="\x0b")
    article.tags.add("oil\x0b prices")
    for name in ("feed_rss", "feed_atom", "news_sitemap"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        ElementTree.fromstring(response.content)
        assert b"Talks resume in Geneva" in response.content


def test_rows_written_before_are_cleaned_on_their_next_save():
    article = PublishedArticleFactory(title="Before")
    Article.objects.filter(pk=article.pk).update(title="Raw\x0b")  # as rows written before
    article.refresh_from_db()
    article.save()
    article.refresh_from_db()
    assert article.title == "Raw"


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=%00",
        "/search/?q=oil&section=%00",
        "/admin/articles/article/tag-autocomplete/?term=%00",
        "/admin/autocomplete/?term=%00&app_label=articles&model_name=article&field_name=section",
        "/?page=%00",
    ],
)
def test_a_nul_in_any_query_parameter_is_ignored_not_a_500(client, editor, url):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
