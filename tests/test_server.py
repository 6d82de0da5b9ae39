"""``policykg serve``: the SPARQL 1.1 Protocol endpoint, read-only and unable to fetch, its limits,
keep-alive and concurrency, slow queries beside quick ones, the query page."""
from __future__ import annotations

import contextlib
import csv
from http.client import HTTPConnection
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
from test_query import READ_ONLY_BREAKERS, breaker

POL = "PREFIX pol: <https://w3id.org/policykg#>\n"
RDFS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
TASKS = POL + "SELECT (COUNT(?t) AS ?n) WHERE { ?t a pol:Task }"
ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
INSERT = POL + "INSERT DATA { <urn:x:intruder> a pol:Task }"
PLAN = "https://w3id.org/policykg/id/plan/jinghai-2021-keji-sannian"
CONSTRUCT = POL + RDFS + "CONSTRUCT { ?d rdfs:label ?l ; a pol:Department } WHERE { ?d a pol:Department ; rdfs:label ?l }"
DESCRIBE = f"DESCRIBE <{PLAN}>"


@pytest.fixture(scope="module")
def ref_store_path(ref_ttl, tmp_path_factory):
    from graph.stores.store import bulk_load_file, open_store
    path = tmp_path_factory.mktemp("srvstore") / "ox"
    store = open_store(path, create=True)
    bulk_load_file(store, ref_ttl)
    del store
    return path


@contextlib.contextmanager
def serving(service: QueryService, **limits):
    """The endpoint on a free loopback port, in a thread; always shut down and closed."""
    server = make_server(service, "127.0.0.1", 0, quiet=True, **limits)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def graph_service(ref_ttl):
    svc = QueryService(graph=ref_ttl, timeout=2.0, max_rows=50)
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


def local_graph(ref_ttl, query):
    """The triples of a CONSTRUCT/DESCRIBE run here on the same file, as an rdflib graph."""
    import pyoxigraph
    from rdflib import Graph
    from graph.stores.store import load_memory_store
    triples = load_memory_store(ref_ttl).query(query, use_default_graph_as_union=True)
    return Graph().parse(data=pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES), format="nt")


# ---------------------------------------------------------------- SPARQL 1.1 Protocol

def test_select_with_sparqlwrapper(url):
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


@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["CONSTRUCT", "DESCRIBE"])
def test_construct_and_describe_with_sparqlwrapper(url, ref_ttl, query):
    """SPARQLWrapper's defaults (RDF/XML) and each of its formats give the graph the query gives here."""
    from rdflib import Graph
    from rdflib.compare import isomorphic
    from SPARQLWrapper import JSONLD, N3, POST, RDFXML, TURTLE, XML, SPARQLWrapper
    expected = local_graph(ref_ttl, query)
    assert len(expected) > 5
    for fmt in (None, XML, RDFXML, TURTLE, N3, JSONLD):
        for method in (None, POST):
            sw = SPARQLWrapper(url + "/sparql")
            sw.setQuery(query)
            if fmt:
                sw.setReturnFormat(fmt)
            if method:
                sw.setMethod(method)
            got = sw.query().convert()
            if not isinstance(got, Graph):  # Turtle and N3 come back as bytes
                got = Graph().parse(data=got, format="turtle" if fmt == TURTLE else "n3")
            assert isomorphic(got, expected), (fmt, method, len(got), len(expected))


def test_result_formats_by_accept(url):
    q = RDFS + POL + "SELECT ?d ?l WHERE { ?d a pol:Department ; rdfs:label ?l } ORDER BY ?l LIMIT 3"
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
    assert status == 406 and "text/csv" in body
    status, h, _ = get(url, q, "*/*", format="csv")  # a format= parameter wins
    assert h["Content-Type"].startswith("text/csv")


def test_graph_formats_by_accept(url, ref_ttl):
    import pyoxigraph
    from rdflib import Graph
    from rdflib.compare import isomorphic
    expected = local_graph(ref_ttl, CONSTRUCT)
    for accept, ctype, fmt in [("text/turtle", "text/turtle", "turtle"),
                               ("application/n-triples", "application/n-triples", "nt"),
                               ("application/rdf+xml", "application/rdf+xml", "xml"),
                               ("application/ld+json", "application/ld+json", "json-ld"),
                               ("*/*", "text/turtle", "turtle")]:
        status, h, body = get(url, CONSTRUCT, accept)
        assert status == 200 and h["Content-Type"].startswith(ctype), (accept, status, body[:200])
        assert isomorphic(Graph().parse(data=body, format=fmt), expected), accept
    status, h, body = get(url, CONSTRUCT, "application/sparql-results+json")  # no graph in a results format
    assert status == 406 and "text/turtle" in body
    # written by Oxigraph's own serialiser: the same bytes as serialising the query's triples here
    store = __import__("graph.stores.store", fromlist=["x"]).load_memory_store(ref_ttl)
    mine = store.query(CONSTRUCT, use_default_graph_as_union=True).serialize(format=pyoxigraph.RdfFormat.TURTLE)
    assert get(url, CONSTRUCT, "text/turtle")[2].encode() == mine


