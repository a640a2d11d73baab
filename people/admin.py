from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jobs.admin import job_message
from people.models import Author
from people.page_versions import author_pages_invalidate
from people.tasks import author_headshot_renditions_enqueue


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
        author_pages_invalidate(author_id=obj.pk)
        if "headshot" in form.changed_data or (obj.headshot and not obj.headshot_renditions):
            # Sizes for each screen follow in the background; pages show the original meanwhile.
            job = author_headshot_renditions_enqueue(author=obj, by=request.user)
            job_message(self, request, job, _("The headshot’s sizes for each screen"))

    def delete_model(self, request, obj):
        author_id = obj.pk
        super().delete_model(request, obj)
        author_pages_invalidate(author_id=author_id)
