import re
from datetime import UTC, datetime

import pytest
from django.template import engines
from django.test import override_settings

from articles.models import Article
from tests.factories import AuthorFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load public %}" + source).render(context)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Ada Lane"], "Ada Lane"),
        (["Ada Lane", "Ben Roe"], "Ada Lane and Ben Roe"),
        (["Ada Lane", "Ben Roe", "Cy Dunn"], "Ada Lane, Ben Roe and Cy Dunn"),
    ],
)
def test_the_byline_names_the_authors_in_order_with_links(names, expected):
    authors = [AuthorFactory(name=name) for name in names]
    piece = PublishedArticleFactory(authors=authors)

    html = render("{{ article|byline }}", article=Article.objects.with_byline().get(pk=piece.pk))

    assert re.sub(r"<[^>]+>", "", html) == expected
    assert re.findall(r'<a href="([^"]+)" rel="author">', html) == [
        author.get_absolute_url() for author in authors
    ]


def test_the_byline_escapes_what_an_author_typed():
    author = AuthorFactory(name='<script>alert("x")</script> & Co')
    piece = PublishedArticleFactory(authors=[author])

    html = render("{{ article|byline }}", article=Article.objects.with_byline().get(pk=piece.pk))

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html


@override_settings(TIME_ZONE="Europe/London")
def test_a_time_element_shows_the_local_date_and_the_moment_to_the_second():
    # 23:30 UTC on 30 June is already 1 July in London (summer time).
    moment = datetime(2026, 6, 30, 23, 30, 15, 123456, tzinfo=UTC)

    html = render("{{ moment|time_element }}", moment=moment)

    assert html == '<time datetime="2026-07-01T00:30:15+01:00">1 July 2026</time>'


def test_no_moment_gives_no_time_element():
    assert render("{{ moment|time_element }}", moment=None) == ""


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_a_time_element_shows_the_date_as_djangos_date_format_would(language):
    from django.utils import dateformat, timezone, translation

    moments = [datetime(2026, month, 9, 12, 0, tzinfo=UTC) for month in range(1, 13)]
    with translation.override(language):
        for moment in moments:
            shown = dateformat.format(timezone.localtime(moment), "j F Y")

            assert re.sub(r"<[^>]+>", "", render("{{ m|time_element }}", m=moment)) == shown


def test_a_time_element_follows_the_language_of_each_request_in_one_process():
    from django.utils import translation

    moment = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
    shown = []
    for language in ["en", "fr", "de", "en"]:
        with translation.override(language):
            shown.append(re.sub(r"<[^>]+>", "", render("{{ m|time_element }}", m=moment)))

    assert shown == ["9 March 2026", "9 mars 2026", "9 März 2026", "9 March 2026"]
