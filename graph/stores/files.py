"""Files written for people (maps, reports, their CSV tables): whole or not at all, readable as the
user's umask says, and CSV cells that a spreadsheet shows as text instead of running as formulas."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what Excel, LibreOffice and Sheets take as a formula
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")


def umask() -> int:
    """The process's umask (read without changing it for good)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: Path, text: str, newline: str | None = "\n") -> Path:
    """Write ``text`` as UTF-8 to a temporary name beside ``path``, give it the mode a new file gets
    (0644 under umask 022; ``mkstemp`` makes 0600) and rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as f:
            f.write(text)
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def spreadsheet_cell(value):
    """A CSV cell a spreadsheet shows as written: text starting with ``= + - @`` (or a tab or carriage
    return) gets a leading ``'`` (OWASP's advice against formula injection); numbers, negative ones
    included, are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value
