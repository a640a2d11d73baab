"""How long saving a 1,000-word article spends understanding it, and the memory it takes. Run by
hand:

    .venv/bin/python bench/analysis_speed.py [--repeat 15]

The article is real news (the seed piece, then development-corpus excerpts up to 1,000 words);
the registry holds the seed's gold entities. Each run calls article_link_entities, what a
save runs: registry recognition, the spaCy parse (its cache is emptied first, so every run
parses), discovery, quotation attribution and the database writes, on a throw-away SQLite
database. Also printed: the parse alone, and the resident memory of this process once the
pipeline is loaded (what a web worker carries).
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

WORDS = 1000


def article_paragraphs() -> list[str]:
    paragraphs = []
    seed = ROOT.parent / "shared" / "fixtures" / "seed" / "haftar-in-moscow.txt"
    if seed.exists():
        blocks = [b.strip() for b in seed.read_text(encoding="utf-8").split("\n\n")]
        paragraphs += [" ".join(b.split()) for b in blocks[2:] if b]
    for path in sorted((ROOT / "bench" / "corpus" / "pud-news").glob("*.txt")):
        paragraphs.append(path.read_text(encoding="utf-8").strip())
    kept, count = [], 0
    for paragraph in paragraphs:
        kept.append(paragraph)
        count += len(paragraph.split())
        if count >= WORDS:
            break
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    from articles.entities import article_link_entities
    from people.entities import nlp
    from people.entities.registry import entity_create
    from tests.factories import ArticleFactory

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    nlp.pipeline()
    loaded = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Recogniser: {nlp.status().description}")
    print(f"pipeline load: {loaded * 1000:.0f} ms; peak RSS {before:.0f} MB -> {after:.0f} MB")

    gold_path = ROOT.parent / "shared" / "fixtures" / "seed" / "haftar-in-moscow.gold.json"
    if gold_path.exists():
        kinds = {"organization": "organisation"}
        for entity in json.loads(gold_path.read_text(encoding="utf-8"))["entities"]:
            entity_create(
                name=entity["name"],
                kind=kinds.get(entity["type"], entity["type"]),
                aliases=[a for a in entity["aliases_in_text"] if a != entity["name"]],
            )
    paragraphs = article_paragraphs()
    text = " ".join(paragraphs)
    article = ArticleFactory(body="".join(f"<p>{escape(p)}</p>" for p in paragraphs))
    print(f"article: {len(text.split())} words")

    # Wall time and this process's CPU time: on a busy machine (other processes on the same
    # cores) the wall time grows with the wait for a core, the CPU time hardly.
    parses, saves, parse_cpu, save_cpu = [], [], [], []
    for _ in range(args.repeat):
        nlp._parses.clear()
        started, cpu = time.perf_counter(), time.process_time()
        nlp.parse(text)
        parses.append(time.perf_counter() - started)
        parse_cpu.append(time.process_time() - cpu)
        nlp._parses.clear()
        started, cpu = time.perf_counter(), time.process_time()
        article_link_entities(article=article)
        saves.append(time.perf_counter() - started)
        save_cpu.append(time.process_time() - cpu)
    print(
        f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores"
    )
    print(f"| measured over {args.repeat} runs | median wall | min wall | median CPU |")
    print("|---|---|---|---|")
    for label, wall, cpu in (
        ("spaCy parse alone", parses, parse_cpu),
        ("analysis on save (article_link_entities)", saves, save_cpu),
    ):
        print(
            f"| {label} | {statistics.median(wall) * 1000:.0f} ms | {min(wall) * 1000:.0f} ms "
            f"| {statistics.median(cpu) * 1000:.0f} ms |"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
