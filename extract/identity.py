"""What names a document and an extractor, without loading the extractor.

The build computes every source's cache key (its bytes, its manifest row and :func:`fingerprint`)
and its id (:func:`doc_id`) before it decides what to extract; importing the extraction pipeline for
that took 0.07-0.1 s that nothing else could use (bench/README.md), so these live apart from it.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

EXTRACTOR_VERSION = "0.1.0"


@lru_cache(maxsize=None)
def fingerprint() -> str:
    """Digest of the extractor's code and data files: any change to them invalidates build caches."""
    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    root = Path(__file__).parent
    for f in sorted(list(root.glob("*.py")) + [p for p in (root / "data").rglob("*") if p.is_file()]):
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def doc_id(path: str | Path) -> str:
    """A stable, readable id from a file name: ``jinghai-2021-keji-sannian.txt`` → its stem."""
    stem = Path(path).stem
    return re.sub(r"[^\w.-]+", "-", stem).strip("-") or "doc"
