"""Input hygiene at the model boundary: control characters never reach the database, and no
uploaded image is stored with its metadata.

A vertical tab pasted from a word processor into a headline made the RSS and Atom feeds answer
500 for every reader (XML 1.0 cannot carry it) and the news sitemap ill-formed. Forms, imports,
scripts and the shell all end in ``Model.save()``, so that is where text is cleaned, for every
model of the newsroom (and, through ``articles.apps``, for tags).

Images take the same road: an entity image kept its GPS EXIF and an appended HTML tail because
only hero images and headshots were cleaned. Every image field of every such model is now
re-encoded from its pixels (metadata and trailing bytes gone) and held to the megapixel cap.
"""

import re

from django.db import models

from people.media.images import image_without_metadata

# C0 controls other than tab, line feed and carriage return (a Windows line break), DEL, and
# the C1 controls: none is text, and XML 1.0 forbids or discourages all of them.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_control_characters(text: str) -> str:
    """Return ``text`` without control characters other than tab and line breaks."""
    return CONTROL_CHARACTERS.sub("", text)


def clean_text_fields(instance: models.Model) -> None:
    """Remove control characters from every character and text field of ``instance``."""
    for field in instance._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)):
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            setattr(instance, field.attname, without_control_characters(value))


def clean_new_images(instance: models.Model) -> None:
    """Replace each newly uploaded image of ``instance`` by a clean copy: pixels only, upright,
    sRGB. Raises ``people.media.images.ImageError`` for a file that is not an image we accept
    (wrong format, too many pixels, damaged), whichever path it came by."""
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.ImageField):
            continue
        file = getattr(instance, field.attname)
        if file and not file._committed:
            setattr(instance, field.attname, image_without_metadata(file))


class CleanInputModel(models.Model):
    """A model whose text fields are cleaned of control characters, and whose new image
    uploads of their metadata, on every save."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        clean_text_fields(self)
        clean_new_images(self)
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None) -> None:
        # Cleaned before validation too, so a headline of nothing but control characters is
        # "required", not saved empty.
        clean_text_fields(self)
        super().clean_fields(exclude=exclude)
