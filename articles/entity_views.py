"""The public page of an entity: who or what it is, the published coverage that mentions it
(newest first) and the entities most often mentioned alongside it, in a fixed number of
queries however many articles and authors there are."""

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render

from articles import structured_data
from articles.caching import entity_pieces, page_shows, page_shows_articles, public_page
from articles.entities import entities_named_alongside
from articles.models import Article
from articles.pagination import ListingPaginator
from people import page_versions
from people.models import Entity, EntitySlugRedirect

ALONGSIDE_LIMIT = 10
# Co-mentions are counted over the entity's latest pieces: what it is named with now, at the
# same cost for an entity in a quarter of a 100,000-piece archive as for one in three pieces.
ALONGSIDE_WINDOW = 200


@public_page(params=["page"])
def entity_detail(request, slug):
    entity = Entity.objects.prefetch_related("aliases").filter(slug=slug).first()
    if entity is None:
        # A merged or renamed entity's old address leads to its page.
        redirect = EntitySlugRedirect.objects.select_related("entity").filter(old_slug=slug).first()
        if redirect is None:
            raise Http404("No such entity.")
        return HttpResponsePermanentRedirect(redirect.entity.get_absolute_url())

    covering = Article.objects.published().filter(mentions__entity=entity)
    paginator = ListingPaginator(
        covering.for_listing().newest_first(), settings.NEWSROOM_ARTICLES_PER_PAGE
    )
    page = paginator.get_page(request.GET.get("page"))
    if not paginator.count:
        # An entity exists publicly only through published coverage: one named only in drafts
        # could give an embargoed story away.
        raise Http404("No published piece mentions this entity.")
    page_shows_articles(page)
    alongside = entities_named_alongside(
        entity,
        covering.order_by("-first_published_at", "-id").values("pk")[:ALONGSIDE_WINDOW],
        limit=ALONGSIDE_LIMIT,
    )
    page_shows(
        page_versions.entity(entity.pk),
        entity_pieces(entity.pk),
        *(page_versions.entity(other.pk) for other in alongside),
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
