import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Correction
from articles.services import CorrectionError, correction_add
from tests.factories import ArticleFactory, PublishedArticleFactory, user_in_role

pytestmark = pytest.mark.django_db


def test_editor_attaches_a_dated_correction_shown_on_the_public_page(client):
    editor = user_in_role("Editors", "editor")
    article = PublishedArticleFactory()
    client.force_login(editor)

    client.post(
        reverse("admin:articles_article_correction_create", args=[article.pk]),
        {"kind": "correction", "text": "An earlier version misdated the floods."},
    )

    correction = Correction.objects.get(article=article)
    assert correction.created_by == editor
    page = client.get(article.get_absolute_url()).text
    assert "An earlier version misdated the floods." in page
    when = timezone.localtime(correction.created_at)
    assert f'<time datetime="{when.isoformat(timespec="seconds")}">{when:%-d %B %Y}</time>' in page
    assert (
        "misdated the floods"
        in client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    )


def test_writers_cannot_add_corrections():
    writer = user_in_role("Writers", "writer")

    with pytest.raises(CorrectionError, match="editors"):
        correction_add(
            article=PublishedArticleFactory(), by=writer, kind="update", text="Added a quote."
        )
    assert not Correction.objects.exists()


def test_corrections_are_for_published_pieces_and_need_text():
    editor = user_in_role("Editors", "editor")

    with pytest.raises(CorrectionError, match="published"):
        correction_add(article=ArticleFactory(), by=editor, kind="update", text="x")
    with pytest.raises(CorrectionError, match="Say what"):
        correction_add(article=PublishedArticleFactory(), by=editor, kind="update", text="  ")
    assert not Correction.objects.exists()
