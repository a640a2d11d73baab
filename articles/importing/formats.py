"""Which format a document is in, and how each becomes blocks.

Plain text and Markdown are repaired line by line first (page furniture, wrapped hyphens, one
paragraph per line); HTML, Markdown and .docx then share the HTML path, so a paste from Word, a
Markdown file and a Word document end up as the same kind of clean body.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

import mammoth
from markdown_it import MarkdownIt

from articles.importing.blocks import Block
from articles.importing.bylines import parse_byline
from articles.importing.htmldoc import html_shape_problem, html_to_blocks
from articles.importing.plaintext import text_to_blocks
from articles.importing.repairs import (
    dehyphenate,
    furniture_indexes,
    split_unwrapped_lines,
    vocabulary,
)
from articles.importing.sources import (
    ZIP_SIGNATURE,
    ImportProblem,
    Source,
    binary_kind,
    max_import_bytes,
    source_text,
)

TEXT, MARKDOWN, HTML, DOCX = "text", "markdown", "html", "docx"
_SUFFIXES = {
    ".txt": TEXT,
    ".text": TEXT,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".mdown": MARKDOWN,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".docx": DOCX,
}
_HTML_START = re.compile(
    r"^\s*(?:<!doctype\s+html|<html|<\?xml|<meta|<(?:p|div|h[1-6]|ul|ol|table|span|body|b|i|"
    r"strong|em|br|blockquote|section|article|font|style)\b)",
    re.IGNORECASE,
)
_HTML_MARKERS = re.compile(r"</(?:p|div|span|h[1-6]|li|b|i|strong|em|a)>|<br\s*/?>|class=\"?Mso")
_MARKDOWN_MARKERS = re.compile(
    r"^#{1,6}\s+\S|^\s*(?:[-*+])\s+\S.*\n\s*(?:[-*+])\s+\S|(\*\*|__)\S[^\n]*?\S\1|^```|^\S.*\n=+\s*$",
    re.MULTILINE,
)
_BYLINE_SEARCH_LINES = 4
# A .docx is compressed XML; more than this many times the size limit unpacked is a zip bomb.
_DOCX_UNPACKED_FACTOR = 20
# Reading a .docx costs memory and time per XML element (about 2 KB and 45 µs each), whatever
# the file's size: 1.4 million empty paragraphs fit in 320 KB zipped and took 2.9 GB. The body is
# counted in a streamed pass before it is parsed; a 100-page report has some 60,000 elements.
MAX_DOCX_ELEMENTS = 100_000
MAX_DOCX_PARAGRAPHS = 20_000
_DOCX_SCAN_CHUNK = 1 << 20
# Word styles that mammoth does not map by default but that mean something in a newsroom.
_DOCX_STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => p:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
"""


@dataclass
class Parsed:
    blocks: list[Block]
    format: str
    title: str = ""
    warnings: list[str] = field(default_factory=list)


def detect_format(source: Source, text: str | None = None) -> str:
    """Return the source's format: from its file name, else from what its content looks like."""
    by_suffix = _SUFFIXES.get(source.suffix)
    is_file = isinstance(source.content, bytes)
    # Text pasted under a .docx name is text: only bytes can be a Word file.
    if by_suffix and (is_file or by_suffix != DOCX):
        return by_suffix
    if is_file and source.content.startswith(ZIP_SIGNATURE):
        return DOCX
    if text is None:
        return TEXT
    if _HTML_START.match(text) or len(_HTML_MARKERS.findall(text[:20000])) >= 2:
        return HTML
    if _MARKDOWN_MARKERS.search(text):
        return MARKDOWN
    return TEXT


def repair_lines(text: str) -> tuple[str, list[str]]:
    """Return ``text`` without page furniture lines, with wrapped hyphens rejoined, and with
    unwrapped one-line paragraphs separated."""
    lines = text.split("\n")
    nonblank = [index for index, line in enumerate(lines) if line.strip()]

    def keeps_first(position: int) -> bool:
        # A repeated line is the headline, not a running header, when a byline follows it.
        following = nonblank[position + 1 : position + 2]
        return position == 0 and bool(following) and parse_byline(lines[following[0]]) is not None

    dropped = furniture_indexes([lines[index] for index in nonblank], keeps_first=keeps_first)
    drop = {nonblank[position] for position in dropped}
    warnings = []
    if drop:
        warnings.append(f"dropped {len(drop)} page header, footer or page number line(s)")
    # A dropped line leaves a blank, so text on both sides of a page header stays apart until
    # the paragraph repair decides whether it is one sentence.
    kept = ["" if index in drop else line for index, line in enumerate(lines)]
    _set_byline_apart(kept)
    text = "\n".join(kept)
    text, hyphens = dehyphenate(text, vocabulary(text))
    if hyphens:
        warnings.append(f"rejoined {hyphens} word(s) hyphenated across line wraps")
    return split_unwrapped_lines(text), warnings


