"""Create the newsroom's two roles as groups with the model permissions each needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER_PERMISSIONS = [
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_article"),
    ("articles", "add_authorship"),
    ("articles", "change_authorship"),
    ("articles", "delete_authorship"),
    ("articles", "view_authorship"),
    ("articles", "view_section"),
    ("people", "view_author"),
    ("taggit", "add_tag"),
    ("taggit", "view_tag"),
]
EDITOR_APPS = ["articles", "people", "taggit"]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations run; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    writers, _ = Group.objects.get_or_create(name="Writers")
    for app_label, codename in WRITER_PERMISSIONS:
        writers.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("people", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
