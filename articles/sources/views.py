"""Serving snapshots: to readers (snapshots of published pieces' sources) and to editors.

A snapshot is somebody else's page. It is served with a Content Security Policy whose
``sandbox`` directive gives it an opaque origin (no cookies, no scripts, no forms, no plugins)
and which loads nothing from anywhere, so the copy can neither run code against the newsroom's
site nor tell the original site who is reading. ``NEWSROOM_SNAPSHOT_BASE_URL`` can move the
links to a separate host name for a second wall.
"""

import re

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from articles.models import Article, Citation
from articles.sources.models import SourceSnapshot

SNAPSHOT_CSP = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "form-action 'none'; frame-ancestors 'none'"
)
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)
_BODY = re.compile(r"<body(\s[^>]*)?>", re.IGNORECASE)


def snapshot_url_prefix() -> str:
    return f"{settings.NEWSROOM_SNAPSHOT_BASE_URL}/{settings.NEWSROOM_SNAPSHOT_PATH}"


def snapshot_url(snapshot: SourceSnapshot) -> str:
    """Return the snapshot's public address (absolute: it is stored as the archived copy)."""
    return f"{snapshot_url_prefix()}{snapshot.key}/"


@require_safe
def snapshot_public(request, key):
    """A snapshot of a source cited by a published piece, as readers get it."""
    snapshot = get_object_or_404(
        SourceSnapshot.objects.select_related("citation"),
        key=key,
        citation__review=Citation.Review.CONFIRMED,
        citation__article__in=Article.objects.published().values("pk"),
    )
    response = snapshot_response(snapshot)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def snapshot_response(snapshot: SourceSnapshot) -> HttpResponse:
    """Return the stored copy with a notice saying what it is, sandboxed (see module doc)."""
    try:
        with snapshot.file.open("rb") as stored:
            body = stored.read()
    except (FileNotFoundError, OSError) as error:
        raise Http404(_("The archived copy is missing from storage.")) from error
    if snapshot.is_pdf:
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="source-{snapshot.key}.pdf"'
    elif snapshot.content_type.startswith("text/plain"):
        text = body.decode(snapshot.encoding or "utf-8", errors="replace")
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    else:
        response = HttpResponse(
            _with_notice(snapshot, body), content_type="text/html; charset=utf-8"
        )
    response["Content-Security-Policy"] = SNAPSHOT_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _with_notice(snapshot: SourceSnapshot, body: bytes) -> str:
    """Return the page as text with a notice at the top of its body and a base address, so
    its relative links lead to the original site. The stored file is never changed."""
    text = body.decode(snapshot.encoding or "utf-8", errors="replace")
    fetched = date_format(timezone.localtime(snapshot.fetched_at), "j F Y, H:i")
    notice = format_html(
        '<div role="note" style="all:initial;display:block;font:16px/1.4 system-ui,sans-serif;'
        'background:#fff8dc;color:#222;border-bottom:2px solid #b08800;padding:.75em 1em">'
        '{} <a href="{}" style="color:#1b4f8a">{}</a>, {} {}.</div>',
        _("This is %(site)s’s archived copy of") % {"site": settings.NEWSROOM_SITE_NAME},
        snapshot.final_url,
        snapshot.final_url,
        _("saved on"),
        fetched,
    )
    base = format_html('<base href="{}">', snapshot.final_url)
    head = _HEAD.search(text)
    at = head.end() if head else 0
    text = text[:at] + base + text[at:]
    body_tag = _BODY.search(text)
    if body_tag:
        return text[: body_tag.end()] + notice + text[body_tag.end() :]
    return notice + text
