"""jieba's dictionary loaded once per process, in a fraction of jieba's own time, for two tokenizers.

Extraction uses two private jieba tokenizers: a plain one (``target_lists``) and one that also knows
the institution words (``institution_lexicon``), whose part-of-speech tags come from jieba's
``dict.txt``. Built the plain way, that is two dictionary loads (0.6–1.1 s each), a re-read of
``dict.txt`` for the tags (about 0.4 s) and 11,000 ``add_word`` calls (about 0.4 s) in every process.

Here the result of all of it (the plain word frequencies, the changes the added words make, the
tags) is kept in one cache file per user (``$XDG_CACHE_HOME/policykg``, else ``~/.cache/policykg``),
keyed by jieba's version, its dictionary file and the words added; it is plain text and integers,
never pickle, so a planted file cannot run code. A missing, stale or damaged cache is rebuilt the
plain way; an unwritable cache folder only costs the time.

The words are read from the file two characters at a time, as a text needs them (:class:`Tokenizer`):
jieba looks up only the fragments of the text it cuts, and every fragment that starts at a character
begins with that character and the next one. Extraction cuts short spans (about 14,000 characters in
300 plans), which need some 5,000 of the 200,000 two-character groups: 8 % of the 527,000 words,
instead of a 500,000-entry dictionary built before any work starts (0.2–0.3 s and 190 MB in the
build's process; bench/README.md). Both tokenizers cut exactly as those made by
``jieba.Tokenizer().initialize()`` and ``add_word`` (tested), and the plain one shares no dictionary
with the other.
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

FORMAT = b"policykg-jieba-4\n"
NO_TAG = 255  # a word without a tag (jieba has 55 tags)
ABSENT = -1  # the frequency of a word its dictionary lacks (a word with a tag only)
KEEP = 4  # cache files kept (checkouts with other word lists)
PARTS = 14  # parts of a cache file after its header
_lock = threading.Lock()


def key_of(word: str) -> str:
    """The group a word is read with: its first two characters (a one-character word: itself)."""
    return word[:2]


class _Run:
    """Sorted words ('\\n' between them) with, for each, integer columns and a tag number; read a group
    at a time: group ``i`` is words ``starts[i]:starts[i + 1]``, bytes ``offsets[i]:offsets[i + 1] - 1``."""

    def __init__(self, blob: bytes, starts, offsets, columns: tuple, numbers: bytes) -> None:
        self.blob, self.starts, self.offsets, self.columns, self.numbers = blob, starts, offsets, columns, numbers

    def group(self, i: int) -> tuple[list[str], list[list[int]], bytes]:
        a, b = self.starts[i], self.starts[i + 1]
        if a == b:
            return [], [[] for _ in self.columns], b""
        words = self.blob[self.offsets[i]:self.offsets[i + 1] - 1].decode("utf-8").split("\n")
        if len(words) != b - a:
            raise ValueError("policykg's jieba cache is damaged (a group's words)")
        return words, [c[a:b].tolist() for c in self.columns], self.numbers[a:b]


class Words:
    """The cache file's words in groups by :func:`key_of`, each decoded the first time it is asked for.

    Two sorted runs: jieba's own words (their frequency in jieba's dictionary and once the words are
    added: ``add_word`` changes some) and the words the added ones bring (their frequency once added);
    each word has a tag number. The groups' keys are sorted; group ``i`` of both runs has key ``i``."""

    def __init__(self, jiebas: _Run, added: _Run, keys: list[str], tag_names: list[str]) -> None:
        self._jiebas, self._added, self._keys, self._names = jiebas, added, keys, tag_names
        self._groups: dict[str, tuple] = {}

    def group(self, key: str) -> tuple:
        """``key``'s group: (jieba's words, their frequencies in jieba's dictionary, once the words are
        added, their tag numbers; the added words, their frequencies, their tag numbers)."""
        got = self._groups.get(key)
        if got is None:
            i = bisect_left(self._keys, key)
            if i == len(self._keys) or self._keys[i] != key:
                got = ([], [], [], b"", [], [], b"")
            else:
                jw, (plain, ext), jt = self._jiebas.group(i)
                aw, (added,), at = self._added.group(i)
                got = (jw, plain, ext, jt, aw, added, at)
            self._groups[key] = got
        return got

    def keys(self) -> list[str]:
        """Every group's key."""
        return self._keys

    def tag(self, number: int) -> str | None:
        return self._names[number] if number != NO_TAG else None


