"""The quality targets of entity recognition and discovery, scored on the seed article the
way held-out articles are scored: from an empty registry, mentions plus suggestions must surface
at least 90% of the gold entities, with the right kind for at least 85% of those, and at most
10% of the suggestions may be spurious; with the gold entities in the registry, mention counts
must equal the gold counts exactly."""

import json
import re
from html import escape

import pytest

from articles.entities import suggestion_accept_and_relink
from articles.models import Mention
from articles.services import article_create
from people.entities.names import name_key
from people.entities.registry import entity_create
from people.models import Entity, EntitySuggestion
from tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db

GOLD_KINDS = {"person": "person", "organization": "organisation", "place": "place"}


def load_seed(shared_fixtures):
    seed = shared_fixtures / "seed"
    text = (seed / "haftar-in-moscow.txt").read_text(encoding="utf-8")
    gold = json.loads((seed / "haftar-in-moscow.gold.json").read_text(encoding="utf-8"))
    return text, gold


def create_seed_article(text: str):
    """Create the seed piece the way a journalist would: the Markdown link is the headline,
    the "By" line the byline, the rest the body's paragraphs."""
    blocks = [block.strip() for block in text.split("\n\n") if block.strip()]
    title = re.fullmatch(r"\[(.+)\]\(.*\)", blocks[0])[1]
    author = AuthorFactory(name=blocks[1].removeprefix("By ").strip())
    body = "".join(f"<p>{escape(' '.join(block.split()))}</p>" for block in blocks[2:])
    return article_create(title=title, body=body, by=None, authors=[author])


def gold_names(entity: dict) -> set[str]:
    return {name_key(name) for name in [entity["name"], *entity["aliases_in_text"]]}


def test_from_an_empty_registry_suggestions_surface_the_gold_entities(shared_fixtures):
    text, gold = load_seed(shared_fixtures)

    article = create_seed_article(text)

    mentions = list(Mention.objects.filter(article=article).select_related("entity"))
    suggestions = list(EntitySuggestion.objects.filter(sightings__article=article))
    surfaced: dict[str, str] = {}
    spurious = []
    for suggestion in suggestions:
        names = {name_key(name) for name in suggestion.names}
        matched = [entity for entity in gold["entities"] if gold_names(entity) & names]
        if not matched:
            spurious.append(suggestion.name)
        for entity in matched:
            surfaced.setdefault(entity["name"], suggestion.kind)
    for mention in mentions:
        names = {name_key(mention.entity.name)}
        for entity in gold["entities"]:
            if gold_names(entity) & names:
                surfaced.setdefault(entity["name"], mention.entity.kind)

    total = len(gold["entities"])
    right_kind = [
        entity["name"]
        for entity in gold["entities"]
        if surfaced.get(entity["name"]) == GOLD_KINDS[entity["type"]]
    ]
    missing = sorted({entity["name"] for entity in gold["entities"]} - set(surfaced))
    assert len(surfaced) / total >= 0.90, f"missing: {missing}"
    assert len(right_kind) / len(surfaced) >= 0.85, f"right kind: {right_kind}"
    assert len(spurious) / len(suggestions) <= 0.10, f"spurious: {spurious}"
    assert "Brenna Haggerty" not in {s.name for s in suggestions}  # the author, not the news


def test_with_the_gold_entities_registered_mention_counts_equal_the_gold_counts(
    shared_fixtures,
):
    text, gold = load_seed(shared_fixtures)
    for entity in gold["entities"]:
        entity_create(
            name=entity["name"], kind=GOLD_KINDS[entity["type"]], aliases=entity["aliases_in_text"]
        )

    article = create_seed_article(text)

    counts = dict(Mention.objects.filter(article=article).values_list("entity__name", "count"))
    assert counts == {entity["name"]: entity["mentions"] for entity in gold["entities"]}


def test_accepting_every_suggestion_links_the_gold_counts(shared_fixtures):
    text, gold = load_seed(shared_fixtures)
    article = create_seed_article(text)

    # Each acceptance re-links the article, which may settle other suggestions; take the next.
    while suggestion := EntitySuggestion.objects.filter(status="pending").first():
        suggestion_accept_and_relink(suggestion=suggestion)

    counts = {
        name_key(name): count
        for name, count in Mention.objects.filter(article=article).values_list(
            "entity__name", "count"
        )
    }
    expected = {}
    for entity in gold["entities"]:
        registered = Entity.objects.filter(name__in=[entity["name"], *entity["aliases_in_text"]])
        if registered.exists():
            expected[name_key(registered.first().name)] = entity["mentions"]
    assert len(expected) >= 0.9 * len(gold["entities"])
    assert {key: counts.get(key) for key in expected} == expected
