"""Plain text to blocks: blank lines separate paragraphs, single line breaks are wraps.

Lines starting with a bullet ("-", "*", "•") or a number ("1.", "2)") make lists, lines starting
with ">" a block quote. A Markdown-style link is kept as a link (the seed's headline arrives as
one), anything else is taken literally and escaped.
"""

import re
from html import escape

from articles.importing.blocks import PARAGRAPH, Block

_BULLET = re.compile(r"^\s*[-*+•◦▪‣–]\s+(?P<item>\S.*)$")
_NUMBERED = re.compile(r"^\s*\(?\d{1,3}[.)]\s+(?P<item>\S.*)$")
_QUOTED = re.compile(r"^\s*>\s?(?P<item>.*)$")
_RULE = re.compile(r"^\s*(?:[-*_=~•·#]\s*){3,}$")
_LINK = re.compile(r"\[(?P<text>[^\]\n]+)\]\((?P<url>[^)\s]*)\)")
_SAFE_URL = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)


def inline_html(text: str) -> str:
    """Return ``text`` escaped as HTML, with Markdown-style links to the web kept as links."""
    out, position = [], 0
    for match in _LINK.finditer(text):
        out.append(escape(text[position : match.start()], quote=False))
        label = escape(match["text"], quote=False)
        if _SAFE_URL.match(match["url"]):
            out.append(f'<a href="{escape(match["url"])}">{label}</a>')
        else:
            out.append(label)
        position = match.end()
    out.append(escape(text[position:], quote=False))
    return "".join(out)


def _list_block(lines: list[str], pattern: re.Pattern, kind: str) -> Block | None:
    """Return the lines as a list when each starts an item or continues the one before."""
    items: list[list[str]] = []
    for line in lines:
        match = pattern.match(line)
        if match:
            items.append([match["item"]])
        elif items and line[:1].isspace():
            items[-1].append(line.strip())
        else:
            return None
    body = "".join(f"<li><p>{inline_html(' '.join(item))}</p></li>" for item in items)
    return Block(kind, f"<{kind}>{body}</{kind}>")


def _group_block(lines: list[str]) -> Block:
    if len(lines) == 1 and _RULE.match(lines[0]):
        return Block("hr", "")
    for pattern, kind in ((_BULLET, "ul"), (_NUMBERED, "ol")):
        if pattern.match(lines[0]):
            block = _list_block(lines, pattern, kind)
            if block is not None:
                return block
    if all(_QUOTED.match(line) for line in lines):
        inner = "\n".join(_QUOTED.match(line)["item"] for line in lines).strip()
        return Block("blockquote", f"<blockquote><p>{inline_html(inner)}</p></blockquote>")
    return Block(PARAGRAPH, inline_html("\n".join(line.strip() for line in lines)))


def _split_at_indents(lines: list[str]) -> list[list[str]]:
    """Return the lines as paragraphs where an indented first line starts each one, the way
    typewritten and some exported text marks paragraphs without blank lines between them."""
    if _BULLET.match(lines[0]) or _NUMBERED.match(lines[0]) or _QUOTED.match(lines[0]):
        return [lines]
    indents = [len(line) - len(line.lstrip()) for line in lines]
    if len(set(indents)) == 1:
        return [lines]
    margin = min(indents)
    paragraphs: list[list[str]] = []
    for line, indent in zip(lines, indents, strict=True):
        if indent > margin or not paragraphs:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return paragraphs


def text_to_blocks(text: str) -> list[Block]:
    """Return the blocks of plain ``text`` whose lines are already repaired."""
    blocks, group = [], []
    for line in [*text.split("\n"), ""]:
        if line.strip():
            group.append(line)
        elif group:
            blocks.extend(_group_block(lines) for lines in _split_at_indents(group))
            group = []
    return [block for block in blocks if block.text or block.kind == "hr"]
