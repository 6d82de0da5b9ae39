"""``policykg build``: sources (files or folders) → ``OUT/graph.ttl`` (and other formats, and a store).

- Bad sources (empty, binary, undecodable, not a plan) are reported in one line naming the file and
  the reason, then skipped or, with ``on_error="fail"``, end the build before anything is written.
- Extraction runs over ``jobs`` processes; output is identical to a serial build.
- Incremental: each source's extraction is cached under a key of its bytes, its manifest row and the
  extractor's fingerprint; each plan's triples are cached under that key and how its citations
  resolve. An unchanged corpus is recognised from the build state and not rebuilt at all; one changed
  plan costs one plan's extraction; a deleted plan's triples disappear from every output.
- Streaming: what plans share (departments, documents, institutions, pairs) is gathered on disk as
  plans arrive (``graph.model.shared``); then one pass writes the shared nodes and each plan's cached
  triples to every format and, with ``store``, into an Oxigraph store (one named graph per plan).
  The build holds only each plan's id, cache key and counts, so memory is near flat in the number
  of plans.
- Atomic: outputs go to temporary names renamed into place only when all are complete.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from extract.manifest import ManifestRow
from extract.identity import fingerprint
from extract.reading import SourceError, read_source

from . import __version__, build_map, workers
from .cleanup import DIGESTS_FILE, InUse, out_lock, scratch_dir, sweep_out, sweep_scratch
from .file_digests import FileDigests
from .malloc_tuning import fixed_mmap_threshold
from .prereading import Early, ReadAhead
from .sources import Checked, SourcesError, check, gather, inside, one_line
from .store_loader import LoaderError
from .store_sync import StoreInUse, StoreSync, store_holds

FORMATS = {"ttl": "graph.ttl", "nt": "graph.nt", "nq": "graph.nq", "trig": "graph.trig",
           "jsonld": "graph.jsonld", "xml": "graph.rdf"}
STATE_FILE = ".policykg-build.json"
COUNTED = ("tasks", "tasks_with_departments", "citations", "institutions", "targets")  # summed over plans
MAP_MAX_PLANS = 300  # above this the default map is not drawn (use `policykg map` with a filter)
FILE_TIMEOUT = 120.0  # seconds to read and extract one file (a 1 MB plan takes about 5); past it the file is skipped


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


def collect_sources(paths: list[str | Path], out: Path, store: Path | None, on_error: str,
                    warn: Callable[[str], None] | None, digests: FileDigests | None = None
                    ) -> tuple[list[Checked], list[tuple[str, str]]]:
    """The sources to build (see ``policykg.sources`` for the rule and the checks) and the problems
    found, each said in one line; with ``on_error="fail"`` the first problem ends the build.
    ``digests``: what earlier builds read of the files (unchanged files are not read again)."""
    for p in map(Path, paths):
        if p.exists() and inside(p, [out.resolve()]):
            raise BuildError(f"{p} is inside the output folder {out}; choose another -o")
    try:
        candidates, problems = gather(paths, exclude=[out] + ([store] if store else []))
    except SourcesError as e:
        raise BuildError(str(e)) from None
    checked, more = check(candidates, digests)
    problems = problems + more
    for where, reason in problems:
        _skip(where, reason, on_error, warn)
    return checked, problems


def _skip(where: str, reason: str, on_error: str, warn: Callable[[str], None] | None) -> None:
    """A source or manifest row not built: with ``on_error="fail"`` it ends the build, otherwise it is
    said in one line."""
    if on_error == "fail":
        raise BuildError(f"{where}: {reason}")
    if warn:
        warn(one_line(f"skipped {where}: {reason}"))


@lru_cache(maxsize=None)
def cache_fingerprint() -> str:
    """The extractor's fingerprint and the code that turns records into summaries and triples:
    a change to either makes every cached entry a miss."""
    import graph

    h = hashlib.sha256(fingerprint().encode())
    root = Path(graph.__file__).parent / "model"
    for name in ("rdf.py", "summary.py", "written.py", "terms.py", "iris.py", "vocab.py"):
        h.update((root / name).read_bytes())
    return h.hexdigest()[:16]


def _keyed(sources: list[Checked]) -> list[Source]:
    fp = cache_fingerprint()
    out = []
    for c in sources:
        h = hashlib.sha256(fp.encode())
        h.update(repr(c.row).encode())
        h.update(c.id.encode())
        h.update(c.sha256)
        out.append(Source(c.path, c.row, c.id, h.hexdigest()[:32]))
    return out


# --- cache -----------------------------------------------------------------------------------------


class Cache:
    """Pickled extraction results, per-plan triples and output texts, by key, under one folder.

    ``persistent=False`` is a build's scratch folder (``--no-cache``): records still go to disk, so
    memory stays flat and workers can hand them over, but nothing meant only for later builds is kept.
    """

    def __init__(self, root: Path, persistent: bool = True):
        self.root, self.persistent = root, persistent
        root.mkdir(parents=True, exist_ok=True)

    def path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / f"{key}.pkl"

    def get(self, kind: str, key: str):
        p = self.path(kind, key)
        if not p.is_file():
            return None
        try:
            with p.open("rb") as f:
                return pickle.load(f)
        except Exception:  # a damaged entry is a miss
            return None

    def recall(self, kind: str, key: str):
        """An entry kept only for later builds (triples, output texts); a scratch cache has none."""
        return self.get(kind, key) if self.persistent else None

    def keep(self, kind: str, key: str, value) -> None:
        """Store an entry meant only for later builds; a scratch cache, gone after the build, does not."""
        if self.persistent:
            self.put(kind, key, value)

    def clear(self) -> None:
        """Remove every entry (a scratch cache once the build has read what it needs)."""
        shutil.rmtree(self.root, ignore_errors=True)

    def put(self, kind: str, key: str, value) -> None:
        p = self.path(kind, key)
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".tmp.")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, p)


# --- extraction ----------------------------------------------------------------------------------

_worker: dict[str, object] = {}


def _extract_one(args: tuple[str, ManifestRow | None, str, str, str, bool, float | None, Early | None, bool]):
    """Extract one source in a worker: cache its record (and, in a persistent cache, its summary);
    return the summary or the reason the source was skipped (reading and extraction past ``limit``
    seconds: skipped, not cached). ``early``: what reading it ahead gave (``policykg.prereading``);
    ``drawn``: also return the plan's rows for the map (``build_map.map_rows``)."""
    from extract.pipeline import Extractor  # imported by workers.warm() before a worker is forked
    from graph.model.summary import summarize

    path, row, sid, key, cache_root, persistent, limit, early, drawn = args
    ex = _worker.get("extractor")
    if ex is None:
        ex = _worker["extractor"] = Extractor()
    cache = _worker.get((cache_root, persistent))
    if cache is None:
        cache = _worker[(cache_root, persistent)] = Cache(Path(cache_root), persistent)
    workers.warm()  # loaded once, outside the time limit
    # the limit covers reading too: the seconds reading ahead took are taken off what extraction may take
    left = max(limit - early[2], 0.001) if early is not None and limit else limit
    try:
        if early is not None and early[0] == "timeout":
            raise workers.FileTimeout(limit)
        if early is not None and early[0] == "error":
            raise SourceError(path, early[1])
        with workers.time_limit(left):
            rec = ex(early[1] if early is not None else read_source(path), row, doc=sid)
    except SourceError as e:
        cache.keep("error", key, e.reason)  # for the next build: a scratch cache is never asked again
        return key, None, e.reason, None
    except workers.FileTimeout:
        return key, None, f"not read and extracted within {limit:g} s (the limit of --file-timeout)", None
    found = (summarize(rec), rec.summary())
    cache.put("record", key, rec)  # formatted from it later, in whichever worker
    cache.keep("summary", key, found)
    rows = build_map.map_rows(rec) if drawn else None
    if rows is not None:
        cache.keep(build_map.KIND, key, rows)
    return key, found, None, rows


