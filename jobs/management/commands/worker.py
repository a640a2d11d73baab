"""Run a queue worker for the configured task backend, and the periodic-job scheduler beside it.

With the database backend this is django-tasks-db's worker (jobs are claimed with
SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, so any number of workers on any number of
machines share the queue); with the Redis backend it is RQ's worker.
"""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend

from jobs.schedule import schedule_due

logger = logging.getLogger("newsroom.jobs")


def _schedule_loop(stop: threading.Event, interval: float) -> None:
    while not stop.is_set():
        try:
            close_old_connections()
            schedule_due()
        except Exception:  # a scheduling hiccup must not kill the worker
            logger.exception("could not check the periodic jobs")
        finally:
            close_old_connections()
        stop.wait(interval)


class Command(BaseCommand):
    help = "Run a background worker for the task queue (and the periodic jobs' scheduler)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run every job that is due, then exit (RQ: burst mode).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between looks at an empty queue (database backend).",
        )
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="Do not enqueue periodic jobs from this worker.",
        )

    def handle(self, *args, batch, interval, no_schedule, **options):
        backend = task_backends["default"]
        if isinstance(backend, ImmediateBackend):
            raise CommandError(
                "The immediate task backend runs jobs inside the request; there is no queue for "
                "a worker. Set TASKS_BACKEND=database (or rq) to use workers."
            )
        stop = threading.Event()
        if not no_schedule:
            if batch:
                schedule_due()
            else:
                threading.Thread(
                    target=_schedule_loop,
                    args=(stop, settings.NEWSROOM_SCHEDULE_CHECK_SECONDS),
                    name="periodic-jobs",
                    daemon=True,
                ).start()
        try:
            if backend.__class__.__name__ == "RQBackend":
                # RQ runs the Tasks API's jobs through django-tasks-rq's job class.
                call_command(
                    "rqworker",
                    *backend.queues,
                    job_class="django_tasks_rq.Job",
                    burst=batch,
                    with_scheduler=True,
                    verbosity=1,
                )
            else:
                call_command(
                    "db_worker",
                    queue_name="*",
                    batch=batch,
                    interval=interval,
                    reload=False,
                    startup_delay=not batch,
                    verbosity=options["verbosity"],
                )
        finally:
            stop.set()
