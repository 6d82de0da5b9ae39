"""A read-only SPARQL 1.1 Protocol endpoint over a graph file or an Oxigraph store (stdlib HTTP).

- ``/sparql``: GET ``?query=``, POST ``application/x-www-form-urlencoded`` (``query=``) or POST
  ``application/sparql-query``. SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV; CONSTRUCT and
  DESCRIBE in Turtle, N-Triples, RDF/XML, JSON-LD or N3; chosen by ``Accept`` (q-values honoured) or by
  a ``format=``/``output=``/``results=`` parameter; every answer is written by Oxigraph's serialisers.
- **Refused with 403** before anything runs, on the parsed query (``graph.query.syntax``): every
  update (``update=``, ``application/sparql-update``, or an update sent as a query: INSERT, DELETE,
  LOAD, CLEAR, DROP, CREATE, COPY, MOVE, ADD, WITH …) and ``SERVICE``. The engine itself could fetch
  a SERVICE URL, so queries run in worker processes that cannot open network sockets
  (``graph.query.sandbox``). PUT, DELETE and PATCH are 405.
- **Limits**: a query runs at most ``timeout`` seconds (then 503, its worker killed); at most
  ``max_rows`` rows or triples are returned (header ``X-Policykg-Truncated: true``); a body is at most
  1 MiB (413); a request must arrive whole within ``read_timeout`` seconds (408); a kept-alive
  connection idle for ``idle_timeout`` seconds is closed; at most ``max_connections`` at once.
- Slow queries do not starve quick ones: see ``graph.query.workers``.
- HTTP/1.1 with keep-alive, a listen backlog of 128; binds to 127.0.0.1 unless told otherwise.
- ``/``: an offline query page (plain JS, no CDN); ``/queries`` lists the named queries as JSON and
  ``/queries/NAME?param=value`` returns one with its parameters bound (safely, by ``graph.query.engine``).
"""
from __future__ import annotations

import json
import sys
import threading
import time
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .engine import READ_ONLY, QueryError, QuerySyntaxError, bind_params, load_query, named_queries
from .workers import Job, QueryTimeout, Reply, ServiceBusy, WorkerPool

ASSETS = Path(__file__).resolve().parent / "assets"
MAX_BODY = 1 << 20        # bytes of a request body (a query of more is refused, 413)
IDLE_TIMEOUT = 15.0       # seconds a kept-alive connection may wait for its next request
READ_TIMEOUT = 30.0       # seconds for a whole request (line, headers, body) to arrive
MAX_CONNECTIONS = 256

