from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and entities")

    def ready(self):
        checks.register(recogniser_check)


def recogniser_check(app_configs=None, **kwargs):
    """Warn when discovery and quote attribution run on rules alone: names and speakers will
    be found less often, but nothing stops working."""
    from people.entities import nlp

    status = nlp.installed()
    if status is None:
        return []
    return [
        checks.Warning(
            f"Entity recognition runs on {status.description}.",
            hint=(
                "Install the project's dependencies (pip install -e .), or set "
                "NEWSROOM_NLP_MODEL to an installed spaCy English pipeline package."
            ),
            id="people.W001",
        )
    ]
