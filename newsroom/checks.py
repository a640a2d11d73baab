"""System checks of what the project needs from its environment beyond Django's own."""

from django.core import checks
from django.db import connections

# Search passages find the first matching word with regexp_instr (PostgreSQL 15); version 14,
# the oldest Django 5.2 supports, reached its end of life in November 2026.
MINIMUM_POSTGRESQL = (15, 150000)


def postgresql_version_check(app_configs=None, databases=None, **kwargs):
    """Refuse a PostgreSQL server older than ``MINIMUM_POSTGRESQL``: ``migrate`` runs this check
    on its database, so an installation finds out before a reader's search fails."""
    major, number = MINIMUM_POSTGRESQL
    errors = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql" or connection.pg_version >= number:
            continue
        errors.append(
            checks.Error(
                f"The database {alias!r} is PostgreSQL {connection.pg_version // 10000}; "
                f"Newsroom needs PostgreSQL {major} or newer.",
                hint="Upgrade the server (pg_upgrade), then run migrate again.",
                id="newsroom.E001",
            )
        )
    return errors
