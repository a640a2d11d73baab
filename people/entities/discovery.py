"""Discovery: names in a text that the registry does not know, each with a guessed kind.

The text is cut into words, sentences and *runs* (neighbouring capitalised words, joined by
"of", "bin" and the like). Each run is then read the way an editor would:

- words that are capitalised only because they open a sentence ("Protests", "Since") are
  dropped; so are months, weekdays, nationality adjectives ("Russian") and compass adjectives;
- a title before a name makes it a person ("President Vladimir Putin", "Defense Minister
  Sergei Shoigu", "Marshal Haftar"), and so does a role ("leader", "analyst") or a speech verb;
- a head noun makes it an organisation ("Libyan National Army", "Atlantic Council"), an event
  ("Arab Spring") or a place ("Red Sea"); a compass word before a place is a place
  ("North Africa");
- the gazetteer (people.entities.gazetteer) knows countries, regions and cities;
- an acronym in brackets after a name is that name's alias ("Libyan National Army (LNA)"), and
  an acronym that spells the initials of a name in the text is its alias ("UN" for the
  "United Nations" of "United Nations Security Council");
- a surname alone belongs to the person named in full ("Haftar" to "Khalifa Haftar");
- the capitals of a headline, a subheading or a line in capitals prove nothing, so such text
  is counted but never proposes a name.

Each proposal carries a weight; a name's kind is the kind with the most weight over all its
uses. Mentions of each candidate are then counted with the same recogniser the registry uses,
so a suggestion's count is what the article will show once the editor accepts it.
"""

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from people.entities import nlp
from people.entities.gazetteer import COMPASS_WORDS, Place, PlaceCategory, gazetteer
from people.entities.lexicon import (
    ADJECTIVE_SUFFIXES,
    APPOSITIVE_DETERMINERS,
    CALENDAR_WORDS,
    COMMON_ACRONYMS,
    CONNECTORS,
    EPITHETS,
    EVENT_HEADS,
    FOREIGN_ARTICLES,
    HYPHENATED_PARTICLES,
    LEADER_BODY_NOUNS,
    LOCATIVE_PREPOSITIONS,
    NAME_PARTICLES,
    NAME_POSSESSIVES,
    ORGANISATION_HEADS,
    PLACE_CLASS_NOUNS,
    PLACE_HEADS,
    PLACE_PREFIXES,
    ROLE_NOUNS,
    SPEECH_VERBS,
    STOPWORDS,
    STRICT_LOCATIVE_PREPOSITIONS,
    TITLE_WORDS,
    WORK_NOUNS,
    is_abbreviation,
)
from people.entities.names import is_acronym, name_key
from people.entities.recognition import Match, Recognizer, RegistryEntry, surname_of
from people.entities.spans import SpanSet

PERSON = "person"
ORGANISATION = "organisation"
PLACE = "place"
EVENT = "event"
OTHER = "other"
KINDS = (PERSON, ORGANISATION, PLACE, EVENT, OTHER)

STRONG, MEDIUM, WEAK, NO_VOTE = 3, 2, 1, 0
# A city this large is a place even without "in" before it; smaller towns share their names
# with words and surnames, so they need a preposition ("floods in Derna").
TRUSTED_CITY_POPULATION = 100_000
SENTENCE_INITIAL_CITY_POPULATION = 500_000
MAX_PERSON_NAME_WORDS = 4
_CONTEXT_REACH = 2000
CONTEXT_CHARS = 280

# Strict compass words: before any name they make a place ("West Bank", "North Africa").
_DIRECTIONS = frozenset(
    word
    for word in COMPASS_WORDS
    if any(word.startswith(d) for d in ("north", "south", "east", "west"))
)
_STRIP_ADJECTIVE_SUFFIXES = ("ic", "ics", "ese", "ish")
_DETERMINERS = frozenset({"the", "a", "an"})
_QUOTED_SHORT = re.compile(r"[“\"‘«]([^“”\"‘’«»\n]{1,80}?)[,.!?]?[”\"’»]")
# The model's labels (OntoNotes) read as the registry's kinds. Facilities (stadiums, bridges,
# airports, cemeteries) are places people go to.
_NER_KINDS = {
    "PERSON": PERSON,
    "ORG": ORGANISATION,
    "GPE": PLACE,
    "LOC": PLACE,
    "FAC": PLACE,
    "EVENT": EVENT,
}
# Names of things that are not entities here: nationalities and groups ("Protestants"),
# works (films, concertos), products (spacecraft), laws and languages.
_NER_NOT_NAMES = frozenset({"NORP", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE"})
# Part-of-speech tags (Penn Treebank) of ordinary words: a name holds some other (a proper
# noun, or a word the tagger could not place, "Spotify" read as a verb).
_COMMON_TAGS = frozenset(["NN", "NNS", "JJ", "JJR", "JJS", "CC", "DT", "IN", "RB"])
# Tags of a capitalised word that opens a sentence without being part of a name after it.
_OPENING_TAGS = frozenset(
    [
        "RB",
        "RBR",
        "RBS",
        "IN",
        "DT",
        "PDT",
        "PRP",
        "PRP$",
        "CC",
        "WRB",
        "WP",
        "WDT",
        "MD",
        "UH",
        "EX",
        "VB",
        "VBD",
        "VBG",
        "VBN",
        "VBP",
        "VBZ",
    ]
)
# A capital after three lower-case letters inside one word: a brand's ("SaskTel"), not a
# surname's prefix ("McDonald", "MacArthur", "DeSantis", "LaBrocca").
_BRAND_CAPITALS = re.compile(r"[a-z]{3}[A-Z]")
# Prepositions the model sometimes leaves at the end of a name ("the Harbour Club on").
_DANGLING = frozenset(["on", "in", "at", "of", "for", "and"])
# Numbers never bound a name (a run never holds one anyway).
_NER_QUANTITIES = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})


@dataclass
class Candidate:
    """A name to suggest: new (``entity_id`` None) or another name of a registry entity."""

    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    entity_id: int | None = None
    count: int = 0
    first_offset: int = -1
    context: str = ""

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


_TOKEN_RE = re.compile(
    r"""
      (?P<brk>[ \t\r\f\v]*\n\s*)
    | (?P<dotted>(?:[A-Z]\.){2,})
    | (?P<initial>[A-Z]\.)(?=[ \t]+[A-Z][a-z])  # "John F. Kennedy"
    | (?P<word>[^\W_](?:[^\W_]|[-‐‑'’](?=[^\W_]))*)
    | (?P<punct>[^\w\s])
    | (?P<space>\s+)
    """,
    re.VERBOSE,
)
_HYPHEN_CHARACTERS = frozenset("-‐‑")
_HYPHENS = re.compile(r"[-‐‑]")
_ROMAN_NUMERAL = re.compile(r"[IVX]+")
_LIST_JOINS = ([","], [",", "and"], [",", "or"], ["and"], ["or"])
# What follows a person's name to tell a father from his son: "Andre Price III", "Sam Hale Jr".
_GENERATIONAL_SUFFIX = re.compile(r"Jr|Sr|II|III|IV")
_POSSESSIVE = re.compile(r"[’']s$")
_JOINERS = frozenset("-‐‑'’")
_SENTENCE_END = {".", "!", "?", "…", ":"}
_OPENERS = {"“", '"', "‘", "'", "(", "[", "«", "—", "–", "-"}


