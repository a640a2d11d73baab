"""How names are compared: one folding shared by recognition, discovery and the registry.

Folding maps every character to exactly one character (so offsets in folded text are offsets in
the original): letters lose case and diacritics ("Erdoğan" and "Erdogan" fold alike), curly and
straight apostrophes, hyphens, dashes and every other non-alphanumeric character become a space,
so word boundaries are spaces. A name and the text it appears in fold the same way, which is what
lets a plain substring search find whole-word matches.
"""

import unicodedata
from functools import cache, lru_cache

# Letters that have no Unicode decomposition but that English-language writing spells with a
# plain ASCII letter ("Łukaszenka" -> "Lukaszenka", "Ørsted" -> "Orsted").
_EXTRA_FOLDS = {"ø": "o", "đ": "d", "ł": "l", "ı": "i", "ħ": "h", "ŧ": "t", "ð": "d", "þ": "t"}

# Characters outside this range are rare in the newsroom's text; they pass through unchanged,
# and a letter of another script still matches itself.
_TABLE_SIZE = 0x3000


def _fold_char(char: str) -> str:
    if not char.isalnum():
        return " "
    lower = char.lower()
    if len(lower) != 1:
        lower = char
    lower = _EXTRA_FOLDS.get(lower, lower)
    base = "".join(c for c in unicodedata.normalize("NFKD", lower) if not unicodedata.combining(c))
    return base if len(base) == 1 else lower


@cache
def _fold_table() -> dict[int, str]:
    table = {code: _fold_char(chr(code)) for code in range(_TABLE_SIZE)}
    for code in range(0xFF00, 0xFFF0):  # full-width forms, used in some pasted text
        table[code] = _fold_char(chr(code))
    return table


# Typographic punctuation that folds to a space. Replacing it first often leaves pure ASCII,
# which str.translate handles many times faster than text with any other character in it.
_COMMON_TYPOGRAPHY = "’‘“”–—…\u00a0"


def fold(text: str) -> str:
    """Return ``text`` lower-cased, without diacritics, with every non-alphanumeric character
    turned into a space; the result has exactly the length of ``text``."""
    if not text.isascii():
        for char in _COMMON_TYPOGRAPHY:
            if char in text:
                text = text.replace(char, " ")
    return text.translate(_fold_table())


# A save asks for the key of every word of a long piece, most of them many times over.
@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Return the form under which two spellings of a name count as the same name:
    "Haftar’s" and "haftar s", "Yunus-Bek" and "Yunus Bek", "Erdoğan" and "Erdogan"."""
    return " ".join(fold(name).split())


def is_acronym(name: str) -> bool:
    """Return whether ``name`` is written as an acronym ("UN", "LNA", "G7"): at least two
    letters, all capitals. Acronyms match case-sensitively, so "UN" never matches "un"."""
    name = name.strip()
    if not name.isupper() or " " in name:
        return False
    return sum(char.isalpha() for char in name) >= 2


def strip_diacritics(text: str) -> str:
    """Return ``text`` with diacritics removed and case kept, character for character."""
    table = _fold_table()
    out = []
    for char in text:
        folded = table.get(ord(char), char)
        if folded == " " or not char.isalpha():
            out.append(char)
        elif char.isupper():
            out.append(folded.upper() if len(folded.upper()) == 1 else folded)
        else:
            out.append(folded)
    return "".join(out)
