"""Findings 4 and 5: writers could rename tags across the archive, and other writers' embargoed
drafts leaked through suggestions, the "view on site" shortcut, tag autocomplete and public
tag and entity pages; the entity autocomplete of the "In this piece" panel must not become
another such door."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from taggit.models import Tag

from articles.entities import article_link_entities
from articles.models import Article, SuggestionSighting
from tests.factories import (
    ArticleFactory,
    EntityFactory,
    EntitySuggestionFactory,
    PublishedArticleFactory,
    user_in_role,
)

pytestmark = pytest.mark.django_db

TAGS_URL = "/admin/taggit/tag/"
SECRET = "Minister Resigns Over Embargoed Deal"


@pytest.fixture
def rival_draft(db):
    """Another writer's draft, under embargo."""
    rival = user_in_role("Writers", "rival")
    return ArticleFactory(
        title=SECRET, slug="minister-resigns", created_by=rival, tags=["embargoed-deal"]
    )


def test_a_writer_cannot_merge_tags(client, writer):
    PublishedArticleFactory(tags=["gold", "oil"])
    ids = [str(pk) for pk in Tag.objects.values_list("pk", flat=True)]
    client.force_login(writer)
    assert "Merge selected tags" not in client.get(TAGS_URL).text
    response = client.post(TAGS_URL, {"action": "render_tag_form", "_selected_action": ids})
    session = client.session
    session["selected_tag_ids"] = ",".join(ids)
    session.save()
    merge = client.post(TAGS_URL + "merge-tags/", {"new_tag_name": "renamed"})
    assert response.status_code in (200, 302, 403)
    assert merge.status_code == 403
    assert set(Tag.objects.values_list("name", flat=True)) == {"gold", "oil"}


def test_an_editor_merges_tags_and_an_empty_selection_is_a_message_not_a_500(client, editor):
    PublishedArticleFactory(tags=["gold", "oil"])
    client.force_login(editor)
    empty = client.post(TAGS_URL + "merge-tags/", {"new_tag_name": "renamed"}, follow=True)
    assert empty.status_code == 200
    assert "Select the tags to merge first." in empty.text
    ids = [str(pk) for pk in Tag.objects.values_list("pk", flat=True)]
    client.post(TAGS_URL, {"action": "render_tag_form", "_selected_action": ids})
    client.post(TAGS_URL + "merge-tags/", {"new_tag_name": "commodities"})
    assert Tag.objects.filter(name="commodities").exists()


def test_writers_see_only_tags_of_pieces_they_may_read(client, writer, rival_draft):
    PublishedArticleFactory(tags=["public-topic"])
    client.force_login(writer)
    listing = client.get(TAGS_URL).text
    assert "public-topic" in listing
    assert "embargoed-deal" not in listing
    found = client.get(reverse("admin:articles_article_tag_autocomplete"), {"term": "e"}).json()
    assert "embargoed-deal" not in {row["text"] for row in found["results"]}


def test_the_entity_autocomplete_gives_writers_registry_names_and_no_drafts(
    client, writer, rival_draft
):
    EntityFactory(
        name="Minister of Finance", slug="minister-of-finance", kind="person", description=""
    )
    client.force_login(writer)
    ask = {"app_label": "articles", "term": "Minister"}

    entities = client.get(
        reverse("admin:articles_article_entity_autocomplete"),
        ask | {"model_name": "mentionoverride", "field_name": "replacement"},
    )
    # Django's autocomplete takes any model's relation; this one answers about entities only.
    articles = client.get(
        reverse("admin:articles_article_entity_autocomplete"),
        ask | {"model_name": "citation", "field_name": "article"},
    )
    # And the admin's own autocomplete lists only the pieces the writer may open.
    stock = client.get(
        reverse("admin:autocomplete"), ask | {"model_name": "citation", "field_name": "article"}
    )

    assert [row["text"] for row in entities.json()["results"]] == ["Minister of Finance (person)"]
    assert articles.status_code == 403 and SECRET not in articles.text
    assert SECRET not in stock.text


def test_the_view_on_site_shortcut_does_not_reveal_other_writers_drafts(
    client, writer, rival_draft
):
    content_type = ContentType.objects.get_for_model(Article)
    client.force_login(writer)
    response = client.get(f"/admin/r/{content_type.pk}/{rival_draft.pk}/")
    assert response.status_code == 404
    assert "minister-resigns" not in response.get("Location", "")
    own = ArticleFactory(created_by=writer, slug="my-own-piece")
    mine = client.get(f"/admin/r/{content_type.pk}/{own.pk}/")
    assert mine.status_code == 302 and mine["Location"].endswith("/articles/my-own-piece/")


def test_suggestions_from_other_writers_drafts_are_hidden_from_writers(
    client, writer, editor, rival_draft
):
    suggestion = EntitySuggestionFactory(name="Secret Envoy", context=f"{SECRET}: the envoy")
    SuggestionSighting.objects.create(
        article=rival_draft, suggestion=suggestion, count=1, first_offset=0
    )
    client.force_login(writer)
    listing = client.get(reverse("admin:people_entitysuggestion_changelist") + "?status=all")
    assert "Secret Envoy" not in listing.text and SECRET not in listing.text
    detail = client.get(reverse("admin:people_entitysuggestion_change", args=[suggestion.pk]))
    assert SECRET not in detail.text
    client.force_login(editor)
    listing = client.get(reverse("admin:people_entitysuggestion_changelist") + "?status=all")
    assert "Secret Envoy" in listing.text


def test_a_tag_or_entity_named_only_in_drafts_has_no_public_page(client, rival_draft):
    assert client.get("/tags/embargoed-deal/").status_code == 404
    EntityFactory(name="Secret Envoy", slug="secret-envoy")
    draft = ArticleFactory(body="<p>Secret Envoy arrived.</p>")
    article_link_entities(article=draft)
    assert client.get("/entities/secret-envoy/").status_code == 404
    article_link_entities(article=PublishedArticleFactory(body="<p>Secret Envoy left.</p>"))
    assert client.get("/entities/secret-envoy/").status_code == 200


@pytest.mark.parametrize("suffix", ["revisions/", "preview/"])
def test_staff_without_article_permissions_reach_no_article_view(client, suffix):
    from tests.factories import UserFactory

    nobody = UserFactory(username="staff-only", is_staff=True)
    article = ArticleFactory(created_by=nobody)
    client.force_login(nobody)
    response = client.get(f"/admin/articles/article/{article.pk}/{suffix}")
    assert response.status_code == 403
