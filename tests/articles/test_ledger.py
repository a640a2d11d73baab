"""The quote ledger: its figures against a fixture whose counts are known, its filters, its CSV,
its chart, the entity page's summary, and a page that costs the same queries however big."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.citations import citation_dismiss, citation_save
from articles.entities import entity_merge_and_relink, entity_relink
from articles.ledger import (
    LedgerFilter,
    entity_quote_summary,
    ledger_build,
    ledger_rows_backfill,
    ledger_tallies_rebuild,
)
from articles.models import Article, Citation, LedgerQuote, LedgerTally
from articles.workflow import article_publish, article_schedule, article_unpublish
from people.models import Entity
from tests.articles.ledger_rows import stored_tallies
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CitationFactory,
    EntityFactory,
    PublishedArticleFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

MARCH = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
APRIL = datetime(2025, 4, 15, 9, 0, tzinfo=UTC)
JUNE = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


def _piece(when, **kwargs):
    return PublishedArticleFactory(publish_at=when, first_published_at=when, **kwargs)


@pytest.fixture
def newsroom():
    """Three published pieces, a draft and known quotations:

    - Chatham House (think tank): 4 quotes (Badi x3 over 2 pieces, 1 anonymous "spokesperson")
    - Ministry (government): 2 quotes by "Aref Nayed" (a name only, not in the registry)
    - 1 unattributed quote; 1 dismissed quote and 1 quote in a draft, both never counted
    - 1 source document, counted only under "all kinds"
    """
    economy, politics = SectionFactory(name="Economy"), SectionFactory(name="Politics")
    hagg, mora = AuthorFactory(name="Brenna Haggerty"), AuthorFactory(name="Ana Mora")
    badi = EntityFactory(name="Emadeddin Badi", kind=Entity.Kind.PERSON)
    chatham = EntityFactory(
        name="Chatham House",
        kind=Entity.Kind.ORGANISATION,
        organisation_type=Entity.OrganisationType.THINK_TANK,
    )
    ministry = EntityFactory(
        name="Ministry of Oil",
        kind=Entity.Kind.ORGANISATION,
        organisation_type=Entity.OrganisationType.GOVERNMENT,
    )
    march = _piece(MARCH, section=economy, authors=[hagg])
    april = _piece(APRIL, section=politics, authors=[mora])
    june = _piece(JUNE, section=economy, authors=[hagg, mora])
    draft = ArticleFactory(section=economy)
    quote = CitationFactory
    quote(article=march, speaker=badi, affiliation=chatham)
    quote(article=march, speaker=badi, affiliation=chatham)
    quote(article=june, speaker=badi, affiliation=chatham)
    quote(article=april, affiliation=chatham)  # anonymous
    quote(article=april, speaker_name="Aref Nayed", affiliation=ministry)
    quote(article=june, speaker_name="Aref Nayed", affiliation_name="Ministry of Oil")
    quote(article=june)  # unattributed
    quote(article=june, speaker=badi, review=Citation.Review.DISMISSED)
    quote(article=draft, speaker=badi, affiliation=chatham)
    quote(article=march, kind=Citation.Kind.DOCUMENT, quote="", source_title="Report")
    return {
        "badi": badi,
        "chatham": chatham,
        "ministry": ministry,
        "economy": economy,
        "hagg": hagg,
    }


def _row(rows, label):
    return next(row for row in rows if row["label"] == label)


def test_totals_and_rows_match_the_known_counts(newsroom):
    ledger = ledger_build(LedgerFilter())

    assert (ledger.quotes, ledger.pieces) == (7, 3)
    badi = _row(ledger.speakers, "Emadeddin Badi")
    assert (badi["quotes"], badi["pieces"]) == (3, 2)
    assert badi["first"] == MARCH and badi["last"] == JUNE
    assert round(badi["share"], 4) == round(3 / 7, 4)
    nayed = _row(ledger.speakers, "Aref Nayed")
    assert (nayed["quotes"], nayed["pieces"]) == (2, 2)
    assert _row(ledger.speakers, "(no speaker named)")["quotes"] == 2
    chatham = _row(ledger.affiliations, "Chatham House")
    assert (chatham["quotes"], chatham["pieces"], chatham["type_label"]) == (4, 3, "Think tank")
    # Linked and as-named mentions of the same organisation are one row.
    assert _row(ledger.affiliations, "Ministry of Oil")["quotes"] == 2
    types = {row["label"]: row["quotes"] for row in ledger.organisation_types}
    assert types == {
        "Think tank": 4,
        "Government or state body": 1,
        "Type not set": 1,
        "No affiliation": 1,
    }


def test_filters_by_period_section_author_kind_and_attribution(newsroom):
    april_on = ledger_build(LedgerFilter(start=date(2025, 4, 1)))
    assert (april_on.quotes, april_on.pieces) == (5, 2)
    march_only = ledger_build(LedgerFilter(end=date(2025, 3, 10)))
    assert march_only.quotes == 2  # the end day counts whole
    economy = ledger_build(LedgerFilter(section=newsroom["economy"]))
    assert (economy.quotes, economy.pieces) == (5, 2)
    by_hagg = ledger_build(LedgerFilter(author=newsroom["hagg"]))
    assert (by_hagg.quotes, by_hagg.pieces) == (5, 2)
    assert ledger_build(LedgerFilter(kind="")).quotes == 8
    assert ledger_build(LedgerFilter(attribution="anonymous")).quotes == 1
    assert ledger_build(LedgerFilter(attribution="unattributed")).quotes == 1
    assert ledger_build(LedgerFilter(attribution="named")).quotes == 5


def test_chart_counts_quotes_per_month_for_the_top_affiliations(newsroom):
    chart = ledger_build(LedgerFilter()).chart

    assert chart.months == [date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 1), date(2025, 6, 1)]
    counts = {series.label: series.counts for series in chart.series}
    assert counts == {"Chatham House": [2, 1, 0, 1], "Ministry of Oil": [0, 1, 0, 1]}
    assert all(len(series.points.split()) == 4 for series in chart.series)


def test_entity_summary_says_how_often_and_since_when(newsroom):
    assert entity_quote_summary(newsroom["badi"]) == "quoted 3 times in 2 pieces since March 2025"
    assert entity_quote_summary(newsroom["chatham"]) == (
        "quoted 4 times in 3 pieces since March 2025"
    )
    assert entity_quote_summary(EntityFactory()) == "not quoted in any published piece"


def test_entity_admin_page_shows_the_summary(client, editor, newsroom):
    client.force_login(editor)
    page = client.get(reverse("admin:people_entity_change", args=[newsroom["badi"].pk]))
    assert "quoted 3 times in 2 pieces since March 2025" in page.content.decode()


def test_ledger_page_shows_figures_and_an_svg_chart_to_editors(client, editor, newsroom):
    client.force_login(editor)
    page = client.get(reverse("admin:articles_quoteledger_changelist"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "7 quotations in 3 pieces, all published pieces." in html
    chart = html[html.index('<svg class="ledger-chart"') :]
    chart = chart[: chart.index("</svg>")]
    assert chart.count("<polyline") == 2 and "<script" not in chart
    assert "<title>Chatham House: 2, 1, 0, 1</title>" in chart
    assert "Chatham House" in html and "Think tank" in html


def test_the_filters_show_the_chosen_author_and_section(client, editor, newsroom):
    client.force_login(editor)
    author, section = newsroom["hagg"], newsroom["economy"]
    page = client.get(
        reverse("admin:articles_quoteledger_changelist"),
        {"author": author.pk, "section": section.pk},
    )

    html = page.content.decode()
    assert f'<option value="{author.pk}" selected>Brenna Haggerty</option>' in html
    assert f'<option value="{section.pk}" selected>{section.name}</option>' in html


def test_ledger_page_refuses_writers(client, writer):
    client.force_login(writer)
    assert client.get(reverse("admin:articles_quoteledger_changelist")).status_code == 403


def test_a_period_that_ends_before_it_starts_is_an_error(client, editor, newsroom):
    client.force_login(editor)
    page = client.get(
        reverse("admin:articles_quoteledger_changelist"),
        {"start": "2025-06-01", "end": "2025-01-01"},
    )
    assert "The period ends before it starts." in page.content.decode()


def test_csv_export_has_one_row_per_speaker_with_the_same_figures(client, editor, newsroom):
    CitationFactory(article=Article.objects.published().first(), speaker_name="=HYPERLINK(1)")
    client.force_login(editor)
    response = client.get(reverse("admin:articles_quoteledger_changelist"), {"export": "speaker"})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["speaker", "quotes", "pieces", "share", "first quoted", "last quoted"]
    badi = next(row for row in rows if row[0] == "Emadeddin Badi")
    assert badi[1:3] == ["3", "2"] and badi[4:] == ["2025-03-10", "2025-06-01"]
    assert [row[0] for row in rows if "HYPERLINK" in row[0]] == ["'=HYPERLINK(1)"]


def test_ledger_page_costs_the_same_queries_however_many_quotes(client, editor, newsroom):
    """The ledger groups in the database: more speakers, pieces or months must not mean more
    queries (a query per row would make the 100,000-piece archive unusable)."""
    client.force_login(editor)
    url = reverse("admin:articles_quoteledger_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for index in range(12):
        speaker = EntityFactory(name=f"Speaker {index}")
        org = EntityFactory(name=f"Org {index}", kind=Entity.Kind.ORGANISATION)
        when = datetime(2024, index % 12 + 1, 5, tzinfo=UTC)
        CitationFactory(article=_piece(when), speaker=speaker, affiliation=org)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_the_page_keeps_its_figures_for_the_cache_time(client, editor, newsroom, settings):
    from django.core.cache import cache

    settings.NEWSROOM_LEDGER_CACHE_SECONDS = 300
    cache.clear()
    client.force_login(editor)
    url = reverse("admin:articles_quoteledger_changelist")
    assert "7 quotations in 3 pieces" in client.get(url).content.decode()

    CitationFactory(article=Article.objects.published().first(), speaker=newsroom["badi"])

    assert "7 quotations in 3 pieces" in client.get(url).content.decode()
    cache.clear()
    assert "8 quotations in 3 pieces" in client.get(url).content.decode()


def _speaker(ledger, label):
    return next((row for row in ledger.speakers if row["label"] == label), None)


def test_a_scheduled_piece_counts_from_its_time_on(editor, newsroom):
    """Its rows are written when it is scheduled; the default page subtracts them until
    readers can see the piece, first and last quoted included."""
    later = datetime(2031, 1, 5, 9, 0, tzinfo=UTC)
    piece = ArticleFactory(status=Article.Status.APPROVED, authors=[AuthorFactory()])
    CitationFactory(
        article=piece,
        speaker=newsroom["badi"],
        affiliation=newsroom["chatham"],
        verification=Citation.Verification.VERIFIED,
    )
    CitationFactory(article=piece, speaker_name="Only Later", verification="verified")
    article_schedule(article=piece, by=editor, publish_at=later)

    before = ledger_build(LedgerFilter())
    assert (before.quotes, before.pieces) == (7, 3)
    badi = _speaker(before, "Emadeddin Badi")
    assert (badi["quotes"], badi["pieces"], badi["last"]) == (3, 2, JUNE)
    assert _speaker(before, "Only Later") is None
    assert ledger_build(LedgerFilter(kind="")).quotes == 8  # the rows' path agrees

    with time_machine.travel(later + timedelta(minutes=1)):
        after = ledger_build(LedgerFilter())
        assert (after.quotes, after.pieces) == (9, 4)
        badi = _speaker(after, "Emadeddin Badi")
        assert (badi["quotes"], badi["pieces"], badi["last"]) == (4, 3, later)
        assert _speaker(after, "Only Later")["quotes"] == 1
        assert ledger_build(LedgerFilter(start=date(2031, 1, 1))).quotes == 2


def test_the_ledger_follows_the_services_that_change_what_it_counts(editor, newsroom):
    """Unpublishing, publishing again, dismissing or editing a citation and renaming or
    merging an entity change the figures at once, through the services' own transaction; the
    tallies they move stay what counting afresh gives."""
    june = Article.objects.get(first_published_at=JUNE)
    article_unpublish(article=june, by=editor, comment="Legal check")
    ledger = ledger_build(LedgerFilter())
    assert (ledger.quotes, ledger.pieces) == (4, 2)
    assert _speaker(ledger, "Emadeddin Badi")["last"] == MARCH

    june.refresh_from_db()
    june.status = Article.Status.APPROVED
    june.save(update_fields=["status"])
    article_publish(article=june, by=editor, override_reason="Checked by phone")
    assert ledger_build(LedgerFilter()).quotes == 7

    unattributed = june.citations.get(speaker_name="", speaker=None, affiliation=None)
    citation_dismiss(citation=unattributed, by=editor)
    nayed = june.citations.get(speaker_name="Aref Nayed")
    nayed.speaker_name = "Aref A. Nayed"
    citation_save(citation=nayed, by=editor)
    ledger = ledger_build(LedgerFilter())
    assert ledger.quotes == 6
    assert _speaker(ledger, "Aref A. Nayed")["quotes"] == 1

    badi = newsroom["badi"]
    badi.name = "Emad Badi"
    badi.save()
    entity_relink(entity=badi)
    assert _speaker(ledger_build(LedgerFilter()), "Emad Badi")["quotes"] == 3

    other = EntityFactory(name="Chatham House Institute", kind=Entity.Kind.ORGANISATION)
    entity_merge_and_relink(source=newsroom["chatham"], target=other)
    affiliations = {
        row["label"]: row["quotes"] for row in ledger_build(LedgerFilter()).affiliations
    }
    assert affiliations["Chatham House Institute"] == 4 and "Chatham House" not in affiliations

    kept = stored_tallies()
    ledger_tallies_rebuild()
    assert stored_tallies() == kept


def test_the_migration_backfill_writes_what_the_services_wrote(newsroom):
    rows = sorted(LedgerQuote.objects.values_list())
    tallies = stored_tallies()
    LedgerQuote.objects.all().delete()
    LedgerTally.objects.all().delete()

    assert ledger_rows_backfill() == len(rows)
    ledger_tallies_rebuild()

    assert sorted(LedgerQuote.objects.values_list()) == rows
    assert stored_tallies() == tallies


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"start": "2024-01-01", "end": "2025-12-31"},
        {"kind": "", "attribution": "anonymous"},
        {"section": "economy"},
        {"author": "hagg"},
    ],
    ids=["all-time", "period", "kind-and-attribution", "section", "author"],
)
def test_each_view_of_the_ledger_costs_the_same_queries_however_many_quotes(
    client, editor, newsroom, query
):
    """The default page reads the tallies, a filtered one groups the rows: neither may cost
    a query per speaker, piece or month."""
    query = {key: getattr(newsroom.get(value), "pk", value) for key, value in query.items()}
    client.force_login(editor)
    url = reverse("admin:articles_quoteledger_changelist")
    client.get(url, query)
    with CaptureQueriesContext(connection) as small:
        client.get(url, query)
    for index in range(12):
        speaker = EntityFactory(name=f"Speaker {index}")
        org = EntityFactory(name=f"Org {index}", kind=Entity.Kind.ORGANISATION)
        when = datetime(2024 + index % 2, index % 12 + 1, 5, tzinfo=UTC)
        piece = _piece(when, section=newsroom["economy"], authors=[newsroom["hagg"]])
        CitationFactory(article=piece, speaker=speaker, affiliation=org)
        CitationFactory(article=piece, affiliation=org)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url, query)
    assert page.status_code == 200 and "Org 3" in page.content.decode()
    assert len(large) == len(small)
