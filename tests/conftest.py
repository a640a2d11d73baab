import os
from pathlib import Path

import pytest

SHARED_DIR = Path(__file__).resolve().parent.parent.parent / "shared"


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
