"""What each role sees first on the admin's home page."""

from django.db.models import Prefetch
from django.utils import timezone

from articles import roles
from articles.models import Article, Transition

Status = Article.Status
DASHBOARD_LIST_LENGTH = 10


def dashboard_for(user) -> list[tuple[str, str, list[Article]]]:
    """Return (heading, empty message, articles) panels for ``user``'s role: editors see what
    awaits review, what goes live next and what went live recently; writers see their drafts and
    the pieces returned to them."""
    articles = Article.objects.with_byline()
    now = timezone.now()
    if roles.is_editor(user):
        return [
            (
                "Awaiting review",
                "Nothing is waiting for review.",
                articles.filter(status=Status.IN_REVIEW).order_by("updated_at"),
            ),
            (
                "Goes live next",
                "Nothing is scheduled.",
                articles.filter(status=Status.SCHEDULED, publish_at__gt=now).order_by("publish_at"),
            ),
            (
                "Recently published",
                "Nothing has been published yet.",
                articles.published().order_by("-publish_at"),
            ),
        ]
    if roles.is_writer(user):
        mine = articles.by(user)
        return [
            (
                "Returned to me",
                "Nothing has been returned to you.",
                mine.filter(status=Status.CHANGES_REQUESTED)
                .prefetch_related(
                    # What to change, who asked and when, shown with the piece: one query.
                    Prefetch(
                        "transitions",
                        queryset=Transition.objects.filter(to_state=Status.CHANGES_REQUESTED)
                        .select_related("actor")
                        .order_by("-at", "-id"),
                        to_attr="change_requests",
                    )
                )
                .order_by("-updated_at"),
            ),
            (
                "My drafts",
                "You have no drafts.",
                mine.filter(status=Status.DRAFT).order_by("-updated_at"),
            ),
            (
                "In review",
                "None of your pieces is in review.",
                mine.filter(status__in=[Status.IN_REVIEW, Status.APPROVED]).order_by("-updated_at"),
            ),
        ]
    return []


def dashboard_panels(user) -> list[dict]:
    return [
        {"heading": heading, "empty": empty, "articles": list(query[:DASHBOARD_LIST_LENGTH])}
        for heading, empty, query in dashboard_for(user)
    ]
