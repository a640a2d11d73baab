import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from articles.importing import (
    DuplicateArticle,
    ImportProblem,
    Source,
    article_import,
    article_import_report,
    source_from_path,
)
from articles.models import Article
from people.models import Author, Entity
from tests import documents
from tests.factories import AuthorFactory, EntityFactory, SectionFactory

pytestmark = pytest.mark.django_db


def _paragraph_texts(article: Article) -> list[str]:
    return [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p>(.*?)</p>", article.body)]


def _import(name: str, content: bytes | str, **kwargs):
    result = article_import(source=Source(name, content), by=None, **kwargs)
    report = article_import_report(article=result.article, warnings=result.warnings)
    return result.article, report


def test_the_seed_article_becomes_a_clean_draft(shared_fixtures):
    """The seed's headline is a Markdown link, its byline a "By" line, and its fifth paragraph is
    split by a blank line mid-sentence: rejoined, the byline and five body paragraphs make the
    gold file's 6 text blocks."""
    seed = shared_fixtures / "seed" / "haftar-in-moscow.txt"
    gold = json.loads((shared_fixtures / "seed" / "haftar-in-moscow.gold.json").read_text())

    result = article_import(source=source_from_path(seed), by=None)
    report = article_import_report(article=result.article, warnings=result.warnings)

    article = result.article
    assert report["title"] == gold["title"] == article.title
    assert report["authors"] == gold["authors"]
    assert article.status == Article.Status.DRAFT
    paragraphs = _paragraph_texts(article)
    assert report["paragraphs"] == gold["paragraph_count"] == 5
    assert len(paragraphs) == 5  # the byline became the author, not a paragraph
    joined = [p for p in paragraphs if "sanctions from the United States and the European" in p]
    assert len(joined) == 1
    assert joined[0].startswith("Moscow also benefits")
    assert not any(p.startswith("United States") for p in paragraphs)
    assert "“the situation in Libya" in article.body  # typographic quotes kept as they are
    assert "Haggerty" not in article.body and "](#)" not in article.body


def test_report_has_the_documented_shape_and_types():
    article, report = _import("piece.md", documents.markdown_text())

    assert list(report) == [
        "id",
        "title",
        "slug",
        "status",
        "authors",
        "paragraphs",
        "entities",
        "citations",
        "warnings",
    ]
    assert report["id"] == article.pk
    assert report["slug"] == article.slug == "water-deals-on-the-nile"
    assert report["status"] == "draft"
    assert report["entities"], "the Nile piece names countries and people"
    for entity in report["entities"]:
        assert set(entity) == {"name", "kind", "mentions", "new"}
        assert entity["mentions"] >= 1 and isinstance(entity["new"], bool)
    # "Officials in Cairo called the agreement “a first step”": quoted, but nobody is named.
    assert report["citations"] == [{"quote": "a first step", "speaker": None, "affiliation": None}]
    assert json.loads(json.dumps(report)) == report


def test_report_says_which_entities_the_registry_knows_and_which_are_new():
    EntityFactory(name="Egypt", slug="egypt", kind=Entity.Kind.PLACE)

    _article, report = _import("piece.md", documents.markdown_text())

    by_name = {entity["name"]: entity for entity in report["entities"]}
    assert by_name["Egypt"] == {"name": "Egypt", "kind": "place", "mentions": 1, "new": False}
    assert by_name["Sudan"]["new"] is True
    assert by_name["Sudan"]["kind"] == "place"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("word.html", documents.word_html()),
        ("word.htm", documents.word_html().encode("cp1252", errors="strict")),
        ("pasted text", documents.google_docs_html(byline="By Amara Diallo and Jürgen Weiß")),
        ("piece.md", documents.markdown_text(byline="By Amara Diallo and Jürgen Weiß")),
        ("piece.docx", documents.docx_bytes(byline="By Amara Diallo and Jürgen Weiß")),
    ],
)
def test_each_format_gives_title_two_authors_and_clean_paragraphs(name, content):
    article, report = _import(name, content)

    assert report["title"] == documents.TITLE
    assert report["authors"] == ["Amara Diallo", "Jürgen Weiß"]
    texts = _paragraph_texts(article)
    for paragraph in documents.PARAGRAPHS:
        assert paragraph in texts
    for noise in ("Mso", "style=", "<span", "&nbsp;", "\u00a0", "o:p", "font-weight", "class="):
        assert noise not in article.body
    assert "Document1" not in article.body


def test_word_lists_become_lists_without_typed_bullets():
    article, report = _import("word.html", documents.word_html())

    assert (
        "<ul><li><p>Flow data every week</p></li><li><p>A joint technical committee</p></li></ul>"
        in (article.body)
    )
    assert "·" not in article.body
    assert report["paragraphs"] == len(documents.PARAGRAPHS) + 1  # + the list; never the byline


