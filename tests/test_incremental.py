"""Parallel, serial and incremental builds: same bytes; only changed plans are extracted again."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from policykg.build import build

REPO = Path(__file__).resolve().parents[1]
TIANJIN_PLAN = "jinghai-2021-keji-sannian.txt"


@pytest.fixture()
def corpus(tmp_path, guowuyuan) -> Path:
    """sources/ plus 16 State Council documents: enough files for the process pool to be used."""
    src = tmp_path / "src"
    shutil.copytree(REPO / "sources", src)
    for f in sorted(guowuyuan.glob("*.html"))[:16]:
        shutil.copy(f, src / f"gwy-{f.name}")
    return src


def test_parallel_serial_and_cached_builds_are_identical(corpus, tmp_path):
    par = build([corpus], tmp_path / "par", jobs=2, formats=["ttl", "nq"])
    ser = build([corpus], tmp_path / "ser", jobs=1, cache=False, formats=["ttl", "nq"])
    assert par.extracted == ser.extracted > 8
    for name in ("graph.ttl", "graph.nq"):
        assert (tmp_path / "par" / name).read_bytes() == (tmp_path / "ser" / name).read_bytes()
    # a second build into a fresh folder from the first one's cache: nothing extracted, same bytes
    shutil.copytree(tmp_path / "par" / ".cache", tmp_path / "inc" / ".cache")
    inc = build([corpus], tmp_path / "inc", jobs=2, formats=["ttl", "nq"])
    assert inc.extracted == 0 and not inc.up_to_date
    assert (tmp_path / "inc" / "graph.ttl").read_bytes() == (tmp_path / "par" / "graph.ttl").read_bytes()


def test_parallel_build_formats_plans_in_the_workers(corpus, tmp_path, monkeypatch):
    """With --jobs 2 every plan is formatted in the pool's workers (none in the main process), and the
    files and the map are the bytes of a serial build."""
    import policykg.build as B

    here: list = []
    real = B._format_here
    monkeypatch.setattr(B, "_format_here", lambda args: here.append(args[0].src.id) or real(args))
    par = build([corpus], tmp_path / "par", jobs=2, cache=False, formats=["ttl", "nq"], draw_map=True)
    assert here == [] and par.counts["plans"] > 8
    build([corpus], tmp_path / "ser", jobs=1, cache=False, formats=["ttl", "nq"], draw_map=True)
    assert len(here) == par.counts["plans"]  # serially, each plan is formatted here
    for name in ("graph.ttl", "graph.nq", "map.html"):
        assert (tmp_path / "par" / name).read_bytes() == (tmp_path / "ser" / name).read_bytes()
    assert sorted(p.name for p in (tmp_path / "par" / "texts").iterdir()) == \
        sorted(p.name for p in (tmp_path / "ser" / "texts").iterdir())


def test_unchanged_corpus_is_up_to_date(corpus, tmp_path):
    out = tmp_path / "out"
    first = build([corpus], out)
    before = (out / "graph.ttl").read_bytes()
    again = build([corpus], out)
    assert again.up_to_date and again.extracted == 0
    assert again.summary() == first.summary()
    assert (out / "graph.ttl").read_bytes() == before
    (out / "graph.ttl").write_text("damaged", encoding="utf-8")  # a damaged output is rebuilt
    fixed = build([corpus], out)
    assert not fixed.up_to_date and fixed.extracted == 0
    assert (out / "graph.ttl").read_bytes() == before


def test_one_changed_plan_costs_one_extraction(corpus, tmp_path, monkeypatch):
    """Only the changed plan is extracted and formatted again; the others' text is copied from the
    cache, and the files are the bytes a build from scratch gives."""
    import policykg.build as B
    from graph.model.written import SHARED_GRAPH

    out = tmp_path / "out"
    build([corpus], out, formats=["ttl", "nq"])
    plan = corpus / TIANJIN_PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace("区审计局负责", "区审计局、区统计局负责"), encoding="utf-8")
    formatted: list[str] = []
    fmt = B.format_chunk
    monkeypatch.setattr(B, "format_chunk", lambda f, triples, iri: formatted.append(iri) or fmt(f, triples, iri))
    res = build([corpus], out, formats=["ttl", "nq"])
    monkeypatch.undo()
    assert res.extracted == 1
    assert sorted(set(formatted) - {SHARED_GRAPH}) == ["https://w3id.org/policykg/id/plan/jinghai-2021-keji-sannian"]
    build([corpus], tmp_path / "fresh", formats=["ttl", "nq"], cache=False)
    for name in ("graph.ttl", "graph.nq"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()
    g = Graph().parse(out / "graph.ttl")
    labels = {str(o) for o in g.objects(None, None) if "区统计局" == str(o)}
    assert labels == {"区统计局"}


def test_deleting_a_plan_removes_its_triples(corpus, tmp_path):
    out, store = tmp_path / "out", tmp_path / "store"
    build([corpus], out, store=store)
    plan_iri = URIRef("https://w3id.org/policykg/id/plan/jinghai-2021-keji-sannian")
    assert (plan_iri, None, None) in Graph().parse(out / "graph.ttl")
    (corpus / TIANJIN_PLAN).unlink()
    res = build([corpus], out, store=store)
    assert res.extracted == 0
    g = Graph().parse(out / "graph.ttl")
    assert (plan_iri, None, None) not in g
    assert not [s for s in g.subjects() if "/jinghai-2021-keji-sannian/" in str(s)]
    assert not (out / "texts" / "jinghai-2021-keji-sannian.txt").exists()
    from graph.stores.store import open_store

    st = open_store(store)
    rows = list(st.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?s), "
                         "\"https://w3id.org/policykg/id/task/jinghai\")) }"))
    assert int(rows[0]["n"].value) == 0


def test_store_holds_the_same_triples_as_the_graph(corpus, tmp_path):
    out, store = tmp_path / "out", tmp_path / "store"
    build([corpus], out, store=store, formats=["nt"])
    from graph.stores.store import open_store

    st = open_store(store)
    lines = [l for l in (out / "graph.nt").read_text(encoding="utf-8").splitlines() if l.strip()]
    in_store = list(st.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert int(in_store[0]["n"].value) == len(lines)
    del st, in_store  # release the store's lock
    # and after a change, the store follows the files
    plan = corpus / TIANJIN_PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace("(区审计局负责)", ""), encoding="utf-8")
    build([corpus], out, store=store, formats=["nt"])
    st = open_store(store)
    lines = [l for l in (out / "graph.nt").read_text(encoding="utf-8").splitlines() if l.strip()]
    in_store = list(st.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert int(in_store[0]["n"].value) == len(lines)


def _store_counts(store) -> dict[str, int]:
    from graph.stores.store import open_store

    st = open_store(store)
    rows = st.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    out = {r["g"].value: int(r["n"].value) for r in rows}
    del st, rows  # release the store's lock
    return out


def _nq_counts(path: Path) -> dict[str, int]:
    from collections import Counter

    return dict(Counter(line.rsplit(" ", 2)[-2].strip("<>") for line in path.read_text(encoding="utf-8").splitlines()
                        if line.strip()))


def test_store_is_whole_again_after_a_build_stopped_while_changing_it(corpus, tmp_path, monkeypatch):
    """A build that dies after removing a changed plan's graph, before loading the new one, must not
    leave the store short of that plan, even when the plan is then changed back."""
    import policykg.build as B

    out, store = tmp_path / "out", tmp_path / "store"
    build([corpus], out, store=store, formats=["nq"])
    full = _store_counts(store)
    assert full == _nq_counts(out / "graph.nq")
    plan = corpus / TIANJIN_PLAN
    original = plan.read_text(encoding="utf-8")
    plan.write_text(original.replace("(区审计局负责)", ""), encoding="utf-8")

    def die(self):
        self.w.wait()  # the old graph removed; the new one still in the build's chunk
        raise KeyboardInterrupt

    monkeypatch.setattr(B.StoreSync, "finish", die)
    with pytest.raises(KeyboardInterrupt):
        build([corpus], out, store=store, formats=["nq"])
    monkeypatch.undo()
    assert _store_counts(store) != full  # the plan's old graph is gone, its new one never loaded
    plan.write_text(original, encoding="utf-8")
    res = build([corpus], out, store=store, formats=["nq"])
    assert not res.up_to_date
    assert _store_counts(store) == full == _nq_counts(out / "graph.nq")


def _store_quads(store) -> set:
    from graph.stores.store import open_store

    st = open_store(store)
    quads = set(st.quads_for_pattern(None, None, None, None))
    del st  # release the store's lock
    return quads


def _file_quads(path: Path) -> set:
    import pyoxigraph

    return set(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS))


def test_store_changes_only_the_shared_quads_that_differ(corpus, tmp_path, monkeypatch):
    """One changed plan: its graph is replaced, the shared graph is changed quad by quad (not
    reloaded), and the store holds exactly the quads of graph.nq; without the memo of what the
    store holds, the shared graph is replaced whole, to the same result."""
    from graph.model.written import SHARED_GRAPH
    from policykg.store_loader import StoreLoader

    out, store = tmp_path / "out", tmp_path / "store"
    build([corpus], out, store=store, formats=["nq"])
    assert _store_quads(store) == _file_quads(out / "graph.nq")
    shared_before = sum(1 for q in _store_quads(store) if q.graph_name.value == SHARED_GRAPH)

    removed_graphs: list[str] = []
    removed_quads: list[int] = []
    remove_graph, remove_lines = StoreLoader.remove_graph, StoreLoader.remove_lines
    monkeypatch.setattr(StoreLoader, "remove_graph", lambda self, iri: (removed_graphs.append(iri),
                                                                         remove_graph(self, iri))[1])
    monkeypatch.setattr(StoreLoader, "remove_lines", lambda self, lines: removed_quads.append(
        remove_lines(self, lines)) or removed_quads[-1])

    plan = corpus / TIANJIN_PLAN
    original = plan.read_text(encoding="utf-8")
    # one task fewer shared by two departments: their pair's count and task list change
    plan.write_text(original.replace("(区委组织部、区人社局负责)", "(区人社局负责)", 1), encoding="utf-8")
    build([corpus], out, store=store, formats=["nq"])
    assert removed_graphs == ["https://w3id.org/policykg/id/plan/jinghai-2021-keji-sannian"]
    assert 0 < sum(removed_quads) < shared_before / 10
    assert _store_quads(store) == _file_quads(out / "graph.nq")

    (out / ".cache" / "store-shared.sqlite").write_bytes(b"not a database")
    plan.write_text(original, encoding="utf-8")
    build([corpus], out, store=store, formats=["nq"])
    assert SHARED_GRAPH in removed_graphs
    assert _store_quads(store) == _file_quads(out / "graph.nq")


def test_no_cache_build_is_parallel_and_leaves_nothing_behind(corpus, tmp_path, monkeypatch):
    """--no-cache: the same bytes as a cached build, extracted by the workers through a scratch
    folder (not held in memory), and neither OUT/.cache nor the scratch folder is left."""
    import tempfile

    import policykg.workers as W

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    pooled = []
    pool = W.ProcessPoolExecutor
    monkeypatch.setattr(W, "ProcessPoolExecutor", lambda **kw: pooled.append(kw) or pool(**kw))
    nc = build([corpus], tmp_path / "nc", jobs=2, cache=False, formats=["ttl", "nq"])
    assert pooled and nc.extracted > 8
    assert not (tmp_path / "nc" / ".cache").exists() and list(scratch.iterdir()) == []
    build([corpus], tmp_path / "c", jobs=2, formats=["ttl", "nq"])
    for name in ("graph.ttl", "graph.nq"):
        assert (tmp_path / "nc" / name).read_bytes() == (tmp_path / "c" / name).read_bytes()
    assert sorted(p.name for p in (tmp_path / "nc" / "texts").iterdir()) == sorted(
        p.name for p in (tmp_path / "c" / "texts").iterdir())


def test_map_of_cached_and_changed_plans_is_a_clean_builds_map(corpus, tmp_path, monkeypatch):
    """The map's rows are gathered as plans are extracted; plans taken from the cache give their
    rows from it, and a build of more sources than a map is drawn for (all but a few skipped)
    makes them from the records: every way, the map a clean build draws."""
    import policykg.build as b

    first = build([corpus], tmp_path / "inc", jobs=2, draw_map=True)
    assert first.extracted > 8
    plan = corpus / TIANJIN_PLAN
    plan.write_text(plan.read_text(encoding="utf-8").replace("智能化", "数字化"), encoding="utf-8")
    again = build([corpus], tmp_path / "inc", jobs=2, draw_map=True)
    assert again.extracted == 1
    clean = build([corpus], tmp_path / "clean", jobs=2, cache=False, draw_map=True)
    assert clean.extracted > 8
    page = (tmp_path / "clean" / "map.html").read_bytes()
    assert (tmp_path / "inc" / "map.html").read_bytes() == page
    assert "数字化" in page.decode("utf-8")
    monkeypatch.setattr(b, "MAP_MAX_PLANS", first.summary()["plans"])
    (corpus / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")  # one source more, not a plan
    over = build([corpus], tmp_path / "over", jobs=2, cache=False, draw_map=True)
    assert over.summary()["plans"] == b.MAP_MAX_PLANS
    assert (tmp_path / "over" / "map.html").read_bytes() == page
