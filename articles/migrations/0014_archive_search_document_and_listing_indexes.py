"""Make every public page cost the same at 100 and at 100,000 articles.

- A stored search document (a generated tsvector column; NULL on SQLite) with a GIN index on
  PostgreSQL replaces the expression index of migration 0008, so that ranking reads the stored
  document instead of parsing every matching body again.
- Partial indexes matching ``published()`` listings newest first (overall and per section), the
  sitemaps' latest change, and the admin list's default order.
- (entity, article) on mentions and (tag, object) on tagged items: the latest pieces of a
  subject, for related pieces and co-mentions.
"""

import articles.fulltext
import django.contrib.postgres.search
import django.db.models.functions.comparison
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

OLD_INDEX = "article_search_document_idx"
SEARCH_INDEX = "article_search_document_gin"
TAGGED_INDEX = "taggeditem_tag_object_idx"


def _old_index():
    from django.contrib.postgres.search import SearchVector

    return GinIndex(
        SearchVector("title", weight="A", config="english")
        + SearchVector("dek", weight="B", config="english")
        + SearchVector("body", weight="C", config="english"),
        name=OLD_INDEX,
    )


def drop_expression_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), _old_index())


def restore_expression_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), _old_index())


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        index = GinIndex(fields=["search_document"], name=SEARCH_INDEX)
        schema_editor.add_index(apps.get_model("articles", "Article"), index)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        index = GinIndex(fields=["search_document"], name=SEARCH_INDEX)
        schema_editor.remove_index(apps.get_model("articles", "Article"), index)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_grant_roles_job_permissions"),
        ("people", "0003_author_headshot_renditions"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_expression_index, restore_expression_index),
        migrations.AddField(
            model_name="article",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=articles.fulltext.SearchDocument(),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
                verbose_name="search document",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                models.OrderBy(models.F("first_published_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status__in", ["published", "scheduled"])),
                name="article_live_newest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                models.F("section"),
                models.OrderBy(models.F("first_published_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status__in", ["published", "scheduled"])),
                name="article_live_section_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                models.OrderBy(
                    django.db.models.functions.comparison.Greatest("updated_at", "publish_at"),
                    descending=True,
                ),
                condition=models.Q(("status__in", ["published", "scheduled"])),
                name="article_live_changed_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="mention",
            index=models.Index(fields=["entity", "-article"], name="mention_entity_article_idx"),
        ),
        migrations.RunPython(create_search_index, drop_search_index),
        # taggit's own indexes do not lead with the tag, and its join to articles compares
        # object_id cast to the articles' bigint key: the index holds that very expression.
        # Both databases know this statement.
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {TAGGED_INDEX} "
            "ON taggit_taggeditem (tag_id, CAST(object_id AS bigint))",
            f"DROP INDEX IF EXISTS {TAGGED_INDEX}",
        ),
    ]
