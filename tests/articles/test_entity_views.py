import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.entities import article_link_entities, entity_merge_and_relink
from people.models import Entity
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EntityFactory,
    PublishedArticleFactory,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


def published(body: str, **kwargs):
    article = PublishedArticleFactory(body=body, **kwargs)
    article_link_entities(article=article)
    return article


@pytest.fixture
def putin(db):
    return EntityFactory(
        name="Vladimir Putin",
        slug="vladimir-putin",
        kind=Entity.Kind.PERSON,
        description="President of Russia.",
        wikidata_id="Q7747",
    )


def test_entity_page_shows_description_and_published_coverage_newest_first(client, putin):
    now = timezone.now()
    published("<p>Vladimir Putin met.</p>", title="Older piece", publish_at=now - timedelta(2))
    published("<p>Putin, Vladimir Putin.</p>", title="Newer piece", publish_at=now)
    draft = ArticleFactory(title="Unfinished draft", body="<p>Vladimir Putin.</p>")
    article_link_entities(article=draft)
    published("<p>Vladimir Putin.</p>", title="Future piece", publish_at=now + timedelta(1))

    response = client.get("/entities/vladimir-putin/")

    html = response.text
    assert response.status_code == 200
    assert "<h1" in html and "Vladimir Putin" in html
    assert "President of Russia." in html
    assert 'href="https://www.wikidata.org/wiki/Q7747"' in html
    assert html.index("Newer piece") < html.index("Older piece")
    assert "Unfinished draft" not in html
    assert "Future piece" not in html


def test_entity_page_lists_the_entities_most_often_mentioned_alongside(client, putin):
    libya = EntityFactory(name="Libya", slug="libya", kind=Entity.Kind.PLACE)
    russia = EntityFactory(name="Russia", slug="russia", kind=Entity.Kind.PLACE)
    EntityFactory(name="Egypt", slug="egypt", kind=Entity.Kind.PLACE)
    published("<p>Vladimir Putin, Libya and Russia.</p>")
    published("<p>Vladimir Putin and Russia.</p>")
    published("<p>Egypt alone.</p>")

    html = client.get(putin.get_absolute_url()).text

    alongside = html[html.index("Often mentioned with") :]
    assert alongside.index(russia.name) < alongside.index(libya.name)
    assert "Egypt" not in alongside


def test_a_merged_entity_address_redirects_to_the_kept_entity(client, putin):
    source = EntityFactory(name="President Putin", slug="president-putin")

    entity_merge_and_relink(source=source, target=putin)

    response = client.get("/entities/president-putin/")
    assert response.status_code == 301
    assert response["Location"] == "/entities/vladimir-putin/"


def test_an_unknown_entity_is_404(client):
    assert client.get("/entities/nobody/").status_code == 404


def test_entity_page_query_count_does_not_grow_with_coverage(client):
    """The entity page must cost the same number of queries for 1 and for 10 pieces of
    coverage, each with several authors and entities: an N+1 here would slow the page of every
    entity the newsroom covers often."""
    main = EntityFactory(name="Khalifa Haftar", slug="khalifa-haftar")
    for name in ["Libya", "Egypt", "Sudan"]:
        EntityFactory(name=name, slug=name.lower(), kind=Entity.Kind.PLACE)

    def add_coverage(count: int) -> None:
        for _ in range(count):
            published(
                "<p>Khalifa Haftar toured Libya, Egypt and Sudan.</p>",
                authors=[AuthorFactory(), AuthorFactory()],
            )

    add_coverage(1)
    with_one = page_queries(client, main.get_absolute_url())
    add_coverage(9)
    with_ten = page_queries(client, main.get_absolute_url())

    assert with_ten == with_one


def test_article_page_serves_the_linked_body(client, putin):
    article = published("<p>Vladimir Putin spoke. Putin left.</p>")

    html = client.get(article.get_absolute_url()).text

    assert (
        '<a href="/entities/vladimir-putin/" class="entity-link">Vladimir Putin</a> spoke.' in html
    )
    assert html.count('class="entity-link"') == 1


def test_article_json_ld_lists_mentions_with_wikidata_links(client, putin):
    EntityFactory(name="Libya", slug="libya", kind=Entity.Kind.PLACE)
    article = published(
        "<p>Vladimir Putin discussed Libya.</p>",
        title="Putin </script> and Libya",
        authors=[AuthorFactory(name="Brenna Haggerty")],
    )

    html = client.get(article.get_absolute_url()).text

    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    data = json.loads(script)["@graph"][0]
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Putin </script> and Libya"
    assert data["author"][0]["name"] == "Brenna Haggerty"
    assert data["mentions"] == [
        {
            "@type": "Person",
            "name": "Vladimir Putin",
            "url": "http://testserver/entities/vladimir-putin/",
            "sameAs": "https://www.wikidata.org/wiki/Q7747",
        },
        {"@type": "Place", "name": "Libya", "url": "http://testserver/entities/libya/"},
    ]


def test_article_page_query_count_does_not_grow_with_mentions(client):
    """Mentions and their entities (for the JSON-LD) are fetched in one query whatever their
    number, so a piece dense with names costs what a short one does."""
    for index in range(8):
        EntityFactory(name=f"Place{index}", slug=f"place-{index}", kind=Entity.Kind.PLACE)
    few = published("<p>Place0.</p>")
    many = published("<p>" + " ".join(f"Place{i}." for i in range(8)) + "</p>")

    assert many.mentions.count() == 8
    assert page_queries(client, many.get_absolute_url()) == page_queries(
        client, few.get_absolute_url()
    )


def test_reading_serves_what_was_stored_and_recomputes_nothing(client, putin):
    article = published("<p>Vladimir Putin met Khalifa Haftar.</p>")
    EntityFactory(name="Khalifa Haftar", slug="khalifa-haftar")  # registered after the save

    html = client.get(article.get_absolute_url()).text

    assert "/entities/vladimir-putin/" in html
    assert "/entities/khalifa-haftar/" not in html
    assert list(article.mentions.values_list("entity__name", flat=True)) == ["Vladimir Putin"]


def test_entity_page_search_forms_are_told_apart_by_assistive_technology(client, putin):
    published("<p>Vladimir Putin spoke.</p>")
    html = client.get("/entities/vladimir-putin/").text

    labels = re.findall(r'role="search" aria-label="([^"]+)"', html)
    assert html.count('role="search"') == len(labels) == 2
    assert len(set(labels)) == 2
