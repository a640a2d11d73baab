"""A GIN index over the weighted full-text document of articles, on PostgreSQL only.

The expression must stay identical to ``articles.search.search_document()`` or PostgreSQL will not
use the index; tests/articles/test_search.py checks that through EXPLAIN. SQLite has neither GIN
indexes nor text-search functions, so there this migration does nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "article_search_document_idx"


def _index():
    return GinIndex(
        SearchVector("title", weight="A", config="english")
        + SearchVector("dek", weight="B", config="english")
        + SearchVector("body", weight="C", config="english"),
        name=INDEX_NAME,
    )


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), _index())


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_hero_image_renditions")]

    operations = [migrations.RunPython(create_index, drop_index)]
