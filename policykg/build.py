"""``policykg build``: sources (files or folders) → ``OUT/graph.ttl`` (and other formats).

Files are read and extracted one by one; a bad file (empty, binary, undecodable, not a plan) is
reported in one line naming the file and the reason, then skipped or, with ``on_error="fail"``,
ends the build before anything is written. Output files are written to temporary names and
renamed into place only when all are complete, so a failed build never leaves a half-written graph.
"""
from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from extract.manifest import ManifestRow, read_manifest
from extract.pipeline import Extractor, doc_id
from extract.reading import HTML_SUFFIXES, TEXT_SUFFIXES, SourceError, read_source
from extract.records import PlanRecord

FORMATS = {
    "ttl": ("graph.ttl", "turtle"),
    "nt": ("graph.nt", "nt"),
    "nq": ("graph.nq", "nquads"),
    "trig": ("graph.trig", "trig"),
    "jsonld": ("graph.jsonld", "json-ld"),
    "xml": ("graph.rdf", "xml"),
}
QUAD_FORMATS = {"nq", "trig"}
SKIP_NAMES = {"manifest.csv", "README.md", "readme.md", "README.txt"}


class BuildError(RuntimeError):
    """A build that cannot complete; the message is one line for the user."""


@dataclass
class BuildResult:
    records: list[PlanRecord]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    written: list[Path] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        s = {"plans": len(self.records), "tasks": 0, "tasks_with_departments": 0, "departments": 0,
             "citations": 0, "institutions": 0, "targets": 0, "skipped": len(self.skipped)}
        depts = set()
        for r in self.records:
            for k, v in r.summary().items():
                if k != "departments":
                    s[k] += v
            depts |= {k for t in r.tasks for k, _ in t.departments}
        s["departments"] = len(depts)
        return s


def collect_sources(paths: list[str | Path]) -> list[tuple[Path, ManifestRow | None]]:
    """Source files under ``paths`` (sorted), each with its folder's manifest row if any."""
    out: list[tuple[Path, ManifestRow | None]] = []
    manifests: dict[Path, dict[str, ManifestRow]] = {}

    def row_for(f: Path) -> ManifestRow | None:
        d = f.parent
        if d not in manifests:
            m = d / "manifest.csv"
            manifests[d] = read_manifest(m) if m.is_file() else {}
        return manifests[d].get(f.name)

    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.name not in SKIP_NAMES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts)
                           and f.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES)
            out += [(f, row_for(f)) for f in files]
        elif p.is_file():
            out.append((p, row_for(p)))
        else:
            raise BuildError(f"{p}: no such file or folder")
    return out


def extract_all(sources: list[tuple[Path, ManifestRow | None]], on_error: str = "skip",
                progress: Callable[[int, int, Path], None] | None = None,
                warn: Callable[[str], None] | None = None) -> BuildResult:
    """Extract every source; bad ones are skipped (reported through ``warn``) or raise ``BuildError``."""
    extractor = Extractor()
    result = BuildResult(records=[])
    ids: dict[str, Path] = {}
    for n, (path, row) in enumerate(sources, 1):
        if progress:
            progress(n, len(sources), path)
        try:
            rec = extractor(read_source(path), row, doc=(row.id if row and row.id else None) or doc_id(path))
        except SourceError as e:
            if on_error == "fail":
                raise BuildError(str(e)) from None
            result.skipped.append((str(path), e.reason))
            if warn:
                warn(f"skipped {e}")
            continue
        if rec.info.id in ids:
            raise BuildError(f"{path}: id '{rec.info.id}' is also the id of {ids[rec.info.id]}; "
                             "give one of them an id in manifest.csv")
        ids[rec.info.id] = path
        result.records.append(rec)
    return result


def write_outputs(records: list[PlanRecord], out_dir: Path, formats: list[str]) -> list[Path]:
    """Serialise the graph in each format, atomically: temp files first, renamed when all are done."""
    from graph.rdf import build_dataset, build_graph
    from graph.serialize import serialize

    out_dir.mkdir(parents=True, exist_ok=True)
    graph = build_graph(records)
    dataset = build_dataset(records) if QUAD_FORMATS & set(formats) else None
    temps: list[tuple[Path, Path]] = []
    try:
        for f in formats:
            name, rdf_format = FORMATS[f]
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
            os.close(fd)
            data = serialize(dataset if f in QUAD_FORMATS else graph, rdf_format)
            Path(tmp).write_bytes(data)
            temps.append((Path(tmp), out_dir / name))
        texts = out_dir / "texts"
        texts.mkdir(exist_ok=True)
        for r in records:  # the extracted text that spans refer to
            fd, tmp = tempfile.mkstemp(prefix=f".{r.info.id}.", dir=texts)
            os.close(fd)
            Path(tmp).write_text(r.text, encoding="utf-8")
            temps.append((Path(tmp), texts / f"{r.info.id}.txt"))
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, final in temps:
        os.replace(tmp, final)
    return [final for _, final in temps]


def build(paths: list[str | Path], out_dir: str | Path, formats: list[str] | None = None,
          on_error: str = "skip", progress=None, warn=None) -> BuildResult:
    """Extract ``paths`` and write the graph to ``out_dir``; see the module docstring."""
    formats = formats or ["ttl"]
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise BuildError(f"unknown format {bad[0]!r}; choose from {', '.join(FORMATS)}")
    sources = collect_sources(paths)
    if not sources:
        raise BuildError("no source files found (looked for .txt and .html files)")
    result = extract_all(sources, on_error=on_error, progress=progress, warn=warn)
    if not result.records:
        raise BuildError("no plan could be read from the sources; nothing written")
    result.written = write_outputs(result.records, Path(out_dir), formats)
    return result


def stderr_progress(n: int, total: int, path: Path) -> None:
    """A one-line progress counter on stderr, shown when there are many files."""
    if total >= 20 and sys.stderr.isatty():
        sys.stderr.write(f"\r[{n}/{total}] {path.name[:50]:<50}")
        if n == total:
            sys.stderr.write("\n")
        sys.stderr.flush()
    elif total >= 20 and (n % 100 == 0 or n == total):
        sys.stderr.write(f"[{n}/{total}] {path.name}\n")
