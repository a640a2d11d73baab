"""The article side of named entities: mentions, linked body and suggestions, computed when an
article's text is saved or when the registry changes, and stored so reading never repeats them.

An article's text, as recognition and discovery see it, is its headline, standfirst and body
(as plain text) separated by blank lines; ``Mention.first_offset`` is an offset into it.
"""

import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from html.parser import HTMLParser

import ahocorasick
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from articles import caching
from articles.citations import Name, article_citations_detect
from articles.ledger import ledger_entities_refresh
from articles.models import Article, Citation, Mention, MentionOverride, SuggestionSighting
from people.entities.discovery import Candidate, discover
from people.entities.names import strip_diacritics
from people.entities.recognition import Match, registry_recognizer, surname_of
from people.entities.registry import (
    blocked_name_keys,
    entity_merge,
    entity_merge_undo,
    suggestion_accept,
)
from people.hygiene import clean_text_fields
from people.models import Entity, EntityMerge, EntitySuggestion, suggestion_key

SEPARATOR = "\n\n"
# Elements whose edges separate words, so "</p><p>" never glues two names together.
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCK_TAGS = {"p", "li", "ul", "ol", "blockquote", "hr", *_HEADING_TAGS}
ENTITY_LINK_CLASS = "entity-link"
RELINK_CHUNK = 200


@dataclass(frozen=True)
class LinkResult:
    """What linking an article found: its mentions and the suggestions it sighted."""

    mentions: list[Mention]
    suggestions: list[EntitySuggestion]


class _BodyParser(HTMLParser):
    """Splits sanitized body HTML into tags and text nodes, keeping each tag as written."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, self.get_starttag_text() or f"<{tag}>"))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("startend", tag, self.get_starttag_text() or f"<{tag}>"))

    def handle_endtag(self, tag):
        self.events.append(("end", tag, f"</{tag}>"))

    def handle_data(self, data):
        self.events.append(("data", "", unicodedata.normalize("NFC", data)))


@dataclass
class _Body:
    events: list[tuple[str, str, str]]
    text: str
    nodes: list[tuple[int, int, bool]]  # (event index, offset in text, inside a link)
    headings: list[tuple[int, int]]  # spans of text inside subheadings


def _parse_body(html: str) -> _Body:
    parser = _BodyParser()
    parser.feed(html or "")
    parser.close()
    pieces: list[str] = []
    nodes: list[tuple[int, int, bool]] = []
    headings: list[tuple[int, int]] = []
    position = 0
    link_depth = heading_depth = 0
    for index, (kind, tag, value) in enumerate(parser.events):
        if kind == "data":
            nodes.append((index, position, link_depth > 0))
            if heading_depth:
                headings.append((position, position + len(value)))
            pieces.append(value)
            position += len(value)
            continue
        step = 1 if kind == "start" else -1 if kind == "end" else 0
        if tag == "a":
            link_depth += step
        elif tag in _HEADING_TAGS:
            heading_depth = max(0, heading_depth + step)
        if tag in _BLOCK_TAGS or tag == "br":
            pieces.append("\n")
            position += 1
    return _Body(parser.events, "".join(pieces), nodes, headings)


@dataclass(frozen=True)
class ArticleText:
    text: str
    headline_end: int
    body_start: int
    headings: list[tuple[int, int]]  # subheadings' spans in ``text``


def _compose(article: Article, body: _Body) -> ArticleText:
    headline = unicodedata.normalize("NFC", article.title or "")
    dek = unicodedata.normalize("NFC", article.dek or "")
    prefix = f"{headline}{SEPARATOR}{dek}{SEPARATOR}"
    offset = len(prefix)
    headings = [(start + offset, end + offset) for start, end in body.headings]
    return ArticleText(prefix + body.text, len(headline), offset, headings)


def article_text(article: Article) -> str:
    """Return the plain text in which the article's mentions are found and counted."""
    return _compose(article, _parse_body(article.body)).text


