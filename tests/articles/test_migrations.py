"""Data migrations of articles, run on rows as a deployment finds them."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_existing_pieces_get_their_bodys_plain_text_as_a_save_would_store_it():
    migration = importlib.import_module("articles.migrations.0019_article_body_text")
    pieces = [
        ArticleFactory(body="<p>Fish &amp; chips.</p><ul><li>Salt</li></ul>"),
        ArticleFactory(body=""),
    ]
    saved = [piece.body_text for piece in pieces]
    Article.objects.update(body_text="")

    migration.fill_body_text(apps, SimpleNamespace(connection=connection))

    assert [piece.body_text for piece in Article.objects.order_by("pk")] == saved
    assert saved[0] == "Fish & chips. Salt"