class _Token:
    """A word, a punctuation mark or a line break. A long piece has a few hundred thousand of
    them, each asked many times whether it is a word and whether it is capitalised: those
    answers are worked out once, when the token is made."""

    __slots__ = (
        "capitalised",
        "end",
        "headline",
        "is_word",
        "kind",
        "known",
        "possessive",
        "sentence_initial",
        "skip",
        "start",
        "text",
    )

    def __init__(self, text: str, start: int, end: int, kind: str, possessive: bool = False):
        self.text = text
        self.start = start
        self.end = end
        self.kind = kind  # "word", "punct" or "brk"
        self.possessive = possessive
        self.sentence_initial = False
        self.known = False  # inside a mention the registry already recognises
        self.headline = False
        self.skip = False  # a byline line
        self.is_word = kind == "word"
        self.capitalised = self.is_word and (
            text[:1].isupper()
            or (not _HYPHEN_CHARACTERS.isdisjoint(text) and _particle_before_name(text))
        )

    def __repr__(self) -> str:
        return f"_Token({self.text!r}, {self.start}, {self.end}, {self.kind!r})"

    @property
    def lower(self) -> str:
        return name_key(self.text)

    @property
    def acronym(self) -> bool:
        return self.is_word and is_acronym(self.text)


def _particle_before_name(word: str) -> bool:
    """Whether ``word`` is a particle joined to a capitalised name ("al-Assad", "el-Sisi")."""
    parts = _HYPHENS.split(word)
    return len(parts) > 1 and parts[0].lower() in HYPHENATED_PARTICLES and parts[-1][:1].isupper()


@dataclass
class _Proposal:
    start: int  # token indices, end exclusive
    end: int
    kind: str
    weight: int
    needs_support: bool = False
    surname_only: bool = False


def discover(
    text: str,
    *,
    known: Sequence[Match] = (),
    known_surnames: Iterable[str] = (),
    headline_end: int = 0,
    headings: Sequence[tuple[int, int]] = (),
    blocked: Iterable[str] = (),
    exclude_names: Iterable[str] = (),
) -> list[Candidate]:
    """Return the names in ``text`` worth suggesting, with kind, aliases, count and context.

    ``known`` are the registry's mentions in the text (their words are never proposed again,
    but an acronym defined after one is proposed as its alias); ``known_surnames`` are the
    folded surnames of registry people; ``text[:headline_end]`` is a headline and ``headings``
    are (start, end) spans of subheadings, counted but
    never trusted for capitals; ``blocked`` are folded names an editor rejected; and
    ``exclude_names`` are names never to propose (the article's own authors).
    """
    return _Document(
        text,
        known=known,
        known_surnames=set(known_surnames),
        headline_end=headline_end,
        headings=headings,
        blocked=set(blocked),
        exclude=[name_key(name) for name in exclude_names if name_key(name)],
    ).candidates()


