from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Mention
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EntityFactory,
    PublishedArticleFactory,
    SectionFactory,
)
from tests.images import png_bytes
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


def test_published_article_is_visible(client):
    article = PublishedArticleFactory(title="Reading the ceasefire")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Reading the ceasefire" in response.text


@pytest.mark.parametrize("page", ["article", "section", "author", "tag", "home"])
def test_draft_is_invisible_everywhere(client, page):
    author = AuthorFactory()
    draft = ArticleFactory(title="Unfinished draft", authors=[author], tags=["secret-topic"])
    PublishedArticleFactory(section=draft.section, authors=[author], tags=["secret-topic"])
    url = {
        "article": draft.get_absolute_url(),
        "section": draft.section.get_absolute_url(),
        "author": author.get_absolute_url(),
        "tag": reverse("tag_detail", kwargs={"slug": "secret-topic"}),
        "home": reverse("home"),
    }[page]

    response = client.get(url)

    if page == "article":
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert "Unfinished draft" not in response.text


def test_piece_dated_in_the_future_is_not_yet_visible(client):
    article = PublishedArticleFactory(publish_at=timezone.now() + timedelta(hours=1))

    assert client.get(article.get_absolute_url()).status_code == 404


def test_unknown_pages_are_404(client):
    assert client.get("/articles/no-such-piece/").status_code == 404
    assert client.get("/sections/no-such-section/").status_code == 404
    assert client.get("/authors/nobody/").status_code == 404
    assert client.get("/tags/nothing/").status_code == 404


def test_article_page_shows_byline_in_order_tags_and_reading_time(client):
    first, second = AuthorFactory(name="Ada Byline"), AuthorFactory(name="Ben Second")
    article = PublishedArticleFactory(authors=[first, second], tags=["Libya", "Energy"])

    html = client.get(article.get_absolute_url()).text

    assert html.index("Ada Byline") < html.index("Ben Second")
    assert 'href="/tags/libya/"' in html
    assert "1 min read" in html
    assert html.count("<h1") == 1


def test_listings_are_newest_first(client):
    section = SectionFactory()
    now = timezone.now()
    for title, days_ago in [("Older piece", 2), ("Newer piece", 1)]:
        PublishedArticleFactory(
            section=section, title=title, publish_at=now - timedelta(days=days_ago)
        )

    for url in [reverse("home"), section.get_absolute_url()]:
        html = client.get(url).text
        assert html.index("Newer piece") < html.index("Older piece")


def _build_site(n: int):
    """One section, author and tag shared by 7 published pieces (enough for the front page's
    section rails below its lead and top stories), each with ``n`` authors and ``n`` tags."""
    section = SectionFactory()
    lead_author = AuthorFactory()
    articles = [
        PublishedArticleFactory(
            section=section,
            authors=[lead_author, *AuthorFactory.create_batch(n - 1)],
            tags=["shared", *[f"topic-{i}" for i in range(n - 1)]],
        )
        for _ in range(7)
    ]
    return {
        "home": reverse("home"),
        "article": articles[0].get_absolute_url(),
        "section": section.get_absolute_url(),
        "author": lead_author.get_absolute_url(),
        "tag": reverse("tag_detail", kwargs={"slug": "shared"}),
    }


# Freshness stamp, navigation, the page's rows and their prefetches; the article page adds tags,
# corrections, entity mentions and related pieces.
# The article page: +1 for its citations (Sources list), fetched in one query however many.
# The front page: lead and top stories, section rails (each with its byline prefetch) and the
# month's most mentioned entities.
QUERY_BUDGET = {"home": 7, "article": 10, "section": 6, "author": 6, "tag": 6}


@pytest.mark.parametrize("page", sorted(QUERY_BUDGET))
def test_public_page_query_count_does_not_grow_with_authors_or_tags(client, page):
    """Each public page must cost the same number of queries with 1 author and tag per piece as
    with 10: a template that queries per author or per tag would be an N+1 that readers feel."""
    one = page_queries(client, _build_site(1)[page])
    ten = page_queries(client, _build_site(10)[page])

    assert one == ten
    assert ten <= QUERY_BUDGET[page]


