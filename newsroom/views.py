"""Site-wide views that belong to no single app."""

import logging

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache

from articles.caching import DIRECTORY, PUBLISHED, page_shows, public_page
from articles.models import Article
from articles.pagination import BoundedPaginator
from articles.search import has_words, highlight
from newsroom.forms import SearchForm
from newsroom.readiness import readiness
from newsroom.sitemaps import SITEMAPS, news_urlset_xml, urlset_xml

logger = logging.getLogger(__name__)


@never_cache
def health(request):
    """Answer 200 when the database answers, 503 otherwise, for load balancers and monitors.

    The public answer is only ok or error: the database's error names its host and port, which
    is for the logs and for signed-in staff, not for anyone who asks."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any database failure means unhealthy, whatever its class
        logger.error("Health check failed: the database does not answer (%s)", error)
        body = {"status": "error"}
        if _is_staff(request):
            body["database"] = str(error)
        return JsonResponse(body, status=503)
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    """Answer 200 {"status": "ok"} when the database, cache, queue and media storage all
    answer, 503 {"status": "fail"} otherwise, for load balancers. Staff also get each check's
    result, timing and error; the public never learns more than ok or fail."""
    results = readiness()
    ok = all(result["ok"] for result in results.values())
    body: dict = {"status": "ok" if ok else "fail"}
    if _is_staff(request):
        body["checks"] = results
    if not ok:
        logger.error(
            "not ready: %s",
            ", ".join(f"{name}: {r['error']}" for name, r in results.items() if not r["ok"]),
        )
    return JsonResponse(body, status=200 if ok else 503)


def _is_staff(request) -> bool:
    """Return whether the request comes from signed-in staff; with the database down (sessions
    and users live there) nobody can be recognised, so nobody is."""
    try:
        return bool(request.user.is_active and request.user.is_staff)
    except Exception:  # the session or user lookup failed: the database is down
        return False


def favicon(request):
    """Send /favicon.ico, which browsers ask for whatever the page says, to the real icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def search(request):
    """Search published pieces by words, narrowed by section, author and dates. Whatever the
    query string holds, the answer is a page that says what was searched and what to try next."""
    form = SearchForm(request.GET)
    valid = form.is_valid()
    # The query is shown back even when a filter is in error.
    query = form.cleaned_data.get("q", "")
    context = {"form": form, "query": query, "has_words": has_words(query), "searched": False}
    if valid and (query or form.filters()):
        filters = form.filters()
        # A hit shows the body's plain text, never its markup.
        articles = Article.objects.published().with_byline().defer("body", "body_html")
        if query:
            results = filters.search(articles, query)
        else:
            results = filters.apply(articles).newest_first()
        page = BoundedPaginator(results, settings.NEWSROOM_ARTICLES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context.update(
            searched=True, filters=filters, page_obj=page, hits=highlight(page, query, articles)
        )
    return render(request, "newsroom/search.html", context)


@public_page
def sitemap_index(request):
    """The sitemap index: one sitemap per kind of page, leaving out kinds with nothing public
    yet (a sitemap must list at least one address)."""
    sitemaps = {name: sitemap() for name, sitemap in SITEMAPS.items()}
    page_shows(PUBLISHED, DIRECTORY)
    listed = {name: sitemap for name, sitemap in sitemaps.items() if sitemap.has_items()}
    return sitemap_views.index(request, listed, sitemap_url_name="sitemap_section")


@public_page(params=["p"])
def sitemap(request, section):
    """One sitemap file: up to ``URLS_PER_FILE`` addresses of one kind of page (``?p=`` for
    the next ones)."""
    page_shows(PUBLISHED, DIRECTORY)
    if section not in SITEMAPS:
        raise Http404("No such sitemap.")
    base = f"{request.scheme}://{request.get_host()}"
    try:
        xml = urlset_xml(SITEMAPS[section](), request.GET.get("p", 1), base)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("No such page of this sitemap.") from error
    response = HttpResponse(xml, content_type="application/xml")
    # As Django's own sitemap view: the file is for crawlers, not for search results.
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@public_page
def news_sitemap(request):
    """The Google News sitemap: pieces first published in the last two days."""
    page_shows(PUBLISHED)
    xml = news_urlset_xml(
        f"{request.scheme}://{request.get_host()}",
        publication=settings.NEWSROOM_SITE_NAME,
        # Google News wants the bare ISO 639 language: "en", not "en-gb".
        language=settings.LANGUAGE_CODE.split("-")[0],
    )
    return HttpResponse(xml, content_type="application/xml")


def robots_txt(request):
    """Keep crawlers out of the admin and of draft previews, and point them at the sitemaps."""
    sitemaps = [request.build_absolute_uri(reverse(name)) for name in ("sitemap", "news_sitemap")]
    return render(
        request, "robots.txt", {"sitemaps": sitemaps}, content_type="text/plain; charset=utf-8"
    )
