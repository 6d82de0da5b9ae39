"""What a killed build leaves behind, removed by the next build; one build at a time per folder.

A build writes every output to a temporary name beside it (``OUT/.graph.ttl.XXXXXXXX``,
``OUT/texts/.ID.txt.XXXXXXXX``, ``OUT/.cache/…/.tmp.XXXXXXXX``) and works in a scratch folder
``$TMPDIR/policykg-XXXXXXXX`` holding a lock while it lives. kill -9 leaves them all; the next build
on the same OUT removes the temporary names, and any build removes the scratch folders whose lock is
free (their build is gone) and the lock-less ones older than a day (from a command without a lock).
A build holds an exclusive lock on OUT, so that it never removes a running build's files, and a
second build on the same OUT says so in one line instead of mixing its files with the first's.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # not POSIX: no locks; clean-up then only takes what is clearly stale
    fcntl = None

SCRATCH_PREFIX = "policykg-"
SCRATCH = re.compile(r"policykg-(compare-)?[a-z0-9_]{8}")  # what scratch_dir makes; other policykg-* are not ours
ALIVE = ".alive"  # lock file inside a scratch folder, held while its build runs
STALE_UNLOCKED = 24 * 3600  # a lock-less scratch folder older than this is left over
DIGESTS_FILE = "file-digests.json"  # in OUT/.cache: policykg.file_digests
TEMP = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}")  # tempfile.mkstemp(prefix=".NAME.")


class InUse(RuntimeError):
    """Another build holds the folder; the message is one line for the user."""


def _try_lock(fd: int) -> bool:
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


@contextmanager
def out_lock(out: Path) -> Iterator[None]:
    """Hold OUT for this build (a lock on the folder itself: nothing is left in it)."""
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_RDONLY)
    try:
        if not _try_lock(fd):
            raise InUse(f"{out}: another build is writing to this folder; wait for it to end")
        yield
    finally:
        os.close(fd)


@contextmanager
def scratch_dir(prefix: str = SCRATCH_PREFIX) -> Iterator[Path]:
    """A scratch folder in the system temp folder, locked while it is in use, removed after."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    fd = os.open(path / ALIVE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _try_lock(fd)
        yield path
    finally:
        os.close(fd)
        shutil.rmtree(path, ignore_errors=True)


def sweep_scratch(tmp: Path | None = None) -> list[Path]:
    """Remove the scratch folders of builds that are gone; return them."""
    tmp = Path(tmp or tempfile.gettempdir())
    gone = []
    try:
        entries = list(os.scandir(tmp))
    except OSError:
        return gone
    for e in entries:
        if not SCRATCH.fullmatch(e.name) or not e.is_dir(follow_symlinks=False):
            continue
        path = Path(e.path)
        if not _stale(path):
            continue
        shutil.rmtree(path, ignore_errors=True)
        gone.append(path)
    return gone


def _stale(path: Path) -> bool:
    alive = path / ALIVE
    try:
        fd = os.open(alive, os.O_RDWR)
    except FileNotFoundError:
        try:
            return time.time() - path.stat().st_mtime > STALE_UNLOCKED
        except OSError:
            return False
    except OSError:
        return False  # another user's folder, or unreadable: not ours to judge
    try:
        return fcntl is not None and _try_lock(fd)
    finally:
        os.close(fd)


def sweep_out(out: Path, names: list[str]) -> list[Path]:
    """Remove the temporary files a killed build left in OUT (its outputs ``names``, the state file,
    the plans' texts, the cache's entries); the caller holds :func:`out_lock`. Returns them."""
    gone: list[Path] = []

    def drop(folder: Path, keep) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for e in entries:
            m = TEMP.fullmatch(e.name)
            if m and keep(m.group("name")) and e.is_file(follow_symlinks=False):
                Path(e.path).unlink(missing_ok=True)
                gone.append(Path(e.path))

    drop(out, lambda name: name in names)
    drop(out / "texts", lambda name: name.endswith(".txt"))
    cache = out / ".cache"
    drop(cache, lambda name: name == DIGESTS_FILE)
    for kind in _subdirs(cache):
        for part in _subdirs(kind):
            drop(part, lambda name: name == "tmp")
    return gone


def _subdirs(folder: Path) -> list[Path]:
    try:
        return [Path(e.path) for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return []
