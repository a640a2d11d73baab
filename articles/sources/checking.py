"""The link checker: every source address of a published piece is fetched again on a schedule,
its answer kept as history, and the source flagged when it has moved, gone or changed.

Checks are spread over the interval (each source gets its own next time, with some jitter) and
no host gets more than one request per ``NEWSROOM_SOURCES_HOST_INTERVAL`` seconds: hosts are
worked in parallel, each host's addresses one after the other. Fetching happens in threads that
never touch the database; what they found is written afterwards by the job's own thread.
"""

import hashlib
import random
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import roles
from articles.models import Article, Citation
from articles.sources.fetching import FetchFailed, FetchRefused, Limits, fetch
from articles.sources.models import SourceCheck, SourceStatus
from articles.sources.snapshots import PageContent, fingerprint, fingerprint_distance

State = SourceStatus.State
GONE_CODES = {404, 410, 451}
# Bits of the 64-bit text fingerprint that must differ for a page to count as changed: a new
# date or a comment count moves a few, a rewritten article moves a third or more.
CHANGED_BITS = 12
# A host that fails this many checks in a row is flagged as unreachable (one failure is
# usually the network, not the source).
FAILURES_BEFORE_FLAG = 3
LOCK_KEY = "newsroom:sources:check-running"


class SourceActionError(Exception):
    """An editor's action on a source that cannot be taken; the message says why."""


def next_check_time(now: datetime | None = None, *, first: bool = False) -> datetime:
    """Return when a source is next checked: about one interval from ``now``, jittered so
    that sources added together do not all come due together (the first check anywhere in
    the first interval)."""
    now = now or timezone.now()
    interval = timedelta(days=settings.NEWSROOM_SOURCES_CHECK_DAYS)
    share = random.uniform(0.0, 1.0) if first else random.uniform(0.85, 1.15)  # noqa: S311
    return now + interval * share


@dataclass
class Probe:
    """What one fetch of a source address found (no database access needed)."""

    url: str
    checked_at: datetime
    status_code: int | None = None
    final_url: str = ""
    moved: bool = False
    content_hash: str = ""
    fingerprint: str = ""
    error: str = ""
    refused: bool = False


def probe(url: str) -> Probe:
    """Fetch ``url`` once and say what came back."""
    result = Probe(url=url, checked_at=timezone.now())
    try:
        response = fetch(url, limits=Limits.from_settings())
    except FetchRefused as problem:
        result.error, result.refused = str(problem), True
        return result
    except FetchFailed as problem:
        result.error = str(problem)
        return result
    result.status_code = response.status
    result.final_url = response.url
    result.moved = response.moved_permanently
    result.content_hash = hashlib.sha256(response.body).hexdigest()
    if response.status < 400:
        result.fingerprint = content_fingerprint(PageContent(response).text, result.content_hash)
    return result


def content_fingerprint(text: str, content_hash: str) -> str:
    """The text's SimHash, or for a page without text (a PDF) the start of its SHA-256, which
    differs in about half its bits from any other content's and so always reads as changed."""
    return fingerprint(text) or content_hash[:16]


def probe_all(
    urls: list[str],
    *,
    per_host_interval: float,
    workers: int,
    deadline: float,
    probe=probe,
) -> dict[int, Probe]:
    """Probe every address in ``urls`` (by index) until ``deadline`` (``time.monotonic``),
    at most one request per host per ``per_host_interval`` seconds; return what was probed."""
    by_host: dict[str, list[int]] = defaultdict(list)
    for index, url in enumerate(urls):
        by_host[(urlsplit(url).hostname or "").lower()].append(index)
    results: dict[int, Probe] = {}
    lock = threading.Lock()

    def work(indices: list[int]) -> None:
        next_start = 0.0
        for index in indices:
            wait = next_start - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            if time.monotonic() >= deadline:
                return
            found = probe(urls[index])
            # Counted from the end of the request: the host then never sees two requests
            # closer than the interval, however slow the network made the first one.
            next_start = time.monotonic() + per_host_interval
            with lock:
                results[index] = found

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(by_host) or 1))) as pool:
        # The busiest hosts first, so that they are not the ones left when time runs out.
        for indices in sorted(by_host.values(), key=len, reverse=True):
            pool.submit(work, indices)
    return results


def sources_enrol(*, now: datetime | None = None) -> int:
    """Start watching the addresses of published pieces' confirmed citations that have no
    watch yet (sources from before the checker, or confirmed by a script); return how many.
    Their first checks are spread over the first interval."""
    now = now or timezone.now()
    missing = (
        Citation.objects.filter(
            review=Citation.Review.CONFIRMED,
            source_status__isnull=True,
            article__in=Article.objects.published().values("pk"),
        )
        .exclude(url="")
        .values_list("pk", "url")
    )
    rows = [
        SourceStatus(citation_id=pk, url=url, next_check_at=next_check_time(now, first=True))
        for pk, url in missing
        if url.lower().startswith(("http://", "https://"))
    ]
    SourceStatus.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(rows)


def sources_due(*, now: datetime | None = None, limit: int = 1000) -> list[SourceStatus]:
    """Return the watched sources of published pieces whose check is due, oldest due first."""
    now = now or timezone.now()
    return list(
        SourceStatus.objects.filter(
            next_check_at__lte=now,
            citation__review=Citation.Review.CONFIRMED,
            citation__article__in=Article.objects.published().values("pk"),
        )
        .select_related("snapshot")
        .order_by("next_check_at", "id")[:limit]
    )


