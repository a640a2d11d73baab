"""Recognition: every mention of a registry entity in a text, with its character offsets.

One Aho-Corasick automaton (pyahocorasick) holds every name and alias of the registry, folded by
``people.entities.names.fold``; a text is folded the same way and scanned once, so the cost grows
with the length of the text and not with the size of the registry. Each key is the folded name
between two spaces, and folding turns every non-alphanumeric character into a space, so the
automaton only ever reports whole words: "Haftar’s", "UN-backed" and "(LNA)" match, "Libyan" does
not match "Libya". What folding loses is checked on each hit: acronyms must match case for case
("UN" is not "un") and a capitalised name must start with a capital letter.

Overlapping hits keep the leftmost, then the longest ("Saddam Haftar" wins over "Haftar"). A
person's surname alone ("Putin", "President Putin", "Marshal Haftar") is recognised when that
person is named in full in the same text; when two people share the surname it goes to the one
the text named in full first (before the mention if possible), which is how articles use it.
This module knows nothing of articles: it takes a text and returns offsets.
"""

import gc
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick

from people.entities.lexicon import STOPWORDS, TITLE_WORDS
from people.entities.names import fold, is_acronym, name_key

# Tokens that end a full name without being the surname ("Martin Luther King Jr").
_GENERATIONAL_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


@dataclass(frozen=True)
class RegistryEntry:
    """What recognition needs to know of one entity: its id, its kind and its names (the
    canonical name first, then the aliases)."""

    entity_id: int
    kind: str
    names: tuple[str, ...]


class Match(NamedTuple):
    """One mention: the entity, the character span ``text[start:end]`` and the words found."""

    entity_id: int
    start: int
    end: int
    text: str


class _Pattern(NamedTuple):
    entity_id: int
    name: str
    acronym: bool
    capitalised: bool
    implicit: bool  # a surname derived from a person's full name, not a name in the registry


@contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def surname_of(name: str) -> str | None:
    """Return the surname of a multi-word personal name ("Yunus-Bek Yevkurov" -> "Yevkurov"),
    or None for a single word."""
    words = name.split()
    while len(words) > 1 and name_key(words[-1]) in _GENERATIONAL_SUFFIXES:
        words.pop()
    if len(words) < 2:
        return None
    surname = words[-1].strip(".,")
    if len(surname) < 2 or not surname[0].isupper():
        return None
    return surname


def _first_letter_is_upper(text: str) -> bool:
    if text[:1].isalpha():
        return text[0].isupper()
    return next((char.isupper() for char in text if char.isalpha()), False)


def _letters(text: str) -> str:
    return "".join(char for char in text if char.isalnum())


