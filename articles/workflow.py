"""The editorial workflow: every change of an article's state goes through one of these functions.

Each transition checks the article's current state and the actor's right to take it, locks the
article's row so that concurrent transitions serialise, changes the state, and writes an immutable
audit entry, all in one transaction. A refused transition raises ``WorkflowError`` and changes
nothing. The admin, management commands and tests all call these functions.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import caching, notifications, roles
from articles.citations import blocking_citations, describe_blocking
from articles.ledger import ledger_piece_refresh
from articles.models import Article, Correction, Transition
from articles.services import ArticleUpdateError, article_pending_apply, correction_add

Status = Article.Status


class WorkflowError(Exception):
    """A transition that may not happen; the message says why, in words for the user."""


@dataclass(frozen=True)
class TransitionRule:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    allowed: Callable  # (user, article) -> bool
    comment_required: bool = False
    needs_time: bool = False
    refusal: str = ""
    # Refused while a quotation lacks a confirmed, verified citation, unless overridden.
    citation_gate: bool = False
    # Refused while the piece has nobody on its byline: readers must know who wrote it.
    byline_gate: bool = False
    # A further condition on the article's state, beyond its status being one of ``sources``.
    state_check: Callable[[Article], bool] | None = None


def _is_editor(user, article) -> bool:
    return roles.is_editor(user)


def _is_author_or_editor(user, article) -> bool:
    return roles.is_editor(user) or (roles.is_writer(user) and roles.is_author_of(user, article))


def _is_author(user, article) -> bool:
    return (roles.is_editor(user) or roles.is_writer(user)) and roles.is_author_of(user, article)


RULES = {
    rule.name: rule
    for rule in [
        TransitionRule(
            "submit",
            gettext_lazy("Submit for review"),
            (Status.DRAFT, Status.CHANGES_REQUESTED),
            Status.IN_REVIEW,
            _is_author_or_editor,
            byline_gate=True,
            refusal=gettext_lazy("Only the piece's authors or an editor can submit it."),
        ),
        TransitionRule(
            "withdraw",
            gettext_lazy("Withdraw from review"),
            (Status.IN_REVIEW,),
            Status.DRAFT,
            # An editor returns someone else's piece with "Request changes", saying why.
            _is_author,
            refusal=gettext_lazy("Only the piece's authors can withdraw it."),
        ),
        TransitionRule(
            "request_changes",
            gettext_lazy("Request changes"),
            (Status.IN_REVIEW, Status.APPROVED),
            Status.CHANGES_REQUESTED,
            _is_editor,
            comment_required=True,
            refusal=gettext_lazy("Only editors can request changes."),
        ),
        TransitionRule(
            "approve",
            gettext_lazy("Approve"),
            (Status.IN_REVIEW,),
            Status.APPROVED,
            roles.can_approve,
            citation_gate=True,
            byline_gate=True,
            refusal=gettext_lazy("Only an editor who did not write the piece can approve it."),
        ),
        TransitionRule(
            "publish",
            gettext_lazy("Publish now"),
            (Status.APPROVED, Status.SCHEDULED),
            Status.PUBLISHED,
            _is_editor,
            citation_gate=True,
            byline_gate=True,
            refusal=gettext_lazy("Only editors can publish."),
        ),
        TransitionRule(
            "schedule",
            gettext_lazy("Schedule"),
            (Status.APPROVED,),
            Status.SCHEDULED,
            _is_editor,
            needs_time=True,
            citation_gate=True,
            byline_gate=True,
            refusal=gettext_lazy("Only editors can schedule publication."),
        ),
        TransitionRule(
            "unschedule",
            gettext_lazy("Cancel schedule"),
            (Status.SCHEDULED,),
            Status.APPROVED,
            _is_editor,
            refusal=gettext_lazy("Only editors can cancel a schedule."),
        ),
        TransitionRule(
            "unpublish",
            gettext_lazy("Unpublish"),
            (Status.PUBLISHED,),
            Status.UNPUBLISHED,
            _is_editor,
            comment_required=True,
            refusal=gettext_lazy("Only editors can unpublish."),
        ),
        TransitionRule(
            "archive",
            gettext_lazy("Archive"),
            (Status.DRAFT, Status.PUBLISHED, Status.UNPUBLISHED),
            Status.ARCHIVED,
            _is_editor,
            refusal=gettext_lazy("Only editors can archive."),
        ),
        TransitionRule(
            "reopen",
            gettext_lazy("Return to draft"),
            (Status.UNPUBLISHED, Status.ARCHIVED),
            Status.DRAFT,
            _is_editor,
            refusal=gettext_lazy("Only editors can return a piece to draft."),
        ),
    ]
}


def _state_allows(rule: TransitionRule, article: Article) -> bool:
    # A scheduled piece whose time has come counts as published: it can be unpublished or
    # archived, no longer published "now" or unscheduled.
    if article.status_now not in rule.sources:
        return False
    return rule.state_check is None or rule.state_check(article)


def latest_change_request(article: Article) -> Transition | None:
    """Return the editor's request that sent the piece back to its writers, while it is still
    with them (None otherwise): what to change, who asked and when."""
    if article.status != Status.CHANGES_REQUESTED:
        return None
    return (
        article.transitions.filter(to_state=Status.CHANGES_REQUESTED)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )


def available_transitions(article: Article, user) -> list[TransitionRule]:
    """Return the transitions ``user`` may take on ``article`` now, in workflow order."""
    return [
        rule
        for rule in RULES.values()
        if _state_allows(rule, article) and rule.allowed(user, article)
    ]


def _take(
    name: str,
    *,
    article: Article,
    by: User | None,
    comment: str = "",
    publish_at: datetime | None = None,
    override_reason: str = "",
) -> Article:
    rule = RULES[name]
    comment = (comment or "").strip()
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        # The lock makes a concurrent transition wait and then see this one's result.
        locked = (
            Article.objects.select_for_update()
            .prefetch_related("authorships__author")
            .get(pk=article.pk)
        )
        if not _state_allows(rule, locked):
            raise WorkflowError(
                _("“%(action)s” is not possible while the piece is “%(state)s”.")
                % {"action": rule.label, "state": locked.get_status_now_display()}
            )
        if not rule.allowed(by, locked):
            raise WorkflowError(rule.refusal)
        if rule.comment_required and not comment:
            raise WorkflowError(_("“%(action)s” needs a comment.") % {"action": rule.label})
        if rule.byline_gate and not locked.authorships.all():
            raise WorkflowError(
                _("“%(action)s” needs a byline: add at least one author to the piece first.")
                % {"action": rule.label}
            )
        if rule.citation_gate:
            comment = _citation_gate(rule.label, locked, by, comment, override_reason)

        now = timezone.now()
        from_state = locked.status
        locked.status = rule.target
        changed = ["status", "updated_at"]
        if rule.target == Status.SCHEDULED:
            if publish_at is None:
                raise WorkflowError(_("Choose when the piece should go live."))
            if publish_at <= now:
                raise WorkflowError(_("The scheduled time must be in the future."))
            locked.publish_at = publish_at
            changed.append("publish_at")
        elif rule.target == Status.PUBLISHED:
            locked.publish_at = now
            changed.append("publish_at")
        elif rule.target == Status.APPROVED and from_state == Status.SCHEDULED:
            locked.publish_at = None
            changed.append("publish_at")
        if rule.target in Article.LIVE_STATUSES and locked.first_published_at is None:
            locked.first_published_at = locked.publish_at
            changed.append("first_published_at")
        locked.save(update_fields=changed)
        step = Transition.objects.create(
            article=locked,
            actor=by,
            from_state=from_state,
            to_state=rule.target,
            comment=comment,
            at=now,
        )
        transaction.on_commit(lambda: notifications.transition_taken(step))
        if from_state in Article.LIVE_STATUSES or rule.target in Article.LIVE_STATUSES:
            caching.article_pages_invalidate(article=locked)
            ledger_piece_refresh(article=locked)
        if rule.target == Status.SCHEDULED:
            caching.article_schedule_note(publish_at=locked.publish_at)
    _copy_state(locked, article)
    return article


def _citation_gate(
    label: str, article: Article, by: User | None, comment: str, override_reason: str
) -> str:
    """Refuse ``rule`` while citations block it, naming the quotations; an editor may override
    with a reason, which is kept in the workflow history. Return the comment to record."""
    blocking = blocking_citations(article)
    if not blocking:
        return comment
    # Every gated step (approve, publish, schedule) is an editor's, so whoever reaches this
    # point may override.
    if override_reason:
        note = _("Citation check overridden: %(reason)s (%(count)d open: %(which)s)") % {
            "reason": override_reason,
            "count": len(blocking),
            "which": "; ".join(describe_blocking(citation) for citation in blocking),
        }
        return f"{comment}\n\n{note}".strip()
    raise WorkflowError(
        _("“%(action)s” is blocked by citations: %(which)s.")
        % {"action": label, "which": "; ".join(describe_blocking(c) for c in blocking)}
    )


def _copy_state(source: Article, target: Article) -> None:
    for field_name in ("status", "publish_at", "first_published_at", "updated_at"):
        setattr(target, field_name, getattr(source, field_name))


def article_submit(*, article: Article, by: User | None, comment: str = "") -> Article:
    """Send a draft (or a piece returned with changes requested) to the editors for review."""
    return _take("submit", article=article, by=by, comment=comment)


def article_withdraw(*, article: Article, by: User | None, comment: str = "") -> Article:
    """Take a piece back from review to keep working on it."""
    return _take("withdraw", article=article, by=by, comment=comment)


def article_request_changes(*, article: Article, by: User | None, comment: str) -> Article:
    """Return a piece to its writers with the editor's comment saying what to change."""
    return _take("request_changes", article=article, by=by, comment=comment)


