"""The database queue and a real worker, for tests whose point is the queue."""

from django.core.management import call_command

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker() -> None:
    """Run a real worker over the queue until nothing is due, as `manage.py worker --batch`."""
    call_command("worker", batch=True, no_schedule=True, verbosity=0)


def go_live(article) -> None:
    """Make a draft public as the workflow would leave it, without touching its content."""
    from django.utils import timezone

    from articles.models import Article

    now = timezone.now()
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, publish_at=now, first_published_at=now
    )
