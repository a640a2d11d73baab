"""Undoing what page layout and text extraction do to an article.

Each repair is a small function over lines or blocks, returning what it changed as warnings so
that the journalist can check the draft where the importer guessed:

- page furniture (page numbers, running headers and footers) is dropped;
- words hyphenated across a line wrap are rejoined ("inter-" / "national");
- paragraphs split mid-sentence by a page break are rejoined;
- in plain text, a short line standing alone before a paragraph becomes a subheading.
"""

import re
from collections import Counter
from collections.abc import Callable, Sequence

from articles.importing.blocks import PARAGRAPH, Block, plain_text, word_set

# A line made only of a page number, in the forms word processors and PDF exports print.
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—|·.]*(?:(?:page|p\.|pg\.?|seite|página|pagina)\s*)?\d{1,4}"
    r"(?:\s*(?:of|/|von|de|di|sur)\s*\d{1,4})?[\s\-–—|·.]*$",
    re.IGNORECASE,
)
# "Page 2 of 3" inside a short line, next to a running header's text.
_PAGE_MENTION = re.compile(
    r"\b(?:page|p\.|pg\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\b|\b\d{1,3}\s*/\s*\d{1,3}\s*$", re.I
)
# Copyright and confidentiality notices are page furniture wherever they stand.
_RIGHTS_NOTICE = re.compile(r"©|\(c\)\s*\d{4}|all rights reserved|confidential", re.IGNORECASE)
_FURNITURE_MAX_WORDS = 12
_FURNITURE_MIN_LETTERS = 4
_MARKUP_LINE = re.compile(r"^\s*(?:[-*+•>#|]|\d+[.)]\s|```|~~~)")
_TERMINAL = re.compile(r"[.!?…:]['\"’”»)\]]*$")
_LETTERS = r"[^\W\d_]"
_WRAP_HYPHEN = re.compile(rf"({_LETTERS}+)-[ \t]*\n[ \t]*({_LETTERS}+)")
_WORDS = re.compile(rf"{_LETTERS}+(?:-{_LETTERS}+)*")
_TRAILING_HYPHEN = re.compile(rf"({_LETTERS}+)-((?:\s*</[a-z]+>)*)\s*$")
_LEADING_WORD = re.compile(rf"^((?:<[a-z][^>]*>\s*)*)({_LETTERS}+)")
# Words a sentence cannot end on: a paragraph ending with one was cut off.
_CONTINUING_WORDS = word_set(
    "a an the and or but nor of to in on at by for from with as into onto than that which who "
    "whose whom whether if because while although though his her its their our your my this "
    "these those is are was were be been being has have had will would can could shall should "
    "may might must not no"
)
HEADING_MAX_WORDS = 10
_ENDING_CHARS = 400
# Text wrapped for reading or e-mail stays well under this; a longer line was never wrapped.
UNWRAPPED_LINE_LENGTH = 150


def vocabulary(text: str) -> frozenset[str]:
    """Return the lower-cased words and hyphenated compounds the document itself uses, the
    evidence for deciding whether a hyphen at a line end belongs to the word."""
    return frozenset(word.lower() for word in _WORDS.findall(text))


def _join_hyphenated(left: str, right: str, vocab: frozenset[str]) -> str:
    """Return the word that ``left-`` at a line end and ``right`` on the next line make."""
    joined, hyphenated = f"{left}{right}", f"{left}-{right}"
    if joined.lower() in vocab:
        return joined
    if hyphenated.lower() in vocab:
        return hyphenated
    # Names and acronyms keep the hyphen ("Yunus-Bek", "UN-backed"); ordinary words lose it.
    if not right.islower() or (len(left) > 1 and left.isupper()):
        return hyphenated
    return joined


def dehyphenate(text: str, vocab: frozenset[str]) -> tuple[str, int]:
    """Return ``text`` with words hyphenated across its line breaks rejoined, and how many."""
    count = 0

    def join(match: re.Match) -> str:
        nonlocal count
        count += 1
        return _join_hyphenated(match[1], match[2], vocab)

    return _WRAP_HYPHEN.sub(join, text), count


