"""How long the quote ledger takes on a large archive. Run by hand, on PostgreSQL:

    DATABASE_URL=postgres://… PYTHONPATH=. .venv/bin/python bench/ledger.py [--articles 100000]

It builds a throwaway test database with the given number of published pieces over ten years,
three confirmed quotations each (2,000 speakers, 400 organisations with types, some anonymous or
unattributed), then times the ledger's figures (``ledger_build``) over all time, over the last
year, for one section and for one author, and the admin page itself (counted afresh, and within
the cache time), median of five runs. ``--keep`` keeps the database for the next run.
"""

import argparse
import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.test")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.ledger import LedgerFilter, ledger_build  # noqa: E402
from articles.models import Article, Authorship, Citation, Section  # noqa: E402
from people.models import Author, Entity  # noqa: E402


def build(articles: int) -> None:
    rng = random.Random(15)  # noqa: S311
    sections = Section.objects.bulk_create(
        [Section(name=f"Desk {n}", slug=f"desk-{n}") for n in range(8)]
    )
    authors = Author.objects.bulk_create(
        [Author(name=f"Writer {n}", slug=f"writer-{n}") for n in range(60)]
    )
    types = [value for value, _label in Entity.OrganisationType.choices]
    people = Entity.objects.bulk_create(
        [Entity(kind="person", name=f"Speaker {n}", slug=f"speaker-{n}") for n in range(2000)]
    )
    orgs = Entity.objects.bulk_create(
        [
            Entity(
                kind="organisation",
                name=f"Organisation {n}",
                slug=f"org-{n}",
                organisation_type=types[n % len(types)],
            )
            for n in range(400)
        ]
    )
    start = datetime(2016, 1, 1, tzinfo=UTC)
    span = (datetime(2026, 1, 1, tzinfo=UTC) - start).total_seconds()
    for offset in range(0, articles, 5000):
        batch = []
        for n in range(offset, min(offset + 5000, articles)):
            when = start + timedelta(seconds=rng.random() * span)
            batch.append(
                Article(
                    title=f"Piece {n}",
                    slug=f"piece-{n}",
                    body="<p>Text.</p>",
                    body_html="<p>Text.</p>",
                    section=rng.choice(sections),
                    status=Article.Status.PUBLISHED,
                    publish_at=when,
                    first_published_at=when,
                )
            )
        created = Article.objects.bulk_create(batch)
        Authorship.objects.bulk_create(
            [Authorship(article=a, author=rng.choice(authors), position=0) for a in created]
        )
        quotes = []
        for article in created:
            for number in range(1, 4):
                roll = rng.random()
                speaker = rng.choice(people) if roll > 0.15 else None
                org = rng.choice(orgs) if roll > 0.05 else None
                quotes.append(
                    Citation(
                        article=article,
                        number=number,
                        quote="Words.",
                        speaker=speaker,
                        affiliation=org,
                        review=Citation.Review.CONFIRMED,
                    )
                )
        Citation.objects.bulk_create(quotes, batch_size=5000)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def timed(label: str, function, runs: int = 5) -> None:
    function()
    timings = []
    for _run in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    print(f"| {label} | {statistics.median(timings) * 1000:.0f} | {max(timings) * 1000:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the database for next time")
    args = parser.parse_args()
    old = setup_databases(verbosity=0, interactive=False, keepdb=args.keep)
    try:
        started = time.perf_counter()
        if not Article.objects.exists():
            build(args.articles)
        print(
            f"{args.articles:,} pieces, {Citation.objects.count():,} quotations "
            f"({connection.vendor}), built in {time.perf_counter() - started:.0f} s\n"
        )
        print("| ledger | median ms | max ms |")
        print("|---|---|---|")
        timed("all time", lambda: ledger_build(LedgerFilter()))
        last_year = datetime(2025, 1, 1).date()
        timed("last year", lambda: ledger_build(LedgerFilter(start=last_year)))
        section = Section.objects.first()
        timed("one section", lambda: ledger_build(LedgerFilter(section=section)))
        author = Author.objects.first()
        timed("one author", lambda: ledger_build(LedgerFilter(author=author)))
        timed("anonymous only", lambda: ledger_build(LedgerFilter(attribution="anonymous")))
        user = get_user_model().objects.filter(username="bench").first()
        user = user or get_user_model().objects.create_superuser("bench", "b@x.org", "pw")
        client = Client()
        client.force_login(user)
        url = reverse("admin:articles_quoteledger_changelist")
        timed("admin page, all time, counted afresh", lambda: client.get(url))
        settings.NEWSROOM_LEDGER_CACHE_SECONDS = 300  # the production default
        timed("admin page, all time, within the cache time", lambda: client.get(url))
    finally:
        if not args.keep:
            teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
