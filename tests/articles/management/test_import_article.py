import io
import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from people.models import Author
from tests import documents
from tests.factories import SectionFactory

pytestmark = pytest.mark.django_db

REPORT_KEYS = {
    "id",
    "title",
    "slug",
    "status",
    "authors",
    "paragraphs",
    "entities",
    "citations",
    "warnings",
}


def run(*args):
    """Run the command; return (stdout, stderr, error) as a user at a terminal would see them."""
    stdout, stderr = io.StringIO(), io.StringIO()
    error = None
    try:
        call_command("import_article", *map(str, args), stdout=stdout, stderr=stderr)
    except CommandError as raised:
        error = raised
    return stdout.getvalue(), stderr.getvalue(), error


def test_json_output_for_the_seed_is_one_object_per_document(shared_fixtures):
    seed = shared_fixtures / "seed" / "haftar-in-moscow.txt"

    stdout, stderr, error = run(seed, "--json")

    assert error is None
    lines = stdout.strip().splitlines()
    assert len(lines) == 1
    report = json.loads(lines[0])
    assert set(report) == REPORT_KEYS
    assert report["title"] == "Haftar in Moscow to Plot New Conspiracies"
    assert report["authors"] == ["Brenna Haggerty"]
    assert report["status"] == "draft"
    assert report["paragraphs"] == 5  # five body paragraphs, as the gold: the byline is not one
    names = {entity["name"]: entity for entity in report["entities"]}
    assert names["Khalifa Haftar"]["kind"] == "person" and names["Khalifa Haftar"]["new"] is True
    gold = json.loads((shared_fixtures / "seed" / "haftar-in-moscow.gold.json").read_text())
    assert report["citations"] == [
        {key: quote[key] for key in ("quote", "speaker", "affiliation")}
        for quote in gold["citations"]
    ]
    assert Article.objects.get(pk=report["id"]).slug == report["slug"]
    assert "Done: 1 imported, 0 skipped, 0 failed." in stderr


def test_without_json_a_readable_summary_is_printed(tmp_path):
    path = tmp_path / "nile.md"
    path.write_text(documents.markdown_text())

    stdout, _stderr, error = run(path)

    assert error is None
    assert f"Imported {path}: “Water Deals on the Nile” as draft #" in stdout
    assert "by Amara Diallo, 4 paragraph(s)." in stdout  # four body blocks; the byline is not one
    assert "Done: 1 imported, 0 skipped, 0 failed." in stdout


def test_a_directory_imports_everything_reports_failures_and_goes_on(tmp_path):
    (tmp_path / "a.md").write_text(documents.markdown_text())
    (tmp_path / "b.docx").write_bytes(documents.docx_bytes(title="Second piece"))
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.pdf").write_bytes(b"%PDF-1.4 binary")
    (tmp_path / "e.html").write_text(documents.word_html(title="Third piece"))

    stdout, stderr, error = run(tmp_path, "--json")

    assert sorted(json.loads(line)["title"] for line in stdout.splitlines()) == [
        "Second piece",
        "Third piece",
        "Water Deals on the Nile",
    ]
    assert f"Failed {tmp_path / 'c.txt'}: the file is empty" in stderr
    assert f"Failed {tmp_path / 'd.pdf'}: this is a PDF" in stderr
    assert "Done: 3 imported, 0 skipped, 2 failed." in stderr
    assert "2 document(s) could not be imported" in str(error)
    assert Article.objects.count() == 3


def test_duplicates_are_skipped_with_a_warning_unless_allowed(tmp_path):
    path = tmp_path / "nile.md"
    path.write_text(documents.markdown_text())
    run(path)

    stdout, stderr, error = run(path, "--json")
    assert error is None and stdout == ""
    assert "identical to the existing article" in stderr
    assert "Done: 0 imported, 1 skipped, 0 failed." in stderr

    stdout, _stderr, error = run(path, "--json", "--allow-duplicate")
    assert error is None
    assert json.loads(stdout)["slug"] == "water-deals-on-the-nile-2"


def test_section_and_authors_options_apply_to_every_draft(tmp_path):
    section = SectionFactory(slug="mena")
    path = tmp_path / "nile.md"
    path.write_text(documents.markdown_text())

    stdout, _stderr, error = run(
        path, "--section", "mena", "--author", "Ana López", "--author", "Tom Reyes", "--json"
    )

    assert error is None
    report = json.loads(stdout)
    assert report["authors"] == ["Ana López", "Tom Reyes"]
    assert Article.objects.get(pk=report["id"]).section == section


def test_an_unknown_section_stops_before_anything_is_imported(tmp_path):
    path = tmp_path / "nile.md"
    path.write_text(documents.markdown_text())

    _stdout, _stderr, error = run(path, "--section", "nowhere")

    assert "no section with the slug 'nowhere'" in str(error)
    assert not Article.objects.exists()
    assert not Author.objects.exists()


def test_a_missing_file_is_a_failure_named_in_the_output(tmp_path):
    _stdout, stderr, error = run(tmp_path / "missing.txt")

    assert f"Failed {tmp_path / 'missing.txt'}: there is no such file" in stderr
    assert error is not None


def test_into_imports_a_new_version_of_a_draft_through_the_edit_path(tmp_path):
    from tests.factories import ArticleFactory

    article = ArticleFactory(slug="nile-deals", title="Old headline", body="<p>Old text.</p>")
    path = tmp_path / "nile.md"
    path.write_text(documents.markdown_text())

    stdout, _stderr, error = run(path, "--into", "nile-deals")

    assert error is None
    article.refresh_from_db()
    assert article.title == "Water Deals on the Nile"
    assert "Old text." not in article.body
    assert Article.objects.count() == 1
    assert article.revisions.first().snapshot["title"] == "Water Deals on the Nile"
    assert "“Water Deals on the Nile”" in stdout


def test_into_a_live_piece_leaves_the_new_version_pending(tmp_path):
    from tests.factories import PublishedArticleFactory

    article = PublishedArticleFactory(slug="nile-deals", title="Live headline")
    path = tmp_path / "nile.md"
    path.write_text(documents.markdown_text())

    stdout, _stderr, error = run(path, "--into", "nile-deals")

    assert error is None
    article.refresh_from_db()
    assert article.title == "Live headline"
    assert article.pending_revision.snapshot["title"] == "Water Deals on the Nile"
    assert "waits as pending changes" in stdout


def test_into_needs_one_document_and_an_existing_piece(tmp_path):
    path = tmp_path / "nile.md"
    path.write_text(documents.markdown_text())

    _out, _err, error = run(path, "--into", "nowhere")
    assert "no article with the slug 'nowhere'" in str(error)
    _out, _err, error = run(path, path, "--into", "nowhere")
    assert "exactly one document" in str(error)
    assert not Article.objects.exists()
