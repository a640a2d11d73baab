"""Settings modules: base (shared), dev, test and prod. Which one a process uses is decided in
one place, ``settings_module``, for manage.py and the WSGI entry alike, so a deployment cannot
run collectstatic under one set of settings and serve pages under another."""

import os

ENVIRONMENTS = {
    "development": "newsroom.settings.dev",
    "dev": "newsroom.settings.dev",
    "production": "newsroom.settings.prod",
    "prod": "newsroom.settings.prod",
    "test": "newsroom.settings.test",
}


def settings_module(default: str) -> str:
    """Return the settings module to use: DJANGO_SETTINGS_MODULE when set, else the one named
    by NEWSROOM_ENV (development, production or test), else ``default``."""
    explicit = os.environ.get("DJANGO_SETTINGS_MODULE", "").strip()
    if explicit:
        return explicit
    environment = os.environ.get("NEWSROOM_ENV", "").strip().lower()
    if not environment:
        return default
    try:
        return ENVIRONMENTS[environment]
    except KeyError:
        raise SystemExit(
            f"NEWSROOM_ENV must be one of development, production or test, got {environment!r}."
        ) from None
