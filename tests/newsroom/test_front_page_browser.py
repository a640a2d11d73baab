"""The front page in a browser, on a desktop and a phone: lead with its picture, top stories in a
grid, no story twice, and nothing wider than the screen."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize(("width", "columns"), [(1280, 4), (390, 1)], ids=["desktop", "phone"])
def test_front_page_reads_like_a_publication(chromium, live_server, media_root, width, columns):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = chromium.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{live_server.url}/")

    lead_image = page.locator(".lead img")
    assert lead_image.evaluate("img => img.complete && img.naturalWidth > 0")
    cards = page.locator("#top-heading + ol > li")
    tops = {round(cards.nth(i).bounding_box()["y"]) for i in range(cards.count())}
    assert cards.count() == 4 and len(tops) == 4 // columns
    titles = page.locator(".article-card__title, .lead__title").all_inner_texts()
    assert len(titles) == len(set(titles))
    assert page.locator("#mentioned-heading").text_content() == "Most mentioned this month"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
