"""Let the roles follow background jobs on the admin's Jobs page: writers and editors see them,
editors may retry a failed one."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_CODENAMES = {
    "Editors": ["view_job", "change_job"],
    "Writers": ["view_job"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations run; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_CODENAMES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="jobs", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_CODENAMES.items():
        for group in Group.objects.filter(name=role):
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="jobs", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_article_pending_changes_and_slug_redirects"),
        ("jobs", "0001_jobs_and_schedules"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
