"""What readers and researchers get of a piece's citations: footnotes, the Sources list, the
"Cite this article" box and the BibTeX and CSL-JSON downloads."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.citations import citation_save
from articles.models import Article, Citation
from people.models import Entity
from tests.factories import AuthorFactory, EntityFactory, PublishedArticleFactory
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2023, 10, 2, 9, 0, tzinfo=UTC)


def _piece(body="<p>Intro.</p>", **kwargs):
    return PublishedArticleFactory(
        title="Haftar in Moscow",
        slug="haftar-in-moscow",
        body=body,
        publish_at=PUBLISHED,
        first_published_at=PUBLISHED,
        authors=[AuthorFactory(name="Brenna Haggerty")],
        **kwargs,
    )


def _cite(article, **fields):
    citation = Citation(article=article, review=Citation.Review.CONFIRMED, **fields)
    return citation_save(citation=citation, by=None)


def test_footnote_markers_are_numbered_and_sources_link_back_and_out(client):
    badi = EntityFactory(name="Emadeddin Badi", kind=Entity.Kind.PERSON)
    council = EntityFactory(name="Atlantic Council", kind=Entity.Kind.ORGANISATION)
    article = _piece()
    report = _cite(
        article,
        kind=Citation.Kind.DOCUMENT,
        source_title="Libya after the floods",
        publisher="Chatham House",
        url="https://example.org/report",
        archived_url="https://web.archive.org/web/2023/https://example.org/report",
        published_on=date(2023, 9, 20),
    )
    quote = _cite(article, quote="PR stunt", speaker=badi, affiliation=council)
    Article.objects.filter(pk=article.pk).update(
        body_html=f'<p>Badi called it a <a href="#citation-{quote.pk}">PR stunt</a>. '
        f'A <a href="#citation-{report.pk}">report</a> agrees.</p>'
    )

    page = client.get(article.get_absolute_url()).content.decode()

    assert f'<span class="footnote-passage" id="citation-ref-{report.pk}">report</span>' in page
    assert f'<a href="#citation-{report.pk}" aria-label="Source 1">1</a>' in page
    assert f'<a href="#citation-{quote.pk}" aria-label="Source 2">2</a>' in page
    assert f'<li id="citation-{quote.pk}" value="2">' in page
    assert f'href="{badi.get_absolute_url()}">Emadeddin Badi</a>' in page
    assert f'href="{council.get_absolute_url()}">Atlantic Council</a>' in page
    assert '<a href="https://example.org/report" rel="external noopener noreferrer">' in page
    assert 'href="https://web.archive.org/web/2023/https://example.org/report"' in page
    assert f'href="#citation-ref-{quote.pk}" class="footnote-back"' in page


def test_only_confirmed_citations_are_shown_and_stray_markers_become_plain_text(client):
    article = _piece()
    suggested = Citation.objects.create(
        article=article, quote="iron grip", review=Citation.Review.SUGGESTED, number=1
    )
    Article.objects.filter(pk=article.pk).update(
        body_html=f'<p>An <a href="#citation-{suggested.pk}">iron grip</a>.</p>'
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<p>An iron grip.</p>" in page
    assert "Sources" not in page


def test_quote_text_and_addresses_are_escaped_and_unsafe_links_dropped(client):
    article = _piece()
    Citation.objects.create(
        article=article,
        number=1,
        review=Citation.Review.CONFIRMED,
        quote='<script>alert("x")</script>',
        speaker_name="<b>Eve</b>",
        source_title="<img src=x onerror=alert(1)>",
        url="javascript:alert(1)",  # written around the form's validation, as a script could
        archived_url='https://example.org/"><script>alert(2)</script>',
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Eve&lt;/b&gt;" in page
    assert "javascript:" not in page
    assert "<img src=x" not in page
    assert 'href="https://example.org/&quot;&gt;&lt;script&gt;' in page


def test_the_form_refuses_a_javascript_address():
    article = _piece()
    citation = Citation(
        article=article,
        kind=Citation.Kind.DOCUMENT,
        source_title="Report",
        url="javascript:alert(1)",
        review=Citation.Review.CONFIRMED,
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="valid URL"):
        citation_save(citation=citation, by=None)
    assert not Citation.objects.exists()


def test_cite_this_article_in_chicago_and_apa(client):
    article = _piece()
    page = client.get(article.get_absolute_url()).content.decode()
    url = f"http://testserver{article.get_absolute_url()}"
    assert f"Haggerty, Brenna. “Haftar in Moscow.” Newsroom, October 2, 2023. {url}" in page
    assert f"Haggerty, B. (2023, October 2). Haftar in Moscow. Newsroom. {url}" in page


def test_sources_download_as_csl_json_and_bibtex(client):
    badi = EntityFactory(name="Emadeddin Badi", kind=Entity.Kind.PERSON)
    article = _piece()
    _cite(article, quote="PR stunt", speaker=badi, affiliation_name="Atlantic Council")
    _cite(
        article,
        kind=Citation.Kind.DATA,
        source_title="Flood data 100% {raw} & more",
        url="https://example.org/data",
        accessed_on=date(2023, 10, 1),
    )

    csl = client.get(reverse("article_sources", args=[article.slug, "json"]))
    assert csl["Content-Type"] == "application/vnd.citationstyles.csl+json"
    items = json.loads(csl.content)
    assert items[0]["author"] == [{"given": "Emadeddin", "family": "Badi"}]
    assert items[0]["title"] == "“PR stunt”"
    assert items[0]["publisher"] == "Atlantic Council"
    assert items[1]["type"] == "dataset"
    assert items[1]["accessed"] == {"date-parts": [[2023, 10, 1]]}

    bib = client.get(reverse("article_sources", args=[article.slug, "bib"]))
    assert "attachment" in bib["Content-Disposition"]
    text = bib.content.decode()
    assert "@misc{haftar_in_moscow_1," in text
    assert "author = {Emadeddin Badi}" in text
    assert r"Flood data 100\% \{raw\} \& more" in text


@pytest.mark.parametrize("count", [1, 10])
def test_article_page_queries_do_not_grow_with_citations(client, count):
    person = EntityFactory(name="Some Speaker", kind=Entity.Kind.PERSON)
    org = EntityFactory(name="Some Institute", kind=Entity.Kind.ORGANISATION)
    article = _piece()
    for n in range(count):
        _cite(article, quote=f"words {n}", speaker=person, affiliation=org)
    queries = page_queries(client, article.get_absolute_url())
    assert client.get(article.get_absolute_url()).text.count("Some Speaker") == count
    # The same for 1 and 10: citations come in one query (and no freshness stamp is read).
    assert queries == 7


def test_a_citation_change_refreshes_the_cached_article_page(client, page_cache):
    import time_machine
    from django.utils import timezone

    article = _piece()
    client.get(article.get_absolute_url())
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        _cite(article, quote="new words", speaker_name="A Person")
        with CaptureQueriesContext(connection) as queries:
            page = client.get(article.get_absolute_url())
    assert queries  # rendered again, not served from the cache
    assert "A Person" in page.text


def test_json_ld_lists_the_sources_with_safe_addresses_only(client):
    article = _piece()
    _cite(article, kind=Citation.Kind.DOCUMENT, source_title="Report", url="https://e.org/r")
    Citation.objects.create(
        article=article,
        number=2,
        review=Citation.Review.CONFIRMED,
        kind=Citation.Kind.DOCUMENT,
        source_title="Bad",
        url="javascript:alert(1)",
    )
    response = client.get(article.get_absolute_url())
    graph = response.context["structured_data"]["@graph"][0]
    assert graph["citation"] == [
        {"@type": "CreativeWork", "name": "Report", "url": "https://e.org/r"},
        {"@type": "CreativeWork", "name": "Bad"},
    ]


def test_a_marker_saved_in_the_body_survives_linking_and_becomes_a_footnote(client):
    from articles.entities import article_link_entities

    EntityFactory(name="Derna", kind=Entity.Kind.PLACE)
    article = _piece()
    report = _cite(article, kind=Citation.Kind.DOCUMENT, source_title="Flood report")
    article.body = f'<p>Derna was <a href="#citation-{report.pk}">cut off</a> for days.</p>'
    article.save()
    article_link_entities(article=article)

    page = client.get(article.get_absolute_url()).content.decode()
    assert 'class="entity-link">Derna</a>' in page
    assert f'<span class="footnote-passage" id="citation-ref-{report.pk}">cut off</span>' in page
    assert f'<li id="citation-{report.pk}" value="1">' in page
