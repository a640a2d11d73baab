"""The "In this piece" panel of the article form: what recognition found in this piece (entities
linked, names suggested, quotations) and the journalist's fixes to it, kept per piece. Thin
views: parse, call the service in articles.entities, message, redirect back to the form."""

from django import forms
from django.contrib import messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles import roles
from articles.entities import mention_override_clear, mention_override_set
from articles.models import Article, Citation, MentionOverride
from people.models import Entity, EntitySuggestion


def panel_context(request, article: Article) -> dict:
    """Return what the panel shows, in a fixed number of queries."""
    return {
        "piece_mentions": list(article.mentions.select_related("entity")),
        "piece_decisions": list(
            article.mention_overrides.select_related("entity", "replacement").order_by(
                "entity__name"
            )
        ),
        "piece_suggestions": list(
            article.suggestion_sightings.filter(suggestion__status=EntitySuggestion.Status.PENDING)
            .select_related("suggestion", "suggestion__entity")
            .order_by("first_offset")
        ),
        "piece_quotes": list(
            article.citations.filter(kind=Citation.Kind.QUOTE)
            .exclude(review=Citation.Review.DISMISSED)
            .select_related("speaker", "affiliation")
            .order_by("number", "id")
        ),
        "can_fix_mentions": roles.can_edit(request.user, article),
        "repoint_source": {
            "app_label": REPOINT_FIELD.model._meta.app_label,
            "model_name": REPOINT_FIELD.model._meta.model_name,
            "field_name": REPOINT_FIELD.name,
        },
        "can_decide_suggestions": request.user.has_perm("people.add_entity")
        and request.user.has_perm("people.change_entitysuggestion"),
    }


# The re-point box asks Django admin's autocomplete for entities that may replace a wrong link,
# as the form field behind a MentionOverride's "link to instead" would.
REPOINT_FIELD = MentionOverride._meta.get_field("replacement")


def panel_media(admin_site) -> forms.Media:
    """The scripts and styles of the panel's re-point box: the admin's own Select2 and ours."""
    admin_select2 = AutocompleteSelect(REPOINT_FIELD, admin_site).media
    # One list, so that ours comes after jQuery and Select2 (media merging keeps only the order
    # within each list).
    return forms.Media(
        js=[*admin_select2._js, "articles/admin/entity-repoint.js"], css=admin_select2._css
    )


def entity_choice_label(entity: Entity) -> str:
    """Return the name with what tells namesakes apart: kind and the start of the description."""
    label = f"{entity.name} ({entity.get_kind_display().lower()})"
    if entity.description:
        label += f" – {Truncator(entity.description).chars(60)}"
    return label


class EntityChoicesJsonView(AutocompleteJsonView):
    """Django admin's autocomplete (its permission checks, the registry admin's search and
    queryset) for the re-point box: entities only, labelled so namesakes can be told apart."""

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        if source_field.remote_field.model is not Entity:
            raise PermissionDenied
        return term, model_admin, source_field, to_field_name

    def get_queryset(self):
        # The registry admin counts mentions (a GROUP BY, which drops the model's ordering):
        # pages of suggestions need a stable order.
        return super().get_queryset().order_by("name", "pk")

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": entity_choice_label(obj)}


def _entity_named(name: str) -> Entity | None:
    """Return the one registry entity called ``name`` (or having it as an alias), else None;
    raise ValueError naming the problem when several are."""
    name = " ".join(name.split())
    found = list(
        Entity.objects.filter(Q(name__iexact=name) | Q(aliases__name__iexact=name)).distinct()[:2]
    )
    if len(found) > 1:
        raise ValueError(
            _("Several entities are called “%(name)s”; use the full name.") % {"name": name}
        )
    return found[0] if found else None


@require_POST
def mention_fix(request, object_id, entity_id, *, model_admin):
    """Remove an entity from this piece, re-point it to another entity, or forget the decision."""
    article = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    if not roles.can_edit(request.user, article):
        raise PermissionDenied
    entity = get_object_or_404(Entity, pk=entity_id)
    action = request.POST.get("action")
    back = reverse("admin:articles_article_change", args=[article.pk]) + "#in-this-piece"
    if action == "restore":
        mention_override_clear(article=article, entity=entity, by=request.user)
        messages.success(request, _("“%(name)s” is linked as found again.") % {"name": entity.name})
        return HttpResponseRedirect(back)
    if action == "remove":
        mention_override_set(article=article, entity=entity, replacement=None, by=request.user)
        messages.success(
            request,
            _("“%(name)s” is no longer linked in this piece.") % {"name": entity.name},
        )
        return HttpResponseRedirect(back)
    chosen = request.POST.get("replacement_id", "").strip()
    name = request.POST.get("replacement", "").strip()
    if chosen:
        # Picked from the autocomplete (with JavaScript): the very entity, namesakes or not.
        replacement = Entity.objects.filter(pk=chosen).first() if chosen.isdigit() else None
        if replacement is None:
            messages.error(request, _("That entity is no longer in the registry; choose another."))
            return HttpResponseRedirect(back)
    elif not name:
        messages.error(request, _("Type the name of the entity to link to instead."))
        return HttpResponseRedirect(back)
    else:
        try:
            replacement = _entity_named(name)
        except ValueError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(back)
        if replacement is None:
            messages.error(
                request,
                _("No entity is called “%(name)s”; add it to the registry first.") % {"name": name},
            )
            return HttpResponseRedirect(back)
    mention_override_set(article=article, entity=entity, replacement=replacement, by=request.user)
    messages.success(
        request,
        _("In this piece, “%(found)s” now links to “%(name)s”.")
        % {"found": entity.name, "name": replacement.name},
    )
    return HttpResponseRedirect(back)
