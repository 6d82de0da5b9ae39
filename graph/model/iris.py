"""Deterministic, readable IRIs: the same source gives the same IRI, and regions never collide.

Scheme (base ``https://w3id.org/policykg/id/``): ``plan/{id}``, ``section/{id}/{n}``,
``task/{id}/{n}``, ``target/{id}/{n}``, ``dept/{region}/{body}``, ``type/{type}``, ``pair/{dept}/{dept}``,
``inst/{name}``, ``doc/{title or 文号}``. Chinese stays readable (IRIs allow it); ASCII characters
that IRIs forbid are percent-encoded.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rdflib import URIRef

from .vocab import ID_BASE

# what a segment percent-encodes: ASCII outside [A-Za-z0-9-_.~]; non-ASCII white space (as str.isspace has
# it), U+3000, U+FEFF and U+200B; lone surrogates, which then fail to encode as they always did
_UNSAFE = re.compile("[^-A-Za-z0-9_.~\x80-\ud7ff\ue000-\U0010ffff]"
                     "|[\x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]")


def _percent(m: re.Match) -> str:
    return "".join(f"%{b:02X}" for b in m.group().encode("utf-8"))


@lru_cache(maxsize=1 << 16)  # ids, departments and institutions recur in every plan that names them
def segment(s: str) -> str:
    """One path segment: non-ASCII kept, ASCII outside ``[A-Za-z0-9-_.~]`` percent-encoded."""
    return _UNSAFE.sub(_percent, s.strip()) or "_"


def text(kind: str, *parts: str | int) -> str:
    """``iri(kind, *parts)`` as a plain string, without making an rdflib term."""
    return ID_BASE + kind + "/" + "/".join([segment(str(p)) for p in parts])


def iri(kind: str, *parts: str | int) -> URIRef:
    return URIRef(text(kind, *parts))


def term(kind: str, *parts: str | int) -> str:
    """``iri(kind, *parts)`` as an N-Triples term (a segment holds nothing an N-Triples IRI must escape)."""
    return "<" + text(kind, *parts) + ">"


def plan(doc_id: str) -> URIRef:
    return iri("plan", doc_id)


def section(doc_id: str, n: int) -> URIRef:
    return iri("section", doc_id, n)


def task(doc_id: str, n: int) -> URIRef:
    return iri("task", doc_id, n)


def target(doc_id: str, n: int) -> URIRef:
    return iri("target", doc_id, n)


def pair(dept1: str, dept2: str) -> URIRef:
    """Two department IRIs → ``pair/{region}/{body}/{region}/{body}`` (in the order given)."""
    return URIRef(pair_text(str(dept1), str(dept2)))


def pair_text(dept1: str, dept2: str) -> str:
    """``pair(dept1, dept2)`` as a plain string."""
    return ID_BASE + "pair/" + dept1.split("/id/dept/", 1)[1] + "/" + dept2.split("/id/dept/", 1)[1]


def _department_parts(key: str) -> tuple[str, str]:
    """``天津市静海区/合作示范区|管委会`` → ``("天津市静海区", "合作示范区-管委会")``: a department's path segments."""
    region, body = key.split("/", 1)
    return region, body.replace("|", "-")


def department(key: str) -> URIRef:
    """``天津市静海区/合作示范区|管委会`` → ``dept/天津市静海区/合作示范区-管委会``."""
    return iri("dept", *_department_parts(key))


@lru_cache(maxsize=1 << 12)
def part_prefix(kind: str, doc_id: str) -> str:
    """``<…/{kind}/{doc_id}/``: the N-Triples term of a plan's section, task or target ``n`` is this prefix,
    ``n`` and ``>`` (the segment of a number is its digits)."""
    return "<" + text(kind, doc_id) + "/"


@lru_cache(maxsize=1 << 16)
def department_term(key: str) -> str:
    """``department(key)`` as an N-Triples term (the same department recurs in many tasks)."""
    return term("dept", *_department_parts(key))


def dept_type(type_key: str) -> URIRef:
    return iri("type", type_key)


TYPE_SCHEME = URIRef(ID_BASE + "type/")


def institution(name_key: str) -> URIRef:
    return iri("inst", name_key)


def document(key: str) -> URIRef:
    return iri("doc", key)
