import io
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.images import article_hero_renditions_refresh
from articles.models import Article
from articles.services import article_create, revision_restore
from articles.workflow import article_update_publish
from jobs.models import Job
from people.media.images import ImageError
from people.media.renditions import Picture
from tests.articles.admin_forms import change_form_data
from tests.factories import ArticleFactory, PublishedArticleFactory
from tests.images import (
    cmyk_jpeg,
    gif_with_comment,
    image_bytes,
    jpeg_with_gps,
    metadata_left_in,
    noisy_jpeg,
    palette_png_with_transparency,
    png_with_metadata,
    stored_files,
    webp_with_metadata,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

ALT = "Protesters outside the central bank in Tripoli"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str, name: str) -> list[dict]:
    """Return the attributes of every ``name`` element in ``html``, in document order."""
    parser = _Tags()
    parser.feed(html)
    return [attrs for tag, attrs in parser.tags if tag == name]


def srcset_widths(srcset: str) -> list[int]:
    return [int(candidate.split()[1].rstrip("w")) for candidate in srcset.split(", ")]


def article_with_image(data: bytes, name: str = "hero.jpg", **kwargs) -> Article:
    article = PublishedArticleFactory(
        hero_image=SimpleUploadedFile(name, data), hero_alt=ALT, **kwargs
    )
    article_hero_renditions_refresh(article=article)
    return article


def renditions(article: Article) -> list[tuple[str, int, int]]:
    return sorted(
        (r["format"], r["width"], r["height"]) for r in article.hero_renditions["renditions"]
    )


def opened(name: str) -> Image.Image:
    with default_storage.open(name, "rb") as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


