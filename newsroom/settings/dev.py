"""Local development: debug on, a fixed insecure key unless one is given, mail to the console."""

from newsroom.settings.base import *  # noqa: F403
from newsroom.settings.env import env_bool, env_list, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-development-only-key-never-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
NEWSROOM_ALLOW_DEMO_CONTENT = True
