from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.caching import figures_cached
from articles.models import Section
from people.page_versions import SITE


def site(request):
    """Give every template the site's name and its sections for navigation. The sections are
    read only when a template shows the navigation, and kept in the cache until a section
    changes (the site scope): every public page would otherwise spend a query on them."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "nav_sections": SimpleLazyObject(
            lambda: figures_cached(
                "nav-sections", {SITE}, lambda: list(Section.objects.only("name", "slug"))
            )
        ),
    }
