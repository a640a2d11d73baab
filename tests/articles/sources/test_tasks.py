"""The sources' jobs through the production queue: the citation services queue a snapshot as a
job that waits in the database until a real worker takes it, the link checker runs as a job
the same way, and editors follow both on the admin's Jobs page."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.citations import citation_save
from articles.models import Citation
from articles.sources.models import SourceSnapshot, SourceStatus
from jobs.models import Job
from jobs.services import job_retry
from tests.articles.sources.conftest import ARTICLE_TEXT
from tests.factories import PublishedArticleFactory
from tests.queue import run_worker

queue_test = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _cite(url: str) -> Citation:
    citation = Citation(
        article=PublishedArticleFactory(),
        kind=Citation.Kind.DOCUMENT,
        source_title="Budget statement",
        url=url,
        review=Citation.Review.CONFIRMED,
    )
    return citation_save(citation=citation, by=None)


def _jobs_page(client, **query) -> str:
    return client.get(reverse("admin:jobs_job_changelist"), query).content.decode()


@queue_test
def test_a_snapshot_waits_for_the_worker_and_editors_see_it_succeed_on_the_jobs_page(
    client, editor, local_site, database_queue, media_root
):
    url = local_site.html("/budget", "Budget 2026", ARTICLE_TEXT)

    citation = _cite(url)

    [job] = Job.objects.filter(kind="source_snapshot")
    assert job.status == Job.Status.QUEUED and job.label == f"Snapshot of {url}"
    assert not SourceSnapshot.objects.exists() and local_site.hits == []
    client.force_login(editor)
    assert f"Snapshot of {url}" in _jobs_page(client, status="queued")

    run_worker()

    job.refresh_from_db()
    snapshot = SourceSnapshot.objects.get(citation=citation)
    assert job.status == Job.Status.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (1, 1)
    citation.refresh_from_db()
    assert citation.archived_url == f"http://localhost/source-archive/{snapshot.key}/"
    assert f"Snapshot of {url}" in _jobs_page(client, status="succeeded")
    detail = client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert "Succeeded" in detail and "Budget 2026" in detail
    assert reverse("admin:articles_sourcesnapshot_change", args=[snapshot.pk]) in detail


@queue_test
def test_a_failed_snapshot_says_why_on_the_jobs_page_and_a_retry_takes_it(
    client, editor, local_site, database_queue, media_root
):
    url = local_site.set("/later", status=404, body=b"<h1>Not yet</h1>")
    citation = _cite(url)

    run_worker()

    job = Job.objects.get(kind="source_snapshot")
    assert job.status == Job.Status.FAILED
    assert job.error == "The page answered with HTTP 404."
    client.force_login(editor)
    detail = client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert "Failed" in detail and "The page answered with HTTP 404." in detail
    assert 'value="Retry"' in detail
    assert not SourceSnapshot.objects.filter(citation=citation).exists()

    local_site.html("/later", "Published at last", ARTICLE_TEXT)
    job_retry(job=job, by=editor)
    run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert SourceSnapshot.objects.get(citation=citation).title == "Published at last"


@queue_test
def test_the_link_checker_runs_as_a_job_on_the_queue_and_reports_its_progress(
    client, editor, local_site, database_queue, media_root
):
    citations = [_cite(local_site.html(f"/page-{n}", f"Page {n}", ARTICLE_TEXT)) for n in range(3)]
    run_worker()  # the snapshots
    local_site.set("/page-1", status=410)
    SourceStatus.objects.update(next_check_at=timezone.now() - timedelta(minutes=1))

    call_command("check_sources", "--enqueue", verbosity=0)
    job = Job.objects.get(kind="sources_check")
    assert job.status == Job.Status.QUEUED
    checked_before = len(local_site.hits)

    run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert len(local_site.hits) == checked_before + 3
    states = {s.citation_id: s.state for s in SourceStatus.objects.all()}
    assert states[citations[1].pk] == SourceStatus.State.GONE
    assert states[citations[0].pk] == states[citations[2].pk] == SourceStatus.State.OK
    client.force_login(editor)
    assert "Check cited sources" in _jobs_page(client, status="succeeded")
