"""Settings for bench/archive.py: development settings with debug and the page cache off, so
that every request renders and is timed as a reader who misses every cache would see it."""

import os

from newsroom.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
LOGGING = {"version": 1, "disable_existing_loggers": True}
NEWSROOM_PAGE_CACHE_SECONDS = 0
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# One persistent connection, as a production server keeps, so that the queries of a request
# can be counted; a statement timeout so that one pathological page cannot stall the run.
DATABASES["default"]["CONN_MAX_AGE"] = None  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    _timeout = os.environ.get("BENCH_STATEMENT_TIMEOUT", "60000")
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c statement_timeout={_timeout}"  # noqa: F405
