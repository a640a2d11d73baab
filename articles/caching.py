"""HTTP caching of public pages: validators, CDN headers and whole-page caching.

Every public page is stamped with the moment public content last changed: an article saved or
moved through the workflow, a correction added, a scheduled piece reaching its time, the
entity registry changing what a page links or describes, or a citation changing what a piece's
Sources list shows (articles.citations moves ``body_html_changed_at`` for that). The stamp
is read from the database in one query, so every server process agrees on it without any
invalidation messages, and a scheduled piece invalidates cached pages the moment it goes live
without a job having to run. The stamp gives the ETag and Last-Modified validators (a matching
conditional request gets a 304 without rendering) and is part of the page cache's key, so a
publish, change or unpublish makes every cached page stale at once.
"""

import hashlib
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Min, Q, Subquery
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition

from articles.models import Article
from articles.workflow import article_updates_publish_due
from people.models import Entity

_STAMP_ATTRIBUTE = "_newsroom_public_stamp"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def public_content_stamp(request=None) -> datetime:
    """Return when anything readers can see last changed (memoised on the request)."""
    if request is not None and hasattr(request, _STAMP_ATTRIBUTE):
        return getattr(request, _STAMP_ATTRIBUTE)
    moments = _moments()
    update_due = moments.pop("update_due")
    if update_due is not None and update_due <= timezone.now():
        # A scheduled update of a live piece has come due: it is published by the first page
        # view that notices (in the same query that reads the stamp), so no job has to run.
        article_updates_publish_due()
        moments = _moments()
        moments.pop("update_due")
    stamp = max((moment for moment in moments.values() if moment is not None), default=EPOCH)
    if request is not None:
        setattr(request, _STAMP_ATTRIBUTE, stamp)
    return stamp


def _moments() -> dict:
    now = timezone.now()
    return Article.objects.aggregate(
        edited=Max("updated_at"),
        relinked=Max("body_html_changed_at"),
        # Entity pages show names and descriptions from the registry.
        registry=Max(Subquery(Entity.objects.order_by("-updated_at").values("updated_at")[:1])),
        went_live=Max("publish_at", filter=Q(publish_at__lte=now)),
        corrected=Max("corrections__created_at"),
        update_due=Min("pending_publish_at"),
    )


def _etag(request, *args, **kwargs) -> str:
    stamp = public_content_stamp(request)
    digest = hashlib.blake2s(f"{stamp.isoformat()}|{request.get_full_path()}".encode())
    return digest.hexdigest()[:32]


def _last_modified(request, *args, **kwargs) -> datetime:
    return public_content_stamp(request)


def _page_cache_key(request) -> str:
    path = hashlib.blake2s(request.get_full_path().encode()).hexdigest()
    return f"newsroom:page:{public_content_stamp(request).timestamp()}:{path}"


def public_page(view):
    """Serve a public view with validators, CDN-friendly headers and whole-page caching."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
        key = _page_cache_key(request) if seconds and request.method in ("GET", "HEAD") else None
        stored = cache.get(key) if key else None
        if stored is not None:
            response = HttpResponse(stored["content"], content_type=stored["content_type"])
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if key and response.status_code == 200 and not response.streaming:
                content_type = response["Content-Type"]
                cache.set(key, {"content": response.content, "content_type": content_type}, seconds)
        if response.status_code == 200:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.NEWSROOM_BROWSER_CACHE_SECONDS,
                s_maxage=settings.NEWSROOM_CDN_CACHE_SECONDS,
            )
        return response

    return condition(etag_func=_etag, last_modified_func=_last_modified)(cached_view)
