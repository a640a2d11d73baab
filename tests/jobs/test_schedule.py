from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from jobs.models import Job, Schedule
from jobs.schedule import schedule_due

pytestmark = pytest.mark.django_db


def test_each_periodic_job_is_queued_once_per_period(settings):
    settings.NEWSROOM_PERIODIC_JOBS = {
        "prune": {"task": "jobs.tasks.jobs_prune", "every": 3600, "label": "Prune"}
    }
    now = timezone.now()

    first = schedule_due(now=now)
    again = schedule_due(now=now + timedelta(minutes=59))
    later = schedule_due(now=now + timedelta(minutes=61))

    assert [job.kind for job in first] == ["prune"]
    assert again == []
    assert [job.kind for job in later] == ["prune"]
    assert Job.objects.filter(kind="prune", status=Job.Status.SUCCEEDED).count() == 2
    assert Schedule.objects.get(name="prune").next_run_at == now + timedelta(minutes=121)


def test_a_schedule_claimed_by_another_worker_is_not_queued_again(settings):
    settings.NEWSROOM_PERIODIC_JOBS = {
        "prune": {"task": "jobs.tasks.jobs_prune", "every": 3600, "label": "Prune"}
    }
    now = timezone.now()
    Schedule.objects.create(name="prune", next_run_at=now)
    # Another worker moved the schedule on between our read and our claim.
    Schedule.objects.filter(name="prune").update(next_run_at=now + timedelta(hours=1))

    assert schedule_due(now=now) == []


def test_pruning_removes_old_finished_jobs_only(settings):
    settings.NEWSROOM_JOB_KEEP_DAYS = 30
    old = Job.objects.create(
        kind="x",
        label="old",
        status=Job.Status.SUCCEEDED,
        finished_at=timezone.now() - timedelta(days=31),
    )
    recent = Job.objects.create(
        kind="x", label="recent", status=Job.Status.FAILED, finished_at=timezone.now()
    )
    waiting = Job.objects.create(kind="x", label="waiting")
    settings.NEWSROOM_PERIODIC_JOBS = {
        "prune": {"task": "jobs.tasks.jobs_prune", "every": 60, "label": "Prune"}
    }

    [prune] = schedule_due()

    remaining = set(Job.objects.values_list("pk", flat=True))
    assert old.pk not in remaining
    assert {recent.pk, waiting.pk, prune.pk} <= remaining


def test_the_sweep_queues_renditions_for_images_that_lack_them(settings, media_root):
    from django.core.files.base import ContentFile

    from articles.models import Article
    from tests.factories import ArticleFactory
    from tests.images import image_bytes

    article = ArticleFactory(hero_alt="A flooded street")
    article.hero_image.save("lost.jpg", ContentFile(image_bytes("JPEG", 900, 600)), save=True)
    assert Article.objects.get(pk=article.pk).hero_renditions == {}
    settings.NEWSROOM_PERIODIC_JOBS = {
        "sweep": {"task": "articles.tasks.renditions_sweep", "every": 60, "label": "Sweep"}
    }

    schedule_due()

    article.refresh_from_db()
    assert article.hero_renditions["source"] == article.hero_image.name
    assert Job.objects.get(kind="sweep").progress_done == 1


def test_the_worker_command_refuses_the_immediate_backend():
    with pytest.raises(CommandError, match="immediate task backend"):
        call_command("worker", batch=True)
