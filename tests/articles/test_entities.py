import io

import pytest
from django.core.management import CommandError, call_command

from articles.entities import (
    ENTITY_LINK_CLASS,
    article_link_entities,
    article_text,
    entity_delete_and_relink,
    entity_merge_and_relink,
    entity_relink,
    suggestion_accept_and_relink,
)
from articles.models import Article, Mention, SuggestionSighting
from articles.services import article_create
from people.entities.registry import suggestion_reject
from people.models import Entity, EntitySuggestion
from tests.factories import ArticleFactory, AuthorFactory, EntityFactory

pytestmark = pytest.mark.django_db


def link(entity: Entity, text: str) -> str:
    return f'<a href="/entities/{entity.slug}/" class="{ENTITY_LINK_CLASS}">{text}</a>'


@pytest.fixture
def putin(db):
    return EntityFactory(name="Vladimir Putin", slug="vladimir-putin", kind=Entity.Kind.PERSON)


@pytest.fixture
def libya(db):
    return EntityFactory(name="Libya", slug="libya", kind=Entity.Kind.PLACE)


def test_creating_an_article_records_its_mentions_with_counts_and_first_offsets(putin, libya):
    article = article_create(
        title="Putin and Libya",
        body="<p>Vladimir Putin spoke of Libya.</p><p>Putin left Libya out.</p>",
        by=None,
        authors=[AuthorFactory()],
    )

    mentions = list(article.mentions.select_related("entity"))
    text = article_text(article)
    assert [(m.entity, m.count) for m in mentions] == [(putin, 3), (libya, 3)]
    assert [text[m.first_offset :].split()[0] for m in mentions] == ["Putin", "Libya"]


def test_the_first_body_mention_of_each_entity_links_to_its_page(putin, libya):
    article = ArticleFactory(
        title="Putin in Libya",
        body=(
            "<p>Vladimir Putin &amp; allies flew to <em>Libya</em>.</p>"
            "<p>Putin and Libya again.</p>"
        ),
    )

    article_link_entities(article=article)

    article.refresh_from_db()
    assert article.body_html == (
        f"<p>{link(putin, 'Vladimir Putin')} &amp; allies flew to <em>{link(libya, 'Libya')}</em>."
        "</p><p>Putin and Libya again.</p>"
    )


def test_a_mention_inside_a_link_or_split_by_formatting_is_not_linked_the_next_one_is(putin):
    body = (
        '<p><a href="https://example.org/" rel="noopener noreferrer">Vladimir Putin</a> and '
        "<strong>Vladimir</strong> Putin, then Vladimir Putin.</p>"
    )
    article = ArticleFactory(body=body)

    article_link_entities(article=article)

    article.refresh_from_db()
    assert article.body_html.count(ENTITY_LINK_CLASS) == 1
    assert article.body_html.endswith(f"then {link(putin, 'Vladimir Putin')}.</p>")
    assert article.mentions.get().count == 3


def test_a_new_body_is_served_as_written_until_it_is_linked_again(putin):
    article = ArticleFactory(body="<p>Vladimir Putin spoke.</p>")
    article_link_entities(article=article)

    article = Article.objects.get(pk=article.pk)
    article.body = "<p>Nobody spoke.</p>"
    article.save()

    assert Article.objects.get(pk=article.pk).body_html == "<p>Nobody spoke.</p>"


def test_saving_other_fields_keeps_the_links(putin):
    article = ArticleFactory(body="<p>Vladimir Putin spoke.</p>")
    article_link_entities(article=article)

    article = Article.objects.get(pk=article.pk)
    article.title = "A new headline"
    article.save()

    assert ENTITY_LINK_CLASS in Article.objects.get(pk=article.pk).body_html


def test_relinking_replaces_mentions_rather_than_adding_to_them(putin):
    article = ArticleFactory(body="<p>Vladimir Putin spoke.</p>")

    article_link_entities(article=article)
    article_link_entities(article=article)

    assert Mention.objects.get(article=article).count == 1


def test_unknown_names_become_suggestions_seen_in_the_article():
    article = article_create(
        title="A visit",
        body="<p>Khalifa Haftar, leader of the Libyan National Army (LNA), went to Benghazi.</p>",
        by=None,
        authors=[AuthorFactory(name="Brenna Haggerty")],
    )

    sightings = {s.suggestion.name: s.count for s in article.suggestion_sightings.all()}
    assert sightings == {"Khalifa Haftar": 1, "Libyan National Army": 2, "Benghazi": 1}
    lna = EntitySuggestion.objects.get(name="Libyan National Army")
    assert (lna.kind, lna.aliases) == ("organisation", ["LNA"])
    assert lna.context.startswith("Khalifa Haftar, leader of")


def test_a_suggestion_no_article_shows_any_more_goes_away():
    article = ArticleFactory(body="<p>The Atlantic Council said so.</p>")
    article_link_entities(article=article)
    assert EntitySuggestion.objects.filter(name="Atlantic Council").exists()

    article.body = "<p>Someone said so.</p>"
    article.save()
    article_link_entities(article=article)

    assert not EntitySuggestion.objects.exists()


def test_a_rejected_name_is_not_proposed_again():
    article = ArticleFactory(body="<p>The Atlantic Council said so.</p>")
    article_link_entities(article=article)
    suggestion_reject(suggestion=EntitySuggestion.objects.get(name="Atlantic Council"))

    other = ArticleFactory(body="<p>Then the Atlantic Council said more.</p>")
    article_link_entities(article=other)
    article_link_entities(article=article)

    assert list(EntitySuggestion.objects.values_list("name", "status")) == [
        ("Atlantic Council", "rejected")
    ]
    assert not SuggestionSighting.objects.exists()