def test_home_leads_with_the_newest_piece_then_latest_then_sections(client):
    economy, climate = SectionFactory(name="Economy"), SectionFactory(name="Climate")
    now = timezone.now()
    for days, title, section in [
        (5, "Old climate piece", climate),
        (3, "Economy piece", economy),
        (1, "Newest piece", climate),
    ]:
        PublishedArticleFactory(title=title, section=section, publish_at=now - timedelta(days=days))

    html = client.get("/").text

    lead = html[html.index('class="lead') : html.index("top-heading")]
    assert "Newest piece" in lead
    top = html[html.index("top-heading") :]
    assert top.index("Economy piece") < top.index("Old climate piece")
    assert html.count("<h1") == 1


def test_home_section_rails_leave_out_the_pieces_shown_above(client):
    section = SectionFactory(name="Economy")
    now = timezone.now()
    for days in range(1, 8):
        PublishedArticleFactory(
            title=f"Piece {days} days old", section=section, publish_at=now - timedelta(days=days)
        )

    html = client.get("/").text

    for days in range(1, 8):
        assert html.count(f"Piece {days} days old") == 1
    rail = html[html.index('id="section-') :]
    assert "Piece 6 days old" in rail and "Piece 5 days old" not in rail


def test_home_shows_pictures_and_the_months_most_mentioned_entities(client, media_root):
    sea = EntityFactory(name="Red Sea", kind="place")
    gulf = EntityFactory(name="Persian Gulf", kind="place")
    old = EntityFactory(name="Caspian Sea", kind="place")
    now = timezone.now()
    pieces = [
        PublishedArticleFactory(
            title=f"Piece {days}",
            publish_at=now - timedelta(days=days),
            hero_image=SimpleUploadedFile("hero.png", png_bytes(64, 36)),
            hero_alt=f"Alt {days}",
        )
        for days in (1, 2, 40)
    ]
    for article, entities in zip(pieces, [[sea, gulf], [sea], [old]], strict=True):
        for entity in entities:
            Mention.objects.create(article=article, entity=entity, count=1, first_offset=0)

    html = client.get("/").text

    lead = html[html.index('class="lead') : html.index("top-heading")]
    assert 'alt="Alt 1"' in lead and 'loading="eager"' in lead
    top = html[html.index("top-heading") :]
    assert 'class="card__image"' in top and 'loading="lazy"' in top
    mentioned = html[html.index("mentioned-heading") :]
    assert mentioned.index("Red Sea") < mentioned.index("Persian Gulf")
    assert "2 pieces" in mentioned and "Caspian Sea" not in mentioned


@pytest.mark.parametrize("page", ["section", "author", "tag"])
def test_list_pages_show_lazy_sized_thumbnails(client, media_root, page):
    section, author = SectionFactory(), AuthorFactory()
    article = PublishedArticleFactory(
        section=section,
        authors=[author],
        tags=["shared"],
        hero_image=SimpleUploadedFile("hero.png", png_bytes(64, 36)),
        hero_alt="A harbour",
    )
    url = {
        "section": section.get_absolute_url(),
        "author": author.get_absolute_url(),
        "tag": reverse("tag_detail", kwargs={"slug": "shared"}),
    }[page]

    html = client.get(url).text

    card = html[html.index("article-card--thumb") :]
    assert 'class="card__thumb"' in card
    assert 'loading="lazy"' in card and 'width="64" height="36"' in card
    assert article.hero_image.url in card


def test_pages_without_a_picture_share_the_publications_card(client):
    article = PublishedArticleFactory()

    for url in ["/", article.get_absolute_url()]:
        html = client.get(url).text
        assert html.count('property="og:image"') == 1
        assert "og-default.png" in html


def test_home_page_two_onwards_is_a_plain_newest_first_list(client):
    PublishedArticleFactory(title="Only piece")

    html = client.get("/?page=1").text

    assert "Latest analysis" in html and "Only piece" in html


def test_related_pieces_share_the_most_topics_first(client):
    article = PublishedArticleFactory(tags=["Libya", "Russia", "Wagner"])
    PublishedArticleFactory(title="Shares one", tags=["Libya"])
    PublishedArticleFactory(title="Shares two", tags=["Libya", "Russia"])
    PublishedArticleFactory(title="Shares none", tags=["Gold"])
    ArticleFactory(title="Unpublished sharer", tags=["Libya", "Russia", "Wagner"])

    html = client.get(article.get_absolute_url()).text
    related = html[html.index("related-heading") :]

    assert related.index("Shares two") < related.index("Shares one")
    assert "Shares none" not in related
    assert "Unpublished sharer" not in related


