"""Deterministic, readable IRIs: the same source gives the same IRI, and regions never collide.

Scheme (base ``https://w3id.org/policykg/id/``): ``plan/{id}``, ``section/{id}/{n}``,
``task/{id}/{n}``, ``target/{id}/{n}``, ``dept/{region}/{body}``, ``type/{type}``, ``pair/{dept}/{dept}``,
``inst/{name}``, ``doc/{title or 文号}``. Chinese stays readable (IRIs allow it); ASCII characters
that IRIs forbid are percent-encoded.
"""
from __future__ import annotations

from rdflib import URIRef

from .vocab import ID_BASE

_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~")


def segment(s: str) -> str:
    """One path segment: non-ASCII kept, ASCII outside ``[A-Za-z0-9-_.~]`` percent-encoded."""
    out = []
    for ch in s.strip():
        if ch in _SAFE:
            out.append(ch)
        elif ord(ch) > 127 and not ch.isspace() and ch not in "\u3000\ufeff\u200b":
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out) or "_"


def iri(kind: str, *parts: str | int) -> URIRef:
    return URIRef(ID_BASE + kind + "/" + "/".join(segment(str(p)) for p in parts))


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
    tail = lambda d: d.split("/id/dept/", 1)[1]  # noqa: E731
    return URIRef(ID_BASE + "pair/" + tail(str(dept1)) + "/" + tail(str(dept2)))


def department(key: str) -> URIRef:
    """``天津市静海区/合作示范区|管委会`` → ``dept/天津市静海区/合作示范区-管委会``."""
    region, body = key.split("/", 1)
    return iri("dept", region, body.replace("|", "-"))


def dept_type(type_key: str) -> URIRef:
    return iri("type", type_key)


TYPE_SCHEME = URIRef(ID_BASE + "type/")


def institution(name_key: str) -> URIRef:
    return iri("inst", name_key)


def document(key: str) -> URIRef:
    return iri("doc", key)
