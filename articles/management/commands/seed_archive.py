"""Fill the database with a synthetic archive, to measure pages at a real newsroom's size."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.seeding import archive_seed


class Command(BaseCommand):
    help = (
        "Create N synthetic articles (about 5% drafts) with 20 sections, 300 authors and M "
        "entities, by bulk inserts, for benchmarks. Refused under the production settings."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="how many articles")
        parser.add_argument(
            "--entities", type=int, default=10_000, help="how many entities (default 10,000)"
        )
        parser.add_argument("--seed", type=int, default=12, help="random seed (default 12)")

    def handle(self, *args, articles, entities, seed, **options):
        if not settings.NEWSROOM_ALLOW_DEMO_CONTENT:
            raise CommandError(
                "A synthetic archive would mix made-up pieces with real ones; it is refused under "
                "these settings. Use the development settings (the default for manage.py)."
            )
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        if entities < 20:
            raise CommandError("--entities must be at least 20 (each piece names 5 to 20).")

        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\r{done:,} / {total:,} articles")
            sys.stderr.flush()
            if done == total:
                sys.stderr.write("\n")

        report = archive_seed(articles=articles, entities=entities, seed=seed, progress=progress)
        self.stdout.write(
            f"Created {report.articles:,} articles ({report.drafts:,} drafts), "
            f"{report.mentions:,} mentions, {report.citations:,} citations, "
            f"{report.entities:,} entities, {report.authors} authors, {report.sections} sections "
            f"in {report.seconds:.0f} s."
        )
