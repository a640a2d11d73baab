"""Settings shared by every environment; the environment-specific modules import from here."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

from newsroom.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Local state (SQLite file, uploaded media, collected static) lives under a git-ignored var/.
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Full-text search lookups on PostgreSQL; importing it is harmless on SQLite.
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "taggit",
    "django_prose_editor",
    "people",
    "articles",
    "newsroom",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# DATABASE_URL chooses the database (postgres://user@host:5432/name in production); without it
# the project runs on an SQLite file so a newcomer needs nothing but Python.
if not env_str("DATABASE_URL"):
    # A fresh clone has no var/ yet, and SQLite will not create the folder for its file.
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
# The newsroom's own time zone: what readers see on pages and editors see in the admin.
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True
# Dates and times written one way everywhere (newsroom/formats/en_GB/formats.py).
FORMAT_MODULE_PATH = ["newsroom.formats"]

# The article editor's own extensions (articles.richtext): the footnote button only makes links
# to the piece's citations, so it allows nothing the Link extension does not.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("articles/admin/footnote.js")],
        "extensions": {"Footnote": html_tags(tags=["a"], attributes={"a": ["href"]})},
    }
]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads larger than this are refused before Pillow ever decodes them.
NEWSROOM_MAX_IMAGE_UPLOAD_BYTES = env_int("NEWSROOM_MAX_IMAGE_UPLOAD_BYTES", 15 * 1024 * 1024)
# Documents larger than this are refused by the importer (command and admin) before parsing.
NEWSROOM_IMPORT_MAX_BYTES = env_int("NEWSROOM_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
NEWSROOM_SITE_NAME = env_str("NEWSROOM_SITE_NAME", "Newsroom")
NEWSROOM_ARTICLES_PER_PAGE = 20
# How many of the newest pieces (or corrections) a feed carries.
NEWSROOM_FEED_ITEMS = 30
# Demo content creates accounts with published passwords: only development and tests allow it.
NEWSROOM_ALLOW_DEMO_CONTENT = False

TAGGIT_CASE_INSENSITIVE = True

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "newsroom@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Small desks where the only editor also writes may let editors approve their own pieces.
NEWSROOM_ALLOW_SELF_APPROVAL = env_bool("NEWSROOM_ALLOW_SELF_APPROVAL", False)
# How long an outside reviewer's preview link lasts unless the editor chooses otherwise.
NEWSROOM_PREVIEW_LINK_DEFAULT_DAYS = 7
NEWSROOM_PREVIEW_LINK_MAX_DAYS = 60
# Links in notification emails point at the admin on this origin.
NEWSROOM_ADMIN_BASE_URL = env_str("NEWSROOM_ADMIN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Public pages: how long browsers and CDNs may keep them, and how long the page cache keeps a
# rendered page (every publish, change or unpublish makes cached pages stale at once anyway).
NEWSROOM_BROWSER_CACHE_SECONDS = env_int("NEWSROOM_BROWSER_CACHE_SECONDS", 60)
NEWSROOM_CDN_CACHE_SECONDS = env_int("NEWSROOM_CDN_CACHE_SECONDS", 300)
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 600)
