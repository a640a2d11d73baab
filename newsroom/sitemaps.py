"""Sitemaps for search engines: every public piece, and the section, author and tag pages that
list them; plus the Google News sitemap of the last two days' pieces.

All of them read ``Article.objects.published()``: a scheduled piece appears from its publish time
on, and a listing page appears once it lists something.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Section
from people.models import Author

# Google News takes pieces published in the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


def _last_change():
    """When readers last saw a piece change: its last edit, or its going live if that came
    later (a scheduled piece is saved before it appears)."""
    return Greatest("updated_at", "publish_at")


def _latest_change_of(articles: QuerySet) -> Subquery:
    return Subquery(
        articles.annotate(changed=_last_change()).order_by("-changed").values("changed")[:1]
    )


class LatestChangeSitemap(Sitemap):
    """A sitemap whose items are annotated with ``last_change``; its latest is one aggregate
    (rather than Django's default of reading every item), asked once per instance."""

    def lastmod(self, item):
        return item.last_change

    def get_latest_lastmod(self):
        if not hasattr(self, "_latest_change"):
            self._latest_change = self.items().aggregate(latest=Max("last_change"))["latest"]
        return self._latest_change


class ArticleSitemap(LatestChangeSitemap):
    def items(self):
        return (
            Article.objects.published()
            .annotate(last_change=_last_change())
            .only("slug")
            .order_by("-first_published_at", "-id")
        )


class ListingSitemap(LatestChangeSitemap):
    """A kind of listing page, dated by the latest change among the pieces it lists; pages that
    list nothing yet are left out."""

    listing_model: type[Model]
    # How a piece refers to the listing, e.g. "section" or "authors".
    article_lookup: str

    def items(self):
        listed = Article.objects.published().filter(**{self.article_lookup: OuterRef("pk")})
        return (
            self.listing_model.objects.only("slug")
            .annotate(last_change=_latest_change_of(listed))
            .filter(last_change__isnull=False)
            .order_by("pk")
        )


class SectionSitemap(ListingSitemap):
    listing_model = Section
    article_lookup = "section"


class AuthorSitemap(ListingSitemap):
    listing_model = Author
    article_lookup = "authors"


class TagSitemap(ListingSitemap):
    listing_model = Tag
    article_lookup = "tags"

    def items(self):
        # taggit keeps non-ASCII letters in slugs ("нефть") and leaves punctuation-only names
        # with none, but tag pages are routed by Django's ASCII slug converter: such tags have
        # no page to list.
        return super().items().filter(slug__regex=r"^[-a-zA-Z0-9_]+$")

    def location(self, tag):
        return reverse("tag_detail", kwargs={"slug": tag.slug})


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
}


def news_articles() -> QuerySet:
    """Return the pieces for the Google News sitemap: first published in the last two days."""
    since = timezone.now() - NEWS_WINDOW
    return (
        Article.objects.published()
        .filter(first_published_at__gte=since)
        .only("slug", "title", "first_published_at")
        .order_by("-first_published_at", "-id")[:NEWS_LIMIT]
    )
