"""The audit trail in the admin: transitions, revisions and corrections, read-only for everyone."""

from django.contrib import admin

from articles.models import Correction, Revision, Transition


class ReadOnlyHistoryAdmin(admin.ModelAdmin):
    """History is for reading: nobody, superusers included, adds, edits or deletes it here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Transition)
class TransitionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["at", "article", "from_state", "to_state", "actor", "comment"]
    list_filter = ["to_state"]
    list_select_related = ["article", "actor"]
    search_fields = ["article__title", "comment"]
    date_hierarchy = "at"


@admin.register(Revision)
class RevisionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["article", "version", "created_by", "created_at"]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__title"]
    fields = ["article", "version", "created_by", "created_at", "snapshot"]


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["created_at", "article", "kind", "text", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__title", "text"]