def article_approve(
    *, article: Article, by: User | None, comment: str = "", override_reason: str = ""
) -> Article:
    """Approve a piece under review for publication. Refused while a quotation has no
    confirmed, verified citation unless an editor gives ``override_reason``."""
    return _take(
        "approve", article=article, by=by, comment=comment, override_reason=override_reason
    )


def article_publish(
    *, article: Article, by: User | None, comment: str = "", override_reason: str = ""
) -> Article:
    """Make an approved (or scheduled) piece public now; the citation check applies as for
    approval."""
    return _take(
        "publish", article=article, by=by, comment=comment, override_reason=override_reason
    )


def article_schedule(
    *,
    article: Article,
    by: User | None,
    publish_at: datetime,
    comment: str = "",
    override_reason: str = "",
) -> Article:
    """Make an approved piece public from ``publish_at`` on, with no job needed at that time;
    the citation check applies as for approval."""
    return _take(
        "schedule",
        article=article,
        by=by,
        comment=comment,
        publish_at=publish_at,
        override_reason=override_reason,
    )


def article_unschedule(*, article: Article, by: User | None, comment: str = "") -> Article:
    """Cancel a schedule that has not yet come due; the piece stays approved."""
    return _take("unschedule", article=article, by=by, comment=comment)


def article_unpublish(*, article: Article, by: User | None, comment: str) -> Article:
    """Take a live piece down; the reason is required and kept in the history."""
    return _take("unpublish", article=article, by=by, comment=comment)


