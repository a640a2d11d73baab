"""Production: every secret and host comes from the environment, and the server refuses to start
without them rather than run with a guessable key or accept any Host header."""

from django.core.exceptions import ImproperlyConfigured

from newsroom.logs import json_logging
from newsroom.settings.base import *  # noqa: F403
from newsroom.settings.base import ALLOWED_HOSTS, LOGGING, SECRET_KEY
from newsroom.settings.env import env_bool, env_int, env_str

DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset it or set DEBUG=false).")

if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production; "
        "generate one with: python -c 'from django.core.management.utils import "
        "get_random_secret_key as k; print(k())'"
    )
if not ALLOWED_HOSTS or any(host.strip() in {"*", ".*"} for host in ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the host names this site answers to (a wildcard '*' would "
        "let any Host header through), e.g. ALLOWED_HOSTS=news.example.org,www.news.example.org"
    )
if not env_str("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL must name the production database, e.g. "
        "postgres://newsroom@db.internal:5432/newsroom"
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Editors sign in with a second factor in production unless the operator turns it off.
NEWSROOM_REQUIRE_2FA = env_bool("NEWSROOM_REQUIRE_2FA", True)

STORAGES = {
    **STORAGES,  # noqa: F405 - media on disk or object storage, as base.py chose
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# One JSON object per line on stderr, for the log collector (see newsroom.logs.json_logging).
LOGGING = json_logging(LOGGING)
