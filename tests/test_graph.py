"""The RDF graph: vocabulary, ontology, SHACL shapes and the reference plan's triples."""
from __future__ import annotations

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from graph.model.vocab import POL, POL_IRI

from conftest import REPO


@pytest.fixture(scope="module")
def sources_graph(tmp_path_factory):
    from policykg.build import build
    out = tmp_path_factory.mktemp("sources")
    build([REPO / "sources"], out)
    return Graph().parse(out / "graph.ttl")


@pytest.fixture(scope="module")
def ref_graph(reference_build):
    out, _ = reference_build
    return Graph().parse(out / "graph.ttl")


def test_ontology_defines_every_vocab_term():
    onto = Graph().parse(REPO / "ontology.ttl")
    terms = [n for n in POL.__annotations__]
    assert len(terms) > 20
    undefined = [t for t in terms if (URIRef(POL_IRI + t), RDF.type, None) not in onto]
    assert undefined == []


def test_sources_graph_passes_shacl(sources_graph):
    pyshacl = pytest.importorskip("pyshacl")
    shapes = Graph().parse(REPO / "graph" / "model" / "shapes.ttl")
    onto = Graph().parse(REPO / "ontology.ttl")
    conforms, _, report = pyshacl.validate(sources_graph, shacl_graph=shapes, ont_graph=onto,
                                           inference="none", advanced=True)
    assert conforms, report


def test_sources_graph_has_one_plan_per_file(sources_graph):
    plans = set(sources_graph.subjects(RDF.type, POL.Plan))
    n_files = len([p for p in (REPO / "sources").iterdir() if p.suffix in (".txt", ".html")])
    assert len(plans) == n_files == 9


def test_reference_graph_lead_and_support(ref_graph):
    leads = set(ref_graph.subject_objects(POL.leadDepartment))
    responsible = set(ref_graph.subject_objects(POL.responsibleDepartment))
    assert leads or responsible
    tasks = set(ref_graph.subjects(RDF.type, POL.Task))
    assert len({t for t, _ in responsible} | {t for t, _ in leads}) >= 20
    assert {t for t, _ in responsible} <= tasks


def test_reference_graph_targets_attached(ref_graph):
    targets = set(ref_graph.subjects(RDF.type, POL.Target))
    assert len(targets) >= 8
    attached = set(ref_graph.objects(None, POL.hasTarget))
    assert targets == attached


def test_reference_graph_implements(ref_graph):
    (plan,) = set(ref_graph.subjects(RDF.type, POL.Plan))
    (impl,) = set(ref_graph.objects(plan, POL.implements))
    assert (plan, POL.cites, impl) in ref_graph or any(ref_graph.objects(plan, POL.cites))


def test_department_labels_are_chinese(ref_graph):
    from rdflib.namespace import RDFS, SKOS
    labels = {str(o) for d in ref_graph.subjects(RDF.type, POL.Department)
              for p in (RDFS.label, SKOS.prefLabel) for o in ref_graph.objects(d, p)
              if isinstance(o, Literal) and o.language in (None, "zh")}
    assert "区工信局" in labels and "区科技局" in labels


def test_department_pairs_agree_with_tasks(sources_graph):
    """The derived pol:DepartmentPair nodes say exactly what the tasks say."""
    g = sources_graph
    from collections import defaultdict

    want = defaultdict(set)
    for task in g.subjects(RDF.type, POL.Task):
        depts = sorted(str(d) for d in g.objects(task, POL.responsibleDepartment))
        for i in range(len(depts)):
            for j in range(i + 1, len(depts)):
                want[(depts[i], depts[j])].add(task)
    got = {}
    for pair in g.subjects(RDF.type, POL.DepartmentPair):
        key = (str(g.value(pair, POL.firstDepartment)), str(g.value(pair, POL.secondDepartment)))
        tasks = set(g.objects(pair, POL.sharedTask))
        assert int(g.value(pair, POL.sharedTaskCount)) == len(tasks)
        assert str(g.value(pair, POL.sharedTaskList)).count(" | ") == len(tasks) - 1
        got[key] = tasks
    assert got == dict(want) and len(got) > 100


@pytest.mark.parametrize("name", ["大连重工•起重集团公司", "2020—2022年规划", "·开头", "结尾.", "甲×乙研究院",
                                  "全\u3000角中心"])
def test_turtle_writes_full_iri_where_a_local_name_is_not_turtle(name):
    """A local name with a character Turtle's names do not allow (•, —, ×, an ideographic space, a leading ·,
    a final .) is written as <IRI>: Oxigraph and rdflib read the file back (the State Council corpus once built a
    graph.ttl that neither could read, at 大连重工•起重集团公司)."""
    import pyoxigraph

    from graph.model import terms as T
    from graph.model.written import PREFIXES

    iri = "https://w3id.org/policykg/id/inst/" + name
    w = T.TurtleWriter(PREFIXES)
    text = w.header + w.blocks([(T.iri(iri), T.iri(str(RDF.type)), T.iri(POL_IRI + "Institution"))])
    assert f"<{iri}>" in text
    store = pyoxigraph.Store()
    store.load(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)
    assert [str(q.subject.value) for q in store] == [iri]
    assert (URIRef(iri), RDF.type, POL.Institution) in Graph().parse(data=text, format="turtle")


def test_turtle_keeps_prefixed_names_for_chinese():
    from graph.model import terms as T
    from graph.model.written import PREFIXES
    w = T.TurtleWriter(PREFIXES)
    assert w.term(T.iri("https://w3id.org/policykg/id/inst/江南大学（无锡）")) == "inst:江南大学（无锡）"
    assert w.term(T.iri("https://w3id.org/policykg/id/dept/天津市静海区/科技局")).startswith("<")  # / in the local part


def test_joint_issuers_are_each_a_publisher():
    """A plan issued jointly (国务院办公厅、中央军委办公厅) has each body as its own dcterms:publisher."""
    from extract.manifest import ManifestRow
    from extract.reading import read_bytes
    from extract.pipeline import Extractor

    text = "国务院办公厅、中央军委办公厅关于加强管理工作的通知\n一、加强调查工作\n（一）开展普查。（民政部、财政部负责）\n"
    row = ManifestRow(file="j.txt", id="j", issuer="国务院办公厅、中央军委办公厅")
    r = Extractor()(read_bytes(text.encode("utf-8"), "j.txt"), row)
    labels = {d.key: d.label for d in r.departments}
    assert [labels.get(k, k) for k in r.info.publisher_keys] == ["国务院办公厅", "中央军委办公厅"]
