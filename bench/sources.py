"""Snapshots and the link checker against local HTTP servers. Run by hand:

    PYTHONPATH=. .venv/bin/python bench/sources.py [--hosts 10] [--seconds 60] [--snapshots 5]

1. Snapshot of a 1 MB HTML page: the time from the job starting (``snapshot_citation``) to the
   snapshot stored, text extracted and the citation updated, over a few runs.
2. The link checker: one server per loopback address 127.0.0.1..127.0.0.N (N hosts), each
   serving pages; ``sources_check`` runs for the given seconds at the production pace of one
   request per second per host. Reported: sources checked, the rate per hour, and the busiest
   host's requests in any one second and its shortest gap between two requests.

It uses a throwaway test database (SQLite unless DATABASE_URL says otherwise) and media folder.
"""

import argparse
import os
import statistics
import time
from collections import Counter
from contextlib import ExitStack
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.test")
django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Citation  # noqa: E402
from articles.sources.checking import sources_check, sources_enrol  # noqa: E402
from articles.sources.models import SourceStatus  # noqa: E402
from articles.sources.tasks import snapshot_citation  # noqa: E402
from tests.articles.sources.conftest import ARTICLE_TEXT, LocalSite, running  # noqa: E402
from tests.factories import PublishedArticleFactory  # noqa: E402


def megabyte_page() -> bytes:
    paragraphs, size, n = [], 0, 0
    while size < 1024 * 1024:
        block = f'<p class="para" id="p{n}">{n}: {ARTICLE_TEXT} <a href="/x/{n}">more</a></p>\n'
        paragraphs.append(block)
        size += len(block)
        n += 1
    body = "".join(paragraphs)
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>A long report</title>"
        f"<style>p{{margin:0}}</style></head><body>{body}</body></html>"
    ).encode()


def bench_snapshots(runs: int) -> None:
    settings.NEWSROOM_SOURCES_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    page = megabyte_page()
    with running(LocalSite()) as site:
        url = site.set("/report", body=page)
        article = PublishedArticleFactory()
        timings = []
        for _run in range(runs):
            citation = Citation.objects.create(
                article=article, kind=Citation.Kind.DOCUMENT, source_title="Report", url=url
            )
            started = time.perf_counter()
            result = snapshot_citation.enqueue(citation_id=citation.pk)
            timings.append(time.perf_counter() - started)
            assert result.return_value, result.errors
    print(f"\n1 MB page snapshot ({len(page):,} bytes), {runs} runs")
    print("| median s | max s | target |")
    print("|---|---|---|")
    print(f"| {statistics.median(timings):.3f} | {max(timings):.3f} | ≤ 2 s |")


def bench_checker(hosts: int, seconds: int) -> None:
    addresses = [f"127.0.0.{n}" for n in range(1, hosts + 1)]
    settings.NEWSROOM_SOURCES_ALLOWED_NETWORKS = [f"{a}/32" for a in addresses]
    settings.NEWSROOM_SOURCES_HOST_INTERVAL = 1.0
    settings.NEWSROOM_SOURCES_CHECK_WORKERS = hosts
    sites = [LocalSite(address) for address in addresses]
    article = PublishedArticleFactory()
    per_host = seconds + 5  # more than a run can do: the time budget decides
    citations = []
    for site in sites:
        for n in range(per_host):
            site.html(f"/page-{n}", f"Page {n}", ARTICLE_TEXT)
            citations.append(
                Citation(
                    article=article,
                    kind=Citation.Kind.DOCUMENT,
                    source_title=f"Page {n}",
                    url=site.url(f"/page-{n}"),
                )
            )
    Citation.objects.bulk_create(citations, batch_size=500)
    with ExitStack() as stack:
        for site in sites:
            stack.enter_context(running(site))
        sources_enrol()  # their first checks are spread over a week; the run looks 30 days on
        started = time.perf_counter()
        run = sources_check(
            now=timezone.now() + timedelta(days=30), run_seconds=seconds, limit=len(citations)
        )
        elapsed = time.perf_counter() - started
    busiest_second = max(
        max(Counter(int(hit.at) for hit in site.hits).values(), default=0) for site in sites
    )
    gaps = [b.at - a.at for site in sites for a, b in zip(site.hits, site.hits[1:], strict=False)]
    recorded = SourceStatus.objects.filter(last_checked_at__isnull=False).count()
    print(f"\nLink checker: {hosts} hosts, {seconds} s budget, {len(citations)} sources due")
    print(
        "| checked | recorded | elapsed s | per hour | busiest host, max req in 1 s "
        "| shortest gap s | target |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {run.checked} | {recorded} | {elapsed:.1f} | {run.checked / elapsed * 3600:,.0f} "
        f"| {busiest_second} | {min(gaps):.3f} | ≥ 10,000/h at ≤ 1 req/s/host |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--snapshots", type=int, default=5)
    args = parser.parse_args()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        bench_snapshots(args.snapshots)
        bench_checker(args.hosts, args.seconds)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
