from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from people.models import Author


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user", "updated_at"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "user__email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "bio", "headshot"]}),
        (_("Account"), {"fields": ["user"]}),
    ]
