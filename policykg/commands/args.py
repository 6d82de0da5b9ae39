"""Argument types for the commands: a bad value is one argparse error line, never a traceback later."""
from __future__ import annotations

import argparse

from graph.i18n import LANGS


def _number(text: str, kind: type):
    try:
        return kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not {'an integer' if kind is int else 'a number'}") from None


def positive_int(text: str) -> int:
    """An integer of at least 1 (a number of processes, nodes …)."""
    n = _number(text, int)
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n} is not a positive integer")
    return n


def port(text: str) -> int:
    """A TCP port, 0 (any free port) to 65535."""
    n = _number(text, int)
    if not 0 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"{n} is not a port (0 to 65535; 0 = any free port)")
    return n


def seconds(text: str) -> float:
    """A positive, finite number of seconds."""
    x = _number(text, float)
    if not 0 < x < float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is not a positive number of seconds")
    return x


def seconds_or_none(text: str) -> float:
    """A finite number of seconds, 0 for none (no limit)."""
    x = _number(text, float)
    if not 0 <= x < float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds (0 or more; 0 = no limit)")
    return x


def add_lang(parser: argparse.ArgumentParser, what: str) -> None:
    """``--lang`` for a page (``what``): zh or en, by default (``auto``) the language of the plans."""
    parser.add_argument("--lang", choices=("auto", *LANGS), default="auto",
                        help=f"language of {what}: zh (中文) or en; default: Chinese when the plans are Chinese")
