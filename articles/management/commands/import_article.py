"""manage.py import_article: turn documents on disk into drafts, one transaction each."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.importing import (
    DuplicateArticle,
    ImportProblem,
    article_import,
    article_import_new_version,
    article_import_report,
    expand_paths,
    source_from_path,
)
from articles.models import Article, Section


class Command(BaseCommand):
    help = (
        "Import documents (plain text, Markdown, HTML, .docx) as drafts. A directory imports "
        "every document in it. With --json, prints one JSON object per imported draft."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--section", metavar="SLUG", help="file the drafts in this section")
        parser.add_argument(
            "--author",
            action="append",
            default=[],
            metavar="NAME",
            help="byline to use instead of the document's; repeat for several authors",
        )
        parser.add_argument(
            "--json", action="store_true", help="print one JSON object per draft on stdout"
        )
        parser.add_argument(
            "--into",
            metavar="SLUG",
            help="import one document as a new version of the existing piece at this slug "
            "(a live piece gets it as pending changes for an editor to publish)",
        )
        parser.add_argument(
            "--allow-duplicate",
            action="store_true",
            help="import a document even if an identical article exists",
        )

    def handle(self, *args, **options):
        section = None
        if options["section"]:
            section = Section.objects.filter(slug=options["section"]).first()
            if section is None:
                raise CommandError(f"There is no section with the slug {options['section']!r}.")
        as_json = options["json"]
        paths = expand_paths(options["paths"])
        if not paths:
            raise CommandError("No documents found in the given directories.")
        into = self._target(options["into"], paths)
        counts = {"imported": 0, "skipped": 0, "failed": 0}
        # The bar goes to stderr so that stdout stays the JSON or summary that scripts read.
        progress = tqdm(
            paths, desc="Importing", unit="doc", file=sys.stderr, disable=len(paths) < 2 or None
        )
        for path in progress:
            try:
                if into is not None:
                    result = article_import_new_version(
                        source=source_from_path(path),
                        article=into,
                        by=None,
                        authors=options["author"],
                    )
                else:
                    result = article_import(
                        source=source_from_path(path),
                        by=None,
                        section=section,
                        authors=options["author"],
                        allow_duplicate=options["allow_duplicate"],
                    )
            except DuplicateArticle as skipped:
                counts["skipped"] += 1
                self._write(progress, self.stderr, f"Skipped {skipped}", self.style.WARNING)
                continue
            except ImportProblem as problem:
                counts["failed"] += 1
                self._write(progress, self.stderr, f"Failed {problem}", self.style.ERROR)
                continue
            except Exception as error:
                # One document that breaks the importer in a way nobody foresaw is reported
                # like any other failure; the rest of the batch still gets imported.
                counts["failed"] += 1
                message = f"Failed {path}: the importer stopped on it ({type(error).__name__})"
                self._write(progress, self.stderr, message, self.style.ERROR)
                continue
            counts["imported"] += 1
            report = article_import_report(article=result.article, warnings=result.warnings)
            if as_json:
                self._write(progress, self.stdout, json.dumps(report, ensure_ascii=False))
            else:
                self._write(progress, self.stdout, self._summary(path, report))
        progress.close()
        summary = ", ".join(f"{count} {state}" for state, count in counts.items())
        (self.stderr if as_json else self.stdout).write(f"Done: {summary}.")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} document(s) could not be imported.")

    @staticmethod
    def _target(slug: str | None, paths: list[Path]) -> Article | None:
        if slug is None:
            return None
        if len(paths) != 1:
            raise CommandError("--into takes exactly one document.")
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise CommandError(f"There is no article with the slug {slug!r}.")
        return article

    def _write(self, progress, stream, message, style=None):
        # Clear the bar around each line so that messages and bar never share a line.
        with progress.external_write_mode(file=sys.stderr):
            stream.write(message, style_func=style)

    @staticmethod
    def _summary(path: Path, report: dict) -> str:
        authors = ", ".join(report["authors"]) or "no author"
        lines = [
            f"Imported {path}: “{report['title']}” as {report['status']} #{report['id']} "
            f"({report['slug']}), by {authors}, {report['paragraphs']} paragraph(s)."
        ]
        lines += [f"  warning: {warning}" for warning in report["warnings"]]
        return "\n".join(lines)