def article_archive(*, article: Article, by: User | None, comment: str = "") -> Article:
    """Retire a piece from the site and the desk's lists."""
    return _take("archive", article=article, by=by, comment=comment)


def article_reopen(*, article: Article, by: User | None, comment: str = "") -> Article:
    """Return an unpublished or archived piece to draft so it can be revised."""
    return _take("reopen", article=article, by=by, comment=comment)


PUBLISH_UPDATE_LABEL = gettext_lazy("Publish the update")


def article_update_publish(
    *,
    article: Article,
    by: User,
    publish_at: datetime | None = None,
    note_kind: str = "",
    note: str = "",
    comment: str = "",
    override_reason: str = "",
) -> Article:
    """Make a live piece's pending changes what readers get, now or at ``publish_at`` (no job
    needed: see ``article_updates_publish_due``). Only editors do it, and the citation check
    applies as for publishing. ``note`` (of ``note_kind``: an update or a correction) is shown
    with the piece from the moment the changes are live. Recorded in the timeline."""
    comment, note = (comment or "").strip(), (note or "").strip()
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if not roles.is_editor(by):
            raise WorkflowError(_("Only editors can publish an update."))
        if locked.pending_revision_id is None:
            raise WorkflowError(_("There are no pending changes to publish."))
        if note and note_kind not in Correction.Kind.values:
            raise WorkflowError(_("Say whether the note is an update or a correction."))
        comment = _citation_gate(PUBLISH_UPDATE_LABEL, locked, by, comment, override_reason)
        now = timezone.now()
        if publish_at is not None and publish_at > now:
            if note:
                raise WorkflowError(_("Add the note when the update goes live."))
            locked.pending_publish_at = publish_at
            locked.save(update_fields=["pending_publish_at"])
            caching.article_schedule_note(publish_at=publish_at)
            when = timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M %Z")
            record = _("Update scheduled for %(when)s.") % {"when": when}
        else:
            try:
                article_pending_apply(article=locked, by=by)
            except ArticleUpdateError as error:
                raise WorkflowError(str(error)) from error
            except ValidationError as error:
                # E.g. the address was taken by another piece since the changes were saved.
                raise WorkflowError(" ".join(error.messages)) from error
            if note:
                correction_add(article=locked, by=by, kind=note_kind, text=note)
            record = _("Update published.")
        Transition.objects.create(
            article=locked,
            actor=by,
            from_state=locked.status,
            to_state=locked.status,
            comment=f"{record}\n\n{comment}".strip(),
            at=now,
        )
    _copy_state(locked, article)
    article.pending_revision_id = locked.pending_revision_id
    article.pending_publish_at = locked.pending_publish_at
    return article


def article_updates_publish_due() -> int:
    """Publish every scheduled update whose time has come; return how many. Called when a
    public page computes its freshness stamp, so no job has to run at that time."""
    due = Article.objects.filter(
        pending_publish_at__lte=timezone.now(), pending_revision__isnull=False
    ).order_by("pending_publish_at", "pk")
    published = 0
    for article in due:
        with transaction.atomic():
            locked = Article.objects.select_for_update().get(pk=article.pk)
            if locked.pending_publish_at is None or locked.pending_publish_at > timezone.now():
                continue  # another process got there first
            article_pending_apply(article=locked, by=None)
            Transition.objects.create(
                article=locked,
                actor=None,
                from_state=locked.status,
                to_state=locked.status,
                comment=_("Scheduled update published."),
            )
        published += 1
    return published


TRANSITION_FUNCTIONS = {
    "submit": article_submit,
    "withdraw": article_withdraw,
    "request_changes": article_request_changes,
    "approve": article_approve,
    "publish": article_publish,
    "schedule": article_schedule,
    "unschedule": article_unschedule,
    "unpublish": article_unpublish,
    "archive": article_archive,
    "reopen": article_reopen,
}
