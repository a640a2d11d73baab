import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from articles.models import Article
from people.models import Author
from tests.factories import AuthorFactory, PublishedArticleFactory
from tests.images import image_bytes, jpeg_with_gps, metadata_left_in, noisy_jpeg, stored_files

pytestmark = pytest.mark.django_db


def _article_with_stored_file(name: str, content: bytes, width: int, height: int) -> Article:
    """An article whose image was stored before renditions existed: the file as uploaded, no
    renditions document."""
    stored = default_storage.save(name, ContentFile(content))
    article = PublishedArticleFactory(title=f"Piece with {name}")
    Article.objects.filter(pk=article.pk).update(
        hero_image=stored, hero_alt="A street", hero_image_width=width, hero_image_height=height
    )
    return Article.objects.get(pk=article.pk)


def _author_with_stored_headshot(content: bytes) -> Author:
    stored = default_storage.save("authors/portrait.jpg", ContentFile(content))
    author = AuthorFactory(name="Mara Okafor")
    Author.objects.filter(pk=author.pk).update(headshot=stored)
    return Author.objects.get(pk=author.pk)


def _run(*args) -> tuple[str, str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("refresh_renditions", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def test_makes_renditions_for_existing_images_and_cleans_old_originals(media_root):
    legacy = _article_with_stored_file(
        "articles/2024/01/gps.jpg", jpeg_with_gps(900, 450), 900, 450
    )
    author = _author_with_stored_headshot(jpeg_with_gps(300, 300))

    out, err, error = _run()

    assert error is None and err == ""
    assert f"[1/1] article {legacy.pk} “{legacy.title}”: 6 renditions made; the original" in out
    assert f"[1/1] author {author.pk} “Mara Okafor”: 6 renditions made" in out
    assert "Images with new renditions: 2; already up to date: 0; failed: 0." in out
    legacy.refresh_from_db()
    author.refresh_from_db()
    assert len(legacy.hero_renditions["renditions"]) == 6
    assert len(author.headshot_renditions["renditions"]) == 6
    for name in stored_files(media_root):
        with default_storage.open(name, "rb") as file:
            assert metadata_left_in(file.read()) == [], name


def test_a_damaged_image_is_reported_and_the_others_are_still_done(media_root):
    whole = noisy_jpeg(600, 400)
    broken = _article_with_stored_file("articles/2024/01/cut.jpg", whole[:3000], 600, 400)
    fine = _article_with_stored_file(
        "articles/2024/01/fine.jpg", image_bytes("JPEG", 600, 400), 600, 400
    )
    missing = _article_with_stored_file("articles/2024/01/gone.jpg", image_bytes("JPEG"), 8, 8)
    default_storage.delete(missing.hero_image.name)

    out, err, error = _run()

    assert f"article {broken.pk} “{broken.title}”: failed: This file is not an image" in err
    assert f"article {missing.pk} “{missing.title}”: failed: The image file" in err
    assert f"article {fine.pk} “{fine.title}”: 4 renditions made" in out
    assert "Images with new renditions: 1; already up to date: 0; failed: 2." in out
    assert "2 image(s) could not be processed" in str(error)
    fine.refresh_from_db()
    assert len(fine.hero_renditions["renditions"]) == 4


def test_a_second_run_finds_everything_up_to_date_and_force_remakes(media_root):
    article = _article_with_stored_file(
        "articles/2024/01/a.jpg", image_bytes("JPEG", 600, 400), 600, 400
    )
    _run()
    first = Article.objects.get(pk=article.pk).hero_renditions

    out, _, error = _run()
    assert error is None
    assert "already up to date: 1; failed: 0." in out
    assert Article.objects.get(pk=article.pk).hero_renditions == first

    out, _, error = _run("--force")
    assert error is None
    assert "4 renditions made" in out
    remade = Article.objects.get(pk=article.pk).hero_renditions
    assert {r["name"] for r in remade["renditions"]}.isdisjoint(
        {r["name"] for r in first["renditions"]}
    )
