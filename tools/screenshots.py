"""Write PNGs of the main public and admin screens of the demo site to var/screenshots/, for
reviewers: `make screenshots`.

It loads the demo into a scratch SQLite database, serves it with gunicorn (debug off, as in
.ci/quality/check.py) and drives Debian's chromium through Playwright, as the editor and as the
writer, on a desktop and a phone viewport.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "var" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

PUBLIC = [
    ("home", "/"),
    ("article", "/articles/sahel-patrons-small-states/"),
    ("section", "/sections/africa/"),
    ("author", "/authors/mara-okafor/"),
    ("entity", "/entities/sahel/"),
    ("search", "/search/?q=water"),
]
ADMIN = [
    # (account, name, path)
    ("editor", "admin-dashboard", "/admin/"),
    ("editor", "admin-articles", "/admin/articles/article/"),
    ("editor", "admin-article-form", "/admin/articles/article/{sahel}/change/"),
    ("editor", "admin-entities", "/admin/people/entity/"),
    ("editor", "admin-suggestions", "/admin/people/entitysuggestion/"),
    ("writer", "admin-writer-dashboard", "/admin/"),
    ("writer", "admin-writer-returned-piece", "/admin/articles/article/{returned}/change/"),
    ("writer", "admin-writer-new-piece", "/admin/articles/article/add/"),
]
PASSWORDS = {"editor": "editor-demo-password", "writer": "writer-demo-password"}

# The demo site is served exactly as the quality check serves it: one way to start it.
sys.path.insert(0, str(PROJECT / ".ci" / "quality"))
from check import start_site  # noqa: E402


def _article_ids(env) -> dict:
    code = (
        "from articles.models import Article;"
        "print(Article.objects.get(slug='sahel-patrons-small-states').pk,"
        " Article.objects.get(status='changes_requested').pk)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    sahel, returned = result.stdout.split()[-2:]
    return {"sahel": sahel, "returned": returned}


def _load_lazy_images(page) -> None:
    """Scroll to the bottom and back so that lazily loaded pictures are in the full-page shot."""
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")


def main() -> int:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium")
    OUT.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="newsroom-screens-"))
    server, port, env = start_site(scratch)
    base = f"http://127.0.0.1:{port}"
    written = []
    try:
        ids = _article_ids(env)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
                page = browser.new_page(viewport=viewport)
                for name, path in PUBLIC:
                    page.goto(base + path)
                    _load_lazy_images(page)
                    target = OUT / f"{name}-{device}.png"
                    page.screenshot(path=target, full_page=True)
                    written.append(target)
                page.close()
            for account in ("editor", "writer"):
                context = browser.new_context(viewport=DESKTOP)
                page = context.new_page()
                page.goto(f"{base}/admin/login/")
                page.fill("#id_username", account)
                page.fill("#id_password", PASSWORDS[account])
                page.click("input[type=submit]")
                page.wait_for_url(f"{base}/admin/")
                for who, name, path in ADMIN:
                    if who != account:
                        continue
                    page.goto(base + path.format(**ids))
                    page.wait_for_load_state("networkidle")
                    target = OUT / f"{name}.png"
                    page.screenshot(path=target, full_page=True)
                    written.append(target)
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(scratch, ignore_errors=True)
    for target in written:
        print(target.relative_to(PROJECT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
