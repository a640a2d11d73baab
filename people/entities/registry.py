"""Write operations on the entity registry. They never touch articles: the article side
(articles.entities) calls these and then re-links whichever articles the change affects."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.entities.names import name_key
from people.models import Entity, EntityAlias, EntityMerge, EntitySlugRedirect, EntitySuggestion
from people.slugs import unique_slug

SLUG_MAX_LENGTH = Entity._meta.get_field("slug").max_length


class RegistryError(Exception):
    """A registry change that cannot be made; the message says why, for the editor."""


def unique_entity_slug(name: str, *, exclude_pk: int | None = None) -> str:
    """Return a slug for ``name`` that no entity (and no old address of one) uses."""

    def taken(base: str) -> set[str]:
        entities = Entity.objects.filter(slug__startswith=base).exclude(pk=exclude_pk)
        old = EntitySlugRedirect.objects.filter(old_slug__startswith=base)
        return {*entities.values_list("slug", flat=True), *old.values_list("old_slug", flat=True)}

    return unique_slug(name, max_length=SLUG_MAX_LENGTH, fallback="entity", taken=taken)


@transaction.atomic
def entity_create(
    *,
    name: str,
    kind: str,
    aliases: Iterable[str] = (),
    description: str = "",
    wikidata_id: str = "",
    slug: str = "",
) -> Entity:
    """Create an entity with its aliases; raise ValidationError for a bad name, kind or id."""
    entity = Entity(
        name=name,
        kind=kind,
        description=description,
        wikidata_id=wikidata_id,
        slug=slug or unique_entity_slug(name),
    )
    entity.full_clean()
    entity.save()
    entity_aliases_add(entity=entity, names=aliases)
    return entity


def entity_aliases_add(*, entity: Entity, names: Iterable[str]) -> list[EntityAlias]:
    """Add the names the entity does not already answer to; return the aliases created."""
    known = {name_key(entity.name)} | {name_key(alias.name) for alias in entity.aliases.all()}
    known_exact = {entity.name} | {alias.name for alias in entity.aliases.all()}
    created = []
    for raw in names:
        name = " ".join(str(raw).split())
        if not name_key(name) or name in known_exact:
            continue
        # "UN" and "Un" fold alike but an acronym matches only as written, so both may stay.
        if name_key(name) in known and not name.isupper():
            continue
        alias = EntityAlias(entity=entity, name=name)
        alias.full_clean()
        alias.save()
        created.append(alias)
        known.add(name_key(name))
        known_exact.add(name)
    return created


def entity_slug_change_record(*, entity: Entity, old_slug: str) -> None:
    """Leave a redirect from an entity's previous address after its slug changed."""
    if not old_slug or old_slug == entity.slug:
        return
    EntitySlugRedirect.objects.filter(old_slug=entity.slug).delete()
    EntitySlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"entity": entity})


@transaction.atomic
def entity_merge(*, source: Entity, target: Entity, by=None, moved: dict | None = None) -> Entity:
    """Fold ``source`` into ``target``: its name and aliases become the target's aliases, its
    page address and old addresses redirect to the target, and blanks in the target's
    description, Wikidata id and image are filled from it. ``source`` is deleted; the caller
    re-links the articles that mentioned it. The merge is recorded (EntityMerge, with
    ``moved``: what the caller moved, for it to move back) so ``entity_merge_undo`` can undo it."""
    if source.pk == target.pk:
        raise RegistryError(_("An entity cannot be merged into itself."))
    locked = {
        e.pk: e for e in Entity.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
    }
    if len(locked) != 2:
        raise RegistryError(_("One of the entities no longer exists; reload and try again."))
    source, target = locked[source.pk], locked[target.pk]

    names = [source.name, *source.aliases.values_list("name", flat=True)]
    source_slug = source.slug
    had = {name_key(n) for n in [target.name, *target.aliases.values_list("name", flat=True)]}
    snapshot = {
        "kind": source.kind,
        "description": source.description,
        "wikidata_id": source.wikidata_id,
        "image": source.image.name if source.image else "",
        "aliases": names[1:],
        "redirects": list(source.slug_redirects.values_list("old_slug", flat=True)),
        "added_aliases": [n for n in names if name_key(n) not in had],
        "moved": moved or {},
    }
    EntitySlugRedirect.objects.filter(entity=source).update(entity=target)
    EntitySuggestion.objects.filter(entity=source).delete()
    fill = {}
    if not target.description and source.description:
        fill["description"] = source.description
    if not target.image and source.image:
        fill["image"] = source.image.name
    wikidata_id = source.wikidata_id if not target.wikidata_id else ""
    source.delete()
    for field, value in fill.items():
        setattr(target, field, value)
    if wikidata_id:
        target.wikidata_id = wikidata_id
        fill["wikidata_id"] = wikidata_id
    target.save()
    EntitySlugRedirect.objects.update_or_create(old_slug=source_slug, defaults={"entity": target})
    entity_aliases_add(entity=target, names=names)
    EntityMerge.objects.create(
        survivor=target,
        merged_name=names[0],
        merged_slug=source_slug,
        snapshot={**snapshot, "filled": fill},
        created_by=by,
    )
    return target


