from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Section


def site(request):
    """Give every template the site's name and its sections for navigation (one query, and only
    when a template actually shows the navigation)."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "nav_sections": SimpleLazyObject(lambda: list(Section.objects.only("name", "slug"))),
    }