def extract_sources(sources: list[Source], cache: Cache, jobs: int, on_error: str, shared,
                    progress: Callable[[int, int, Path], None] | None, warn: Callable[[str], None] | None,
                    pool: ProcessPoolExecutor | None = None, file_timeout: float | None = FILE_TIMEOUT,
                    scratch: Path | None = None, meanwhile: Callable[[], None] | None = None,
                    drawn=None, ahead: ReadAhead | None = None
                    ) -> tuple[dict[str, tuple], list[tuple[str, str]], set[str]]:
    """Extract (or take from the cache) every source and add its summary to ``shared`` as it comes.

    Returns each readable source's counts (as ``COUNTED``) by key, the skipped sources, and the keys
    extracted in this run. ``meanwhile`` is called in this process once the workers are at work;
    ``drawn`` (``graph.map.rows.PlanRows``) gathers each plan's rows for the map as they come;
    ``ahead``: the sources being read ahead (:func:`start_reading`), else they are read ahead from
    here when workers extract them. Summaries and records are not
    kept: ``shared`` holds what the build needs of the summaries, on disk, and records are read back
    from the cache when needed.
    """
    counts: dict[str, tuple] = {}
    skipped: list[tuple[str, str]] = []
    by_key = {s.key: s for s in sources}

    def take(key: str, value, reason: str | None, rows=None) -> None:
        src = by_key[key]
        if reason is not None:
            _skip(str(src.path), reason, on_error, warn)
            skipped.append((str(src.path), reason))
            return
        shared.add(value[0])
        counts[key] = tuple(value[1][k] for k in COUNTED)
        if drawn is not None:
            rows = rows if rows is not None else build_map.map_rows_of(cache, key)
            if rows is not None:
                drawn.merge(rows)

    todo = []
    for s in sources:
        hit = cache.get("summary", s.key)
        if hit is not None:
            take(s.key, hit, None)
            continue
        reason = cache.get("error", s.key)
        if reason is not None:  # unreadable last time and unchanged since: the same reason
            take(s.key, None, reason)
        else:
            todo.append(s)
    done = len(sources) - len(todo)
    parallel = _in_workers(jobs, len(todo))
    early: dict[str, Early] = {}
    if parallel:
        if ahead is None and scratch:  # sources read on another core while this one loads the word lists
            ahead = ReadAhead([(s.key, str(s.path)) for s in todo], file_timeout, scratch / "read-ahead")
        workers.warm(fork=True)  # before the first worker is forked: they share it
    early = ahead.collect() if ahead else {}  # (extracted here: what was read ahead is used too)
    args = [(str(s.path), s.row, s.id, s.key, str(cache.root), cache.persistent, file_timeout, early.get(s.key),
             drawn is not None) for s in todo]
    if parallel:
        own = pool is None
        pool = pool or workers.pool(jobs)
        try:
            # small chunks: at the end, one worker waits on the other for four files at most
            results: Iterator = pool.map(_extract_one, args, chunksize=max(1, min(4, len(todo) // (jobs * 8))))
            workers.forked()
            if meanwhile:
                meanwhile()  # the workers' results wait in their queue
            for r in _progress(results, done, len(sources), by_key, progress):
                take(*r)
        finally:
            if own:
                pool.shutdown()
    else:
        for r in _progress(map(_extract_one, args), done, len(sources), by_key, progress):
            take(*r)
    skipped.sort()
    return counts, skipped, {s.key for s in todo if s.key in counts}


def start_reading(sources: list[Source], cache: Cache, jobs: int, file_timeout: float | None,
                  scratch: Path) -> ReadAhead | None:
    """Start reading ahead the sources that workers will extract (those the cache has nothing of), before
    the build loads what else it needs: the other core reads meanwhile. None when there are too few."""
    todo = [s for s in sources
            if not cache.path("summary", s.key).is_file() and not cache.path("error", s.key).is_file()]
    if not _in_workers(jobs, len(todo)):
        return None
    return ReadAhead([(s.key, str(s.path)) for s in todo], file_timeout, scratch / "read-ahead")


def _in_workers(jobs: int, todo: int) -> bool:
    """Whether ``todo`` sources are extracted by worker processes (fewer are extracted here)."""
    return jobs > 1 and todo >= 8


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


def open_temp(final: Path):
    """A new temp file beside ``final`` (``.NAME.xxxxxxxx``, swept if the build is killed), open for text."""
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", dir=final.parent)
    return Path(tmp), os.fdopen(fd, "w", encoding="utf-8", newline="\n")


class _Outputs:
    """Temp files for every output, renamed into place together (or all removed on failure).

    Paths are kept as strings: a build writes a text per plan, and 10,000 pairs of ``Path`` objects
    took 10 MB of the build's peak memory."""

    def __init__(self) -> None:
        self.temps: list[tuple[str, str]] = []

    def open(self, final: Path):
        tmp, f = open_temp(final)
        self.temps.append((str(tmp), str(final)))
        return f

    def adopt(self, tmp: Path, final: Path) -> None:
        """A temp file another process wrote (with :func:`open_temp`), renamed with the others."""
        self.temps.append((str(tmp), str(final)))

    def abort(self) -> None:
        for tmp, _ in self.temps:
            Path(tmp).unlink(missing_ok=True)

    def commit(self) -> list[Path]:
        mode = 0o666 & ~_umask()
        for tmp, final in self.temps:
            os.chmod(tmp, mode)
            os.replace(tmp, final)
        return [Path(final) for _, final in self.temps]


@lru_cache(maxsize=None)
def _turtle_writer():
    from graph.model import terms as T
    from graph.model.written import PREFIXES

    return T.TurtleWriter(PREFIXES)


def format_chunk(fmt: str, triples: list, graph_iri: str) -> str:
    """One chunk of triples as text in a streamed format (N-Quads and TriG in ``graph_iri``): the same
    text in the main process and in a worker."""
    from graph.model import terms as T

    if fmt == "ttl":
        return _turtle_writer().blocks(triples)
    if fmt == "trig":
        return f"<{graph_iri}> {{\n" + _turtle_writer().blocks(triples) + "}\n\n"
    if fmt == "nt":
        return T.ntriples(triples)
    return T.nquads(triples, graph_iri)


class _Files:
    """Every requested file format, written a chunk at a time: the shared nodes, then plan by plan."""

    STREAMED = ("ttl", "nt", "nq", "trig")

    def __init__(self, out_dir: Path, formats: list[str], outputs: _Outputs):
        self.out_dir, self.formats, self.outputs = out_dir, formats, outputs
        self.tw = _turtle_writer()
        self.files = {f: outputs.open(out_dir / FORMATS[f]) for f in formats if f in self.STREAMED}
        self.small = [f for f in formats if f in ("jsonld", "xml")]
        self.nt_all: list[str] | None = [] if self.small else None  # written whole, from N-Triples
        for f in ("ttl", "trig"):
            if f in self.files:
                self.files[f].write(self.tw.header)

    def needed(self, sync: bool) -> list[str]:
        """The formats of a plan's text this build writes (files, the whole-graph formats, store)."""
        need = list(self.files) + (["nt"] if self.nt_all is not None else []) + (["nq"] if sync else [])
        return list(dict.fromkeys(need))

    def add(self, triples: list, graph_iri: str) -> dict[str, str]:
        """One chunk (a run of the shared nodes) in every format; the texts by format."""
        texts = {fmt: format_chunk(fmt, triples, graph_iri) for fmt in self.files}
        for fmt, f in self.files.items():
            f.write(texts[fmt])
        if self.nt_all is not None:
            self.nt_all.append(texts.get("nt") or format_chunk("nt", triples, graph_iri))
        return texts

    def add_plan(self, plan: _PlanOutput) -> None:
        """One plan in every format, from its cached text where there is one."""
        for fmt, f in self.files.items():
            f.write(plan.text(fmt))
        if self.nt_all is not None:
            self.nt_all.append(plan.text("nt"))

    def close(self) -> None:
        from graph.model.written import PREFIXES

        for f in self.files.values():
            f.close()
        if self.small:  # Oxigraph's serialisers, fed in the N-Triples' order: the same bytes on every run
            import pyoxigraph as ox  # (rdflib's ordered nodes by their hash, which changes with the hash seed)

            triples = list(ox.parse("".join(self.nt_all).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
            prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
            for f in self.small:
                text = ox.serialize(triples, format={"jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}[f],
                                    prefixes=prefixes)
                with self.outputs.open(self.out_dir / FORMATS[f]) as fh:
                    fh.write(text.decode("utf-8"))


def slices(triples: Iterable, size: int = 2_000) -> Iterator[list]:
    """``triples`` in runs of about ``size``, cut only where the subject changes.

    The shared nodes of a large corpus are hundreds of thousands of triples; formatting them a run
    at a time keeps the strings small, and each subject still lands in one Turtle block. At 10,000
    documents (164,000 shared triples), writing them as Turtle and N-Quads added 55 MB to a
    process's memory in runs of 20,000, 14 MB in runs of 2,000 (with SQLite's smaller cache for
    reading, see SharedNodes.triples), no slower. Subjects are sorted within a run: the size is
    part of the output.
    """
    run: list = []
    for t in triples:
        if len(run) >= size and t[0] != run[-1][0]:
            yield run
            run = []
        run.append(t)
    if run:
        yield run


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


def _write_state(out_dir: Path, state: dict) -> None:
    """The state file, replaced whole (a build killed while writing it leaves the old one or none)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{STATE_FILE}.", dir=out_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(json.dumps(state, ensure_ascii=False, indent=1))
    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, out_dir / STATE_FILE)


def build(paths: list[str | Path], out_dir: str | Path, formats: list[str] | None = None,
          on_error: str = "skip", progress=None, warn=None, jobs: int | None = None,
          cache: bool = True, store: str | Path | None = None, draw_map: bool = False,
          file_timeout: float | None = FILE_TIMEOUT, map_lang: str = "auto") -> BuildResult:
    """Extract ``paths`` and write the graph to ``out_dir``; see the module docstring. ``map_lang`` is
    the language of ``map.html`` (``zh``, ``en``, or ``auto``: that of the plans)."""
    formats = list(dict.fromkeys(formats or ["ttl"]))
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise BuildError(f"unknown format {bad[0]!r}; choose from {', '.join(FORMATS)}")
    out = Path(out_dir)
    store_dir = Path(store) if store else None
    _check_places(out, store_dir)
    digests = FileDigests(out / ".cache" / DIGESTS_FILE if cache else None)
    checked, problems = collect_sources(paths, out, store_dir, on_error, warn, digests)
    sources = _keyed(checked)
    if not sources:
        raise BuildError("no source files found (looked for .txt, .html, .docx, .xlsx, .xls, .pdf, .doc and .wps files)")
    lang = map_lang if draw_map else None  # the map's language; None: no map
    try:
        with out_lock(out):
            digests.save()  # (with OUT held: what this build read, for the next one)
            del digests
            return _build_locked(sources, problems, out, formats, on_error, progress, warn, jobs, cache,
                                 store_dir, lang, file_timeout=file_timeout)
    except (InUse, StoreInUse, LoaderError) as e:
        raise BuildError(str(e)) from None


def _build_locked(sources: list[Source], problems: list[tuple[str, str]], out: Path, formats: list[str],
                  on_error: str, progress, warn, jobs: int | None, cache: bool, store_dir: Path | None,
                  map_lang: str | None, file_timeout: float | None = FILE_TIMEOUT) -> BuildResult:
    """The build, OUT held: what a killed build left is removed, the store checked, then the outputs
    are found up to date or made. ``map_lang``: the language of ``map.html``, None for no map."""
    sweep_out(out, [*FORMATS.values(), "map.html", STATE_FILE])
    sweep_scratch()
    state = _read_state(out)
    if store_dir and not store_holds(store_dir, state.get("store", {})):
        state["store"] = {}  # missing, emptied or another store: loaded again in full
    digest = _state_digest(sources, formats, store_dir.resolve() if store_dir else None)  # however it is spelled
    if map_lang not in (None, "auto"):  # a map in another language is another map
        digest = hashlib.sha256(f"{digest}|map:{map_lang}".encode()).hexdigest()
    if state.get("digest") == digest and _outputs_intact(out, state) and (
            not store_dir or state["store"].get("location") == str(store_dir.resolve())):
        skipped = [tuple(x) for x in state.get("skipped", [])]
        for where, reason in skipped:
            _skip(where, reason, on_error, warn)
        return BuildResult(counts=state["counts"], skipped=problems + skipped, up_to_date=True)
    jobs = jobs or os.cpu_count() or 1
    with scratch_dir() as scratch:
        cache_obj = Cache(out / ".cache") if cache else Cache(scratch / "cache", persistent=False)
        res = _build(sources, out, formats, on_error, progress, warn, jobs, cache_obj, store_dir, map_lang,
                     state, digest, scratch, file_timeout=file_timeout)
    res.skipped = problems + res.skipped
    return res


def _check_places(out: Path, store: Path | None) -> None:
    """OUT and the store must be folders (or not exist yet), and not the same folder."""
    for p, what in ((out, "output folder"), (store, "store")):
        if p is not None and p.exists() and not p.is_dir():
            raise BuildError(f"{p}: exists and is not a folder; the {what} must be a folder")
    if store is not None and (store.resolve() == out.resolve() or inside(out, [store.resolve()])):
        raise BuildError(f"--store {store} must not be the output folder {out} or hold it")
    if store is not None and store.is_dir() and any(store.iterdir()) and not (store / "CURRENT").is_file():
        raise BuildError(f"{store}: a folder that is not an Oxigraph store; give --store a new or empty folder")


def _build(sources: list[Source], out: Path, formats: list[str], on_error: str, progress, warn, jobs: int,
           cache_obj: Cache, store_dir: Path | None, map_lang: str | None, state: dict, digest: str,
           scratch: Path, file_timeout: float | None = FILE_TIMEOUT) -> BuildResult:
    """The build proper, once it is known that there is work to do."""
    pool = workers.pool(jobs) if jobs > 1 else None  # its workers start on first use
    # the sources read ahead from now on, while this process loads the rest of what it needs
    ahead = start_reading(sources, cache_obj, jobs, file_timeout, scratch) if pool is not None else None
    try:
        return _build_with(sources, out, formats, on_error, progress, warn, jobs, cache_obj, store_dir, map_lang,
                           state, digest, scratch, pool, file_timeout=file_timeout, ahead=ahead)
    finally:
        if ahead is not None:
            ahead.stop()  # (already stopped unless the build failed before extracting)
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _build_with(sources: list[Source], out: Path, formats: list[str], on_error: str, progress, warn, jobs: int,
                cache_obj: Cache, store_dir: Path | None, map_lang: str | None, state: dict, digest: str,
                scratch: Path, pool: ProcessPoolExecutor | None, file_timeout: float | None = FILE_TIMEOUT,
                ahead: ReadAhead | None = None) -> BuildResult:
    """The build with its worker pool: extraction, then formatting, in the same workers; ``ahead``: the
    sources being read ahead."""
    from graph.model.shared import SharedNodes

    # the map's rows are gathered as plans are extracted (when the map will be drawn: at most MAP_MAX_PLANS)
    drawn = build_map.new_rows() if map_lang is not None and len(sources) <= MAP_MAX_PLANS else None
    drawing: build_map.Drawing | None = None
    with SharedNodes(scratch / "shared.sqlite") as shared:
        outputs = _Outputs()
        sync = None
        try:
            counts, skipped, new_keys = extract_sources(
                sources, cache_obj, jobs, on_error, shared, progress, warn, pool, file_timeout=file_timeout,
                scratch=scratch, meanwhile=build_map.import_modules if map_lang is not None else None, drawn=drawn,
                ahead=ahead)
            # from here this process takes each plan's texts in turn: big blocks, freed at once
            fixed_mmap_threshold()  # (the workers, forked by now, keep glibc's default)
            plans = sorted((s for s in sources if s.key in counts), key=lambda s: s.id)
            ids = {s.id for s in plans}
            if not plans:
                raise BuildError("no plan could be read from the sources; nothing written")
            if store_dir:  # a build stopped while changing the store leaves it to be loaded again in full
                _write_state(out, {})
                sync = StoreSync(store_dir, state.get("store", {}), ids,
                                 cache_obj.root / "store-shared.sqlite" if cache_obj.persistent else None,
                                 scratch=scratch)
            draw, common = None, None
            if map_lang is not None and len(plans) <= MAP_MAX_PLANS:
                common = list(shared.triples())  # made once for the map and the files (300 plans at most)
                drawn_from = build_map.map_graph(drawn, common, [p.key for p in plans], cache_obj)

                def draw() -> None:
                    nonlocal drawing  # drawn by a child while this process writes the files
                    drawing = build_map.start_map(out, outputs, drawn_from, map_lang)
            _write_all(out, formats, plans, shared, _Plans(shared.doc_index(), cache_obj), new_keys, outputs, sync,
                       pool=pool, jobs=jobs, scratch=scratch, first=draw, common=common)
            store_state = sync.finish() if sync else {}
            total = _counts(counts, plans, shared.responsible_count())
            # what the map does not need is done before waiting for it: the scratch cache's records
            # are no longer read, the texts of plans gone are found (removed once committed), and the
            # map's rows and triples are let go here, not at the end (the child has its own)
            if not cache_obj.persistent:
                cache_obj.clear()
            texts = out / "texts"
            stale = [t for t in texts.glob("*.txt") if t.stem not in ids] if texts.is_dir() else []
            if drawing is not None:
                drawn_from = drawn = common = draw = None
                drawing.wait()
        except BaseException:
            if drawing is not None:
                drawing.abort()
            outputs.abort()
            if sync:
                sync.abort()
            raise
        written = outputs.commit()
    for t in stale:
        t.unlink(missing_ok=True)
    outs = {f: (out / FORMATS[f]).stat().st_size for f in formats}
    _write_state(out, {"digest": digest, "counts": total, "skipped": skipped, "store": store_state,
                       "outputs": {FORMATS[f]: n for f, n in outs.items()}})
    return BuildResult(counts=total, skipped=skipped, written=written, extracted=len(new_keys))


AHEAD_PER_JOB = 4  # plans formatted ahead per worker (without a map)
FRAGMENTS = "frag1"  # cache kind of per-plan output texts; change it when _Files.format changes


class _Plans:
    """Each plan's part of the outputs, made or read from the cache only as far as needed."""

    def __init__(self, docs, cache: Cache):
        self.docs, self.cache = docs, cache
        self._last: tuple[str, object] | None = None  # the last record read: a plan's triples and its text ask

    def __call__(self, src: Source, citation_keys: list) -> _PlanOutput:
        """The plan's output; its fragment key covers the plan's source and how its citations
        resolve, all its triples depend on (the store compares it too)."""
        fkey = hashlib.sha256((src.key + repr(self.docs.resolutions(citation_keys))).encode()).hexdigest()[:32]
        return _PlanOutput(src, fkey, self)

    def record(self, src: Source):
        """The plan's record from the cache, read once for its triples and its text (a record is
        about 25 KB of pickle; reading it twice was a sixth of formatting's time)."""
        if self._last is None or self._last[0] != src.key:
            self._last = (src.key, self.cache.get("record", src.key))
        return self._last[1]


class _PlanOutput:
    """One plan's triples and their text in each format: a plan unchanged since the last build is
    copied from cached text, not formatted again (formatting is most of a rebuild's time)."""

    __slots__ = ("src", "fkey", "plans", "_triples", "_texts")  # one per plan, all alive while writing

    def __init__(self, src: Source, fkey: str, plans: _Plans):
        self.src, self.fkey, self.plans = src, fkey, plans
        self._triples: list | None = None
        self._texts: dict[str, str] = {}

    @property
    def graph_iri(self) -> str:
        from graph.model import iris

        return str(iris.plan(self.src.id))

    @property
    def triples(self) -> list:
        from graph.model.rdf import plan_triples

        if self._triples is None:
            cache = self.plans.cache
            self._triples = cache.recall("triples", self.fkey)
            if self._triples is None:
                rec = self.plans.record(self.src)
                if rec is None:
                    raise BuildError(f"{self.src.path}: cache entry missing; rebuild with --no-cache")
                self._triples = plan_triples(rec, self.plans.docs)
                cache.keep("triples", self.fkey, self._triples)
        return self._triples

    def text(self, fmt: str) -> str:
        """The plan's text in ``fmt``, made once per build at most (the files and the store both ask)."""
        if fmt not in self._texts:
            cache = self.plans.cache
            kind = f"{FRAGMENTS}-{fmt}"
            text = cache.recall(kind, self.fkey)
            if text is None:
                text = format_chunk(fmt, self.triples, self.graph_iri)
                cache.keep(kind, self.fkey, text)
            self._texts[fmt] = text
        return self._texts[fmt]

    def release(self) -> None:
        """Forget the plan's triples and texts once written."""
        self._triples, self._texts = None, {}

    def cached(self, formats: list[str]) -> bool:
        """Whether the cache holds the plan's text in every one of ``formats`` (nothing to format)."""
        cache = self.plans.cache
        return cache.persistent and all(cache.path(f"{FRAGMENTS}-{f}", self.fkey).is_file() for f in formats)


def _format_one(args: tuple) -> tuple[dict[str, str], str | None, str | None]:
    """In a worker: one plan's text in each format (cached, else made from its record and kept), and,
    when asked, its extracted text written to a temp file in ``text_dir`` (its path returned). The
    record never crosses processes, only the strings written."""
    src, fkey, formats, cache_root, persistent, docs_path, text_dir = args
    cache = _worker.get((cache_root, persistent))
    if cache is None:
        cache = _worker[(cache_root, persistent)] = Cache(Path(cache_root), persistent)
    docs = _worker.get(docs_path)
    if docs is None:
        with open(docs_path, "rb") as f:
            docs = _worker[docs_path] = pickle.load(f)
    plans = _Plans(docs, cache)
    plan = _PlanOutput(src, fkey, plans)
    texts = {fmt: plan.text(fmt) for fmt in formats}
    rec = plans.record(src) if text_dir else None
    if rec is None:
        return texts, None, None
    tmp, f = open_temp(Path(text_dir) / f"{src.id}.txt")
    with f:
        f.write(rec.text)
    return texts, None, str(tmp)


class _Ordered:
    """Results of ``(in_pool, fn, args)`` items, in order: run in the pool's workers when ``in_pool``
    (submitted ahead, at most ``window`` in flight, so results never pile up in memory), else here
    when their turn comes. The first window is submitted at once, before anything is read."""

    def __init__(self, pool, items: Iterable[tuple[bool, Callable, tuple]], window: int):
        from collections import deque

        self.pool, self.items, self.window = pool, iter(items), window
        self.pending: deque = deque()
        self._fill()

    def _fill(self) -> None:
        while len(self.pending) < self.window:
            item = next(self.items, None)
            if item is None:
                return
            in_pool, fn, args = item
            self.pending.append(self.pool.submit(fn, args) if in_pool and self.pool else (fn, args))

    def __iter__(self) -> _Ordered:
        return self

    def __next__(self):
        if not self.pending:
            raise StopIteration
        first = self.pending.popleft()
        self._fill()
        return first[0](first[1]) if isinstance(first, tuple) else first.result()


def _write_all(out: Path, formats: list[str], plans: list[Source], shared, plan_output: _Plans, new_keys: set[str],
               outputs: _Outputs, sync: StoreSync | None, pool=None, jobs: int = 1,
               scratch: Path | None = None, first: Callable[[], None] | None = None,
               common: list | None = None) -> None:
    """One pass: the shared nodes, then each plan, into every file format and the store; each plan's
    text beside the graph when it is new or missing. Plans whose text is not cached are formatted in
    ``pool``'s workers (when there are enough of them), in order, while this process writes; ``first``
    (the map) is started once every plan's formatting is asked for. ``common``: the shared nodes'
    triples when already made, else they are made here."""
    from graph.model.written import SHARED_GRAPH

    files = _Files(out, formats, outputs)
    stored = getattr(sync, "old", {})  # plan id -> fragment key already in the store: no N-Quads needed
    work = []
    for src in plans:
        plan = plan_output(src, shared.citation_keys(src.id))
        need = files.needed(sync is not None and stored.get(src.id) != plan.fkey)
        p = out / "texts" / f"{src.id}.txt"
        work.append((plan, need, not plan.cached(need), src.key in new_keys or not p.is_file()))
    todo = sum(1 for _, _, busy, _ in work if busy)
    if pool is not None and todo >= 8 and scratch is not None:
        docs_path = scratch / "docs.pkl"
        with docs_path.open("wb") as f:
            pickle.dump(plan_output.docs, f, protocol=pickle.HIGHEST_PROTOCOL)
        cache = plan_output.cache
        text_dir = str(out / "texts")
        items = ((busy, _format_one, (plan.src, plan.fkey, need, str(cache.root), cache.persistent,
                                      str(docs_path), text_dir if want else None))
                 if busy else (False, _format_here, (plan, [], want))
                 for plan, need, busy, want in work)
    else:  # texts made (or read from the cache) here, when they are written
        items = ((False, _format_here, (plan, [], want)) for plan, need, busy, want in work)
    # with ``first``, every plan is asked for at once (a map is drawn of 300 plans at most), so that the
    # workers format them all while this process does ``first``; else a few per worker, enough to keep
    # them busy: formatted plans wait in this process's memory (with the store's N-Quads, ~250 kB a
    # plan), and at 64 per worker they piled up whenever the store's loader made this process wait
    results = _Ordered(pool, items, window=len(work) if first else max(8, AHEAD_PER_JOB * jobs))
    if first:
        first()
    try:
        for part in slices(shared.triples() if common is None else common):
            texts = files.add(part, SHARED_GRAPH)
            if sync:  # the N-Quads of graph.nq when it is written, else made for the store
                sync.shared(texts.get("nq") or format_chunk("nq", part, SHARED_GRAPH))
        for (plan, _, _, _), (texts, text, written) in zip(work, results):
            plan._texts.update(texts)
            files.add_plan(plan)
            if sync:
                sync.plan(plan.src.id, plan.fkey, lambda: plan.text("nq"))
            if written is not None:  # the worker wrote it
                outputs.adopt(Path(written), out / "texts" / f"{plan.src.id}.txt")
            elif text is not None:
                with outputs.open(out / "texts" / f"{plan.src.id}.txt") as f:
                    f.write(text)
            plan.release()  # written: memory stays flat in the number of plans
        files.close()
    except BaseException:
        for f in files.files.values():
            f.close()
        raise


def _format_here(args: tuple) -> tuple[dict[str, str], str | None, None]:
    """:func:`_format_one` in this process, on a plan output already made; the text is returned."""
    plan, formats, want_text = args
    texts = {fmt: plan.text(fmt) for fmt in formats}
    rec = plan.plans.record(plan.src) if want_text else None
    return texts, rec.text if rec is not None else None, None


def _counts(counts: dict[str, tuple], plans: list[Source], departments: int) -> dict[str, int]:
    total = {"plans": len(plans), **dict.fromkeys(COUNTED, 0), "departments": departments}
    for src in plans:
        for k, n in zip(COUNTED, counts[src.key]):
            total[k] += n
    return {k: total[k] for k in ("plans", "tasks", "tasks_with_departments", "departments", "citations",
                                  "institutions", "targets")}
