from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from people.images import image_without_metadata, validate_image_upload
from people.renditions import Picture, picture_for


class Author(models.Model):
    """A person who writes for the newsroom; may or may not have a login account."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    bio = models.TextField(
        _("short bio"),
        blank=True,
        max_length=1000,
        help_text=_("One or two sentences shown under the author's byline and on their page."),
    )
    headshot = models.ImageField(
        _("headshot"),
        upload_to="authors/",
        blank=True,
        validators=[validate_image_upload],
    )
    headshot_renditions = models.JSONField(
        _("headshot renditions"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Made when the headshot is saved: several widths, in WebP and JPEG or PNG."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text=_("The account this author signs in with, if they use the admin."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.headshot and not self.headshot._committed:
            # A new upload is stored without its EXIF (GPS above all) whichever path it came by;
            # renditions are made by people.headshots afterwards.
            self.headshot = image_without_metadata(self.headshot)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("author_detail", kwargs={"slug": self.slug})

    @property
    def headshot_picture(self) -> Picture | None:
        """Return the headshot with its renditions for ``includes/picture.html``; no query.

        There are no width and height fields: Django would open the file to fill them whenever
        an author is loaded, and the page gives the headshot a fixed size anyway."""
        return picture_for(self.headshot, self.headshot_renditions, width=None, height=None)
