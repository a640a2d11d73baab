"""The "In this piece" panel of the article form: what recognition found in this piece (entities
linked, names suggested, quotations) and the journalist's fixes to it, kept per piece. Thin
views: parse, call the service in articles.entities, message, redirect back to the form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles import roles
from articles.entities import mention_override_clear, mention_override_set
from articles.models import Article, Citation
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
        "can_decide_suggestions": request.user.has_perm("people.add_entity")
        and request.user.has_perm("people.change_entitysuggestion"),
    }


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
    name = request.POST.get("replacement", "").strip()
    if not name:
        messages.error(request, _("Type the name of the entity to link to instead."))
        return HttpResponseRedirect(back)
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
