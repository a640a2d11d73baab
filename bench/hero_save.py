"""How long an editor waits when saving a piece with a 24-megapixel hero image: renditions made
inside the request (the immediate backend, as before the queue) against renditions queued for a
worker (the database backend, the production default), and how long the worker then takes.

Run by hand:  PYTHONPATH=. .venv/bin/python bench/hero_save.py [--repeat 3]

In-process through Django's test client on a throwaway SQLite database and media folder, so the
figures are the server's own time for the admin's POST, without network or browser.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
SCRATCH = Path(tempfile.mkdtemp(prefix="newsroom-bench-hero-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="bench.settings",
    DATABASE_URL=f"sqlite:///{SCRATCH / 'bench.sqlite3'}",
    MEDIA_ROOT=str(SCRATCH / "media"),
)

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from PIL import Image  # noqa: E402

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def photo(width: int = 6000, height: int = 4000) -> bytes:
    """A 24-MP JPEG with a camera photo's texture (noise over a gradient), about 8 MB."""
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    buffer = io.BytesIO()
    Image.blend(noise, gradient, 0.6).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def form_data(client: Client, pk: int) -> dict:
    response = client.get(reverse("admin:articles_article_change", args=[pk]))
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "tags":
            value = ""
        if hasattr(value, "pk"):
            value = value.pk
        if value is None or name == "hero_image":
            continue
        data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
    return data


def save_with_image(client: Client, pk: int, image: bytes, n: int) -> float:
    data = form_data(client, pk)
    data.update(hero_alt="A 24-megapixel photograph", _continue="Save")
    data["hero_image"] = SimpleUploadedFile(f"hero-{n}.jpg", image, content_type="image/jpeg")
    started = time.perf_counter()
    response = client.post(reverse("admin:articles_article_change", args=[pk]), data)
    elapsed = time.perf_counter() - started
    assert response.status_code == 302, response.context["adminform"].errors
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from django.contrib.auth.models import User
    from django.test.utils import setup_test_environment

    from articles.models import Article
    from articles.services import article_create

    setup_test_environment()  # the test client then exposes the admin form it rendered
    call_command("migrate", verbosity=0)
    user = User.objects.create_superuser("bench", "bench@example.org", "bench-password")
    with override_settings(TASKS=IMMEDIATE):
        article = article_create(
            title="A piece with a big picture", body="<p>Text.</p>", authors=[], by=user
        )
    client = Client()
    client.force_login(user)
    image = photo()
    print(f"hero image: 6000 × 4000 JPEG, {len(image) / 1e6:.1f} MB; {args.repeat} saves each\n")

    results = {}
    worker_times = []
    for label, tasks in (("renditions in the request", IMMEDIATE), ("queued", DATABASE)):
        with override_settings(TASKS=tasks):
            times = []
            for n in range(args.repeat):
                times.append(save_with_image(client, article.pk, image, n))
                if tasks is DATABASE:
                    started = time.perf_counter()
                    call_command("worker", batch=True, no_schedule=True, verbosity=0)
                    worker_times.append(time.perf_counter() - started)
                    assert Article.objects.get(pk=article.pk).hero_renditions["renditions"]
            results[label] = times
    for label, times in results.items():
        print(
            f"  editor's save, {label:<26} median {statistics.median(times):6.2f} s"
            f"   (min {min(times):.2f}, max {max(times):.2f})"
        )
    print(
        f"  worker's renditions job afterwards           median "
        f"{statistics.median(worker_times):6.2f} s"
    )


if __name__ == "__main__":
    main()
