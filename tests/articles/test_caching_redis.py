"""The page cache by scope on the cache production runs: Django's Redis cache, the real server
(the ``redis_page_cache`` fixture: TEST_REDIS_URL, default database 3 on 127.0.0.1). The other
caching tests use the local-memory cache, which keeps Python objects as they are; Redis stores
bytes, so what a page entry and the scope versions become on the way there and back is tested
here (and a draft's save, in test_caching.py, on both)."""

from datetime import timedelta

import pytest
import redis
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.caching import PAGE_PREFIX
from articles.services import article_create
from people.page_versions import PREFIX as SCOPE_PREFIX
from tests.factories import AuthorFactory, PublishedArticleFactory, SectionFactory, user_in_role

pytestmark = pytest.mark.django_db


def _backend():
    from django.core.cache import caches

    return caches["default"]


def _stored_keys(prefix: str) -> list[bytes]:
    client = _backend()._cache.get_client(write=False)
    return client.keys(_backend().make_key(prefix) + "*")


def _hit(client, url, **headers):
    """Return the response and whether it came from the page cache (no query at all)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries) == 0


def _later():
    # Versions are milliseconds: a change five seconds later is unambiguously later.
    return time_machine.travel(timezone.now() + timedelta(seconds=5))


def test_a_hit_is_served_from_redis_without_a_query(client, redis_page_cache):
    article = PublishedArticleFactory(title="Harbour fees rise")
    url = article.get_absolute_url()
    first = client.get(url)

    again, hit = _hit(client, url)
    conditional, conditional_hit = _hit(client, url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert _stored_keys(PAGE_PREFIX) and _stored_keys(SCOPE_PREFIX)
    assert hit and again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]
    assert conditional_hit and conditional.status_code == 304


def test_publishing_invalidates_the_pages_it_appears_on_in_redis(client, redis_page_cache, editor):
    section, author = SectionFactory(), AuthorFactory()
    PublishedArticleFactory(section=section, authors=[author])
    unrelated = PublishedArticleFactory(section=SectionFactory())
    shown = ["/", "/feeds/rss/", section.get_absolute_url(), author.get_absolute_url()]
    for url in [*shown, unrelated.get_absolute_url()]:
        client.get(url)
    writer = user_in_role("Writers", "writer")
    piece = article_create(
        title="Harbour fees rise",
        body="<p>Text.</p>",
        by=writer,
        section=section,
        authors=[author],
    )
    workflow.article_submit(article=piece, by=writer)
    workflow.article_approve(article=piece, by=editor)

    with _later():
        workflow.article_publish(article=piece, by=editor)
        refreshed = {url: _hit(client, url) for url in shown}
        _, unrelated_hit = _hit(client, unrelated.get_absolute_url())

    for url, (response, hit) in refreshed.items():
        assert not hit, url
        assert "Harbour fees rise" in response.text, url
    assert unrelated_hit


def test_a_hit_costs_one_round_trip_to_redis(client, redis_page_cache, monkeypatch):
    url = PublishedArticleFactory(title="Harbour fees rise").get_absolute_url()
    client.get(url)
    # Every command the cache sends the real server passes here (counted, then sent as usual);
    # the server's own counter would also count other processes' commands.
    sent = []
    send = redis.Redis.execute_command

    def counted(self, *args, **options):
        sent.append(args[0])
        return send(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)

    response, hit = _hit(client, url)

    assert hit and response.status_code == 200
    assert sent == ["MGET"]  # the page, the generation and the schedule together
