"""Finding published pieces by the words readers type.

On PostgreSQL the search is full-text: words are stemmed (a search for "sanction" finds
"sanctions"), matches in the headline weigh more than in the standfirst, which weigh more than in
the body, and results come best match first with the matching words highlighted. The weighted
document is stored with each article (``Article.search_document``, see ``articles.fulltext``)
under a GIN index, so neither matching nor ranking parses a body at query time. Ranking is done
among the newest ``SEARCH_CANDIDATES`` matches: a word found in most of a 100,000-piece archive
costs what a rare one does, and a reader looking for the best match among ten years of "government"
is better served by narrowing the search (by section, author, entity or dates), which the page
offers.

On SQLite, the laptop database, there is no full-text engine worth the name, so the fallback
finds pieces that contain every word of the query somewhere in their headline, standfirst or body,
headline matches first, then standfirst matches, newest first within each.

Both backends take what the reader typed as-is: anything is a valid query, and a query without a
single letter or digit simply finds nothing.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchQueryField,
    SearchRank,
)
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat, Left, NullIf, Substr
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from taggit.models import TaggedItem

from articles.fulltext import SEARCH_CONFIG, body_words
from articles.models import Article, Authorship, Mention, Section
from people.models import Author, Entity

# How many of the newest matches are ranked (see the module's docstring).
SEARCH_CANDIDATES = 300
# Long enough for any real question, short enough that a pasted page cannot become a huge query.
MAX_QUERY_LENGTH = 200
# The SQLite fallback turns each word into three LIKE clauses; beyond this many words the query
# stops narrowing anything a reader would notice.
MAX_FALLBACK_WORDS = 12
SNIPPET_WORDS = 30
# ts_headline parses all the text it is given, and PostgreSQL's parser is slow (20 whole bodies
# of 800 words took 20 ms a page): the passage is looked for in a window of the body's text
# around the first word that begins with one of the query's stems, which a regular expression
# finds without parsing. A word that only looks like a match ("peacekeeping" for "peace") gives
# a window without one: those pieces, and the pieces in which no word looks like one, have their
# whole body parsed instead.
SNIPPET_WINDOW_CHARS = 600
SNIPPET_WINDOW_BEFORE = 60
# What may follow a stem in a word taken for a match: the endings the English stemmer removes
# ("government" is "govern" and "ment") are short; a longer tail is another word.
_STEM_ENDING = "[[:alnum:]]{0,6}"

_WORD = re.compile(r"[^\W_]+")  # letters and digits; \w would count "_" as a word
_SPACE = re.compile(r"\s+")
# ts_headline wraps matches in these private-use characters rather than in HTML, so that its
# output can be escaped as plain text before the only markup we allow, <mark>, is put back.
_START, _STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{_START}([^{_START}{_STOP}]*){_STOP}")


def clean_query(raw: str) -> str:
    """Return what the reader typed with control characters removed (PostgreSQL refuses NUL
    bytes outright), runs of white space made single spaces, cut to ``MAX_QUERY_LENGTH``."""
    return _visible(raw)[:MAX_QUERY_LENGTH].strip()


def query_was_shortened(raw: str) -> bool:
    """Return whether ``clean_query()`` had to cut the query short."""
    return len(_visible(raw)) > MAX_QUERY_LENGTH


def _visible(raw: str) -> str:
    visible = "".join(
        " " if character.isspace() else character
        for character in raw
        if character.isspace() or unicodedata.category(character) not in {"Cc", "Cs"}
    )
    return _SPACE.sub(" ", visible).strip()


def has_words(query: str) -> bool:
    """Return whether the query holds at least one letter or digit, i.e. anything to look for."""
    return bool(_WORD.search(query))


@dataclass(frozen=True, kw_only=True)
class SearchFilters:
    """What a reader narrowed the search to. Each filter is optional; the dates are inclusive
    days of first publication in the newsroom's time zone.

    ``entity`` keeps the pieces that mention that person, organisation or place."""

    section: Section | None = None
    author: Author | None = None
    entity: Entity | None = None
    published_from: date | None = None
    published_to: date | None = None

    def __bool__(self) -> bool:
        return any(value is not None for value in vars(self).values())

    def search(self, articles: QuerySet, query: str) -> QuerySet:
        """Return ``search_articles()`` of ``articles`` narrowed to these filters. The author
        and the entity are left to the search itself, which may start from the author's
        bylines or the entity's mentions."""
        others = replace(self, author=None, entity=None).apply(articles)
        return search_articles(others, query, author=self.author, entity=self.entity)

    def apply(self, articles: QuerySet) -> QuerySet:
        """Return ``articles`` narrowed to the chosen section, author, entity and dates."""
        if self.section is not None:
            articles = articles.filter(section=self.section)
        if self.author is not None:
            articles = articles.filter(authors=self.author)
        if self.entity is not None:
            articles = articles.filter(mentions__entity=self.entity)
        # As ranges of moments rather than dates of moments, so the newest-first index serves.
        if self.published_from is not None:
            articles = articles.filter(first_published_at__gte=start_of_day(self.published_from))
        if self.published_to is not None:
            next_day = self.published_to + timedelta(days=1)
            articles = articles.filter(first_published_at__lt=start_of_day(next_day))
        return articles


