"""Write operations on tags as a whole (as opposed to one piece's tags, set by ``article_update``).

Merging folds several tags into one: every piece that carried any of them carries the one
instead. It changes the tag pages of all of them, and the page of every piece that showed one of
those tags (its list of topics, its related pieces) and every feed that lists such a piece (the
tags are its categories), so the page cache is told which scopes moved."""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from taggit.models import Tag, TaggedItem

from articles import caching, roles
from people import page_versions


class TagMergeError(Exception):
    """A merge that may not be done; the message says why."""


@transaction.atomic
def tags_merge(*, tags: Iterable[Tag], into_name: str, by: User | None) -> Tag:
    """Fold ``tags`` into the tag named ``into_name`` (found or created) and return it.

    The merged tags are left in place, carried by nothing, as django-taggit's own merge leaves
    them. A tag that is itself the target keeps its pieces (taggit's merge removed them)."""
    if not roles.is_editor(by):
        raise TagMergeError("Only editors can merge tags.")
    into_name = into_name.strip()
    if not any(char.isalnum() for char in into_name):
        raise TagMergeError("Give the merged tag a name with a letter or digit in it.")
    target, _created = Tag.objects.get_or_create(name=into_name)
    merged = [tag for tag in tags if tag.pk != target.pk]
    # A few queries whatever the number of pieces: each piece keeps one tagging by the target.
    items = sorted(
        TaggedItem.objects.select_for_update()
        .filter(tag__in=merged)
        .values_list("pk", "content_type_id", "object_id")
    )
    touched_objects = {object_id for _pk, _type, object_id in items}
    tagged = set(
        TaggedItem.objects.filter(tag=target, object_id__in=touched_objects).values_list(
            "content_type_id", "object_id"
        )
    )
    moved, dropped = [], []
    for pk, content_type_id, object_id in items:
        if (content_type_id, object_id) in tagged:
            dropped.append(pk)
        else:
            tagged.add((content_type_id, object_id))
            moved.append(pk)
    TaggedItem.objects.filter(pk__in=dropped).delete()
    TaggedItem.objects.filter(pk__in=moved).update(tag=target)
    scopes = {page_versions.DIRECTORY}
    for tag_id in {target.pk, *(tag.pk for tag in merged)}:
        scopes |= {page_versions.tag(tag_id), caching.tag_pieces(tag_id)}
    # Feeds list a piece's tags as its categories and say so through the piece's own scope.
    scopes |= {caching.article_scope(pk) for pk in touched_objects}
    page_versions.scopes_touch(scopes)
    return target
