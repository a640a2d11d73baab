from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import Article
from articles.services import correction_add
from tests.factories import PublishedArticleFactory, user_in_role

pytestmark = pytest.mark.django_db


def test_public_pages_carry_validators_and_cdn_headers(client):
    article = PublishedArticleFactory()

    response = client.get(article.get_absolute_url())

    assert response["ETag"].startswith('"')
    assert "Last-Modified" in response
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=300"} <= cache_control


def test_conditional_request_gets_304_without_rendering(client):
    article = PublishedArticleFactory()
    first = client.get(article.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        by_etag = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    stamp_only = len(queries)  # read now: the next request resets the query log
    by_date = client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert stamp_only == 1  # only the freshness stamp; nothing is rendered


@pytest.mark.parametrize("change", ["edit", "unpublish", "correction", "publish_other"])
def test_any_public_change_invalidates_validators_and_cached_pages(client, page_cache, change):
    editor = user_in_role("Editors", "editor")
    article = PublishedArticleFactory(title="Before")
    url = article.get_absolute_url()
    first = client.get(url)

    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        if change == "edit":
            article.title = "After"
            article.save()
        elif change == "unpublish":
            workflow.article_unpublish(article=article, by=editor, comment="Legal review")
        elif change == "correction":
            correction_add(article=article, by=editor, kind="correction", text="Fixed a date.")
        else:
            other = PublishedArticleFactory(status=Article.Status.APPROVED, publish_at=None)
            workflow.article_publish(article=other, by=editor)
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    if change == "unpublish":
        assert again.status_code == 404
        return
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    if change == "edit":
        assert "After" in again.text
    if change == "correction":
        assert "Fixed a date." in again.text


def test_page_cache_serves_repeat_visits_from_the_cache(client, page_cache):
    article = PublishedArticleFactory()
    client.get(article.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert article.title in response.text
    assert len(queries) == 1


def test_scheduled_piece_appears_on_cached_pages_when_its_time_comes(client, page_cache):
    editor = user_in_role("Editors", "editor")
    PublishedArticleFactory(title="Already live")
    scheduled = PublishedArticleFactory(status=Article.Status.APPROVED, publish_at=None)
    go_live = timezone.now() + timedelta(hours=1)
    workflow.article_schedule(article=scheduled, by=editor, publish_at=go_live)
    assert scheduled.title not in client.get("/").text  # now cached without it

    with time_machine.travel(go_live + timedelta(seconds=1)):
        assert scheduled.title in client.get("/").text


def test_a_registry_change_that_relinks_a_piece_refreshes_its_cached_page(client, page_cache):
    from articles.entities import article_link_entities, entity_relink
    from people.entities.registry import entity_create
    from people.models import Entity

    article = PublishedArticleFactory(body="<p>The Atlantic Council published a report.</p>")
    article_link_entities(article=article)
    first = client.get(article.get_absolute_url())
    assert "entity-link" not in first.text

    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        entity = entity_create(name="Atlantic Council", kind=Entity.Kind.ORGANISATION)
        entity_relink(entity=entity)
        again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert 'href="/entities/atlantic-council/"' in again.text
    article.refresh_from_db()
    assert not article.was_updated  # a new link is not an update readers need told about
