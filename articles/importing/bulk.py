"""Import many documents from the admin: the upload (several files, or .zip archives of them) is
checked and stored in the request, and a background job imports each document as a draft, with
a progress bar and one result per file on the admin's Jobs page.

Each document is imported in its own transaction (``article_import``), so a file that fails
creates nothing and the others go on; the job then ends as failed, naming the files, and its
Retry button imports only those that failed (after, say, the limit was raised)."""

import posixpath
import uuid
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.importing.service import article_import
from articles.importing.sources import ImportProblem, Source, check_size
from articles.models import Section
from jobs.models import Job
from jobs.services import JobProgress, job_enqueue

# Where uploaded documents wait for the worker: in media storage, so that a worker on another
# machine reads them (the object-storage bucket in production).
UPLOADS_DIR = "imports"
# An archive may hold at most this many documents, so one upload cannot queue a flood.
MAX_DOCUMENTS = 2000


def documents_from_uploads(uploads: list) -> list[Source]:
    """Return the documents in ``uploads`` (uploaded files; a .zip stands for the documents
    inside it, hidden files and folders aside). Raise ImportProblem, before anything is
    stored, for a damaged archive, one with too many documents, or a document over the size
    limit (checked on the archive's own record of sizes, before decompressing anything)."""
    documents: list[Source] = []
    for upload in uploads:
        name = posixpath.basename(upload.name)
        if name.lower().endswith(".zip"):
            documents += _archive_documents(name, upload)
        else:
            check_size(name, upload.size)
            documents.append(Source(name=name, content=upload.read()))
        if len(documents) > MAX_DOCUMENTS:
            raise ImportProblem(
                name,
                _("more than %(count)d documents in one import; split it.")
                % {"count": MAX_DOCUMENTS},
            )
    if not documents:
        raise ImportProblem(_("the upload"), _("there is no document in it."))
    return documents


def _archive_documents(name: str, upload) -> list[Source]:
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError):
        raise ImportProblem(name, _("this is not a readable .zip archive.")) from None
    documents = []
    with archive:
        for info in archive.infolist():
            parts = info.filename.split("/")
            if info.is_dir() or any(part.startswith((".", "__MACOSX")) for part in parts):
                continue
            member = f"{name}/{info.filename}"
            check_size(member, info.file_size)
            try:
                content = archive.read(info)
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as error:
                problem = _("could not be read: %(error)s") % {"error": error}
                raise ImportProblem(member, problem) from error
            documents.append(Source(name=info.filename, content=content))
    return documents


def bulk_import_enqueue(
    *, documents: list[Source], by, section: Section | None = None, allow_duplicate: bool = False
) -> Job:
    """Store ``documents`` and queue the job importing them; return the job."""
    from articles.tasks import articles_bulk_import

    batch = uuid.uuid4().hex
    files = []
    for position, document in enumerate(documents, start=1):
        content = document.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        safe = posixpath.basename(document.name).replace(" ", "_")[-80:] or "document"
        stored = default_storage.save(
            f"{UPLOADS_DIR}/{batch}/{position:05d}-{safe}", ContentFile(content)
        )
        files.append({"name": document.name, "path": stored})
    count = len(files)
    return job_enqueue(
        task=articles_bulk_import,
        kind="import",
        label=ngettext("Import of %(count)d document", "Import of %(count)d documents", count)
        % {"count": count},
        params={
            "files": files,
            "section_id": section.pk if section else None,
            "allow_duplicate": allow_duplicate,
        },
        by=by,
    )


def bulk_import_run(progress: JobProgress) -> None:
    """Import each stored document not imported by an earlier attempt; record one result per
    file. The job ends as failed, naming them, if any could not be imported."""
    params = progress.params
    files = params["files"]
    section = Section.objects.filter(pk=params.get("section_id")).first()
    by = progress.job.created_by
    done = progress.succeeded_items()
    progress.total(len(files))
    progress.done(len(done & {entry["name"] for entry in files}))
    for entry in files:
        name = entry["name"]
        if name in done:
            continue
        try:
            with default_storage.open(entry["path"], "rb") as stored:
                content = stored.read()
        except OSError:
            progress.result(name, ok=False, message=_("The uploaded file is missing."))
            continue
        try:
            result = article_import(
                source=Source(name=name, content=content),
                by=by,
                section=section,
                allow_duplicate=params.get("allow_duplicate", False),
            )
        except ImportProblem as problem:
            progress.result(name, ok=False, message=problem.problem)
            continue
        article = result.article
        progress.result(
            name,
            ok=True,
            message=_("Imported “%(title)s” as a draft.") % {"title": article.title},
            url=reverse("admin:articles_article_change", args=[article.pk]),
        )
        progress.advance()
        default_storage.delete(entry["path"])
    failed = [item["item"] for item in progress.job.results if not item.get("ok")]
    if failed:
        progress.fail(
            ngettext(
                "%(count)d document could not be imported: %(names)s",
                "%(count)d documents could not be imported: %(names)s",
                len(failed),
            )
            % {"count": len(failed), "names": ", ".join(failed[:10])}
        )
