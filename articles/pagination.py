"""Pagination whose cost does not grow with the archive."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Listings offer at most 500 pages: older pieces are reached through the archive by year and
# month, search filters and the sitemaps, never by paging back through ten years.
MAX_PAGES = 500
# How far beyond the page asked for the items are counted: enough to show the next few pages,
# few enough that page 1 of a tag in a quarter of the archive counts 120 rows, not 25,000.
PAGES_AHEAD = 5


class BoundedPaginator(Paginator):
    """A paginator that counts items only a few pages beyond the one asked for (and never
    beyond ``MAX_PAGES``): the count reads a bounded number of index entries whatever the size
    of the archive. ``is_capped`` says whether there are more items than were counted."""

    horizon = MAX_PAGES

    def get_page(self, number):
        try:
            wanted = max(int(number), 1)
        except (TypeError, ValueError):
            wanted = 1
        self.horizon = min(MAX_PAGES, wanted + PAGES_AHEAD)
        return super().get_page(number)

    @cached_property
    def _bounded_count(self) -> tuple[int, bool]:
        limit = self.per_page * self.horizon
        if hasattr(self.object_list, "query"):
            # Any limit + 1 of the items count the same as the first limit + 1: unordered, the
            # count is free to start from whichever table finds them soonest. Keys only: an
            # annotation the page shows (a search's rank reads each piece's stored document)
            # is no part of how many there are.
            counted = self.object_list.order_by().values("pk")[: limit + 1].count()
        else:
            counted = len(self.object_list)
        return min(counted, limit), counted > limit

    @cached_property
    def count(self) -> int:
        return self._bounded_count[0]

    @property
    def is_capped(self) -> bool:
        """Whether there are more items than the pages offered."""
        return self._bounded_count[1]


class ListingPaginator(BoundedPaginator):
    """A ``BoundedPaginator`` for listings of pieces that reads a page in two steps, in one
    query: the ids of the page's pieces (the OFFSET walks index entries only, where the
    listing's index carries what it filters and orders on), then those pieces' rows. Read in
    one step, page 50 would fetch the whole rows of the 980 pieces before it from all over the
    table only to throw them away."""

    def page(self, number):
        page = super().page(number)
        if hasattr(page.object_list, "query"):
            page.object_list = self.object_list.filter(pk__in=page.object_list.values("pk"))
        return page


# The admin's article list counts no further than this: 10 pages of 100 (search and filters
# narrow a longer list).
ADMIN_COUNT_LIMIT = 1_000


class BoundedCountPaginator(Paginator):
    """The admin list's paginator: it counts at most ``ADMIN_COUNT_LIMIT`` items."""

    @cached_property
    def count(self) -> int:
        if hasattr(self.object_list, "query"):
            return self.object_list.values("pk")[:ADMIN_COUNT_LIMIT].count()
        return min(len(self.object_list), ADMIN_COUNT_LIMIT)
