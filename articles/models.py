from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import F, Prefetch, Q, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from articles import roles
from articles.fulltext import SearchDocument
from articles.richtext import BODY_EXTENSIONS, html_to_text, sanitize_body, text_and_word_count
from newsroom.addresses import slug_address
from people.hygiene import CleanInputModel
from people.media.images import validate_image_upload
from people.media.renditions import Picture, picture_for
from people.models import Author, Entity, EntitySuggestion

WORDS_READ_PER_MINUTE = 230
# How many pieces are considered as related pieces in all, taken from the latest pieces of each
# shared tag or entity: each subject gives an equal share, at least 10 and at most 50 pieces. The
# ranking counts each candidate's shared subjects, so its cost follows the number of candidates:
# a piece naming 25 entities would otherwise rank 1,250 pieces to show 3.
RELATED_CANDIDATES = 250
# Where ``with_byline()`` leaves a piece's ordered authorships (``Article.byline_authorships()``).
BYLINE_PREFETCH = "prefetched_byline"
RELATED_CANDIDATES_PER_SUBJECT = (10, 50)
UPDATE_NOTICE_AFTER = timedelta(hours=1)


class Section(CleanInputModel):
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
        return slug_address("section_detail", self.slug)


def _placeholders(count: int) -> str:
    """Return ``count`` query parameters for an ``IN (…)`` list: "%s, %s, …"."""
    return ", ".join(["%s"] * count)


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        """Return the pieces readers may see: the one definition that every public view,
        feed and sitemap uses, so they can never disagree about what is public."""
        return self.filter(
            status__in=Article.LIVE_STATUSES,
            publish_at__isnull=False,
            publish_at__lte=timezone.now(),
        )

    def editable_by(self, user) -> "ArticleQuerySet":
        """Return the articles ``user`` may open in the admin: all of them for editors; for
        writers, the pieces they created or are bylined on."""
        if roles.is_editor(user):
            return self
        return self.by(user)

    def by(self, user) -> "ArticleQuerySet":
        """Return the pieces ``user`` created or is bylined on: "my pieces"."""
        return self.filter(Q(created_by=user) | Q(authors__user=user)).distinct()

    def visible_to(self, user) -> "ArticleQuerySet":
        """Return the articles whose text ``user`` may read in the admin: every one for editors;
        for anyone else the published ones and the pieces they created or are bylined on, so
        that no admin list, suggestion or shortcut shows another writer's draft."""
        from articles import roles

        if roles.is_editor(user):
            return self
        visible = Q(pk__in=Article.objects.published().values("pk"))
        if user is not None and user.is_authenticated:
            visible |= Q(created_by=user) | Q(authors__user=user)
        return self.filter(visible).distinct()

    def with_byline(self) -> "ArticleQuerySet":
        """Return the queryset with section and ordered authors fetched in two extra queries at
        most, however many articles and authors there are (``Article.byline_authorships()``).

        Kept as a plain list rather than in the ``authorships`` manager's cache: filling that
        cache builds a filtered queryset for every piece fetched, never run, which cost more
        than the byline query itself on a front page of 66 pieces."""
        return self.select_related("section").prefetch_related(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.select_related("author").order_by("position"),
                to_attr=BYLINE_PREFETCH,
            )
        )

    def for_article_page(self) -> "ArticleQuerySet":
        """Return the queryset with everything the article page shows fetched up front."""
        return self.with_byline().prefetch_related(
            "tags",
            Prefetch("corrections", queryset=Correction.objects.order_by("created_at")),
            Prefetch("mentions", queryset=Mention.objects.select_related("entity")),
            Prefetch(
                "citations",
                queryset=Citation.objects.shown_to_readers()
                .select_related("speaker", "affiliation", "source_status__snapshot")
                # The page links the copy; its extracted text (up to megabytes) stays unread.
                .defer("source_status__snapshot__text"),
                to_attr="public_citations",
            ),
        )

    def newest_first(self) -> "ArticleQuerySet":
        return self.order_by("-first_published_at", "-id")

    def for_listing(self) -> "ArticleQuerySet":
        """Return the queryset as listings need it: byline fetched, the text left unread
        (twenty bodies would be read from storage and thrown away)."""
        return self.with_byline().defer("body", "body_html", "body_text")

    def latest_per_section(
        self, per_section: int, excluding: Iterable[int] = ()
    ) -> "ArticleQuerySet":
        """Return the newest ``per_section`` pieces of every section, leaving out the pieces
        ``excluding`` names (shown elsewhere on the page) before counting, in one query.

        On PostgreSQL each section's pieces are read from the live-by-section index with a
        LIMIT (a LATERAL join over the sections), so the cost depends on the number of sections,
        not on the size of the archive. SQLite, the laptop database, has no LATERAL: there a
        window over the public pieces does the same."""
        ordering = ("section__position", "section__name", "-first_published_at", "-id")
        if connections[self.db].vendor != "postgresql":
            rank = Window(
                RowNumber(),
                partition_by=F("section"),
                order_by=[F("first_published_at").desc(), F("id").desc()],
            )
            return (
                self.filter(section__isnull=False)
                .exclude(pk__in=list(excluding))
                .annotate(rank_in_section=rank)
                .filter(rank_in_section__lte=per_section)
                .order_by(*ordering)
            )
        article, section = Article._meta.db_table, Section._meta.db_table
        # Table names come from the models and every value is a parameter.
        newest = RawSQL(  # noqa: S611
            f"""SELECT newest.id FROM {section} AS s CROSS JOIN LATERAL (
                    SELECT a.id FROM {article} AS a
                    WHERE a.section_id = s.id AND a.status IN %s
                      AND a.publish_at IS NOT NULL AND a.publish_at <= %s
                      AND NOT (a.id = ANY(%s::bigint[]))
                    ORDER BY a.first_published_at DESC, a.id DESC LIMIT %s
                ) AS newest""",  # noqa: S608
            (tuple(Article.LIVE_STATUSES), timezone.now(), list(excluding), per_section),
        )
        return self.filter(pk__in=newest).order_by(*ordering)

    def related_to(self, article: "Article") -> "ArticleQuerySet":
        """Return other pieces ordered by how many topics and named entities they share with
        ``article``, then newest first; pieces sharing nothing are left out. Uses the tags and
        mentions ``for_article_page()`` prefetched.

        The candidates are the latest pieces of each of the article's tags and entities (an
        equal share of ``RELATED_CANDIDATES``), read from the (subject, article) indexes: an
        entity named in a quarter of the archive costs what a rare one does, whatever the
        archive's size."""
        tag_ids = sorted({tag.pk for tag in article.tags.all()})
        entity_ids = sorted({mention.entity_id for mention in article.mentions.all()})
        if not tag_ids and not entity_ids:
            return self.none()
        fewest, most = RELATED_CANDIDATES_PER_SUBJECT
        per_subject = max(fewest, min(most, RELATED_CANDIDATES // (len(tag_ids) + len(entity_ids))))
        article_type = ContentType.objects.get_for_model(Article).pk
        mention_table, tagged_table = Mention._meta.db_table, TaggedItem._meta.db_table
        branches, params = [], []
        for entity_id in entity_ids:
            branches.append(
                f"SELECT * FROM (SELECT m.article_id AS id FROM {mention_table} AS m "  # noqa: S608
                "WHERE m.entity_id = %s AND m.article_id <> %s "
                "ORDER BY m.article_id DESC LIMIT %s) AS e"
            )
            params += [entity_id, article.pk, per_subject]
        tagged = (  # noqa: S608, UP032 - the table name is the model's, values are parameters
            "SELECT * FROM (SELECT CAST(t.object_id AS bigint) AS id FROM {table} AS t "
            "WHERE t.tag_id = %s AND t.content_type_id = %s AND CAST(t.object_id AS bigint) <> %s "
            "ORDER BY CAST(t.object_id AS bigint) DESC LIMIT %s) AS t"
        ).format(table=tagged_table)
        for tag_id in tag_ids:
            branches.append(tagged)
            params += [tag_id, article_type, article.pk, per_subject]
        # Table names come from the models and every value is a parameter.
        candidates = RawSQL(" UNION ".join(branches), params)  # noqa: S611
        # Each candidate's exact number of shared subjects, from the same two indexes. Written
        # as SQL beside the candidates: the equivalent grouped subqueries cost more to build in
        # Python (≈ 1.4 ms a page) than the database takes to run them. They name the article
        # table itself: the queryset is for reading, not for use inside another query.
        quote = connections[self.db].ops.quote_name
        outer_id = f"{quote(Article._meta.db_table)}.{quote(Article._meta.pk.column)}"
        counts, count_params = [], []
        if entity_ids:
            counts.append(
                f"(SELECT COUNT(*) FROM {mention_table} AS sm WHERE sm.article_id = {outer_id} "  # noqa: S608
                f"AND sm.entity_id IN ({_placeholders(len(entity_ids))}))"
            )
            count_params += entity_ids
        if tag_ids:
            counts.append(
                f"(SELECT COUNT(*) FROM {tagged_table} AS st WHERE st.content_type_id = %s "  # noqa: S608
                f"AND st.object_id = {outer_id} "
                f"AND st.tag_id IN ({_placeholders(len(tag_ids))}))"
            )
            count_params += [article_type, *tag_ids]
        # As above: table names from the models, every value a parameter.
        shared = RawSQL(" + ".join(counts), count_params, output_field=models.IntegerField())  # noqa: S611
        return (
            self.filter(pk__in=candidates)
            .annotate(shared_subjects=shared)
            .order_by("-shared_subjects", "-first_published_at", "-id")
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self) -> ArticleQuerySet:
        # The stored search document is for the database's index and ranking only; loading it
        # with every article would carry kilobytes per row that no page shows.
        return super().get_queryset().defer("search_document")


class Article(CleanInputModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("Submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        ARCHIVED = "archived", _("Archived")

    # A scheduled piece is live from its publish_at on, with no job needed to flip its status.
    LIVE_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)
    # Fields whose change is an edit of the piece (and so a new revision and version).
    EDITORIAL_FIELDS = (
        "title",
        "slug",
        "dek",
        "body",
        "section",
        "hero_image",
        "hero_alt",
        "hero_caption",
        "hero_credit",
    )

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
    body_text = models.TextField(
        _("body as plain text"),
        blank=True,
        editable=False,
        help_text=_("The body's text without markup, on one line: search snippets come from it."),
    )
    body_html_changed_at = models.DateTimeField(
        _("links last changed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When a registry change last changed the links readers get."),
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
    hero_renditions = models.JSONField(
        _("image renditions"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("Made when the image is saved: several widths, in WebP and JPEG or PNG."),
    )
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
    publish_at = models.DateTimeField(
        _("public from"),
        null=True,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("When a published or scheduled piece becomes (or became) visible to readers."),
    )
    first_published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, db_index=True, editable=False
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        editable=False,
        help_text=_("Goes up with every edit; a form based on an older version is refused."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    search_document = models.GeneratedField(
        expression=SearchDocument(),
        output_field=SearchVectorField(null=True),
        db_persist=True,
        verbose_name=_("search document"),
    )
    # Changes to a live piece wait here until an editor publishes them: the columns above stay
    # what readers get, so published(), feeds, sitemaps and search need no special case.
    pending_revision = models.ForeignKey(
        "Revision",
        verbose_name=_("pending changes"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("An edit of the live piece that readers do not see until it is published."),
    )
    pending_publish_at = models.DateTimeField(
        _("pending changes go live at"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("When a scheduled update of the live piece replaces what readers get."),
    )

    objects = ArticleManager()

    class Meta:
        ordering = ["-first_published_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # published() listings newest first: the home page, feeds, archives, sitemaps. The
            # publish time is carried in the index so that a listing's page can be found from
            # the index alone (articles.pagination.ListingPaginator), page 50 as fast as page 1.
            models.Index(
                F("first_published_at").desc(),
                F("id").desc(),
                condition=Q(status__in=["published", "scheduled"]),
                include=["publish_at"],
                name="article_live_newest_idx",
            ),
            # A section's pieces newest first, and the newest few of each on the home page.
            models.Index(
                "section",
                F("first_published_at").desc(),
                F("id").desc(),
                condition=Q(status__in=["published", "scheduled"]),
                include=["publish_at"],
                name="article_live_section_idx",
            ),
            # The admin's list in its order, drafts (never published) first: without the whole
            # order in one index, every draft was read and sorted before the first published
            # piece could be listed, and matched first when the list was searched.
            models.Index(
                F("first_published_at").desc(),
                F("created_at").desc(),
                F("id").desc(),
                name="article_admin_order_idx",
            ),
            # The sitemaps' lastmod: the latest change among public pieces, read from one entry.
            models.Index(
                Greatest("updated_at", "publish_at").desc(),
                condition=Q(status__in=["published", "scheduled"]),
                name="article_live_changed_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hero_image="") | ~Q(hero_alt=""),
                name="article_image_has_alt_text",
                violation_error_message=_("An image needs alt text."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["published", "scheduled"])
                | Q(publish_at__isnull=False, first_published_at__isnull=False),
                name="article_live_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Derived at write time so reading never repeats the work; the sanitizer runs on every
        # save, not only in the admin form, because bodies also arrive from imports and scripts.
        self.body = sanitize_body(self.body)
        self.body_text, self.word_count = text_and_word_count(self.body)
        if self._state.adding or self.body != getattr(self, "_loaded_body", None):
            # A new body is served as it is until articles.entities adds the entity links, so
            # readers never get the text of a previous version.
            self.body_html = self.body
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(self.EDITORIAL_FIELDS):
            self.version += 1
            if update_fields is not None:
                kwargs["update_fields"] = {
                    *update_fields,
                    "word_count",
                    "body_text",
                    "version",
                    "updated_at",
                    "body_html",
                }
        super().save(*args, **kwargs)
        self._loaded_body = self.body

    def get_absolute_url(self) -> str:
        return slug_address("article_detail", self.slug)

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
        # An old address redirects to its piece for ever, so no other piece may take it.
        taken = ArticleSlugRedirect.objects.filter(old_slug=self.slug).exclude(article_id=self.pk)
        if self.slug and taken.exists():
            raise ValidationError(
                {"slug": _("This address belonged to another piece and still leads to it.")}
            )

    def byline_authorships(self) -> list["Authorship"]:
        """Return the piece's authorships in byline order, authors joined: from the prefetch of
        ``with_byline()`` when the piece came with it (no query), else read now."""
        prefetched = self.__dict__.get(BYLINE_PREFETCH)
        if prefetched is not None:
            return prefetched
        if "authorships" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.authorships.all())
        return list(self.authorships.select_related("author"))

    @property
    def byline_authors(self) -> list[Author]:
        """Return the authors in byline order (uses the prefetch from ``with_byline()``)."""
        return [authorship.author for authorship in self.byline_authorships()]

    @property
    def hero_picture(self) -> Picture | None:
        """Return the hero image with its renditions for ``includes/picture.html``; no query."""
        return picture_for(
            self.hero_image,
            self.hero_renditions,
            width=self.hero_image_width,
            height=self.hero_image_height,
        )

    @property
    def plain_text(self) -> str:
        """The text readers see, on one line: stored at save (``body_text``), worked out only
        for a body changed since (a preview of pending changes, a piece not yet saved)."""
        if self.body_text and self.body == getattr(self, "_loaded_body", None):
            return self.body_text
        return html_to_text(self.body, one_line=True)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / WORDS_READ_PER_MINUTE))

    @property
    def was_updated(self) -> bool:
        """Return whether the piece changed noticeably after it first went out (readers are told
        when; a save within the first hour is part of publishing it)."""
        return bool(
            self.first_published_at
            and self.updated_at - self.first_published_at > UPDATE_NOTICE_AFTER
        )

    @property
    def status_now(self) -> str:
        """Return the status as the desk should read it: a scheduled piece whose time has come
        is published (the same rule as ``published()``, derived rather than stored twice)."""
        if self.status == self.Status.SCHEDULED and self.is_live:
            return self.Status.PUBLISHED
        return self.status

    def get_status_now_display(self) -> str:
        return self.Status(self.status_now).label

    @property
    def is_live(self) -> bool:
        """Return whether readers can see the piece now (same rule as ``published()``)."""
        return (
            self.status in self.LIVE_STATUSES
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )


class ArticleSlugRedirect(models.Model):
    """An address a piece was public under before its slug changed: it answers with a
    permanent redirect to the piece's current address, for ever (shared links keep working)."""

    old_slug = models.SlugField(_("old slug"), max_length=300, unique=True)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="slug_redirects"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["old_slug"]
        verbose_name = _("article redirect")
        verbose_name_plural = _("article redirects")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.article.slug}"


class Authorship(models.Model):
    """One author's place in an article's byline."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="authorships"
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="authorships",
        db_index=False,  # the (author, article) index below serves every lookup by author
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # The piece's first publication, copied here by the database itself (triggers from
    # migration 0023, on every write path: services, admin, bulk inserts) so that an author's
    # pieces can be walked newest first from one index, without looking up each piece for its
    # date: the author filter's search. Never written by the application.
    first_published_at = models.DateTimeField(
        _("piece first published"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("byline entry")
        verbose_name_plural = _("byline")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="authorship_unique_author")
        ]
        indexes = [
            # Every lookup by author, read from the index alone.
            models.Index(fields=["author", "article"], name="authorship_author_article_idx"),
            # An author's dated pieces, newest first (the author filter's search). Drafts have
            # no date and stay out: in the walk's way, they would come first.
            models.Index(
                fields=["author", "-first_published_at", "-article"],
                condition=Q(first_published_at__isnull=False),
                name="authorship_author_newest_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.article}"


class ImmutableModel(CleanInputModel):
    """A record of history: written once, never changed or deleted through the ORM."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermissionError(f"{self._meta.verbose_name} records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{self._meta.verbose_name} records cannot be deleted.")


class Transition(ImmutableModel):
    """One step of an article through the workflow: who moved it, from where, to where, why."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="transitions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    from_state = models.CharField(_("from"), max_length=20, choices=Article.Status.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=Article.Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow history")

    def __str__(self) -> str:
        return f"{self.article}: {self.from_state} → {self.to_state}"


class Revision(ImmutableModel):
    """A snapshot of an article's editorial content as saved at one version."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="revisions"
    )
    version = models.PositiveIntegerField(_("version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    snapshot = models.JSONField(_("content"))

    class Meta:
        ordering = ["-version"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["article", "version"], name="revision_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.article} v{self.version}"


class Correction(ImmutableModel):
    """A dated correction or update note shown with a published piece."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="corrections"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"), help_text=_("What was wrong and what is right now."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.article}"


class PreviewLink(CleanInputModel):
    """A signed, expiring, revocable link that lets an outside reviewer read a draft."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="preview_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")

    def __str__(self) -> str:
        return f"Preview of {self.article} until {self.expires_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


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
    # The piece's first publication, copied by the database (migration 0024), as on bylines:
    # a search narrowed to an entity walks its mentions newest first. Never written here.
    first_published_at = models.DateTimeField(
        _("piece first published"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["first_offset", "id"]
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(fields=["article", "entity"], name="mention_unique_entity")
        ]
        indexes = [
            # An entity's latest pieces: its page's co-mentions and the related pieces.
            models.Index(fields=["entity", "-article"], name="mention_entity_article_idx"),
            # An entity's dated pieces newest first: the search narrowed to that entity.
            models.Index(
                fields=["entity", "-first_published_at", "-article"],
                condition=Q(first_published_at__isnull=False),
                name="mention_entity_newest_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} in {self.article} ({self.count})"


class MentionOverride(models.Model):
    """A journalist's decision about one entity in one piece, kept across saves and relinks:
    the names recognition matched to ``entity`` are not linked at all (``replacement`` empty) or
    are linked to ``replacement`` instead (recognition picked the wrong namesake)."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="mention_overrides",
    )
    entity = models.ForeignKey(
        Entity, verbose_name=_("entity found"), on_delete=models.CASCADE, related_name="+"
    )
    replacement = models.ForeignKey(
        Entity,
        verbose_name=_("link to instead"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("mention decision")
        verbose_name_plural = _("mention decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "entity"], name="mention_override_unique_entity"
            )
        ]

    def __str__(self) -> str:
        if self.replacement_id:
            return f"{self.entity} → {self.replacement} in {self.article}"
        return f"{self.entity} not linked in {self.article}"


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


class CitationQuerySet(models.QuerySet):
    def shown_to_readers(self) -> "CitationQuerySet":
        """Return the citations a public page lists: those the journalist confirmed."""
        return self.filter(review=Citation.Review.CONFIRMED, number__gt=0).order_by("number")


class Citation(CleanInputModel):
    """Where a piece's words come from: a quotation with its speaker, or a source document or
    data set. Quotations found in the body are suggested here on every save of the text
    (``articles.citations``); the journalist confirms, edits or dismisses them, and an editor
    verifies them before the piece can be approved or published."""

    class Kind(models.TextChoices):
        QUOTE = "quote", _("Quotation")
        DOCUMENT = "document", _("Source document")
        DATA = "data", _("Data")

    class Review(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested (found in the text)")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed (not a quotation)")

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", _("Unverified")
        VERIFIED = "verified", _("Verified")
        DISPUTED = "disputed", _("Disputed")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="citations"
    )
    number = models.PositiveIntegerField(
        _("number"), default=0, help_text=_("Footnote number: order of first appearance.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.QUOTE)
    quote = models.TextField(_("quoted words"), blank=True)
    offset = models.PositiveIntegerField(
        _("found at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Where the quotation starts in the article's text."),
    )
    speaker = models.ForeignKey(
        Entity,
        verbose_name=_("speaker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotations",
        limit_choices_to={"kind": Entity.Kind.PERSON},
    )
    speaker_name = models.CharField(
        _("speaker as named"),
        max_length=200,
        blank=True,
        help_text=_("The speaker's name as the text gives it, even when not in the registry."),
    )
    affiliation = models.ForeignKey(
        Entity,
        verbose_name=_("affiliation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="affiliated_quotations",
    )
    affiliation_name = models.CharField(_("affiliation as named"), max_length=200, blank=True)
    source_title = models.CharField(_("source title"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    accessed_on = models.DateField(_("access date"), null=True, blank=True)
    archived_url = models.URLField(_("archived copy"), max_length=1000, blank=True)
    review = models.CharField(
        _("review"), max_length=20, choices=Review.choices, default=Review.CONFIRMED
    )
    verification = models.CharField(
        _("verification"),
        max_length=20,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    verification_note = models.TextField(_("verification note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["number", "id"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def __str__(self) -> str:
        if self.quote:
            return f"[{self.number}] “{self.quote[:60]}”"
        return f"[{self.number}] {self.source_title or self.url}"

    @property
    def is_attributed(self) -> bool:
        return bool(
            self.speaker_id or self.speaker_name or self.affiliation_id or self.affiliation_name
        )

    @property
    def speaker_label(self) -> str:
        return self.speaker.name if self.speaker_id else self.speaker_name

    @property
    def affiliation_label(self) -> str:
        return self.affiliation.name if self.affiliation_id else self.affiliation_name

    @property
    def anchor(self) -> str:
        """The fragment a footnote marker in the body links to (stable across renumbering)."""
        return f"citation-{self.pk}"

    @property
    def safe_url(self) -> str:
        return _web_address(self.url)

    @property
    def safe_archived_url(self) -> str:
        return _web_address(self.archived_url)


def _web_address(url: str) -> str:
    """Return ``url`` if it is an http(s) address, else "" (rows written around the form's
    validation, by a script or an import, must never put a javascript: link on a page)."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


class QuoteLedger(Citation):
    """The quote ledger's place in the admin (a page of figures over citations, no rows of its
    own)."""

    class Meta:
        proxy = True
        verbose_name = _("quote ledger")
        verbose_name_plural = _("quote ledger")


# Snapshots and link checks of cited sources, and the quote ledger's rows, live in their own
# modules; importing them here registers them with the articles app.
from articles.ledger_models import LedgerQuote, LedgerTally  # noqa: E402, F401
from articles.sources.models import SourceCheck, SourceSnapshot, SourceStatus  # noqa: E402, F401
