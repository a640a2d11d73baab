"""A synthetic archive for measuring pages at the size of a real newsroom's back catalogue.

``archive_seed()`` fills the database with sections, authors, entities and articles whose
bodies are paragraphs of news-like prose that name the entities, with bylines, tags, skewed
mentions, quotations with their citations (and the quote ledger's rows) and ten years of
publication dates. Rows go in with
bulk inserts, never through the per-article save path (that would take hours at 100,000), but
every derived value is computed with the save path's own functions: the sanitized body, the
word count, the plain text, the linked ``body_html`` (``articles.entities``' parser, recogniser
and linker) and the Mention rows, so pages and search behave as in production. Generated
database columns and indexes are filled by the database itself.

The content is made up from fixed word lists and a seeded random generator: the same arguments
give the same archive.
"""

import dataclasses
import multiprocessing
import os
import random
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.caching import bulk_load_invalidate
from articles.entities import _compose, _link_body, _parse_body
from articles.ledger import ledger_row_fields, ledger_tallies_rebuild
from articles.models import (
    Article,
    Authorship,
    Citation,
    LedgerQuote,
    LedgerTally,
    Mention,
    Section,
)
from articles.richtext import sanitize_body, text_and_word_count
from people.entities.recognition import Recognizer, RegistryEntry
from people.models import Author, Entity

SECTIONS = 20
AUTHORS = 300
TAGS = 400
YEARS = 10
DRAFT_SHARE = 0.05
# Most analysis pieces quote someone, several people when they do, and a desk leans on the
# same voices and institutions: speakers and affiliations are drawn with skewed weights.
QUOTE_SHARE = 0.65
QUOTES_PER_PIECE = (1, 2, 2, 3, 3, 3, 4, 4, 5, 6)
# How a quotation is put: a named speaker of an organisation, a named speaker alone, an
# organisation's anonymous spokesperson, nobody.
ATTRIBUTION_WEIGHTS = {"named_of": 45, "named": 25, "anonymous": 20, "unattributed": 10}
BATCH = 500

_SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "ta",
    "le",
    "na",
    "vo",
    "si",
    "da",
    "ra",
    "be",
    "lu",
    "zo",
    "fi",
    "ne",
    "ka",
    "mar",
    "tel",
    "ban",
    "dor",
    "vik",
    "sal",
    "nor",
    "hal",
    "gan",
    "ter",
    "lis",
    "mon",
    "par",
    "sen",
    "tor",
    "val",
    "wen",
    "zar",
    "bel",
    "cor",
    "dan",
    "fer",
    "gil",
    "jor",
    "kel",
    "lan",
    "mer",
    "nid",
]
_SECTION_NAMES = [
    "Politics",
    "Economy",
    "Security",
    "Climate",
    "Energy",
    "Trade",
    "Health",
    "Technology",
    "Migration",
    "Diplomacy",
    "Justice",
    "Labour",
    "Culture",
    "Education",
    "Agriculture",
    "Finance",
    "Elections",
    "Infrastructure",
    "Water",
    "Media",
]
_ORGANISATION_WORDS = [
    "Council",
    "Authority",
    "Union",
    "Ministry",
    "Bank",
    "Front",
    "Alliance",
    "Commission",
    "Institute",
    "Party",
    "Movement",
    "Agency",
    "Fund",
    "Assembly",
    "Federation",
    "Company",
    "Corporation",
    "Forum",
]
_EVENT_WORDS = [
    "Summit",
    "Accord",
    "Conference",
    "Crisis",
    "Talks",
    "Offensive",
    "Agreement",
    "Uprising",
]
# Common words of news prose, most frequent first: their use follows Zipf's law, so that
# "government" is in most pieces and "orchard" in few, as in a real archive.
_VOCABULARY = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "that",
    "for",
    "is",
    "on",
    "said",
    "with",
    "as",
    "was",
    "by",
    "government",
    "it",
    "at",
    "from",
    "his",
    "has",
    "be",
    "are",
    "were",
    "an",
    "have",
    "minister",
    "this",
    "but",
    "its",
    "their",
    "which",
    "not",
    "after",
    "had",
    "officials",
    "would",
    "will",
    "more",
    "been",
    "people",
    "president",
    "who",
    "they",
    "also",
    "new",
    "year",
    "last",
    "than",
    "over",
    "into",
    "week",
    "security",
    "economic",
    "country",
    "talks",
    "peace",
    "political",
    "policy",
    "state",
    "military",
    "forces",
    "support",
    "international",
    "public",
    "plan",
    "power",
    "election",
    "party",
    "crisis",
    "reform",
    "budget",
    "trade",
    "oil",
    "prices",
    "market",
    "growth",
    "inflation",
    "bank",
    "rate",
    "workers",
    "union",
    "strike",
    "court",
    "law",
    "ruling",
    "parliament",
    "vote",
    "opposition",
    "coalition",
    "leader",
    "army",
    "border",
    "region",
    "city",
    "water",
    "energy",
    "gas",
    "climate",
    "drought",
    "harvest",
    "farmers",
    "food",
    "aid",
    "refugees",
    "migration",
    "health",
    "hospital",
    "schools",
    "students",
    "teachers",
    "prison",
    "police",
    "protest",
    "rights",
    "journalists",
    "media",
    "report",
    "data",
    "survey",
    "analysts",
    "investors",
    "debt",
    "loan",
    "sanctions",
    "exports",
    "imports",
    "tariffs",
    "currency",
    "wages",
    "jobs",
    "housing",
    "rent",
    "transport",
    "railway",
    "port",
    "airport",
    "road",
    "bridge",
    "dam",
    "river",
    "coast",
    "island",
    "desert",
    "mountain",
    "province",
    "capital",
    "village",
    "district",
    "council",
    "mayor",
    "governor",
    "ministry",
    "agency",
    "committee",
    "commission",
    "treaty",
    "agreement",
    "deal",
    "negotiations",
    "ceasefire",
    "conflict",
    "war",
    "attack",
    "militia",
    "rebels",
    "troops",
    "officers",
    "commanders",
    "ambassador",
    "envoy",
    "diplomats",
    "summit",
    "meeting",
    "conference",
    "statement",
    "interview",
    "speech",
    "decision",
    "proposal",
    "decree",
    "constitution",
    "referendum",
    "campaign",
    "candidates",
    "voters",
    "turnout",
    "results",
    "count",
    "fraud",
    "recount",
    "appeal",
    "judges",
    "prosecutors",
    "trial",
    "verdict",
    "sentence",
    "charges",
    "investigation",
    "inquiry",
    "evidence",
    "witnesses",
    "documents",
    "records",
    "archive",
    "history",
    "memory",
    "generation",
    "family",
    "children",
    "women",
    "men",
    "youth",
    "elders",
    "community",
    "tribe",
    "clan",
    "neighbours",
    "village",
    "farmers",
    "fishermen",
    "traders",
    "merchants",
    "shopkeepers",
    "drivers",
    "engineers",
    "doctors",
    "nurses",
    "scientists",
    "researchers",
    "economists",
    "historians",
    "lawyers",
    "orchard",
    "vineyard",
    "pipeline",
    "refinery",
    "mine",
    "quarry",
    "factory",
    "warehouse",
    "harbour",
    "checkpoint",
    "corridor",
]
_PHRASES = (
    "peace talks",
    "central bank",
    "interest rates",
    "state of emergency",
    "human rights",
    "public spending",
    "foreign minister",
    "climate change",
    "election commission",
    "security forces",
)
_SPEECH = ("said", "told reporters", "argued", "warned", "added")


@dataclass(frozen=True)
class SeedReport:
    """What ``archive_seed()`` created."""

    sections: int
    authors: int
    entities: int
    articles: int
    drafts: int
    mentions: int
    citations: int
    seconds: float


