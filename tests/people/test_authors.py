import pytest

from people.authors import author_get_or_create, author_profile_get_or_create
from people.models import Author
from tests.factories import AuthorFactory, UserFactory

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


def test_a_writers_profile_is_made_from_the_accounts_name_once():
    user = UserFactory(username="wwriter", first_name="Wanda", last_name="Writer")

    first = author_profile_get_or_create(user=user)
    again = author_profile_get_or_create(user=user)

    assert (first.name, first.slug, first.user) == ("Wanda Writer", "wanda-writer", user)
    assert again == first
    assert Author.objects.count() == 1


def test_an_account_without_a_name_signs_with_its_username():
    user = UserFactory(username="kofi", first_name="", last_name="")

    assert author_profile_get_or_create(user=user).name == "kofi"
