"""The query library and ``policykg query``: answers on the reference plan, both engines, parameters, output."""
from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections import Counter

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from graph.query.engine import (QueryError, QuerySyntaxError, Result, Term, bind_params, display_width, format_csv,
                         format_table,
                         load_query, named_queries, parse_query_file, run_named, run_query, substitute, to_json)
from graph.model.vocab import POL
from policykg.cli import main

from conftest import REFERENCE

MINE = ["department-tasks", "department-types", "department-workload", "plan-citations", "plan-targets",
        "plans", "shared-citations", "shared-responsibilities", "tasks-without-department"]
JINGHAI = "天津市静海区"


@pytest.fixture(scope="module")
def ref_graph(ref_ttl):
    return Graph().parse(ref_ttl)


@pytest.fixture(scope="module")
def ref_store(ref_ttl, tmp_path_factory):
    """The reference graph in an Oxigraph store on disk, loaded with the bulk loader."""
    from graph.stores.store import bulk_load_file, open_store
    path = tmp_path_factory.mktemp("store") / "ox"
    store = open_store(path, create=True)
    bulk_load_file(store, ref_ttl)
    return store, path


@pytest.fixture(scope="module")
def pairs(ref_graph) -> Result:
    """shared-responsibilities on the reference graph (rdflib), run once for the tests that read it."""
    return run_named(ref_graph, "shared-responsibilities")


def cli(capsys, *argv) -> tuple[int, str, str]:
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def hand_count_pairs(text: str) -> Counter:
    """Department pairs counted from the plan's text alone, as a reader would: every bracketed list of
    departments, names as printed (工信局 and 区工信局 are one body), each pair once per annotation."""
    pairs: Counter = Counter()
    for body in re.findall(r"[(（]([^()（）]{2,60}?)[)）]", text):
        names = [x.strip() for x in re.split(r"[、,，]", re.sub(r"负责$", "", body.strip()))]
        if not all(re.search(r"(局|委|办|部|管委会|开发区|经济区|科协)$", n) for n in names):
            continue  # a year range, a 文号, a place name: not an annotation
        names = {n if n.startswith(("区", "合作", "静海", "子牙")) else "区" + n for n in names}
        pairs.update(frozenset(p) for p in itertools.combinations(sorted(names), 2))
    return pairs


# ---------------------------------------------------------------- what the issue must show

def test_shared_responsibilities_csv_matches_hand_count(ref_ttl, reference_text, capsys):
    rc, out, err = cli(capsys, "query", "shared-responsibilities", "--graph", str(ref_ttl), "--format", "csv")
    assert rc == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["department1", "department2", "shared", "tasks"]
    got = {frozenset((a, b)): int(n) for a, b, n, _ in rows[1:]}
    assert len(rows) - 1 == len(got) == 23  # one row per pair
    assert got[frozenset(("区科技局", "合作示范区管委会"))] == 7
    assert got == dict(hand_count_pairs(reference_text))
    for a, b, n, tasks in rows[1:]:  # the tasks themselves, one per shared task, in plan order
        refs = tasks.split(" | ")
        assert len(refs) == int(n)
        positions = [int(re.match(r"jinghai-2021-keji-sannian#(\d+) ", r).group(1)) for r in refs]
        assert positions == sorted(positions)
    counts = [int(r[2]) for r in rows[1:]]
    assert counts == sorted(counts, reverse=True)


def test_shared_pairs_tasks_are_the_graphs(ref_graph, pairs):
    rec = {frozenset((r["department1"], r["department2"])): r for r in pairs.records()}
    label = {d: str(l) for d, l in ref_graph.subject_objects(RDFS.label)}
    by_task: dict = {}
    for t, d in ref_graph.subject_objects(POL.responsibleDepartment):
        by_task.setdefault(t, set()).add(label[d])
    expect: Counter = Counter()
    for depts in by_task.values():
        expect.update(frozenset(p) for p in itertools.combinations(sorted(depts), 2))
    assert {k: v["shared"] for k, v in rec.items()} == dict(expect)


