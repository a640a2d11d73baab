"""Snapshots of cited pages, taken by the job the citation services queue, against the local
server: what is stored, where, and what readers and editors are served."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.citations import citation_confirm, citation_save
from articles.models import Citation
from articles.sources.models import SourceSnapshot, SourceStatus
from articles.sources.snapshots import fingerprint, fingerprint_distance
from tests.articles.sources.conftest import ARTICLE_TEXT, REWRITTEN_TEXT
from tests.factories import ArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def _cite(article, url, **fields):
    citation = Citation(
        article=article,
        kind=Citation.Kind.DOCUMENT,
        source_title="Budget statement",
        url=url,
        review=Citation.Review.CONFIRMED,
        **fields,
    )
    return citation_save(citation=citation, by=None)


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Run what the services queue after their transaction commits (the immediate backend
    then runs the job itself)."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def test_confirming_a_cited_page_stores_a_snapshot_and_fills_the_archived_copy(
    local_site, run_jobs
):
    url = local_site.html("/budget", "Budget 2026", ARTICLE_TEXT)
    article = PublishedArticleFactory()

    citation = run_jobs(_cite, article=article, url=url)

    snapshot = SourceSnapshot.objects.get(citation=citation)
    body = default_storage.open(snapshot.file.name).read()
    assert b"<title>Budget 2026</title>" in body
    assert snapshot.title == "Budget 2026"
    assert "wage bill frozen" in snapshot.text
    assert (snapshot.requested_url, snapshot.final_url, snapshot.status_code) == (url, url, 200)
    assert snapshot.content_hash == hashlib.sha256(body).hexdigest()
    assert snapshot.size == len(body) and snapshot.fetched_at is not None
    citation.refresh_from_db()
    assert citation.archived_url == f"http://localhost/source-archive/{snapshot.key}/"
    assert SourceStatus.objects.get(citation=citation).snapshot == snapshot


def test_an_archived_copy_the_editor_gave_is_kept(local_site, run_jobs):
    url = local_site.html("/budget", "Budget", ARTICLE_TEXT)
    theirs = "https://web.archive.org/web/2025/https://example.org/budget"

    citation = run_jobs(_cite, article=PublishedArticleFactory(), url=url, archived_url=theirs)

    citation.refresh_from_db()
    assert citation.archived_url == theirs
    assert citation.snapshots.count() == 1


def test_a_suggested_quotation_is_snapshotted_when_the_journalist_confirms_it(local_site, run_jobs):
    url = local_site.html("/interview", "Interview", ARTICLE_TEXT)
    citation = Citation.objects.create(
        article=ArticleFactory(),
        quote="Words",
        speaker_name="A Speaker",
        url=url,
        review=Citation.Review.SUGGESTED,
    )
    assert not SourceSnapshot.objects.exists()

    run_jobs(citation_confirm, citation=citation, by=None)

    assert citation.snapshots.count() == 1


def test_a_changed_address_gets_a_new_snapshot_and_our_copy_follows(local_site, run_jobs):
    first = local_site.html("/v1", "First", ARTICLE_TEXT)
    second = local_site.html("/v2", "Second", REWRITTEN_TEXT)
    citation = run_jobs(_cite, article=PublishedArticleFactory(), url=first)

    citation.url = second
    run_jobs(citation_save, citation=citation, by=None)

    latest = citation.snapshots.first()
    assert citation.snapshots.count() == 2 and latest.title == "Second"
    citation.refresh_from_db()
    assert citation.archived_url.endswith(f"/{latest.key}/")
    # Saving again without a new address fetches nothing more.
    run_jobs(citation_save, citation=citation, by=None)
    assert citation.snapshots.count() == 2


def test_a_pdf_is_stored_as_it_came(local_site, run_jobs):
    pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
    url = local_site.set("/report.pdf", body=pdf, content_type="application/pdf")

    citation = run_jobs(_cite, article=PublishedArticleFactory(), url=url)

    snapshot = citation.snapshots.get()
    assert snapshot.file.name.endswith(".pdf") and snapshot.is_pdf
    assert default_storage.open(snapshot.file.name).read() == pdf


@pytest.mark.parametrize(
    "page",
    [
        {"headers": {"X-Robots-Tag": "noarchive"}},
        {"headers": {"X-Robots-Tag": "newsroomsourcearchiver: none"}},
        {"meta": '<meta name="robots" content="index, noarchive">'},
    ],
)
def test_a_site_that_asks_not_to_be_archived_is_not(local_site, run_jobs, page):
    meta = page.get("meta", "")
    body = f"<html><head>{meta}<title>Private</title></head><body>Hi</body></html>".encode()
    url = local_site.set("/private", body=body, headers=page.get("headers", {}))

    citation = run_jobs(_cite, article=PublishedArticleFactory(), url=url)

    assert not citation.snapshots.exists()
    assert "asks not to be archived" in SourceStatus.objects.get(citation=citation).snapshot_problem
    citation.refresh_from_db()
    assert citation.archived_url == ""


def test_robots_rules_for_another_robot_do_not_stop_us(local_site, run_jobs):
    url = local_site.html("/p", "P", ARTICLE_TEXT, headers={"X-Robots-Tag": "otherbot: noarchive"})
    citation = run_jobs(_cite, article=PublishedArticleFactory(), url=url)
    assert citation.snapshots.count() == 1


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://10.0.0.8/internal", "private or reserved address"),
        ("http://169.254.169.254/latest/meta-data/", "private or reserved address"),
    ],
)
def test_a_private_address_is_never_fetched_and_the_reason_is_kept(run_jobs, url, problem):
    citation = run_jobs(_cite, article=PublishedArticleFactory(), url=url)

    assert not citation.snapshots.exists()
    assert problem in SourceStatus.objects.get(citation=citation).snapshot_problem


def test_a_missing_page_gives_no_snapshot_and_says_why(local_site, run_jobs):
    citation = run_jobs(_cite, article=PublishedArticleFactory(), url=local_site.url("/nope"))

    assert not citation.snapshots.exists()
    assert (
        SourceStatus.objects.get(citation=citation).snapshot_problem
        == "The page answered with HTTP 404."
    )


def test_readers_get_the_copy_sandboxed_with_a_notice(client, local_site, run_jobs):
    page = (
        "<html><head><title>T</title><script>alert(1)</script></head>"
        f"<body><p>{ARTICLE_TEXT}</p></body></html>"
    )
    url = local_site.set("/budget", body=page.encode())
    citation = run_jobs(_cite, article=PublishedArticleFactory(), url=url)

    response = client.get(citation.snapshots.get().get_absolute_url())

    csp = response["Content-Security-Policy"]
    assert "sandbox" in csp.split(";")[0] and "default-src 'none'" in csp
    assert "script-src" not in csp  # no exception to default-src 'none': no script runs
    assert response["X-Content-Type-Options"] == "nosniff"
    html = response.content.decode()
    assert "archived copy of" in html and url in html
    assert f'<base href="{url}">' in html and "wage bill frozen" in html


def test_snapshots_of_unpublished_pieces_are_not_public(client, local_site, run_jobs, editor):
    url = local_site.html("/budget", "Budget", ARTICLE_TEXT)
    citation = run_jobs(_cite, article=ArticleFactory(), url=url)
    snapshot = citation.snapshots.get()

    assert client.get(snapshot.get_absolute_url()).status_code == 404
    client.force_login(editor)
    admin_copy = client.get(reverse("admin:articles_sourcesnapshot_view", args=[snapshot.pk]))
    assert admin_copy.status_code == 200 and "sandbox" in admin_copy["Content-Security-Policy"]


def test_the_article_page_offers_our_archived_copy_under_the_source(client, local_site, run_jobs):
    url = local_site.html("/budget", "Budget", ARTICLE_TEXT)
    article = PublishedArticleFactory()
    citation = run_jobs(_cite, article=article, url=url)

    page = client.get(article.get_absolute_url()).content.decode()

    snapshot = citation.snapshots.get()
    link = f'<a href="{snapshot.get_absolute_url()}" rel="noopener noreferrer">'
    assert f"{link}View our archived copy</a>" in page
    assert f'<a href="{url}" rel="external noopener noreferrer">Budget statement</a>' in page


def test_the_snapshot_path_and_host_are_settings(settings, local_site, run_jobs):
    settings.NEWSROOM_SNAPSHOT_BASE_URL = "https://archive.example-usercontent.org"
    url = local_site.html("/budget", "Budget", ARTICLE_TEXT)
    citation = run_jobs(_cite, article=PublishedArticleFactory(), url=url)

    citation.refresh_from_db()
    assert citation.archived_url.startswith(
        "https://archive.example-usercontent.org/source-archive/"
    )


def test_fingerprints_tell_small_edits_from_rewrites():
    base = fingerprint(ARTICLE_TEXT)
    edited = fingerprint(ARTICLE_TEXT.replace("Tuesday", "Wednesday"))
    assert fingerprint_distance(base, edited) <= 12
    assert fingerprint_distance(base, fingerprint(REWRITTEN_TEXT)) > 12


def test_the_text_is_what_a_reader_sees_even_in_sloppy_html():
    from articles.sources.fetching import Response
    from articles.sources.snapshots import PageContent

    body = (
        "<html><head><title>A &amp; B</title><style>p{color:red}</style>"
        "<script>var hidden = 1;</script><body><h1>Heading</h1><p>First &eacute;t&eacute;"
        "<p>Second<noscript>enable js</noscript></body>"
    ).encode("latin-1")
    content = PageContent(
        Response("http://x/", 200, {"content-type": "text/html; charset=latin-1"}, body)
    )

    assert content.title == "A & B"
    assert content.text == "Heading\nFirst été\nSecond"
    assert content.encoding == "latin-1" and not content.opted_out


def test_editors_see_our_copy_in_the_citation_form(client, editor, local_site, run_jobs):
    url = local_site.html("/budget", "Budget", ARTICLE_TEXT)
    article = ArticleFactory()
    citation = run_jobs(_cite, article=article, url=url)
    run_jobs(_cite, article=article, url=local_site.url("/missing"))
    client.force_login(editor)

    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    html = page.decode()

    snapshot = citation.snapshots.get()
    assert reverse("admin:articles_sourcesnapshot_view", args=[snapshot.pk]) in html
    assert "No copy: The page answered with HTTP 404." in html


def test_pages_that_show_a_source_never_read_its_extracted_text(
    client, editor, local_site, run_jobs
):
    """A snapshot keeps the page's text (up to megabytes); the article page, the editors'
    lists, the piece's form and the copy itself are drawn without reading it."""
    url = local_site.html("/budget", "Budget", ARTICLE_TEXT)
    article = PublishedArticleFactory()
    snapshot = run_jobs(_cite, article=article, url=url).snapshots.get()
    text_column = ".".join(
        connection.ops.quote_name(name) for name in (SourceSnapshot._meta.db_table, "text")
    )
    client.force_login(editor)
    pages = [
        article.get_absolute_url(),
        snapshot.get_absolute_url(),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_sourcestatus_changelist") + "?flagged=all",
        reverse("admin:articles_sourcesnapshot_changelist"),
        reverse("admin:articles_sourcesnapshot_view", args=[snapshot.pk]),
    ]
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page)

        assert response.status_code == 200, page
        assert not [q["sql"] for q in queries if text_column in q["sql"]], page
    # Where the text is shown, it is there.
    shown = client.get(reverse("admin:articles_sourcesnapshot_change", args=[snapshot.pk]))
    assert "wage bill frozen" in shown.content.decode()
