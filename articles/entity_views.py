"""The public page of an entity: who or what it is, the published coverage that mentions it
(newest first) and the entities most often mentioned alongside it, in a fixed number of
queries however many articles and authors there are."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render

from articles import structured_data
from articles.models import Article
from people.models import Entity, EntitySlugRedirect

ALONGSIDE_LIMIT = 10


def entity_detail(request, slug):
    entity = Entity.objects.prefetch_related("aliases").filter(slug=slug).first()
    if entity is None:
        # A merged or renamed entity's old address leads to its page.
        redirect = EntitySlugRedirect.objects.select_related("entity").filter(old_slug=slug).first()
        if redirect is None:
            raise Http404("No such entity.")
        return HttpResponsePermanentRedirect(redirect.entity.get_absolute_url())

    covering = Article.objects.published().filter(mentions__entity=entity)
    paginator = Paginator(
        covering.with_byline().newest_first(), settings.NEWSROOM_ARTICLES_PER_PAGE
    )
    page = paginator.get_page(request.GET.get("page"))
    if not paginator.count:
        # An entity exists publicly only through published coverage: one named only in drafts
        # could give an embargoed story away.
        raise Http404("No published piece mentions this entity.")
    alongside = (
        Entity.objects.filter(mentions__article__in=covering.values("pk"))
        .exclude(pk=entity.pk)
        .annotate(shared_articles=Count("mentions__article", distinct=True))
        .order_by("-shared_articles", "name")[:ALONGSIDE_LIMIT]
    )
    return render(
        request,
        "people/entity_detail.html",
        {
            "entity": entity,
            "page_obj": page,
            "alongside": alongside,
            "structured_data": structured_data.entity_graph(entity, request),
        },
    )
