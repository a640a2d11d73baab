"""The quote ledger: who the newsroom quotes, by speaker, affiliation and kind of organisation,
over a period, a section or an author's pieces.

Only what readers were shown counts: confirmed citations of published pieces. A quotation's
date is its piece's first publication. The figures are read from rows kept current at write
time (``articles.ledger_models``): ``ledger_piece_refresh`` rewrites a piece's rows whenever
its citations, status, dates or section change, from the one service of each change. The
default page reads all-time tallies (a short index scan per table); a filtered one groups the
matching rows of one table without joins. Either way the page costs the same few queries
whatever the size of the archive.
"""

import csv
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, Count, F, Max, Min, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.ledger_models import LedgerQuote, LedgerTally
from articles.models import Article, Author, Authorship, Citation, Section
from people.models import Entity

# Who a quotation is put to: anonymous quotations name an organisation but no one in it
# ("a spokesperson for the ministry"); unattributed ones name nobody.
ATTRIBUTION_CHOICES = [
    ("", _("All quotations")),
    ("named", _("With a named speaker")),
    ("anonymous", _("Anonymous (organisation only)")),
    ("unattributed", _("Unattributed")),
]
CHART_AFFILIATIONS = 5
NO_TYPE = _("Type not set")
NO_AFFILIATION = _("No affiliation")
# The organisation-type tally of quotations put to no organisation (no type is spelt so).
NO_AFFILIATION_KEY = "-"
Dimension = LedgerTally.Dimension
# Longer than a label can be: a lookup of it matches no row.
_NO_LABEL = "-" * 201


@dataclass(frozen=True)
class LedgerFilter:
    """What the ledger covers. ``end`` is inclusive (the whole day)."""

    start: date | None = None
    end: date | None = None
    section: Section | None = None
    author: Author | None = None
    kind: str = Citation.Kind.QUOTE
    attribution: str = ""

    def describe(self) -> str:
        parts = []
        if self.start:
            parts.append(_("from %(date)s") % {"date": date_format(self.start)})
        if self.end:
            parts.append(_("to %(date)s") % {"date": date_format(self.end)})
        if self.section:
            parts.append(_("in %(section)s") % {"section": self.section.name})
        if self.author:
            parts.append(_("by %(author)s") % {"author": self.author.name})
        return ", ".join(parts) or _("all published pieces")


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- Writing: the rows and tallies, kept current by the services that change what counts ---

# What a ledger row is made of, read from a citation with its piece and entities.
_CITATION_VALUES = (
    "id",
    "article_id",
    "kind",
    "speaker_id",
    "speaker_name",
    "speaker__name",
    "affiliation_id",
    "affiliation_name",
    "affiliation__name",
    "affiliation__organisation_type",
    "article__section_id",
    "article__first_published_at",
    "article__publish_at",
)
_ROW_FIELDS = (
    "citation_id",
    "article_id",
    "section_id",
    "quoted_at",
    "live_from",
    "kind",
    "attribution",
    "speaker_label",
    "speaker_entity",
    "affiliation_label",
    "affiliation_entity",
    "organisation_type",
)


def counted_citations(citations: QuerySet) -> QuerySet:
    """Return the citations among ``citations`` that the ledger counts: confirmed ones of
    pieces that are live or scheduled (a scheduled one's rows wait for its ``publish_at``)."""
    return citations.filter(
        review=Citation.Review.CONFIRMED,
        article__status__in=Article.LIVE_STATUSES,
        article__publish_at__isnull=False,
        article__first_published_at__isnull=False,
    )


