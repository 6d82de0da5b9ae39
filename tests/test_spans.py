"""The bisection helpers that keep extraction linear answer exactly what a scan of every span answers."""
from __future__ import annotations

import random

from extract import outline
from extract.normalize import normalize
from extract.reading import read_source
from extract.spans import Stab


def _scan_first(spans, pos):
    return next((i for i, (a, b) in enumerate(spans) if a <= pos < b), None)


def test_stab_equals_the_scan_on_random_spans():
    rng = random.Random(7)
    for trial in range(300):
        n = rng.randint(0, 30)
        spans = [(a, a + rng.randint(0, 15)) for a in (rng.randint(0, 100) for _ in range(n))]
        if trial % 2:
            spans.sort()  # sorted lists are answered by bisection, the others by the scan
        st = Stab(spans)
        for pos in range(-2, 120):
            assert st.first(pos) == _scan_first(spans, pos), (spans, pos)
            for end in range(pos, pos + 20, 3):
                assert st.reaches(pos, end) == any(a < pos and end <= b for a, b in spans)


def test_innermost_equals_the_scan_on_every_corpus_outline(shared):
    paths = sorted((shared / "corpus").rglob("*.txt")) + sorted((shared / "corpus").rglob("*.html"))
    checked = 0
    for p in paths:
        try:
            text = read_source(p).text
        except Exception:
            continue
        items = outline.parse_outline(text, normalize(text))
        if not items:
            continue
        fast = outline.Innermost(items)
        checked += fast.container is not None  # the outline nests: answered by bisection
        for pos in range(0, len(text), 7):
            assert fast(pos) is outline.innermost(items, pos), (p.name, pos)
    assert checked >= 20
