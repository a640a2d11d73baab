"""Bulk import from the admin: the upload is stored, a job imports each document."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from jobs.models import Job
from tests.factories import UserFactory
from tests.queue import run_worker

NILE = "Water Deals on the Nile\n\nBy Amara Diallo\n\nEgypt and Ethiopia met again on Tuesday.\n"
DAM = "# The Dam Question\n\nBy Sami Haddad\n\nThe reservoir is filling faster than planned.\n"


def archive(files: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name, content in files.items():
            zipped.writestr(name, content)
    return SimpleUploadedFile("desk.zip", buffer.getvalue(), content_type="application/zip")


@pytest.fixture
def chief(client):
    client.force_login(UserFactory(username="chief", is_superuser=True))
    return client


def post(client, *uploads, **fields):
    return client.post(
        reverse("admin:articles_article_bulk_import"),
        {"documents": list(uploads), **fields},
        follow=True,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_zip_of_documents_is_imported_by_a_worker_with_a_result_per_file(
    chief, database_queue, media_root
):
    upload = archive(
        {
            "nile.txt": NILE.encode(),
            "dam.md": DAM.encode(),
            "scan.pdf": b"%PDF-1.7 binary",
            "__MACOSX/._nile.txt": b"junk",
            ".DS_Store": b"junk",
        }
    )

    response = post(chief, upload)

    assert "3 documents are being imported." in response.text
    [job] = Job.objects.filter(kind="import")
    assert job.status == Job.Status.QUEUED and not Article.objects.exists()

    run_worker()

    job.refresh_from_db()
    assert set(Article.objects.values_list("title", flat=True)) == {
        "Water Deals on the Nile",
        "The Dam Question",
    }
    assert (job.progress_done, job.progress_total) == (2, 3)
    assert job.status == Job.Status.FAILED
    assert "scan.pdf" in job.error
    outcome = {item["item"]: item["ok"] for item in job.results}
    assert outcome == {"nile.txt": True, "dam.md": True, "scan.pdf": False}
    page = chief.get(reverse("admin:jobs_job_change", args=[job.pk])).text
    assert "Imported “The Dam Question” as a draft." in page
    assert 'value="Retry"' in page


@pytest.mark.django_db
def test_a_retry_imports_only_the_files_that_failed(chief, media_root):
    from articles.importing import Source, article_import

    existing = article_import(source=Source(name="nile.txt", content=NILE), by=None).article
    post(
        chief,
        SimpleUploadedFile("nile.txt", NILE.encode()),
        SimpleUploadedFile("dam.md", DAM.encode()),
    )
    job = Job.objects.get(kind="import")
    assert job.status == Job.Status.FAILED  # nile.txt duplicates an existing piece
    assert [item["item"] for item in job.failed_items] == ["nile.txt"]

    Article.objects.filter(pk=existing.pk).update(title="Old copy")  # the editor renamed it
    chief.post(reverse("admin:jobs_job_retry", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    titles = sorted(Article.objects.values_list("title", flat=True))
    assert titles == ["Old copy", "The Dam Question", "Water Deals on the Nile"]  # dam.md once
    assert not (media_root / "imports").exists() or not any((media_root / "imports").rglob("*.*"))


@pytest.mark.django_db
def test_a_damaged_archive_is_refused_before_anything_is_stored(chief, media_root):
    response = post(chief, SimpleUploadedFile("desk.zip", b"PK\x03\x04 not really"))

    assert "desk.zip: this is not a readable .zip archive." in response.text
    assert not Job.objects.exists()
    assert not (media_root / "imports").exists()


@pytest.mark.django_db
def test_a_document_over_the_limit_inside_an_archive_is_named(chief, media_root, settings):
    settings.NEWSROOM_IMPORT_MAX_BYTES = 100

    response = post(chief, archive({"long.txt": b"x" * 500}))

    assert "desk.zip/long.txt: the file is" in response.text
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_writers_without_the_right_to_add_cannot_bulk_import(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(reverse("admin:articles_article_bulk_import"))

    assert response.status_code == 403
