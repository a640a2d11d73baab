import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    PublishedArticleFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="chief", is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model", ["articles/article", "articles/section", "people/author", "taggit/tag"]
)
def test_admin_list_and_add_pages_render_for_a_superuser(superuser_client, model):
    ArticleFactory(tags=["Libya"])

    assert superuser_client.get(f"/admin/{model}/").status_code == 200
    assert superuser_client.get(f"/admin/{model}/add/").status_code == 200


def test_article_change_form_has_the_journalists_fieldsets_and_byline(superuser_client):
    article = ArticleFactory(authors=[AuthorFactory(name="Ada Byline")], tags=["Libya"])

    response = superuser_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    html = response.text
    assert response.status_code == 200
    headings = re.findall(r'<h2 [^>]*class="(?:fieldset|inline)-heading">(.*?)</h2>', html, re.S)
    headings = [" ".join(heading.split()) for heading in headings]
    assert headings == ["Story", "Byline", "Image", "Metadata"]
    assert "data-tag-autocomplete-url" in html
    assert '<option value="Libya" selected>Libya</option>' in html
    assert "django_prose_editor" in html


def test_admin_creates_an_article_with_ordered_byline_tags_and_clean_body(superuser_client):
    section = SectionFactory()
    first, second = AuthorFactory(), AuthorFactory()

    response = superuser_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "A new analysis",
            "slug": "a-new-analysis",
            "dek": "",
            "body": '<p style="color:red">Body <span class="x">text</span></p>',
            "section": section.pk,
            "tags": ["Libya", "libya ", "Energy"],
            "status": Article.Status.DRAFT,
            "hero_alt": "",
            "hero_caption": "",
            "hero_credit": "",
            "authorships-TOTAL_FORMS": "2",
            "authorships-INITIAL_FORMS": "0",
            "authorships-MIN_NUM_FORMS": "0",
            "authorships-MAX_NUM_FORMS": "1000",
            "authorships-0-author": second.pk,
            "authorships-0-position": "0",
            "authorships-1-author": first.pk,
            "authorships-1-position": "1",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.with_byline().get(slug="a-new-analysis")
    assert article.byline_authors == [second, first]
    assert sorted(article.tags.names()) == ["Energy", "Libya"]
    assert article.body == "<p>Body text</p>"


def test_tag_autocomplete_suggests_existing_tags(superuser_client):
    ArticleFactory(tags=["Libya", "Liberia", "Energy"])

    response = superuser_client.get(
        reverse("admin:articles_article_tag_autocomplete"), {"term": "lib"}
    )

    assert response.json() == {
        "results": [{"id": "Liberia", "text": "Liberia"}, {"id": "Libya", "text": "Libya"}]
    }


def test_tag_autocomplete_needs_an_article_permission(client):
    client.force_login(UserFactory(username="no-rights"))

    response = client.get(reverse("admin:articles_article_tag_autocomplete"))

    assert response.status_code == 403


def test_article_changelist_query_count_does_not_grow_with_articles(superuser_client):
    """The list journalists open all day must not run a query per row (byline, section)."""
    url = reverse("admin:articles_article_changelist")
    PublishedArticleFactory(authors=AuthorFactory.create_batch(2))
    superuser_client.get(url)
    with CaptureQueriesContext(connection) as few:
        superuser_client.get(url)

    for _ in range(8):
        PublishedArticleFactory(authors=AuthorFactory.create_batch(3), tags=["a", "b"])
    with CaptureQueriesContext(connection) as many:
        superuser_client.get(url)

    assert len(many) == len(few)


def test_admin_refuses_a_tag_without_letters(superuser_client):
    article = ArticleFactory()
    from tests.articles.admin_forms import change_form_data

    data = change_form_data(superuser_client, article, tags=["Gold", "!!!"])
    response = superuser_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )

    assert response.status_code == 200
    assert "A tag needs at least one letter or digit: !!!" in response.text
    assert list(article.tags.names()) == []
