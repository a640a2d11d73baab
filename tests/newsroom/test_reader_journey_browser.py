"""A reader's path through the public site, in a real browser: front page, article, the page of
someone the article names, a search, and back to an article."""

import pytest
from django.utils import timezone

from articles.entities import article_link_entities
from articles.models import Article
from people.entities.registry import entity_create
from people.models import Entity
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _published(**kwargs) -> Article:
    now = timezone.now()
    article = ArticleFactory(
        status=Article.Status.PUBLISHED, publish_at=now, first_published_at=now, **kwargs
    )
    article_link_entities(article=article)
    return article


def test_reader_goes_home_article_entity_search_article(chromium, live_server):
    entity_create(
        name="Nile Basin Initiative",
        kind=Entity.Kind.ORGANISATION,
        description="A partnership of the states that share the Nile.",
    )
    section = SectionFactory(name="Climate and resources")
    _published(
        title="Who owns the river",
        section=section,
        body="<p>The Nile Basin Initiative met in Entebbe to talk about dams and data.</p>",
    )
    _published(
        title="Desalination and its discontents",
        section=section,
        body="<p>Coastal plants now supply water to cities of millions.</p>",
    )
    page = chromium.new_page()
    page.set_default_timeout(15_000)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Who owns the river").first.click()
    assert page.locator("h1").inner_text() == "Who owns the river"

    page.locator("a.entity-link", has_text="Nile Basin Initiative").click()
    assert page.locator("h1").inner_text() == "Nile Basin Initiative"
    assert "A partnership of the states that share the Nile." in page.content()
    assert page.get_by_role("link", name="Who owns the river").count() == 1

    page.fill("#site-search-q", "desalination")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/?q=desalination*")
    results = page.locator("main")
    assert "Desalination and its discontents" in results.inner_text()
    assert "Who owns the river" not in results.inner_text()

    results.get_by_role("link", name="Desalination and its discontents").first.click()
    assert page.locator("h1").inner_text() == "Desalination and its discontents"
