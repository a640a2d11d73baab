"""The check_sources command: a run now against the local server, or the job queued."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Citation
from articles.sources.models import SourceStatus
from tests.articles.sources.conftest import local_site  # noqa: F401
from tests.factories import CitationFactory

pytestmark = pytest.mark.django_db


def test_a_run_reports_what_it_found(local_site):  # noqa: F811
    CitationFactory(url=local_site.url("/gone"), kind=Citation.Kind.DOCUMENT)
    local_site.html("/fine", "Fine", "Words.")
    CitationFactory(url=local_site.url("/fine"), kind=Citation.Kind.DOCUMENT)
    SourceStatus.objects.all().delete()
    out = StringIO()

    call_command("check_sources", stdout=out)  # enrols them, due within the week
    SourceStatus.objects.update(next_check_at=timezone.now() - timedelta(seconds=1))
    call_command("check_sources", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].endswith("2 newly watched.")
    assert lines[1] == "Checked 2 of 2 due sources (1 gone, 1 ok); 0 newly watched."


def test_the_periodic_job_runs_through_the_jobs_queue(local_site):  # noqa: F811
    from jobs.models import Job
    from jobs.schedule import schedule_due

    local_site.set("/gone", status=410)
    CitationFactory(url=local_site.url("/gone"), kind=Citation.Kind.DOCUMENT)
    SourceStatus.objects.all().delete()

    queued = schedule_due()

    job = Job.objects.get(pk=next(j.pk for j in queued if j.kind == "sources_check"))
    assert job.status == Job.Status.SUCCEEDED
    assert SourceStatus.objects.count() == 1  # enrolled by the run


def test_enqueue_queues_a_job(local_site):  # noqa: F811
    from jobs.models import Job

    out = StringIO()
    call_command("check_sources", "--enqueue", stdout=out)

    job = Job.objects.get(kind="sources_check")
    assert out.getvalue().strip() == f"Queued the link checker as job {job.pk}."
