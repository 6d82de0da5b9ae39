"""The fast paths that turn records into RDF text give what the plain rules give, on real plans and on
the inputs the fast paths treat apart (percent-encoded characters, overlapping spans, duplicates,
rdf:type sorting after another predicate, escaped literals)."""
from __future__ import annotations

import dataclasses
import re

import pytest

from graph.model import iris
from graph.model import terms as T
from graph.model.rdf import _mentions, plan_triples
from graph.model.summary import DocIndex, summarize
from graph.model.written import PREFIXES

_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~")


def segment_rule(s: str) -> str:
    """The rule ``iris.segment`` implements, one character at a time."""
    out = []
    for ch in s.strip():
        if ch in _SAFE or (ord(ch) > 127 and not ch.isspace() and ch not in "\u3000\ufeff\u200b"):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out) or "_"


def test_segment_follows_the_rule_for_every_character():
    """Every code point but the surrogates, between two letters: kept or percent-encoded as the rule says
    (non-ASCII white space such as U+00A0, U+2007 or U+3000 is encoded, Chinese is kept)."""
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for k in range(0, len(chars), 4096):
        s = "a" + "a".join(chars[k:k + 4096]) + "a"
        assert iris.segment(s) == segment_rule(s)
    for s in ["", "  ", "\u3000", " 天津市 静海区 ", "a|b", "50%", "\ufeff标题\u200b"]:
        assert iris.segment(s) == segment_rule(s)
    with pytest.raises(UnicodeEncodeError):  # a lone surrogate fails as it always did
        iris.segment("a\ud800")


def test_iri_terms_match_rdflib_terms():
    for kind, parts in [("plan", ["天津市 静海区/2021"]), ("task", ["x y", 12]), ("inst", ["大连重工•起重集团公司"])]:
        assert iris.term(kind, *parts) == T.iri(str(iris.iri(kind, *parts)))
    key = "天津市静海区/合作示范区|管委会"
    assert iris.department_term(key) == T.iri(str(iris.department(key)))


def ntriples_rule(triples) -> str:
    return "".join(f"{s} {p} {o} .\n" for s, p, o in sorted(set(triples)))


def blocks_rule(w: T.TurtleWriter, triples) -> str:
    by_s: dict = {}
    for s, p, o in triples:
        by_s.setdefault(s, {}).setdefault(p, set()).add(o)
    out = []
    for s in sorted(by_s):
        preds = by_s[s]
        parts = [f"{w.term(p)} " + ",\n        ".join(w.term(o) for o in sorted(preds[p]))
                 for p in sorted(preds, key=lambda p: (p != T.RDF_TYPE, p))]
        out.append(f"{w.term(s)} " + " ;\n    ".join(parts) + " .\n\n")
    return "".join(out)


@pytest.fixture(scope="module")
def triples(reference_record) -> list:
    docs = DocIndex.of([summarize(reference_record)])
    s = T.iri("https://w3id.org/policykg/id/doc/标题")
    odd = [(s, T.iri("http://purl.org/dc/terms/title"), T.zh('引号"和\\反斜杠\n')),  # sorts before rdf:type
           (s, T.RDF_TYPE, T.iri("https://w3id.org/policykg#PolicyDocument")),
           (s, T.RDF_TYPE, T.iri("https://w3id.org/policykg#Plan")),
           (s, T.iri("https://w3id.org/policykg#position"), T.integer(-3)),
           (s, T.iri("https://w3id.org/policykg#targetValue"), T.decimal("3.20")),
           (s, T.iri("https://w3id.org/policykg#position"), T.integer(10))]
    out = plan_triples(reference_record, docs) + odd
    return out + out[:50]  # duplicates


def test_text_formats_follow_the_plain_rules(triples):
    g = "https://w3id.org/policykg/id/plan/x"
    assert T.ntriples(triples) == ntriples_rule(triples)
    assert T.nquads(triples, g) == ntriples_rule(triples).replace(" .\n", f" <{g}> .\n")
    assert T.ntriples([]) == T.nquads([], g) == ""
    got = T.TurtleWriter(PREFIXES).blocks(triples)
    assert got == blocks_rule(T.TurtleWriter(PREFIXES), triples)
    assert "doc:标题 a pol:Plan,\n        pol:PolicyDocument ;\n    dcterms:title " in got
    assert T.TurtleWriter(PREFIXES).blocks([]) == ""


def mentions_rule(r, p, docs, task_nodes) -> list:
    """What ``_mentions`` gives, by looking at every task for every citation and institution."""
    out = []
    for c in r.citations:
        node = docs.resolve(c.title_key, c.number_key)
        if node == p[1:-1]:
            continue
        out.append((p, "<https://w3id.org/policykg#cites>", T.iri(node)))
        out += [(task_nodes[t.index], "<https://w3id.org/policykg#cites>", T.iri(node))
                for t in r.tasks if t.span[0] <= c.span[0] < t.span[1]]
    for inst in r.institutions:
        node = iris.term("inst", inst.key)
        for t in r.tasks:
            where = [t.span] + ([t.annotation.span] if t.annotation is not None else [])
            if any(a <= s < b for s, _ in inst.spans for a, b in where):
                out.append((task_nodes[t.index], "<https://w3id.org/policykg#mentions>", node))
    return out


def test_mentions_by_bisection_and_with_overlapping_spans(reference_record):
    """Citations and institutions land on the tasks that hold them, whether task spans are disjoint (as
    extracted: bisection) or overlap (every span looked at)."""
    r = reference_record
    assert r.institutions and r.citations
    docs = DocIndex.of([summarize(r)])
    p = iris.term("plan", r.info.id)
    nodes = {t.index: iris.term("task", r.info.id, t.index) for t in r.tasks}
    got = _mentions(r, p, docs, nodes)
    assert got == mentions_rule(r, p, docs, nodes)
    assert any(t[1].endswith("#mentions>") for t in got)
    wide = [dataclasses.replace(t, span=(t.span[0], t.span[1] + 400)) for t in r.tasks]  # each overlaps the next
    r2 = dataclasses.replace(r, tasks=wide)
    got2 = _mentions(r2, p, docs, nodes)
    assert got2 == mentions_rule(r2, p, docs, nodes)
    assert len(got2) > len(got)


def test_plan_iris_in_triples_are_the_iris_module_s(reference_record):
    r = reference_record
    triples = plan_triples(r, DocIndex.of([summarize(r)]))
    subjects = {s for s, _, _ in triples}
    assert T.iri(str(iris.section(r.info.id, r.sections[-1].index))) in subjects
    assert T.iri(str(iris.task(r.info.id, r.tasks[-1].index))) in subjects
    assert all(re.fullmatch(r"<[^<>\"{}|^`\\\x00-\x20]+>", s) for s in subjects)
