"""Write operations on articles that every entry point (admin, import, commands) shares."""

from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.db import transaction
from django.utils.text import slugify

from articles import caching, roles
from articles.entities import article_link_entities
from articles.images import article_hero_renditions_refresh
from articles.models import Article, Authorship, Correction, Section
from articles.revisions import revision_create
from people.models import Author

SLUG_MAX_LENGTH = Article._meta.get_field("slug").max_length


def unique_article_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """Return a slug for ``title`` that no other article uses, adding -2, -3… when taken."""
    base = slugify(title)[: SLUG_MAX_LENGTH - 6].strip("-") or "article"
    taken = Article.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    taken_slugs = set(taken.values_list("slug", flat=True))
    candidate, counter = base, 1
    while candidate in taken_slugs:
        counter += 1
        candidate = f"{base}-{counter}"
    return candidate


@transaction.atomic
def article_create(
    *,
    title: str,
    body: str,
    by: AbstractBaseUser | None,
    dek: str = "",
    slug: str = "",
    section: Section | None = None,
    authors: Sequence[Author] = (),
    tags: Iterable[str] = (),
    hero_image: File | None = None,
    hero_alt: str = "",
    hero_caption: str = "",
    hero_credit: str = "",
) -> Article:
    """Create a draft with its byline (in the order given), tags and image, in one transaction,
    and record it as the first revision.

    ``by`` is the account doing it (None for system jobs such as imports run from a shell).
    The image is stored without its metadata and its renditions are made here; a damaged image
    is a ValidationError and nothing is created.
    """
    article = Article(
        title=title,
        slug=slug or unique_article_slug(title),
        dek=dek,
        body=body,
        section=section,
        status=Article.Status.DRAFT,
        created_by=by,
        hero_alt=hero_alt,
        hero_caption=hero_caption,
        hero_credit=hero_credit,
    )
    if hero_image is not None:
        article.hero_image = hero_image
    article.full_clean(exclude=["authors"])
    article.save()
    if article.hero_image:
        article_hero_renditions_refresh(article=article)
    Authorship.objects.bulk_create(
        Authorship(article=article, author=author, position=position)
        for position, author in enumerate(authors)
    )
    # A tag without a letter or digit ("!!!") would have no address on the site.
    tag_names = [name.strip() for name in tags if any(char.isalnum() for char in name)]
    if tag_names:
        article.tags.set(tag_names)
    article_link_entities(article=article)
    revision_create(article=article, by=by)
    return article


class CorrectionError(Exception):
    """A correction that may not be added; the message says why."""


@transaction.atomic
def correction_add(*, article: Article, by, kind: str, text: str) -> Correction:
    """Attach a dated correction or update note to a piece that has been published."""
    if not roles.is_editor(by):
        raise CorrectionError("Only editors can add corrections.")
    if article.first_published_at is None:
        raise CorrectionError("Corrections are for published pieces; edit the draft instead.")
    if not text.strip():
        raise CorrectionError("Say what was corrected or updated.")
    if kind not in Correction.Kind.values:
        raise CorrectionError(f"Unknown kind of note: {kind!r}.")
    correction = Correction.objects.create(
        article=article, created_by=by, kind=kind, text=text.strip()
    )
    caching.correction_pages_invalidate(article=article)
    return correction
