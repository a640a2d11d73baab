"""Let editors read the workflow history, revisions, corrections and preview links."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

HISTORY_MODELS = ["transition", "revision", "correction", "previewlink"]


def grant(apps, schema_editor):
    articles = apps.get_app_config("articles")
    articles.models_module = True
    create_permissions(articles, apps=apps, verbosity=0)
    articles.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles", content_type__model__in=HISTORY_MODELS
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="articles", content_type__model__in=HISTORY_MODELS
            )
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_editorial_workflow")]

    operations = [migrations.RunPython(grant, revoke)]
