"""Who may edit what through the admin, and how a stale edit is refused without losing work."""

import pytest
from django.urls import reverse

from articles.models import Article, Revision, Transition
from people.models import Author
from tests.articles.admin_forms import change_form_data
from tests.factories import ArticleFactory, AuthorFactory, PublishedArticleFactory, user_in_role
from tests.queries import page_queries

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def writer():
    return user_in_role("Writers", "writer")


@pytest.fixture
def editor():
    return user_in_role("Editors", "editor")


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_writer_edits_own_draft_and_the_save_is_a_new_revision(client, writer):
    article = ArticleFactory(authors=[AuthorFactory(user=writer)])
    client.force_login(writer)

    data = change_form_data(client, article, title="Sharper headline")
    response = client.post(_change_url(article), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Sharper headline"
    assert article.revisions.get(version=article.version).snapshot["title"] == "Sharper headline"


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED])
def test_writer_cannot_edit_own_piece_once_it_left_their_hands(client, writer, status):
    article = PublishedArticleFactory(authors=[AuthorFactory(user=writer)], status=status)
    client.force_login(writer)
    data = change_form_data(client, article, title="Sneaky late change")

    response = client.post(_change_url(article), data)

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title != "Sneaky late change"


def test_writer_never_sees_other_writers_pieces(client, writer):
    mine = ArticleFactory(authors=[AuthorFactory(user=writer)], title="My piece")
    theirs = ArticleFactory(title="Their piece")
    client.force_login(writer)

    listing = client.get(reverse("admin:articles_article_changelist")).text

    assert "My piece" in listing
    assert "Their piece" not in listing
    assert client.get(_change_url(theirs)).status_code == 302  # admin: "doesn't exist" redirect
    assert client.get(_change_url(mine)).status_code == 200


def test_writer_who_created_a_piece_may_edit_it_without_being_on_the_byline(client, writer):
    client.force_login(writer)
    data = {
        "title": "Created by the writer",
        "slug": "created-by-the-writer",
        "body": "<p>Text</p>",
        "authorships-TOTAL_FORMS": "0",
        "authorships-INITIAL_FORMS": "0",
        "authorships-MIN_NUM_FORMS": "0",
        "authorships-MAX_NUM_FORMS": "1000",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
    }

    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(slug="created-by-the-writer")
    assert article.created_by == writer
    assert article.status == Status.DRAFT
    assert client.get(_change_url(article)).status_code == 200