@pytest.fixture(scope="module")
def ref_memory(ref_ttl):
    """The reference graph file as every command reads it: bulk-loaded into an in-memory Oxigraph store."""
    from graph.query.engine import open_source
    return open_source(graph=ref_ttl)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_gives_the_same_rows_on_a_file_and_a_store(name, ref_memory, ref_store, ref_graph):
    """A graph file (in memory) and an on-disk store answer alike; so does rdflib, for those who hand
    the library an rdflib Graph."""
    store, _ = ref_store
    a, b, c = run_named(ref_memory, name), run_named(store, name), run_named(ref_graph, name)
    assert ref_memory.where == "memory" and ref_memory.engine == "oxigraph"
    assert a.kind == b.kind == c.kind == "select"
    assert a.vars == b.vars == c.vars
    assert a.rows == b.rows == c.rows
    assert a.rows or name.startswith(("compare-", "shared-citations", "department-types"))


@pytest.mark.parametrize("name", MINE)
def test_named_queries_on_an_empty_graph_give_no_rows(name):
    import pyoxigraph
    a, b = run_named(Graph(), name), run_named(pyoxigraph.Store(), name)
    assert a.rows == b.rows == []  # no phantom row from an aggregate over nothing


def test_a_plan_that_is_not_there_has_no_targets(ref_graph, ref_store):
    for backend in (ref_graph, ref_store[0]):
        assert run_named(backend, "plan-targets", {"plan": "no-such-plan"}).rows == []


def test_query_library_files_are_documented():
    lib = named_queries()
    assert set(MINE) <= set(lib)
    for name in MINE:
        q = lib[name]
        assert q.title and q.description, name
        for p in q.params:
            assert f"${p}" in q.text, (name, p)  # every declared parameter is used


# ---------------------------------------------------------------- each question's answer

def test_department_tasks_lead_and_supporting_apart(ref_graph):
    res = run_named(ref_graph, "department-tasks", {"dept": "区科技局", "region": JINGHAI})
    recs = res.records()
    kj = URIRef("https://w3id.org/policykg/id/dept/天津市静海区/科技局")
    assert {r["task"] for r in recs} == {str(t) for t in ref_graph.subjects(POL.responsibleDepartment, kj)}
    assert len(recs) == 21
    for r in recs:
        t = URIRef(r["task"])
        role = ("lead" if (t, POL.leadDepartment, kj) in ref_graph else
                "supporting" if (t, POL.supportingDepartment, kj) in ref_graph else "responsible")
        assert r["role"] == role
    ranks = [("lead", "supporting", "responsible").index(r["role"]) for r in recs]
    assert ranks == sorted(ranks)
    by_alt = run_named(ref_graph, "department-tasks", {"dept": "工信局"}).records()  # a skos:altLabel
    assert len(by_alt) == 6 and {r["department"] for r in by_alt} == {"区工信局"}


def test_department_tasks_roles_on_a_plan_with_leads(extract_text):
    from graph.model.rdf import build_graph
    rec = extract_text("关于推进试点的实施方案\n一、重点任务\n(一)建设示范园区,完善配套政策。"
                       "(区发改委牵头,区财政局、区科技局配合)\n(二)加强人才引进。(区人社局负责)\n")
    g = build_graph([rec])
    rows = run_named(g, "department-tasks", {"dept": "区财政局"}).records()
    assert [r["role"] for r in rows] == ["supporting"]
    assert [r["role"] for r in run_named(g, "department-tasks", {"dept": "区发改委"}).records()] == ["lead"]
    work = {r["department"]: r for r in run_named(g, "department-workload").records()}
    assert (work["区发改委"]["lead"], work["区发改委"]["supporting"], work["区发改委"]["partners"]) == (1, 0, 2)
    assert (work["区科技局"]["lead"], work["区科技局"]["supporting"]) == (0, 1)
    assert work["区人社局"]["partners"] == 0


def test_department_workload(ref_graph):
    recs = {r["department"]: r for r in run_named(ref_graph, "department-workload").records()}
    kj = recs["区科技局"]
    assert kj["tasks"] == 21 and kj["plans"] == 1 and kj["region"] == JINGHAI
    assert kj["partners"] == 12  # every department it shares a task with
    tasks = [r["tasks"] for r in recs.values()]
    assert tasks == sorted(tasks, reverse=True)
    assert sum(r["tasks"] for r in recs.values()) == len(set(ref_graph.subject_objects(POL.responsibleDepartment)))


