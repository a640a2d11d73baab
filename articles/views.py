"""Public pages for readers. Each reads published rows only and uses a fixed number of queries."""

from collections.abc import Callable
from datetime import date, timedelta

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles import previews, references, structured_data
from articles.caching import (
    PUBLISHED,
    article_scope,
    author_pieces,
    figures_cached,
    page_shows,
    page_shows_articles,
    public_page,
    section_pieces,
    tag_pieces,
)
from articles.citations import footnoted_body
from articles.entities import most_mentioned_entities
from articles.models import Article, ArticleSlugRedirect, Section
from articles.pagination import ListingPaginator
from articles.search import start_of_day
from people import page_versions
from people.models import Author
from people.page_versions import DIRECTORY


def _page_of(request, articles):
    paginator = ListingPaginator(articles, settings.NEWSROOM_ARTICLES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    page_shows_articles(page)
    return page


def _listing():
    return Article.objects.published().for_listing().newest_first()


HOME_TOP_STORIES = 4
HOME_PER_SECTION = 3
HOME_ENTITIES = 8
HOME_ENTITIES_DAYS = 30
RELATED_PIECES = 3


@public_page(params=["page"])
def home(request):
    """The front page: the lead piece with its picture, a grid of the next top stories, then
    each section's newest pieces not already shown above, and the entities the month's
    coverage mentions most. A fixed number of queries, each bounded by a LIMIT."""
    page_shows(PUBLISHED)
    if request.GET.get("page"):
        page = _page_of(request, _listing())
        return render(request, "articles/home.html", {"page_obj": page})
    # One piece beyond what is shown says whether there are older ones to link to.
    latest = list(_listing()[: HOME_TOP_STORIES + 2])
    shown = latest[: HOME_TOP_STORIES + 1]
    by_section = {}
    rails = (
        Article.objects.published()
        .for_listing()
        .latest_per_section(HOME_PER_SECTION, excluding=[article.pk for article in shown])
    )
    for article in rails:
        by_section.setdefault(article.section, []).append(article)
    page_shows_articles(latest)
    page_shows_articles(article for pieces in by_section.values() for article in pieces)
    return render(
        request,
        "articles/home.html",
        {
            "lead": latest[0] if latest else None,
            "top_stories": latest[1 : HOME_TOP_STORIES + 1],
            "by_section": list(by_section.items()),
            "has_more": len(latest) > HOME_TOP_STORIES + 1,
            "most_mentioned": figures_cached(
                "most-mentioned",
                # What is published, and the entities' names and addresses.
                {PUBLISHED, DIRECTORY},
                lambda: most_mentioned_entities(
                    since=timezone.now() - timedelta(days=HOME_ENTITIES_DAYS),
                    limit=HOME_ENTITIES,
                ),
            )
            if latest
            else [],
        },
    )


def _published_or_redirect(slug: str, address: Callable[[Article], str]):
    """Return the published piece at ``slug``; or a permanent redirect to ``address`` of the
    piece that was public under ``slug`` before its slug changed; or raise Http404."""
    article = Article.objects.published().for_article_page().filter(slug=slug).first()
    if article is not None:
        return article
    moved = ArticleSlugRedirect.objects.select_related("article").filter(old_slug=slug).first()
    if moved is None:
        raise Http404("No such article.")
    return HttpResponsePermanentRedirect(address(moved.article))


@public_page
def article_detail(request, slug):
    article = _published_or_redirect(slug, lambda moved: moved.get_absolute_url())
    if isinstance(article, HttpResponse):
        return article
    context = _article_context(request, article)
    _shows_article(article, related=context["related"])
    return render(request, "articles/article_detail.html", context)


def _shows_article(article, *, related=()) -> None:
    """Record what the article page shows: the piece, its byline, tags, entities and the
    related pieces (all from the prefetch: no query)."""
    page_shows(
        article_scope(article.pk),
        *(page_versions.tag(tag.pk) for tag in article.tags.all()),
        *(page_versions.entity(mention.entity_id) for mention in article.mentions.all()),
    )
    page_shows_articles([article, *related])


SOURCE_FORMATS = {
    "bib": (references.citations_bibtex, "application/x-bibtex; charset=utf-8"),
    "json": (references.citations_csl_json, "application/vnd.citationstyles.csl+json"),
}


@public_page
def article_sources(request, slug, extension):
    """The piece's sources as a file: BibTeX (sources.bib) or CSL-JSON (sources.json)."""
    write, content_type = SOURCE_FORMATS[extension]
    article = _published_or_redirect(
        slug,
        lambda moved: reverse(
            "article_sources", kwargs={"slug": moved.slug, "extension": extension}
        ),
    )
    if isinstance(article, HttpResponse):
        return article
    _shows_article(article)
    response = HttpResponse(write(article, article.public_citations), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{article.slug}-sources.{extension}"'
    return response


def _article_context(request, article) -> dict:
    body, marked = footnoted_body(article.body_html, article.public_citations)
    url = request.build_absolute_uri(article.get_absolute_url())
    return {
        "reference": references.article_reference(article, url=url),
        "article": article,
        "body": body,
        "sources": [(citation, citation.pk in marked) for citation in article.public_citations],
        "related": list(
            Article.objects.published().for_listing().related_to(article)[:RELATED_PIECES]
        ),
        "structured_data": structured_data.article_graph(article, request),
    }


@public_page(params=["page"])
def archive(request, year, month=None):
    """Everything published in a year or a month, newest first."""
    page_shows(PUBLISHED)
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        raise Http404("No such period.")
    period = date(year, month or 1, 1)
    # A range of moments, not the year and month of each moment: the newest-first index serves.
    articles = _listing().filter(first_published_at__gte=start_of_day(period))
    next_year, next_month = (year + 1, 1) if month in (None, 12) else (year, month + 1)
    if next_year <= 9999:
        next_period = date(next_year, next_month if month else 1, 1)
        articles = articles.filter(first_published_at__lt=start_of_day(next_period))
    return render(
        request,
        "articles/archive.html",
        {"page_obj": _page_of(request, articles), "period": period, "by_month": month is not None},
    )


@public_page(params=["page"])
def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    page_shows(section_pieces(section.pk))
    page = _page_of(request, _listing().filter(section=section))
    return render(request, "articles/section_detail.html", {"section": section, "page_obj": page})


@public_page(params=["page"])
def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    page_shows(page_versions.author(author.pk), author_pieces(author.pk))
    page = _page_of(request, _listing().filter(authors=author))
    return render(request, "people/author_detail.html", {"author": author, "page_obj": page})


@public_page(params=["page"])
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page_shows(page_versions.tag(tag.pk), tag_pieces(tag.pk))
    page = _page_of(request, _listing().filter(tags=tag))
    if not page.paginator.count:
        # A tag only drafts carry is not public yet: its name may give an embargo away.
        raise Http404("No published piece carries this tag.")
    return render(request, "articles/tag_detail.html", {"tag": tag, "page_obj": page})


def render_article_preview(request, article, *, admin_preview: bool):
    """Render an unpublished piece exactly as its public page, marked as a preview and kept out
    of search engines and shared caches."""
    context = _article_context(request, article) | {"preview": True, "admin_preview": admin_preview}
    response = render(request, "articles/article_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def shared_preview(request, token):
    """An outside reviewer's read-only view; a tampered, expired or revoked link is a 404."""
    link = previews.preview_link_from_token(token)
    if link is None:
        raise Http404("This preview link is not valid.")
    article = Article.objects.for_article_page().get(pk=link.article_id)
    return render_article_preview(request, article, admin_preview=False)
