"""How long saving an article takes as its text grows: the save path must stay linear.

Run by hand, never in the test suite:

    PYTHONPATH=. .venv/bin/python bench/save_speed.py [--megabytes 1] [--names 20000]
        [--factors 0.25 0.5 1 2] [--runs 3]

Creates a throwaway test database (SQLite unless DATABASE_URL says otherwise), a registry of
2,000 entities, and bodies of each factor times the given size in which the given number of
names (scaled with the size) appear: half of them registry names, half unknown capitalised names
that discovery proposes, some quoted with "said". It times ``article_create`` (render,
recognise, discover, detect quotations, store), which is what a writer's first save costs, and
then ``article_update`` with one more paragraph (the next save: every quotation is matched with
the one stored), ``--runs`` times per size with a fresh body each time. It prints the medians
(wall clock and this process's CPU time) and how much longer than the previous size the save
took. One small article is saved first, untimed, as a running site has already loaded its
registry, gazetteer and language pipeline. Note the machine's load (``uptime``) with the
figures: on a shared machine the CPU time is the steadier measure.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SYLLABLES = ["ka", "ri", "mo", "tal", "ven", "dor", "sha", "lin", "bek", "zu", "gra", "hel"]
FILLER = str.split(
    "the ministry said on tuesday that talks on the border would resume but officials were "
    "cautious about the grain trade and the water supply in the region"
)


def word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def make_registry(rng: random.Random, count: int) -> list[str]:
    from people.models import Entity

    names, seen = [], set()
    while len(names) < count:
        name = f"{word(rng, 2)} {word(rng, 3)}"
        if name in seen:
            continue
        seen.add(name)
        names.append(name)
    Entity.objects.bulk_create(
        Entity(kind=Entity.Kind.PERSON, name=name, slug=f"e-{index}")
        for index, name in enumerate(names)
    )
    return names


def make_body(rng: random.Random, size: int, names: int, registry: list[str]) -> str:
    """Return HTML paragraphs of about ``size`` characters carrying ``names`` names."""
    unknown = [f"{word(rng, 2)} {word(rng, 2)}" for _ in range(max(names // 20, 1))]
    paragraphs, length, placed = [], 0, 0
    per_paragraph = 10
    while length < size:
        words = []
        for slot in range(per_paragraph):
            words += rng.sample(FILLER, 6)
            if placed < names:
                pool = registry if placed % 2 else unknown
                name = rng.choice(pool)
                words += [name, "said", "“the talks will go on”,"] if slot == 0 else [name]
                placed += 1
        text = " ".join(words)
        paragraphs.append(f"<p>{text[0].upper()}{text[1:]}.</p>")
        length += len(paragraphs[-1])
    return "".join(paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--names", type=int, default=20000)
    parser.add_argument("--factors", type=float, nargs="+", default=[0.25, 0.5, 1, 2])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from articles.services import article_create, article_update

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        rng = random.Random(16)  # noqa: S311 - synthetic text, not a secret
        registry = make_registry(rng, 2000)
        article_create(title="Warm-up", body=make_body(rng, 20_000, 400, registry), by=None)
        print(
            f"{'text':>8} {'names':>7} {'save s':>7} {'CPU s':>6} {'x previous':>10} "
            f"{'re-save s':>9} {'CPU s':>6}  runs (save s)"
        )
        previous = None
        for factor in args.factors:
            size, names = int(args.megabytes * factor * 1_000_000), int(args.names * factor)
            saves, save_cpu, resaves, resave_cpu = [], [], [], []
            for run in range(args.runs):
                body = make_body(rng, size, names, registry)
                wall, cpu = time.perf_counter(), time.process_time()
                article = article_create(title=f"Benchmark {factor} {run}", body=body, by=None)
                saves.append(time.perf_counter() - wall)
                save_cpu.append(time.process_time() - cpu)
                wall, cpu = time.perf_counter(), time.process_time()
                article_update(
                    article=article,
                    changes={"body": body + "<p>One more paragraph.</p>"},
                    base_version=None,
                    by=None,
                )
                resaves.append(time.perf_counter() - wall)
                resave_cpu.append(time.process_time() - cpu)
            median = statistics.median(saves)
            growth = f"{median / previous:9.2f}x" if previous else ""
            print(
                f"{size / 1e6:7.2f}M {names:7d} {median:7.2f} {statistics.median(save_cpu):6.2f} "
                f"{growth:>10} {statistics.median(resaves):9.2f} "
                f"{statistics.median(resave_cpu):6.2f}  {' '.join(f'{t:.2f}' for t in saves)}",
                flush=True,
            )
            previous = median
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
