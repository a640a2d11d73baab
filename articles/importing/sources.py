"""Reading what arrives: bytes from a file or an upload, text from a paste.

This module decides whether the input is a document at all (not empty, not binary, not too big)
and turns it into text with ordinary line endings. Everything it refuses raises ``ImportProblem``
with a message that names the document, so a journalist knows which file to fix and why.
"""

import codecs
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.conf import settings

# Signatures of the binary files journalists most often pick by mistake, to say what they are.
_KNOWN_BINARIES = [
    (b"%PDF", "a PDF; export it as .docx or plain text first"),
    (b"\xd0\xcf\x11\xe0", "an old-style Word .doc (or other Office) file; save it as .docx first"),
    (b"{\\rtf", "an RTF document; save it as .docx first"),
    (b"\x89PNG", "a PNG image, not a document"),
    (b"\xff\xd8\xff", "a JPEG image, not a document"),
    (b"GIF8", "a GIF image, not a document"),
    (b"PK\x03\x04", "a ZIP archive, not a Word document"),
]
ZIP_SIGNATURE = b"PK\x03\x04"
# Invisible or control characters that only extraction leaves behind: the soft hyphen marks a
# possible line-wrap break, the rest have no meaning in an article (and the models would drop
# the control characters on save anyway: people.hygiene).
_INVISIBLE = re.compile("[\u00ad\u200b\ufeff\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("\r\n|\r|[\u2028\u0085]")


class ImportProblem(Exception):
    """A document that cannot be imported; ``str()`` names the document and the problem."""

    def __init__(self, source_name: str, problem: str):
        self.source_name = source_name
        self.problem = problem
        super().__init__(f"{source_name}: {problem}")


@dataclass(frozen=True)
class Source:
    """One document to import: its display name (a path or "pasted text") and its content."""

    name: str
    content: bytes | str

    @property
    def suffix(self) -> str:
        return PurePath(self.name).suffix.lower()


def max_import_bytes() -> int:
    return settings.NEWSROOM_IMPORT_MAX_BYTES


def check_size(name: str, size: int) -> None:
    """Refuse a document over the size limit before anyone reads it into memory."""
    limit = max_import_bytes()
    if size > limit:
        raise ImportProblem(
            name,
            f"the file is {_megabytes(size)}, over the import limit of {_megabytes(limit)} "
            "(NEWSROOM_IMPORT_MAX_BYTES)",
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def binary_kind(data: bytes) -> str | None:
    """Return what a binary ``data`` is (a phrase for the error message), or None for text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    for signature, description in _KNOWN_BINARIES:
        if data.startswith(signature):
            return description
    # Text never contains NUL bytes (UTF-16 without a BOM is too rare to guess at); many control
    # bytes also mean a binary format, as git and file(1) judge it.
    head = data[:8192]
    if b"\x00" in head:
        return "a binary file, not text"
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f")
    if head and controls / len(head) > 0.1:
        return "a binary file, not text"
    return None


def decode_bytes(name: str, data: bytes) -> tuple[str, list[str]]:
    """Return ``data`` decoded as text, with warnings about how it was read.

    Tries a byte-order mark, then strict UTF-8, then Windows-1252 (what Word and Windows tools
    save as "ANSI"). Statistical detectors guess wrong on short articles (a Windows-1252 file with
    a few accents is often called Central European), so the order is fixed and explicit.
    """
    kind = binary_kind(data)
    if kind:
        raise ImportProblem(name, f"this is {kind}")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), []
            except UnicodeDecodeError as error:
                raise ImportProblem(
                    name, f"the file says it is {encoding.upper()} but byte {error.start} is not"
                ) from error
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportProblem(
            name,
            "the text cannot be decoded: it is neither UTF-8 nor Windows-1252 "
            f"(byte 0x{data[error.start]:02x} at position {error.start}); save it as UTF-8",
        ) from error
    return text, ["the file is not UTF-8; it was read as Windows-1252"]


def normalize_text(text: str) -> str:
    """Return ``text`` with Unix line endings, page breaks as blank lines and no invisible
    characters, composed to NFC so that names compare equal however they were typed."""
    text = _LINE_BREAKS.sub("\n", text)
    text = text.replace("\f", "\n\n").replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text)


def source_text(source: Source) -> tuple[str, list[str]]:
    """Return the source's text (decoded and normalised) and warnings; refuse an empty one."""
    if isinstance(source.content, bytes):
        if not source.content:
            raise ImportProblem(source.name, "the file is empty")
        text, warnings = decode_bytes(source.name, source.content)
    else:
        text, warnings = source.content, []
    text = normalize_text(text)
    if not text.strip():
        raise ImportProblem(source.name, "there is no text in it")
    return text, warnings


def source_from_path(path: Path) -> Source:
    """Return the document at ``path``, refusing a missing, unreadable or oversized file
    before reading it."""
    name = str(path)
    try:
        if not path.is_file():
            problem = "this is not a file" if path.exists() else "there is no such file"
            raise ImportProblem(name, problem)
        check_size(name, path.stat().st_size)
        return Source(name=name, content=path.read_bytes())
    except OSError as error:
        raise ImportProblem(name, f"the file cannot be read ({error.strerror or error})") from error


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Return the files named by ``paths``, a directory standing for the documents inside it
    (hidden files such as .DS_Store left out); paths that do not exist are kept, to be reported."""
    files = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    child
                    for child in path.rglob("*")
                    if child.is_file()
                    and not any(part.startswith(".") for part in child.relative_to(path).parts)
                )
            )
        else:
            files.append(path)
    return files
