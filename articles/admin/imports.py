"""Admin pages that are not a model's change list or form: the Import pages."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.forms import ArticleImportForm, BulkImportForm
from articles.importing import ImportProblem, article_import, max_import_bytes
from articles.importing.bulk import bulk_import_enqueue, documents_from_uploads


def article_import_view(request, *, model_admin: admin.ModelAdmin):
    """Show the Import form; on a valid post, create the draft and open it, or show why not."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    posted = request.method == "POST"
    form = ArticleImportForm(request.POST, request.FILES) if posted else ArticleImportForm()
    if posted and form.is_valid():
        try:
            result = article_import(
                source=form.source(),
                by=request.user,
                section=form.cleaned_data["section"],
                allow_duplicate=form.cleaned_data["allow_duplicate"],
            )
        except ImportProblem as problem:
            form.add_error(None, str(problem))
        else:
            article = result.article
            messages.success(request, _("Imported “%(title)s” as a draft.") % {"title": article})
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect(reverse("admin:articles_article_change", args=[article.pk]))
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Import a document"),
        "opts": opts,
        "form": form,
        "max_megabytes": round(max_import_bytes() / (1024 * 1024), 1),
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/articles/article/import.html", context)


def article_bulk_import_view(request, *, model_admin: admin.ModelAdmin):
    """Show the bulk import form; on a valid post, store the documents, queue their import and
    open the job's page, where its progress and each file's result appear."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    posted = request.method == "POST"
    form = BulkImportForm(request.POST, request.FILES) if posted else BulkImportForm()
    if posted and form.is_valid():
        try:
            documents = documents_from_uploads(form.cleaned_data["documents"])
        except ImportProblem as problem:
            form.add_error("documents", str(problem))
        else:
            job = bulk_import_enqueue(
                documents=documents,
                by=request.user,
                section=form.cleaned_data["section"],
                allow_duplicate=form.cleaned_data["allow_duplicate"],
            )
            messages.success(
                request,
                ngettext(
                    "%(count)d document is being imported.",
                    "%(count)d documents are being imported.",
                    len(documents),
                )
                % {"count": len(documents)},
            )
            return redirect(job.get_absolute_url())
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Import many documents"),
        "opts": model_admin.model._meta,
        "form": form,
        "max_megabytes": round(max_import_bytes() / (1024 * 1024), 1),
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/articles/article/bulk_import.html", context)
