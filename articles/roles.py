"""Who may do what in the newsroom: the two roles and the rights that follow from them.

Roles are the groups created by migration 0002 ("Writers", "Editors"); superusers count as editors.
Every check of editorial rights, in the workflow, the admin and the previews, asks this module.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User

# Whoever a check is about: an account (the project uses Django's own user model), an anonymous
# visitor, or nobody (a system job).
Actor = User | AnonymousUser | None

EDITORS_GROUP = "Editors"
WRITERS_GROUP = "Writers"


def _group_names(user: Actor) -> set[str]:
    # Cached on the user object: one query per request however many checks a page makes.
    if not hasattr(user, "_newsroom_groups"):
        user._newsroom_groups = set(user.groups.values_list("name", flat=True))
    return user._newsroom_groups


def is_editor(user: Actor) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or EDITORS_GROUP in _group_names(user))
    )


def is_writer(user: Actor) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and WRITERS_GROUP in _group_names(user)
    )


def is_author_of(user: Actor, article) -> bool:
    """Return whether ``user`` created the piece or is on its byline."""
    if not (user and user.is_authenticated) or article.pk is None:
        return False
    if article.created_by_id == user.pk:
        return True
    return any(authorship.author.user_id == user.pk for authorship in article.byline_authorships())


def can_edit(user: Actor, article) -> bool:
    """Editors edit anything; writers edit their own pieces while those are with the writer."""
    if is_editor(user):
        return True
    # The states come from the article itself: this module sits below articles.models, which
    # asks it who may see what, so it never imports the models back.
    return (
        is_writer(user)
        and article.status in (article.Status.DRAFT, article.Status.CHANGES_REQUESTED)
        and is_author_of(user, article)
    )


def can_approve(user: Actor, article) -> bool:
    """Editors approve, but not their own pieces unless the desk allows self-approval."""
    if not is_editor(user):
        return False
    return settings.NEWSROOM_ALLOW_SELF_APPROVAL or not is_author_of(user, article)