def _link_body(body: _Body, matches: list[Match], body_start: int, urls: dict[int, str]) -> str:
    """Return the body HTML with the first linkable mention of each entity wrapped in a link
    to the entity's page. A mention split by formatting or already inside a link is skipped
    in favour of the entity's next one."""
    insertions: dict[int, list[tuple[int, int, str]]] = {}
    linked: set[int] = set()
    node_index = 0
    for match in matches if body.nodes else []:
        if match.entity_id in linked or match.entity_id not in urls or match.start < body_start:
            continue
        start, end = match.start - body_start, match.end - body_start
        while node_index < len(body.nodes) - 1 and body.nodes[node_index + 1][1] <= start:
            node_index += 1
        event_index, node_start, in_link = body.nodes[node_index]
        node_text = body.events[event_index][2]
        if in_link or start < node_start or end > node_start + len(node_text):
            continue
        insertions.setdefault(event_index, []).append(
            (start - node_start, end - node_start, urls[match.entity_id])
        )
        linked.add(match.entity_id)

    out: list[str] = []
    for index, (kind, _tag, value) in enumerate(body.events):
        if kind != "data":
            out.append(value)
            continue
        cursor = 0
        for start, end, url in insertions.get(index, []):
            out.append(escape(value[cursor:start], quote=False))
            out.append(
                f'<a href="{escape(url)}" class="{ENTITY_LINK_CLASS}">'
                f"{escape(value[start:end], quote=False)}</a>"
            )
            cursor = end
        out.append(escape(value[cursor:], quote=False))
    return "".join(out)


@dataclass
class _Analysis:
    composed: ArticleText
    body: _Body
    matches: list[Match]
    entities: dict[int, Entity]
    candidates: list[Candidate]


def _analyse(article: Article) -> _Analysis:
    """Find the registry's names and the new names proposed in the article's text as the
    article object holds it (saved or not)."""
    body = _parse_body(article.body)
    composed = _compose(article, body)
    recognizer = registry_recognizer()
    found = recognizer.find(composed.text)
    # The journalist's decisions for this piece apply to links; discovery still knows every
    # registry name found, so a name removed from the piece is not suggested anew.
    matches = _decided(article, found)
    entities = Entity.objects.in_bulk({match.entity_id for match in matches})
    candidates = discover(
        composed.text,
        known=found,
        known_surnames=recognizer.surname_keys,
        headline_end=composed.headline_end,
        headings=composed.headings,
        blocked=blocked_name_keys(),
        exclude_names=article.authors.values_list("name", flat=True),
    )
    return _Analysis(composed, body, matches, entities, candidates)


def _detect_citations(article: Article, analysis: _Analysis) -> None:
    composed = analysis.composed
    article_citations_detect(
        article=article,
        text=composed.text,
        body_start=composed.body_start,
        names=_names(composed.text, analysis.matches, analysis.entities, analysis.candidates),
    )


@transaction.atomic
def article_link_entities(*, article: Article) -> LinkResult:
    """Recompute the article's mentions, its linked body and the suggestions it gives rise to,
    in one transaction. Called whenever the article's text is saved and whenever a registry
    change may affect it."""
    analysis = _analyse(article)
    matches, entities = analysis.matches, analysis.entities
    counts = Counter(match.entity_id for match in matches)
    first_offsets: dict[int, int] = {}
    for match in matches:
        first_offsets.setdefault(match.entity_id, match.start)
    previously_named = set(
        Mention.objects.filter(article=article).values_list("entity_id", flat=True)
    )
    Mention.objects.filter(article=article).delete()
    mentions = Mention.objects.bulk_create(
        Mention(
            article=article,
            entity=entities[entity_id],
            count=counts[entity_id],
            first_offset=first_offsets[entity_id],
        )
        for entity_id in sorted(first_offsets, key=first_offsets.get)
        if entity_id in entities
    )

    urls = {entity_id: entity.get_absolute_url() for entity_id, entity in entities.items()}
    body_html = _link_body(
        analysis.body,
        [m for m in matches if m.entity_id in entities],
        analysis.composed.body_start,
        urls,
    )
    # Stamped only when the links change, so that public pages cached before are refreshed
    # (articles.caching) without the piece counting as updated for readers.
    relinked = (
        Article.objects.filter(pk=article.pk)
        .exclude(body_html=body_html)
        .update(body_html=body_html, body_html_changed_at=timezone.now())
    )
    article.body_html = body_html
    if relinked or previously_named != set(entities):
        # What readers see of the piece, and the entity pages that list it, have changed.
        caching.article_pages_invalidate(
            article=article,
            previous={caching.entity_pieces(pk) for pk in previously_named},
        )
    suggestions = _record_suggestions(article, analysis.candidates)
    _detect_citations(article, analysis)
    return LinkResult(mentions=mentions, suggestions=suggestions)


