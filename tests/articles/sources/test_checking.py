"""The link checker against the local server: pages that stay, move, vanish, change and time
out, run through the queue's job; the per-host pace; the editors' list and its actions; and
readers of a piece whose source is gone."""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.citations import citation_save
from articles.models import Citation
from articles.sources.checking import (
    LOCK_KEY,
    SourceActionError,
    probe,
    probe_all,
    source_link_to_archive,
    sources_check,
    sources_enrol,
)
from articles.sources.models import SourceCheck, SourceStatus
from articles.sources.tasks import check_sources
from tests.articles.sources.conftest import ARTICLE_TEXT, REWRITTEN_TEXT, LocalSite, running
from tests.factories import ArticleFactory, CitationFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db
State = SourceStatus.State


@pytest.fixture
def cited(local_site, django_capture_on_commit_callbacks):
    """A published piece citing a page of the local server, snapshotted, its check due."""

    def make(path="/budget", text=ARTICLE_TEXT, article=None):
        url = local_site.html(path, "Budget", text)
        citation = Citation(
            article=article or PublishedArticleFactory(),
            kind=Citation.Kind.DOCUMENT,
            source_title="Budget statement",
            url=url,
        )
        with django_capture_on_commit_callbacks(execute=True):
            citation_save(citation=citation, by=None)
        _due()
        return SourceStatus.objects.get(citation=citation)

    return make


def _due():
    SourceStatus.objects.update(next_check_at=timezone.now() - timedelta(minutes=1))


def _check():
    """Run the periodic job through the queue backend and return the fresh watches."""
    result = check_sources.enqueue()
    assert result.status == "SUCCESSFUL", result.errors
    return result.return_value


def _state(status):
    status.refresh_from_db()
    return status.state


def test_an_unchanged_page_is_fine_and_its_check_is_kept(cited):
    status = cited()

    summary = _check()

    assert summary["checked"] == 1 and _state(status) == State.OK
    check = SourceCheck.objects.get(status=status)
    assert (check.status_code, check.outcome) == (200, State.OK)
    assert status.next_check_at > timezone.now() + timedelta(days=5)
    assert status.flagged_at is None


@pytest.mark.parametrize("code", [404, 410])
def test_a_page_that_vanishes_is_gone(cited, local_site, code):
    status = cited()
    local_site.set("/budget", status=code, body=b"gone")

    _check()

    assert _state(status) == State.GONE and status.flagged_at is not None


def test_a_page_that_moves_permanently_is_moved_with_its_new_address(cited, local_site):
    status = cited()
    new = local_site.html("/budget-2026", "Budget", ARTICLE_TEXT)
    local_site.move("/budget", "/budget-2026")

    _check()

    assert _state(status) == State.MOVED and status.final_url == new


def test_a_temporary_redirect_is_not_a_move(cited, local_site):
    status = cited()
    local_site.html("/elsewhere", "Budget", ARTICLE_TEXT)
    local_site.move("/budget", "/elsewhere", status=302)

    _check()

    assert _state(status) == State.OK


def test_a_rewritten_page_is_changed_but_a_small_edit_is_not(cited, local_site):
    edited, rewritten = cited("/edited"), cited("/rewritten")
    local_site.html("/edited", "Budget", ARTICLE_TEXT.replace("Tuesday", "Wednesday"))
    local_site.html("/rewritten", "Budget", REWRITTEN_TEXT)

    _check()

    assert _state(edited) == State.OK
    assert _state(rewritten) == State.CHANGED


def test_a_page_that_times_out_is_unreachable_only_after_repeated_failures(
    cited, local_site, settings
):
    settings.NEWSROOM_SOURCES_TIMEOUT = 0.5
    status = cited()
    local_site.html("/budget", "Budget", ARTICLE_TEXT, delay=1.5)

    states = []
    for _run in range(3):
        _due()
        _check()
        states.append(_state(status))

    assert states == [State.OK, State.OK, State.UNREACHABLE]
    assert [c.outcome for c in status.checks.order_by("id")] == [State.UNREACHABLE] * 3
    assert "No answer within" in status.checks.first().error


def test_a_source_back_to_normal_leaves_the_list(cited, local_site):
    status = cited()
    local_site.set("/budget", status=404)
    _check()
    local_site.html("/budget", "Budget", ARTICLE_TEXT)
    _due()
    _check()

    assert _state(status) == State.OK and status.flagged_at is None


def test_sources_of_unpublished_pieces_are_not_checked(cited, local_site):
    status = cited(article=ArticleFactory())

    assert _check()["checked"] == 0
    assert not status.checks.exists()


def test_sources_from_before_the_checker_are_enrolled_with_spread_out_first_checks(settings):
    settings.NEWSROOM_SOURCES_CHECK_DAYS = 7
    for n in range(20):
        CitationFactory(url=f"https://example.org/{n}", kind=Citation.Kind.DOCUMENT)
    CitationFactory(url="https://example.org/draft", article=ArticleFactory())
    CitationFactory(url="")

    assert sources_enrol() == 20
    times = list(SourceStatus.objects.values_list("next_check_at", flat=True))
    now = timezone.now()
    assert all(now <= t <= now + timedelta(days=7) for t in times)
    assert len({t.date() for t in times}) > 1  # not all at once
    assert sources_enrol() == 0


def test_a_run_already_going_is_not_doubled(cited):
    cited()
    cache.add(LOCK_KEY, "1")
    try:
        assert sources_check().checked == 0
    finally:
        cache.delete(LOCK_KEY)


