"""What the build's fork server loads before it forks any worker (``policykg.workers.start_server``).

Imported by the server, not by the build: the extractor's dictionaries and everything extraction
loads on first use (``workers.warm``), and the module whose functions the workers run. Every worker
forked from the server then starts with them, sharing their pages. A failure here is not the
build's failure: a worker loads what it needs itself on first use, as without a server.
"""
from __future__ import annotations

try:
    from . import build  # noqa: F401 - the workers' functions are unpickled from here
    from . import workers

    workers.warm(fork=True)
except Exception:  # noqa: BLE001 - see the docstring
    pass
