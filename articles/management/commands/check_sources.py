"""Check the cited sources that are due now, or start the periodic job on the queue."""

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.sources.checking import sources_check
from articles.sources.tasks import check_sources_periodic
from jobs.services import job_enqueue


class Command(BaseCommand):
    help = (
        "Re-check the source addresses of published pieces that are due, one request per "
        "second per host, and flag those that moved, went or changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue a run as a job for the workers instead (they also run it every 10 "
            "minutes on their own, as a periodic job).",
        )
        parser.add_argument(
            "--seconds", type=int, default=None, help="Time budget of this run (default: setting)."
        )

    def handle(self, *args, enqueue=False, seconds=None, **options):
        if enqueue:
            job = job_enqueue(
                task=check_sources_periodic,
                kind="sources_check",
                label=str(settings.NEWSROOM_PERIODIC_JOBS["sources_check"]["label"]),
                dedupe_key="periodic:sources_check",
            )
            self.stdout.write(f"Queued the link checker as job {job.pk}.")
            return
        run = sources_check(run_seconds=seconds)
        outcomes = ", ".join(f"{count} {state}" for state, count in sorted(run.outcomes.items()))
        self.stdout.write(
            f"Checked {run.checked} of {run.due} due sources"
            f" ({outcomes or 'nothing to report'}); {run.enrolled} newly watched."
        )
