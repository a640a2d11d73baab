import json
import re

import pytest

from articles.services import correction_add
from tests.factories import AuthorFactory, PublishedArticleFactory, SectionFactory, user_in_role

pytestmark = pytest.mark.django_db


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match[1])


def test_article_page_describes_itself_as_a_news_article(client):
    section = SectionFactory(name="Economy")
    author = AuthorFactory(name="Ada Byline")
    article = PublishedArticleFactory(
        title="Gold and sanctions", section=section, authors=[author], tags=["Gold"]
    )
    correction_add(
        article=article, by=user_in_role("Editors", "ed"), kind="correction", text="Fixed a year."
    )

    graph = _jsonld(client.get(article.get_absolute_url()).text)["@graph"]
    news, breadcrumbs = graph

    assert news["@type"] == "NewsArticle"
    assert news["headline"] == "Gold and sanctions"
    assert news["url"] == f"http://testserver{article.get_absolute_url()}"
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Ada Byline",
            "url": f"http://testserver/authors/{author.slug}/",
        }
    ]
    assert news["datePublished"] == article.first_published_at.isoformat()
    assert news["publisher"]["@type"] == "NewsMediaOrganization"
    assert news["correction"][0]["text"] == "Fixed a year."
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == [
        "Home",
        "Economy",
        "Gold and sanctions",
    ]


def test_text_in_json_ld_can_never_close_the_script_element(client):
    article = PublishedArticleFactory(title="</script><script>alert(1)</script> & more")

    html = client.get(article.get_absolute_url()).text

    assert "</script><script>alert(1)" not in html
    assert _jsonld(html)["@graph"][0]["headline"].startswith("</script>")


def test_article_page_has_canonical_and_link_preview_metadata(client):
    article = PublishedArticleFactory(title="Ports & power", dek="Who runs the terminals.")

    html = client.get(article.get_absolute_url()).text

    url = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="Ports &amp; power">' in html
    assert '<meta property="og:description" content="Who runs the terminals.">' in html
    # No picture of its own: the publication's card, so a share is never blank.
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'content="http://testserver/static/og-default.png"' in html
    assert '<meta name="description" content="Who runs the terminals.">' in html


def test_a_piece_without_a_standfirst_is_described_by_its_opening_words(client):
    from django.utils.text import Truncator

    from articles.richtext import html_to_text

    body = "".join(f"<p>Paragraph {n} says what happened on day {n}.</p>" for n in range(400))
    article = PublishedArticleFactory(dek="", body=body)

    page = client.get(article.get_absolute_url()).text

    opening = Truncator(html_to_text(body, one_line=True)).words(40, truncate="…")
    assert _jsonld(page)["@graph"][0]["description"] == opening
    assert f'<meta name="description" content="{opening}">' in page