def test_tasks_without_department(ref_graph):
    recs = run_named(ref_graph, "tasks-without-department").records()
    tasks = set(ref_graph.subjects(None, POL.Task))
    expect = {str(t) for t in tasks if not list(ref_graph.objects(t, POL.responsibleDepartment))}
    assert {r["task"] for r in recs} == expect and len(expect) == 2
    assert run_named(ref_graph, "tasks-without-department", {"plan": "no-such-plan"}).rows == []


def test_plan_citations_and_shared_citations(ref_graph):
    recs = run_named(ref_graph, "plan-citations").records()
    numbers = {r["number"] for r in recs}
    assert {"财税〔2018〕58号", "国家税务总局公告2018年第30号"} <= numbers
    implements = [r for r in recs if r["relation"] == "implements"]
    assert len(implements) == 1 and "科技创新三年行动计划" in implements[0]["document"]
    assert all(r["plans"] == "jinghai-2021-keji-sannian" and r["citedBy"] == 1 for r in recs)
    assert run_named(ref_graph, "shared-citations").rows == []  # one plan: nothing shared
    one = run_named(ref_graph, "shared-citations", {"min_plans": "1"}).records()
    assert len(one) == len({r["doc"] for r in recs})


def test_plan_targets_with_departments(ref_graph):
    recs = run_named(ref_graph, "plan-targets").records()
    assert len(recs) == len(set(ref_graph.subjects(POL.indicator, None))) == 8
    first = recs[0]
    assert first["position"] == 1 and first["comparator"] == ">=" and str(first["value"]) == "3.2"
    assert set(first["departments"].split("、")) == {"区科技局", "区发改委", "区工信局"}
    patents = next(r for r in recs if "发明专利" in r["indicator"])
    assert patents["departments"] == "区知识产权局" and patents["value"] == 350 and patents["unit"] == "件"


def test_department_types_across_plans(ref_graph, tmp_path):
    assert run_named(ref_graph, "department-types").rows == []  # one region: no kind appears in two
    recs = run_named(ref_graph, "department-types", {"min_regions": "1", "type": "科技局"}).records()
    assert [(r["department"], r["tasks"]) for r in recs] == [("区科技局", 21)]


def test_department_types_on_the_tianjin_plans(tianjin, tmp_path):
    from policykg.build import build
    build([tianjin], tmp_path)
    g = Graph().parse(tmp_path / "graph.ttl")
    recs = run_named(g, "department-types", {"type": "科技局"}).records()
    regions = {r["region"] for r in recs}
    assert {"天津市静海区", "天津市东丽区"} <= regions


def test_plans_overview(ref_graph):
    (r,) = run_named(ref_graph, "plans").records()
    assert r["plan"] == "jinghai-2021-keji-sannian" and r["tasks"] == 41 and r["withDepartment"] == 39


# ---------------------------------------------------------------- parameters

def test_parameters_are_substituted_as_escaped_literals(ref_graph):
    q = load_query("department-tasks")
    evil = '区科技局" || true) } } ?s ?p ?o . # '
    text = bind_params(q, {"dept": evil})
    assert '"区科技局\\" || true) } } ?s ?p ?o . # "' in text
    assert run_query(ref_graph, text).rows == []  # the value stayed one literal
    assert run_named(ref_graph, "department-tasks", {"dept": "区科技局\n"}).rows == []


def test_substitution_skips_strings_iris_and_comments():
    text = 'SELECT * WHERE { ?s <http://x/$a> "$a" ; ?p $a . } # $a\nLIMIT 1'
    assert substitute(text, {"a": '"v"'}) == 'SELECT * WHERE { ?s <http://x/$a> "$a" ; ?p "v" . } # $a\nLIMIT 1'
    assert substitute("FILTER(?x < $a && ?y > 2)", {"a": "3"}) == "FILTER(?x < 3 && ?y > 2)"


def test_parameter_errors():
    q = load_query("shared-responsibilities")
    with pytest.raises(QueryError, match="not an integer"):
        bind_params(q, {"min_shared": "1) } #"})
    with pytest.raises(QueryError, match="unknown parameter"):
        bind_params(q, {"dept": "x"})
    nq = parse_query_file("# t\n# param g (iri) = http://e/x\nSELECT * WHERE { GRAPH $g { ?s ?p ?o } }")
    assert "<http://e/y>" in bind_params(nq, {"g": "http://e/y"})
    with pytest.raises(QueryError, match="not an absolute IRI"):
        bind_params(nq, {"g": "http://e/> } ; DROP ALL ; <x:"})


