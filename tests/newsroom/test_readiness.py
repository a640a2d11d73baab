import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_ready_says_only_ok_to_the_public(client):
    response = client.get(reverse("ready"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_staff_see_each_check(client):
    client.force_login(UserFactory(is_staff=True))

    checks = client.get(reverse("ready")).json()["checks"]

    assert set(checks) == {"database", "cache", "queue", "storage"}
    assert all(check["ok"] for check in checks.values())


def test_unreachable_storage_fails_readiness_and_only_staff_learn_why(
    client, settings, object_storage
):
    object_storage.configure(MEDIA_STORAGE_URL="s3://no-such-bucket-anywhere")

    public = client.get(reverse("ready"))
    client.force_login(UserFactory(is_staff=True))
    staff = client.get(reverse("ready"))

    assert public.status_code == 503
    assert public.json() == {"status": "fail"}
    assert staff.status_code == 503
    checks = staff.json()["checks"]
    assert not checks["storage"]["ok"] and checks["storage"]["error"]
    assert checks["database"]["ok"]


def test_an_unreachable_redis_cache_fails_readiness(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 1 of the loopback.
            "LOCATION": "redis://127.0.0.1:1/3",
        }
    }

    response = client.get(reverse("ready"))

    assert response.status_code == 503


def test_a_real_redis_cache_and_database_queue_are_ready(client, settings, database_queue):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/3",
            "KEY_PREFIX": "newsroom-test-readiness",
        }
    }
    client.force_login(UserFactory(is_staff=True))

    response = client.get(reverse("ready"))

    assert response.status_code == 200, response.json()
