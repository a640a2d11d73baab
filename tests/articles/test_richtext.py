import pytest

from articles.richtext import count_words, html_to_text, sanitize_body, text_and_word_count


def test_word_processor_paste_becomes_clean_semantic_html():
    pasted = (
        '<p class="MsoNormal" style="margin:0cm"><span style="font-family:Calibri">Aid&nbsp;'
        "<b>reached</b> <i>Derna</i></span><o:p></o:p></p>"
        '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>'
        "<h1>Section heading</h1>"
    )

    assert sanitize_body(pasted) == (
        "<p>Aid&nbsp;<strong>reached</strong> <em>Derna</em></p><h2>Section heading</h2>"
    )


def test_the_editors_vocabulary_survives():
    html = (
        "<h2>Heading</h2><h3>Sub</h3><p>A <strong>bold</strong>, <em>italic</em> "
        '<a href="https://example.org/report">link</a>.</p>'
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>quoted</p></blockquote>"
    )

    cleaned = sanitize_body(html)

    for fragment in ["<h2>", "<h3>", "<strong>", "<em>", "<ul>", "<ol>", "<blockquote>"]:
        assert fragment in cleaned
    assert '<a href="https://example.org/report" rel="noopener noreferrer">link</a>' in cleaned


def test_scripts_handlers_and_dangerous_urls_are_removed():
    html = (
        '<p onclick="steal()">Text<script>alert(1)</script><style>p{}</style>'
        '<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)>'
        '<iframe src="https://evil.example"></iframe></p>'
    )

    cleaned = sanitize_body(html)

    for forbidden in ["onclick", "script", "alert", "style", "javascript", "<img", "iframe"]:
        assert forbidden not in cleaned
    assert cleaned.startswith("<p>Text")


def test_typographic_quotes_and_apostrophes_are_kept():
    assert sanitize_body("<p>Haftar’s “iron grip”</p>") == "<p>Haftar’s “iron grip”</p>"


def test_count_words_ignores_markup_and_keeps_hyphenated_words_whole():
    assert count_words("<p>The UN-backed <strong>government</strong>’s plan</p>") == 4


def test_a_footnote_marker_survives_sanitising_and_a_disguised_one_does_not():
    body = sanitize_body(
        '<p><a href="#citation-12">the passage</a> and '
        '<a href="javascript:alert(1)#citation-3" onclick="x()">bad</a></p>'
    )
    assert '<a href="#citation-12" rel="noopener noreferrer">the passage</a>' in body
    assert "javascript" not in body and "onclick" not in body


def test_html_to_text_separates_blocks_so_words_never_run_together():
    """strip_tags gave "spoke.Then": descriptions, JSON-LD and word counts ran words together."""
    html = "<p>Haftar spoke.</p><p>Then he left.</p><ul><li>One</li><li>Two &amp; three</li></ul>"

    assert html_to_text(html) == "Haftar spoke.\n\nThen he left.\n\nOne\n\nTwo & three"
    assert html_to_text(html, one_line=True) == "Haftar spoke. Then he left. One Two & three"
    assert html_to_text("<h2>Title</h2>Line<br>next") == "Title\n\nLine\nnext"
    assert count_words("<p>spoke.</p><p>Then</p>") == 2


def test_every_derived_text_keeps_block_edges(rf):
    from articles.structured_data import article_description
    from newsroom.feeds import LatestFeed
    from tests.factories import ArticleFactory

    article = ArticleFactory.build(dek="", body="<p>Haftar spoke.</p><p>Then he left.</p>")

    assert article_description(article) == "Haftar spoke. Then he left."
    assert LatestFeed().item_description(article) == "Haftar spoke. Then he left."


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<p>One.</p><p>Two   words</p>",
        "<p>Line<br>break and a well-known “quote”, isn’t it?</p><ul><li>item</li></ul>",
        "<h2>Head</h2><blockquote><p>Quoted&nbsp;text &amp; more</p></blockquote>",
        "<p>ümlaut café 2026 — 3.5%</p><script>hidden words</script>",
    ],
)
def test_text_and_word_count_read_once_give_what_each_reading_gives(html):
    assert text_and_word_count(html) == (html_to_text(html, one_line=True), count_words(html))


@pytest.mark.parametrize("count", [1, 3, 4, 5, 40])
@pytest.mark.parametrize(
    "text",
    ["", "one", "one two three four", "  one\ttwo \n three  four five  ", "a b c d…", "a b c d e…"],
)
@pytest.mark.parametrize("truncate", [None, "…"])
def test_opening_words_cut_a_text_as_django_truncator_does(text, count, truncate):
    from django.utils.text import Truncator

    from articles.richtext import opening_words

    assert opening_words(text, count, truncate) == Truncator(text).words(count, truncate=truncate)
