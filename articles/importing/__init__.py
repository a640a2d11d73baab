"""Import of outside documents (plain text, Markdown, HTML from word processors, .docx) as drafts.

``article_import`` is the one entry point; the ``import_article`` command and the admin's Import
page call it. The modules below it each own one step: ``sources`` reads and decodes, ``formats``
turns each format into blocks (with ``plaintext`` and ``htmldoc``), ``repairs`` undoes page layout,
``bylines`` finds the headline and authors, and ``report`` describes the result.
"""

from articles.importing.report import article_import_report
from articles.importing.service import (
    DuplicateArticle,
    ImportedArticle,
    article_import,
    document_prepare,
)
from articles.importing.sources import (
    ImportProblem,
    Source,
    expand_paths,
    max_import_bytes,
    source_from_path,
)

__all__ = [
    "DuplicateArticle",
    "ImportProblem",
    "ImportedArticle",
    "Source",
    "article_import",
    "article_import_report",
    "document_prepare",
    "expand_paths",
    "max_import_bytes",
    "source_from_path",
]
