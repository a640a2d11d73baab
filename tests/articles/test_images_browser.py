"""The hero image as a reader's browser sees it: the candidate it picks from srcset/sizes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.images import article_hero_renditions_refresh
from tests.factories import PublishedArticleFactory
from tests.images import image_bytes

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize(
    ("viewport", "pixel_ratio", "expected"),
    [
        ({"width": 375, "height": 800}, 1, "/480w.webp"),  # a phone: 343 CSS pixels wide
        ({"width": 1280, "height": 900}, 2, "/1600w.webp"),  # the 42rem column on a 2x laptop
    ],
)
def test_browser_downloads_the_webp_that_fits_the_screen(
    chromium, live_server, media_root, viewport, pixel_ratio, expected
):
    article = PublishedArticleFactory(
        hero_image=SimpleUploadedFile("hero.jpg", image_bytes("JPEG", 2000, 1000)),
        hero_alt="Grain silos at the port",
    )
    article_hero_renditions_refresh(article=article)
    context = chromium.new_context(viewport=viewport, device_scale_factor=pixel_ratio)
    page = context.new_page()
    # The test server does not serve media (DEBUG is off); the browser gets the stored files.
    page.route(
        "**/media/**",
        lambda route: route.fulfill(path=media_root / route.request.url.split("/media/", 1)[1]),
    )

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    hero = page.locator(".article__hero img")
    hero.evaluate("image => image.decode()")

    assert hero.evaluate("image => image.currentSrc").endswith(expected)
    box = hero.bounding_box()
    assert box["width"] == pytest.approx(2 * box["height"], abs=1)
    context.close()
