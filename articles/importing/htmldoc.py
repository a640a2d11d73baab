"""HTML to blocks, for HTML files, pastes from Word or Google Docs, and converted .docx/Markdown.

Word and Google Docs wrap the text in presentation: ``MsoNormal`` classes, inline styles, spans,
conditional comments, non-breaking spaces, list bullets typed as characters. This module keeps
what the markup means (paragraphs, headings, lists, quotes, bold, italic, links) and drops the
rest; the body's allow-list (``articles.richtext.sanitize_body``) then has the last word. Active
content (scripts, style sheets, event handlers, ``javascript:`` links, embeds) is removed and
reported, never imported.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

from articles.importing.blocks import PARAGRAPH, Block, plain_text, word_set
from articles.importing.repairs import HEADING_MAX_WORDS, ends_sentence

_BLOCK_TAGS = word_set(
    "p h1 h2 h3 h4 h5 h6 ul ol blockquote hr pre table div section article main header footer "
    "aside center figure dl dt dd li tr td th tbody thead address figcaption caption"
)
_PARAGRAPH_TAGS = frozenset({"p", "dt", "dd", "figcaption", "caption", "summary", "li"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SILENTLY_DROPPED = ["head", "meta", "link", "base", "xml", "nav", "template", "noscript", "svg"]
_EMBEDS = ["iframe", "object", "embed", "applet", "frame", "frameset", "audio", "video", "canvas"]
_FORM_CONTROLS = ["input", "button", "select", "textarea", "option"]
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_LIST_GLYPH_ORDERED = re.compile(r"^\(?[0-9a-zA-Z]{1,4}[.)]$")
_STYLE_DECLARATION = re.compile(r"\s*([\w-]+)\s*:\s*([^;]+)")
# Limits on the shape of HTML, checked by a cheap scan before any parser sees it: the parser and
# the walk below recurse once per level of nesting and cost about a millisecond per element, so
# 100,000 nested <b> held a worker past its timeout and 100,000 nested <div> raised
# RecursionError. A long Word paste has a few thousand elements and a dozen levels.
MAX_HTML_DEPTH = 100
MAX_HTML_ELEMENTS = 20_000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*?(/?)>")
_VOID_TAGS = word_set(
    "area base br col embed hr img input link meta param source track wbr basefont frame keygen"
)


@dataclass
class HtmlDocument:
    blocks: list[Block]
    title: str = ""
    warnings: list[str] = field(default_factory=list)


def _style(tag: Tag) -> dict[str, str]:
    raw = tag.get("style") or ""
    if isinstance(raw, list):
        raw = " ".join(raw)
    return {name.lower(): value.strip().lower() for name, value in _STYLE_DECLARATION.findall(raw)}


def _classes(tag: Tag) -> list[str]:
    return [name.lower() for name in tag.get("class") or []]


def _remove_active_content(soup: BeautifulSoup) -> list[str]:
    """Remove what could run in a reader's browser; return one warning per kind removed."""
    warnings = []
    for name, what in (("script", "script"), ("style", "style sheet")):
        found = soup.find_all(name)
        for tag in found:
            tag.decompose()
        if found:
            warnings.append(f"removed {len(found)} {what}{'s' if len(found) > 1 else ''}")
    handlers, scripted_links = set(), 0
    for tag in soup.find_all(True):
        for attribute in list(tag.attrs):
            if attribute.lower().startswith("on"):
                handlers.add(attribute.lower())
                del tag[attribute]
            elif attribute.lower() in {"href", "src", "action", "formaction"}:
                value = re.sub(r"[\s\x00-\x1f]", "", str(tag[attribute])).lower()
                if value.startswith(("javascript:", "vbscript:", "data:text/html")):
                    scripted_links += 1
                    del tag[attribute]
    if handlers:
        warnings.append(f"removed event handler attributes ({', '.join(sorted(handlers))})")
    if scripted_links:
        warnings.append(f"removed {scripted_links} javascript: link(s)")
    embeds = soup.find_all(_EMBEDS)
    for tag in embeds:
        tag.decompose()
    if embeds:
        warnings.append(f"removed {len(embeds)} embedded object(s) (iframes, video, plugins)")
    for tag in soup.find_all(_FORM_CONTROLS):
        tag.decompose()
    return warnings


