from django.urls import path

from articles import entity_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
    path("sections/<slug:slug>/", views.section_detail, name="section_detail"),
    path("authors/<slug:slug>/", views.author_detail, name="author_detail"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path("entities/<slug:slug>/", entity_views.entity_detail, name="entity_detail"),
]
