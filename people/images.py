"""Validation of uploaded images, shared by every model that stores one.

Django's ImageField already asks Pillow whether a file is an image; these validators add what a
newsroom needs on top: a size ceiling, a short list of web formats, and a pixel ceiling so that a
decompression bomb is refused at upload instead of exhausting the server when it is resized.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_IMAGE_PIXELS = 60_000_000


def validate_image_upload(file) -> None:
    """Raise ValidationError unless ``file`` is a JPEG, PNG, WebP or GIF of sensible size."""
    limit = settings.NEWSROOM_MAX_IMAGE_UPLOAD_BYTES
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("This image is %(size)s; the limit is %(limit)s."),
            code="image_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image that can be read (or it is damaged)."),
            code="invalid_image",
        ) from None
    finally:
        if position is not None:
            file.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            _("Images must be JPEG, PNG, WebP or GIF; this one is %(format)s."),
            code="image_format",
            params={"format": image_format or _("of an unknown format")},
        )
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("This image is %(width)s by %(height)s pixels; the limit is 60 megapixels."),
            code="image_too_many_pixels",
            params={"width": width, "height": height},
        )