def test_markdown_and_docx_keep_subheadings_out_of_the_paragraph_count():
    for name, content in (
        ("piece.md", documents.markdown_text()),
        ("piece.docx", documents.docx_bytes()),
    ):
        article, report = _import(name, content, allow_duplicate=True)
        assert "<h2>What comes next</h2>" in article.body
        assert report["paragraphs"] == len(documents.PARAGRAPHS) + 1  # + the list; never the byline


def test_docx_images_are_left_out_with_a_warning():
    from tests.images import png_bytes

    article, report = _import("piece.docx", documents.docx_bytes(image=png_bytes()))

    assert "<img" not in article.body
    assert any("images were left out" in warning for warning in report["warnings"])


def test_plain_text_from_windows_with_page_furniture_and_wraps_is_repaired():
    text = (
        "Sanctions and the Sahel\r\n\r\n"
        "BY JOSÉ ÁLVAREZ & ZOË NG\r\n\r\n"
        "The inter-\r\nnational response to the coup in Niamey was slow, and the\r\n"
        "regional bloc’s threats came to little.\r\n\r\n"
        "Sahel Weekly — Page 1 of 2\r\n\f"
        "Sahel Weekly — Page 2 of 2\r\n\r\n"
        "A second paragraph begins on the first page and runs on across the break in the\r\n\r\n"
        "middle of a sentence, as extracted text often does.\r\n\r\n"
        "What comes next\r\n\r\n"
        "The junta has asked the French troops to leave by the end of the year.\r\n\r\n"
        "3\r\n"
    )

    article, report = _import("sahel.txt", text.encode("cp1252"))

    assert report["title"] == "Sanctions and the Sahel"
    assert report["authors"] == ["José Álvarez", "Zoë Ng"]
    texts = _paragraph_texts(article)
    assert texts == [
        "The international response to the coup in Niamey was slow, and the regional bloc’s "
        "threats came to little.",
        "A second paragraph begins on the first page and runs on across the break in the middle "
        "of a sentence, as extracted text often does.",
        "The junta has asked the French troops to leave by the end of the year.",
    ]
    assert "<h2>What comes next</h2>" in article.body
    assert report["paragraphs"] == 3  # the byline line is not a paragraph
    assert "Sahel Weekly" not in article.body and "Page" not in article.body
    assert any("Windows-1252" in warning for warning in report["warnings"])


def test_existing_authors_are_matched_by_name_and_others_created():
    existing = AuthorFactory(name="Amara Diallo", slug="amara")

    article, report = _import(
        "piece.md", documents.markdown_text(byline="By Amara DIALLO and Jürgen Weiß")
    )

    assert report["authors"] == ["Amara Diallo", "Jürgen Weiß"]
    assert Author.objects.filter(name__iexact="Amara Diallo").count() == 1
    created = Author.objects.get(name="Jürgen Weiß")
    assert created.slug == "jurgen-wei"
    assert list(article.authors.order_by("authorships__position")) == [existing, created]


def test_given_authors_and_section_replace_the_byline():
    section = SectionFactory(slug="mena")

    article, report = _import(
        "piece.md", documents.markdown_text(), authors=["Desk Editor Name"], section=section
    )

    assert report["authors"] == ["Desk Editor Name"]
    assert article.section == section
    assert any("was replaced by" in warning for warning in report["warnings"])


def test_a_document_without_byline_imports_with_a_warning():
    _article, report = _import("note.txt", "Headline\n\nJust one paragraph of text.\n")

    assert report["authors"] == []
    assert any("no byline" in warning for warning in report["warnings"])


def test_a_document_without_headline_takes_its_file_name():
    _article, report = _import(
        "nile-water-deal.txt",
        b"Egypt and Sudan signed a memorandum on Tuesday. It sets out how data is shared.\n",
    )

    assert report["title"] == "Nile water deal"
    assert any("no headline" in warning for warning in report["warnings"])


def test_scripts_styles_and_event_handlers_are_removed_with_warnings():
    html = (
        "<html><head><style>body{color:red}</style><script>steal()</script></head><body>"
        "<h1>Headline</h1><p>By Amara Diallo</p>"
        '<p onclick="steal()" onmouseover="x()">Text <a href="javascript:steal()">here</a>.</p>'
        "<script>alert(1)</script></body></html>"
    )

    article, report = _import("page.html", html)

    assert "steal" not in article.body and "alert" not in article.body
    assert "color:red" not in article.body
    assert article.body == '<p>Text <a rel="noopener noreferrer">here</a>.</p>'
    warnings = " / ".join(report["warnings"])
    assert "removed 2 scripts" in warnings
    assert "removed 1 style sheet" in warnings
    assert "onclick, onmouseover" in warnings
    assert "javascript:" in warnings


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "the file is empty"),
        (b"   \n\r\n\t  ", "there is no text in it"),
        (b"\x00\x01\x02\x03binary", "binary file"),
        (b"%PDF-1.7\n%\xe2\xe3", "this is a PDF"),
        (b"caf\x81 \x9d text", "cannot be decoded"),
        (b"Only a headline\n", "only a headline"),
    ],
)
def test_bad_input_is_refused_with_the_file_name_and_nothing_is_created(content, problem):
    with pytest.raises(ImportProblem) as raised:
        article_import(source=Source("broken.txt", content), by=None)

    assert str(raised.value).startswith("broken.txt: ")
    assert problem in str(raised.value)
    assert not Article.objects.exists()
    assert not Author.objects.exists()


