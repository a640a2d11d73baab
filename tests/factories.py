"""Factories for the test suite: each builds a valid object with as little said as possible."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, Authorship, Section
from people.models import Author, Entity, EntityAlias, EntitySuggestion


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    bio = "Writes about things."


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft by default; ``PublishedArticleFactory`` for a live piece.

    ``authors`` and ``tags`` take lists: ``ArticleFactory(authors=[a, b], tags=["x"])``.
    """

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Analysis number {n}")
    slug = factory.Sequence(lambda n: f"analysis-{n}")
    dek = "What the piece argues, in one sentence."
    body = "<p>First paragraph of the analysis.</p><p>Second paragraph.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.DRAFT

    @factory.post_generation
    def authors(article, create, extracted, **kwargs):
        if not create:
            return
        for position, author in enumerate(extracted or [AuthorFactory()]):
            Authorship.objects.create(article=article, author=author, position=position)

    @factory.post_generation
    def tags(article, create, extracted, **kwargs):
        if create and extracted:
            article.tags.set(extracted)

    @factory.post_generation
    def first_revision(article, create, extracted, **kwargs):
        # Every real way of creating a piece records its first revision; so do test pieces.
        if create:
            from articles.revisions import revision_create

            revision_create(article=article, by=None)


class PublishedArticleFactory(ArticleFactory):
    """A live piece. Set ``publish_at`` to move when it went (or goes) live."""

    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(timezone.now)
    first_published_at = factory.SelfAttribute("publish_at")

    @factory.post_generation
    def pages_invalidated(article, create, extracted, **kwargs):
        # Publishing through the workflow tells the page cache; so does a test piece.
        if create:
            from articles.caching import article_pages_invalidate

            article_pages_invalidate(article=article)


def user_in_role(role: str, username: str, **kwargs):
    """Return a staff user in the "Writers" or "Editors" group."""
    from django.contrib.auth.models import Group

    user = UserFactory(username=username, **kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


class EntityFactory(factory.django.DjangoModelFactory):
    """An entity; ``aliases`` takes a list of names: ``EntityFactory(aliases=["LNA"])``."""

    class Meta:
        model = Entity
        skip_postgeneration_save = True

    kind = Entity.Kind.PERSON
    name = factory.Sequence(lambda n: f"Entity Number{n}")
    slug = factory.Sequence(lambda n: f"entity-{n}")
    description = "Who or what this is, in a sentence."

    @factory.post_generation
    def aliases(entity, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                EntityAlias.objects.create(entity=entity, name=name)


class EntitySuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntitySuggestion

    name = factory.Sequence(lambda n: f"Suggested Name{n}")
    kind = Entity.Kind.ORGANISATION
    aliases = factory.LazyFunction(list)


class CitationFactory(factory.django.DjangoModelFactory):
    """A confirmed quotation on a published piece unless told otherwise."""

    class Meta:
        model = "articles.Citation"
        skip_postgeneration_save = True

    article = factory.SubFactory(PublishedArticleFactory)
    kind = "quote"
    quote = factory.Sequence(lambda n: f"Words said, number {n}.")
    review = "confirmed"
    number = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def ledger_refreshed(citation, create, extracted, **kwargs):
        # The citation services keep the quote ledger's rows current; so does a test citation.
        if create:
            from articles.ledger import ledger_piece_refresh

            ledger_piece_refresh(article=citation.article_id)