def test_cli_param_and_user_query_file(ref_ttl, tmp_path, capsys):
    rc, out, err = cli(capsys, "query", "department-tasks", "--graph", str(ref_ttl), "--param", "dept=区财政局",
                       "--format", "json")
    assert rc == 0, err
    assert len(json.loads(out)["results"]["bindings"]) == 3
    f = tmp_path / "mine.rq"
    f.write_text("PREFIX pol: <https://w3id.org/policykg#>\n"
                 "SELECT (COUNT(?t) AS ?n) WHERE { ?t a pol:Task ; pol:inPlan ?p . "
                 "FILTER(STRENDS(STR(?p), $plan)) }\n", encoding="utf-8")
    rc, out, err = cli(capsys, "query", str(f), "--graph", str(ref_ttl), "--format", "csv",
                       "--param", "plan=keji-sannian")
    assert rc == 0, err
    assert out.splitlines() == ["n", "41"]


# ---------------------------------------------------------------- errors

def test_malformed_query_gets_message_and_position(ref_ttl, tmp_path, capsys):
    f = tmp_path / "bad.rq"
    f.write_text("PREFIX pol: <https://w3id.org/policykg#>\nSELECT ?t WHERE {\n  ?t a pol:Task\n"
                 "  FILTER(?t = ) }\n", encoding="utf-8")
    rc, out, err = cli(capsys, "query", str(f), "--graph", str(ref_ttl))
    assert rc == 2 and out == ""
    assert "syntax error at line 4, column 15: found ')'" in err and "Traceback" not in err
    assert "FILTER(?t = ) }\n" in err and err.rstrip().endswith("^")
    f.write_text("SELECT ?t WHERE { ?t a pol:Task }", encoding="utf-8")
    rc, out, err = cli(capsys, "query", str(f), "--graph", str(ref_ttl))
    assert rc == 2 and "undeclared prefix pol:" in err and "column 24" in err


PFX = "PREFIX pol: <https://w3id.org/policykg#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
SYNTAX_ERRORS = {  # query → (line, column in characters, what the message names)
    "unknown prefix": ("SELECT ?t WHERE {\n  ?t a pol:Task\n}", 2, 8, "undeclared prefix pol:"),
    "missing brace": ("SELECT ?t WHERE {\n  ?t ?p ?o .\n  OPTIONAL { ?t ?q ?r\n}\n", 5, 1,
                      "found the end of the query; expected '}'"),
    "bad token on line 3": (PFX[:41] + "SELECT ?t WHERE {\n  ?t a pol:Task ; ?p ?o ) .\n}", 3, 25, "found ')'"),
    "Chinese literal before": (PFX + 'SELECT ?d WHERE { ?d rdfs:label "区科技局" ; ?p ?o = }', 3, 48, "found '='"),
    "incomplete expression": (PFX + "SELECT ?t WHERE {\n  ?t a pol:Task\n  FILTER(?t = ) }", 5, 15,
                              "found ')'; expected an expression"),
    "escape before": ('SELECT ?s WHERE { ?s ?p "\\u533a" . ?s ?p ?o = }', 1, 45, "found '='"),
    "misspelt keyword": ("SELEC ?s WHERE { ?s ?p ?o }", 1, 1, "found 'SELEC'; expected"),
    "unterminated string": ('SELECT ?s WHERE {\n ?s ?p "区科技局 }', 2, 8, "found '\"区科技局'"),
    "tab before": ("SELECT ?s WHERE {\n\t?s ?p ?o ?x }", 2, 11, "found '?x'"),
}