def test_post_forms_and_ask(url):
    form = urllib.parse.urlencode({"query": TASKS}).encode()
    status, _, body = http(url + "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                    "Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "41"
    status, _, body = http(url + "/sparql", "ASK { ?s ?p ?o }".encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    status, _, body = http(url + "/sparql", b"x", {"Content-Type": "text/plain"})
    assert status == 415


def test_graph_queries_see_named_graphs(ref_ttl, tmp_path):
    """``--graph graph.nq``: each plan in its own named graph, GRAPH ?g works, the default graph is the union."""
    import pyoxigraph
    from graph.stores.store import load_memory_store
    nq = tmp_path / "graph.nq"
    plan = pyoxigraph.NamedNode(PLAN)
    quads = [pyoxigraph.Quad(q.subject, q.predicate, q.object, plan) for q in load_memory_store(ref_ttl)]
    nq.write_bytes(pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS))
    svc = QueryService(graph=nq, timeout=5)
    try:
        with serving(svc) as u:
            status, _, body = get(u, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
            assert status == 200, body
            assert [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]] == [PLAN]
            assert count(u) == 41  # named queries read the union
    finally:
        svc.close()


def test_bad_query_is_400_with_position(url):
    status, _, body = get(url, POL + "SELECT ?t WHERE {\n  ?t a pol:Task\n  FILTER(?t = ) }")
    assert status == 400 and "line 4, column 15" in body and "Traceback" not in body
    assert body.splitlines()[-1].index("^") == 2 + 14


# ---------------------------------------------------------------- read-only, and never fetching

def test_updates_are_refused_and_nothing_changes(url):
    before, total = count(url), count(url, ALL)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    answers = [
        http(url + "/sparql", urllib.parse.urlencode({"update": INSERT}).encode(), form),
        http(url + "/sparql", INSERT.encode(), {"Content-Type": "application/sparql-update"}),
        http(url + "/sparql", urllib.parse.urlencode({"query": INSERT}).encode(), form),
        get(url, INSERT),
        http(url + "/sparql?" + urllib.parse.urlencode({"update": INSERT})),
    ]
    for status, _, body in answers:
        assert status == 403 and "read-only" in body, (status, body)
    assert http(url + "/sparql", b"", method="DELETE")[0] == 405
    from SPARQLWrapper import POST, SPARQLWrapper
    sw = SPARQLWrapper(url + "/sparql")
    sw.setMethod(POST)
    sw.setQuery(INSERT)
    with pytest.raises(Exception):
        sw.query()
    assert count(url) == before and count(url, ALL) == total
    ask = get(url, "ASK { <urn:x:intruder> ?p ?o }")
    assert json.loads(ask[2])["boolean"] is False


def _send_every_way(base, text):
    """The same request by GET, by POST form, by POST sparql-query, and to the update entry points."""
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    yield get(base, text)
    yield http(base + "/sparql", urllib.parse.urlencode({"query": text}).encode(), form)
    yield http(base + "/sparql", text.encode(), {"Content-Type": "application/sparql-query",
                                                 "Accept": "text/turtle, */*;q=0.1"})
    yield http(base + "/sparql", urllib.parse.urlencode({"update": text}).encode(), form)
    yield http(base + "/sparql", text.encode(), {"Content-Type": "application/sparql-update"})


@pytest.mark.parametrize("name", READ_ONLY_BREAKERS)
def test_service_load_and_updates_never_reach_the_network(url, listener, name):
    """However SERVICE or LOAD is spelled and however it is sent: 403, and the listener sees nothing."""
    text = breaker(name, listener)
    said = "SERVICE" if READ_ONLY_BREAKERS[name][1] == "service" else "read-only"
    for i, (status, _, body) in enumerate(_send_every_way(url, text)):
        assert status == 403, (status, body)
        assert (said if i < 3 else "read-only") in body, body  # the last two are the update entry points
    assert listener.seen() == 0


def test_the_word_service_elsewhere_is_fine(url):
    q = "PREFIX ex: <urn:x:> SELECT ?service WHERE { ?service ex:service 'SERVICE' } LIMIT 1 # SERVICE <x:y>"
    assert get(url, q)[0] == 200


def test_the_query_processes_cannot_open_sockets(graph_service, listener):
    """Even a SERVICE query that got past the checks could not connect: the workers have no network."""
    from graph.query.workers import Job
    assert graph_service.pool.sandboxed
    for text in (f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
                 f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}"):
        reply = graph_service.pool.run(Job(text, "json", "turtle", 10, form="SELECT"), 5)  # form given: unchecked
        assert reply.status in ("error", "ok"), reply
        if reply.status == "error":
            assert "ermission denied" in reply.message, reply.message
    assert listener.seen() == 0


# ---------------------------------------------------------------- limits

def test_runaway_query_stops_at_the_time_limit(url, graph_service):
    before = graph_service.pool.killed
    status, _, body = get(url, RUNAWAY)
    assert status == 503 and "time limit of 2 s" in body
    assert graph_service.pool.killed == before + 1  # its worker was killed, not left running
    assert count(url) == 41  # and the endpoint still answers


def test_row_cap(url):
    status, h, body = get(url, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert status == 200 and h["X-Policykg-Truncated"] == "true" and h["X-Policykg-Max-Rows"] == "50"
    assert len(json.loads(body)["results"]["bindings"]) == 50
    status, h, body = get(url, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert status == 200 and h["X-Policykg-Truncated"] == "true" and body.count(" .\n") == 50
    status, h, _ = get(url, TASKS)
    assert h.get("X-Policykg-Truncated") is None


def test_store_endpoint_same_rows_time_limit_kills_worker(ref_store_path, ref_ttl):
    from rdflib import Graph
    svc = QueryService(store=ref_store_path, timeout=1.5, max_rows=1000, workers=1)
    try:
        with serving(svc) as u:
            assert svc.engine == "oxigraph" and svc.triples > 1000
            assert count(u) == 41
            q = bind_params(load_query("shared-responsibilities"))
            status, _, body = get(u, q, "text/csv")
            assert status == 200
            want = format_csv(run_named(Graph().parse(ref_ttl), "shared-responsibilities"))
            assert body.splitlines()[1:] == want.splitlines()[1:]
            status, _, body = get(u, RUNAWAY)
            assert status == 503 and svc.pool.killed == 1  # the query really stopped
            assert count(u) == 41  # a fresh worker answers
            status, _, body = get(u, "SELECT ?x WHERE { ?x ?p }")
            assert status == 400 and "line 1, column 25" in body
    finally:
        svc.close()
    assert not svc.pool.pids()


def _raw(base) -> socket.socket:
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def _answer(sock) -> bytes:
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionError, TimeoutError):
            break
        if not chunk:
            break
        data += chunk
    return data


@pytest.mark.parametrize("length, status", [("-5", b"400"), ("12abc", b"400"), ("99999999999", b"413"),
                                            ("1, 2", b"400")])
def test_bad_content_length_is_a_clean_4xx(url, capfd, length, status):
    with _raw(url) as s:
        s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                  b"Content-Length: " + length.encode() + b"\r\n\r\nASK {}")
        answer = _answer(s)
    assert answer.startswith(b"HTTP/1.1 " + status), answer
    assert b"Connection: close" in answer
    assert "Traceback" not in capfd.readouterr().err
    assert count(url) == 41


def test_half_sent_and_idle_connections_are_closed(graph_service):
    """A body that stops coming gets 408 after the read timeout; a connection that says nothing is closed
    after the idle timeout; neither holds a thread for ever, and the server goes on answering."""
    with serving(graph_service, idle_timeout=0.5, read_timeout=1.0) as u:
        with _raw(u) as s:
            s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                      b"Content-Length: 100\r\n\r\nASK {")
            answer = _answer(s)  # the server answers and closes: recv does not wait for the test's timeout
        assert answer.startswith(b"HTTP/1.1 408"), answer
        with _raw(u) as s:  # a request line dribbled in, one byte at a time
            for b in b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n":
                try:
                    s.sendall(bytes([b]))
                except OSError:
                    break
                time.sleep(0.1)
            answer = _answer(s)
        assert answer.startswith(b"HTTP/1.1 408") or answer == b"", answer
        with _raw(u) as s:
            assert _answer(s) == b""  # idle: closed by the server
        assert count(u) == 41


