"""Finding the headline and the byline at the top of a document.

``split_head`` looks only at the first few blocks, where a document states what it is and who
wrote it; everything after them is body. A byline is a short "By …" line whose every part reads
as a person's name, so a paragraph that merely starts with "By September, …" stays body text.
"""

import re
from dataclasses import dataclass, field

from articles.importing.blocks import HEADING_KINDS, PARAGRAPH, Block, plain_text, word_set
from people.entities.lexicon import STOPWORDS

TITLE_MAX_LENGTH = 300
_TITLE_MAX_WORDS = 30
_HEAD_BLOCKS = 4
_BYLINE_MAX_WORDS = 30
_NAME_MAX_WORDS = 6
_BYLINE = re.compile(
    r"^\W{0,3}(?:by|written\s+by|words\s+by|authors?\s*:|text\s*:)\s*[:\-–—]?\s*(?P<names>.+)$",
    re.IGNORECASE,
)
# After the names a byline may carry a date or an outlet, set off by a bar or a dash.
_BYLINE_TAIL = re.compile(r"\s+(?:[|·•]|[-–—]\s)\s*.*$|\s*\|.*$|\s+(?:in|from|at|for)\s+\S.*$")
_NAME_SEPARATORS = re.compile(
    r"\s*(?:,\s*and\s+|,\s*&\s*|,|;|\s+and\s+|\s*&\s*|\s+und\s+|\s+et\s+)\s*", re.IGNORECASE
)
_PARTICLES = word_set(
    "de da das del della der den di do dos du la le van von ter ten al el bin ibn bint abu y zu "
    "st. mac"
)
# Words that make a byline part a job title or a desk rather than a person.
_ROLE_WORDS = word_set(
    "senior junior fellow analyst editor correspondent reporter writer director researcher staff "
    "contributor contributing columnist professor associate chief deputy managing special "
    "foreign political bureau head lead visiting nonresident non-resident research programme "
    "program manager journalist desk team news newsroom the our"
)
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’.\-]*$")
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MARKDOWN_DECORATION = re.compile(r"^[#>\s]+|[*_`]+")
_TITLE_LABEL = re.compile(r"^(?:title|headline|hed)\s*:\s*", re.IGNORECASE)


