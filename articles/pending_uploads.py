"""Images chosen in an article form that failed validation, kept in media storage under
``pending-uploads/`` so the journalist need not pick them again; and their removal once no form
can use them any more (the periodic ``pending_uploads_prune`` job, articles.tasks).

A kept file is named by a signed token the form carries; the token and the file last as long as
each other (``PENDING_UPLOAD_MAX_AGE``), whatever the storage backend (disk or S3)."""

import contextlib
import logging
import os
import uuid
from datetime import datetime, timedelta

from django.core import signing
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.utils import timezone
from django.utils.text import get_valid_filename

logger = logging.getLogger(__name__)

PENDING_UPLOADS = "pending-uploads"
PENDING_UPLOAD_MAX_AGE = 24 * 60 * 60
_PENDING_SALT = "articles.forms.pending-upload"


def pending_upload_keep(upload) -> str:
    """Store an upload from a form that failed validation and return a signed token for the
    form to carry; the token cannot be forged to open any other stored file. An upload that was
    itself kept keeps its first token, so the token never outlives the file."""
    if getattr(upload, "pending_token", None):
        return upload.pending_token
    upload.seek(0)
    safe = get_valid_filename(os.path.basename(upload.name)) or "image"
    name = default_storage.save(f"{PENDING_UPLOADS}/{uuid.uuid4().hex}/{safe}", upload)
    upload.seek(0)
    return signing.dumps(name, salt=_PENDING_SALT)


def pending_upload_open(token: str) -> File | None:
    """Return the kept upload a token stands for, or None if it is forged, old or gone."""
    try:
        name = signing.loads(token, salt=_PENDING_SALT, max_age=PENDING_UPLOAD_MAX_AGE)
    except signing.BadSignature:
        return None
    if not default_storage.exists(name):
        return None
    kept = File(default_storage.open(name, "rb"), name=os.path.basename(name))
    kept.pending_name = name
    kept.pending_token = token
    return kept


def _listing(storage: Storage, path: str) -> tuple[list[str], list[str]]:
    try:
        return storage.listdir(path)
    except FileNotFoundError:  # nothing was ever kept on this disk
        return [], []


def _remove_empty_folder(storage: Storage, path: str) -> None:
    """Remove a kept upload's folder once empty, where folders exist (on disk; object storage
    has none to remove)."""
    try:
        folder = storage.path(path)
    except NotImplementedError:
        return
    # Not empty (a file arrived meanwhile) or already gone: leave it.
    with contextlib.suppress(OSError):
        os.rmdir(folder)


def pending_uploads_prune(
    *, now: datetime | None = None, storage: Storage | None = None
) -> tuple[int, int]:
    """Delete the kept uploads older than PENDING_UPLOAD_MAX_AGE, whose tokens have expired.

    Return (files deleted, files left because the backend cannot tell their age). Works with any
    storage that lists folders; a backend without modification times keeps its files (and says
    so in the log) rather than losing ones a journalist may still be saving."""
    storage = storage or default_storage
    cutoff = (now or timezone.now()) - timedelta(seconds=PENDING_UPLOAD_MAX_AGE)
    deleted = undated = 0
    folders, loose = _listing(storage, PENDING_UPLOADS)
    groups = [(PENDING_UPLOADS, loose)] + [
        (f"{PENDING_UPLOADS}/{folder}", _listing(storage, f"{PENDING_UPLOADS}/{folder}")[1])
        for folder in folders
    ]
    for path, files in groups:
        emptied = False
        for file_name in files:
            name = f"{path}/{file_name}"
            try:
                modified = storage.get_modified_time(name)
            except NotImplementedError:
                undated += 1
                continue
            except FileNotFoundError:  # removed meanwhile (another worker, a save)
                continue
            if modified < cutoff:
                storage.delete(name)
                deleted += 1
                emptied = True
        # Only a folder this prune emptied: each upload has a folder of its own, so nothing is
        # being saved into it (a fresh, still empty one may be).
        if emptied and path != PENDING_UPLOADS:
            _remove_empty_folder(storage, path)
    if undated:
        logger.warning(
            "%d kept uploads left in %s: the storage backend (%s) cannot tell their age",
            undated,
            PENDING_UPLOADS,
            type(storage).__name__,
        )
    return deleted, undated
