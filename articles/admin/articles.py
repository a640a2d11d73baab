from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from js_asset import Media as JsAssetMedia

from articles import caching, previews, roles, workflow
from articles.admin import in_this_piece
from articles.admin import workflow as workflow_views
from articles.admin.filters import ChooseFromListFilter, StateKeepingChangeList
from articles.admin.imports import article_bulk_import_view, article_import_view
from articles.admin.sources import source_copy_summary
from articles.admin.tags import tags_visible_to
from articles.citations import (
    blocking_citations,
    citation_delete,
    citation_problems,
    citation_save,
    describe_blocking,
    footnoted_body,
)
from articles.entities import article_link_entities
from articles.forms import (
    ArticleAdminForm,
    CorrectionForm,
    PreviewLinkForm,
    TagAutocompleteWidget,
    TagListField,
    TransitionForm,
    UpdatePublishForm,
)
from articles.models import (
    Article,
    Authorship,
    Citation,
    Section,
)
from articles.pagination import BoundedCountPaginator
from articles.revisions import revision_create, snapshot_diff, snapshot_of
from articles.search import admin_search
from articles.services import apply_snapshot, article_update
from articles.tasks import article_hero_renditions_enqueue
from jobs.admin import job_message
from people.authors import author_profile_get_or_create

TAG_SUGGESTIONS = 20
TIMELINE_LENGTH = 50


class BylineAuthorSelect(AutocompleteSelect):
    """The author autocomplete, rendering the row's current author from the inline's prefetched
    byline instead of querying for it once per row."""

    current_author = None

    def optgroups(self, name, value, attr=None):
        author = self.current_author
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if author is None or selected != [str(author.pk)]:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        options.append(self.create_option(name, author.pk, author.name, True, len(options)))
        return [(None, options, 0)]


class AuthorshipFormSet(BaseInlineFormSet):
    def byline(self) -> list:
        """Return the authors the submitted rows name, in byline order."""
        rows = [
            (form.cleaned_data.get("position") or 0, index, form.cleaned_data["author"])
            for index, form in enumerate(self.forms)
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("author")
        ]
        authors = []
        for _position, _index, author in sorted(rows, key=lambda row: row[:2]):
            if author not in authors:
                authors.append(author)
        return authors

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.author_id:
            widget = form.fields["author"].widget
            getattr(widget, "widget", widget).current_author = form.instance.author
        return form