def test_keep_alive_two_requests_on_one_connection(url):
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    conn = HTTPConnection(host, int(port), timeout=10)
    try:
        qs = urllib.parse.urlencode({"query": TASKS})
        conn.request("GET", "/sparql?" + qs, headers={"Accept": "application/sparql-results+json"})
        r1 = conn.getresponse()
        assert r1.status == 200 and not r1.will_close
        r1.read()
        sock = conn.sock
        conn.request("POST", "/sparql", body=ALL, headers={"Content-Type": "application/sparql-query"})
        r2 = conn.getresponse()
        assert r2.status == 200 and json.loads(r2.read())["results"]["bindings"][0]["n"]["value"]
        assert conn.sock is sock  # the same connection served both
    finally:
        conn.close()


def test_twenty_clients_at_once_none_reset(graph_service):
    """Twenty clients connecting at once are queued by the kernel (listen backlog), not refused; then
    each runs several queries on its kept-alive connection; every one is answered."""
    server = make_server(graph_service, "127.0.0.1", 0, quiet=True)
    socks, thread = [], None
    try:
        host, port = server.server_address[:2]
        for _ in range(20):  # the server does not accept yet: only the backlog holds them
            s = socket.socket()
            s.settimeout(0.8)  # a dropped SYN is retried only after 1 s
            s.connect((host, port))
            socks.append(s)
        for s in socks:
            s.close()
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        errors, answers = [], []

        def client():
            conn = HTTPConnection(host, port, timeout=30)
            try:
                for q in (TASKS, ALL, TASKS):
                    conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": q}),
                                 headers={"Accept": "application/sparql-results+json"})
                    r = conn.getresponse()
                    answers.append((r.status, r.read()))
            except Exception as e:  # noqa: BLE001
                errors.append(e)
            finally:
                conn.close()

        threads = [threading.Thread(target=client) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors, errors[:3]
        assert len(answers) == 60 and all(status == 200 for status, _ in answers)
    finally:
        for s in socks:
            s.close()
        if thread is not None:
            server.shutdown()
        server.server_close()


def race(svc, slow_texts, ready) -> tuple[list[str], tuple[int, int]]:
    """Send ``slow_texts`` at once, wait until ``ready(pool)``, then send a quick query: the order in
    which the answers came back (``name:status``) and (busy, slow) when the quick one was sent."""
    done: list[str] = []
    lock = threading.Lock()
    with serving(svc) as u:
        def ask(name, q):
            status = get(u, q)[0]
            with lock:
                done.append(f"{name}:{status}")

        slow = [threading.Thread(target=ask, args=(f"slow{i}", q)) for i, q in enumerate(slow_texts)]
        for t in slow:
            t.start()
        deadline = time.monotonic() + 5
        while not ready(svc.pool) and time.monotonic() < deadline:
            time.sleep(0.02)
        state = (svc.pool.busy, svc.pool.slow)
        ask("quick", TASKS)
        for t in slow:
            t.join(30)
    return done, state


@pytest.mark.parametrize("source", ["graph", "store"])
def test_slow_queries_do_not_starve_a_quick_one(ref_ttl, ref_store_path, source):
    """Two runaway queries occupy the two ready workers; a quick query sent then is answered before
    either of them ends (they end at the time limit)."""
    kw = {"graph": ref_ttl} if source == "graph" else {"store": ref_store_path}
    svc = QueryService(**kw, timeout=6.0, workers=2, slow_after=0.3)
    try:
        runaways = [RUNAWAY.replace("?l }", f"?l{i} }}") for i in range(2)]
        done, (busy, _) = race(svc, runaways, lambda pool: pool.busy >= 2)
    finally:
        svc.close()
    assert busy == 2
    assert done[0] == "quick:200", done
    assert sorted(done[1:]) == ["slow0:503", "slow1:503"], done


def test_a_repeated_slow_query_waits_for_a_slow_place(ref_ttl):
    """A text that was slow before gets one of the few places for slow queries: repeated many times at
    once, it leaves workers for everything else."""
    svc = QueryService(graph=ref_ttl, timeout=3.0, workers=1, max_workers=3, slow_after=0.2)
    svc.pool.slow_slots = 1
    try:
        with serving(svc) as u:
            assert get(u, RUNAWAY)[0] == 503  # now known to be slow
        done, (busy, _) = race(svc, [RUNAWAY] * 3, lambda pool: pool.slow >= 1)
    finally:
        svc.close()
    assert busy == 1  # one runs, two wait for its place
    assert done[0] == "quick:200", done


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
    assert negotiate("text/turtle", "graph") == ("turtle", "text/turtle")
    assert negotiate("application/rdf+xml", "graph") == ("rdfxml", "application/rdf+xml")
    assert negotiate("application/sparql-results+json", "graph") is None
    assert negotiate("application/rdf+xml", "graph", ["xml"]) == ("rdfxml", "application/rdf+xml")
    assert negotiate("*/*", "results", ["xml"]) == ("xml", "application/sparql-results+xml")
    assert negotiate("*/*", "graph", ["tsv", "text/tab-separated-values"])[0] == "turtle"  # no such graph format


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


def test_serve_command_bad_graph_is_one_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "policykg", "serve", "--graph", str(bad), "--port", "0"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "bad.ttl" in proc.stderr
