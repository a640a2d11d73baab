import threading
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Transition
from tests.factories import ArticleFactory, AuthorFactory, PublishedArticleFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Article.Status
FUTURE = timedelta(days=2)

# The matrix as the newsroom states it, written independently of articles/workflow.py:
# transition -> (states it may start from, target state, roles that may take it).
WRITERS_AND_EDITORS = {"writer_author", "editor_author", "editor_other"}
EDITORS = {"editor_author", "editor_other"}
EXPECTED = {
    "submit": ({Status.DRAFT, Status.CHANGES_REQUESTED}, Status.IN_REVIEW, WRITERS_AND_EDITORS),
    # An editor returns someone else's piece with a comment ("Request changes"), never silently.
    "withdraw": ({Status.IN_REVIEW}, Status.DRAFT, {"writer_author", "editor_author"}),
    "request_changes": ({Status.IN_REVIEW, Status.APPROVED}, Status.CHANGES_REQUESTED, EDITORS),
    "approve": ({Status.IN_REVIEW}, Status.APPROVED, {"editor_other"}),
    "publish": ({Status.APPROVED, Status.SCHEDULED}, Status.PUBLISHED, EDITORS),
    "schedule": ({Status.APPROVED}, Status.SCHEDULED, EDITORS),
    "unschedule": ({Status.SCHEDULED}, Status.APPROVED, EDITORS),
    "unpublish": ({Status.PUBLISHED}, Status.UNPUBLISHED, EDITORS),
    "archive": ({Status.DRAFT, Status.PUBLISHED, Status.UNPUBLISHED}, Status.ARCHIVED, EDITORS),
    "reopen": ({Status.UNPUBLISHED, Status.ARCHIVED}, Status.DRAFT, EDITORS),
}
ACTORS = ["writer_author", "writer_other", "editor_author", "editor_other"]


def _user(role: str, group: str):
    user = UserFactory(username=role)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def cast():
    """Writers and editors, half of them on the article's byline."""
    users = {
        "writer_author": _user("writer_author", "Writers"),
        "writer_other": _user("writer_other", "Writers"),
        "editor_author": _user("editor_author", "Editors"),
        "editor_other": _user("editor_other", "Editors"),
    }
    byline = [
        AuthorFactory(user=users["writer_author"]),
        AuthorFactory(user=users["editor_author"]),
    ]
    return users, byline


def _article_in(status: str, byline) -> Article:
    now = timezone.now()
    publish_at = {Status.SCHEDULED: now + FUTURE, Status.PUBLISHED: now - FUTURE}.get(status)
    if status in (Status.UNPUBLISHED, Status.ARCHIVED):
        publish_at = now - FUTURE
    return ArticleFactory(
        status=status,
        authors=byline,
        publish_at=publish_at,
        first_published_at=publish_at,
    )


def _arguments(name: str) -> dict:
    kwargs = {"comment": "Tighten the second paragraph."}
    if name == "schedule":
        kwargs["publish_at"] = timezone.now() + timedelta(days=1)
    return kwargs


MATRIX = [(actor, name, state) for actor in ACTORS for name in EXPECTED for state in Status.values]


@pytest.mark.parametrize(("actor", "name", "state"), MATRIX)
def test_permission_matrix_through_the_workflow_functions(cast, actor, name, state):
    users, byline = cast
    article = _article_in(state, byline)
    sources, target, allowed_roles = EXPECTED[name]
    allowed = state in sources and actor in allowed_roles

    take = workflow.TRANSITION_FUNCTIONS[name]
    if allowed:
        take(article=article, by=users[actor], **_arguments(name))
    else:
        with pytest.raises(workflow.WorkflowError):
            take(article=article, by=users[actor], **_arguments(name))

    article.refresh_from_db()
    steps = list(Transition.objects.filter(article=article))
    if allowed:
        assert article.status == target
        assert [(s.from_state, s.to_state, s.actor) for s in steps] == [
            (state, target, users[actor])
        ]
    else:
        assert article.status == state
        assert steps == []


@pytest.mark.parametrize(("actor", "name", "state"), MATRIX)
def test_permission_matrix_through_admin_posts(client, cast, actor, name, state):
    users, byline = cast
    article = _article_in(state, byline)
    sources, target, allowed_roles = EXPECTED[name]
    allowed = state in sources and actor in allowed_roles
    client.force_login(users[actor])
    data = _arguments(name)
    if "publish_at" in data:
        data["publish_at"] = timezone.localtime(data["publish_at"]).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        reverse("admin:articles_article_transition", args=[article.pk, name]), data
    )

    article.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert article.status == target
    else:
        # A writer cannot even reach someone else's piece (404); otherwise the step is refused.
        assert response.status_code in (302, 404)
        assert article.status == state
        assert not Transition.objects.filter(article=article).exists()


