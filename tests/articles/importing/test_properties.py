"""Whatever arrives, import either makes one draft or refuses cleanly, leaving no partial rows."""

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from articles.importing import ImportProblem, Source, article_import, article_import_report
from articles.models import Article, Authorship
from people.models import Author

pytestmark = pytest.mark.django_db

# Each example runs inside the test's transaction; rows left by earlier examples are counted
# before and after, so the function-scoped database fixture is safe to share.
PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NAMES = st.sampled_from(["doc.txt", "doc.md", "doc.html", "doc.docx", "doc", "pasted text"])
# Lines that steer the importer into its branches: bylines, furniture, markup, lists, splits.
TRICKY_LINES = st.sampled_from(
    [
        "",
        "By Ana López and Tom Reyes",
        "BY JOSÉ ÁLVAREZ",
        "By September, it was over",
        "Page 2 of 3",
        "The Sahel Review · 4",
        "# A heading",
        "[A linked headline](#)",
        "- a list item",
        "1. numbered",
        "> quoted",
        "inter-",
        "national words follow",
        "<p class=MsoNormal>Word&nbsp;paragraph<o:p></o:p></p>",
        '<b style="font-weight:normal"><p>Docs</p></b>',
        "<script>alert(1)</script>",
        '<a href="javascript:x()" onclick="y()">link</a>',
        "\f",
        "\r\n",
        "* * *",
        "x" * 400,
    ]
)
DOCUMENT_TEXT = st.lists(st.one_of(TRICKY_LINES, st.text(max_size=120)), max_size=25).map("\n".join)


def _rows() -> tuple[int, int, int]:
    return Article.objects.count(), Author.objects.count(), Authorship.objects.count()


def _import_succeeds_or_fails_cleanly(source: Source) -> None:
    before = _rows()
    try:
        result = article_import(source=source, by=None, allow_duplicate=True)
    except ImportProblem as problem:
        event(f"refused: {problem.problem.split(' (')[0][:40]}")
        assert str(problem).startswith(f"{source.name}: ")
        assert _rows() == before
        return
    event("imported")
    article = Article.objects.get(pk=result.article.pk)
    report = article_import_report(article=article, warnings=result.warnings)
    assert article.status == Article.Status.DRAFT
    assert article.title.strip() and len(article.title) <= 300
    assert report["paragraphs"] >= 1
    articles, authors, authorships = _rows()
    assert articles == before[0] + 1
    assert authorships == before[2] + len(report["authors"])
    assert authors <= before[1] + len(report["authors"])


@PROPERTY_SETTINGS
@given(name=NAMES, data=st.binary(max_size=4000))
def test_arbitrary_bytes_import_or_fail_cleanly(name, data):
    _import_succeeds_or_fails_cleanly(Source(name, data))


@PROPERTY_SETTINGS
@given(name=NAMES, text=st.text(max_size=3000))
def test_arbitrary_pasted_text_imports_or_fails_cleanly(name, text):
    _import_succeeds_or_fails_cleanly(Source(name, text))


@PROPERTY_SETTINGS
@given(
    name=NAMES,
    text=DOCUMENT_TEXT,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_document_like_text_in_any_encoding_imports_or_fails_cleanly(name, text, encoding):
    _import_succeeds_or_fails_cleanly(Source(name, text.encode(encoding, errors="replace")))
