#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    from newsroom.settings import settings_module

    # NEWSROOM_ENV=production makes manage.py use the same settings as the web server.
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module(default="newsroom.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