def _remove_word_processor_noise(soup: BeautifulSoup) -> None:
    """Undo what Word and Google Docs add around the text, keeping what it means."""
    for tag in soup.find_all(True):
        if tag.name in {"o:p", "w:sdt", "w:sdtpr"} or (tag.name or "").startswith(("o:", "w:")):
            tag.unwrap()
    for tag in soup.find_all(["b", "strong", "span"]):
        if not tag.decomposed:
            _restyle_inline(soup, tag)
    _mark_word_paragraphs(soup)


def _restyle_inline(soup: BeautifulSoup, tag: Tag) -> None:
    """Turn a styled <b>, <strong> or <span> into the emphasis it shows, or drop it."""
    style = _style(tag)
    weight = style.get("font-weight", "")
    if tag.name in {"b", "strong"} and weight in {"normal", "400", "300"}:
        # Google Docs wraps a whole paste in <b style="font-weight:normal">.
        tag.unwrap()
        return
    if tag.name != "span":
        return
    if "mso-list" in style and "ignore" in style["mso-list"]:
        # Word types list bullets and numbers as text inside this span.
        parent = tag.find_parent("p")
        if parent is not None:
            glyph = tag.get_text(strip=True)
            parent["data-list"] = "ol" if _LIST_GLYPH_ORDERED.match(glyph) else "ul"
        tag.decompose()
        return
    bold = weight in {"bold", "bolder", "600", "700", "800", "900"}
    italic = style.get("font-style") == "italic"
    if bold:
        tag.name, tag.attrs = "strong", {}
        if italic:
            inner = soup.new_tag("em")
            for child in list(tag.contents):
                inner.append(child.extract())
            tag.append(inner)
    elif italic:
        tag.name, tag.attrs = "em", {}


def _mark_word_paragraphs(soup: BeautifulSoup) -> None:
    """Word marks list items, titles and quotations by class and style on plain paragraphs."""
    for tag in soup.find_all("p"):
        classes, style = _classes(tag), _style(tag)
        if (
            "mso-list" in style
            and not tag.get("data-list")
            and "msolistparagraph" in "".join(classes)
        ):
            tag["data-list"] = "ul"
        if "msotitle" in classes or "title" in classes:
            tag.name = "h1"
        elif any(name in {"msoquote", "msointensequote"} for name in classes):
            tag.wrap(soup.new_tag("blockquote"))


def _normalise_whitespace(soup: BeautifulSoup) -> None:
    """Collapse source whitespace and &nbsp; to single spaces; keep <br> as a soft line break."""
    for text in soup.find_all(string=True):
        if isinstance(text, (Comment, Declaration, CData, ProcessingInstruction, Doctype)):
            text.extract()
        elif text.find_parent("pre") is None:
            text.replace_with(_SPACE.sub(" ", str(text)))
    for br in soup.find_all("br"):
        br.replace_with("\n")


def _inner_html(tag: Tag) -> str:
    html = "".join(str(child) for child in tag.contents)
    return re.sub(r" *\n *", "\n", html).strip()


def _has_blocks(tag: Tag) -> bool:
    return tag.find(_BLOCK_TAGS) is not None


