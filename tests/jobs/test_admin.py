import pytest
from django.urls import reverse

from jobs.models import Job
from jobs.services import job_enqueue
from tests.jobs import tasks_for_tests

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_job():
    return job_enqueue(task=tasks_for_tests.broken, kind="import", label="Import of 3 documents")


def test_editors_see_state_progress_and_error_and_can_retry(client, editor, failed_job):
    client.force_login(editor)

    listing = client.get(reverse("admin:jobs_job_changelist"))
    page = client.get(reverse("admin:jobs_job_change", args=[failed_job.pk]))

    assert listing.status_code == 200
    assert "Import of 3 documents" in listing.text and "Failed" in listing.text
    assert "<progress" in listing.text
    assert "the document is not what it claims to be" in page.text
    assert 'value="Retry"' in page.text

    Job.objects.filter(pk=failed_job.pk).update(params={"broken": False})
    response = client.post(reverse("admin:jobs_job_retry", args=[failed_job.pk]), follow=True)

    assert "was queued again" in response.text
    failed_job.refresh_from_db()
    assert failed_job.status == Job.Status.SUCCEEDED


def test_writers_follow_jobs_but_cannot_retry_them(client, writer, failed_job):
    client.force_login(writer)

    page = client.get(reverse("admin:jobs_job_change", args=[failed_job.pk]))
    retry = client.post(reverse("admin:jobs_job_retry", args=[failed_job.pk]))

    assert page.status_code == 200
    assert 'value="Retry"' not in page.text
    assert retry.status_code == 403
    failed_job.refresh_from_db()
    assert failed_job.status == Job.Status.FAILED


def test_readers_without_an_account_never_see_jobs(client, failed_job):
    response = client.get(reverse("admin:jobs_job_changelist"))

    assert response.status_code == 302
