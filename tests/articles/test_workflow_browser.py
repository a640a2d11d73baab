"""The editorial workflow as people live it, in a real browser against a live server."""

import pytest

from articles.models import Article
from tests.factories import AuthorFactory, user_in_role

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct horse battery staple"


def _signed_in(chromium, live_server, username):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def _take_step(page, label, comment=""):
    action = page.locator("form.editorial-action", has=page.locator("summary", has_text=label))
    action.locator("summary").click()
    if comment:
        action.locator("textarea").fill(comment)
    action.locator("button[type=submit]").click()
    page.wait_for_load_state()


def _open_article(page, live_server, article):
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.locator(".ProseMirror[contenteditable=true]").wait_for()


def test_writer_drafts_editor_requests_changes_writer_revises_editor_publishes_reader_reads(
    chromium, live_server
):
    writer = user_in_role("Writers", "writer")
    user_in_role("Editors", "editor")
    AuthorFactory(name="Wanda Writer", user=writer)

    # The writer drafts a piece in the rich-text editor and submits it; the byline is hers.
    page = _signed_in(chromium, live_server, "writer")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    assert "Wanda Writer" in page.locator("#authorships-group").inner_text()
    page.fill("#id_title", "Grain routes after the floods")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("Aid convoys reached the port late.")
    page.click("input[name=_continue]")
    page.wait_for_selector("text=Status: Draft")
    article = Article.objects.get(slug="grain-routes-after-the-floods")
    assert article.created_by == writer
    _take_step(page, "Submit for review")
    assert "Submitted for review" in page.locator(".editorial-panel h2").inner_text()

    # The editor sends it back with a comment.
    editor_page = _signed_in(chromium, live_server, "editor")
    dashboard = editor_page.locator(".newsroom-dashboard").inner_text()
    assert "Grain routes after the floods" in dashboard
    _open_article(editor_page, live_server, article)
    _take_step(editor_page, "Request changes", comment="Say which port and when.")
    assert "Changes requested" in editor_page.locator(".editorial-panel h2").inner_text()

    # The writer sees the comment, revises the text and resubmits.
    page.goto(f"{live_server.url}/admin/")
    assert "Returned to me" in page.locator(".newsroom-dashboard").inner_text()
    _open_article(page, live_server, article)
    assert "Say which port and when." in page.locator(".editorial-timeline").inner_text()
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.press("End")
    page.keyboard.type(" They docked at Benghazi on Tuesday.")
    page.click("input[name=_continue]")
    page.wait_for_selector("text=was changed successfully")
    _take_step(page, "Submit for review")

    # The editor approves and publishes.
    _open_article(editor_page, live_server, article)
    _take_step(editor_page, "Approve")
    _take_step(editor_page, "Publish now")
    assert "Published" in editor_page.locator(".editorial-panel h2").inner_text()

    # A reader finds it on the front page and reads the revised text.
    reader = chromium.new_context().new_page()
    reader.goto(f"{live_server.url}/")
    reader.click("text=Grain routes after the floods")
    assert reader.locator("h1").inner_text() == "Grain routes after the floods"
    assert "They docked at Benghazi on Tuesday." in reader.locator(".article__body").inner_text()
    # She never set the byline: a writer's new piece is hers by default.
    assert reader.locator(".byline").inner_text().strip() == "By Wanda Writer"


def test_unsaved_work_survives_a_closed_tab_and_is_offered_back(chromium, live_server):
    writer = user_in_role("Writers", "writer")
    context = chromium.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", writer.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_title", "Half-written analysis")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("A paragraph that must not be lost.")
    page.wait_for_timeout(800)  # the autosave waits for a pause in typing
    page.close()

    reopened = context.new_page()
    reopened.goto(f"{live_server.url}/admin/articles/article/add/")
    offer = reopened.locator(".autosave-offer")
    offer.wait_for()
    assert reopened.input_value("#id_title") == ""
    offer.locator("text=Restore them").click()

    assert reopened.input_value("#id_title") == "Half-written analysis"
    body = reopened.locator(".ProseMirror[contenteditable=true]").inner_text()
    assert "A paragraph that must not be lost." in body
    assert not Article.objects.exists()


def test_editor_edits_a_live_piece_readers_keep_the_live_text_until_the_update_is_published(
    chromium, live_server
):
    from tests.factories import PublishedArticleFactory

    user_in_role("Editors", "editor")
    article = PublishedArticleFactory(
        title="Port reopens", body="<p>The port reopened on Monday.</p>"
    )
    public_url = f"{live_server.url}{article.get_absolute_url()}"

    # The editor fixes the text of the live piece and saves: it waits as pending changes.
    page = _signed_in(chromium, live_server, "editor")
    _open_article(page, live_server, article)
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.press("End")
    page.keyboard.type(" Ships queued overnight.")
    page.click("input[name=_continue]")
    page.wait_for_selector("text=Saved as pending changes")
    pending = page.locator(".editorial-pending").inner_text()
    assert "Live version / pending changes" in pending
    assert "Ships queued overnight." in page.locator(".editorial-pending ins").first.inner_text()

    # A reader still gets the live text.
    reader = chromium.new_context().new_page()
    reader.goto(public_url)
    assert "Ships queued overnight." not in reader.locator(".article__body").inner_text()

    # The editor publishes the update with a note; the reader now gets it.
    action = page.locator(".editorial-pending form.editorial-action", has_text="Publish the update")
    action.locator("summary").click()
    action.locator("select[name=note_kind]").select_option("update")
    action.locator("textarea[name=note]").fill("Added the overnight queue.")
    action.locator("button[type=submit]").click()
    page.wait_for_selector("text=is live")
    assert page.locator(".editorial-pending").count() == 0

    reader.reload()  # the page may be cached for a while; a reload asks the server again
    body = reader.locator(".article__body").inner_text()
    assert "The port reopened on Monday. Ships queued overnight." in body
    assert "Added the overnight queue." in reader.content()
