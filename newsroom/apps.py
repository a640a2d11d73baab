import gc

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        # Saving a long piece makes a few hundred thousand small objects (words, names,
        # quotations). With CPython's default young-generation threshold (700) the collector
        # runs hundreds of times during that save and walks the whole heap again and again: a
        # third of a 1 MB save's time, growing faster than the text. Every process (web,
        # worker, commands) collects less often instead; memory held by cycles waits a little
        # longer, nothing else changes.
        gc.set_threshold(*settings.NEWSROOM_GC_THRESHOLDS)

        from newsroom.checks import postgresql_version_check

        checks.register(postgresql_version_check, checks.Tags.database)
