"""Reading and extraction time against a document's size (issue 10.8): linear, within 3x bare jieba.

Makes three kinds of document of each size, from the reference plan of ``../shared/corpus``:

- ``text``: the plan repeated (ordinary text, its lines as printed);
- ``oneline``: the same text with every line break removed (one line);
- ``html``: the text cut into 20,000 pieces per million characters, each in a ``<div>`` never
  closed and followed by a stray ``</span>``, as a broken web page would be.

For each it times, in this process, ``read_bytes`` (decoding, HTML to text) and the extraction
(``Extractor()(source)``) beside bare ``jieba.Tokenizer().lcut`` of the extracted text (the
dictionary loaded beforehand), and prints the ratios ``read / jieba`` and ``extract / jieba`` (the
bar: each <= 3) and how time grows from one size to the next (1.0 per doubling per size = linear).

Usage: ``python bench/doc_size.py [--sizes 250000,1000000] [--kinds text,oneline,html] [--json FILE]``
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from corpus import shared_corpus  # noqa: E402

REFERENCE = "tianjin/jinghai-2021-keji-sannian.txt"


def make(kind: str, chars: int, plan: str) -> tuple[bytes, str]:
    """A document of about ``chars`` characters of ``kind``, as bytes, and its file name."""
    text = (plan.rstrip("\n") + "\n") * (chars // len(plan) + 1)
    text = text[:chars]
    if kind == "text":
        return text.encode("utf-8"), "plan.txt"
    if kind == "oneline":
        return text.replace("\n", "").encode("utf-8"), "plan.txt"
    if kind == "html":  # 20,000 unclosed <div> per million characters, each with a stray </span>
        divs = max(1, chars * 20_000 // 1_000_000)
        step = -(-len(text) // divs)
        body = "".join(f"<div>{text[i:i + step]}</span>" for i in range(0, len(text), step))
        lines = text.split("\n")
        page = f"<html><head><title>{lines[0]}</title></head><body>{body}</body></html>"
        return page.encode("utf-8"), "plan.html"
    raise SystemExit(f"unknown kind {kind}")


def measure(data: bytes, name: str, ex, tk) -> dict:
    from extract.pipeline import NotAPlan
    from extract.reading import read_bytes

    t = time.perf_counter()
    src = read_bytes(data, name, html=name.endswith(".html") or None)
    read = time.perf_counter() - t
    t = time.perf_counter()
    try:
        rec = ex(src)
        tasks = len(rec.tasks)
    except NotAPlan:
        tasks = -1
    extract = time.perf_counter() - t
    t = time.perf_counter()
    tk.lcut(src.text)
    jieba = time.perf_counter() - t
    return {"bytes": len(data), "chars": len(src.text), "read": round(read, 3), "extract": round(extract, 3),
            "jieba": round(jieba, 3), "read_ratio": round(read / jieba, 2),
            "extract_ratio": round(extract / jieba, 2), "tasks": tasks,
            "divs": data.count(b"<div>") if name.endswith(".html") else 0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="250000,1000000", help="characters of text per document (comma-separated)")
    ap.add_argument("--kinds", default="text,oneline,html")
    ap.add_argument("--json", type=Path, metavar="FILE")
    a = ap.parse_args(argv)
    import jieba

    from extract.pipeline import Extractor

    jieba.setLogLevel(logging.WARNING)
    plan = (shared_corpus() / REFERENCE).read_text(encoding="utf-8")
    tk = jieba.Tokenizer()
    tk.initialize()
    ex = Extractor()
    ex(__import__("extract.reading", fromlist=["read_bytes"]).read_bytes(plan.encode(), "plan.txt"))  # warm up
    load = os.getloadavg()
    rows = []
    print(f"{'kind':8} {'chars':>9} {'divs':>6} {'read s':>7} {'extract s':>9} {'jieba s':>8} "
          f"{'read/jieba':>10} {'extract/jieba':>13}  (bar: each <= 3)")
    for kind in a.kinds.split(","):
        for size in (int(s) for s in a.sizes.split(",")):
            data, name = make(kind, size, plan)
            r = {"kind": kind, **measure(data, name, ex, tk)}
            rows.append(r)
            print(f"{kind:8} {r['chars']:>9,} {r['divs']:>6} {r['read']:>7.2f} {r['extract']:>9.2f} "
                  f"{r['jieba']:>8.2f} {r['read_ratio']:>10.2f} {r['extract_ratio']:>13.2f}", flush=True)
    report = {"rows": rows, "loadavg_before": load, "loadavg_after": os.getloadavg(), "cores": os.cpu_count(),
              "python": platform.python_version(), "date": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    print(f"load average {load[0]:.1f} -> {report['loadavg_after'][0]:.1f}, {os.cpu_count()} cores")
    if a.json:
        a.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
