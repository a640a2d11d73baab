"""Finding 1: any writer could stall the site through Import. Each hostile document is now
refused with a ``PATH: problem`` message before it is parsed, and nothing is written."""

import io
import time
import zipfile

import pytest

from articles.importing import ImportProblem, Source, article_import
from articles.models import Article
from tests import documents
from tests.articles.management.test_import_article import run

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/articles/article/import/"
NESTED_B = "<p>" + "<b>" * 100_000 + "deep" + "</b>" * 100_000 + "</p>"
NESTED_DIV = "<div>" * 100_000 + "deep" + "</div>" * 100_000


def docx_with_paragraphs(count: int) -> bytes:
    """A valid .docx whose body is ``count`` empty paragraphs: small zipped, huge unpacked."""
    template = io.BytesIO(documents.docx_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "word/document.xml":
                head, _, tail = data.partition(b"<w:body>")
                data = head + b"<w:body>" + b"<w:p/>" * count + tail
            target.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def refused(source: Source) -> str:
    before = Article.objects.count()
    started = time.perf_counter()
    with pytest.raises(ImportProblem) as raised:
        article_import(source=source, by=None)
    # Not a speed assertion: an unbounded parse of these takes minutes, far past any timeout.
    assert time.perf_counter() - started < 60
    assert Article.objects.count() == before
    assert str(raised.value).startswith(f"{source.name}: ")
    return raised.value.problem


def test_100000_nested_bold_tags_are_refused_before_parsing():
    assert "nested more than" in refused(Source("bold.html", NESTED_B.encode()))


def test_100000_nested_divs_are_refused_not_a_recursion_error():
    assert "nested more than" in refused(Source("divs.html", NESTED_DIV.encode()))


def test_html_with_too_many_elements_is_refused():
    flat = "<p><span>x</span></p>" * 30_000
    assert "HTML elements" in refused(Source("flat.html", flat.encode()))


def test_markdown_that_renders_to_too_many_elements_is_refused():
    text = "Headline\n\n" + "*a* " * 30_000
    assert "HTML elements" in refused(Source("many.md", text.encode()))


def test_a_docx_of_empty_paragraphs_is_refused_by_its_paragraph_count():
    data = docx_with_paragraphs(150_000)
    assert len(data) < 1_000_000
    assert "paragraphs" in refused(Source("bomb.docx", data))


def test_ordinary_documents_are_still_imported():
    for source in (
        Source("word.html", documents.word_html().encode()),
        Source("piece.docx", documents.docx_bytes()),
        Source("piece.md", documents.markdown_text().encode()),
    ):
        assert article_import(source=source, by=None, allow_duplicate=True).article.pk


def test_a_directory_import_reports_the_hostile_file_and_goes_on(tmp_path):
    (tmp_path / "a-divs.html").write_text(NESTED_DIV)
    (tmp_path / "b-good.md").write_text(documents.markdown_text())
    _stdout, stderr, error = run(tmp_path)
    assert f"Failed {tmp_path / 'a-divs.html'}: its HTML is nested more than" in stderr
    assert Article.objects.count() == 1
    assert "1 document(s) could not be imported" in str(error)


def test_the_admin_import_page_shows_the_problem_as_a_form_error(client, writer):
    client.force_login(writer)
    response = client.post(IMPORT_URL, {"text": NESTED_DIV})
    assert response.status_code == 200
    assert "nested more than 100 levels deep" in response.text
    assert not Article.objects.exists()
