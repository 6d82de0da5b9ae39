"""One query engine: graph files are bulk-loaded into in-memory Oxigraph stores, named graphs kept."""
from __future__ import annotations

import csv
import io

import pytest
from rdflib import Graph

from graph.query.engine import as_source, open_source, run_named
from graph.stores.store import StoreError, load_memory_store
from policykg.cli import main

PLAN_BASE = "https://w3id.org/policykg/id/plan/"
SHARED_GRAPH = "https://w3id.org/policykg/id/graph/shared"
GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
FORMATS = ["ttl", "nt", "nq", "trig", "jsonld", "xml"]


@pytest.fixture(scope="module")
def tianjin_out(tianjin, tmp_path_factory):
    """The four Tianjin plans built in every format."""
    from policykg.build import build
    out = tmp_path_factory.mktemp("tianjin")
    build([tianjin], out, formats=FORMATS)
    return out


def cli(capsys, *argv) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.mark.parametrize("name", ["graph.nq", "graph.trig"])
def test_graph_queries_see_one_named_graph_per_plan(tianjin_out, name):
    src = open_source(graph=tianjin_out / name)
    graphs = [r[0].value for r in src.run(GRAPHS).rows]
    assert graphs == sorted([SHARED_GRAPH] + [PLAN_BASE + p for p in (
        "binhai-2020-keji-sannian-excerpt", "dongli-2021-keji-sannian-excerpt", "jinghai-2021-keji-sannian",
        "tianjin-2020-keji-sannian-excerpt-traditional")])
    # without GRAPH, the named graphs are queried as their union: the same rows as the Turtle file
    ttl = open_source(graph=tianjin_out / "graph.ttl")
    assert src.named("shared-responsibilities").rows == ttl.named("shared-responsibilities").rows
    assert ttl.run(GRAPHS).rows == []  # a Turtle file has no named graphs


def test_graph_query_from_the_cli_on_nq(tianjin_out, tmp_path, capsys):
    q = tmp_path / "graphs.rq"
    q.write_text(GRAPHS, encoding="utf-8")
    rc, out, err = cli(capsys, "query", str(q), "--graph", str(tianjin_out / "graph.nq"), "--format", "csv")
    assert rc == 0, err
    rows = list(csv.reader(io.StringIO(out)))[1:]
    assert len(rows) == 5 and rows[0][0] == SHARED_GRAPH and int(rows[0][1]) > 100


def test_every_format_answers_the_same(tianjin_out):
    from policykg.build import FORMATS as FILES
    answers = {}
    for fmt in FORMATS:
        src = open_source(graph=tianjin_out / FILES[fmt])
        triples = src.run("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }").rows
        answers[fmt] = (triples[0][0].value, src.named("department-workload").rows)
    assert len({repr(a) for a in answers.values()}) == 1, {k: v[0] for k, v in answers.items()}
    assert int(answers["ttl"][0]) > 1000


def test_open_source_reads_a_build_folder(tianjin_out):
    src = open_source(graph=tianjin_out)
    assert src.name.endswith("graph.ttl") and src.where == "memory" and len(src) > 1000


def test_bad_graph_files_are_one_line_errors(tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"bad\.ttl: not readable as turtle"):
        load_memory_store(bad)
    with pytest.raises(StoreError, match="no such graph file"):
        load_memory_store(tmp_path / "missing.nq")
    with pytest.raises(StoreError, match="unknown RDF file type"):
        load_memory_store(bad.with_suffix(".csv").write_text("x") and bad.with_suffix(".csv"))
    for argv in (["query", "plans", "--graph", str(bad)], ["map", str(bad), "-o", str(tmp_path / "m.html")],
                 ["compare", "--graph", str(bad), "-o", str(tmp_path / "c")]):
        rc, out, err = cli(capsys, *argv)
        assert rc == 2 and "bad.ttl" in err and len(err.strip().splitlines()) == 1, (argv, err)
        assert "Traceback" not in err
    assert not (tmp_path / "m.html").exists()


def test_relative_iris_resolve_against_the_file(tmp_path):
    f = tmp_path / "rel.ttl"
    f.write_text("<a> <http://example.org/p> <b> .\n", encoding="utf-8")
    (s,) = load_memory_store(f).quads_for_pattern(None, None, None)
    assert s.subject.value == f.resolve().as_uri()[:-len("rel.ttl")] + "a"


def test_library_functions_take_any_source(ref_ttl):
    """map and compare read through the engine whatever they are handed: a Source, a Store, an
    rdflib Graph (copied into Oxigraph) or a path."""
    from graph.map.network import department_graph
    mem = open_source(graph=ref_ttl)
    views = [department_graph(x) for x in (mem, mem.backend, Graph().parse(ref_ttl), ref_ttl)]
    first = views[0]
    assert first.number_of_nodes() == 17 and first.number_of_edges() == 23
    for G in views[1:]:
        assert list(G.nodes(data=True)) == list(first.nodes(data=True))
        assert list(G.edges(data=True)) == list(first.edges(data=True))
    rdf = as_source(Graph().parse(ref_ttl))
    assert rdf.engine == "oxigraph" and len(rdf) == len(mem)
    assert run_named(rdf, "plans").rows == run_named(mem, "plans").rows


def test_build_draws_its_map_without_reading_a_graph_file(tianjin, tmp_path, monkeypatch):
    """The map of ``build`` comes from the triples the build holds: no parser reads a file back, and
    it is drawn even when no Turtle is written; it is the map ``policykg map`` draws of the output."""
    import graph.stores.store as stores
    from policykg.build import build

    def refuse(*a, **k):
        raise AssertionError("the build read a graph back")

    monkeypatch.setattr(Graph, "parse", refuse)
    monkeypatch.setattr(stores, "load_memory_store", refuse)
    build([tianjin], tmp_path / "out", formats=["nt"], draw_map=True)
    monkeypatch.undo()
    assert (tmp_path / "out" / "map.html").is_file()
    assert main(["map", str(tmp_path / "out" / "graph.nt"), "-o", str(tmp_path / "again.html")]) == 0
    assert (tmp_path / "out" / "map.html").read_bytes() == (tmp_path / "again.html").read_bytes()
