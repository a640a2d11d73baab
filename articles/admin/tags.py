"""Tags in the admin: django-taggit's admin, narrowed to what each role may see and do.

taggit's own "merge tags" action had no permission check: any writer could rename tags across
the published archive, and posting it with nothing selected was a 500. Merging is for editors;
writers see only the tags of pieces they may read (published ones and their own)."""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from taggit.admin import TagAdmin
from taggit.forms import MergeTagsForm
from taggit.models import Tag, TaggedItem

from articles import caching, roles
from articles.models import Article
from articles.tagging import TagMergeError, tags_merge


def tags_visible_to(user):
    """Return the tags carried by a piece ``user`` may read: a tag used only on another
    writer's draft may name an embargoed story."""
    if roles.is_editor(user):
        return Tag.objects.all()
    article_ids = Article.objects.visible_to(user).values("pk")
    tagged = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article), object_id__in=article_ids
    )
    return Tag.objects.filter(pk__in=tagged.values("tag_id"))


admin.site.unregister(Tag)


@admin.register(Tag)
class NewsroomTagAdmin(TagAdmin):
    actions = ["render_tag_form"]

    def get_queryset(self, request):
        return super().get_queryset(request) & tags_visible_to(request.user)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Tag pages, and articles showing the tag, are cached by scope (articles.caching).
        caching.tag_pages_invalidate(tag_id=obj.pk)

    def delete_model(self, request, obj):
        tag_id = obj.pk
        super().delete_model(request, obj)
        caching.tag_pages_invalidate(tag_id=tag_id)

    def has_merge_permission(self, request) -> bool:
        return roles.is_editor(request.user) and self.has_change_permission(request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_merge_permission(request):
            actions.pop("render_tag_form", None)
        return actions

    def render_tag_form(self, request, queryset):
        if not self.has_merge_permission(request):
            raise PermissionDenied
        return super().render_tag_form(request, queryset)

    render_tag_form.short_description = TagAdmin.render_tag_form.short_description

    def merge_tags_view(self, request):
        if not self.has_merge_permission(request):
            raise PermissionDenied
        asked = [
            value
            for value in request.session.get("selected_tag_ids", "").split(",")
            if value.isdigit()
        ]
        # taggit looks each id up with get(): an empty or stale selection was a 500.
        selected = [str(pk) for pk in Tag.objects.filter(pk__in=asked).values_list("pk", flat=True)]
        if not selected:
            request.session.pop("selected_tag_ids", None)
            self.message_user(request, "Select the tags to merge first.", messages.WARNING)
            return redirect("admin:taggit_tag_changelist")
        request.session["selected_tag_ids"] = ",".join(selected)
        if request.method != "POST":
            return super().merge_tags_view(request)
        form = MergeTagsForm(request.POST)
        if not form.is_valid():
            return self._merge_form(request, form, selected)
        # taggit's own POST handling invalidated no cached page and, merging into one of the
        # selected tags, untagged that tag's pieces: the service does it right.
        try:
            tags_merge(
                tags=Tag.objects.filter(pk__in=selected),
                into_name=form.cleaned_data["new_tag_name"],
                by=request.user,
            )
        except TagMergeError as error:
            self.message_user(request, str(error), messages.ERROR)
            return self._merge_form(request, form, selected)
        request.session.pop("selected_tag_ids", None)
        self.message_user(request, "Tags have been merged", messages.SUCCESS)
        return redirect("admin:taggit_tag_changelist")

    def _merge_form(self, request, form, selected):
        context = {"form": form, "selected_tag_ids": selected}
        return render(request, "admin/taggit/merge_tags_form.html", context)
