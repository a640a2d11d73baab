from html.parser import HTMLParser

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people.media.headshots import author_headshot_renditions_refresh
from people.models import Author
from tests.factories import AuthorFactory, UserFactory
from tests.images import jpeg_with_gps, metadata_left_in, stored_files

pytestmark = pytest.mark.django_db


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("img", "source"):
            self.found.append((tag, dict(attrs)))


def _images(html: str) -> list[tuple[str, dict]]:
    parser = _Images()
    parser.feed(html)
    return parser.found


def _author_with_headshot(**kwargs) -> Author:
    author = AuthorFactory(
        headshot=SimpleUploadedFile("portrait.jpg", jpeg_with_gps(600, 800)), **kwargs
    )
    author_headshot_renditions_refresh(author=author)
    return author


def test_headshot_gets_small_renditions_for_each_pixel_density(media_root):
    author = _author_with_headshot()

    made = sorted(
        (item["format"], item["width"], item["height"])
        for item in author.headshot_renditions["renditions"]
    )
    assert made == [
        ("JPEG", 96, 128),
        ("JPEG", 192, 256),
        ("JPEG", 288, 384),
        ("WEBP", 96, 128),
        ("WEBP", 192, 256),
        ("WEBP", 288, 384),
    ]


def test_headshot_files_carry_no_metadata(media_root):
    _author_with_headshot()

    files = stored_files(media_root)
    assert len(files) == 7
    for name in files:
        with default_storage.open(name, "rb") as file:
            assert metadata_left_in(file.read()) == [], name


def test_a_headshot_is_stored_clean_even_before_renditions_are_made(media_root):
    author = AuthorFactory(headshot=SimpleUploadedFile("portrait.jpg", jpeg_with_gps(60, 80)))

    with default_storage.open(author.headshot.name, "rb") as file:
        assert metadata_left_in(file.read()) == []


def test_author_page_shows_the_headshot_as_a_responsive_picture(client, media_root):
    author = _author_with_headshot(name="Mara Okafor")

    html = client.get(author.get_absolute_url()).text

    (source_tag, source), (img_tag, img) = _images(html)
    assert (source_tag, img_tag) == ("source", "img")
    assert source["type"] == "image/webp" and source["sizes"] == img["sizes"] == "6rem"
    assert "/288w.webp 288w" in source["srcset"]
    assert "/96w.jpg 96w" in img["srcset"]
    assert (img["width"], img["height"]) == ("600", "800")
    assert img["alt"] == ""  # the author's name is the heading right beside it
    assert img["loading"] == "eager"


def test_an_author_page_cached_before_the_renditions_shows_them_once_made(
    client, media_root, page_cache
):
    author = AuthorFactory(
        name="Mara Okafor",
        headshot=SimpleUploadedFile("portrait.jpg", jpeg_with_gps(600, 800)),
    )
    [(_tag, img)] = _images(client.get(author.get_absolute_url()).text)
    assert "srcset" not in img  # cached now, with the original only

    author_headshot_renditions_refresh(author=author)

    (_source, (_tag, img)) = _images(client.get(author.get_absolute_url()).text)
    assert "/96w.jpg 96w" in img["srcset"]


def test_author_page_without_a_headshot_has_no_image(client):
    author = AuthorFactory()

    assert _images(client.get(author.get_absolute_url()).text) == []


def test_uploading_a_headshot_in_the_admin_makes_clean_renditions(client, media_root):
    client.force_login(UserFactory(username="chief", is_superuser=True))
    author = AuthorFactory(name="Tomas Lindqvist", slug="tomas-lindqvist")

    response = client.post(
        reverse("admin:people_author_change", args=[author.pk]),
        {
            "name": author.name,
            "slug": author.slug,
            "bio": author.bio,
            "headshot": SimpleUploadedFile("IMG_77.jpg", jpeg_with_gps(400, 400)),
            "user": "",
        },
    )

    assert response.status_code == 302
    author.refresh_from_db()
    assert len(author.headshot_renditions["renditions"]) == 6
    for name in stored_files(media_root):
        with default_storage.open(name, "rb") as file:
            assert metadata_left_in(file.read()) == [], name
