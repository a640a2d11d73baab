"""Follow the README's "Deploying" section on this machine, then use the site as an editor would.

Local services stand in for production ones: PostgreSQL (a fresh database), Redis (database
PROD_CHECK_REDIS_DB, keys under their own prefix) and an S3-compatible server (moto's server mode
on a free loopback port). The commands run are the README's own code blocks marked
``<!-- prod-check: NAME -->``, with the environment file's path replaced by this run's file, so
the section cannot drift from what works. Then gunicorn (production settings, plain HTTP, the
proxy's ``X-Forwarded-Proto`` header sent as a TLS-terminating proxy would) and a worker run, an
editor signs in to the admin, writes a piece with a hero image, publishes it, waits for the
worker to make the image's renditions, and every page is read back: each must answer 200.

Exit status 0 when everything worked; otherwise the step that failed is printed, with the
servers' logs.

    .venv/bin/python .ci/prod_check.py      # or: make prod-check
"""

import base64
import hashlib
import hmac
import io
import json
import os
import re
import shlex
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import boto3
import psycopg2
import requests
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ENV_FILE_IN_README = "/etc/newsroom/newsroom.env"
PG_ADMIN_URL = os.environ.get("PROD_CHECK_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("PROD_CHECK_DB_NAME", "newsroom_prod_check")
REDIS_DB = os.environ.get("PROD_CHECK_REDIS_DB", "3")
PASSWORD = "prod-check-" + uuid.uuid4().hex
TITLE = "Harbour reopens after the storm"


class Failure(Exception):
    pass


def step(message: str) -> None:
    print(f"\n-- {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, *, seconds: float = 180, **kwargs) -> requests.Response:
    deadline = time.monotonic() + seconds
    while True:
        try:
            # Generous per request: on a loaded CI machine gunicorn's workers may still be
            # importing the language model when the first request arrives.
            return requests.get(url, timeout=30, **kwargs)
        except (requests.ConnectionError, requests.Timeout):
            if time.monotonic() > deadline:
                raise Failure(f"nothing answered at {url} within {seconds} s") from None
            time.sleep(0.3)


def readme_block(name: str) -> str:
    """Return the shell code block the README marks ``<!-- prod-check: name -->``."""
    text = README.read_text(encoding="utf-8")
    match = re.search(
        rf"<!-- prod-check: {re.escape(name)} -->\s*```sh\n(.*?)```", text, flags=re.S
    )
    if not match:
        raise Failure(f"README.md has no code block marked prod-check: {name}")
    return match.group(1)


def for_this_run(block: str, env_file: Path) -> str:
    return block.replace(ENV_FILE_IN_README, shlex.quote(str(env_file)))


def run_block(name: str, env_file: Path, extra_env: dict | None = None) -> None:
    script = for_this_run(readme_block(name), env_file)
    print(script, flush=True)
    environment = {**clean_environment(), **(extra_env or {})}
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], cwd=ROOT, env=environment, check=False
    )
    if result.returncode:
        raise Failure(f"the README's {name} commands failed (exit {result.returncode})")


