"""Recompute every article's entity mentions, linked body and suggestions from the registry as
it is now (after a bulk import of entities, for instance)."""

from django.core.management.base import BaseCommand, CommandError

from articles.entities import articles_naming, articles_relink
from articles.models import Article
from articles.tasks import articles_relink_enqueue
from people.models import Entity


class Command(BaseCommand):
    help = "Re-link articles to the entity registry: mentions, entity links and suggestions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--entity",
            metavar="SLUG",
            action="append",
            default=[],
            help="Only the articles that mention or may name this entity (repeatable).",
        )
        parser.add_argument(
            "--article", metavar="SLUG", action="append", default=[], help="Only this article."
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the work as a background job (followed on the admin's Jobs page).",
        )

    def handle(self, *args, entity, article, queue=False, **options):
        articles = Article.objects.all()
        if entity:
            entities = list(Entity.objects.filter(slug__in=entity).prefetch_related("aliases"))
            missing = sorted(set(entity) - {e.slug for e in entities})
            if missing:
                raise CommandError(f"No entity with slug: {', '.join(missing)}")
            names = [n for e in entities for n in [e.name, *(a.name for a in e.aliases.all())]]
            articles = articles.filter(mentions__entity__in=entities) | articles.filter(
                pk__in=articles_naming(names).values("pk")
            )
        if article:
            found = set(Article.objects.filter(slug__in=article).values_list("slug", flat=True))
            missing = sorted(set(article) - found)
            if missing:
                raise CommandError(f"No article with slug: {', '.join(missing)}")
            articles = articles.filter(slug__in=article)
        if queue:
            ids = None if not (entity or article) else articles.values_list("pk", flat=True)
            job = articles_relink_enqueue(article_ids=ids)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Queued job {job.pk}: {job.label} ({job.get_status_display()})."
                )
            )
            return
        count = articles_relink(articles=articles)
        self.stdout.write(
            self.style.SUCCESS(f"Re-linked {count} article{'s' if count != 1 else ''}.")
        )
