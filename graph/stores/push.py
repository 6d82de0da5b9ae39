"""Load a built graph into a SPARQL 1.1 Graph Store Protocol server (Oxigraph, Fuseki, GraphDB, …).

``PUT`` (the default) replaces the target graph with the file's triples; ``POST`` (``append=True``) adds
them. The target is the server's default graph (``?default``) or a named graph (``?graph=IRI``).
Turtle and N-Triples files are streamed as they are; other formats (N-Quads and TriG, whose named
graphs are merged into the target graph, JSON-LD, RDF/XML) are converted to N-Triples first.

Graph Store endpoints of common servers (give this URL as ``endpoint``):
Oxigraph ``http://HOST:7878/store``; Apache Jena Fuseki ``http://HOST:3030/DATASET/data``;
GraphDB ``http://HOST:7200/repositories/REPO/rdf-graphs/service``.
"""
from __future__ import annotations

import base64
import http.client
import os
import re
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .store import StoreError, rdf_format

TIMEOUT = 60.0  # seconds without an answer before giving up: a server that never answers is not waited on
SEND_AS_IS = {"turtle": "text/turtle; charset=utf-8", "nt": "application/n-triples; charset=utf-8"}


class PushError(RuntimeError):
    """The graph could not be loaded; the message says where and why."""


@dataclass
class PushResult:
    url: str
    method: str
    status: int
    bytes: int
    seconds: float
    content_type: str


def target_url(endpoint: str, graph_iri: str | None = None) -> str:
    """``endpoint?default`` or ``endpoint?graph=IRI`` (percent-encoded), keeping any query it has."""
    try:
        parts = urllib.parse.urlsplit(endpoint)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number in range
    except ValueError as e:
        raise PushError(f"{endpoint!r} is not a URL: {e}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PushError(f"{endpoint!r} is not an http(s) URL of a Graph Store Protocol endpoint")
    if graph_iri is not None:
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", graph_iri) or re.search(r'[<>"{}|^`\\\s]', graph_iri):
            raise PushError(f"--graph-iri {graph_iri!r} is not an absolute IRI")
        extra = "graph=" + urllib.parse.quote(graph_iri, safe="")
    else:
        extra = "default"
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


def _as_ntriples(path: Path, fmt: str) -> Path:
    """The file's triples (every named graph merged) as a temporary N-Triples file."""
    import pyoxigraph as ox
    from .store import OX_MEDIA
    tmp = tempfile.NamedTemporaryFile(prefix="policykg-push-", suffix=".nt", delete=False)
    tmp.close()
    try:
        if fmt in OX_MEDIA:
            quads = ox.parse(path=str(path), format=ox.RdfFormat.from_media_type(OX_MEDIA[fmt]))
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
            ox.serialize(triples, output=tmp.name, format=ox.RdfFormat.N_TRIPLES)
        else:  # JSON-LD: through rdflib
            from .store import load_graph
            load_graph(path).serialize(tmp.name, format="nt", encoding="utf-8")
    except (SyntaxError, ValueError, OSError) as e:
        os.unlink(tmp.name)
        raise PushError(f"{path}: not readable as {fmt}: {e}") from None
    return Path(tmp.name)


def push(path: str | Path, endpoint: str, graph_iri: str | None = None, append: bool = False,
         user: str | None = None, password: str | None = None, timeout: float = TIMEOUT) -> PushResult:
    """Send the RDF file at ``path`` to the Graph Store endpoint; raises ``PushError`` on any failure.
    ``timeout``: seconds to wait for the server at each step (connecting, each read), not in all."""
    if not timeout > 0 or timeout == float("inf"):
        raise PushError(f"timeout {timeout} is not a positive number of seconds")
    p = Path(path)
    if not p.is_file():
        raise PushError(f"{p}: no such graph file (build one with `policykg build SOURCES -o OUT`)")
    try:
        fmt = rdf_format(p)
    except StoreError as e:
        raise PushError(str(e)) from None
    url = target_url(endpoint, graph_iri)
    tmp = None
    if fmt in SEND_AS_IS:
        body_path, ctype = p, SEND_AS_IS[fmt]
    else:
        tmp = body_path = _as_ntriples(p, fmt)
        ctype = SEND_AS_IS["nt"]
    method = "POST" if append else "PUT"
    size = body_path.stat().st_size
    headers = {"Content-Type": ctype, "Content-Length": str(size), "User-Agent": "policykg-push"}
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode("utf-8")).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    t0 = time.monotonic()
    try:
        with open(body_path, "rb") as body:
            req = urllib.request.Request(url, data=body, method=method, headers=headers)
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                resp.read()
                status = resp.status
    except urllib.error.HTTPError as e:
        detail = ""
        try:
            detail = e.read(2000).decode("utf-8", "replace").strip()
        except Exception:  # noqa: BLE001
            pass
        hint = {401: " (give --user; the password from $POLICYKG_PASSWORD)", 403: " (not allowed to write)",
                404: " (is this the server's Graph Store endpoint? e.g. Oxigraph /store, Fuseki /DATASET/data)",
                405: " (this URL does not accept " + method + ": is it the Graph Store endpoint?)",
                415: " (the server does not take " + ctype.split(";")[0] + ")"}.get(e.code, "")
        raise PushError(f"{method} {url} failed: HTTP {e.code} {e.reason}{hint}"
                        + (f"\n{detail}" if detail else "")) from None
    except urllib.error.URLError as e:
        reason = getattr(e.reason, "strerror", None) or str(e.reason)
        raise PushError(f"cannot reach {endpoint}: {reason} (is the server running?)") from None
    except (TimeoutError, OSError, ValueError, http.client.HTTPException) as e:
        raise PushError(f"{method} {url}: {e or type(e).__name__}") from None
    finally:
        if tmp is not None:
            os.unlink(tmp)
    return PushResult(url, method, status, size, time.monotonic() - t0, ctype.split(";")[0])