def test_accepting_a_suggestion_links_the_articles_that_showed_it():
    first = ArticleFactory(body="<p>The Atlantic Council said so.</p>")
    second = ArticleFactory(body="<p>Critics at the Atlantic Council disagreed.</p>")
    for article in (first, second):
        article_link_entities(article=article)

    entity, relinked = suggestion_accept_and_relink(
        suggestion=EntitySuggestion.objects.get(name="Atlantic Council")
    )

    assert relinked == 2
    assert set(Mention.objects.filter(entity=entity).values_list("article", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert ENTITY_LINK_CLASS in Article.objects.get(pk=first.pk).body_html


def test_merging_moves_mentions_and_links_to_the_kept_entity():
    source = EntityFactory(name="Marshal Haftar", slug="marshal-haftar")
    target = EntityFactory(name="Khalifa Haftar", slug="khalifa-haftar")
    article = ArticleFactory(body="<p>Marshal Haftar arrived.</p>")
    article_link_entities(article=article)

    kept, relinked = entity_merge_and_relink(source=source, target=target)

    assert relinked == 1
    assert list(Mention.objects.values_list("entity", "count")) == [(kept.pk, 1)]
    assert link(target, "Marshal Haftar") in Article.objects.get(pk=article.pk).body_html


def test_a_new_alias_links_the_articles_that_use_it():
    entity = EntityFactory(name="Libyan National Army", kind=Entity.Kind.ORGANISATION)
    article = ArticleFactory(body="<p>The LNA advanced.</p>")
    article_link_entities(article=article)
    assert not Mention.objects.exists()

    entity.aliases.create(name="LNA")
    assert entity_relink(entity=entity) == 1

    assert Mention.objects.get().entity == entity


def test_deleting_an_entity_removes_its_links():
    entity = EntityFactory(name="Libya", slug="libya", kind=Entity.Kind.PLACE)
    article = ArticleFactory(body="<p>Floods in Libya.</p>")
    article_link_entities(article=article)

    entity_delete_and_relink(entity=entity)

    assert Article.objects.get(pk=article.pk).body_html == "<p>Floods in Libya.</p>"


def test_relink_entities_command_links_every_article(putin):
    first = ArticleFactory(body="<p>Vladimir Putin spoke.</p>")
    second = ArticleFactory(body="<p>Nothing here.</p>")
    assert not Mention.objects.exists()  # factories save without linking

    call_command("relink_entities", stdout=io.StringIO())

    assert list(Mention.objects.values_list("article", flat=True)) == [first.pk]
    assert Article.objects.get(pk=second.pk).body_html == "<p>Nothing here.</p>"


def test_relink_entities_command_can_be_limited_and_refuses_unknown_slugs(putin, capsys):
    ArticleFactory(body="<p>Vladimir Putin spoke.</p>")
    ArticleFactory(body="<p>Nothing here.</p>")

    call_command("relink_entities", entity=["vladimir-putin"])

    assert "Re-linked 1 article." in capsys.readouterr().out
    with pytest.raises(CommandError, match="No entity with slug: nobody"):
        call_command("relink_entities", entity=["nobody"])


def test_title_case_subheadings_and_headlines_propose_nothing_but_are_counted(libya):
    article = article_create(
        title="The Road Ahead for Libya",
        body="<h2>What Comes Next</h2><p>Floods hit Libya.</p><h3>Lessons From Derna</h3>",
        by=None,
    )

    assert not EntitySuggestion.objects.exists()
    assert article.mentions.get().count == 2


def test_merge_moves_quotations_to_the_kept_entity_and_undo_moves_them_back():
    from articles.entities import entity_merge_and_relink, entity_merge_undo_and_relink
    from articles.models import Citation
    from people.models import EntityMerge

    source = EntityFactory(name="Marshal Haftar", slug="marshal-haftar", kind="person")
    target = EntityFactory(name="Khalifa Haftar", slug="khalifa-haftar", kind="person")
    citation = Citation.objects.create(
        article=ArticleFactory(), quote="We will advance.", speaker=source
    )

    entity_merge_and_relink(source=source, target=target)
    citation.refresh_from_db()
    assert citation.speaker == target

    restored, _count = entity_merge_undo_and_relink(merge=EntityMerge.objects.get())
    citation.refresh_from_db()
    assert citation.speaker == restored
    assert restored.slug == "marshal-haftar"


def test_a_removed_or_repointed_entity_stays_so_on_later_saves_and_relinks():
    from articles.entities import mention_override_clear, mention_override_set

    wrong = EntityFactory(name="Georgia", slug="georgia-us-state", kind="place")
    right = EntityFactory(name="Georgia (country)", slug="georgia", kind="place")
    gulf = EntityFactory(name="Persian Gulf", slug="persian-gulf", kind="place")
    article = ArticleFactory(body="<p>Georgia and the Persian Gulf, Georgia again.</p>")
    article_link_entities(article=article)

    mention_override_set(article=article, entity=wrong, replacement=right, by=None)
    mention_override_set(article=article, entity=gulf, replacement=None, by=None)
    article_link_entities(article=article)  # a later save or relink
    call_command("relink_entities", stdout=io.StringIO())

    mentions = {m.entity: m.count for m in Mention.objects.filter(article=article)}
    assert mentions == {right: 2}
    html = Article.objects.get(pk=article.pk).body_html
    assert 'href="/entities/georgia/"' in html and "persian-gulf" not in html
    assert not EntitySuggestion.objects.filter(name__icontains="Gulf").exists()

    mention_override_clear(article=article, entity=gulf, by=None)
    assert Mention.objects.filter(article=article, entity=gulf).exists()
