"""``policykg query --format``: results written by Oxigraph's own serialisers, the table for people."""
from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox

from graph.query.engine import Result, Term, bind_params, format_csv, format_json, format_xml, load_query
from policykg.cli import main

CONSTRUCT = """PREFIX pol: <https://w3id.org/policykg#>
CONSTRUCT { ?p pol:firstDepartment ?a ; pol:secondDepartment ?b } WHERE { ?p pol:firstDepartment ?a ; pol:secondDepartment ?b }
"""


def _run(capsysbinary, *argv) -> tuple[int, bytes, str]:
    rc = main(list(argv))
    out, err = capsysbinary.readouterr()
    return rc, out, err.decode("utf-8")


def _oxigraph(ttl, query: str, fmt) -> bytes:
    store = ox.Store()
    store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    return store.query(query, use_default_graph_as_union=True).serialize(format=fmt)


def test_select_formats_are_oxigraphs_bytes(ref_ttl, capsysbinary):
    query = bind_params(load_query("shared-responsibilities"))
    for fmt, target in (("csv", ox.QueryResultsFormat.CSV), ("tsv", ox.QueryResultsFormat.TSV),
                        ("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML)):
        rc, out, err = _run(capsysbinary, "query", "shared-responsibilities", "--graph", str(ref_ttl), "--format", fmt)
        assert rc == 0, err
        assert out == _oxigraph(ref_ttl, query, target), fmt
    doc = json.loads(_oxigraph(ref_ttl, query, ox.QueryResultsFormat.JSON))
    assert len(doc["results"]["bindings"]) == 23


def test_construct_in_rdf_syntaxes(ref_ttl, tmp_path, capsysbinary):
    rq = tmp_path / "leads.rq"
    rq.write_text(CONSTRUCT, encoding="utf-8")
    want = len(list(ox.parse(_oxigraph(ref_ttl, CONSTRUCT, ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)))
    assert want > 20
    for fmt, syntax in (("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES),
                        ("jsonld", ox.RdfFormat.JSON_LD), ("json", ox.RdfFormat.JSON_LD),
                        ("rdfxml", ox.RdfFormat.RDF_XML), ("xml", ox.RdfFormat.RDF_XML)):
        rc, out, err = _run(capsysbinary, "query", str(rq), "--graph", str(ref_ttl), "--format", fmt)
        assert rc == 0, err
        assert len(list(ox.parse(out, format=syntax))) == want, fmt


def test_a_format_that_does_not_fit_the_result_is_one_line(ref_ttl, tmp_path, capsysbinary):
    rc, out, err = _run(capsysbinary, "query", "shared-responsibilities", "--graph", str(ref_ttl), "--format", "turtle")
    assert rc == 2 and out == b""
    assert len(err.strip().splitlines()) == 1 and "csv" in err and "Traceback" not in err
    rq = tmp_path / "leads.rq"
    rq.write_text(CONSTRUCT, encoding="utf-8")
    rc, out, err = _run(capsysbinary, "query", str(rq), "--graph", str(ref_ttl), "--format", "csv")
    assert rc == 2 and len(err.strip().splitlines()) == 1 and "turtle" in err


def test_library_formatters_write_through_oxigraph():
    xsd = "http://www.w3.org/2001/XMLSchema#"
    res = Result("select", ["部门", "n", "note"], [
        (Term("literal", "区科技局", "zh"), Term("literal", "7", datatype=xsd + "integer"), None),
        (Term("uri", "https://w3id.org/policykg/id/dept/天津市/科技局"), Term("literal", "a,\"b\"\tc\nd"), None)])
    rows = list(csv.reader(io.StringIO(format_csv(res))))
    assert rows == [["部门", "n", "note"], ["区科技局", "7", ""],
                    ["https://w3id.org/policykg/id/dept/天津市/科技局", "a,\"b\"\tc\nd", ""]]
    doc = json.loads(format_json(res))
    assert doc["results"]["bindings"][0] == {"部门": {"type": "literal", "value": "区科技局", "xml:lang": "zh"},
                                             "n": {"type": "literal", "value": "7", "datatype": xsd + "integer"}}
    parsed = ox.parse_query_results(format_xml(res), ox.QueryResultsFormat.XML)
    assert [str(s["n"]) for s in parsed][1] == '"a,\\"b\\"\\tc\\nd"'
    assert json.loads(format_json(Result("ask", boolean=True)))["boolean"] is True
