from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Section
from jobs.models import Job
from jobs.services import JobError, backoff_seconds, job_enqueue, job_retry
from tests.jobs import tasks_for_tests
from tests.queue import run_worker

queue_test = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@queue_test
def test_a_queued_job_waits_in_the_database_until_a_worker_runs_it(database_queue):
    job = job_enqueue(
        task=tasks_for_tests.flaky,
        kind="test",
        label="Steady",
        params={"key": "steady", "fail_times": 0},
    )

    assert job.status == Job.Status.QUEUED
    assert DBTaskResult.objects.ready().count() == 1

    run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.progress_done, job.progress_total, job.attempts) == (1, 1, 1)
    assert not DBTaskResult.objects.ready().exists()


@queue_test
def test_a_transient_failure_is_retried_after_a_backoff(database_queue):
    job = job_enqueue(
        task=tasks_for_tests.flaky, kind="test", label="Flaky", params={"key": "backoff"}
    )

    run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert job.attempts == 1
    assert "server closed the connection" in job.error
    wait = backoff_seconds(1)
    assert job.next_attempt_at > timezone.now() + timedelta(seconds=wait - 5)
    # The retry is not due yet: a worker leaves it alone.
    run_worker()
    job.refresh_from_db()
    assert job.attempts == 1

    with time_machine.travel(timezone.now() + timedelta(seconds=wait + 1)):
        run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 2
    assert job.error == ""


def test_backoff_doubles_up_to_a_ceiling(settings):
    settings.NEWSROOM_JOB_RETRY_BASE_SECONDS = 10
    settings.NEWSROOM_JOB_RETRY_MAX_SECONDS = 60

    assert [backoff_seconds(n) for n in range(1, 6)] == [10, 20, 40, 60, 60]


@pytest.mark.django_db
def test_a_job_failing_for_good_leaves_nothing_half_written_and_says_why():
    job = job_enqueue(task=tasks_for_tests.broken, kind="test", label="Broken")

    assert job.status == Job.Status.FAILED
    assert job.attempts == 1  # not a transient error: no retry
    assert job.error == "ValueError: the document is not what it claims to be"
    assert "Traceback" in job.traceback
    assert not Section.objects.filter(slug="half-written").exists()


@pytest.mark.django_db
def test_transient_failures_stop_after_the_last_attempt(settings):
    settings.NEWSROOM_JOB_MAX_ATTEMPTS = 3

    job = job_enqueue(
        task=tasks_for_tests.flaky,
        kind="test",
        label="Never",
        params={"key": "never", "fail_times": 99},
    )

    assert job.status == Job.Status.FAILED
    assert job.attempts == 3


@pytest.mark.django_db
def test_a_failed_job_can_be_retried_and_then_succeeds():
    job = job_enqueue(task=tasks_for_tests.broken, kind="test", label="Broken once")
    job.params = {"broken": False}  # the cause was fixed (e.g. the file replaced)
    job.save(update_fields=["params"])

    job = job_retry(job=job)

    assert job.status == Job.Status.SUCCEEDED
    assert Section.objects.filter(slug="half-written").exists()
    with pytest.raises(JobError):
        job_retry(job=job)


@queue_test
def test_the_same_work_queued_twice_is_one_job(database_queue):
    first = job_enqueue(
        task=tasks_for_tests.flaky,
        kind="test",
        label="Once",
        params={"key": "once", "fail_times": 0},
        dedupe_key="once",
    )
    second = job_enqueue(
        task=tasks_for_tests.flaky,
        kind="test",
        label="Once",
        params={"key": "once", "fail_times": 0},
        dedupe_key="once",
    )

    assert first.pk == second.pk
    assert Job.objects.count() == 1


@queue_test
def test_a_message_delivered_twice_runs_the_job_once(database_queue):
    job = job_enqueue(
        task=tasks_for_tests.flaky,
        kind="test",
        label="Twice",
        params={"key": "twice", "fail_times": 0},
    )
    tasks_for_tests.flaky.enqueue(job.pk)  # a duplicate message

    run_worker()

    assert tasks_for_tests.ATTEMPTS["twice"] == 1
    job.refresh_from_db()
    assert job.attempts == 1
