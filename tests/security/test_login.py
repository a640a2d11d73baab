"""Finding 6: thirty wrong passwords, then the right one, signed in; sessions lasted 14 days.
Now sign-in is throttled per account and per address (django-axes), failures are listed in the
admin, sessions last a working day and are rotated on sign-in, and editors use a second factor
(django-otp TOTP) when NEWSROOM_REQUIRE_2FA is on."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"


def sign_in(client, username, password, address="203.0.113.5"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def test_after_repeated_failures_even_the_right_password_is_refused_until_the_pause_ends(
    client, writer, settings
):
    statuses = [
        sign_in(client, "writer", "wrong").status_code for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    refused = sign_in(client, "writer", PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.text
    assert "_auth_user_id" not in client.session
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        assert sign_in(client, "writer", PASSWORD).status_code == 302


def test_failures_from_one_address_lock_that_address_whatever_the_account(client, writer):
    for number in range(5):
        sign_in(client, f"guess{number}", "wrong", address="198.51.100.7")
    assert sign_in(client, "writer", PASSWORD, address="198.51.100.7").status_code == 429
    assert sign_in(client, "writer", PASSWORD, address="198.51.100.8").status_code == 302


def test_failed_sign_ins_are_listed_in_the_admin(client, writer):
    sign_in(client, "writer", "wrong")
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    listing = client.get("/admin/axes/accessfailurelog/")
    assert listing.status_code == 200
    assert "writer" in listing.text


def test_a_session_lasts_a_working_day_and_its_key_changes_on_sign_in(client, writer, settings):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    assert sign_in(client, "writer", PASSWORD).status_code == 302
    assert client.session.session_key != before
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert client.session.get_expiry_age() == 8 * 60 * 60


@pytest.fixture
def two_factor_on(settings):
    settings.NEWSROOM_REQUIRE_2FA = True


def current_code(device: TOTPDevice) -> str:
    number = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{number:0{device.digits}d}"


def test_an_editor_enrols_an_authenticator_app_then_reaches_the_admin(client, two_factor_on):
    editor = UserFactory(username="chief")
    editor.groups.add(Group.objects.get(name="Editors"))
    assert sign_in(client, "chief", PASSWORD)["Location"] == "/admin/"
    held = client.get("/admin/articles/article/")
    assert held.status_code == 302 and held["Location"].startswith("/admin/two-factor/")
    page = client.get(held["Location"])
    assert "<svg" in page.text and "Set up two-factor sign-in" in page.text
    device = TOTPDevice.objects.get(user=editor)
    wrong = client.post("/admin/two-factor/", {"token": "000000", "next": "/admin/"})
    assert wrong.status_code == 400 and "not right" in wrong.text
    # A wrong code makes the next try wait (django-otp throttles guessing): try after a while.
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        code = current_code(device)
        right = client.post("/admin/two-factor/", {"token": code, "next": "/admin/"})
    assert right.status_code == 302
    assert client.get("/admin/articles/article/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_password_alone_is_not_enough_for_an_enrolled_editor(client, two_factor_on):
    editor = UserFactory(username="chief")
    editor.groups.add(Group.objects.get(name="Editors"))
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    sign_in(client, "chief", PASSWORD)
    assert client.get("/admin/").status_code == 302
    assert "Type the six digits" in client.get("/admin/two-factor/").text


def test_writers_are_not_asked_for_a_second_factor(client, writer, two_factor_on):
    sign_in(client, "writer", PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_two_factor_is_off_in_tests_and_on_in_production_by_default(settings):
    from newsroom.settings import base

    assert settings.NEWSROOM_REQUIRE_2FA is False
    source = (base.BASE_DIR / "newsroom" / "settings" / "prod.py").read_text()
    assert 'env_bool("NEWSROOM_REQUIRE_2FA", True)' in source
