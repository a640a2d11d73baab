"""sitemap.xml, the Google News sitemap and robots.txt, as crawlers read them."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from defusedxml import ElementTree
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom.sitemaps import ArticleSitemap
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    PublishedArticleFactory,
    SectionFactory,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
# W3C Datetime as sitemaps take it: a full date-time with seconds and a time zone.
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def fetch_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def urlset(client, url) -> dict[str, datetime | None]:
    """Return each <loc> of a sitemap with its <lastmod>, checking both formats."""
    root = fetch_xml(client, url)
    assert root.tag == f"{SM}urlset"
    entries = {}
    for entry in root.findall(f"{SM}url"):
        loc, lastmod = entry.findtext(f"{SM}loc"), entry.findtext(f"{SM}lastmod")
        assert loc.startswith("http://testserver/")
        if lastmod is None:
            entries[loc] = None
            continue
        assert W3C_DATETIME.match(lastmod), lastmod
        entries[loc] = datetime.fromisoformat(lastmod)
    return entries


def index(client) -> dict[str, str]:
    root = fetch_xml(client, reverse("sitemap"))
    assert root.tag == f"{SM}sitemapindex"
    sitemaps = {}
    for sitemap in root.findall(f"{SM}sitemap"):
        assert W3C_DATETIME.match(sitemap.findtext(f"{SM}lastmod"))
        loc = sitemap.findtext(f"{SM}loc")
        sitemaps[loc.removeprefix("http://testserver")] = loc
    return sitemaps


def test_sitemap_index_lists_a_sitemap_per_kind_of_page(client):
    PublishedArticleFactory(tags=["Gold"])

    assert sorted(index(client)) == [
        "/sitemap-articles.xml",
        "/sitemap-authors.xml",
        "/sitemap-sections.xml",
        "/sitemap-tags.xml",
    ]


def test_sitemap_index_leaves_out_kinds_with_nothing_public(client):
    PublishedArticleFactory(tags=[])
    ArticleFactory(tags=["Draft topic"])

    assert "/sitemap-tags.xml" not in index(client)


def test_an_empty_site_has_a_valid_empty_index(client):
    assert index(client) == {}


def test_articles_sitemap_lists_public_pieces_with_their_last_change(client):
    article = PublishedArticleFactory(publish_at=timezone.now() - timedelta(days=3))
    ArticleFactory(slug="a-draft")
    article.refresh_from_db()

    entries = urlset(client, "/sitemap-articles.xml")

    url = f"http://testserver{article.get_absolute_url()}"
    assert list(entries) == [url]
    assert entries[url] == article.updated_at


def test_articles_sitemap_files_hold_at_most_their_limit_and_every_public_piece_once(
    client, monkeypatch
):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    pieces = []
    for _ in range(6):
        pieces.append(PublishedArticleFactory())
        ArticleFactory()  # a draft between public pieces
    # No public piece left in one block of ids: that block is no file at all, not an empty one.
    blocks = {}
    for piece in pieces:
        blocks.setdefault(piece.pk // 2, []).append(piece)
    withdrawn = blocks.pop(sorted(blocks)[1])
    Article.objects.filter(pk__in=[p.pk for p in withdrawn]).update(status="unpublished")
    public = {f"http://testserver{p.get_absolute_url()}" for b in blocks.values() for p in b}

    files = [loc for loc in index(client) if loc.startswith("/sitemap-articles.xml")]
    listed = [urlset(client, loc) for loc in files]

    assert len(files) == len(blocks)
    assert all(1 <= len(entries) <= 2 for entries in listed)
    assert sorted(url for entries in listed for url in entries) == sorted(public)
    assert client.get(f"/sitemap-articles.xml?p={len(files) + 1}").status_code == 404


def test_a_scheduled_piece_enters_the_sitemaps_at_its_publish_time(client):
    go_live = timezone.now() + timedelta(hours=3)
    article = PublishedArticleFactory(status=Article.Status.SCHEDULED, publish_at=go_live)
    url = f"http://testserver{article.get_absolute_url()}"

    assert url not in urlset(client, "/sitemap-articles.xml")
    assert not _news_urls(client)
    with time_machine.travel(go_live + timedelta(minutes=1)):
        entries = urlset(client, "/sitemap-articles.xml")
        # It went live after its last edit: the page changed for readers at go-live.
        assert entries[url] == go_live
        assert _news_urls(client) == [url]


def test_listing_sitemaps_list_the_pages_with_public_pieces(client):
    """Listing pages carry no lastmod: dating each by its latest piece would read the whole
    archive on every request."""
    section, empty_section = SectionFactory(), SectionFactory()
    author, idle_author = AuthorFactory(), AuthorFactory()
    older = PublishedArticleFactory(
        section=section, authors=[author], tags=["Gold"], publish_at=timezone.now()
    )
    newer = PublishedArticleFactory(section=section, authors=[author], tags=["Gold"])
    ArticleFactory(section=empty_section, authors=[idle_author], tags=["Secret"])
    sections = urlset(client, "/sitemap-sections.xml")
    authors = urlset(client, "/sitemap-authors.xml")
    tags = urlset(client, "/sitemap-tags.xml")

    assert sections == {f"http://testserver{section.get_absolute_url()}": None}
    assert authors == {f"http://testserver{author.get_absolute_url()}": None}
    assert tags == {f"http://testserver{reverse('tag_detail', kwargs={'slug': 'gold'})}": None}
    assert older.pk != newer.pk


def test_tags_without_an_addressable_page_are_left_out(client):
    PublishedArticleFactory(tags=["Нефть", "!!!", "Gold"])

    tags = urlset(client, "/sitemap-tags.xml")

    assert list(tags) == [f"http://testserver{reverse('tag_detail', kwargs={'slug': 'gold'})}"]


@pytest.mark.parametrize(
    "url", ["/sitemap-nothing.xml", "/sitemap-articles.xml?p=abc", "/sitemap-articles.xml?p=9"]
)
def test_unknown_sitemaps_and_pages_are_404(client, url):
    PublishedArticleFactory()

    assert client.get(url).status_code == 404


def _news_urls(client) -> list[str]:
    root = fetch_xml(client, reverse("news_sitemap"))
    assert root.tag == f"{SM}urlset"
    return [entry.findtext(f"{SM}loc") for entry in root.findall(f"{SM}url")]


def test_news_sitemap_holds_the_last_two_days_with_google_news_fields(client):
    now = timezone.now()
    recent = PublishedArticleFactory(
        title="Ports & power: <the> Red Sea", publish_at=now - timedelta(hours=47)
    )
    PublishedArticleFactory(title="Last week", publish_at=now - timedelta(days=7))
    ArticleFactory(title="Draft")

    root = fetch_xml(client, reverse("news_sitemap"))

    (entry,) = root.findall(f"{SM}url")
    assert entry.findtext(f"{SM}loc") == f"http://testserver{recent.get_absolute_url()}"
    news = entry.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Newsroom"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}title") == "Ports & power: <the> Red Sea"
    published = news.findtext(f"{NEWS}publication_date")
    assert W3C_DATETIME.match(published)
    assert datetime.fromisoformat(published) == recent.first_published_at


def test_news_sitemap_lets_pieces_age_out_after_48_hours(client):
    article = PublishedArticleFactory()

    assert len(_news_urls(client)) == 1
    with time_machine.travel(article.first_published_at + timedelta(hours=49)):
        assert _news_urls(client) == []


def test_robots_txt_keeps_crawlers_out_of_admin_and_previews_and_names_the_sitemaps(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /preview/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
    assert not any(line.startswith("Disallow: /search") for line in lines)


def test_sitemaps_use_the_scheme_and_host_of_the_request(client):
    PublishedArticleFactory()

    response = client.get("/sitemap-articles.xml", secure=True, headers={"host": "localhost"})

    assert b"<loc>https://localhost/articles/" in response.content


def _build(n: int) -> None:
    section = SectionFactory()
    for _ in range(n):
        PublishedArticleFactory(
            section=section,
            authors=AuthorFactory.create_batch(n),
            tags=[f"topic-{n}-{i}" for i in range(n)],
        )


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-sections.xml",
        "/sitemap-authors.xml",
        "/sitemap-tags.xml",
        "/news-sitemap.xml",
    ],
)
def test_sitemap_query_count_does_not_grow_with_pages(client, url):
    """Sitemaps list every public page; reading them must not cost a query per page."""
    _build(1)
    one = page_queries(client, url)
    _build(10)
    ten = page_queries(client, url)

    assert one == ten
    assert ten <= 9


def test_cached_sitemaps_list_a_new_piece_at_once(client, page_cache):
    PublishedArticleFactory()
    assert len(urlset(client, "/sitemap-articles.xml")) == 1
    assert len(_news_urls(client)) == 1

    PublishedArticleFactory()

    assert len(urlset(client, "/sitemap-articles.xml")) == 2
    assert len(_news_urls(client)) == 2


def test_sitemaps_answer_conditional_requests(client):
    PublishedArticleFactory()
    for url in ["/sitemap.xml", "/sitemap-articles.xml", "/news-sitemap.xml"]:
        first = client.get(url)

        again = client.get(url, headers={"if-none-match": first["ETag"]})

        assert again.status_code == 304
