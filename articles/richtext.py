"""The article body's rich text: what the editor offers and what the server keeps.

One configuration drives both the admin editor (django-prose-editor) and the nh3 allow-list that
every save passes through, so the server never stores markup the editor could not have produced,
whatever a browser or an importer sends.
"""

import re
from html.parser import HTMLParser

import nh3
from django.utils.text import Truncator
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

BODY_EXTENSIONS = {
    "Paragraph": True,
    "HardBreak": True,
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    # Our own: the footnote button (static/articles/admin/footnote.js), which makes Links.
    "Footnote": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "History": True,
    "Menu": True,
}


def _build_cleaner() -> nh3.Cleaner:
    allowlist = allowlist_from_extensions(expand_extensions(BODY_EXTENSIONS))
    # nh3 sets rel itself on every link, so an editor-supplied rel cannot widen what a link does.
    allowlist["attributes"]["a"].discard("rel")
    allowlist["link_rel"] = "noopener noreferrer"
    return nh3.Cleaner(**allowlist)


_cleaner = _build_cleaner()

# Word and Google Docs fill pasted text with empty paragraphs used as spacing.
_EMPTY_BLOCK = re.compile(r"<(p|h[2-4])>(?:\s|&nbsp;|\u00a0|<br>)*</\1>")
# Word processors say <b>/<i> and use any heading level; the editor's schema says <strong>/<em>
# and keeps <h1> for the headline, so these are renamed before the allow-list would drop them.
_TAG_SYNONYMS = {"b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4"}
_SYNONYM_TAG = re.compile(r"<(/?)(b|i|h1|h5|h6)(?=[\s/>])", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+(?:[’'\-]\w+)*")


def sanitize_body(html: str) -> str:
    """Return ``html`` reduced to the body's allow-list, with spacer paragraphs removed."""
    if not html:
        return ""
    renamed = _SYNONYM_TAG.sub(lambda m: f"<{m[1]}{_TAG_SYNONYMS[m[2].lower()]}", html)
    cleaned = _cleaner.clean(renamed)
    cleaned = _EMPTY_BLOCK.sub("", cleaned).strip()
    return cleaned


def count_words(html: str) -> int:
    """Return the number of words a reader sees in ``html``."""
    return text_and_word_count(html)[1]


def opening_words(text: str, count: int, truncate: str | None = None) -> str:
    """Return ``text`` cut after ``count`` words, as ``Truncator(text).words()`` does, reading
    only its opening: a piece's text can run to megabytes, and summaries are drawn on every
    view of its page and of every feed that lists it."""
    opening = " ".join(text.split(maxsplit=count + 1)[: count + 1])
    return Truncator(opening).words(count, truncate=truncate)


def text_and_word_count(html: str) -> tuple[str, int]:
    """Return the text a reader sees in ``html`` on one line (``html_to_text(html,
    one_line=True)``) and its number of words, from one reading of the markup: a save stores
    both, and parsing a long body twice doubled the cost."""
    text = html_to_text(html, one_line=True)
    return text, len(_WORD_RE.findall(text))


# Elements that a reader sees as separate blocks of text: their edges separate words.
_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th"),
        *("section", "article", "header", "footer", "figure", "figcaption"),
    }
)
# Elements whose content is never text a reader sees.
_HIDDEN_TAGS = frozenset(("script", "style", "template", "head"))
_INLINE_SPACE = re.compile(r"[^\S\n]+")


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.hidden = 0

    def _end_block(self) -> None:
        text = "\n".join(
            " ".join(line.split())
            for line in _INLINE_SPACE.sub(" ", "".join(self.current)).split("\n")
        ).strip()
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag == "br":
            self.current.append("\n")
        elif tag in _BLOCK_TAGS:
            self._end_block()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self._end_block()

    def handle_data(self, data):
        if not self.hidden:
            self.current.append(data.replace("\n", " "))


def html_to_text(html: str, *, one_line: bool = False) -> str:
    """Return the text a reader sees in ``html``: blocks (paragraphs, list items, headings,
    quotations) separated by a blank line and ``<br>`` by a line break, entities decoded, runs
    of spaces collapsed. With ``one_line`` every separator is one space, for descriptions and
    snippets. Block edges always separate words: "spoke.</p><p>Then" never reads "spoke.Then",
    which ``strip_tags`` would give."""
    parser = _TextParser()
    parser.feed(html or "")
    parser.close()
    parser._end_block()
    text = "\n\n".join(parser.blocks)
    return " ".join(text.split()) if one_line else text
