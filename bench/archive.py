"""Every public page and the admin's article list at two archive sizes, with the page cache off.

Run by hand, against databases filled by ``manage.py seed_archive``:

    .venv/bin/python bench/archive.py \
        --database small=postgres://postgres@127.0.0.1:5432/newsroom_10k \
        --database large=postgres://postgres@127.0.0.1:5432/newsroom_100k \
        [--repeat 15] [--budget 20] [--json results.json] [--only search ...]

For each database a child process (one Django setup per database) requests each page through
Django's test client: one warm-up request, then ``--repeat`` timed ones (fewer when a page takes
longer than ``--budget`` seconds in all). It reports the median and 95th-percentile time and the
number of SQL queries of each page, then one table with the growth factor of the median from the
first database to the last. ``--json`` also records each page's median Python CPU time and
median time spent in its queries: on a shared machine they separate the page's own cost from
the load of other processes, which the wall time carries. The pages are chosen from the data:
the article that names the most mentioned entity, the busiest author, tag and entity, a
section's page 50, and so on.
``--only`` (repeatable) keeps the pages whose label contains one of the words given, e.g.
``--only search`` for the search rows.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def pages() -> list[tuple[str, str, bool]]:
    """Return (label, path, is_admin) for every page measured, picked from the data."""
    from django.db.models import Count
    from django.urls import reverse
    from taggit.models import Tag

    from articles.models import Article, Section
    from people.models import Author, Entity

    live = Article.objects.published()
    entity = (
        Entity.objects.annotate(n=Count("mentions")).order_by("-n").only("slug", "name").first()
    )
    rare = Entity.objects.annotate(n=Count("mentions")).filter(n__gte=1).order_by("n").first()
    article = live.filter(mentions__entity=entity).order_by("-first_published_at").first()
    section = Section.objects.annotate(n=Count("articles")).order_by("-n").first()
    author = Author.objects.annotate(n=Count("authorships")).order_by("-n").first()
    tag = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n").first()
    middle = live.order_by("first_published_at")[live.count() // 2].first_published_at
    year, month = middle.year, middle.month
    draft = Article.objects.order_by("-pk").first()

    def search(**params) -> str:
        from urllib.parse import urlencode

        return reverse("search") + "?" + urlencode(params)

    rows = [
        ("home", reverse("home"), False),
        ("home page 2", reverse("home") + "?page=2", False),
        ("article (common entity)", article.get_absolute_url(), False),
        ("article sources.json", reverse("article_sources", args=[article.slug, "json"]), False),
        ("section", section.get_absolute_url(), False),
        ("section page 50", section.get_absolute_url() + "?page=50", False),
        ("author", author.get_absolute_url(), False),
        ("tag", reverse("tag_detail", args=[tag.slug]), False),
        ("entity (common)", entity.get_absolute_url(), False),
        ("entity (rare)", rare.get_absolute_url(), False),
        ("archive year", reverse("archive_year", args=[year]), False),
        ("archive month", reverse("archive_month", args=[year, month]), False),
        ("search government", search(q="government"), False),
        ("search orchard (rarer)", search(q="orchard"), False),
        ("search entity name", search(q=rare.name), False),
        ('search "peace talks"', search(q='"peace talks"'), False),
        ("search peace talks", search(q="peace talks"), False),
        ("search government + author", search(q="government", author=author.slug), False),
        ("search government + entity", search(q="government", entity=entity.slug), False),
        ("search government + section", search(q="government", section=section.slug), False),
        (
            "search government + dates",
            search(q="government", published_from=f"{year}-01-01", published_to=f"{year}-12-31"),
            False,
        ),
        ("search filter only (entity)", search(entity=entity.slug), False),
        ("search page 5", search(q="government", page=5), False),
        ("feed rss", reverse("feed_rss"), False),
        ("feed atom", reverse("feed_atom"), False),
        ("section feed", reverse("section_feed_rss", args=[section.slug]), False),
        ("author feed", reverse("author_feed_rss", args=[author.slug]), False),
        ("tag feed", reverse("tag_feed_rss", args=[tag.slug]), False),
        ("entity feed", reverse("entity_feed_rss", args=[entity.slug]), False),
        ("corrections feed", reverse("corrections_feed_rss"), False),
        ("sitemap index", reverse("sitemap"), False),
        ("sitemap articles", reverse("sitemap_section", args=["articles"]), False),
        ("sitemap articles p2", reverse("sitemap_section", args=["articles"]) + "?p=2", False),
        ("sitemap sections", reverse("sitemap_section", args=["sections"]), False),
        ("sitemap authors", reverse("sitemap_section", args=["authors"]), False),
        ("sitemap tags", reverse("sitemap_section", args=["tags"]), False),
        ("news sitemap", reverse("news_sitemap"), False),
        ("robots.txt", reverse("robots_txt"), False),
        ("admin list", reverse("admin:articles_article_changelist"), True),
        (
            "admin list searched",
            reverse("admin:articles_article_changelist") + "?q=government",
            True,
        ),
        (
            "admin list filtered",
            reverse("admin:articles_article_changelist")
            + f"?status__exact=published&section__id__exact={section.pk}",
            True,
        ),
        ("admin change form", reverse("admin:articles_article_change", args=[draft.pk]), True),
    ]
    return rows


def measure_here(repeat: int, budget: float, only: list[str]) -> dict:
    """Measure every page in this process's database; return {label: result}."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article

    # No setup_test_environment(): it instruments every template render (a context copy and a
    # signal each), which a production server does not pay.
    user_model = get_user_model()
    admin, _created = user_model.objects.get_or_create(
        username="archive-bench", defaults={"is_staff": True, "is_superuser": True}
    )
    public = Client(raise_request_exception=False)
    staff = Client(raise_request_exception=False)
    staff.force_login(admin)
    results = {"articles": Article.objects.count()}
    for label, path, is_admin in pages():
        if only and not any(word in label for word in only):
            continue
        client = staff if is_admin else public
        started = time.perf_counter()
        # Warm-up: connection, templates, the process's caches.
        response = client.get(path)
        first = (time.perf_counter() - started) * 1000
        status = response.status_code
        if status >= 500:
            # Cut off by the statement timeout: report how long it ran, not a median.
            results[label] = {
                "path": path,
                "status": status,
                "queries": None,
                "median_ms": first,
                "p95_ms": first,
                "runs": 0,
            }
            print(f"{label:32} failed ({status}) after {first:.0f} ms", file=sys.stderr)
            continue
        timings, cpu, sql, queries = [], [], [], None
        spent = 0.0
        while len(timings) < repeat and (len(timings) < 3 or spent < budget):
            with CaptureQueriesContext(connection) as captured:
                started, cpu_started = time.perf_counter(), time.process_time()
                client.get(path)
                elapsed = time.perf_counter() - started
                cpu.append((time.process_time() - cpu_started) * 1000)
            sql.append(sum(float(query["time"]) for query in captured) * 1000)
            queries = len(captured) if queries is None else queries
            spent += elapsed
            timings.append(elapsed * 1000)
            if elapsed > budget:
                break
        timings.sort()
        results[label] = {
            "path": path,
            "status": status,
            "queries": queries,
            "median_ms": statistics.median(timings),
            "p95_ms": timings[max(0, round(len(timings) * 0.95) - 1)],
            # On a shared machine the wall time carries other processes' load: the Python CPU
            # time of the request and the time its queries took say where the time went.
            "median_cpu_ms": statistics.median(cpu),
            "median_sql_ms": statistics.median(sql),
            "runs": len(timings),
        }
        print(f"{label:32} {results[label]['median_ms']:9.1f} ms", file=sys.stderr)
    return results


