import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from articles.models import Article, Section
from people.models import Author

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

    assert Article.objects.published().count() >= 3
    assert Article.objects.filter(status=Article.Status.DRAFT).count() >= 1
    assert Author.objects.count() == 2
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


def test_demo_pieces_are_not_marked_as_updated(client):
    call_command("load_demo")

    for article in Article.objects.published():
        assert not article.was_updated