def _https_by_default(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


ATTRIBUTION_FIELDS = {"speaker", "speaker_name", "affiliation", "affiliation_name", "quote"}


class CitationInlineForm(forms.ModelForm):
    class Meta:
        model = Citation
        formfield_callback = _https_by_default
        fields = [
            "kind",
            "review",
            "quote",
            "speaker",
            "speaker_name",
            "affiliation",
            "affiliation_name",
            "source_title",
            "publisher",
            "url",
            "archived_url",
            "published_on",
            "accessed_on",
            "verification",
            "verification_note",
        ]

    def _post_clean(self):
        super()._post_clean()
        citation = self.instance
        edited = set(self.changed_data) & ATTRIBUTION_FIELDS
        if (
            citation.review == Citation.Review.SUGGESTED
            and edited
            and "review" not in self.changed_data
        ):
            # Editing a suggestion is taking it: detection will not overwrite it any more.
            citation.review = Citation.Review.CONFIRMED
        # The instance now holds the edited values: the services' rules are checked on them,
        # so a refusal shows on the form with everything typed kept.
        for field, problem in citation_problems(citation).items():
            target = field if field in self.fields else None
            if not self.has_error(target):
                self.add_error(target, problem)


class CitationFormSet(BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for name in ("speaker", "affiliation"):
            widget = form.fields[name].widget
            getattr(widget, "widget", widget).current_author = getattr(form.instance, name)
        return form


class CitationInline(admin.StackedInline):
    """The piece's citations: quotations found in the text arrive as suggestions to confirm,
    edit or dismiss; sources and data can be added by hand."""

    model = Citation
    form = CitationInlineForm
    formset = CitationFormSet
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    autocomplete_fields = ["speaker", "affiliation"]
    readonly_fields = ["number", "footnote_marker", "verified_by", "verified_at", "our_copy"]
    fields = [
        ("number", "footnote_marker", "kind", "review"),
        "quote",
        ("speaker", "speaker_name"),
        ("affiliation", "affiliation_name"),
        ("source_title", "publisher"),
        ("url", "archived_url"),
        "our_copy",
        ("published_on", "accessed_on"),
        ("verification", "verified_by", "verified_at"),
        "verification_note",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("speaker", "affiliation", "verified_by", "source_status__snapshot")
            # The inline links the copy and says when it was taken; its extracted text (up to
            # megabytes a source) stays unread.
            .defer("source_status__snapshot__text")
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not roles.is_editor(request.user):
            # Verification lets a piece through the publishing gate: an editor's call.
            fields += ["verification", "verification_note"]
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("speaker", "affiliation"):
            # Renders the row's entity from the select_related above: no query per row.
            kwargs["widget"] = BylineAuthorSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("our archived copy"))
    def our_copy(self, citation):
        return source_copy_summary(citation)

    @admin.display(description=_("footnote marker"))
    def footnote_marker(self, citation):
        if not citation.number:
            return "—"
        return _(
            "In the body, select the passage, press Link and enter #%(anchor)s: readers get "
            "footnote %(number)s there."
        ) % {"anchor": citation.anchor, "number": citation.number}


def _default_byline_author(request):
    """Return the author a new piece by this user is bylined to: their own profile, created on
    first use for a writer; None for an editor without one (editors often file for others)."""
    if not hasattr(request, "_default_byline_author"):
        user = request.user
        if roles.is_writer(user) or hasattr(user, "author_profile"):
            request._default_byline_author = author_profile_get_or_create(user=user)
        else:
            request._default_byline_author = None
    return request._default_byline_author


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    formset = AuthorshipFormSet
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    extra = 0
    min_num = 0
    verbose_name = _("author")
    verbose_name_plural = _("Byline")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "article")

    def get_extra(self, request, obj=None, **kwargs):
        # Pending changes of a live piece are edited as they stand, byline included; a new
        # piece gets one row for its default byline (see ArticleAdmin.get_formset_kwargs).
        pending = getattr(obj, "pending_snapshot", None)
        if pending:
            return len(pending["byline"])
        if (obj is None or obj.pk is None) and _default_byline_author(request):
            return 1
        return self.extra

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs["widget"] = BylineAuthorSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "article_count"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # Meta.ordering does not apply to a grouped query: ordered again, so the section
        # autocomplete pages through a stable order.
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count("articles"))
            .order_by("position", "name")
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Section names are in every page's navigation.
        caching.site_pages_invalidate()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        caching.site_pages_invalidate()

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, section):
        return section.article_count


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    inlines = [AuthorshipInline, CitationInline]
    list_display = ["title", "section", "byline", "status_label", "live_from", "updated_at"]
    # Every author is offered (one small query): narrowing them to those with articles joined
    # the whole archive on every visit of the list.
    list_filter = ["status", "section", ("authors", ChooseFromListFilter)]
    list_select_related = ["section"]
    search_fields = ["title", "dek", "authors__name", "tags__name"]
    search_help_text = _("Search the text, authors and tags.")
    # Counting the whole archive again under every filtered list costs more than it tells,
    # and the count itself stops at ADMIN_COUNT_LIMIT (filters and search narrow further).
    show_full_result_count = False
    paginator = BoundedCountPaginator
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["section"]
    readonly_fields = [
        "status_label",
        "live_from",
        "first_published_at",
        "version",
        "word_count",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (_("Story"), {"fields": ["title", "slug", "dek", "body", "base_version"]}),
        (
            _("Image"),
            {
                "fields": [
                    "hero_image",
                    "pending_hero_image",
                    "hero_alt",
                    "hero_caption",
                    "hero_credit",
                ],
                "description": _("Optional. Alt text is required whenever there is an image."),
            },
        ),
        (
            _("Metadata"),
            {
                "fields": [
                    "section",
                    "tags",
                    "status_label",
                    "live_from",
                    "first_published_at",
                    "version",
                    "word_count",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_changelist(self, request, **kwargs):
        return StateKeepingChangeList

    def get_queryset(self, request):
        articles = super().get_queryset(request).editable_by(request.user).with_byline()
        match = request.resolver_match
        if match is not None and match.url_name == "articles_article_changelist":
            # The list shows none of the text: 100 bodies would be read and thrown away.
            articles = articles.defer("body", "body_html", "body_text", "dek")
        return articles

    def get_search_results(self, request, queryset, search_term):
        # Through the full-text index rather than LIKE over joins (articles.search).
        return admin_search(queryset, search_term), False

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        media = context.get("media")
        if change and media is not None:
            # The "In this piece" panel's re-point box sits outside the form, so its media is not
            # the form's.
            media = context["media"] = media + in_this_piece.panel_media(self.admin_site)
        # The rich-text editor loads its modules through an inline import map, which the
        # Content-Security-Policy runs only with this request's nonce.
        if isinstance(media, JsAssetMedia) and hasattr(request, "csp_nonce"):
            context["media"] = media.with_nonce(request.csp_nonce)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or roles.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        # Pieces are archived, never destroyed: their history must stay intact.
        return False

    def get_urls(self):
        def view(function):
            def wrapper(request, *args, **kwargs):
                return function(request, *args, model_admin=self, **kwargs)

            return self.admin_site.admin_view(wrapper)

        return [
            path(
                "import/",
                view(article_import_view),
                name="articles_article_import",
            ),
            path(
                "import/many/",
                view(article_bulk_import_view),
                name="articles_article_bulk_import",
            ),
            path(
                "tag-autocomplete/",
                self.admin_site.admin_view(self.tag_autocomplete),
                name="articles_article_tag_autocomplete",
            ),
            path(
                "<int:object_id>/transition/<slug:name>/",
                view(workflow_views.transition),
                name="articles_article_transition",
            ),
            path(
                "<int:object_id>/revisions/",
                view(workflow_views.revisions),
                name="articles_article_revisions",
            ),
            path(
                "<int:object_id>/revisions/<int:version>/restore/",
                view(workflow_views.revision_restore_view),
                name="articles_article_revision_restore",
            ),
            path(
                "<int:object_id>/pending/publish/",
                view(workflow_views.update_publish),
                name="articles_article_update_publish",
            ),
            path(
                "<int:object_id>/pending/discard/",
                view(workflow_views.pending_discard),
                name="articles_article_pending_discard",
            ),
            path(
                "<int:object_id>/preview/",
                view(workflow_views.preview),
                name="articles_article_preview",
            ),
            path(
                "<int:object_id>/preview-links/",
                view(workflow_views.preview_link_create),
                name="articles_article_preview_link_create",
            ),
            path(
                "<int:object_id>/preview-links/<int:link_id>/revoke/",
                view(workflow_views.preview_link_revoke),
                name="articles_article_preview_link_revoke",
            ),
            path(
                "<int:object_id>/corrections/",
                view(workflow_views.correction_create),
                name="articles_article_correction_create",
            ),
            path(
                "entity-autocomplete/",
                self.admin_site.admin_view(
                    in_this_piece.EntityChoicesJsonView.as_view(admin_site=self.admin_site)
                ),
                name="articles_article_entity_autocomplete",
            ),
            path(
                "<int:object_id>/mentions/<int:entity_id>/",
                view(in_this_piece.mention_fix),
                name="articles_article_mention_fix",
            ),
            *super().get_urls(),
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return TagListField(
                label=capfirst(db_field.verbose_name),
                required=False,
                help_text=_("Type to find a topic; press Enter or comma to add a new one."),
                widget=TagAutocompleteWidget(
                    autocomplete_url=reverse("admin:articles_article_tag_autocomplete")
                ),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None and article.pending_revision_id is not None:
            # The form edits the pending changes; the page also shows the live version.
            article.live_snapshot = snapshot_of(article)
            article.pending_snapshot = article.pending_revision.snapshot
            apply_snapshot(article, article.pending_snapshot)
        return article

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        pending = getattr(obj, "pending_snapshot", None)
        if pending and isinstance(inline, AuthorshipInline):
            kwargs["queryset"] = Authorship.objects.none()
            kwargs["initial"] = [
                {"author": entry["id"], "position": position}
                for position, entry in enumerate(pending["byline"])
            ]
        # A new piece's default byline, only on the blank form: given on a POST too, an
        # untouched row would count as unchanged and be dropped.
        new = obj is None or obj.pk is None
        if isinstance(inline, AuthorshipInline) and request.method == "GET" and new:
            author = _default_byline_author(request)
            if author is not None:
                kwargs["initial"] = [{"author": author.pk, "position": 0}]
        return kwargs

    def save_model(self, request, obj, form, change):
        if change:
            # An existing piece changes only through articles.services.article_update, called
            # from save_related once the byline and citations have been read.
            return
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if "hero_image" in form.changed_data or (obj.hero_image and not obj.hero_renditions):
            # The upload was checked and stored by the form; its sizes for each screen follow
            # in the background, and the page shows the original until they exist.
            job = article_hero_renditions_enqueue(article=obj, by=request.user)
            job_message(self, request, job, _("The image’s sizes for each screen"))

    def save_formset(self, request, form, formset, change):
        if formset.model is not Citation:
            return super().save_formset(request, form, formset, change)
        for citation in formset.save(commit=False):
            edited = next(f for f in formset.forms if f.instance is citation)
            changed = set(edited.changed_data)
            citation_save(
                citation=citation,
                by=request.user,
                verification_changed="verification" in changed,
            )
        for citation in formset.deleted_objects:
            citation_delete(citation=citation, by=request.user)
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        if not change:
            super().save_related(request, form, formsets, change)
            # Byline and tags are saved only now, so the revision is taken after them; after
            # the byline, too, so that the article's own authors are never suggested as entities.
            article_link_entities(article=form.instance)
            revision_create(article=form.instance, by=request.user)
            return
        authors = None
        for formset in formsets:
            if formset.model is Authorship:
                authors = formset.byline()
                # Saved by article_update; the admin's change message reads these.
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            else:
                self.save_formset(request, form, formset, change=change)
        result = article_update(
            article=form.instance,
            changes={
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in Article.EDITORIAL_FIELDS
            },
            authors=authors,
            tags=form.cleaned_data.get("tags"),
            base_version=form.cleaned_data.get("base_version"),
            by=request.user,
        )
        for warning in result.warnings:
            self.message_user(request, warning, messages.WARNING)
        for job in result.jobs:
            job_message(self, request, job, _("The image’s sizes for each screen"))
        if result.pending:
            self.message_user(
                request,
                _(
                    "Saved as pending changes: readers still get the live version until an "
                    "editor publishes the update."
                ),
                messages.INFO,
            )
        if result.returned_to_review:
            self.message_user(
                request,
                _("The text changed after approval, so the piece is back in review."),
                messages.WARNING,
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if article is not None:
            extra_context.update(self._workflow_context(request, article))
        return super().change_view(request, object_id, form_url, extra_context)

    def _workflow_context(self, request, article):
        is_editor = roles.is_editor(request.user)
        return {
            "transitions": [
                (rule, TransitionForm(auto_id=f"id_{rule.name}_%s"))
                for rule in workflow.available_transitions(article, request.user)
            ],
            "timeline": article.transitions.select_related("actor")[:TIMELINE_LENGTH],
            "corrections": article.corrections.select_related("created_by"),
            "correction_form": CorrectionForm()
            if is_editor and article.first_published_at
            else None,
            "preview_links": _with_addresses(request, article.preview_links.all())
            if is_editor
            else [],
            "preview_link_form": PreviewLinkForm(
                initial={"days": settings.NEWSROOM_PREVIEW_LINK_DEFAULT_DAYS},
                max_days=settings.NEWSROOM_PREVIEW_LINK_MAX_DAYS,
            )
            if is_editor
            else None,
            "citation_blockers": [describe_blocking(c) for c in blocking_citations(article)],
            "change_request": workflow.latest_change_request(article),
            **in_this_piece.panel_context(request, article),
            "footnote_citations": footnote_choices(article),
            "pending_changes": snapshot_diff(article.live_snapshot, article.pending_snapshot)
            if getattr(article, "pending_snapshot", None)
            else None,
            "update_form": UpdatePublishForm(auto_id="id_update_%s") if is_editor else None,
            "is_editor": is_editor,
            "now": timezone.now(),
            "time_zone_name": settings.TIME_ZONE,
        }

    def tag_autocomplete(self, request):
        """Return existing tags whose name contains the typed term, in Select2's format."""
        if not self.has_view_or_change_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        term = request.GET.get("term", "").strip()
        tags = tags_visible_to(request.user).order_by("name")
        if term:
            tags = tags.filter(name__icontains=term)
        names = tags.values_list("name", flat=True)[:TAG_SUGGESTIONS]
        return JsonResponse({"results": [{"id": name, "text": name} for name in names]})

    @admin.display(description=_("byline"))
    def byline(self, article):
        return ", ".join(author.name for author in article.byline_authors)

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article):
        return article.get_status_now_display()

    @admin.display(description=_("body"))
    def body_as_read(self, article):
        """The body as readers get it (entity links and footnote numbers), for those who may
        read the piece here but not edit it: never its raw HTML."""
        body, _marked = footnoted_body(
            article.body_html or article.body,
            list(article.citations.shown_to_readers()),
        )
        # The body was reduced to the allow-list on save (articles.richtext); links were added
        # to it at write time by our own code.
        safe_body = mark_safe(body)  # noqa: S308
        return format_html('<div class="article-body-as-read">{}</div>', safe_body)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        "body_as_read" if field == "body" else field for field in options["fields"]
                    ],
                },
            )
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            fields.append("body_as_read")
        return fields

    def view_on_site(self, article):
        # Only a live piece has a public page; a draft's is a 404 for readers (use Preview).
        return article.get_absolute_url() if article.is_live else None

    @admin.display(description=_("public from"), ordering="publish_at")
    def live_from(self, article):
        if article.publish_at is None:
            return "—"
        return date_format(timezone.localtime(article.publish_at), "j F Y, H:i T")


def footnote_choices(article) -> list[dict]:
    """The citations the editor's footnote button offers: number, then the quote or source."""
    choices = []
    for citation in article.citations.exclude(review=Citation.Review.DISMISSED).select_related(
        "speaker"
    ):
        what = f"“{citation.quote[:80]}”" if citation.quote else citation.source_title
        who = f" ({citation.speaker_label})" if citation.speaker_label else ""
        number = citation.number or "new"
        choices.append({"id": citation.pk, "label": f"{number}: {what or citation.url}{who}"})
    return choices


def _with_addresses(request, links) -> list:
    """Give each preview link its shareable address, so it can be found and copied again."""
    links = list(links)
    for link in links:
        token = previews.preview_token(link)
        link.address = request.build_absolute_uri(reverse("shared_preview", args=[token]))
    return links
