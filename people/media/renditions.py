"""Responsive renditions of a stored image, made once when it is saved and served with srcset.

For each width that fits in the original (never upscaled) there is a WebP and a copy in a format
every browser reads: JPEG for photographs, PNG for PNG and GIF graphics and anything with
transparency. What was made is described by a small JSON document kept on the row that owns the
image, so a page shows a picture without a single extra query::

    {"source": "articles/2026/05/flood.jpg", "width": 3000, "height": 2000,
     "renditions": [{"format": "WEBP", "width": 480, "height": 320,
                     "name": "renditions/articles/2026/05/flood/480w.webp"}, ...]}

``source`` records which file the renditions were made from: when the image is replaced, the
document no longer matches and the page falls back to the original until they are remade.
"""

import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _
from PIL import Image

from people.media.images import (
    EXTENSIONS,
    MEDIA_TYPES,
    DecodedImage,
    ImageError,
    decode_image,
    encode_clean_copy,
    encode_image,
)

logger = logging.getLogger(__name__)

RENDITIONS_DIR = "renditions"
# The largest side libwebp can encode; a taller rendition is served in its fallback format only.
WEBP_MAX_SIDE = 16383
_ENCODING = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    # Graphics (PNG and GIF sources) stay sharp in lossless WebP; photographs use lossy WebP.
    "WEBP_LOSSY": {"quality": 80, "method": 4},
    "WEBP_LOSSLESS": {"lossless": True, "quality": 80, "method": 4},
}


def rendition_widths(original_width: int, widths: Iterable[int]) -> list[int]:
    """Return the widths to make for an image ``original_width`` pixels wide: those of ``widths``
    that are smaller, plus the largest wanted width capped at the original's (no upscaling)."""
    widths = sorted(set(widths))
    largest = min(original_width, widths[-1])
    return sorted({width for width in widths if width < largest} | {largest})


def fallback_format(source_format: str, *, has_alpha: bool) -> str:
    """Return the format served to browsers without WebP: the original's where they can all
    read it, GIF as PNG, and WebP as JPEG or, with transparency, PNG."""
    if source_format == "JPEG":
        return "JPEG"
    if source_format in ("PNG", "GIF") or has_alpha:
        return "PNG"
    return "JPEG"


def rendition_name(source_name: str, width: int, image_format: str) -> str:
    """Return where a rendition of ``source_name`` is stored, e.g.
    renditions/articles/2026/05/flood/800w.webp for articles/2026/05/flood.jpg."""
    stem = os.path.splitext(source_name)[0]
    return f"{RENDITIONS_DIR}/{stem}/{width}w.{EXTENSIONS[image_format]}"


@dataclass
class RenditionsRefresh:
    """What a refresh did, for the caller to store and report."""

    data: dict  # the JSON document to keep on the row
    changed: bool  # whether ``data`` differs from what the row held
    source_name: str = ""  # the original's name; differs only if storage renamed a clean copy
    original_cleaned: bool = False  # the stored original carried metadata and was rewritten

    @property
    def count(self) -> int:
        return len(self.data.get("renditions", []))


def renditions_refresh(
    *, file: FieldFile, current: dict | None, widths: Sequence[int], force: bool = False
) -> RenditionsRefresh:
    """Make the renditions of the image in ``file`` unless ``current`` already describes a
    complete set made from it (``force`` remakes them anyway), and return the new document.

    A stored original that still carries metadata (uploaded before uploads were cleaned) is
    rewritten without it under the same name, so links to it keep working.

    Files of the previous set are deleted once the caller's transaction commits, so a page never
    points at a deleted file; call this inside the transaction that saves the returned document.
    Raises ImageError, having removed whatever it wrote, when the image is missing or damaged.
    """
    current = current or {}
    previous = [item["name"] for item in current.get("renditions", [])]
    if not file:
        _delete_on_commit(file.storage, previous)
        return RenditionsRefresh(data={}, changed=bool(current))
    storage = file.storage
    if not force and _is_complete(current, file.name, storage):
        return RenditionsRefresh(data=current, changed=False, source_name=file.name)

    data = _read(storage, file.name)
    decoded = decode_image(data, at_least_width=max(widths))
    source_name = file.name
    created: list[str] = []
    try:
        items = list(_make_renditions(decoded, source_name, storage, widths, created))
        if decoded.had_metadata:
            # Last, so that nothing can fail once the original has been replaced. The clean
            # copy needs every pixel, not the reduced decode made for the renditions.
            clean = encode_clean_copy(decode_image(data))
            source_name = _replace(storage, file.name, clean, original=data)
    except Exception:
        _delete(storage, created)
        raise
    _delete_on_commit(storage, [name for name in previous if name not in created])
    document = {
        "source": source_name,
        "width": decoded.width,
        "height": decoded.height,
        "renditions": items,
    }
    return RenditionsRefresh(
        data=document,
        changed=True,
        source_name=source_name,
        original_cleaned=decoded.had_metadata,
    )


def _is_complete(current: dict, source_name: str, storage: Storage) -> bool:
    names = [item["name"] for item in current.get("renditions", [])]
    return (
        current.get("source") == source_name
        and bool(names)
        and all(storage.exists(name) for name in names)
    )


def _read(storage: Storage, name: str) -> bytes:
    try:
        with storage.open(name, "rb") as source:
            return source.read()
    except OSError as error:
        raise ImageError(
            _("The image file %(name)s is missing from storage.") % {"name": name},
            code="image_missing",
        ) from error


