"""Site-wide views that belong to no single app."""

from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    """Answer 200 when the database answers, 503 otherwise, for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any database failure means unhealthy, whatever its class
        return JsonResponse({"status": "error", "database": str(error)}, status=503)
    return JsonResponse({"status": "ok"})


def favicon(request):
    """Send /favicon.ico, which browsers ask for whatever the page says, to the real icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
