"""The project's own system checks."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

from newsroom.checks import postgresql_version_check

pytestmark = pytest.mark.django_db

ON_POSTGRES = connection.vendor == "postgresql"


@pytest.mark.skipif(not ON_POSTGRES, reason="a PostgreSQL server's version")
def test_the_database_checks_pass_on_this_postgresql_server():
    assert connection.pg_version >= 150000
    assert postgresql_version_check(databases=["default"]) == []
    call_command("check", databases=["default"])


@pytest.mark.skipif(not ON_POSTGRES, reason="a PostgreSQL server's version")
def test_an_older_postgresql_server_is_refused_before_migrating(monkeypatch):
    monkeypatch.setattr(connection, "pg_version", 140012)

    (error,) = postgresql_version_check(databases=["default"])

    assert error.id == "newsroom.E001"
    assert "PostgreSQL 14" in error.msg and "15 or newer" in error.msg
    with pytest.raises(SystemCheckError, match=r"newsroom\.E001"):
        call_command("migrate", "--check", verbosity=0, skip_checks=False)


def test_only_the_databases_asked_about_are_checked():
    # Without --database Django runs no database check; SQLite is never refused.
    assert postgresql_version_check(databases=None) == []
    if not ON_POSTGRES:
        assert postgresql_version_check(databases=["default"]) == []