class Tokenizer:
    """A private ``jieba.Tokenizer`` whose dictionary is filled from :class:`Words` with the groups a
    text needs before it is cut (``extended``: with the added words)."""

    def __init__(self, words: Words, total: int, extended: bool) -> None:
        from .jieba_import import jieba as _jieba

        self._words, self._extended = words, extended
        self.FREQ: dict[str, int] = {}
        self._read: set[str] = set()
        self.jieba = _jieba().Tokenizer()
        self.jieba.FREQ, self.jieba.total, self.jieba.initialized = self.FREQ, total, True
        self.total = total

    def lcut(self, text: str, HMM: bool = True) -> list[str]:  # noqa: N803 - jieba's own name
        """jieba's ``lcut`` of ``text``."""
        self.need(text)
        return self.jieba.lcut(text, HMM=HMM)

    def freq(self, word: str) -> int:
        """The word's frequency (0 when unknown, or a prefix of words only)."""
        self.need(word[:2])
        return self.FREQ.get(word) or 0

    def need(self, text: str) -> None:
        """Read every group that a fragment of ``text`` can be in."""
        read = self._read
        for k in range(len(text)):
            for key in (text[k], text[k:k + 2]):
                if key not in read:
                    self._fill(key)

    def read_all(self) -> dict[str, int]:
        """The whole dictionary (tests compare it with jieba's)."""
        for key in self._words.keys():
            if key not in self._read:
                self._fill(key)
        return self.FREQ

    def _fill(self, key: str) -> None:
        jw, plain, ext, _, aw, added, _ = self._words.group(key)
        if self._extended:
            self.FREQ.update(zip(jw, ext))
            if ABSENT in added:
                self.FREQ.update((w, n) for w, n in zip(aw, added) if n != ABSENT)
            else:
                self.FREQ.update(zip(aw, added))
        else:
            self.FREQ.update(zip(jw, plain))
        self._read.add(key)  # only once filled: a reader in another thread never sees half a group


class Tags(Mapping):
    """Word → part of speech (jieba's ``dict.txt`` and the added words'), read with the word's group."""

    def __init__(self, words: Words) -> None:
        self._words = words

    def _find(self, w: str) -> str | None:
        jw, _, _, jt, aw, _, at = self._words.group(key_of(w))
        for words, numbers in ((jw, jt), (aw, at)):
            i = bisect_left(words, w)
            if i < len(words) and words[i] == w:
                return self._words.tag(numbers[i])
        return None

    def __getitem__(self, w: str) -> str:
        got = self._find(w) if isinstance(w, str) and w else None
        if got is None:
            raise KeyError(w)
        return got

    def get(self, w: str, default=None):
        got = self._find(w) if w else None
        return default if got is None else got

    def __contains__(self, w: object) -> bool:
        return isinstance(w, str) and bool(w) and self._find(w) is not None

    def __iter__(self):
        for key in self._words.keys():
            jw, _, _, jt, aw, _, at = self._words.group(key)
            yield from (w for w, n in zip(jw, jt) if n != NO_TAG)
            yield from (w for w, n in zip(aw, at) if n != NO_TAG)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Dictionaries:
    """The extended tokenizer, the tags, and the plain tokenizer (the target lists of few documents
    need it), all three reading the same :class:`Words` as texts need them."""

    def __init__(self, words: Words, total: int, ext_total: int) -> None:
        self.extended = Tokenizer(words, ext_total, extended=True)  # also knows the added words
        self.tags = Tags(words)
        self._words, self._total = words, total
        self._plain: Tokenizer | None = None

    @property
    def plain(self) -> Tokenizer:
        """jieba's own dictionary, without the added words."""
        with _lock:
            if self._plain is None:
                self._plain = Tokenizer(self._words, self._total, extended=False)
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
            data = _pack(*_build(words))
            _write(path, data)
            got = _parse(data)
    words_, total, ext_total, zero = got
    if zero:
        from jieba import finalseg
        for w in zero:  # what add_word does with a word of frequency 0
            finalseg.add_force_split(w)
    return Dictionaries(words_, total, ext_total)


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


def _ints(xs) -> bytes:
    return array.array("i", xs).tobytes()


def _groups(words: list[str], keys: list[str]) -> tuple[bytes, list[int], list[int]]:
    """A run's text, and where each key's group starts in it (word numbers, byte offsets)."""
    starts, offsets, i, at = [], [], 0, 0
    for k in keys:
        starts.append(i)
        offsets.append(at)
        while i < len(words) and key_of(words[i]) == k:
            at += len(words[i].encode("utf-8")) + 1
            i += 1
    starts.append(i)
    offsets.append(at)
    return _pack_strings(words), starts, offsets


