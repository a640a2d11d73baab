"""Citations: quotations found in an article's text, their attribution, their review by the
journalist and their verification before publishing.

Detection works on the article's plain text (``articles.entities.article_text``) and on the
names recognition and discovery found in it, so it knows which words are people and which are
organisations. A quotation is any top-level span in double quotes (straight, curly or
guillemets; single quotes only where a paragraph uses no double ones); quotes nested inside it
belong to it, and one may run over several sentences. Its attribution is looked for in the
sentence that holds it (outside the quotation), then in the previous sentence when the quotation
stands alone: a person next to a verb of saying ("X said", "according to X", "X, an analyst with
Y, called it"), an organisation for an unnamed speaker ("a spokesperson for the Kremlin"), or a
pronoun ("he said"), which means the last person named before it.
"""

import re
from bisect import bisect_left, bisect_right
from collections import deque
from dataclasses import dataclass, field
from html import unescape

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from articles import caching, roles
from articles.attribution import ParsedAttributor
from articles.ledger import ledger_piece_refresh
from articles.models import Article, Citation, Transition
from articles.sources.snapshots import source_watch
from people.entities import nlp
from people.entities.lexicon import (
    ROLE_NOUNS,
    SENTENCE_END,
    SPEECH_PHRASES,
    SPEECH_VERBS,
    sentence_spans,
    word_alternation,
)
from people.hygiene import clean_text_fields
from people.models import Entity

PERSON = Entity.Kind.PERSON
ORGANISATION = Entity.Kind.ORGANISATION

_CUE = re.compile(
    rf"\b{word_alternation({*SPEECH_VERBS, *SPEECH_PHRASES})}\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(he|she)\b", re.IGNORECASE)
# A role followed by an organisation not in the registry: "a spokesperson for the Acme Group".
_ROLE_OF_NAME = re.compile(
    rf"\b{word_alternation(ROLE_NOUNS)}\s+(?:for|with|of|at|from)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w’'&-]*(?:\s+(?:of|for|and|the|on|[A-Z][\w’'&-]*))*[\w’'&-]*)"
)
# Quotes inside a quotation: single ones, straight or curly (an apostrophe never follows a space).
_NESTED = re.compile(r"(?:(?<=^)|(?<=[\s(—–]))['‘](.+?)['’](?!\w)")
_ARTICLE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_AUDIENCE = re.compile(r"\b(?:told|tells|tell|to|in an interview with)\s+(?:the\s+)?$", re.I)
_OPENERS = {"“": "”", "«": "»", "„": "“"}
# A sentence that holds little besides its quotation looks to the previous one for a speaker.
_STANDALONE_WORDS = 3
_AFFILIATION_REACH = 80


@dataclass(frozen=True)
class Name:
    """A name found in the text: a registry entity (``entity_id``) or a name not yet in it."""

    start: int
    end: int
    name: str
    kind: str
    entity_id: int | None = None


@dataclass
class DetectedQuote:
    """A quotation found in the text, with its attribution (empty when the text gives none)."""

    text: str
    start: int
    end: int
    speaker: Name | None = None
    affiliation: Name | None = None
    affiliation_name: str = ""
    nested: list[str] = field(default_factory=list)
    standalone: bool = False  # unattributed, with nothing but quotations in its sentence

    @property
    def attributed(self) -> bool:
        return bool(self.speaker or self.affiliation or self.affiliation_name)


