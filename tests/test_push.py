"""``policykg push``: a built graph into a real Oxigraph server (Graph Store Protocol), started and stopped here."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from graph.stores.push import PushError, push, target_url
from graph.model.vocab import POL
from policykg.cli import main

from conftest import stop

TASKS = "PREFIX pol: <https://w3id.org/policykg#> SELECT (COUNT(?t) AS ?n) WHERE { %s }"


def _oxigraph_binary() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """``oxigraph serve`` (the PyPI package's binary) on a free loopback port; always stopped."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    log = open(location.parent / "oxigraph-server.log", "w+")
    proc = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"oxigraph serve did not start: {log.read()}")
                time.sleep(0.1)
        yield base
    finally:
        stop(proc)
        log.close()


def remote_count(base: str, pattern: str) -> int:
    qs = urllib.parse.urlencode({"query": TASKS % pattern})
    req = urllib.request.Request(f"{base}/query?{qs}", headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=20) as r:
        return int(json.loads(r.read())["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def built(tianjin, tmp_path_factory):
    """The Tianjin plans built as Turtle and N-Quads."""
    from policykg.build import build
    out = tmp_path_factory.mktemp("pushbuild")
    build([tianjin], out, formats=["ttl", "nq"])
    g = Graph().parse(out / "graph.ttl")
    return out, len(set(g.subjects(RDF.type, POL.Task)))


def test_push_then_count_tasks_on_the_server_equals_local(oxigraph_server, built, capsys):
    out, local = built
    assert local > 40
    assert main(["push", str(out / "graph.ttl"), "--endpoint", oxigraph_server + "/store"]) == 0
    msg = capsys.readouterr().out
    assert "replaced the default graph" in msg and "HTTP 20" in msg
    assert remote_count(oxigraph_server, "?t a pol:Task") == local
    # pushing again replaces (PUT): no duplicates, same count
    assert main(["push", str(out / "graph.ttl"), "--endpoint", oxigraph_server + "/store"]) == 0
    assert remote_count(oxigraph_server, "?t a pol:Task") == local


def test_push_nquads_into_a_named_graph(oxigraph_server, built):
    out, local = built
    iri = "https://example.org/graphs/tianjin?v=1"
    r = push(out / "graph.nq", oxigraph_server + "/store", graph_iri=iri)
    assert r.status in (201, 204) and r.content_type == "application/n-triples"
    assert remote_count(oxigraph_server, f"GRAPH <{iri}> {{ ?t a pol:Task }}") == local
    r = push(out / "graph.ttl", oxigraph_server + "/store", graph_iri=iri, append=True)
    assert r.method == "POST"
    assert remote_count(oxigraph_server, f"GRAPH <{iri}> {{ ?t a pol:Task }}") == local


def test_push_errors_are_clear(oxigraph_server, built, tmp_path, capsys):
    out, _ = built
    with pytest.raises(PushError, match=r"HTTP 404"):
        push(out / "graph.ttl", oxigraph_server + "/no-such-endpoint")
    port = _free_port()  # nothing listens there
    with pytest.raises(PushError, match=r"cannot reach .*(refused|Connection)"):
        push(out / "graph.ttl", f"http://127.0.0.1:{port}/store")
    with pytest.raises(PushError, match="no such graph file"):
        push(tmp_path / "missing.ttl", oxigraph_server + "/store")
    with pytest.raises(PushError, match="not an absolute IRI"):
        push(out / "graph.ttl", oxigraph_server + "/store", graph_iri="x> DROP")
    with pytest.raises(PushError, match="not an http"):
        push(out / "graph.ttl", "ftp://example.org/store")
    bad = tmp_path / "bad.nq"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(PushError, match="not readable"):
        push(bad, oxigraph_server + "/store")
    assert main(["push", str(out / "graph.ttl"), "--endpoint", f"http://127.0.0.1:{port}/store"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("policykg: cannot reach") and "Traceback" not in err


def test_target_url():
    assert target_url("http://h:3030/ds/data") == "http://h:3030/ds/data?default"
    assert target_url("http://h/store", "https://e.org/g#1") == "http://h/store?graph=https%3A%2F%2Fe.org%2Fg%231"
    assert target_url("http://h/rdf?x=1", None) == "http://h/rdf?x=1&default"
