from django.conf import settings
from django.http import HttpResponse
from django.urls import include, path, re_path
from django.views.static import serve


def minimal(request):
    """The cheapest response Django can give through the same middleware: the baseline."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal),
    # The demo's pictures, which a production site serves from its web server or object store:
    # with debug off Django would not, and pages measured here would show broken images.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include("newsroom.urls")),
]