def _furniture_key(line: str) -> str:
    # Only words count: "Libya Brief", "Libya Brief · 2" and "LIBYA BRIEF – 3" are one header.
    return " ".join(re.findall(rf"{_LETTERS}+", line.lower()))


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line))


def furniture_indexes(
    lines: Sequence[str],
    *,
    keeps_first: Callable[[int], bool] = lambda index: False,
    whole_paragraphs: bool = False,
) -> set[int]:
    """Return the indexes of ``lines`` that are page furniture.

    A page number is furniture wherever it is. A short line that recurs (digits ignored, so
    "Libya Brief · 2" and "Libya Brief · 3" are the same header) is a running header or footer;
    its first occurrence is kept when ``keeps_first(index)`` says it is the headline. A line
    that ends a sentence may be the last line of a wrapped paragraph, so only when the items
    are ``whole_paragraphs`` can a repeated sentence be a footer.
    """
    drop = set()
    words = [line.split() for line in lines]
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        short = len(words[index]) <= _FURNITURE_MAX_WORDS
        if (
            is_page_number(line)
            or (short and _PAGE_MENTION.search(line) and not _TERMINAL.search(line.strip()))
            or (short and _RIGHTS_NOTICE.search(line))
        ):
            drop.add(index)
    candidates = [
        index
        for index, line in enumerate(lines)
        if index not in drop
        and 0 < len(words[index]) <= _FURNITURE_MAX_WORDS
        and len(re.findall(_LETTERS, line)) >= _FURNITURE_MIN_LETTERS
        and not _MARKUP_LINE.match(line)
    ]
    counts = Counter(_furniture_key(lines[index]) for index in candidates)
    seen = set()
    for index in candidates:
        key = _furniture_key(lines[index])
        # A short sentence may well be said twice in a piece; a footer that is a sentence shows
        # itself by recurring on three pages or more.
        is_sentence = bool(_TERMINAL.search(lines[index].strip()))
        if is_sentence and not whole_paragraphs:
            continue
        if counts[key] < (3 if is_sentence else 2):
            continue
        if key not in seen and keeps_first(index):
            seen.add(key)
            continue
        seen.add(key)
        drop.add(index)
    return drop


def split_unwrapped_lines(text: str) -> str:
    """Return ``text`` with a paragraph break after every line of a run that was never wrapped.

    Some exports put one paragraph per line with no blank line between; hard-wrapped text never
    has lines this long, so a run containing one is a run of paragraphs.
    """
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        unwrapped = len(run) > 1 and max(map(len, run)) > UNWRAPPED_LINE_LENGTH
        if unwrapped and not any(_MARKUP_LINE.match(line) for line in run):
            out.append("\n\n".join(run))
        else:
            out.append("\n".join(run))
        run.clear()

    for line in text.split("\n"):
        if line.strip():
            run.append(line)
            continue
        if run:
            flush()
        out.append("")
    if run:
        flush()
    return "\n".join(out)


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def _last_word(text: str) -> str:
    words = re.findall(rf"{_LETTERS}+", text)
    return words[-1].lower() if words else ""


def _starts_lowercase(text: str) -> bool:
    first = re.search(r"\w", text)
    return bool(first) and first[0].islower()


def _ending(block: Block) -> str:
    """Return the last words of ``block``: enough to judge how it ends, and cheap to take from a
    paragraph that grows with every join."""
    return plain_text(block.html[-_ENDING_CHARS:])