class Recognizer:
    """An automaton over a set of registry entries, built once and reused for any number of
    texts. Building 100,000 names takes well under a second (see bench/recognition.py)."""

    def __init__(self, entries: Iterable[RegistryEntry], *, person_kind: str = "person"):
        # Building allocates a few hundred thousand short-lived tuples that form no cycles;
        # pausing the garbage collector spares it walking them again and again (a third of
        # the build time for 100,000 names).
        with _collector_paused():
            self._build(entries, person_kind)

    def _build(self, entries: Iterable[RegistryEntry], person_kind: str) -> None:
        patterns: dict[str, list[_Pattern]] = {}
        self.surname_keys: set[str] = set()
        for entry in entries:
            entity_id = entry.entity_id
            explicit_keys = set()
            for name in entry.names:
                # "John F. Kennedy" folds to "john f  kennedy" in a text, where the full stop
                # leaves a second space: the name is looked for as written and without stops.
                spelled = fold(" ".join(name.split())).strip()
                key = " ".join(spelled.split())  # name_key(name), from the one fold
                if not key:
                    continue
                pattern = _Pattern(
                    entity_id, name, is_acronym(name), _first_letter_is_upper(name), False
                )
                for variant in {key, spelled} - explicit_keys:
                    explicit_keys.add(variant)
                    if variant in patterns:
                        patterns[variant].append(pattern)
                    else:
                        patterns[variant] = [pattern]
            if entry.kind != person_kind:
                continue
            for name in entry.names:
                surname = surname_of(name)
                if surname is None:
                    continue
                key = name_key(surname)
                self.surname_keys.add(key)
                if key in explicit_keys:
                    continue
                explicit_keys.add(key)
                pattern = _Pattern(entity_id, surname, False, True, True)
                if key in patterns:
                    patterns[key].append(pattern)
                else:
                    patterns[key] = [pattern]
        # The automaton stores plain integers (no Python objects, nothing for the garbage
        # collector to walk): a key with one pattern that needs at most a capital-letter check
        # is encoded in the integer itself; any other key points into ``self._shared``.
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self._shared: list[tuple] = []
        for key, key_patterns in patterns.items():
            # The spaces make every hit a whole word: folded text has a space at each boundary.
            payload = _payload(len(key) + 2, key_patterns)
            value = _encode(payload)
            if value is None:
                self._shared.append(payload)
                value = -len(self._shared)
            self._automaton.add_word(f" {key} ", value)
        self.size = len(patterns)
        if self.size:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Return every mention in ``text``, in order of position."""
        if not self.size or not text:
            return []
        folded = f" {fold(text)} "
        shared = self._shared
        # Hits arrive in order of their end. Keeping the leftmost, then longest, of any
        # overlapping hits needs no sort: a new hit that overlaps the last kept one replaces it
        # if it starts no later (it is then at least as long), and is dropped otherwise.
        chosen: list[tuple[int, int, tuple[int, ...], tuple[int, ...]]] = []
        for end, value in self._automaton.iter(folded):
            if value >= 0:
                length = (value >> 2) & _LENGTH_MASK
                # Folded index i is original index i - 1 (the leading pad); the key's own
                # leading space sits on the character before the word.
                start = end - length + 1
                if value & 2 and not text[start].isupper():
                    continue
                every = (value >> 10,)
                explicit = () if value & 1 else every
            else:
                length, check, patterns, explicit, every = shared[-value - 1]
                start = end - length + 1
                if check == _CHECK_CAPITAL:
                    if not text[start].isupper():
                        continue
                elif check == _CHECK_EACH:
                    surface = text[start : start + length - 2]
                    valid = [p for p in patterns if _surface_fits(surface, p)]
                    if not valid:
                        continue
                    explicit = _ids(p for p in valid if not p.implicit)
                    every = _ids(valid)
            stop = start + length - 2
            while chosen and chosen[-1][1] > start:
                if start <= chosen[-1][0]:
                    chosen.pop()
                else:
                    break
            else:
                chosen.append((start, stop, explicit, every))
        return _resolve(text, chosen)


# pyahocorasick stores 32-bit signed integers: 21 bits of entity id, 8 of key length, 2 flags.
_LENGTH_MASK = 0xFF
_MAX_ENCODED_ID = (1 << 21) - 1


def _encode(payload: tuple) -> int | None:
    """Return the payload of a single-pattern key as one integer (entity id, key length, check,
    implicit), or None when it needs the full payload."""
    length, check, patterns, _explicit, _every = payload
    if len(patterns) != 1 or check == _CHECK_EACH or length > _LENGTH_MASK:
        return None
    pattern = patterns[0]
    if not 0 <= pattern.entity_id <= _MAX_ENCODED_ID:
        return None
    capital = 1 if check == _CHECK_CAPITAL else 0
    return (pattern.entity_id << 10) | (length << 2) | (capital << 1) | int(pattern.implicit)


_CHECK_NONE, _CHECK_CAPITAL, _CHECK_EACH = 0, 1, 2


def _ids(patterns: Iterable[_Pattern]) -> tuple[int, ...]:
    return tuple(sorted({pattern.entity_id for pattern in patterns}))


def _payload(length: int, patterns: list[_Pattern]) -> tuple:
    """Return what the automaton stores for one key: the key's length, how hits must be
    checked against the original text (precomputed, as most keys need one capital letter),
    the patterns, and the ids of the entities that have it as a name or as any name."""
    if len(patterns) == 1:
        pattern = patterns[0]
        every = (pattern.entity_id,)
        explicit = () if pattern.implicit else every
        if pattern.acronym:
            check = _CHECK_EACH
        elif pattern.capitalised and pattern.name[:1].isalpha():
            check = _CHECK_CAPITAL
        else:
            check = _CHECK_EACH if pattern.capitalised else _CHECK_NONE
        return (length, check, (pattern,), explicit, every)
    if all(not p.acronym and p.capitalised and p.name[:1].isalpha() for p in patterns):
        check = _CHECK_CAPITAL
    elif all(not p.acronym and not p.capitalised for p in patterns):
        check = _CHECK_NONE
    else:
        check = _CHECK_EACH
    explicit = _ids(p for p in patterns if not p.implicit)
    return (length, check, tuple(patterns), explicit, _ids(patterns))


def _surface_fits(surface: str, pattern: _Pattern) -> bool:
    if pattern.acronym:
        return _letters(surface) == _letters(pattern.name)
    if pattern.capitalised:
        return _first_letter_is_upper(surface)
    return True


def _follows_a_given_name(text: str, start: int) -> bool:
    """Whether the word just before ``start`` is a capitalised word that is neither a title
    ("President", "Marshal") nor a word that opens a sentence ("When"): then a surname there
    belongs to another full name ("Saddam Haftar" is not Khalifa Haftar)."""
    position = start
    while position > 0 and text[position - 1] in " \t\u00a0":
        position -= 1
    end = position
    while position > 0 and (text[position - 1].isalpha() or text[position - 1] in "-‐"):
        position -= 1
    word = text[position:end]
    if not word or not word[0].isupper() or position == end:
        return False
    lower = word.lower()
    return (
        lower not in TITLE_WORDS and lower not in STOPWORDS and lower.rstrip("s") not in TITLE_WORDS
    )


def _resolve(text: str, chosen: list[tuple[int, int, tuple, tuple]]) -> list[Match]:
    """Give each chosen hit its entity: a name that only one entity has is certain and anchors
    that entity in the text; a shared alias or a bare surname goes to an anchored entity."""
    first_anchor: dict[int, int] = {}
    pending: list[tuple[int, int, tuple[int, ...]]] = []
    matches: list[Match] = []
    for start, stop, explicit, every in chosen:
        if len(explicit) == 1:
            (entity_id,) = explicit
            if entity_id not in first_anchor:
                first_anchor[entity_id] = start
            matches.append(Match(entity_id, start, stop, text[start:stop]))
        elif explicit:
            pending.append((start, stop, explicit))
        elif not _follows_a_given_name(text, start):
            pending.append((start, stop, every))
        # else: "Saddam Haftar" is someone else than the Haftar named in full.
    for start, stop, candidates in pending:
        anchored = [entity_id for entity_id in candidates if entity_id in first_anchor]
        if not anchored:
            continue
        before = [entity_id for entity_id in anchored if first_anchor[entity_id] < start]
        pool = before or anchored
        entity_id = min(pool, key=lambda candidate: (first_anchor[candidate], candidate))
        matches.append(Match(entity_id, start, stop, text[start:stop]))
    matches.sort(key=lambda match: match.start)
    return matches


# --- The registry's automaton, built once per process and rebuilt when the registry changes.

_cached: tuple[tuple, Recognizer] | None = None
_cache_lock = threading.Lock()


def registry_stamp() -> tuple:
    """Return a value that changes whenever an entity or alias is added, edited or deleted, so
    each process can tell whether its automaton is still the registry's (two small queries)."""
    from django.db.models import Count, Max

    from people.models import Entity, EntityAlias

    entities = Entity.objects.aggregate(n=Count("id"), top=Max("id"), last=Max("updated_at"))
    aliases = EntityAlias.objects.aggregate(n=Count("id"), top=Max("id"), last=Max("updated_at"))
    return (
        entities["n"],
        entities["top"],
        entities["last"],
        aliases["n"],
        aliases["top"],
        aliases["last"],
    )


def registry_entries() -> list[RegistryEntry]:
    """Return every entity of the registry with its names (two queries)."""
    from people.models import Entity, EntityAlias

    names: dict[int, list[str]] = {}
    kinds: dict[int, str] = {}
    for entity_id, kind, name in Entity.objects.values_list("id", "kind", "name"):
        names[entity_id] = [name]
        kinds[entity_id] = kind
    for entity_id, alias in EntityAlias.objects.values_list("entity_id", "name").order_by("id"):
        if entity_id in names:
            names[entity_id].append(alias)
    return [
        RegistryEntry(entity_id, kinds[entity_id], tuple(names[entity_id])) for entity_id in names
    ]


def registry_recognizer() -> Recognizer:
    """Return the automaton for the registry as it is now, reusing this process's copy unless
    an entity or alias has changed since it was built."""
    global _cached
    stamp = registry_stamp()
    cached = _cached
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _cache_lock:
        if _cached is not None and _cached[0] == stamp:
            return _cached[1]
        recognizer = Recognizer(registry_entries())
        _cached = (stamp, recognizer)
        return recognizer
