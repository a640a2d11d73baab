"""Media on S3-compatible object storage, against a real local S3 server (moto's server mode)."""

import urllib.request

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from newsroom.settings.storage import media_storage_from_environment
from people.models import Author
from tests.articles.admin_forms import change_form_data
from tests.articles.test_images import tags
from tests.conftest import bucket_keys
from tests.factories import ArticleFactory, AuthorFactory, UserFactory
from tests.images import image_bytes, jpeg_with_gps
from tests.queue import go_live


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local test server
        return response.status, response.headers["Content-Type"], response.read()


def test_without_a_bucket_media_stay_on_disk(monkeypatch):
    for name in ("MEDIA_STORAGE_URL", "AWS_STORAGE_BUCKET_NAME"):
        monkeypatch.delenv(name, raising=False)

    assert media_storage_from_environment() is None


def test_a_storage_url_names_bucket_and_prefix(monkeypatch):
    monkeypatch.setenv("MEDIA_STORAGE_URL", "s3://newsroom-media/production/")
    monkeypatch.setenv("MEDIA_SIGNED_URLS", "true")

    storage = media_storage_from_environment()

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "newsroom-media"
    assert storage["OPTIONS"]["location"] == "production"
    assert storage["OPTIONS"]["querystring_auth"] is True


def test_a_malformed_storage_url_stops_the_server_with_its_name(monkeypatch):
    monkeypatch.setenv("MEDIA_STORAGE_URL", "https://bucket.example.org")

    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE_URL"):
        media_storage_from_environment()


@pytest.fixture
def chief(client, db):
    client.force_login(UserFactory(username="chief", is_superuser=True))
    return client


@pytest.mark.django_db
def test_an_uploaded_hero_image_and_its_renditions_live_in_the_bucket(chief, object_storage):
    article = ArticleFactory()  # a draft: edits are saved in place, not as pending changes
    data = change_form_data(chief, article, hero_alt="Boats in the harbour at Misrata")
    data["hero_image"] = SimpleUploadedFile("IMG_77.jpg", jpeg_with_gps(1300, 800))

    response = chief.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    keys = bucket_keys(object_storage)
    assert f"newsroom/{article.hero_image.name}" in keys
    renditions = [item["name"] for item in article.hero_renditions["renditions"]]
    assert renditions and all(f"newsroom/{name}" in keys for name in renditions)
    go_live(article)
    # Readers' browsers fetch the picture from the bucket, not from the web server.
    [img] = tags(chief.get(article.get_absolute_url()).text, "img")
    largest = img["srcset"].split(", ")[-1].split()[0]
    assert largest.startswith(object_storage.client.meta.endpoint_url)
    status, content_type, body = fetch(largest)
    assert (status, content_type) == (200, "image/jpeg")
    assert b"Safe house" not in body  # the stored copy carries no metadata


@pytest.mark.django_db
def test_signed_addresses_for_a_private_bucket(chief, object_storage):
    object_storage.configure(MEDIA_SIGNED_URLS="true", MEDIA_SIGNED_URL_SECONDS="600")
    author = AuthorFactory()

    response = chief.post(
        reverse("admin:people_author_change", args=[author.pk]),
        {
            "name": author.name,
            "slug": author.slug,
            "bio": "",
            "headshot": SimpleUploadedFile("face.png", image_bytes("PNG", 400, 400)),
        },
    )

    assert response.status_code == 302, response.context["adminform"].errors
    author = Author.objects.get(pk=author.pk)
    assert f"newsroom/{author.headshot.name}" in bucket_keys(object_storage)
    url = author.headshot.url
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=600" in url
    status, content_type, _ = fetch(url)
    assert (status, content_type) == (200, "image/png")
    assert author.headshot_renditions["source"] == author.headshot.name


def test_the_content_security_policy_lets_browsers_load_media_from_the_bucket(monkeypatch):
    from newsroom.settings.storage import media_origins

    monkeypatch.setenv("MEDIA_STORAGE_URL", "s3://newsroom-media")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://objects.example.net:9000")
    with_endpoint = media_origins(media_storage_from_environment())
    monkeypatch.setenv("AWS_S3_CUSTOM_DOMAIN", "media.example.org")
    with_cdn = media_origins(media_storage_from_environment())

    assert "https://objects.example.net:9000" in with_endpoint
    assert with_cdn == ["https://media.example.org"]
    assert media_origins(None) == []
