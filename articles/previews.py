"""Share links that let an outside reviewer read an unpublished piece.

A link's URL carries a signed reference to a PreviewLink row, so links cannot be guessed or
altered; the row says until when the link works and whether it was revoked.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.db import transaction
from django.utils import timezone

from articles import roles
from articles.models import Article, PreviewLink

_SALT = "articles.preview-link"


class PreviewLinkError(Exception):
    """A preview link that may not be created or revoked; the message says why."""


def preview_token(link: PreviewLink) -> str:
    return signing.dumps(link.pk, salt=_SALT, compress=False)


def preview_link_from_token(token: str) -> PreviewLink | None:
    """Return the active link a token stands for, or None for a tampered, unknown, expired or
    revoked one (the reviewer is told nothing about which)."""
    try:
        link_id = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    link = PreviewLink.objects.select_related("article").filter(pk=link_id).first()
    if link is None or not link.is_active:
        return None
    return link


@transaction.atomic
def preview_link_create(*, article: Article, by: User | None, days: int) -> PreviewLink:
    if not roles.is_editor(by):
        raise PreviewLinkError("Only editors can share previews outside the newsroom.")
    if not 1 <= days <= settings.NEWSROOM_PREVIEW_LINK_MAX_DAYS:
        raise PreviewLinkError(
            f"A preview link lasts between 1 and {settings.NEWSROOM_PREVIEW_LINK_MAX_DAYS} days."
        )
    now = timezone.now()
    return PreviewLink.objects.create(
        article=article, created_by=by, created_at=now, expires_at=now + timedelta(days=days)
    )


@transaction.atomic
def preview_link_revoke(*, link: PreviewLink, by: User) -> PreviewLink:
    if not roles.is_editor(by):
        raise PreviewLinkError("Only editors can revoke preview links.")
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link
