import pytest
from django.urls import reverse

from articles.models import Correction, Revision, Transition
from articles.revisions import revision_create, snapshot_diff, word_diff
from articles.services import revision_restore
from tests.articles.admin_forms import change_form_data
from tests.factories import ArticleFactory, AuthorFactory, PublishedArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_word_diff_marks_removed_and_added_words_and_escapes_text():
    diff = word_diff("Aid reached <Derna> slowly.", "Aid reached <Derna> quickly & safely.")

    assert diff == "Aid reached &lt;Derna&gt; <del>slowly</del> <ins>quickly &amp; safely</ins>."


def test_snapshot_diff_reports_only_changed_fields_in_reader_terms():
    first, second = AuthorFactory(name="Ada"), AuthorFactory(name="Ben")
    article = ArticleFactory(authors=[first], tags=["Libya"], body="<p>One.</p><p>Two.</p>")
    old = revision_create(article=article, by=None).snapshot
    article.body = "<p>One.</p><p>Two and three.</p>"
    article.save()
    article.authorships.create(author=second, position=1)
    new = revision_create(article=article, by=None).snapshot

    changes = {change.label: str(change.diff) for change in snapshot_diff(old, new)}

    assert set(changes) == {"Body", "Byline"}
    assert changes["Body"] == "One.\n\nTwo <ins>and three</ins>."
    assert changes["Byline"] == "Ada<ins>, Ben</ins>"


def test_restoring_an_old_revision_adds_a_new_one_and_destroys_nothing():
    editor = UserFactory(username="ed", is_superuser=True)
    keep, drop = AuthorFactory(name="Keep"), AuthorFactory(name="Drop")
    article = ArticleFactory(title="Original", authors=[keep], tags=["Libya"])
    original = article.revisions.get()
    article.title = "Rewritten"
    article.save()
    article.authorships.create(author=drop, position=1)
    article.tags.set(["Russia"])
    revision_create(article=article, by=editor)

    restored = revision_restore(revision=original, by=editor)

    article.refresh_from_db()
    assert article.title == "Original"
    assert [a.author.name for a in article.authorships.order_by("position")] == ["Keep"]
    assert list(article.tags.names()) == ["Libya"]
    assert restored.version == article.version
    assert list(article.revisions.values_list("version", flat=True)) == [
        restored.version,
        restored.version - 1,
        original.version,
    ]


def test_revisions_page_shows_the_history_and_a_readable_diff(client):
    editor = UserFactory(username="ed", is_superuser=True)
    article = ArticleFactory(body="<p>The army kept control of aid.</p>")
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(client, article, body="<p>The army kept an iron grip on aid.</p>"),
    )

    html = client.get(reverse("admin:articles_article_revisions", args=[article.pk])).text

    assert "<del>control of</del> <ins>an iron grip on</ins>" in html
    assert "Restore as new version" in html


def test_restore_through_the_admin(client):
    editor = UserFactory(username="ed", is_superuser=True)
    article = ArticleFactory(title="First headline")
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(client, article, title="Second headline"),
    )
    first = article.revisions.order_by("version").first()

    response = client.post(
        reverse("admin:articles_article_revision_restore", args=[article.pk, first.version])
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "First headline"
    assert article.revisions.count() == 3


@pytest.mark.parametrize(
    ("model", "make"),
    [
        ("revision", lambda article, user: revision_create(article=article, by=user)),
        (
            "transition",
            lambda article, user: Transition.objects.create(
                article=article, actor=user, from_state="draft", to_state="in_review"
            ),
        ),
        (
            "correction",
            lambda article, user: Correction.objects.create(
                article=article, created_by=user, kind="correction", text="Fixed a date."
            ),
        ),
    ],
)
def test_history_cannot_be_edited_or_deleted_through_the_admin(client, model, make):
    superuser = UserFactory(username="root", is_superuser=True)
    record = make(PublishedArticleFactory(), superuser)
    client.force_login(superuser)
    change_url = reverse(f"admin:articles_{model}_change", args=[record.pk])
    delete_url = reverse(f"admin:articles_{model}_delete", args=[record.pk])
    changelist = reverse(f"admin:articles_{model}_changelist")

    page = client.get(change_url)
    assert page.status_code == 200  # readable...
    assert 'name="_save"' not in page.text  # ...but offers no save
    assert client.post(change_url, {"comment": "rewritten"}).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert client.get(reverse(f"admin:articles_{model}_add")).status_code == 403
    bulk = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    assert type(record).objects.filter(pk=record.pk).exists()


def test_history_records_refuse_changes_even_in_code():
    revision = revision_create(article=ArticleFactory(), by=None)

    with pytest.raises(PermissionError):
        revision.save()
    with pytest.raises(PermissionError):
        revision.delete()
    assert Revision.objects.filter(pk=revision.pk).exists()


def test_articles_cannot_be_deleted_through_the_admin(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    article = ArticleFactory()

    response = client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert article.__class__.objects.filter(pk=article.pk).exists()