def _name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def _unique_names(rng: random.Random, count: int, make: Callable[[], str], taken: set[str]):
    names = []
    while len(names) < count:
        name = make()
        if name.lower() not in taken:
            taken.add(name.lower())
            names.append(name)
    return names


class _Prose:
    """Sentences and paragraphs of news-like prose that name the given entities."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        weights = [1 / (rank + 2) for rank in range(len(_VOCABULARY))]
        self.words = rng.choices(_VOCABULARY, weights=weights, k=200_000)
        self.cursor = 0

    def _words(self, count: int) -> list[str]:
        if self.cursor + count > len(self.words):
            self.cursor = 0
        picked = self.words[self.cursor : self.cursor + count]
        self.cursor += count
        return picked

    def sentence(self, names: list[str]) -> str:
        words = self._words(self.rng.randint(9, 22))
        if self.rng.random() < 0.15:
            words.insert(self.rng.randrange(len(words)), self.rng.choice(_PHRASES))
        for name in names:
            words.insert(self.rng.randrange(1, len(words)), name)
        words[0] = words[0].capitalize()
        return " ".join(words) + "."

    def quotation(self, speaker: Entity | None, affiliation: Entity | None) -> str:
        words = self._words(self.rng.randint(10, 18))
        words[0] = words[0].capitalize()
        if speaker and affiliation:
            who = f"{speaker.name}, of {affiliation.name},"
        elif speaker:
            who = speaker.name
        elif affiliation:
            who = f"a spokesperson for {affiliation.name}"
        else:
            who = "one official"
        return f"“{' '.join(words)},” {who} {self.rng.choice(_SPEECH)}."


def _zipf_weights(count: int, offset: float = 5) -> list[float]:
    # With 10,000 entities and this offset the most named ones are in about a quarter of all
    # pieces, the long tail in a handful: the shape of a real registry's coverage.
    return [1 / (rank + offset) for rank in range(count)]


@contextmanager
def _dates_as_given() -> Iterator[None]:
    """Let the seed set created/updated dates spread over the years (auto_now would stamp
    every row with today)."""
    fields = [Article._meta.get_field(name) for name in ("created_at", "updated_at")]
    saved = [(field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def archive_seed(
    *,
    articles: int,
    entities: int = 10_000,
    seed: int = 12,
    progress: Callable[[int, int], None] | None = None,
    parallel: bool = True,
) -> SeedReport:
    """Create ``articles`` articles (about 5% drafts), 20 sections, 300 authors and
    ``entities`` entities; return what was created. Existing rows are left alone: names and
    slugs are chosen not to collide with them.

    With ``parallel`` (and where processes can be forked) the pieces are written in a second
    process while this one inserts the previous batch: the same archive, in about half the
    time on two cores."""
    started = timezone.now()
    rng = random.Random(seed)  # noqa: S311 - made-up content, nothing secret
    run = f"{started:%Y%m%d%H%M%S}"
    sections = _seed_sections(run)
    authors = _seed_authors(rng, run)
    registry = _seed_entities(rng, entities, run)
    tags = _seed_tags(rng, run)
    planner = _Planner(
        rng, run=run, sections=sections, authors=authors, registry=registry, tags=tags
    )
    article_type = ContentType.objects.get_for_model(Article)

    totals = Counter()
    with _dates_as_given():
        for batch in _planned_batches(planner, articles, parallel=parallel and _can_fork()):
            with transaction.atomic():
                created = Article.objects.bulk_create([planned.article for planned in batch])
                for planned, article in zip(batch, created, strict=True):
                    planned.article = article
                Authorship.objects.bulk_create(
                    Authorship(article=planned.article, author_id=author_id, position=position)
                    for planned in batch
                    for position, author_id in enumerate(planned.author_ids)
                )
                TaggedItem.objects.bulk_create(
                    TaggedItem(content_type=article_type, object_id=planned.article.pk, tag_id=tag)
                    for planned in batch
                    for tag in planned.tag_ids
                )
                mentions = Mention.objects.bulk_create(
                    mention
                    for planned in batch
                    for mention in _with_article(planned.mentions, planned.article)
                )
                citations = Citation.objects.bulk_create(
                    citation
                    for planned in batch
                    for citation in _with_article(planned.citations, planned.article)
                )
                LedgerQuote.objects.bulk_create(
                    LedgerQuote(**ledger_row_fields(_ledger_values(citation, planned.article)))
                    for planned in batch
                    if planned.article.status == Article.Status.PUBLISHED
                    for citation in planned.citations
                )
            totals["articles"] += len(batch)
            totals["drafts"] += sum(planned.article.status == "draft" for planned in batch)
            totals["mentions"] += len(mentions)
            totals["citations"] += len(citations)
            if progress:
                progress(totals["articles"], articles)
    # The all-time tallies, counted once from the rows (what the save path's increments add
    # up to, see tests/articles/management/test_seed_archive.py).
    ledger_tallies_rebuild()
    _planner_statistics_refresh()
    bulk_load_invalidate()
    return SeedReport(
        sections=len(sections),
        authors=len(authors),
        entities=len(registry),
        articles=totals["articles"],
        drafts=totals["drafts"],
        mentions=totals["mentions"],
        citations=totals["citations"],
        seconds=(timezone.now() - started).total_seconds(),
    )


class _Planner:
    """Writes the pieces, batch by batch, without touching the database: their text and
    everything the save path derives from it, their bylines and tags. Batches must be asked
    for in order (one random generator draws them all), so the same seed gives the same
    archive whichever process does the writing."""

    def __init__(self, rng, *, run, sections, authors, registry, tags):
        self.rng, self.run, self.sections = rng, run, sections
        self.authors, self.registry, self.tags = authors, registry, tags
        self.recognizer = Recognizer(
            RegistryEntry(entity.pk, entity.kind, (entity.name,)) for entity in registry
        )
        self.urls = {entity.pk: entity.get_absolute_url() for entity in registry}
        self.entity_weights = _zipf_weights(len(registry))
        self.tag_weights = _zipf_weights(len(tags), offset=3)
        self.author_weights = _zipf_weights(len(authors), offset=20)
        persons = [entity for entity in registry if entity.kind == Entity.Kind.PERSON]
        organisations = [entity for entity in registry if entity.kind == Entity.Kind.ORGANISATION]
        self.voices = _Voices(rng, persons, organisations)
        self.prose = _Prose(rng)
        self.now = timezone.now()
        self.span = timedelta(days=365 * YEARS)

    def batch(self, first: int, size: int) -> list["_Planned"]:
        rng = self.rng
        batch = [
            _article(
                rng,
                self.prose,
                number=first + index,
                run=self.run,
                chosen=rng.choices(
                    self.registry, weights=self.entity_weights, k=rng.randint(5, 20)
                ),
                quotes=self.voices.pick() if rng.random() < QUOTE_SHARE else [],
                section=rng.choice(self.sections),
                when=self.now - self.span * (rng.random() ** 1.3),
            )
            for index in range(size)
        ]
        for planned in batch:
            _derive(planned, self.recognizer, self.urls)
            planned.quotes = []  # in the citations now; not carried between processes
        for planned in batch:
            chosen = _distinct(rng.choices(self.authors, weights=self.author_weights, k=3))
            planned.author_ids = [author.pk for author in chosen[: rng.choice((1, 1, 1, 2, 2, 3))]]
        for planned in batch:
            chosen = _distinct(rng.choices(self.tags, weights=self.tag_weights, k=8))
            planned.tag_ids = [tag.pk for tag in chosen[: rng.randint(2, 5)]]
        return batch


def _can_fork() -> bool:
    # Planning in a forked process needs fork (not on Windows) and a second core to be worth it.
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


# Set in the planning process when it starts (inherited through fork, never pickled).
_planner_in_process: "_Planner | None" = None


def _planner_install(planner: "_Planner") -> None:
    global _planner_in_process
    _planner_in_process = planner


def _plan_batch(first: int, size: int) -> list["_Planned"]:
    return _planner_in_process.batch(first, size)


def _planned_batches(planner: "_Planner", articles: int, *, parallel: bool):
    """Yield the planned batches in order. In parallel, one forked process writes them, at
    most two batches ahead of the inserts (a batch of pieces is several megabytes)."""
    spans = [(first, min(BATCH, articles - first)) for first in range(0, articles, BATCH)]
    if not parallel:
        for first, size in spans:
            yield planner.batch(first, size)
        return
    # The forked process never uses the database connections it inherits, and it ends with
    # os._exit (multiprocessing's way), so it never closes them under this process either.
    with ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_planner_install,
        initargs=(planner,),
    ) as pool:
        ahead = deque(pool.submit(_plan_batch, *span) for span in spans[:2])
        for span in spans[2:]:
            batch = ahead.popleft().result()
            ahead.append(pool.submit(_plan_batch, *span))
            yield batch
        while ahead:
            yield ahead.popleft().result()


def _planner_statistics_refresh() -> None:
    """Give PostgreSQL's planner statistics of the rows just loaded, as autovacuum would in
    time: without them it plans for empty tables, and every page of a freshly seeded archive
    is measured with the wrong plans (autovacuum may also be off, as on the benchmark
    machines). VACUUM also fills the visibility map that index-only scans need; it cannot
    run inside a transaction, where ANALYZE alone is done."""
    if connection.vendor != "postgresql":
        return
    tables = [
        model._meta.db_table
        for model in (
            Article,
            Authorship,
            TaggedItem,
            Tag,
            Mention,
            Citation,
            LedgerQuote,
            LedgerTally,
            Entity,
            Author,
            Section,
        )
    ]
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")


class _Voices:
    """Who a piece quotes: speakers and organisations drawn with skewed weights."""

    def __init__(self, rng: random.Random, persons: list[Entity], organisations: list[Entity]):
        self.rng, self.persons, self.organisations = rng, persons, organisations
        self.person_weights = _zipf_weights(len(persons), offset=20)
        self.organisation_weights = _zipf_weights(len(organisations), offset=8)

    def pick(self) -> list[tuple[Entity | None, Entity | None]]:
        quotes = []
        for form in self.rng.choices(
            list(ATTRIBUTION_WEIGHTS),
            weights=list(ATTRIBUTION_WEIGHTS.values()),
            k=self.rng.choice(QUOTES_PER_PIECE),
        ):
            speaker = affiliation = None
            if form in ("named_of", "named") and self.persons:
                speaker = self.rng.choices(self.persons, weights=self.person_weights)[0]
            if form in ("named_of", "anonymous") and self.organisations:
                affiliation = self.rng.choices(
                    self.organisations, weights=self.organisation_weights
                )[0]
            quotes.append((speaker, affiliation))
        return quotes


def _ledger_values(citation: Citation, article: Article) -> dict:
    """Return what ``ledger_row_fields`` reads of a citation, from the rows in memory."""
    speaker, affiliation = citation.speaker, citation.affiliation
    return {
        "id": citation.pk,
        "article_id": article.pk,
        "kind": citation.kind,
        "speaker_id": citation.speaker_id,
        "speaker_name": citation.speaker_name,
        "speaker__name": speaker.name if speaker else None,
        "affiliation_id": citation.affiliation_id,
        "affiliation_name": citation.affiliation_name,
        "affiliation__name": affiliation.name if affiliation else None,
        "affiliation__organisation_type": affiliation.organisation_type if affiliation else None,
        "article__section_id": article.section_id,
        "article__first_published_at": article.first_published_at,
        "article__publish_at": article.publish_at,
    }


def _distinct(items: list) -> list:
    return list(dict.fromkeys(items))


def _with_article(rows: list, article: Article) -> list:
    for row in rows:
        row.article = article
    return rows


def _seed_sections(run: str) -> list[Section]:
    taken = set(Section.objects.values_list("slug", flat=True))
    taken_names = {name.lower() for name in Section.objects.values_list("name", flat=True)}
    sections = []
    for position, name in enumerate(_SECTION_NAMES[:SECTIONS]):
        if name.lower() in taken_names:
            name = f"{name} ({run})"
        slug = slugify(name)
        if slug in taken:
            slug = f"{slug}-{run}"
        sections.append(Section(name=name, slug=slug, position=position + 100))
    return Section.objects.bulk_create(sections)


def _seed_authors(rng: random.Random, run: str) -> list[Author]:
    taken = {slug.lower() for slug in Author.objects.values_list("slug", flat=True)}
    names = _unique_names(
        rng, AUTHORS, lambda: f"{_name(rng, 2)} {_name(rng, rng.randint(2, 3))}", set(taken)
    )
    return Author.objects.bulk_create(
        Author(
            name=name,
            slug=f"{slugify(name)}-{run}" if slugify(name) in taken else slugify(name),
            bio=f"{name} has reported for the newsroom on {rng.choice(_SECTION_NAMES).lower()}.",
        )
        for name in names
    )


def _entity_name(rng: random.Random, kind: str) -> str:
    if kind == Entity.Kind.PERSON:
        return f"{_name(rng, 2)} {_name(rng, rng.randint(2, 3))}"
    if kind == Entity.Kind.ORGANISATION:
        return f"{_name(rng, 3)} {rng.choice(_ORGANISATION_WORDS)}"
    if kind == Entity.Kind.EVENT:
        return f"{_name(rng, 3)} {rng.choice(_EVENT_WORDS)}"
    return _name(rng, rng.randint(3, 4))


_ORGANISATION_TYPES = ["", *Entity.OrganisationType.values]
_ORGANISATION_TYPE_WEIGHTS = [10, 25, 12, 12, 10, 10, 6, 5, 3, 5, 2]


def _seed_entities(rng: random.Random, count: int, run: str) -> list[Entity]:
    existing = list(Entity.objects.values_list("name", "slug"))
    taken = {name.lower() for name, _slug in existing}
    slugs = {slug for _name, slug in existing}
    kinds = rng.choices(
        [Entity.Kind.PERSON, Entity.Kind.ORGANISATION, Entity.Kind.PLACE, Entity.Kind.EVENT],
        weights=[50, 25, 20, 5],
        k=count,
    )
    rows = []
    for kind in kinds:
        name = _unique_names(rng, 1, lambda kind=kind: _entity_name(rng, kind), taken)[0]
        slug = slugify(name)
        if slug in slugs:
            slug = f"{slug}-{run}"
        slugs.add(slug)
        rows.append(
            Entity(
                kind=kind,
                name=name,
                slug=slug,
                description=f"{name}, a {kind} the newsroom follows.",
                organisation_type=(
                    rng.choices(_ORGANISATION_TYPES, weights=_ORGANISATION_TYPE_WEIGHTS)[0]
                    if kind == Entity.Kind.ORGANISATION
                    else ""
                ),
            )
        )
    return Entity.objects.bulk_create(rows, batch_size=BATCH)


def _seed_tags(rng: random.Random, run: str) -> list[Tag]:
    taken = {name.lower() for name in Tag.objects.values_list("name", flat=True)}
    words = [word for word in _VOCABULARY if len(word) > 3]
    names = _unique_names(
        rng, TAGS, lambda: " ".join(rng.sample(words, rng.choice((1, 2, 2)))), set(taken)
    )
    slugs = set(Tag.objects.values_list("slug", flat=True))
    tags = []
    for name in names:
        slug = slugify(name)
        if slug in slugs:
            slug = f"{slug}-{run}"
        slugs.add(slug)
        tags.append(Tag(name=name, slug=slug))
    return Tag.objects.bulk_create(tags)


@dataclass
class _Planned:
    article: Article
    quotes: list[tuple[Entity | None, Entity | None]]  # (speaker, affiliation) in text order
    mentions: list[Mention]
    citations: list[Citation]
    author_ids: list[int] = dataclasses.field(default_factory=list)  # in byline order
    tag_ids: list[int] = dataclasses.field(default_factory=list)


def _article(
    rng: random.Random,
    prose: _Prose,
    *,
    number: int,
    run: str,
    chosen: list[Entity],
    quotes: list[tuple[Entity | None, Entity | None]],
    section: Section,
    when: datetime,
) -> _Planned:
    headline_words = prose._words(rng.randint(5, 9))
    title = " ".join(headline_words).capitalize()
    if rng.random() < 0.4:
        title = f"{chosen[0].name}: {title}"
    dek = prose.sentence([chosen[1].name] if len(chosen) > 1 else [])
    target = rng.randint(570, 830)
    paragraphs, words, pending = [], 0, list(chosen)
    # Quotations from the third paragraph on, at most one per paragraph.
    quote_at = {index + 2: quote for index, quote in enumerate(quotes)}
    while words < target:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            names = [pending.pop()] if pending and rng.random() < 0.6 else []
            if not names and rng.random() < 0.12:
                names = [rng.choice(chosen)]
            sentences.append(prose.sentence([entity.name for entity in names]))
        if len(paragraphs) in quote_at:
            sentences.append(prose.quotation(*quote_at[len(paragraphs)]))
        paragraph = " ".join(sentences)
        paragraphs.append(f"<p>{paragraph}</p>")
        words += paragraph.count(" ") + 1
    if pending:
        paragraphs.append(f"<p>{prose.sentence([entity.name for entity in pending])}</p>")
    draft = rng.random() < DRAFT_SHARE
    edited = when + timedelta(minutes=rng.randint(0, 60 * 24 * (30 if rng.random() < 0.1 else 0)))
    article = Article(
        title=title[:300],
        slug=f"{slugify(title)[:250]}-{run}-{number}",
        dek=dek,
        body=sanitize_body("".join(paragraphs)),
        section=section,
        status=Article.Status.DRAFT if draft else Article.Status.PUBLISHED,
        publish_at=None if draft else when,
        first_published_at=None if draft else when,
        created_at=when,
        updated_at=edited,
        version=1,
    )
    return _Planned(article, quotes, [], [])


def _derive(planned: _Planned, recognizer: Recognizer, urls: dict[int, str]) -> None:
    """Fill in what the save path derives from the text, with its own functions: word count,
    plain text, linked body, mentions, and the confirmed citations of the piece's quotations."""
    article = planned.article
    article.body_text, article.word_count = text_and_word_count(article.body)
    body = _parse_body(article.body)
    composed = _compose(article, body)
    matches = recognizer.find(composed.text)
    article.body_html = _link_body(body, matches, composed.body_start, urls)
    counts = Counter(match.entity_id for match in matches)
    first_offsets: dict[int, int] = {}
    for match in matches:
        first_offsets.setdefault(match.entity_id, match.start)
    planned.mentions = [
        Mention(entity_id=entity_id, count=counts[entity_id], first_offset=offset)
        for entity_id, offset in sorted(first_offsets.items(), key=lambda item: item[1])
    ]
    start = composed.body_start
    for number, (speaker, affiliation) in enumerate(planned.quotes, start=1):
        start = composed.text.find("“", start)
        end = composed.text.find("”", start)
        if start < 0 or end < start:
            break
        planned.citations.append(
            Citation(
                number=number,
                kind=Citation.Kind.QUOTE,
                quote=composed.text[start + 1 : end].rstrip(","),
                offset=start,
                speaker=speaker,
                speaker_name=speaker.name if speaker else "",
                affiliation=affiliation,
                affiliation_name=affiliation.name if affiliation else "",
                review=Citation.Review.CONFIRMED,
                verification=Citation.Verification.VERIFIED,
                verified_at=article.first_published_at or article.created_at,
            )
        )
        start = end
