"""A read-only SPARQL 1.1 Protocol endpoint over a graph file or an Oxigraph store (stdlib only).

- ``/sparql``: GET ``?query=`` or POST (``application/x-www-form-urlencoded`` with ``query=``, or
  ``application/sparql-query``). Results as SPARQL JSON, CSV, TSV or XML by the ``Accept`` header
  (or ``format=json|csv|tsv|xml``); CONSTRUCT/DESCRIBE as N-Triples (valid Turtle).
- Read-only: an update (``update=``, ``application/sparql-update``, or an update sent as a query) is
  refused with **403** before anything runs; the graph is opened read-only (Oxigraph) or only ever
  queried (rdflib), so nothing can change.
- **Time limit** (``timeout`` seconds): past it the client gets **503** with a message, and the query
  is really stopped, not abandoned:

  * rdflib (``--graph``) evaluates in pure Python, in a worker thread; at the limit the server raises
    an exception inside that thread (``PyThreadState_SetAsyncExc``), which unwinds the evaluation at
    its next Python instruction (the thread is gone within milliseconds).
  * Oxigraph (``--store``) evaluates in native code that Python cannot interrupt, so queries run in a
    small pool of worker processes, each with the store opened read-only; at the limit the worker is
    killed and a fresh one started.

- **Row cap** (``max_rows``): at most that many rows are returned; a cut result carries the header
  ``X-Policykg-Truncated: true`` (and the query page says so).
- ``SERVICE`` (federated query) is refused (403): the server would fetch any URL a client names.
- ``/``: an offline query page (plain JS, no CDN); ``/queries`` lists the named queries as JSON and
  ``/queries/NAME?param=value`` returns one with its parameters bound (safely, by ``graph.query.engine``).
- Binds to 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import ctypes
import json
import multiprocessing
import queue
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .engine import (QueryError, QuerySyntaxError, Result, bind_params, format_csv, format_json,
                    format_ntriples, format_tsv, format_xml, is_update, load_query, named_queries, run_query,
                    uses_service)

ASSETS = Path(__file__).resolve().parent / "assets"
MAX_BODY = 1 << 20  # a query of more than 1 MiB is refused (413)

RESULT_TYPES = {  # media type → (format name, content type sent)
    "application/sparql-results+json": ("json", "application/sparql-results+json"),
    "application/json": ("json", "application/sparql-results+json"),
    "text/csv": ("csv", "text/csv"),
    "text/tab-separated-values": ("tsv", "text/tab-separated-values"),
    "application/sparql-results+xml": ("xml", "application/sparql-results+xml"),
    "application/xml": ("xml", "application/sparql-results+xml"),
    "text/xml": ("xml", "application/sparql-results+xml"),
}
FORMAT_PARAM = {"json": "application/sparql-results+json", "csv": "text/csv",
                "tsv": "text/tab-separated-values", "xml": "application/sparql-results+xml"}
GRAPH_TYPES = ("application/n-triples", "text/turtle", "text/plain")


class QueryTimeout(QueryError):
    """The query ran past the time limit and was stopped."""


class ServiceBusy(QueryError):
    """No worker became free within the time limit."""


# ---------------------------------------------------------------- running queries with a time limit

def _async_raise(thread: threading.Thread, exc: type[BaseException]) -> bool:
    tid = thread.ident
    if tid is None:
        return False
    n = ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(exc))
    if n > 1:  # should not happen: undo
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)
        return False
    return n == 1


class _Stop(BaseException):
    """Raised inside a query thread at the time limit (a BaseException: no ``except Exception`` eats it)."""


class RdflibRunner:
    """Queries an rdflib graph in worker threads, stopped at the time limit by an async exception."""

    engine = "rdflib"

    def __init__(self, graph):
        import rdflib.plugins.sparql
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # FROM <url> never fetches anything
        self.graph = graph
        self.running = 0  # query threads alive (tests check that stopped queries are gone)
        self._lock = threading.Lock()

    def run(self, text: str, timeout: float, max_rows: int | None) -> Result:
        box: dict = {}

        def work():
            with self._lock:
                self.running += 1
            try:
                box["result"] = run_query(self.graph, text, max_rows=max_rows, check=False)
            except _Stop:
                pass
            except BaseException as e:  # noqa: BLE001 - carried to the request thread
                box["error"] = e
            finally:
                with self._lock:
                    self.running -= 1

        t = threading.Thread(target=work, name="sparql-query", daemon=True)
        t.start()
        t.join(timeout)
        if t.is_alive():
            for _ in range(50):  # raise until it lands (it may be inside C code for a moment)
                _async_raise(t, _Stop)
                t.join(0.1)
                if not t.is_alive():
                    break
            raise QueryTimeout(f"query stopped at the time limit of {timeout:g} s")
        if "error" in box:
            raise box["error"]
        return box["result"]

    def close(self) -> None:
        pass


def _ox_worker(path: str, conn) -> None:
    """A worker process: the store opened read-only, queries in, results (or errors) out."""
    import pyoxigraph
    store = pyoxigraph.Store.read_only(path)
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        text, max_rows = msg
        try:
            conn.send(("ok", run_query(store, text, max_rows=max_rows, check=False)))
        except QuerySyntaxError as e:
            conn.send(("syntax", (e.message, e.query, e.line, e.column)))
        except Exception as e:  # noqa: BLE001
            conn.send(("error", str(e)))


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.Process
    conn: object


class OxigraphRunner:
    """Queries an Oxigraph store in a pool of worker processes; one that runs past the limit is killed."""

    engine = "oxigraph"

    def __init__(self, path: str | Path, workers: int = 2):
        self.path = str(path)
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.killed = 0  # workers stopped at the time limit
        for _ in range(max(1, workers)):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        p = self._ctx.Process(target=_ox_worker, args=(self.path, child), daemon=True, name="sparql-oxigraph")
        p.start()
        child.close()
        w = _Worker(p, parent)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, w: _Worker) -> None:
        self._kill(w)
        if not self._closed:
            threading.Thread(target=lambda: self._idle.put(self._start()), daemon=True).start()

    def _kill(self, w: _Worker) -> None:
        with self._lock:
            self._all.discard(w)
        if w.process.is_alive():
            w.process.kill()
        w.process.join(5)
        w.conn.close()

    def run(self, text: str, timeout: float, max_rows: int | None) -> Result:
        wait = max(timeout, 10.0)  # queueing for a worker (or for one to start) is not the query's time
        try:
            w = self._idle.get(timeout=wait)
        except queue.Empty:
            raise ServiceBusy(f"all query workers busy for {wait:g} s; try again") from None
        deadline = time.monotonic() + timeout
        try:
            w.conn.send((text, max_rows))
            if not w.conn.poll(max(0.0, deadline - time.monotonic())):
                self.killed += 1
                self._replace(w)
                w = None
                raise QueryTimeout(f"query stopped at the time limit of {timeout:g} s")
            kind, payload = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            if w is not None:
                self._replace(w)
                w = None
            raise QueryError("the query worker died; try again") from None
        finally:
            if w is not None:
                self._idle.put(w)
        if kind == "ok":
            return payload
        if kind == "syntax":
            raise QuerySyntaxError(*payload)
        raise QueryError(payload)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for w in workers:
            self._kill(w)


class QueryService:
    """A read-only query service with a time limit and a row cap, over a graph file or a store."""

    def __init__(self, graph: str | Path | None = None, store: str | Path | None = None,
                 timeout: float = 30.0, max_rows: int = 10000, workers: int = 2, backend=None):
        from ..stores.store import StoreError, load_graph
        self.timeout, self.max_rows = float(timeout), int(max_rows)
        if backend is not None:
            self.runner, self.name = RdflibRunner(backend), "graph"
        elif store:
            p = Path(store)
            if not p.is_dir():
                raise StoreError(f"{p}: no such store (build one with `policykg build --store {p}`)")
            import pyoxigraph
            try:  # fail here, in the caller, if the store cannot be opened
                probe = pyoxigraph.Store.read_only(str(p))
                self.triples = len(probe)
                del probe
            except OSError as e:
                raise StoreError(f"{p}: cannot open the store read-only: {e}") from None
            self.runner, self.name = OxigraphRunner(p, workers), str(p)
        else:
            if graph is None:
                raise StoreError("no graph given: use --graph FILE or --store DIR")
            g = load_graph(graph)
            self.triples = len(g)
            self.runner, self.name = RdflibRunner(g), str(graph)

    @property
    def engine(self) -> str:
        return self.runner.engine

    def query(self, text: str) -> Result:
        if is_update(text):
            raise PermissionError("this endpoint is read-only: SPARQL Update is not accepted")
        if uses_service(text):  # the server would fetch any URL a client names
            raise PermissionError("SERVICE (federated query) is not allowed on this endpoint")
        # no separate syntax check here: it would run outside the time limit (Oxigraph answers ASK
        # at once); the engine's parser reports errors, with rdflib's line:column, under the limit
        return self.runner.run(text, self.timeout, self.max_rows)

    def close(self) -> None:
        self.runner.close()


# ---------------------------------------------------------------- HTTP

def negotiate(accept: str | None, kind: str) -> tuple[str, str] | None:
    """(format, content type) for an Accept header, or None when nothing acceptable is offered."""
    ranges = []
    for i, part in enumerate((accept or "*/*").split(",")):
        bits = [b.strip() for b in part.split(";")]
        mt, q = bits[0].lower(), 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if mt and q > 0:
            ranges.append((-q, i, mt))
    ranges.sort()
    for _, _, mt in ranges:
        if kind == "graph":
            if mt in GRAPH_TYPES or mt in ("*/*", "text/*", "application/*"):
                return "nt", "application/n-triples" if mt not in ("text/turtle", "text/plain") else mt
            continue
        if mt in RESULT_TYPES:
            return RESULT_TYPES[mt]
        if mt in ("*/*", "application/*"):
            return RESULT_TYPES["application/sparql-results+json"]
        if mt == "text/*":
            return RESULT_TYPES["text/csv"]
        if mt == "text/plain":
            return "tsv", "text/plain"
    return None


SERIALIZERS = {"json": format_json, "csv": format_csv, "tsv": format_tsv, "xml": format_xml, "nt": format_ntriples}


class Handler(BaseHTTPRequestHandler):
    server_version = "policykg-sparql/1"
    service: QueryService  # set on the subclass made by make_server
    quiet = False

    def log_message(self, fmt, *args):  # noqa: D401 - http.server API
        if not self.quiet:
            sys.stderr.write("%s - %s\n" % (self.address_string(), fmt % args))

    # -- helpers
    def _send(self, status: int, body: bytes | str, ctype: str = "text/plain; charset=utf-8",
              headers: dict | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, status: int, message: str) -> None:
        self._send(status, message.rstrip("\n") + "\n")

    # -- routes
    def do_GET(self):
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/index.html"):
            page = (ASSETS / "query.html").read_bytes()
            return self._send(200, page, "text/html; charset=utf-8",
                              {"Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                                                          "style-src 'self' 'unsafe-inline'"})
        if url.path == "/queries":
            return self._queries()
        if url.path.startswith("/queries/"):
            return self._bound_query(url.path[len("/queries/"):], params)
        if url.path != "/sparql":
            return self._error(404, f"not found: {url.path} (the endpoint is /sparql, the query page /)")
        if "update" in params:
            return self._error(403, "this endpoint is read-only: SPARQL Update is not accepted")
        queries = params.get("query")
        if not queries:
            if "text/html" in (self.headers.get("Accept") or ""):
                self.send_response(303)
                self.send_header("Location", "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            return self._error(400, "missing query: GET /sparql?query=… or POST a query (SPARQL 1.1 Protocol)")
        if len(queries) > 1:
            return self._error(400, "more than one query parameter")
        return self._run(queries[0], params)

    do_HEAD = do_GET

    def do_POST(self):
        url = urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(404, f"not found: {url.path} (the endpoint is /sparql)")
        params = parse_qs(url.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self._error(400, "bad Content-Length")
        if length > MAX_BODY:
            return self._error(413, f"request body over {MAX_BODY} bytes")
        body = self.rfile.read(length) if length else b""
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._error(400, "request body is not UTF-8")
        if ctype == "application/sparql-update":
            return self._error(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                return self._error(403, "this endpoint is read-only: SPARQL Update is not accepted")
            params.update(form)
            queries = form.get("query") or params.get("query")
            if not queries:
                return self._error(400, "missing query= in the form")
            return self._run(queries[0], params)
        if ctype == "application/sparql-query":
            return self._run(text, params)
        return self._error(415, "POST application/sparql-query or application/x-www-form-urlencoded (query=…)")

    def do_PUT(self):
        self._error(405, "this endpoint is read-only")

    do_DELETE = do_PATCH = do_PUT

    def _run(self, text: str, params: dict) -> None:
        svc = self.service
        fmt = (params.get("format") or params.get("output") or [""])[0].lower()
        accept = FORMAT_PARAM.get(fmt) or self.headers.get("Accept")
        t0 = time.monotonic()
        try:
            res = svc.query(text)
        except PermissionError as e:
            return self._error(403, str(e))
        except QuerySyntaxError as e:
            return self._error(400, e.pretty())
        except (QueryTimeout, ServiceBusy) as e:
            return self._error(503, str(e))
        except QueryError as e:
            return self._error(400, str(e))
        except Exception as e:  # noqa: BLE001 - never a traceback to the client
            return self._error(500, f"query failed: {type(e).__name__}: {e}")
        kind = "graph" if res.kind == "graph" else "results"
        neg = negotiate(accept, kind)
        if neg is None:
            offered = ", ".join(GRAPH_TYPES if kind == "graph" else RESULT_TYPES)
            return self._error(406, f"cannot answer in {accept!r}; offered: {offered}")
        name, ctype = neg
        body = SERIALIZERS[name](res)
        headers = {"X-Policykg-Elapsed-Ms": str(int((time.monotonic() - t0) * 1000)), "Vary": "Accept"}
        if res.truncated:
            headers["X-Policykg-Truncated"] = "true"
            headers["X-Policykg-Max-Rows"] = str(svc.max_rows)
        self._send(200, body, ctype + "; charset=utf-8", headers)

    def _queries(self) -> None:
        lib = [{"name": q.name, "title": q.title, "description": q.description,
                "params": [{"name": p.name, "type": p.type, "default": p.default} for p in q.params.values()]}
               for q in named_queries().values()]
        self._send(200, json.dumps(lib, ensure_ascii=False), "application/json; charset=utf-8")

    def _bound_query(self, name: str, params: dict) -> None:
        if name not in named_queries():
            return self._error(404, f"no query named {name!r}")
        try:
            text = bind_params(load_query(name), {k: v[0] for k, v in params.items()})
        except QueryError as e:
            return self._error(400, str(e))
        self._send(200, json.dumps({"name": name, "query": text}, ensure_ascii=False),
                   "application/json; charset=utf-8")


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, service: QueryService, quiet: bool = False):
        handler = type("BoundHandler", (Handler,), {"service": service, "quiet": quiet})
        super().__init__(address, handler)
        self.service = service

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.server_close()
        self.service.close()


def make_server(service: QueryService, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False) -> SparqlServer:
    """A server bound to ``host:port`` (port 0 = any free port); call ``serve_forever()`` then ``close()``."""
    return SparqlServer((host, port), service, quiet=quiet)
