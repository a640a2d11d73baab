"""The quote ledger's rows, kept current at write time by ``articles.ledger.ledger_piece_refresh``
so that reading the ledger never joins or counts the whole archive.

``LedgerQuote`` is one row per counted citation (confirmed, of a piece that is live or
scheduled), with everything the ledger groups or filters by copied onto it. ``LedgerTally``
holds the all-time figures of quotations per speaker, affiliation and organisation type (and
one grand total): the ledger's default page reads them with one short index scan each."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class LedgerQuote(models.Model):
    """A confirmed citation of a live or scheduled piece, as the ledger counts it. Scheduled
    pieces have rows too: ``live_from`` says from when readers see them."""

    class Attribution(models.TextChoices):
        NAMED = "named", _("With a named speaker")
        ANONYMOUS = "anonymous", _("Anonymous (organisation only)")
        UNATTRIBUTED = "unattributed", _("Unattributed")

    citation = models.OneToOneField(
        "articles.Citation",
        verbose_name=_("citation"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    article = models.ForeignKey(
        "articles.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
    )
    quoted_at = models.DateTimeField(_("quoted at (first published)"))
    live_from = models.DateTimeField(_("live from"))
    kind = models.CharField(_("kind"), max_length=20)
    attribution = models.CharField(_("attribution"), max_length=12, choices=Attribution.choices)
    speaker_label = models.CharField(_("speaker"), max_length=200, blank=True)
    # Entity ids without a foreign key: a deleted entity must not take rows with it (its
    # pieces are refreshed instead, see articles.entities).
    speaker_entity = models.PositiveIntegerField(_("speaker entity"), null=True, db_index=True)
    affiliation_label = models.CharField(_("affiliation"), max_length=200, blank=True)
    affiliation_entity = models.PositiveIntegerField(
        _("affiliation entity"), null=True, db_index=True
    )
    organisation_type = models.CharField(_("organisation type"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("ledger quotation")
        verbose_name_plural = _("ledger quotations")
        indexes = [
            models.Index(fields=["kind", "quoted_at"], name="ledgerquote_period_idx"),
            models.Index(fields=["section", "kind", "quoted_at"], name="ledgerquote_section_idx"),
            models.Index(
                fields=["attribution", "kind", "quoted_at"], name="ledgerquote_attribution_idx"
            ),
            # Not yet live: the default page subtracts these from the tallies.
            models.Index(fields=["live_from"], name="ledgerquote_live_from_idx"),
            # First and last quoted of one label, and the chart's months of the top ones.
            models.Index(
                fields=["kind", "speaker_label", "quoted_at"], name="ledgerquote_speaker_idx"
            ),
            models.Index(
                fields=["kind", "affiliation_label", "quoted_at"],
                name="ledgerquote_affiliation_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_label or '-'} / {self.affiliation_label or '-'} ({self.quoted_at})"


class LedgerTally(models.Model):
    """All-time figures of quotations (kind "quote") of live and scheduled pieces for one
    speaker, affiliation or organisation type, or the grand total. ``quotes`` and ``pieces``
    move by the difference each piece's refresh makes; first, last, entity and type are
    read again from ``LedgerQuote`` for the labels a refresh touches."""

    class Dimension(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        AFFILIATION = "affiliation", _("Affiliation")
        TYPE = "type", _("Organisation type")
        TOTAL = "total", _("All quotations")

    dimension = models.CharField(_("dimension"), max_length=12, choices=Dimension.choices)
    label = models.CharField(_("label"), max_length=200, blank=True)
    quotes = models.IntegerField(_("quotations"), default=0)
    pieces = models.IntegerField(_("pieces"), default=0)
    first_at = models.DateTimeField(_("first quoted"), null=True)
    last_at = models.DateTimeField(_("last quoted"), null=True)
    entity_id = models.PositiveIntegerField(_("entity"), null=True)
    organisation_type = models.CharField(_("organisation type"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("ledger tally")
        verbose_name_plural = _("ledger tallies")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "label"], name="ledgertally_unique")
        ]
        indexes = [
            models.Index(
                "dimension",
                F("quotes").desc(),
                "label",
                condition=Q(quotes__gt=0),
                name="ledgertally_most_quoted_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.label!r}: {self.quotes}"
