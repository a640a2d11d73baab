from django.conf import settings
from django.urls import path, re_path, register_converter

from articles import entity_views, views
from articles.converters import TopicSlugConverter
from articles.sources.views import snapshot_public

register_converter(TopicSlugConverter, "topic")

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
    re_path(
        r"^articles/(?P<slug>[-a-zA-Z0-9_]+)/sources\.(?P<extension>bib|json)$",
        views.article_sources,
        name="article_sources",
    ),
    path("sections/<slug:slug>/", views.section_detail, name="section_detail"),
    path("authors/<slug:slug>/", views.author_detail, name="author_detail"),
    path("tags/<topic:slug>/", views.tag_detail, name="tag_detail"),
    path("archive/<int:year>/", views.archive, name="archive_year"),
    path("archive/<int:year>/<int:month>/", views.archive, name="archive_month"),
    path("preview/<str:token>/", views.shared_preview, name="shared_preview"),
    path("entities/<slug:slug>/", entity_views.entity_detail, name="entity_detail"),
    # Sandboxed copies of cited pages; the path (and, by the links, the host) is a setting.
    path(f"{settings.NEWSROOM_SNAPSHOT_PATH}<uuid:key>/", snapshot_public, name="source_snapshot"),
]
