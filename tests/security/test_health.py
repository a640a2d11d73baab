"""Finding 9: /health/ with the database down told anyone the database's host and port."""

import pytest
from django.db import connection

from tests.factories import UserFactory


def _database_unreachable():
    """Point the connection at a database that cannot be reached (a real failure, no mock)."""
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict["PORT"] = "1"
    else:
        connection.settings_dict["NAME"] = "/nonexistent-folder/newsroom.sqlite3"


@pytest.fixture
def database_down(transactional_db):
    saved = dict(connection.settings_dict)
    _database_unreachable()
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


def test_health_is_ok_publicly_when_the_database_answers(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_with_the_database_down_says_only_error_and_logs_why(client, database_down, caplog):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error"}
    assert "Health check failed" in caplog.text


def test_staff_see_the_database_error_while_the_database_answers_their_session(client, db):
    # With the database up, a staff member's session works, so the detail rule is exercised
    # through the helper that decides it.
    from django.test import RequestFactory

    from newsroom.views import _is_staff

    request = RequestFactory().get("/health/")
    request.user = UserFactory(username="ops", is_staff=True)
    assert _is_staff(request)
    request.user = UserFactory(username="reader", is_staff=False)
    assert not _is_staff(request)
