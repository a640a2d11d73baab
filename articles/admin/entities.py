"""Admin for the entity registry: entities with their aliases, merging, and the suggestions
discovery makes. Every change that alters what articles mention re-links those articles, which
is why this admin lives in ``articles`` (the app that knows both) rather than in ``people``."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import roles
from articles.entities import (
    entity_delete_and_relink,
    entity_mentioning_article_ids,
    entity_merge_and_relink,
    entity_merge_undo_and_relink,
    entity_relink,
    suggestion_accept_and_relink,
)
from articles.ledger import entity_quote_summary
from articles.models import Article, Citation
from people.entities import nlp
from people.entities.registry import (
    RegistryError,
    entity_slug_change_record,
    suggestion_edit,
    suggestion_reject,
)
from people.models import Entity, EntityAlias, EntityMerge, EntitySlugRedirect, EntitySuggestion


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    fields = ["name"]
    extra = 1
    verbose_name_plural = _("Aliases (other names in articles: acronyms, surnames, spellings)")


class EntitySlugRedirectInline(admin.TabularInline):
    model = EntitySlugRedirect
    fields = ["old_slug", "created_at"]
    readonly_fields = ["created_at"]
    extra = 0
    verbose_name_plural = _("Old addresses that lead here")


def relinking_message(count: int):
    """The admin's answer once re-linking is queued: how many pieces, and where to follow it."""
    if not count:
        return _("No piece needed re-linking.")
    return format_html(
        '{} <a href="{}">{}</a>',
        ngettext("Re-linking %(count)d piece.", "Re-linking %(count)d pieces.", count)
        % {"count": count},
        reverse("admin:jobs_job_changelist") + "?kind__exact=relink",
        _("Follow its progress on the Jobs page."),
    )


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "alias_list", "wikidata_id", "mention_count", "updated_at"]
    list_filter = ["kind", "organisation_type"]
    search_fields = ["name", "aliases__name", "description", "wikidata_id"]
    search_help_text = _("Search names, aliases, descriptions and Wikidata ids.")
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EntityAliasInline, EntitySlugRedirectInline]
    fields = [
        "kind",
        "organisation_type",
        "name",
        "slug",
        "description",
        "wikidata_id",
        "image",
        "quote_record",
    ]
    readonly_fields = ["quote_record"]
    actions = ["merge_entities"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(mention_count=Count("mentions", distinct=True))
            .prefetch_related("aliases")
        )

    @admin.display(description=_("aliases"))
    def alias_list(self, entity):
        return ", ".join(alias.name for alias in entity.aliases.all())

    @admin.display(description=_("articles"), ordering="mention_count")
    def mention_count(self, entity):
        return entity.mention_count

    @admin.display(description=_("in the quote ledger"))
    def quote_record(self, entity):
        return entity_quote_summary(entity) if entity.pk else "—"

    def save_model(self, request, obj, form, change):
        old_slug = form.initial.get("slug") if change else ""
        super().save_model(request, obj, form, change)
        if change and old_slug:
            entity_slug_change_record(entity=obj, old_slug=old_slug)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        relinked = entity_relink(entity=form.instance, by=request.user)
        if relinked:
            self.message_user(request, relinking_message(relinked))

    def delete_model(self, request, obj):
        entity_delete_and_relink(entity=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for entity in queryset:
            entity_delete_and_relink(entity=entity, by=request.user)

    @admin.action(description=_("Merge selected entities into one…"), permissions=["change"])
    def merge_entities(self, request, queryset):
        # The one with the most coverage is offered as the one to keep: its address is the one
        # readers and search engines already know best.
        choices = sorted(
            (merge_preview(entity) for entity in queryset.prefetch_related("aliases")),
            key=lambda preview: (-preview["articles"], preview["entity"].name),
        )
        if len(choices) < 2:
            self.message_user(
                request, _("Select at least two entities to merge."), messages.WARNING
            )
            return None
        if "apply" in request.POST:
            entities = [choice["entity"] for choice in choices]
            target = next((e for e in entities if str(e.pk) == request.POST.get("target")), None)
            if target is None:
                self.message_user(request, _("Choose the entity to keep."), messages.ERROR)
            elif not request.POST.get("confirm"):
                self.message_user(
                    request,
                    _("Tick the box to confirm that these are one and the same."),
                    messages.ERROR,
                )
            else:
                if not self.has_delete_permission(request):
                    raise PermissionDenied
                return self._merge(request, entities, target)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge entities"),
            "queryset": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "choices": choices,
        }
        return TemplateResponse(request, "admin/people/entity/merge.html", context)

    def _merge(self, request, entities, target):
        relinked = 0
        try:
            for source in entities:
                if source.pk != target.pk:
                    target, count = entity_merge_and_relink(
                        source=source, target=target, by=request.user
                    )
                    relinked += count
        except RegistryError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        self.message_user(
            request,
            format_html(
                '{} {} <a href="{}">{}</a>',
                _("Merged into “%(name)s”.") % {"name": target.name},
                relinking_message(relinked),
                reverse("admin:people_entity_merges"),
                _("Undo the merge"),
            ),
        )
        return None

    def get_urls(self):
        return [
            path(
                "merges/",
                self.admin_site.admin_view(self.merges_view),
                name="people_entity_merges",
            ),
            path(
                "merges/<int:pk>/undo/",
                self.admin_site.admin_view(self.merge_undo_view),
                name="people_entity_merge_undo",
            ),
            *super().get_urls(),
        ]

    def merges_view(self, request):
        """Recent merges, each with what it folded in, and an Undo button while undoable."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merged entities"),
            "opts": self.model._meta,
            "merges": EntityMerge.objects.select_related("survivor", "created_by")[:50],
            "can_undo": self.has_delete_permission(request),
        }
        return TemplateResponse(request, "admin/people/entity/merges.html", context)

    def merge_undo_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:people_entity_merges"))
        if not (self.has_change_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied
        merge = get_object_or_404(EntityMerge, pk=pk)
        try:
            restored, relinked = entity_merge_undo_and_relink(merge=merge, by=request.user)
        except RegistryError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                format_html(
                    "{} {}",
                    _("“%(name)s” is back at its own address.") % {"name": restored.name},
                    relinking_message(relinked),
                ),
            )
        return HttpResponseRedirect(reverse("admin:people_entity_merges"))


def _back(request) -> str:
    """Where to go after deciding a suggestion: the page it was decided from (an article's
    form) when that is on this site, else the suggestions list."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return reverse("admin:people_entitysuggestion_changelist")


