import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The author filter's search reads an author's bylines from an index alone. The
    (author, article) index is built before the author column's own index goes: lookups by
    author always have one."""

    dependencies = [
        ("articles", "0021_article_admin_order_index"),
        ("people", "0005_entity_organisation_type"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="authorship",
            index=models.Index(fields=["author", "article"], name="authorship_author_article_idx"),
        ),
        migrations.AlterField(
            model_name="authorship",
            name="author",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="authorships",
                to="people.author",
                verbose_name="author",
            ),
        ),
    ]
