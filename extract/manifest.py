"""The sources manifest: one CSV row per document with what its text may not say.

Columns (all optional but ``file``): file, id, title, issuer, level, region, published, number,
implements, complete, url. ``complete`` reads ``yes``/``no`` at its start ("no (first part only)").
A file without a row is read from its own text.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS = ("file", "id", "title", "issuer", "level", "region", "published", "number", "implements",
           "complete", "url")


class ManifestError(ValueError):
    """A manifest that cannot be used; the message names the file, the line and the reason."""


@dataclass(frozen=True)
class ManifestRow:
    file: str
    id: str = ""
    title: str = ""
    issuer: str = ""
    level: str = ""
    region: str = ""
    published: str = ""
    number: str = ""
    implements: str = ""
    complete: str = ""
    url: str = ""

    @property
    def is_complete(self) -> bool | None:
        c = self.complete.strip().lower()
        if c.startswith(("yes", "true", "complete", "是")):
            return True
        if c.startswith(("no", "false", "excerpt", "否")):
            return False
        return None


@dataclass
class Manifest:
    """A manifest read row by row: the good rows, and each bad row's problem.

    ``bad`` maps a file name to why its row cannot be used (the file is then not built from a guess);
    ``problems`` lists every problem as ``(where, reason)``, ``where`` being ``manifest.csv:LINE``.
    """

    path: Path
    rows: dict[str, ManifestRow] = field(default_factory=dict)
    bad: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # file name -> its row's line

    def refuse(self, line: int, reason: str, file: str = "") -> None:
        where = f"{self.path}:{line}" if line else str(self.path)
        self.problems.append((where, reason))
        if file:
            self.bad.setdefault(file, f"{where}: {reason}")
            self.rows.pop(file, None)


def _cells(line: str) -> tuple[list[str], str | None]:
    """One physical line as CSV cells, and what is wrong with it (an unterminated quote …) or None."""
    try:
        return next(csv.reader([line], strict=True), []), None
    except csv.Error as e:
        loose = next(csv.reader([line]), [])
        return loose, "unterminated quote" if "end of data" in str(e) else f"bad CSV ({e})"


def check_manifest(path: str | Path) -> Manifest:
    """Read a manifest, one row per line, keeping every good row and naming every bad one: a row
    without a file name, a file listed twice (both rows refused), a row with an unterminated quote
    (it would otherwise swallow the rows after it). Unknown columns are ignored."""
    p = Path(path)
    m = Manifest(p)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except OSError as e:
        m.refuse(0, f"cannot read: {e.strerror}")
        return m
    except UnicodeDecodeError:
        m.refuse(0, "not UTF-8; save it as UTF-8")
        return m
    lines = [(i, line) for i, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        m.refuse(0, "empty")
        return m
    header, problem = _cells(lines[0][1])
    header = [h.strip() for h in header]
    if problem or "file" not in header:
        m.refuse(0, "no 'file' column in the header" if not problem else f"header: {problem}")
        return m
    same: dict[str, str] = {}  # one string per distinct value: issuers, levels, dates repeat row after row
    for i, line in lines[1:]:
        cells, problem = _cells(line)
        clean = {k: same.setdefault(v, v) for k, v in ((k, (v or "").strip()) for k, v in zip(header, cells))
                 if k in COLUMNS}
        name = clean.get("file", "")
        if problem:
            m.refuse(i, problem, name)
        elif not name:
            m.refuse(i, "row without a file name")
        elif name in m.lines:
            m.refuse(i, f"{name} listed twice (also line {m.lines[name]}); neither row is used", name)
        else:
            m.lines[name] = i
            if name not in m.bad:
                m.rows[name] = ManifestRow(**clean)
    return m


def read_manifest(path: str | Path) -> dict[str, ManifestRow]:
    """Rows by file name; the first problem is an error (see :func:`check_manifest` to go on)."""
    m = check_manifest(path)
    if m.problems:
        where, reason = m.problems[0]
        raise ManifestError(f"{where}: {reason}")
    return m.rows