def ledger_row_fields(values: dict) -> dict:
    """Return a ``LedgerQuote``'s fields for a citation read with ``_CITATION_VALUES``: the
    labels rows are grouped by (a registry entry's name, else the name as the text gives it),
    the kind of attribution, and the piece's dates and section."""
    speaker = values["speaker__name"] if values["speaker_id"] else values["speaker_name"]
    affiliation = (
        values["affiliation__name"] if values["affiliation_id"] else values["affiliation_name"]
    )
    if speaker:
        attribution = LedgerQuote.Attribution.NAMED
    elif affiliation:
        attribution = LedgerQuote.Attribution.ANONYMOUS
    else:
        attribution = LedgerQuote.Attribution.UNATTRIBUTED
    return {
        "citation_id": values["id"],
        "article_id": values["article_id"],
        "section_id": values["article__section_id"],
        "quoted_at": values["article__first_published_at"],
        "live_from": values["article__publish_at"],
        "kind": values["kind"],
        "attribution": str(attribution),
        "speaker_label": speaker or "",
        "speaker_entity": values["speaker_id"],
        "affiliation_label": affiliation or "",
        "affiliation_entity": values["affiliation_id"],
        "organisation_type": (
            (values["affiliation__organisation_type"] or "") if values["affiliation_id"] else ""
        ),
    }


def _type_key(row: dict) -> str:
    return row["organisation_type"] if row["affiliation_label"] else NO_AFFILIATION_KEY


def _contributions(rows: Iterable[dict]) -> dict[tuple[str, str], tuple[int, int]]:
    """Return what ``rows`` (ledger rows as dicts) add to each tally: quotations, and pieces
    (each piece once per tally however often it quotes that speaker or organisation)."""
    quotes: dict[tuple[str, str], int] = {}
    pieces: dict[tuple[str, str], set[int]] = {}
    for row in rows:
        if row["kind"] != Citation.Kind.QUOTE:
            continue
        for key in (
            (Dimension.SPEAKER, row["speaker_label"]),
            (Dimension.AFFILIATION, row["affiliation_label"]),
            (Dimension.TYPE, _type_key(row)),
            (Dimension.TOTAL, ""),
        ):
            quotes[key] = quotes.get(key, 0) + 1
            pieces.setdefault(key, set()).add(row["article_id"])
    return {key: (count, len(pieces[key])) for key, count in quotes.items()}


def _rows_by_tally(rows: Iterable[dict]) -> dict[tuple[str, str], list[tuple]]:
    """Return, per tally, what of ``rows`` it reads: ids, dates, entities and types."""
    found: dict[tuple[str, str], list[tuple]] = {}
    for row in rows:
        if row["kind"] != Citation.Kind.QUOTE:
            continue
        seen = (
            row["citation_id"],
            row["article_id"],
            row["quoted_at"],
            row["speaker_entity"],
            row["affiliation_entity"],
            row["organisation_type"],
        )
        for key in (
            (Dimension.SPEAKER, row["speaker_label"]),
            (Dimension.AFFILIATION, row["affiliation_label"]),
            (Dimension.TYPE, _type_key(row)),
            (Dimension.TOTAL, ""),
        ):
            found.setdefault(key, []).append(seen)
    return found


def ledger_piece_refresh(*, article: Article | int) -> bool:
    """Bring a piece's ledger rows and the tallies in line with its citations, status, dates
    and section; return whether anything changed. Called by every service that changes one of
    them (citation detection and edits, workflow transitions, edits, registry changes), in
    their transaction."""
    article_id = article if isinstance(article, int) else article.pk
    with transaction.atomic():
        stored = list(
            LedgerQuote.objects.filter(article_id=article_id)
            .order_by("citation_id")
            .values(*_ROW_FIELDS)
        )
        fresh = [
            ledger_row_fields(values)
            for values in counted_citations(Citation.objects.filter(article_id=article_id))
            .order_by("id")
            .values(*_CITATION_VALUES)
        ]
        if stored == fresh:
            return False
        LedgerQuote.objects.filter(article_id=article_id).delete()
        LedgerQuote.objects.bulk_create(LedgerQuote(**fields) for fields in fresh)
        before, after = _contributions(stored), _contributions(fresh)
        # A tally whose rows from this piece are the same as before needs no visit.
        old_rows, new_rows = _rows_by_tally(stored), _rows_by_tally(fresh)
        for key in set(old_rows) & set(new_rows):
            if old_rows[key] == new_rows[key]:
                before.pop(key), after.pop(key)
        _tallies_apply(before=before, after=after)
    return True