def merge_preview(entity: Entity) -> dict:
    """Say what merging ``entity`` into another would move: its aliases, the articles that
    mention it, the quotations it is the speaker or affiliation of, and its old addresses."""
    return {
        "entity": entity,
        "articles": len(entity_mentioning_article_ids(entity)),
        "aliases": [alias.name for alias in entity.aliases.all()],
        "citations": Citation.objects.filter(Q(speaker=entity) | Q(affiliation=entity)).count(),
        "redirects": entity.slug_redirects.count(),
    }


class AliasListField(forms.CharField):
    """Aliases typed as one line, separated by commas."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        names: list[str] = []
        for raw in value.split(","):
            name = " ".join(raw.split())
            if name and name not in names:
                names.append(name)
        return names


class EntitySuggestionForm(forms.ModelForm):
    aliases = AliasListField(
        label=_("aliases"),
        required=False,
        help_text=_("Other names, separated by commas (e.g. LNA)."),
    )

    class Meta:
        model = EntitySuggestion
        fields = ["name", "kind", "aliases", "entity"]


class InArticleFilter(admin.SimpleListFilter):
    """The names suggested by one piece (reached from its "In this piece" panel), or by one of
    the most recently created pieces that gave rise to suggestions."""

    title = _("in article")
    parameter_name = "article"
    RECENT = 10

    def lookups(self, request, model_admin):
        # Only pieces this user may see: a filter must not leak another writer's headline.
        recent = list(
            Article.objects.visible_to(request.user)
            .filter(suggestion_sightings__isnull=False)
            .distinct()
            .order_by("-created_at")
            .values_list("pk", "title")[: self.RECENT]
        )
        chosen = self.value()
        if chosen and chosen.isdigit() and int(chosen) not in {pk for pk, _title in recent}:
            recent += list(
                Article.objects.visible_to(request.user)
                .filter(pk=chosen)
                .values_list("pk", "title")
            )
        return [(str(pk), title) for pk, title in recent]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(sightings__article_id=int(value))
        return queryset


class PendingFirstFilter(admin.SimpleListFilter):
    """Pending suggestions are the editor's queue; rejected ones are only kept on record."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("pending", _("Pending")), ("rejected", _("Rejected")), ("all", _("All"))]

    def choices(self, changelist):
        value = self.value() or "pending"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "pending"
        if value == "all":
            return queryset
        return queryset.filter(status=value)


