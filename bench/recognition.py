"""Benchmark entity recognition: registry build time and throughput (MB of text per second).

Run by hand, never in the test suite:

    .venv/bin/python bench/recognition.py [--aliases 100000] [--megabytes 1] [--repeat 5]

The registry is synthetic: 100,000 names by default (people's full names, organisations'
names, acronyms and single-word place names, a quarter of entities with an alias) made of
random syllables, so that no name is a common word. The text is about 1 MB of prose-like filler
in which one word in twenty starts a registry name, with possessives, hyphens and punctuation
around them.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from people.entities.recognition import Recognizer, RegistryEntry

SYLLABLES = [
    "ka", "ri", "mo", "tal", "ven", "dor", "sha", "lin", "bek", "zu", "an", "os", "ter", "vi",
    "gra", "hel", "ny", "pur", "qua", "sel", "tov", "ul", "wen", "yar", "zel", "bro", "cam",
]  # fmt: skip
FILLER_TEXT = (
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they you were her she there been one all we their has would when if "
    "so no will more about said could what up out into them some than then its only other "
    "analysis government security meeting support region forces report minister talks"
)
FILLER = FILLER_TEXT.split()
KINDS = ["person", "organisation", "place", "other"]


def word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def synthetic_registry(rng: random.Random, aliases: int) -> list[RegistryEntry]:
    entries, names, seen = [], 0, set()
    entity_id = 0
    while names < aliases:
        entity_id += 1
        kind = rng.choice(KINDS)
        if kind == "person":
            canonical = f"{word(rng, 2)} {word(rng, 3)}"
        elif kind == "organisation":
            canonical = f"{word(rng, 3)} {word(rng, 2)} {rng.choice(['Group', 'Council', 'Army'])}"
        else:
            canonical = word(rng, 3)
        entry_names = [canonical]
        if rng.random() < 0.25:
            if kind == "organisation":
                entry_names.append("".join(part[0] for part in canonical.split()) + word(rng, 1)[0])
            else:
                entry_names.append(f"{word(rng, 2)} {canonical.split()[-1]}")
        entry_names = [name for name in entry_names if name not in seen]
        seen.update(entry_names)
        if entry_names:
            entries.append(RegistryEntry(entity_id, kind, tuple(entry_names)))
            names += len(entry_names)
    return entries


def synthetic_text(rng: random.Random, entries: list[RegistryEntry], megabytes: float) -> str:
    target = int(megabytes * 1_000_000)
    pieces, size = [], 0
    while size < target:
        if rng.random() < 0.05:
            name = rng.choice(rng.choice(entries).names)
            piece = name + rng.choice(["", "’s", "'s", "-backed", ",", "."])
        else:
            piece = rng.choice(FILLER)
        pieces.append(piece)
        size += len(piece) + 1
    return " ".join(pieces)[:target]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aliases", type=int, default=100_000)
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    rng = random.Random(20231001)  # noqa: S311 - reproducible synthetic data, not secrets
    entries = synthetic_registry(rng, args.aliases)
    text = synthetic_text(rng, entries, args.megabytes)
    name_count = sum(len(entry.names) for entry in entries)

    builds = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        recognizer = Recognizer(entries)
        builds.append(time.perf_counter() - started)

    # The first scan after a build touches the automaton's memory for the first time; it is
    # reported on its own, and the median is taken over the scans after it.
    started = time.perf_counter()
    matches = recognizer.find(text)
    first_scan = time.perf_counter() - started
    scans = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        matches = recognizer.find(text)
        scans.append(time.perf_counter() - started)

    megabytes = len(text.encode("utf-8")) / 1_000_000
    print(f"registry: {len(entries):,} entities, {name_count:,} names and aliases")
    print(f"automaton keys (with implicit surnames): {recognizer.size:,}")
    print(f"text: {megabytes:.2f} MB, {len(matches):,} mentions found")
    print(f"build: median {statistics.median(builds):.3f} s, worst {max(builds):.3f} s")
    print(
        f"scan: median {statistics.median(scans):.3f} s -> "
        f"{megabytes / statistics.median(scans):.1f} MB/s "
        f"(slowest {megabytes / max(scans):.1f} MB/s; first scan after the build "
        f"{megabytes / first_scan:.1f} MB/s)"
    )


if __name__ == "__main__":
    main()
