from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path, re_path
from django.views.static import serve

from articles import views
from articles.models import Article


def minimal(request):
    """The cheapest response Django can give through the same middleware: the baseline."""
    return HttpResponse("ok", content_type="text/plain")


def minimal_template(request):
    """The site's page layout with nothing in it (base.html: head, navigation, footer): what an
    uncached article page is compared with."""
    return render(request, "base.html", {})


_article_read_once = {}


def article_template_only(request, slug):
    """The article page's own template, drawn from the piece and the rest of its context read
    once per process: no query and nothing computed per request. However an uncached article
    page reads its data, it cannot be faster than this; the benchmark shows how close to the
    template view that ceiling is."""
    if slug not in _article_read_once:
        article = Article.objects.published().for_article_page().get(slug=slug)
        _article_read_once[slug] = views._article_context(request, article)
    return render(request, "articles/article_detail.html", _article_read_once[slug])


urlpatterns = [
    path("bench/minimal/", minimal),
    path("bench/minimal-template/", minimal_template),
    path("bench/article-template-only/<slug:slug>/", article_template_only),
    # The demo's pictures, which a production site serves from its web server or object store:
    # with debug off Django would not, and pages measured here would show broken images.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include("newsroom.urls")),
]
