"""HTTP caching of public pages by scope: validators, CDN headers and whole-page caching.

While a public view renders, it says what it shows (``page_shows()``): the article, its authors'
profiles, its tags and entities, the pieces of a section, every public piece (``PUBLISHED``)...
Each of these *scopes* has a version in the cache (``people.page_versions``). The rendered page is
stored with the versions it was made from, and served again while they have not moved: checking
that takes no database query, and two cache reads of fixed size (the entry; the generation and
the schedule) while nothing has changed anywhere since the page was stored or last checked; a
third reads its scopes' versions after a change elsewhere. A change moves only the versions of
what it touches (``article_pages_invalidate()`` and friends, called by the services and admin
actions that make the change), so saving a draft invalidates nothing, and publishing a piece
invalidates its page and the listings, feeds, and entity, tag, author and section pages it
appears on.

A piece scheduled for later goes live with no job running: the times of upcoming publications
(and of scheduled updates of live pieces) are kept in the cache too; a page rendered before one
of them is stale once it has passed, and a due update is published before the next page is
rendered.

The page cache's key is the scheme, host and path, plus only the query parameters the page
reads, so that ``?x=`` cannot fill the cache and a forged ``Host:`` cannot put its canonical URL
in front of other readers. ETag and Last-Modified come from the versions shown, so a conditional
request is answered 304 from the cache entry alone.
"""

import hashlib
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from datetime import datetime
from functools import wraps
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from taggit.models import TaggedItem

from articles.models import Article, Authorship, Mention
from people import page_versions
from people.page_versions import DIRECTORY, SITE, scopes_touch

# Every listing of public pieces regardless of subject: home, archives, the main feed, sitemaps.
T = TypeVar("T")

PUBLISHED = "published"
# The corrections feed.
CORRECTIONS = "corrections"

PAGE_PREFIX = "newsroom:page:"
SCHEDULE_KEY = "newsroom:schedule"
SCHEDULE_HANDLED_KEY = "newsroom:schedule:handled"
# Query parameters that only ever name a page number: anything but a positive number is dropped
# from the cache key (the view treats it as the first page anyway).
_PAGE_NUMBER_PARAMS = {"page", "p"}

_shown: ContextVar[set[str] | None] = ContextVar("newsroom_page_scopes", default=None)


def article_scope(pk: int) -> str:
    """One piece: its page, and its headline wherever it is listed."""
    return f"article:{pk}"


def section_pieces(pk: int) -> str:
    return f"section-pieces:{pk}"


def author_pieces(pk: int) -> str:
    return f"author-pieces:{pk}"


def tag_pieces(pk: int) -> str:
    return f"tag-pieces:{pk}"


def entity_pieces(pk: int) -> str:
    return f"entity-pieces:{pk}"


# What pages say they show -------------------------------------------------------------------


def page_shows(*scopes: str) -> None:
    """Record that the page being rendered shows ``scopes`` (nothing outside a public page)."""
    shown = _shown.get()
    if shown is not None:
        shown.update(scopes)


def page_shows_articles(articles: Iterable[Article]) -> None:
    """Record the pieces a page lists, with their bylines' authors (read from the prefetch
    of ``with_byline()``: no query)."""
    shown = _shown.get()
    if shown is None:
        return
    for article in articles:
        shown.add(article_scope(article.pk))
        shown.update(page_versions.author(a.author_id) for a in article.byline_authorships())


# What changes invalidate ---------------------------------------------------------------------


def article_scopes(pk: int) -> set[str]:
    """Return the scopes that show the piece ``pk`` as the database has it now: its page, every
    list of public pieces, and the pages of its section, authors, tags and entities."""
    scopes = {article_scope(pk), PUBLISHED}
    section = Article.objects.filter(pk=pk).values_list("section_id", flat=True).first()
    if section is not None:
        scopes.add(section_pieces(section))
    authors = Authorship.objects.filter(article_id=pk).values_list("author_id", flat=True)
    scopes.update(author_pieces(author) for author in authors)
    tags = TaggedItem.objects.filter(
        content_type__app_label="articles", content_type__model="article", object_id=pk
    ).values_list("tag_id", flat=True)
    scopes.update(tag_pieces(tag) for tag in tags)
    entities = Mention.objects.filter(article_id=pk).values_list("entity_id", flat=True)
    scopes.update(entity_pieces(entity) for entity in entities)
    return scopes


def _readers_may_see(article: Article) -> bool:
    # A piece never published has been on no public page, whatever happens to it.
    return article.first_published_at is not None or article.status in Article.LIVE_STATUSES


def article_pages_invalidate(*, article: Article, previous: Iterable[str] = ()) -> None:
    """Invalidate, once the transaction commits, the pages that show ``article`` now and the
    ``previous`` scopes it was shown under before the change (e.g. a section it left). A piece
    readers have never seen invalidates nothing."""
    if _readers_may_see(article):
        scopes_touch(article_scopes(article.pk) | set(previous))


