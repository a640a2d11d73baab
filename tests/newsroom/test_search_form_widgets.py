"""The search form's selects are drawn in Python for speed; they must draw what Django would."""

import pytest
from django import forms
from django.core.cache import cache
from django.test.html import parse_html

from newsroom.forms import PlainSelect, SearchForm
from tests.factories import ArticleFactory, AuthorFactory, PublishedArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def _keep_the_options(settings, field: str) -> None:
    """Draw ``field`` once with the figures cache on: later forms draw the options kept then,
    escaped when kept (never escaped twice)."""
    settings.NEWSROOM_FIGURES_CACHE_SECONDS = 600
    cache.clear()
    str(SearchForm()[field])


@pytest.mark.parametrize("kept", [False, True], ids=["computed", "kept between requests"])
@pytest.mark.parametrize("chosen", ["", "economy", "no-such-section"])
def test_a_plain_select_draws_the_same_markup_as_djangos(chosen, kept, settings):
    SectionFactory(name="Economy", slug="economy")
    SectionFactory(name="Café & <Culture>", slug="cafe-culture")
    if kept:
        _keep_the_options(settings, "section")
    form = SearchForm({"q": "water", "section": chosen})
    form.is_valid()
    field = form["section"]

    ours = field.as_widget()
    djangos = field.as_widget(widget=forms.Select(choices=field.field.choices))

    assert isinstance(field.field.widget, PlainSelect)
    assert parse_html(ours) == parse_html(djangos)
    if chosen == "no-such-section":
        assert 'aria-invalid="true"' in ours


def test_the_author_select_lists_only_published_writers():
    PublishedArticleFactory(authors=[AuthorFactory(name="Amal Haddad")])
    ArticleFactory(authors=[AuthorFactory(name="Quiet Writer")])

    html = str(SearchForm()["author"])

    assert "Amal Haddad" in html
    assert "Quiet Writer" not in html


@pytest.mark.parametrize("kept", [False, True], ids=["computed", "kept between requests"])
@pytest.mark.parametrize("chosen", ["", "o-brien", "nobody"])
def test_the_author_select_draws_the_same_markup_as_djangos(chosen, kept, settings):
    PublishedArticleFactory(authors=[AuthorFactory(name="Siobhán O'Brien", slug="o-brien")])
    PublishedArticleFactory(authors=[AuthorFactory(name='Ada "Quotes" & <Co>', slug="ada")])
    if kept:
        _keep_the_options(settings, "author")
    form = SearchForm({"q": "water", "author": chosen})
    form.is_valid()
    field = form["author"]

    ours = field.as_widget()
    # Django's select of the field's own choices: the published authors, read afresh.
    djangos = field.as_widget(widget=forms.Select(choices=field.field.choices))

    assert parse_html(ours) == parse_html(djangos)
    assert ours.count(" selected") == (1 if chosen != "nobody" else 0)
