"""Finding 8: no Content-Security-Policy and no Permissions-Policy on public pages or in the
admin, which renders text written by users. (Production refusing ALLOWED_HOSTS=* is tested with
the other production settings in tests/newsroom/test_settings.py.)"""

import re

import pytest

from tests.factories import ArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def assert_strict(response):
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_public_pages_send_a_strict_policy(client):
    article = PublishedArticleFactory()
    for url in ("/", article.get_absolute_url(), "/search/?q=x", "/feeds/rss/"):
        assert_strict(client.get(url))


def test_admin_pages_send_a_strict_policy_and_the_editor_gets_its_nonce(client, writer):
    client.force_login(writer)
    article = ArticleFactory(created_by=writer)
    assert_strict(client.get("/admin/"))
    response = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert_strict(response)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
    # The editor's import map is the one inline script; it carries the request's nonce.
    assert f'<script type="importmap" nonce="{nonce}">' in response.text
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.text)
    for attributes in inline:
        assert (
            f'nonce="{nonce}"' in attributes
            or "application/json" in attributes
            or ("application/ld+json" in attributes)
        ), attributes
