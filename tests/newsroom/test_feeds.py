"""RSS 2.0 and Atom feeds as a feed reader sees them: well-formed XML with the elements the
specifications require, dates in their formats, the right media types, and only public pieces."""

import html
import re
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
import time_machine
from defusedxml import ElementTree
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    PublishedArticleFactory,
    SectionFactory,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
# RFC 822 as RSS 2.0 requires (with four-digit years, as RFC 1123 and every reader expect).
RFC_822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def rss(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == RSS_TYPE
    root = ElementTree.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ["title", "link", "description"]:
        assert channel.findtext(required), f"<channel> lacks <{required}>"
    assert RFC_822.match(channel.findtext("lastBuildDate"))
    return channel


def atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == ATOM_TYPE
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ["id", "title", "updated"]:
        assert feed.findtext(f"{ATOM}{required}"), f"<feed> lacks <{required}>"
    assert RFC_3339.match(feed.findtext(f"{ATOM}updated"))
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    # RFC 4287: every entry needs an author, its own or the feed's.
    assert feed.findtext(f"{ATOM}author/{ATOM}name")
    return feed


def test_site_rss_feed_lists_published_pieces_with_everything_readers_use(client):
    first, second = AuthorFactory(name="Ada Byline"), AuthorFactory(name="Ben Second")
    article = PublishedArticleFactory(
        title="Reading the ceasefire",
        dek="What the truce <really> says & omits.",
        authors=[first, second],
        tags=["Libya", "Diplomacy"],
    )

    channel = rss(client, reverse("feed_rss"))

    (item,) = channel.findall("item")
    assert item.findtext("title") == "Reading the ceasefire"
    assert item.findtext("link") == f"http://testserver{article.get_absolute_url()}"
    # The description is HTML for feed readers: the standfirst shows exactly as written.
    assert html.unescape(item.findtext("description")) == "What the truce <really> says & omits."
    pub_date = item.findtext("pubDate")
    assert RFC_822.match(pub_date)
    assert parsedate_to_datetime(pub_date) == article.first_published_at.replace(microsecond=0)
    assert [creator.text for creator in item.findall(f"{DC}creator")] == [
        "Ada Byline",
        "Ben Second",
    ]
    assert sorted(category.text for category in item.findall("category")) == [
        "Diplomacy",
        "Libya",
    ]
    guid = item.find("guid")
    assert guid.get("isPermaLink") == "false"
    assert guid.text.startswith("tag:testserver,")
    atom_self = channel.find(f"{ATOM}link[@rel='self']")
    assert atom_self.get("href") == f"http://testserver{reverse('feed_rss')}"


def test_site_atom_feed_has_entries_with_ids_dates_authors_and_categories(client):
    author = AuthorFactory(name="Ada Byline")
    article = PublishedArticleFactory(
        title="Reading the ceasefire", authors=[author], tags=["Libya"]
    )

    feed = atom(client, reverse("feed_atom"))

    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Reading the ceasefire"
    assert entry.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        f"http://testserver{article.get_absolute_url()}"
    )
    assert entry.findtext(f"{ATOM}id").startswith("tag:testserver,")
    for element in ["published", "updated"]:
        assert RFC_3339.match(entry.findtext(f"{ATOM}{element}"))
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Ada Byline"
    assert entry.findtext(f"{ATOM}author/{ATOM}uri") == (
        f"http://testserver{author.get_absolute_url()}"
    )
    assert entry.find(f"{ATOM}category").get("term") == "Libya"
    assert feed.findtext(f"{ATOM}subtitle")


def test_feeds_are_newest_first_and_hold_only_public_pieces(client):
    now = timezone.now()
    PublishedArticleFactory(title="Older", publish_at=now - timedelta(days=2))
    PublishedArticleFactory(title="Newer", publish_at=now - timedelta(days=1))
    ArticleFactory(title="A draft")
    ArticleFactory(title="Unpublished", status=Article.Status.UNPUBLISHED)

    channel = rss(client, reverse("feed_rss"))
    feed = atom(client, reverse("feed_atom"))

    assert [item.findtext("title") for item in channel.findall("item")] == ["Newer", "Older"]
    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == [
        "Newer",
        "Older",
    ]


def test_a_scheduled_piece_enters_the_feeds_at_its_publish_time(client):
    go_live = timezone.now() + timedelta(hours=3)
    PublishedArticleFactory(title="Scheduled", status=Article.Status.SCHEDULED, publish_at=go_live)

    assert rss(client, reverse("feed_rss")).findall("item") == []
    with time_machine.travel(go_live + timedelta(minutes=1)):
        channel = rss(client, reverse("feed_rss"))
        assert [item.findtext("title") for item in channel.findall("item")] == ["Scheduled"]
        # The feed was rebuilt when the piece went live, though it was saved hours before.
        built = parsedate_to_datetime(channel.findtext("lastBuildDate"))
        assert built >= go_live.replace(microsecond=0)


