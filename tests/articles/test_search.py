"""The search of published pieces: what is found, in which order, and how matches are shown.

Every test runs on both databases; where PostgreSQL's full-text search and the SQLite fallback
honestly differ (stemming, query syntax), the test says what each one does."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F
from django.utils import timezone

from articles import search
from articles.entities import article_link_entities
from articles.fulltext import SEARCH_CONFIG, body_words
from articles.models import Article
from articles.search import (
    MAX_QUERY_LENGTH,
    SearchFilters,
    clean_query,
    has_words,
    highlight,
    query_was_shortened,
    search_articles,
)
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EntityFactory,
    PublishedArticleFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

ON_POSTGRES = connection.vendor == "postgresql"
# A long paragraph of words that match nothing searched for here.
FILLER = "<p>" + " ".join(["The harbour authority met again on Tuesday."] * 80) + "</p>"
FILLER_WORDS = {"The", "harbour", "authority", "met", "again", "on", "Tuesday."}


def titles(query, articles=None):
    articles = Article.objects.published() if articles is None else articles
    return [article.title for article in search_articles(articles, query)]


def test_clean_query_drops_control_characters_and_collapses_space():
    assert clean_query("  oil\x00 \t prices\r\n\x07 ") == "oil prices"


def test_clean_query_cuts_overlong_queries_and_says_so():
    raw = "word " * 1000

    assert len(clean_query(raw)) <= MAX_QUERY_LENGTH
    assert query_was_shortened(raw)
    assert not query_was_shortened("a short question")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("!!! ???", False),
        ("", False),
        ("'; --", False),
        ("___", False),
        ("нефть", True),
        ("G7", True),
    ],
)
def test_has_words_needs_a_letter_or_digit(query, expected):
    assert has_words(query) is expected


def test_finds_published_pieces_by_any_of_their_texts():
    PublishedArticleFactory(title="Pipelines and power", dek="", body="<p>Nothing else.</p>")
    PublishedArticleFactory(title="Elsewhere", dek="Why the pipeline matters", body="")
    PublishedArticleFactory(title="Other", dek="", body="<p>A long <em>pipeline</em> story.</p>")
    PublishedArticleFactory(title="Unrelated", dek="Grain", body="<p>Wheat.</p>")

    assert sorted(titles("pipeline")) == ["Elsewhere", "Other", "Pipelines and power"]


def test_every_word_must_match():
    PublishedArticleFactory(title="Oil and gas in Libya")
    PublishedArticleFactory(title="Oil in Norway")

    assert titles("oil libya") == ["Oil and gas in Libya"]


def test_drafts_and_pieces_not_yet_live_are_never_found():
    ArticleFactory(title="Draft about copper")
    for status in [Article.Status.IN_REVIEW, Article.Status.UNPUBLISHED, Article.Status.ARCHIVED]:
        ArticleFactory(title=f"Copper piece {status}", status=status)
    go_live = timezone.now() + timedelta(hours=2)
    PublishedArticleFactory(
        title="Scheduled copper piece", status=Article.Status.SCHEDULED, publish_at=go_live
    )

    assert titles("copper") == []
    with time_machine.travel(go_live + timedelta(minutes=1)):
        assert titles("copper") == ["Scheduled copper piece"]


def test_headline_matches_rank_above_standfirst_above_body():
    now = timezone.now()
    # The body match is the newest, so only relevance can put it last.
    PublishedArticleFactory(
        title="Body", dek="", body="<p>Talk of drought.</p>", publish_at=now - timedelta(hours=1)
    )
    PublishedArticleFactory(
        title="Standfirst", dek="A drought ahead", body="", publish_at=now - timedelta(days=1)
    )
    PublishedArticleFactory(
        title="The drought", dek="", body="", publish_at=now - timedelta(days=2)
    )

    assert titles("drought") == ["The drought", "Standfirst", "Body"]


def test_equal_matches_come_newest_first():
    now = timezone.now()
    PublishedArticleFactory(title="Older tariff piece", publish_at=now - timedelta(days=3))
    PublishedArticleFactory(title="Newer tariff piece", publish_at=now - timedelta(days=1))

    assert titles("tariff") == ["Newer tariff piece", "Older tariff piece"]


def test_markup_in_the_body_is_not_searchable():
    PublishedArticleFactory(title="Plain", body="<p>Text with <strong>bold</strong> words.</p>")

    assert titles("bold") == ["Plain"]
    if ON_POSTGRES:
        # The fallback compares the stored HTML as text, so there a tag's name can match.
        assert titles("strong") == []


def test_related_word_forms_are_found_on_postgres():
    PublishedArticleFactory(title="Sanctioned banks", dek="", body="")

    # PostgreSQL stems both to "sanction"; the fallback matches text as typed.
    assert titles("sanctions") == (["Sanctioned banks"] if ON_POSTGRES else [])
    assert titles("sanction") == ["Sanctioned banks"]


def test_quoted_phrases_and_excluded_words_on_postgres():
    PublishedArticleFactory(title="Central banks buy gold", dek="", body="")
    PublishedArticleFactory(title="Banks in central Asia", dek="", body="")

    if ON_POSTGRES:
        assert titles('"central banks"') == ["Central banks buy gold"]
        assert titles("banks -gold") == ["Banks in central Asia"]
    else:
        # Without a query language the quotes and minus are punctuation, and both words count.
        assert sorted(titles('"central banks"')) == [
            "Banks in central Asia",
            "Central banks buy gold",
        ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", []),
        ("   ", []),
        ("!!!", []),
        ("'; DROP TABLE articles_article; --", []),
        ("& | ! ( ) : * <-> \\ ' \" ) (", []),
        ("\x00oil\x00", ["Oil markets"]),
        ("oil " + "!" * 10_000, ["Oil markets"]),
        ("x" * 10_000, []),
        ("油价 ☃ 🚀 نفط", []),
        # LIKE's wildcards are searched for as characters, never as wildcards.
        ("%_%", []),
        # tsquery's operators typed by a reader are punctuation: both words are still required.
        ("oil:* | !markets", ["Oil markets"]),
    ],
)
def test_absurd_queries_give_an_answer_not_an_error(query, expected):
    PublishedArticleFactory(title="Oil markets", dek="", body="<p>Prices.</p>")

    assert titles(query) == expected
    assert Article.objects.count() == 1


def test_unicode_words_are_found():
    PublishedArticleFactory(title="Цены на нефть", dek="", body="")

    assert titles("нефть") == ["Цены на нефть"]


def test_filters_narrow_by_section_author_and_dates():
    section, other_section = SectionFactory(), SectionFactory()
    author = AuthorFactory()
    now = timezone.now()
    PublishedArticleFactory(
        title="Ports in section", section=section, publish_at=now - timedelta(days=10)
    )
    PublishedArticleFactory(title="Ports elsewhere", section=other_section, authors=[author])
    articles = Article.objects.published()

    assert titles("ports", SearchFilters(section=section).apply(articles)) == ["Ports in section"]
    assert titles("ports", SearchFilters(author=author).apply(articles)) == ["Ports elsewhere"]
    recent = SearchFilters(published_from=timezone.localdate() - timedelta(days=2))
    assert titles("ports", recent.apply(articles)) == ["Ports elsewhere"]
    older = SearchFilters(published_to=timezone.localdate() - timedelta(days=5))
    assert titles("ports", older.apply(articles)) == ["Ports in section"]
    assert not SearchFilters()
    assert SearchFilters(published_to=date(2026, 1, 1))


def test_date_filters_use_the_newsroom_day_and_are_inclusive(settings):
    settings.TIME_ZONE = "Europe/London"
    # 23:30 UTC on 30 June is 00:30 on 1 July in London.
    published = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    with time_machine.travel(published + timedelta(days=1)):
        PublishedArticleFactory(title="Midnight ports", publish_at=published)
        july = SearchFilters(published_from=date(2026, 7, 1), published_to=date(2026, 7, 1))
        june = SearchFilters(published_to=date(2026, 6, 30))

        assert titles("ports", july.apply(Article.objects.published())) == ["Midnight ports"]
        assert titles("ports", june.apply(Article.objects.published())) == []


def test_highlight_marks_matches_and_escapes_everything_else():
    PublishedArticleFactory(
        title="<script>alert(1)</script> Tanker seizures",
        dek='Why "tankers" & <b>ports</b> matter',
        body=(
            "<p>Opening paragraph about nothing much.</p>"
            "<p>Then the <strong>tanker</strong> trade &amp; its insurers.</p>"
        ),
    )
    results = search_articles(Article.objects.published(), "tanker")

    (hit,) = highlight(results, "tanker")

    assert "<script>" not in hit.title_html
    assert "&lt;script&gt;" in hit.title_html
    assert "<mark>Tanker</mark>" in hit.title_html
    assert "<b>" not in hit.dek_html
    assert "&lt;b&gt;" in hit.dek_html
    assert "<mark>" in hit.dek_html
    assert hit.snippet_matches
    assert "<mark>tanker</mark>" in hit.snippet_html
    assert "<strong>" not in hit.snippet_html
    assert "<p>" not in hit.snippet_html
    # The body's &amp; reads as "&", escaped once for the page: never "&amp;amp;".
    assert "trade &amp; its insurers" in hit.snippet_html
    assert "&amp;amp;" not in hit.snippet_html


def test_highlight_keeps_marks_well_formed_whatever_the_text_holds():
    PublishedArticleFactory(title="Odd \ue000 marker \ue001 in a rice headline", dek="", body="")
    results = search_articles(Article.objects.published(), "rice")

    (hit,) = highlight(results, "rice")

    html = str(hit.title_html)
    assert html.count("<mark>") == html.count("</mark>") >= 1
    assert "<mark><mark>" not in html
    if ON_POSTGRES:
        assert "\ue000" not in html and "\ue001" not in html


def test_a_later_page_marks_exactly_its_own_pieces_in_rank_order():
    now = timezone.now()
    for days, title in enumerate(["Quarry one", "Quarry two", "Quarry three", "Quarry four"]):
        PublishedArticleFactory(
            title=title,
            body=f"<p>{title.split()[1]} words about the quarry.</p>",
            publish_at=now - timedelta(days=days),
        )
    results = search_articles(Article.objects.published().with_byline(), "quarry")
    page = Paginator(results, 2).page(2)

    hits = highlight(page, "quarry", Article.objects.published().with_byline())

    assert [hit.article.title for hit in hits] == ["Quarry three", "Quarry four"]
    assert [hit.title_html for hit in hits] == [
        "<mark>Quarry</mark> three",
        "<mark>Quarry</mark> four",
    ]
    assert all("<mark>quarry</mark>" in hit.snippet_html for hit in hits)
    assert hits[0].snippet_html.startswith("three words")


def test_snippet_without_a_body_match_is_flagged_so_the_page_can_leave_it_out():
    PublishedArticleFactory(title="Lithium", dek="", body="<p>About batteries only.</p>")

    (hit,) = highlight(search_articles(Article.objects.published(), "lithium"), "lithium")

    assert not hit.snippet_matches


def test_a_match_deep_in_a_long_body_still_gets_its_passage_and_an_opening_match_its_own():
    PublishedArticleFactory(title="Late", dek="", body=f"{FILLER}<p>Then the cobalt deal.</p>")
    PublishedArticleFactory(title="Early", dek="", body=f"<p>A cobalt price spike.</p>{FILLER}")
    assert len(FILLER) > 3 * search.SNIPPET_WINDOW_CHARS

    hits = highlight(search_articles(Article.objects.published(), "cobalt"), "cobalt")

    passages = {hit.article.title: hit.snippet_html for hit in hits}
    assert "<mark>cobalt</mark> deal" in passages["Late"]
    assert "<mark>cobalt</mark> price" in passages["Early"]


def _passage_words(hit) -> list[str]:
    text = str(hit.snippet_html).replace("<mark>", "").replace("</mark>", "")
    return [word for word in text.split() if word != "…"]


@pytest.mark.skipif(not ON_POSTGRES, reason="the passages are ts_headline's, on PostgreSQL")
def test_passages_deep_in_long_bodies_cost_no_query_of_their_own(django_assert_num_queries):
    for title in ("One", "Two", "Three"):
        PublishedArticleFactory(title=title, dek="", body=f"{FILLER}<p>Then cobalt.</p>")
    results = search_articles(Article.objects.published(), "cobalt")
    highlight(results, "cobalt")  # the content type and other one-off lookups

    with django_assert_num_queries(1):
        hits = highlight(results, "cobalt")

    assert all(hit.snippet_matches for hit in hits)


@pytest.mark.skipif(not ON_POSTGRES, reason="the passages are ts_headline's, on PostgreSQL")
def test_the_passage_is_from_around_the_first_mention_and_shows_no_word_in_part():
    PublishedArticleFactory(
        title="Mines",
        dek="",
        body=f"{FILLER}<p>First the cobalt mines closed.</p>{FILLER}"
        "<p>Later the cobalt traders left.</p>",
    )

    (hit,) = highlight(search_articles(Article.objects.published(), "cobalt"), "cobalt")

    assert "<mark>cobalt</mark> mines closed" in hit.snippet_html
    assert "traders" not in hit.snippet_html
    # The window starts and ends inside the filler's words: none may show cut.
    words = _passage_words(hit)
    assert set(words) - FILLER_WORDS == {"First", "the", "cobalt", "mines", "closed."}


@pytest.mark.skipif(not ON_POSTGRES, reason="the passages are ts_headline's, on PostgreSQL")
@pytest.mark.parametrize(
    ("opening", "match", "query", "queries"),
    [
        # "warm" looks like "war" and its window shows no match: the whole body is read, in
        # one more query.
        ("The peacekeepers left in warm weather.", "war", "war", 2),
        # A longer word is not taken for the query's.
        ("The peacekeepers left.", "peace", "peace", 1),
        # A word the query excludes is not looked for: "warm" would be found first.
        ("The envoys left in warm weather.", "peace", "peace -war", 1),
    ],
    ids=["lookalike word", "longer word", "excluded word"],
)
def test_a_word_that_only_begins_like_the_query_does_not_hide_the_real_match(
    django_assert_num_queries, opening, match, query, queries
):
    PublishedArticleFactory(
        title="Valley", dek="", body=f"<p>{opening}</p>{FILLER}<p>Then {match} returned.</p>"
    )
    PublishedArticleFactory(title="Front", dek="", body="<p>Peace, then war again.</p>")
    results = search_articles(Article.objects.published(), query)
    highlight(results, query)

    with django_assert_num_queries(queries):
        hits = {hit.article.title: hit for hit in highlight(results, query)}

    assert f"<mark>{match}</mark> returned" in hits["Valley"].snippet_html
    assert ("Front" in hits) == ("-war" not in query)


@pytest.mark.skipif(not ON_POSTGRES, reason="the passages are ts_headline's, on PostgreSQL")
def test_a_query_that_only_excludes_words_shows_openings_without_reading_whole_bodies():
    PublishedArticleFactory(title="Valley", dek="", body=f"{FILLER}<p>Then peace returned.</p>")
    PublishedArticleFactory(title="Front", dek="", body="<p>War again.</p>")

    (hit,) = highlight(search_articles(Article.objects.published(), "-war"), "-war")

    assert hit.article.title == "Valley"
    assert _passage_words(hit)[:4] == ["The", "harbour", "authority", "met"]
    # What decides whether a body is parsed whole: its words against the words asked for,
    # none here (its words against the whole query, "not war", would say yes).
    wanted = Article.objects.annotate(
        parsed_whole=search._matches(
            body_words(F("search_document")), search._wanted_words("-war")
        ),
        asked_peace=search._matches(
            body_words(F("search_document")), search._wanted_words("peace -war")
        ),
    ).get(title="Valley")
    assert not wanted.parsed_whole
    assert wanted.asked_peace


def test_a_stem_that_is_not_the_start_of_the_word_still_gets_its_passage():
    # The English stemmer makes "country" "countri": no word of the body begins with that.
    PublishedArticleFactory(
        title="Borders", dek="", body=f"{FILLER}<p>The country closed its border.</p>"
    )

    (hit,) = highlight(search_articles(Article.objects.published(), "country"), "country")

    assert "<mark>country</mark> closed" in hit.snippet_html


def test_a_match_in_the_headline_alone_shows_the_unmarked_opening():
    PublishedArticleFactory(title="Cobalt", dek="", body=f"{FILLER}<p>Nothing else.</p>")

    (hit,) = highlight(search_articles(Article.objects.published(), "cobalt"), "cobalt")

    assert hit.title_html == "<mark>Cobalt</mark>"
    assert not hit.snippet_matches
    assert _passage_words(hit)[:4] == ["The", "harbour", "authority", "met"]


def test_search_among_one_authors_pieces_finds_the_newest_matches_best_first(monkeypatch):
    """The author filter's search (from the author's bylines, matched newest first) finds what
    the plain search finds, ranked the same, among the newest candidates."""
    monkeypatch.setattr(search, "SEARCH_CANDIDATES", 2)
    author = AuthorFactory()
    now = timezone.now()
    for days, title, dek in [
        (1, "Harbour news", "Ports reopen after the storm"),
        (2, "Ports reopen", ""),
        (3, "Ports closed", ""),  # the oldest match, beyond the newest two
        (0, "Rivers", ""),
    ]:
        PublishedArticleFactory(
            title=title, dek=dek, authors=[author], publish_at=now - timedelta(days=days)
        )
    PublishedArticleFactory(title="Ports elsewhere")
    filters = SearchFilters(author=author)
    pieces = filters.apply(Article.objects.published())

    found = filters.search(Article.objects.published(), "ports")

    assert [article.title for article in found] == titles("ports", pieces)
    if ON_POSTGRES:
        # Headline matches first; "Ports closed" is older than the newest two matches.
        assert [article.title for article in found] == ["Ports reopen", "Harbour news"]


def test_search_among_one_entitys_pieces_finds_the_newest_matches_best_first(monkeypatch):
    """The entity filter's search (from the entity's mentions, newest first) finds what the
    plain filtered search finds, ranked the same, among the newest candidates; with an author
    too, it keeps the pieces of both."""
    monkeypatch.setattr(search, "SEARCH_CANDIDATES", 2)
    dam = EntityFactory(name="Merowe Dam", kind="place")
    writer = AuthorFactory()
    now = timezone.now()
    for days, title, dek in [
        (1, "Harbour news", "Ports reopen below the Merowe Dam"),
        (2, "Ports reopen", "Merowe Dam opens its gates"),
        (3, "Ports closed", "Merowe Dam shut"),  # the oldest match, beyond the newest two
        (0, "Rivers", "Merowe Dam"),
    ]:
        PublishedArticleFactory(
            title=title, dek=dek, authors=[writer], publish_at=now - timedelta(days=days)
        )
    PublishedArticleFactory(title="Ports elsewhere", authors=[writer])
    for article in Article.objects.all():
        article_link_entities(article=article)
    filters = SearchFilters(entity=dam)
    pieces = filters.apply(Article.objects.published())

    found = filters.search(Article.objects.published(), "ports")
    by_both = SearchFilters(entity=dam, author=writer).search(Article.objects.published(), "ports")

    assert [article.title for article in found] == titles("ports", pieces)
    assert [article.title for article in by_both] == titles("ports", pieces)
    if ON_POSTGRES:
        assert [article.title for article in found] == ["Ports reopen", "Harbour news"]


def test_postgres_search_uses_the_gin_index():
    """Matching goes through the GIN index over the stored document, and neither matching nor
    ranking parses a text again: without them search slows down as the archive grows."""
    if not ON_POSTGRES:
        assert "article_search_document_gin" not in _sqlite_index_names()
        return
    PublishedArticleFactory(title="Indexed piece")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    words = SearchQuery("indexed", search_type="websearch", config=SEARCH_CONFIG)

    matching = Article.objects.filter(search_document=words).explain()
    finding = search.newest_matches(Article.objects.published(), "indexed").explain(verbose=True)
    ranking = search_articles(Article.objects.published(), "indexed").explain(verbose=True)

    assert "article_search_document_gin" in matching
    assert "to_tsvector" not in finding
    assert "to_tsvector" not in ranking


def _sqlite_index_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        return {row[0] for row in cursor.fetchall()}