@transaction.atomic
def article_pending_citations_detect(*, article: Article) -> None:
    """Bring the article's citations in line with the text ``article`` holds in memory: the
    pending changes of a live piece, whose quotations the desk confirms and verifies before
    the update goes out. Mentions and the linked body stay those of the live text."""
    _detect_citations(article, _analyse(article))


def _decided(article: Article, matches: list[Match]) -> list[Match]:
    """Apply the journalist's decisions for this piece (MentionOverride): matches of an entity
    they removed are dropped, those they re-pointed go to the entity they chose."""
    if article.pk is None:
        return matches
    decisions = dict(article.mention_overrides.values_list("entity_id", "replacement_id"))
    if not decisions:
        return matches
    return [
        match._replace(entity_id=decisions[match.entity_id])
        if match.entity_id in decisions
        else match
        for match in matches
        if decisions.get(match.entity_id, match.entity_id) is not None
    ]


@transaction.atomic
def mention_override_set(
    *, article: Article, entity: Entity, replacement: Entity | None, by
) -> LinkResult:
    """Record that in ``article`` the names found for ``entity`` are not to be linked
    (``replacement`` None) or are to be linked to ``replacement``; the decision holds on every
    later save and relink. Re-links the article now and returns the result."""
    if replacement is not None and replacement.pk == entity.pk:
        MentionOverride.objects.filter(article=article, entity=entity).delete()
    else:
        MentionOverride.objects.update_or_create(
            article=article,
            entity=entity,
            defaults={"replacement": replacement, "created_by": by, "created_at": timezone.now()},
        )
    return article_link_entities(article=article)


@transaction.atomic
def mention_override_clear(*, article: Article, entity: Entity, by) -> LinkResult:
    """Forget the decision about ``entity`` in ``article``: recognition decides again."""
    MentionOverride.objects.filter(article=article, entity=entity).delete()
    return article_link_entities(article=article)


def _names(
    text: str, matches: list[Match], entities: dict[int, Entity], candidates: list[Candidate]
) -> list[Name]:
    """Return every registry mention and every occurrence of a name discovery proposes, with
    its kind, for citations to tell speakers and organisations from other words."""
    names = [
        Name(m.start, m.end, entities[m.entity_id].name, entities[m.entity_id].kind, m.entity_id)
        for m in matches
        if m.entity_id in entities
    ]
    # The characters already claimed, one byte each: a claim costs the name's length, where a
    # sorted list of spans costs a shift of the list on every claim in the middle of the text.
    claimed = bytearray(len(text))
    for name in names:
        claimed[name.start : name.end] = b"\x01" * (name.end - name.start)
    # Every spelling of every candidate is found in one pass over the text; hits are then taken
    # in the order the candidates come (longest spelling first, earliest first), the first to
    # claim a stretch of text keeping it, so the cost follows the text, not names × text.
    automaton = ahocorasick.Automaton()
    order: dict[str, list[tuple[int, int]]] = {}
    for index, candidate in enumerate(candidates):
        if candidate.entity_id is not None:
            continue
        spellings = sorted(candidate.names, key=len, reverse=True)
        surname = surname_of(candidate.name) if candidate.kind == Entity.Kind.PERSON else None
        if surname:
            # "Badi said" after "Emadeddin Badi" was named: as recognition does for the registry.
            spellings.append(surname)
        for rank, spelling in enumerate(spellings):
            if spelling:
                order.setdefault(spelling, []).append((index, rank))
    if not order:
        return sorted(names, key=lambda n: n.start)
    claimants = {spelling: _Claimants(entries, candidates) for spelling, entries in order.items()}
    for spelling in order:
        automaton.add_word(spelling, spelling)
    automaton.make_automaton()
    hits = []
    for last, spelling in automaton.iter(text):
        start, end = last - len(spelling) + 1, last + 1
        if _is_word_char(text, start - 1) or _is_word_char(text, end):
            continue
        # Of the candidates spelt so from here on, only the first in order can claim this
        # stretch (those after it find it claimed, or as blocked as it was).
        first = claimants[spelling].first_at(start)
        if first is not None:
            hits.append((*first, start, end))
    hits.sort()
    for index, _rank, start, end in hits:
        if any(claimed[start:end]):
            continue
        candidate = candidates[index]
        names.append(Name(start, end, candidate.name, candidate.kind))
        claimed[start:end] = b"\x01" * (end - start)
    return sorted(names, key=lambda n: n.start)