def start_block(name: str, env_file: Path, log: Path) -> subprocess.Popen:
    script = for_this_run(readme_block(name), env_file)
    # exec: the last command replaces the shell, so stopping the process stops the server.
    lines = script.strip().splitlines()
    lines[-1] = "exec " + lines[-1]
    print("\n".join(lines), flush=True)
    return subprocess.Popen(
        ["bash", "-euo", "pipefail", "-c", "\n".join(lines)],
        cwd=ROOT,
        env=clean_environment(),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def clean_environment() -> dict:
    """This process's environment without the settings a developer's shell may carry, so the
    environment file alone configures the servers, as in production."""
    drop = {"DJANGO_SETTINGS_MODULE", "NEWSROOM_ENV", "DATABASE_URL", "REDIS_URL", "DEBUG"}
    return {key: value for key, value in os.environ.items() if key not in drop}


def fresh_database() -> str:
    connection = psycopg2.connect(f"{PG_ADMIN_URL}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    connection.close()
    return f"{PG_ADMIN_URL}/{DB_NAME}"


def drop_database() -> None:
    connection = psycopg2.connect(f"{PG_ADMIN_URL}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    connection.close()


def public_bucket(endpoint: str, bucket: str) -> None:
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="prod-check",
        aws_secret_access_key="prod-check",  # noqa: S106 - the local server's dummy key
    )
    client.create_bucket(Bucket=bucket)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


class _Form(HTMLParser):
    """The fields of one form of a page, with the values a browser would submit untouched."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_fields(html: str, form_id: str) -> dict[str, str]:
    parser = _Form(form_id)
    parser.feed(html)
    if not parser.fields:
        raise Failure(f"no form #{form_id} on the page")
    return parser.fields


class Browser:
    """An editor's browser behind the TLS-terminating proxy: the proxy tells the application
    the request came over HTTPS, and the browser keeps the (Secure) cookies itself."""

    def __init__(self, base: str):
        self.base = base
        self.origin = "https://" + urlsplit(base).netloc
        self.cookies: dict[str, str] = {}

    def _headers(self, referer: str = "") -> dict:
        headers = {"X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if referer:
            headers["Referer"] = self.origin + referer
            headers["Origin"] = self.origin
        return headers

    def _remember(self, response: requests.Response) -> None:
        for cookie in response.raw.headers.getlist("Set-Cookie"):
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def get(self, path: str) -> requests.Response:
        response = requests.get(
            urljoin(self.base, path), headers=self._headers(), allow_redirects=False, timeout=60
        )
        self._remember(response)
        return response

    def post(self, path: str, data: dict, files: dict | None = None) -> requests.Response:
        response = requests.post(
            urljoin(self.base, path),
            data=data,
            files=files,
            headers=self._headers(referer=path),
            allow_redirects=False,
            timeout=60,
        )
        self._remember(response)
        return response


def expect(response: requests.Response, status: int, what: str) -> requests.Response:
    if response.status_code != status:
        raise Failure(
            f"{what}: expected {status}, got {response.status_code} "
            f"{response.headers.get('Location', '')}\n{response.text[:2000]}"
        )
    print(f"   {response.status_code} {what}", flush=True)
    return response


def photo() -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (2400, 1600), (30, 80, 120))
    for x in range(0, 2400, 40):
        image.paste((200, 160, 60), (x, 0, x + 20, 1600))
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def totp(secret_base32: str, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows for ``secret_base32`` (RFC 6238)."""
    key = base64.b32decode(secret_base32 + "=" * (-len(secret_base32) % 8))
    counter = struct.pack(">Q", int((time.time() if at is None else at) // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def two_factor_enrol(browser: Browser) -> None:
    """Production requires editors' second factor: enrol an authenticator as a new editor does
    (the key shown under the QR code) and type its current code."""
    response = browser.get("/admin/")
    if response.status_code == 200:
        return  # NEWSROOM_REQUIRE_2FA is off in this environment
    page = expect(browser.get(response.headers["Location"]), 200, "two-factor enrolment page")
    match = re.search(r"<code>([A-Z2-7]+)</code>", page.text)
    if not match:
        raise Failure("the two-factor page shows no key to enter in an authenticator app")
    fields = form_fields(page.text, "two-factor-form")
    fields["token"] = totp(match.group(1))
    expect(browser.post(urlsplit(response.headers["Location"]).path, fields), 302, "two-factor")
    expect(browser.get("/admin/"), 200, "the admin, signed in with two factors")


def editor_publishes_a_piece(browser: Browser) -> str:
    """Sign in, write a piece with a hero image, take it through the workflow; return its
    admin change address."""
    login = expect(browser.get("/admin/login/"), 200, "admin sign-in page")
    fields = form_fields(login.text, "login-form")
    fields.update(username="chief", password=PASSWORD)
    expect(browser.post("/admin/login/?next=/admin/", fields), 302, "sign in")
    two_factor_enrol(browser)

    # Nothing is published without a byline: the editor first adds an author profile.
    author_form = expect(browser.get("/admin/people/author/add/"), 200, "new author form")
    author_fields = form_fields(author_form.text, "author_form")
    author_fields.update(name="Chief Editor", slug="chief-editor")
    created = expect(
        browser.post("/admin/people/author/add/", author_fields), 302, "save the author"
    )
    author_page = expect(browser.get("/admin/people/author/?q=Chief"), 200, "author list")
    author_match = re.search(r"/admin/people/author/(\d+)/change/", author_page.text)
    if not author_match:
        raise Failure(f"the new author is not listed (saved to {created.headers['Location']})")

    add = expect(browser.get("/admin/articles/article/add/"), 200, "new article form")
    fields = form_fields(add.text, "article_form")
    fields["authorships-TOTAL_FORMS"] = max(1, int(fields.get("authorships-TOTAL_FORMS", "0")))
    fields["authorships-0-author"] = author_match.group(1)
    fields["authorships-0-position"] = "0"
    fields.update(
        title=TITLE,
        slug="harbour-reopens-after-the-storm",
        dek="Fishing boats went back to sea on Tuesday.",
        body="<p>The harbour master said the quays were safe again.</p>"
        "<p>Repairs to the breakwater will take the rest of the year.</p>",
        hero_alt="Fishing boats tied up along the repaired quay",
        hero_caption="The quay on Tuesday morning.",
        _continue="Save and continue editing",
    )
    response = expect(
        browser.post(
            "/admin/articles/article/add/",
            fields,
            files={"hero_image": ("harbour.jpg", photo(), "image/jpeg")},
        ),
        302,
        "save the piece with its hero image",
    )
    change = response.headers["Location"]
    match = re.search(r"/admin/articles/article/(\d+)/", change)
    if not match:
        raise Failure(f"the save went to {change}, not the piece's page")
    pk = match.group(1)
    page = expect(browser.get(change), 200, "the piece's admin page")
    token = form_fields(page.text, "article_form")["csrfmiddlewaretoken"]
    for name in ("submit", "approve", "publish"):
        response = expect(
            browser.post(
                f"/admin/articles/article/{pk}/transition/{name}/",
                {"csrfmiddlewaretoken": token, "comment": "prod-check"},
            ),
            302,
            f"workflow: {name}",
        )
        messages = browser.get(change).text
        if name == "publish" and ": Published." not in messages:
            raise Failure(f"the {name} step did not take:\n{messages[:2000]}")
    return change


def wait_for_renditions(browser: Browser, path: str, seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = browser.get(path)
        if page.status_code == 200 and "srcset=" in page.text:
            print(f"   renditions made by the worker, shown on {path}", flush=True)
            return page.text
        time.sleep(1)
    raise Failure(f"the worker made no renditions within {seconds} s; {path} has no srcset")


def readers_pages(browser: Browser, s3_url: str) -> None:
    """Read every public page, static file and image of the new piece back: each must be 200."""
    step("Readers' pages, every one 200")
    home = expect(browser.get("/"), 200, "/")
    match = re.search(r'href="(/[^"]+/harbour-reopens-after-the-storm/)"', home.text)
    if not match:
        raise Failure("the home page does not list the new piece")
    article = wait_for_renditions(browser, match.group(1))
    if TITLE not in article:
        raise Failure("the article page does not show the piece")
    for path in [
        "/search/?q=harbour",
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/robots.txt",
        "/health/",
    ]:
        expect(browser.get(path), 200, path)
    assets = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', article))
    if not assets:
        raise Failure("the article page links no static files")
    for asset in sorted(assets):
        if not re.search(r"\.[0-9a-f]{12}\.", asset):
            raise Failure(f"{asset} is not a hashed (manifest) static address")
        expect(browser.get(asset), 200, asset)
    images = set(re.findall(r'(?:src|srcset)="([^"]+)"', article))
    urls = {part.strip().split()[0] for value in images for part in value.split(",")}
    media = sorted(url for url in urls if url.startswith(s3_url))
    if not media:
        raise Failure("the article's images are not served from the bucket")
    for url in media:
        expect(requests.get(url, timeout=10), 200, url.replace(s3_url, "s3:"))
    jobs = expect(browser.get("/admin/jobs/job/"), 200, "the admin's Jobs page")
    if "Succeeded" not in jobs.text:
        raise Failure("the Jobs page shows no succeeded job")


def worker_logged_jobs(processes: list) -> None:
    for name, _process, log in processes:
        lines = [line for line in log.read_text().splitlines() if line.startswith("{")]
        if name == "worker" and not any('"job_id": ' in line for line in lines):
            raise Failure("the worker logged no JSON line with a job id")


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="newsroom-prod-check-"))
    processes: list[tuple[str, subprocess.Popen, Path]] = []
    try:
        step("Local services: PostgreSQL database, Redis, S3 server")
        database_url = fresh_database()
        s3_port = free_port()
        s3_log = work / "s3.log"
        s3 = subprocess.Popen(
            [str(ROOT / ".venv/bin/moto_server"), "-H", "127.0.0.1", "-p", str(s3_port)],
            stdout=s3_log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        processes.append(("s3", s3, s3_log))
        s3_url = f"http://127.0.0.1:{s3_port}"
        wait_for(s3_url)
        bucket = f"newsroom-media-{uuid.uuid4().hex[:8]}"
        public_bucket(s3_url, bucket)
        web_port = free_port()
        base = f"http://127.0.0.1:{web_port}"

        step("1. Environment file")
        env_file = work / "newsroom.env"
        env_file.write_text(
            "\n".join(
                [
                    "NEWSROOM_ENV=production",
                    f"SECRET_KEY={uuid.uuid4().hex}{uuid.uuid4().hex}",
                    "ALLOWED_HOSTS=127.0.0.1",
                    f"CSRF_TRUSTED_ORIGINS=https://127.0.0.1:{web_port}",
                    f"DATABASE_URL={database_url}",
                    f"REDIS_URL=redis://127.0.0.1:6379/{REDIS_DB}",
                    "TASKS_BACKEND=database",
                    f"MEDIA_STORAGE_URL=s3://{bucket}/media",
                    f"AWS_S3_ENDPOINT_URL={s3_url}",
                    "AWS_S3_REGION_NAME=us-east-1",
                    "AWS_ACCESS_KEY_ID=prod-check",
                    "AWS_SECRET_ACCESS_KEY=prod-check",
                    "AWS_S3_ADDRESSING_STYLE=path",
                    "SECURE_SSL_REDIRECT=true",
                    f"STATIC_ROOT={work / 'static'}",
                    f"GUNICORN_BIND=127.0.0.1:{web_port}",
                    "GUNICORN_WORKERS=2",
                    # A one-person desk: the editor may approve their own piece.
                    "NEWSROOM_ALLOW_SELF_APPROVAL=true",
                    "DJANGO_SUPERUSER_USERNAME=chief",
                    "DJANGO_SUPERUSER_EMAIL=chief@example.org",
                    f"DJANGO_SUPERUSER_PASSWORD={PASSWORD}",
                ]
            )
            + "\n"
        )
        env_file.chmod(0o600)

        step("2. Release: migrate, collectstatic, check --deploy (the README's commands)")
        run_block("release", env_file)
        if not (work / "static" / "staticfiles.json").exists():
            raise Failure("collectstatic wrote no manifest under the production settings")
        run_block("first-time", env_file, {"DJANGO_SUPERUSER_PASSWORD": PASSWORD})

        step("3. gunicorn and 4. a worker (the README's commands)")
        web_log, worker_log = work / "web.log", work / "worker.log"
        processes.append(("web", start_block("web", env_file, web_log), web_log))
        processes.append(("worker", start_block("worker", env_file, worker_log), worker_log))

        step("5. Readiness, as a load balancer sees it")
        ready = wait_for(f"{base}/health/ready/", headers={"X-Forwarded-Proto": "https"})
        expect(ready, 200, "/health/ready/")
        if ready.json() != {"status": "ok"}:
            raise Failure(f"readiness said {ready.text}")
        plain = requests.get(f"{base}/", allow_redirects=False, timeout=10)
        expect(plain, 301, "plain HTTP without the proxy's header is sent to HTTPS")

        step("An editor publishes a piece with an image through the admin")
        browser = Browser(base)
        change = editor_publishes_a_piece(browser)
        status = browser.get(change).text
        if "Published" not in status:
            raise Failure("the piece is not shown as published in the admin")

        readers_pages(browser, s3_url)
        worker_logged_jobs(processes)
        print("\nprod-check: OK, the README's deployment serves every page.")
        return 0
    except Failure as failure:
        print(f"\nprod-check FAILED: {failure}", file=sys.stderr)
        for name, _process, log in processes:
            print(f"\n---- {name} log ({log}) ----", file=sys.stderr)
            print(log.read_text()[-6000:] if log.exists() else "(none)", file=sys.stderr)
        return 1
    finally:
        for _name, process, _log in reversed(processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        try:
            drop_database()
        except psycopg2.Error as error:
            print(f"could not drop {DB_NAME}: {error}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
