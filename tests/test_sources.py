"""Finding the sources under a folder (policykg.sources.gather): every file once, in the order paths sort."""
from __future__ import annotations

from pathlib import Path

from conftest import REFERENCE
from policykg.sources import gather

# names whose order as paths differs from their order as strings: '-' (0x2D) and ' ' (0x20) sort
# before '/' (0x2F) as characters, after it as path parts
NAMES = ["a-b/plan.txt", "a/plan.txt", "a b/plan.txt", "a/b/plan.txt", "a.txt", "A/plan.txt", "中/计划.txt",
         "a/B.txt", "ab.txt"]


def test_sources_come_in_the_order_paths_sort_not_strings(tianjin, tmp_path):
    text = (tianjin / REFERENCE).read_bytes()
    for n, name in enumerate(NAMES):
        f = tmp_path / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(text + f"\n{n}\n".encode())  # distinct files
    found, problems = gather([tmp_path])
    got = [c.path.relative_to(tmp_path).as_posix() for c in found]
    assert problems == []
    assert got == [p.as_posix() for p in sorted(Path(n) for n in NAMES)]
    assert got != sorted(NAMES)  # the case the test is about
