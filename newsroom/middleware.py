"""Small request guards that every view benefits from."""

from django.http import HttpRequest, HttpResponse, QueryDict


class IgnoreNulInQueryMiddleware:
    """Drop NUL characters from query parameters before any view reads them.

    No form or link of the site makes one; PostgreSQL refuses NUL in text, so a ``%00`` in a
    search, autocomplete or page term was a 500 (and a log alert) that anyone could trigger.
    Ignoring the character leaves each view's own answer to what remains (an empty search is a
    helpful page, not an error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.META.get(
            "QUERY_STRING", ""
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