def ledger_entities_refresh(*, entity_ids: Iterable[int]) -> int:
    """Refresh the pieces whose counted quotations name one of ``entity_ids`` (renamed,
    retyped, merged or deleted) or that cite them now; return how many changed."""
    ids = list(entity_ids)
    articles = set(
        LedgerQuote.objects.filter(
            Q(speaker_entity__in=ids) | Q(affiliation_entity__in=ids)
        ).values_list("article_id", flat=True)
    )
    articles |= set(
        counted_citations(
            Citation.objects.filter(Q(speaker_id__in=ids) | Q(affiliation_id__in=ids))
        ).values_list("article_id", flat=True)
    )
    return sum(ledger_piece_refresh(article=pk) for pk in sorted(articles))


def _tallies_apply(
    *, before: dict[tuple[str, str], tuple[int, int]], after: dict[tuple[str, str], tuple[int, int]]
) -> None:
    """Move the tallies by the difference between a piece's old and new contributions. The
    rows are locked in one order so that concurrent refreshes wait for each other; first and
    last quoted, entity and type are read again for each label touched (a removed quotation
    may have been the first or last)."""
    keys = sorted(set(before) | set(after))
    if not keys:
        return
    LedgerTally.objects.bulk_create(
        [LedgerTally(dimension=dimension, label=label) for dimension, label in keys],
        ignore_conflicts=True,
    )
    wanted = Q()
    for dimension, label in keys:
        wanted |= Q(dimension=dimension, label=label)
    locked = LedgerTally.objects.select_for_update().filter(wanted).order_by("dimension", "label")
    for tally in locked:
        key = (tally.dimension, tally.label)
        quotes = after.get(key, (0, 0))[0] - before.get(key, (0, 0))[0]
        pieces = after.get(key, (0, 0))[1] - before.get(key, (0, 0))[1]
        update = {"quotes": F("quotes") + quotes, "pieces": F("pieces") + pieces}
        if tally.dimension in (Dimension.SPEAKER, Dimension.AFFILIATION):
            update.update(_label_figures(tally.dimension, tally.label))
        LedgerTally.objects.filter(pk=tally.pk).update(**update)


def _label_figures(dimension: str, label: str) -> dict:
    """Return a speaker's or affiliation's first and last quoted, entity and type, from its
    rows (the index on kind, label and date makes first and last two probes)."""
    rows = LedgerQuote.objects.filter(kind=Citation.Kind.QUOTE)
    if dimension == Dimension.SPEAKER:
        rows = rows.filter(speaker_label=label)
        entity = {"entity_id": Max("speaker_entity")} if label else {}
    else:
        rows = rows.filter(affiliation_label=label)
        entity = (
            {"entity_id": Max("affiliation_entity"), "organisation_type": Max("organisation_type")}
            if label
            else {}
        )
    figures = rows.aggregate(first_at=Min("quoted_at"), last_at=Max("quoted_at"), **entity)
    if "organisation_type" in figures:
        figures["organisation_type"] = figures["organisation_type"] or ""
    return figures


def ledger_rows_backfill(*, citation_model=Citation, quote_model=LedgerQuote, batch=2000) -> int:
    """Write the ledger rows of every counted citation (the migration that adds them, and
    ``seed_archive``); return how many. Rows already there are replaced."""
    quote_model.objects.all().delete()
    citations = citation_model.objects.filter(
        review="confirmed",
        article__status__in=Article.LIVE_STATUSES,
        article__publish_at__isnull=False,
        article__first_published_at__isnull=False,
    )
    written, pending = 0, []
    for values in citations.order_by("id").values(*_CITATION_VALUES).iterator(chunk_size=batch):
        pending.append(quote_model(**ledger_row_fields(values)))
        if len(pending) >= batch:
            quote_model.objects.bulk_create(pending)
            written, pending = written + len(pending), []
    quote_model.objects.bulk_create(pending)
    return written + len(pending)


