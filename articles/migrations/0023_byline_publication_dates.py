from django.db import migrations, models

# On PostgreSQL the database copies each piece's first publication onto its byline rows: on
# insert (whatever inserts them: services, the admin's inline, seed_archive's bulk inserts) and
# whenever the piece's date changes. The copy is what lets the author filter's search walk an
# author's bylines newest first from one index. SQLite leaves the column NULL, as it leaves the
# search document: its fallback search does not use it, and its schema editor rebuilds tables
# (dropping their triggers) on later migrations.
BYLINE_TRIGGERS = """
CREATE FUNCTION articles_byline_piece_date() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.first_published_at := (
        SELECT first_published_at FROM articles_article WHERE id = NEW.article_id
    );
    RETURN NEW;
END
$$;
CREATE TRIGGER articles_byline_piece_date
    BEFORE INSERT OR UPDATE OF article_id, first_published_at ON articles_authorship
    FOR EACH ROW EXECUTE FUNCTION articles_byline_piece_date();

CREATE FUNCTION articles_piece_date_to_bylines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_authorship SET first_published_at = NEW.first_published_at
    WHERE article_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER articles_piece_date_to_bylines
    AFTER UPDATE OF first_published_at ON articles_article
    FOR EACH ROW WHEN (OLD.first_published_at IS DISTINCT FROM NEW.first_published_at)
    EXECUTE FUNCTION articles_piece_date_to_bylines();

UPDATE articles_authorship AS byline SET first_published_at = piece.first_published_at
FROM articles_article AS piece WHERE piece.id = byline.article_id;
"""

DROP_BYLINE_TRIGGERS = """
DROP TRIGGER articles_piece_date_to_bylines ON articles_article;
DROP FUNCTION articles_piece_date_to_bylines();
DROP TRIGGER articles_byline_piece_date ON articles_authorship;
DROP FUNCTION articles_byline_piece_date();
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BYLINE_TRIGGERS)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_BYLINE_TRIGGERS)


class Migration(migrations.Migration):
    """Bylines carry their piece's first publication (kept by PostgreSQL), under an
    (author, newest first) index of the dated ones."""

    dependencies = [
        ("articles", "0022_author_search_indexes"),
        ("people", "0005_entity_organisation_type"),
    ]

    operations = [
        migrations.AddField(
            model_name="authorship",
            name="first_published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="piece first published"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.AddIndex(
            model_name="authorship",
            index=models.Index(
                condition=models.Q(first_published_at__isnull=False),
                fields=["author", "-first_published_at", "-article"],
                name="authorship_author_newest_idx",
            ),
        ),
    ]
