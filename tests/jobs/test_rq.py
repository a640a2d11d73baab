"""The Redis queue (RQ) as the alternative to the database queue: the same jobs, run by RQ's
worker, against the real Redis at 127.0.0.1:6379 (database 3)."""

import django_rq
import pytest
from rq import SimpleWorker

from jobs.models import Job
from jobs.services import job_enqueue
from tests.jobs import tasks_for_tests

RQ_QUEUE = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


@pytest.fixture
def redis_queue(settings):
    settings.TASKS = RQ_QUEUE
    queue = django_rq.get_queue("default")
    queue.empty()
    yield queue
    queue.empty()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_waits_in_redis_until_an_rq_worker_runs_it(redis_queue):
    job = job_enqueue(
        task=tasks_for_tests.flaky,
        kind="test",
        label="Through Redis",
        params={"key": "rq", "fail_times": 0},
    )

    assert job.status == Job.Status.QUEUED
    assert redis_queue.count == 1

    worker = django_rq.get_worker(
        "default", worker_class=SimpleWorker, job_class="django_tasks_rq.Job"
    )
    worker.work(burst=True)

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert redis_queue.count == 0
    assert job.task_result_id
