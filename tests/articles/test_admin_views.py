import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from tests import documents
from tests.factories import SectionFactory, UserFactory
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/articles/article/import/"


@pytest.fixture
def importer_client(client):
    user = UserFactory(username="importer")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_article", "change_article", "view_article"])
    )
    client.force_login(user)
    return client


def test_the_article_list_links_to_the_import_page(importer_client):
    html = importer_client.get(reverse("admin:articles_article_changelist")).text

    assert f'href="{IMPORT_URL}"' in html
    assert reverse("admin:articles_article_import") == IMPORT_URL


def test_an_uploaded_docx_becomes_a_draft_and_opens_with_its_warnings(importer_client):
    section = SectionFactory()
    upload = SimpleUploadedFile("nile.docx", documents.docx_bytes())

    response = importer_client.post(
        IMPORT_URL, {"document": upload, "section": section.pk}, follow=True
    )

    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:articles_article_change", args=[article.pk]
    )
    assert (article.title, article.status, article.section) == (
        documents.TITLE,
        Article.Status.DRAFT,
        section,
    )
    assert [author.name for author in article.authors.all()] == ["Amara Diallo"]
    assert "Imported “Water Deals on the Nile” as a draft." in response.text


def test_pasted_text_and_pasted_html_are_imported(importer_client):
    importer_client.post(IMPORT_URL, {"text": documents.markdown_text()})
    importer_client.post(
        IMPORT_URL,
        {
            "text": "what the textarea shows",
            "pasted_html": documents.google_docs_html(title="From Google Docs"),
        },
    )

    titles = sorted(Article.objects.values_list("title", flat=True))
    assert titles == ["From Google Docs", documents.TITLE]


def test_a_bad_file_shows_the_problem_and_keeps_the_pasted_text(importer_client):
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 data")

    response = importer_client.post(IMPORT_URL, {"document": upload})

    assert response.status_code == 200
    assert "scan.pdf: this is a PDF" in response.text
    assert not Article.objects.exists()

    response = importer_client.post(IMPORT_URL, {"text": "Only a headline"})
    assert "there is only a headline to import" in response.text
    assert "Only a headline</textarea>" in response.text


def test_a_duplicate_is_refused_until_import_anyway_is_ticked(importer_client):
    importer_client.post(IMPORT_URL, {"text": documents.markdown_text()})

    response = importer_client.post(IMPORT_URL, {"text": documents.markdown_text()})
    assert "identical to the existing article" in response.text
    assert Article.objects.count() == 1

    importer_client.post(IMPORT_URL, {"text": documents.markdown_text(), "allow_duplicate": "on"})
    assert Article.objects.count() == 2


def test_nothing_or_both_sources_is_an_error(importer_client):
    assert "Upload a file or paste the text" in importer_client.post(IMPORT_URL, {}).text
    both = importer_client.post(
        IMPORT_URL,
        {"text": "x", "document": SimpleUploadedFile("a.txt", b"Title\n\nText.")},
    )
    assert "not both" in both.text


def test_the_import_page_needs_the_right_to_add_articles(client):
    client.force_login(UserFactory(username="reader"))

    assert client.get(IMPORT_URL).status_code == 403


def test_import_page_query_count_does_not_grow_with_sections(importer_client):
    """The section menu is one query however many sections the newsroom has."""
    SectionFactory()
    few = page_queries(importer_client, IMPORT_URL)

    SectionFactory.create_batch(10)

    assert page_queries(importer_client, IMPORT_URL) == few