@pytest.mark.parametrize("name", SYNTAX_ERRORS)
def test_syntax_errors_point_at_the_token(name, ref_store):
    """Line and column of the first token that cannot continue the query, in characters of the text as
    written (escapes not decoded); the caret stands under it in display columns (Chinese = 2), the same
    on both engines."""
    from graph.query.engine import syntax_error
    text, line, column, said = SYNTAX_ERRORS[name]
    err = syntax_error(text)
    assert err is not None and (err.line, err.column) == (line, column), err.pretty()
    assert said in err.message
    *_, shown, caret = err.pretty().splitlines()
    lines = text.splitlines()
    if line <= len(lines):
        assert shown == "  " + lines[line - 1]
        pad = caret[:caret.index("^")]
        assert display_width(pad.replace("\t", " ")) == display_width(shown[:2 + column - 1].replace("\t", " "))
        assert pad.count("\t") == lines[line - 1][:column - 1].count("\t")  # tabs kept, so the caret lines up
    store, _ = ref_store
    with pytest.raises(QuerySyntaxError) as e:
        run_query(store, text, check=False)
    assert (e.value.line, e.value.column) == (line, column)


def test_syntax_error_in_the_engine_only(ref_store):
    """What rdflib's grammar accepts and Oxigraph refuses still ends as a one-line syntax error."""
    store, _ = ref_store
    with pytest.raises(QuerySyntaxError) as e:
        run_query(store, "SELECT (1 AS ?x) (2 AS ?x) WHERE {}")
    assert "Duplicated variable" in str(e.value)


def test_updates_and_unknown_names_are_refused(ref_ttl, ref_graph, tmp_path, capsys):
    n = len(ref_graph)
    f = tmp_path / "upd.rq"
    f.write_text("PREFIX pol: <https://w3id.org/policykg#>\nINSERT DATA { <urn:x> a pol:Task }", encoding="utf-8")
    rc, _, err = cli(capsys, "query", str(f), "--graph", str(ref_ttl))
    assert rc == 2 and "updates are not allowed" in err
    with pytest.raises(QueryError):
        run_query(ref_graph, "DELETE WHERE { ?s ?p ?o }")
    assert len(ref_graph) == n
    rc, _, err = cli(capsys, "query", "no-such-query", "--graph", str(ref_ttl))
    assert rc == 2 and "shared-responsibilities" in err  # lists what exists
    rc, _, err = cli(capsys, "query", "plans", "--graph", str(tmp_path / "missing.ttl"))
    assert rc == 2 and "no such graph file" in err


def test_update_detection_sees_through_comments_and_prefixes():
    from graph.query.engine import is_update, uses_service
    assert is_update("# a note\nPREFIX pol: <https://w3id.org/policykg#>\nBASE <http://x/>\n  delete where { ?s ?p ?o }")
    assert is_update("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert not is_update("# INSERT DATA { }\nSELECT ?insert WHERE { ?insert ?p 'DELETE' }")
    assert uses_service("SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }")
    assert not uses_service("SELECT ?service { ?service <urn:service> 'SERVICE' } # SERVICE")


READ_ONLY_BREAKERS = {  # requests that must never run: updates, and queries that call another endpoint
    "escaped SERVICE": ("SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }", "service"),
    "long escape": ("SELECT * WHERE { \\U00000053ervice <{url}> { ?s ?p ?o } }", "service"),
    "lowercase, SILENT": ("select * { service silent <{url}> { ?s ?p ?o } }", "service"),
    "comments between": ("SELECT * { # SERVICE?\n SeRvIcE # no\n <{url}> { ?s ?p ?o } }", "service"),
    "prefixed endpoint": ("PREFIX e: <{base}> SELECT * { ?s ?p ?o SERVICE e:sparql { ?s e:p ?o } }", "service"),
    "escaped IRI": ("SELECT * { SERVICE <\\u0068ttp://127.0.0.1:{port}/sparql> { ?s ?p ?o } }", "service"),
    "in OPTIONAL": ("SELECT * { ?s ?p ?o OPTIONAL { SERVICE <{url}> { ?s ?q ?r } } }", "service"),
    "in UNION": ("SELECT * { { ?s ?p ?o } UNION { SERVICE <{url}> { ?s ?p ?o } } }", "service"),
    "in a subquery": ("SELECT * { { SELECT ?s { SERVICE <{url}> { ?s ?p ?o } } LIMIT 1 } }", "service"),
    "in EXISTS": ("ASK { ?s ?p ?o FILTER NOT EXISTS { SERVICE <{url}> { ?s ?p ?o } } }", "service"),
    "in MINUS of a CONSTRUCT": ("CONSTRUCT { ?s ?p ?o } { ?s ?p ?o MINUS { SERVICE <{url}> { ?s ?p ?o } } }",
                                "service"),
    "endpoint from VALUES": ("SELECT * { VALUES ?e { <{url}> } SERVICE ?e { ?s ?p ?o } }", "service"),
    "LOAD": ("LOAD <{url}>", "update"),
    "escaped load": ("\\u004cOAD SILENT <{url}> INTO GRAPH <urn:g>", "update"),
    "INSERT with SERVICE": ("PREFIX e: <{base}>\nINSERT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
                            "update"),
    "WITH … DELETE": ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "update"),
    "CLEAR, DROP": ("CLEAR ALL ; DROP SILENT GRAPH <urn:g>", "update"),
    "CREATE, COPY, MOVE, ADD": ("CREATE GRAPH <urn:a> ; COPY <urn:a> TO <urn:b> ; MOVE DEFAULT TO <urn:c> ; "
                                "ADD <urn:c> TO DEFAULT", "update"),
    "malformed update": ("INSERT DATA { <urn:a> <urn:b> }", "update"),
}


