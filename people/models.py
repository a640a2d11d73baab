import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from newsroom.addresses import slug_address, slug_addresses
from people.entities.names import is_acronym, name_key
from people.hygiene import CleanInputModel
from people.media.images import validate_image_upload
from people.media.renditions import Picture, picture_for

# The public page of an author, by slug (Author.get_absolute_url, Author.addresses).
AUTHOR_ROUTE = "author_detail"


class Author(CleanInputModel):
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

    def get_absolute_url(self) -> str:
        return slug_address(AUTHOR_ROUTE, self.slug)

    @staticmethod
    def addresses() -> Callable[[str], str]:
        """Return a function from an author's slug to their page's address: ``get_absolute_url``
        for the many authors of a listing's bylines, with the URL configuration looked up once."""
        return slug_addresses(AUTHOR_ROUTE)

    @property
    def headshot_picture(self) -> Picture | None:
        """Return the headshot with its renditions for ``includes/picture.html``; no query.

        There are no width and height fields: Django would open the file to fill them whenever
        an author is loaded, and the page gives the headshot a fixed size anyway."""
        return picture_for(self.headshot, self.headshot_renditions, width=None, height=None)


WIKIDATA_ID_RE = re.compile(r"Q[1-9][0-9]{0,11}")


def validate_wikidata_id(value: str) -> None:
    """Raise ValidationError unless ``value`` is a Wikidata item id such as Q7747."""
    if not WIKIDATA_ID_RE.fullmatch(value):
        raise ValidationError(
            _("A Wikidata id is a Q followed by digits, such as Q7747; “%(value)s” is not."),
            code="invalid_wikidata_id",
            params={"value": value},
        )


class Entity(CleanInputModel):
    """A person, organisation, place or event the newsroom writes about."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        PLACE = "place", _("Place")
        EVENT = "event", _("Event")
        OTHER = "other", _("Other")

    class OrganisationType(models.TextChoices):
        GOVERNMENT = "government", _("Government or state body")
        THINK_TANK = "think_tank", _("Think tank")
        ACADEMIA = "academia", _("University or research institute")
        BUSINESS = "business", _("Business")
        NGO = "ngo", _("NGO or charity")
        INTERNATIONAL = "international", _("International body")
        PARTY = "party", _("Political party")
        ARMED = "armed", _("Armed force or group")
        MEDIA = "media", _("Media")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("The name readers know best, in full.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the entity's page address; filled in from the name."),
    )
    description = models.TextField(
        _("short description"),
        blank=True,
        max_length=2000,
        help_text=_("One or two sentences shown at the top of the entity's page."),
    )
    wikidata_id = models.CharField(
        _("Wikidata id"),
        max_length=13,
        blank=True,
        validators=[validate_wikidata_id],
        help_text=_("The item's id, shown at the end of its Wikidata address: for example Q7747."),
    )
    organisation_type = models.CharField(
        _("organisation type"),
        max_length=20,
        choices=OrganisationType.choices,
        blank=True,
        help_text=_(
            "For organisations: what kind of body it is, so the quote ledger shows which kinds "
            "of organisation the newsroom leans on."
        ),
    )
    image = models.ImageField(
        _("image"), upload_to="entities/", blank=True, validators=[validate_image_upload]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="entity_unique_wikidata_id",
                violation_error_message=_("Another entity already has this Wikidata id."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_address("entity_detail", self.slug)

    def clean_fields(self, exclude=None) -> None:
        # Normalised before validation so that "q7747 " is accepted as Q7747.
        self.name = " ".join(self.name.split())
        self.wikidata_id = self.wikidata_id.strip().upper()
        super().clean_fields(exclude=exclude)

    @property
    def wikidata_url(self) -> str:
        """Return the Wikidata item's address, or "" when the entity has no Wikidata id."""
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""

    @property
    def schema_type(self) -> str:
        """Return the schema.org type that describes this entity in structured data."""
        return {
            self.Kind.PERSON: "Person",
            self.Kind.ORGANISATION: "Organization",
            self.Kind.PLACE: "Place",
            self.Kind.EVENT: "Event",
        }.get(self.kind, "Thing")


