"""Prefixed names in the Turtle the build writes are valid Turtle names, whatever an institution is called."""
from __future__ import annotations

import pyoxigraph as ox

from graph.model import terms as T
from graph.model.written import PREFIXES


def test_names_outside_turtles_name_characters_are_written_as_iris():
    # 大连重工•起重集团公司 is cited in a State Council page of the shared corpus; • (U+2022), × and the
    # ideographic space are not Turtle name characters: a prefixed name with one does not parse
    tw = T.TurtleWriter(PREFIXES)
    inst = next(ns for ns in PREFIXES.values() if ns.endswith("/inst/"))
    names = ["大连重工•起重集团公司", "甲×乙研究院", "全\u3000角中心", "天津大学", "中心."]
    triples = [(T.iri(inst + n), T.iri("http://www.w3.org/2000/01/rdf-schema#label"), T.zh(n)) for n in names]
    text = tw.header + tw.blocks(triples)
    assert "<" + inst + "大连重工•起重集团公司>" in text
    assert any(line.startswith(("inst:天津大学", "    inst:天津大学")) or ":天津大学 " in line for line in text.splitlines())
    store = ox.Store()
    store.load(text.encode(), format=ox.RdfFormat.TURTLE)
    assert {str(q.subject.value).rsplit("/", 1)[1] for q in store} == set(names)
