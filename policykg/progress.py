"""Build progress people can read: a bar on a terminal, a line now and then in a log, warnings intact.

- On a terminal: a tqdm bar with the count, the rate and the time left; warnings (and any logging
  record) are printed above the bar, never through it.
- When stderr is not a terminal (a log file, CI): one line every ``every`` seconds (default 5, or
  ``POLICYKG_PROGRESS_EVERY``) with the count, the rate and the time left, and a last line when done if
  any was printed; a build shorter than ``every`` prints no progress at all.
- ``policykg build -q`` uses none of it; warnings are printed either way.
"""
from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from pathlib import Path
from typing import TextIO

DEFAULT_EVERY = 5.0


class Progress:
    """The ``progress(n, total, path)`` and ``warn(message)`` callbacks of a build, on one stream."""

    def __init__(self, stream: TextIO | None = None, every: float | None = None, tty: bool | None = None,
                 prefix: str = "policykg: "):
        self.stream = stream or sys.stderr
        env = os.environ.get("POLICYKG_PROGRESS_EVERY")
        self.every = every if every is not None else float(env) if env else DEFAULT_EVERY
        self.tty = tty if tty is not None else _isatty(self.stream)
        self.prefix = prefix
        self.bar = None
        self._logging = contextlib.ExitStack()
        self.start = self.last = time.monotonic()
        self.first: int | None = None  # the count when progress began (sources taken from the cache before)
        self.lines = 0
        self.n = self.total = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __call__(self, n: int, total: int, path: Path | str | None = None) -> None:
        """``n`` of ``total`` sources done, the last one ``path``."""
        self.n, self.total = n, total
        if self.first is None:
            self.first, self.start = n - 1, time.monotonic()
            self.last = self.start
        if self.tty:
            self._bar(n, total, path)
        else:
            now = time.monotonic()
            if now - self.last >= self.every or (n == total and self.lines):
                self.last = now
                self._line(n, total, now)

    def warn(self, message: str) -> None:
        """A warning on its own line: above the bar on a terminal, as it is in a log."""
        text = f"{self.prefix}{message}"
        if self.bar is not None:
            self.bar.write(text, file=self.stream)
        else:
            self.stream.write(text + "\n")
            self.stream.flush()

    def close(self) -> None:
        """Remove the bar (its last state stays on the terminal) and stop redirecting logging."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        self._logging.close()

    def _bar(self, n: int, total: int, path) -> None:
        if self.bar is None:
            from tqdm import tqdm

            sized = _columns(self.stream) > 0  # a terminal of unknown width (0 columns) gets 80
            self.bar = tqdm(total=total, initial=n - 1, file=self.stream, unit="file", dynamic_ncols=sized,
                            ncols=None if sized else 80, nrows=None if sized else 24, desc="extracting",
                            smoothing=0.1, mininterval=0.2)
            self._redirect_logging()
        self.bar.set_postfix_str(Path(path).name[:40] if path else "", refresh=False)
        self.bar.update(n - self.bar.n)

    def _redirect_logging(self) -> None:
        """While the bar is shown, the root logger's console output (or logging's last resort, when
        logging is not configured) is written above the bar."""
        root = logging.getLogger()
        console = [h for h in root.handlers if type(h) is logging.StreamHandler
                   and getattr(h, "stream", None) in (sys.stderr, sys.stdout)]
        above = _AboveBar(self)
        if console:
            above.setFormatter(console[0].formatter)
            above.setLevel(console[0].level)
        elif root.handlers:
            return  # logging goes elsewhere (a file): nothing crosses the bar
        before = root.handlers
        root.handlers = [h for h in before if h not in console] + [above]
        self._logging.callback(setattr, root, "handlers", before)

    def _line(self, n: int, total: int, now: float) -> None:
        done = n - (self.first or 0)
        elapsed = max(now - self.start, 1e-9)
        rate = done / elapsed
        left = (total - n) / rate if rate > 0 else float("inf")
        eta = "done" if n == total else f"about {_duration(left)} left"
        self.stream.write(f"{self.prefix}{n}/{total} sources ({100 * n // max(total, 1)}%), "
                          f"{rate:.1f}/s, {_duration(elapsed)} so far, {eta}\n")
        self.stream.flush()
        self.lines += 1


class _AboveBar(logging.Handler):
    """Logging records of warning level and above, written above the bar (as logging's last resort would)."""

    def __init__(self, progress: Progress):
        super().__init__(logging.WARNING)  # logging's last resort prints warnings and above
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        try:
            bar = self.progress.bar
            msg = self.format(record)
            if bar is not None:
                bar.write(msg, file=self.progress.stream)
            else:
                self.progress.stream.write(msg + "\n")
        except Exception:
            self.handleError(record)


def _duration(s: float) -> str:
    if s == float("inf"):
        return "?"
    s = int(round(s))
    return f"{s // 3600}h{s // 60 % 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"


def _columns(stream) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 0


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
