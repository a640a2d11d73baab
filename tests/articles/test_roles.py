"""Who counts as an editor, a writer or an author, for users of every kind: with no role,
inactive, anonymous, superusers, and writers on and off a piece's byline."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone

from articles import roles, workflow
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Article.Status


def in_group(username: str, group: str, **kwargs):
    user = UserFactory(username=username, **kwargs)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def people():
    return {
        "nobody": UserFactory(username="nobody"),
        "anonymous": AnonymousUser(),
        "inactive_editor": in_group("gone-editor", "Editors", is_active=False),
        "inactive_writer": in_group("gone-writer", "Writers", is_active=False),
        "writer": in_group("writer", "Writers"),
        "editor": in_group("editor", "Editors"),
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }


def test_only_active_members_of_a_role_hold_it(people):
    holds = {name: (roles.is_editor(user), roles.is_writer(user)) for name, user in people.items()}
    assert holds == {
        "nobody": (False, False),
        "anonymous": (False, False),
        "inactive_editor": (False, False),
        "inactive_writer": (False, False),
        "writer": (False, True),
        "editor": (True, False),
        "superuser": (True, False),
    }
    assert not roles.is_editor(None) and not roles.is_writer(None)


def test_authorship_comes_from_creating_the_piece_or_being_on_its_byline(people):
    writer = people["writer"]
    created = ArticleFactory(created_by=writer, authors=[AuthorFactory()])
    bylined = ArticleFactory(authors=[AuthorFactory(user=writer)])
    other = ArticleFactory(authors=[AuthorFactory(user=people["editor"])])
    assert roles.is_author_of(writer, created)
    assert roles.is_author_of(writer, bylined)
    assert not roles.is_author_of(writer, other)
    assert not roles.is_author_of(people["anonymous"], created)
    assert not roles.is_author_of(writer, Article(title="unsaved"))


@pytest.mark.parametrize(
    ("status", "editable"),
    [
        (Status.DRAFT, True),
        (Status.CHANGES_REQUESTED, True),
        (Status.IN_REVIEW, False),
        (Status.APPROVED, False),
        (Status.UNPUBLISHED, False),
    ],
)
def test_a_writer_edits_their_own_piece_only_while_it_is_with_them(people, status, editable):
    writer = people["writer"]
    when = timezone.now() if status == Status.UNPUBLISHED else None
    own = ArticleFactory(
        status=status,
        authors=[AuthorFactory(user=writer)],
        publish_at=when,
        first_published_at=when,
    )
    assert roles.can_edit(writer, own) is editable
    assert roles.can_edit(people["editor"], own) is True
    others = ArticleFactory(status=Status.DRAFT)
    assert roles.can_edit(writer, others) is False


@pytest.mark.parametrize("who", ["nobody", "anonymous", "inactive_editor", "inactive_writer"])
def test_users_without_an_active_role_can_do_nothing(people, who):
    user = people[who]
    # Even on a piece whose byline names them.
    author = AuthorFactory(user=user if user.is_authenticated else None)
    article = ArticleFactory(status=Status.DRAFT, authors=[author])
    assert not roles.can_edit(user, article)
    assert not roles.can_approve(user, article)
    assert workflow.available_transitions(article, user) == []
    with pytest.raises(workflow.WorkflowError):
        workflow.article_submit(article=article, by=user)
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_approval_by_an_author_depends_on_the_desk_setting(people, settings):
    editor = people["editor"]
    own = ArticleFactory(status=Status.IN_REVIEW, authors=[AuthorFactory(user=editor)])
    settings.NEWSROOM_ALLOW_SELF_APPROVAL = False
    assert not roles.can_approve(editor, own)
    assert roles.can_approve(people["superuser"], own)
    settings.NEWSROOM_ALLOW_SELF_APPROVAL = True
    assert roles.can_approve(editor, own)
    assert not roles.can_approve(people["writer"], own)
