"""Admin for cited sources: "Sources to look at" (flagged by the link checker, with one-click
actions), and the snapshots, viewable by editors whatever the piece's state."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles import roles
from articles.sources.checking import (
    SourceActionError,
    source_dismiss,
    source_link_to_archive,
    source_update_url,
)
from articles.sources.models import SourceCheck, SourceSnapshot, SourceStatus
from articles.sources.views import snapshot_response


def source_copy_summary(citation) -> str:
    """Say, for the citation's form, whether we hold a copy of its source (with a link for
    editors), why not, or that the address is being fetched."""
    if not citation.pk or not citation.url:
        return "—"
    status = getattr(citation, "source_status", None)
    if status is None or (not status.snapshot_id and not status.snapshot_problem):
        return _("Not yet: a copy is taken once the citation is confirmed.")
    if status.snapshot_id:
        return format_html(
            '<a href="{}">{}</a> · {}',
            reverse("admin:articles_sourcesnapshot_view", args=[status.snapshot_id]),
            _("saved %(date)s") % {"date": status.snapshot.fetched_at.strftime("%Y-%m-%d %H:%M")},
            status.get_state_display(),
        )
    return _("No copy: %(reason)s") % {"reason": status.snapshot_problem}


class EditorsOnly:
    """Editors read these pages; nobody adds or edits rows by hand (the jobs write them)."""

    def has_view_permission(self, request, obj=None):
        return roles.is_editor(request.user)

    def has_module_permission(self, request):
        return roles.is_editor(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SourceCheckInline(EditorsOnly, admin.TabularInline):
    model = SourceCheck
    fields = ["checked_at", "outcome", "status_code", "final_url", "error"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    verbose_name_plural = _("Check history")


class FlaggedFilter(admin.SimpleListFilter):
    title = _("needs a look")
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("all", _("All sources"))]

    def choices(self, changelist):
        # "Yes" is the default: the list is a to-do list.
        value = self.value() or "yes"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if (self.value() or "yes") == "yes":
            return queryset.filter(flagged_at__isnull=False, dismissed_at__isnull=True)
        return queryset


@admin.register(SourceStatus)
class SourceStatusAdmin(EditorsOnly, admin.ModelAdmin):
    list_display = ["source", "piece", "state", "flagged_at", "archived", "act"]
    list_filter = [FlaggedFilter, "state"]
    list_select_related = ["citation__article", "snapshot"]
    search_fields = ["url", "final_url", "citation__article__title", "citation__source_title"]
    fields = [
        "url",
        "state",
        "final_url",
        "snapshot",
        "snapshot_problem",
        "link_to_archive",
        "flagged_at",
        "dismissed_at",
        "failures",
        "last_checked_at",
        "next_check_at",
    ]
    readonly_fields = fields
    inlines = [SourceCheckInline]
    change_list_template = "admin/articles/sourcestatus/change_list.html"

    def get_queryset(self, request):
        # Each row links the snapshot and says when it was taken, never its extracted text.
        return super().get_queryset(request).defer("snapshot__text")

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": _("Sources to look at"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        def action(name, function):
            view = require_POST(self.admin_site.admin_view(self._action_view(function)))
            return path(f"<int:pk>/{name}/", view, name=f"articles_sourcestatus_{name}")

        return [
            action("link-to-archive", self._link_to_archive),
            action("use-new-address", self._use_new_address),
            action("dismiss", self._dismiss),
            *super().get_urls(),
        ]

    def _action_view(self, function):
        def view(request, pk):
            if not roles.is_editor(request.user):
                raise PermissionDenied
            status = get_object_or_404(SourceStatus.objects.select_related("citation"), pk=pk)
            try:
                message = function(request, status)
            except SourceActionError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, message)
            back = request.POST.get("next", "")
            if not back.startswith("/admin/"):
                back = reverse("admin:articles_sourcestatus_changelist")
            return HttpResponseRedirect(back)

        return view

    def _link_to_archive(self, request, status):
        source_link_to_archive(status=status, by=request.user)
        return _("Readers now get our archived copy of %(url)s.") % {"url": status.url}

    def _use_new_address(self, request, status):
        new = status.final_url
        if not new or new == status.url:
            raise SourceActionError(_("The checker has not seen this source move."))
        source_update_url(status=status, url=new, by=request.user)
        return _("The citation now points at %(url)s; a snapshot of it is on its way.") % {
            "url": new
        }

    def _dismiss(self, request, status):
        source_dismiss(status=status, by=request.user)
        return _("%(url)s is off the list until its state changes.") % {"url": status.url}

    @admin.display(description=_("source"), ordering="url")
    def source(self, status):
        moved = ""
        if status.state == SourceStatus.State.MOVED and status.final_url:
            moved = format_html("<br>→ {}", status.final_url)
        return format_html('<a href="{}" rel="noreferrer">{}</a>{}', status.url, status.url, moved)

    @admin.display(description=_("piece"))
    def piece(self, status):
        article = status.citation.article
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[article.pk]),
            article.title,
        )

    @admin.display(description=_("archived copy"))
    def archived(self, status):
        if not status.snapshot_id:
            return status.snapshot_problem or "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_sourcesnapshot_view", args=[status.snapshot_id]),
            status.snapshot.fetched_at.strftime("%Y-%m-%d"),
        )

    @admin.display(description=_("actions"))
    def act(self, status):
        # Buttons belong to one form outside the changelist's (forms cannot nest): one click,
        # no script.
        buttons = []
        if status.snapshot_id and not status.link_to_archive:
            buttons.append(("link-to-archive", _("Link readers to our copy")))
        if status.state == SourceStatus.State.MOVED and status.final_url != status.url:
            buttons.append(("use-new-address", _("Use the new address")))
        if status.dismissed_at is None:
            buttons.append(("dismiss", _("Dismiss")))
        return format_html_join(
            " ",
            '<button type="submit" form="source-actions" class="button" formaction="{}">{}'
            "</button>",
            [
                (reverse(f"admin:articles_sourcestatus_{name}", args=[status.pk]), label)
                for name, label in buttons
            ],
        )


@admin.register(SourceSnapshot)
class SourceSnapshotAdmin(EditorsOnly, admin.ModelAdmin):
    list_display = ["title_or_url", "citation", "status_code", "size", "fetched_at", "view"]
    list_select_related = ["citation"]
    search_fields = ["title", "final_url", "requested_url", "text"]
    fields = [
        "citation",
        "requested_url",
        "final_url",
        "status_code",
        "content_type",
        "content_hash",
        "title",
        "size",
        "fetched_at",
        "view",
        "text",
    ]
    readonly_fields = fields

    def get_urls(self):
        view = self.admin_site.admin_view(self._view)
        return [
            path("<int:pk>/view/", view, name="articles_sourcesnapshot_view"),
            *super().get_urls(),
        ]

    def _view(self, request, pk):
        if not roles.is_editor(request.user):
            raise PermissionDenied
        response = snapshot_response(get_object_or_404(SourceSnapshot, pk=pk))
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.display(description=_("page"))
    def title_or_url(self, snapshot):
        return snapshot.title or snapshot.final_url

    @admin.display(description=_("archived copy"))
    def view(self, snapshot):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_sourcesnapshot_view", args=[snapshot.pk]),
            _("View"),
        )
