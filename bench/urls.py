from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

_TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>{{ title }}</title><p>{{ text }}</p>"
)


def minimal(request):
    """The cheapest response Django can give through the same middleware: the baseline."""
    return HttpResponse("ok", content_type="text/plain")


def minimal_template(request):
    """The cheapest templated page: what an uncached article page is compared with."""
    return HttpResponse(_TEMPLATE.render({"title": "Bench", "text": "ok"}, request))


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/minimal-template/", minimal_template),
    path("", include("newsroom.urls")),
]
