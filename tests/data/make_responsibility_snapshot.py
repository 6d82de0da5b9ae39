"""Snapshot of every corpus document's responsibilities, for the regression test of ``test_tables.py``.

What: for each document of ``shared/corpus/*/`` (with its folder's manifest row), the responsibilities
the extractor finds, as sorted ``[task text, department label, role]`` triples, written to
``responsibility_snapshot.json`` beside this script. Documents that are not plans are recorded as
``null``.

Why: table recognition must never read ordinary text as a table. The snapshot was made from main
before table recognition changed; ``--only ID,...`` regenerates only the named documents, which is
done only where a gold file of ``shared/eval/gold/`` proves the new output right (say so in the
commit and in ``regenerated`` of the JSON).

Usage (from the repo root)::

    python tests/data/make_responsibility_snapshot.py [--only 10,suzhou-…] [--reason "why"]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from extract.manifest import read_manifest  # noqa: E402
from extract.pipeline import Extractor, NotAPlan, doc_id  # noqa: E402
from extract.reading import read_source  # noqa: E402

OUT = Path(__file__).with_name("responsibility_snapshot.json")
SUFFIXES = {".txt", ".html"}


def corpus_dir() -> Path:
    """``<parent of repo>/shared/corpus``, else ``/work/shared/corpus``."""
    for p in (REPO.parent / "shared" / "corpus", Path("/work/shared/corpus")):
        if p.is_dir():
            return p
    raise SystemExit("shared corpus not found")


def documents(corpus: Path) -> list[tuple[str, Path, object]]:
    """``(folder/id, path, manifest row)`` of every corpus document, sorted."""
    out = []
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        rows = read_manifest(folder / "manifest.csv") if (folder / "manifest.csv").is_file() else {}
        for f in sorted(folder.iterdir()):
            if f.suffix in SUFFIXES:
                out.append((f"{folder.name}/{doc_id(f)}", f, rows.get(f.name)))
    return out


def responsibilities(extractor: Extractor, path: Path, row) -> list[list[str]] | None:
    """Sorted ``[task text, department label, role]`` of one document; ``None`` if it is not a plan."""
    try:
        r = extractor(read_source(path), row)
    except NotAPlan:
        return None
    label = {d.key: d.label for d in r.departments}
    return sorted([t.text, label[k], role] for t in r.tasks for k, role in t.departments)


def snapshot(corpus: Path) -> dict[str, list[list[str]] | None]:
    ex = Extractor()
    return {name: responsibilities(ex, path, row) for name, path, row in documents(corpus)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="comma-separated folder/id to regenerate (others kept)")
    ap.add_argument("--reason", default="", help="why these documents changed (the gold that proves it)")
    a = ap.parse_args()
    only = set(filter(None, a.only.split(",")))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                            text=True).stdout.strip()
    old = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    new = snapshot(corpus_dir())
    if only:
        unknown = only - set(new)
        if unknown:
            raise SystemExit(f"unknown documents: {', '.join(sorted(unknown))}")
        docs = dict(old.get("documents", {}))
        docs.update({k: new[k] for k in only})
        regenerated = dict(old.get("regenerated", {}))
        regenerated.update({k: f"{commit}: {a.reason}" for k in only})
        data = {"made_from": old.get("made_from", commit), "regenerated": dict(sorted(regenerated.items())),
                "documents": dict(sorted(docs.items()))}
    else:
        data = {"made_from": commit, "regenerated": {}, "documents": new}
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {len(data['documents'])} documents")


if __name__ == "__main__":
    main()
