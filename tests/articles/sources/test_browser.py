"""A reader follows a source from a published piece to our archived copy after the original
has disappeared: the whole path in a real browser, against real local servers."""

import pytest
from django.utils import timezone

from articles.citations import citation_save
from articles.models import Citation
from articles.sources.models import SourceStatus
from articles.sources.tasks import check_sources
from tests.articles.sources.conftest import ARTICLE_TEXT
from tests.factories import PublishedArticleFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_reader_reaches_the_archived_copy_once_the_source_is_gone(
    chromium, live_server, local_site, settings
):
    settings.NEWSROOM_SNAPSHOT_BASE_URL = live_server.url
    url = local_site.set(
        "/budget",
        body=(
            "<html><head><title>Budget 2026</title></head><body>"
            f"<p>{ARTICLE_TEXT}</p><script>document.title = 'script ran';</script>"
            "</body></html>"
        ).encode(),
    )
    article = PublishedArticleFactory(title="The budget, read closely")
    # No surrounding transaction here: the service's commit queues the snapshot job at once.
    citation_save(
        citation=Citation(
            article=article, kind=Citation.Kind.DOCUMENT, source_title="Budget statement", url=url
        ),
        by=None,
    )
    local_site.set("/budget", status=410, body=b"Gone")
    SourceStatus.objects.update(next_check_at=timezone.now())
    assert check_sources.enqueue().return_value["gone"] == 1
    page = chromium.new_page()

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    source = page.locator(".sources li").first
    assert "the original is no longer available" in source.inner_text()
    source.get_by_role("link", name="Budget statement").click()
    page.wait_for_load_state()

    assert page.url.startswith(f"{live_server.url}/source-archive/")
    assert "archived copy of" in page.locator("[role=note]").inner_text()
    assert page.get_by_text("wage bill frozen").is_visible()
    assert page.title() == "Budget 2026"  # the page's own script never ran
    # Sandboxed: the copy has an opaque origin of its own, never the site's.
    assert page.evaluate("() => window.origin") == "null"