def test_item_ids_survive_a_change_of_address(client):
    article = PublishedArticleFactory(slug="first-address")
    before = rss(client, reverse("feed_rss")).find("item/guid").text

    Article.objects.filter(pk=article.pk).update(slug="second-address")
    item = rss(client, reverse("feed_rss")).find("item")

    assert item.findtext("guid") == before
    assert item.findtext("link").endswith("/second-address/")


def test_feed_carries_a_limited_number_of_items(client, settings):
    settings.NEWSROOM_FEED_ITEMS = 3
    for _ in range(5):
        PublishedArticleFactory()

    assert len(rss(client, reverse("feed_rss")).findall("item")) == 3


@pytest.mark.parametrize("kind", ["section", "author", "tag"])
def test_section_author_and_tag_feeds_hold_only_their_pieces(client, kind):
    section, author = SectionFactory(name="Economy"), AuthorFactory(name="Nadia Rahman")
    PublishedArticleFactory(title="Theirs", section=section, authors=[author], tags=["Gold"])
    PublishedArticleFactory(title="Someone else's", tags=["Silver"])
    ArticleFactory(title="Their draft", section=section, authors=[author], tags=["Gold"])
    slug = {"section": section.slug, "author": author.slug, "tag": "gold"}[kind]
    name = {"section": "Economy", "author": "Nadia Rahman", "tag": "Gold"}[kind]

    channel = rss(client, reverse(f"{kind}_feed_rss", kwargs={"slug": slug}))
    feed = atom(client, reverse(f"{kind}_feed_atom", kwargs={"slug": slug}))

    assert name in channel.findtext("title")
    assert [item.findtext("title") for item in channel.findall("item")] == ["Theirs"]
    assert [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")] == ["Theirs"]


@pytest.mark.parametrize("kind", ["section", "author", "tag"])
def test_feeds_of_unknown_sections_authors_and_tags_are_404(client, kind):
    assert client.get(reverse(f"{kind}_feed_rss", kwargs={"slug": "nothing"})).status_code == 404
    assert client.get(reverse(f"{kind}_feed_atom", kwargs={"slug": "nothing"})).status_code == 404


def test_empty_feeds_are_still_valid(client):
    channel = rss(client, reverse("feed_rss"))
    feed = atom(client, reverse("feed_atom"))

    assert channel.findall("item") == []
    assert feed.findall(f"{ATOM}entry") == []


def test_corrections_feed_lists_corrections_to_public_pieces_newest_first(client):
    now = timezone.now()
    article = PublishedArticleFactory(title="Floods in Derna")
    Correction.objects.create(
        article=article,
        kind=Correction.Kind.CORRECTION,
        text="An earlier version misdated the floods.",
        created_at=now - timedelta(hours=2),
    )
    Correction.objects.create(
        article=article,
        kind=Correction.Kind.UPDATE,
        text="Added the UN's casualty figures.",
        created_at=now - timedelta(hours=1),
    )
    withdrawn = ArticleFactory(title="Withdrawn piece", status=Article.Status.UNPUBLISHED)
    Correction.objects.create(article=withdrawn, kind="correction", text="Hidden.")

    channel = rss(client, reverse("corrections_feed_rss"))
    feed = atom(client, reverse("corrections_feed_atom"))

    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Update: Floods in Derna",
        "Correction: Floods in Derna",
    ]
    assert html.unescape(items[0].findtext("description")) == "Added the UN's casualty figures."
    assert items[0].findtext("link").startswith(f"http://testserver{article.get_absolute_url()}")
    assert RFC_822.match(items[0].findtext("pubDate"))
    assert items[0].findtext("guid") != items[1].findtext("guid")
    assert len(feed.findall(f"{ATOM}entry")) == 2


def test_pages_advertise_their_feeds(client):
    section, author = SectionFactory(), AuthorFactory()
    PublishedArticleFactory(section=section, authors=[author], tags=["Gold"])

    home = client.get(reverse("home")).text
    assert f'type="application/rss+xml" title="Newsroom (RSS)" href="{reverse("feed_rss")}"' in home
    assert f'type="application/atom+xml" title="Newsroom (Atom)" href="{reverse("feed_atom")}"' in (
        home
    )
    assert f'href="{reverse("corrections_feed_rss")}"' in home
    pages = {
        section.get_absolute_url(): reverse("section_feed_rss", kwargs={"slug": section.slug}),
        author.get_absolute_url(): reverse("author_feed_atom", kwargs={"slug": author.slug}),
        reverse("tag_detail", kwargs={"slug": "gold"}): reverse(
            "tag_feed_rss", kwargs={"slug": "gold"}
        ),
    }
    for page, feed in pages.items():
        head = client.get(page).text.split("</head>")[0]
        assert 'rel="alternate"' in head
        assert f'href="{feed}"' in head
        # The page's own feed comes before the site's, so readers pick it first.
        assert head.index(f'href="{feed}"') < head.index(f'href="{reverse("feed_rss")}"')


