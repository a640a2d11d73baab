"""The shape every format is reduced to before repair: a list of body blocks.

A block is one paragraph, heading, list, block quote or rule. Paragraphs and headings keep their
inline HTML (emphasis, links), lists and quotes their whole element; soft line breaks inside a
block are kept as "\\n" until the repairs have used them.
"""

import re
from dataclasses import dataclass
from functools import cached_property

from articles.richtext import html_to_text

PARAGRAPH = "p"
LIST_KINDS = frozenset({"ul", "ol"})
HEADING_KINDS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# What readers count as body text blocks (and what the JSON report's "paragraphs" counts).
TEXT_BLOCK_KINDS = frozenset({"p", "ul", "ol", "blockquote"})

_SPACE = re.compile(r"\s+")
_SPACE_AROUND_BLOCK_TAGS = re.compile(r"\s*(</?(?:ul|ol|li|p|blockquote)(?:\s[^>]*)?>)\s*")


@dataclass(frozen=True)
class Block:
    kind: str
    html: str

    @cached_property
    def text(self) -> str:
        """The words a reader sees, on one line."""
        return plain_text(self.html)

    def to_html(self) -> str:
        """Return the block as body HTML, soft line breaks turned into spaces."""
        html = self.html.replace("\n", " ").strip()
        if self.kind in LIST_KINDS or self.kind == "blockquote":
            return _SPACE_AROUND_BLOCK_TAGS.sub(r"\1", html)
        if self.kind == "hr":
            return "<hr>"
        return f"<{self.kind}>{html}</{self.kind}>"


def word_set(words: str) -> frozenset[str]:
    """Return the space-separated ``words`` as a set: long word lists stay readable in source."""
    return frozenset(words.split())


def plain_text(html: str) -> str:
    return html_to_text(html, one_line=True)


def blocks_to_html(blocks: list[Block]) -> str:
    return "".join(block.to_html() for block in blocks)
