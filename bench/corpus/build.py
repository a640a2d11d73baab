"""Build the development corpus of real news for bench/recognition_quality.py.

Source: the news excerpts ("n…" documents) of UNER English-PUD, the Universal NER gold
annotation (persons, organisations, locations) of the English Parallel Universal Dependencies
treebank, whose sentences come from published news articles. Licence: CC BY-SA 3.0 (UNER's
annotation; the PUD text is CC BY-SA 4.0). Quotation gold (speaker and affiliation) is ours,
hand-made, in quote_annotations.json, under the same licence.

Run with the path to a copy of the UNER file (nothing is downloaded):

    python bench/corpus/build.py /path/to/UNER_English-PUD/en_pud-ud-test.iob2

It writes bench/corpus/pud-news/<doc>.txt (one paragraph, the excerpt's sentences in order),
<doc>.gold.json in the seed's schema (entities with type, the spellings used in the text and
mention counts; citations with speaker and affiliation) and SOURCES.json (each document's
source, licence and sentence ids). The output is committed; this script documents and
reproduces it.
"""

import json
import re
import sys
from collections import OrderedDict
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "pud-news"
SOURCE = {
    "corpus": "UNER English-PUD (Universal NER v1), news part",
    "repository": "https://github.com/UniversalNER/UNER_English-PUD",
    "file": "en_pud-ud-test.iob2",
    "based_on": "https://github.com/UniversalDependencies/UD_English-PUD",
    "licence": "CC BY-SA 3.0 (annotation); CC BY-SA 4.0 (text)",
    "licence_url": "https://creativecommons.org/licenses/by-sa/3.0/",
}
KINDS = {"PER": "person", "ORG": "organization", "LOC": "place"}
_NO_SPACE_BEFORE = re.compile(r"^[.,;:!?%)\]}”’]|^'s$|^n't$")


def read_documents(path: Path) -> "OrderedDict[str, list[dict]]":
    """Return {doc id: [sentence]}, each sentence {"id", "text", "tokens": [(word, tag)]}."""
    documents: OrderedDict[str, list[dict]] = OrderedDict()
    current = None
    sentence = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc id = "):
            current = documents.setdefault(line.split("=", 1)[1].strip(), [])
        elif line.startswith("# sent_id = "):
            sentence = {"id": line.split("=", 1)[1].strip(), "text": "", "tokens": []}
            current.append(sentence)
        elif line.startswith("# text = "):
            sentence["text"] = line.split("=", 1)[1].strip()
        elif line and not line.startswith("#"):
            columns = line.split("\t")
            sentence["tokens"].append((columns[1], columns[2]))
    return documents


def entities_of(sentence: dict) -> list[tuple[str, str]]:
    """Return the sentence's gold names as (text as written, kind), found in its text."""
    spans, words, tag = [], [], None
    for word, label in [*sentence["tokens"], ("", "O")]:
        if label.startswith("I-") and words:
            words.append(word)
            continue
        if words:
            spans.append((words, tag))
        words, tag = ([word], label[2:]) if label.startswith("B-") else ([], None)
    found = []
    for words, tag in spans:
        if tag not in KINDS:
            continue
        # The text keeps the original spacing ("U.S.", "Trump’s"): match the words loosely.
        pattern = r"\s*".join(re.escape(w) for w in words)
        match = re.search(pattern, sentence["text"])
        name = match[0] if match else " ".join(words)
        found.append((name, KINDS[tag]))
    return found


def gold_entities(names: list[tuple[str, str]]) -> list[dict]:
    """Group the names of a document into entities: one per name, a lone surname or given
    name joining the person named in full ("Trump" with "Donald Trump")."""
    entities: OrderedDict[str, dict] = OrderedDict()
    for name, kind in names:
        key = name.casefold()
        entity = entities.get(key)
        if entity is None:
            entity = entities[key] = {
                "name": name,
                "type": kind,
                "aliases_in_text": [name],
                "mentions": 0,
            }
        entity["mentions"] += 1
    people = [e for e in entities.values() if e["type"] == "person" and " " in e["name"]]
    for key, entity in list(entities.items()):
        if entity["type"] != "person" or " " in entity["name"]:
            continue
        full = next(
            (p for p in people if entity["name"] in p["name"].split()),
            None,
        )
        if full is not None:
            full["aliases_in_text"].append(entity["name"])
            full["mentions"] += entity["mentions"]
            del entities[key]
    for entity in entities.values():
        entity["aliases_in_text"] = sorted(set(entity["aliases_in_text"]))
    return list(entities.values())


_OPEN_CLOSE = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»"}


def quotation_from_prefix(text: str, prefix: str) -> str:
    """Return the whole quotation that starts with ``prefix`` (without its marks)."""
    start = text.index(prefix)
    opener = text[start - 1] if start else '"'
    closer = _OPEN_CLOSE.get(opener, '"')
    end = text.find(closer, start + len(prefix) - 1)
    inner = text[start : end if end >= 0 else len(text)]
    return inner.strip().rstrip(".,;:").strip()


def main(path: str) -> None:
    documents = read_documents(Path(path))
    annotations = json.loads((HERE / "quote_annotations.json").read_text(encoding="utf-8"))
    OUT.mkdir(exist_ok=True)
    sources = {"source": SOURCE, "documents": {}}
    for doc_id, sentences in documents.items():
        if not doc_id.startswith("n"):
            continue  # the "w" documents are from Wikipedia, not news
        text = " ".join(s["text"] for s in sentences)
        names = [name for s in sentences for name in entities_of(s)]
        citations = [
            {
                "quote": quotation_from_prefix(text, prefix),
                "speaker": speaker,
                "affiliation": affiliation,
            }
            for prefix, speaker, affiliation in annotations.get(doc_id, [])
        ]
        gold = {
            "title": "",
            "authors": [],
            "paragraph_count": 1,
            "entities": gold_entities(names),
            "citations": citations,
            "notes": "UNER English-PUD news excerpt; entities from UNER, quotations ours.",
        }
        (OUT / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
        (OUT / f"{doc_id}.gold.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        sources["documents"][doc_id] = {
            "sentences": [s["id"] for s in sentences],
            "licence": SOURCE["licence"],
        }
    (OUT / "SOURCES.json").write_text(
        json.dumps(sources, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{len(sources['documents'])} documents written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
