"""Hostile documents, generated: deep and wide HTML, Markdown built to nest, and Word documents
of many paragraphs. Each case must import or be refused cleanly (an ImportProblem naming the
document, nothing written) within a time and memory budget; nothing may crash."""

import io
import resource
import time

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importing import ImportProblem, Source, article_import
from articles.models import Article, Authorship
from people.models import Author

pytestmark = pytest.mark.django_db

# Generous for these machines (two cores, shared): an unbounded parse of the worst cases took
# over 30 s and 2.9 GB. Memory is the growth of the process's peak resident size.
SECONDS_PER_CASE = 20
MEGABYTES_PER_CASE = 400
FUZZ = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
TAGS = st.sampled_from(["b", "i", "div", "span", "p", "blockquote", "ul", "li", "table", "td", "a"])


@st.composite
def nested_html(draw) -> str:
    """Runs of nesting (up to 5,000 deep) with siblings repeated (up to 30,000 times)."""
    parts = ["<h1>Headline</h1><p>By Ana López</p>"]
    for _ in range(draw(st.integers(1, 4))):
        tag = draw(TAGS)
        depth = draw(st.one_of(st.integers(1, 20), st.integers(90, 110), st.integers(1, 5000)))
        close = draw(st.booleans())
        inner = draw(st.sampled_from(["text", "<br>", "<img src=x>", "", "&amp; more"]))
        piece = f"<{tag}>" * depth + inner + (f"</{tag}>" * depth if close else "")
        repeat = draw(st.one_of(st.integers(1, 3), st.integers(1, 30_000 // max(depth, 1))))
        parts.append(piece * repeat)
    return "".join(parts)


MARKDOWN_BLOCKS = st.sampled_from(
    ["> " * 50 + "quoted", "- " * 30 + "item", "*a* " * 200, "[x](y) " * 100, "# H\n", "text\n"]
)
MARKDOWN = st.lists(MARKDOWN_BLOCKS, min_size=1, max_size=300).map(
    lambda blocks: "Headline\n\nBy Ana López\n\n" + "\n\n".join(blocks)
)


@st.composite
def word_document(draw) -> bytes:
    document = docx.Document()
    document.add_heading("Headline", level=1)
    text = draw(st.sampled_from(["", "A paragraph.", "x" * 300]))
    for _ in range(draw(st.one_of(st.integers(1, 50), st.integers(500, 1500)))):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rows():
    return Article.objects.count(), Author.objects.count(), Authorship.objects.count()


def _peak_megabytes() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(autouse=True)
def warm_importer(db):
    """Build the importer's one-off caches (gazetteer, recognisers) before any case is timed."""
    article_import(source=Source("warm.md", b"Warm up\n\nBy Ana L\xc3\xb3pez\n\nText."), by=None)


def imports_or_refuses_within_budget(source: Source) -> None:
    before = _rows()
    peak_before = _peak_megabytes()
    started = time.perf_counter()
    try:
        article_import(source=source, by=None, allow_duplicate=True)
    except ImportProblem as problem:
        assert str(problem).startswith(f"{source.name}: ")
        assert _rows() == before
    else:
        assert _rows()[0] == before[0] + 1
    elapsed = time.perf_counter() - started
    grown = _peak_megabytes() - peak_before
    assert elapsed < SECONDS_PER_CASE, f"{elapsed:.1f} s"
    assert grown < MEGABYTES_PER_CASE, f"peak memory grew by {grown:.0f} MB"


@FUZZ
@given(html=nested_html())
def test_generated_html_imports_or_is_refused_within_budget(html):
    imports_or_refuses_within_budget(Source("fuzz.html", html.encode()))


@FUZZ
@given(text=MARKDOWN)
def test_generated_markdown_imports_or_is_refused_within_budget(text):
    imports_or_refuses_within_budget(Source("fuzz.md", text.encode()))


@settings(FUZZ, max_examples=5)
@given(data=word_document())
def test_generated_word_documents_import_or_are_refused_within_budget(data):
    imports_or_refuses_within_budget(Source("fuzz.docx", data))
