"""Who said a quotation, read from the dependency parse (people.entities.nlp).

The speaker is the subject of a verb of saying in the quotation's own sentence, or else in the
sentence just before or just after it when the quotation stands alone there:

- a name ("…,” said Ana Duarte), a surname alone (the fullest person named earlier with that
  surname), or he/she/they (the last person named before);
- an organisation, a document, a poll or an anonymous group ("the ministry said", "a report
  found", "officials said"): no speaker, the organisation, if any, as affiliation;
- "according to X" credits X; a dash after the quotation ("— Ana Duarte") credits the name.

The affiliation comes from around the speaker's name in the parse: an appositive ("X, an
analyst at Y"), "X of Y", "X from Y", "Y's X", "Y spokesperson X". It is never a person.
"""

from bisect import bisect_right
from dataclasses import dataclass

from people.entities.lexicon import SPEECH_VERBS

PERSON = "person"
ORGANISATION = "organisation"

_SUBJECTS = {"nsubj", "nsubjpass", "csubj", "expl"}
_PRONOUNS = {"he", "she", "they", "i", "we"}
# Prepositions that tie a person to a body: "an analyst at", "Tim Eaton from", "head of".
_AFFILIATION_PREPOSITIONS = {"at", "with", "of", "from", "for", "in"}
_DASHES = "—–-"
# Penn Treebank tags, which the tagger gives directly (the pipeline runs without the attribute
# ruler that would map them to universal parts of speech).
_PROPER_NOUNS = frozenset({"NNP", "NNPS"})


@dataclass(frozen=True)
class Attribution:
    speaker: object | None = None  # citations.Name
    affiliation: object | None = None  # citations.Name
    found: bool = False  # a verb of saying (or a dash) was found, even without a name