def ledger_tallies_rebuild(*, quote_model=LedgerQuote, tally_model=LedgerTally) -> int:
    """Count the tallies afresh from the ledger rows, in four grouped queries (the migration,
    ``seed_archive``, and a check that refreshes kept them right); return how many."""
    tally_model.objects.all().delete()
    rows = quote_model.objects.filter(kind=Citation.Kind.QUOTE).order_by()
    figures = {
        "quotes": Count("pk"),
        "pieces": Count("article_id", distinct=True),
        "first_at": Min("quoted_at"),
        "last_at": Max("quoted_at"),
    }
    tallies = [
        tally_model(dimension=Dimension.SPEAKER, label=row.pop("speaker_label"), **row)
        for row in rows.values("speaker_label").annotate(entity_id=Max("speaker_entity"), **figures)
    ]
    for row in rows.values("affiliation_label").annotate(
        entity_id=Max("affiliation_entity"), organisation_type=Max("organisation_type"), **figures
    ):
        row["organisation_type"] = row["organisation_type"] or ""
        label = row.pop("affiliation_label")
        tallies.append(tally_model(dimension=Dimension.AFFILIATION, label=label, **row))
    type_key = Case(
        When(affiliation_label="", then=Value(NO_AFFILIATION_KEY)), default=F("organisation_type")
    )
    for row in (
        rows.annotate(type_key=type_key)
        .values("type_key")
        .annotate(quotes=Count("pk"), pieces=Count("article_id", distinct=True))
    ):
        label = row.pop("type_key")
        tallies.append(tally_model(dimension=Dimension.TYPE, label=label, **row))
    total = rows.aggregate(quotes=Count("pk"), pieces=Count("article_id", distinct=True))
    if total["quotes"]:
        tallies.append(tally_model(dimension=Dimension.TOTAL, label="", **total))
    tally_model.objects.bulk_create(tallies, batch_size=2000)
    return len(tallies)


# --- Reading ---


def ledger_rows(ledger: LedgerFilter, *, now: datetime | None = None) -> QuerySet[LedgerQuote]:
    """Return the ledger rows of live pieces that ``ledger`` covers."""
    rows = LedgerQuote.objects.filter(live_from__lte=now or timezone.now()).order_by()
    if ledger.start:
        rows = rows.filter(quoted_at__gte=_day_start(ledger.start))
    if ledger.end:
        rows = rows.filter(quoted_at__lt=_day_start(ledger.end) + timezone.timedelta(days=1))
    if ledger.section:
        rows = rows.filter(section=ledger.section)
    if ledger.author:
        rows = rows.filter(
            article_id__in=Authorship.objects.filter(author=ledger.author).values("article_id")
        )
    if ledger.kind:
        rows = rows.filter(kind=ledger.kind)
    if ledger.attribution:
        rows = rows.filter(attribution=ledger.attribution)
    return rows


def _figures(rows, total: int) -> list[dict]:
    for row in rows:
        row["share"] = row["quotes"] / total if total else 0.0
    return rows


@dataclass
class Ledger:
    filter: LedgerFilter
    quotes: int
    pieces: int
    speakers: list[dict]
    affiliations: list[dict]
    organisation_types: list[dict]
    chart: "Chart"
    computed_at: datetime = field(default_factory=timezone.now)


def ledger_for_page(ledger: LedgerFilter) -> Ledger:
    """Return ``ledger_build``'s figures, kept in the cache for
    ``NEWSROOM_LEDGER_CACHE_SECONDS`` (a desk's several editors paging through filters share
    them). The page says how old they are."""
    seconds = settings.NEWSROOM_LEDGER_CACHE_SECONDS
    if not seconds:
        return ledger_build(ledger)
    parts = (
        ledger.start,
        ledger.end,
        ledger.section.pk if ledger.section else None,
        ledger.author.pk if ledger.author else None,
        ledger.kind,
        ledger.attribution,
    )
    key = "newsroom:ledger:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        figures = ledger_build(ledger)
        cache.set(key, figures, seconds)
    return figures


def _is_all_time(ledger: LedgerFilter) -> bool:
    return (
        ledger.kind == Citation.Kind.QUOTE
        and not (ledger.start or ledger.end or ledger.section or ledger.author)
        and not ledger.attribution
    )


