"""Throughput of the public article page under gunicorn, next to a minimal Django view.

Run by hand:  .venv/bin/python bench/pages.py [--seconds 10] [--concurrency 8] [--workers 2]

It loads the demo content into a throwaway SQLite database, starts gunicorn on a free loopback
port with the bench settings, then for each URL sends requests from concurrent keep-alive
clients for a fixed time and reports requests per second, median and 95th-percentile latency,
and the article page's throughput as a share of a minimal view's (a plain response) and of a
minimal template view's. Both are measured twice: with the page cache on (the production
default; compare with the plain response) and off (every request renders; compare with the
template view). With the cache off it also serves the article page's template alone, drawn
from a context read once per process (no query, nothing computed per request): the ceiling of
any uncached article page that uses this template, whatever it does to read its data.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEMO_ARTICLE_SLUG = "sahel-patrons-small-states"


def load_demo_database(env) -> None:
    """Point ``env`` (a mapping of environment variables) at a throwaway SQLite database and
    media folder with the bench settings, then migrate it and load the demo into it."""
    scratch = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"sqlite:///{scratch / 'bench.sqlite3'}",
        MEDIA_ROOT=str(scratch / "media"),
        # The demo's images get their renditions while loading, as a worker would make them.
        TASKS_BACKEND="immediate",
    )
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=PROJECT, env=env, check=True)
    subprocess.run([*manage, "load_demo"], cwd=PROJECT, env=env, check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure(port: int, path: str, seconds: float, concurrency: int) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except OSError:
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else float("nan"),
    }


def serve(env: dict, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "newsroom.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=PROJECT,
        env=env,
    )
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/health/")
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    env = dict(os.environ)
    load_demo_database(env)
    article = f"/articles/{DEMO_ARTICLE_SLUG}/"

    print(
        f"gunicorn, {args.workers} workers; {args.concurrency} keep-alive clients, "
        f"{args.seconds:g} s per URL"
    )
    for cache_seconds in ("600", "0"):
        env["NEWSROOM_PAGE_CACHE_SECONDS"] = cache_seconds
        port = free_port()
        server = serve(env, port, args.workers)
        try:
            measure(port, article, 1, 2)  # warm-up
            urls = {
                "minimal view": "/bench/minimal/",
                "template view": "/bench/minimal-template/",
                "article page": article,
            }
            if cache_seconds == "0":
                urls["template only"] = f"/bench/article-template-only/{DEMO_ARTICLE_SLUG}/"
            results = {
                name: measure(port, url, args.seconds, args.concurrency)
                for name, url in urls.items()
            }
        finally:
            server.terminate()
            server.wait()
        label = "page cache on" if cache_seconds != "0" else "page cache off"
        print(f"\n[{label}]")
        for name, result in results.items():
            print(
                f"  {name:<14} {result['rps']:8.0f} req/s   p50 {result['p50_ms']:6.2f} ms"
                f"   p95 {result['p95_ms']:6.2f} ms   errors {result['errors']}"
            )
        rate = {name: result["rps"] for name, result in results.items()}
        print(f"  article page / minimal view: {rate['article page'] / rate['minimal view']:.0%}")
        print(
            "  article page / minimal template view: "
            f"{rate['article page'] / rate['template view']:.0%}"
        )
        if "template only" in rate:
            print(
                "  its template alone, from a context read once / minimal template view: "
                f"{rate['template only'] / rate['template view']:.0%}"
            )


if __name__ == "__main__":
    main()