class _Claimants:
    """The candidates (index, rank) sharing one spelling, in candidate order, answering "which
    is the first of them whose text has begun at ``position``" in logarithmic time: a surname
    many candidates share must not cost all of them at each of its occurrences."""

    def __init__(self, entries: list[tuple[int, int]], candidates: list[Candidate]):
        by_offset = sorted(
            (max(candidates[index].first_offset, 0), order)
            for order, (index, _rank) in enumerate(entries)
        )
        self.offsets = [offset for offset, _order in by_offset]
        self.firsts: list[tuple[int, int]] = []
        first = len(entries)
        for _offset, order in by_offset:
            first = min(first, order)
            self.firsts.append(entries[first])

    def first_at(self, position: int) -> tuple[int, int] | None:
        begun = bisect_right(self.offsets, position)
        return self.firsts[begun - 1] if begun else None


def _is_word_char(text: str, index: int) -> bool:
    """Return whether ``text[index]`` exists and is what a regular expression's \\w matches."""
    if not 0 <= index < len(text):
        return False
    char = text[index]
    return char.isalnum() or char == "_"


def _record_suggestions(article: Article, candidates: list[Candidate]) -> list[EntitySuggestion]:
    previous = set(article.suggestion_sightings.values_list("suggestion_id", flat=True))
    SuggestionSighting.objects.filter(article=article).delete()
    by_key = {suggestion_key(c.name, entity_id=c.entity_id): c for c in candidates}
    existing = {s.key: s for s in EntitySuggestion.objects.filter(key__in=list(by_key))}
    existing.update(_suggestions_create([c for k, c in by_key.items() if k not in existing]))
    suggestions, sightings = [], []
    for key, candidate in by_key.items():
        suggestion = existing.get(key)
        if suggestion is None:  # a key stored otherwise than save() folds it: one at a time
            suggestion, _created = EntitySuggestion.objects.get_or_create(
                key=key,
                defaults={
                    "name": candidate.name,
                    "kind": candidate.kind,
                    "aliases": candidate.aliases,
                    "entity_id": candidate.entity_id,
                    "context": candidate.context[:300],
                },
            )
        if suggestion.status != EntitySuggestion.Status.PENDING:
            continue
        suggestions.append(suggestion)
        sightings.append(
            SuggestionSighting(
                article=article,
                suggestion=suggestion,
                count=candidate.count,
                first_offset=candidate.first_offset,
            )
        )
    SuggestionSighting.objects.bulk_create(sightings)
    # A pending suggestion that no article shows any more has nothing left to suggest.
    EntitySuggestion.objects.filter(
        pk__in=previous, status=EntitySuggestion.Status.PENDING, sightings__isnull=True
    ).delete()
    return suggestions


def _suggestions_create(candidates: list[Candidate]) -> dict[str, EntitySuggestion]:
    """Store the names no suggestion holds yet in one statement (a 1 MB piece proposes a
    thousand) and return them by key; a name another save stored meanwhile is left as it is."""
    if not candidates:
        return {}
    new = []
    for candidate in candidates:
        suggestion = EntitySuggestion(
            name=" ".join(candidate.name.split()),
            kind=candidate.kind,
            aliases=candidate.aliases,
            entity_id=candidate.entity_id,
            context=candidate.context[:300],
        )
        # What EntitySuggestion.save() does before it stores a row, which bulk_create skips.
        suggestion.key = suggestion_key(suggestion.name, entity_id=suggestion.entity_id)
        clean_text_fields(suggestion)
        new.append(suggestion)
    EntitySuggestion.objects.bulk_create(new, ignore_conflicts=True)
    keys = [suggestion.key for suggestion in new]
    return {s.key: s for s in EntitySuggestion.objects.filter(key__in=keys)}


