"""Snapshots of cited pages: taken by a background job when a citation with an address is
confirmed or its address changes, stored in media storage, offered to readers as "our archived
copy" and to editors in the admin."""

import hashlib
import heapq
import logging
import re
from html.parser import HTMLParser

from bs4.dammit import UnicodeDammit
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Citation
from articles.sources.fetching import FetchFailed, FetchRefused, Limits, Response, fetch
from articles.sources.models import SourceSnapshot, SourceStatus

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
ARCHIVED_TYPES = (*HTML_TYPES, "application/pdf", "text/plain")
_EXTENSIONS = {"application/pdf": "pdf", "text/plain": "txt"}
_OPT_OUT = re.compile(r"\b(noarchive|none)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
SKETCH = 2048


class PageContent:
    """What a fetched page says: its title, its text, and whether it asks not to be archived."""

    def __init__(self, response: Response):
        self.title, self.text, self.encoding, self.opted_out = "", "", "", False
        self.opted_out = _header_opts_out(response.headers.get("x-robots-tag", ""))
        if response.content_type in HTML_TYPES:
            self._read_html(response)
        elif response.content_type == "text/plain":
            dammit = UnicodeDammit(response.body, [response.charset] if response.charset else [])
            self.encoding = dammit.original_encoding or "utf-8"
            self.text = (dammit.unicode_markup or "").strip()

    def _read_html(self, response: Response) -> None:
        known = [response.charset] if response.charset else []
        dammit = UnicodeDammit(response.body, known, is_html=True)
        self.encoding = dammit.original_encoding or "utf-8"
        reader = _TextReader()
        reader.feed(dammit.unicode_markup or "")
        reader.close()
        self.title = " ".join("".join(reader.title).split())[:500]
        self.opted_out = self.opted_out or reader.opted_out
        lines = (" ".join(line.split()) for line in "".join(reader.parts).split("\n"))
        self.text = "\n".join(line for line in lines if line)


class _TextReader(HTMLParser):
    """Collect a page's title, visible text and robots rules in one pass. The standard
    library's event parser rather than a tree: a 1 MB page reads in tens of milliseconds."""

    HIDDEN = {"script", "style", "noscript", "template", "svg"}
    BLOCKS = {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "table",
        "ul",
        "ol",
        "dd",
        "dt",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.opted_out = False
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            values = {name: (value or "") for name, value in attrs}
            robot = values.get("name", "").strip().lower()
            if robot in ("robots", "newsroomsourcearchiver") and _OPT_OUT.search(
                values.get("content", "")
            ):
                self.opted_out = True
        if tag in self.HIDDEN:
            self._hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif not self._hidden:
            self.parts.append(data)


def _header_opts_out(value: str) -> bool:
    """X-Robots-Tag: "noarchive" or "none", for every robot or for ours by name."""
    for directive in value.split(","):
        robot, _sep, rules = directive.rpartition(":")
        robot = robot.strip().lower()
        if robot in ("", "newsroomsourcearchiver") and _OPT_OUT.search(rules):
            return True
    return False


def fingerprint(text: str) -> str:
    """Return a 64-bit SimHash of ``text``'s three-word shingles, as 16 hex digits: pages
    that differ by a date or a counter keep nearly all bits, a rewritten page loses many.
    A long page is summed over its ``SKETCH`` smallest shingle hashes (a bottom-k sketch):
    which shingles those are depends on the content only, so an edit changes the sketch in
    proportion, and a 1 MB page costs milliseconds instead of seconds."""
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        return ""
    shingles = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    values = heapq.nsmallest(
        SKETCH,
        (
            int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big")
            for s in shingles
        ),
    )
    weights = [0] * 64
    for value in values:
        for bit in range(64):
            weights[bit] += 1 if value >> bit & 1 else -1
    result = sum(1 << bit for bit in range(64) if weights[bit] > 0)
    return f"{result:016x}"


def fingerprint_distance(a: str, b: str) -> int:
    """Return how many of the 64 bits differ (0 = same text; above ~12, substantially
    changed)."""
    if not a or not b:
        return 0 if a == b else 64
    return (int(a, 16) ^ int(b, 16)).bit_count()


def source_watch(*, citation: Citation) -> SourceStatus | None:
    """Start or update the watch on ``citation``'s address after the journalist confirmed or
    edited it; queue a snapshot when its current address has none. Called by the citation
    services, inside their transaction: the job starts once the change is committed."""
    if not citation.safe_url:
        # No address any more: nothing to watch (its snapshots stay, for the record).
        SourceStatus.objects.filter(citation=citation).delete()
        return None
    if citation.review != Citation.Review.CONFIRMED:
        return None
    status, created = SourceStatus.objects.get_or_create(
        citation=citation, defaults={"url": citation.url, "next_check_at": _next_check()}
    )
    if not created and status.url != citation.url:
        status.url = citation.url
        status.state = SourceStatus.State.PENDING
        status.final_url = status.fingerprint = status.snapshot_problem = ""
        status.flagged_at = status.dismissed_at = None
        status.link_to_archive = False
        status.failures = 0
        status.snapshot = None
        status.next_check_at = _next_check()
        status.save()
    elif not created and (status.snapshot_id or status.snapshot_problem):
        return status
    citation_id, url = citation.pk, citation.url
    transaction.on_commit(lambda: snapshot_enqueue(citation_id=citation_id, url=url))
    return status


def snapshot_enqueue(*, citation_id: int, url: str, by=None):
    """Queue the snapshot of a citation's page as a job, listed on the admin's Jobs page with
    its address, progress and outcome; return the job. A snapshot of the same citation still
    waiting is not queued twice (it reads the citation's address when it runs)."""
    from articles.sources.tasks import snapshot_citation
    from jobs.services import job_enqueue

    return job_enqueue(
        task=snapshot_citation,
        kind="source_snapshot",
        label=_("Snapshot of %(url)s") % {"url": url},
        params={"citation_id": citation_id},
        by=by,
        dedupe_key=f"source_snapshot:{citation_id}",
    )


def _next_check():
    from articles.sources.checking import next_check_time

    return next_check_time()


def snapshot_take(*, citation: Citation, by=None) -> SourceSnapshot | None:
    """Fetch ``citation``'s page and store it: HTML (text extracted) or PDF as received.
    Fill the citation's archived copy with our address unless the editor gave one. Return
    the snapshot, or None with the reason kept on the source's watch (refused address, opt-out,
    failure) so editors see why there is no copy."""
    status = source_watch_row(citation)
    url = citation.url
    limits = Limits.from_settings(content_types=ARCHIVED_TYPES)
    try:
        response = fetch(url, limits=limits)
    except (FetchRefused, FetchFailed) as problem:
        _no_snapshot(status, str(problem))
        return None
    if response.status >= 400:
        _no_snapshot(status, _("The page answered with HTTP %(code)d.") % {"code": response.status})
        return None
    content = PageContent(response)
    if content.opted_out:
        _no_snapshot(status, _("The site asks not to be archived (noarchive)."))
        return None
    snapshot = SourceSnapshot(
        citation=citation,
        requested_url=url,
        final_url=response.url,
        status_code=response.status,
        content_type=response.headers.get("content-type", response.content_type)[:200],
        encoding=content.encoding[:40],
        content_hash=hashlib.sha256(response.body).hexdigest(),
        fingerprint=fingerprint(content.text),
        title=content.title,
        text=content.text,
        size=len(response.body),
        fetched_at=timezone.now(),
    )
    extension = _EXTENSIONS.get(response.content_type, "html")
    # Through Django's default storage: the same code writes to disk or to S3.
    snapshot.file.save(f"{snapshot.key}.{extension}", ContentFile(response.body), save=False)
    with transaction.atomic():
        snapshot.save()
        SourceStatus.objects.filter(pk=status.pk).update(
            snapshot=snapshot, snapshot_problem="", final_url=response.url
        )
        current = Citation.objects.select_for_update().get(pk=citation.pk)
        if not current.archived_url or is_our_snapshot_url(current.archived_url):
            current.archived_url = snapshot.get_absolute_url()
            current.save(update_fields=["archived_url", "updated_at"])
        # The piece's Sources list changed: its cached pages are stale.
        Article.objects.filter(pk=citation.article_id).update(body_html_changed_at=timezone.now())
    return snapshot


def source_watch_row(citation: Citation) -> SourceStatus:
    status, _created = SourceStatus.objects.get_or_create(
        citation=citation, defaults={"url": citation.url, "next_check_at": _next_check()}
    )
    return status


def _no_snapshot(status: SourceStatus, reason: str) -> None:
    logger.info("No snapshot of %s: %s", status.url, reason)
    SourceStatus.objects.filter(pk=status.pk).update(snapshot_problem=reason[:300])


def is_our_snapshot_url(url: str) -> bool:
    from articles.sources.views import snapshot_url_prefix

    return url.startswith(snapshot_url_prefix())
