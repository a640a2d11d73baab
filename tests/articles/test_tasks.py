"""Slow work leaves the request: the admin answers at once, a worker does the rest."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.entities import article_link_entities
from articles.models import Article, Mention
from articles.tasks import articles_relink_enqueue
from jobs.models import Job
from people.models import EntitySuggestion
from tests.articles.admin_forms import change_form_data
from tests.articles.test_images import tags
from tests.factories import ArticleFactory, UserFactory
from tests.images import image_bytes
from tests.queue import go_live, run_worker

queue_test = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def chief(client):
    client.force_login(UserFactory(username="chief", is_superuser=True))
    return client


@queue_test
def test_saving_a_hero_image_returns_before_its_renditions_exist(chief, database_queue, media_root):
    article = ArticleFactory()  # a draft: edits are saved in place, not as pending changes
    data = change_form_data(chief, article, hero_alt="A flooded street in Derna")
    data["hero_image"] = SimpleUploadedFile("derna.jpg", image_bytes("JPEG", 1800, 1200))

    response = chief.post(
        reverse("admin:articles_article_change", args=[article.pk]), data, follow=True
    )

    assert "are being made in the background; readers see the original" in response.text
    article.refresh_from_db()
    assert article.hero_image and article.hero_renditions == {}
    [job] = Job.objects.filter(kind="renditions")
    assert job.status == Job.Status.QUEUED
    go_live(article)
    # Until the worker has run, readers get the original image.
    [img] = tags(chief.get(article.get_absolute_url()).text, "img")
    assert img["src"] == article.hero_image.url and "srcset" not in img

    run_worker()

    job.refresh_from_db()
    article.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert article.hero_renditions["source"] == article.hero_image.name
    [img] = tags(chief.get(article.get_absolute_url()).text, "img")
    assert "1200w" in img["srcset"]


@queue_test
def test_a_page_readers_cached_before_the_worker_ran_shows_the_renditions_after(
    chief, database_queue, media_root, page_cache
):
    article = ArticleFactory()
    data = change_form_data(chief, article, hero_alt="A flooded street in Derna")
    data["hero_image"] = SimpleUploadedFile("derna.jpg", image_bytes("JPEG", 1800, 1200))
    chief.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    go_live(article)
    reader = Client()
    [img] = tags(reader.get(article.get_absolute_url()).text, "img")
    assert "srcset" not in img  # cached now, with the original only

    run_worker()

    [img] = tags(reader.get(article.get_absolute_url()).text, "img")
    assert "1200w" in img["srcset"]


@queue_test
def test_accepting_a_suggestion_answers_at_once_and_relinks_in_the_background(
    chief, database_queue
):
    articles = [
        ArticleFactory(body=f"<p>The Atlantic Council said so, number {n}.</p>") for n in range(3)
    ]
    for article in articles:
        article_link_entities(article=article)
    suggestion = EntitySuggestion.objects.get(name="Atlantic Council")

    response = chief.post(
        reverse("admin:people_entitysuggestion_accept", args=[suggestion.pk]), follow=True
    )

    assert "Re-linking 3 pieces." in response.text
    assert not Mention.objects.exists()
    [job] = Job.objects.filter(kind="relink")
    assert (job.status, job.progress_total) == (Job.Status.QUEUED, 0)

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.progress_done, job.progress_total) == (Job.Status.SUCCEEDED, 3, 3)
    assert Mention.objects.count() == 3


@pytest.mark.django_db
def test_an_interrupted_relink_resumes_after_the_last_piece_done():
    articles = [ArticleFactory(body="<p>Nothing to link.</p>") for _ in range(3)]
    ids = [a.pk for a in articles]
    job = Job.objects.create(
        kind="relink",
        label="resume",
        task_path="articles.tasks.articles_relink",
        params={"article_ids": ids},
        checkpoint={"after": ids[1]},
        status=Job.Status.FAILED,
    )
    # Emptied behind the job's back: only a piece after the checkpoint gets its text back.
    Article.objects.filter(pk__in=[ids[0], ids[2]]).update(body_html="")

    from jobs.services import job_retry

    job = job_retry(job=job)

    assert job.status == Job.Status.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (3, 3)
    after = {a.pk: a for a in Article.objects.all()}
    assert after[ids[2]].body_html  # the remaining piece was re-linked
    assert after[ids[0]].body_html == ""  # done before the interruption: left alone


@pytest.mark.django_db
def test_relinking_every_piece_is_one_job_with_progress():
    for _ in range(3):
        ArticleFactory()

    job = articles_relink_enqueue()

    assert job.status == Job.Status.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (3, 3)


@queue_test
def test_the_relink_command_can_queue_every_piece_for_the_workers(database_queue):
    from django.core.management import call_command

    ArticleFactory(body="<p>Nothing.</p>")

    call_command("relink_entities", queue=True, verbosity=0)

    [job] = Job.objects.filter(kind="relink")
    assert job.params == {"all": True} and job.status == Job.Status.QUEUED
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.progress_done) == (Job.Status.SUCCEEDED, 1)
