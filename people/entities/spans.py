"""Sets of text spans that answer "does this span overlap / lie inside one already kept?" in
logarithmic time, so that the save path stays linear in the text however many names it holds
(a list scanned for each new name made a 1 MB body with many names take minutes)."""

from bisect import bisect_left, bisect_right


class SpanSet:
    """Disjoint half-open spans ``[start, end)`` kept in order. Adding a span that overlaps
    others merges them, so "overlaps one of the spans added" is answered exactly."""

    def __init__(self, spans=()):
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            self.add(start, end)

    def __len__(self) -> int:
        return len(self._starts)

    def overlaps(self, start: int, end: int) -> bool:
        """Return whether ``[start, end)`` shares a character with a kept span."""
        index = bisect_left(self._starts, end) - 1
        return index >= 0 and self._ends[index] > start

    def contains(self, start: int, end: int) -> bool:
        """Return whether ``[start, end)`` lies wholly inside one kept span."""
        index = bisect_right(self._starts, start) - 1
        return index >= 0 and end <= self._ends[index]

    def contains_point(self, position: int) -> bool:
        """Return whether ``position`` falls inside a kept span."""
        index = bisect_right(self._starts, position) - 1
        return index >= 0 and position < self._ends[index]

    def add(self, start: int, end: int) -> None:
        """Keep ``[start, end)``, merged with the spans it overlaps."""
        if end <= start:
            return
        low = bisect_left(self._ends, start + 1)  # first span ending after ``start``
        high = bisect_left(self._starts, end)  # spans from here on start at or after ``end``
        if low < high:
            start = min(start, self._starts[low])
            end = max(end, self._ends[high - 1])
        self._starts[low:high] = [start]
        self._ends[low:high] = [end]
