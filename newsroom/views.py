"""Site-wide views that belong to no single app."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from articles.models import Article
from articles.search import has_words, highlight, search_articles
from newsroom.forms import SearchForm


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


def search(request):
    """Search published pieces by words, narrowed by section, author and dates. Whatever the
    query string holds, the answer is a page that says what was searched and what to try next."""
    form = SearchForm(request.GET)
    context = {"form": form, "searched": False, "page_obj": None, "hits": []}
    valid = form.is_valid()
    context["query"] = form.cleaned_data.get("q", "")
    if valid:
        query, filters = form.cleaned_data["q"], form.filters()
        context.update(query=query, has_words=has_words(query), filters=filters)
        if query or filters:
            articles = filters.apply(Article.objects.published().with_byline())
            results = search_articles(articles, query) if query else articles.newest_first()
            page = Paginator(results, settings.NEWSROOM_ARTICLES_PER_PAGE).get_page(
                request.GET.get("page")
            )
            context.update(searched=True, page_obj=page, hits=highlight(page, query))
    return render(request, "newsroom/search.html", context)

