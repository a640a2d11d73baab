"""Admin form pieces for articles."""

import os

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from articles.importing import ImportProblem, Source
from articles.importing.sources import check_size
from articles.models import Article, Correction, Section
from articles.pending_uploads import pending_upload_keep, pending_upload_open
from articles.revisions import changes_since

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
        wordless = [name for name in value if not any(char.isalnum() for char in name)]
        if wordless:
            raise forms.ValidationError(
                _("A tag needs at least one letter or digit: %(names)s"),
                code="tag_without_words",
                params={"names": ", ".join(wordless)},
            )
        too_long = [name for name in value if len(name) > TAG_NAME_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Tags can be at most %(max)d characters long: %(names)s"),
                code="tag_too_long",
                params={"max": TAG_NAME_MAX_LENGTH, "names": ", ".join(too_long)},
            )


class ArticleAdminForm(forms.ModelForm):
    """The article form, refusing a save based on an older version than the one stored.

    The version the form was opened at travels in ``base_version``; when another save happened
    since, the form fails with the changes made in between (``conflict_changes``) and nothing is
    overwritten. Saving again after reviewing them is a deliberate choice to keep this version.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # An image chosen in a form that failed validation is kept, so it need not be picked again.
    pending_hero_image = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [*Article.EDITORIAL_FIELDS, "tags"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict_changes = []
        if not self.is_bound:
            self.initial["base_version"] = self.instance.version
        pending = getattr(self.instance, "pending_snapshot", None)
        if pending:
            # A live piece with pending changes is edited as those changes stand.
            self.initial["tags"] = pending["tags"]
        if (
            self.is_bound
            and not self.files.get("hero_image")
            and self.data.get("pending_hero_image")
        ):
            kept = pending_upload_open(self.data["pending_hero_image"])
            if kept is not None:
                self.files = self.files.copy()
                self.files["hero_image"] = kept

    def full_clean(self):
        super().full_clean()
        upload = self.files.get("hero_image") if self.is_bound else None
        if self._errors and upload and "hero_image" not in self._errors:
            self.data = self.data.copy()
            self.data["pending_hero_image"] = pending_upload_keep(upload)
            self.fields["hero_image"].help_text = _(
                "Kept from your last try: %(name)s. Save to use it, or choose another file."
            ) % {"name": os.path.basename(upload.name)}
            # Bound fields cache their help text; validation has already made this one.
            self._bound_fields_cache.pop("hero_image", None)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        # Locked until the admin's transaction ends, so no save can slip in between this check
        # and this form's own save.
        current = Article.objects.select_for_update().only("version").get(pk=self.instance.pk)
        base = cleaned.get("base_version")
        if base is None or base != current.version:
            self.conflict_changes = changes_since(
                article=self.instance, version=base if base is not None else 0
            )
            self.data = self.data.copy()
            self.data["base_version"] = current.version
            raise forms.ValidationError(
                _(
                    "Someone else saved this article while you were editing it, so your changes "
                    "were not saved. Their changes are shown below; your version is still in the "
                    "form. Save again to replace their version with yours."
                ),
                code="stale_version",
            )
        return cleaned


class TransitionForm(forms.Form):
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    publish_at = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    override_reason = forms.CharField(required=False, max_length=1000)


class UpdatePublishForm(TransitionForm):
    """Publishing a live piece's pending changes: now or at a time, optionally with a note."""

    note_kind = forms.ChoiceField(
        label=_("Note for readers"),
        required=False,
        choices=[("", _("No note")), *Correction.Kind.choices],
    )
    note = forms.CharField(
        label=_("Note text"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )


class PreviewLinkForm(forms.Form):
    days = forms.IntegerField(min_value=1, label=_("Valid for (days)"))

    def __init__(self, *args, max_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].max_value = max_days
        self.fields["days"].validators.append(MaxValueValidator(max_days))
        self.fields["days"].widget.attrs["max"] = max_days


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(choices=())
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Correction.Kind.choices


class ArticleImportForm(forms.Form):
    """A document to import: an uploaded file, or text pasted into the page (with the HTML the
    clipboard carried, when it came from Word or Google Docs)."""

    document = forms.FileField(
        label=_("Document"),
        required=False,
        help_text=_("Plain text, Markdown, HTML or Word (.docx)."),
    )
    text = forms.CharField(
        label=_("…or paste the text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "data-import-paste": "true"}),
        help_text=_(
            "Paste from Word, Google Docs or an e-mail; formatting is kept as headings, lists, "
            "bold, italic and links."
        ),
    )
    pasted_html = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.all(), required=False
    )
    allow_duplicate = forms.BooleanField(
        label=_("Import anyway"),
        required=False,
        help_text=_("Import even if an article with the same headline and text exists."),
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("document"), cleaned.get("text") or ""
        if upload and text.strip():
            raise forms.ValidationError(_("Upload a file or paste text, not both."))
        if not upload and not text.strip():
            raise forms.ValidationError(_("Upload a file or paste the text to import."))
        if upload:
            try:
                check_size(upload.name, upload.size)
            except ImportProblem as problem:
                self.add_error("document", str(problem))
        return cleaned

    def source(self) -> Source:
        """Return the document to import: the upload's bytes, or the pasted text (its clipboard
        HTML when the browser sent one, which keeps the structure plain text loses)."""
        upload = self.cleaned_data.get("document")
        if upload:
            return Source(name=upload.name, content=upload.read())
        pasted_html = self.cleaned_data.get("pasted_html") or ""
        if pasted_html.strip():
            return Source(name=gettext("pasted text"), content=pasted_html)
        return Source(name=gettext("pasted text"), content=self.cleaned_data["text"])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one file input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class BulkImportForm(forms.Form):
    """Many documents at once: several files, or .zip archives of them."""

    documents = MultipleFileField(
        label=_("Documents"),
        help_text=_("Choose several files, or .zip archives of them."),
    )
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.all(), required=False
    )
    allow_duplicate = forms.BooleanField(
        label=_("Import duplicates too"),
        required=False,
        help_text=_("Import even documents identical to an existing article."),
    )
