import re

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    PublishedArticleFactory,
    SectionFactory,
    UserFactory,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


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
    assert headings == ["Story", "Byline", "Image", "Metadata", "Citations"]
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
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
            "citations-MIN_NUM_FORMS": "0",
            "citations-MAX_NUM_FORMS": "1000",
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
    few = page_queries(superuser_client, url)

    for _ in range(8):
        PublishedArticleFactory(authors=AuthorFactory.create_batch(3), tags=["a", "b"])

    assert page_queries(superuser_client, url) == few


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


def _citation_rows(data, citations_quote):
    """Return the inline prefix-index of each citation row, by quoted words."""
    rows = {}
    for key, value in data.items():
        match = re.fullmatch(r"citations-(\d+)-quote", key)
        if match:
            rows[value] = f"citations-{match[1]}-"
    return rows[citations_quote]


def _quoting_article():
    from articles.entities import article_link_entities

    article = ArticleFactory(
        body="<p>Prices will “double by spring”, said Ana Costa. They kept an “iron grip”.</p>"
    )
    article_link_entities(article=article)
    return article


def test_editing_a_suggested_citation_confirms_it_and_detection_keeps_the_edit(
    superuser_client,
):
    from tests.articles.admin_forms import change_form_data

    article = _quoting_article()
    data = change_form_data(superuser_client, article)
    row = _citation_rows(data, "double by spring")
    data[f"{row}speaker_name"] = "Ana Maria Costa"

    response = superuser_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )

    assert response.status_code == 302
    citation = article.citations.get(quote="double by spring")
    assert citation.speaker_name == "Ana Maria Costa"  # the save re-ran detection after it
    assert citation.review == "confirmed"


def test_confirming_an_unattributed_quote_is_refused_with_nothing_lost(superuser_client):
    from tests.articles.admin_forms import change_form_data

    article = _quoting_article()
    data = change_form_data(superuser_client, article, title="A retitled piece")
    data[f"{_citation_rows(data, 'iron grip')}review"] = "confirmed"

    response = superuser_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Say who said “iron grip”" in html
    assert 'value="A retitled piece"' in html
    article.refresh_from_db()
    assert article.title != "A retitled piece"
    assert article.citations.get(quote="iron grip").review == "suggested"


def test_change_page_queries_do_not_grow_with_citations(superuser_client):
    from articles.citations import citation_save
    from articles.models import Citation
    from people.models import Entity
    from tests.factories import EntityFactory

    person = EntityFactory(name="Some Speaker", kind=Entity.Kind.PERSON)
    org = EntityFactory(name="Some Institute", kind=Entity.Kind.ORGANISATION)
    counts = []
    for n in (1, 10):
        article = ArticleFactory()
        for index in range(n):
            citation_save(
                citation=Citation(
                    article=article,
                    quote=f"words {index}",
                    speaker=person,
                    affiliation=org,
                    review=Citation.Review.CONFIRMED,
                ),
                by=None,
            )
        counts.append(
            page_queries(
                superuser_client, reverse("admin:articles_article_change", args=[article.pk])
            )
        )
    assert counts[0] == counts[1]


def test_only_editors_get_the_verification_field(client, writer, editor):
    article = _quoting_article()
    article.authorships.all().delete()
    article.authorships.create(author=AuthorFactory(user=writer), position=0)
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.force_login(writer)
    page = client.get(url).content.decode()
    assert 'name="citations-0-speaker_name"' in page  # the writer works through suggestions
    assert 'name="citations-0-verification"' not in page
    client.force_login(editor)
    assert 'name="citations-0-verification"' in client.get(url).content.decode()


def test_in_the_admin_an_edit_of_an_approved_piece_sends_it_back_to_review(client, editor):
    from articles.workflow import article_approve, article_submit
    from tests.articles.admin_forms import change_form_data
    from tests.factories import user_in_role

    approver = user_in_role("Editors", "approver")
    article = ArticleFactory(created_by=editor)
    article_submit(article=article, by=editor)
    article_approve(article=article, by=approver)
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(client, article, body="<p>Rewritten after approval.</p>", _continue="1"),
        follow=True,
    )

    article.refresh_from_db()
    assert article.status == "in_review"
    assert "back in review" in response.text
    assert "edited the text after approval (Body)" in response.text  # in the timeline


def test_in_the_admin_editing_a_verified_quote_makes_it_unverified(superuser_client):
    from tests.articles.admin_forms import change_form_data

    article = _quoting_article()
    article.citations.filter(quote="double by spring").update(
        review="confirmed", verification="verified", speaker_name="Ana Costa"
    )
    data = change_form_data(superuser_client, article)
    data[f"{_citation_rows(data, 'double by spring')}url"] = "https://example.org/elsewhere"

    response = superuser_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )

    assert response.status_code == 302
    citation = article.citations.get(quote="double by spring")
    assert citation.verification == "unverified"
    assert "must be verified again" in article.transitions.first().comment