@dataclass
class Head:
    """What the top of a document said: headline, byline names, and the body that follows."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    byline: str = ""
    body: list[Block] = field(default_factory=list)
    # Body blocks that stood above the byline (a standfirst, usually), not subheadings.
    above_byline: int = 0


def clean_title(text: str) -> str:
    """Return a headline without the Markdown dressing (links, #, emphasis) it arrived in."""
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _MARKDOWN_DECORATION.sub("", text)
    text = _TITLE_LABEL.sub("", text.strip())
    return " ".join(text.split()).strip()


def _is_name_token(token: str) -> bool:
    if token.lower() in _PARTICLES:
        return True
    if not _NAME_TOKEN.match(token):
        return False
    if token.islower():
        return True  # a byline typed all in lower case; _as_name decides
    first = token[0]
    # "al-Hassan" starts lower case but is a name; scripts without case pass as they are.
    return not first.islower() or any(part[:1].isupper() for part in token.split("-")[1:])


def _is_uncased(token: str) -> bool:
    return all(char.isalpha() and not char.isupper() and not char.islower() for char in token)


def _as_name(part: str) -> str | None:
    tokens = part.split()
    if len(tokens) == 1 and len(tokens[0]) >= 2 and _is_uncased(tokens[0]):
        # Chinese, Japanese or Korean names are written without a space between the parts.
        return tokens[0]
    if not 2 <= len(tokens) <= _NAME_MAX_WORDS:
        return None
    if not all(_is_name_token(token) for token in tokens):
        return None
    lowered = {token.lower() for token in tokens}
    if lowered <= _PARTICLES or lowered & _ROLE_WORDS:
        return None
    name = " ".join(tokens)
    if name.islower():
        # "by jane roe", typed in haste: the name as people write it, unless the words are
        # ordinary ones ("by most accounts").
        if lowered & STOPWORDS or not all(token.replace("-", "").isalpha() for token in tokens):
            return None
        return " ".join(
            token if token in _PARTICLES else "-".join(p.capitalize() for p in token.split("-"))
            for token in tokens
        )
    if name.isupper():
        # BYLINES SET IN CAPITALS become the name as people write it.
        name = " ".join(
            token.capitalize() if "-" not in token else token.title() for token in tokens
        )
    return name


def parse_byline(text: str) -> list[str] | None:
    """Return the names in a byline ("By A and B" gives two), or None if ``text`` is not one."""
    text = clean_title(text)
    if len(text.split()) > _BYLINE_MAX_WORDS:
        return None
    match = _BYLINE.match(text)
    if not match:
        return None
    names_text = _BYLINE_TAIL.sub("", match["names"]).strip().rstrip(".")
    parts = [part for part in _NAME_SEPARATORS.split(names_text) if part.strip()]
    names = []
    for position, part in enumerate(parts):
        name = _as_name(part)
        if name is None:
            # "By Jane Doe, Senior Fellow": what follows a name may be a role, never a first part.
            if position == 0:
                return None
            continue
        if name not in names:
            names.append(name)
    return names or None


def is_byline(block: Block) -> bool:
    return block.kind == PARAGRAPH and parse_byline(block.text) is not None


def _is_title_like(block: Block) -> bool:
    if block.kind in HEADING_KINDS:
        return bool(block.text)
    if block.kind != PARAGRAPH or "\n" in block.html.strip():
        return False
    text = clean_title(block.text)
    if not text or len(text.split()) > _TITLE_MAX_WORDS:
        return False
    # A headline may ask or exclaim, but a line ending in a full stop after several sentences
    # is the first paragraph of a piece that has no headline.
    return not (text.endswith(".") and text.count(". ") >= 1)


def _separate_head_lines(blocks: list[Block]) -> list[Block]:
    """Return ``blocks`` with a first paragraph that holds the headline line and a byline
    line ("Harbour Plan Splits Council" / "by jane roe", no blank line between them, as plain
    text often comes) cut into those lines and the rest, so that each is read for what it is."""
    if not blocks or blocks[0].kind != PARAGRAPH or "\n" not in blocks[0].html.strip():
        return blocks
    lines = [line for line in blocks[0].html.strip().split("\n") if line.strip()]
    byline = next(
        (i for i in range(1, min(3, len(lines))) if parse_byline(plain_text(lines[i]))), None
    )
    if byline is None or not _is_title_like(Block(PARAGRAPH, lines[0])):
        return blocks
    parts = [lines[:1], lines[1:byline], lines[byline : byline + 1], lines[byline + 1 :]]
    head = [Block(PARAGRAPH, "\n".join(part)) for part in parts if part]
    return head + blocks[1:]


def split_head(blocks: list[Block]) -> Head:
    """Return the headline, byline and body of ``blocks``.

    The headline is the first block when it reads as one (a heading, or a short line); the
    byline is the first "By …" line among the first few blocks, before or after the headline.
    """
    head = Head(body=_separate_head_lines(list(blocks)))
    leading = head.body[:_HEAD_BLOCKS]
    byline_index = next((i for i, block in enumerate(leading) if is_byline(block)), None)
    title_index = None
    for index, block in enumerate(leading):
        if index == byline_index or block.kind == "hr":
            continue
        if _is_title_like(block):
            title_index = index
        break
    if title_index is not None:
        head.title = clean_title(head.body[title_index].text)
    if byline_index is not None:
        head.byline = head.body[byline_index].text
        head.authors = parse_byline(head.byline) or []
    consumed = {i for i in (title_index, byline_index) if i is not None}
    if byline_index is not None:
        head.above_byline = sum(1 for i in range(byline_index) if i not in consumed)
    head.body = [block for i, block in enumerate(head.body) if i not in consumed]
    while head.body and head.body[0].kind == "hr":
        head.body.pop(0)
    return head