def start_of_day(day: date) -> datetime:
    """Return the first moment of ``day`` in the newsroom's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def search_articles(
    articles: QuerySet,
    query: str,
    *,
    author: Author | None = None,
    entity: Entity | None = None,
) -> QuerySet:
    """Return those of ``articles`` that match ``query``, best match first.

    ``articles`` should already be the public ones (``Article.objects.published()``). Pass the
    results through ``highlight()`` once paginated, with the queryset that fetches what the
    page shows: on PostgreSQL the results are the matches alone, read by their keys.

    ``author`` keeps that author's pieces only. On PostgreSQL the search then starts from the
    author's bylines: a common word would otherwise have every stored document it appears in
    read and matched, the whole archive's worth, before the byline join threw most of them away
    (or the newest pieces of everyone walked until enough of the author's turned up).

    ``entity`` keeps the pieces that mention it. On PostgreSQL the entity's mentions, newest
    first, are then one way the database may take: for a common word it walks them and matches
    each piece until enough are found, for a rare one it matches first."""
    query = clean_query(query)
    if not has_words(query):
        return articles.none()
    if connections[articles.db].vendor == "postgresql":
        return _full_text_search(articles, query, author=author, entity=entity)
    if author is not None:
        articles = articles.filter(authors=author)
    if entity is not None:
        articles = articles.filter(mentions__entity=entity)
    return _fallback_search(articles, query)


def _newest_matches_by_author(articles: QuerySet, author: Author, words: SearchQuery) -> RawSQL:
    """The ids of the newest ``SEARCH_CANDIDATES`` of ``author``'s ``articles`` that match
    ``words``: the author's bylines walked newest first from their (author, date) index (each
    byline carries its piece's first publication), each piece looked up by its key and matched,
    until enough are found. A prolific author's thousands of bylines cost nothing beyond the
    ones walked: no piece is read for its date and nothing is sorted. The OFFSET 0 keeps
    PostgreSQL to that order of work (the lookups per byline, inside the walk)."""
    piece = (
        articles.filter(
            pk=RawSQL("byline.article_id", ()),
            search_document=words,
        )
        .order_by()
        .values("pk")
    )
    sql, params = piece.query.sql_with_params()
    bylines = Authorship._meta.db_table
    # The SQL is the ORM's own and every value, the query included, is a parameter.
    return RawSQL(  # noqa: S611
        f"SELECT byline.article_id FROM {bylines} AS byline "  # noqa: S608
        f"CROSS JOIN LATERAL ({sql} OFFSET 0) AS matched "
        "WHERE byline.author_id = %s AND byline.first_published_at IS NOT NULL "
        "ORDER BY byline.first_published_at DESC, byline.article_id DESC LIMIT %s",
        (*params, author.pk, SEARCH_CANDIDATES),
    )


def _full_text_search(
    articles: QuerySet, query: str, *, author: Author | None, entity: Entity | None
) -> QuerySet:
    # The candidates are found once, here: left as a subquery, the page's count and the page
    # itself would each find them again (half of a filtered search's time). They passed every
    # filter already, so they are ranked by their keys alone, not through the filters' joins.
    found = list(newest_matches(articles, query, author=author, entity=entity))
    manager = articles.model._default_manager.db_manager(articles.db)
    return _ranked(manager.filter(pk__in=found), _websearch(query))


def newest_matches(
    articles: QuerySet,
    query: str,
    *,
    author: Author | None = None,
    entity: Entity | None = None,
) -> QuerySet:
    """Return the ids of the newest ``SEARCH_CANDIDATES`` of ``articles`` (of ``author``'s
    pieces among them, or else those mentioning ``entity``, if given) that match ``query`` on
    PostgreSQL: the candidates that ``search_articles()`` ranks. With both, the author's
    bylines are walked (an author's pieces are bounded, an entity's may be a quarter of the
    archive) and the entity narrows the pieces met."""
    words = _websearch(clean_query(query))
    if author is not None and entity is not None:
        articles = articles.filter(mentions__entity=entity)
    if author is not None:
        by_author = _newest_matches_by_author(articles, author, words)
        manager = articles.model._default_manager.db_manager(articles.db)
        # Unordered: ordered by the model's default, PostgreSQL would read every article's key
        # from the date index to join the few matches against it.
        return manager.filter(pk__in=by_author).order_by().values_list("pk", flat=True)
    if entity is not None:
        # Mentions carry their piece's date (as ordered by the date index: newest, then id).
        matching = articles.filter(search_document=words).order_by()
        return (
            Mention.objects.db_manager(articles.db)
            .filter(entity=entity, first_published_at__isnull=False, article__in=matching)
            .order_by("-first_published_at", "-article_id")
            .values_list("article_id", flat=True)[:SEARCH_CANDIDATES]
        )
    return (
        articles.filter(search_document=words)
        .order_by("-first_published_at", "-id")
        .values_list("pk", flat=True)[:SEARCH_CANDIDATES]
    )


def _websearch(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def _ranked(articles: QuerySet, words: SearchQuery) -> QuerySet:
    return articles.annotate(search_rank=SearchRank(F("search_document"), words)).order_by(
        "-search_rank", "-first_published_at", "-id"
    )


def _with_headlines(articles: QuerySet, words: SearchQuery, query: str) -> QuerySet:
    """Return ``articles`` with their headline, standfirst and a passage of their body's plain
    text, matches marked, as PostgreSQL's ts_headline gives them; the passage from a window
    around the first word that looks like a match (``search_first_word``, NULL when none does),
    else from the whole body. Each costs a parse of its text: only the rows of the page shown
    should ever carry them."""
    marks = {"start_sel": _START, "stop_sel": _STOP}
    first_word = _first_word_like(query)
    return articles.annotate(
        search_title=SearchHeadline(
            "title", words, config=SEARCH_CONFIG, highlight_all=True, **marks
        ),
        search_dek=SearchHeadline("dek", words, config=SEARCH_CONFIG, highlight_all=True, **marks),
        search_first_word=first_word,
        # ts_headline of NULL is NULL without parsing anything, and COALESCE stops at the
        # first value that is not NULL: a located piece's body is parsed in its window only. A
        # body in which no word looks like a match is parsed whole only if the body's own words
        # in the stored document match the words asked for: often the match is in the headline
        # alone, or the query only excludes words, and then the opening stands for the body.
        search_snippet=Coalesce(
            _snippet(_window_from(first_word), words),
            Case(
                When(
                    _matches(body_words(F("search_document")), _wanted_words(query)),
                    then=_snippet("body_text", words),
                ),
                default=_snippet(Left("body_text", SNIPPET_WINDOW_CHARS), words),
            ),
        ),
    )


def _matches(document, words) -> Func:
    """``document @@ words``: NULL, so false, when ``words`` is."""
    return Func(
        document,
        words,
        template="(%(expressions)s)",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def _snippet(text, words: SearchQuery) -> SearchHeadline:
    return SearchHeadline(
        text,
        words,
        config=SEARCH_CONFIG,
        max_words=SNIPPET_WORDS,
        min_words=SNIPPET_WORDS // 2,
        max_fragments=2,
        fragment_delimiter=" … ",
        start_sel=_START,
        stop_sel=_STOP,
    )


# The words a web-search query asks for, as PostgreSQL stems them, without those it excludes
# ("-war", -"cold war"): querytree() keeps the positive part of the query and gives 'T' when
# nothing is left. Parameters: the search configuration, the query.
_WANTED_WORDS = "NULLIF(querytree(websearch_to_tsquery(%s::regconfig, %s)), 'T')"


def _wanted_words(query: str) -> RawSQL:
    """The words ``query`` asks for as a tsquery, NULL when it only excludes words."""
    return RawSQL(  # noqa: S611 - a constant statement, the query is a parameter
        f"CAST({_WANTED_WORDS} AS tsquery)",
        (SEARCH_CONFIG, query),
        output_field=SearchQueryField(),
    )


def _first_word_like(query: str) -> NullIf:
    """Where in ``body_text`` (from 1) the first word starts that looks like a match of
    ``query``: it begins with one of the stems the search configuration makes of the query,
    whatever its case, followed by no more than an ending. NULL when no word does.

    Only stems of letters and digits are looked for (web addresses, hyphenated words and
    decimals are left to the whole-body passage), so that each is a literal in the pattern.
    Words the query excludes ("-war") are not looked for: no piece found contains them, and a
    word that only looks like one ("warm") would cost a whole-body passage."""
    pattern = RawSQL(  # noqa: S611 - a constant statement: the query and ending are parameters
        "SELECT '\\m(?:' || string_agg(stem, '|') || %s "  # noqa: S608
        f"FROM unnest(tsvector_to_array(to_tsvector('simple', {_WANTED_WORDS}))) AS stem "
        "WHERE stem ~ '^[[:alnum:]]+$'",
        (f"){_STEM_ENDING}\\M", SEARCH_CONFIG, query),
    )
    found = Func(
        F("body_text"),
        pattern,
        Value(1),
        Value(1),
        Value(0),
        Value("i"),
        function="regexp_instr",  # PostgreSQL 15 and later
        output_field=IntegerField(),
    )
    return NullIf(found, Value(0))


def _window_from(first_word: NullIf) -> Coalesce:
    """``SNIPPET_WINDOW_CHARS`` of the body's text from ``SNIPPET_WINDOW_BEFORE`` before
    ``first_word``, cut at spaces so that no word shows in part; NULL when ``first_word`` is.

    The text is read with a space before and after, so that a window reaching either end of the
    body keeps its first or last word (the cut takes the added space); a start before the first
    character only shortens the window (SQL's substring counts those positions too)."""
    padded = Concat(Value(" "), "body_text", Value(" "), output_field=TextField())
    window = Substr(padded, first_word + Value(1 - SNIPPET_WINDOW_BEFORE), SNIPPET_WINDOW_CHARS)
    # From the first white space to the last, or all of it when it has no two (one long token).
    between_spaces = Func(
        window, Value(r"\s(.*)\s"), function="substring", output_field=TextField()
    )
    return Coalesce(between_spaces, window)


def _whole_body_passages(articles: list, manager, words: SearchQuery) -> None:
    """Give the pieces whose window showed no match (the word found only looked like one) a
    passage from their whole body, in one more query (none when every window shows one)."""
    misplaced = {
        article.pk: article
        for article in articles
        if article.search_first_word is not None and _START not in article.search_snippet
    }
    if not misplaced:
        return
    passages = (
        manager.filter(pk__in=misplaced)
        .annotate(passage=_snippet("body_text", words))
        .values_list("pk", "passage")
    )
    for pk, passage in passages:
        misplaced[pk].search_snippet = passage


def _fallback_words(query: str) -> list[str]:
    """Return the query's distinct words, as typed: SQLite compares case only in ASCII, so
    folding "Straße" to "strasse" would lose the match it is asked for."""
    words = {word.lower(): word for word in reversed(_WORD.findall(query))}
    return list(reversed(words.values()))[:MAX_FALLBACK_WORDS]


def _words_pattern(words: list[str]) -> re.Pattern:
    alternatives = sorted(words, key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in alternatives), re.IGNORECASE)


def _fallback_search(articles: QuerySet, query: str) -> QuerySet:
    words = _fallback_words(query)
    everywhere, in_title, in_dek = Q(), Q(), Q()
    for word in words:
        everywhere &= Q(title__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word)
        in_title &= Q(title__icontains=word)
        in_dek &= Q(dek__icontains=word)
    return (
        articles.filter(everywhere)
        .annotate(
            search_rank=Case(
                When(in_title, then=Value(2)),
                When(in_dek, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-search_rank", "-first_published_at", "-id")
    )


def admin_search(articles: QuerySet, term: str) -> QuerySet:
    """Return those of ``articles`` (the admin's list) whose text matches ``term``, or whose
    author or tag names contain it.

    On PostgreSQL the text is matched through the stored document's GIN index. Authors and tags
    are few: their names are matched first, on their own small tables, and only when some match
    does the query grow an alternative, so that the usual search stays one full-text condition
    the planner can serve from an index whatever the archive's size."""
    term = clean_query(term)
    if not has_words(term):
        return articles
    from taggit.models import Tag

    if connections[articles.db].vendor == "postgresql":
        condition = Q(
            search_document=SearchQuery(term, search_type="websearch", config=SEARCH_CONFIG)
        )
    else:
        condition = Q()
        for word in _fallback_words(term):
            condition &= Q(title__icontains=word) | Q(dek__icontains=word)
    authors = list(Author.objects.filter(name__icontains=term).values_list("pk", flat=True))
    if authors:
        by_author = Authorship.objects.filter(author__in=authors).values("article_id")
        condition |= Q(pk__in=by_author)
    tags = list(Tag.objects.filter(name__icontains=term).values_list("pk", flat=True))
    if tags:
        article_type = ContentType.objects.get_for_model(Article)
        by_tag = TaggedItem.objects.filter(content_type=article_type, tag__in=tags)
        condition |= Q(pk__in=by_tag.values("object_id"))
    return articles.filter(condition)


@dataclass(frozen=True)
class SearchHit:
    """One result as the page shows it: the piece, and its headline, standfirst and a passage of
    its body as HTML in which the only markup is <mark> around the words that matched."""

    article: Article
    title_html: SafeString
    dek_html: SafeString
    snippet_html: SafeString

    @property
    def snippet_matches(self) -> bool:
        return "<mark>" in self.snippet_html


def highlight(
    page: Iterable[Article], query: str, articles: QuerySet | None = None
) -> list[SearchHit]:
    """Return a ``SearchHit`` for each piece of ``page`` (a page of ``search_articles()``).

    On PostgreSQL the page's pieces are read from ``articles`` (which says what else to fetch
    with them, e.g. the byline; the pieces alone by default) in one query that also marks
    their matches, instead of the page's own query: ts_headline parses each text it is given,
    and in the page's own query it would also run on every piece skipped before the page (80
    of them for page 5)."""
    query = clean_query(query)
    rows = getattr(page, "object_list", page)
    if _is_ranked_full_text(rows):
        words = _websearch(query)
        if articles is None:
            articles = rows.model.objects.all()
        # The body's text is read by the database alone, for the passages.
        page_rows = articles.filter(pk__in=rows.values("pk")).defer("body_text")
        shown = list(_ranked(_with_headlines(page_rows, words, query), words))
        manager = articles.model._default_manager.db_manager(articles.db)
        _whole_body_passages(shown, manager, words)
        return [
            SearchHit(
                article,
                _marked(article.search_title),
                _marked(article.search_dek),
                _marked(article.search_snippet),
            )
            for article in shown
        ]
    words = _fallback_words(query)
    return [
        SearchHit(
            article,
            _mark_words(article.title, words),
            _mark_words(article.dek, words),
            _mark_words(_passage(article.body_text, words), words),
        )
        for article in rows
    ]


def _is_ranked_full_text(rows) -> bool:
    return (
        isinstance(rows, QuerySet)
        and connections[rows.db].vendor == "postgresql"
        and "search_rank" in rows.query.annotations
    )


def _marked(headline: str) -> SafeString:
    """Return ts_headline's output escaped, with its match markers turned into <mark>."""
    escaped = _MARKED.sub(r"<mark>\1</mark>", escape(_SPACE.sub(" ", headline).strip()))
    return mark_safe(escaped.replace(_START, "").replace(_STOP, ""))  # noqa: S308 - escaped above


def _mark_words(text: str, words: list[str]) -> SafeString:
    """Return ``text`` escaped, with every occurrence of any of ``words`` in <mark>."""
    if not words:
        return escape(text)
    pieces, last = [], 0
    for match in _words_pattern(words).finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above


def _passage(text: str, words: list[str]) -> str:
    """Return about ``SNIPPET_WORDS`` words of ``text`` around the first of ``words`` found in
    it, or its opening words when none is."""
    tokens = text.split(" ")
    first = _words_pattern(words).search(text) if words else None
    if first is None:
        return " ".join(tokens[:SNIPPET_WORDS]) + (" …" if len(tokens) > SNIPPET_WORDS else "")
    at_word = text[: first.start()].count(" ")
    start = max(0, at_word - SNIPPET_WORDS // 3)
    end = start + SNIPPET_WORDS
    passage = " ".join(tokens[start:end])
    return ("… " if start else "") + passage + (" …" if end < len(tokens) else "")
