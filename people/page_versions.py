"""Versions of what public pages show, kept in Django's cache so that every server process
agrees on them without asking the database.

A *scope* names one thing a page shows: one article, one author's profile, the pieces listed
under a section, the site's navigation... Each scope has a version, the moment (in
milliseconds) it last changed. A cached page remembers the versions of the scopes it showed;
it is fresh while none of them has moved. A change to something moves the versions of its own
scopes only, so saving a draft touches nothing readers see, and an author's new bio touches the
pages that show that author. ``articles.caching`` builds the page cache on this; it lives in the
lowest app so that every app can say what it changed.

Versions live as long as the pages do: a scope whose version was evicted gets a new one when
next read, which only makes pages that showed it stale (never the other way round).
"""

import time
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

PREFIX = "newsroom:scope:"
# Moved by every change, after the scopes it touched: a page stored under the generation that
# is still current needs no scope compared (see ``articles.caching``).
GENERATION_KEY = "newsroom:generation"
# Longer than any cached page lives, so a page never outlives the versions it depends on.
TIMEOUT = 7 * 24 * 3600

# Shown on every page: navigation (section names), the site's own furniture.
SITE = "site"
# The addresses of authors, tags and entities, as the sitemaps list them.
DIRECTORY = "directory"


def author(pk: int) -> str:
    """An author's name, bio and headshot, wherever they are shown."""
    return f"author:{pk}"


def entity(pk: int) -> str:
    """An entity's name and description, wherever they are shown."""
    return f"entity:{pk}"


def tag(pk: int) -> str:
    """A tag's name, wherever it is shown."""
    return f"tag:{pk}"


def author_pages_invalidate(*, author_id: int) -> None:
    """An author's name, slug, bio or headshot changed: the pages that show them."""
    scopes_touch({author(author_id), DIRECTORY})


def _now_ms() -> int:
    return int(time.time() * 1000)


def generation() -> int:
    """Return the current generation, giving it one if it has none. Read it before the
    versions of a page's scopes: a change moves its scopes first and the generation last, so a
    page stored with the generation it saw can only look older than it is, never newer."""
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, _now_ms(), TIMEOUT)
        current = cache.get(GENERATION_KEY, 0)
    return current


def versions_read(scopes: Iterable[str]) -> tuple[dict[str, int], set[str]]:
    """Return the current version of each scope, giving one to a scope that has none yet, and
    the scopes that got their first version here."""
    scopes = sorted(set(scopes))
    found = cache.get_many([PREFIX + scope for scope in scopes])
    versions, created = {}, set()
    for scope in scopes:
        version = found.get(PREFIX + scope)
        if version is None:
            version = _now_ms()
            # add(): if another process gave it a version meanwhile, that one stands.
            if cache.add(PREFIX + scope, version, TIMEOUT):
                created.add(scope)
            else:
                version = cache.get(PREFIX + scope, version)
        versions[scope] = version
    return versions, created


def scopes_touch(scopes: Iterable[str]) -> None:
    """Give each scope a new version now, and again once the current transaction commits: a
    page rendered in between, from the data as it was before the commit, is never kept as
    current."""
    scopes = set(scopes)
    if scopes:
        _bump(scopes)
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda: _bump(scopes))


def _bump(scopes: set[str]) -> None:
    keys = [PREFIX + scope for scope in scopes]
    found = cache.get_many(keys)
    now = _now_ms()
    # Strictly later than the version it replaces, even within the same millisecond.
    cache.set_many({key: max(now, found.get(key, 0) + 1) for key in keys}, TIMEOUT)
    cache.set(GENERATION_KEY, max(now, (cache.get(GENERATION_KEY) or 0) + 1), TIMEOUT)