def article_previous_scopes(article: Article) -> set[str]:
    """Return the scopes ``article`` is shown under now, to pass as ``previous`` to
    ``article_pages_invalidate()`` after changing it (empty for a piece never public)."""
    if article.pk is None or not _readers_may_see(article):
        return set()
    return article_scopes(article.pk)


def correction_pages_invalidate(*, article: Article) -> None:
    scopes_touch({article_scope(article.pk), CORRECTIONS})


def article_schedule_note(*, publish_at: datetime) -> None:
    """Remember that pages rendered before ``publish_at`` are stale from then on."""
    upcoming = cache.get(SCHEDULE_KEY)
    if upcoming is None:
        upcoming = _schedule_from_database()
    # Past moments are kept while cached pages may predate them, or while not yet handled.
    horizon = (timezone.now().timestamp() - settings.NEWSROOM_PAGE_CACHE_SECONDS) * 1000
    handled = cache.get(SCHEDULE_HANDLED_KEY, 0)
    moments = {moment for moment in upcoming if moment > min(horizon, handled)}
    moments.add(int(publish_at.timestamp() * 1000))
    cache.set(SCHEDULE_KEY, sorted(moments), page_versions.TIMEOUT)


def _schedule_from_database() -> list[int]:
    # Pieces going live later, and scheduled updates of live pieces (past ones too: an update
    # that came due while nobody asked for a page is still to be published).
    now = timezone.now()
    going_live = Article.objects.filter(
        status=Article.Status.SCHEDULED, publish_at__gt=now
    ).values_list("publish_at", flat=True)
    updates = Article.objects.filter(pending_publish_at__isnull=False).values_list(
        "pending_publish_at", flat=True
    )
    return sorted({int(moment.timestamp() * 1000) for moment in [*going_live, *updates]})


def _schedule() -> list[int]:
    upcoming = cache.get(SCHEDULE_KEY)
    if upcoming is None:
        upcoming = _schedule_from_database()
        cache.set(SCHEDULE_KEY, upcoming, page_versions.TIMEOUT)
    return upcoming


def _publish_due_updates() -> None:
    """Publish the scheduled updates of live pieces whose time has come, before a page is
    rendered: no job has to run at that time. Read from the cache's schedule, so a page costs
    no query for it unless something has come due."""
    now = timezone.now().timestamp() * 1000
    handled = cache.get(SCHEDULE_HANDLED_KEY, 0)
    due = [moment for moment in _schedule() if handled < moment <= now]
    if due:
        from articles.workflow import article_updates_publish_due

        article_updates_publish_due()
        cache.set(SCHEDULE_HANDLED_KEY, max(due), page_versions.TIMEOUT)


def tag_pages_invalidate(*, tag_id: int) -> None:
    scopes_touch({page_versions.tag(tag_id), DIRECTORY})


def entity_pages_invalidate(*, entity_id: int) -> None:
    """An entity's name or description changed: its page and the pages that name it (a change
    of what the text links is handled by re-linking, which invalidates each piece)."""
    scopes_touch({page_versions.entity(entity_id), entity_pieces(entity_id), DIRECTORY})


def site_pages_invalidate() -> None:
    """Something every page shows changed (the sections in the navigation)."""
    scopes_touch({SITE})


def bulk_load_invalidate() -> None:
    """A bulk load (``load_demo``, ``seed_archive``) wrote sections, people and pieces past the
    services that say what they changed: every page (each shows the site scope) and every kept
    figure over the pieces and the directory."""
    scopes_touch({SITE, PUBLISHED, DIRECTORY, CORRECTIONS})


# Figures over many pieces ---------------------------------------------------------------------


def figures_cached(name: str, scopes: Iterable[str], compute: Callable[[], T]) -> T:
    """Return ``compute()``, kept in the cache while none of ``scopes`` changes, for at most
    ``NEWSROOM_FIGURES_CACHE_SECONDS``: for counts whose query grows with the archive and
    whose result changes only when those scopes do. Computed every time when that is 0."""
    seconds = settings.NEWSROOM_FIGURES_CACHE_SECONDS
    if not seconds:
        return compute()
    versions, _created = page_versions.versions_read(scopes)
    stamp = ",".join(f"{scope}={version}" for scope, version in sorted(versions.items()))
    key = f"newsroom:figures:{name}:" + hashlib.sha256(stamp.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


# The decorator --------------------------------------------------------------------------------


def page_cache_key(request, params: Sequence[str]) -> str:
    """Return the page cache's key: scheme, host (checked against ALLOWED_HOSTS), path and the
    values of the query parameters the page reads, nothing else."""
    used = []
    for name in sorted(params):
        value = request.GET.get(name)
        if value is None:
            continue
        if name in _PAGE_NUMBER_PARAMS and not (value.isascii() and value.isdigit()):
            continue
        used.append((name, value))
    address = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(used)}"
    return PAGE_PREFIX + hashlib.blake2s(address.encode()).hexdigest()


