"""The build's worker processes: forked once the extractor is loaded, and gone when their parent is.

- **Loaded once**: the extractor's word lists (the institution words and gazetteer, jieba's cache file
  of ``extract.jieba_dict``, whose words each process decodes as its texts need them; about 0.2 s in
  all) are loaded in the parent before the first worker starts; on a system that forks (Linux) the
  workers inherit them instead of loading them again each.
- **A time limit per file**: :func:`time_limit` interrupts the reading and extraction of one file
  after so many seconds (a timer signal in the process doing it), so a pathological file becomes a
  one-line skip instead of a stalled build. Work inside one long C call (a PDF library's) is
  interrupted only when it returns.
- **No orphans**: each worker asks the kernel to send it SIGKILL when its parent dies (Linux
  ``prctl(PR_SET_PDEATHSIG)``), and checks that the parent it was made for is still there (it may
  have died before the request). Elsewhere a thread watches the parent's pid once a second. A build
  killed with ``kill -9`` leaves no worker behind.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Iterator

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# a few lines of plan that pass through every stage once, so that what the stages load on first use
# (compiled expressions, data files) is loaded before the workers are forked; cn2an is not (numerals
# are read from extract.cn_numerals' table; a worker imports it for the first numeral the table lacks)
WARM_UP = "一、重点任务\n（一）建设研发中心。到2025年，新建研发中心十个以上，天津大学研究院投入运营。（区科技局负责）\n"


def pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` worker processes (forked where the system can) that end with this process."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin" else None)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=die_with_parent,
                               initargs=(os.getpid(),))


_warm: dict[str, bool] = {}


def warm(fork: bool = False) -> None:
    """Load what every worker's extraction needs, here, so that forked workers share it; with ``fork``,
    move everything loaded out of the garbage collector's sight (``gc.freeze``), so that the workers'
    collections do not write to, and so copy, the pages they share."""
    from extract.institution_lexicon import lexicon

    if not _warm.get("done"):
        lexicon()
        from extract.pipeline import Extractor
        from extract.reading import read_bytes

        try:
            Extractor()(read_bytes(WARM_UP.encode("utf-8"), "warm-up.txt"))
        except Exception:  # noqa: BLE001 - a warm-up only; the real files report their own errors
            pass
        _warm["done"] = True
    if fork:
        import gc

        gc.freeze()


def forked() -> None:
    """The workers exist (forked at the pool's first submit): this process's objects go back under
    the garbage collector's care."""
    import gc

    gc.unfreeze()


def die_with_parent(parent: int, sig: int = signal.SIGKILL) -> None:
    """End this process when ``parent`` does (see the module docstring)."""
    if not _pdeathsig(sig):
        threading.Thread(target=_watch, args=(parent,), daemon=True, name="policykg-parent-watch").start()
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _pdeathsig(sig: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


class FileTimeout(BaseException):
    """A file's reading and extraction ran past its time limit (a BaseException: no ``except Exception``
    in the extractor swallows it)."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`FileTimeout` in this block after ``seconds`` (none: no limit; no limit either
    outside the main thread, where no timer signal can be handled)."""
    if not seconds or seconds <= 0 or not hasattr(signal, "setitimer") \
            or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise FileTimeout(seconds)

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)

