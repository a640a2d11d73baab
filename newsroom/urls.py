from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles import urls as article_urls  # registers the "topic" converter used below
from articles.admin.shortcut import view_on_site
from articles.caching import public_page
from newsroom import feeds, two_factor, views


def feed_paths(route: str, name: str, rss: type, atom: type) -> list:
    """Return the routes of a feed's RSS and Atom twins (``<name>_rss``, ``<name>_atom``),
    served like every public page: validators, CDN headers and the page cache."""
    return [
        path(f"{route}rss/", public_page(rss()), name=f"{name}_rss"),
        path(f"{route}atom/", public_page(atom()), name=f"{name}_atom"),
    ]


admin.site.site_header = settings.NEWSROOM_SITE_NAME
admin.site.site_title = settings.NEWSROOM_SITE_NAME

urlpatterns = [
    # Ahead of the admin's own route of the same address, which checks nothing.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
    ),
    path("admin/two-factor/", two_factor.two_factor, name="two_factor"),
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
    # Readiness for load balancers: database, cache, queue and media storage.
    path("health/ready/", views.ready, name="ready"),
    # Browsers and crawlers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon, name="favicon"),
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", views.sitemap, name="sitemap_section"),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
    *feed_paths("feeds/", "feed", feeds.LatestFeed, feeds.LatestAtomFeed),
    *feed_paths(
        "feeds/sections/<slug:slug>/", "section_feed", feeds.SectionFeed, feeds.SectionAtomFeed
    ),
    *feed_paths(
        "feeds/authors/<slug:slug>/", "author_feed", feeds.AuthorFeed, feeds.AuthorAtomFeed
    ),
    *feed_paths("feeds/tags/<topic:slug>/", "tag_feed", feeds.TagFeed, feeds.TagAtomFeed),
    *feed_paths(
        "feeds/entities/<slug:slug>/", "entity_feed", feeds.EntityFeed, feeds.EntityAtomFeed
    ),
    *feed_paths(
        "feeds/corrections/",
        "corrections_feed",
        feeds.CorrectionsFeed,
        feeds.CorrectionsAtomFeed,
    ),
    path("", include(article_urls)),
    # Uploaded media in development; static() adds nothing when DEBUG is off.
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
