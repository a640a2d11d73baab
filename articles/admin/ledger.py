"""The quote ledger's admin page: filters, figures, chart and CSV export for editors."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles import roles
from articles.ledger import ATTRIBUTION_CHOICES, LedgerFilter, ledger_csv, ledger_for_page
from articles.models import Author, Citation, QuoteLedger, Section
from newsroom.forms import PlainSelect


class LedgerFilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.only("name"),
        required=False,
        widget=PlainSelect,
    )
    author = forms.ModelChoiceField(
        label=_("Author"),
        queryset=Author.objects.only("name"),
        required=False,
        widget=PlainSelect,
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *Citation.Kind.choices],
        required=False,
        initial=Citation.Kind.QUOTE,
    )
    attribution = forms.ChoiceField(
        label=_("Attribution"), choices=ATTRIBUTION_CHOICES, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data

    def ledger_filter(self) -> LedgerFilter:
        data = self.cleaned_data
        return LedgerFilter(
            start=data.get("start"),
            end=data.get("end"),
            section=data.get("section"),
            author=data.get("author"),
            kind=data.get("kind") or "",
            attribution=data.get("attribution") or "",
        )


@admin.register(QuoteLedger)
class QuoteLedgerAdmin(admin.ModelAdmin):
    """A page, not a list: the changelist URL shows the ledger."""

    def has_view_permission(self, request, obj=None):
        return roles.is_editor(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        data = request.GET.copy()
        if "kind" not in data:
            data["kind"] = Citation.Kind.QUOTE
        form = LedgerFilterForm(data)
        ledger = ledger_for_page(form.ledger_filter()) if form.is_valid() else None
        export = request.GET.get("export")
        if ledger is not None and export in ("speaker", "affiliation"):
            response = HttpResponse(
                ledger_csv(ledger, by=export), content_type="text/csv; charset=utf-8"
            )
            stamp = timezone.localdate().isoformat()
            response["Content-Disposition"] = (
                f'attachment; filename="quote-ledger-{export}s-{stamp}.csv"'
            )
            return response
        if ledger is not None:
            _for_display(ledger)
        query = request.GET.copy()
        query.pop("export", None)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Quote ledger"),
            "opts": self.model._meta,
            "form": form,
            "ledger": ledger,
            "query": query.urlencode(),
        }
        return TemplateResponse(request, "admin/articles/quoteledger/ledger.html", context)


def _for_display(ledger) -> None:
    """Write the speaker and affiliation rows' cells as HTML in one pass each (``rows_html``):
    with a tag or filter per cell, the template's two hundred rows cost more than all the
    ledger's figures."""
    link = reverse("admin:people_entity_change", args=[0]).replace("/0/", "/{}/")
    months = [str(month).title() for month in ["", *MONTHS_3.values()]]

    def day(value) -> str:
        if value is None:
            return ""
        value = timezone.localtime(value)
        return f"{value.day} {months[value.month]} {value.year}"

    def name(row):
        if row["entity_id"]:
            return format_html('<a href="{}">{}</a>', link.format(row["entity_id"]), row["label"])
        return row["label"]

    def cells(row) -> tuple:
        return (
            row["quotes"],
            row["pieces"],
            round(row["share"] * 100),
            day(row["first"]),
            day(row["last"]),
        )

    numbers = '<td class="num">{}</td><td class="num">{}</td><td class="num">{}%</td>'
    dates = "<td>{}</td><td>{}</td>"
    ledger.affiliations_html = format_html_join(
        "\n",
        f"<tr><td>{{}}</td><td>{{}}</td>{numbers}{dates}</tr>",
        ((name(row), row["type_label"], *cells(row)) for row in ledger.affiliations),
    )
    ledger.speakers_html = format_html_join(
        "\n",
        f"<tr><td>{{}}</td>{numbers}{dates}</tr>",
        ((name(row), *cells(row)) for row in ledger.speakers),
    )