def ledger_build(ledger: LedgerFilter, *, limit: int = 100) -> Ledger:
    """Return the ledger's figures: totals, the ``limit`` most quoted speakers and
    affiliations (quotes, pieces, first and last quoted, share of all quotes), the share per
    type of organisation, and the monthly chart of the top affiliations. All-time quotations
    (the default page) come from the tallies in eight queries, any other choice from the
    ledger rows in five."""
    now = timezone.now()
    if _is_all_time(ledger):
        totals, speakers, affiliations, types = _from_tallies(limit, now)
    else:
        totals, speakers, affiliations, types = _from_rows(ledger_rows(ledger, now=now), limit)
    total = totals["quotes"]
    labels = dict(Entity.OrganisationType.choices)
    merged_types: list[dict] = []
    for row in types:
        if row["type_key"] == NO_AFFILIATION_KEY:
            label = NO_AFFILIATION
        else:
            label = labels.get(row["type_key"], NO_TYPE)
        merged = next((t for t in merged_types if t["label"] == label), None)
        if merged:  # an unknown type and no type read the same: one row
            merged["quotes"] += row["quotes"]
            merged["pieces"] += row["pieces"]
        else:
            merged_types.append({"label": label, "quotes": row["quotes"], "pieces": row["pieces"]})
    for row in speakers:
        row["label"] = row["speaker_label"] or _("(no speaker named)")
    for row in affiliations:
        row["label"] = row["affiliation_label"] or NO_AFFILIATION
        row["type_label"] = labels.get(row["organisation_type"], "")
    top = [row["affiliation_label"] for row in affiliations if row["affiliation_label"]]
    chart_rows = ledger_rows(ledger, now=now).filter(affiliation_label__in=top[:CHART_AFFILIATIONS])
    return Ledger(
        filter=ledger,
        quotes=total,
        pieces=totals["pieces"],
        speakers=_figures(speakers, total),
        affiliations=_figures(affiliations, total),
        organisation_types=_figures(sorted(merged_types, key=lambda t: -t["quotes"]), total),
        chart=_chart(chart_rows, top[:CHART_AFFILIATIONS]),
    )


_ROW_FIGURES = {
    "quotes": Count("pk"),
    "pieces": Count("article_id", distinct=True),
    "first": Min("quoted_at"),
    "last": Max("quoted_at"),
}


def _from_rows(rows: QuerySet, limit: int) -> tuple[dict, list[dict], list[dict], list[dict]]:
    """Group the chosen ledger rows: totals, speakers, affiliations, types (four queries)."""
    totals = rows.aggregate(quotes=Count("pk"), pieces=Count("article_id", distinct=True))
    # Rows are by name: a speaker linked to the registry in one piece and only named in
    # another is one speaker; the registry entry (if any) gives the row its link and type.
    speakers = list(
        rows.values("speaker_label")
        .annotate(entity_id=Max("speaker_entity"), **_ROW_FIGURES)
        .order_by("-quotes", "speaker_label")[:limit]
    )
    affiliations = list(
        rows.values("affiliation_label")
        .annotate(
            entity_id=Max("affiliation_entity"),
            organisation_type=Max("organisation_type"),
            **_ROW_FIGURES,
        )
        .order_by("-quotes", "affiliation_label")[:limit]
    )
    for row in affiliations:
        row["organisation_type"] = row["organisation_type"] or ""
    type_key = Case(
        When(affiliation_label="", then=Value(NO_AFFILIATION_KEY)), default=F("organisation_type")
    )
    types = list(
        rows.annotate(type_key=type_key)
        .values("type_key")
        .annotate(quotes=Count("pk"), pieces=Count("article_id", distinct=True))
        .order_by("-quotes")
    )
    return totals, speakers, affiliations, types


