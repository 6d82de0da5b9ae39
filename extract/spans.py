"""Which span holds a position, in logarithmic time: what a long document needs of its span lists.

A scan of every span for every position is quadratic in a document's size (1 MB of text has thousands
of tasks, annotations and targets); these answer the same questions by bisection, with the same
answers (the first span in list order), for lists sorted by start. An unsorted list is scanned.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import Sequence

Span = tuple[int, int]


class Stab:
    """The first span (in list order) with ``start <= pos < end``."""

    def __init__(self, spans: Sequence[Span]):
        self.spans = list(spans)
        self.starts = [a for a, _ in self.spans]
        self.sorted = all(x <= y for x, y in zip(self.starts, self.starts[1:]))
        # the furthest end among the first i + 1 spans: the first i where it passes pos is the first span
        # (in list order) that ends after pos
        self.reach = list(accumulate((b for _, b in self.spans), max)) if self.sorted else []

    def first(self, pos: int) -> int | None:
        """Index of the first span holding ``pos``, or None."""
        if not self.sorted:
            return next((i for i, (a, b) in enumerate(self.spans) if a <= pos < b), None)
        k = bisect_right(self.starts, pos)  # spans 0 .. k-1 start at or before pos
        if not k:
            return None
        i = bisect_right(self.reach, pos, 0, k)
        return i if i < k else None

    def span(self, pos: int) -> Span | None:
        """The first span holding ``pos``, or None."""
        i = self.first(pos)
        return None if i is None else self.spans[i]

    def __contains__(self, pos: int) -> bool:
        return self.first(pos) is not None

    def reaches(self, before: int, end: int) -> bool:
        """Whether a span starting before ``before`` ends at or after ``end``."""
        if not self.sorted:
            return any(a < before and end <= b for a, b in self.spans)
        k = bisect_left(self.starts, before)
        return bool(k) and self.reach[k - 1] >= end
