"""Email to the people a workflow step concerns: editors when a piece awaits review, the piece's
authors when it comes back to them or goes out."""

import logging
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles import roles
from articles.models import Article, Transition

Status = Article.Status
logger = logging.getLogger(__name__)


def _editor_emails() -> set[str]:
    User = get_user_model()
    editors = User.objects.filter(
        Q(is_superuser=True) | Q(groups__name=roles.EDITORS_GROUP), is_active=True
    ).exclude(email="")
    return set(editors.values_list("email", flat=True))


def _author_emails(article: Article) -> set[str]:
    User = get_user_model()
    users = User.objects.filter(
        Q(author_profile__articles=article) | Q(pk=article.created_by_id), is_active=True
    ).exclude(email="")
    return set(users.values_list("email", flat=True))


def _admin_url(article: Article) -> str:
    return settings.NEWSROOM_ADMIN_BASE_URL + reverse(
        "admin:articles_article_change", args=[article.pk]
    )


def transition_taken(step: Transition) -> int:
    """Send the emails a workflow step calls for; return how many were sent."""
    article = step.article
    actor = step.actor.get_full_name() or step.actor.get_username() if step.actor else "System"
    comment = f"\n\nComment from {actor}:\n{step.comment}" if step.comment else ""
    link = f"\n\n{_admin_url(article)}"
    if step.to_state == Status.IN_REVIEW:
        recipients = _editor_emails()
        subject = f"Ready for review: {article.title}"
        body = f"{actor} submitted “{article.title}” for review.{comment}{link}"
    elif step.to_state == Status.CHANGES_REQUESTED:
        recipients = _author_emails(article)
        subject = f"Changes requested: {article.title}"
        body = f"{actor} asked for changes to “{article.title}”.{comment}{link}"
    elif step.to_state == Status.PUBLISHED:
        recipients = _author_emails(article)
        subject = f"Published: {article.title}"
        body = f"“{article.title}” is now live.{comment}{link}"
    elif step.to_state == Status.SCHEDULED:
        recipients = _author_emails(article)
        when = date_format(timezone.localtime(article.publish_at), "j F Y, H:i T")
        subject = f"Scheduled: {article.title}"
        body = f"“{article.title}” will go live on {when}.{comment}{link}"
    else:
        return 0
    if step.actor is not None and step.actor.email:
        recipients.discard(step.actor.email)
    if not recipients:
        return 0
    messages = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in sorted(recipients)
    ]
    try:
        return send_mass_mail(messages, fail_silently=False)
    except (SMTPException, OSError):
        # The step itself has happened and is recorded; a mail outage must not undo or hide it.
        logger.exception("Could not send workflow emails for %s", step)
        return 0