def articles_relink(*, articles: QuerySet[Article]) -> int:
    """Re-link each of ``articles`` (each in its own transaction unless the caller holds one);
    return how many were re-linked. The ids are read first because re-linking rewrites the
    mentions a filter on the queryset may depend on."""
    ids = list(articles.order_by().values_list("pk", flat=True).distinct())
    for start in range(0, len(ids), RELINK_CHUNK):
        chunk = Article.objects.filter(pk__in=ids[start : start + RELINK_CHUNK]).order_by("pk")
        for article in chunk:
            article_link_entities(article=article)
    return len(ids)


def articles_naming(names: Iterable[str]) -> QuerySet[Article]:
    """Return the articles whose text may contain one of ``names`` (a cheap superset that
    re-linking then settles exactly)."""
    condition = Q()
    for name in {n for raw in names for n in (raw, strip_diacritics(raw)) if n.strip()}:
        condition |= Q(title__icontains=name) | Q(dek__icontains=name) | Q(body__icontains=name)
    if not condition:
        return Article.objects.none()
    return Article.objects.filter(condition)


def _entity_names(entity: Entity) -> list[str]:
    return [entity.name, *entity.aliases.values_list("name", flat=True)]


def _relink_later(ids: Iterable[int], label: str, by) -> int:
    """Queue the re-linking of the articles ``ids`` as one background job and return how many
    there are, for the admin to say "re-linking N pieces" at once."""
    from articles.tasks import articles_relink_enqueue

    ids = sorted(set(ids))
    if ids:
        articles_relink_enqueue(article_ids=ids, label=label, by=by)
    return len(ids)


@transaction.atomic
def entity_relink(*, entity: Entity, previous_article_ids: Iterable[int] = (), by=None) -> int:
    """Queue the re-linking of every article an entity's names or aliases may touch (after an
    edit), plus the articles that mentioned it before; return how many are queued."""
    ids = set(previous_article_ids)
    ids |= set(Mention.objects.filter(entity=entity).values_list("article_id", flat=True))
    ids |= set(articles_naming(_entity_names(entity)).values_list("pk", flat=True))
    caching.entity_pages_invalidate(entity_id=entity.pk)
    # The ledger groups by the entity's name and type: its quotations follow an edit now.
    ledger_entities_refresh(entity_ids=[entity.pk])
    return _relink_later(ids, f"Re-link the pieces naming “{entity.name}”", by)


def entity_mentioning_article_ids(entity: Entity) -> set[int]:
    """Return the ids of the articles that mention ``entity`` now."""
    return set(Mention.objects.filter(entity=entity).values_list("article_id", flat=True))


@transaction.atomic
def entity_delete_and_relink(*, entity: Entity, by=None) -> int:
    """Delete an entity and queue the re-linking of the articles that linked to it; return how
    many are queued."""
    ids = entity_mentioning_article_ids(entity)
    caching.entity_pages_invalidate(entity_id=entity.pk)
    name, pk = entity.name, entity.pk
    entity.delete()
    ledger_entities_refresh(entity_ids=[pk])
    return _relink_later(ids, f"Re-link the pieces that named “{name}” (deleted)", by)


@transaction.atomic
def entity_merge_and_relink(*, source: Entity, target: Entity, by=None) -> tuple[Entity, int]:
    """Merge ``source`` into ``target`` (see people.entities.registry.entity_merge): the
    quotations it spoke or was the affiliation of move to ``target``, the merge is recorded so it
    can be undone, and the re-linking of the articles that mentioned ``source`` is queued.
    Return the target and how many articles are queued."""
    ids = entity_mentioning_article_ids(source)
    caching.entity_pages_invalidate(entity_id=source.pk)
    caching.entity_pages_invalidate(entity_id=target.pk)
    label = f"Re-link the pieces naming “{source.name}” (merged into “{target.name}”)"
    moved = {
        "speaker_of": list(Citation.objects.filter(speaker=source).values_list("pk", flat=True)),
        "affiliation_of": list(
            Citation.objects.filter(affiliation=source).values_list("pk", flat=True)
        ),
    }
    Citation.objects.filter(pk__in=moved["speaker_of"]).update(speaker=target)
    Citation.objects.filter(pk__in=moved["affiliation_of"]).update(affiliation=target)
    source_id = source.pk
    target = entity_merge(source=source, target=target, by=by, moved=moved)
    ledger_entities_refresh(entity_ids=[source_id, target.pk])
    return target, _relink_later(ids, label, by)


