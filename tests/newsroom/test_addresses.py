import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from newsroom.addresses import slug_address, slug_addresses

ROUTES = ["article_detail", "author_detail", "section_detail", "entity_detail"]


@pytest.mark.parametrize("name", ROUTES)
@pytest.mark.parametrize("slug", ["red-sea-ports", "a", "2026_review", "UPPER-case"])
def test_a_plain_slug_gets_the_address_reverse_gives(name, slug):
    assert slug_address(name, slug) == reverse(name, kwargs={"slug": slug})


def test_the_address_follows_the_script_prefix_of_the_request():
    set_script_prefix("/newsroom/")
    try:
        address = slug_address("article_detail", "red-sea-ports")
    finally:
        clear_script_prefix()

    assert address == "/newsroom/articles/red-sea-ports/"
    assert slug_address("article_detail", "red-sea-ports") == "/articles/red-sea-ports/"


@pytest.mark.parametrize("slug", ["", "with space", "нефть", "a/b", "semi;colon"])
def test_any_other_slug_is_left_to_reverse_and_its_refusal(slug):
    with pytest.raises(NoReverseMatch):
        reverse("article_detail", kwargs={"slug": slug})
    with pytest.raises(NoReverseMatch):
        slug_address("article_detail", slug)


def test_a_route_without_a_slug_in_its_address_is_refused():
    with pytest.raises(NoReverseMatch):
        slug_address("home", "anything")


def test_addresses_for_a_whole_file_are_the_ones_reverse_gives():
    address = slug_addresses("article_detail")

    assert [address(slug) for slug in ("red-sea-ports", "a_b")] == [
        reverse("article_detail", kwargs={"slug": slug}) for slug in ("red-sea-ports", "a_b")
    ]
    with pytest.raises(NoReverseMatch):
        address("нефть")
