from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        from taggit.models import Tag

        # Tags are django-taggit's model, which the newsroom cannot give a save() of its own;
        # a tag named with a control character would break the feeds like a headline would.
        pre_save.connect(_clean_tag, sender=Tag, dispatch_uid="articles.clean_tag_text")


def _clean_tag(sender, instance, **kwargs) -> None:
    from people.hygiene import clean_text_fields

    clean_text_fields(instance)