def _outcome(status: SourceStatus, found: Probe) -> tuple[str, bool]:
    """Return the check's outcome and whether it counts as a failure of the host."""
    if found.refused:
        return State.UNREACHABLE, True
    if found.error or found.status_code is None:
        return State.UNREACHABLE, True
    if found.status_code in GONE_CODES:
        return State.GONE, False
    if found.status_code >= 400:
        return State.UNREACHABLE, True
    if found.moved:
        return State.MOVED, False
    baseline = status.snapshot.fingerprint if status.snapshot_id else status.fingerprint
    if baseline and fingerprint_distance(baseline, found.fingerprint) > CHANGED_BITS:
        return State.CHANGED, False
    return State.OK, False


@transaction.atomic
def source_check_record(*, status: SourceStatus, found: Probe) -> SourceCheck:
    """Keep ``found`` in the source's history and move its state: a failure counts towards
    "unreachable", any other outcome becomes the state at once. A new flag undoes an earlier
    dismissal; a source found fine again is no longer flagged."""
    outcome, failed = _outcome(status, found)
    check = SourceCheck.objects.create(
        status=status,
        checked_at=found.checked_at,
        url=status.url,
        final_url=found.final_url[:1000],
        status_code=found.status_code,
        outcome=outcome,
        content_hash=found.content_hash,
        fingerprint=found.fingerprint,
        error=found.error[:300],
    )
    status.failures = status.failures + 1 if failed else 0
    new_state = outcome
    if failed and status.failures < FAILURES_BEFORE_FLAG and not found.refused:
        new_state = status.state if status.state != State.PENDING else State.OK
    if not status.fingerprint and found.fingerprint and outcome == State.OK:
        status.fingerprint = found.fingerprint
    if new_state in SourceStatus.FLAGGED:
        if new_state != status.state or status.flagged_at is None:
            status.flagged_at = found.checked_at
            status.dismissed_at = None
    else:
        status.flagged_at = None
    status.state = new_state
    if found.final_url:
        status.final_url = found.final_url[:1000]
    status.last_checked_at = found.checked_at
    status.next_check_at = next_check_time(found.checked_at)
    status.save()
    return check


@dataclass
class CheckRun:
    enrolled: int = 0
    due: int = 0
    checked: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


def sources_check(
    *,
    now: datetime | None = None,
    limit: int | None = None,
    run_seconds: float | None = None,
    probe=probe,
    progress=None,
) -> CheckRun:
    """Check the sources that are due, within a time budget; those left over stay due for the
    next run. One run at a time (a cache lock): two runs would double the load on each host.
    ``progress`` (a job's ``JobProgress``) hears how many are due and how many were checked;
    what was found is on "Sources to look at"."""
    budget = run_seconds or settings.NEWSROOM_SOURCES_CHECK_RUN_SECONDS
    if not cache.add(LOCK_KEY, "1", timeout=int(budget) + 60):
        return CheckRun()
    try:
        run = CheckRun(enrolled=sources_enrol(now=now))
        due = sources_due(now=now, limit=limit or settings.NEWSROOM_SOURCES_CHECK_BATCH)
        run.due = len(due)
        if progress is not None:
            progress.total(len(due))
        found = probe_all(
            [status.url for status in due],
            per_host_interval=settings.NEWSROOM_SOURCES_HOST_INTERVAL,
            workers=settings.NEWSROOM_SOURCES_CHECK_WORKERS,
            deadline=time.monotonic() + budget,
            probe=probe,
        )
        for index, result in sorted(found.items()):
            check = source_check_record(status=due[index], found=result)
            run.outcomes[check.outcome] = run.outcomes.get(check.outcome, 0) + 1
        run.checked = len(found)
        if progress is not None:
            progress.done(run.checked)
        return run
    finally:
        cache.delete(LOCK_KEY)


def _require_editor(by) -> None:
    if not roles.is_editor(by):
        raise SourceActionError(_("Only an editor can act on flagged sources."))


def _touch(article_id: int) -> None:
    Article.objects.filter(pk=article_id).update(body_html_changed_at=timezone.now())


@transaction.atomic
def source_link_to_archive(*, status: SourceStatus, by) -> SourceStatus:
    """Point readers' link for this source at our archived copy, and take it off the list."""
    _require_editor(by)
    if not status.snapshot_id:
        raise SourceActionError(_("There is no archived copy of this source to link to."))
    status.link_to_archive = True
    status.dismissed_at = timezone.now()
    status.save(update_fields=["link_to_archive", "dismissed_at"])
    _touch(status.citation.article_id)
    return status


@transaction.atomic
def source_dismiss(*, status: SourceStatus, by) -> SourceStatus:
    """The editor looked and the source is fine as it is: off the list until its state
    changes again."""
    _require_editor(by)
    status.dismissed_at = timezone.now()
    status.save(update_fields=["dismissed_at"])
    return status


def source_update_url(*, status: SourceStatus, url: str, by) -> Citation:
    """Give the citation the source's new address (where it moved to). Goes through the
    citation service, which restarts the watch and takes a snapshot of the new address."""
    from articles.citations import CitationError, citation_save

    _require_editor(by)
    url = (url or "").strip()
    if not url.lower().startswith(("http://", "https://")):
        raise SourceActionError(_("A source's address must start with http:// or https://."))
    citation = Citation.objects.get(pk=status.citation_id)
    citation.url = url
    try:
        return citation_save(citation=citation, by=by)
    except CitationError as error:
        raise SourceActionError(str(error)) from error
    except ValidationError as error:
        raise SourceActionError(" ".join(error.messages)) from error
