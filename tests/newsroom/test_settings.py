"""Production settings must refuse to start misconfigured, and pass Django's deploy checks when
configured properly. Each case runs manage.py in a fresh process, as a server would start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
GOOD_SECRET = "k3y-" + "a1b2c3d4e5f6g7h8i9j0" * 3


def _manage(*args, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.prod"
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


GOOD = {
    "SECRET_KEY": GOOD_SECRET,
    "ALLOWED_HOSTS": "news.example.org",
    "DATABASE_URL": "sqlite:////tmp/newsroom-deploy-check.sqlite3",
}


def test_properly_configured_production_passes_the_deploy_checks():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **GOOD)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("settings_module", ["newsroom.settings.prod", "newsroom.settings.dev"])
@pytest.mark.parametrize(("setting", "kept"), [({}, "60"), ({"DATABASE_CONN_MAX_AGE": "0"}, "0")])
def test_a_server_keeps_its_database_connection_unless_told_not_to(settings_module, setting, kept):
    """A new connection per request costs PostgreSQL a backend process and SQLite a reading of
    the schema: a server process keeps one for a minute, on the laptop's database too, and an
    operator behind a pooler can say 0."""
    show = "from django.conf import settings; print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    environment = GOOD | setting | {"DJANGO_SETTINGS_MODULE": settings_module}

    result = _manage("shell", "-c", show, **environment)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == kept


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + "x1y2z3" * 10}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "news.example.org,*"}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": ""}, "DATABASE_URL"),
        ({"DEBUG": "true"}, "DEBUG"),
        ({"DEBUG": "perhaps"}, "DEBUG"),
    ],
)
def test_unsafe_production_configuration_refuses_to_start(override, complaint):
    result = _manage("check", **(GOOD | override))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


def test_dates_are_written_one_way_in_the_admin_and_on_pages():
    from datetime import datetime

    from django.utils import formats, timezone

    moment = timezone.make_aware(datetime(2026, 12, 1, 0, 15), timezone.get_current_timezone())

    assert formats.date_format(moment, "DATETIME_FORMAT") == "1 December 2026, 00:15 GMT"
    assert formats.localize(timezone.localtime(moment)) == "1 December 2026, 00:15 GMT"


def test_the_laptop_database_starts_without_warnings():
    """The SQLite path a newcomer takes (no DATABASE_URL) checks clean, database checks too."""
    result = _manage(
        "check",
        "--database",
        "default",
        DJANGO_SETTINGS_MODULE="newsroom.settings.dev",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
