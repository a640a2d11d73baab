"""A real HTTP server on 127.0.0.1 for the sources tests: pages that appear, move, vanish,
change and time out, served by the standard library in a thread."""

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Page:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering: a page that times out


@dataclass
class Hit:
    path: str
    host: str
    user_agent: str
    at: float


class LocalSite:
    """The server's pages by path; ``set`` changes what a path answers from now on."""

    def __init__(self, address: str = "127.0.0.1"):
        self.address = address
        self.pages: dict[str, Page] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                with site._lock:
                    site.hits.append(
                        Hit(
                            self.path,
                            self.headers.get("Host", ""),
                            self.headers.get("User-Agent", ""),
                            time.monotonic(),
                        )
                    )
                page = site.pages.get(self.path, Page(status=404, body=b"<h1>Not found</h1>"))
                if page.delay:
                    time.sleep(page.delay)
                try:
                    self.send_response(page.status)
                    self.send_header("Content-Type", page.content_type)
                    self.send_header("Content-Length", str(len(page.body)))
                    for name, value in page.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(page.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((address, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str, host: str = "") -> str:
        return f"http://{host or self.address}:{self.port}{path}"

    def set(self, path: str, *args, **kwargs) -> str:
        self.pages[path] = Page(*args, **kwargs)
        return self.url(path)

    def html(self, path: str, title: str, text: str, **kwargs) -> str:
        body = f"<html><head><title>{title}</title></head><body><p>{text}</p></body></html>"
        return self.set(path, body=body.encode(), **kwargs)

    def move(self, path: str, to: str, status: int = 301) -> str:
        return self.set(path, status=status, headers={"Location": to})


@contextmanager
def running(site: LocalSite):
    site.thread.start()
    try:
        yield site
    finally:
        site.server.shutdown()
        site.server.server_close()


@pytest.fixture
def local_site(settings):
    """The local server, with its loopback address opened to the fetcher explicitly (every
    other private range stays refused) and short limits so failures are quick."""
    settings.NEWSROOM_SOURCES_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.NEWSROOM_SOURCES_TIMEOUT = 2
    settings.NEWSROOM_SOURCES_HOST_INTERVAL = 0.0
    with running(LocalSite()) as site:
        yield site


ARTICLE_TEXT = (
    "The ministry published its budget for the coming year on Tuesday, with spending on "
    "roads and ports up by a fifth and the wage bill frozen for a second year. Economists "
    "said the figures relied on an oil price well above what markets expect, and warned "
    "that the deficit could double if the price stayed where it is. The central bank "
    "governor declined to comment on the plan before parliament debates it next month."
)
REWRITTEN_TEXT = (
    "This page has been replaced. The organisation now publishes its statements on a new "
    "portal, and older material has been withdrawn pending review by the communications "
    "office. Visitors looking for press releases should use the search form or write to "
    "the press team, who answer enquiries within five working days of receipt."
)
