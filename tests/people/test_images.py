import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from people.media.images import (
    ImageError,
    decode_image,
    image_without_metadata,
    validate_image_upload,
)
from tests.images import (
    animated_gif,
    cmyk_jpeg,
    gif_with_comment,
    grey_16_bit_png,
    image_bytes,
    jpeg_with_gps,
    metadata_left_in,
    mpo_with_gps,
    noisy_jpeg,
    palette_png_with_transparency,
    png_bytes,
    png_claiming_size,
    png_with_metadata,
    webp_with_metadata,
)


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP", "GIF"])
def test_web_image_formats_are_accepted(image_format):
    upload = SimpleUploadedFile(f"photo.{image_format.lower()}", image_bytes(image_format))

    validate_image_upload(upload)


def test_phone_photo_carrying_a_second_picture_is_accepted():
    validate_image_upload(SimpleUploadedFile("IMG_0001.jpg", mpo_with_gps()))


def test_text_pretending_to_be_an_image_is_refused():
    upload = SimpleUploadedFile("photo.jpg", b"this is not an image at all")

    with pytest.raises(ValidationError, match="not an image"):
        validate_image_upload(upload)


def test_truncated_image_is_refused():
    upload = SimpleUploadedFile("photo.png", png_bytes(64, 64)[:60])

    with pytest.raises(ValidationError, match="not an image"):
        validate_image_upload(upload)


def test_truncated_jpeg_is_refused_although_its_header_is_whole():
    whole = noisy_jpeg(300, 200)
    upload = SimpleUploadedFile("photo.jpg", whole[: len(whole) // 2])

    with pytest.raises(ValidationError, match="damaged"):
        validate_image_upload(upload)


@pytest.mark.parametrize("size", [(9000, 9000), (30000, 30000)])
def test_image_with_too_many_pixels_is_refused_without_decoding_it(size):
    upload = SimpleUploadedFile("bomb.png", png_claiming_size(*size))

    with pytest.raises(ValidationError, match="60 megapixels") as error:
        validate_image_upload(upload)
    assert error.value.code == "image_too_many_pixels"


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


def _cleaned(data: bytes, name: str = "upload.bin") -> tuple[str, bytes, Image.Image]:
    clean = image_without_metadata(SimpleUploadedFile(name, data))
    content = clean.read()
    image = Image.open(io.BytesIO(content))
    image.load()
    return clean.name, content, image


@pytest.mark.parametrize(
    ("data", "name", "expected_format"),
    [
        (jpeg_with_gps(), "IMG_2041.JPG", "JPEG"),
        (png_with_metadata(), "chart.png", "PNG"),
        (webp_with_metadata(), "photo.webp", "WEBP"),
        (gif_with_comment(), "map.gif", "GIF"),
        (mpo_with_gps(), "IMG_2042.jpg", "JPEG"),
    ],
)
def test_cleaned_upload_keeps_its_format_and_loses_every_piece_of_metadata(
    data, name, expected_format
):
    assert metadata_left_in(data)  # the test image does carry what must go

    clean_name, content, image = _cleaned(data, name)

    assert image.format == expected_format
    assert metadata_left_in(content) == []
    assert clean_name.rsplit(".", 1)[0] == name.rsplit(".", 1)[0]


def test_cleaned_upload_is_named_after_its_real_format():
    clean_name, _, _ = _cleaned(image_bytes("PNG"), "photo.jpg")

    assert clean_name == "photo.png"


def test_orientation_is_applied_to_the_pixels_before_the_exif_goes():
    # Orientation 6: the camera was turned, the picture must be rotated 90° clockwise to show.
    _, _, image = _cleaned(jpeg_with_gps(40, 20, orientation=6), "turned.jpg")

    assert image.size == (20, 40)
    red, _, blue = image.getpixel((10, 5))
    assert red > 150 and blue < 60  # the left (red) half of the sensor is now on top
    red, _, blue = image.getpixel((10, 35))
    assert blue > 150 and red < 60


def test_cmyk_jpeg_becomes_rgb_with_its_colours():
    _, _, image = _cleaned(cmyk_jpeg(), "print.jpg")

    assert image.mode == "RGB"
    red, green, blue = image.getpixel((5, 5))
    assert red < 40 and green > 200 and blue > 200  # cyan stays cyan


def test_palette_png_keeps_its_transparency():
    _, _, image = _cleaned(palette_png_with_transparency(), "logo.png")

    assert image.convert("RGBA").getpixel((2, 2))[3] == 0
    assert image.convert("RGBA").getpixel((38, 2)) == (0, 160, 0, 255)


def test_animated_gif_keeps_its_first_frame():
    _, _, image = _cleaned(animated_gif(), "loop.gif")

    assert getattr(image, "n_frames", 1) == 1
    assert image.convert("RGB").getpixel((5, 5)) == (255, 0, 0)


def test_16_bit_greyscale_keeps_its_tones():
    _, _, image = _cleaned(grey_16_bit_png(), "scan.png")

    assert 120 <= image.convert("L").getpixel((5, 5)) <= 136


@pytest.mark.parametrize(
    "data",
    [b"not an image", noisy_jpeg(300, 200)[:4000], png_claiming_size(30000, 30000)],
)
def test_damaged_or_enormous_images_raise_a_clear_error(data):
    with pytest.raises(ImageError) as error:
        decode_image(data)

    assert "damaged" in str(error.value) or "megapixels" in str(error.value)
