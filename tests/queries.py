"""The one way the suite counts a page's database queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url: str) -> int:
    """Return how many queries a GET of ``url`` runs, after a warm-up request (sessions,
    content types and other one-off caches are filled by the first one); the page must answer
    200. Tests compare the count at 1 and at N rows: a growing count is an N+1."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)
