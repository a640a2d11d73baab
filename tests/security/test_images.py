"""Finding 7: entity images kept their GPS EXIF and an appended HTML tail, because only hero
images and headshots went through the cleaning path. Every image field now does, whatever the
entry point, and the megapixel cap holds on every path."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from people.media.images import ImageError
from people.models import Entity
from tests import images

pytestmark = pytest.mark.django_db

HTML_TAIL = b"<html><script>alert(document.cookie)</script></html>"


def stored_bytes(entity: Entity) -> bytes:
    entity.refresh_from_db()
    with entity.image.open("rb") as file:
        return file.read()


def test_an_entity_image_saved_from_the_shell_loses_gps_and_its_html_tail(media_root):
    upload = SimpleUploadedFile("envoy.jpg", images.jpeg_with_gps() + HTML_TAIL)
    entity = Entity.objects.create(
        kind=Entity.Kind.PERSON, name="Envoy", slug="envoy", image=upload
    )
    data = stored_bytes(entity)
    assert HTML_TAIL not in data
    with Image.open(io.BytesIO(data)) as stored:
        assert not stored.getexif()
        assert "exif" not in stored.info


def test_an_entity_image_uploaded_in_the_admin_is_cleaned(client, editor, media_root):
    client.force_login(editor)
    upload = SimpleUploadedFile("envoy.jpg", images.jpeg_with_gps() + HTML_TAIL)
    response = client.post(
        reverse("admin:people_entity_add"),
        {
            "kind": "person",
            "name": "Special Envoy",
            "slug": "special-envoy",
            "description": "",
            "wikidata_id": "",
            "image": upload,
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "redirects-TOTAL_FORMS": "0",
            "redirects-INITIAL_FORMS": "0",
            "slug_redirects-TOTAL_FORMS": "0",
            "slug_redirects-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    data = stored_bytes(Entity.objects.get(slug="special-envoy"))
    assert HTML_TAIL not in data
    with Image.open(io.BytesIO(data)) as stored:
        assert not stored.getexif()


def test_the_megapixel_cap_holds_for_entity_images_on_every_path(media_root):
    header = _png_header(width=10_000, height=6_100)  # 61 megapixels, a few bytes of file
    with pytest.raises(ValidationError):
        Entity(
            kind="person", name="Huge", slug="huge", image=SimpleUploadedFile("h.png", header)
        ).full_clean()
    with pytest.raises(ImageError):
        Entity.objects.create(
            kind="person", name="Huge", slug="huge", image=SimpleUploadedFile("h.png", header)
        )
    assert not Entity.objects.filter(slug="huge").exists()


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels (its data is a tiny image's)."""
    data = bytearray(images.png_bytes(1, 1))
    data[16:24] = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    return bytes(data)