@transaction.atomic
def entity_merge_undo(*, merge: EntityMerge, by=None) -> Entity:
    """Undo a merge: the merged entity comes back with its kind, description, Wikidata id,
    image, aliases and old addresses; the survivor loses the names and blanks it was given.
    Return the restored entity; the caller moves back what it moved and re-links articles."""
    merge = EntityMerge.objects.select_for_update().select_related("survivor").get(pk=merge.pk)
    if merge.undone_at is not None:
        raise RegistryError(_("This merge has already been undone."))
    if Entity.objects.filter(slug=merge.merged_slug).exists():
        raise RegistryError(
            _("Another entity now uses the address “%(slug)s”; rename it first.")
            % {"slug": merge.merged_slug}
        )
    survivor, snapshot = merge.survivor, merge.snapshot
    added = {name_key(name) for name in snapshot.get("added_aliases", [])}
    for alias in survivor.aliases.all():
        if name_key(alias.name) in added:
            alias.delete()
    for field, value in snapshot.get("filled", {}).items():
        current = survivor.image.name if field == "image" else getattr(survivor, field)
        if current == value:  # unless someone has changed it since
            setattr(survivor, field, "")
    survivor.save()
    restored = Entity(
        name=merge.merged_name,
        slug=merge.merged_slug,
        kind=snapshot["kind"],
        description=snapshot.get("description", ""),
        wikidata_id=snapshot.get("wikidata_id", ""),
        image=snapshot.get("image", ""),
    )
    restored.full_clean(exclude=["image"])
    restored.save()
    EntityAlias.objects.bulk_create(
        EntityAlias(entity=restored, name=name) for name in snapshot.get("aliases", [])
    )
    EntitySlugRedirect.objects.filter(old_slug=merge.merged_slug).delete()
    EntitySlugRedirect.objects.filter(old_slug__in=snapshot.get("redirects", [])).update(
        entity=restored
    )
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    return restored


@transaction.atomic
def suggestion_edit(*, suggestion: EntitySuggestion, name: str, kind: str) -> EntitySuggestion:
    """Correct a pending suggestion's name or kind before it is accepted (recognition glued a
    word to the name, or took a place for a person); ValidationError when they are not valid."""
    suggestion.name = " ".join(name.split())
    suggestion.kind = kind
    suggestion.full_clean(exclude=["entity"])
    suggestion.save(update_fields=["name", "kind", "updated_at"])
    return suggestion


@transaction.atomic
def suggestion_accept(*, suggestion: EntitySuggestion) -> Entity:
    """Turn a pending suggestion into an entity with its aliases (or, for an alias suggestion,
    add the names to its entity); the suggestion is then removed. Return the entity."""
    suggestion = EntitySuggestion.objects.select_for_update().filter(pk=suggestion.pk).first()
    if suggestion is None:
        raise RegistryError(_("This suggestion has already been dealt with."))
    if suggestion.status != EntitySuggestion.Status.PENDING:
        raise RegistryError(_("Only a pending suggestion can be accepted."))
    if suggestion.entity_id:
        entity = suggestion.entity
        entity_aliases_add(entity=entity, names=suggestion.names)
        entity.save(update_fields=["updated_at"])
    else:
        existing = Entity.objects.filter(name__iexact=suggestion.name).first()
        if existing is not None:
            raise RegistryError(
                _("“%(name)s” is already in the registry; reject this suggestion or edit it.")
                % {"name": existing.name}
            )
        entity = entity_create(
            name=suggestion.name, kind=suggestion.kind, aliases=suggestion.aliases
        )
    suggestion.delete()
    return entity


@transaction.atomic
def suggestion_reject(*, suggestion: EntitySuggestion) -> EntitySuggestion:
    """Reject a suggestion: it is kept, marked rejected, so its names are never proposed again."""
    suggestion.status = EntitySuggestion.Status.REJECTED
    suggestion.save(update_fields=["status", "updated_at"])
    return suggestion


def blocked_name_keys() -> set[str]:
    """Return the folded names an editor rejected (names and aliases of rejected suggestions
    that were proposed as new entities)."""
    keys: set[str] = set()
    rejected = EntitySuggestion.objects.filter(
        status=EntitySuggestion.Status.REJECTED, entity__isnull=True
    ).values_list("name", "aliases")
    for name, aliases in rejected:
        keys.add(name_key(name))
        keys.update(name_key(alias) for alias in aliases or [])
    return keys
