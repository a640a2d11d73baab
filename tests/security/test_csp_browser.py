"""Under the Content-Security-Policy, a writer and an editor (signing in with a TOTP code) use
the rich-text editor, the Import page and the workflow in a real browser, and the browser
reports no policy violation: the policy is strict and nothing the newsroom needs is blocked."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article
from tests.factories import AuthorFactory, user_in_role

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct horse battery staple"
# Listens before any page script runs; Playwright's init scripts are not subject to the CSP.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


class Browser:
    def __init__(self, chromium, live_server):
        self.context = chromium.new_context(viewport={"width": 1280, "height": 1000})
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.live_server = live_server
        self.console: list[str] = []
        self.violations: list[str] = []
        self.page.on("console", lambda message: self.console.append(message.text))

    def goto(self, path):
        self.check()
        self.page.goto(f"{self.live_server.url}{path}")

    def check(self):
        """Gather the violations the current page reported."""
        try:
            self.violations += self.page.evaluate("window.__cspViolations || []")
            self.page.evaluate("window.__cspViolations = []")
        except Exception:  # the page is navigating; its successor is checked next time
            return

    def sign_in(self, username):
        self.goto("/admin/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("input[type=submit]")
        self.page.wait_for_load_state()

    def take_step(self, label, comment=""):
        page = self.page
        action = page.locator("form.editorial-action", has=page.locator("summary", has_text=label))
        action.locator("summary").click()
        if comment:
            action.locator("textarea").fill(comment)
        self.check()
        action.locator("button[type=submit]").click()
        page.wait_for_load_state()

    def assert_clean(self):
        self.check()
        csp_console = [text for text in self.console if "Content Security Policy" in text]
        assert self.violations == []
        assert csp_console == []


def test_writer_and_two_factor_editor_work_under_the_csp_without_violations(
    chromium, live_server, settings
):
    settings.NEWSROOM_REQUIRE_2FA = True
    writer = user_in_role("Writers", "writer")
    editor = user_in_role("Editors", "editor")
    AuthorFactory(name="Wanda Writer", user=writer)
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)

    # The writer writes in the rich-text editor, imports a pasted piece and submits it.
    browser = Browser(chromium, live_server)
    browser.sign_in("writer")
    page = browser.page
    browser.goto("/admin/articles/article/add/")
    page.fill("#id_title", "Grain routes after the floods")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("Aid convoys reached the port late.")
    page.click("input[name=_continue]")
    page.wait_for_selector("text=Status: Draft")
    browser.goto("/admin/articles/article/import/")
    page.fill("textarea[name=text]", "Ports reopen\n\nBy Wanda Writer\n\nThe ports reopened.\n")
    page.click("input[type=submit]")
    page.wait_for_selector(".ProseMirror[contenteditable=true]")
    article = Article.objects.get(slug="grain-routes-after-the-floods")
    browser.goto(f"/admin/articles/article/{article.pk}/change/")
    page.locator(".ProseMirror[contenteditable=true]").wait_for()
    browser.take_step("Submit for review")
    assert "Submitted for review" in page.locator(".editorial-panel h2").inner_text()
    browser.assert_clean()

    # The editor signs in with a password and a TOTP code, then approves and publishes.
    chief = Browser(chromium, live_server)
    chief.sign_in("editor")
    assert "/admin/two-factor/" in chief.page.url
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    chief.page.fill("#id_token", f"{code:06d}")
    chief.page.click("input[type=submit]")
    chief.page.wait_for_url(f"{live_server.url}/admin/")
    chief.goto(f"/admin/articles/article/{article.pk}/change/")
    chief.page.locator(".ProseMirror[contenteditable=true]").wait_for()
    chief.take_step("Approve")
    chief.take_step("Publish now")
    assert "Published" in chief.page.locator(".editorial-panel h2").inner_text()
    chief.goto(article.get_absolute_url())
    chief.page.wait_for_selector("h1")
    chief.assert_clean()
