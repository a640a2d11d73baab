"""Small in-memory images for upload tests, including the awkward ones phones, cameras and print
workflows produce."""

import io
import struct
import zlib
from pathlib import Path

from PIL import ExifTags, Image, ImageCms, PngImagePlugin


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color=(120, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def image_bytes(image_format: str, width: int = 8, height: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color=(20, 60, 90)).save(buffer, format=image_format)
    return buffer.getvalue()


# Planted in the test images' metadata; none of it may reach a stored file.
SECRET_PLACE = "Safe house, 12 Rue des Sources"
SECRET_CAMERA = "LeakyCam 3000"
SECRET_XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><secret>source-location</secret></x:xmpmeta>'
SECRETS = (SECRET_PLACE.encode(), SECRET_CAMERA.encode(), b"source-location", b"Exif\x00\x00")


def _buffer(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = SECRET_CAMERA
    exif[ExifTags.Base.ImageDescription] = SECRET_PLACE
    if orientation != 1:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (33.0, 53.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (35.0, 30.0, 7.25)
    return exif


def _two_tone(width: int, height: int, mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: orientation mistakes show up as wrong colours."""
    image = Image.new(mode, (width, height), (200, 20, 20))
    image.paste((20, 20, 200), (width // 2, 0, width, height))
    return image


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def jpeg_with_gps(width: int = 40, height: int = 20, orientation: int = 1) -> bytes:
    """A camera-style JPEG: EXIF with GPS position, camera make and a description, XMP, a comment
    and an ICC profile."""
    return _buffer(
        _two_tone(width, height),
        "JPEG",
        quality=90,
        exif=_exif_with_gps(orientation),
        xmp=SECRET_XMP,
        comment=SECRET_PLACE.encode(),
        icc_profile=srgb_profile(),
    )


def png_with_metadata(width: int = 40, height: int = 20) -> bytes:
    """A PNG with text chunks (before and after the pixels), XMP, EXIF with GPS and a profile."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET_PLACE)
    info.add_itxt("XML:com.adobe.xmp", SECRET_XMP.decode())
    info.add_text("Location", SECRET_PLACE, zip=True)
    return _buffer(
        _two_tone(width, height),
        "PNG",
        pnginfo=info,
        exif=_exif_with_gps(),
        icc_profile=srgb_profile(),
    )


def webp_with_metadata(width: int = 40, height: int = 20, *, alpha: bool = False) -> bytes:
    image = _two_tone(width, height, "RGBA" if alpha else "RGB")
    if alpha:
        image.putpixel((0, 0), (0, 0, 0, 0))
    return _buffer(image, "WEBP", exif=_exif_with_gps(), xmp=SECRET_XMP, lossless=True)


def gif_with_comment(width: int = 40, height: int = 20) -> bytes:
    return _buffer(_two_tone(width, height), "GIF", comment=SECRET_PLACE.encode())


def mpo_with_gps(width: int = 40, height: int = 20) -> bytes:
    """A phone-style JPEG carrying a second picture (MPO), with GPS EXIF on the first."""
    first = _two_tone(width, height)
    return _buffer(
        first,
        "MPO",
        save_all=True,
        append_images=[first.transpose(Image.Transpose.ROTATE_90)],
        exif=_exif_with_gps(),
    )


def cmyk_jpeg(width: int = 40, height: int = 20) -> bytes:
    """A print-workflow JPEG in CMYK: pure cyan."""
    return _buffer(Image.new("CMYK", (width, height), (255, 0, 0, 0)), "JPEG", quality=95)


def palette_png_with_transparency(width: int = 40, height: int = 20) -> bytes:
    """A palette PNG whose index 0 is transparent: left half transparent, right half green."""
    image = Image.new("P", (width, height), 0)
    image.putpalette([255, 255, 255, 0, 160, 0] + [0, 0, 0] * 254)
    image.paste(1, (width // 2, 0, width, height))
    return _buffer(image, "PNG", transparency=0)


def animated_gif(width: int = 40, height: int = 20) -> bytes:
    """Two frames: red, then green."""
    frames = [Image.new("RGB", (width, height), colour) for colour in [(255, 0, 0), (0, 255, 0)]]
    return _buffer(frames[0], "GIF", save_all=True, append_images=frames[1:], loop=0, duration=80)


def grey_16_bit_png(width: int = 40, height: int = 20) -> bytes:
    """A 16-bit greyscale PNG at mid grey, which a careless conversion turns white."""
    return _buffer(Image.new("I;16", (width, height), 32768), "PNG")


def noisy_jpeg(width: int, height: int) -> bytes:
    """A JPEG with real entropy, so that cutting it short damages pixel data."""
    return _buffer(Image.effect_noise((width, height), 64).convert("RGB"), "JPEG", quality=90)


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels: a decompression bomb's shape
    without the bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def metadata_left_in(data: bytes) -> list[str]:
    """Return what metadata remains in an encoded image: Pillow's view of it, and any of the
    planted secrets found anywhere in the raw bytes."""
    found = [secret.decode("latin-1") for secret in SECRETS if secret in data]
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        found += [f"exif tag {tag}" for tag in image.getexif()]
        found += [
            key
            for key in ("exif", "xmp", "icc_profile", "comment", "photoshop", "XML:com.adobe.xmp")
            if key in image.info
        ]
        found += [f"text {key}" for key in getattr(image, "text", {})]
        found += [marker for marker, _ in getattr(image, "applist", []) if marker != "APP0"]
    return found


def stored_files(root: Path) -> set[str]:
    """Return the storage names of every file under the media folder ``root``."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}
