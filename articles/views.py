"""Public pages for readers. Each reads published rows only and uses a fixed number of queries."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from articles.models import Article, Mention, Section
from articles.structured_data import article_json_ld
from people.models import Author


def _page_of(request, articles):
    paginator = Paginator(articles, settings.NEWSROOM_ARTICLES_PER_PAGE)
    return paginator.get_page(request.GET.get("page"))


def _listing():
    return Article.objects.published().with_byline().newest_first()


def home(request):
    page = _page_of(request, _listing())
    return render(request, "articles/home.html", {"page_obj": page})


def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.published()
        .with_byline()
        .prefetch_related(
            "tags", Prefetch("mentions", queryset=Mention.objects.select_related("entity"))
        ),
        slug=slug,
    )
    structured_data = article_json_ld(article, base_url=f"{request.scheme}://{request.get_host()}")
    return render(
        request,
        "articles/article_detail.html",
        {"article": article, "structured_data": structured_data},
    )


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    page = _page_of(request, _listing().filter(section=section))
    return render(request, "articles/section_detail.html", {"section": section, "page_obj": page})


def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    page = _page_of(request, _listing().filter(authors=author))
    return render(request, "people/author_detail.html", {"author": author, "page_obj": page})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = _page_of(request, _listing().filter(tags=tag))
    return render(request, "articles/tag_detail.html", {"tag": tag, "page_obj": page})
