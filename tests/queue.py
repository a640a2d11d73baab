"""The database queue and a real worker, for tests whose point is the queue."""

from django.core.management import call_command

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker() -> None:
    """Run a real worker over the queue until nothing is due, as `manage.py worker --batch`."""
    call_command("worker", batch=True, no_schedule=True, verbosity=0)
