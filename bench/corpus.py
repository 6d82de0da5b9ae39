"""A benchmark corpus of N documents made from real text, each copy with its own identity.

The documents of ``../shared/corpus`` (Tianjin plans and State Council pages) are replicated until
there are N files. Copy k of a document gets its own file name, its own manifest id and, for the
local plans, its own region (天津市静海区 → 天津市静海区k: a county of its own with its own
departments), so the graph grows as a corpus of many counties' plans would, not by merging copies.
The text itself is unchanged: every report made on this corpus must say it is replicated.
"""
from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

COLUMNS = ("file", "id", "title", "issuer", "level", "region", "published", "number", "implements",
           "complete", "url")


def shared_corpus() -> Path:
    for p in (REPO.parent / "shared" / "corpus", Path("/work/shared/corpus")):
        if p.is_dir():
            return p
    raise SystemExit("no ../shared/corpus found")


def _originals(corpus: Path) -> list[tuple[Path, dict[str, str]]]:
    """Every document with its manifest row (an empty row where the manifest has none)."""
    out = []
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        rows = {}
        m = folder / "manifest.csv"
        if m.is_file():
            rows = {r["file"]: r for r in csv.DictReader(m.read_text(encoding="utf-8-sig").splitlines())}
        for f in sorted(folder.iterdir()):
            if f.suffix in (".txt", ".html"):
                out.append((f, rows.get(f.name, {})))
    return out


def _region_copy(region: str, k: int) -> str:
    """天津市静海区 → 天津市静海区7 … as a county of its own (national documents keep 国务院)."""
    if not region or region == "国务院":
        return region
    m = re.match(r"^(.*?)(新区|区|县|市)$", region)
    return f"{m.group(1)}{k}{m.group(2)}" if m else f"{region}{k}"


def make_corpus(n: int, dest: Path, corpus: Path | None = None) -> Path:
    """Write ``n`` documents and their manifest.csv into ``dest`` (reused when already complete)."""
    corpus = corpus or shared_corpus()
    stamp = dest / ".complete"
    if stamp.is_file() and stamp.read_text() == str(n):
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    originals = _originals(corpus)
    rows = []
    for i in range(n):
        src, row = originals[i % len(originals)]
        k = i // len(originals)
        name = f"{k:05d}-{src.parent.name}-{src.name}"
        (dest / name).write_bytes(src.read_bytes())
        r = {c: row.get(c, "") for c in COLUMNS}
        r.update(file=name, id=f"{src.stem}-copy{k:05d}", region=_region_copy(row.get("region", ""), k))
        if r["title"] and k:
            r["title"] = f"{r['title']}（副本{k}）"
        rows.append(r)
    with (dest / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    stamp.write_text(str(n))
    return dest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("dest", type=Path)
    a = ap.parse_args()
    make_corpus(a.n, a.dest)
    print(f"{a.n} documents (replicated from ../shared/corpus, distinct ids and regions) in {a.dest}")


if __name__ == "__main__":
    main()
