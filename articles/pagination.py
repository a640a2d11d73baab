"""Pagination whose cost does not grow with the archive."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# 500 pages of 20: older pieces are reached through the archive by year and month, search
# filters and the sitemaps, never by paging back through ten years one page at a time.
MAX_PAGES = 500


class BoundedPaginator(Paginator):
    """A paginator that counts at most ``MAX_PAGES`` pages of items: the count reads no more
    index entries than that, and the pages beyond are not offered (asking for one gets the
    last page, as for any page past the end)."""

    max_pages = MAX_PAGES

    @cached_property
    def count(self) -> int:
        limit = self.per_page * self.max_pages
        if hasattr(self.object_list, "count") and hasattr(self.object_list, "query"):
            return self.object_list[:limit].count()
        return min(len(self.object_list), limit)

    @property
    def is_capped(self) -> bool:
        """Whether there are more items than the pages offered."""
        return self.count >= self.per_page * self.max_pages
