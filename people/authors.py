"""Finding the Author a byline names, or adding one."""

import unicodedata

from django.db import transaction

from people.models import Author
from people.slugs import unique_slug

SLUG_MAX_LENGTH = Author._meta.get_field("slug").max_length


def unique_author_slug(name: str) -> str:
    """Return a slug for ``name`` that no other author uses, adding -2, -3… when taken."""
    return unique_slug(
        name,
        max_length=SLUG_MAX_LENGTH,
        fallback="author",
        taken=lambda base: Author.objects.filter(slug__startswith=base).values_list(
            "slug", flat=True
        ),
    )


def author_find_by_name(*, name: str) -> Author | None:
    """Return the author called ``name`` regardless of case, preferring the exact spelling and
    then the oldest. (SQLite compares case only for ASCII letters; PostgreSQL for all.)"""
    matches = list(Author.objects.filter(name__iexact=_normalize(name)).order_by("pk"))
    exact = [author for author in matches if author.name == _normalize(name)]
    return (exact or matches or [None])[0]


def _normalize(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


@transaction.atomic
def author_get_or_create(*, name: str) -> tuple[Author, bool]:
    """Return the author called ``name`` and False, or a new author so called and True."""
    name = _normalize(name)
    existing = author_find_by_name(name=name)
    if existing is not None:
        return existing, False
    author = Author(name=name, slug=unique_author_slug(name))
    author.full_clean()
    author.save()
    return author, True


@transaction.atomic
def author_profile_get_or_create(*, user) -> Author:
    """Return the author profile ``user`` signs pieces with, creating it on first use from the
    account's full name (or its username when the account has no name), so that a writer's
    new piece carries their byline without anyone setting it up."""
    existing = Author.objects.filter(user=user).first()
    if existing is not None:
        return existing
    name = _normalize(user.get_full_name()) or user.get_username()
    author = Author(name=name, slug=unique_author_slug(name), user=user)
    author.full_clean()
    author.save()
    return author
