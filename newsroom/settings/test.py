"""The test suite: fast password hashing, in-memory mail and cache, media in a throwaway folder."""

import tempfile
from pathlib import Path

from newsroom.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "django-insecure-test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="newsroom-test-media-"))
NEWSROOM_ALLOW_DEMO_CONTENT = True
# Serve static files from the app folders as in development; the suite never runs collectstatic.
WHITENOISE_AUTOREFRESH = True
