"""Sitemaps for search engines: every public piece, and the section, author and tag pages that
list them; plus the Google News sitemap of the last two days' pieces.

All of them read ``Article.objects.published()``: a scheduled piece appears from its publish time
on, and a listing page appears once it lists something.

Each file holds at most ``URLS_PER_FILE`` addresses (the index lists the further pages), and every
query is served by an index whatever the archive's size: the pieces' files are blocks of
consecutive ids (``IdBlockPaginator``), found and read through the primary key, never counted or
skipped through with OFFSET; the latest change among public pieces is read from one entry of
``article_live_changed_idx``; and each listing takes one existence probe. Every file is dated in
the index by that latest change. Listing pages carry no lastmod of their own: dating each one by
its latest piece would read every piece of the archive on every request.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from taggit.models import Tag

from articles.models import Article, Section
from newsroom.addresses import slug_addresses
from people.models import Author

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
# Well under the protocol's 50,000, so that one file is quick to build and to fetch.
URLS_PER_FILE = 10_000
# Google News takes pieces published in the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


def _last_change():
    """When readers last saw a piece change: its last edit, or its going live if that came
    later (a scheduled piece is saved before it appears)."""
    return Greatest("updated_at", "publish_at")


def latest_public_change():
    """Return when a public piece last changed (read from one index entry), or None."""
    return (
        Article.objects.published()
        .annotate(last_change=_last_change())
        .order_by("-last_change")
        .values_list("last_change", flat=True)
        .first()
    )


class IdBlockPaginator:
    """The pages of a queryset as blocks of ``per_page`` consecutive ids, those that hold at
    least one of its rows: page 1 is the first such block, and so on. A page never holds more
    than ``per_page`` rows, and finding the pages costs one index probe per block (a recursive
    query that jumps from each block to the next row beyond it), reading a page one range of the
    primary key: neither counts the rows nor skips through them, so neither grows with the
    archive. A page whose rows are all gone is simply not a page any more."""

    def __init__(self, object_list: QuerySet, per_page: int):
        self.object_list = object_list.order_by("pk")
        self.per_page = per_page

    @cached_property
    def blocks(self) -> list[int]:
        """The numbers of the blocks of ids that hold a row, in order (block n holds the ids
        from n * per_page up to the next block's first)."""
        sql, params = self.blocks_query()
        with connections[self.object_list.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def blocks_query(self) -> tuple[str, tuple]:
        """The SQL and parameters that find ``blocks``."""
        first = self.object_list.values("pk")[:1]
        following = self.object_list.filter(
            pk__gte=RawSQL("(block.n + 1) * %s", (self.per_page,))
        ).values("pk")[:1]
        first_sql, first_params = first.query.sql_with_params()
        next_sql, next_params = following.query.sql_with_params()
        # Both subqueries are the ORM's own; every value, the block size included, is a parameter.
        sql = (
            f"WITH RECURSIVE block (n) AS (SELECT ({first_sql}) / %s "  # noqa: S608
            f"UNION ALL SELECT ({next_sql}) / %s FROM block WHERE block.n IS NOT NULL) "
            "SELECT n FROM block WHERE n IS NOT NULL"
        )
        return sql, (*first_params, self.per_page, *next_params, self.per_page)

    @property
    def num_pages(self) -> int:
        return max(1, len(self.blocks))

    def page(self, number) -> "IdBlockPage":
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if number < 1 or number > self.num_pages:
            raise EmptyPage("That page contains no results")
        if not self.blocks:
            return IdBlockPage(self.object_list.none(), number)
        start = self.blocks[number - 1] * self.per_page
        rows = self.object_list.filter(pk__gte=start, pk__lt=start + self.per_page)
        return IdBlockPage(rows, number)


class IdBlockPage:
    def __init__(self, object_list: QuerySet, number: int):
        self.object_list = object_list
        self.number = number


class PublicSitemap(Sitemap):
    limit = URLS_PER_FILE

    @cached_property
    def paginator(self):
        # Counted once per instance (Django's property would count again on every use).
        return Paginator(self._items(), self.limit)

    def has_items(self) -> bool:
        """Whether the sitemap lists anything (an empty one is left out of the index)."""
        return bool(self.paginator.count)

    def get_latest_lastmod(self):
        """The latest change among public pieces, asked once per instance: any page listed
        changed then at the latest."""
        if not hasattr(self, "_latest_change"):
            self._latest_change = latest_public_change()
        return self._latest_change


class ArticleSitemap(PublicSitemap):
    """Every public piece, as (slug, last change) pairs (building 10,000 model instances per
    file would cost more than everything else), in files of consecutive ids: an old file keeps
    its addresses as the archive grows, and new pieces go to the last one."""

    @cached_property
    def paginator(self):
        return IdBlockPaginator(self._items(), self.limit)

    def has_items(self) -> bool:
        return bool(self.paginator.blocks)

    def location(self, item):
        if not hasattr(self, "_address"):
            self._address = slug_addresses("article_detail")
        return self._address(item[0])

    def items(self):
        return (
            Article.objects.published()
            .annotate(last_change=_last_change())
            .values_list("slug", "last_change")
        )

    def lastmod(self, item):
        return item[1]


class ListingSitemap(PublicSitemap):
    """A kind of listing page; pages that list nothing yet are left out."""

    listing_model: type[Model]
    # How a piece refers to the listing, e.g. "section" or "authors".
    article_lookup: str

    def items(self):
        listed = Article.objects.published().filter(**{self.article_lookup: OuterRef("pk")})
        return self.listing_model.objects.only("slug").filter(Exists(listed)).order_by("pk")


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
    """Return the pieces for the Google News sitemap, first published in the last two days, as
    (slug, title, first published) rows."""
    since = timezone.now() - NEWS_WINDOW
    return (
        Article.objects.published()
        .filter(first_published_at__gte=since)
        .order_by("-first_published_at", "-id")
        .values_list("slug", "title", "first_published_at")[:NEWS_LIMIT]
    )


def news_urlset_xml(base: str, *, publication: str, language: str) -> str:
    """Return the Google News sitemap, its addresses under ``base`` (scheme and host). Written
    directly, as ``urlset_xml``: its length follows the newsroom's output of two days (up to
    1,000 pieces), and a template would spend a tenth of a millisecond on each."""
    address = slug_addresses("article_detail")
    zone = timezone.get_current_timezone()
    publication_xml = (
        "      <news:publication>\n"
        f"        <news:name>{escape(publication)}</news:name>\n"
        f"        <news:language>{escape(language)}</news:language>\n"
        "      </news:publication>\n"
    )
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">\n',
    ]
    for slug, title, published in news_articles():
        lines.append(
            f"  <url>\n    <loc>{escape(base + address(slug))}</loc>\n"
            f"    <news:news>\n{publication_xml}"
            f"      <news:publication_date>{published.astimezone(zone).isoformat()}"
            "</news:publication_date>\n"
            f"      <news:title>{escape(title)}</news:title>\n"
            "    </news:news>\n  </url>\n"
        )
    lines.append("</urlset>\n")
    return "".join(lines)


def urlset_xml(sitemap: Sitemap, page: str, base: str) -> str:
    """Return one page of ``sitemap`` as sitemaps.org XML, its addresses under ``base``
    (scheme and host). Written directly rather than through a template: a file of 10,000
    addresses renders in milliseconds instead of seconds. Raises EmptyPage or
    PageNotAnInteger for a page that does not exist."""
    items = sitemap.paginator.page(page).object_list
    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<urlset xmlns="{SITEMAP_NS}">\n']
    has_lastmod = hasattr(type(sitemap), "lastmod")
    zone = timezone.get_current_timezone()
    for item in items:
        lines.append(f"  <url>\n    <loc>{escape(base + sitemap.location(item))}</loc>\n")
        moment = sitemap.lastmod(item) if has_lastmod else None
        if moment is not None:
            lines.append(f"    <lastmod>{moment.astimezone(zone).isoformat()}</lastmod>\n")
        lines.append("  </url>\n")
    lines.append("</urlset>\n")
    return "".join(lines)