def table(measured: dict[str, dict]) -> str:
    names = list(measured)
    header = ["page"]
    for name in names:
        header += [f"{name} median ms", f"{name} p95 ms", f"{name} queries"]
    if len(names) > 1:
        header.append(f"growth {names[0]}→{names[-1]}")
    sizes = " / ".join(f"{name}: {measured[name]['articles']:,} articles" for name in names)
    lines = [sizes, "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    labels = [label for label in measured[names[0]] if label != "articles"]
    for label in labels:
        row = [label]
        for name in names:
            result = measured[name][label]
            flag = "" if result["status"] == 200 else f" ({result['status']})"
            if result["status"] >= 500:
                flag = " (cut off by the statement timeout)"
            row += [
                f"{result['median_ms']:.1f}{flag}",
                f"{result['p95_ms']:.1f}",
                "–" if result["queries"] is None else str(result["queries"]),
            ]
        if len(names) > 1:
            first, last = measured[names[0]][label], measured[names[-1]][label]
            ratio = last["median_ms"] / first["median_ms"]
            cut = last["status"] >= 500 or first["status"] >= 500
            row.append(f"{'≥ ' if cut else ''}{ratio:.2f}×")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database", action="append", default=[], metavar="NAME=URL", help="repeatable"
    )
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per page at most")
    parser.add_argument("--json", help="also write the raw results here")
    parser.add_argument(
        "--timeout", type=int, default=60, help="statement timeout in seconds (default 60)"
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="WORD",
        help="measure only the pages whose label contains WORD (repeatable)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        print(json.dumps(measure_here(args.repeat, args.budget, args.only)))
        return
    if not args.database:
        parser.error("give at least one --database NAME=URL")
    measured = {}
    for item in args.database:
        name, _, url = item.partition("=")
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "bench.archive_settings",
            "PYTHONPATH": str(PROJECT),
            "BENCH_STATEMENT_TIMEOUT": str(args.timeout * 1000),
        }
        print(f"== {name}", file=sys.stderr)
        output = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                "--repeat",
                str(args.repeat),
                "--budget",
                str(args.budget),
                *(argument for word in args.only for argument in ("--only", word)),
            ],
            env=env,
            cwd=PROJECT,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        measured[name] = json.loads(output)
    if args.json:
        Path(args.json).write_text(json.dumps(measured, indent=1))
    print(table(measured))


if __name__ == "__main__":
    main()
