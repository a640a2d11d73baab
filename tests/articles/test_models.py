import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, PublishedArticleFactory
from tests.images import png_bytes

pytestmark = pytest.mark.django_db


def test_body_is_sanitized_on_every_save_not_only_in_forms():
    article = ArticleFactory()

    article.body = '<p onmouseover="x()">Hello <script>bad()</script><b>world</b></p>'
    article.save()
    article.refresh_from_db()

    assert article.body == "<p>Hello <strong>world</strong></p>"


def test_word_count_follows_the_body_even_with_update_fields():
    article = ArticleFactory(body="<p>one two</p>")
    assert article.word_count == 2

    article.body = "<p>one two three four</p>"
    article.save(update_fields=["body"])
    article.refresh_from_db()

    assert article.word_count == 4


def test_body_text_is_the_bodys_plain_text_kept_current_even_with_update_fields():
    article = ArticleFactory(body="<p>Fish &amp; chips.</p><ul><li>Salt</li></ul>")
    assert article.body_text == "Fish & chips. Salt"

    article.body = "<p>Only <em>peas</em> now.</p>"
    article.save(update_fields=["body"])
    article.refresh_from_db()

    assert article.body_text == "Only peas now."


def test_every_editorial_save_raises_the_version_but_a_status_change_does_not():
    article = ArticleFactory()
    created = article.version

    article.title = "Revised headline"
    article.save()
    article.save(update_fields=["status"])

    assert article.version == created + 1


def test_image_without_alt_text_is_refused_by_validation_and_by_the_database():
    article = ArticleFactory()
    article.hero_image = SimpleUploadedFile("hero.png", png_bytes(), content_type="image/png")

    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "hero_alt" in error.value.message_dict

    with pytest.raises(IntegrityError):
        article.save()


def test_image_with_alt_text_records_its_dimensions():
    article = ArticleFactory(
        hero_image=SimpleUploadedFile("hero.png", png_bytes(40, 30), content_type="image/png"),
        hero_alt="Flooded street in the city centre",
    )

    assert (article.hero_image_width, article.hero_image_height) == (40, 30)


def test_byline_authors_keep_their_order():
    first, second, third = AuthorFactory.create_batch(3)
    article = PublishedArticleFactory(authors=[second, third, first])

    fetched = Article.objects.with_byline().get(pk=article.pk)

    assert fetched.byline_authors == [second, third, first]


def test_the_byline_is_read_from_the_prefetch_or_else_in_one_query(django_assert_num_queries):
    first, second = AuthorFactory.create_batch(2)
    article = PublishedArticleFactory(authors=[second, first])
    listed = list(Article.objects.with_byline().filter(pk=article.pk))
    through_manager = Article.objects.prefetch_related("authorships__author").get(pk=article.pk)
    plain = Article.objects.get(pk=article.pk)

    with django_assert_num_queries(0):
        assert listed[0].byline_authors == [second, first]
        assert through_manager.byline_authors == [second, first]
    with django_assert_num_queries(1):
        assert [a.author.name for a in plain.byline_authorships()] == [second.name, first.name]
