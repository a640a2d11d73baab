"""The public search page at /search/: what a reader sees for good, odd and hostile queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    PublishedArticleFactory,
    SectionFactory,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")


def result_titles(html: str) -> list[str]:
    titles = re.findall(r'class="article-card__title"><a [^>]*>(.*?)</a>', html)
    return [re.sub(r"</?mark>", "", title) for title in titles]


def test_every_page_offers_search_and_the_search_page_has_one_h1(client):
    home = client.get(reverse("home")).text
    assert 'role="search"' in home
    assert f'action="{SEARCH}"' in home

    page = client.get(SEARCH).text
    assert page.count("<h1") == 1
    assert page.count('role="search"') == 1  # the header's form gives way to the page's own
    assert "Type a few words" in page


def test_finds_published_pieces_and_keeps_the_query_in_the_box(client):
    PublishedArticleFactory(title="Water politics in the Gulf")
    ArticleFactory(title="Draft on water")

    response = client.get(SEARCH, {"q": "water"})

    assert response.status_code == 200
    assert result_titles(response.text) == ["Water politics in the Gulf"]
    assert 'value="water"' in response.text
    assert "1 piece matches" in response.text
    assert "<title>Search: water" in response.text


def test_results_show_highlighted_escaped_matches(client):
    PublishedArticleFactory(
        title="<i>Dams</i> on the Nile",
        dek="Ethiopia's dam and Egypt",
        body="<p>Preamble.</p><p>The dam filled in July.</p>",
    )

    html = client.get(SEARCH, {"q": "dam"}).text

    assert "&lt;i&gt;" in html
    assert "<i>" not in html
    assert "<mark>" in html
    assert 'class="search-snippet"' in html


def test_results_carry_byline_section_and_date_in_words(client):
    author = AuthorFactory(name="Nadia Rahman")
    section = SectionFactory(name="Economy")
    PublishedArticleFactory(title="Grain corridors", authors=[author], section=section)

    html = client.get(SEARCH, {"q": "grain"}).text

    assert "Nadia Rahman" in html
    assert "Economy" in html
    assert re.search(
        r'<time datetime="\d{4}-\d{2}-\d{2}T[^"]+">\d{1,2} [A-Z][a-z]+ \d{4}</time>', html
    )


def test_pagination_keeps_the_query_and_filters(client, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 2
    section = SectionFactory(slug="economy")
    for number in range(5):
        PublishedArticleFactory(title=f"Bond market {number}", section=section)

    first = client.get(SEARCH, {"q": "bond", "section": "economy"}).text
    second = client.get(SEARCH, {"q": "bond", "section": "economy", "page": "2"}).text

    assert "q=bond&amp;section=economy&amp;page=2" in first
    assert 'rel="next">Next page' in first
    assert "q=bond&amp;section=economy&amp;page=1" in second
    assert "page 2 of 3" in second
    assert not set(result_titles(first)) & set(result_titles(second))


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999999999999999", "2.5"])
def test_odd_page_numbers_show_a_real_page(client, page):
    PublishedArticleFactory(title="Shipping rates")

    response = client.get(SEARCH, {"q": "shipping", "page": page})

    assert response.status_code == 200
    assert result_titles(response.text) == ["Shipping rates"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a few words"),
        ("   ", "Type a few words"),
        ("?!…", "has no letters or numbers"),
        ("'; DROP TABLE articles_article; --", "Nothing we have published matches"),
        ("nonexistentword", "Nothing we have published matches"),
        ("\x00", "Type a few words"),
        ("🚀🚀🚀", "has no letters or numbers"),
    ],
)
def test_empty_or_absurd_queries_give_a_helpful_page(client, query, message):
    PublishedArticleFactory(title="Shipping rates")

    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200
    assert message in response.text
    assert result_titles(response.text) == []


def test_nul_bytes_are_dropped_from_the_query_not_echoed(client):
    PublishedArticleFactory(title="Shipping rates")

    response = client.get(SEARCH, {"q": "ship\x00ping"})

    assert response.status_code == 200
    assert "\x00" not in response.text
    assert result_titles(response.text) == ["Shipping rates"]


def test_a_very_long_query_is_shortened_and_the_reader_told(client):
    PublishedArticleFactory(title="Shipping rates")

    response = client.get(SEARCH, {"q": "shipping " + "rates " * 2000})

    assert response.status_code == 200
    assert "That query was very long" in response.text
    assert result_titles(response.text) == ["Shipping rates"]


def test_filters_alone_list_matching_pieces_newest_first(client):
    section = SectionFactory(slug="climate")
    now = timezone.now()
    PublishedArticleFactory(title="Older", section=section, publish_at=now - timedelta(days=2))
    PublishedArticleFactory(title="Newer", section=section, publish_at=now - timedelta(days=1))
    PublishedArticleFactory(title="Elsewhere")

    html = client.get(SEARCH, {"section": "climate"}).text

    assert result_titles(html) == ["Newer", "Older"]


def test_author_and_date_filters(client):
    author = AuthorFactory(slug="nadia")
    now = timezone.now()
    PublishedArticleFactory(title="Nadia on ports", authors=[author])
    PublishedArticleFactory(title="Someone on ports")
    PublishedArticleFactory(title="Old ports", publish_at=now - timedelta(days=30))

    assert result_titles(client.get(SEARCH, {"q": "ports", "author": "nadia"}).text) == [
        "Nadia on ports"
    ]
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    recent = result_titles(client.get(SEARCH, {"q": "ports", "published_from": since}).text)
    assert sorted(recent) == ["Nadia on ports", "Someone on ports"]


def test_author_choices_list_only_writers_with_public_pieces(client):
    PublishedArticleFactory(authors=[AuthorFactory(name="Published Writer")])
    ArticleFactory(authors=[AuthorFactory(name="Draft Only Writer")])

    html = client.get(SEARCH).text

    assert "Published Writer" in html
    assert "Draft Only Writer" not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"section": "no-such-section"}, "There is no such section"),
        ({"author": "nobody"}, "There is no such author"),
        ({"published_from": "31/02/2026"}, "Enter a date such as"),
        ({"published_to": "2026-13-45"}, "Enter a date such as"),
        ({"published_from": "2026-05-01", "published_to": "2026-04-01"}, "swap them"),
    ],
)
def test_bad_filters_are_explained_next_to_the_form(client, params, message):
    PublishedArticleFactory(title="Shipping rates")

    response = client.get(SEARCH, {"q": "shipping", **params})

    assert response.status_code == 200
    assert message in response.text
    assert "please correct the" in response.text
    assert 'value="shipping"' in response.text
    assert result_titles(response.text) == []


def test_search_page_query_count_does_not_grow_with_results_authors_or_tags(client):
    """The results page must cost the same number of queries for 1 result with 1 author and tag
    as for 10 results with 10 authors and tags each: one query per row would be an N+1."""

    def queries(n: int, word: str) -> int:
        for _ in range(n):
            PublishedArticleFactory(
                title=f"Harbour study {word}",
                authors=AuthorFactory.create_batch(n),
                tags=[f"topic-{n}-{i}" for i in range(n)],
            )
        url = f"{SEARCH}?q=harbour+{word}"
        count = page_queries(client, url)
        assert len(result_titles(client.get(url).text)) == n
        return count

    one, ten = queries(1, "alpha"), queries(10, "omega")

    assert one == ten
    assert ten <= 7


def test_dates_typed_by_hand_are_understood_and_shown_back_as_dates(client):
    PublishedArticleFactory(title="Shipping rates")
    today = timezone.localdate()

    html = client.get(SEARCH, {"q": "shipping", "published_from": today.strftime("%d/%m/%Y")}).text

    assert result_titles(html) == ["Shipping rates"]
    assert f'value="{today.isoformat()}"' in html


def test_an_impossible_date_is_not_put_back_in_the_date_box(client):
    html = client.get(SEARCH, {"q": "shipping", "published_from": "2026-13-45"}).text

    assert "Enter a date such as" in html
    assert 'value="2026-13-45"' not in html


def test_search_can_be_narrowed_to_pieces_mentioning_an_entity(client):
    from articles.entities import article_link_entities
    from people.entities.registry import entity_create
    from people.models import Entity

    entity = entity_create(name="Atlantic Council", kind=Entity.Kind.ORGANISATION)
    naming = PublishedArticleFactory(title="Sanctions one", body="<p>Atlantic Council view.</p>")
    other = PublishedArticleFactory(title="Sanctions two", body="<p>Another view.</p>")
    for piece in (naming, other):
        article_link_entities(article=piece)

    html = client.get("/search/", {"q": "view", "entity": entity.slug}).text

    assert "Sanctions one" in html and "Sanctions two" not in html
    assert "Only pieces mentioning <strong>Atlantic Council</strong>" in html
    unknown = client.get("/search/", {"q": "view", "entity": "nobody"})
    assert unknown.status_code == 200
    assert "There is no such person, organisation or place." in unknown.text


def test_entity_page_describes_the_entity_for_search_engines(client):
    import json
    import re

    from people.entities.registry import entity_create
    from people.models import Entity

    entity = entity_create(
        name="Vladimir Putin",
        kind=Entity.Kind.PERSON,
        aliases=["Putin"],
        description="President of Russia.",
        wikidata_id="Q7747",
    )
    # An entity has a public page once published coverage mentions it.
    from articles.entities import article_link_entities

    article_link_entities(article=PublishedArticleFactory(body="<p>Vladimir Putin spoke.</p>"))

    html = client.get(entity.get_absolute_url()).text

    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert data == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Vladimir Putin",
        "url": "http://testserver/entities/vladimir-putin/",
        "alternateName": ["Putin"],
        "description": "President of Russia.",
        "sameAs": "https://www.wikidata.org/wiki/Q7747",
    }
    assert 'href="/feeds/entities/vladimir-putin/rss/"' in html


def _authors_offered(client) -> list[str]:
    html = client.get(SEARCH).text
    select = html[
        html.index('<select name="author"') : html.index(
            "</select>", html.index('<select name="author"')
        )
    ]
    return re.findall(r'<option value="[^"]+"[^>]*>([^<]*)</option>', select)


def test_the_authors_offered_are_kept_until_a_piece_goes_or_an_author_is_renamed(
    client, settings, editor
):
    import time_machine
    from django.core.cache import cache

    from articles import workflow
    from people.page_versions import author_pages_invalidate

    settings.NEWSROOM_FIGURES_CACHE_SECONDS = 600
    cache.clear()
    amira, basil = AuthorFactory(name="Amira Haddad"), AuthorFactory(name="Basil Okafor")
    piece = PublishedArticleFactory(authors=[amira])
    PublishedArticleFactory(authors=[basil])
    assert _authors_offered(client) == ["Amira Haddad", "Basil Okafor"]
    kept = page_queries(client, SEARCH)
    settings.NEWSROOM_FIGURES_CACHE_SECONDS = 0
    assert kept < page_queries(client, SEARCH)  # kept: the bylines are not read again
    settings.NEWSROOM_FIGURES_CACHE_SECONDS = 600

    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        workflow.article_unpublish(article=piece, by=editor, comment="Withdrawn.")
        assert _authors_offered(client) == ["Basil Okafor"]

    with time_machine.travel(timezone.now() + timedelta(seconds=10)):
        basil.name = "Basil Okafor-Reid"
        basil.save()
        author_pages_invalidate(author_id=basil.pk)
        assert _authors_offered(client) == ["Basil Okafor-Reid"]
