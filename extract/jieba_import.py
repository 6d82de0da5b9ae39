"""jieba, imported without ``pkg_resources``.

jieba's ``_compat`` imports ``pkg_resources`` only to open its own data files and falls back to
``open()`` beside its module when that import fails. Importing ``pkg_resources`` scans every installed
distribution: here it is 0.11–0.13 s of the 0.14–0.16 s that ``import jieba`` takes (measured in
``bench/README.md``), paid by every build before any work starts, and it warns that it is deprecated.
"""
from __future__ import annotations

import sys
from types import ModuleType


def jieba() -> ModuleType:
    """The ``jieba`` module; imported with ``pkg_resources`` hidden unless something loaded it already."""
    mod = sys.modules.get("jieba")
    if mod is not None:
        return mod
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # ``import pkg_resources`` fails
    try:
        import jieba as mod
    finally:
        if hide and sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]
    return mod