def _straight_opens(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    return before.isspace() or before in "([{—–-:/"


def find_quotations(paragraph: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the top-level quotations in ``paragraph``, marks
    included. An unclosed quotation runs to the end of the paragraph."""
    spans: list[tuple[int, int]] = []
    stack: list[str] = []  # closing marks expected, outermost first
    start = 0
    for index, char in enumerate(paragraph):
        if stack and char == stack[-1] and (char != '"' or not _straight_opens(paragraph, index)):
            stack.pop()
            if not stack:
                spans.append((start, index + 1))
            continue
        if char in _OPENERS or (char == '"' and _straight_opens(paragraph, index)):
            if not stack:
                start = index
            stack.append(_OPENERS.get(char, '"'))
    if stack:
        spans.append((start, len(paragraph)))
    if spans or "‘" not in paragraph:
        return [span for span in spans if re.search(r"\w", paragraph[span[0] : span[1]])]
    # British style: single quotes at the top level. An apostrophe ("Haftar’s") is never
    # preceded by a space, so only a ‘ after a space or at the start opens a quotation.
    for match in re.finditer(r"(?:(?<=^)|(?<=[\s(—–]))‘(.+?)’(?![\w])", paragraph):
        spans.append((match.start(), match.end()))
    return spans


def _sentence_at(sentences: list[tuple[int, int]], position: int) -> int:
    """Return the index of the sentence (spans in order, end to end) holding ``position``."""
    index = bisect_right(sentences, (position, float("inf"))) - 1
    while index > 0 and not sentences[index][0] <= position < sentences[index][1]:
        index -= 1
    return max(index, 0)


def _spans_touching(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """Return the spans (in order, not overlapping) that share characters with [start, end)."""
    low = max(bisect_left(spans, (start, start)) - 1, 0)
    high = bisect_left(spans, (end, end))
    return [(s, e) for s, e in spans[low:high] if s < end and start < e]


def _nearest(names: list[Name], position: int) -> Name | None:
    if not names:
        return None
    return min(names, key=lambda n: min(abs(n.start - position), abs(n.end - position)))


class _Attributor:
    def __init__(self, text: str, names: list[Name]):
        self.text = text
        self.names = sorted((self._kind_in_context(n) for n in names), key=lambda n: n.start)
        # Who is a person, whatever the rules read around "the": full names and their last words.
        people = {n.name for n in names if n.kind == PERSON}
        self.person_names = people | {p.split()[-1] for p in people if p.split()}
        doc = nlp.parse(text)
        # The parse reads names with the kinds recognition gave them: it tells an article's
        # "the" from a name's ("the Donald Trump impersonator").
        self.parsed = (
            ParsedAttributor(doc, text, sorted(names, key=lambda n: n.start), Name)
            if doc is not None
            else None
        )
        # Names are looked up by position with bisect, so attributing every quotation costs
        # the names near it, not all the names in the piece.
        self.starts = [n.start for n in self.names]
        self.longest = max((n.end - n.start for n in self.names), default=0)
        self.people = [n for n in self.names if n.kind == PERSON]
        self.people_starts = [n.start for n in self.people]

    def _names_between(self, low: int, high: int) -> list[Name]:
        """Return the names that start in ``[low, high]``, in order."""
        return self.names[bisect_left(self.starts, low) : bisect_right(self.starts, high)]

    def _kind_in_context(self, name: Name) -> Name:
        """A new name after "the" ("director of the Lagos Policy Forum") is an organisation,
        whatever its words suggested: people are not named with an article."""
        before = self.text[max(0, name.start - 6) : name.start]
        if name.kind == PERSON and name.entity_id is None and _ARTICLE_BEFORE.search(before):
            return Name(name.start, name.end, name.name, ORGANISATION)
        return name

    def _outside(self, start: int, end: int, quotes: list[tuple[int, int]]) -> str:
        """Return text[start:end] with its quotations blanked out (offsets kept)."""
        chars = list(self.text[start:end])
        for qs, qe in _spans_touching(quotes, start, end):
            for index in range(max(qs, start), min(qe, end)):
                chars[index - start] = " "
        return "".join(chars)

    def _names_in(self, start: int, end: int, quotes, kind: str) -> list[Name]:
        return [
            n
            for n in self._names_between(start, end)
            if n.end <= end and n.kind == kind and not any(qs <= n.start < qe for qs, qe in quotes)
        ]

    def _last_person_before(self, position: int) -> Name | None:
        index = bisect_right(self.people_starts, position)
        for earlier in range(index - 1, -1, -1):
            if self.people[earlier].end <= position:
                return self.people[earlier]
        return None

    def attribute(self, quote: DetectedQuote, sentences: list[tuple[int, int]], quotes) -> None:
        if self.parsed is not None:
            found = self.parsed.attribute(quote.start, quote.end, quotes)
            if found.found:
                quote.speaker, quote.affiliation = found.speaker, found.affiliation
                if found.affiliation is not None and found.affiliation not in self.names:
                    # A body named in the text that nobody proposed: kept as a name.
                    quote.affiliation, quote.affiliation_name = None, found.affiliation.name
                quote.standalone = False
                return
        quote.standalone = self._stands_alone(quote, sentences, quotes)
        self._attribute_by_rules(quote, sentences, quotes)
        if quote.affiliation is not None and quote.affiliation.name in self.person_names:
            quote.affiliation = None  # never a person, whatever the rules read around "the"

    def _stands_alone(self, quote, sentences, quotes) -> bool:
        own = [(s, e) for s, e in sentences if s < quote.end and quote.start < e]
        if not own:
            return False
        frame = self._outside(own[0][0], own[-1][1], quotes)
        return len(re.findall(r"\w+", frame)) <= 2

    def _attribute_by_rules(
        self, quote: DetectedQuote, sentences: list[tuple[int, int]], quotes
    ) -> None:
        own = _sentence_at(sentences, quote.start)
        last = next(
            (
                i
                for i in range(own, len(sentences))
                if sentences[i][0] < quote.end <= sentences[i][1]
            ),
            len(sentences) - 1,
        )
        start, end = sentences[own][0], sentences[last][1]
        clause = self._outside(start, end, quotes)
        leading = self._outside(start, quote.start, quotes)
        # "X was blunt: “…”": a colon before a quotation introduces what someone said.
        colon = start + len(leading.rstrip()) - 1 if leading.rstrip().endswith(":") else None
        if self._attribute_in(quote, start, end, clause, quotes, colon=colon):
            return
        standalone = not re.search(r"\w", leading)
        if standalone and own > 0 and len(re.findall(r"\w+", clause)) <= _STANDALONE_WORDS:
            prev_start, prev_end = sentences[own - 1]
            previous = self._outside(prev_start, prev_end, quotes)
            if previous.rstrip().endswith(":") or _CUE.search(previous):
                self._attribute_in(quote, prev_start, prev_end, previous, quotes, standalone=True)

    def _attribute_in(
        self, quote, start, end, clause, quotes, standalone=False, colon=None
    ) -> bool:
        cues = [start + m.start() for m in _CUE.finditer(clause)]
        if colon is not None:
            cues.append(colon)
        if not cues and not (standalone and clause.rstrip().endswith(":")):
            return False
        anchor = cues[0] if cues else end
        people = self._names_in(start, end, quotes, PERSON)
        orgs = self._names_in(start, end, quotes, ORGANISATION)
        speaker = _nearest(people, anchor)
        if speaker is None:
            pronoun = next(
                (
                    start + m.start()
                    for m in _PRONOUN.finditer(clause)
                    if any(abs(start + m.start() - cue) < 40 for cue in cues)
                ),
                None,
            )
            if pronoun is not None:
                speaker = self._last_person_before(min(pronoun, quote.start))
        if speaker is not None:
            quote.speaker = speaker
            near = [
                org
                for org in self._names_between(
                    speaker.start - _AFFILIATION_REACH - self.longest,
                    speaker.end + _AFFILIATION_REACH,
                )
                if org.kind == ORGANISATION
                and not any(qs <= org.start < qe for qs, qe in quotes)
                and min(abs(org.start - speaker.end), abs(speaker.start - org.end))
                <= _AFFILIATION_REACH
                # In the speaker's own sentence, which a pronoun may have left behind.
                and not SENTENCE_END.search(
                    self.text[min(org.end, speaker.end) : max(org.start, speaker.start)]
                )
                # "X told Reuters": the outlet spoken to is not the speaker's organisation.
                and not _AUDIENCE.search(self.text[max(start, org.start - 20) : org.start])
            ]
            quote.affiliation = _nearest(near, speaker.end)
            if quote.affiliation is None:
                self._role_of_name(quote, start, clause)
            return True
        if orgs:
            quote.affiliation = _nearest(orgs, anchor)
            return True
        return self._role_of_name(quote, start, clause)

    def _role_of_name(self, quote: DetectedQuote, start: int, clause: str) -> bool:
        match = _ROLE_OF_NAME.search(clause)
        if match is None:
            return False
        quote.affiliation_name = match["name"].strip()
        return True


def detect_quotations(text: str, names: list[Name], *, body_start: int = 0) -> list[DetectedQuote]:
    """Return the quotations in ``text[body_start:]`` in order, each with its attribution."""
    attributor = _Attributor(text, names)
    found: list[DetectedQuote] = []
    position = body_start
    running: DetectedQuote | None = None  # a quotation left open at the end of a paragraph
    # Where the previous paragraph starts: a quotation continues a speaker from there on.
    paragraph_start = previous_paragraph_start = body_start
    part_start = 0  # where the running quotation's last paragraph starts
    for line in text[body_start:].split("\n"):
        spans = find_quotations(line)
        all_spans = list(spans)
        if running is not None and spans and spans[0][0] == len(line) - len(line.lstrip()):
            # The convention for a quotation over several paragraphs: each opens with a quote
            # mark and only the last one closes it. It is one quotation, said by one speaker.
            qs, qe = spans.pop(0)
            continued = _inner(line[qs:qe])
            # The earlier part keeps the full stop that ended it.
            last_part = _inner(text[part_start : running.end], trim=False)
            trimmed = _inner(text[part_start : running.end])
            running.text = f"{running.text}{last_part[len(trimmed) :]}\n{continued}"
            part_start = position + qs
            running.end = position + qe
            still_open = qe == len(line) and not _closes(line[qs:qe])
            if not running.attributed:
                sentences = [
                    (position + s, position + e) for s, e in sentence_spans(line, [(qs, qe)])
                ]
                quotes = [(position + qs, position + qe)]
                probe = DetectedQuote(text=continued, start=position + qs, end=position + qe)
                attributor.attribute(probe, sentences, quotes)
                running.speaker, running.affiliation = probe.speaker, probe.affiliation
                running.affiliation_name = probe.affiliation_name
            running = running if still_open else None
        elif spans or line.strip():
            running = None
        if line.strip():
            paragraph_start = previous_paragraph_start
            previous_paragraph_start = position
        if spans:
            quotes = [(position + qs, position + qe) for qs, qe in spans]
            sentences = [(position + s, position + e) for s, e in sentence_spans(line, all_spans)]
            for qs, qe in quotes:
                inner = _inner(text[qs:qe])
                quote = DetectedQuote(text=inner, start=qs, end=qe)
                quote.nested = [m[1] for m in _NESTED.finditer(inner)] or [
                    inner[a + 1 : b - 1] for a, b in find_quotations(inner)
                ]
                attributor.attribute(quote, sentences, quotes)
                previous = found[-1] if found else None
                if (
                    not quote.attributed
                    and quote.standalone
                    and previous is not None
                    and previous.speaker is not None
                    and previous.end >= paragraph_start
                ):
                    # '"…," Moreau said. "…"': a quotation that follows on continues its speaker.
                    quote.speaker, quote.affiliation = previous.speaker, previous.affiliation
                found.append(quote)
            qs, qe = spans[-1]
            if qe == len(line) and not _closes(line[qs:qe]):
                running, part_start = found[-1], found[-1].start
        position += len(line) + 1
    return found


def _closes(span: str) -> bool:
    return len(span.strip()) > 1 and span.strip()[-1] in '”"»’'


def _inner(span: str, *, trim: bool = True) -> str:
    """Return the quoted words of a span without its marks (and, with ``trim``, without the
    trailing punctuation that belongs to the sentence around it)."""
    inner = span.strip()
    inner = inner[1:] if inner[:1] in '“"«„‘' else inner
    inner = inner[:-1] if inner[-1:] in '”"»’' else inner
    return inner.strip().rstrip(".,;:").strip() if trim else inner.strip()


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _overlaps(a: str, b: str) -> bool:
    a, b = _folded(a), _folded(b)
    return bool(a and b) and (a in b or b in a)


@transaction.atomic
def article_citations_detect(
    *, article: Article, text: str, body_start: int, names: list[Name]
) -> list[Citation]:
    """Bring the article's suggested citations in line with the quotations in its text.

    A quotation new to the article becomes a suggested citation; a suggested one is updated
    with what the text now says of it, and dropped when its quotation is gone. What the
    journalist confirmed, edited or dismissed is kept as they left it (only its place in the
    text follows the quotation). Citations are then numbered in order of first appearance."""
    detected = detect_quotations(text, names, body_start=body_start)
    registry = {_folded(n.name): n.entity_id for n in names if n.entity_id is not None}
    existing = list(article.citations.select_for_update().order_by("id"))
    unclaimed = _Unclaimed([c for c in existing if c.kind == Citation.Kind.QUOTE])
    changed = False
    keep: list[Citation] = []
    created: list[Citation] = []
    for quote in detected:
        citation = unclaimed.same_quote(quote.text)
        if citation is None:
            # A citation the journalist took and then trimmed or completed is still this one.
            citation = unclaimed.reviewed_overlapping(quote.text)
        if citation is None:
            citation = Citation(article=article, kind=Citation.Kind.QUOTE, quote=quote.text)
            citation.review = Citation.Review.SUGGESTED
        else:
            unclaimed.claim(citation)
        before = _detected_fields(citation)
        citation.offset = quote.start
        if citation.review != Citation.Review.SUGGESTED:
            _link_named(citation, registry)
        if citation.review == Citation.Review.SUGGESTED:
            speaker, affiliation = quote.speaker, quote.affiliation
            citation.speaker_id = speaker.entity_id if speaker else None
            citation.speaker_name = speaker.name if speaker else ""
            citation.affiliation_id = affiliation.entity_id if affiliation else None
            citation.affiliation_name = affiliation.name if affiliation else quote.affiliation_name
        if citation.pk is None:
            created.append(citation)
        elif _detected_fields(citation) != before:
            citation.save()
            changed = True
        keep.append(citation)
    gone = {c.pk for c in unclaimed.left() if c.review == Citation.Review.SUGGESTED}
    if gone:
        Citation.objects.filter(pk__in=gone).delete()
        changed = True
    marked_at = _marker_offsets(article.body, text, body_start)
    kept = {c.pk for c in keep}
    for citation in existing:
        if citation.pk not in gone and citation.pk not in kept:
            # A source's place is that of the passage its footnote marks; a quotation no
            # longer in the text has none. Either way it is numbered where readers meet it.
            offset = marked_at.get(citation.pk) if citation.kind != Citation.Kind.QUOTE else None
            if citation.offset != offset:
                citation.offset = offset
                citation.save(update_fields=["offset", "updated_at"])
                changed = True
            keep.append(citation)
    renumbered = _number(keep)
    if created:
        # In one statement, numbered already: a long piece brings thousands (what save() does
        # first, done here).
        for citation in created:
            clean_text_fields(citation)
        Citation.objects.bulk_create(created)
        changed = True
    changed |= _store_numbers(renumbered)
    if changed:
        _touch(article)
    return sorted(keep, key=lambda c: c.number)


class _Unclaimed:
    """An article's stored quotations (in the order they were added) that no quotation of the
    text has claimed yet, looked up by their words: re-saving a piece with thousands of
    quotations compares each with its own, not with all of them."""

    def __init__(self, citations: list[Citation]):
        self.citations = citations
        self.claimed: set[int] = set()
        self.by_words: dict[str, deque[Citation]] = {}
        for citation in citations:
            self.by_words.setdefault(_folded(citation.quote), deque()).append(citation)
        self.reviewed = [c for c in citations if c.review != Citation.Review.SUGGESTED]

    def same_quote(self, words: str) -> Citation | None:
        """Return the first unclaimed citation of exactly these words (spacing and case aside)."""
        waiting = self.by_words.get(_folded(words))
        while waiting and waiting[0].pk in self.claimed:
            waiting.popleft()
        return waiting[0] if waiting else None

    def reviewed_overlapping(self, words: str) -> Citation | None:
        """Return the first unclaimed citation the journalist reviewed that these words contain
        or that contains them."""
        return next(
            (c for c in self.reviewed if c.pk not in self.claimed and _overlaps(c.quote, words)),
            None,
        )

    def claim(self, citation: Citation) -> None:
        self.claimed.add(citation.pk)

    def left(self) -> list[Citation]:
        return [c for c in self.citations if c.pk not in self.claimed]


def _marker_offsets(html: str, text: str, body_start: int) -> dict[int, int]:
    """Return where in ``text`` (the article's plain text) each footnote marker's passage first
    appears, by citation id, so sources are numbered in reading order with the quotations."""
    offsets: dict[int, int] = {}
    cursor = body_start
    for match in _MARKER.finditer(html or ""):
        passage = " ".join(unescape(strip_tags(match["passage"])).split())
        position = text.find(passage, cursor) if passage else -1
        if position < 0:
            continue
        offsets.setdefault(int(match["pk"]), position)
        cursor = position
    return offsets


def _link_named(citation: Citation, registry: dict[str, int]) -> None:
    """Link a taken citation's speaker and affiliation, kept as names, to registry entities
    that now carry those names (a suggestion accepted since)."""
    if citation.speaker_id is None and citation.speaker_name:
        citation.speaker_id = registry.get(_folded(citation.speaker_name))
    if citation.affiliation_id is None and citation.affiliation_name:
        citation.affiliation_id = registry.get(_folded(citation.affiliation_name))


def _detected_fields(citation: Citation) -> tuple:
    return (
        citation.offset,
        citation.speaker_id,
        citation.speaker_name,
        citation.affiliation_id,
        citation.affiliation_name,
    )


def _number(citations: list[Citation]) -> list[Citation]:
    """Number citations by where they appear (those not found in the text last, in the order
    they were added, new ones after stored ones); dismissed ones get no number. Return the
    stored citations whose number changed."""
    far = 10**9
    arrival = {id(c): index for index, c in enumerate(c for c in citations if c.pk is None)}

    def place(citation: Citation) -> tuple[int, int, int]:
        offset = citation.offset if citation.offset is not None else far
        if citation.pk is None:
            return (offset, 1, arrival[id(citation)])
        return (offset, 0, citation.pk)

    ordered = sorted((c for c in citations if c.review != Citation.Review.DISMISSED), key=place)
    numbers = {id(c): n for n, c in enumerate(ordered, start=1)}
    renumbered = []
    for citation in citations:
        number = numbers.get(id(citation), 0)
        if citation.number != number:
            citation.number = number
            if citation.pk is not None:
                renumbered.append(citation)
    return renumbered


def _renumber(citations: list[Citation]) -> bool:
    """Number stored citations afresh; return whether any number changed."""
    return _store_numbers(_number(citations))


def _store_numbers(renumbered: list[Citation]) -> bool:
    Citation.objects.bulk_update(renumbered, ["number"], batch_size=500)
    return bool(renumbered)


def _touch(article: Article) -> None:
    """Invalidate the piece's public pages (articles.caching) without marking it as updated for
    readers: what its Sources list shows has changed."""
    Article.objects.filter(pk=article.pk).update(body_html_changed_at=timezone.now())
    caching.article_pages_invalidate(article=article)
    # What the quote ledger counts follows the citations in the same transaction.
    ledger_piece_refresh(article=article)


# A footnote marker: a passage the journalist linked to one of the piece's citations.
_MARKER = re.compile(r'<a href="#citation-(?P<pk>\d+)"(?P<attrs>[^>]*)>(?P<passage>.*?)</a>', re.S)


def footnoted_body(html: str, citations: list[Citation]) -> tuple[str, set[int]]:
    """Return the body readers get with each footnote marker numbered and given an anchor to
    come back to, and the ids of the citations marked. A marker whose citation is not shown
    to readers (dismissed, unconfirmed, deleted) is reduced to its passage. ``html`` is
    already sanitised; only the markers' own tags are rewritten."""
    numbers = {citation.pk: citation.number for citation in citations}
    marked: set[int] = set()

    def number(match: re.Match) -> str:
        pk = int(match["pk"])
        if pk not in numbers:
            return match["passage"]
        anchor = f"citation-ref-{pk}" if pk not in marked else ""
        marked.add(pk)
        id_attribute = f' id="{anchor}"' if anchor else ""
        return (
            f'<span class="footnote-passage"{id_attribute}>{match["passage"]}</span>'
            f'<sup class="footnote-ref"><a href="#citation-{pk}" '
            f'aria-label="{_("Source")} {numbers[pk]}">{numbers[pk]}</a></sup>'
        )

    return _MARKER.sub(number, html or ""), marked


class CitationError(Exception):
    """A change to a citation that may not be made; the message says why."""


def blocking_citations(article: Article) -> list[Citation]:
    """Return the citations that keep ``article`` from approval and publication: every
    quotation not yet confirmed by the journalist, and every citation not verified."""
    return list(
        article.citations.exclude(review=Citation.Review.DISMISSED)
        .filter(~Q(review=Citation.Review.CONFIRMED) | ~Q(verification="verified"))
        .select_related("speaker", "affiliation")
        .order_by("number", "id")
    )


def describe_blocking(citation: Citation) -> str:
    """Say in a few words why ``citation`` blocks publication."""
    what = f"“{citation.quote}”" if citation.quote else (citation.source_title or citation.url)
    if citation.review == Citation.Review.SUGGESTED:
        if not citation.is_attributed:
            return _("%(what)s has no attribution") % {"what": what}
        return _("%(what)s is not yet confirmed") % {"what": what}
    if citation.verification == Citation.Verification.DISPUTED:
        return _("%(what)s is disputed") % {"what": what}
    return _("%(what)s is not verified") % {"what": what}


def citation_problems(citation: Citation) -> dict[str, str]:
    """Return what is wrong with ``citation``'s review and verification, by field: the rules
    the services enforce, for forms to show before anything is saved."""
    problems = {}
    confirmed = citation.review == Citation.Review.CONFIRMED
    if confirmed and citation.kind == Citation.Kind.QUOTE and not citation.is_attributed:
        problems["review"] = _(
            "Say who said “%(quote)s” (a speaker or an organisation) before confirming it."
        ) % {"quote": citation.quote}
    if citation.kind == Citation.Kind.QUOTE and not citation.quote.strip():
        problems["quote"] = _("A quotation needs the quoted words.")
    if citation.kind != Citation.Kind.QUOTE and not (citation.source_title or citation.url):
        problems["source_title"] = _("Give the source's title or its address.")
    if citation.verification != Citation.Verification.UNVERIFIED:
        if citation.review != Citation.Review.CONFIRMED:
            problems["verification"] = _("Confirm the citation before verifying it.")
        elif (
            citation.verification == Citation.Verification.DISPUTED
            and not citation.verification_note.strip()
        ):
            problems["verification_note"] = _("Say what is disputed about this citation.")
    return problems


# Editing any of these changes what was checked against the source: verification starts over.
VERIFIED_FIELDS = (
    "quote",
    "speaker_id",
    "speaker_name",
    "affiliation_id",
    "affiliation_name",
    "url",
)


@transaction.atomic
def citation_save(
    *, citation: Citation, by: User | None, verification_changed: bool = False
) -> Citation:
    """Save a citation the journalist added or edited, then renumber the article's citations.
    A changed verification is recorded as ``by``'s (see ``citation_verify``). An edit of the
    quoted words, speaker, affiliation or address of a verified or disputed citation sets it
    back to unverified, and the piece's timeline records who edited what."""
    _refuse_problems(citation)
    if verification_changed and not roles.is_editor(by):
        raise CitationError(_("Only an editor can verify citations."))
    citation.full_clean(exclude=["article", "speaker", "affiliation"])
    if not verification_changed:
        _reset_verification_if_edited(citation, by)
    if verification_changed:
        state = citation.verification
        citation.verified_by = by if state != Citation.Verification.UNVERIFIED else None
        citation.verified_at = timezone.now() if state != Citation.Verification.UNVERIFIED else None
    citation.save()
    _renumber(list(citation.article.citations.all()))
    _touch(citation.article)
    source_watch(citation=citation)
    return citation


def _reset_verification_if_edited(citation: Citation, by: User | None) -> None:
    if citation.pk is None:
        return
    stored = (
        Citation.objects.filter(pk=citation.pk).values(*VERIFIED_FIELDS, "verification").first()
    )
    if stored is None or stored["verification"] == Citation.Verification.UNVERIFIED:
        return
    edited = [name for name in VERIFIED_FIELDS if getattr(citation, name) != stored[name]]
    if not edited:
        return
    citation.verification = Citation.Verification.UNVERIFIED
    citation.verified_by = None
    citation.verified_at = None
    what = f"“{citation.quote}”" if citation.quote else (citation.source_title or citation.url)
    fields = ", ".join(
        str(Citation._meta.get_field(name.removesuffix("_id")).verbose_name) for name in edited
    )
    who = (by.get_username() if by else "") or _("A system job")
    article = citation.article
    Transition.objects.create(
        article=article,
        actor=by,
        from_state=article.status,
        to_state=article.status,
        comment=_(
            "%(who)s edited citation %(what)s (%(fields)s): it was %(state)s and must be "
            "verified again."
        )
        % {"who": who, "what": what, "fields": fields, "state": stored["verification"]},
    )


def _refuse_problems(citation: Citation, **changes) -> None:
    """Apply ``changes`` to ``citation`` if ``citation_problems`` finds nothing wrong with the
    result; else leave it as it was and raise CitationError saying what is wrong."""
    before = {name: getattr(citation, name) for name in changes}
    for name, value in changes.items():
        setattr(citation, name, value)
    problems = citation_problems(citation)
    if problems:
        for name, value in before.items():
            setattr(citation, name, value)
        raise CitationError(" ".join(problems.values()))


@transaction.atomic
def citation_delete(*, citation: Citation, by: User | None) -> None:
    """Remove a citation the journalist added by hand (a detected quotation comes back on the
    next save while it is in the text: dismiss it instead)."""
    article = citation.article
    citation.delete()
    _renumber(list(article.citations.all()))
    _touch(article)


@transaction.atomic
def citation_confirm(*, citation: Citation, by: User | None) -> Citation:
    """The journalist accepts a suggested citation (as it is or after editing it)."""
    _refuse_problems(citation, review=Citation.Review.CONFIRMED)
    citation.save(update_fields=["review", "updated_at"])
    _touch(citation.article)
    source_watch(citation=citation)
    return citation


@transaction.atomic
def citation_dismiss(*, citation: Citation, by: User | None) -> Citation:
    """The journalist says a suggested quotation is not one (a title, a scare quote): it no
    longer needs a citation and is not suggested again."""
    citation.review = Citation.Review.DISMISSED
    citation.save(update_fields=["review", "updated_at"])
    _renumber(list(citation.article.citations.all()))
    _touch(citation.article)
    return citation


@transaction.atomic
def citation_verify(
    *, citation: Citation, by: User | None, state: str = "verified", note: str = ""
) -> Citation:
    """Record that ``by`` (an editor: verification is what lets a piece through the
    publishing gate) checked the citation against its source: verified or disputed."""
    if not roles.is_editor(by):
        raise CitationError(_("Only an editor can verify citations."))
    if state not in Citation.Verification.values:
        raise CitationError(_("Unknown verification state: %(state)s.") % {"state": state})
    _refuse_problems(citation, verification=state, verification_note=note.strip())
    citation.verified_by = by if state != Citation.Verification.UNVERIFIED else None
    citation.verified_at = timezone.now() if state != Citation.Verification.UNVERIFIED else None
    citation.save(
        update_fields=[
            "verification",
            "verification_note",
            "verified_by",
            "verified_at",
            "updated_at",
        ]
    )
    return citation