def _from_tallies(limit: int, now: datetime) -> tuple[dict, list[dict], list[dict], list[dict]]:
    """Read the all-time tallies, less what pieces scheduled for later put in them: those
    rows are few (one query), and the first and last quoted of the labels they touch are
    read again from the live rows (one query per dimension)."""
    later = list(
        LedgerQuote.objects.filter(kind=Citation.Kind.QUOTE, live_from__gt=now).values(
            "article_id", "kind", "speaker_label", "affiliation_label", "organisation_type"
        )
    )
    pending = _contributions(later)
    tallies = {
        dimension: {
            tally.label: tally
            for tally in LedgerTally.objects.filter(dimension=dimension, quotes__gt=0).order_by(
                "-quotes", "label"
            )[
                # Labels only scheduled pieces lower may fall below the cut: read enough more.
                : limit + sum(1 for d, _label in pending if d == dimension)
            ]
        }
        for dimension in (Dimension.SPEAKER, Dimension.AFFILIATION)
    }
    rest = {
        (tally.dimension, tally.label): tally
        for tally in LedgerTally.objects.filter(
            dimension__in=(Dimension.TYPE, Dimension.TOTAL), quotes__gt=0
        )
    }
    live = LedgerQuote.objects.filter(kind=Citation.Kind.QUOTE, live_from__lte=now).order_by()
    span = {"first": Min("quoted_at"), "last": Max("quoted_at")}

    def touched(dimension: str) -> list[str]:
        # Never an empty list: the query runs whatever is scheduled (a constant count).
        return [label for d, label in pending if d == dimension] or [_NO_LABEL]

    again = {
        Dimension.SPEAKER: {
            row["speaker_label"]: row
            for row in live.filter(speaker_label__in=touched(Dimension.SPEAKER))
            .values("speaker_label")
            .annotate(**span)
        },
        Dimension.AFFILIATION: {
            row["affiliation_label"]: row
            for row in live.filter(affiliation_label__in=touched(Dimension.AFFILIATION))
            .values("affiliation_label")
            .annotate(**span)
        },
    }

    def figures(dimension: str, tally: LedgerTally) -> dict:
        quotes, pieces = pending.get((dimension, tally.label), (0, 0))
        row = {
            "quotes": tally.quotes - quotes,
            "pieces": tally.pieces - pieces,
            "first": tally.first_at,
            "last": tally.last_at,
            "entity_id": tally.entity_id,
            "organisation_type": tally.organisation_type,
        }
        if quotes and tally.label in again.get(dimension, {}):
            row.update({k: again[dimension][tally.label][k] for k in ("first", "last")})
        return row

    def ranked(dimension: str, name: str) -> list[dict]:
        rows = [
            {name: label, **figures(dimension, tally)}
            for label, tally in tallies[dimension].items()
        ]
        rows = [row for row in rows if row["quotes"] > 0]
        return sorted(rows, key=lambda row: (-row["quotes"], row[name]))[:limit]

    total = rest.get((Dimension.TOTAL, ""))
    totals = figures(Dimension.TOTAL, total) if total else {"quotes": 0, "pieces": 0}
    types = [
        {"type_key": label, **figures(dimension, tally)}
        for (dimension, label), tally in rest.items()
        if dimension == Dimension.TYPE
    ]
    types = [row for row in types if row["quotes"] > 0]
    types.sort(key=lambda row: -row["quotes"])
    return (
        totals,
        ranked(Dimension.SPEAKER, "speaker_label"),
        ranked(Dimension.AFFILIATION, "affiliation_label"),
        types,
    )


@dataclass
class Series:
    label: str
    counts: list[int]
    colour: str
    points: str = ""


@dataclass
class Chart:
    months: list[date]
    series: list[Series]
    width: int = 720
    height: int = 260
    peak: int = 0
    ticks: list[dict] | None = None
    month_labels: list[dict] | None = None


_PALETTE = ["#1b5e9f", "#b3541e", "#2e7d32", "#7b1fa2", "#8d6e00"]
_MARGIN_LEFT, _MARGIN_RIGHT, _MARGIN_TOP, _MARGIN_BOTTOM = 44, 36, 12, 36


def _month_key(value) -> date:
    return date(value.year, value.month, 1)