def _build(n: int) -> dict[str, str]:
    """A section, author and tag shared by ``n`` pieces with ``n`` authors and ``n`` tags each,
    and ``n`` corrections."""
    section, author = SectionFactory(), AuthorFactory()
    for i in range(n):
        article = PublishedArticleFactory(
            section=section,
            authors=[author, *AuthorFactory.create_batch(n - 1)],
            tags=[f"shared-{n}", *[f"topic-{n}-{i}-{j}" for j in range(n - 1)]],
        )
        Correction.objects.create(article=article, kind="update", text=f"Update {i}.")
    urls = {
        "feed": reverse("feed_rss"),
        "corrections_feed": reverse("corrections_feed_rss"),
        "section_feed": reverse("section_feed_rss", kwargs={"slug": section.slug}),
        "author_feed": reverse("author_feed_rss", kwargs={"slug": author.slug}),
        "tag_feed": reverse("tag_feed_rss", kwargs={"slug": f"shared-{n}"}),
    }
    return urls | {f"{name}_atom": url.replace("/rss/", "/atom/") for name, url in urls.items()}


@pytest.mark.parametrize(
    "feed",
    [
        f"{name}{variant}"
        for name in ["feed", "corrections_feed", "section_feed", "author_feed", "tag_feed"]
        for variant in ["", "_atom"]
    ],
)
def test_feed_query_count_does_not_grow_with_items_authors_or_tags(client, feed):
    """A feed must cost the same few queries for 1 item with 1 author and tag as for 10 items
    with 10 authors and tags each: feed readers poll often, and an N+1 here multiplies."""
    one = page_queries(client, _build(1)[feed])
    ten = page_queries(client, _build(10)[feed])

    assert one == ten
    assert ten <= 5


def test_a_feed_builds_no_tag_query_per_item(client, monkeypatch):
    """The items' tags come from one prefetch into a list: filling each item's tag manager
    instead built (and never ran) a filtered queryset per item, a fifth of a feed's time."""
    from taggit.models import TaggedItem

    for number in range(3):
        PublishedArticleFactory(tags=[f"topic {number}", "common"])
    built = []
    original = TaggedItem.tags_for.__func__
    monkeypatch.setattr(
        TaggedItem,
        "tags_for",
        classmethod(
            lambda cls, *args, **kwargs: built.append(args) or original(cls, *args, **kwargs)
        ),
    )

    categories = [
        sorted(category.text for category in item.findall("category"))
        for item in rss(client, reverse("feed_rss")).findall("item")
    ]

    assert categories == [["common", f"topic {number}"] for number in (2, 1, 0)]
    # (tags_for without an instance is the prefetch's own single query.)
    assert [instance for _model, instance in built if instance is not None] == []


def test_feeds_are_cached_yet_show_a_new_piece_at_once(client, page_cache):
    PublishedArticleFactory(title="First")
    assert len(rss(client, reverse("feed_rss")).findall("item")) == 1

    PublishedArticleFactory(title="Second")

    titles = [item.findtext("title") for item in rss(client, reverse("feed_rss")).findall("item")]
    assert titles == ["Second", "First"]


def test_feeds_answer_conditional_requests_and_let_cdns_keep_them_briefly(client):
    PublishedArticleFactory()
    first = client.get(reverse("feed_atom"))

    again = client.get(reverse("feed_atom"), headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304
    assert "public" in first["Cache-Control"]
    assert "s-maxage" in first["Cache-Control"]


def test_entity_feed_lists_published_pieces_that_mention_the_entity(client):
    from articles.entities import article_link_entities
    from people.entities.registry import entity_create
    from people.models import Entity

    entity = entity_create(name="Chatham House", kind=Entity.Kind.ORGANISATION)
    naming = PublishedArticleFactory(title="Naming it", body="<p>Chatham House said so.</p>")
    other = PublishedArticleFactory(title="Not naming it", body="<p>Nobody said so.</p>")
    for piece in (naming, other):
        article_link_entities(article=piece)

    rss = client.get(f"/feeds/entities/{entity.slug}/rss/")
    atom = client.get(f"/feeds/entities/{entity.slug}/atom/")

    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Naming it" in rss.text and "Not naming it" not in rss.text
    assert "Naming it" in atom.text
    assert client.get("/feeds/entities/nobody/rss/").status_code == 404
