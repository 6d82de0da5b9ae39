"""The sources manifest: one CSV row per document with what its text may not say.

Columns (all optional but ``file``): file, id, title, issuer, level, region, published, number,
implements, complete, url. ``complete`` reads ``yes``/``no`` at its start ("no (first part only)").
A file without a row is read from its own text.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
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


def read_manifest(path: str | Path) -> dict[str, ManifestRow]:
    """Rows by file name. Unknown columns are ignored; a row without ``file`` is an error."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ManifestError(f"{p}: not UTF-8") from None
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or "file" not in [f.strip() for f in reader.fieldnames]:
        raise ManifestError(f"{p}: no 'file' column in the header")
    rows: dict[str, ManifestRow] = {}
    for i, raw in enumerate(reader, start=2):
        clean = {k.strip(): (v or "").strip() for k, v in raw.items() if k and k.strip() in COLUMNS}
        if not clean.get("file"):
            raise ManifestError(f"{p}:{i}: row without a file name")
        if clean["file"] in rows:
            raise ManifestError(f"{p}:{i}: {clean['file']} listed twice")
        rows[clean["file"]] = ManifestRow(**clean)
    return rows