def breaker(name: str, listener) -> str:
    text, _ = READ_ONLY_BREAKERS[name]
    return (text.replace("{url}", listener.url).replace("{base}", listener.url.rsplit("/", 1)[0] + "/")
            .replace("{port}", str(listener.port)))


@pytest.mark.parametrize("name", READ_ONLY_BREAKERS)
def test_service_and_updates_read_off_the_parse_tree(name, listener):
    from graph.query.engine import is_update, uses_service
    text = breaker(name, listener)
    kind = READ_ONLY_BREAKERS[name][1]
    assert is_update(text) == (kind == "update")
    if kind == "service":
        assert uses_service(text)
    with pytest.raises(QueryError):
        run_query(__import__("pyoxigraph").Store(), text)
    assert listener.seen() == 0


def test_cli_query_never_calls_another_endpoint(ref_ttl, tmp_path, capsys, listener):
    """``policykg query`` refuses SERVICE however it is spelled, before any engine sees the query."""
    f = tmp_path / "svc.rq"
    for name in ("escaped SERVICE", "lowercase, SILENT", "prefixed endpoint", "in a subquery", "LOAD"):
        f.write_text(breaker(name, listener), encoding="utf-8")
        rc, out, err = cli(capsys, "query", str(f), "--graph", str(ref_ttl))
        assert rc == 2 and out == "" and ("SERVICE" in err or "updates are not allowed" in err), (name, err)
    assert listener.seen() == 0


