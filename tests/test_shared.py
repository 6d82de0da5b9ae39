"""Nodes shared between plans: aggregated on disk, the same whatever order plans arrive in."""
from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

from extract.manifest import read_manifest
from extract.reading import read_source
from graph.model import iris
from graph.model.summary import summarize
from graph.model.shared import SharedNodes

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def summaries(extractor):
    """The summaries of sources/ (Tianjin plans and State Council pages), in id order."""
    rows = read_manifest(REPO / "sources" / "manifest.csv")
    out = []
    for f in sorted((REPO / "sources").iterdir()):
        if f.suffix in (".txt", ".html"):
            row = rows.get(f.name)
            out.append(summarize(extractor(read_source(f), row, doc=row.id if row and row.id else None)))
    return sorted(out, key=lambda s: s.id)


def _triples(summaries, path=None):
    with SharedNodes(path) as shared:
        shared.add_all(summaries)
        return list(shared.triples())


def test_order_of_arrival_does_not_matter(summaries, tmp_path):
    in_order = _triples(summaries)
    assert len(in_order) > 500
    shuffled = summaries[:]
    random.Random(7).shuffle(shuffled)
    assert _triples(shuffled, tmp_path / "a.sqlite") == in_order
    assert _triples(summaries[::-1]) == in_order


def _variant(summary, new_id: str, key: str, **changes):
    """A copy of ``summary`` under another id, with department ``key`` changed."""
    other = copy.deepcopy(summary)
    other.id = new_id
    d = next(d for d in other.departments if d.key == key)
    for name, value in changes.items():
        setattr(d, name, value)
    return other


def _dept(triples, key: str):
    node = "<https://w3id.org/policykg/id/dept/" + key.replace("|", "-") + ">"
    return {p.rsplit("#", 1)[-1].rsplit("/", 1)[-1].rstrip(">"): sorted(o for s, p2, o in triples if s == node and p2 == p)
            for s, p, o in triples if s == node}


@pytest.fixture(scope="module")
def gwy07(summaries):
    return next(s for s in summaries if s.id == "guowuyuan-07")


def test_first_plan_by_id_gives_a_department_its_type(gwy07):
    """Two plans disagree on a body's type: the plan with the smaller id wins, however they arrive."""
    own = _dept(_triples([gwy07]), "国务院/交通局")["departmentType"]
    other = ["<" + str(iris.dept_type("其他")) + ">"]
    assert own != other
    later = _variant(gwy07, "zz-later", "国务院/交通局", type_key="其他", type_label="其他")
    earlier = _variant(gwy07, "aa-earlier", "国务院/交通局", type_key="其他", type_label="其他")
    for order in ([gwy07, later], [later, gwy07]):
        assert _dept(_triples(order), "国务院/交通局")["departmentType"] == own
    for order in ([gwy07, earlier], [earlier, gwy07]):
        assert _dept(_triples(order), "国务院/交通局")["departmentType"] == other


def test_spellings_are_counted_over_plans(gwy07):
    """A department's label is its most used spelling over all plans, the others altLabels; a
    region-prefixed spelling is preferred however often another is used."""
    other = _variant(gwy07, "zz-later", "国务院/交通局", spellings={"交通部": 5}, prefixed=[])
    got = _dept(_triples([other, gwy07]), "国务院/交通局")
    assert got["label"] == ['"交通部"@zh'] and got["altLabel"] == ['"交通运输部"@zh']
    # counts add up over plans: 交通运输部 1 + 3 = 4 against 交通部 2 + 3 = 5
    v1 = _variant(gwy07, "zz-1", "国务院/交通局", spellings={"交通运输部": 3, "交通部": 2}, prefixed=[])
    v2 = _variant(gwy07, "zz-2", "国务院/交通局", spellings={"交通部": 3}, prefixed=[])
    assert _dept(_triples([gwy07, v1, v2]), "国务院/交通局")["label"] == ['"交通部"@zh']
    prefixed = _variant(gwy07, "zz-later", "国务院/交通局", spellings={"交通部": 5, "国务院交通运输部": 1},
                        prefixed=["国务院交通运输部"])
    got = _dept(_triples([gwy07, prefixed]), "国务院/交通局")
    assert got["label"] == ['"国务院交通运输部"@zh']
    assert got["altLabel"] == ['"交通运输部"@zh', '"交通部"@zh']


def test_citation_keys_and_resolution(summaries):
    with SharedNodes() as shared:
        shared.add_all(summaries)
        docs = shared.doc_index()
        for s in summaries:
            keys = shared.citation_keys(s.id)
            assert keys == [(c.title_key, c.number_key) for c in s.citations]
        # a plan of the build cited by title resolves to the plan itself, not to a document node
        child = next(s for s in summaries if any(c.title_key == p.title_key for p in summaries
                                                 for c in s.citations if p.id != s.id))
        parent = next(p for p in summaries for c in child.citations if c.title_key == p.title_key and p.id != child.id)
        assert any(node.endswith("/plan/" + parent.id) for _, _, node in docs.resolutions(shared.citation_keys(child.id)))


def test_a_plan_added_twice_is_refused(summaries):
    with SharedNodes() as shared:
        shared.add(summaries[0])
        with pytest.raises(Exception):
            shared.add(summaries[0])
