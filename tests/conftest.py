import os
from pathlib import Path

import pytest

SHARED_DIR = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """When several mutants' test runs are forked from one process at once, each gets a test
    database of its own, or they would create and drop the same one. `make mutation` runs one
    at a time on one database kept in NEWSROOM_TEST_DB_FILE, migrated once for all of them."""
    if os.environ.get("MUTANT_UNDER_TEST") and not os.environ.get("NEWSROOM_TEST_DB_FILE"):
        from pytest_django.fixtures import _set_suffix_to_test_databases

        _set_suffix_to_test_databases(suffix=f"mutant{os.getpid()}")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what one test leaves there (say, from a trip in
    time: the schedule of pages to refresh marked handled days ahead) must not decide whether
    another's scheduled update goes live."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def shared_fixtures() -> Path:
    """Return ../shared/fixtures. A newcomer's clone has no ../shared, so tests that need it skip
    there; CI always has it, so under CI=true its absence fails the run instead of hiding."""
    fixtures = SHARED_DIR / "fixtures"
    if not fixtures.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but the shared fixtures are missing at {fixtures}")
        pytest.skip(f"the shared fixtures are not beside this clone ({fixtures} is absent)")
    return fixtures


@pytest.fixture
def page_cache(settings):
    """Switch the whole-page cache on (the test settings keep it off) with an empty cache."""
    from django.core.cache import cache

    settings.NEWSROOM_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def redis_page_cache(settings):
    """The page cache switched on over the cache production runs: Django's Redis cache on the
    real server (TEST_REDIS_URL, default database 3 on 127.0.0.1), emptied."""
    from django.core.cache import cache, caches
    from django.core.cache.backends.redis import RedisCache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3"),
            "KEY_PREFIX": "newsroom-test",
        }
    }
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 600
    assert isinstance(caches["default"], RedisCache)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def superuser_client(client):
    """A test client signed in as a superuser ("chief")."""
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="chief", is_superuser=True))
    return client


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username="editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def writer(db):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username="writer")
    user.groups.add(Group.objects.get(name="Writers"))
    return user


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def chromium(monkeypatch):
    """A headless Debian chromium driven by Playwright. CI installs chromium and must run these
    tests; on a newcomer's machine without it they skip and say why.

    Function-scoped on purpose: Playwright runs an event loop in this thread, under which Django
    hands out different connection objects, so the test database must be set up (and its
    migration-created rows restored) before the loop starts, for every test."""
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install it)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
        # The connection the test opened under Playwright's loop belongs to that loop's context;
        # close it here or it outlives the test database.
        from django.db import connections

        connections.close_all()


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    """A media folder of the test's own, so it can assert exactly which files were stored."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def database_queue(settings):
    """The production queue (see tests/queue.py): jobs wait in the database for a worker."""
    from tests.queue import DATABASE_QUEUE

    settings.TASKS = DATABASE_QUEUE
    return settings.TASKS


@pytest.fixture(scope="session")
def s3_server():
    """A local S3-compatible server (moto's server mode) on a free loopback port, for the whole
    run: real HTTP requests through boto3, as against a production bucket. It must start: a
    test that needs it fails, never skips, when it cannot."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def object_storage(settings, monkeypatch, s3_server):
    """Media in a fresh bucket of the local S3 server, configured from the environment exactly
    as in production (newsroom.settings.storage). Returns a boto3 client and the bucket name."""
    import json
    import uuid

    import boto3

    from newsroom.settings.storage import media_storage_from_environment

    bucket = f"media-{uuid.uuid4().hex[:12]}"
    environment = {
        "MEDIA_STORAGE_URL": f"s3://{bucket}/newsroom",
        "AWS_S3_ENDPOINT_URL": s3_server,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "local-test-key",
        "AWS_SECRET_ACCESS_KEY": "local-test-secret",
        "AWS_S3_ADDRESSING_STYLE": "path",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="local-test-key",
        aws_secret_access_key="local-test-secret",
    )
    client.create_bucket(Bucket=bucket)
    # As the README asks of a bucket serving public addresses: anyone may read, not list.
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_read))

    def configure(**more):
        for name, value in more.items():
            monkeypatch.setenv(name, value)
        settings.STORAGES = {**settings.STORAGES, "default": media_storage_from_environment()}

    configure()
    return type("ObjectStorage", (), {"client": client, "bucket": bucket, "configure": configure})


def bucket_keys(storage) -> set[str]:
    """Every key in the object storage fixture's bucket."""
    listing = storage.client.list_objects_v2(Bucket=storage.bucket)
    return {item["Key"] for item in listing.get("Contents", [])}
