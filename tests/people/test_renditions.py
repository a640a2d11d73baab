import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from people.media.renditions import fallback_format, picture_for, rendition_name, rendition_widths
from tests.factories import AuthorFactory
from tests.images import image_bytes


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        (4000, [480, 800, 1200, 1600]),
        (1600, [480, 800, 1200, 1600]),
        (1000, [480, 800, 1000]),
        (480, [480]),
        (120, [120]),
    ],
)
def test_widths_are_never_larger_than_the_original(original, expected):
    assert rendition_widths(original, (480, 800, 1200, 1600)) == expected


@pytest.mark.parametrize(
    ("source", "has_alpha", "expected"),
    [
        ("JPEG", False, "JPEG"),
        ("PNG", False, "PNG"),
        ("PNG", True, "PNG"),
        ("GIF", False, "PNG"),
        ("WEBP", False, "JPEG"),
        ("WEBP", True, "PNG"),
    ],
)
def test_browsers_without_webp_get_a_format_that_keeps_what_the_image_needs(
    source, has_alpha, expected
):
    assert fallback_format(source, has_alpha=has_alpha) == expected


def test_renditions_are_stored_beside_each_other_under_the_originals_path():
    assert (
        rendition_name("articles/2026/05/flood.jpeg", 800, "WEBP")
        == "renditions/articles/2026/05/flood/800w.webp"
    )


@pytest.mark.django_db
def test_picture_lists_webp_and_fallback_candidates_narrowest_first(media_root):
    author = AuthorFactory(headshot=SimpleUploadedFile("face.jpg", image_bytes("JPEG", 300, 400)))
    name = author.headshot.name
    document = {
        "source": name,
        "width": 300,
        "height": 400,
        "renditions": [
            {"format": "JPEG", "width": 192, "height": 256, "name": "renditions/f/192w.jpg"},
            {"format": "WEBP", "width": 192, "height": 256, "name": "renditions/f/192w.webp"},
            {"format": "JPEG", "width": 96, "height": 128, "name": "renditions/f/96w.jpg"},
            {"format": "WEBP", "width": 96, "height": 128, "name": "renditions/f/96w.webp"},
        ],
    }

    picture = picture_for(author.headshot, document, width=None, height=None)

    assert picture.src == "/media/renditions/f/192w.jpg"
    assert picture.srcset == "/media/renditions/f/96w.jpg 96w, /media/renditions/f/192w.jpg 192w"
    [source] = picture.sources
    assert source.media_type == "image/webp"
    assert source.srcset == "/media/renditions/f/96w.webp 96w, /media/renditions/f/192w.webp 192w"
    assert (picture.width, picture.height) == (300, 400)


@pytest.mark.django_db
def test_picture_of_renditions_made_from_another_file_is_the_original_alone(media_root):
    author = AuthorFactory(headshot=SimpleUploadedFile("face.jpg", image_bytes("JPEG", 30, 40)))
    stale = {
        "source": "authors/someone-else.jpg",
        "width": 99,
        "height": 99,
        "renditions": [
            {"format": "JPEG", "width": 96, "height": 96, "name": "renditions/x/96w.jpg"}
        ],
    }

    picture = picture_for(author.headshot, stale, width=30, height=40)

    assert (picture.src, picture.srcset, picture.sources) == (author.headshot.url, "", ())
    assert (picture.width, picture.height) == (30, 40)


@pytest.mark.django_db
def test_no_image_no_picture():
    author = AuthorFactory()

    assert picture_for(author.headshot, {}, width=None, height=None) is None
