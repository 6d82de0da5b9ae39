"""The ``policykg`` command: a thin layer over the library; each subcommand is a module in ``commands/``."""
from __future__ import annotations

import argparse
import importlib
import os
import sys
import warnings
from typing import NoReturn

from . import __version__

# one line per subcommand module in policykg/commands/
COMMANDS = [
    "build",
    "map",
    "query",
    "serve",
    "push",
    "compare",
    "network",
]


class _Parser(argparse.ArgumentParser):
    """argparse with its errors in one line (the usage it prints first is a screenful for some commands)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="policykg", description="Chinese plan documents → knowledge graph")
    ap.add_argument("--version", action="version", version=f"policykg {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f"policykg.commands.{name}").register(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore", category=SyntaxWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="jieba")
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        # the reader stopped early (`policykg query … | head`): not an error, and no traceback;
        # stdout goes to /dev/null so that Python's final flush does not raise again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a command killed by SIGPIPE


def run() -> NoReturn:
    """The ``policykg`` command: :func:`main`, then exit at once.

    A build leaves millions of objects (jieba's dictionaries, the institution words); letting the
    interpreter tear them down took 0.2-0.5 s after every build had finished (measured in
    bench/README.md). Everything a command writes is closed by then, so the process flushes its
    standard streams and ends with ``os._exit``. Library callers of :func:`main` are not affected,
    nor is a run under a profiler or tracer (cProfile, coverage), which writes its report at exit.
    """
    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    code = 0 if code is None else code if isinstance(code, int) else 1  # as sys.exit would
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = 141
    os._exit(code)


if __name__ == "__main__":
    run()
