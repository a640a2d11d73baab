"""The test suite: fast password hashing, in-memory mail and cache, media in a throwaway folder."""

import tempfile
from pathlib import Path

from newsroom.settings.base import *  # noqa: F403
from newsroom.settings.base import DATABASES
from newsroom.settings.env import env_str

DEBUG = False
SECRET_KEY = "django-insecure-test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Jobs run inside the code that queues them; tests about the queue itself switch to the
# database backend and run a worker (tests/jobs/).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# For the tests of the Redis (RQ) queue: Redis database 3, used by nothing else.
RQ_QUEUES = {"default": {"URL": env_str("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
_SCRATCH = Path(tempfile.mkdtemp(prefix="newsroom-test-"))
MEDIA_ROOT = _SCRATCH / "media"
NEWSROOM_ALLOW_DEMO_CONTENT = True
# Serve static files from the app folders as in development; the suite never runs collectstatic.
WHITENOISE_AUTOREFRESH = True
# An SQLite test database in a file rather than in memory, so that the live server's request
# threads used by the browser tests each open their own connection.
# NEWSROOM_TEST_DB_FILE keeps it in one place instead, for runs that reuse it (make mutation
# runs the tests once per mutant, each in a new process: migrating each time took most of it).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": env_str("NEWSROOM_TEST_DB_FILE", "") or str(_SCRATCH / "test.sqlite3")
    }
# Tests measure what a page costs to render; the page cache is switched on where it is tested.
NEWSROOM_PAGE_CACHE_SECONDS = 0
NEWSROOM_FIGURES_CACHE_SECONDS = 0
# django-axes announces itself on start-up; the test output has no use for it.
AXES_VERBOSE = False
# Snapshot links must be absolute URLs that URLField accepts ("testserver" is not one).
NEWSROOM_SNAPSHOT_BASE_URL = "http://localhost"
# The ledger counts afresh on every request unless a test switches its cache on.
NEWSROOM_LEDGER_CACHE_SECONDS = 0