def test_the_listener_sees_an_engine_that_fetches(listener):
    """The probe works: Oxigraph left to itself does connect to a SERVICE endpoint."""
    import pyoxigraph
    with pytest.raises(Exception):
        list(pyoxigraph.Store().query(f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"))
    assert listener.seen() >= 1


def test_show_prints_the_bound_query(capsys):
    rc, out, _ = cli(capsys, "query", "department-tasks", "--param", "dept=区\"财政局", "--show")
    assert rc == 0 and 'STR(?name) = "区\\"财政局"' in out and "$dept" not in out.split("PREFIX", 1)[1]


def test_syntax_error_is_a_query_error_on_oxigraph_too(ref_store):
    store, _ = ref_store
    with pytest.raises(QuerySyntaxError) as e:
        run_query(store, "SELECT ?x WHERE { ?x ?p }")
    assert e.value.line == 1 and e.value.column


# ---------------------------------------------------------------- output

def test_table_aligns_chinese_as_two_columns():
    res = Result("select", ["部门", "n"], [
        (Term("literal", "区科技局", "zh"), Term("literal", "7", datatype="http://www.w3.org/2001/XMLSchema#integer")),
        (Term("literal", "ab"), Term("literal", "12", datatype="http://www.w3.org/2001/XMLSchema#integer"))])
    lines = format_table(res).splitlines()
    assert lines[-1] == "(2 rows)"
    body = lines[:-1]
    assert len({display_width(line) for line in body}) == 1  # every line ends at the same column
    assert body[2] == "区科技局   7" and body[3] == "ab        12"
    assert display_width("区科技局") == 8 and display_width("ＡＢ") == 4 and display_width("á") == 1


def test_table_cuts_wide_cells(pairs):
    out = format_table(pairs, max_width=30)
    lines = out.splitlines()
    assert lines[-1] == "(23 rows)"
    assert max(display_width(x) for x in lines[:-1]) == 16 + 2 + 16 + 2 + 6 + 2 + 30
    assert "…" in out
    header_pos = display_width(lines[0][:lines[0].index("shared")])
    row = lines[2]
    assert display_width(row[:row.index("7") - 5]) == header_pos  # numbers right-aligned under their header


def test_json_is_sparql_results_json(pairs):
    doc = to_json(pairs)
    assert doc["head"]["vars"] == ["department1", "department2", "shared", "tasks"]
    b = doc["results"]["bindings"][0]
    assert b["department1"] == {"type": "literal", "value": "合作示范区管委会", "xml:lang": "zh"}
    assert b["shared"] == {"type": "literal", "value": "7", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}


def test_cli_store_gives_the_same_csv_as_the_graph(ref_store, pairs, capsys):
    _, path = ref_store
    rc, out, err = cli(capsys, "query", "shared-responsibilities", "--store", str(path), "--format", "csv")
    assert rc == 0, err
    assert out == format_csv(pairs)


def test_store_built_with_named_graphs_per_plan(tianjin, tmp_path, capsys):
    """``build --store`` keeps each plan in its own named graph: queries see their union."""
    import inspect
    from policykg.build import build
    if "store" not in inspect.signature(build).parameters:
        pytest.skip("build has no store option")
    build([tianjin / REFERENCE], tmp_path / "out", store=tmp_path / "store")
    rc, out, err = cli(capsys, "query", "shared-responsibilities", "--store", str(tmp_path / "store"),
                       "--format", "csv")
    assert rc == 0, err
    rows = list(csv.reader(io.StringIO(out)))[1:]
    assert len(rows) == 23 and ["合作示范区管委会", "区科技局", "7"] == rows[0][:3]


def test_list_named_queries(capsys):
    rc, out, _ = cli(capsys, "query")
    assert rc == 0
    for name in MINE:
        assert f"\n{name}\n" in "\n" + out
    assert "--param dept=区科技局" in out


def test_output_cut_short_by_the_reader_is_not_an_error():
    """`policykg query … | head -1`: when the reader has gone, the next write fails with EPIPE;
    the command ends with 141 (as if killed by SIGPIPE) and no traceback."""
    import subprocess
    import sys

    code = ("import sys\nfrom policykg.cli import main\n"
            "class Gone:  # stdout whose reader has left\n"
            "    def write(self, s): raise BrokenPipeError(32, 'Broken pipe')\n"
            "    def flush(self): pass\n"
            "    def fileno(self): return 1\n"
            "sys.stdout = Gone()\n"
            "sys.exit(main(['query']))  # lists the named queries\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 141, proc.stderr
    assert proc.stderr == ""


def test_reading_queries_from_many_threads_at_once():
    """rdflib's grammar is not safe in threads; ``syntax.read`` is (the lock is ours)."""
    import threading
    from graph.query import syntax
    texts = [bind_params(load_query(n)) + f"\n# {k}" for k in range(4) for n in MINE]  # distinct: no cache hits
    out, errors = {}, []

    def read(t):
        try:
            out[t] = syntax.read(t)
        except Exception as e:  # noqa: BLE001
            errors.append(e)
    threads = [threading.Thread(target=read, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and all(r.form == "SELECT" and r.error is None for r in out.values()), \
        [r.error for r in out.values() if r.error][:2]


def test_the_library_queries_the_cli_runs_unchecked_are_read_only_and_call_nothing():
    """``policykg query NAME`` runs the library's own queries without parsing them again in Python
    (``NamedQuery.builtin``): this is what makes that safe; a user's ``.rq`` file is still checked."""
    from graph.query.engine import check_query
    lib = named_queries()
    for name, q in lib.items():
        assert q.builtin, name
        assert check_query(bind_params(q)) in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"), name


def test_a_users_query_file_is_still_checked(tmp_path, ref_ttl):
    import subprocess
    import sys
    rq = tmp_path / "mine.rq"
    rq.write_text("SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }", encoding="utf-8")
    assert not load_query(str(rq)).builtin
    r = subprocess.run([sys.executable, "-m", "policykg", "query", str(rq), "--graph", str(ref_ttl)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "SERVICE" in r.stderr and "Traceback" not in r.stderr