def _pack(base, total, diff, ext_total, zero, tags) -> bytes:
    """One file: jieba's words sorted, with their frequencies (jieba's, once the words are added) and tag
    numbers; the words the added ones bring, sorted, with theirs; the groups' keys and where each group
    starts in both runs; the tags' names; the words of frequency 0."""
    extended = {**base, **diff}
    jiebas = sorted(base)
    added = sorted({*diff, *tags} - base.keys())
    keys = sorted({key_of(w) for w in jiebas} | {key_of(w) for w in added})
    names = sorted(set(tags.values()))
    if len(names) >= NO_TAG:
        raise ValueError("too many tags")
    name_no = {t: i for i, t in enumerate(names)}
    numbers = lambda ws: bytes(name_no[tags[w]] if w in tags else NO_TAG for w in ws)  # noqa: E731
    jblob, jstarts, joffsets = _groups(jiebas, keys)
    ablob, astarts, aoffsets = _groups(added, keys)
    if jstarts[-1] != len(jiebas) or astarts[-1] != len(added):
        raise ValueError("the words are not in their groups' order")
    parts = [jblob, _ints(base[w] for w in jiebas), _ints(extended[w] for w in jiebas), numbers(jiebas),
             ablob, _ints(extended.get(w, ABSENT) for w in added), numbers(added),
             _pack_strings(keys), _ints(jstarts), _ints(joffsets), _ints(astarts), _ints(aoffsets),
             _pack_strings(names), _pack_strings(zero)]
    head = FORMAT + struct.pack("<qqqqq", total, ext_total, len(jiebas), len(added), len(keys))
    return head + struct.pack(f"<{len(parts)}q", *map(len, parts)) + b"".join(parts)


def _write(path: Path, data: bytes) -> None:
    """The cache file written whole (a temp file renamed), the oldest ones swept."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".jieba-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
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
    """What :func:`_parse` gives of the cache file, or None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return _parse(data)


def _parse(data: bytes):
    """(:class:`Words`, jieba's total, the extended total, the words of frequency 0), or None where
    ``data`` is not a whole cache file of this format. Only the groups' keys are decoded here."""
    try:
        if not data.startswith(FORMAT):
            return None
        pos = len(FORMAT)
        total, ext_total, n_jiebas, n_added, n_keys = struct.unpack_from("<qqqqq", data, pos)
        pos += 40
        lens = struct.unpack_from(f"<{PARTS}q", data, pos)
        pos += 8 * PARTS
        if pos + sum(lens) != len(data) or min(lens) < 0:
            return None
        view, chunks = memoryview(data), []
        for n in lens:
            chunks.append(view[pos:pos + n])
            pos += n
        (jblob, plain, ext, jtags, ablob, added, atags, keys, jstarts, joffsets, astarts, aoffsets,
         names, zero) = chunks
        strings = lambda b: bytes(b).decode("utf-8").split("\n") if b else []  # noqa: E731
        ints = lambda b: b.cast("i") if len(b) % 4 == 0 else None  # noqa: E731
        plain, ext, added, jstarts, joffsets, astarts, aoffsets = map(
            ints, (plain, ext, added, jstarts, joffsets, astarts, aoffsets))
        keys, names = strings(keys), strings(names)
        jblob, ablob, jtags, atags = bytes(jblob), bytes(ablob), bytes(jtags), bytes(atags)
        tag_ok = bytes(range(len(names))) + bytes([NO_TAG])

        def run_ok(blob, n, starts, offsets, columns, tags) -> bool:
            return (None not in (starts, offsets, *columns) and all(len(c) == n for c in columns)
                    and len(tags) == n and len(starts) == n_keys + 1 and len(offsets) == n_keys + 1
                    and starts[0] == 0 and starts[-1] == n and offsets[0] == 0
                    and offsets[-1] == (len(blob) + 1 if n else 0) and blob.count(b"\n") == max(n - 1, 0)
                    and not tags.translate(None, tag_ok))

        if len(keys) != n_keys or not (run_ok(jblob, n_jiebas, jstarts, joffsets, (plain, ext), jtags)
                                       and run_ok(ablob, n_added, astarts, aoffsets, (added,), atags)):
            return None
        words = Words(_Run(jblob, jstarts, joffsets, (plain, ext), jtags),
                      _Run(ablob, astarts, aoffsets, (added,), atags), keys, names)
        return words, total, ext_total, strings(zero)
    except (ValueError, IndexError, struct.error, UnicodeDecodeError):
        return None
