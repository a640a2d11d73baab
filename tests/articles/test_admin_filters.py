"""The article list's author filter: one drop-down, Django's parameters, the rest of the list's
state kept."""

import re
from html import unescape

import pytest
from django.urls import reverse

from articles.models import Authorship
from tests.factories import ArticleFactory, AuthorFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db

LIST = "admin:articles_article_changelist"


def _author_filter(html: str) -> str:
    start = html.index('data-filter-title="authors"')
    return html[start : html.index("</details>", start)]


def _titles(html: str) -> list[str]:
    return sorted(
        unescape(t) for t in re.findall(r'<th class="field-title"><a [^>]*>([^<]*)</a>', html)
    )


def test_the_author_filter_is_one_select_of_every_author_not_a_link_each(superuser_client):
    authors = [AuthorFactory(name=f"Writer {number:02}") for number in range(30)]
    PublishedArticleFactory(authors=authors[:2])

    html = superuser_client.get(reverse(LIST)).content.decode()

    panel = _author_filter(html)
    options = re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', panel)
    assert options[0] == ("", "All")
    assert {name for _value, name in options[1:]} == {author.name for author in authors}
    assert "authors__id__exact=" not in panel
    assert 'name="authors__id__exact"' in panel


def test_choosing_an_author_keeps_the_search_and_other_filters(superuser_client):
    chosen, other = AuthorFactory(name="Chosen Writer"), AuthorFactory(name="Other Writer")
    PublishedArticleFactory(title="Sahel analysis", authors=[chosen])
    PublishedArticleFactory(title="Sahel brief", authors=[other])
    ArticleFactory(title="Sahel draft", authors=[chosen])
    url = reverse(LIST)

    html = superuser_client.get(url, {"q": "sahel", "status__exact": "published"}).content.decode()
    panel = _author_filter(html)
    kept = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', panel))
    # What the form sends when the chosen author is picked and Filter pressed:
    sent = {**kept, "authors__id__exact": str(chosen.pk)}
    filtered = superuser_client.get(url, sent).content.decode()

    assert kept == {"q": "sahel", "status__exact": "published"}
    assert _titles(filtered) == ["Sahel analysis"]
    assert f'<option value="{chosen.pk}" selected>Chosen Writer</option>' in _author_filter(
        filtered
    )


def test_pieces_without_an_author_are_one_link_away(superuser_client):
    PublishedArticleFactory(title="Bylined", authors=[AuthorFactory()])
    unsigned = ArticleFactory(title="Unsigned editorial")
    Authorship.objects.filter(article=unsigned).delete()
    html = superuser_client.get(reverse(LIST)).content.decode()
    (none_link,) = re.findall(r'<a href="([^"]*authors__isnull=True[^"]*)"', _author_filter(html))

    listed = superuser_client.get(reverse(LIST) + unescape(none_link)).content.decode()

    assert _titles(listed) == ["Unsigned editorial"]


@pytest.mark.parametrize("state", [{}, {"q": "sahel", "status__exact": "published"}])
def test_row_links_carry_the_lists_search_and_filters_as_djangos_do(superuser_client, state):
    from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
    from django.utils.http import urlencode

    from articles.models import Article

    article = PublishedArticleFactory(title="Sahel analysis")
    html = superuser_client.get(reverse(LIST), state).content.decode()

    (link,) = re.findall(r'<th class="field-title"><a href="([^"]*)"', html)
    preserved = urlencode({"_changelist_filters": urlencode(state)}) if state else ""
    expected = add_preserved_filters(
        {"preserved_filters": preserved, "opts": Article._meta},
        reverse("admin:articles_article_change", args=[article.pk]),
    )
    assert unescape(link) == expected
    assert ("_changelist_filters=q%3Dsahel" in link) == bool(state)
