"""The admin's "view on site" shortcut (``/admin/r/<content type>/<id>/``), checked.

Django's own shortcut redirects any signed-in staff member to any object's public address: for
a draft that address is its slug, made from its headline, and ids can be walked in order. Here
the object must be one the admin would show this user (its model admin's permission and
queryset decide), otherwise the answer is a 404 that says nothing about the object."""

from django.contrib import admin
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404


def view_on_site(request, content_type_id: int, object_id: str):
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404("No such object.") from None
    model_admin = admin.site._registry.get(model)
    if model_admin is None or not model_admin.has_view_or_change_permission(request):
        raise Http404("No such object.")
    try:
        visible = model_admin.get_queryset(request).filter(pk=object_id).exists()
    except (ValueError, TypeError, ValidationError):
        visible = False
    if not visible:
        raise Http404("No such object.")
    return contenttype_views.shortcut(request, content_type_id, object_id)
