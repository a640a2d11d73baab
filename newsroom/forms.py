"""Forms of the public site."""

from collections.abc import Iterable, Sequence
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles.caching import PUBLISHED, figures_cached
from articles.models import Article, Section
from articles.search import SearchFilters, clean_query, query_was_shortened
from people.models import Author, Entity
from people.page_versions import DIRECTORY, SITE


class QueryField(forms.CharField):
    """Take whatever a reader typed: control characters (NUL bytes above all) are dropped and an
    overlong query is shortened, rather than either becoming an error."""

    def to_python(self, value):
        return clean_query(super().to_python(value))

    def bound_data(self, data, initial):
        # What the page shows back in the box, even when another field is in error.
        return clean_query(data) if isinstance(data, str) else data


class DayField(forms.DateField):
    """A day picked in the browser's date picker (sent as YYYY-MM-DD)."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {"invalid": _("Enter a date such as 2026-03-31.")}

    def bound_data(self, data, initial):
        # A date input may only hold a real date; a bad one is dropped from the box (the error
        # beside it says what was wrong) so that the page stays valid HTML.
        try:
            day = self.to_python(data)
        except forms.ValidationError:
            return ""
        return day.isoformat() if day else ""


class PlainSelect(forms.Select):
    """A select drawn in Python: the same markup as Django's, without a template include, an
    option dictionary or a ``format_html`` per option (with hundreds of authors, those made up
    most of the search page's time). Django's own ``escape`` is the standard library's."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {escape(str(option)) for option in self.format_value(value)}
        options = "\n".join(
            f'<option value="{option}"{" selected" if option in chosen else ""}>{label}</option>'
            for option, label in self.escaped_choices()
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(  # noqa: S308 - every value and label is escaped, attrs by flatatt
            f'<select name="{escape(name)}"{attrs}>\n{options}\n</select>'
        )

    def escaped_choices(self) -> Iterable[tuple[str, str]]:
        """Return the options as (value, label), both HTML-escaped."""
        return escape_choices(self.choices)


class KeptOptionsSelect(PlainSelect):
    """A ``PlainSelect`` whose options are given escaped, in ``escaped_options``: a list kept
    between requests is escaped once when it is made, not on every page that draws it."""

    escaped_options: Sequence[tuple[str, str]] = ()

    def escaped_choices(self) -> Iterable[tuple[str, str]]:
        return self.escaped_options


def escape_choices(choices: Iterable[tuple[object, object]]) -> list[tuple[str, str]]:
    """Return ``choices`` as (value, label) pairs, HTML-escaped, as a select draws them."""
    return [(escape(str(option)), escape(str(label))) for option, label in choices]


def _published_authors():
    return Author.objects.filter(pk__in=Article.objects.published().values("authors"))


def _offer_kept(field: forms.ModelChoiceField, name: str, scopes: set[str]) -> None:
    """Give ``field``'s ``KeptOptionsSelect`` the field's choices (slug and name of each row of
    its queryset) from the figures cache, kept under ``scopes`` and escaped when kept: escaping
    hundreds of names on every search cost more than the rest of the form."""
    kept = figures_cached(
        name, scopes, lambda: escape_choices(field.queryset.values_list("slug", "name"))
    )
    field.widget.escaped_options = [*escape_choices([("", field.empty_label)]), *kept]


class SearchForm(forms.Form):
    q = QueryField(
        label=_("Search for"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.only("name", "slug"),
        to_field_name="slug",
        required=False,
        empty_label=_("All sections"),
        widget=KeptOptionsSelect,
        error_messages={"invalid_choice": _("There is no such section; choose one from the list.")},
    )
    author = forms.ModelChoiceField(
        label=_("Author"),
        queryset=Author.objects.none(),  # set per request in __init__: "published" means now
        to_field_name="slug",
        required=False,
        empty_label=_("All authors"),
        widget=KeptOptionsSelect,
        error_messages={"invalid_choice": _("There is no such author; choose one from the list.")},
    )
    entity = forms.ModelChoiceField(
        label=_("Mentioning"),
        queryset=Entity.objects.only("name", "slug"),
        to_field_name="slug",
        required=False,
        # Reached from an entity's page; a list of every entity would be too long to choose from.
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("There is no such person, organisation or place.")},
    )
    published_from = DayField(label=_("Published from"), required=False)
    published_to = DayField(label=_("Published until"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only writers with something public: choosing anyone else could only find nothing.
        author = self.fields["author"]
        author.queryset = _published_authors().only("name", "slug")
        # The list offered is kept until a piece is published or unpublished or an author's
        # name or address changes: reading it from every byline of the archive on every search
        # grows with the archive. A chosen author is still checked against the database.
        _offer_kept(author, "search-author-options", {PUBLISHED, DIRECTORY})
        # The sections, kept as the navigation keeps them (the site scope): no query a search.
        _offer_kept(self.fields["section"], "search-section-options", {SITE})

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("published_from"), cleaned.get("published_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The first date is after the second; swap them to search between them.")
            )
        return cleaned

    @property
    def query_was_shortened(self) -> bool:
        """Whether the query was longer than a search takes, and so searched only in part."""
        return query_was_shortened(str(self.data.get("q", "")))

    def filters(self) -> SearchFilters:
        """Return the filters chosen in a valid form."""
        return SearchFilters(
            section=self.cleaned_data.get("section"),
            author=self.cleaned_data.get("author"),
            entity=self.cleaned_data.get("entity"),
            published_from=self.cleaned_data.get("published_from"),
            published_to=self.cleaned_data.get("published_to"),
        )
