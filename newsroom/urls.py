from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from newsroom import feeds, views
from newsroom.sitemaps import SITEMAPS

admin.site.site_header = settings.NEWSROOM_SITE_NAME
admin.site.site_title = settings.NEWSROOM_SITE_NAME

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
    # Browsers and crawlers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon, name="favicon"),
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path(
        "sitemap-<str:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "newsroom/sitemap.xml"},
        name="sitemap_section",
    ),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
    path("feeds/rss/", feeds.LatestFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.LatestAtomFeed(), name="feed_atom"),
    path("feeds/sections/<slug:slug>/rss/", feeds.SectionFeed(), name="section_feed_rss"),
    path("feeds/sections/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("feeds/authors/<slug:slug>/rss/", feeds.AuthorFeed(), name="author_feed_rss"),
    path("feeds/authors/<slug:slug>/atom/", feeds.AuthorAtomFeed(), name="author_feed_atom"),
    path("feeds/tags/<slug:slug>/rss/", feeds.TagFeed(), name="tag_feed_rss"),
    path("feeds/tags/<slug:slug>/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("feeds/corrections/rss/", feeds.CorrectionsFeed(), name="corrections_feed_rss"),
    path("feeds/corrections/atom/", feeds.CorrectionsAtomFeed(), name="corrections_feed_atom"),
    path("", include("articles.urls")),
    # Uploaded media in development; static() adds nothing when DEBUG is off.
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
