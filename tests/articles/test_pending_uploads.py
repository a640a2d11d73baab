"""Images kept from article forms that failed validation are removed by the periodic job once
their day is over, on disk and in object storage; fresh ones stay usable."""

import os
from datetime import timedelta

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.pending_uploads import (
    PENDING_UPLOAD_MAX_AGE,
    PENDING_UPLOADS,
    pending_upload_keep,
    pending_upload_open,
    pending_uploads_prune,
)
from jobs.models import Job
from jobs.schedule import schedule_due
from tests.conftest import bucket_keys
from tests.images import png_bytes

pytestmark = pytest.mark.django_db


def _kept(name: str) -> tuple[str, str]:
    """Keep an upload as a failed form does; return its token and stored name."""
    token = pending_upload_keep(SimpleUploadedFile(name, png_bytes()))
    kept = pending_upload_open(token)
    kept.close()
    return token, kept.pending_name


def _age(media_root, stored: str, seconds: int) -> None:
    path = media_root / stored
    then = (timezone.now() - timedelta(seconds=seconds)).timestamp()
    os.utime(path, (then, then))


def test_the_periodic_job_removes_kept_images_older_than_a_day(settings, media_root):
    _old_token, old = _kept("harbour.png")
    fresh_token, fresh = _kept("quay.png")
    _age(media_root, old, PENDING_UPLOAD_MAX_AGE + 60)
    _age(media_root, fresh, PENDING_UPLOAD_MAX_AGE - 3600)
    settings.NEWSROOM_PERIODIC_JOBS = {
        "pending_uploads_prune": settings.NEWSROOM_PERIODIC_JOBS["pending_uploads_prune"]
    }

    [job] = schedule_due()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.progress_done == 1
    assert not (media_root / old).exists()
    assert not (media_root / old).parent.exists()  # no empty folder left behind either
    assert (media_root / fresh).exists()
    assert pending_upload_open(fresh_token) is not None


def test_kept_images_in_object_storage_are_removed_once_their_day_is_over(object_storage):
    _token, stored = _kept("harbour.png")
    key = f"newsroom/{stored}"
    assert key in bucket_keys(object_storage)

    assert pending_uploads_prune(now=timezone.now() + timedelta(hours=23)) == (0, 0)
    assert key in bucket_keys(object_storage)

    assert pending_uploads_prune(now=timezone.now() + timedelta(hours=25)) == (1, 0)
    assert key not in bucket_keys(object_storage)


class _StorageWithoutTimes(FileSystemStorage):
    def get_modified_time(self, name):
        raise NotImplementedError("this backend keeps no modification times")


def test_a_storage_that_cannot_tell_a_files_age_keeps_it(media_root, caplog):
    _token, stored = _kept("harbour.png")
    _age(media_root, stored, PENDING_UPLOAD_MAX_AGE * 3)
    storage = _StorageWithoutTimes(location=media_root)

    assert pending_uploads_prune(storage=storage) == (0, 1)
    assert (media_root / stored).exists()
    assert "cannot tell their age" in caplog.text


def test_nothing_kept_yet_is_nothing_to_do(media_root):
    assert not default_storage.exists(PENDING_UPLOADS)
    assert pending_uploads_prune() == (0, 0)


def test_an_image_kept_again_keeps_its_first_token_so_it_expires_with_its_file(media_root):
    token, _stored = _kept("harbour.png")

    again = pending_upload_keep(pending_upload_open(token))

    assert again == token
    assert len(os.listdir(media_root / PENDING_UPLOADS)) == 1
