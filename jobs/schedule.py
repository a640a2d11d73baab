"""Periodic jobs through the queue, never cron: settings.NEWSROOM_PERIODIC_JOBS names each job's
task and period, and every worker calls ``schedule_due`` now and then. A due schedule is claimed
with a conditional update of its next run time, so with any number of workers on any number of
machines each period enqueues its job exactly once."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from jobs.models import Job, Schedule
from jobs.services import job_enqueue

logger = logging.getLogger("newsroom.jobs")


def schedule_due(*, now: datetime | None = None) -> list[Job]:
    """Enqueue every periodic job whose time has come and return the jobs queued."""
    now = now or timezone.now()
    queued = []
    for name, spec in settings.NEWSROOM_PERIODIC_JOBS.items():
        period = timedelta(seconds=spec["every"])
        schedule, _created = Schedule.objects.get_or_create(
            name=name, defaults={"next_run_at": now}
        )
        if schedule.next_run_at > now:
            continue
        claimed = Schedule.objects.filter(pk=schedule.pk, next_run_at=schedule.next_run_at).update(
            next_run_at=now + period
        )
        if not claimed:
            continue  # another worker took this period
        job = job_enqueue(
            task=import_string(spec["task"]),
            kind=name,
            label=str(spec["label"]),
            dedupe_key=f"periodic:{name}",
        )
        Schedule.objects.filter(pk=schedule.pk).update(last_job=job)
        logger.info("periodic job %s queued as job %s", name, job.pk)
        queued.append(job)
    return queued
