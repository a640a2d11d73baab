from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from articles.richtext import BODY_EXTENSIONS, count_words, sanitize_body
from people.images import validate_image_upload
from people.models import Author, Entity, EntitySuggestion

WORDS_READ_PER_MINUTE = 230


class Section(models.Model):
    """A desk or beat under which pieces are filed and browsed (e.g. Middle East, Economy)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown at the top of the section's page.")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections are listed in navigation in this order.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("section_detail", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        """Return the pieces readers may see: the one definition that every public view,
        feed and sitemap uses, so they can never disagree about what is public."""
        return self.filter(status=Article.Status.PUBLISHED, first_published_at__lte=timezone.now())

    def with_byline(self) -> "ArticleQuerySet":
        """Return the queryset with section and ordered authors fetched in two extra queries at
        most, however many articles and authors there are."""
        return self.select_related("section").prefetch_related(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.select_related("author").order_by("position"),
            )
        )

    def newest_first(self) -> "ArticleQuerySet":
        return self.order_by("-first_published_at", "-id")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=300,
        unique=True,
        help_text=_("The last part of the article's address; filled in from the headline."),
    )
    dek = models.TextField(
        _("standfirst"),
        blank=True,
        max_length=600,
        help_text=_("One or two sentences under the headline that say what the piece argues."),
    )
    body = ProseEditorField(
        _("body"),
        blank=True,
        config={"extensions": BODY_EXTENSIONS},
        sanitize=sanitize_body,
    )
    body_html = models.TextField(
        _("body as readers get it"),
        blank=True,
        editable=False,
        help_text=_("The body with the first mention of each entity linked to its page."),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="articles",
        null=True,
        blank=True,
    )
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), through="Authorship", related_name="articles"
    )
    tags = TaggableManager(_("tags"), blank=True, help_text=_("Topics readers can browse by."))
    hero_image = models.ImageField(
        _("image"),
        upload_to="articles/%Y/%m/",
        blank=True,
        width_field="hero_image_width",
        height_field="hero_image_height",
        validators=[validate_image_upload],
    )
    hero_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_alt = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it. Required with an image."),
    )
    hero_caption = models.CharField(_("caption"), max_length=500, blank=True)
    hero_credit = models.CharField(_("credit"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    word_count = models.PositiveIntegerField(_("word count"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    first_published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, db_index=True
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-first_published_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.CheckConstraint(
                condition=Q(hero_image="") | ~Q(hero_alt=""),
                name="article_image_has_alt_text",
                violation_error_message=_("An image needs alt text."),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(first_published_at__isnull=False),
                name="article_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Derived at write time so reading never repeats the work; the sanitizer runs on every
        # save, not only in the admin form, because bodies also arrive from imports and scripts.
        self.body = sanitize_body(self.body)
        self.word_count = count_words(self.body)
        if self._state.adding or self.body != getattr(self, "_loaded_body", None):
            # A new body is served as it is until articles.entities adds the entity links, so
            # readers never get the text of a previous version.
            self.body_html = self.body
        if self.status == self.Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "word_count", "body_html"}
        super().save(*args, **kwargs)
        self._loaded_body = self.body

    def get_absolute_url(self) -> str:
        return reverse("article_detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        # Remembered so that save() can tell whether the body changed since it was read.
        instance = super().from_db(db, field_names, values)
        instance._loaded_body = instance.__dict__.get("body")
        return instance

    def clean(self) -> None:
        super().clean()
        if self.hero_image and not self.hero_alt.strip():
            raise ValidationError(
                {"hero_alt": _("Describe the image for readers who cannot see it.")}
            )

    @property
    def byline_authors(self) -> list[Author]:
        """Return the authors in byline order (uses the prefetch from ``with_byline()``)."""
        return [authorship.author for authorship in self.authorships.all()]

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / WORDS_READ_PER_MINUTE))


class Authorship(models.Model):
    """One author's place in an article's byline."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="authorships"
    )
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="authorships"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("byline entry")
        verbose_name_plural = _("byline")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="authorship_unique_author")
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.article}"


class Mention(models.Model):
    """An entity named in an article: how many times, and where first (a character offset in
    the article's text as ``articles.entities.article_text`` composes it). Recomputed on every
    save of the text and whenever the registry changes; reading never recomputes it."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="mentions"
    )
    entity = models.ForeignKey(
        Entity, verbose_name=_("entity"), on_delete=models.CASCADE, related_name="mentions"
    )
    count = models.PositiveIntegerField(_("mentions"))
    first_offset = models.PositiveIntegerField(_("first mention at"))

    class Meta:
        ordering = ["first_offset", "id"]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"], name="mention_unique_entity")
        ]

    def __str__(self) -> str:
        return f"{self.entity} in {self.article} ({self.count})"


class SuggestionSighting(models.Model):
    """A suggested name seen in an article, so that accepting it re-links that article."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="suggestion_sightings",
    )
    suggestion = models.ForeignKey(
        EntitySuggestion,
        verbose_name=_("suggestion"),
        on_delete=models.CASCADE,
        related_name="sightings",
    )
    count = models.PositiveIntegerField(_("mentions"))
    first_offset = models.PositiveIntegerField(_("first mention at"))

    class Meta:
        ordering = ["first_offset", "id"]
        verbose_name = _("suggestion sighting")
        verbose_name_plural = _("suggestion sightings")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "suggestion"], name="suggestion_sighting_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.suggestion} in {self.article} ({self.count})"