class EntityAlias(CleanInputModel):
    """Another name by which an entity is mentioned ("LNA", "Putin", "Erdogan")."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("entity"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(
        _("alias"),
        max_length=200,
        help_text=_("Acronyms match exactly as written: “UN” never matches “un”."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "name"],
                name="entity_alias_unique_per_entity",
                violation_error_message=_("This entity already has this alias."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.name = " ".join(self.name.split())
        if not name_key(self.name):
            raise ValidationError({"name": _("An alias needs at least one letter or digit.")})
        entity = self.entity if self.entity_id else None
        if (
            entity is not None
            and name_key(self.name) == name_key(entity.name)
            and (is_acronym(self.name) == is_acronym(entity.name))
        ):
            raise ValidationError({"name": _("This is already the entity's name.")})


class EntitySlugRedirect(models.Model):
    """An old address of an entity page (after a merge or a new slug) that now leads to
    ``entity``, so that shared links keep working."""

    old_slug = models.SlugField(_("old slug"), max_length=200, unique=True)
    entity = models.ForeignKey(
        Entity, verbose_name=_("entity"), on_delete=models.CASCADE, related_name="slug_redirects"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]
        verbose_name = _("entity redirect")
        verbose_name_plural = _("entity redirects")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.entity.slug}"


class EntityMerge(models.Model):
    """A record of one entity folded into another, with what it was and what moved, so that the
    merge can be undone: the old entity comes back at its old address with its own names."""

    survivor = models.ForeignKey(
        Entity, verbose_name=_("kept entity"), on_delete=models.CASCADE, related_name="merges"
    )
    merged_name = models.CharField(_("merged entity"), max_length=200)
    merged_slug = models.SlugField(_("merged entity's slug"), max_length=200)
    # The merged entity's fields, aliases and redirects, the survivor's fields it filled, the
    # aliases added to the survivor, and whatever the caller moved (e.g. citations' ids).
    snapshot = models.JSONField(_("what was merged"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("entity merge")
        verbose_name_plural = _("entity merges")

    def __str__(self) -> str:
        return f"{self.merged_name} → {self.survivor}"


class EntitySuggestion(CleanInputModel):
    """A name found in articles that the registry does not know: a proposed new entity, or
    (with ``entity`` set) a proposed alias of an existing one. A rejected suggestion is kept so
    that the name is never proposed again."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(max_length=250, unique=True, editable=False)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Entity.Kind.choices,
        help_text=_("A guess from how the name is used; correct it before accepting."),
    )
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    entity = models.ForeignKey(
        Entity,
        verbose_name=_("alias of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alias_suggestions",
        help_text=_("Set when the name is another name of an entity the registry has."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    context = models.CharField(
        _("context"), max_length=300, blank=True, help_text=_("Where the name was first seen.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("entity suggestion")
        verbose_name_plural = _("entity suggestions")

    def __str__(self) -> str:
        if self.entity_id:
            return f"{self.name} (alias of {self.entity})"
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = " ".join(self.name.split())
        self.key = suggestion_key(self.name, entity_id=self.entity_id)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "entity"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "key"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.name = " ".join(self.name.split())
        if not name_key(self.name):
            raise ValidationError({"name": _("A name needs at least one letter or digit.")})
        if not isinstance(self.aliases, list) or not all(
            isinstance(alias, str) for alias in self.aliases
        ):
            raise ValidationError({"aliases": _("Aliases must be a list of names.")})
        self.aliases = [" ".join(alias.split()) for alias in self.aliases if alias.strip()]
        clash = EntitySuggestion.objects.filter(
            key=suggestion_key(self.name, entity_id=self.entity_id)
        ).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError({"name": _("Another suggestion already has this name.")})

    @property
    def names(self) -> list[str]:
        """Return the suggested name followed by its aliases."""
        return [self.name, *self.aliases]


def suggestion_key(name: str, *, entity_id: int | None = None) -> str:
    """Return the key under which a suggested name is stored: its folded form, plus the entity
    it would be an alias of. Acronyms keep their case so "US" and "us" stay apart."""
    # Spaces folded as save() folds the name, so a lookup finds what was stored ("B\xa0B").
    name = " ".join(name.split())
    key = name if is_acronym(name) else name_key(name)
    return f"{entity_id}:{key}" if entity_id else key
