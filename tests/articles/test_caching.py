import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.entities import article_link_entities
from articles.models import Article
from articles.services import article_create, article_update, correction_add
from tests.articles.admin_forms import change_form_data
from tests.factories import (
    AuthorFactory,
    EntityFactory,
    PublishedArticleFactory,
    SectionFactory,
    user_in_role,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


def _hit(client, url, **headers):
    """Return the response and whether it came from the page cache (no query at all)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries) == 0


def _later():
    # Versions are milliseconds: a change one second later is unambiguously later.
    return time_machine.travel(timezone.now() + timedelta(seconds=5))


def test_public_pages_carry_validators_and_cdn_headers(client):
    article = PublishedArticleFactory()

    response = client.get(article.get_absolute_url())

    assert response["ETag"].startswith('"')
    assert "Last-Modified" in response
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=300"} <= cache_control


def test_conditional_request_is_answered_304_from_the_cache_without_a_query(client, page_cache):
    article = PublishedArticleFactory()
    first = client.get(article.get_absolute_url())

    by_etag, etag_hit = _hit(client, article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    by_date, date_hit = _hit(
        client, article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )

    assert by_etag.status_code == 304 and etag_hit
    assert by_date.status_code == 304 and date_hit


def test_conditional_request_gets_304_with_the_page_cache_off(client):
    article = PublishedArticleFactory()
    first = client.get(article.get_absolute_url())

    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_page_cache_hit_makes_no_database_query(client, page_cache):
    article = PublishedArticleFactory()
    client.get(article.get_absolute_url())

    response, hit = _hit(client, article.get_absolute_url())

    assert response.status_code == 200
    assert article.title in response.text
    assert hit


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?page=2",
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-tags.xml",
        "/news-sitemap.xml",
        "ARTICLE",
        "SECTION",
        "AUTHOR",
        "TAG",
        "ENTITY",
        "ARCHIVE",
        "SECTION_FEED",
        "ENTITY_FEED",
    ],
)
def test_every_public_page_type_is_served_from_the_cache(client, page_cache, url):
    author, entity = AuthorFactory(), EntityFactory(name="Ada Cachewell")
    article = PublishedArticleFactory(
        authors=[author], tags=["Rivers"], body="<p>Ada Cachewell spoke.</p>"
    )
    article_link_entities(article=article)
    url = {
        "ARTICLE": article.get_absolute_url(),
        "SECTION": article.section.get_absolute_url(),
        "AUTHOR": author.get_absolute_url(),
        "TAG": reverse("tag_detail", args=["rivers"]),
        "ENTITY": entity.get_absolute_url(),
        "ARCHIVE": reverse("archive_year", args=[article.first_published_at.year]),
        "SECTION_FEED": reverse("section_feed_rss", args=[article.section.slug]),
        "ENTITY_FEED": reverse("entity_feed_rss", args=[entity.slug]),
    }.get(url, url)
    first = client.get(url)

    again, hit = _hit(client, url)

    assert first.status_code == 200
    assert hit
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]
    assert again["Cache-Control"] == first["Cache-Control"]


def test_entity_page_sends_validators_and_answers_conditional_requests(client):
    entity = EntityFactory(name="Ada Cachewell")
    article_link_entities(article=PublishedArticleFactory(body="<p>Ada Cachewell spoke.</p>"))

    first = client.get(entity.get_absolute_url())
    again = client.get(entity.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"] and first["Last-Modified"]
    assert again.status_code == 304


@pytest.mark.parametrize("page_cache_backend", ["page_cache", "redis_page_cache"])
def test_saving_a_draft_invalidates_no_public_page(client, page_cache_backend, request, editor):
    request.getfixturevalue(page_cache_backend)
    section = SectionFactory()
    live = PublishedArticleFactory(section=section)
    urls = ["/", live.get_absolute_url(), section.get_absolute_url(), "/feeds/rss/"]
    for url in urls:
        client.get(url)

    with _later():
        draft = article_create(title="Not yet", body="<p>Draft text.</p>", by=editor)
        client.force_login(editor)
        client.post(
            reverse("admin:articles_article_change", args=[draft.pk]),
            change_form_data(client, draft, title="Still not yet", section=section.pk),
        )
        client.logout()
        assert Article.objects.get(pk=draft.pk).title == "Still not yet"
        hits = [_hit(client, url)[1] for url in urls]

    assert all(hits)


def test_publishing_invalidates_the_listings_it_appears_on_and_no_others(
    client, page_cache, editor
):
    section, elsewhere = SectionFactory(), SectionFactory()
    author = AuthorFactory()
    PublishedArticleFactory(section=section, authors=[author], tags=["Ports"])
    other = PublishedArticleFactory(section=elsewhere)
    shown = [
        "/",
        "/feeds/rss/",
        "/sitemap-articles.xml",
        section.get_absolute_url(),
        author.get_absolute_url(),
        reverse("tag_detail", args=["ports"]),
        reverse("section_feed_rss", args=[section.slug]),
    ]
    unrelated = [elsewhere.get_absolute_url(), other.get_absolute_url()]
    for url in shown + unrelated:
        client.get(url)
    writer = user_in_role("Writers", "writer")
    piece = article_create(
        title="Harbour fees rise",
        body="<p>Text.</p>",
        by=writer,
        section=section,
        authors=[author],
        tags=["Ports"],
    )
    workflow.article_submit(article=piece, by=writer)
    workflow.article_approve(article=piece, by=editor)

    with _later():
        workflow.article_publish(article=piece, by=editor)
        refreshed = {url: _hit(client, url) for url in shown}
        kept = {url: _hit(client, url)[1] for url in unrelated}

    for url, (response, hit) in refreshed.items():
        assert not hit, url
        assert "Harbour fees rise" in response.text or url.startswith("/sitemap"), url
    assert all(kept.values())


@pytest.mark.parametrize("change", ["update", "unpublish", "correction"])
def test_changes_to_a_live_piece_invalidate_its_page(client, page_cache, editor, change):
    article = PublishedArticleFactory(title="Before")
    url = article.get_absolute_url()
    first = client.get(url)

    with _later():
        if change == "update":
            article_update(
                article=article, changes={"title": "After"}, base_version=None, by=editor
            )
            # Pending changes are not what readers get: the cached page stands.
            assert _hit(client, url)[1]
            workflow.article_update_publish(article=article, by=editor)
        elif change == "unpublish":
            workflow.article_unpublish(article=article, by=editor, comment="Legal review")
        else:
            correction_add(article=article, by=editor, kind="correction", text="Fixed a date.")
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    if change == "unpublish":
        assert again.status_code == 404
        return
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    if change == "update":
        assert "After" in again.text
    if change == "correction":
        assert "Fixed a date." in again.text


def test_a_scheduled_update_reaches_cached_pages_at_its_time_with_no_job(
    client, page_cache, editor
):
    article = PublishedArticleFactory(title="Before")
    url = article.get_absolute_url()
    article_update(article=article, changes={"title": "After"}, base_version=None, by=editor)
    due = timezone.now() + timedelta(hours=1)
    workflow.article_update_publish(article=article, by=editor, publish_at=due)
    assert "Before" in client.get(url).text
    assert _hit(client, url)[1]

    with time_machine.travel(due + timedelta(seconds=1)):
        page = client.get(url)

    assert "After" in page.text
    article.refresh_from_db()
    assert article.title == "After"


def test_an_author_bio_edit_refreshes_the_pages_that_show_the_author(client, page_cache):
    superuser = user_in_role("Editors", "chief", is_superuser=True)
    author = AuthorFactory(bio="Covers ports.")
    article = PublishedArticleFactory(authors=[author])
    unrelated = PublishedArticleFactory()
    for url in (
        author.get_absolute_url(),
        article.get_absolute_url(),
        unrelated.get_absolute_url(),
    ):
        client.get(url)

    with _later():
        client.force_login(superuser)
        response = client.post(
            reverse("admin:people_author_change", args=[author.pk]),
            {"name": "Renamed Writer", "slug": author.slug, "bio": "Covers rivers.", "user": ""},
        )
        assert response.status_code == 302
        client.logout()
        author_page, author_hit = _hit(client, author.get_absolute_url())
        article_page, article_hit = _hit(client, article.get_absolute_url())
        _, unrelated_hit = _hit(client, unrelated.get_absolute_url())

    assert not author_hit and "Covers rivers." in author_page.text
    assert not article_hit and "Renamed Writer" in article_page.text
    assert unrelated_hit


def test_a_section_rename_refreshes_every_page_with_the_navigation(client, page_cache):
    superuser = user_in_role("Editors", "chief", is_superuser=True)
    section = SectionFactory(name="Economy")
    article = PublishedArticleFactory()
    client.get(article.get_absolute_url())

    with _later():
        client.force_login(superuser)
        response = client.post(
            reverse("admin:articles_section_change", args=[section.pk]),
            {"name": "Money", "slug": section.slug, "description": "", "position": 0},
        )
        assert response.status_code == 302
        client.logout()
        page, hit = _hit(client, article.get_absolute_url())

    assert not hit
    assert "Money" in page.text


def test_a_tag_rename_refreshes_its_page_and_the_feeds_that_name_it(client, page_cache):
    from taggit.models import Tag

    superuser = user_in_role("Editors", "chief", is_superuser=True)
    PublishedArticleFactory(tags=["Rivers"])
    tag = Tag.objects.get(name="Rivers")
    url = reverse("tag_detail", args=[tag.slug])
    client.get(url)
    assert "<category>Rivers</category>" in client.get(reverse("feed_rss")).text

    with _later():
        client.force_login(superuser)
        change = reverse("admin:taggit_tag_change", args=[tag.pk])
        (inline,) = client.get(change).context["inline_admin_formsets"]
        prefix = inline.formset.prefix
        response = client.post(
            change,
            {
                "name": "Waterways",
                "slug": tag.slug,
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302
        client.logout()
        page, hit = _hit(client, url)
        feed, feed_hit = _hit(client, reverse("feed_rss"))

    assert not hit
    assert "Waterways" in page.text
    assert not feed_hit
    assert "<category>Waterways</category>" in feed.text


def test_an_entity_description_edit_refreshes_its_page(client, page_cache):
    from articles.entities import entity_relink

    entity = EntityFactory(name="Ada Cachewell", description="A river authority.")
    article_link_entities(article=PublishedArticleFactory(body="<p>Ada Cachewell spoke.</p>"))
    client.get(entity.get_absolute_url())

    with _later():
        entity.description = "A river authority in the delta."
        entity.save()
        entity_relink(entity=entity)
        page, hit = _hit(client, entity.get_absolute_url())

    assert not hit
    assert "in the delta" in page.text


def test_cache_key_holds_scheme_and_host_so_a_forged_host_reaches_no_one_else(client, page_cache):
    article = PublishedArticleFactory()
    url = article.get_absolute_url()

    forged = client.get(url, HTTP_HOST="localhost")
    normal = client.get(url)
    secure = client.get(url, secure=True)

    assert 'href="http://localhost/' in forged.text
    assert "http://localhost/" not in normal.text
    assert 'href="http://testserver/' in normal.text
    assert 'href="https://testserver/' in secure.text


def test_query_parameters_a_page_does_not_read_share_its_cache_entry(client, page_cache):
    PublishedArticleFactory()
    client.get("/")

    _, noise_hit = _hit(client, "/?utm_source=x&x=1")
    _, junk_page_hit = _hit(client, "/?page=abc")

    assert noise_hit
    assert junk_page_hit is False or junk_page_hit  # "page=abc" is page 1: either is correct
    assert not _hit(client, "/?page=2")[1]  # a real page number is a page of its own


def test_scheduled_piece_appears_on_cached_pages_when_its_time_comes(client, page_cache):
    editor = user_in_role("Editors", "editor")
    PublishedArticleFactory(title="Already live")
    scheduled = PublishedArticleFactory(status=Article.Status.APPROVED, publish_at=None)
    go_live = timezone.now() + timedelta(hours=1)
    workflow.article_schedule(article=scheduled, by=editor, publish_at=go_live)
    assert scheduled.title not in client.get("/").text
    assert _hit(client, "/")[1]  # now cached without it

    with time_machine.travel(go_live + timedelta(seconds=1)):
        assert scheduled.title in client.get("/").text


def test_a_registry_change_that_relinks_a_piece_refreshes_its_cached_page(client, page_cache):
    from articles.entities import entity_relink
    from people.entities.registry import entity_create
    from people.models import Entity

    article = PublishedArticleFactory(body="<p>The Atlantic Council published a report.</p>")
    article_link_entities(article=article)
    first = client.get(article.get_absolute_url())
    assert "entity-link" not in first.text

    with _later():
        entity = entity_create(name="Atlantic Council", kind=Entity.Kind.ORGANISATION)
        entity_relink(entity=entity)
        again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert 'href="/entities/atlantic-council/"' in again.text
    article.refresh_from_db()
    assert not article.was_updated  # a new link is not an update readers need told about


@pytest.fixture
def figures_cache(settings):
    """Keep counts over many pieces in the (emptied) cache, as production does."""
    from django.core.cache import cache

    settings.NEWSROOM_FIGURES_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def _most_mentioned(html: str) -> str:
    return html[html.index("mentioned-heading") :]


def _pieces_naming(html: str, name: str) -> int:
    found = re.search(re.escape(name) + r"</a> <span class=\"meta\">[^<]*· (\d+) piece", html)
    return int(found.group(1)) if found else 0


def test_the_most_mentioned_count_is_kept_until_what_it_counts_changes(
    client, figures_cache, editor
):
    from articles.entities import entity_relink

    dam = EntityFactory(name="Merowe Dam", kind="place")
    port = EntityFactory(name="Port Sudan", kind="place")
    about_dam = PublishedArticleFactory(body="<p>Merowe Dam spilled. Merowe Dam held.</p>")
    PublishedArticleFactory(body="<p>Port Sudan reopened.</p>")
    PublishedArticleFactory(body="<p>Port Sudan and Merowe Dam.</p>")
    for article in Article.objects.all():
        article_link_entities(article=article)

    counted = page_queries(client, "/")  # the warm-up request counts and keeps the figures
    assert _pieces_naming(client.get("/").text, "Merowe Dam") == 2
    with override_settings(NEWSROOM_FIGURES_CACHE_SECONDS=0):
        counting = page_queries(client, "/")
    assert counted < counting  # kept: the count over the month's pieces is not run again

    with _later():
        workflow.article_unpublish(article=about_dam, by=editor, comment="Wrong dam.")
        assert _pieces_naming(client.get("/").text, "Merowe Dam") == 1

    with time_machine.travel(timezone.now() + timedelta(seconds=10)):
        dam.kind = "organisation"  # the entity's own page and list entries change
        dam.save()
        entity_relink(entity=dam)
        assert "organisation · 1 piece" in _most_mentioned(client.get("/").text)
    assert _pieces_naming(client.get("/").text, port.name) == 2


def _navigation(html: str) -> str:
    return html[html.index('aria-label="Sections"') : html.index("</nav>")]


def _rename_in_the_admin(client, superuser, section, name: str) -> None:
    client.force_login(superuser)
    client.post(
        reverse("admin:articles_section_change", args=[section.pk]),
        {"name": name, "slug": section.slug, "description": "", "position": 0},
    )
    client.logout()


def test_the_navigation_is_kept_until_a_section_changes(client, figures_cache):
    superuser = user_in_role("Editors", "chief", is_superuser=True)
    section = SectionFactory(name="Economy")
    article = PublishedArticleFactory(section=section)

    assert "Economy" in _navigation(client.get(article.get_absolute_url()).text)
    kept = page_queries(client, article.get_absolute_url())
    with override_settings(NEWSROOM_FIGURES_CACHE_SECONDS=0):
        read = page_queries(client, article.get_absolute_url())
    assert kept == read - 1  # the sections are not read again

    with _later():
        _rename_in_the_admin(client, superuser, section, "Money")
        navigation = _navigation(client.get(article.get_absolute_url()).text)

    assert "Money" in navigation and "Economy" not in navigation


def _sections_offered(html: str) -> str:
    start = html.index('<select name="section"')
    return html[start : html.index("</select>", start)]


def test_the_search_forms_sections_are_kept_until_a_section_changes(client, figures_cache):
    superuser = user_in_role("Editors", "chief", is_superuser=True)
    section = SectionFactory(name="Economy & Trade")
    PublishedArticleFactory(section=section)
    search = reverse("search") + "?q=trade"

    assert ">Economy &amp; Trade</option>" in _sections_offered(client.get(search).text)

    def reads_sections() -> bool:
        client.get(search)
        with CaptureQueriesContext(connection) as queries:
            client.get(search)
        return any('FROM "articles_section"' in query["sql"] for query in queries)

    assert not reads_sections()
    with override_settings(NEWSROOM_FIGURES_CACHE_SECONDS=0):
        assert reads_sections()

    with _later():
        _rename_in_the_admin(client, superuser, section, "Money")
        offered = _sections_offered(client.get(search).text)

    assert ">Money</option>" in offered and "Economy" not in offered


def test_a_bulk_load_refreshes_the_kept_navigation(client, figures_cache):
    from django.core.management import call_command

    PublishedArticleFactory(section=SectionFactory(name="Economy"))
    before = _navigation(client.get("/").text)

    with _later():
        call_command("seed_archive", "--articles", "20", "--entities", "20", stdout=None)
        after = _navigation(client.get("/").text)

    assert after.count("<li>") > before.count("<li>") == 1
