"""Where the demo's uncached article page spends its CPU, part by part, in one process.

Run by hand:  .venv/bin/python bench/article_parts.py [--repeat 300] [--rounds 5]

``bench/pages.py`` says how the served article page compares with a minimal template view;
this says why. It loads the demo into a throwaway SQLite database as ``bench/pages.py`` does,
then, with the page cache off and no server or client in the way, times per request (the best
of ``--rounds`` rounds of ``--repeat`` calls):

- the plain response, the minimal template view and the article page, each through Django's
  whole request handler (middleware included), as a server calls it;
- the article page's parts: reading the piece with everything it shows, the rest of its
  context (related pieces, reference, structured data, footnotes), and rendering its template
  from a context computed once beforehand (no query at all).

A served request adds the same server and client cost to every view, so the served ratio of
two views is closer to 1 than their ratio here; ``bench/pages.py`` gives it.
"""

import argparse
import os
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.pages import DEMO_ARTICLE_SLUG, load_demo_database  # noqa: E402


def per_call_ms(call, repeat: int, rounds: int) -> float:
    for _ in range(min(repeat, 30)):
        call()
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(repeat):
            call()
        timings.append((time.perf_counter() - started) / repeat * 1000)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    os.environ["NEWSROOM_PAGE_CACHE_SECONDS"] = "0"
    load_demo_database(os.environ)

    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.core.handlers.wsgi import WSGIHandler
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from articles import views
    from articles.models import Article

    handler = WSGIHandler()
    requests = RequestFactory(SERVER_NAME="127.0.0.1")
    article_path = f"/articles/{DEMO_ARTICLE_SLUG}/"

    def served(path):
        def call():
            statuses = []
            body = handler(requests.get(path).environ, lambda status, _: statuses.append(status))
            b"".join(body)
            body.close()
            if not statuses[0].startswith("200"):
                raise SystemExit(f"{path} answered {statuses[0]}")

        return call

    def read_piece():
        return Article.objects.published().for_article_page().filter(slug=DEMO_ARTICLE_SLUG).first()

    request = requests.get(article_path)
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    article = read_piece()
    context = views._article_context(request, article)

    rows = [
        ("plain response (whole handler)", served("/bench/minimal/")),
        ("minimal template view (whole handler)", served("/bench/minimal-template/")),
        ("article page (whole handler)", served(article_path)),
        ("  the piece with what it shows (6 of 8 queries)", read_piece),
        (
            "  the rest of its context (2 of 8 queries)",
            lambda: views._article_context(request, article),
        ),
        (
            "  its template, from a ready context",
            lambda: render_to_string("articles/article_detail.html", context, request),
        ),
    ]
    print(f"CPU per call, best of {args.rounds} rounds of {args.repeat} (SQLite demo, in process)")
    results = {}
    for label, call in rows:
        results[label] = per_call_ms(call, args.repeat, args.rounds)
        print(f"  {label:<48} {results[label]:7.2f} ms")
    template_view = results["minimal template view (whole handler)"]
    page = results["article page (whole handler)"]
    print(f"  article page / minimal template view, in process: {template_view / page:.0%}")


if __name__ == "__main__":
    main()
