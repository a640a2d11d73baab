from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path


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
    path("", include("newsroom.urls")),
]
