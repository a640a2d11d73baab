"""The scenarios of issue 10, each a rule that must hold on every edit of a piece, whichever way
it arrives (admin, restore, import, command): they all go through ``article_update``."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.citations import citation_confirm, citation_save, citation_verify
from articles.entities import article_link_entities
from articles.models import Article, ArticleSlugRedirect, Citation, Transition
from articles.revisions import revision_create
from articles.services import (
    ArticleUpdateError,
    StaleVersion,
    article_pending_discard,
    article_update,
    revision_restore,
)
from articles.workflow import (
    WorkflowError,
    article_approve,
    article_publish,
    article_request_changes,
    article_submit,
    article_update_publish,
)
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EntityFactory,
    PublishedArticleFactory,
    user_in_role,
)

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def second_editor(db):
    return user_in_role("Editors", "second-editor")


def _edit(article, by, **changes):
    return article_update(article=article, changes=changes, base_version=None, by=by)


def _approved_by(approver, author, **kwargs):
    article = ArticleFactory(created_by=author, **kwargs)
    article_submit(article=article, by=author)
    article_approve(article=article, by=approver)
    return article


def test_an_edit_after_approval_sends_the_piece_back_to_review(editor, second_editor):
    """Approval used to survive edits: E writes, F approves, E rewrites the body and
    publishes, and the two-person review is bypassed."""
    article = _approved_by(second_editor, editor)

    result = article_update(
        article=article,
        changes={"body": "<p>A different argument altogether.</p>"},
        base_version=article.version,
        by=editor,
    )

    article.refresh_from_db()
    assert result.returned_to_review
    assert article.status == Status.IN_REVIEW
    step = article.transitions.first()
    assert (step.actor, step.from_state, step.to_state) == (editor, "approved", "in_review")
    assert "editor edited the text after approval (Body)" in step.comment
    with pytest.raises(WorkflowError):
        article_publish(article=article, by=editor)


def test_a_scheduled_piece_edited_before_it_goes_live_goes_back_to_review(editor, second_editor):
    from articles.workflow import article_schedule

    article = _approved_by(second_editor, editor)
    article_schedule(
        article=article, by=second_editor, publish_at=timezone.now() + timezone.timedelta(days=1)
    )

    article_update(article=article, changes={"title": "New headline"}, base_version=None, by=editor)

    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert article.publish_at is None
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_changing_only_tags_of_an_approved_piece_keeps_the_approval(editor, second_editor):
    article = _approved_by(second_editor, editor)

    article_update(article=article, changes={}, tags=["Libya"], base_version=None, by=editor)

    article.refresh_from_db()
    assert article.status == Status.APPROVED
    assert list(article.tags.names()) == ["Libya"]


def test_editing_a_verified_quote_resets_its_verification_and_blocks_approval(editor, writer):
    """Verification used to survive edits: after "request changes" the writer rewrote the quote
    and pointed its URL elsewhere, and it stayed verified, approved and published."""
    speaker = EntityFactory(name="Khalifa Haftar", kind="person")
    article = ArticleFactory(
        created_by=writer,
        authors=[AuthorFactory(user=writer)],
        body="<p>“We will take Tripoli,” Khalifa Haftar said.</p>",
    )
    article_link_entities(article=article)
    citation = article.citations.get()
    assert citation.speaker == speaker
    citation_confirm(citation=citation, by=writer)
    citation.url = "https://example.org/interview"
    citation_save(citation=citation, by=writer)
    citation_verify(citation=citation, by=editor)
    article_submit(article=article, by=writer)
    article_request_changes(article=article, by=editor, comment="Tighten the ending.")

    citation = Citation.objects.get(pk=citation.pk)
    citation.quote = "We will never take Tripoli"
    citation.url = "https://example.org/elsewhere"
    citation_save(citation=citation, by=writer)

    citation.refresh_from_db()
    assert citation.verification == Citation.Verification.UNVERIFIED
    assert citation.verified_by is None
    record = article.transitions.first()
    assert record.actor == writer
    assert "quoted words" in record.comment and "URL" in record.comment
    assert "must be verified again" in record.comment
    article_submit(article=article, by=writer)
    with pytest.raises(WorkflowError, match="is not verified"):
        article_approve(article=article, by=editor)


def test_an_editor_setting_verification_in_the_same_edit_is_not_reset(editor):
    article = ArticleFactory(body="<p>“Enough,” the minister said.</p>")
    citation = Citation.objects.create(
        article=article, kind="document", source_title="Report", url="https://a.example/"
    )
    citation.verification = Citation.Verification.VERIFIED
    citation_save(citation=citation, by=editor, verification_changed=True)
    citation.url = "https://b.example/"
    citation.verification = Citation.Verification.VERIFIED
    citation_save(citation=citation, by=editor, verification_changed=True)

    citation.refresh_from_db()
    assert citation.verification == Citation.Verification.VERIFIED


def test_editing_a_live_piece_keeps_readers_on_the_live_version_until_published(client, editor):
    """A published piece used to be edited live, with no review."""
    article = PublishedArticleFactory(title="Live headline", body="<p>Live words.</p>")

    result = article_update(
        article=article,
        changes={"title": "Updated headline", "body": "<p>Updated words.</p>"},
        base_version=article.version,
        by=editor,
    )

    assert result.pending
    live = Article.objects.published().get(pk=article.pk)
    assert (live.title, live.body) == ("Live headline", "<p>Live words.</p>")
    page = client.get(article.get_absolute_url()).text
    assert "Live words." in page and "Updated words." not in page
    assert "Updated headline" not in client.get("/feeds/rss/").text

    article_update_publish(article=article, by=editor, note_kind="update", note="Reworded.")

    article.refresh_from_db()
    assert (article.title, article.pending_revision) == ("Updated headline", None)
    page = client.get(article.get_absolute_url()).text
    assert "Updated words." in page and "Reworded." in page
    assert "Update published." in article.transitions.first().comment


def test_a_scheduled_update_goes_live_at_its_time_without_a_job(client, editor, time_machine):
    article = PublishedArticleFactory(body="<p>Before.</p>")
    article_update(article=article, changes={"body": "<p>After.</p>"}, base_version=None, by=editor)
    when = timezone.now() + timezone.timedelta(hours=2)

    article_update_publish(article=article, by=editor, publish_at=when)

    assert "Before." in client.get(article.get_absolute_url()).text
    time_machine.move_to(when + timezone.timedelta(minutes=1))
    assert "After." in client.get(article.get_absolute_url()).text
    article.refresh_from_db()
    assert article.pending_revision is None and article.pending_publish_at is None


def test_publishing_an_update_goes_through_the_citation_gate(editor):
    article = PublishedArticleFactory(body="<p>Plain.</p>")
    article_update(
        article=article,
        changes={"body": "<p>“We will win,” Ahmed Mismari said.</p>"},
        base_version=None,
        by=editor,
    )

    with pytest.raises(WorkflowError, match="blocked by citations"):
        article_update_publish(article=article, by=editor)
    article.refresh_from_db()
    assert article.body == "<p>Plain.</p>"


def test_discarding_pending_changes_restores_the_live_version_for_editing(editor):
    article = PublishedArticleFactory(dek="Live")
    article_update(article=article, changes={"dek": "Pending"}, base_version=None, by=editor)

    article_pending_discard(article=article, by=editor)

    article.refresh_from_db()
    assert article.pending_revision is None
    assert article.revisions.first().snapshot["dek"] == "Live"
    with pytest.raises(ArticleUpdateError):
        article_pending_discard(article=article, by=editor)


def test_restoring_a_revision_relinks_entities_and_citations(editor):
    """Restoring used to serve the restored body without entity links, with mentions and
    citations still describing the replaced text."""
    haftar = EntityFactory(name="Khalifa Haftar", kind="person")
    article = ArticleFactory(body="<p>Khalifa Haftar flew to Moscow.</p>")
    article_link_entities(article=article)
    original = revision_create(article=article, by=None)
    article_update(
        article=article,
        changes={"body": "<p>“Nothing,” a diplomat said.</p>"},
        base_version=None,
        by=editor,
    )
    assert not article.mentions.exists()
    assert article.citations.exists()

    revision_restore(revision=original, by=editor)

    article.refresh_from_db()
    assert f'href="{haftar.get_absolute_url()}"' in article.body_html
    assert [m.entity for m in article.mentions.all()] == [haftar]
    assert not article.citations.exists()


def test_a_stale_edit_is_refused_and_changes_nothing(editor):
    article = ArticleFactory(title="First")
    base = article.version
    article_update(article=article, changes={"title": "Second"}, base_version=base, by=editor)

    with pytest.raises(StaleVersion) as refused:
        article_update(article=article, changes={"title": "Third"}, base_version=base, by=editor)

    article.refresh_from_db()
    assert article.title == "Second"
    assert [change.label for change in refused.value.changes] == ["Headline"]


def test_a_writer_cannot_edit_a_piece_under_review(writer):
    article = ArticleFactory(created_by=writer, status=Status.IN_REVIEW)

    with pytest.raises(ArticleUpdateError):
        article_update(article=article, changes={"title": "Mine"}, base_version=None, by=writer)


def test_changing_the_slug_of_a_public_piece_leaves_permanent_redirects(client, editor):
    """A changed slug used to break every shared link to the piece."""
    article = PublishedArticleFactory(slug="first-address")
    article_update(
        article=article, changes={"slug": "second-address"}, base_version=None, by=editor
    )
    article_update_publish(article=article, by=editor)
    _edit(article, editor, slug="third-address")
    article_update_publish(article=article, by=editor)

    for old in ("first-address", "second-address"):
        response = client.get(f"/articles/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/articles/third-address/"
        for extension in ("bib", "json"):
            response = client.get(f"/articles/{old}/sources.{extension}")
            assert response.status_code == 301
            assert response["Location"] == f"/articles/third-address/sources.{extension}"
    assert client.get("/articles/third-address/").status_code == 200


def test_an_old_address_is_never_given_to_another_piece(editor):
    article = PublishedArticleFactory(slug="old-address", title="Old address")
    article_update(article=article, changes={"slug": "new-address"}, base_version=None, by=editor)
    article_update_publish(article=article, by=editor)
    other = ArticleFactory()

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="still leads to it"):
        article_update(article=other, changes={"slug": "old-address"}, base_version=None, by=editor)
    from articles.services import unique_article_slug

    assert unique_article_slug("Old address") == "old-address-2"


def test_a_draft_that_was_never_public_leaves_no_redirect(editor):
    article = ArticleFactory(slug="draft-address")

    article_update(
        article=article, changes={"slug": "better-address"}, base_version=None, by=editor
    )

    assert not ArticleSlugRedirect.objects.exists()


def test_taking_an_old_address_back_stops_it_redirecting(client, editor):
    article = PublishedArticleFactory(slug="one")
    for slug in ("two", "one"):
        article_update(article=article, changes={"slug": slug}, base_version=None, by=editor)
        article_update_publish(article=article, by=editor)

    assert list(ArticleSlugRedirect.objects.values_list("old_slug", flat=True)) == ["two"]
    assert client.get("/articles/one/").status_code == 200
    assert Transition.objects.filter(article=article).count() == 2


def test_the_admin_preview_of_a_live_piece_shows_its_pending_changes(client, editor):
    article = PublishedArticleFactory(body="<p>Live words.</p>")
    _edit(article, editor, body="<p>Pending words.</p>")
    client.force_login(editor)

    preview = client.get(reverse("admin:articles_article_preview", args=[article.pk])).text

    assert "Pending words." in preview and "Live words." not in preview
    assert "Live words." in client.get(article.get_absolute_url()).text


def test_an_update_whose_address_was_taken_since_is_refused_with_a_reason(editor):
    article = PublishedArticleFactory(slug="first")
    _edit(article, editor, slug="wanted")
    ArticleFactory(slug="wanted")

    with pytest.raises(WorkflowError, match="Slug already exists"):
        article_update_publish(article=article, by=editor)

    article.refresh_from_db()
    assert article.slug == "first" and article.pending_revision is not None


def test_the_preview_of_pending_changes_is_described_by_their_opening_words(client, editor):
    article = PublishedArticleFactory(dek="", body="<p>Live words.</p>")
    _edit(article, editor, body="<p>Pending words.</p>")
    client.force_login(editor)

    preview = client.get(reverse("admin:articles_article_preview", args=[article.pk])).text

    assert '<meta name="description" content="Pending words.">' in preview
    page = client.get(article.get_absolute_url()).text
    assert '<meta name="description" content="Live words.">' in page