def _is_pseudo_heading(tag: Tag) -> bool:
    """Word users often make a subheading by setting a short paragraph in bold."""
    children = [
        child for child in tag.contents if not (isinstance(child, str) and not child.strip())
    ]
    if len(children) != 1 or not isinstance(children[0], Tag):
        return False
    if children[0].name not in {"b", "strong"}:
        return False
    text = tag.get_text(" ", strip=True)
    return 0 < len(text.split()) <= HEADING_MAX_WORDS and not ends_sentence(text)


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.inline: list[str] = []
        self.list_items: list[str] = []
        self.list_kind = ""
        self.warnings: set[str] = set()

    def flush_inline(self) -> None:
        html = re.sub(r" *\n *", "\n", "".join(self.inline)).strip()
        self.inline = []
        for part in re.split(r"\n{2,}", html):
            if plain_text(part):
                self.blocks.append(Block(PARAGRAPH, part.strip()))

    def flush_list(self) -> None:
        if self.list_items:
            items = "".join(f"<li><p>{item}</p></li>" for item in self.list_items)
            self.blocks.append(
                Block(self.list_kind, f"<{self.list_kind}>{items}</{self.list_kind}>")
            )
        self.list_items, self.list_kind = [], ""

    def flush(self) -> None:
        self.flush_inline()
        self.flush_list()

    def walk(self, node: Tag) -> None:
        for child in list(node.children):
            if isinstance(child, NavigableString):
                if child.strip():
                    self.flush_list()
                self.inline.append(str(child).replace("&", "&amp;").replace("<", "&lt;"))
                continue
            if not isinstance(child, Tag):
                continue
            self.element(child)
        self.flush_inline()

    def element(self, tag: Tag) -> None:
        if not self._text_block(tag):
            self._other_element(tag)

    def _text_block(self, tag: Tag) -> bool:
        """Gather ``tag`` if it is a block of text (a paragraph, list item, heading, list,
        quotation or rule); return whether it was one."""
        name = tag.name
        if name == "p" and tag.get("data-list"):
            self.flush_inline()
            if self.list_kind and self.list_kind != tag["data-list"]:
                self.flush_list()
            self.list_kind = tag["data-list"]
            self.list_items.append(_inner_html(tag))
            return True
        if name in _PARAGRAPH_TAGS and not _has_blocks(tag):
            self.flush()
            kind = "h2" if _is_pseudo_heading(tag) else PARAGRAPH
            for part in re.split(r"\n{2,}", _inner_html(tag)):
                if plain_text(part):
                    self.blocks.append(Block(kind, part.strip()))
            return True
        if name in _HEADING_TAGS:
            self.flush()
            if plain_text(_inner_html(tag)):
                self.blocks.append(Block(name, _inner_html(tag).replace("\n", " ")))
            return True
        if name in {"ul", "ol", "blockquote"}:
            self.flush()
            if plain_text(str(tag)):
                self.blocks.append(Block(name, str(tag)))
            return True
        if name == "hr":
            self.flush()
            self.blocks.append(Block("hr", ""))
            return True
        return False

    def _other_element(self, tag: Tag) -> None:
        name = tag.name
        if name == "pre":
            self.flush()
            text = tag.get_text().strip("\n")
            if text.strip():
                escaped = text.replace("&", "&amp;").replace("<", "&lt;")
                self.blocks.append(Block(PARAGRAPH, escaped))
            return
        if name == "img":
            self.warnings.add("images were left out; add them in the editor with alt text")
            return
        if name == "table":
            self.warnings.add("a table was flattened into paragraphs")
        if name in _BLOCK_TAGS or name in {"html", "body"} or _has_blocks(tag):
            self.flush()
            self.walk(tag)
            return
        # Inline markup (emphasis, links, spans) belongs to the paragraph being gathered.
        self.flush_list()
        for image in tag.find_all("img"):
            self.warnings.add("images were left out; add them in the editor with alt text")
            image.decompose()
        self.inline.append(str(tag))


def html_shape_problem(html: str) -> str | None:
    """Return why ``html`` is too deep or too big to parse safely, or None.

    One regular-expression pass over the tags, with a stack of open elements that tolerates
    unclosed and stray end tags the way a forgiving parser does; it stops at the first limit
    passed, so its own cost is bounded by the text's length."""
    open_tags: list[str] = []
    still_open: Counter[str] = Counter()
    elements = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match[1], match[2].lower(), match[3]
        if closing:
            if still_open[name]:
                while (popped := open_tags.pop()) != name:
                    still_open[popped] -= 1
                still_open[name] -= 1
            continue
        elements += 1
        if elements > MAX_HTML_ELEMENTS:
            return (
                f"it has more than {MAX_HTML_ELEMENTS:,} HTML elements, too many to import; "
                "split it into several documents"
            )
        if name in _VOID_TAGS or self_closing:
            continue
        open_tags.append(name)
        still_open[name] += 1
        if len(open_tags) > MAX_HTML_DEPTH:
            return (
                f"its HTML is nested more than {MAX_HTML_DEPTH} levels deep, which no article "
                "needs; save it again from the word processor, or as plain text"
            )
    return None


def html_to_blocks(html: str) -> HtmlDocument:
    """Return the blocks of an HTML document or fragment, its <title>, and what was removed."""
    soup = BeautifulSoup(html, "html.parser")
    warnings = _remove_active_content(soup)
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else ""
    for tag in soup.find_all(["title", *_SILENTLY_DROPPED]):
        tag.decompose()
    _remove_word_processor_noise(soup)
    _normalise_whitespace(soup)
    walker = _Walker()
    walker.walk(soup)
    walker.flush()
    return HtmlDocument(walker.blocks, title=title, warnings=warnings + sorted(walker.warnings))