def _validators(key: str, versions: dict[str, int]) -> tuple[str, int]:
    digest = hashlib.blake2s(f"{key}|{sorted(versions.items())}".encode()).hexdigest()[:32]
    last_modified = max(versions.values()) // 1000
    return quote_etag(digest), last_modified


def _still_fresh(key: str, stored: dict, found: dict, seconds: int) -> bool:
    """Return whether the stored page may be served: none of its scopes has moved and no
    scheduled publication has come due since it was rendered. ``found`` holds the generation
    and the schedule, read with the page itself. While nothing at all has changed since (the
    generation stands), that one read is all; after a change elsewhere the page's own scopes
    are compared, and if they stand the entry is kept under the new generation, so that the
    next hit is one read again."""
    schedule = found.get(SCHEDULE_KEY)
    if schedule is None:
        return False
    now = timezone.now().timestamp() * 1000
    if any(stored["rendered_at"] < moment <= now for moment in schedule):
        return False
    current = found.get(page_versions.GENERATION_KEY)
    if current is not None and current == stored.get("generation"):
        return True
    versions = stored["versions"]
    moved = cache.get_many([page_versions.PREFIX + scope for scope in versions])
    if any(
        moved.get(page_versions.PREFIX + scope) != version for scope, version in versions.items()
    ):
        return False
    if current is not None:
        # Read before the versions just compared: a change since is still noticed next time.
        cache.set(key, {**stored, "generation": current}, seconds)
    return True


def _validator_headers(etag: str, last_modified: int) -> dict[str, str]:
    """Return the validators and CDN headers of a page, as a page-cache hit serves them."""
    blank = HttpResponse()
    patch_cache_control(
        blank,
        public=True,
        max_age=settings.NEWSROOM_BROWSER_CACHE_SECONDS,
        s_maxage=settings.NEWSROOM_CDN_CACHE_SECONDS,
    )
    return {
        "ETag": etag,
        "Last-Modified": http_date(last_modified),
        "Cache-Control": blank["Cache-Control"],
    }


def _finish(request, response, etag: str, last_modified: int):
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    patch_cache_control(
        response,
        public=True,
        max_age=settings.NEWSROOM_BROWSER_CACHE_SECONDS,
        s_maxage=settings.NEWSROOM_CDN_CACHE_SECONDS,
    )
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


def _from_cache(request, stored: dict):
    # The entry holds its headers as served, validators included (made once, when stored).
    response = HttpResponse(stored["content"], headers=stored["headers"])
    if "ETag" not in stored["headers"]:  # an entry stored before validators were kept in it
        return _finish(request, response, stored["etag"], stored["last_modified"])
    return get_conditional_response(
        request, etag=stored["etag"], last_modified=stored["last_modified"], response=response
    )


_UNCACHED_HEADERS = {"set-cookie", "vary", "etag", "last-modified", "cache-control", "expires"}


def public_page(view=None, *, params: Sequence[str] = ()):
    """Serve a public view with validators, CDN-friendly headers and the page cache by scope.

    ``params`` names the query parameters the view reads; the others never reach the cache key.
    """
    if view is None:
        return lambda view: public_page(view, params=params)

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
        key = page_cache_key(request, params)
        if seconds:
            # One cache round trip: the page, the generation and the publication schedule.
            found = cache.get_many([key, page_versions.GENERATION_KEY, SCHEDULE_KEY])
            stored = found.get(key)
            if stored is not None and _still_fresh(key, stored, found, seconds):
                return _from_cache(request, stored)
        _publish_due_updates()

        rendered_at = timezone.now().timestamp() * 1000
        token = _shown.set({SITE})
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            shown = _shown.get()
        finally:
            _shown.reset(token)
        if response.status_code != 200 or response.streaming:
            return response
        if shown == {SITE}:
            # A view that named nothing it shows is taken to show public pieces in general.
            shown.add(PUBLISHED)
        generation = page_versions.generation()
        versions, created = page_versions.versions_read(shown)
        etag, last_modified = _validators(key, versions)
        # A version newer than the start of rendering means something changed meanwhile: the
        # page may predate the change, so it is served but not kept.
        changed = any(v >= rendered_at for s, v in versions.items() if s not in created)
        if seconds and not changed:
            headers = {
                header: value
                for header, value in response.headers.items()
                if header.lower() not in _UNCACHED_HEADERS
            }
            headers.update(_validator_headers(etag, last_modified))
            entry = {
                "content": response.content,
                "headers": headers,
                "versions": versions,
                "generation": generation,
                "etag": etag,
                "last_modified": last_modified,
                "rendered_at": rendered_at,
            }
            cache.set(key, entry, seconds)
        return _finish(request, response, etag, last_modified)

    return cached_view
