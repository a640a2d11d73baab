import pytest

from people.authors import author_get_or_create
from people.models import Author
from tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def test_an_existing_author_is_found_whatever_the_case_and_spacing():
    existing = AuthorFactory(name="Brenna Haggerty")

    author, created = author_get_or_create(name="  brenna   HAGGERTY ")

    assert (author, created) == (existing, False)


def test_a_new_author_gets_a_unique_ascii_slug():
    AuthorFactory(name="Someone Else", slug="jose-alvarez")

    author, created = author_get_or_create(name="José Álvarez")

    assert created
    assert (author.name, author.slug) == ("José Álvarez", "jose-alvarez-2")


def test_names_without_latin_letters_still_get_a_slug():
    author, _created = author_get_or_create(name="محمد علي")

    assert author.slug == "author"
    assert Author.objects.get(slug="author").name == "محمد علي"
