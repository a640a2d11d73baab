"""How long the quote ledger takes on a large archive. Run by hand, on PostgreSQL:

    DATABASE_URL=postgres://… PYTHONPATH=. .venv/bin/python bench/ledger.py [--articles 100000]
    DATABASE_URL=postgres://…/copy_of_seeded PYTHONPATH=. .venv/bin/python bench/ledger.py \
        --archive [--add-quotes] [--runs 20]

``--archive`` measures the database as it is (a copy of one filled by ``seed_archive``; it is
written to: a "bench" superuser, and with ``--add-quotes`` quotations): the admin page with its
cache cleared before every request, all time and with each filter, median and 95th percentile
of ``--runs`` requests, and the queries each request makes. It only uses the page, so the same
file measures an older checkout (run it from there with its own PYTHONPATH) before a change.
``--add-quotes`` first gives an archive seeded before quotations were realistic (one in three
pieces, one quotation each) what ``seed_archive`` makes now: organisation types, and two to
three quotations on average for two pieces in three, by skewed speakers and organisations
(citations only; the bodies keep their text).

Without ``--archive``:
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
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    teardown_databases,
)
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


def add_quotes() -> int:
    """Give a sparsely quoted seeded archive the quotations ``seed_archive`` makes now; return
    how many were added. Runs with any checkout that has ``articles.seeding._Voices``."""
    from articles.seeding import ATTRIBUTION_WEIGHTS, QUOTE_SHARE, _Voices  # noqa: F401

    rng = random.Random(15)  # noqa: S311
    types = list(Entity.OrganisationType.values)
    organisations = list(Entity.objects.filter(kind="organisation").order_by("pk"))
    for organisation in organisations:
        organisation.organisation_type = rng.choice(["", *types])
    Entity.objects.bulk_update(organisations, ["organisation_type"], batch_size=2000)
    persons = list(Entity.objects.filter(kind="person").order_by("pk"))
    voices = _Voices(rng, persons, organisations)
    quoted = set(Citation.objects.values_list("article_id", flat=True))
    added = 0
    pieces = Article.objects.exclude(pk__in=quoted).order_by("pk").values_list("pk", flat=True)
    batch = []
    for pk in pieces.iterator(chunk_size=5000):
        if rng.random() >= QUOTE_SHARE:
            continue
        for number, (speaker, affiliation) in enumerate(voices.pick(), start=1):
            batch.append(
                Citation(
                    article_id=pk,
                    number=number,
                    quote=f"Words said, number {number}.",
                    speaker=speaker,
                    speaker_name=speaker.name if speaker else "",
                    affiliation=affiliation,
                    affiliation_name=affiliation.name if affiliation else "",
                    review=Citation.Review.CONFIRMED,
                    verification=Citation.Verification.VERIFIED,
                )
            )
        if len(batch) >= 5000:
            Citation.objects.bulk_create(batch)
            added, batch = added + len(batch), []
    Citation.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return added + len(batch)


def page_timings(label: str, client: Client, url: str, query: dict, runs: int) -> None:
    """Time the admin page with its cache cold: median, 95th percentile, queries."""
    cache.clear()
    client.get(url, query)  # warm connections and templates, not the figures
    timings, queries = [], 0
    for _run in range(runs):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, query)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(f"| {label} | {statistics.median(timings) * 1000:.0f} | {p95 * 1000:.0f} | {queries} |")


def archive(args) -> None:
    if args.add_quotes:
        started = time.perf_counter()
        print(f"added {add_quotes():,} quotations in {time.perf_counter() - started:.0f} s")
    live = Article.objects.published()
    confirmed = Citation.objects.filter(review="confirmed", article__in=live.values("pk"))
    quoting = confirmed.values("article_id").distinct().count()
    print(
        f"{live.count():,} published pieces, {confirmed.count():,} confirmed citations, "
        f"{quoting:,} pieces quoting ({connection.vendor})\n"
    )
    settings.NEWSROOM_REQUIRE_2FA = False
    settings.NEWSROOM_LEDGER_CACHE_SECONDS = 300  # the production default, cleared each time
    user = get_user_model().objects.filter(username="bench").first()
    user = user or get_user_model().objects.create_superuser("bench", "b@x.org", "pw")
    client = Client()
    client.force_login(user)
    url = reverse("admin:articles_quoteledger_changelist")
    newest = live.order_by("-first_published_at").values_list("first_published_at", flat=True)[0]
    section = Section.objects.annotate(n=Count("articles")).order_by("-n").first()
    author = Author.objects.annotate(n=Count("articles")).order_by("-n").first()
    year_ago = (newest - timedelta(days=365)).date().isoformat()
    print("| ledger page, cache cold | median ms | p95 ms | queries |")
    print("|---|---|---|---|")
    for label, query in [
        ("all time (default)", {}),
        ("last 12 months", {"start": year_ago}),
        ("one section (the largest)", {"section": section.pk}),
        ("one author (the most prolific)", {"author": author.pk}),
        ("unattributed", {"attribution": "unattributed"}),
        (
            "all kinds, anonymous, last 12 months",
            {"kind": "", "attribution": "anonymous", "start": year_ago},
        ),
    ]:
        page_timings(label, client, url, query, args.runs)
    # For scale: what rendering alone costs on this machine now (the figures from the cache).
    client.get(url)
    timings = []
    for _run in range(args.runs):
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
    print(
        f"| all time, figures from the cache (render only) | "
        f"{statistics.median(timings) * 1000:.0f} | {sorted(timings)[-2] * 1000:.0f} | - |"
    )
    print(f"\nload average while measuring: {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the database for next time")
    parser.add_argument("--archive", action="store_true", help="measure the database as it is")
    parser.add_argument("--add-quotes", action="store_true", help="with --archive, see above")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if args.archive:
        archive(args)
        return
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
