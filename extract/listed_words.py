"""The longest word of a list that a string ends with, or that starts at a point of it, found by trying
each length the list has once (a set lookup each) instead of each word in turn (hundreds of
``endswith``/``startswith`` calls per name); what a scan of the list longest first would find."""
from __future__ import annotations

from collections.abc import Iterable


class ListedWords:
    """A word list asked "which of you, the longest, ends this string / starts here?"."""

    def __init__(self, words: Iterable[str]) -> None:
        self._words = frozenset(words)
        self._lengths = tuple(sorted({len(w) for w in self._words}, reverse=True))

    def ending(self, s: str, rest: int = 0) -> str | None:
        """The longest listed word ``s`` ends with that leaves at least ``rest`` characters before it."""
        n = len(s)
        for k in self._lengths:
            if k <= n - rest:
                w = s[n - k:]
                if w in self._words:
                    return w
        return None

    def starting_at(self, s: str, i: int) -> str | None:
        """The longest listed word that ``s`` has at offset ``i`` (``s.startswith(word, i)``)."""
        room = len(s) - i
        for k in self._lengths:
            if k <= room:
                w = s[i:i + k]
                if w in self._words:
                    return w
        return None
