from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path, re_path
from django.views.static import serve


def minimal(request):
    """The cheapest response Django can give through the same middleware: the baseline."""
    return HttpResponse("ok", content_type="text/plain")


def minimal_template(request):
    """The site's page layout with nothing in it (base.html: head, navigation, footer): what an
    uncached article page is compared with."""
    return render(request, "base.html", {})


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/minimal-template/", minimal_template),
    # The demo's pictures, which a production site serves from its web server or object store:
    # with debug off Django would not, and pages measured here would show broken images.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include("newsroom.urls")),
]