def test_one_host_gets_at_most_one_request_per_interval_while_hosts_run_in_parallel(settings):
    settings.NEWSROOM_SOURCES_ALLOWED_NETWORKS = ["127.0.0.1/32", "127.0.0.2/32"]
    with running(LocalSite("127.0.0.1")) as one, running(LocalSite("127.0.0.2")) as two:
        for site in (one, two):
            site.html("/p", "P", "words")
        urls = [one.url("/p")] * 4 + [two.url("/p")] * 4

        found = probe_all(urls, per_host_interval=0.3, workers=4, deadline=float("inf"))

        assert len(found) == 8 and all(p.status_code == 200 for p in found.values())
        for site in (one, two):
            times = [hit.at for hit in site.hits]
            assert len(times) == 4
            assert min(b - a for a, b in pairwise(times)) >= 0.29
        # The two hosts were worked at the same time, not one after the other.
        assert min(h.at for h in two.hits) < max(h.at for h in one.hits)


def test_a_run_stops_at_its_deadline_and_leaves_the_rest_due(local_site):
    local_site.html("/p", "P", "words")
    urls = [local_site.url("/p")] * 5

    found = probe_all(urls, per_host_interval=10, workers=2, deadline=0)

    assert found == {}


def test_probing_a_private_address_is_refused(settings):
    found = probe("http://169.254.169.254/latest/meta-data/")
    assert found.refused and "private or reserved" in found.error


# The editors' list


def test_flagged_sources_are_listed_with_piece_snapshot_and_actions(
    client, editor, cited, local_site
):
    status = cited()
    local_site.set("/budget", status=410)
    _check()
    client.force_login(editor)

    page = client.get(reverse("admin:articles_sourcestatus_changelist")).content.decode()

    assert status.url in page and status.citation.article.title in page
    assert reverse("admin:articles_sourcesnapshot_view", args=[status.snapshot_id]) in page
    assert "Link readers to our copy" in page and "Dismiss" in page


def test_link_to_archive_sends_readers_to_our_copy(client, editor, cited, local_site):
    status = cited()
    article = status.citation.article
    client.force_login(editor)

    client.post(reverse("admin:articles_sourcestatus_link-to-archive", args=[status.pk]))

    status.refresh_from_db()
    assert status.link_to_archive and status.dismissed_at is not None
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    snapshot_url = status.snapshot.get_absolute_url()
    assert f'<a href="{snapshot_url}" rel="noopener noreferrer">Budget statement</a>' in page


def test_use_new_address_updates_the_citation_and_snapshots_it(
    client, editor, cited, local_site, django_capture_on_commit_callbacks
):
    status = cited()
    new = local_site.html("/budget-2026", "Budget 2026", ARTICLE_TEXT)
    local_site.move("/budget", "/budget-2026")
    _check()
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:articles_sourcestatus_use-new-address", args=[status.pk]))

    citation = Citation.objects.get(pk=status.citation_id)
    assert citation.url == new
    status.refresh_from_db()
    assert status.state == State.PENDING and status.flagged_at is None
    assert status.snapshot.title == "Budget 2026"


def test_dismiss_takes_a_source_off_the_list_until_its_state_changes(
    client, editor, cited, local_site
):
    status = cited()
    local_site.set("/budget", status=404)
    _check()
    client.force_login(editor)
    url = reverse("admin:articles_sourcestatus_changelist")

    client.post(reverse("admin:articles_sourcestatus_dismiss", args=[status.pk]))
    assert status.url not in client.get(url).content.decode()

    new = local_site.html("/b2", "Budget", ARTICLE_TEXT)
    local_site.move("/budget", "/b2")
    _due()
    _check()
    assert _state(status) == State.MOVED
    assert new in client.get(url).content.decode()


def test_writers_cannot_see_or_act_on_sources(client, writer, cited):
    status = cited()
    client.force_login(writer)

    assert client.get(reverse("admin:articles_sourcestatus_changelist")).status_code == 403
    client.post(reverse("admin:articles_sourcestatus_dismiss", args=[status.pk]))
    status.refresh_from_db()
    assert status.dismissed_at is None
    with pytest.raises(SourceActionError):
        source_link_to_archive(status=status, by=writer)


def test_the_list_costs_the_same_queries_however_many_sources(client, editor, cited, local_site):
    """Each row shows its piece and snapshot: they must come with the list, not a query each."""
    cited("/a")
    local_site.set("/a", status=404)
    _check()
    client.force_login(editor)
    url = reverse("admin:articles_sourcestatus_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(5):
        cited(f"/more-{n}")
        local_site.set(f"/more-{n}", status=410)
    _check()
    with CaptureQueriesContext(connection) as six:
        client.get(url)
    assert len(six) == len(one)


def test_readers_of_a_piece_whose_source_is_gone_get_the_archived_copy_first(
    client, cited, local_site
):
    status = cited()
    article = status.citation.article
    local_site.set("/budget", status=404)
    _check()

    page = client.get(article.get_absolute_url()).content.decode()

    status.refresh_from_db()
    snapshot_url = status.snapshot.get_absolute_url()
    assert f'<a href="{snapshot_url}" rel="noopener noreferrer">Budget statement</a>' in page
    assert "the original is no longer available" in page


def test_a_citation_whose_address_is_removed_is_no_longer_checked(cited):
    status = cited()
    citation = Citation.objects.get(pk=status.citation_id)
    citation.url = ""
    citation_save(citation=citation, by=None)

    assert not SourceStatus.objects.filter(pk=status.pk).exists()
    assert _check()["checked"] == 0
