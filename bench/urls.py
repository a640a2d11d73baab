from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    """The cheapest response Django can give through the same middleware: the baseline."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), path("", include("newsroom.urls"))]