@pytest.mark.parametrize(
    ("width", "expected_widths"),
    [(1700, [480, 800, 1200, 1600]), (1000, [480, 800, 1000]), (300, [300])],
)
def test_renditions_come_in_webp_and_jpeg_at_each_width_never_larger_than_the_original(
    media_root, width, expected_widths
):
    article = article_with_image(image_bytes("JPEG", width, width // 2))

    made = renditions(article)

    assert made == sorted(
        (image_format, w, w // 2) for w in expected_widths for image_format in ("JPEG", "WEBP")
    )
    for item in article.hero_renditions["renditions"]:
        image = opened(item["name"])
        assert (image.format, image.size) == (item["format"], (item["width"], item["height"]))


@pytest.mark.parametrize(
    ("data", "name", "fallback"),
    [
        (png_with_metadata(600, 300), "chart.png", "PNG"),
        (palette_png_with_transparency(600, 300), "logo.png", "PNG"),
        (gif_with_comment(600, 300), "map.gif", "PNG"),
        (webp_with_metadata(600, 300, alpha=True), "cutout.webp", "PNG"),
        (webp_with_metadata(600, 300), "photo.webp", "JPEG"),
        (cmyk_jpeg(600, 300), "print.jpg", "JPEG"),
    ],
)
def test_each_source_format_gets_webp_and_a_fallback_every_browser_reads(
    media_root, data, name, fallback
):
    article = article_with_image(data, name)

    assert {image_format for image_format, _, _ in renditions(article)} == {"WEBP", fallback}


def test_transparency_survives_in_the_renditions(media_root):
    article = article_with_image(palette_png_with_transparency(600, 300), "logo.png")

    for item in article.hero_renditions["renditions"]:
        image = opened(item["name"]).convert("RGBA")
        assert image.getpixel((2, 2))[3] == 0
        assert image.getpixel((image.width - 3, 2))[3] == 255


def test_no_stored_image_keeps_exif_gps_or_any_other_metadata(media_root):
    """Where a photograph was taken can identify a source: neither the original nor any
    rendition served to readers may carry it."""
    source = jpeg_with_gps(1000, 500)
    assert metadata_left_in(source)

    article_with_image(source, "IMG_2041.jpg")

    files = stored_files(media_root)
    assert len(files) == 1 + 6  # the original, and 3 widths in 2 formats
    for name in files:
        with default_storage.open(name, "rb") as file:
            assert metadata_left_in(file.read()) == [], name


def test_an_upload_is_stored_clean_by_any_path_even_before_renditions_are_made(media_root):
    """Scripts and imports save articles without the admin: the upload itself is cleaned."""
    article = PublishedArticleFactory(
        hero_image=SimpleUploadedFile("IMG_2041.jpg", jpeg_with_gps(40, 20, orientation=6)),
        hero_alt=ALT,
    )

    with default_storage.open(article.hero_image.name, "rb") as file:
        assert metadata_left_in(file.read()) == []
    assert (article.hero_image_width, article.hero_image_height) == (20, 40)


def test_orientation_is_kept_in_the_renditions(media_root):
    article = article_with_image(jpeg_with_gps(1000, 500, orientation=6), "turned.jpg")

    assert (article.hero_image_width, article.hero_image_height) == (500, 1000)
    assert ("JPEG", 480, 960) in renditions(article)


def test_refreshing_again_remakes_nothing(media_root):
    article = article_with_image(image_bytes("JPEG", 900, 600))
    files = stored_files(media_root)

    result = article_hero_renditions_refresh(article=article)

    assert not result.changed
    assert stored_files(media_root) == files


def test_forced_refresh_remakes_and_replaces_the_files(
    media_root, django_capture_on_commit_callbacks
):
    article = article_with_image(image_bytes("JPEG", 900, 600))
    before = {r["name"] for r in article.hero_renditions["renditions"]}

    with django_capture_on_commit_callbacks(execute=True):
        result = article_hero_renditions_refresh(article=article, force=True)

    after = {r["name"] for r in article.hero_renditions["renditions"]}
    assert result.changed and result.count == 6
    assert not before & after
    assert stored_files(media_root) == {article.hero_image.name, *after}


def test_a_new_image_gets_new_renditions_and_the_old_ones_are_deleted(
    media_root, django_capture_on_commit_callbacks
):
    article = article_with_image(image_bytes("JPEG", 900, 600), "first.jpg")
    first_image = article.hero_image.name
    old = {r["name"] for r in article.hero_renditions["renditions"]}

    article.hero_image = SimpleUploadedFile("second.png", image_bytes("PNG", 500, 500))
    article.save()
    with django_capture_on_commit_callbacks(execute=True):
        article_hero_renditions_refresh(article=article)

    article.refresh_from_db()
    new = {r["name"] for r in article.hero_renditions["renditions"]}
    assert article.hero_renditions["source"] == article.hero_image.name
    assert renditions(article) == [
        ("PNG", 480, 480),
        ("PNG", 500, 500),
        ("WEBP", 480, 480),
        ("WEBP", 500, 500),
    ]
    # Revisions still point at the first image, so it stays; its renditions go.
    assert stored_files(media_root) == {first_image, article.hero_image.name, *new}
    assert not old & stored_files(media_root)


def test_removing_the_image_removes_its_renditions(media_root, django_capture_on_commit_callbacks):
    article = article_with_image(image_bytes("JPEG", 900, 600))

    article.hero_image = ""
    article.hero_alt = ""
    article.save()
    with django_capture_on_commit_callbacks(execute=True):
        article_hero_renditions_refresh(article=article)

    article.refresh_from_db()
    assert article.hero_renditions == {}
    assert not any(name.startswith("renditions/") for name in stored_files(media_root))


def test_a_missing_rendition_file_is_remade(media_root):
    article = article_with_image(image_bytes("JPEG", 900, 600))
    default_storage.delete(article.hero_renditions["renditions"][0]["name"])

    result = article_hero_renditions_refresh(article=article)

    assert result.changed
    assert all(default_storage.exists(r["name"]) for r in article.hero_renditions["renditions"])


def test_an_original_stored_before_cleaning_existed_is_rewritten_in_place(media_root):
    name = default_storage.save("articles/2024/03/old.jpg", ContentFile(jpeg_with_gps(40, 20, 6)))
    article = PublishedArticleFactory()
    Article.objects.filter(pk=article.pk).update(
        hero_image=name, hero_alt=ALT, hero_image_width=40, hero_image_height=20
    )
    article.refresh_from_db()

    result = article_hero_renditions_refresh(article=article)

    assert result.original_cleaned
    article.refresh_from_db()
    assert article.hero_image.name == name  # links and revisions pointing at it keep working
    with default_storage.open(name, "rb") as file:
        assert metadata_left_in(file.read()) == []
    assert (article.hero_image_width, article.hero_image_height) == (20, 40)
    assert not article_hero_renditions_refresh(article=article).original_cleaned


@pytest.mark.parametrize("content", [b"not an image at all", noisy_jpeg(600, 400)[:5000]])
def test_a_damaged_stored_image_is_a_clear_error_and_leaves_nothing_behind(media_root, content):
    name = default_storage.save("articles/2024/03/broken.jpg", ContentFile(content))
    article = PublishedArticleFactory()
    Article.objects.filter(pk=article.pk).update(
        hero_image=name, hero_alt=ALT, hero_image_width=600, hero_image_height=400
    )
    article.refresh_from_db()

    with pytest.raises(ImageError, match="damaged"):
        article_hero_renditions_refresh(article=article)

    assert stored_files(media_root) == {name}
    article.refresh_from_db()
    assert article.hero_renditions == {}


def test_a_missing_original_is_a_clear_error(media_root):
    article = PublishedArticleFactory()
    Article.objects.filter(pk=article.pk).update(
        hero_image="articles/gone.jpg", hero_alt=ALT, hero_image_width=40, hero_image_height=20
    )
    article = Article.objects.get(pk=article.pk)

    with pytest.raises(ImageError, match="missing"):
        article_hero_renditions_refresh(article=article)


def test_article_page_serves_the_hero_as_a_responsive_picture(client, media_root):
    article = article_with_image(
        image_bytes("JPEG", 1700, 850),
        hero_caption="The march on Sunday.",
        hero_credit="Photo: A. Reporter",
    )

    html = client.get(article.get_absolute_url()).text

    [source] = tags(html, "source")
    [img] = tags(html, "img")
    assert source["type"] == "image/webp"
    assert srcset_widths(source["srcset"]) == [480, 800, 1200, 1600]
    assert all(".webp" in candidate for candidate in source["srcset"].split(", "))
    assert srcset_widths(img["srcset"]) == [480, 800, 1200, 1600]
    assert img["src"].endswith("/1600w.jpg")
    assert source["sizes"] == img["sizes"] == "(min-width: 45rem) 42rem, calc(100vw - 2rem)"
    assert (img["width"], img["height"]) == ("1700", "850")
    assert img["alt"] == ALT
    # The hero is the first thing a reader sees: fetched at once, not lazily.
    assert (img["loading"], img["fetchpriority"]) == ("eager", "high")
    assert "The march on Sunday." in html and "Photo: A. Reporter" in html


def test_article_page_shows_the_original_while_renditions_are_missing(client, media_root):
    article = PublishedArticleFactory(
        hero_image=SimpleUploadedFile("hero.jpg", image_bytes("JPEG", 640, 320)), hero_alt=ALT
    )

    html = client.get(article.get_absolute_url()).text

    [img] = tags(html, "img")
    assert img["src"] == article.hero_image.url
    assert "srcset" not in img
    assert (img["width"], img["height"]) == ("640", "320")
    assert tags(html, "source") == []


def test_article_page_never_shows_renditions_of_a_replaced_image(client, media_root):
    article = article_with_image(image_bytes("JPEG", 900, 600), "first.jpg")

    article.hero_image = SimpleUploadedFile("second.jpg", image_bytes("JPEG", 700, 700))
    article.save()
    html = client.get(article.get_absolute_url()).text

    [img] = tags(html, "img")
    assert img["src"] == article.hero_image.url
    assert (img["width"], img["height"]) == ("700", "700")


def test_article_page_query_count_is_the_same_with_or_without_a_hero_image(client, media_root):
    """Renditions live on the article's row: a picture with eight files must not cost the page
    a single query more than no picture at all."""
    plain = PublishedArticleFactory()
    pictured = article_with_image(image_bytes("JPEG", 1700, 850))
    assert len(pictured.hero_renditions["renditions"]) == 8

    assert page_queries(client, pictured.get_absolute_url()) == page_queries(
        client, plain.get_absolute_url()
    )


def test_picture_include_loads_lazily_unless_above_the_fold():
    picture = Picture(src="/media/a.jpg", width=800, height=400, srcset="/media/a.jpg 800w")

    below = render_to_string("includes/picture.html", {"picture": picture, "alt": "A chart"})
    above = render_to_string(
        "includes/picture.html", {"picture": picture, "alt": "", "above_the_fold": True}
    )

    [img] = tags(below, "img")
    assert img["loading"] == "lazy" and "fetchpriority" not in img
    assert img["sizes"] == "100vw" and img["alt"] == "A chart"
    [img] = tags(above, "img")
    assert img["loading"] == "eager" and img["alt"] == ""


def test_article_create_stores_a_clean_image_with_its_renditions(media_root):
    article = article_create(
        title="Inside the ministry",
        body="<p>Text</p>",
        by=None,
        hero_image=SimpleUploadedFile("IMG_9.jpg", jpeg_with_gps(1000, 500)),
        hero_alt=ALT,
        hero_credit="Photo: A. Reporter",
    )

    article.refresh_from_db()
    assert renditions(article)[0] == ("JPEG", 480, 240)
    assert article.hero_credit == "Photo: A. Reporter"
    for name in stored_files(media_root):
        with default_storage.open(name, "rb") as file:
            assert metadata_left_in(file.read()) == [], name


def test_article_create_refuses_a_damaged_image_and_creates_nothing(media_root):
    whole = noisy_jpeg(600, 400)

    with pytest.raises(ValidationError, match="damaged"):
        article_create(
            title="Inside the ministry",
            body="<p>Text</p>",
            by=None,
            hero_image=SimpleUploadedFile("IMG_9.jpg", whole[: len(whole) // 2]),
            hero_alt=ALT,
        )

    assert not Article.objects.exists()
    assert stored_files(media_root) == set()


def test_uploading_in_the_admin_stores_a_clean_image_with_renditions(superuser_client, media_root):
    article = ArticleFactory()
    data = change_form_data(superuser_client, article, hero_alt=ALT)
    data["hero_image"] = SimpleUploadedFile("IMG_2041.jpg", jpeg_with_gps(1000, 500))

    response = superuser_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert len(article.hero_renditions["renditions"]) == 6
    for name in stored_files(media_root):
        with default_storage.open(name, "rb") as file:
            assert metadata_left_in(file.read()) == [], name


def test_replacing_the_image_in_the_admin_remakes_the_renditions(
    superuser_client, media_root, django_capture_on_commit_callbacks
):
    # A draft: the image of a live piece changes when its pending changes are published.
    article = article_with_image(image_bytes("JPEG", 900, 600), "first.jpg", status="draft")
    old = {r["name"] for r in article.hero_renditions["renditions"]}
    data = change_form_data(superuser_client, article)
    data["hero_image"] = SimpleUploadedFile("second.jpg", image_bytes("JPEG", 500, 250))

    with django_capture_on_commit_callbacks(execute=True):
        superuser_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    article.refresh_from_db()
    assert article.hero_renditions["source"] == article.hero_image.name
    assert renditions(article) == [
        ("JPEG", 480, 240),
        ("JPEG", 500, 250),
        ("WEBP", 480, 240),
        ("WEBP", 500, 250),
    ]
    assert not old & stored_files(media_root)


def test_a_damaged_upload_in_the_admin_is_a_form_error_not_a_crash(superuser_client, media_root):
    article = PublishedArticleFactory()
    whole = noisy_jpeg(600, 400)
    data = change_form_data(superuser_client, article, hero_alt=ALT)
    data["hero_image"] = SimpleUploadedFile("IMG_1.jpg", whole[: len(whole) // 2])

    response = superuser_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["hero_image"]
    article.refresh_from_db()
    assert not article.hero_image
    assert stored_files(media_root) == set()


def test_restoring_a_revision_brings_back_its_image_with_renditions(
    media_root, django_capture_on_commit_callbacks, editor
):
    article = article_with_image(image_bytes("JPEG", 900, 600), "first.jpg")
    from articles.revisions import revision_create

    first = revision_create(article=article, by=None)
    first_image = article.hero_image.name
    article.hero_image = SimpleUploadedFile("second.jpg", image_bytes("JPEG", 500, 250))
    article.save()
    article_hero_renditions_refresh(article=article)

    with django_capture_on_commit_callbacks(execute=True):
        revision_restore(revision=first, by=None)
        # The piece is live: the restored version waits for an editor to publish it.
        article.refresh_from_db()
        assert article.pending_revision.snapshot["hero_image"] == first_image
        article_update_publish(article=article, by=editor)

    article.refresh_from_db()
    assert article.hero_image.name == first_image
    assert article.hero_renditions["source"] == first_image
    assert ("JPEG", 900, 600) in renditions(article)


def test_when_renditions_cannot_be_stored_the_article_is_saved_and_the_job_shows_why(
    superuser_client, media_root, monkeypatch
):
    from django.core.files.storage import FileSystemStorage

    original_save = FileSystemStorage._save

    def disk_full_for_renditions(storage, name, content):
        if name.startswith("renditions/"):
            raise OSError(28, "No space left on device")
        return original_save(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full_for_renditions)
    article = ArticleFactory(title="Before")
    data = change_form_data(superuser_client, article, title="After", hero_alt=ALT)
    data["hero_image"] = SimpleUploadedFile("IMG_5.jpg", image_bytes("JPEG", 900, 600))

    response = superuser_client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data, follow=True
    )

    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert any("could not be made" in message for message in messages)
    [job] = Job.objects.filter(kind="renditions")
    assert job.status == Job.Status.FAILED
    assert "could not be stored" in job.error
    jobs_page = superuser_client.get(reverse("admin:jobs_job_change", args=[job.pk])).text
    assert "could not be stored" in jobs_page and "Retry" in jobs_page
    article.refresh_from_db()
    assert article.title == "After" and article.hero_image
    assert not any(name.startswith("renditions/") for name in stored_files(media_root))
    now = timezone.now()
    Article.objects.filter(pk=article.pk).update(
        status="published", publish_at=now, first_published_at=now
    )
    [img] = tags(superuser_client.get(article.get_absolute_url()).text, "img")
    assert img["src"] == article.hero_image.url