class _Document:
    def __init__(self, text, *, known, known_surnames, headline_end, headings, blocked, exclude):
        self.text = text
        self.known = list(known)
        self.known_surnames = known_surnames
        self.blocked = blocked
        self.exclude = set(exclude)
        self.gazetteer = gazetteer()
        self.doc = nlp.parse(text)
        self.known_spans = {(m.start, m.end) for m in self.known}
        self.untrusted = [(0, headline_end), *headings]
        self.tokens = self._tokenise(text)
        self.proposals: list[_Proposal] = []
        self.acronym_tokens: list[int] = []
        self.definitions: dict[str, tuple[int, int] | int] = {}  # acronym -> run or entity id
        self.run_spans: list[tuple[int, int]] = []
        self.alias_of: dict[str, tuple[int, int]] = {}  # acronym -> the name it stands for
        self.country_acronyms: dict[str, str] = {}  # "US" -> "United States"
        self.ner_acronyms: dict[str, str] = {}  # acronym -> the kind the model gave it

    # --- words and sentences

    def _tokenise(self, text: str) -> list[_Token]:
        tokens: list[_Token] = []
        for match in _TOKEN_RE.finditer(text):
            group = match.lastgroup
            if group == "space":
                continue
            if group == "brk":
                tokens.append(_Token(match[0], match.start(), match.end(), "brk"))
            elif group == "punct":
                tokens.append(_Token(match[0], match.start(), match.end(), "punct"))
            else:
                tokens.extend(self._split_word(match[0], match.start()))
        self._mark_sentences(tokens)
        untrusted = SpanSet(self.untrusted)
        for token in tokens:
            token.headline = untrusted.contains_point(token.start)
        self._mark_known(tokens)
        self._mark_bylines(tokens)
        self._mark_shouting(tokens)
        self._mark_title_case_lines(tokens)
        return tokens

    def _mark_known(self, tokens: list[_Token]) -> None:
        """Mark the words inside registry mentions, and note which words each mention covers
        (one pass: both lists are in text order)."""
        self.known_token_spans: list[tuple[int, int, int]] = []
        words = [(i, t) for i, t in enumerate(tokens) if t.is_word]
        position = 0
        for match in sorted(self.known, key=lambda m: m.start):
            while position < len(words) and words[position][1].end <= match.start:
                position += 1
            first = last = None
            cursor = position
            while cursor < len(words) and words[cursor][1].start < match.end:
                index, token = words[cursor]
                token.known = True
                if match.start <= token.start and token.end <= match.end:
                    first = index if first is None else first
                    last = index
                cursor += 1
            if first is not None:
                self.known_token_spans.append((first, last + 1, match.entity_id))

    def _split_word(self, word: str, offset: int) -> list[_Token]:
        if _JOINERS.isdisjoint(word):  # most words: no hyphen, no apostrophe
            return [_Token(word, offset, offset + len(word), "word")]
        possessive = bool(_POSSESSIVE.search(word)) and len(word) > 2
        if possessive:
            word = word[:-2]
        parts = _HYPHENS.split(word)
        if len(parts) > 1 and not (
            parts[0].lower() in HYPHENATED_PARTICLES and all(p[:1].isupper() for p in parts[1:])
        ):
            capitals = [p[:1].isupper() for p in parts]
            places = all(self.gazetteer.place(p) for p in parts)
            if not all(capitals) or places:
                # "UN-backed", "pro-Russian", "Russia-Ukraine": the capitalised parts stand
                # alone; "Yunus-Bek" (all capitalised, not places) stays one name.
                tokens, position = [], offset
                for index, part in enumerate(parts):
                    tokens.append(_Token(part, position, position + len(part), "word"))
                    position += len(part) + 1
                    if index < len(parts) - 1:
                        tokens.append(_Token("-", position - 1, position, "punct"))
                tokens[-1].possessive = possessive
                return tokens
        return [_Token(word, offset, offset + len(word), "word", possessive=possessive)]

    def _mark_sentences(self, tokens: list[_Token]) -> None:
        if self.doc is not None:
            self._mark_parsed_sentences(tokens)
            return
        at_start = True
        previous_word: _Token | None = None
        for token in tokens:
            if token.kind == "brk":
                at_start = True
            elif token.kind == "punct":
                if token.text in _SENTENCE_END and not self._is_abbreviation(previous_word):
                    at_start = True
                elif token.text not in _OPENERS:
                    at_start = False
            else:
                token.sentence_initial = at_start
                at_start = False
                previous_word = token

    def _mark_parsed_sentences(self, tokens: list[_Token]) -> None:
        """Mark the first word of each of the pipeline's sentences (and of each line)."""
        starts = {sentence.start_char for sentence in self.doc.sents}
        at_start = True
        for token in tokens:
            if token.kind == "brk" or token.start in starts:
                at_start = True
            if token.kind == "punct":
                if token.text not in _OPENERS:
                    at_start = False
            elif token.kind == "word":
                token.sentence_initial = at_start
                at_start = False

    @staticmethod
    def _is_abbreviation(word: _Token | None) -> bool:
        return word is not None and is_abbreviation(word.text)

    def _mark_bylines(self, tokens: list[_Token]) -> None:
        """A line that is only "By Name (and Name)" credits the authors; it is not news."""
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.is_word and token.sentence_initial and token.lower == "by":
                end = index
                while end < len(tokens) and tokens[end].kind != "brk":
                    end += 1
                line = tokens[index + 1 : end]
                words = [t for t in line if t.is_word]
                if (
                    words
                    and len(words) <= 12
                    and all(t.capitalised or t.lower in {"and"} for t in words)
                ):
                    for t in tokens[index:end]:
                        t.skip = True
                index = end
            index += 1

    @staticmethod
    def _mark_shouting(tokens: list[_Token]) -> None:
        """A line written in capitals ("BREAKING: TALKS COLLAPSE") has no acronyms to offer."""
        line: list[_Token] = []
        for token in [*tokens, _Token("\n", 0, 0, "brk")]:
            if token.kind != "brk":
                if token.is_word:
                    line.append(token)
                continue
            words = [t for t in line if any(c.isalpha() for c in t.text)]
            if len(words) >= 3 and sum(t.acronym for t in words) / len(words) >= 0.6:
                for t in words:
                    t.headline = True
            line = []

    @staticmethod
    def _mark_title_case_lines(tokens: list[_Token]) -> None:
        """A line in title case ("Haftar in Moscow to Plot New Conspiracies", a Markdown
        heading) is a headline, whose capitals prove nothing, even when nobody said so. A line
        that lists names ("Egypt, Sudan and Chad") has commas; a sentence has lower-case words
        or ends with a full stop."""
        line: list[_Token] = []
        for token in [*tokens, _Token("\n", 0, 0, "brk")]:
            if token.kind != "brk":
                line.append(token)
                continue
            words = [t for t in line if t.is_word]
            content = [t for t in words if t.lower not in STOPWORDS]
            punctuation = {t.text for t in line if t.kind == "punct"}
            if (
                len(content) >= 3
                and all(t.capitalised for t in content)
                and not punctuation & {",", ".", ";", "!", "?"}
            ):
                for t in words:
                    t.headline = True
            line = []

    # --- runs of capitalised words

    def _adjacent(self, left: _Token, right: _Token) -> bool:
        gap = self.text[left.end : right.start]
        return gap.isspace() and "\n" not in gap and not left.possessive

    def _usable(self, token: _Token) -> bool:
        return token.is_word and not token.headline and not token.skip

    def _runs(self) -> list[tuple[int, int]]:
        runs = []
        tokens = self.tokens
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if not (self._usable(token) and token.capitalised):
                index += 1
                continue
            end = index + 1
            while end < len(tokens):
                current = tokens[end - 1]
                nxt = tokens[end]
                if not (self._usable(nxt) and self._adjacent(current, nxt)):
                    break
                if nxt.capitalised:
                    end += 1
                    continue
                joined = self._connector_join(index, end)
                if joined is None:
                    break
                end = joined
            runs.append((index, end))
            index = end
        return runs

    def _connector_join(self, start: int, end: int) -> int | None:
        """Return the new end of the run if lower-case words at ``end`` join it to a following
        capitalised word ("Bank of England", "Democratic Republic of the Congo")."""
        tokens = self.tokens
        position = end
        connectors = []
        while position < len(tokens) and len(connectors) < 2:
            token = tokens[position]
            if not (token.is_word and self._usable(token)):
                return None
            if token.capitalised:
                break
            if not self._adjacent(tokens[position - 1], token):
                return None
            connectors.append(token.lower)
            position += 1
        else:
            return None
        if not connectors or position >= len(tokens):
            return None
        if not self._adjacent(tokens[position - 1], tokens[position]):
            return None
        if tokens[position].lower in CALENDAR_WORDS:
            # "the Organization on Tuesday", "the Council in March": a date, not the name.
            return None
        first = connectors[0]
        previous = tokens[end - 1].lower
        if first == "and":
            phrase = self.text[tokens[start].start : tokens[position].end]
            return position + 1 if self.gazetteer.place(phrase) and len(connectors) == 1 else None
        if connectors == ["the"] and self._epithet_follows(end):
            return position + 1  # "Pliny the Elder"
        if first == "on" and (previous not in ORGANISATION_HEADS or self._place_follows(position)):
            return None  # "the Committee on Foreign Affairs", but "the Club on H Street"
        if first == "the" or first not in CONNECTORS | NAME_PARTICLES:
            return None
        if len(connectors) == 2 and connectors[1] != "the":
            return None
        return position + 1

    def _place_follows(self, index: int) -> bool:
        """Whether the capitalised words from ``index`` name a place: a known one, or one
        whose last word says so ("H Street", "Fifth Avenue")."""
        end = index
        while (
            end < len(self.tokens)
            and self.tokens[end].capitalised
            and (end == index or self._adjacent(self.tokens[end - 1], self.tokens[end]))
        ):
            end += 1
        if end == index:
            return False
        return bool(
            self.tokens[end - 1].lower in PLACE_HEADS
            or self.gazetteer.place(self._name(index, end))
        )

    # --- reading runs

    def candidates(self) -> list[Candidate]:
        for start, end in self._runs():
            self.run_spans.append((start, end))
            self._read_run(start, end, top=True)
        if self.doc is not None:
            self._reconcile_with_ner()
        # "the film Oppenheimer", "the spacecraft Perseverance": titles of works and products.
        titles = SpanSet(self._quoted_titles())
        self.proposals = [
            p
            for p in self.proposals
            if not set(self._previous_words(p.start, 1)) & WORK_NOUNS
            and not titles.contains(self.tokens[p.start].start, self.tokens[p.end - 1].end)
        ]
        self._find_definitions()
        self._read_acronyms()
        return self._collect()

    def _quoted_titles(self) -> list[tuple[int, int]]:
        """Return the spans of short quotations in title case ("Game of Thrones", “Geronimo”):
        the titles of works, whose capitals name no entity of the news."""
        spans = []
        for match in _QUOTED_SHORT.finditer(self.text):
            words = re.findall(r"[^\W\d_][\w'’-]*", match[1])
            content = [w for w in words if w.lower() not in STOPWORDS]
            if content and len(words) <= 8 and all(w[0].isupper() for w in content):
                spans.append((match.start(1), match.end(1)))
        return spans

    # --- the statistical model's entities

    def _ner_spans(self) -> list[tuple[int, int, str]]:
        """Return the pipeline's entities as (first token, end token, label) in this
        document's tokens, without a leading article, a sentence's opening adverb ("Naturally
        China will ..."), a closing possessive or a dangling preposition ("the Harbour Club
        on")."""
        starts = {t.start: i for i, t in enumerate(self.tokens) if t.kind != "brk"}
        ends = {t.end: i for i, t in enumerate(self.tokens) if t.kind != "brk"}
        spans = []
        for ent in self.doc.ents:
            words = list(ent)
            while words and (
                words[0].lower_ in _DETERMINERS
                or words[0].is_punct
                or (words[0].is_sent_start and len(words) > 1 and words[0].tag_ in _OPENING_TAGS)
            ):
                words.pop(0)
            while words and (
                words[-1].tag_ == "POS"
                or words[-1].is_punct
                or (words[-1].is_lower and words[-1].lower_ in _DANGLING)
                or (
                    words[-1].is_lower
                    and len(words) > 1
                    and words[-2].text not in "-‐‑"
                    and words[-1].lower_ != "the"
                )
            ):
                # "the Harbour Club on", "the Ontario city"; not "Lee Min-jun", and "Lucas
                # Cranach the" is a name the model cut short.
                words.pop()
            while words and (
                words[0].is_punct
                or (words[0].is_lower and words[0].lower_ not in NAME_PARTICLES and len(words) > 1)
            ):
                words.pop(0)  # "south-east Delhi": "east Delhi" is Delhi
            if not words:
                continue
            start = starts.get(words[0].idx)
            end_char = words[-1].idx + len(words[-1].text)
            end = ends.get(end_char)
            if end is None and words[-1].text[-2:] in ("’s", "'s"):
                end = ends.get(end_char - 2)
            if start is None or end is None or end < start:
                continue
            label = ent.label_
            if self._epithet_follows(end):
                end, label = end + 1, "PERSON"  # "Lucas Cranach the" and the "Elder" after it
            elif self._epithet_follows(end + 1):
                end, label = end + 2, "PERSON"  # "Hans Holbein" and "the Younger" after it
            spans += self._split_at_address(start, end + 1, label)
        return spans

    def _epithet_follows(self, index: int) -> bool:
        """Whether the word at ``index`` is a "the" that opens a person's epithet: "Pliny the
        Elder", "Catherine the Great"."""
        return (
            index + 1 < len(self.tokens)
            and self.tokens[index].text == "the"
            and self.tokens[index + 1].lower in EPITHETS
            and self.tokens[index + 1].capitalised
        )

    def _split_at_address(self, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
        """ "Metropolitan Club on H Street": a body and the street it stands on, two names."""
        for i in range(start + 1, end - 1):
            token = self.tokens[i]
            if token.lower in ("on", "at", "in") and self._place_follows(i + 1):
                return [(start, i, label), (i + 1, end, "FAC")]
        return [(start, end, label)]

    def _ner_name_kind(self, start: int, end: int, label: str) -> tuple[int, int, str] | None:
        """Return the span and kind to propose for one of the model's entities, or None when
        the rules know better: a bare title, a pronoun, a demonym, a headline's capitals."""
        kind = _NER_KINDS.get(label)
        if kind is None:
            return None
        bounds = self._ner_bounds(start, end, kind)
        if bounds is None:
            return None
        start, end = bounds
        tokens = self.tokens
        last = end - 1
        if last - start >= 2 and tokens[last - 1].text == "-" and tokens[last].is_word:
            last -= 2  # "Lee Min-jun": a hyphenated given name keeps its lower-case half
        if start >= end or not tokens[start].capitalised or not tokens[last].capitalised:
            return None
        words = [t for t in tokens[start:end] if t.is_word]
        if not words or all(t.lower in STOPWORDS and not t.acronym for t in words):
            return None
        if self.doc is not None and all(
            self._tag(i) in _COMMON_TAGS for i in range(start, end) if tokens[i].is_word
        ):
            return None  # "Gravity", "Indigenous", "Simple and Select": ordinary words
        if end - start > 1 and tokens[end - 1].lower in WORK_NOUNS:
            return None  # "the Andrew Marr Show", "Blue Planet Series": a work's title
        if end - start == 1 and not self._ner_single_word(start, kind):
            return None
        if kind == PERSON and end - start == 1 and _BRAND_CAPITALS.search(tokens[start].text):
            kind = ORGANISATION  # "SaskTel", "ExxonMobil": a brand's capitals, not a person's
        return start, end, kind

    def _ner_bounds(self, start: int, end: int, kind: str) -> tuple[int, int] | None:
        """Return the model's entity cut to the name in it, or None when it holds none or
        more than one: a list, two names around a possessive, a headline's words."""
        tokens = self.tokens
        cut = next((i for i in range(start, end) if tokens[i].text in "(["), None)
        if cut is not None:
            end = cut  # "Real Estate Council of Ontario (RECO": the bracket is not the name's
        if any(tokens[i].text in (",", ";") for i in range(start, end)):
            return None  # "Tesla, Uber and Snapchat": a list, not a name
        if any(t.headline or t.skip or t.known for t in tokens[start:end]):
            return None
        if any(
            tokens[i].possessive and tokens[i].lower not in NAME_POSSESSIVES
            for i in range(start, end - 1)
        ):
            return None  # "Papworth and Addenbrooke's Hospitals": two names, not one
        demonym = False
        while start < end and (
            self._is_title(tokens[start]) or self.gazetteer.is_demonym(tokens[start].text)
        ):
            # "Chancellor Olaf Scholz": the title is not the name
            demonym = demonym or self.gazetteer.is_demonym(tokens[start].text)
            start += 1
        if demonym and end - start == 1 and kind != PERSON:
            return None  # "the Australian Open", "Russian officials": no name once cut
        return start, end

    def _ner_single_word(self, index: int, kind: str) -> bool:
        """Whether one word the model calls a name may be proposed."""
        token = self.tokens[index]
        if token.acronym:
            return True  # read with the other acronyms ("US" is not "us")
        if len(token.text) < 2 or not self._usable_single(index):
            return False
        if token.text.isupper() and not token.acronym:
            return False
        if token.sentence_initial and token.lower in self._lower_case_words:
            return False  # "Sulphur is a key nutrient ... sulphur": a common word
        if kind == PERSON and (token.sentence_initial and token.lower in STOPWORDS):
            return False
        if kind == PERSON and self._previous_words(index, 1) in (["a"], ["an"]):
            return False  # "a Twitter account", "an Uber driver": a person's name takes none
        following = index + 1
        if following < len(self.tokens) and not self.gazetteer.place(token.text):
            # "the Sectorial Under-Secretary": the word qualifies the title.
            return not (
                self.tokens[following].capitalised and self._is_title(self.tokens[following])
            )
        return True

    @cached_property
    def _lower_case_words(self) -> frozenset[str]:
        """The words the text writes in lower case (ordinary vocabulary, not names)."""
        return frozenset(t.text for t in self.tokens if t.is_word and t.text.islower())

    def _opens_only(self, index: int) -> bool:
        """Whether a capitalised word opening a sentence is there only to open it: a function
        word, or the model reads it as an adverb, a verb or a pronoun ("Naturally", "Asked")."""
        return self._is_plain_word(self.tokens[index]) or self._tag(index) in _OPENING_TAGS

    def _reconcile_with_ner(self) -> None:
        """Let the model's entity boundaries and kinds correct the capital runs: a run that
        crosses or spans several of its entities ("European Union Tomas Rivera", "Baikonur
        Cosmodrome on March") or cuts one short ("Museum of Flight" of "Museum of Flight and
        Space", "Lee Min" of "Lee Min-jun") is dropped; a run the model calls a work, a product
        or a group of people ("Protestants") is dropped; then each of the model's names is
        proposed with its kind, which adds its weight to the rules' reading of the same words."""
        spans = self._ner_spans()
        bounded = sorted((s, e, label) for s, e, label in spans if label not in _NER_QUANTITIES)
        starts = [s for s, _e, _label in bounded]
        widest = max((e - s for s, e, _label in bounded), default=0)
        kept = []
        for proposal in self.proposals:
            # The model's entities that overlap the proposal start at most ``widest`` tokens
            # before it (bisect: linear in the text, however many names it holds).
            low = bisect_left(starts, proposal.start - widest)
            high = bisect_left(starts, proposal.end)
            inside = [
                (s, e, label)
                for s, e, label in bounded[low:high]
                if s < proposal.end and proposal.start < e
            ]
            exact = [x for x in inside if x[0] == proposal.start and x[1] == proposal.end]
            if exact:
                if exact[0][2] in _NER_NOT_NAMES:
                    continue
                kept.append(proposal)
                continue
            if not inside:
                kept.append(proposal)
                continue
            named = [x for x in inside if x[2] in _NER_KINDS]
            if (
                len(inside) == 1
                and named
                and proposal.start <= named[0][0]
                and named[0][1] <= proposal.end
                and proposal.weight >= STRONG
                and not proposal.surname_only
            ):
                kept.append(proposal)  # a name the rules read in full around the model's
                continue
            if len(inside) == 1 and inside[0][2] in _NER_KINDS:
                s, e, _label = inside[0]
                if proposal.surname_only and s <= proposal.start and proposal.end <= e:
                    kept.append(proposal)  # "Haftar" of "Marshal Haftar"
                    continue
        self.proposals = kept
        self._people_by_relative_pronoun(spans)
        self._people_by_life_events()
        for start, end, label in self._list_items(spans):
            reading = self._ner_name_kind(start, end, label)
            if reading is None:
                continue
            start, end, kind = reading
            if end - start == 1 and self.tokens[start].acronym:
                # Read with the other acronyms, which may spell a name in the text.
                self.ner_acronyms[self.tokens[start].text] = kind
                continue
            weight = MEDIUM
            if (
                label == "GPE"
                and end - start == 1
                and not self.gazetteer.place(self.tokens[start].text)
            ):
                # A single word the model calls a country or city but no gazetteer knows
                # ("Spotify", "Reddit", a surname): the small model's guess for an unfamiliar
                # word, so it counts as a use of a name but votes for no kind (the rules'
                # reading decides, and a bare name is read as a body). Rivers, seas and planets
                # ("Earth") are labelled LOC and keep their vote as places.
                kind, weight = ORGANISATION, NO_VOTE
            self._propose(
                start, end, kind, weight, surname_only=kind == PERSON and end - start == 1
            )

    def _list_items(self, spans) -> list[tuple[int, int, str]]:
        """Return the model's entities with each list cut into its items: "Tesla, Uber and
        Snapchat" is three names of the same kind, never one."""
        items = []
        for start, end, label in spans:
            commas = [i for i in range(start, end) if self.tokens[i].text in (",", ";")]
            if not commas:
                items.append((start, end, label))
                continue
            bounds = [*commas]
            last = commas[-1]
            bounds += [i for i in range(last, end) if self.tokens[i].lower in ("and", "or")]
            piece_start = start
            for bound in [*sorted(bounds), end]:
                if bound > piece_start:
                    items.append((piece_start, bound, label))
                piece_start = bound + 1
        return items

    def _people_by_relative_pronoun(self, spans) -> None:
        """ "Cuaron, whose last film ...", "Seagal, who ...": a name that "who" or "whose"
        describes is a person's (bodies take "which"), whatever the model called it; so is a
        name in apposition to a role ("the president of the region, Ana Ruiz, ...", "Jo Lee,
        founder of ...") and one that was born, died or married."""
        for start, end, label in spans:
            if label not in ("PERSON", "ORG", "GPE"):
                continue
            after = self._next_words(end, 2)
            described = after[:1] == [","] and after[1:2] in (["who"], ["whose"], ["whom"])
            if described or self._in_apposition_to_a_role(start, end):
                reading = self._ner_name_kind(start, end, "PERSON")
                if reading is not None:
                    s, e, _kind = reading
                    self._propose(s, e, PERSON, STRONG, surname_only=e - s == 1)

    def _span_root(self, start: int, end: int):
        span = self.doc.char_span(
            self.tokens[start].start, self.tokens[end - 1].end, alignment_mode="expand"
        )
        return None if span is None else span.root

    def _people_by_life_events(self) -> None:
        """A name the parse says was born, died or married is a person's: only people do,
        and the model often misses a lone surname ("Quennell was born in 1832")."""
        index_at = {t.start: i for i, t in enumerate(self.tokens) if t.is_word}
        for word in self.doc:
            if word.tag_ != "NNP" or not (
                (word.dep_ == "nsubjpass" and word.head.lower_ == "born")
                or (word.dep_ == "nsubj" and word.head.lower_ in ("died", "married"))
            ):
                continue
            index = index_at.get(word.idx)
            if index is not None and self._usable_single(index) and not self.tokens[index].known:
                self._propose(index, index + 1, PERSON, STRONG, surname_only=True)

    def _in_apposition_to_a_role(self, start: int, end: int) -> bool:
        """Whether the parse sets the name beside a personal role: its head is the appositive
        of "president", "founder", "analyst" ..., or such a role is the name's appositive."""
        root = self._span_root(start, end)
        if root is None:
            return False
        roles = [root.head] if root.dep_ == "appos" and root.head.i < root.i else []
        roles += [child for child in root.children if child.dep_ == "appos"]
        return any(
            role.tag_ == "NN" and (self._is_title_word(role.lower_) or role.lower_ in ROLE_NOUNS)
            for role in roles
        )

    def _name(self, start: int, end: int) -> str:
        return self.text[self.tokens[start].start : self.tokens[end - 1].end]

    def _previous_words(self, index: int, count: int = 3) -> list[str]:
        """Return up to ``count`` lower-case words just before token ``index``, nearest first,
        stopping at punctuation or a line break."""
        words = []
        position = index - 1
        while position >= 0 and len(words) < count:
            token = self.tokens[position]
            if not token.is_word:
                break
            words.append(token.lower)
            position -= 1
        return words

    def _next_words(self, index: int, count: int = 3) -> list[str]:
        words = []
        position = index
        while position < len(self.tokens) and len(words) < count:
            token = self.tokens[position]
            if token.kind == "brk":
                break
            words.append(token.lower if token.is_word else token.text)
            position += 1
        return words

    def _propose(self, start, end, kind, weight, **flags) -> None:
        # A name the registry already recognises here is not proposed again; a longer name
        # around it is ("North Africa" around a registered "Africa").
        span = (self.tokens[start].start, self.tokens[end - 1].end)
        if span in self.known_spans:
            return
        self.proposals.append(_Proposal(start, end, kind, weight, **flags))

    def _is_title(self, token: _Token) -> bool:
        return self._is_title_word(token.lower)

    def _is_plain_word(self, token: _Token) -> bool:
        """Whether a capitalised word is ordinary vocabulary rather than part of a name."""
        if token.acronym:
            return False
        word = token.lower
        return word in STOPWORDS or word in CALENDAR_WORDS

    def _read_run(self, start: int, end: int, *, top: bool = False) -> None:
        tokens = self.tokens
        # Capitals that only open a sentence, and "The" in front of a name.
        while start < end:
            token = tokens[start]
            opening = token.sentence_initial or not top
            if (
                token.lower == "the"
                or (opening and self._is_plain_word(token))
                or (token.sentence_initial and end - start > 1 and self._opens_only(start))
            ):
                start += 1
            else:
                break
        while (
            start < end and tokens[end - 1].lower in CONNECTORS and not tokens[end - 1].capitalised
        ):
            end -= 1
        if start >= end:
            return
        if self._read_by_what_the_text_calls_it(start, end):
            return
        if end - start == 1:
            self._read_single(start)
            return
        words = [t.lower for t in tokens[start:end]]
        if self._read_by_head(start, end, words) or self._read_titled(start, end):
            return
        connector_positions = [
            i
            for i in range(start, end)
            if not tokens[i].capitalised and tokens[i].lower in CONNECTORS
        ]
        if connector_positions and not self._person_like(start, end):
            piece_start = start
            for position in [*connector_positions, end]:
                if position > piece_start:
                    self._read_run(piece_start, position)
                piece_start = position + 1
            return
        if self._starts_with_direction(words, end - start) or words[-1] in COMPASS_WORDS:
            self._propose(start, end, PLACE, MEDIUM)
            return
        if words[0] in COMPASS_WORDS and self.gazetteer.place(self._name(start + 1, end)):
            self._propose(start, end, PLACE, STRONG)
            return
        if self.gazetteer.is_demonym(tokens[start].text):
            self._read_run(start + 1, end)
            return
        if self._person_like(start, end):
            self._propose(start, end, PERSON, self._person_weight(start, end))
            return
        self._propose(start, end, ORGANISATION, WEAK, needs_support=True)

    def _read_by_what_the_text_calls_it(self, start: int, end: int) -> bool:
        """Propose a name the words around it call a place or a body; return whether they do."""
        if self._named_as_place(start):
            self._propose(start, end, PLACE, STRONG)
        elif self._named_as_body(start, end):
            self._propose(start, end, ORGANISATION, STRONG)
        else:
            return False
        return True

    def _named_as_place(self, start: int) -> bool:
        """ "the town of Hillsborough", "the island of Lesbos": the text says it is a place."""
        before = self._previous_words(start, 2)
        return len(before) == 2 and before[0] == "of" and before[1] in PLACE_CLASS_NOUNS

    def _named_as_body(self, start: int, end: int) -> bool:
        """ "the Force Ouvrière union", "the Wagner group": a name between "the" and a noun for a
        body is that body's; but "the Trump administration" is a body led by a person, and "the
        Essen police" one of a place."""
        after = self._next_words(end, 1)
        return (
            self._previous_words(start, 1) == ["the"]
            and not self.gazetteer.place(self._name(start, end))
            and bool(after)
            and after[0] in ORGANISATION_HEADS
            and after[0] not in LEADER_BODY_NOUNS
            and not self.tokens[end].capitalised
        )

    def _head(self, start: int, end: int) -> str:
        """Return the head noun: the last word, or the word before "of" ("Bank of England"),
        leaving out a closing numeral ("World War II")."""
        for index in range(start + 1, end):
            token = self.tokens[index]
            if token.lower in {"of", "for", "on"} and not token.capitalised:
                return self.tokens[index - 1].lower
        while end - start > 1 and _ROMAN_NUMERAL.fullmatch(self.tokens[end - 1].text):
            end -= 1
        return self.tokens[end - 1].lower

    @staticmethod
    def _starts_with_direction(words: list[str], length: int) -> bool:
        # "West Bank", "North Africa"; but "North Atlantic Treaty Organization" is a body.
        return words[0] in _DIRECTIONS and (length == 2 or words[-1] not in ORGANISATION_HEADS)

    def _read_titled(self, start: int, end: int) -> bool:
        """Read "Russian Deputy Defense Minister Yunus-Bek Yevkurov": the words after the last
        title are a person's name; what comes before the first title is read on its own."""
        tokens = self.tokens
        titles = [i for i in range(start, end) if self._is_title(tokens[i])]
        if not titles:
            return False
        last = titles[-1]
        name_start = last + 1
        if name_start >= end:
            # Only a title ("Defense Minister", "Deputy Prime Minister") names nobody.
            return all(
                self._is_title(t) or self.gazetteer.is_demonym(t.text) for t in tokens[start:end]
            )
        if not tokens[name_start].capitalised:
            # "Minister of Defence Ben Wallace", "President of Russia": the office's domain is
            # read on its own and the name, if any, follows it.
            while name_start < end and not tokens[name_start].capitalised:
                name_start += 1
            domain_end = name_start + 1
            if domain_end >= end:
                self._read_run(name_start, end)
                return True
            self._read_run(name_start, domain_end)
            name_start = domain_end
        if titles[0] > start:
            self._read_run(start, titles[0])
        length = end - name_start
        if length == 1:
            if self._usable_single(name_start):
                self._propose(name_start, end, PERSON, STRONG, surname_only=True)
            return True
        if length <= MAX_PERSON_NAME_WORDS and self._person_like(name_start, end):
            self._propose(name_start, end, PERSON, STRONG)
        else:
            self._read_run(name_start, end)
        return True

    @cached_property
    def _tags(self) -> dict[int, str]:
        """The model's part-of-speech tag (Penn Treebank) of each word, by its start offset."""
        return {token.idx: token.tag_ for token in self.doc} if self.doc is not None else {}

    def _tag(self, index: int) -> str:
        return self._tags.get(self.tokens[index].start, "")

    def _person_like(self, start: int, end: int) -> bool:
        """Whether the words look like a personal name: two to four capitalised words, none of
        them a title, demonym, head noun, month or function word."""
        if end - start > 2 and _GENERATIONAL_SUFFIX.fullmatch(self.tokens[end - 1].text):
            end -= 1
        if not 2 <= end - start <= MAX_PERSON_NAME_WORDS:
            return False
        if self.tokens[end - 1].lower in WORK_NOUNS:
            return False  # "The Andrew Marr Show": a programme named after its host
        if self.tokens[start].lower in FOREIGN_ARTICLES:
            return False  # "El Mundo", "Die Zeit": a newspaper
        first = self.gazetteer.place(self.tokens[start].text)
        if first and first.category in (PlaceCategory.COUNTRY, PlaceCategory.CONTINENT):
            return False
        for position, token in enumerate(self.tokens[start:end]):
            word = token.lower
            if not token.capitalised:
                if word in NAME_PARTICLES or self._epithet_follows(start + position):
                    continue
                return False
            if (
                token.acronym
                or any(char.isdigit() for char in token.text)
                or word in STOPWORDS
                or (position == 0 and word in CALENDAR_WORDS)
                or word in ORGANISATION_HEADS
                or word in EVENT_HEADS
                or word in PLACE_HEADS
                or word in COMPASS_WORDS
                or self._is_title(token)
                or self.gazetteer.is_demonym(token.text)
                or word.endswith(_STRIP_ADJECTIVE_SUFFIXES)
            ):
                return False
        return True

    def _person_weight(self, start: int, end: int) -> int:
        before = self._previous_words(start)
        after = self._next_words(end)
        if before and (before[0] in TITLE_WORDS or before[0].rstrip("s") in TITLE_WORDS):
            return STRONG
        if after and after[0] in SPEECH_VERBS:
            return STRONG
        if len(after) >= 2 and after[0] == "," and after[1] in APPOSITIVE_DETERMINERS:
            return STRONG
        if len(after) >= 3 and after[0] == "," and self._is_title_word(after[1]):
            return STRONG
        return MEDIUM

    def _is_title_word(self, word: str) -> bool:
        # "Under-Secretary", "Vice-President", "Co-Founder": the last part is the title.
        word = word.replace("-", " ").split()[-1] if word else word
        return word in TITLE_WORDS or (word.endswith("s") and word[:-1] in TITLE_WORDS)

    def _usable_single(self, index: int) -> bool:
        token = self.tokens[index]
        word = token.lower
        return not (
            word in STOPWORDS
            or word in CALENDAR_WORDS
            or word in COMPASS_WORDS
            or word in ORGANISATION_HEADS  # "the Army", "Parliament": a body, but which?
            or word in EVENT_HEADS
            or word in PLACE_HEADS
            or self._is_title(token)
            or self.gazetteer.is_demonym(token.text)
            or word in self.known_surnames
        )

    def _read_single(self, index: int) -> None:
        token = self.tokens[index]
        if token.known:
            return
        if token.acronym:
            if token.lower not in CALENDAR_WORDS:
                self.acronym_tokens.append(index)
            return
        if not self._usable_single(index) or len(token.text) < 2:
            return
        place = self.gazetteer.place(token.text)
        before = self._previous_words(index)
        previous = before[0] if before else ""
        if place and not place.primary and previous not in LOCATIVE_PREPOSITIONS:
            place = None  # another language's spelling of a city, not said to be a place here
        if token.sentence_initial:
            self._read_sentence_initial_single(index, place)
            return
        if place and (
            place.category != PlaceCategory.CITY
            or place.population >= TRUSTED_CITY_POPULATION
            or previous in LOCATIVE_PREPOSITIONS
        ):
            self._propose(index, index + 1, PLACE, STRONG)
            return
        after = self._next_words(index + 1)
        if previous and self._is_title_word(previous):
            self._propose(index, index + 1, PERSON, STRONG, surname_only=True)
        elif previous == "the" and len(before) > 1 and before[1] in STRICT_LOCATIVE_PREPOSITIONS:
            self._propose(index, index + 1, PLACE, MEDIUM)  # "across the Aegean"
        elif previous == "the":
            self._propose(
                index, index + 1, ORGANISATION, MEDIUM
            )  # "a spokesperson for the Kremlin"
        elif previous in STRICT_LOCATIVE_PREPOSITIONS:
            self._propose(index, index + 1, PLACE, WEAK)
        elif after and after[0] in SPEECH_VERBS:
            # "Saqib said": people say things far more often than a bare company name does
            # (and "the ministry said" was read above, with its article).
            self._propose(index, index + 1, PERSON, STRONG, surname_only=True)
        elif not token.lower.endswith(ADJECTIVE_SUFFIXES):
            self._propose(index, index + 1, ORGANISATION, NO_VOTE, needs_support=True)

    def _read_sentence_initial_single(self, index: int, place: Place | None) -> None:
        """A word opening a sentence is a name only when a known place or described as
        someone: "Isner, who ...", "Wintour herself appears" (but "Microsoft said" may be a
        company)."""
        if place and (
            place.category != PlaceCategory.CITY
            or place.population >= SENTENCE_INITIAL_CITY_POPULATION
        ):
            self._propose(index, index + 1, PLACE, STRONG)
        elif not place and self._described_as_someone(index):
            self._propose(index, index + 1, PERSON, STRONG, surname_only=True)

    def _described_as_someone(self, index: int) -> bool:
        if self.tokens[index].lower in STOPWORDS or self._tag(index) not in ("NNP", ""):
            return False
        after = self._next_words(index + 1, 2)
        return bool(after) and (
            after[0] in ("himself", "herself")
            or (after[0] == "," and after[1:2] in (["who"], ["whose"]))
        )

    # --- acronyms

    def _find_definitions(self) -> None:
        """Find "Libyan National Army (LNA)": an acronym in brackets right after a name."""
        tokens = self.tokens
        for index in range(1, len(tokens) - 2):
            if not (
                tokens[index].text == "("
                and tokens[index + 1].acronym
                and tokens[index + 2].text == ")"
            ):
                continue
            acronym = tokens[index + 1].text
            run = next((span for span in self.run_spans if span[1] == index), None)
            proposal = None
            if run is not None:
                proposal = max(
                    (p for p in self.proposals if p.end == index and p.start >= run[0]),
                    key=lambda p: p.end - p.start,
                    default=None,
                )
            if proposal is not None:
                self.definitions.setdefault(acronym, (proposal.start, proposal.end))
                continue
            before = tokens[index - 1]
            entity_id = next(
                (m.entity_id for m in self.known if m.start < before.end <= m.end), None
            )
            if entity_id is not None:
                self.definitions.setdefault(acronym, entity_id)

    def _initial_letters(self, start: int, end: int) -> list[str]:
        spellings = [""]
        for token in self.tokens[start:end]:
            if not token.capitalised:
                continue
            parts = [p for p in _HYPHENS.split(token.text) if p]
            capitalised = [p for p in parts if p[:1].isupper()] or parts
            first, every = capitalised[0][0].upper(), "".join(p[0].upper() for p in capitalised)
            spellings = [s + first for s in spellings] + (
                [s + every for s in spellings] if every != first else []
            )
        return spellings

    def _expansion(self, acronym: str) -> tuple[int, int] | int | None:
        """Return what ``acronym`` spells in the text: a registry entity (its id) or the span of
        a name whose initials it is, a whole run or the start of one ("United Nations" in
        "United Nations Security Council")."""
        letters = "".join(char for char in acronym if char.isalpha()).upper()
        known = self.known_token_spans
        for start, end, entity_id in known:
            if letters in self._initial_letters(start, end):
                return entity_id
        for start, end in [*self.run_spans, *((s, e) for s, e, _id in known)]:
            while start < end and self._is_plain_word(self.tokens[start]):
                start += 1
            for stop in range(end, start + 1, -1):
                if self.tokens[stop - 1].capitalised and letters in self._initial_letters(
                    start, stop
                ):
                    return (start, stop)
        return None

    def _read_acronyms(self) -> None:
        occurrences: dict[str, list[int]] = defaultdict(list)
        for index in self.acronym_tokens:
            occurrences[self.tokens[index].text].append(index)
        for acronym, indices in occurrences.items():
            if name_key(acronym) in TITLE_WORDS:
                continue
            defined = self.definitions.get(acronym)
            if isinstance(defined, int):
                continue  # an alias of a registry entity, proposed in _collect
            span = defined or self._expansion(acronym)
            if isinstance(span, int):
                self.definitions[acronym] = span  # spells a registry entity: its alias
                continue
            if span is not None:
                self._ensure_proposal(*span)
                self.alias_of[acronym] = span
                continue
            if name_key(acronym).replace(".", "") in COMMON_ACRONYMS:
                continue  # "TV", "GDP": vocabulary, not a name
            # Once with no cue ("a deal with NASA", "the agency GCHQ") is enough when the model
            # reads a name or the acronym is three letters or more.
            gated = (
                len(indices) >= 2
                or acronym in self.ner_acronyms
                or sum(char.isalpha() for char in acronym) >= 3
                or any(self._previous_words(index)[:1] == ["the"] for index in indices)
            )
            if not gated:
                continue
            country = self.gazetteer.acronyms.get(acronym.replace(".", ""))
            if country:
                self.country_acronyms[acronym] = country
            kind = PLACE if country else ORGANISATION
            if self.ner_acronyms.get(acronym) in (PLACE, PERSON):
                kind = self.ner_acronyms[acronym]  # "DRC"; "JFK"
            for index in indices:
                self._propose(index, index + 1, kind, MEDIUM)

    def _ensure_proposal(self, start: int, end: int) -> None:
        if not any(p.start == start and p.end == end for p in self.proposals):
            self._read_run(start, end)
            if not any(p.start == start and p.end == end for p in self.proposals):
                self._propose(start, end, ORGANISATION, WEAK)

    def _read_by_head(self, start: int, end: int, words: list[str]) -> bool:
        """Propose a run that is a known place, or whose last word says what it is ("...
        Council", "... Summit", "... Province"); return whether it did."""
        if self.gazetteer.place(self._name(start, end)):
            self._propose(start, end, PLACE, STRONG)
            return True
        head = self._head(start, end)
        if head in ORGANISATION_HEADS and not self._starts_with_direction(words, end - start):
            self._propose(start, end, ORGANISATION, STRONG)
        elif head in EVENT_HEADS:
            self._propose(start, end, EVENT, MEDIUM)
        elif head in PLACE_HEADS:
            self._propose(start, end, PLACE, MEDIUM)
        elif words[0] in PLACE_PREFIXES and self.tokens[start + 1].capitalised:
            self._propose(start, end, PLACE, STRONG)  # "Cape Horn", "Bab el-Mandeb"
        else:
            return False
        return True

    # --- from proposals to candidates

    def _collect(self) -> list[Candidate]:
        weights: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        names: dict[str, str] = {}
        first_seen: dict[str, int] = {}
        uses: dict[str, int] = defaultdict(int)
        supported: dict[str, bool] = defaultdict(bool)
        singles: list[_Proposal] = []

        for proposal in self.proposals:
            if proposal.end - proposal.start == 1 and (
                proposal.surname_only or proposal.kind != PLACE
            ):
                singles.append(proposal)
                continue
            self._add_use(proposal, weights, names, first_seen, uses, supported)

        people, first_words = _surnames_and_first_words(names, weights, first_seen)
        for proposal in singles:
            word = name_key(self._name(proposal.start, proposal.end))
            if word in people:
                weights[people[word]][PERSON] += proposal.weight
            elif word in first_words and not self.tokens[proposal.start].acronym:
                continue  # "Wagner" of "Wagner Group"; but "UN" of "UN Environment" is the UN
            else:
                self._add_use(proposal, weights, names, first_seen, uses, supported)
        _kinds_of_family_names(names, weights, people)
        self._kinds_of_lists(weights, people)

        aliases = self._aliases(names)
        excluded_surnames = {excluded.split()[-1] for excluded in self.exclude}
        candidates: list[Candidate] = []
        for key in sorted(names, key=lambda k: first_seen[k]):
            # A name with nothing but its capitals for it must be written so at least twice.
            if not supported[key] and max(uses[key], self._capitalised_uses(names[key])) < 2:
                continue
            kind = _best_kind(weights[key])
            candidate = Candidate(names[key], kind, aliases=aliases[key])
            candidate_keys = {name_key(n) for n in candidate.names}
            if candidate_keys & (self.blocked | self.exclude):
                continue
            if kind == PERSON and " " not in key and key in excluded_surnames:
                continue
            candidates.append(candidate)
        for acronym, defined in self.definitions.items():
            if isinstance(defined, int) and name_key(acronym) not in self.blocked:
                candidates.append(Candidate(acronym, OTHER, entity_id=defined))
        return self._count(candidates)

    def _kinds_of_lists(self, weights: dict[str, dict[str, int]], people: dict[str, str]) -> None:
        """ "Reddit, Twitter and Spotify": the names of a list of three or more are of one kind,
        so one that all the others disagree with takes theirs."""
        spans = sorted({(p.start, p.end) for p in self.proposals}, key=lambda s: (s[0], -s[1]))
        outermost: list[tuple[int, int]] = []
        for start, end in spans:
            if not outermost or start >= outermost[-1][1]:
                outermost.append((start, end))
        lists, members, joins = [], outermost[:1], []
        for previous, span in pairwise(outermost):
            between = [t.lower if t.is_word else t.text for t in self.tokens[previous[1] : span[0]]]
            if between in _LIST_JOINS:
                members.append(span)
                joins.append(between)
                continue
            lists.append((members, joins))
            members, joins = [span], []
        lists.append((members, joins))
        for members, joins in lists:
            # "A, B and C": commas between all but the last two, "and" or "or" before the last.
            if len(members) < 3 or any(j != [","] for j in joins[:-1]) or joins[-1] == [","]:
                continue
            keys = [self._key_of(start, end, people) for start, end in members]
            kinds = [_best_kind(weights[key]) for key in keys]
            common, count = Counter(kinds).most_common(1)[0]
            if count == len(kinds) - 1:
                odd = keys[next(i for i, kind in enumerate(kinds) if kind != common)]
                weights[odd][common] += STRONG

    def _key_of(self, start: int, end: int, people: dict[str, str]) -> str:
        key = name_key(self._name(start, end))
        return people.get(key, key) if end - start == 1 else key

    def _aliases(self, names: dict[str, str]) -> dict[str, list[str]]:
        """Return the acronyms defined for the names found ("the Libyan National Army (LNA)"),
        by name key; a country's acronym ("UAE") renames its key to the country's name."""
        aliases: dict[str, list[str]] = defaultdict(list)
        for acronym, (start, end) in self.alias_of.items():
            key = name_key(self._name(start, end))
            if key in names:
                aliases[key].append(acronym)
        for acronym, country in self.country_acronyms.items():
            key = name_key(acronym)
            if key in names:
                names[key] = country
                aliases[key].append(acronym)
        return aliases

    def _capitalised_uses(self, name: str) -> int:
        """Return how often a one-word name is written, capitalised, outside headlines."""
        if " " in name:
            return 0
        return self._word_uses[name]

    @cached_property
    def _word_uses(self) -> Counter:
        """How often each word is written outside headlines, counted once for the piece: a
        count per name would read the whole text again for each of thousands of names."""
        return Counter(t.text for t in self.tokens if t.is_word and not t.headline)

    def _add_use(self, proposal, weights, names, first_seen, uses, supported) -> None:
        name = self._name(proposal.start, proposal.end)
        key = name_key(name)
        if not key:
            return
        weights[key][proposal.kind] += proposal.weight
        names.setdefault(key, name)
        first_seen.setdefault(key, self.tokens[proposal.start].start)
        uses[key] += 1
        supported[key] = supported[key] or not proposal.needs_support

    def _count(self, candidates: list[Candidate]) -> list[Candidate]:
        """Count each candidate's mentions the way the registry will once it is accepted."""
        if not candidates:
            return []
        recognizer = Recognizer(
            RegistryEntry(index, candidate.kind, tuple(candidate.names))
            for index, candidate in enumerate(candidates)
        )
        # Registry mentions never overlap one another, so "inside one of them" is exact.
        known = SpanSet(self.known_spans)
        for match in recognizer.find(self.text):
            if known.contains(match.start, match.end):
                continue
            candidate = candidates[match.entity_id]
            candidate.count += 1
            if candidate.first_offset < 0:
                candidate.first_offset = match.start
        kept = [candidate for candidate in candidates if candidate.count > 0]
        for candidate in kept:
            candidate.context = self._context(candidate.first_offset)
        return kept

    def _context(self, offset: int) -> str:
        """Return the sentence where the name is first seen, in whole words: cut to
        CONTEXT_CHARS around the name, at spaces, with an ellipsis where it was cut."""
        # The sentence is looked for near the name only: a search back to the start of a long
        # text for every candidate made saving a long piece quadratic.
        low = max(0, offset - _CONTEXT_REACH)
        high = min(len(self.text), offset + _CONTEXT_REACH)
        # A name at the very start has no sentence end before it: rfind's -1 must not become 1.
        ends = (self.text.rfind(". ", low, offset), self.text.rfind("\n", low, offset))
        starts = [i + (2 if self.text.startswith(". ", i) else 1) for i in ends if i >= 0]
        start = max([low, *starts])
        end_candidates = [
            i
            for i in (self.text.find(". ", offset, high), self.text.find("\n", offset, high))
            if i >= 0
        ]
        end = min(end_candidates) + 1 if end_candidates else high
        lead = ""
        if offset - start > CONTEXT_CHARS // 2:
            # A long sentence: start a few words before the name, at a word's beginning.
            start = self.text.find(" ", offset - CONTEXT_CHARS // 3, offset) + 1 or start
            lead = "…"
        snippet = lead + " ".join(self.text[start:end].split())
        if len(snippet) > CONTEXT_CHARS:
            cut = snippet.rfind(" ", 0, CONTEXT_CHARS - 1)
            snippet = snippet[: cut if cut > 0 else CONTEXT_CHARS - 1].rstrip() + "…"
        return snippet


def _surnames_and_first_words(
    names: dict[str, str], weights: dict[str, dict[str, int]], first_seen: dict[str, int]
) -> tuple[dict[str, str], dict[str, str]]:
    """Return, by word key, the person each surname belongs to and the organisation each first
    word opens ("" for a person's first name): a surname alone belongs to the person named in
    full, a first word alone to its body."""
    people: dict[str, str] = {}
    first_words: dict[str, str] = {}
    for key in sorted(names, key=lambda k: first_seen[k]):
        kind = _best_kind(weights[key])
        words = names[key].split()
        if kind == PERSON and len(words) > 1:
            surname = surname_of(names[key])
            if surname:
                people.setdefault(name_key(surname), key)
            first_words.setdefault(name_key(words[0]), "")
        elif kind == ORGANISATION and len(words) > 1:
            first_words.setdefault(name_key(words[0]), key)
    return people, first_words


def _kinds_of_family_names(
    names: dict[str, str], weights: dict[str, dict[str, int]], people: dict[str, str]
) -> None:
    """ "the Barrosos", "the Kennedys": a person's surname in the plural names their family,
    people too."""
    for key in names:
        if " " in key or not key.endswith("s") or len(key) < 4:
            continue
        stem = key[:-1]
        if stem in people or (stem in names and _best_kind(weights[stem]) == PERSON):
            weights[key][PERSON] += STRONG


def _best_kind(weights: dict[str, int]) -> str:
    if not weights:
        return OTHER
    order = {PLACE: 0, PERSON: 1, ORGANISATION: 2, EVENT: 3, OTHER: 4}
    return min(weights, key=lambda kind: (-weights[kind], order.get(kind, 5)))
