from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.tagging import TagMergeError, tags_merge
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db

TAGS_URL = "/admin/taggit/tag/"


def _later():
    # Scope versions are milliseconds: a change a few seconds later is unambiguously later.
    return time_machine.travel(timezone.now() + timedelta(seconds=5))


def _fetched_from_cache(client, url) -> tuple[str, bool]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.text, len(queries) == 0


def test_an_admin_merge_refreshes_cached_tag_pages_article_pages_and_feeds(
    client, page_cache, editor
):
    piece = PublishedArticleFactory(title="Harbour fees rise", tags=["Ports"])
    PublishedArticleFactory(title="Dock strike ends", tags=["Harbours"])
    ports, harbours = Tag.objects.get(name="Ports"), Tag.objects.get(name="Harbours")
    urls = {
        "article": piece.get_absolute_url(),
        "target tag": reverse("tag_detail", args=[harbours.slug]),
        "merged tag": reverse("tag_detail", args=[ports.slug]),
        "feed": reverse("feed_rss"),
    }
    before = {name: client.get(url).text for name, url in urls.items()}
    assert "Harbour fees rise" not in before["target tag"]

    with _later():
        client.force_login(editor)
        client.post(
            TAGS_URL,
            {"action": "render_tag_form", "_selected_action": [str(ports.pk), str(harbours.pk)]},
        )
        merged = client.post(TAGS_URL + "merge-tags/", {"new_tag_name": "Harbours"})
        client.logout()
        emptied = client.get(urls.pop("merged tag"))
        after = {name: _fetched_from_cache(client, url) for name, url in urls.items()}

    assert merged.status_code == 302
    for name, (_text, from_cache) in after.items():
        assert not from_cache, name
    article_page = after["article"][0]
    assert f'href="{reverse("tag_detail", args=[harbours.slug])}"' in article_page
    assert f'href="{reverse("tag_detail", args=[ports.slug])}"' not in article_page
    assert "Harbour fees rise" in after["target tag"][0]
    assert "Dock strike ends" in after["target tag"][0]
    # The tag left behind carries nothing: its cached page is not served any more.
    assert emptied.status_code == 404
    assert "<category>Harbours</category>" in after["feed"][0]
    assert "<category>Ports</category>" not in after["feed"][0]


def test_merging_into_one_of_the_selected_tags_keeps_its_pieces(editor):
    both = PublishedArticleFactory(tags=["Ports", "Harbours"])
    harbour_only = PublishedArticleFactory(tags=["Harbours"])
    ports_only = PublishedArticleFactory(tags=["Ports"])

    target = tags_merge(tags=Tag.objects.all(), into_name="Harbours", by=editor)

    for piece in (both, harbour_only, ports_only):
        assert [tag.name for tag in piece.tags.all()] == ["Harbours"]
    assert target.name == "Harbours"
    assert Tag.objects.get(name="Ports").taggit_taggeditem_items.count() == 0


def test_a_merge_into_a_new_name_creates_the_tag(editor):
    piece = PublishedArticleFactory(tags=["Gold", "Oil"])

    tags_merge(tags=Tag.objects.all(), into_name="Commodities", by=editor)

    assert [tag.name for tag in piece.tags.all()] == ["Commodities"]


def test_only_editors_merge_tags(writer):
    piece = PublishedArticleFactory(tags=["Gold", "Oil"])

    with pytest.raises(TagMergeError):
        tags_merge(tags=Tag.objects.all(), into_name="Commodities", by=writer)

    assert sorted(tag.name for tag in piece.tags.all()) == ["Gold", "Oil"]
