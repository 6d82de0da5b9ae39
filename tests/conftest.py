"""Shared fixtures: the shared corpus, an extractor, and a session-scoped build of the reference plan."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _shared() -> Path | None:
    for p in (Path(__file__).resolve().parents[2] / "shared", Path("/work/shared")):
        if (p / "corpus").is_dir():
            return p
    return None


SHARED = _shared()
REFERENCE = "jinghai-2021-keji-sannian.txt"


@pytest.fixture(scope="session")
def shared() -> Path:
    if SHARED is None:
        pytest.skip("shared corpus folder not found")
    return SHARED


@pytest.fixture(scope="session")
def tianjin(shared) -> Path:
    return shared / "corpus" / "tianjin"


@pytest.fixture(scope="session")
def guowuyuan(shared) -> Path:
    return shared / "corpus" / "guowuyuan"


@pytest.fixture(scope="session")
def reference_text(tianjin) -> str:
    return (tianjin / REFERENCE).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def extractor():
    from extract.pipeline import Extractor
    return Extractor()


@pytest.fixture(scope="session")
def extract_text(extractor):
    """Text → PlanRecord, through the same reading path as a file."""
    from extract.reading import read_bytes

    def run(text: str, path: str = "plan.txt"):
        return extractor(read_bytes(text.encode("utf-8"), path))
    return run


@pytest.fixture(scope="session")
def reference_record(tianjin, extractor):
    from extract.manifest import read_manifest
    from extract.reading import read_source
    row = read_manifest(tianjin / "manifest.csv").get(REFERENCE)
    return extractor(read_source(tianjin / REFERENCE), row)


@pytest.fixture(scope="session")
def reference_build(tianjin, tmp_path_factory):
    """The reference plan built to a graph (with its folder's manifest), once per session."""
    from policykg.build import build
    out = tmp_path_factory.mktemp("ref")
    result = build([tianjin / REFERENCE], out)
    return out, result


@pytest.fixture(scope="session")
def ref_ttl(reference_build) -> Path:
    """The reference plan's graph.ttl."""
    out, _ = reference_build
    return out / "graph.ttl"


@contextmanager
def store_held(st: Path):
    """While the block runs, an Oxigraph store at ``st`` is open for writing in another process."""
    import subprocess
    import sys

    holder = subprocess.Popen([sys.executable, "-c", "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); "
                               "print('open', flush=True); sys.stdin.read()", str(st)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        yield
    finally:
        holder.communicate("", timeout=30)


def stop(proc) -> None:
    """Stop a server process started by a test: terminate, then kill if it does not go in 10 s."""
    import subprocess

    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


class Listener:
    """A TCP listener on a free loopback port that counts the connections it is sent (an SSRF probe)."""

    def __init__(self):
        import socket
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.hits: list = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        import socket
        while not self._stop.is_set():
            try:
                conn, addr = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            self.hits.append(addr)
            conn.close()

    def seen(self, settle: float = 0.3) -> int:
        """Connections received so far (after letting late ones arrive)."""
        import time
        time.sleep(settle)
        return len(self.hits)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    """A local TCP listener that must see no connection (see ``Listener``)."""
    lst = Listener()
    try:
        yield lst
    finally:
        lst.close()
