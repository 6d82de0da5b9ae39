"""glibc malloc settings for long builds: what a process keeps of memory it has freed.

Elsewhere than glibc (macOS, Windows, musl) these are no-ops.
"""
from __future__ import annotations

M_MMAP_THRESHOLD = -3  # <malloc.h>
M_ARENA_MAX = -8


def _mallopt(param: int, value: int) -> bool:
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(param, value))
    except (OSError, AttributeError):
        return False


def cap_arenas(n: int = 2) -> bool:
    """At most ``n`` malloc arenas: threads that allocate and free (Oxigraph's bulk loader's) otherwise
    each leave an arena of freed memory behind."""
    return _mallopt(M_ARENA_MAX, n)


def fixed_mmap_threshold(nbytes: int = 128 * 1024) -> bool:
    """Blocks of ``nbytes`` or more always come from (and go back to) the system by mmap.

    By default glibc raises this threshold each time such a block is freed (up to 32 MB), after which
    blocks of that size come from the heap, which freed memory in its middle cannot leave. A build
    makes and frees a few hundred kB of text per plan, so its process grew by a plan's text at a
    time: at 10,000 documents, 181 MB against 159 MB with the threshold fixed.
    """
    return _mallopt(M_MMAP_THRESHOLD, nbytes)