def test_self_approval_is_possible_where_the_desk_allows_it(cast, settings):
    settings.NEWSROOM_ALLOW_SELF_APPROVAL = True
    users, byline = cast
    article = _article_in(Status.IN_REVIEW, byline)

    workflow.article_approve(article=article, by=users["editor_author"])

    assert article.status == Status.APPROVED


@pytest.mark.parametrize("name", ["request_changes", "unpublish"])
def test_steps_that_need_a_reason_refuse_an_empty_comment(cast, name):
    users, byline = cast
    state = Status.IN_REVIEW if name == "request_changes" else Status.PUBLISHED
    article = _article_in(state, byline)

    with pytest.raises(workflow.WorkflowError, match="needs a comment"):
        workflow.TRANSITION_FUNCTIONS[name](article=article, by=users["editor_other"], comment=" ")

    article.refresh_from_db()
    assert article.status == state


def test_schedule_needs_a_future_time(cast):
    users, byline = cast
    article = _article_in(Status.APPROVED, byline)

    with pytest.raises(workflow.WorkflowError, match="future"):
        workflow.article_schedule(
            article=article, by=users["editor_other"], publish_at=timezone.now() - FUTURE
        )

    article.refresh_from_db()
    assert article.status == Status.APPROVED


def test_scheduled_piece_goes_live_at_its_time_without_any_job(cast, client):
    users, byline = cast
    article = _article_in(Status.APPROVED, byline)
    go_live = timezone.now() + timedelta(hours=3)
    workflow.article_schedule(article=article, by=users["editor_other"], publish_at=go_live)

    with time_machine.travel(go_live - timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert not Article.objects.published().filter(pk=article.pk).exists()
    with time_machine.travel(go_live + timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert article.title in client.get("/").text


def test_a_live_scheduled_piece_can_be_unpublished_but_no_longer_unscheduled(cast):
    users, byline = cast
    article = _article_in(Status.APPROVED, byline)
    go_live = timezone.now() + timedelta(hours=1)
    workflow.article_schedule(article=article, by=users["editor_other"], publish_at=go_live)

    with time_machine.travel(go_live + timedelta(minutes=5)):
        with pytest.raises(workflow.WorkflowError):
            workflow.article_unschedule(article=article, by=users["editor_other"])
        workflow.article_unpublish(article=article, by=users["editor_other"], comment="Legal")

    assert article.status == Status.UNPUBLISHED
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_first_publication_date_survives_unpublishing_and_republishing(cast):
    users, byline = cast
    editor = users["editor_other"]
    article = _article_in(Status.APPROVED, byline)
    workflow.article_publish(article=article, by=editor)
    first = article.first_published_at

    with time_machine.travel(timezone.now() + timedelta(days=3)):
        workflow.article_unpublish(article=article, by=editor, comment="Checking a fact")
        workflow.article_reopen(article=article, by=editor)
        workflow.article_submit(article=article, by=editor)
        workflow.article_approve(article=article, by=editor)
        workflow.article_publish(article=article, by=editor)

    article.refresh_from_db()
    assert article.first_published_at == first
    assert article.publish_at > first


def test_available_transitions_are_exactly_the_allowed_ones(cast):
    users, byline = cast
    article = _article_in(Status.IN_REVIEW, byline)

    def names(role):
        return {rule.name for rule in workflow.available_transitions(article, users[role])}

    assert names("writer_author") == {"withdraw"}
    assert names("writer_other") == set()
    assert names("editor_author") == {"withdraw", "request_changes"}
    assert names("editor_other") == {"request_changes", "approve"}


def test_notifications_go_to_editors_on_submit_and_to_authors_afterwards(
    cast, django_capture_on_commit_callbacks
):
    users, byline = cast
    for user in users.values():
        user.email = f"{user.username}@example.org"
        user.save()
    article = _article_in(Status.DRAFT, byline)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_submit(article=article, by=users["writer_author"])
    assert sorted(mail.outbox[0].to + mail.outbox[1].to) == [
        "editor_author@example.org",
        "editor_other@example.org",
    ]
    assert "Ready for review" in mail.outbox[0].subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_request_changes(
            article=article, by=users["editor_other"], comment="Cite the UN report."
        )
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["editor_author@example.org", "writer_author@example.org"]
    assert "Cite the UN report." in mail.outbox[0].body

    mail.outbox.clear()
    workflow.article_submit(article=article, by=users["writer_author"])
    workflow.article_approve(article=article, by=users["editor_other"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_schedule(
            article=article, by=users["editor_other"], publish_at=timezone.now() + FUTURE
        )
    assert {message.subject for message in mail.outbox} == {f"Scheduled: {article.title}"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL; SQLite serialises whole-database writes instead",
)
def test_concurrent_transitions_serialise_and_only_one_wins():
    editors = Group.objects.get(name="Editors")
    first, second = UserFactory(username="e1"), UserFactory(username="e2")
    first.groups.add(editors)
    second.groups.add(editors)
    article = PublishedArticleFactory(
        status=Status.APPROVED, publish_at=None, first_published_at=None
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def publish(user):
        try:
            barrier.wait()
            workflow.article_publish(article=Article.objects.get(pk=article.pk), by=user)
            outcomes.append("published")
        except workflow.WorkflowError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["published", "refused"]
    assert Transition.objects.filter(article=article).count() == 1
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED


# The citation gate: approval, scheduling and publication wait for every quotation to have a
# confirmed, verified citation, unless an editor overrides with a reason.


def _quoting_piece(status, editor_author=None):
    from articles.entities import article_link_entities

    article = ArticleFactory(
        status=status,
        body="<p>Prices will “double by spring”, said Ana Costa. They kept an “iron grip”.</p>",
    )
    article_link_entities(article=article)
    return article


def test_approval_is_blocked_and_the_refusal_names_each_quote(editor):
    article = _quoting_piece(Status.IN_REVIEW)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.article_approve(article=article, by=editor)
    message = str(refused.value)
    assert "“double by spring” is not yet confirmed" in message
    assert "“iron grip” has no attribution" in message
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert not Transition.objects.filter(article=article).exists()


def test_an_editor_can_override_with_a_reason_that_is_kept(editor):
    article = _quoting_piece(Status.APPROVED)
    workflow.article_publish(
        article=article, by=editor, override_reason="Source confirmed by phone"
    )
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    step = Transition.objects.get(article=article)
    assert "Citation check overridden: Source confirmed by phone" in step.comment
    assert "“iron grip”" in step.comment


def test_a_writer_cannot_override(writer):
    article = _quoting_piece(Status.IN_REVIEW)
    # Approval is an editor's step anyway; the override never lets a writer past the gate.
    with pytest.raises(workflow.WorkflowError):
        workflow.article_approve(article=article, by=writer, override_reason="trust me")


def test_confirmed_and_verified_citations_let_the_piece_through(editor):
    from articles.citations import citation_confirm, citation_dismiss, citation_verify

    article = _quoting_piece(Status.APPROVED)
    quotes = {c.quote: c for c in article.citations.all()}
    citation_dismiss(citation=quotes["iron grip"], by=editor)
    citation_confirm(citation=quotes["double by spring"], by=editor)
    with pytest.raises(workflow.WorkflowError, match="“double by spring” is not verified"):
        workflow.article_schedule(article=article, by=editor, publish_at=timezone.now() + FUTURE)
    citation_verify(citation=quotes["double by spring"], by=editor)
    workflow.article_publish(article=article, by=editor)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert "overridden" not in Transition.objects.get(article=article).comment


def test_the_admin_lists_the_blocking_quotes_and_refuses_without_a_reason(client, editor):
    article = _quoting_piece(Status.APPROVED)
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "blocked by 2 citations" in page.content.decode()
    assert "“iron grip” has no attribution" in page.content.decode()
    url = reverse("admin:articles_article_transition", args=[article.pk, "publish"])
    response = client.post(url, {"comment": ""}, follow=True)
    assert "is blocked by citations" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.APPROVED
    client.post(url, {"comment": "", "override_reason": "Legal cleared it"})
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


@pytest.mark.parametrize("name", ["submit", "approve", "publish", "schedule"])
def test_a_piece_with_no_byline_is_neither_submitted_nor_published(cast, name):
    users, _byline = cast
    start = {"submit": Status.DRAFT, "approve": Status.IN_REVIEW}.get(name, Status.APPROVED)
    article = _article_in(start, [])
    article.authorships.all().delete()
    Article.objects.filter(pk=article.pk).update(created_by=users["writer_author"])
    article.refresh_from_db()
    actor = users["writer_author"] if name == "submit" else users["editor_other"]

    with pytest.raises(workflow.WorkflowError, match="needs a byline: add at least one author"):
        workflow.TRANSITION_FUNCTIONS[name](article=article, by=actor, **_arguments(name))

    article.refresh_from_db()
    assert article.status == start
    assert not article.transitions.exists()


def test_a_scheduled_piece_that_went_live_reads_and_acts_as_published(cast):
    users, byline = cast
    article = _article_in(Status.SCHEDULED, byline)

    with time_machine.travel(timezone.now() + 2 * FUTURE):
        names = {r.name for r in workflow.available_transitions(article, users["editor_other"])}
        assert article.status_now == Status.PUBLISHED
        assert article.get_status_now_display() == "Published"
        assert names == {"unpublish", "archive"}  # never "Publish now" or "Cancel schedule"
        with pytest.raises(workflow.WorkflowError, match="not possible while the piece is"):
            workflow.article_publish(article=article, by=users["editor_other"])


def test_the_latest_change_request_is_found_while_the_piece_is_with_its_writer(cast):
    users, byline = cast
    article = _article_in(Status.IN_REVIEW, byline)
    workflow.article_request_changes(article=article, by=users["editor_other"], comment="First.")
    workflow.article_submit(article=article, by=users["writer_author"])
    workflow.article_request_changes(article=article, by=users["editor_other"], comment="Second.")

    asked = workflow.latest_change_request(article)

    assert (asked.comment, asked.actor) == ("Second.", users["editor_other"])
    workflow.article_submit(article=article, by=users["writer_author"])
    assert workflow.latest_change_request(article) is None


# Authorization and records the matrix above does not reach: pieces returned with changes,
# the override through each gated step, the comments kept, and publish_at after each step back.


def test_a_writer_revises_and_resubmits_a_piece_returned_with_changes(cast):
    users, byline = cast
    article = _article_in(Status.IN_REVIEW, byline)
    workflow.article_request_changes(article=article, by=users["editor_other"], comment="Cut it")
    from articles import roles

    assert roles.can_edit(users["writer_author"], article)
    assert not roles.can_edit(users["writer_other"], article)
    with pytest.raises(workflow.WorkflowError):
        workflow.article_submit(article=article, by=users["writer_other"])
    workflow.article_submit(article=article, by=users["writer_author"], comment="Cut.")
    assert article.status == Status.IN_REVIEW
    assert not roles.can_edit(users["writer_author"], article)


@pytest.mark.parametrize("step", ["approve", "schedule"])
def test_the_citation_override_works_through_approve_and_schedule(editor, step):
    article = _quoting_piece(Status.IN_REVIEW if step == "approve" else Status.APPROVED)
    kwargs = {"publish_at": timezone.now() + FUTURE} if step == "schedule" else {}
    with pytest.raises(workflow.WorkflowError):
        workflow.TRANSITION_FUNCTIONS[step](article=article, by=editor, **kwargs)
    workflow.TRANSITION_FUNCTIONS[step](
        article=article, by=editor, comment="Go.", override_reason="Legal cleared it", **kwargs
    )
    step_taken = Transition.objects.get(article=article)
    assert step_taken.comment.startswith("Go.\n\nCitation check overridden: Legal cleared it")
    assert "(2 open: " in step_taken.comment


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("submit", Status.DRAFT),
        ("withdraw", Status.IN_REVIEW),
        ("approve", Status.IN_REVIEW),
        ("publish", Status.APPROVED),
        ("archive", Status.DRAFT),
        ("unschedule", Status.SCHEDULED),
        ("reopen", Status.ARCHIVED),
        ("unpublish", Status.PUBLISHED),
    ],
)
def test_the_comment_of_each_step_is_kept_stripped(cast, name, state):
    users, byline = cast
    article = _article_in(state, byline)
    # Withdrawing is the piece's authors' own step; the others are the desk's.
    actor = users["editor_author"] if name == "withdraw" else users["editor_other"]
    workflow.TRANSITION_FUNCTIONS[name](article=article, by=actor, comment="  Holding for legal.  ")
    assert Transition.objects.get(article=article).comment == "Holding for legal."


def test_publish_at_after_unscheduling_and_unpublishing(cast):
    users, byline = cast
    editor = users["editor_other"]
    article = _article_in(Status.APPROVED, byline)
    when = timezone.now() + FUTURE
    workflow.article_schedule(article=article, by=editor, publish_at=when)
    assert article.publish_at == when and article.first_published_at == when
    workflow.article_unschedule(article=article, by=editor)
    article.refresh_from_db()
    assert article.status == Status.APPROVED
    assert article.publish_at is None
    workflow.article_publish(article=article, by=editor)
    published_at = article.publish_at
    assert published_at is not None and published_at <= timezone.now()
    workflow.article_unpublish(article=article, by=editor, comment="Legal")
    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED
    # The record of when it went live stays; the piece is off the site by its status.
    assert article.publish_at == published_at
    assert not Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("submit", Status.DRAFT),
        ("withdraw", Status.IN_REVIEW),
        ("approve", Status.IN_REVIEW),
        ("publish", Status.APPROVED),
        ("schedule", Status.APPROVED),
        ("unschedule", Status.SCHEDULED),
        ("archive", Status.DRAFT),
        ("reopen", Status.ARCHIVED),
    ],
)
def test_a_step_taken_without_a_comment_records_none(cast, name, state):
    users, byline = cast
    article = _article_in(state, byline)
    actor = users["editor_author"] if name in ("withdraw", "submit") else users["editor_other"]
    kwargs = {"publish_at": timezone.now() + FUTURE} if name == "schedule" else {}
    workflow.TRANSITION_FUNCTIONS[name](article=article, by=actor, **kwargs)
    assert Transition.objects.get(article=article).comment == ""


LIVE = Status.PUBLISHED


def _live_piece_with_pending_changes(byline, editor, body="<p>After.</p>"):
    from articles.services import article_update

    article = _article_in(Status.PUBLISHED, byline)
    article_update(article=article, changes={"body": body}, base_version=None, by=editor)
    return article


def test_publishing_an_update_says_why_it_is_refused_and_records_the_comment(cast):
    users, byline = cast
    editor = users["editor_other"]
    bare = _article_in(Status.PUBLISHED, byline)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.article_update_publish(article=bare, by=editor)
    assert str(refused.value) == "There are no pending changes to publish."

    article = _live_piece_with_pending_changes(byline, editor)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.article_update_publish(article=article, by=users["writer_author"])
    assert str(refused.value) == "Only editors can publish an update."
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.article_update_publish(article=article, by=editor, note="Reworded.")
    assert str(refused.value) == "Say whether the note is an update or a correction."

    workflow.article_update_publish(article=article, by=editor, comment="  Typo fixed.  ")
    assert article.transitions.first().comment == "Update published.\n\nTypo fixed."
    again = _live_piece_with_pending_changes(byline, editor, body="<p>Again.</p>")
    workflow.article_update_publish(article=again, by=editor)
    assert again.transitions.first().comment == "Update published."


def test_an_update_with_unchecked_quotations_is_refused_by_name(cast):
    users, byline = cast
    editor = users["editor_other"]
    article = _live_piece_with_pending_changes(
        byline, editor, body="<p>Prices will “double by spring”, said Ana Costa.</p>"
    )
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.article_update_publish(article=article, by=editor)
    assert str(refused.value).startswith("“Publish the update” is blocked by citations: ")


def test_due_updates_are_published_and_counted(cast, time_machine):
    users, byline = cast
    editor = users["editor_other"]
    article = _live_piece_with_pending_changes(byline, editor)
    workflow.article_update_publish(
        article=article, by=editor, publish_at=timezone.now() + timedelta(hours=2)
    )
    second = _live_piece_with_pending_changes(byline, editor, body="<p>Second.</p>")
    workflow.article_update_publish(
        article=second, by=editor, publish_at=timezone.now() + timedelta(hours=1)
    )
    assert workflow.article_updates_publish_due() == 0
    time_machine.move_to(timezone.now() + timedelta(hours=3))
    assert workflow.article_updates_publish_due() == 2
    article.refresh_from_db()
    assert article.pending_revision is None and article.body == "<p>After.</p>"
    assert workflow.article_updates_publish_due() == 0


def test_a_scheduled_update_is_recorded_with_its_time_and_kept_on_the_piece(cast):
    users, byline = cast
    editor = users["editor_other"]
    article = _live_piece_with_pending_changes(byline, editor)
    pending = article.pending_revision_id
    when = timezone.now().replace(microsecond=0) + timedelta(days=1)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.article_update_publish(
            article=article, by=editor, publish_at=when, note_kind="update", note="Reworded."
        )
    assert str(refused.value) == "Add the note when the update goes live."

    workflow.article_update_publish(article=article, by=editor, publish_at=when)

    assert (article.pending_revision_id, article.pending_publish_at) == (pending, when)
    step = article.transitions.first()
    local = timezone.localtime(when).strftime("%Y-%m-%d %H:%M %Z")
    assert step.comment == f"Update scheduled for {local}."
    assert (step.actor, step.from_state, step.to_state) == (editor, LIVE, LIVE)


def test_an_update_published_over_open_quotations_keeps_the_reason(cast):
    users, byline = cast
    editor = users["editor_other"]
    article = _live_piece_with_pending_changes(
        byline, editor, body="<p>Prices will “double by spring”, said Ana Costa.</p>"
    )
    workflow.article_update_publish(
        article=article, by=editor, comment="Go.", override_reason="Legal cleared it"
    )
    step = article.transitions.first()
    assert step.comment.startswith(
        "Update published.\n\nGo.\n\nCitation check overridden: Legal cleared it"
    )
    assert (step.actor, step.from_state, step.to_state) == (editor, LIVE, LIVE)


def test_a_due_update_is_recorded_as_the_system_s(cast, time_machine):
    users, byline = cast
    editor = users["editor_other"]
    article = _live_piece_with_pending_changes(byline, editor)
    workflow.article_update_publish(
        article=article, by=editor, publish_at=timezone.now() + timedelta(hours=2)
    )
    time_machine.move_to(timezone.now() + timedelta(hours=3))
    workflow.article_updates_publish_due()
    step = article.transitions.first()
    assert step.comment == "Scheduled update published."
    assert (step.actor, step.from_state, step.to_state) == (None, LIVE, LIVE)


OPEN_QUOTES = "“double by spring” is not yet confirmed; “iron grip” has no attribution"


@pytest.mark.parametrize(
    ("step", "label"),
    [("approve", "Approve"), ("publish", "Publish now"), ("schedule", "Schedule")],
)
def test_each_gated_step_names_the_open_quotations_and_needs_a_reason(editor, step, label):
    article = _quoting_piece(Status.IN_REVIEW if step == "approve" else Status.APPROVED)
    kwargs = {"publish_at": timezone.now() + FUTURE} if step == "schedule" else {}
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.TRANSITION_FUNCTIONS[step](article=article, by=editor, **kwargs)
    assert str(refused.value) == f"“{label}” is blocked by citations: {OPEN_QUOTES}."
    workflow.TRANSITION_FUNCTIONS[step](
        article=article, by=editor, override_reason="Legal cleared it", **kwargs
    )
    assert Transition.objects.get(article=article).comment == (
        f"Citation check overridden: Legal cleared it (2 open: {OPEN_QUOTES})"
    )


def test_a_step_the_state_does_not_allow_is_refused_in_words(cast):
    users, byline = cast
    article = _article_in(Status.DRAFT, byline)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.article_publish(article=article, by=users["editor_other"])
    assert str(refused.value) == "“Publish now” is not possible while the piece is “Draft”."
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.article_archive(article=article, by=users["writer_author"])
    assert str(refused.value) == "Only editors can archive."


def test_a_step_missing_what_it_needs_says_what(cast):
    users, byline = cast
    editor = users["editor_other"]
    reviewed = _article_in(Status.IN_REVIEW, byline)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.article_request_changes(article=reviewed, by=editor, comment="  ")
    assert str(refused.value) == "“Request changes” needs a comment."
    approved = _article_in(Status.APPROVED, byline)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.article_schedule(article=approved, by=editor, publish_at=None)
    assert str(refused.value) == "Choose when the piece should go live."
    approved.authorships.all().delete()
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.article_publish(article=approved, by=editor)
    assert str(refused.value) == (
        "“Publish now” needs a byline: add at least one author to the piece first."
    )


def test_a_piece_cannot_be_scheduled_for_this_very_moment(cast):
    users, byline = cast
    approved = _article_in(Status.APPROVED, byline)
    with (
        time_machine.travel(timezone.now(), tick=False),
        pytest.raises(workflow.WorkflowError) as refused,
    ):
        workflow.article_schedule(
            article=approved, by=users["editor_other"], publish_at=timezone.now()
        )
    assert str(refused.value) == "The scheduled time must be in the future."


def test_a_scheduled_piece_unpublished_after_it_went_live_keeps_its_publication_time(cast):
    users, byline = cast
    article = _article_in(Status.SCHEDULED, byline)
    went_live = article.publish_at
    with time_machine.travel(went_live + FUTURE):
        workflow.article_unpublish(article=article, by=users["editor_other"], comment="Legal")
    article.refresh_from_db()
    assert (article.status, article.publish_at) == (Status.UNPUBLISHED, went_live)
