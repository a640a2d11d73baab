from articles.importing.blocks import Block
from articles.importing.repairs import (
    dehyphenate,
    furniture_indexes,
    infer_headings,
    rejoin_split_paragraphs,
    split_unwrapped_lines,
    vocabulary,
)


def test_words_hyphenated_across_wraps_are_rejoined_but_real_hyphens_stay():
    text = "the inter-\nnational plan, the UN-\nbacked body, Yunus-\nBek and a well-\nknown man"

    repaired, count = dehyphenate(text, vocabulary("a well-known fact"))

    assert repaired == "the international plan, the UN-backed body, Yunus-Bek and a well-known man"
    assert count == 4


def test_the_document_decides_between_joined_and_hyphenated_forms():
    repaired, _count = dehyphenate("a co-\noperative", vocabulary("the co-operative movement"))

    assert repaired == "a co-operative"


def test_page_numbers_and_running_headers_are_furniture():
    lines = [
        "The Sahel Review",
        "By Ana López",
        "A paragraph.",
        "Page 1 of 3",
        "The Sahel Review",
        "- 2 -",
        "Another paragraph.",
        "The Sahel Review · 3",
        "Sahel Review 3/3",
        "12",
        "Final words.",
    ]

    drop = furniture_indexes(lines, keeps_first=lambda index: index == 0)

    assert sorted(lines[index] for index in drop) == sorted(
        [
            "Page 1 of 3",
            "The Sahel Review",
            "- 2 -",
            "The Sahel Review · 3",
            "Sahel Review 3/3",
            "12",
        ]
    )


def test_repeated_sentences_and_lines_with_few_letters_are_not_furniture():
    lines = ["Yes.", "   v", "It was the best of plans, said one official.", "* * *"] * 2

    assert furniture_indexes(lines) == set()


def test_paragraphs_split_mid_sentence_are_rejoined_and_others_left_alone():
    blocks = [
        Block("p", "A long first paragraph that is cut off by the page break in the"),
        Block("p", "United States. It then ends."),
        Block("p", "Short heading"),
        Block("p", "Next paragraph starts here."),
        Block("p", "A sentence ends in a hyphenated inter-"),
        Block("p", "<em>national</em> word."),
    ]

    repaired, warnings = rejoin_split_paragraphs(blocks, vocabulary("international"))

    assert [block.html for block in repaired] == [
        "A long first paragraph that is cut off by the page break in the United States. It "
        "then ends.",
        "Short heading",
        "Next paragraph starts here.",
        "A sentence ends in a hyphenated <em>international</em> word.",
    ]
    assert len(warnings) == 2


def test_short_standalone_lines_in_plain_text_become_subheadings():
    blocks = [Block("p", "Why it matters"), Block("p", "Because."), Block("p", "The end")]

    kinds = [block.kind for block in infer_headings(blocks)]

    assert kinds == ["h2", "p", "p"]


def test_one_paragraph_per_line_text_is_split_into_paragraphs():
    long_line = "A paragraph written on one long line without wrapping. " * 4
    wrapped = "A wrapped paragraph\nthat continues here."

    assert split_unwrapped_lines(f"{long_line}\n{long_line}") == f"{long_line}\n\n{long_line}"
    assert split_unwrapped_lines(wrapped) == wrapped
