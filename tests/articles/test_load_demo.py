import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from articles.models import Article, Citation, Correction, Section
from people.models import Author, Entity

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Article.objects.values_list("slug", "status", "updated_at")),
        Section.objects.count(),
        Author.objects.count(),
        sorted(get_user_model().objects.values_list("username", "password")),
    )


def test_load_demo_creates_a_browsable_newsroom(client, capsys):
    call_command("load_demo")

    assert Article.objects.published().count() >= 10
    assert Article.objects.filter(status=Article.Status.DRAFT).count() >= 1
    assert Author.objects.count() >= 2
    User = get_user_model()
    assert User.objects.get(username="editor").groups.filter(name="Editors").exists()
    assert User.objects.get(username="writer").groups.filter(name="Writers").exists()
    assert "editor-demo-password" in capsys.readouterr().out
    # django-axes checks every sign-in against the request it comes with.
    assert client.login(request=HttpRequest(), username="writer", password="writer-demo-password")
    home = client.get("/").text
    for article in Article.objects.published():
        assert article.title.replace("'", "&#x27;") in home


def test_load_demo_twice_changes_nothing():
    call_command("load_demo")
    before = _snapshot()

    call_command("load_demo")

    assert _snapshot() == before


def test_load_demo_is_refused_where_demo_accounts_would_be_unsafe(settings):
    settings.NEWSROOM_ALLOW_DEMO_CONTENT = False

    with pytest.raises(CommandError, match="refused"):
        call_command("load_demo")
    assert not get_user_model().objects.filter(username="editor").exists()


def test_demo_shows_every_feature(client):
    """A newcomer's first look must show what the product does: pictures, linked entities,
    verified sources with footnotes, corrections, and pieces at each stage of the workflow."""
    call_command("load_demo")
    published = Article.objects.published()

    assert len({article.section_id for article in published}) >= 4
    assert all(article.word_count >= 240 for article in published)
    illustrated = published.exclude(hero_image="")
    assert illustrated.count() >= 5
    assert all(a.hero_alt and a.hero_caption and a.hero_credit for a in illustrated)
    assert all(a.hero_renditions for a in illustrated)
    assert Author.objects.exclude(headshot="").count() >= 2
    assert all(article.mentions.exists() for article in published)
    assert Entity.objects.exclude(description="").filter(aliases__isnull=False).exists()
    verified_quotes = Citation.objects.filter(
        kind=Citation.Kind.QUOTE, verification=Citation.Verification.VERIFIED
    )
    assert verified_quotes.exclude(speaker=None).count() >= 5
    assert Correction.objects.filter(kind=Correction.Kind.CORRECTION).exists()
    assert Correction.objects.filter(kind=Correction.Kind.UPDATE).exists()
    assert (
        Article.objects.filter(status=Article.Status.SCHEDULED).exclude(pk__in=published).exists()
    )
    returned = Article.objects.get(status=Article.Status.CHANGES_REQUESTED)
    assert returned.transitions.filter(to_state="changes_requested").exclude(comment="").exists()
    sahel = Article.objects.get(slug="sahel-patrons-small-states")
    assert sahel.section.slug == "africa"

    page = client.get(sahel.get_absolute_url()).text
    assert 'class="footnote-ref"' in page
    assert "An earlier version said" in page


def test_only_the_demo_piece_with_an_update_note_is_marked_as_updated():
    call_command("load_demo")

    updated = [article.slug for article in Article.objects.published() if article.was_updated]
    assert updated == list(
        Correction.objects.filter(kind=Correction.Kind.UPDATE).values_list(
            "article__slug", flat=True
        )
    )
