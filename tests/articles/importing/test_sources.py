import codecs

import pytest

from articles.importing import ImportProblem, Source, expand_paths, source_from_path
from articles.importing.formats import DOCX, HTML, MARKDOWN, TEXT, detect_format
from articles.importing.sources import decode_bytes, normalize_text, source_text

TEXT_WITH_ACCENTS = "Zoë’s “plan” in Zürich – café"


@pytest.mark.parametrize(
    ("data", "warned"),
    [
        (TEXT_WITH_ACCENTS.encode("utf-8"), False),
        (codecs.BOM_UTF8 + TEXT_WITH_ACCENTS.encode("utf-8"), False),
        (TEXT_WITH_ACCENTS.encode("cp1252"), True),
        (TEXT_WITH_ACCENTS.encode("utf-16"), False),
    ],
)
def test_text_is_decoded_from_the_encodings_journalists_have(data, warned):
    text, warnings = decode_bytes("a.txt", data)

    assert text == TEXT_WITH_ACCENTS
    assert bool(warnings) == warned


def test_any_line_ending_becomes_a_newline_and_invisible_characters_go():
    assert normalize_text("a\r\nb\rc\n\u00add\ufeff\u200be\fF") == "a\nb\nc\nde\n\nF"


def test_names_typed_with_combining_accents_are_composed():
    text, _warnings = source_text(Source("a.txt", "Zoe\u0308".encode()))

    assert text == "Zoë"


def test_missing_files_and_directories_are_refused_by_name(tmp_path):
    with pytest.raises(ImportProblem, match="there is no such file"):
        source_from_path(tmp_path / "missing.txt")


def test_directories_stand_for_their_documents_without_hidden_files(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("a")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("x")

    paths = expand_paths([tmp_path, tmp_path / "missing.txt"])

    assert paths == [tmp_path / "b.txt", tmp_path / "sub" / "a.md", tmp_path / "missing.txt"]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.txt", "Plain words.", TEXT),
        ("a.md", "Plain words.", MARKDOWN),
        ("a.HTML", "Plain words.", HTML),
        ("pasted text", "<p class=MsoNormal>Hi</p>", HTML),
        ("pasted text", "Title\n\nSome <b>bold</b> and <br> words</p>", HTML),
        ("pasted text", "# Title\n\nText", MARKDOWN),
        ("pasted text", "Title\n\nText with **bold** words", MARKDOWN),
        ("pasted text", "Title\n\nText with a 3 < 4 comparison.", TEXT),
    ],
)
def test_format_comes_from_the_name_or_the_content(name, content, expected):
    assert detect_format(Source(name, content), content) == expected


def test_a_zip_without_a_name_is_read_as_docx():
    assert detect_format(Source("upload", b"PK\x03\x04rest")) == DOCX
