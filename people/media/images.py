"""Uploaded images, shared by every model that stores one: validation, and decoding into clean
pixels that carry no metadata.

Django's ImageField already asks Pillow whether a file is an image; the validator adds what a
newsroom needs on top: a size ceiling, a short list of web formats, a pixel ceiling so that a
decompression bomb is refused at upload instead of exhausting the server when it is resized, and
a full decode so that a damaged file is refused with a message rather than failing later.

Photographs arrive from phones and cameras carrying EXIF (often the GPS position where they were
taken), XMP, IPTC, comments and colour profiles. A source's location must never leak, so every
file this project stores for readers is re-encoded from bare pixels by ``image_without_metadata``
and the rendition code: nothing from the upload's headers survives except what the pixels need
(orientation is applied to the pixels, colour profiles are converted to sRGB).
"""

import io
import math
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageCms, ImageOps, JpegImagePlugin, UnidentifiedImageError

# MPO is what Pillow calls a JPEG carrying a second picture (phones write them for depth maps and
# previews); it is a JPEG to browsers, and the second picture is dropped when the file is cleaned.
ALLOWED_IMAGE_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
MAX_IMAGE_PIXELS = 60_000_000
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}

# Everything Pillow can raise for a file that is not an image, is damaged or is truncated.
_DECODE_ERRORS = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError)
_DAMAGED = _("This file is not an image that can be read (or it is damaged).")

# What Pillow reports about a file that describes only how to decode or display its pixels.
# Anything else it finds (EXIF, XMP, IPTC, ICC profiles, comments, PNG text, GIF application
# blocks other than the looping one) counts as metadata.
_HARMLESS_INFO = {
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "dpi",
    "adobe",
    "adobe_transform",
    "progressive",
    "progression",
    "transparency",
    "gamma",
    "srgb",
    "chromaticity",
    "aspect",
    "interlace",
    "background",
    "loop",
    "duration",
    "timestamp",
    "version",
    "default_image",
    "disposal",
    "blend",
}
_HARMLESS_JPEG_SEGMENTS = {("APP0", b"JFIF\x00"), ("APP14", b"Adobe")}
_HARMLESS_GIF_EXTENSIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")
_SRGB = ImageCms.createProfile("sRGB")


class ImageError(Exception):
    """An image that cannot be processed; the message says why, in words for the uploader."""

    def __init__(self, message, code: str = "invalid_image"):
        super().__init__(str(message))
        self.code = code


def validate_image_upload(file) -> None:
    """Raise ValidationError unless ``file`` is a whole, readable JPEG, PNG, WebP or GIF of
    sensible size."""
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
        _check_format_and_pixels(image_format, width, height)
        # verify() reads little of a JPEG or WebP, so a truncated one would pass it; decoding
        # finds the damage. JPEGs decode at 1/8 scale here: every byte is still read.
        file.seek(0)
        with Image.open(file) as image:
            image.draft(None, (1, 1))
            image.load()
    except ImageError as error:
        raise ValidationError(str(error), code=error.code) from None
    except Image.DecompressionBombError:
        raise ValidationError(_too_many_pixels_message(), code="image_too_many_pixels") from None
    except _DECODE_ERRORS:
        raise ValidationError(_DAMAGED, code="invalid_image") from None
    finally:
        if position is not None:
            file.seek(position)


def _too_many_pixels_message(width: int | None = None, height: int | None = None) -> str:
    if width is None:
        return str(_("This image has too many pixels; the limit is 60 megapixels."))
    return str(
        _("This image is %(width)s by %(height)s pixels; the limit is 60 megapixels.")
        % {"width": width, "height": height}
    )


def _check_format_and_pixels(image_format: str | None, width: int, height: int) -> None:
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ImageError(
            _("Images must be JPEG, PNG, WebP or GIF; this one is %(format)s.")
            % {"format": image_format or _("of an unknown format")},
            code="image_format",
        )
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageError(_too_many_pixels_message(width, height), code="image_too_many_pixels")


@dataclass
class DecodedImage:
    """An image's first frame, upright and in sRGB, with no metadata attached."""

    image: Image.Image
    format: str  # JPEG, PNG, WEBP or GIF: the format a clean copy of the file is written in
    width: int  # the full upright size, even when ``image`` was decoded smaller
    height: int
    had_metadata: bool
    jpeg_qtables: dict | None = None
    jpeg_subsampling: int = -1

    @property
    def has_alpha(self) -> bool:
        return self.image.mode == "RGBA"


