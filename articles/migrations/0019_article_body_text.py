from django.db import migrations, models

BATCH = 2000


def fill_body_text(apps, schema_editor):
    """Store every existing body's plain text, as the save path does from now on."""
    from articles.richtext import html_to_text

    article_model = apps.get_model("articles", "Article")
    articles = article_model.objects.using(schema_editor.connection.alias)
    last = 0
    while True:
        batch = list(articles.filter(pk__gt=last).order_by("pk").only("pk", "body")[:BATCH])
        if not batch:
            break
        for article in batch:
            article.body_text = html_to_text(article.body, one_line=True)
        articles.bulk_update(batch, ["body_text"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_ledger_rows_kept_at_write_time"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_text",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="The body's text without markup, on one line: search snippets come from it.",
                verbose_name="body as plain text",
            ),
        ),
        migrations.RunPython(fill_body_text, migrations.RunPython.noop, elidable=True),
    ]