def test_editing_a_live_piece_saves_pending_changes_readers_do_not_see(client, editor):
    """Any save of a published piece used to be public at once, with no review."""
    article = PublishedArticleFactory(dek="Live dek")
    client.force_login(editor)

    response = client.post(_change_url(article), change_form_data(client, article, dek="New dek"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.dek == "Live dek"
    assert article.pending_revision.snapshot["dek"] == "New dek"
    assert "Live dek" in client.get(article.get_absolute_url()).text
    assert "New dek" not in client.get(article.get_absolute_url()).text
    page = client.get(_change_url(article)).text
    assert "Live version / pending changes" in page
    assert "<del>Live</del> <ins>New</ins> dek" in page
    assert "New dek</textarea>" in page  # the form edits the pending text


def test_stale_edit_is_refused_showing_what_changed_and_nothing_is_overwritten(client, editor):
    writer = user_in_role("Writers", "writer")
    article = ArticleFactory(
        authors=[AuthorFactory(user=writer)], body="<p>The army kept control of aid.</p>"
    )
    client.force_login(writer)
    stale = change_form_data(client, article, title="Writer's headline")
    client.force_login(editor)
    client.post(
        _change_url(article),
        change_form_data(client, article, body="<p>The army kept an iron grip on aid.</p>"),
    )
    article.refresh_from_db()
    editors_version = article.version

    client.force_login(writer)
    response = client.post(_change_url(article), stale)

    assert response.status_code == 200
    html = response.text
    assert "Someone else saved this article" in html
    assert "kept <del>control of</del> <ins>an iron grip on</ins> aid." in html
    assert "Writer&#x27;s headline" in html  # the writer's own text is still in the form
    article.refresh_from_db()
    assert article.version == editors_version
    assert article.title != "Writer's headline"
    assert "iron grip" in article.body

    # Having seen the other changes, saving again is a deliberate choice and goes through.
    again = dict(stale, base_version=response.context["adminform"].form.data["base_version"])
    assert client.post(_change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert article.title == "Writer's headline"


def test_change_page_shows_the_timeline_and_only_the_users_transitions(client, editor):
    writer = user_in_role("Writers", "writer")
    article = ArticleFactory(authors=[AuthorFactory(user=writer)], status=Status.IN_REVIEW)
    Transition.objects.create(
        article=article, actor=writer, from_state="draft", to_state="in_review", comment="Ready!"
    )

    client.force_login(editor)
    html = client.get(_change_url(article)).text
    assert "Ready!" in html
    assert "/transition/approve/" in html
    assert "/transition/request_changes/" in html
    assert "/transition/publish/" not in html

    client.force_login(writer)
    html = client.get(_change_url(article)).text
    assert "/transition/withdraw/" in html
    assert "/transition/approve/" not in html


def test_article_change_page_query_count_is_fixed(client, editor):
    """The article page editors live in must not slow down as history, bylines and tags grow."""
    small = ArticleFactory(authors=[AuthorFactory()], tags=["one"])
    big = ArticleFactory(authors=AuthorFactory.create_batch(6), tags=[f"t{i}" for i in range(6)])
    for version in range(2, 12):
        Revision.objects.create(article=big, version=version, created_by=editor, snapshot={})
        Transition.objects.create(article=big, actor=editor, from_state="draft", to_state="draft")
    client.force_login(editor)

    assert page_queries(client, _change_url(small)) == page_queries(client, _change_url(big))


def test_admin_lists_query_count_is_fixed(client, editor):
    """Changelists and the dashboard run a fixed number of queries however many rows."""
    urls = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_transition_changelist"),
        reverse("admin:articles_revision_changelist"),
    ]
    client.force_login(editor)
    ArticleFactory(status=Status.IN_REVIEW)
    PublishedArticleFactory()
    before = [page_queries(client, url) for url in urls]

    for _ in range(6):
        article = ArticleFactory(status=Status.IN_REVIEW, authors=AuthorFactory.create_batch(3))
        PublishedArticleFactory(authors=AuthorFactory.create_batch(2), tags=["a", "b"])
        Transition.objects.create(
            article=article, actor=editor, from_state="draft", to_state="in_review"
        )
    after = [page_queries(client, url) for url in urls]

    assert after == before


def _add_form_data(response) -> dict:
    """The blank add form's values as the browser would submit them."""
    form = response.context["adminform"].form
    data = dict.fromkeys(form.fields, "")
    data.pop("hero_image")
    for admin_formset in response.context["inline_admin_formsets"]:
        inline = admin_formset.formset
        prefix = inline.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(inline.forms)),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for row in inline.forms:
            for name in row.fields:
                if name not in ("DELETE", "id", inline.fk.name):
                    data[row.add_prefix(name)] = row.initial.get(name, "")
    return data


def test_a_writers_new_piece_is_bylined_to_them_by_default(client):
    writer = user_in_role("Writers", "wanda", first_name="Wanda", last_name="Writer")
    client.force_login(writer)

    response = client.get(reverse("admin:articles_article_add"))
    assert '<option value="' in response.text and "Wanda Writer</option>" in response.text
    data = _add_form_data(response) | {
        "title": "Grain routes after the floods",
        "slug": "grain-routes-after-the-floods",
    }
    saved = client.post(reverse("admin:articles_article_add"), data)

    assert saved.status_code == 302
    article = Article.objects.get(slug="grain-routes-after-the-floods")
    assert [author.name for author in article.authors.all()] == ["Wanda Writer"]
    assert article.authors.get().user == writer


def test_an_editor_without_a_profile_gets_no_default_byline(client, editor):
    client.force_login(editor)

    response = client.get(reverse("admin:articles_article_add"))

    byline = next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "authorships"
    )
    assert len(byline.forms) == 0
    assert not Author.objects.filter(user=editor).exists()


