"""Time reading a long PDF (about 50 pages of prose and task tables) with ``extract.pdf.read_pdf``.

    python bench/read_pdf.py [--rounds 9] [--repeat 3] [--keep long.pdf]

The PDF is made by ``tests/fixtures/published/make_fixtures.py`` (needs reportlab and the
fonts-wqy-microhei font): the reference plan as prose and as its task table, ``--rounds`` times
(9 rounds: 54 pages). The same run times PDFium's own plain-text extraction of every page
(``get_text_range``, in C), the floor of any reader on pypdfium2, so the ratio says what our work in
Python (characters with boxes, ruling lines, cells, paragraphs) costs beside it; and, when
pdfplumber is installed, pdfplumber collecting every page's characters, the pure-Python alternative.
Best of ``--repeat`` runs for each.
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _fixtures():
    path = REPO / "tests" / "fixtures" / "published" / "make_fixtures.py"
    spec = importlib.util.spec_from_file_location("make_fixtures", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _pdfium_text(data: bytes) -> int:
    import pypdfium2

    n = 0
    doc = pypdfium2.PdfDocument(data)
    for page in doc:
        tp = page.get_textpage()
        n += len(tp.get_text_range())
        tp.close()
        page.close()
    doc.close()
    return n


def _pdfplumber_chars(data: bytes) -> float | None:
    try:
        import pdfplumber
    except ImportError:
        return None
    t = time.perf_counter()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for p in pdf.pages:
            len(p.chars)
            p.flush_cache()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=9, help="prose + table rounds (9: 54 pages)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="also write the PDF here")
    args = ap.parse_args()
    import pypdfium2

    from extract.pdf import read_pdf

    fx = _fixtures()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "long.pdf"
        fx.long_pdf(pdf, fx.read_rows(fx.HERE / "reference-rows.tsv"), rounds=args.rounds)
        data = pdf.read_bytes()
        if args.keep:
            args.keep.write_bytes(data)
    pages = len(pypdfium2.PdfDocument(data))
    best_read = best_floor = float("inf")
    text = ""
    for _ in range(args.repeat):
        t = time.perf_counter()
        text = read_pdf(data)
        best_read = min(best_read, time.perf_counter() - t)
        t = time.perf_counter()
        _pdfium_text(data)
        best_floor = min(best_floor, time.perf_counter() - t)
    plumber = _pdfplumber_chars(data)
    print(f"pages={pages} bytes={len(data)} text_chars={len(text)} "
          f"read_pdf={best_read:.2f}s ({best_read / pages * 1000:.0f} ms/page, {best_read * 50 / pages:.2f}s per 50 pages) "
          f"pdfium_text_only={best_floor:.2f}s ratio={best_read / best_floor:.1f}"
          + (f" pdfplumber_chars_only={plumber:.2f}s" if plumber is not None else ""))


if __name__ == "__main__":
    main()