def test_a_damaged_docx_is_refused():
    damaged = documents.docx_bytes()[:2000]

    with pytest.raises(ImportProblem, match=r"broken\.docx: .*Word document"):
        article_import(source=Source("broken.docx", damaged), by=None)
    with pytest.raises(ImportProblem, match=r"not a Word \.docx file"):
        article_import(source=Source("plain.docx", b"just text"), by=None)


@override_settings(NEWSROOM_IMPORT_MAX_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(ImportProblem, match=r"over the import limit of 0\.0 MB"):
        article_import(source=Source("big.txt", b"Headline\n\n" + b"word " * 400), by=None)

    assert not Article.objects.exists()


def test_an_identical_document_is_skipped_unless_duplicates_are_allowed():
    first, _report = _import("piece.md", documents.markdown_text())

    with pytest.raises(DuplicateArticle) as raised:
        _import("again.md", documents.markdown_text())
    assert raised.value.existing == first
    assert "identical to the existing article" in str(raised.value)
    assert Article.objects.count() == 1

    second, _report = _import("again.md", documents.markdown_text(), allow_duplicate=True)
    assert second.slug == "water-deals-on-the-nile-2"


def test_a_failure_while_saving_leaves_no_article_and_no_new_author(monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"title": "refused by the test"})

    monkeypatch.setattr("articles.importing.service.article_create", refuse)

    with pytest.raises(ImportProblem, match="refused by the test"):
        _import("piece.md", documents.markdown_text(byline="By New Person"))

    assert not Author.objects.exists()
    assert not Article.objects.exists()


def test_plain_text_with_byline_under_the_headline_and_indented_paragraphs():
    text = (
        "Title: Drought and the Grain Trade\n"
        "By Li Wei and 王伟\n"
        "    The harvest failed for a second year, and the ministry\n"
        "cut its forecast again.\n"
        "    Traders say prices will rise before the winter.\n"
        "© 2024 The Grain Letter. All rights reserved.\n"
    )

    article, report = _import("grain.txt", text.encode())

    assert report["title"] == "Drought and the Grain Trade"
    assert report["authors"] == ["Li Wei", "王伟"]
    assert _paragraph_texts(article) == [
        "The harvest failed for a second year, and the ministry cut its forecast again.",
        "Traders say prices will rise before the winter.",
    ]


def test_footers_repeated_on_every_page_are_dropped_even_as_sentences():
    footer = "The Grain Letter is published weekly."
    openings = ["Wheat prices rose.", "Barley followed them.", "Rice stayed where it was."]
    pages = [f"{opening}\n\n{footer}" for opening in openings]
    text = "Headline\n\nBy Li Wei\n\n" + "\n\n".join(pages)

    article, report = _import("grain.txt", text.encode(), allow_duplicate=True)

    assert "published weekly" not in article.body
    assert report["paragraphs"] == 3  # the byline line is not a paragraph


def test_a_headline_repeated_as_the_running_header_stays_the_headline():
    header = "Water Deals on the Nile"
    text = (
        f"{header}\n\nBy Amara Diallo\n\n{documents.PARAGRAPHS[0]}\n\n"
        f"{header}\n\n{documents.PARAGRAPHS[1]}\n\n{header}\n\n{documents.PARAGRAPHS[2]}\n"
    )

    article, report = _import("nile.txt", text.encode())

    assert report["title"] == header
    assert _paragraph_texts(article) == documents.PARAGRAPHS
    assert header not in article.body


def test_plain_text_with_crlf_wrapped_lines_and_a_lower_case_byline():
    lines = [
        "Harbour Dredging Plan Splits the Port Council",
        "by jane roe",
        "",
        "The port council voted on Tuesday to delay the dredging of the old",
        "harbour, after fishermen warned that the work would ruin the spring",
        "catch.",
        "",
        "Its chair said the vote was close, and that the budget had not changed",
        "since the winter.",
    ]
    text = "\r\n".join(lines) + "\r\n"

    article, report = _import("dredging-notes-final.txt", text.encode())

    assert report["title"] == "Harbour Dredging Plan Splits the Port Council"
    assert report["authors"] == ["Jane Roe"]
    assert report["paragraphs"] == 2
    assert _paragraph_texts(article) == [
        "The port council voted on Tuesday to delay the dredging of the old harbour, after "
        "fishermen warned that the work would ruin the spring catch.",
        "Its chair said the vote was close, and that the budget had not changed since the winter.",
    ]
    assert not any("headline" in warning for warning in report["warnings"])
