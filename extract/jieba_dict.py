"""jieba's dictionary loaded once per process, in a fraction of jieba's own time, for two tokenizers.

Extraction uses two private jieba tokenizers: a plain one (``target_lists``) and one that also knows
the institution words (``institution_lexicon``), whose part-of-speech tags come from jieba's
``dict.txt``. Built the plain way, that is two dictionary loads (0.6–1.1 s each), a re-read of
``dict.txt`` for the tags (about 0.4 s) and 11,000 ``add_word`` calls (about 0.4 s) in every process.

Here the result of all of it (the plain word frequencies, the changes the added words make, the
tags) is kept in one cache file per user (``$XDG_CACHE_HOME/policykg``, else ``~/.cache/policykg``),
keyed by jieba's version, its dictionary file and the words added; it is plain text and integers,
never pickle, so a planted file cannot run code. A missing, stale or damaged cache is rebuilt the
plain way; an unwritable cache folder only costs the time. Both tokenizers behave exactly as those
made by ``jieba.Tokenizer().initialize()`` and ``add_word`` (tested), and the plain one shares no
dictionary with the other.
"""
from __future__ import annotations

import array
import hashlib
import logging
import os
import struct
import tempfile
import threading
from pathlib import Path
from typing import NamedTuple

FORMAT = b"policykg-jieba-1\n"
KEEP = 4  # cache files kept (checkouts with other word lists)
_lock = threading.Lock()


class Dictionaries(NamedTuple):
    plain: object  # jieba.Tokenizer over jieba's own dictionary
    extended: object  # jieba.Tokenizer that also knows the added words
    tags: dict[str, str]  # part of speech of every word of dict.txt and of the added words


def cache_dir() -> Path:
    """Where the cache file lives: ``$XDG_CACHE_HOME/policykg`` or ``~/.cache/policykg``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policykg"


def load(words: list[tuple[str, str]]) -> Dictionaries:
    """The two tokenizers and the tags, ``words`` (word, tag; tag ``x``: keep jieba's, else ``v``)
    added to the extended one in this order, as ``add_word`` would."""
    from .jieba_import import jieba as _jieba

    jieba = _jieba()

    logging.getLogger("jieba").setLevel(logging.WARNING)
    dict_path = os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
    key = _key(jieba.__version__, dict_path, words)
    path = cache_dir() / f"jieba-{key}.bin"
    with _lock:
        got = _read(path)
        if got is None:
            got = _build(words)
            _write(path, *got)
    base, total, diff, ext_total, zero, tags = got
    plain, ext = jieba.Tokenizer(), jieba.Tokenizer()
    plain.FREQ, plain.total, plain.initialized = base, total, True
    ext.FREQ = dict(base)
    ext.FREQ.update(diff)
    ext.total, ext.initialized = ext_total, True
    if zero:
        from jieba import finalseg
        for w in zero:  # what add_word does with a word of frequency 0
            finalseg.add_force_split(w)
    return Dictionaries(plain, ext, tags)


def _key(version: str, dict_path: str, words: list[tuple[str, str]]) -> str:
    st = os.stat(dict_path)
    h = hashlib.sha256(FORMAT + f"{version}|{dict_path}|{st.st_size}|{st.st_mtime_ns}".encode())
    for w, t in words:
        h.update(f"{w}\t{t}\n".encode())
    return h.hexdigest()[:24]


def _build(words: list[tuple[str, str]]):
    """The plain way: jieba's load, dict.txt's tags, ``add_word`` for each word."""
    from .jieba_import import jieba as _jieba

    jieba = _jieba()

    tk = jieba.Tokenizer()
    tk.initialize()
    base, total = dict(tk.FREQ), tk.total
    tags: dict[str, str] = {}
    with tk.get_dict_file() as f:
        for raw in f:
            parts = raw.decode("utf-8").split()
            if len(parts) >= 3:
                tags[parts[0]] = parts[2]
    for w, tag in words:
        if len(w) > 1:
            tk.add_word(w, tag=tag)
            tags[w] = tag if tag != "x" else tags.get(w, "v")
    diff = {w: n for w, n in tk.FREQ.items() if base.get(w) != n}
    zero = [w for w, tag in words if len(w) > 1 and tk.FREQ.get(w) == 0]
    return base, total, diff, tk.total, zero, tags


def _pack_strings(xs) -> bytes:
    return "\n".join(xs).encode("utf-8")


def _pack_ints(xs) -> bytes:
    return array.array("q", xs).tobytes()


def _write(path: Path, base, total, diff, ext_total, zero, tags) -> None:
    parts = [_pack_strings(base), _pack_ints(base.values()), _pack_strings(diff), _pack_ints(diff.values()),
             _pack_strings(zero), _pack_strings(tags), _pack_strings(tags.values())]
    head = FORMAT + struct.pack("<qq", total, ext_total) + struct.pack(f"<{len(parts)}q", *map(len, parts))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".jieba-")
        with os.fdopen(fd, "wb") as f:
            f.write(head)
            for p in parts:
                f.write(p)
        os.replace(tmp, path)
        _sweep(path.parent, keep=KEEP)
    except OSError:  # no cache where none can be written: the next process builds again
        pass


def _sweep(folder: Path, keep: int) -> None:
    """Remove all but the ``keep`` newest cache files (each word list change makes a new one of 14 MB)."""
    files = sorted(folder.glob("jieba-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)


def _read(path: Path):
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        if not data.startswith(FORMAT):
            return None
        pos = len(FORMAT)
        total, ext_total = struct.unpack_from("<qq", data, pos)
        pos += 16
        lens = struct.unpack_from("<7q", data, pos)
        pos += 56
        chunks = []
        for n in lens:
            chunks.append(data[pos:pos + n])
            pos += n
        if pos != len(data):
            return None
        words = lambda b: b.decode("utf-8").split("\n") if b else []  # noqa: E731
        ints = lambda b: array.array("q", b).tolist()  # noqa: E731
        base = dict(zip(words(chunks[0]), ints(chunks[1]), strict=True))
        diff = dict(zip(words(chunks[2]), ints(chunks[3]), strict=True))
        tags = dict(zip(words(chunks[5]), words(chunks[6]), strict=True))
        return base, total, diff, ext_total, words(chunks[4]), tags
    except (ValueError, struct.error, UnicodeDecodeError):
        return None