def decode_image(data: bytes, *, at_least_width: int | None = None) -> DecodedImage:
    """Return the first frame of the image in ``data`` as bare pixels; raise ImageError when it
    is not an image we accept, has too many pixels, or is damaged.

    ``at_least_width`` lets a JPEG decode at a reduced scale that is still at least that wide,
    which is much faster and lighter for renditions than decoding all of a camera's pixels.
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = "JPEG" if image.format == "MPO" else image.format
            _check_format_and_pixels(image.format, *image.size)
            orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
            upright_size = image.size[::-1] if orientation in (5, 6, 7, 8) else image.size
            qtables = getattr(image, "quantization", None)
            subsampling = _jpeg_subsampling(image)
            had_metadata = carries_metadata(image)
            if at_least_width is not None:
                width = min(at_least_width, upright_size[0])
                height = math.ceil(width * upright_size[1] / upright_size[0])
                # The wanted size is upright; the decoder works before the rotation.
                wanted = (height, width) if orientation in (5, 6, 7, 8) else (width, height)
                image.draft(None, wanted)
            image.load()
            # PNG text chunks may follow the pixel data and are only seen once it is read.
            had_metadata = had_metadata or carries_metadata(image)
            pixels = _upright_srgb(image)
    except ImageError:
        raise
    except Image.DecompressionBombError:
        raise ImageError(_too_many_pixels_message(), code="image_too_many_pixels") from None
    except _DECODE_ERRORS as error:
        raise ImageError(_DAMAGED) from error
    return DecodedImage(
        image=pixels,
        format=image_format,
        width=upright_size[0],
        height=upright_size[1],
        had_metadata=had_metadata,
        jpeg_qtables=qtables if image_format == "JPEG" else None,
        jpeg_subsampling=subsampling,
    )


def _jpeg_subsampling(image: Image.Image) -> int:
    if image.format not in ("JPEG", "MPO"):
        return -1
    return JpegImagePlugin.get_sampling(image)


def carries_metadata(image: Image.Image) -> bool:
    """Return whether an opened image file carries anything beyond its pixels: EXIF, GPS, XMP,
    IPTC, comments, colour profiles, text chunks, embedded thumbnails or previews."""
    if any(key not in _HARMLESS_INFO for key in image.info if key != "extension"):
        return True
    extension = image.info.get("extension")
    if extension and not bytes(extension[0]).startswith(_HARMLESS_GIF_EXTENSIONS):
        return True
    for marker, segment in getattr(image, "applist", []):
        if not any(marker == m and segment.startswith(p) for m, p in _HARMLESS_JPEG_SEGMENTS):
            return True
    return bool(getattr(image, "private_chunks", None))


def _upright_srgb(image: Image.Image) -> Image.Image:
    """Return a new image with the EXIF orientation applied to the pixels, colours converted to
    sRGB, in RGB, RGBA or L mode, and an empty ``info``: the encoders find nothing to copy."""
    icc_profile = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    if upright.mode.startswith("I"):
        # 16-bit greyscale: scale to 8 bits rather than let conversion clip everything to white.
        upright = upright.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if upright.has_transparency_data:
        mode = "RGBA"
    elif upright.mode in ("L", "1"):
        mode = "L"
    else:
        mode = "RGB"
    converted = None
    if icc_profile and upright.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            converted = ImageCms.profileToProfile(upright, source_profile, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            # A broken or unusual profile: the plain conversion below is the best we can do.
            converted = None
    if converted is None:
        converted = upright.convert(mode)
    converted.info = {}
    return converted


def encode_image(image: Image.Image, image_format: str, **options) -> bytes:
    """Return ``image`` encoded in ``image_format`` with only the options given: no EXIF, ICC
    profile, XMP or comment is ever passed to the encoder."""
    buffer = io.BytesIO()
    try:
        image.save(buffer, format=image_format, **options)
    except (OSError, ValueError) as error:
        raise ImageError(
            _("This image could not be written as %(format)s.") % {"format": image_format}
        ) from error
    return buffer.getvalue()


def encode_clean_copy(decoded: DecodedImage) -> bytes:
    """Return the whole image re-encoded in its own format with no metadata.

    A JPEG is written with its own quantisation tables, so the copy keeps the quality the
    photographer chose and loses as little as one re-encoding can.
    """
    if decoded.format == "JPEG":
        if decoded.jpeg_qtables:
            options = {"qtables": decoded.jpeg_qtables, "optimize": True}
            if decoded.jpeg_subsampling != -1:
                options["subsampling"] = decoded.jpeg_subsampling
            try:
                return encode_image(decoded.image, "JPEG", **options)
            except ImageError:
                pass  # tables that do not fit the converted colours; use a fixed high quality
        return encode_image(decoded.image, "JPEG", quality=90, optimize=True)
    if decoded.format == "PNG":
        return encode_image(decoded.image, "PNG", optimize=True)
    if decoded.format == "WEBP":
        return encode_image(decoded.image, "WEBP", quality=90)
    return encode_image(decoded.image, "GIF")


def image_without_metadata(file: File) -> ContentFile:
    """Return a copy of an uploaded image with every piece of metadata removed, the orientation
    applied and colours in sRGB, named like the upload with the extension of its real format.

    Raises ImageError when the upload is not an image we accept or is damaged.
    """
    file.seek(0)
    decoded = decode_image(file.read())
    stem = os.path.splitext(os.path.basename(file.name or "image"))[0] or "image"
    return ContentFile(encode_clean_copy(decoded), name=f"{stem}.{EXTENSIONS[decoded.format]}")
