"""What the newsroom keeps of the sources its pieces cite: snapshots of their pages, each
source's watch state, and the history of its checks."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SourceSnapshotManager(models.Manager):
    def get_queryset(self):
        # The extracted text (up to megabytes a page) is read where it is shown, the snapshot's
        # own admin page; serving the copy reads the stored file, and lists read neither.
        return super().get_queryset().defer("text")


class SourceSnapshot(models.Model):
    """A copy of a cited page as the newsroom fetched it: the HTML (with its text extracted) or
    the PDF, stored as received in media storage. Never changed once taken."""

    citation = models.ForeignKey(
        "articles.Citation",
        verbose_name=_("citation"),
        on_delete=models.CASCADE,
        related_name="snapshots",
    )
    key = models.UUIDField(_("public key"), default=uuid.uuid4, unique=True, editable=False)
    requested_url = models.URLField(_("requested address"), max_length=1000)
    final_url = models.URLField(_("final address"), max_length=1000)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"))
    content_type = models.CharField(_("content type"), max_length=200)
    encoding = models.CharField(_("text encoding"), max_length=40, blank=True)
    content_hash = models.CharField(_("SHA-256"), max_length=64)
    fingerprint = models.CharField(
        _("text fingerprint"),
        max_length=16,
        blank=True,
        help_text=_("A similarity hash of the text: close pages have close fingerprints."),
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    text = models.TextField(_("extracted text"), blank=True)
    file = models.FileField(_("file"), upload_to="source-snapshots/%Y/%m/", max_length=300)
    size = models.PositiveIntegerField(_("size in bytes"))
    fetched_at = models.DateTimeField(_("fetched at"))

    objects = SourceSnapshotManager()

    class Meta:
        ordering = ["-fetched_at", "-id"]
        verbose_name = _("source snapshot")
        verbose_name_plural = _("source snapshots")
        indexes = [models.Index(fields=["citation", "-fetched_at"], name="snapshot_latest")]

    def __str__(self) -> str:
        return f"{self.title or self.final_url} ({self.fetched_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        from articles.sources.views import snapshot_url

        return snapshot_url(self)

    @property
    def is_pdf(self) -> bool:
        return self.content_type.split(";")[0].strip().lower() == "application/pdf"


class SourceStatus(models.Model):
    """The watch on one cited address: its state at the last check, what the editor decided,
    and when it is next checked."""

    class State(models.TextChoices):
        PENDING = "pending", _("Not checked yet")
        OK = "ok", _("Fine")
        MOVED = "moved", _("Moved")
        GONE = "gone", _("Gone")
        CHANGED = "changed", _("Changed")
        UNREACHABLE = "unreachable", _("Unreachable")

    FLAGGED = (State.MOVED, State.GONE, State.CHANGED, State.UNREACHABLE)

    citation = models.OneToOneField(
        "articles.Citation",
        verbose_name=_("citation"),
        on_delete=models.CASCADE,
        related_name="source_status",
    )
    url = models.URLField(_("address watched"), max_length=1000)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    final_url = models.URLField(_("where it leads"), max_length=1000, blank=True)
    snapshot = models.ForeignKey(
        SourceSnapshot,
        verbose_name=_("latest snapshot"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    snapshot_problem = models.CharField(_("why there is no snapshot"), max_length=300, blank=True)
    fingerprint = models.CharField(
        _("text fingerprint at the first check"), max_length=16, blank=True
    )
    link_to_archive = models.BooleanField(
        _("readers' link goes to our archived copy"), default=False
    )
    flagged_at = models.DateTimeField(_("flagged at"), null=True, blank=True)
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)
    failures = models.PositiveSmallIntegerField(_("failed checks in a row"), default=0)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    next_check_at = models.DateTimeField(_("next check"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-flagged_at", "id"]
        verbose_name = _("source to look at")
        verbose_name_plural = _("sources to look at")
        indexes = [
            models.Index(
                fields=["-flagged_at"],
                name="source_status_flagged",
                condition=Q(flagged_at__isnull=False, dismissed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.url

    @property
    def archive_first(self) -> bool:
        """Whether readers should get our archived copy before the original address."""
        return bool(self.snapshot_id) and (self.link_to_archive or self.state == self.State.GONE)


class SourceCheck(models.Model):
    """One check of a cited address: the status history an editor reads."""

    status = models.ForeignKey(
        SourceStatus, verbose_name=_("source"), on_delete=models.CASCADE, related_name="checks"
    )
    checked_at = models.DateTimeField(_("checked at"))
    url = models.URLField(_("address"), max_length=1000)
    final_url = models.URLField(_("where it led"), max_length=1000, blank=True)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=SourceStatus.State.choices)
    content_hash = models.CharField(_("SHA-256"), max_length=64, blank=True)
    fingerprint = models.CharField(_("text fingerprint"), max_length=16, blank=True)
    error = models.CharField(_("problem"), max_length=300, blank=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = _("source check")
        verbose_name_plural = _("source checks")

    def __str__(self) -> str:
        return f"{self.url}: {self.get_outcome_display()}"
