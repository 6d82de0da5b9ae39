"""Which files a build reads, and each one it will not read with one line saying why.

One rule decides what is a source, for a folder's files and for files named on the command line
alike: a file whose suffix is a source type (``extract.reading.SOURCE_SUFFIXES``), not hidden, not
a manifest or a README, and not inside the build's output folder or store. In a folder, other
files are passed over in silence (pictures, notes); a file named on the command line that the
rule refuses is reported. Then each source is checked before anything is extracted:

- its folder's ``manifest.csv`` row: a row that names no file here, names a file twice, or cannot
  be parsed (an unterminated quote) is reported, and the file it names is not built from a guess;
- its id (from the row, else the file name) is safe as a file name and an IRI segment, and no other
  source has it: ids build paths (``OUT/texts/ID.txt``), so nothing outside OUT is ever written;
- it can be read, and its text is not the text of a source already taken (the same plan saved as
  UTF-8 and as GB18030, or a copy under another name): the duplicate is skipped, naming the first,
  unless the manifest gives both their own ids (copies meant as documents of their own, as
  ``bench/corpus.py`` makes).
Every problem is a ``(where, reason)`` pair, ``where`` being the file or ``manifest.csv:LINE``.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from extract.manifest import Manifest, ManifestRow, check_manifest
from extract.identity import doc_id
from extract.reading import SOURCE_SUFFIXES, SourceError, decode

from .file_digests import FileDigests

Problem = tuple[str, str]
SAFE_ID = re.compile(r"[^\W_][\w.-]*|_[\w.-]+")  # letters, digits, _ . - ; not starting with . or -
ID_MAX_BYTES = 200  # the id plus ".txt" stays far below a file name's 255 bytes


class SourcesError(ValueError):
    """A source argument that names nothing (a typo): the build cannot know what was meant."""


@dataclass
class Candidate:
    path: Path
    row: ManifestRow | None
    bad: str | None = None  # why its manifest row cannot be used
    where: str = ""  # manifest.csv:LINE of its row


def one_line(text: str) -> str:
    """``text`` with control characters (a newline in a file name) escaped: a problem stays one line."""
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m.group())[1:-1], text)


def not_a_source(path: Path) -> str | None:
    """Why ``path`` is not a source by the rule, or None when it is one."""
    name = path.name
    if name.startswith("."):
        return "hidden file; not a source"
    if name.lower() == "manifest.csv":
        return "a manifest, not a plan"
    if path.stem.lower().startswith("readme"):
        return "a README, not a plan"
    if path.suffix.lower() not in SOURCE_SUFFIXES:
        kinds = ", ".join(sorted(s for s in SOURCE_SUFFIXES if s))
        return f"not a source type ({path.suffix or 'no suffix'}); sources are {kinds} files"
    return None


def unsafe_id(sid: str) -> str | None:
    """Why ``sid`` cannot be a plan id, or None."""
    if not SAFE_ID.fullmatch(sid):
        return f"id {sid!r} is not safe (letters, digits, _ . - only, not starting with . or -)"
    if len(sid.encode("utf-8")) > ID_MAX_BYTES:
        return f"id {sid[:20]!r}… is longer than {ID_MAX_BYTES} bytes"
    return None


def inside(path: Path, dirs: list[Path], resolved: bool = False) -> bool:
    """Whether ``path`` is one of ``dirs`` (resolved paths) or inside one."""
    r = path if resolved else path.resolve()
    return any(r == d or d in r.parents for d in dirs)


class _Manifests:
    """Each folder's manifest, read once; the rows of every folder scanned are checked against its files."""

    def __init__(self) -> None:
        self.by_dir: dict[Path, Manifest | None] = {}

    def of(self, folder: Path) -> Manifest | None:
        if folder not in self.by_dir:
            m = folder / "manifest.csv"
            self.by_dir[folder] = check_manifest(m) if m.is_file() else None
        return self.by_dir[folder]

    def candidate(self, f: Path) -> Candidate:
        m = self.of(f.parent)
        if m is None:
            return Candidate(f, None)
        line = m.lines.get(f.name)
        return Candidate(f, m.rows.get(f.name), m.bad.get(f.name), f"{m.path}:{line}" if line else "")


def _row_problems(m: Manifest, present: set[str], excluded: list[Path]) -> list[Problem]:
    """A scanned folder's manifest: its unusable rows, and rows naming no source file in the folder."""
    covered = {m.bad[name] for name in present if name in m.bad}  # said when the file is skipped
    out = [(w, r) for w, r in m.problems if f"{w}: {r}" not in covered]
    for name, line in sorted(m.lines.items(), key=lambda x: x[1]):
        where = f"{m.path}:{line}"
        if name in present or name in m.bad:
            continue
        f = m.path.parent / name
        if Path(name).name != name or name in (".", ".."):
            out.append((where, f"{name}: not a file name in this folder"))
        elif not f.is_file():
            out.append((where, f"{name}: no such file in this folder"))
        elif inside(f, excluded):
            continue
        else:
            out.append((where, f"{name}: {not_a_source(f) or 'not read'}"))
    return sorted(out, key=lambda p: int(p[0].rsplit(":", 1)[1]) if p[0] != str(m.path) else 0)


