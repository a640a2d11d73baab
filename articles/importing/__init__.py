"""Import of outside documents (plain text, Markdown, HTML from word processors, .docx) as drafts.

``article_import`` is the one entry point for new drafts; the ``import_article`` command and the
admin's Import page call it. ``article_import_new_version`` replaces the text of an existing piece
(``import_article --into SLUG``) through ``articles.services.article_update``, like any edit.
The modules below it each own one step: ``sources`` reads and decodes, ``formats``
turns each format into blocks (with ``plaintext`` and ``htmldoc``), ``repairs`` undoes page layout,
``bylines`` finds the headline and authors, and ``report`` describes the result.
"""

from articles.importing.report import article_import_report
from articles.importing.service import (
    DuplicateArticle,
    ImportedArticle,
    article_import,
    article_import_new_version,
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
    "article_import_new_version",
    "article_import_report",
    "document_prepare",
    "expand_paths",
    "max_import_bytes",
    "source_from_path",
]