@transaction.atomic
def entity_merge_undo_and_relink(*, merge: EntityMerge, by=None) -> tuple[Entity, int]:
    """Undo a merge (see people.entities.registry.entity_merge_undo): the old entity is back at
    its old address, the quotations that moved go back to it, and the re-linking of the
    articles that mention the kept entity or the old one's names is queued. Return the
    restored entity and how many articles are queued."""
    survivor = merge.survivor
    restored = entity_merge_undo(merge=merge, by=by)
    moved = merge.snapshot.get("moved", {})
    Citation.objects.filter(pk__in=moved.get("speaker_of", []), speaker=survivor).update(
        speaker=restored
    )
    Citation.objects.filter(pk__in=moved.get("affiliation_of", []), affiliation=survivor).update(
        affiliation=restored
    )
    ledger_entities_refresh(entity_ids=[survivor.pk, restored.pk])
    ids = entity_mentioning_article_ids(survivor)
    ids |= set(articles_naming(_entity_names(restored)).values_list("pk", flat=True))
    label = f"Re-link the pieces naming “{restored.name}” (merge into “{survivor.name}” undone)"
    return restored, _relink_later(ids, label, by)


@transaction.atomic
def suggestion_accept_and_relink(*, suggestion: EntitySuggestion, by=None) -> tuple[Entity, int]:
    """Accept a suggestion (see
    people.entities.registry.suggestion_accept) and queue the re-linking of
    the articles that showed it or may name it; return the entity and how many are queued."""
    ids = set(suggestion.sightings.values_list("article_id", flat=True))
    ids |= set(articles_naming(suggestion.names).values_list("pk", flat=True))
    entity = suggestion_accept(suggestion=suggestion)
    return entity, _relink_later(ids, f"Re-link the pieces naming “{entity.name}” (accepted)", by)


def _entities_named_most(mentions: QuerySet, *, limit: int, count_as: str) -> list[Entity]:
    """Return the ``limit`` entities with the most of ``mentions``, most first, each with the
    count in ``count_as``. The narrow mention rows are counted (one per piece and entity, so a
    plain count is the number of pieces) and only the winners' names are read: grouping whole
    entity rows sorted every mention, wide (3,000 rows, 11 ms, on the most named entity's page
    of a 100,000-piece archive)."""
    top = dict(
        mentions.values("entity_id")
        .annotate(pieces=Count("article_id"))
        .order_by("-pieces", "entity_id")
        .values_list("entity_id", "pieces")[:limit]
    )
    entities = list(Entity.objects.only("name", "slug", "kind").filter(pk__in=top))
    for entity in entities:
        setattr(entity, count_as, top[entity.pk])
    return sorted(entities, key=lambda entity: (-top[entity.pk], entity.name))


def entities_named_alongside(entity: Entity, pieces: QuerySet, *, limit: int) -> list[Entity]:
    """Return the entities named in the most of ``pieces`` (the pk values of pieces that name
    ``entity``), most first (each with ``shared_articles``, how many), in two queries: the
    entity page's "often mentioned with" list."""
    mentions = Mention.objects.filter(article__in=pieces).exclude(entity=entity)
    return _entities_named_most(mentions, limit=limit, count_as="shared_articles")


def most_mentioned_entities(*, since: datetime, limit: int) -> list[Entity]:
    """Return the entities named in the most pieces published since ``since``, most first (each
    with ``pieces``, how many), in two queries: the front page's "most mentioned" list."""
    recent = Article.objects.published().filter(first_published_at__gte=since).values("pk")
    mentions = Mention.objects.filter(article__in=recent)
    return _entities_named_most(mentions, limit=limit, count_as="pieces")
