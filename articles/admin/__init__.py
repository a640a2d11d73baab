"""The newsroom's admin, one module per concern.

``articles`` registers the editorial models (articles, sections, citations); ``workflow`` holds
the views behind the workflow buttons, revisions, previews and corrections; ``history`` the
read-only audit trail (transitions, revisions, corrections); ``imports`` the Import page;
``entities`` the registry's admin, which lives in this app because its changes re-link articles.
Importing the package registers everything.
"""

from articles.admin import articles, entities, history, tags  # noqa: F401
