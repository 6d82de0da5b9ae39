"""``policykg build``: sources (files or folders) → ``OUT/graph.ttl`` (and other formats, and a store).

- Bad sources (empty, binary, undecodable, not a plan) are reported in one line naming the file and
  the reason, then skipped or, with ``on_error="fail"``, end the build before anything is written.
- Extraction runs over ``jobs`` processes; output is identical to a serial build.
- Incremental: each source's extraction is cached under a key of its bytes, its manifest row and the
  extractor's fingerprint; each plan's triples are cached under that key and how its citations
  resolve. An unchanged corpus is recognised from the build state and not rebuilt at all; one changed
  plan costs one plan's extraction; a deleted plan's triples disappear from every output.
- Streaming: outputs are written plan by plan from cached triples; with ``store`` the plans flow into
  an Oxigraph store, one named graph per plan, so memory stays flat in the number of plans.
- Atomic: outputs go to temporary names renamed into place only when all are complete.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from extract.manifest import ManifestRow, read_manifest
from extract.pipeline import Extractor, doc_id, fingerprint
from extract.reading import HTML_SUFFIXES, TEXT_SUFFIXES, SourceError, read_bytes

from . import __version__

FORMATS = {"ttl": "graph.ttl", "nt": "graph.nt", "nq": "graph.nq", "trig": "graph.trig",
           "jsonld": "graph.jsonld", "xml": "graph.rdf"}
SKIP_NAMES = {"manifest.csv", "README.md", "readme.md", "README.txt"}
STATE_FILE = ".policykg-build.json"
MAP_MAX_PLANS = 300  # above this the default map is not drawn (use `policykg map` with a filter)


class BuildError(RuntimeError):
    """A build that cannot complete; the message is one line for the user."""


@dataclass
class Source:
    path: Path
    row: ManifestRow | None
    id: str
    key: str  # cache key: bytes + manifest row + extractor fingerprint


@dataclass
class BuildResult:
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    written: list[Path] = field(default_factory=list)
    extracted: int = 0  # sources extracted in this run (cache misses)
    up_to_date: bool = False

    def summary(self) -> dict[str, int]:
        return {**self.counts, "skipped": len(self.skipped)}


# --- sources -------------------------------------------------------------------------------------


def collect_sources(paths: list[str | Path]) -> list[tuple[Path, ManifestRow | None]]:
    """Source files under ``paths`` (sorted), each with its folder's manifest row if any."""
    out: list[tuple[Path, ManifestRow | None]] = []
    manifests: dict[Path, dict[str, ManifestRow]] = {}

    def row_for(f: Path) -> ManifestRow | None:
        d = f.parent
        if d not in manifests:
            m = d / "manifest.csv"
            manifests[d] = read_manifest(m) if m.is_file() else {}
        return manifests[d].get(f.name)

    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.name not in SKIP_NAMES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts)
                           and f.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES)
            out += [(f, row_for(f)) for f in files]
        elif p.is_file():
            out.append((p, row_for(p)))
        else:
            raise BuildError(f"{p}: no such file or folder")
    return out


@lru_cache(maxsize=None)
def cache_fingerprint() -> str:
    """The extractor's fingerprint and the code that turns records into summaries and triples:
    a change to either makes every cached entry a miss."""
    import graph

    h = hashlib.sha256(fingerprint().encode())
    root = Path(graph.__file__).parent
    for name in ("rdf.py", "terms.py", "iris.py", "vocab.py"):
        h.update((root / name).read_bytes())
    return h.hexdigest()[:16]


def _keyed(sources: list[tuple[Path, ManifestRow | None]]) -> list[Source]:
    fp = cache_fingerprint()
    out, seen = [], {}
    for path, row in sources:
        sid = (row.id if row and row.id else None) or doc_id(path)
        if sid in seen:
            raise BuildError(f"{path}: id '{sid}' is also the id of {seen[sid]}; "
                             "give one of them an id in manifest.csv")
        seen[sid] = path
        h = hashlib.sha256(fp.encode())
        h.update(repr(row).encode())
        h.update(sid.encode())
        try:
            h.update(path.read_bytes())
        except OSError as e:
            raise BuildError(f"{path}: cannot read: {e.strerror}") from None
        out.append(Source(path, row, sid, h.hexdigest()[:32]))
    return out


