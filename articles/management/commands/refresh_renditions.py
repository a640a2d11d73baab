"""Make the renditions of every stored image: after a deploy that adds them, after changing the
widths (with --force), or after restoring media from a backup."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from articles.images import article_hero_renditions_refresh
from articles.models import Article
from people.media.headshots import author_headshot_renditions_refresh
from people.media.images import ImageError
from people.media.renditions import RenditionsRefresh
from people.models import Author


class Command(BaseCommand):
    help = (
        "Make the renditions of every article image and author headshot that lacks a complete "
        "set, rewriting originals that still carry metadata (EXIF, GPS). A damaged or missing "
        "image is reported and the others are still processed; the command then exits with an "
        "error status."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remake renditions even when they are complete (e.g. after changing the widths).",
        )

    def handle(self, *args, force: bool = False, **options):
        jobs = [
            (
                "article",
                Article.objects.filter(~Q(hero_image="") | ~Q(hero_renditions={})),
                lambda article: article_hero_renditions_refresh(article=article, force=force),
            ),
            (
                "author",
                Author.objects.filter(~Q(headshot="") | ~Q(headshot_renditions={})),
                lambda author: author_headshot_renditions_refresh(author=author, force=force),
            ),
        ]
        made = current = failed = 0
        for kind, queryset, refresh in jobs:
            # Primary keys first: each row is then read and saved on its own, never while a
            # cursor over the same table is open.
            pks = list(queryset.order_by("pk").values_list("pk", flat=True))
            for position, pk in enumerate(pks, start=1):
                row = queryset.model.objects.filter(pk=pk).first()
                if row is None:
                    continue  # deleted since the list was taken
                label = f"[{position}/{len(pks)}] {kind} {pk} “{row}”"
                try:
                    result = refresh(row)
                except ImageError as error:
                    failed += 1
                    self.stderr.write(f"{label}: failed: {error}")
                    continue
                if result.changed:
                    made += 1
                else:
                    current += 1
                if options["verbosity"] >= 1:
                    self.stdout.write(f"{label}: {_describe(result)}")
        self.stdout.write(
            f"Images with new renditions: {made}; already up to date: {current}; failed: {failed}."
        )
        if failed:
            raise CommandError(f"{failed} image(s) could not be processed; see the messages above.")


def _describe(result: RenditionsRefresh) -> str:
    if not result.changed:
        return "up to date"
    if not result.data:
        return "no image; old renditions removed"
    text = f"{result.count} renditions made"
    if result.original_cleaned:
        text += "; the original was rewritten without its metadata"
    return text