def _set_byline_apart(lines: list[str]) -> None:
    """Put blank lines around a byline near the top, which is often typed straight under the
    headline and over the first paragraph, so that it is a block of its own."""
    nonblank = [index for index, line in enumerate(lines) if line.strip()][:_BYLINE_SEARCH_LINES]
    for index in nonblank:
        if parse_byline(lines[index]) is not None:
            lines[index] = f"\n{lines[index]}\n"
            return


def _markdown_html(text: str) -> str:
    # CommonMark as written: no typographer, so quotes and apostrophes stay as the author typed.
    return MarkdownIt("commonmark").render(text)


def _docx_html(source: Source) -> tuple[str, list[str]]:
    data = source.content if isinstance(source.content, bytes) else b""
    if not data:
        raise ImportProblem(source.name, "the file is empty")
    if not data.startswith(ZIP_SIGNATURE):
        kind = binary_kind(data) or "plain text"
        raise ImportProblem(source.name, f"this is not a Word .docx file (it looks like {kind})")
    images = 0

    def skip_image(image) -> dict:
        nonlocal images
        images += 1
        return {}

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise ImportProblem(source.name, "this is a ZIP archive, not a Word document")
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > _DOCX_UNPACKED_FACTOR * max_import_bytes():
                raise ImportProblem(
                    source.name, f"the Word document unpacks to {unpacked} bytes, too much to read"
                )
            _check_docx_body(source.name, archive)
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=_DOCX_STYLE_MAP,
            convert_image=mammoth.images.img_element(skip_image),
        )
    except ImportProblem:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, LookupError) as error:
        raise ImportProblem(source.name, f"the Word document is damaged ({error})") from error
    except Exception as error:
        # mammoth parses untrusted XML and raises many kinds of errors on damaged files; each
        # must become this document's failure, never the end of a bulk import.
        raise ImportProblem(
            source.name, f"the Word document cannot be read ({type(error).__name__})"
        ) from error
    warnings = ["images were left out; add them in the editor with alt text"] if images else []
    return result.value, warnings


def _check_docx_body(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse a Word document whose body has more paragraphs or XML elements than an article
    can, counting them in fixed-size chunks so the count itself needs no memory."""
    elements = paragraphs = 0
    tail = b""
    with archive.open("word/document.xml") as body:
        while chunk := body.read(_DOCX_SCAN_CHUNK):
            # A tag cut in two by the chunk boundary is counted once, in the chunk it ends.
            data = tail + chunk
            cut = data.rfind(b"<")
            data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            elements += data.count(b"<") - data.count(b"</") - data.count(b"<?")
            paragraphs += data.count(b"<w:p>") + data.count(b"<w:p ") + data.count(b"<w:p/")
            if elements > MAX_DOCX_ELEMENTS or paragraphs > MAX_DOCX_PARAGRAPHS:
                raise ImportProblem(
                    name,
                    f"the Word document has more than {MAX_DOCX_PARAGRAPHS:,} paragraphs or "
                    f"{MAX_DOCX_ELEMENTS:,} XML elements, too many to import; split it",
                )


def _html_blocks(source: Source, html: str):
    """Return ``html_to_blocks(html)``, refusing HTML too deep or too big to parse safely."""
    problem = html_shape_problem(html)
    if problem:
        raise ImportProblem(source.name, problem)
    return html_to_blocks(html)


def parse_source(source: Source) -> Parsed:
    """Return the blocks of ``source`` in whatever supported format it is."""
    if detect_format(source) == DOCX:
        html, warnings = _docx_html(source)
        document = _html_blocks(source, html)
        return Parsed(document.blocks, DOCX, warnings=warnings + document.warnings)
    text, warnings = source_text(source)
    format_ = detect_format(source, text)
    if format_ == HTML:
        document = _html_blocks(source, text)
        return Parsed(document.blocks, HTML, document.title, warnings + document.warnings)
    text, line_warnings = repair_lines(text)
    warnings += line_warnings
    if format_ == MARKDOWN:
        document = _html_blocks(source, _markdown_html(text))
        return Parsed(document.blocks, MARKDOWN, warnings=warnings + document.warnings)
    return Parsed(text_to_blocks(text), TEXT, warnings=warnings)
