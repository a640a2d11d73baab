"""The newsroom's admin, one module per concern.

``articles`` registers the editorial models (articles, sections, citations); ``workflow`` holds
the views behind the workflow buttons, revisions, previews and corrections; ``history`` the
read-only audit trail (transitions, revisions, corrections); ``imports`` the Import page;
``entities`` the registry's admin, which lives in this app because its changes re-link articles;
``ledger`` the quote ledger's page; ``sources`` the snapshots of cited sources and the link
checker's "Sources to look at". Importing the package registers everything.
"""

from articles.admin import articles, entities, history, ledger, sources, tags  # noqa: F401