def test_archive_lists_a_year_and_a_month(client):
    when = timezone.now().replace(year=2025, month=3, day=10)
    PublishedArticleFactory(title="March piece", publish_at=when)
    PublishedArticleFactory(title="Later piece", publish_at=when.replace(month=7))

    year = client.get("/archive/2025/").text
    month = client.get("/archive/2025/3/").text

    assert "March piece" in year and "Later piece" in year
    assert "March piece" in month and "Later piece" not in month
    assert "Nothing was published" in client.get("/archive/2024/").text


@pytest.mark.parametrize("url", ["/archive/2025/13/", "/archive/0/", "/archive/99999/"])
def test_impossible_archive_periods_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_topics_in_any_script_have_pages_and_feeds(client):
    article = PublishedArticleFactory(title="Oil and roubles", tags=["Нефть", "Café"])

    html = client.get(article.get_absolute_url()).text

    topic_url = reverse("tag_detail", kwargs={"slug": "нефть"})
    assert topic_url == "/tags/%D0%BD%D0%B5%D1%84%D1%82%D1%8C/"
    assert f'href="{topic_url}"' in html
    topic = client.get(topic_url)
    assert topic.status_code == 200 and "Oil and roubles" in topic.text
    assert client.get(reverse("tag_feed_rss", kwargs={"slug": "нефть"})).status_code == 200


def test_a_stored_tag_without_an_address_does_not_break_the_article_page(client):
    article = PublishedArticleFactory(title="Punctuation", tags=["!!!"])

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "<span>!!!</span>" in response.text


def test_related_pieces_count_shared_entities_as_well_as_topics(client):
    from articles.entities import article_link_entities
    from people.entities.registry import entity_create
    from people.models import Entity

    entity_create(name="Wagner Group", kind=Entity.Kind.ORGANISATION)
    entity_create(name="Africa Corps", kind=Entity.Kind.ORGANISATION)
    article = PublishedArticleFactory(
        body="<p>The Wagner Group stayed; the Africa Corps came.</p>", tags=["Libya"]
    )
    # Oldest first: only the number of shared subjects can put them in the order asserted.
    names_both = PublishedArticleFactory(
        title="Names both", body="<p>Wagner Group and Africa Corps.</p>"
    )
    both = PublishedArticleFactory(
        title="Names Wagner, tagged Libya", body="<p>Wagner Group.</p>", tags=["Libya"]
    )
    PublishedArticleFactory(title="Tagged Libya", body="<p>Nothing named.</p>", tags=["Libya"])
    for piece in (article, names_both, both):
        article_link_entities(article=piece)

    html = client.get(article.get_absolute_url()).text
    related = html[html.index("related-heading") :]

    assert related.index("Names both") < related.index("Tagged Libya")
    assert related.index("Names Wagner, tagged Libya") < related.index("Tagged Libya")


def test_article_page_says_when_a_piece_was_updated_after_publication(client):
    article = PublishedArticleFactory()

    def article_header(html):
        return html[html.index('class="article__header"') : html.index('class="article__body"')]

    assert "Updated" not in article_header(client.get(article.get_absolute_url()).text)

    with time_machine.travel(timezone.now() + timedelta(days=1)):
        article.title = "Revised headline"
        article.save()
        html = client.get(article.get_absolute_url()).text
    assert "Updated <time" in article_header(html)


def test_printed_article_carries_its_address(client):
    article = PublishedArticleFactory()

    html = client.get(article.get_absolute_url()).text

    assert f'<p class="print-only">http://testserver{article.get_absolute_url()}</p>' in html


@pytest.mark.parametrize("page", sorted(QUERY_BUDGET))
def test_every_public_page_names_one_canonical_address(client, page):
    url = _build_site(1)[page]

    html = client.get(url).text

    assert html.count('rel="canonical"') == 1
    assert f'<link rel="canonical" href="http://testserver{url}' in html