def _chart(rows: QuerySet, labels: list[str]) -> Chart:
    """Quotations per month for the top affiliations ``labels`` (``rows`` are theirs; one
    grouped query), laid out as polylines in SVG user units so the template needs no
    arithmetic and readers no script."""
    if not labels:
        return Chart(months=[], series=[])
    rows = (
        rows.annotate(month=TruncMonth("quoted_at"))
        .values("affiliation_label", "month")
        .annotate(quotes=Count("pk"))
    )
    counts: dict[tuple[str, date], int] = {}
    for row in rows:
        key = (row["affiliation_label"], _month_key(row["month"]))
        counts[key] = counts.get(key, 0) + row["quotes"]
    if not counts:
        return Chart(months=[], series=[])
    first = min(month for _label, month in counts)
    last = max(month for _label, month in counts)
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    chart = Chart(months=months, series=[])
    chart.peak = max(counts.values())
    plot_w = chart.width - _MARGIN_LEFT - _MARGIN_RIGHT
    plot_h = chart.height - _MARGIN_TOP - _MARGIN_BOTTOM
    step = plot_w / max(len(months) - 1, 1)

    def x(i: int) -> float:
        return round(_MARGIN_LEFT + i * step, 1)

    def y(n: int) -> float:
        return round(_MARGIN_TOP + plot_h - plot_h * n / chart.peak, 1)

    for index, label in enumerate(labels):
        series = Series(label, [counts.get((label, m), 0) for m in months], _PALETTE[index])
        series.points = " ".join(f"{x(i)},{y(n)}" for i, n in enumerate(series.counts))
        chart.series.append(series)
    tick_values = sorted({0, chart.peak // 2, chart.peak})
    chart.ticks = [{"value": v, "y": y(v), "text_y": y(v) + 4} for v in tick_values]
    every = max(1, len(months) // 8)
    chart.month_labels = [
        {"x": x(i), "text": date_format(m, "M Y")}
        for i, m in enumerate(months)
        if i % every == 0 or i == len(months) - 1
    ]
    return chart


def _csv_cell(value) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula: names from the text
    must never become one."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


_COLUMNS = ["quotes", "pieces", "share", "first quoted", "last quoted"]


def ledger_csv(ledger: Ledger, *, by: str) -> str:
    """Return the speakers' (``by="speaker"``) or affiliations' rows as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out)
    if by == "affiliation":
        writer.writerow(["affiliation", "organisation type", *_COLUMNS])
        rows = ledger.affiliations
    else:
        writer.writerow(["speaker", *_COLUMNS])
        rows = ledger.speakers
    for row in rows:
        head = [row["label"], row["type_label"]] if by == "affiliation" else [row["label"]]
        writer.writerow(
            [_csv_cell(cell) for cell in head]
            + [row["quotes"], row["pieces"], f"{row['share']:.4f}"]
            + [_csv_date(row["first"]), _csv_date(row["last"])]
        )
    return out.getvalue()


def _csv_date(value) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def entity_quote_summary(entity: Entity) -> str:
    """Say how often the newsroom's published pieces quote ``entity`` (as the speaker, or as
    the organisation a quotation is put to): "quoted 14 times in 9 pieces since March 2025"."""
    figures = (
        LedgerQuote.objects.filter(
            Q(speaker_entity=entity.pk) | Q(affiliation_entity=entity.pk),
            kind=Citation.Kind.QUOTE,
            live_from__lte=timezone.now(),
        )
        .order_by()
        .aggregate(
            quotes=Count("pk"),
            pieces=Count("article_id", distinct=True),
            first=Min("quoted_at"),
        )
    )
    if not figures["quotes"]:
        return _("not quoted in any published piece")
    times = ngettext("quoted once", "quoted %(n)d times", figures["quotes"]) % {
        "n": figures["quotes"]
    }
    pieces = ngettext("in %(n)d piece", "in %(n)d pieces", figures["pieces"]) % {
        "n": figures["pieces"]
    }
    since = date_format(timezone.localtime(figures["first"]), "F Y")
    return _("%(times)s %(pieces)s since %(since)s") % {
        "times": times,
        "pieces": pieces,
        "since": since,
    }
