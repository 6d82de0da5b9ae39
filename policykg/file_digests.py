"""Digests of source files remembered by their stat signature, so that an unchanged file is not read.

A build reads and hashes every source to know whether it changed (10,000 documents: 260 MB, about
1.2 s of an unchanged rebuild's 1.8 s). As git does with its index, a file whose size, modification
and change times, inode and device are those recorded is taken as unchanged, unless it was changed
shortly before it was recorded ("racy": a change in the same clock tick as the reading would leave
the times as they were), in which case it is read again. The change time cannot be set by tools
that restore modification times (``touch -d``, ``rsync -t``, ``tar``), so a file they rewrite is read.
The record lives in the build's cache folder; ``--no-cache`` keeps none.
"""
from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path

RACY_NS = 2_000_000_000  # a file changed less than this before it was recorded is read again next time
FORMAT = "policykg-file-digests/1"


def signature(st: os.stat_result) -> list[int]:
    """What a change to a file's bytes changes: size, modification and change times, inode, device."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


class FileDigests:
    """The digests (bytes' SHA-256, text digest) of files as last read, by path; ``path`` None:
    nothing is remembered and nothing kept."""

    def __init__(self, path: Path | None):
        self.path = path
        self.old: dict[str, list] = self._load() if path is not None else {}
        self.new: dict[str, list] = {}

    def _load(self) -> dict[str, list]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            files = data["files"] if data.get("format") == FORMAT else {}
        except (OSError, ValueError, TypeError, AttributeError, KeyError):
            return {}  # missing, damaged or of another version: every file is read
        return files if isinstance(files, dict) else {}

    def recall(self, path: str) -> tuple[bytes, bytes] | None:
        """The file's digests if it is as it was when they were recorded, else None (read it)."""
        entry = self.old.get(path)  # (none when nothing is kept)
        if entry is None:
            return None
        try:
            st = os.stat(path)
            sig, sha, text, seen = entry[:5], entry[5], entry[6], entry[7]
            if sig != signature(st) or max(st.st_mtime_ns, st.st_ctime_ns) >= seen - RACY_NS:
                return None
            got = bytes.fromhex(sha), bytes.fromhex(text)
        except (OSError, ValueError, TypeError, IndexError):
            return None
        self.new[path] = entry
        return got

    def read(self, path: str) -> tuple[bytes, os.stat_result | None, int]:
        """The file's bytes, its stat if it did not change while being read (else None), and when
        reading began (``time.time_ns()``)."""
        seen = time.time_ns()
        before = os.stat(path)
        with open(path, "rb") as f:
            data = f.read()
        after = os.stat(path)
        return data, (before if signature(before) == signature(after) else None), seen

    def record(self, path: str, st: os.stat_result | None, seen: int, sha: bytes, text: bytes) -> None:
        """Remember a file just read (``st`` None: it changed while read; nothing is remembered)."""
        if st is not None and self.path is not None:
            self.new[path] = signature(st) + [sha.hex(), text.hex(), seen]

    def save(self) -> None:
        """Keep what this build read or recalled, if it differs from what was kept (files gone are dropped)."""
        if self.path is None or self.new == self.old:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}")  # swept if killed (cleanup.TEMP)
        with open(tmp, "x", encoding="utf-8") as f:  # (mode as the umask says, as the cache's other files)
            json.dump({"format": FORMAT, "files": self.new}, f, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, self.path)
        self.old = self.new
