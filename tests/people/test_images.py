import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from people.images import validate_image_upload
from tests.images import image_bytes, png_bytes


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP", "GIF"])
def test_web_image_formats_are_accepted(image_format):
    upload = SimpleUploadedFile(f"photo.{image_format.lower()}", image_bytes(image_format))

    validate_image_upload(upload)


def test_text_pretending_to_be_an_image_is_refused():
    upload = SimpleUploadedFile("photo.jpg", b"this is not an image at all")

    with pytest.raises(ValidationError, match="not an image"):
        validate_image_upload(upload)


def test_truncated_image_is_refused():
    upload = SimpleUploadedFile("photo.png", png_bytes(64, 64)[:60])

    with pytest.raises(ValidationError, match="not an image"):
        validate_image_upload(upload)


def test_other_image_formats_are_refused_with_their_name():
    upload = SimpleUploadedFile("photo.bmp", image_bytes("BMP"))

    with pytest.raises(ValidationError, match="BMP"):
        validate_image_upload(upload)


def test_oversized_upload_is_refused_before_decoding(settings):
    settings.NEWSROOM_MAX_IMAGE_UPLOAD_BYTES = 100
    upload = SimpleUploadedFile("photo.png", png_bytes(64, 64))

    with pytest.raises(ValidationError, match="limit"):
        validate_image_upload(upload)


def test_validation_leaves_the_file_readable_from_the_start():
    upload = SimpleUploadedFile("photo.png", png_bytes())

    validate_image_upload(upload)

    assert upload.read(8) == b"\x89PNG\r\n\x1a\n"
