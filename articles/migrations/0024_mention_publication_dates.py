from django.db import migrations, models

# As migration 0023 does for bylines: PostgreSQL copies each piece's first publication onto its
# mention rows, on insert (recognition's relinks, entity merges, seed_archive's bulk inserts)
# and whenever the piece's date changes, so that a search narrowed to an entity can walk that
# entity's mentions newest first from one index. SQLite leaves the column NULL.
MENTION_TRIGGERS = """
CREATE FUNCTION articles_mention_piece_date() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.first_published_at := (
        SELECT first_published_at FROM articles_article WHERE id = NEW.article_id
    );
    RETURN NEW;
END
$$;
CREATE TRIGGER articles_mention_piece_date
    BEFORE INSERT OR UPDATE OF article_id, first_published_at ON articles_mention
    FOR EACH ROW EXECUTE FUNCTION articles_mention_piece_date();

CREATE FUNCTION articles_piece_date_to_mentions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE articles_mention SET first_published_at = NEW.first_published_at
    WHERE article_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER articles_piece_date_to_mentions
    AFTER UPDATE OF first_published_at ON articles_article
    FOR EACH ROW WHEN (OLD.first_published_at IS DISTINCT FROM NEW.first_published_at)
    EXECUTE FUNCTION articles_piece_date_to_mentions();

UPDATE articles_mention AS mention SET first_published_at = piece.first_published_at
FROM articles_article AS piece
WHERE piece.id = mention.article_id AND piece.first_published_at IS NOT NULL;
"""

DROP_MENTION_TRIGGERS = """
DROP TRIGGER articles_piece_date_to_mentions ON articles_article;
DROP FUNCTION articles_piece_date_to_mentions();
DROP TRIGGER articles_mention_piece_date ON articles_mention;
DROP FUNCTION articles_mention_piece_date();
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(MENTION_TRIGGERS)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_MENTION_TRIGGERS)


class Migration(migrations.Migration):
    """Mentions carry their piece's first publication (kept by PostgreSQL), under an
    (entity, newest first) index of the dated ones."""

    dependencies = [("articles", "0023_byline_publication_dates")]

    operations = [
        migrations.AddField(
            model_name="mention",
            name="first_published_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="piece first published"
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.AddIndex(
            model_name="mention",
            index=models.Index(
                condition=models.Q(first_published_at__isnull=False),
                fields=["entity", "-first_published_at", "-article"],
                name="mention_entity_newest_idx",
            ),
        ),
    ]
