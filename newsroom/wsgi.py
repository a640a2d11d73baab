"""WSGI entry point. Production servers set NEWSROOM_ENV=production (or DJANGO_SETTINGS_MODULE),
read by manage.py too, so collectstatic and the web server share one set of settings; without
either, the production settings are used."""

import os

from django.core.wsgi import get_wsgi_application

from newsroom.settings import settings_module

os.environ["DJANGO_SETTINGS_MODULE"] = settings_module(default="newsroom.settings.prod")

application = get_wsgi_application()
