"""CPU time of reading text and HTML sources: ``read_bytes`` on every ``.html``/``.htm``/``.txt`` file of a folder.

    python bench/read_text.py [FOLDER] [--rounds 5]

FOLDER defaults to ``../shared/corpus``; issue 12's figure is on the 300-plan corpus that
``bench/engine.py`` makes (``/tmp/policykg-bench-engine/corpus-300``). The files are read into memory
first; each round times, with ``time.process_time``, ``read_bytes(data, path, html=<.html/.htm>)``
for every file, then its parts alone (``decode``, ``html_to_text``, ``strip_boilerplate``); the best
round of each is printed, and how many pages the regex scanner handed to ``html.parser``.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extract import reading  # noqa: E402


def _shared_corpus() -> Path:
    for p in (REPO.parent / "shared" / "corpus", Path("/work/shared/corpus")):
        if p.is_dir():
            return p
    raise SystemExit("no ../shared/corpus: give a folder")


class _Null:
    def handle_starttag(self, tag, attrs): pass
    def handle_endtag(self, tag): pass
    def handle_data(self, data): pass


def _unusual(htmls: list[str]) -> int | str:
    if not hasattr(reading, "_SCANNER"):
        return "all"  # before the scanner (main before 2026-12-03)
    from extract import html_events

    n = 0
    for h in htmls:
        try:
            reading._SCANNER.feed(_Null(), h)
        except html_events.Unusual:
            n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    folder = args.folder or _shared_corpus()
    files = [(str(p), p.read_bytes(), p.suffix.lower() in (".html", ".htm"))
             for p in sorted(folder.rglob("*")) if p.suffix.lower() in (".html", ".htm", ".txt")]
    texts = [(reading.decode(data, path)[0].replace("\r\n", "\n").replace("\r", "\n"), html)
             for path, data, html in files]
    htmls = [t for t, html in texts if html]
    plain = [reading.html_to_text(t)[0] if html else t for t, html in texts]
    steps = {
        "read_bytes": lambda: [reading.read_bytes(data, path, html=html) for path, data, html in files],
        "decode": lambda: [reading.decode(data, path) for path, data, _ in files],
        "html_to_text": lambda: [reading.html_to_text(t) for t in htmls],
        "strip_boilerplate": lambda: [reading.strip_boilerplate(t) for t in plain],
    }
    best = dict.fromkeys(steps, float("inf"))
    for _ in range(args.rounds):
        for name, step in steps.items():
            t = time.process_time()
            step()
            best[name] = min(best[name], time.process_time() - t)
    chars = sum(len(t) for t, _ in texts)
    print(f"{len(files)} files ({len(htmls)} HTML, {chars:,} characters) in {folder}; "
          f"{_unusual(htmls)} HTML pages read by html.parser; best CPU of {args.rounds}:")
    for name, s in best.items():
        print(f"  {name:18} {s:.3f} s")


if __name__ == "__main__":
    main()
