"""glibc malloc settings a build makes (policykg.malloc_tuning), checked by what malloc then does."""
import ctypes
import ctypes.util
import platform
import subprocess
import sys

import pytest

glibc_only = pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
                                reason="mallopt and mallinfo2 are glibc's")

# In a fresh process: free a 4 MB block (glibc then raises its mmap threshold past 4 MB), then make ten
# blocks of 300 kB and print how many of them glibc took from the system by mmap (mallinfo2's hblks).
PROBE = """
import ctypes, sys
class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]
libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MallInfo2
if sys.argv[1] == "fixed":
    from policykg.malloc_tuning import fixed_mmap_threshold
    assert fixed_mmap_threshold()
big = bytearray(4 << 20)
del big
before = libc.mallinfo2().hblks
blocks = [bytearray(300_000) for _ in range(10)]
print(libc.mallinfo2().hblks - before)
"""


def _mmapped_blocks(mode: str) -> int:
    if not hasattr(ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6"), "mallinfo2"):
        pytest.skip("glibc older than 2.33 has no mallinfo2")
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True)
    return int(out.stdout)


@glibc_only
def test_blocks_of_a_plans_text_go_back_to_the_system_with_the_threshold_fixed():
    assert _mmapped_blocks("fixed") == 10


@glibc_only
def test_without_it_glibc_keeps_such_blocks_in_its_heap_once_a_larger_one_was_freed():
    """The trap the setting avoids: if this ever fails, glibc changed and the setting may be moot."""
    assert _mmapped_blocks("default") == 0


def test_where_libc_has_no_mallopt_the_settings_are_no_ops(monkeypatch):
    """As on macOS or Windows: the build goes on with the system's malloc as it is."""
    from policykg import malloc_tuning

    monkeypatch.setattr(ctypes, "CDLL", lambda name: object())
    assert malloc_tuning.fixed_mmap_threshold() is False
    assert malloc_tuning.cap_arenas() is False