def is_cut_off(previous: Block, following: Block, *, words: int | None = None) -> bool:
    """Return whether ``previous`` is a paragraph cut mid-sentence and ``following`` its end.

    ``words`` is the length of the paragraph ``previous`` ends, when it was already rejoined
    from several blocks.
    """
    if previous.kind != PARAGRAPH or following.kind != PARAGRAPH:
        return False
    text = _ending(previous)
    if not text or not following.text or ends_sentence(text):
        return False
    return (
        text.endswith("-")
        or _starts_lowercase(following.text)
        or _last_word(text) in _CONTINUING_WORDS
        or (words if words is not None else len(text.split())) > HEADING_MAX_WORDS
    )


def _join(fragments: list[Block], vocab: frozenset[str]) -> Block:
    """Return one paragraph made of ``fragments`` of a sentence-split paragraph.

    Each fragment's HTML is touched once and the paragraph is assembled at the end, so a run of
    many joins stays linear in the document's length.
    """
    pieces = [fragments[0].html.rstrip()]
    for fragment in fragments[1:]:
        left, right = pieces[-1], fragment.html.strip()
        hyphen = _TRAILING_HYPHEN.search(left, max(0, len(left) - _ENDING_CHARS))
        word = _LEADING_WORD.match(right)
        if hyphen and word and plain_text(left[-_ENDING_CHARS:]).endswith("-"):
            # Tags around the two halves stay in order; the whole word goes where the second was.
            pieces[-1] = left[: hyphen.start()] + hyphen[2] + word[1]
            pieces.append(_join_hyphenated(hyphen[1], word[2], vocab) + right[word.end() :])
        else:
            pieces.append(f" {right}")
    return Block(PARAGRAPH, "".join(pieces))


def rejoin_split_paragraphs(
    blocks: list[Block], vocab: frozenset[str], *, apart_before: int = 0
) -> tuple[list[Block], list[str]]:
    """Return ``blocks`` with paragraphs split mid-sentence rejoined, and a warning for each.

    The block at index ``apart_before`` is never joined to the one before it: a byline stood
    between them, so no page break did.
    """
    groups: list[list[Block]] = []
    words = 0
    warnings = []
    for index, block in enumerate(blocks):
        if groups and index != apart_before and is_cut_off(groups[-1][-1], block, words=words):
            warnings.append(
                "rejoined a paragraph split mid-sentence: "
                f"“…{_tail(_ending(groups[-1][-1]))}” / “{_head(block.text)}…”"
            )
            groups[-1].append(block)
            words += len(block.text.split())
        else:
            groups.append([block])
            words = len(block.text.split())
    return [group[0] if len(group) == 1 else _join(group, vocab) for group in groups], warnings


def infer_headings(blocks: list[Block], *, skip: int = 0) -> list[Block]:
    """Return ``blocks`` with plain text's subheadings marked: a short line standing alone, not
    ending a sentence, followed by a paragraph. The first ``skip`` blocks are left as they are."""
    out = list(blocks[:skip])
    for index, block in enumerate(blocks):
        if index < skip:
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        text = block.text
        if (
            block.kind == PARAGRAPH
            and following is not None
            and following.kind == PARAGRAPH
            and "\n" not in block.html.strip()
            and 0 < len(text.split()) <= HEADING_MAX_WORDS
            and not ends_sentence(text)
            and not text.endswith(("-", ",", ";"))
            and text[0].isupper()
            and _last_word(text) not in _CONTINUING_WORDS
        ):
            block = Block("h2", block.html)
        out.append(block)
    return out


def drop_furniture_blocks(
    blocks: list[Block], *, keeps_first: Callable[[int], bool]
) -> tuple[list[Block], int]:
    """Return ``blocks`` without paragraphs that are page furniture, and how many were dropped."""
    texts = [block.text if block.kind == PARAGRAPH else "" for block in blocks]
    drop = furniture_indexes(texts, keeps_first=keeps_first, whole_paragraphs=True)
    return [block for index, block in enumerate(blocks) if index not in drop], len(drop)


def _tail(text: str, words: int = 4) -> str:
    return " ".join(text.split()[-words:])


def _head(text: str, words: int = 4) -> str:
    return " ".join(text.split()[:words])