def test_the_change_request_is_shown_above_the_form_with_who_and_when(client, writer, editor):
    from articles import workflow

    article = ArticleFactory(authors=[AuthorFactory(user=writer)])
    workflow.article_submit(article=article, by=writer)
    workflow.article_request_changes(article=article, by=editor, comment="Cite the ministry.")
    client.force_login(writer)

    html = client.get(_change_url(article)).text

    top = html[: html.index('id="article_form"')]
    assert "Changes requested by editor" in top and "Cite the ministry." in top


def test_a_writer_reads_a_submitted_piece_as_readers_will_not_as_html(client, writer):
    article = ArticleFactory(
        authors=[AuthorFactory(user=writer)],
        status=Status.IN_REVIEW,
        body="<p>Aid reached <strong>the port</strong>.</p>",
    )
    client.force_login(writer)

    html = client.get(_change_url(article)).text

    assert '<div class="article-body-as-read"><p>Aid reached <strong>the port</strong>.</p>' in html
    assert "&lt;p&gt;" not in html


def test_view_on_site_is_offered_only_for_a_live_piece(client, editor):
    client.force_login(editor)
    draft, live = ArticleFactory(), PublishedArticleFactory()

    assert "View on site" not in client.get(_change_url(draft)).text
    assert "View on site" in client.get(_change_url(live)).text


def test_preview_links_are_listed_with_their_address_to_copy(client, editor):
    import re

    from articles.previews import preview_link_create, preview_link_from_token

    article = ArticleFactory()
    link = preview_link_create(article=article, by=editor, days=3)
    client.force_login(editor)

    html = client.get(_change_url(article)).text

    token = re.search(r'value="http://testserver/preview/([^/"]+)/"', html)[1]
    assert preview_link_from_token(token) == link
    assert 'data-copy="preview-link-' in html and "Revoke" in html


def test_in_this_piece_lists_entities_suggestions_and_quotations(client, editor):
    from articles.entities import article_link_entities
    from tests.factories import EntityFactory

    EntityFactory(name="Persian Gulf", slug="persian-gulf", kind="place")
    article = ArticleFactory(
        body="<p>Tankers in the Persian Gulf. The Libyan National Army (LNA) advanced. "
        "“We will not retreat,” said Khalifa Haftar.</p>"
    )
    article_link_entities(article=article)
    client.force_login(editor)

    html = client.get(_change_url(article)).text

    panel = html[html.index('id="in-this-piece"') : html.index('id="article_form"')]
    assert "Persian Gulf" in panel and "place · 1 mention" in panel
    assert "Remove from this piece" in panel and "Link there instead" in panel
    assert "Libyan National Army" in panel and ">Accept</button>" in panel
    assert "We will not retreat" in panel and "Khalifa Haftar" in panel


def test_a_writer_removes_a_wrong_link_from_their_draft_and_it_sticks(client, writer):
    from articles.entities import article_link_entities
    from articles.models import Mention
    from tests.factories import EntityFactory

    gulf = EntityFactory(name="Persian Gulf", slug="persian-gulf", kind="place")
    article = ArticleFactory(
        authors=[AuthorFactory(user=writer)], body="<p>Tankers in the Persian Gulf.</p>"
    )
    article_link_entities(article=article)
    client.force_login(writer)
    url = reverse("admin:articles_article_mention_fix", args=[article.pk, gulf.pk])

    response = client.post(url, {"action": "remove"}, follow=True)

    assert "“Persian Gulf” is no longer linked in this piece." in response.text
    assert not Mention.objects.filter(article=article).exists()
    data = change_form_data(client, article, title="Tankers, again")
    assert client.post(_change_url(article), data).status_code == 302
    assert not Mention.objects.filter(article=article).exists()
    panel = client.get(_change_url(article)).text
    assert "“Persian Gulf” is not linked" in panel
    assert ">Accept</button>" not in panel


ENTITY_AUTOCOMPLETE = {"app_label": "articles", "model_name": "mentionoverride"}


def _entity_choices(client, term, **params):
    return client.get(
        reverse("admin:articles_article_entity_autocomplete"),
        {**ENTITY_AUTOCOMPLETE, "field_name": "replacement", "term": term, **params},
    )


