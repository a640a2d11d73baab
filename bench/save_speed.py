"""How long saving an article takes as its text grows: the save path must stay linear.

Run by hand, never in the test suite:

    PYTHONPATH=. .venv/bin/python bench/save_speed.py [--megabytes 1] [--names 20000]

Creates a throwaway test database (SQLite unless DATABASE_URL says otherwise), a registry of
2,000 entities, and bodies of 0.5x, 1x and 2x the given size in which the given number of names
(scaled with the size) appear: half of them registry names, half unknown capitalised names that
discovery proposes, some quoted with "said". It times ``article_create`` (render, recognise,
discover, detect quotations, store), which is what a writer's save costs.
"""

import argparse
import os
import random
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
    args = parser.parse_args()

    from articles.services import article_create

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        rng = random.Random(16)  # noqa: S311 - synthetic text, not a secret
        registry = make_registry(rng, 2000)
        print(f"{'text':>8} {'names':>7} {'seconds':>8}")
        for factor in (0.5, 1, 2):
            body = make_body(
                rng, int(args.megabytes * factor * 1_000_000), int(args.names * factor), registry
            )
            start = time.perf_counter()
            article_create(title=f"Benchmark {factor}", body=body, by=None)
            elapsed = time.perf_counter() - start
            print(f"{len(body) / 1e6:7.2f}M {int(args.names * factor):7d} {elapsed:8.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
