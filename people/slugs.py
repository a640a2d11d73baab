"""Addresses for new rows: one rule for articles, authors and entities."""

from collections.abc import Callable, Iterable

from django.utils.text import slugify

# Room left at the end of a slug for "-2", "-3"… when the plain one is taken.
_SUFFIX_ROOM = 6


def unique_slug(
    text: str, *, max_length: int, fallback: str, taken: Callable[[str], Iterable[str]]
) -> str:
    """Return the slug of ``text`` (``fallback`` when it has no letters or digits), with -2,
    -3… added when taken. ``taken(base)`` returns the slugs in use that start with ``base``
    (current ones, and old addresses that still redirect)."""
    base = slugify(text)[: max_length - _SUFFIX_ROOM].strip("-") or fallback
    in_use = set(taken(base))
    candidate, counter = base, 1
    while candidate in in_use:
        counter += 1
        candidate = f"{base}-{counter}"
    return candidate
