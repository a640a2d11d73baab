"""Give the roles their rights over the entity registry: editors manage it, writers read it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = [
    ("people", "entity"),
    ("people", "entityalias"),
    ("people", "entityslugredirect"),
    ("people", "entitysuggestion"),
    ("articles", "mention"),
    ("articles", "suggestionsighting"),
]
WRITER_PERMISSIONS = [("people", "view_entity"), ("people", "view_entitysuggestion")]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations run; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    writers, _ = Group.objects.get_or_create(name="Writers")
    for app_label, model in EDITOR_MODELS:
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
        )
    for app_label, codename in WRITER_PERMISSIONS:
        writers.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=["Editors", "Writers"]):
        for app_label, model in EDITOR_MODELS:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model=model
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_entity_mentions_and_body_html"),
        ("people", "0002_entity_registry"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
