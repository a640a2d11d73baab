"""The quote ledger: who the newsroom quotes, by speaker, affiliation and kind of organisation,
over a period, a section or an author's pieces.

Only what readers were shown counts: confirmed citations of published pieces. A quotation's
date is its piece's first publication. Every figure is one grouped query, so the page costs
the same few queries whatever the size of the archive.
"""

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Max, Min, Q, QuerySet, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Article, Author, Citation, Section
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


def ledger_citations(ledger: LedgerFilter) -> QuerySet[Citation]:
    """Return the confirmed citations of published pieces that ``ledger`` covers, annotated
    with ``quoted_at`` (the piece's first publication). ``_speakers`` and ``_affiliations``
    add the labels their figures group by (each join only where it is needed)."""
    pieces = Article.objects.published()
    if ledger.start:
        pieces = pieces.filter(first_published_at__gte=_day_start(ledger.start))
    if ledger.end:
        pieces = pieces.filter(
            first_published_at__lt=_day_start(ledger.end) + timezone.timedelta(days=1)
        )
    if ledger.section:
        pieces = pieces.filter(section=ledger.section)
    if ledger.author:
        pieces = pieces.filter(authors=ledger.author)
    citations = Citation.objects.filter(
        review=Citation.Review.CONFIRMED, article__in=pieces.values("pk")
    )
    if ledger.kind:
        citations = citations.filter(kind=ledger.kind)
    has_speaker = Q(speaker__isnull=False) | ~Q(speaker_name="")
    has_affiliation = Q(affiliation__isnull=False) | ~Q(affiliation_name="")
    if ledger.attribution == "named":
        citations = citations.filter(has_speaker)
    elif ledger.attribution == "anonymous":
        citations = citations.exclude(has_speaker).filter(has_affiliation)
    elif ledger.attribution == "unattributed":
        citations = citations.exclude(has_speaker).exclude(has_affiliation)
    return citations.order_by().annotate(quoted_at=F("article__first_published_at"))


def _speakers(citations: QuerySet) -> QuerySet:
    return citations.annotate(speaker_label=Coalesce(F("speaker__name"), F("speaker_name")))


def _affiliations(citations: QuerySet) -> QuerySet:
    return citations.annotate(
        affiliation_label=Coalesce(F("affiliation__name"), F("affiliation_name"))
    )


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
    ``NEWSROOM_LEDGER_CACHE_SECONDS``: over a large archive they take seconds to count, and an
    editor paging through filters, or a desk's several editors, would count them again and
    again. The page says how old they are."""
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


def ledger_build(ledger: LedgerFilter, *, limit: int = 100) -> Ledger:
    """Return the ledger's figures: totals, the ``limit`` most quoted speakers and
    affiliations (quotes, pieces, first and last quoted, share of all quotes), the share per
    type of organisation, and the monthly chart of the top affiliations. Five queries."""
    citations = ledger_citations(ledger)
    totals = citations.aggregate(quotes=Count("id"), pieces=Count("article", distinct=True))
    total = totals["quotes"]
    figures = {
        "quotes": Count("id"),
        "pieces": Count("article", distinct=True),
        "first": Min("quoted_at"),
        "last": Max("quoted_at"),
    }
    # Rows are by name: a speaker linked to the registry in one piece and only named in
    # another is one speaker; the registry entry (if any) gives the row its link and type.
    speakers = list(
        _speakers(citations)
        .values("speaker_label")
        .annotate(entity_id=Max("speaker_id"), **figures)
        .order_by("-quotes", "speaker_label")[:limit]
    )
    affiliations = list(
        _affiliations(citations)
        .values("affiliation_label")
        .annotate(
            entity_id=Max("affiliation_id"),
            organisation_type=Coalesce(Max("affiliation__organisation_type"), Value("")),
            **figures,
        )
        .order_by("-quotes", "affiliation_label")[:limit]
    )
    labels = dict(Entity.OrganisationType.choices)
    types = []
    for row in (
        citations.annotate(
            has_affiliation=~Q(affiliation__isnull=True, affiliation_name=""),
            organisation_type=Coalesce(F("affiliation__organisation_type"), Value("")),
        )
        .values("organisation_type", "has_affiliation")
        .annotate(quotes=Count("id"), pieces=Count("article", distinct=True))
        .order_by("-quotes")
    ):
        if not row["has_affiliation"]:
            label = NO_AFFILIATION
        else:
            label = labels.get(row["organisation_type"], NO_TYPE)
        merged = next((t for t in types if t["label"] == label), None)
        if merged:  # "no affiliation" has no type either way: one row
            merged["quotes"] += row["quotes"]
            merged["pieces"] += row["pieces"]
        else:
            types.append({"label": label, "quotes": row["quotes"], "pieces": row["pieces"]})
    for row in speakers:
        row["label"] = row["speaker_label"] or _("(no speaker named)")
    for row in affiliations:
        row["label"] = row["affiliation_label"] or NO_AFFILIATION
        row["type_label"] = labels.get(row["organisation_type"], "")
    top = [row for row in affiliations if row["affiliation_label"]][:CHART_AFFILIATIONS]
    return Ledger(
        filter=ledger,
        quotes=total,
        pieces=totals["pieces"],
        speakers=_figures(speakers, total),
        affiliations=_figures(affiliations, total),
        organisation_types=_figures(sorted(types, key=lambda t: -t["quotes"]), total),
        chart=_chart(citations, top),
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


def _chart(citations: QuerySet, top: list[dict]) -> Chart:
    """Quotations per month for the ``top`` affiliations (one grouped query), laid out as
    polylines in SVG user units so the template needs no arithmetic and readers no script."""
    if not top:
        return Chart(months=[], series=[])
    labels = [row["affiliation_label"] for row in top]
    rows = (
        _affiliations(citations)
        .filter(affiliation_label__in=labels)
        .annotate(month=TruncMonth("quoted_at"))
        .values("affiliation_label", "month")
        .annotate(quotes=Count("id"))
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
    figures = Citation.objects.filter(
        Q(speaker=entity) | Q(affiliation=entity),
        review=Citation.Review.CONFIRMED,
        kind=Citation.Kind.QUOTE,
        article__in=Article.objects.published().values("pk"),
    ).aggregate(
        quotes=Count("id"),
        pieces=Count("article", distinct=True),
        first=Min("article__first_published_at"),
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