# --- cache -----------------------------------------------------------------------------------------


class Cache:
    """Pickled extraction results and per-plan triples, by key, under one folder."""

    def __init__(self, root: Path | None):
        self.root = root
        if root:
            root.mkdir(parents=True, exist_ok=True)
        self._mem: dict[str, object] = {}

    def path(self, kind: str, key: str) -> Path:
        assert self.root
        return self.root / kind / key[:2] / f"{key}.pkl"

    def get(self, kind: str, key: str):
        if not self.root:
            return self._mem.get(f"{kind}/{key}")
        p = self.path(kind, key)
        if not p.is_file():
            return None
        try:
            with p.open("rb") as f:
                return pickle.load(f)
        except Exception:  # a damaged entry is a miss
            return None

    def put(self, kind: str, key: str, value) -> None:
        if not self.root:
            self._mem[f"{kind}/{key}"] = value
            return
        p = self.path(kind, key)
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".tmp.")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, p)


# --- extraction ----------------------------------------------------------------------------------

_worker: dict[str, object] = {}


def _extract_one(args: tuple[str, ManifestRow | None, str, str, str | None]):
    """Extract one source in a worker: cache its record and summary, return the summary or the error."""
    from graph.rdf import summarize

    path, row, sid, key, cache_root = args
    ex = _worker.setdefault("extractor", Extractor())
    cache = _worker.get(cache_root)
    if cache is None:
        cache = _worker[cache_root] = Cache(Path(cache_root) if cache_root else None)
    try:
        data = Path(path).read_bytes()
        rec = ex(read_bytes(data, path, html=True if Path(path).suffix.lower() in HTML_SUFFIXES else None),
                 row, doc=sid)
    except SourceError as e:
        if cache.root:
            cache.put("error", key, e.reason)
        return key, None, e.reason, None
    summary = summarize(rec)
    counts = rec.summary()
    if cache.root:
        cache.put("record", key, rec)
        cache.put("summary", key, (summary, counts))
        return key, (summary, counts), None, None
    return key, (summary, counts), None, rec


