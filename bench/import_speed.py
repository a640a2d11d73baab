"""How long the importer takes on big and many documents. Run by hand:

    PYTHONPATH=. .venv/bin/python bench/import_speed.py

It parses and repairs in memory (document_prepare, no database), so the figures are the
importer's own work; the command adds one transaction per document on top.
"""

import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.test")
django.setup()

from articles.importing import Source, document_prepare  # noqa: E402
from tests import documents  # noqa: E402

WORDS = str.split(
    "ministry officials capital talks region border trade grain water power army council envoy "
    "sanctions harvest pipeline election court budget"
)


def paragraph(number: int, *, ends_sentence: bool = True) -> str:
    """A wrapped paragraph with a hyphenated line end; no two paragraphs have the same words."""
    words = " ".join(WORDS[(number * 7 + step) % len(WORDS)] for step in range(12))
    stop = "." if ends_sentence else ""
    return (
        f"The {words} said on Tuesday that the inter-\nnational talks would resume, but the\n"
        f"{WORDS[number % len(WORDS)]} was cautious about {number} and the {words}{stop}\n\n"
    )


def timed(label: str, source: Source, repeat: int = 1) -> None:
    start = time.perf_counter()
    for _ in range(repeat):
        document = document_prepare(source)
    elapsed = (time.perf_counter() - start) / repeat
    size = len(source.content)
    print(f"{label:<38} {size / 1e6:6.2f} MB  {elapsed * 1000:8.1f} ms  ({document.title!r})")


def main() -> None:
    head = "Big Headline\n\nBy Ana López\n\n"
    big_text = head + "".join(paragraph(n) for n in range(17000))
    timed("plain text near the 5 MB limit", Source("big.txt", big_text.encode()))
    unpunctuated = head + "".join(paragraph(n, ends_sentence=False) for n in range(17000))
    timed("5 MB with no paragraph ever ending", Source("run-on.txt", unpunctuated.encode()))
    big_html = documents.word_html() * 200
    timed("Word HTML, 200 copies", Source("big.html", big_html.encode()))
    timed("Markdown piece", Source("a.md", documents.markdown_text().encode()), repeat=200)
    timed("Word HTML piece", Source("a.html", documents.word_html().encode()), repeat=200)
    timed("docx piece", Source("a.docx", documents.docx_bytes()), repeat=50)


if __name__ == "__main__":
    main()