# media type asked for → (writer of engine.write_results, content type sent)
RESULT_TYPES = {
    "application/sparql-results+json": ("json", "application/sparql-results+json"),
    "application/json": ("json", "application/sparql-results+json"),
    "application/sparql-results+xml": ("xml", "application/sparql-results+xml"),
    "application/xml": ("xml", "application/sparql-results+xml"),
    "text/xml": ("xml", "application/sparql-results+xml"),
    "text/csv": ("csv", "text/csv"),
    "text/tab-separated-values": ("tsv", "text/tab-separated-values"),
    "text/plain": ("tsv", "text/plain"),
    "*/*": ("json", "application/sparql-results+json"),
    "application/*": ("json", "application/sparql-results+json"),
    "text/*": ("csv", "text/csv"),
}
GRAPH_TYPES = {
    "text/turtle": ("turtle", "text/turtle"),
    "application/turtle": ("turtle", "text/turtle"),
    "application/x-turtle": ("turtle", "text/turtle"),
    "application/n-triples": ("ntriples", "application/n-triples"),
    "text/plain": ("ntriples", "text/plain"),
    "application/rdf+xml": ("rdfxml", "application/rdf+xml"),
    "application/xml": ("rdfxml", "application/rdf+xml"),
    "text/xml": ("rdfxml", "application/rdf+xml"),
    "application/ld+json": ("jsonld", "application/ld+json"),
    "application/x-json+ld": ("jsonld", "application/ld+json"),
    "application/json": ("jsonld", "application/ld+json"),
    "text/n3": ("n3", "text/n3"),
    "text/rdf+n3": ("n3", "text/n3"),
    "application/n3": ("n3", "text/n3"),
    "*/*": ("turtle", "text/turtle"),
    "text/*": ("turtle", "text/turtle"),
    "application/*": ("ntriples", "application/n-triples"),
}
TYPES = {"results": RESULT_TYPES, "graph": GRAPH_TYPES}
# format= / output= / results= values (SPARQLWrapper sends all three) → media type, per kind of result
FORMAT_NAMES = {
    "results": {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"},
    "graph": {"turtle": "text/turtle", "ttl": "text/turtle", "n3": "text/n3", "nt": "application/n-triples",
              "ntriples": "application/n-triples", "n-triples": "application/n-triples",
              "xml": "application/rdf+xml", "rdf": "application/rdf+xml", "rdfxml": "application/rdf+xml",
              "rdf+xml": "application/rdf+xml", "json": "application/ld+json", "jsonld": "application/ld+json",
              "json-ld": "application/ld+json"},
}


def negotiate(accept: str | None, kind: str, formats: list[str] | tuple[str, ...] = ()) -> tuple[str, str] | None:
    """(writer, content type) for a result of ``kind`` (``results`` or ``graph``): the first of
    ``formats`` (format= values: a name or a media type) that fits, else the ``Accept`` header's best
    (q-values, then order), else None (406)."""
    table = TYPES[kind]
    for f in formats:
        f = f.strip().lower()
        mt = FORMAT_NAMES[kind].get(f, f)
        if mt in table and "*" not in mt:
            return table[mt]
    ranges = []
    for i, part in enumerate((accept or "*/*").split(",")):
        bits = [b.strip() for b in part.split(";")]
        mt, q = bits[0].lower(), 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if mt and q > 0:
            ranges.append((-q, i, mt))
    for _, _, mt in sorted(ranges):
        if mt in table:
            return table[mt]
    return None


class QueryService:
    """A read-only query service over a graph file (loaded into memory) or an Oxigraph store, with a
    time limit and a row cap, answering in the formats clients ask for (see ``graph.query.workers``)."""

    def __init__(self, graph: str | Path | None = None, store: str | Path | None = None,
                 timeout: float = 30.0, max_rows: int = 10000, workers: int = 2, max_workers: int | None = None,
                 slow_after: float = 1.0):
        from ..stores.store import StoreError, graph_file
        self.timeout, self.max_rows = float(timeout), int(max_rows)
        if store:
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
            kind, path, self.where = "disk", p, "store on disk"
        else:
            if graph is None:
                raise StoreError("no graph given: use --graph FILE or --store DIR")
            path, kind, self.where = graph_file(graph), "memory", "graph in memory"
            if not path.is_file():
                raise StoreError(f"{path}: no such graph file")
        try:
            self.pool = WorkerPool(kind, str(path), warm=workers, max_workers=max_workers, slow_after=slow_after)
        except QueryError as e:
            raise StoreError(str(e)) from None
        if kind == "memory":
            self.triples = self.pool.size
        self.name, self.engine = str(path), "oxigraph"
        self._known: OrderedDict[str, str | Reply] = OrderedDict()  # text → form if fine, else its refusal
        self._lock = threading.Lock()

    def answer(self, text: str, results_format: str | None, graph_format: str | None) -> Reply:
        """Run ``text`` with the writers the client accepts; raises ``QueryTimeout``/``ServiceBusy``."""
        with self._lock:
            known = self._known.get(text)
        if isinstance(known, Reply):
            return known
        job = Job(text, results_format, graph_format, self.max_rows, form=known)
        reply = self.pool.run(job, self.timeout)
        if known is None and reply.status in ("ok", "noformat", "refused", "syntax") and len(text) <= 65536:
            with self._lock:
                self._known[text] = reply.form if reply.status in ("ok", "noformat") else reply
                while len(self._known) > 512:
                    self._known.popitem(last=False)
        return reply

    def close(self) -> None:
        self.pool.close()


# ---------------------------------------------------------------- HTTP

class _Deadline:
    """The connection's reader, raising ``TimeoutError`` once ``deadline`` has passed however slowly
    the bytes come (a socket timeout alone restarts with every byte received)."""

    def __init__(self, rfile, sock, deadline: float):
        self.rfile, self.sock, self.deadline = rfile, sock, deadline

    def _arm(self) -> None:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("request not received in time")
        self.sock.settimeout(left)

    def readline(self, limit: int = -1) -> bytes:
        out = bytearray()
        while limit < 0 or len(out) < limit:
            self._arm()
            chunk = self.rfile.peek(1)  # at most one recv when nothing is buffered
            if not chunk:
                break
            n = len(chunk)
            nl = chunk.find(b"\n")
            if nl >= 0:
                n = nl + 1
            if limit >= 0:
                n = min(n, limit - len(out))
            out += self.rfile.read(n)
            if out.endswith(b"\n"):
                break
        return bytes(out)

    def read(self, size: int) -> bytes:
        out = bytearray()
        while len(out) < size:
            self._arm()
            chunk = self.rfile.read1(size - len(out))
            if not chunk:
                break
            out += chunk
        return bytes(out)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "policykg-sparql/2"
    service: QueryService  # set on the subclass made by make_server
    quiet = False

    def log_message(self, fmt, *args):  # noqa: D401 - http.server API
        if not self.quiet:
            sys.stderr.write("%s - %s\n" % (self.address_string(), fmt % args))

    # -- one request on a kept-alive connection
    def handle_one_request(self):
        srv = self.server
        try:
            self.connection.settimeout(srv.idle_timeout)
            if not self.rfile.peek(1):  # the client closed the connection
                self.close_connection = True
                return
        except OSError:  # idle for too long (TimeoutError), or reset
            self.close_connection = True
            return
        plain = self.rfile
        self.rfile = _Deadline(plain, self.connection, time.monotonic() + srv.read_timeout)
        self._unread = False
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.requestline, self.request_version, self.command = "", "", ""
                self.send_error(414)
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            method = getattr(self, "do_" + self.command, None)
            if method is None:
                self.close_connection = True
                return self._error(501, f"method {self.command} not supported")
            method()
            if self._unread:  # a body left in the stream would be read as the next request
                self.close_connection = True
            self.wfile.flush()
        except TimeoutError:
            self.close_connection = True
            try:
                self._error(408, f"the request did not arrive within {srv.read_timeout:g} s")
            except OSError:
                pass
        finally:
            self.rfile = plain

    # -- helpers
    def _send(self, status: int, body: bytes | str, ctype: str = "text/plain; charset=utf-8",
              headers: dict | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.connection.settimeout(self.server.read_timeout)  # a client that does not read is let go
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, status: int, message: str, close: bool = False) -> None:
        if close:
            self.close_connection = True
        self._send(status, message.rstrip("\n") + "\n")

    def _body(self) -> bytes | None:
        """The request body (Content-Length bytes), or None after answering why it cannot be had."""
        if self.headers.get("Transfer-Encoding"):
            self._error(411, "send the body with a Content-Length (chunked bodies are not read)", close=True)
            return None
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            return b""
        if len(set(lengths)) > 1 or not lengths[0].strip().isdigit():
            self._error(400, f"bad Content-Length: {lengths[0].strip()[:40]!r}", close=True)
            return None
        length = int(lengths[0])
        if length > MAX_BODY:
            self._error(413, f"request body of {length} bytes, over the limit of {MAX_BODY}", close=True)
            return None
        body = self.rfile.read(length)
        if len(body) < length:
            self._error(400, f"request body ended after {len(body)} of {length} bytes", close=True)
            return None
        return body

    # -- routes
    def do_GET(self):
        if (self.headers.get("Content-Length") or "0").strip() != "0":
            self._unread = True
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
            return self._error(403, READ_ONLY)
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
        body = self._body()
        if body is None:
            return None
        if url.path != "/sparql":
            return self._error(404, f"not found: {url.path} (the endpoint is /sparql)")
        params = parse_qs(url.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._error(400, "request body is not UTF-8")
        if ctype == "application/sparql-update":
            return self._error(403, READ_ONLY)
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                return self._error(403, READ_ONLY)
            params.update(form)
            queries = form.get("query") or params.get("query")
            if not queries:
                return self._error(400, "missing query= in the form")
            return self._run(queries[0], params)
        if ctype == "application/sparql-query":
            return self._run(text, params)
        return self._error(415, "POST application/sparql-query or application/x-www-form-urlencoded (query=…)")

    def do_PUT(self):
        self._unread = True
        self._error(405, "this endpoint is read-only")

    do_DELETE = do_PATCH = do_PUT

    def _run(self, text: str, params: dict) -> None:
        svc = self.service
        formats = [f for k in ("format", "output", "results") for f in params.get(k, []) if f]
        accept = self.headers.get("Accept")
        results, graph = negotiate(accept, "results", formats), negotiate(accept, "graph", formats)
        t0 = time.monotonic()
        try:
            reply = svc.answer(text, results and results[0], graph and graph[0])
        except ServiceBusy as e:
            return self._send(503, str(e) + "\n", headers={"Retry-After": "5"})
        except QueryTimeout as e:
            return self._error(503, str(e))
        except QueryError as e:
            return self._error(500, str(e))
        if reply.status == "refused":
            return self._error(403, reply.message)
        if reply.status == "syntax":
            return self._error(400, QuerySyntaxError(reply.message, text, reply.line, reply.column).pretty())
        if reply.status == "noformat":
            kind = "graph" if reply.form in ("CONSTRUCT", "DESCRIBE") else "results"
            offered = ", ".join(t for t in TYPES[kind] if "*" not in t)
            return self._error(406, f"cannot answer a {reply.form} query in {accept!r}; offered: {offered}")
        if reply.status != "ok":
            return self._error(400, reply.message)
        ctype = (graph if reply.form in ("CONSTRUCT", "DESCRIBE") else results)[1]
        headers = {"X-Policykg-Elapsed-Ms": str(int((time.monotonic() - t0) * 1000)), "Vary": "Accept"}
        if reply.truncated:
            headers["X-Policykg-Truncated"] = "true"
            headers["X-Policykg-Max-Rows"] = str(svc.max_rows)
        self._send(200, reply.body, ctype + "; charset=utf-8", headers)

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
    """The HTTP server: a thread per connection, at most ``max_connections`` of them."""

    daemon_threads = True
    request_queue_size = 128  # the listen backlog: 20 clients connecting at once are queued, not refused

    def __init__(self, address, service: QueryService, quiet: bool = False, idle_timeout: float = IDLE_TIMEOUT,
                 read_timeout: float = READ_TIMEOUT, max_connections: int = MAX_CONNECTIONS):
        handler = type("BoundHandler", (Handler,), {"service": service, "quiet": quiet})
        self.idle_timeout, self.read_timeout = idle_timeout, read_timeout
        self._slots = threading.BoundedSemaphore(max_connections)
        self.quiet = quiet
        super().__init__(address, handler)
        self.service = service

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}"

    def process_request(self, request, client_address):
        if not self._slots.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 21\r\nConnection: close\r\n"
                                b"Retry-After: 5\r\n\r\ntoo many connections\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request, client_address):
        """One line, never a traceback: a client that went away is not the server's error."""
        e = sys.exc_info()[1]
        if isinstance(e, (ConnectionError, TimeoutError)) or self.quiet:
            return
        sys.stderr.write(f"policykg serve: {client_address[0]}: {type(e).__name__}: {e}\n")

    def close(self) -> None:
        self.server_close()
        self.service.close()


def make_server(service: QueryService, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False,
                **limits) -> SparqlServer:
    """A server bound to ``host:port`` (port 0 = any free port); call ``serve_forever()`` then ``close()``.
    ``limits``: ``idle_timeout``, ``read_timeout``, ``max_connections``."""
    return SparqlServer((host, port), service, quiet=quiet, **limits)

