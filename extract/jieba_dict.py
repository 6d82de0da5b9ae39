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
from bisect import bisect_left
from collections.abc import Mapping
from pathlib import Path

FORMAT = b"policykg-jieba-2\n"
NO_TAG = 255  # a word without a tag (jieba has 55 tags)
KEEP = 4  # cache files kept (checkouts with other word lists)
_lock = threading.Lock()


class Dictionaries:
    """The extended tokenizer, the tags, and the plain tokenizer made on first use (the target lists of
    few documents need it): a second dictionary of 500,000 words that most processes never read."""

    def __init__(self, extended, tags: Mapping[str, str], total: int, undo: dict[str, int | None]) -> None:
        self.extended = extended  # jieba.Tokenizer that also knows the added words
        self.tags = tags  # part of speech of every word of dict.txt and of the added words
        self._total, self._undo = total, undo  # jieba's own total; jieba's frequency of each changed word
        self._plain = None

    @property
    def plain(self):
        """jieba.Tokenizer over jieba's own dictionary: the extended one's, the added words' changes undone."""
        with _lock:
            if self._plain is None:
                freq = dict(self.extended.FREQ)
                for w, n in self._undo.items():
                    if n is None:
                        del freq[w]
                    else:
                        freq[w] = n
                tk = type(self.extended)()  # a jieba.Tokenizer
                tk.FREQ, tk.total, tk.initialized = freq, self._total, True
                self._plain = tk
            return self._plain


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
    undo = {w: base.get(w) for w in diff}
    base.update(diff)  # now the extended dictionary
    ext = jieba.Tokenizer()
    ext.FREQ, ext.total, ext.initialized = base, ext_total, True
    if zero:
        from jieba import finalseg
        for w in zero:  # what add_word does with a word of frequency 0
            finalseg.add_force_split(w)
    return Dictionaries(ext, tags, total, undo)


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


def _write(path: Path, base, total, diff, ext_total, zero, tags) -> None:
    """One file: the words (jieba's sorted, then the added ones sorted), jieba's frequencies, the added
    words' changes as word numbers and frequencies, the words of frequency 0, and a tag number a word."""
    if isinstance(tags, Tags):
        tags = dict(tags.items())
    words = sorted(base)
    words += sorted(w for w in {**diff, **tags} if w not in base)
    number = {w: i for i, w in enumerate(words)}
    names = sorted(set(tags.values()))
    if len(names) >= NO_TAG:
        return
    name_no = {t: i for i, t in enumerate(names)}
    parts = [_pack_strings(words), array.array("q", (base[w] for w in words[:len(base)])).tobytes(),
             array.array("q", (number[w] for w in diff)).tobytes(), array.array("q", diff.values()).tobytes(),
             _pack_strings(zero), _pack_strings(names), bytes(name_no[tags[w]] if w in tags else NO_TAG for w in words)]
    head = FORMAT + struct.pack("<qqq", total, ext_total, len(base)) + struct.pack(f"<{len(parts)}q", *map(len, parts))
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
    """What ``_build`` returns, from the cache file (the tags as ``Tags``), or None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        if not data.startswith(FORMAT):
            return None
        pos = len(FORMAT)
        total, ext_total, n_base = struct.unpack_from("<qqq", data, pos)
        pos += 24
        lens = struct.unpack_from("<7q", data, pos)
        pos += 56
        chunks = []
        for n in lens:
            chunks.append(data[pos:pos + n])
            pos += n
        if pos != len(data):
            return None
        strings = lambda b: b.decode("utf-8").split("\n") if b else []  # noqa: E731
        ints = lambda b: array.array("q", b).tolist()  # noqa: E731
        words = strings(chunks[0])
        if not 0 <= n_base <= len(words) or len(chunks[6]) != len(words):
            return None
        base = dict(zip(words[:n_base], ints(chunks[1]), strict=True))
        # the added words' strings are the list's own: their hashes are already computed
        diff = dict(zip(map(words.__getitem__, ints(chunks[2])), ints(chunks[3]), strict=True))
        return base, total, diff, ext_total, strings(chunks[4]), Tags(words, n_base, chunks[6], strings(chunks[5]))
    except (ValueError, IndexError, struct.error, UnicodeDecodeError):
        return None


class Tags(Mapping):
    """Word → part of speech, looked up in the cache's two sorted runs of words (jieba's, the added
    ones) instead of a third dictionary of 350,000 words built in every process (about 0.1 s)."""

    def __init__(self, words: list[str], n_base: int, numbers: bytes, names: list[str]) -> None:
        if numbers.translate(None, bytes(range(len(names))) + bytes([NO_TAG])):
            raise ValueError("a tag number out of range")
        self._words, self._n, self._numbers, self._names = words, n_base, numbers, names

    def _find(self, w: str) -> str | None:
        words = self._words
        i = bisect_left(words, w, 0, self._n)
        if i == self._n or words[i] != w:
            i = bisect_left(words, w, self._n)
        n = self._numbers[i] if i < len(words) and words[i] == w else NO_TAG
        return self._names[n] if n != NO_TAG else None

    def __getitem__(self, w: str) -> str:
        got = self._find(w) if isinstance(w, str) else None
        if got is None:
            raise KeyError(w)
        return got

    def get(self, w: str, default=None):
        got = self._find(w)
        return default if got is None else got

    def __contains__(self, w: object) -> bool:
        return isinstance(w, str) and self._find(w) is not None

    def __iter__(self):
        return (w for w, n in zip(self._words, self._numbers) if n != NO_TAG)

    def __len__(self) -> int:
        return len(self._numbers) - self._numbers.count(NO_TAG)
