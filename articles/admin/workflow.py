"""Admin views for the editorial workflow: thin wrappers that parse input, call the workflow or
service function, report its verdict as a message and redirect back to the article."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles import previews, workflow
from articles.forms import CorrectionForm, PreviewLinkForm, TransitionForm, UpdatePublishForm
from articles.models import Article, PreviewLink, Revision
from articles.revisions import snapshot_diff
from articles.services import (
    ArticleUpdateError,
    CorrectionError,
    apply_snapshot,
    article_pending_discard,
    correction_add,
    revision_restore,
)
from articles.views import render_article_preview


def _change_url(article_id) -> str:
    return reverse("admin:articles_article_change", args=[article_id])


def _article_for(model_admin, request, object_id) -> Article:
    # Every view here needs the permission to see articles in the admin at all, then the
    # admin's own queryset: writers can never reach pieces that are not theirs.
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    return get_object_or_404(model_admin.get_queryset(request), pk=object_id)


@require_POST
def transition(request, object_id, name, *, model_admin):
    article = _article_for(model_admin, request, object_id)
    take = workflow.TRANSITION_FUNCTIONS.get(name)
    if take is None:
        raise Http404("No such workflow step.")
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("publish_at", ["Check the form."])))
        return HttpResponseRedirect(_change_url(article.pk))
    kwargs = {"article": article, "by": request.user, "comment": form.cleaned_data["comment"]}
    if name == "schedule":
        kwargs["publish_at"] = form.cleaned_data["publish_at"]
    if workflow.RULES[name].citation_gate:
        kwargs["override_reason"] = form.cleaned_data["override_reason"]
    try:
        take(**kwargs)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"“{article.title}”: {article.get_status_now_display()}.")
    return HttpResponseRedirect(_change_url(article.pk))


@require_POST
def update_publish(request, object_id, *, model_admin):
    """Publish (or schedule) a live piece's pending changes."""
    article = _article_for(model_admin, request, object_id)
    form = UpdatePublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(_change_url(article.pk))
    try:
        workflow.article_update_publish(
            article=article,
            by=request.user,
            publish_at=form.cleaned_data["publish_at"],
            note_kind=form.cleaned_data["note_kind"],
            note=form.cleaned_data["note"],
            comment=form.cleaned_data["comment"],
            override_reason=form.cleaned_data["override_reason"],
        )
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        if article.pending_publish_at:
            messages.success(request, "The update is scheduled.")
        else:
            messages.success(request, f"The update of “{article.title}” is live.")
    return HttpResponseRedirect(_change_url(article.pk))


@require_POST
def pending_discard(request, object_id, *, model_admin):
    article = _article_for(model_admin, request, object_id)
    try:
        article_pending_discard(article=article, by=request.user)
    except ArticleUpdateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The pending changes are discarded; the live version stands.")
    return HttpResponseRedirect(_change_url(article.pk))


def revisions(request, object_id, *, model_admin):
    """List an article's revisions and show the word-level difference between two of them."""
    article = _article_for(model_admin, request, object_id)
    history = list(article.revisions.select_related("created_by"))
    by_version = {revision.version: revision for revision in history}
    newer = by_version.get(_int(request.GET.get("b"))) or (history[0] if history else None)
    older = by_version.get(_int(request.GET.get("a"))) or (history[1] if len(history) > 1 else None)
    changes = snapshot_diff(older.snapshot if older else {}, newer.snapshot) if newer else []
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Revisions of “{article.title}”",
        "opts": Article._meta,
        "article": article,
        "history": history,
        "older": older,
        "newer": newer,
        "changes": changes,
        "can_restore": model_admin.has_change_permission(request, article),
    }
    return TemplateResponse(request, "admin/articles/article/revisions.html", context)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
def revision_restore_view(request, object_id, version, *, model_admin):
    article = _article_for(model_admin, request, object_id)
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied
    revision = get_object_or_404(Revision, article=article, version=version)
    restored = revision_restore(revision=revision, by=request.user)
    messages.success(
        request, f"Restored version {version}; it is saved as version {restored.version}."
    )
    return HttpResponseRedirect(_change_url(article.pk))


def preview(request, object_id, *, model_admin):
    """Show the piece exactly as the public page will, whatever its state; a live piece with
    pending changes as it will be once they are published (entity links are added then)."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    article = get_object_or_404(
        Article.objects.editable_by(request.user)
        .for_article_page()
        .select_related("pending_revision"),
        pk=object_id,
    )
    if article.pending_revision is not None:
        apply_snapshot(article, article.pending_revision.snapshot)
        article.body_html = article.body
    return render_article_preview(request, article, admin_preview=True)


@require_POST
def preview_link_create(request, object_id, *, model_admin):
    article = _article_for(model_admin, request, object_id)
    form = PreviewLinkForm(request.POST, max_days=settings.NEWSROOM_PREVIEW_LINK_MAX_DAYS)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["days"]))
        return HttpResponseRedirect(_change_url(article.pk))
    try:
        link = previews.preview_link_create(
            article=article, by=request.user, days=form.cleaned_data["days"]
        )
    except previews.PreviewLinkError as error:
        messages.error(request, str(error))
    else:
        url = request.build_absolute_uri(
            reverse("shared_preview", kwargs={"token": previews.preview_token(link)})
        )
        messages.success(request, f"Preview link (valid until {link.expires_at:%d %B %Y}): {url}")
    return HttpResponseRedirect(_change_url(article.pk))


@require_POST
def preview_link_revoke(request, object_id, link_id, *, model_admin):
    article = _article_for(model_admin, request, object_id)
    link = get_object_or_404(PreviewLink, pk=link_id, article=article)
    try:
        previews.preview_link_revoke(link=link, by=request.user)
    except previews.PreviewLinkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The preview link no longer works.")
    return HttpResponseRedirect(_change_url(article.pk))


@require_POST
def correction_create(request, object_id, *, model_admin):
    article = _article_for(model_admin, request, object_id)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A correction needs a kind and a text.")
        return HttpResponseRedirect(_change_url(article.pk))
    try:
        correction_add(article=article, by=request.user, **form.cleaned_data)
    except CorrectionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The note is attached and shown on the public page.")
    return HttpResponseRedirect(_change_url(article.pk))
