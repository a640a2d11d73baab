import pytest

from articles.importing.blocks import Block
from articles.importing.bylines import clean_title, parse_byline, split_head


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Brenna Haggerty", ["Brenna Haggerty"]),
        ("By Amara Diallo and Jürgen Weiß", ["Amara Diallo", "Jürgen Weiß"]),
        ("by Ana María López, Tom Reyes, and Li Wei", ["Ana María López", "Tom Reyes", "Li Wei"]),
        ("By Ana López & Tom Reyes", ["Ana López", "Tom Reyes"]),
        ("BY JOSÉ ÁLVAREZ AND ZOË NG", ["José Álvarez", "Zoë Ng"]),
        ("By Jane Doe, Senior Fellow, and John Roe", ["Jane Doe", "John Roe"]),
        ("By Jane Doe | 3 October 2023", ["Jane Doe"]),
        ("By Jane Doe in Tripoli", ["Jane Doe"]),
        (
            "Authors: Omar al-Hassan and Ludwig van Beethoven",
            ["Omar al-Hassan", "Ludwig van Beethoven"],
        ),
        ("*By Amara Diallo*", ["Amara Diallo"]),
        ("Written by Sarah O’Connor", ["Sarah O’Connor"]),
        ("By: Jean-Pierre Dupont", ["Jean-Pierre Dupont"]),
        ("By 王伟 and Анна Петрова", ["王伟", "Анна Петрова"]),
    ],
)
def test_bylines_give_the_names_of_their_authors(line, names):
    assert parse_byline(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "By September, Haftar had taken the city and the east with it.",
        "By and large the plan failed.",
        "By Reuters",
        "Brenna Haggerty",
        "By the time the floods came, nobody was ready.",
    ],
)
def test_sentences_starting_with_by_are_not_bylines(line):
    assert parse_byline(line) is None


def test_markdown_link_and_emphasis_are_removed_from_headlines():
    assert clean_title("[Haftar in Moscow](#)") == "Haftar in Moscow"
    assert clean_title("## **A  headline**") == "A headline"
    assert clean_title("Headline: Grain and drought") == "Grain and drought"


def test_head_finds_headline_and_byline_in_either_order():
    title, byline, body = Block("p", "Headline"), Block("p", "By Ana López"), Block("p", "Text.")

    for blocks in ([title, byline, body], [byline, title, body]):
        head = split_head(blocks)
        assert (head.title, head.authors, head.body) == ("Headline", ["Ana López"], [body])


def test_a_long_first_paragraph_is_not_taken_for_a_headline():
    first = Block("p", "This is the opening. It has two sentences and no headline above it.")

    head = split_head([first, Block("p", "More.")])

    assert head.title == ""
    assert head.body[0] == first


def test_blocks_above_the_byline_are_counted_so_they_stay_apart():
    blocks = [
        Block("p", "Headline"),
        Block("p", "A standfirst without a full stop"),
        Block("p", "By Ana López"),
        Block("p", "Body."),
    ]

    head = split_head(blocks)

    assert head.title == "Headline"
    assert head.above_byline == 1
    assert [block.text for block in head.body] == ["A standfirst without a full stop", "Body."]


def test_a_byline_typed_in_lower_case_gives_capitalised_names():
    assert parse_byline("by jane roe") == ["Jane Roe"]
    assert parse_byline("by ana de souza and lee min-jun") == ["Ana de Souza", "Lee Min-Jun"]
    assert parse_byline("by most accounts") is None