def test_the_repoint_box_suggests_entities_telling_namesakes_apart(client, writer):
    from tests.factories import EntityFactory

    EntityFactory(name="Georgia", slug="georgia-us", kind="place", description="A US state.")
    EntityFactory(name="Georgia", slug="georgia", kind="place", description="Caucasus republic.")
    EntityFactory(name="George Osborne", slug="george-osborne", kind="person", description="")
    client.force_login(writer)

    found = _entity_choices(client, "georg").json()

    assert [row["text"] for row in found["results"]] == [
        "George Osborne (person)",
        "Georgia (place) – A US state.",
        "Georgia (place) – Caucasus republic.",
    ]


def test_repointing_to_an_entity_picked_by_id_links_that_namesake(client, editor):
    from articles.entities import article_link_entities
    from articles.models import Mention
    from tests.factories import EntityFactory

    wrong = EntityFactory(name="Georgia", slug="georgia-us", kind="place")
    right = EntityFactory(name="Republic of Georgia", slug="georgia", kind="place")
    EntityFactory(name="Republic of Georgia", slug="georgia-1918", kind="place")
    article = ArticleFactory(body="<p>Georgia signed the pipeline deal.</p>")
    article_link_entities(article=article)
    assert Mention.objects.get(article=article).entity == wrong
    client.force_login(editor)
    url = reverse("admin:articles_article_mention_fix", args=[article.pk, wrong.pk])

    typed = {"action": "repoint", "replacement": "Republic of Georgia"}
    by_name = client.post(url, typed, follow=True)
    picked = client.post(url, typed | {"replacement_id": right.pk}, follow=True)
    gone = client.post(url, {"action": "repoint", "replacement_id": "999999"}, follow=True)

    assert "Several entities are called “Republic of Georgia”" in by_name.text
    assert "now links to “Republic of Georgia”" in picked.text
    assert "no longer in the registry" in gone.text
    assert Mention.objects.get(article=article).entity == right


def test_the_repoint_box_loads_its_script_with_the_change_form(client, editor):
    from articles.entities import article_link_entities
    from tests.factories import EntityFactory

    EntityFactory(name="Persian Gulf", slug="persian-gulf", kind="place")
    article = ArticleFactory(body="<p>Tankers in the Persian Gulf.</p>")
    article_link_entities(article=article)
    client.force_login(editor)

    html = client.get(_change_url(article)).text

    assert "articles/admin/entity-repoint.js" in html and "select2.full" in html
    autocomplete = reverse("admin:articles_article_entity_autocomplete")
    assert f'data-entity-autocomplete-url="{autocomplete}"' in html


def test_repointing_to_an_unknown_name_says_so_and_changes_nothing(client, editor):
    from articles.entities import article_link_entities
    from articles.models import Mention
    from tests.factories import EntityFactory

    gulf = EntityFactory(name="Persian Gulf", slug="persian-gulf", kind="place")
    article = ArticleFactory(body="<p>Tankers in the Persian Gulf.</p>")
    article_link_entities(article=article)
    client.force_login(editor)
    url = reverse("admin:articles_article_mention_fix", args=[article.pk, gulf.pk])

    response = client.post(url, {"action": "repoint", "replacement": "Gulf of Oman"}, follow=True)

    assert "No entity is called “Gulf of Oman”" in response.text
    assert Mention.objects.get(article=article).entity == gulf


def test_an_image_chosen_in_a_form_that_failed_is_kept_for_the_next_try(client, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.images import png_bytes

    writer = user_in_role("Writers", "wanda", first_name="Wanda", last_name="Writer")
    client.force_login(writer)
    url = reverse("admin:articles_article_add")
    data = _add_form_data(client.get(url)) | {"title": "Harbour", "slug": "harbour"}

    failed = client.post(url, data | {"hero_image": SimpleUploadedFile("port.png", png_bytes())})
    assert failed.status_code == 200  # refused: an image needs alt text
    token = failed.context["adminform"].form.data["pending_hero_image"]
    assert "Kept from your last try: port.png" in failed.text
    assert f'value="{token}"' in failed.text

    saved = client.post(url, data | {"pending_hero_image": token, "hero_alt": "A quay at dawn"})

    assert saved.status_code == 302
    article = Article.objects.get(slug="harbour")
    assert article.hero_image and article.hero_alt == "A quay at dawn"
    forged = client.post(
        url, data | {"slug": "other", "pending_hero_image": "articles/x.png", "hero_alt": "x"}
    )
    assert forged.status_code == 302 and not Article.objects.get(slug="other").hero_image
