"""Recognition: every mention of a registry entity in a text, with its character offsets.

One Aho-Corasick automaton (pyahocorasick) holds every name and alias of the registry, folded by
``people.names.fold``; a text is folded the same way and scanned once, so the cost grows with the
length of the text and not with the size of the registry. Each key is the folded name between two
spaces, and folding turns every non-alphanumeric character into a space, so the automaton only
ever reports whole words: "Haftar’s", "UN-backed" and "(LNA)" match, "Libyan" does not match
"Libya". What folding loses is checked on each hit: acronyms must match case for case ("UN" is not
"un") and a capitalised name must start with a capital letter.

Overlapping hits keep the leftmost, then the longest ("Saddam Haftar" wins over "Haftar"). A
person's surname alone ("Putin", "President Putin", "Marshal Haftar") is recognised when that
person is named in full in the same text; when two people share the surname it goes to the one
the text named in full first (before the mention if possible), which is how articles use it.
This module knows nothing of articles: it takes a text and returns offsets.
"""

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick

from people.lexicon import STOPWORDS, TITLE_WORDS
from people.names import fold, is_acronym, name_key

# Tokens that end a full name without being the surname ("Martin Luther King Jr").
_GENERATIONAL_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


@dataclass(frozen=True)
class RegistryEntry:
    """What recognition needs to know of one entity: its id, its kind and its names (the
    canonical name first, then the aliases)."""

    entity_id: int
    kind: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Match:
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
    return next((char.isupper() for char in text if char.isalpha()), False)


def _letters(text: str) -> str:
    return "".join(char for char in text if char.isalnum())


class Recognizer:
    """An automaton over a set of registry entries, built once and reused for any number of
    texts. Building 100,000 names takes well under a second (see bench/recognition.py)."""

    def __init__(self, entries: Iterable[RegistryEntry], *, person_kind: str = "person"):
        patterns: dict[str, list[_Pattern]] = {}
        self.surname_keys: set[str] = set()
        for entry in entries:
            explicit_keys = set()
            for name in entry.names:
                key = name_key(name)
                if not key:
                    continue
                explicit_keys.add(key)
                patterns.setdefault(key, []).append(
                    _Pattern(
                        entry.entity_id,
                        name,
                        is_acronym(name),
                        _first_letter_is_upper(name),
                        False,
                    )
                )
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
                patterns.setdefault(key, []).append(
                    _Pattern(entry.entity_id, surname, False, True, True)
                )
        self._automaton = ahocorasick.Automaton()
        for key, key_patterns in patterns.items():
            # The spaces make every hit a whole word: folded text has a space at each boundary.
            self._automaton.add_word(f" {key} ", (len(key) + 2, tuple(key_patterns)))
        self.size = len(patterns)
        if self.size:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Return every mention in ``text``, in order of position."""
        if not self.size or not text:
            return []
        folded = f" {fold(text)} "
        hits: list[tuple[int, int, tuple[_Pattern, ...]]] = []
        for end, (length, patterns) in self._automaton.iter(folded):
            # Folded index i is original index i - 1 (the leading pad); the key's own leading
            # space sits on the character before the word.
            start = end - length + 1
            stop = start + length - 2
            surface = text[start:stop]
            valid = tuple(pattern for pattern in patterns if _surface_fits(surface, pattern))
            if valid:
                hits.append((start, stop, valid))
        hits.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))

        chosen: list[tuple[int, int, tuple[_Pattern, ...]]] = []
        last_end = -1
        for hit in hits:
            if hit[0] >= last_end:
                chosen.append(hit)
                last_end = hit[1]
        return _resolve(text, chosen)


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


def _resolve(text: str, chosen: list[tuple[int, int, tuple[_Pattern, ...]]]) -> list[Match]:
    """Give each chosen hit its entity: a name that only one entity has is certain and anchors
    that entity in the text; a shared alias or a bare surname goes to an anchored entity."""
    first_anchor: dict[int, int] = {}
    anchors: dict[int, list[int]] = {}
    pending: list[tuple[int, int, set[int]]] = []
    matches: list[Match] = []
    for start, stop, patterns in chosen:
        explicit = {p.entity_id for p in patterns if not p.implicit}
        if not explicit and _follows_a_given_name(text, start):
            continue  # "Saddam Haftar" is someone else than the Haftar named in full
        if len(explicit) == 1:
            entity_id = next(iter(explicit))
            first_anchor.setdefault(entity_id, start)
            anchors.setdefault(entity_id, []).append(start)
            matches.append(Match(entity_id, start, stop, text[start:stop]))
        else:
            candidates = explicit or {p.entity_id for p in patterns}
            pending.append((start, stop, candidates))
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