def _replace(storage: Storage, name: str, content: bytes, *, original: bytes) -> str:
    """Write ``content`` in place of the file ``name`` and return the name it was stored under
    (the same, unless storage refused to reuse it). If writing fails the original is put back."""
    storage.delete(name)
    try:
        return storage.save(name, ContentFile(content))
    except Exception as error:
        storage.save(name, ContentFile(original))
        raise ImageError(
            _("The image %(name)s could not be rewritten without its metadata.") % {"name": name},
            code="image_unwritable",
        ) from error


def _make_renditions(
    decoded: DecodedImage,
    source_name: str,
    storage: Storage,
    widths: Sequence[int],
    created: list[str],
):
    fallback = fallback_format(decoded.format, has_alpha=decoded.has_alpha)
    webp = _ENCODING["WEBP_LOSSLESS" if decoded.format in ("PNG", "GIF") else "WEBP_LOSSY"]
    for width in rendition_widths(decoded.width, widths):
        height = max(1, round(width * decoded.height / decoded.width))
        resized = decoded.image
        if resized.size != (width, height):
            resized = resized.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        formats = [("WEBP", webp)] if max(width, height) <= WEBP_MAX_SIDE else []
        formats.append((fallback, _ENCODING[fallback]))
        for image_format, options in formats:
            content = encode_image(resized, image_format, **options)
            try:
                name = storage.save(
                    rendition_name(source_name, width, image_format), ContentFile(content)
                )
            except OSError as error:
                raise ImageError(
                    _("The renditions of %(name)s could not be stored.") % {"name": source_name},
                    code="image_unwritable",
                ) from error
            created.append(name)
            yield {"format": image_format, "width": width, "height": height, "name": name}


def _delete(storage: Storage, names: Iterable[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            # A file left behind wastes space but hurts no reader; never fail a save over it.
            logger.warning("Could not delete the rendition %s", name, exc_info=True)


def _delete_on_commit(storage: Storage, names: list[str]) -> None:
    if names:
        transaction.on_commit(lambda: _delete(storage, names))


@dataclass(frozen=True)
class PictureSource:
    media_type: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    """What ``templates/includes/picture.html`` needs to draw an image: the fallback ``src``
    and ``srcset``, WebP ``sources``, and the intrinsic size that reserves its space."""

    src: str
    width: int | None
    height: int | None
    srcset: str = ""
    sources: tuple[PictureSource, ...] = ()


def picture_for(
    file: FieldFile, renditions: dict | None, *, width: int | None, height: int | None
) -> Picture | None:
    """Return the Picture for the image in ``file`` (None without one), built from its
    renditions document without touching storage or the database.

    When the renditions were made from another file (the image was replaced and they have not
    been remade yet), the original is shown alone rather than a picture of something else.
    """
    if not file:
        return None
    renditions = renditions or {}
    items = renditions.get("renditions") if renditions.get("source") == file.name else None
    if not items:
        return Picture(src=file.url, width=width, height=height)
    by_format: dict[str, list[dict]] = {}
    for item in items:
        by_format.setdefault(item["format"], []).append(item)
    storage = file.storage

    def srcset(entries: list[dict]) -> str:
        return ", ".join(f"{storage.url(entry['name'])} {entry['width']}w" for entry in entries)

    fallback = [entries for image_format, entries in by_format.items() if image_format != "WEBP"]
    fallback_items = sorted(fallback[0] if fallback else [], key=lambda entry: entry["width"])
    webp_items = sorted(by_format.get("WEBP", []), key=lambda entry: entry["width"])
    if not fallback_items:
        return Picture(src=file.url, width=width, height=height)
    sources = (PictureSource(MEDIA_TYPES["WEBP"], srcset(webp_items)),) if webp_items else ()
    return Picture(
        src=storage.url(fallback_items[-1]["name"]),
        width=renditions.get("width") or width,
        height=renditions.get("height") or height,
        srcset=srcset(fallback_items),
        sources=sources,
    )


def model_image_renditions_refresh(
    *,
    instance,
    field_name: str,
    renditions_field: str,
    widths: Sequence[int],
    force: bool = False,
) -> RenditionsRefresh:
    """Refresh the renditions of ``instance``'s image field ``field_name`` and save the document
    in its JSON field ``renditions_field`` (with the image's width and height fields, which
    cleaning an old upload can change by applying its orientation). Saves only those fields.

    Raises ImageError when the image is missing or damaged; the row then keeps its previous
    document, which no longer matches the image, so pages fall back to the original.
    """
    file = getattr(instance, field_name)
    result = renditions_refresh(
        file=file, current=getattr(instance, renditions_field), widths=widths, force=force
    )
    if not result.changed:
        return result
    setattr(instance, renditions_field, result.data)
    update_fields = [renditions_field]
    image_field = instance._meta.get_field(field_name)
    if result.data and image_field.width_field and image_field.height_field:
        setattr(instance, image_field.width_field, result.data["width"])
        setattr(instance, image_field.height_field, result.data["height"])
        update_fields += [image_field.width_field, image_field.height_field]
    if result.source_name and result.source_name != file.name:
        file.name = result.source_name
        update_fields.append(field_name)
    instance.save(update_fields=update_fields)
    return result
