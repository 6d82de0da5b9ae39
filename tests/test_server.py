"""``policykg serve``: the SPARQL 1.1 Protocol endpoint, read-only, time limit, row cap, query page."""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest

from graph.query.endpoint import QueryService, make_server, negotiate
from graph.query.engine import bind_params, format_csv, load_query, run_named

from conftest import stop

TASKS = "PREFIX pol: <https://w3id.org/policykg#> SELECT (COUNT(?t) AS ?n) WHERE { ?t a pol:Task }"
ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
INSERT = "PREFIX pol: <https://w3id.org/policykg#> INSERT DATA { <urn:x:intruder> a pol:Task }"


@pytest.fixture(scope="module")
def ref_store_path(ref_ttl, tmp_path_factory):
    from graph.stores.store import bulk_load_file, open_store
    path = tmp_path_factory.mktemp("srvstore") / "ox"
    store = open_store(path, create=True)
    bulk_load_file(store, ref_ttl)
    del store
    return path


@contextlib.contextmanager
def serving(service: QueryService):
    """The endpoint on a free loopback port, in a thread; always shut down and closed."""
    server = make_server(service, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.close()
        thread.join(5)


@pytest.fixture(scope="module")
def graph_service(ref_ttl):
    svc = QueryService(graph=ref_ttl, timeout=1.0, max_rows=50)
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture(scope="module")
def url(graph_service):
    with serving(graph_service) as u:
        yield u


def http(url, data=None, headers=None, method=None, timeout=20):
    """(status, headers, body text) — HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8")


def get(base, query, accept="application/sparql-results+json", **extra):
    qs = urllib.parse.urlencode({"query": query, **extra})
    return http(f"{base}/sparql?{qs}", headers={"Accept": accept})


def count(base, query=TASKS) -> int:
    status, _, body = get(base, query)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


# ---------------------------------------------------------------- SPARQL 1.1 Protocol

def test_select_with_sparqlwrapper(url, graph_service):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    for method in (None, POST):
        sw = SPARQLWrapper(url + "/sparql")
        sw.setQuery(TASKS)
        sw.setReturnFormat(JSON)
        if method:
            sw.setMethod(method)
        res = sw.query().convert()
        assert res["head"]["vars"] == ["n"]
        assert res["results"]["bindings"][0]["n"]["value"] == "41"


def test_result_formats_by_accept(url):
    q = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX pol: <https://w3id.org/policykg#> "
         "SELECT ?d ?l WHERE { ?d a pol:Department ; rdfs:label ?l } ORDER BY ?l LIMIT 3")
    status, h, body = get(url, q, "text/csv")
    assert status == 200 and h["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["d", "l"] and len(rows) == 4 and rows[1][1].startswith(("区", "合", "子", "静"))
    status, h, body = get(url, q, "text/tab-separated-values")
    assert status == 200 and body.splitlines()[0] == "?d\t?l" and '"@zh' in body.splitlines()[1]
    status, h, body = get(url, q, "application/sparql-results+xml")
    assert status == 200 and h["Content-Type"].startswith("application/sparql-results+xml")
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert len(ET.fromstring(body).findall(".//s:result", ns)) == 3
    status, h, body = get(url, q, "text/html;q=0.9, text/csv;q=0.5")  # q values honoured
    assert status == 200 and h["Content-Type"].startswith("text/csv")
    status, _, body = get(url, q, "image/png")
    assert status == 406
    status, h, _ = get(url, q, "*/*", format="csv")  # a format= parameter wins
    assert h["Content-Type"].startswith("text/csv")


def test_post_forms_and_ask_and_construct(url):
    form = urllib.parse.urlencode({"query": TASKS}).encode()
    status, _, body = http(url + "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                    "Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "41"
    status, _, body = http(url + "/sparql", "ASK { ?s ?p ?o }".encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, h, body = get(url, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2", "text/turtle")
    assert status == 200 and body.count(" .\n") == 2
    status, _, body = http(url + "/sparql", b"x", {"Content-Type": "text/plain"})
    assert status == 415


def test_bad_query_is_400_with_position(url):
    status, _, body = get(url, "SELECT ?x WHERE {\n  ?x ?p }")
    assert status == 400 and "line 2" in body and "Traceback" not in body


# ---------------------------------------------------------------- read-only

def test_updates_are_refused_and_nothing_changes(url):
    before, total = count(url), count(url, ALL)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    answers = [
        http(url + "/sparql", urllib.parse.urlencode({"update": INSERT}).encode(), form),
        http(url + "/sparql", INSERT.encode(), {"Content-Type": "application/sparql-update"}),
        http(url + "/sparql", urllib.parse.urlencode({"query": INSERT}).encode(), form),
        get(url, INSERT),
        http(url + "/sparql?" + urllib.parse.urlencode({"update": INSERT})),
        http(url + "/sparql", b"", method="DELETE"),
    ]
    for status, _, body in answers:
        assert 400 <= status < 500, (status, body)
    assert answers[0][0] == 403 and "read-only" in answers[0][2]
    from SPARQLWrapper import POST, SPARQLWrapper
    sw = SPARQLWrapper(url + "/sparql")
    sw.setMethod(POST)
    sw.setQuery(INSERT)
    with pytest.raises(Exception):
        sw.query()
    assert count(url) == before and count(url, ALL) == total
    ask = get(url, "ASK { <urn:x:intruder> ?p ?o }")
    assert json.loads(ask[2])["boolean"] is False


def test_service_calls_are_refused(url):
    for q in ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
              "SELECT * WHERE { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"):
        status, _, body = get(url, q)
        assert status == 403 and "SERVICE" in body
    q = "PREFIX ex: <urn:x:> SELECT ?service WHERE { ?service ex:service 'SERVICE' } LIMIT 1"
    assert get(url, q)[0] == 200  # the word elsewhere is fine


# ---------------------------------------------------------------- limits

def test_runaway_query_stops_at_the_time_limit(url, graph_service):
    t0 = time.monotonic()
    status, _, body = get(url, RUNAWAY)
    elapsed = time.monotonic() - t0
    assert status == 503 and "time limit of 1 s" in body
    assert 0.9 < elapsed < 4
    deadline = time.monotonic() + 5  # the query's thread is really stopped, not left running
    while graph_service.runner.running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert graph_service.runner.running == 0
    assert count(url) == 41  # and the endpoint still answers


def test_row_cap(url):
    status, h, body = get(url, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert status == 200 and h["X-Policykg-Truncated"] == "true" and h["X-Policykg-Max-Rows"] == "50"
    assert len(json.loads(body)["results"]["bindings"]) == 50
    status, h, _ = get(url, TASKS)
    assert h.get("X-Policykg-Truncated") is None


def test_store_endpoint_same_rows_time_limit_kills_worker(ref_store_path, ref_ttl):
    from rdflib import Graph
    svc = QueryService(store=ref_store_path, timeout=1.5, max_rows=1000, workers=1)
    try:
        with serving(svc) as u:
            assert svc.engine == "oxigraph"
            assert count(u) == 41
            q = bind_params(load_query("shared-responsibilities"))
            status, _, body = get(u, q, "text/csv")
            assert status == 200
            assert body == format_csv(run_named(Graph().parse(ref_ttl), "shared-responsibilities"))
            (old,) = list(svc.runner._all)
            t0 = time.monotonic()
            status, _, body = get(u, RUNAWAY)
            assert status == 503 and time.monotonic() - t0 < 5
            old.process.join(5)
            assert not old.process.is_alive() and svc.runner.killed == 1  # the query really stopped
            assert count(u) == 41  # a fresh worker answers
            status, _, _ = http(u + "/sparql", urllib.parse.urlencode({"update": INSERT}).encode(),
                                {"Content-Type": "application/x-www-form-urlencoded"})
            assert status == 403
            status, _, body = get(u, "SELECT ?x WHERE { ?x ?p }")
            assert status == 400 and "line 1" in body
    finally:
        svc.close()
    assert not svc.runner._all


# ---------------------------------------------------------------- the query page and the library

def test_query_page_is_offline_and_escapes(url):
    status, h, page = http(url + "/", headers={"Accept": "text/html"})
    assert status == 200 and h["Content-Type"].startswith("text/html")
    assert "<textarea" in page and "fetch(\"sparql\"" in page
    assert "innerHTML" not in page and "textContent" in page  # results go in as text
    for attr in ("src=", "href="):  # nothing fetched from elsewhere (no CDN)
        for part in page.split(attr)[1:]:
            assert not part.lstrip("\"'").startswith(("http:", "https:", "//")), part[:60]
    status, h, _ = http(url + "/sparql", headers={"Accept": "text/html"})
    assert status == 200  # a browser on /sparql without a query lands on the page


def test_named_queries_listed_and_bound_safely(url):
    status, _, body = http(url + "/queries")
    lib = {q["name"]: q for q in json.loads(body)}
    assert lib["department-tasks"]["params"][0] == {"name": "dept", "type": "string", "default": "区科技局"}
    qs = urllib.parse.urlencode({"dept": '区"} DROP ALL'})
    status, _, body = http(f"{url}/queries/department-tasks?{qs}")
    text = json.loads(body)["query"]
    assert '"区\\"} DROP ALL"' in text
    assert get(url, text)[0] == 200
    assert http(f"{url}/queries/department-tasks?nope=1")[0] == 400
    assert http(f"{url}/queries/no-such")[0] == 404


def test_negotiate():
    assert negotiate(None, "results")[0] == "json"
    assert negotiate("application/sparql-results+json", "results")[0] == "json"
    assert negotiate("text/csv;q=0.2, application/sparql-results+xml", "results")[0] == "xml"
    assert negotiate("text/turtle", "graph")[1] == "text/turtle"
    assert negotiate("application/sparql-results+json", "graph") is None


# ---------------------------------------------------------------- the command

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_command_binds_loopback_and_stops(ref_ttl):
    from policykg.cli import parser
    args = parser().parse_args(["serve", "--graph", str(ref_ttl)])
    assert args.host == "127.0.0.1"
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "policykg", "serve", "--graph", str(ref_ttl), "--port", str(port),
                             "--timeout", "5", "--max-rows", "10", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = proc.stdout.readline()
        assert line.startswith("serving "), line + proc.stderr.read()
        assert f"http://127.0.0.1:{port}/sparql" in proc.stdout.readline()
        assert count(f"http://127.0.0.1:{port}") == 41
    finally:
        stop(proc)
    assert proc.returncode == 0