@admin.register(EntitySuggestion)
class EntitySuggestionAdmin(admin.ModelAdmin):
    form = EntitySuggestionForm
    change_form_template = "admin/people/entitysuggestion/change_form.html"
    list_display = ["name", "kind", "alias_list", "entity", "article_count", "context", "decide"]
    list_filter = [PendingFirstFilter, "kind", InArticleFilter]
    search_fields = ["name", "context"]
    autocomplete_fields = ["entity"]
    readonly_fields = ["status", "context", "articles"]
    actions = ["accept_selected", "reject_selected"]

    def get_queryset(self, request):
        suggestions = super().get_queryset(request)
        if not roles.is_editor(request.user):
            # Writers see the names found in pieces they may read, never another writer's
            # draft (an embargo): see Article.objects.visible_to.
            visible = Article.objects.visible_to(request.user).values("pk")
            suggestions = suggestions.filter(sightings__article__in=visible).distinct()
        return suggestions.select_related("entity").annotate(
            article_count=Count("sightings", distinct=True)
        )

    def get_object(self, request, object_id, from_field=None):
        suggestion = super().get_object(request, object_id, from_field)
        if suggestion is not None:
            suggestion._viewer = request.user
        return suggestion

    def get_fields(self, request, obj=None):
        if not roles.is_editor(request.user):
            # The context is a sentence of whichever piece showed the name first.
            return ["name", "kind", "aliases", "entity", "status", "articles"]
        return ["name", "kind", "aliases", "entity", "status", "context", "articles"]

    def get_list_display(self, request):
        shown = (
            list(self.list_display)
            if roles.is_editor(request.user)
            else [field for field in self.list_display if field != "context"]
        )
        # Deciding is for those who may add to the registry: nobody is offered a button that
        # would answer 403.
        return shown if self._can_accept(request) else [f for f in shown if f != "decide"]

    def get_search_fields(self, request):
        if roles.is_editor(request.user):
            return self.search_fields
        return ["name"]

    def changelist_view(self, request, extra_context=None):
        # Editors judge suggestions better knowing whether the statistical pipeline found them
        # or the rules alone did (a missing model package).
        return super().changelist_view(
            request, {**(extra_context or {}), "recogniser": nlp.status()}
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self._can_accept(request):
            actions.pop("accept_selected", None)
            actions.pop("reject_selected", None)
        return actions

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_decide": self._can_accept(request)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request):
        return False  # suggestions come from articles; a new entity is added as an entity

    @admin.display(description=_("aliases"))
    def alias_list(self, suggestion):
        return ", ".join(suggestion.aliases)

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, suggestion):
        return suggestion.article_count

    @admin.display(description=_("seen in"))
    def articles(self, suggestion):
        sightings = suggestion.sightings.select_related("article").order_by("-article__created_at")
        viewer = getattr(suggestion, "_viewer", None)
        if not roles.is_editor(viewer):
            visible = Article.objects.visible_to(viewer).values("pk")
            sightings = sightings.filter(article__in=visible)
        return format_html_join(
            ", ",
            '<a href="{}">{}</a> ({})',
            (
                (
                    reverse("admin:articles_article_change", args=[s.article_id]),
                    s.article.title,
                    s.count,
                )
                for s in sightings[:20]
            ),
        )

    @admin.display(description=_("decide"))
    def decide(self, suggestion):
        if suggestion.status != EntitySuggestion.Status.PENDING:
            return suggestion.get_status_display()
        # formaction buttons submit the changelist's own form (and its CSRF token).
        return format_html(
            '<button type="submit" class="button" formaction="{}">{}</button> '
            '<button type="submit" class="button" formaction="{}">{}</button>',
            reverse("admin:people_entitysuggestion_accept", args=[suggestion.pk]),
            _("Accept"),
            reverse("admin:people_entitysuggestion_reject", args=[suggestion.pk]),
            _("Reject"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/accept/",
                self.admin_site.admin_view(self.accept_view),
                name="people_entitysuggestion_accept",
            ),
            path(
                "<int:pk>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name="people_entitysuggestion_reject",
            ),
            *super().get_urls(),
        ]

    def _can_accept(self, request) -> bool:
        return request.user.has_perm("people.add_entity") and self.has_change_permission(request)

    def _accept(self, request, suggestion) -> bool:
        try:
            entity, relinked = suggestion_accept_and_relink(suggestion=suggestion, by=request.user)
        except RegistryError as error:
            problem = str(error)
        except ValidationError as error:
            problem = "; ".join(error.messages)
        else:
            self.message_user(
                request,
                format_html(
                    str(_('Accepted <a href="{url}">{name}</a>.')) + " {relinking}",
                    url=reverse("admin:people_entity_change", args=[entity.pk]),
                    name=entity.name,
                    relinking=relinking_message(relinked),
                ),
            )
            return True
        self.message_user(
            request,
            _("“%(name)s” was not accepted: %(problem)s")
            % {"name": suggestion.name, "problem": problem},
            messages.ERROR,
        )
        return False

    def accept_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:people_entitysuggestion_changelist"))
        if not self._can_accept(request):
            raise PermissionDenied
        suggestion = get_object_or_404(EntitySuggestion, pk=pk)
        if request.POST.get("name"):
            # Edited, then accepted (from an article's "In this piece" panel).
            try:
                suggestion_edit(
                    suggestion=suggestion,
                    name=request.POST["name"],
                    kind=request.POST.get("kind") or suggestion.kind,
                )
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
                return HttpResponseRedirect(_back(request))
        self._accept(request, suggestion)
        return HttpResponseRedirect(_back(request))

    def reject_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:people_entitysuggestion_changelist"))
        if not self._can_accept(request):
            raise PermissionDenied
        suggestion = get_object_or_404(EntitySuggestion, pk=pk)
        suggestion_reject(suggestion=suggestion)
        self.message_user(
            request, _("“%(name)s” will not be suggested again.") % {"name": suggestion.name}
        )
        return HttpResponseRedirect(_back(request))

    def response_change(self, request, obj):
        if "_accept" in request.POST:
            if not self._can_accept(request):
                raise PermissionDenied
            self._accept(request, obj)
            return HttpResponseRedirect(reverse("admin:people_entitysuggestion_changelist"))
        if "_reject" in request.POST:
            if not self._can_accept(request):
                raise PermissionDenied
            suggestion_reject(suggestion=obj)
            self.message_user(
                request, _("“%(name)s” will not be suggested again.") % {"name": obj.name}
            )
            return HttpResponseRedirect(reverse("admin:people_entitysuggestion_changelist"))
        return super().response_change(request, obj)

    @admin.action(description=_("Accept selected suggestions"), permissions=["change"])
    def accept_selected(self, request, queryset):
        if not self._can_accept(request):
            raise PermissionDenied
        for suggestion in queryset.filter(status=EntitySuggestion.Status.PENDING):
            self._accept(request, suggestion)

    @admin.action(description=_("Reject selected suggestions"), permissions=["change"])
    def reject_selected(self, request, queryset):
        if not self._can_accept(request):
            raise PermissionDenied
        rejected = 0
        for suggestion in queryset.filter(status=EntitySuggestion.Status.PENDING):
            suggestion_reject(suggestion=suggestion)
            rejected += 1
        self.message_user(
            request,
            ngettext("%(count)d suggestion rejected.", "%(count)d suggestions rejected.", rejected)
            % {"count": rejected},
        )
