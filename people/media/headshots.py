"""An author's headshot: its renditions are made once, when the image is saved."""

from django.db import transaction

from people.media.renditions import RenditionsRefresh, model_image_renditions_refresh
from people.models import Author
from people.page_versions import author_pages_invalidate

# Shown at 6rem (96 CSS pixels): one rendition per common pixel density.
HEADSHOT_WIDTHS = (96, 192, 288)


@transaction.atomic
def author_headshot_renditions_refresh(*, author: Author, force: bool = False) -> RenditionsRefresh:
    """Make the headshot's renditions match its current file, store what was made on the author,
    and return it. Nothing is remade when the renditions are complete, unless ``force``; with
    no headshot the old renditions are removed (once the transaction commits).

    Raises people.media.images.ImageError when the image is missing or damaged; the page then falls
    back to the original image.
    """
    refresh = model_image_renditions_refresh(
        instance=author,
        field_name="headshot",
        renditions_field="headshot_renditions",
        widths=HEADSHOT_WIDTHS,
        force=force,
    )
    if refresh.changed:
        # A page cached while the worker was busy shows the bare original until told otherwise.
        author_pages_invalidate(author_id=author.pk)
    return refresh
