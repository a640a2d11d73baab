"""Admin form pieces for articles."""

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

TAG_NAME_MAX_LENGTH = Tag._meta.get_field("name").max_length


class TagAutocompleteWidget(forms.SelectMultiple):
    """A multiple select that the admin's bundled Select2 turns into a type-ahead: existing tags
    are suggested from ``autocomplete_url`` and a new name can be typed and kept."""

    def __init__(self, autocomplete_url: str = "", attrs=None):
        super().__init__(attrs)
        self.autocomplete_url = autocomplete_url

    @property
    def media(self):
        return forms.Media(
            js=[
                "admin/js/vendor/jquery/jquery.js",
                "admin/js/vendor/select2/select2.full.js",
                "admin/js/jquery.init.js",
                "articles/admin/tag-autocomplete.js",
            ],
            css={"screen": ["admin/css/vendor/select2/select2.css", "admin/css/autocomplete.css"]},
        )

    def format_value(self, value):
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        return [getattr(item, "name", item) for item in value]

    def get_context(self, name, value, attrs):
        # The only options rendered are the tags already chosen; the rest arrive by autocomplete.
        self.choices = [(tag_name, tag_name) for tag_name in self.format_value(value)]
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-tag-autocomplete-url"] = self.autocomplete_url
        return context


class TagListField(forms.Field):
    """A list of tag names: trimmed, without empty entries or case-insensitive repeats."""

    widget = TagAutocompleteWidget

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = value.split(",")
        names: list[str] = []
        seen: set[str] = set()
        for raw in value:
            name = " ".join(str(raw).split())
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
        return names

    def validate(self, value):
        super().validate(value)
        too_long = [name for name in value if len(name) > TAG_NAME_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Tags can be at most %(max)d characters long: %(names)s"),
                code="tag_too_long",
                params={"max": TAG_NAME_MAX_LENGTH, "names": ", ".join(too_long)},
            )
