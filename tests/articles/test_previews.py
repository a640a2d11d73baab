from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import previews
from articles.models import Article, PreviewLink
from tests.factories import ArticleFactory, AuthorFactory, user_in_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return user_in_role("Editors", "editor")


def _share(client, article, days="3"):
    response = client.post(
        reverse("admin:articles_article_preview_link_create", args=[article.pk]), {"days": days}
    )
    assert response.status_code == 302
    link = PreviewLink.objects.filter(article=article).latest("created_at")
    return link, reverse("shared_preview", kwargs={"token": previews.preview_token(link)})


def test_writer_previews_own_draft_as_the_public_page_will_look(client):
    writer = user_in_role("Writers", "writer")
    draft = ArticleFactory(title="Unpublished analysis", authors=[AuthorFactory(user=writer)])
    client.force_login(writer)

    response = client.get(reverse("admin:articles_article_preview", args=[draft.pk]))

    assert response.status_code == 200
    assert "Unpublished analysis" in response.text
    assert 'class="article__body"' in response.text
    assert "readers cannot see it" in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_writer_cannot_preview_someone_elses_draft(client):
    client.force_login(user_in_role("Writers", "writer"))

    response = client.get(reverse("admin:articles_article_preview", args=[ArticleFactory().pk]))

    assert response.status_code == 404


def test_outside_reviewer_reads_a_draft_through_a_valid_link(client, editor):
    draft = ArticleFactory(title="For the lawyer's eyes")
    client.force_login(editor)
    _, url = _share(client, draft)
    client.logout()

    response = client.get(url)

    assert response.status_code == 200
    assert "For the lawyer" in response.text
    assert "Back to editing" not in response.text
    assert response["Cache-Control"] == "private, no-store"


def test_expired_link_is_not_found(client, editor):
    draft = ArticleFactory()
    client.force_login(editor)
    _, url = _share(client, draft, days="2")
    client.logout()

    with time_machine.travel(timezone.now() + timedelta(days=2, minutes=1)):
        assert client.get(url).status_code == 404
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=23)):
        assert client.get(url).status_code == 200


def test_tampered_link_is_not_found(client, editor):
    first, second = ArticleFactory(), ArticleFactory()
    client.force_login(editor)
    first_link, _ = _share(client, first)
    second_link, _ = _share(client, second)
    second_link.revoked_at = timezone.now()
    second_link.save()
    client.logout()
    valid = previews.preview_token(first_link)
    payload, signature = valid.rsplit(":", 1)
    other_payload = previews.preview_token(second_link).rsplit(":", 1)[0]

    def status(token):
        return client.get(reverse("shared_preview", kwargs={"token": token})).status_code

    assert status(valid) == 200
    assert status(f"{payload}:{signature[:-2]}xx") == 404
    assert status(f"{other_payload}:{signature}") == 404
    assert client.get(reverse("shared_preview", kwargs={"token": "nonsense"})).status_code == 404


def test_revoked_link_is_not_found(client, editor):
    draft = ArticleFactory()
    client.force_login(editor)
    link, url = _share(client, draft)

    client.post(reverse("admin:articles_article_preview_link_revoke", args=[draft.pk, link.pk]))
    client.logout()

    assert client.get(url).status_code == 404


def test_only_editors_create_links_and_lifetimes_are_bounded(client, settings):
    writer = user_in_role("Writers", "writer")
    draft = ArticleFactory(authors=[AuthorFactory(user=writer)])
    client.force_login(writer)
    client.post(
        reverse("admin:articles_article_preview_link_create", args=[draft.pk]), {"days": "3"}
    )
    assert not PreviewLink.objects.exists()

    client.force_login(user_in_role("Editors", "editor"))
    for days in ["0", str(settings.NEWSROOM_PREVIEW_LINK_MAX_DAYS + 1), "many"]:
        client.post(
            reverse("admin:articles_article_preview_link_create", args=[draft.pk]), {"days": days}
        )
    assert not PreviewLink.objects.exists()


def test_preview_link_survives_publication_and_shows_the_live_piece(client, editor):
    draft = ArticleFactory()
    client.force_login(editor)
    _, url = _share(client, draft)
    Article.objects.filter(pk=draft.pk).update(
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now(),
        first_published_at=timezone.now(),
    )

    assert "this piece is live" in client.get(url).text
