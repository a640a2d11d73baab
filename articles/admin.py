from django.contrib import admin
from django.db.models import Count
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.entities import article_link_entities
from articles.forms import TagAutocompleteWidget, TagListField
from articles.models import Article, Authorship, Section

TAG_SUGGESTIONS = 20


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    extra = 0
    min_num = 0
    verbose_name = _("author")
    verbose_name_plural = _("Byline")


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "article_count"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, section):
        return section.article_count


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    change_form_template = "admin/articles/article/change_form.html"
    inlines = [AuthorshipInline]
    list_display = ["title", "section", "byline", "status", "first_published_at", "updated_at"]
    list_filter = ["status", "section", ("authors", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["section"]
    search_fields = ["title", "dek", "authors__name", "tags__name"]
    search_help_text = _("Search headlines, standfirsts, authors and tags.")
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["section"]
    readonly_fields = ["word_count", "created_at", "updated_at"]
    fieldsets = [
        (_("Story"), {"fields": ["title", "slug", "dek", "body"]}),
        (
            _("Image"),
            {
                "fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"],
                "description": _("Optional. Alt text is required whenever there is an image."),
            },
        ),
        (
            _("Metadata"),
            {
                "fields": [
                    "section",
                    "tags",
                    "status",
                    "first_published_at",
                    "word_count",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_byline()

    def get_urls(self):
        return [
            path(
                "tag-autocomplete/",
                self.admin_site.admin_view(self.tag_autocomplete),
                name="articles_article_tag_autocomplete",
            ),
            *super().get_urls(),
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return TagListField(
                label=db_field.verbose_name,
                required=False,
                help_text=_("Type to find a topic; press Enter or comma to add a new one."),
                widget=TagAutocompleteWidget(
                    autocomplete_url=reverse("admin:articles_article_tag_autocomplete")
                ),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def tag_autocomplete(self, request):
        """Return existing tags whose name contains the typed term, in Select2's format."""
        if not self.has_view_or_change_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        term = request.GET.get("term", "").strip()
        tags = Tag.objects.order_by("name")
        if term:
            tags = tags.filter(name__icontains=term)
        names = tags.values_list("name", flat=True)[:TAG_SUGGESTIONS]
        return JsonResponse({"results": [{"id": name, "text": name} for name in names]})

    @admin.display(description=_("byline"))
    def byline(self, article):
        return ", ".join(author.name for author in article.byline_authors)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the byline is saved: the article's own authors are never suggested as entities.
        article_link_entities(article=form.instance)


# The registry's admin needs both apps (its changes re-link articles), so it lives here.
from articles import entity_admin  # noqa: E402, F401