def extract_sources(sources: list[Source], cache: Cache, jobs: int, on_error: str,
                    progress: Callable[[int, int, Path], None] | None, warn: Callable[[str], None] | None
                    ) -> tuple[dict[str, tuple], list[tuple[str, str]], set[str], dict[str, object]]:
    """Summaries of every readable source (cached or extracted now), the skipped ones, the keys
    extracted in this run, and records kept in memory (when there is no cache folder)."""
    from graph.rdf import compact

    found: dict[str, tuple] = {}
    records: dict[str, object] = {}
    todo = []
    known_bad: list[tuple] = []
    for s in sources:
        hit = cache.get("summary", s.key)
        if hit is not None:
            found[s.key] = (compact(hit[0]), hit[1])
            continue
        reason = cache.get("error", s.key)
        if reason is not None:  # unreadable last time and unchanged since: the same reason
            known_bad.append((s.key, None, reason, None))
        else:
            todo.append(s)
    skipped: list[tuple[str, str]] = []
    args = [(str(s.path), s.row, s.id, s.key, str(cache.root) if cache.root else None) for s in todo]
    by_key = {s.key: s for s in sources}
    done = len(found) + len(known_bad)
    if jobs > 1 and len(todo) >= 8 and cache.root:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results: Iterator = pool.map(_extract_one, args, chunksize=max(1, min(16, len(todo) // (jobs * 8))))
            results = list(_progress(results, done, len(sources), by_key, progress))
    else:
        results = list(_progress(map(_extract_one, args), done, len(sources), by_key, progress))
    for key, value, reason, rec in known_bad + results:
        src = by_key[key]
        if reason is not None:
            if on_error == "fail":
                raise BuildError(f"{src.path}: {reason}")
            skipped.append((str(src.path), reason))
            if warn:
                warn(f"skipped {src.path}: {reason}")
            continue
        found[key] = (compact(value[0]), value[1])
        if rec is not None:
            records[key] = rec
    skipped.sort()
    return found, skipped, {s.key for s in todo if s.key in found}, records


def _progress(results, done, total, by_key, progress):
    for n, r in enumerate(results, done + 1):
        if progress:
            progress(n, total, by_key[r[0]].path)
        yield r


# --- writing ---------------------------------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Outputs:
    """Temp files for every output, renamed into place together (or all removed on failure)."""

    def __init__(self) -> None:
        self.temps: list[tuple[Path, Path]] = []

    def open(self, final: Path):
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", dir=final.parent)
        self.temps.append((Path(tmp), final))
        return os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def abort(self) -> None:
        for tmp, _ in self.temps:
            tmp.unlink(missing_ok=True)

    def commit(self) -> list[Path]:
        mode = 0o666 & ~_umask()
        for tmp, final in self.temps:
            os.chmod(tmp, mode)
            os.replace(tmp, final)
        return [final for _, final in self.temps]


def _plan_triples(src: Source, summary, docs, cache: Cache, records: dict):
    """A plan's triples from cache, or made from its (cached) record; the fragment key for the store."""
    from graph.rdf import plan_triples

    fkey = hashlib.sha256((src.key + repr(docs.resolutions(summary))).encode()).hexdigest()[:32]
    triples = cache.get("triples", fkey)
    if triples is None:
        rec = records.get(src.key) or cache.get("record", src.key)
        if rec is None:
            raise BuildError(f"{src.path}: cache entry missing; rebuild with --no-cache")
        triples = plan_triples(rec, docs)
        cache.put("triples", fkey, triples)
    return triples, fkey


def write_outputs(out_dir: Path, formats: list[str], plans: list[tuple[Source, object]],
                  shared: Callable[[], Iterable],
                  plan_triples: Callable[[Source, object], tuple[list, str]], texts: Callable[[Source], str | None],
                  outputs: _Outputs) -> dict[str, str]:
    """Stream every format plan by plan; return each plan's fragment key."""
    from graph import iris
    from graph import terms as T
    from graph.rdf import PREFIXES, SHARED_GRAPH

    tw = T.TurtleWriter(PREFIXES)
    files = {f: outputs.open(out_dir / FORMATS[f]) for f in formats if f in ("ttl", "nt", "nq", "trig")}
    small = [f for f in formats if f in ("jsonld", "xml")]
    nt_all: list[str] | None = [] if small else None

    def write(triples: list, graph_iri: str) -> None:
        """One chunk (the shared nodes, or one plan) in every streamed format."""
        if "ttl" in files:
            files["ttl"].write(tw.blocks(triples))
        if "trig" in files:
            files["trig"].write(f"<{graph_iri}> {{\n" + tw.blocks(triples) + "}\n\n")
        if "nt" in files:
            files["nt"].write(T.ntriples(triples))
        if "nq" in files:
            files["nq"].write(T.nquads(triples, graph_iri))
        if nt_all is not None:
            nt_all.append(T.ntriples(triples))

    for f in ("ttl", "trig"):
        if f in files:
            files[f].write(tw.header)
    for part in slices(shared()):
        write(part, SHARED_GRAPH)
    fkeys = {}
    for src, summary in plans:
        triples, fkeys[src.id] = plan_triples(src, summary)
        write(triples, str(iris.plan(src.id)))
        text = texts(src)
        if text is not None:
            with outputs.open(out_dir / "texts" / f"{src.id}.txt") as f:
                f.write(text)
    for f in files.values():
        f.close()
    if small:
        from rdflib import Graph

        g = Graph().parse(data="".join(nt_all), format="nt")
        for p, ns in PREFIXES.items():
            g.bind(p, ns, override=True)
        for f in small:
            with outputs.open(out_dir / FORMATS[f]) as fh:
                fh.write(g.serialize(format={"jsonld": "json-ld", "xml": "xml"}[f]))
    return fkeys


def slices(triples: Iterable, size: int = 20_000) -> Iterator[list]:
    """``triples`` in runs of about ``size``, cut only where the subject changes.

    The shared nodes of a large corpus are hundreds of thousands of triples; formatting them a run
    at a time keeps the strings small, and each subject still lands in one Turtle block.
    """
    run: list = []
    for t in triples:
        if len(run) >= size and t[0] != run[-1][0]:
            yield run
            run = []
        run.append(t)
    if run:
        yield run


class _StoreWriter:
    """Changes to an Oxigraph store: named graphs removed, N-Quads bulk-loaded a bounded chunk at a time.

    The store is closed and reopened after every chunk so that whatever the store keeps in memory
    between loads is let go; chunks are small because the bulk loader holds each one in memory.
    """

    CHUNK = 50_000  # quads per bulk load: Oxigraph's loader holds about 0.3 kB a quad while it runs

    def __init__(self, store_dir: Path):
        from graph.store import open_store

        self.open = lambda: open_store(store_dir, create=True)
        self.store = self.open()
        fd, self.path = tempfile.mkstemp(suffix=".nq")
        self.f = os.fdopen(fd, "w", encoding="utf-8")
        self.n = 0

    def clear(self) -> None:
        self.store.clear()

    def remove_graph(self, iri: str) -> None:
        import pyoxigraph

        self.store.remove_graph(pyoxigraph.NamedNode(iri))

    def add(self, nquads: str, count: int) -> None:
        self.f.write(nquads)
        self.n += count
        if self.n >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        import pyoxigraph

        self.f.close()
        if self.n:
            self.store.bulk_load(path=self.path, format=pyoxigraph.RdfFormat.N_QUADS)
            self.store.flush()
            del self.store
            self.store = self.open()
        self.f = open(self.path, "w", encoding="utf-8")
        self.n = 0

    def close(self) -> None:
        self.f.close()
        os.unlink(self.path)
        del self.store  # releases the store's lock for readers and later builds


def update_store(store_dir: Path, plans: list[tuple[Source, object]], shared: Callable[[], Iterable],
                 fkeys: dict[str, str],
                 plan_triples: Callable, old: dict) -> dict:
    """Bring an Oxigraph store in line: reload changed plans' named graphs, drop deleted ones."""
    from graph import iris
    from graph import terms as T
    from graph.rdf import SHARED_GRAPH

    old_plans: dict[str, str] = old.get("plans", {}) if old.get("location") == str(store_dir.resolve()) else {}
    w = _StoreWriter(store_dir)
    try:
        if not old_plans:
            w.clear()
        current = {src.id for src, _ in plans}
        for pid in sorted(set(old_plans) - current):
            w.remove_graph(str(iris.plan(pid)))
        for src, summary in plans:
            if old_plans.get(src.id) == fkeys[src.id]:
                continue
            if src.id in old_plans:
                w.remove_graph(str(iris.plan(src.id)))
            triples, _ = plan_triples(src, summary)
            w.add(T.nquads(triples, str(iris.plan(src.id))), len(triples))
        digest = hashlib.sha256()
        for part in slices(shared()):
            digest.update(T.ntriples(part).encode())
        shared_digest = digest.hexdigest()
        if old.get("shared") != shared_digest or not old_plans:
            if old_plans:
                w.remove_graph(SHARED_GRAPH)
            for part in slices(shared()):
                w.add(T.nquads(part, SHARED_GRAPH), len(part))
        w.flush()
    finally:
        w.close()
    return {"location": str(store_dir.resolve()), "plans": {s.id: fkeys[s.id] for s, _ in plans},
            "shared": shared_digest}


# --- the build ---------------------------------------------------------------------------------------


def _state_digest(sources: list[Source], formats: list[str], store: Path | None) -> str:
    h = hashlib.sha256(f"{__version__}|{cache_fingerprint()}|{sorted(formats)}|{store}".encode())
    for s in sources:
        h.update(f"{s.id}:{s.key}\n".encode())
    return h.hexdigest()


def _read_state(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _outputs_intact(out_dir: Path, state: dict) -> bool:
    for name, size in state.get("outputs", {}).items():
        p = out_dir / name
        if not p.is_file() or p.stat().st_size != size:
            return False
    return True


def build(paths: list[str | Path], out_dir: str | Path, formats: list[str] | None = None,
          on_error: str = "skip", progress=None, warn=None, jobs: int | None = None,
          cache: bool = True, store: str | Path | None = None, draw_map: bool = False) -> BuildResult:
    """Extract ``paths`` and write the graph to ``out_dir``; see the module docstring."""
    from graph.rdf import DocIndex, iter_shared_triples

    formats = list(dict.fromkeys(formats or ["ttl"]))
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise BuildError(f"unknown format {bad[0]!r}; choose from {', '.join(FORMATS)}")
    out = Path(out_dir)
    store_dir = Path(store) if store else None
    sources = _keyed(collect_sources(paths))
    if not sources:
        raise BuildError("no source files found (looked for .txt and .html files)")
    state = _read_state(out)
    digest = _state_digest(sources, formats, store_dir)
    if state.get("digest") == digest and _outputs_intact(out, state) and (
            not store_dir or (store_dir.is_dir() and state.get("store", {}).get("location") == str(store_dir.resolve()))):
        return BuildResult(counts=state["counts"], skipped=[tuple(x) for x in state.get("skipped", [])],
                           up_to_date=True)
    cache_obj = Cache(out / ".cache" if cache else None)
    jobs = jobs or os.cpu_count() or 1
    found, skipped, new_keys, records = extract_sources(sources, cache_obj, jobs, on_error, progress, warn)
    plans = sorted(((s, found[s.key][0]) for s in sources if s.key in found), key=lambda x: x[0].id)
    if not plans:
        raise BuildError("no plan could be read from the sources; nothing written")
    docs = DocIndex([summary for _, summary in plans])
    summaries = [summary for _, summary in plans]

    def shared():  # the shared nodes, computed again for each use rather than held
        return iter_shared_triples(summaries, docs)
    def texts(src: Source) -> str | None:
        p = out / "texts" / f"{src.id}.txt"
        if src.key not in new_keys and p.is_file():
            return None
        rec = records.get(src.key) or cache_obj.get("record", src.key)
        return rec.text if rec is not None else None

    outputs = _Outputs()
    try:
        fkeys = write_outputs(out, formats, plans, shared,
                              lambda s, summ: _plan_triples(s, summ, docs, cache_obj, records), texts, outputs)
        if draw_map and "ttl" in formats and len(plans) <= MAP_MAX_PLANS:
            _write_map(out, outputs)
    except BaseException:
        outputs.abort()
        raise
    written = outputs.commit()
    for stale in (out / "texts").glob("*.txt") if (out / "texts").is_dir() else []:
        if stale.stem not in {s.id for s, _ in plans}:
            stale.unlink()
    store_state = {}
    if store_dir:
        store_state = update_store(store_dir, plans, shared, fkeys,
                                   lambda s, summ: _plan_triples(s, summ, docs, cache_obj, records),
                                   state.get("store", {}))
    counts = _counts(found, plans)
    outs = {f: (out / FORMATS[f]).stat().st_size for f in formats}
    (out / STATE_FILE).write_text(json.dumps(
        {"digest": digest, "counts": counts, "skipped": skipped, "store": store_state,
         "outputs": {FORMATS[f]: n for f, n in outs.items()}}, ensure_ascii=False, indent=1), encoding="utf-8")
    return BuildResult(counts=counts, skipped=skipped, written=written, extracted=len(new_keys))


def _counts(found: dict, plans: list) -> dict[str, int]:
    s = {"plans": len(plans), "tasks": 0, "tasks_with_departments": 0, "departments": 0,
         "citations": 0, "institutions": 0, "targets": 0}
    depts = set()
    for src, summary in plans:
        _, counts = found[src.key]
        for k in ("tasks", "tasks_with_departments", "citations", "institutions", "targets"):
            s[k] += counts[k]
        depts |= set(summary.responsible)
    s["departments"] = len(depts)
    return s


def _write_map(out: Path, outputs: _Outputs) -> None:
    """The departments map beside the graph, drawn from the Turtle just written."""
    from rdflib import Graph

    from graph.mapview import write_map

    ttl = next((tmp for tmp, final in outputs.temps if final.name == FORMATS["ttl"]), None)
    if ttl is None:
        return
    g = Graph().parse(ttl, format="turtle")
    outputs.open(out / "map.html").close()  # reserve the temp file, renamed with the others
    write_map(g, outputs.temps[-1][0], view="departments")


def stderr_progress(n: int, total: int, path: Path) -> None:
    """A progress counter on stderr, shown when there are many files."""
    if total < 20:
        return
    if sys.stderr.isatty():
        sys.stderr.write(f"\r[{n}/{total}] {path.name[:50]:<50}")
        if n == total:
            sys.stderr.write("\n")
        sys.stderr.flush()
    elif n % 100 == 0 or n == total:
        sys.stderr.write(f"[{n}/{total}] {path.name}\n")
