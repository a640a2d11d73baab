import pytest
from django.core.exceptions import ValidationError

from people.entities.registry import (
    RegistryError,
    blocked_name_keys,
    entity_create,
    entity_merge,
    entity_slug_change_record,
    suggestion_accept,
    suggestion_reject,
)
from people.models import Entity, EntitySlugRedirect, EntitySuggestion
from tests.factories import EntityFactory, EntitySuggestionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Q7747", "Q7747"),
        (" q7747 ", "Q7747"),
        ("", ""),
    ],
)
def test_wikidata_ids_are_kept_in_q_form(typed, kept):
    entity = entity_create(name="Vladimir Putin", kind=Entity.Kind.PERSON, wikidata_id=typed)

    assert entity.wikidata_id == kept


@pytest.mark.parametrize("typed", ["7747", "Q", "Q07747", "P31", "Q12a", "https://example.org/Q1"])
def test_a_malformed_wikidata_id_is_refused_with_a_clear_message(typed):
    with pytest.raises(ValidationError) as error:
        entity_create(name="Vladimir Putin", kind=Entity.Kind.PERSON, wikidata_id=typed)

    assert "Q7747" in str(error.value)
    assert not Entity.objects.exists()


def test_two_entities_cannot_share_a_wikidata_id():
    entity_create(name="Vladimir Putin", kind=Entity.Kind.PERSON, wikidata_id="Q7747")

    with pytest.raises(ValidationError, match="already has this Wikidata id"):
        entity_create(name="V. Putin", kind=Entity.Kind.PERSON, wikidata_id="Q7747")


def test_entity_create_gives_a_free_slug_and_keeps_only_new_aliases():
    EntityFactory(slug="libyan-national-army")

    entity = entity_create(
        name="Libyan National Army",
        kind=Entity.Kind.ORGANISATION,
        aliases=["LNA", " LNA ", "libyan national  army", ""],
    )

    assert entity.slug == "libyan-national-army-2"
    assert list(entity.aliases.values_list("name", flat=True)) == ["LNA"]


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValidationError):
        entity_create(name="Something", kind="planet")


def test_merge_moves_names_aliases_and_address_and_fills_blanks():
    source = EntityFactory(
        name="Marshal Haftar", slug="marshal-haftar", aliases=["Haftar"], wikidata_id="Q1"
    )
    target = EntityFactory(name="Khalifa Haftar", slug="khalifa-haftar", description="")
    target.description = ""
    target.save()
    EntitySlugRedirect.objects.create(old_slug="field-marshal-haftar", entity=source)

    merged = entity_merge(source=source, target=target)

    assert not Entity.objects.filter(pk=source.pk).exists()
    assert set(merged.aliases.values_list("name", flat=True)) == {"Marshal Haftar", "Haftar"}
    assert merged.wikidata_id == "Q1"
    assert merged.description == "Who or what this is, in a sentence."
    redirects = dict(EntitySlugRedirect.objects.values_list("old_slug", "entity_id"))
    assert redirects == {"marshal-haftar": target.pk, "field-marshal-haftar": target.pk}


def test_an_entity_cannot_be_merged_into_itself():
    entity = EntityFactory()

    with pytest.raises(RegistryError, match="into itself"):
        entity_merge(source=entity, target=entity)
    assert Entity.objects.filter(pk=entity.pk).exists()


def test_a_changed_slug_leaves_a_redirect_and_a_reused_slug_drops_it():
    entity = EntityFactory(slug="new-name")

    entity_slug_change_record(entity=entity, old_slug="old-name")
    assert EntitySlugRedirect.objects.get(old_slug="old-name").entity == entity

    entity.slug = "old-name"
    entity.save()
    entity_slug_change_record(entity=entity, old_slug="new-name")
    assert list(EntitySlugRedirect.objects.values_list("old_slug", flat=True)) == ["new-name"]


def test_accepting_a_suggestion_creates_the_entity_with_its_aliases():
    suggestion = EntitySuggestionFactory(
        name="Libyan National Army", kind=Entity.Kind.ORGANISATION, aliases=["LNA"]
    )

    entity = suggestion_accept(suggestion=suggestion)

    assert (entity.name, entity.kind) == ("Libyan National Army", "organisation")
    assert list(entity.aliases.values_list("name", flat=True)) == ["LNA"]
    assert not EntitySuggestion.objects.exists()


def test_accepting_an_alias_suggestion_adds_the_alias_to_its_entity():
    entity = EntityFactory(name="Libyan National Army")
    suggestion = EntitySuggestionFactory(name="LNA", entity=entity)

    assert suggestion_accept(suggestion=suggestion) == entity
    assert list(entity.aliases.values_list("name", flat=True)) == ["LNA"]


def test_a_rejected_suggestion_is_kept_blocks_its_names_and_cannot_be_accepted():
    suggestion = EntitySuggestionFactory(name="Plot New Conspiracies", aliases=["PNC"])

    suggestion_reject(suggestion=suggestion)

    suggestion.refresh_from_db()
    assert suggestion.status == EntitySuggestion.Status.REJECTED
    assert blocked_name_keys() == {"plot new conspiracies", "pnc"}
    with pytest.raises(RegistryError, match="pending"):
        suggestion_accept(suggestion=suggestion)
    assert not Entity.objects.exists()


def test_a_suggestion_whose_name_exists_as_an_entity_slug_still_gets_a_free_slug():
    EntityFactory(slug="wagner-group")
    suggestion = EntitySuggestionFactory(name="Wagner Group")

    assert suggestion_accept(suggestion=suggestion).slug == "wagner-group-2"


def test_two_suggestions_cannot_share_a_name():
    EntitySuggestionFactory(name="Wagner Group")

    with pytest.raises(ValidationError, match="already has this name"):
        EntitySuggestion(name="wagner  group", kind="organisation").full_clean()


def test_an_alias_that_repeats_the_entity_name_is_refused():
    entity = EntityFactory(name="Wagner Group")

    with pytest.raises(ValidationError, match="already the entity's name"):
        entity.aliases.model(entity=entity, name="Wagner  Group").full_clean()


def test_accepting_a_name_the_registry_already_has_is_refused():
    EntityFactory(name="Wagner Group")
    suggestion = EntitySuggestionFactory(name="wagner group")

    with pytest.raises(RegistryError, match="already in the registry"):
        suggestion_accept(suggestion=suggestion)
    assert Entity.objects.count() == 1
    assert EntitySuggestion.objects.filter(pk=suggestion.pk).exists()
