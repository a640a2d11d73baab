"""RSS 2.0 and Atom feeds: the whole site, a section, an author, a tag, and corrections.

Every feed reads ``Article.objects.published()``, so a scheduled piece enters the feeds at its
publish time and a draft never does, and fetches bylines and tags up front, so a feed costs the
same few queries however many items, authors and tags it carries.
"""

import html
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.syndication.views import Feed, add_domain
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from taggit.models import Tag

from articles.caching import (
    CORRECTIONS,
    PUBLISHED,
    article_scope,
    author_pieces,
    entity_pieces,
    page_shows,
    page_shows_articles,
    section_pieces,
    tag_pieces,
)
from articles.models import Article, Correction, Section
from articles.richtext import opening_words
from people import page_versions
from people.models import Author, Entity

DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
SUMMARY_WORDS = 60
# Where the feed leaves each item's tags (its categories), prefetched.
TAGS = "feed_tags"


class BylineRssFeed(Rss201rev2Feed):
    """RSS 2.0 naming every author of a piece (one ``dc:creator`` each), since RSS's own
    ``author`` element holds a single e-mail address."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _url in item.get("byline", ()):
            handler.addQuickElement("dc:creator", name)


class BylineAtomFeed(Atom1Feed):
    """Atom naming every author of a piece, each with a link to their page."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item.get("byline", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")


class NewsroomFeed(Feed):
    """What every feed of the newsroom shares: stable item ids and the publication's name."""

    feed_type = BylineRssFeed

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        for item in feed.items:
            # An item's id must outlive a change of its address (an edited slug leaves a
            # permanent redirect, articles.ArticleSlugRedirect), or feed readers show the piece
            # again as new:
            # so it is a tag URI (RFC 4151) built from the row's key, not the permalink.
            host = urlparse(item["link"]).hostname
            item["unique_id"] = f"tag:{host},{item['first_dated']:%Y-%m-%d}:{item['key']}"
            item["unique_id_is_permalink"] = False
            item["byline"] = [
                (name, add_domain(host, path, request.is_secure()))
                for name, path in item.get("byline", ())
            ]
        return feed

    def author_name(self):
        return settings.NEWSROOM_SITE_NAME

    def feed_copyright(self):
        return f"© {settings.NEWSROOM_SITE_NAME}"


class ArticleFeed(NewsroomFeed):
    """The newest published pieces; subclasses narrow them to one section, author or tag."""

    def items(self, obj):
        # The tags as a plain list: filling each item's tag manager cache instead builds a
        # filtered queryset per item, never run, a fifth of the feed's time.
        articles = self.articles(obj).with_byline().prefetch_related(Prefetch("tags", to_attr=TAGS))
        items = list(articles.newest_first()[: settings.NEWSROOM_FEED_ITEMS])
        page_shows(*self.scopes(obj))
        page_shows_articles(items)
        # The items' tags are their categories: a renamed tag changes the feed.
        page_shows(
            *{page_versions.tag(tag.pk) for article in items for tag in getattr(article, TAGS)}
        )
        return items

    def articles(self, obj):
        return Article.objects.published()

    def scopes(self, obj) -> list[str]:
        """What the feed lists, for the page cache (articles.caching)."""
        return [PUBLISHED]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Feed readers treat the description as HTML: escape the plain text so that it shows
        # as written.
        summary = article.dek or opening_words(article.plain_text, SUMMARY_WORDS)
        return html.escape(summary, quote=False)

    def item_pubdate(self, article):
        return article.first_published_at

    def item_updateddate(self, article):
        # A scheduled piece was last saved before it went live; readers first saw it then.
        return max(article.updated_at, article.publish_at)

    def item_categories(self, article):
        return [tag.name for tag in getattr(article, TAGS)]

    def item_extra_kwargs(self, article):
        return {
            "key": f"article-{article.pk}",
            "first_dated": article.first_published_at,
            "byline": [
                (author.name, author.get_absolute_url()) for author in article.byline_authors
            ],
        }


class LatestFeed(ArticleFeed):
    def title(self):
        return settings.NEWSROOM_SITE_NAME

    def link(self):
        return reverse("home")

    def description(self):
        return f"The latest analysis and reporting from {settings.NEWSROOM_SITE_NAME}."


class SectionFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def articles(self, section):
        return super().articles(section).filter(section=section)

    def scopes(self, section):
        return [section_pieces(section.pk)]

    def title(self, section):
        return f"{section.name} · {settings.NEWSROOM_SITE_NAME}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return section.description or (
            f"The latest pieces in {section.name} from {settings.NEWSROOM_SITE_NAME}."
        )


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def articles(self, author):
        return super().articles(author).filter(authors=author)

    def scopes(self, author):
        return [page_versions.author(author.pk), author_pieces(author.pk)]

    def title(self, author):
        return f"{author.name} · {settings.NEWSROOM_SITE_NAME}"

    def link(self, author):
        return author.get_absolute_url()

    def description(self, author):
        return f"The latest pieces by {author.name} for {settings.NEWSROOM_SITE_NAME}."


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def articles(self, tag):
        return super().articles(tag).filter(tags=tag)

    def scopes(self, tag):
        return [page_versions.tag(tag.pk), tag_pieces(tag.pk)]

    def title(self, tag):
        return f"{tag.name} · {settings.NEWSROOM_SITE_NAME}"

    def link(self, tag):
        return reverse("tag_detail", kwargs={"slug": tag.slug})

    def description(self, tag):
        return f"The latest pieces about {tag.name} from {settings.NEWSROOM_SITE_NAME}."


class EntityFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Entity, slug=slug)

    def articles(self, entity):
        return super().articles(entity).filter(mentions__entity=entity)

    def scopes(self, entity):
        return [page_versions.entity(entity.pk), entity_pieces(entity.pk)]

    def title(self, entity):
        return f"{entity.name} · {settings.NEWSROOM_SITE_NAME}"

    def link(self, entity):
        return entity.get_absolute_url()

    def description(self, entity):
        return f"The latest pieces mentioning {entity.name} from {settings.NEWSROOM_SITE_NAME}."


class CorrectionsFeed(NewsroomFeed):
    """Corrections and updates to published pieces, newest first: readers who relied on a piece
    learn what changed in it."""

    def title(self):
        return f"Corrections and updates · {settings.NEWSROOM_SITE_NAME}"

    def link(self):
        return reverse("home")

    def description(self):
        return f"Corrections and updates to pieces published by {settings.NEWSROOM_SITE_NAME}."

    def items(self):
        corrections = Correction.objects.filter(article__in=Article.objects.published())
        items = list(
            corrections.select_related("article").order_by("-created_at", "-id")[
                : settings.NEWSROOM_FEED_ITEMS
            ]
        )
        page_shows(CORRECTIONS, PUBLISHED, *(article_scope(c.article_id) for c in items))
        return items

    def item_title(self, correction):
        return f"{correction.get_kind_display()}: {correction.article.title}"

    def item_description(self, correction):
        return html.escape(correction.text, quote=False)

    def item_link(self, correction):
        return f"{correction.article.get_absolute_url()}#corrections-heading"

    def item_pubdate(self, correction):
        return correction.created_at

    def item_updateddate(self, correction):
        return correction.created_at

    def item_categories(self, correction):
        return [correction.get_kind_display()]

    def item_extra_kwargs(self, correction):
        return {"key": f"correction-{correction.pk}", "first_dated": correction.created_at}


class AtomFeedMixin:
    """Turns one of the feeds above into its Atom twin: same items, Atom's vocabulary."""

    feed_type = BylineAtomFeed

    def subtitle(self, obj=None):
        return self._get_dynamic_attr("description", obj)


class LatestAtomFeed(AtomFeedMixin, LatestFeed):
    pass


class SectionAtomFeed(AtomFeedMixin, SectionFeed):
    pass


class AuthorAtomFeed(AtomFeedMixin, AuthorFeed):
    pass


class TagAtomFeed(AtomFeedMixin, TagFeed):
    pass


class EntityAtomFeed(AtomFeedMixin, EntityFeed):
    pass


class CorrectionsAtomFeed(AtomFeedMixin, CorrectionsFeed):
    pass
