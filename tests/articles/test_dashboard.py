from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, PublishedArticleFactory, user_in_role

pytestmark = pytest.mark.django_db
Status = Article.Status


def test_editor_dashboard_shows_review_queue_schedule_and_recent(client, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    ArticleFactory(title="Waiting piece", status=Status.IN_REVIEW)
    go_live = timezone.now().replace(microsecond=0) + timedelta(days=1)
    PublishedArticleFactory(title="Tomorrow's piece", status=Status.SCHEDULED, publish_at=go_live)
    PublishedArticleFactory(title="Yesterday's piece")
    ArticleFactory(title="Someone's draft")
    client.force_login(user_in_role("Editors", "editor"))

    html = client.get(reverse("admin:index")).text

    assert "Awaiting review" in html and "Waiting piece" in html
    local = timezone.localtime(go_live, timezone=timezone.get_current_timezone())
    assert "Tomorrow&#x27;s piece" in html
    assert f"goes live {local:%-d %B %Y, %H:%M}" in html
    assert "Yesterday&#x27;s piece" in html
    assert "Someone&#x27;s draft" not in html


def test_writer_dashboard_shows_own_drafts_and_returned_pieces(client):
    writer = user_in_role("Writers", "writer")
    byline = [AuthorFactory(user=writer)]
    ArticleFactory(title="My draft", authors=byline)
    ArticleFactory(title="Sent back to me", authors=byline, status=Status.CHANGES_REQUESTED)
    ArticleFactory(title="Colleague's draft")
    client.force_login(writer)

    html = client.get(reverse("admin:index")).text

    assert "My draft" in html
    assert "Returned to me" in html and "Sent back to me" in html
    assert "Colleague" not in html


def test_a_scheduled_piece_that_went_live_is_not_said_to_go_live(client):
    PublishedArticleFactory(
        title="Went live at dawn",
        status=Status.SCHEDULED,
        publish_at=timezone.now() - timedelta(hours=2),
    )
    client.force_login(user_in_role("Editors", "editor"))

    html = client.get(reverse("admin:index")).text

    recent = html[html.index("Recently published") :]
    assert "Went live at dawn" in recent
    assert "goes live" not in html


def test_writer_dashboard_shows_what_the_editor_asked_who_and_when(client):
    from articles import workflow

    writer = user_in_role("Writers", "writer")
    editor = user_in_role("Editors", "editor", first_name="Edith", last_name="Desk")
    article = ArticleFactory(title="Sent back", authors=[AuthorFactory(user=writer)])
    workflow.article_submit(article=article, by=writer)
    workflow.article_request_changes(article=article, by=editor, comment="Name the port.")
    client.force_login(writer)

    html = client.get(reverse("admin:index")).text

    returned = html[html.index("Returned to me") :]
    assert "Changes requested by Edith Desk" in returned
    assert "Name the port." in returned