class ParsedAttributor:
    """Attribute quotations in ``text`` with the parse ``doc`` and the names found in it."""

    def __init__(self, doc, text: str, names: list, make_name):
        self.doc = doc
        self.text = text
        self.names = names  # sorted by start
        self.make_name = make_name  # (start, end, name, kind) -> Name
        self.sentences = list(doc.sents)
        # Lookups by position (bisect) and by surname, so that attributing every quotation
        # costs the words near it, not the whole text: the save path stays linear.
        self.sentence_starts = [s.start_char for s in self.sentences]
        self.name_starts = [n.start for n in names]
        self.longest = max((n.end - n.start for n in names), default=0)
        self.people = [n for n in names if n.kind == PERSON]
        self.people_starts = [n.start for n in self.people]
        self.by_start = {}
        for name in names:
            self.by_start.setdefault(name.start, name)
        self.by_surname: dict[str, list] = {}
        for person in self.people:
            words = person.name.split()
            if words:
                self.by_surname.setdefault(words[-1], []).append(person)

    # --- lookups

    def _name_over(self, start: int, end: int):
        """Return the name that covers the characters [start, end), if any."""
        index = bisect_right(self.name_starts, start)
        low = bisect_right(self.name_starts, start - self.longest - 1)
        for name in self.names[low:index]:
            if name.start <= start and end <= name.end:
                return name
        return None

    def _token_at(self, char: int):
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _name_of_token(self, token):
        """Return the Name for the noun phrase headed by ``token``: a known name that covers
        it, a surname resolved to the fullest person named before, or a proper noun
        the model reads as a person or an organisation."""
        name = self._name_over(token.idx, token.idx + len(token.text))
        if name is not None:
            return name
        if token.tag_ not in _PROPER_NOUNS:
            return None
        words = [t for t in token.subtree if t.dep_ in ("compound", "flat") or t == token]
        words = [t for t in words if t.tag_ in _PROPER_NOUNS]
        start = min(t.idx for t in words)
        end = max(t.idx + len(t.text) for t in words)
        if len(words) == 1:
            fuller = self._person_with_surname(token.text, token.idx)
            if fuller is not None:
                return self.make_name(start, end, fuller.name, PERSON, fuller.entity_id)
        if token.ent_type_ == "PERSON":
            return self.make_name(start, end, self.text[start:end], PERSON, None)
        if token.ent_type_ in ("ORG", "GPE"):
            return self.make_name(start, end, self.text[start:end], ORGANISATION, None)
        return None

    def _is_a_person(self, start: int, end: int) -> bool:
        """Whether text[start:end] is, or is the surname of, a person named in the text."""
        words = self.text[start:end].split()
        if words and words[-1] in self.by_surname:
            return True
        name = self._name_over(start, start + 1)
        return name is not None and name.kind == PERSON

    def _person_with_surname(self, surname: str, before: int):
        best = None
        for name in self.by_surname.get(surname, ()):
            if name.start < before and (best is None or len(name.name) >= len(best.name)):
                best = name
        return best

    def _last_person_before(self, position: int):
        index = bisect_right(self.people_starts, position)
        for person in reversed(self.people[max(0, index - 8) : index]):
            if person.end <= position:
                return person
        return None

    def _sentence_index(self, char: int) -> int:
        return max(0, bisect_right(self.sentence_starts, char) - 1)

    # --- attribution

    def attribute(self, start: int, end: int, quotes: list[tuple[int, int]]) -> Attribution:
        """Return the attribution of the quotation at text[start:end]; ``quotes`` are all the
        quotation spans (their words are never read as the frame's)."""
        dash = self._dash_credit(end)
        if dash is not None:
            return dash
        first = self._sentence_index(start)
        last = self._sentence_index(max(start, end - 1))
        own = self._from_sentences(range(first, last + 1), start, quotes)
        if own.found:
            return own
        if not self._stands_alone(first, last, start, end, quotes):
            return own
        if first > 0:
            previous = self._from_sentences([first - 1], start, quotes)
            if previous.found:
                return previous
        if last + 1 < len(self.sentences):
            following = self.sentences[last + 1]
            if not any(following.start_char <= qs < following.end_char for qs, _qe in quotes):
                return self._from_sentences([last + 1], start, quotes)
        return Attribution()

    def _stands_alone(self, first, last, start, end, quotes) -> bool:
        """Whether the quotation's sentences hold little besides quotations."""
        words = [
            t
            for index in range(first, last + 1)
            for t in self.sentences[index]
            if not t.is_punct and not any(qs <= t.idx < qe for qs, qe in quotes)
        ]
        return len(words) <= 2

    def _dash_credit(self, end: int) -> Attribution | None:
        """'“…” — Ana Duarte': a dash right after the quotation credits the name after it."""
        rest = self.text[end : end + 80]
        stripped = rest.lstrip(" ,.")
        if not stripped[:1] or stripped[0] not in _DASHES:
            return None
        offset = end + len(rest) - len(stripped.lstrip(_DASHES + " "))
        name = self.by_start.get(offset)
        if name is None:
            token = self._token_at(offset)
            if token is None:
                return None
            head = token
            while head.head != head and head.head.tag_ in _PROPER_NOUNS and head.head.i > head.i:
                head = head.head
            name = self._name_of_token(head)
        if name is None:
            return None
        if name.kind == PERSON:
            return Attribution(speaker=name, affiliation=self._affiliation_near(name), found=True)
        return Attribution(affiliation=name, found=True)

    def _speech_verbs(self, indices, quotes):
        for index in indices:
            for token in self.sentences[index]:
                if any(qs <= token.idx < qe for qs, qe in quotes):
                    continue
                verb = token.lower_ in SPEECH_VERBS and token.tag_.startswith("VB")
                according = token.lower_ == "according" and any(
                    c.lower_ == "to" for c in token.children
                )
                if verb or according:
                    yield token

    def _from_sentences(self, indices, quote_start: int, quotes) -> Attribution:
        verbs = sorted(self._speech_verbs(indices, quotes), key=lambda v: abs(v.idx - quote_start))
        for verb in verbs:
            source = self._source_of(verb)
            if source is None:
                continue
            return self._resolve(source, quote_start)
        return Attribution()

    def _source_of(self, verb):
        """Return the token that names who speaks with ``verb``."""
        if verb.lower_ == "according":
            for to in verb.children:
                if to.lower_ == "to":
                    objects = [c for c in to.children if c.dep_ == "pobj"]
                    if objects:
                        return objects[0]
            return None
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if not subjects and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head != verb:
            subjects = [c for c in verb.head.children if c.dep_ in _SUBJECTS]
        if not subjects:
            return None
        return subjects[0]

    def _resolve(self, source, quote_start: int) -> Attribution:
        word = source.lower_
        if word in _PRONOUNS and source.tag_ == "PRP":
            speaker = self._last_person_before(min(source.idx, quote_start))
            if word in ("they", "we") and speaker is None:
                return Attribution(found=True)
            if speaker is None:
                return Attribution(found=True)
            return Attribution(
                speaker=speaker, affiliation=self._affiliation_near(speaker), found=True
            )
        name = self._name_of_token(source)
        if name is not None and name.kind == PERSON:
            return Attribution(
                speaker=name, affiliation=self._affiliation_of(source, name), found=True
            )
        if name is not None:
            return Attribution(affiliation=name, found=True)
        # "his wife, Alice, reported", "their head of policy, Jeff Knott, stated": the name in
        # apposition is the speaker.
        for child in source.children:
            if child.dep_ == "appos":
                named = self._name_of_token(child)
                if named is not None and named.kind == PERSON:
                    return Attribution(
                        speaker=named, affiliation=self._affiliation_of(source, named), found=True
                    )
        # A common noun: "officials", "a spokesperson for the Kremlin", "the poll".
        return Attribution(affiliation=self._organisation_in(source), found=True)

    def _organisation_in(self, token, exclude=None):
        """Return the first organisation named in ``token``'s phrase: "a spokesperson for the
        Kremlin", "the Kremlin's spokesperson", "a Kremlin spokesperson"."""
        for child in token.subtree:
            if child == token:
                continue
            name = self._name_over(child.idx, child.idx + len(child.text))
            if name is None or name == exclude:
                continue
            if name.kind == ORGANISATION:
                return name  # "officials in Cairo": a place is no one's employer
        # A body the text names but nobody has proposed: the model's organisation.
        for ent in token.doc[token.left_edge.i : token.right_edge.i + 1].ents:
            if ent.label_ == "ORG":
                words = [t for t in ent if t.lower_ != "the" and t.tag_ != "POS"]
                if not words or (exclude and exclude.start <= words[0].idx < exclude.end):
                    continue
                if self._is_a_person(words[0].idx, words[-1].idx + len(words[-1].text)):
                    continue  # "an adviser to Castell": a person is no one's organisation
                start, end = words[0].idx, words[-1].idx + len(words[-1].text)
                return self.make_name(start, end, self.text[start:end], ORGANISATION, None)
        return None

    def _affiliation_of(self, token, speaker):
        """The speaker's organisation from their phrase: appositive, of/at/from/with, a
        possessive or a compound before the name; never a person."""
        found = self._organisation_in(token, exclude=speaker)
        if found is not None:
            return found
        return self._affiliation_near(speaker)

    def _affiliation_near(self, speaker):
        """For a speaker named elsewhere (a pronoun's or a dash's): the organisation in the
        appositive or prepositional phrase around the name's first token."""
        token = self._token_at(speaker.start)
        if token is None:
            return None
        head = token
        while head.dep_ in ("compound", "flat") and head.head != head:
            head = head.head
        return self._organisation_in(head, exclude=speaker)
