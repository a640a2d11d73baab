"""What editors see of background work: one row per job, with its state, progress and results.

The task queue (django-tasks: a database or Redis backend, or the immediate backend on a laptop
and in tests) only carries ``job_id``; everything an editor or a retry needs lives here, so the
Jobs page reads the same whatever backend runs the work.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class JobQuerySet(models.QuerySet):
    def pending(self) -> "JobQuerySet":
        """Jobs that are waiting for a worker or running now."""
        return self.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    label = models.CharField(_("what"), max_length=300)
    task_path = models.CharField(_("task"), max_length=200)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # Two requests for the same work (two saves of one image) share one pending job.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, blank=True)
    status = models.CharField(
        _("state"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    # Per-item outcomes, [{"item": "report.docx", "ok": true, "message": "…", "url": "…"}].
    results = models.JSONField(_("results"), default=list, blank=True)
    # Where an interrupted job resumes (e.g. the last article id it finished).
    checkpoint = models.JSONField(_("checkpoint"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    traceback = models.TextField(_("traceback"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("most attempts"), default=5)
    task_result_id = models.CharField(_("queue id"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["dedupe_key", "status"], name="jobs_dedupe_status_idx")]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("admin:jobs_job_change", args=[self.pk])

    @property
    def percent(self) -> int:
        """How far the job has got, 0–100 (100 once it succeeded, whatever it counted)."""
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def failed_items(self) -> list[dict]:
        return [item for item in self.results if not item.get("ok")]


class Schedule(models.Model):
    """When each periodic job (settings.NEWSROOM_PERIODIC_JOBS) is next due. Workers claim a due
    row with a row lock, so however many workers run, each period enqueues the job once."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    next_run_at = models.DateTimeField(_("next run"))
    last_job = models.ForeignKey(
        Job, verbose_name=_("last job"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self) -> str:
        return self.name
