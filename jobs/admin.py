"""The Jobs page: what background work is queued, running, done or failed, with a retry button."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jobs.models import Job
from jobs.services import JobError, job_retry


def job_message(model_admin, request, job: Job, what: str) -> None:
    """Tell the editor what became of background work their save started: failed (with why),
    or still to come (with a link to follow it); nothing when it is already done."""
    if job.status == Job.Status.FAILED:
        model_admin.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("Saved, but %(what)s could not be made: %(error)s")
                % {"what": what.lower(), "error": job.error},
                job.get_absolute_url(),
                _("See the job."),
            ),
            messages.WARNING,
        )
    elif job.status != Job.Status.SUCCEEDED:
        model_admin.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("%(what)s are being made in the background; readers see the original meanwhile.")
                % {"what": what},
                job.get_absolute_url(),
                _("Follow the job."),
            ),
        )


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["label", "status", "progress", "attempts", "created_by", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["created_by"]
    search_fields = ["label", "error"]
    date_hierarchy = "created_at"
    fields = [
        "label",
        "kind",
        "status",
        "progress",
        "attempts",
        "max_attempts",
        "next_attempt_at",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
        "error",
    ]
    readonly_fields = fields
    change_form_template = "admin/jobs/job/change_form.html"
    change_list_template = "admin/jobs/job/change_list.html"

    @admin.display(description=_("progress"))
    def progress(self, job: Job):
        total = job.progress_total or 1
        done = job.progress_done if job.progress_total else int(job.status == Job.Status.SUCCEEDED)
        return format_html(
            '<progress max="{}" value="{}" aria-label="{}">{}%</progress> {} / {}',
            total,
            min(done, total),
            _("progress"),
            job.percent,
            job.progress_done,
            job.progress_total,
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The form is read-only; "change" is the right to retry, checked in retry_view.
        return request.method in ("GET", "HEAD") and self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("jobs.delete_job")

    def get_urls(self):
        return [
            path(
                "<int:pk>/retry/",
                self.admin_site.admin_view(self.retry_view),
                name="jobs_job_retry",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "job": job,
            "can_retry": job is not None
            and job.status == Job.Status.FAILED
            and request.user.has_perm("jobs.change_job"),
            "refresh": job is not None and job.status in (Job.Status.QUEUED, Job.Status.RUNNING),
            "show_traceback": request.user.is_superuser,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        pending = Job.objects.pending().exists()
        return super().changelist_view(request, {**(extra_context or {}), "refresh": pending})

    def retry_view(self, request, pk):
        if request.method != "POST":
            return redirect("admin:jobs_job_change", pk)
        if not request.user.has_perm("jobs.change_job"):
            raise PermissionDenied
        job = get_object_or_404(Job, pk=pk)
        try:
            job = job_retry(job=job, by=request.user)
        except JobError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, _("“%(label)s” was queued again.") % {"label": job.label})
        return redirect("admin:jobs_job_change", pk)
