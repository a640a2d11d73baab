from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from people.media.headshots import author_headshot_renditions_refresh
from people.media.images import ImageError
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        try:
            author_headshot_renditions_refresh(author=obj)
        except ImageError as error:
            self.message_user(
                request,
                _("The author was saved, but their headshot could not be prepared: %(error)s")
                % {"error": error},
                messages.WARNING,
            )