def _walk(top: Path, excluded: list[Path]) -> tuple[list[Path], list[tuple[Path, Path]]]:
    """The folders under ``top`` (itself included) and every file in them (sorted as paths sort) with
    its resolved path; hidden folders and ``excluded`` ones are not entered."""
    import os

    root = top.resolve()
    skip = [d for d in excluded if d == root or root in d.parents]  # excluded folders under this one
    folders: list[Path] = []
    files: list[tuple[Path, Path]] = []
    for folder, dirs, names in os.walk(top):
        here = Path(folder)
        resolved = root.joinpath(*here.relative_to(top).parts)  # without a system call per file
        dirs[:] = [d for d in dirs if not d.startswith(".") and not (skip and inside(resolved / d, skip, True))]
        folders.append(here)
        files += [(here / n, resolved / n) for n in names if (here / n).is_file()]
    return folders, sorted(files, key=lambda fr: fr[0].parts)  # as paths sort, 6x faster than comparing Paths


def gather(paths: list[str | Path], exclude: list[Path] = ()) -> tuple[list[Candidate], list[Problem]]:
    """The source candidates under ``paths`` (sorted within each folder, each file once) with their
    manifest rows, and the problems found on the way. ``exclude``: folders never read (the build's
    output and store). Raises :class:`SourcesError` for a path that does not exist."""
    excluded = [Path(d).resolve() for d in exclude]
    manifests = _Manifests()
    found: list[Candidate] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def take(f: Path, r: Path) -> None:
        if r not in seen:
            seen.add(r)
            found.append(manifests.candidate(f))

    for p in map(Path, paths):
        if p.is_dir():
            folders, files = _walk(p, excluded)
            present: dict[Path, set[str]] = {folder: set() for folder in folders}
            for f, r in files:
                if not not_a_source(f):
                    present[f.parent].add(f.name)
                    take(f, r)
            for folder, names in sorted(present.items()):
                m = manifests.of(folder)
                if m is not None:
                    problems += _row_problems(m, names, excluded)
        elif p.is_file():
            m = manifests.of(p.parent)
            problems += [(w, r) for w, r in (m.problems if m else []) if w == str(m.path)]  # the whole file
            why = not_a_source(p) or ("inside the build's output folder or store" if inside(p, excluded) else None)
            if why:
                problems.append((str(p), why))
            else:
                take(p, p.resolve())
        else:
            raise SourcesError(f"{p}: no such file or folder")
    return found, list(dict.fromkeys(problems))


def text_digest(data: bytes, path: str, sha256: bytes | None = None) -> bytes:
    """What two copies of one plan share: the text (as UTF-8, BOM and line ends aside) of a text or
    HTML file, whatever its encoding; the bytes of any other file. ``sha256``: the bytes' digest when
    known (the digest of most files, UTF-8 without BOM or carriage returns)."""
    from extract import formats

    try:
        data.decode("utf-8")  # most sources: valid UTF-8 is its own text, checked at C speed
        utf8: bytes | None = data
    except UnicodeDecodeError:
        utf8 = None
        if formats.sniff(data, path) is None:
            try:
                utf8 = decode(data, path)[0].encode("utf-8")
            except SourceError:
                pass
    if utf8 is not None:
        utf8 = utf8.removeprefix(b"\xef\xbb\xbf")
        if b"\r" in utf8:
            utf8 = utf8.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if (utf8 is None or utf8 is data) and sha256 is not None:
        return sha256
    return hashlib.sha256(data if utf8 is None else utf8).digest()


@dataclass
class Checked:
    path: Path
    row: ManifestRow | None
    id: str
    sha256: bytes  # of the file's bytes (not the bytes: memory stays flat in the number of sources)


def check(candidates: list[Candidate], digests: FileDigests | None = None) -> tuple[list[Checked], list[Problem]]:
    """The candidates that can be built, in order, and one problem for each that cannot: a bad
    manifest row, an unsafe id, an id taken by an earlier source, unreadable, the text of an earlier
    source. ``digests``: what earlier builds read of the files (an unchanged file is not read again)."""
    digests = digests or FileDigests(None)
    ok: list[Checked] = []
    problems: list[Problem] = []
    ids: dict[str, Path] = {}
    texts: dict[bytes, tuple[Path, bool]] = {}  # text digest -> the first source with it, and whether its row gives an id
    for c in candidates:
        if c.bad:
            problems.append((str(c.path), f"its manifest row is not usable ({c.bad})"))
            continue
        from_row = bool(c.row and c.row.id)
        sid = c.row.id if from_row else doc_id(c.path)
        why = unsafe_id(sid)
        if why:
            problems.append((str(c.path), f"{why}; " + (f"fix it in {c.where}" if from_row else
                                                        "give the file an id in manifest.csv")))
            continue
        if sid in ids:
            problems.append((str(c.path), f"id '{sid}' is also the id of {ids[sid]}; "
                                          "give one of them another id in manifest.csv"))
            continue
        path = str(c.path)
        known = digests.recall(path)
        if known:
            sha256, digest = known
        else:
            try:
                data, st, seen = digests.read(path)
            except OSError as e:
                problems.append((path, f"cannot read: {e.strerror or e}"))
                continue
            sha256 = hashlib.sha256(data).digest()
            digest = text_digest(data, path, sha256)
            digests.record(path, st, seen, sha256, digest)
        first, first_has_id = texts.get(digest, (None, False))
        if first is not None and not (from_row and first_has_id):
            problems.append((str(c.path), f"same text as {first} (a copy, maybe in another encoding); only the "
                                          "first is built (give each its own id in manifest.csv to build both)"))
            continue
        ids[sid] = c.path
        texts.setdefault(digest, (c.path, from_row))
        ok.append(Checked(c.path, c.row, sid, sha256))
    return ok, problems
