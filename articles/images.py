"""The article's hero image: its renditions are made once, when the image is saved, so that
pages serve a size that fits each screen without any work at read time."""

from django.db import transaction

from articles.caching import article_pages_invalidate
from articles.models import Article
from people.media.renditions import RenditionsRefresh, model_image_renditions_refresh

# The hero fills the text column (about 42rem): 480 for phones up to 1600 for wide 2x screens.
HERO_WIDTHS = (480, 800, 1200, 1600)


@transaction.atomic
def article_hero_renditions_refresh(*, article: Article, force: bool = False) -> RenditionsRefresh:
    """Make the hero image's renditions match its current file, store what was made on the
    article, and return it. Nothing is remade when the renditions are complete, unless
    ``force``; with no image the old renditions are removed (once the transaction commits).

    Raises people.media.images.ImageError when the image is missing or damaged; the page then falls
    back to the original image.
    """
    refresh = model_image_renditions_refresh(
        instance=article,
        field_name="hero_image",
        renditions_field="hero_renditions",
        widths=HERO_WIDTHS,
        force=force,
    )
    if refresh.changed:
        # A page cached while the worker was busy shows the bare original until told otherwise.
        article_pages_invalidate(article=article)
    return refresh
