"""The joint-issuing network (联合发文): bodies linked when they issue a document together.

A document's issuers are its ``dcterms:publisher`` values in the graph, one per body: a plan's
publishers (国务院办公厅、中央军委办公厅 → two bodies), and a cited document's issuers, read at build time
from the head of its title (财政部 税务总局 科技部关于…) or from its 文号's issuer code (财税 → 财政部、税务总局,
``extract/data/document_number_issuers.tsv``). Two bodies form a pair when they publish the same
document; the pair's weight is the number of such documents. Every ``pol:PolicyDocument`` counts,
plans and the documents they cite alike.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Iterable

import networkx as nx

from ..query.engine import as_source, node_rows, select
from ..query.vocab import DCTERMS, V
from .data import pick, plan_iri, short_label

PUBLISHER = DCTERMS + "publisher"
ISSUER_COLUMNS = ("first", "first_label", "second", "second_label", "documents", "titles", "document_iris")
SEP = " | "  # between titles (titles hold commas and 、)


@dataclass(frozen=True)
class IssuerPair:
    """Two bodies (IRIs, ``first`` < ``second``) and the documents they issued together, by IRI."""

    first: str
    second: str
    first_label: str
    second_label: str
    documents: tuple[str, ...]
    titles: tuple[str, ...]

    def row(self) -> dict:
        return {"first": self.first, "first_label": self.first_label, "second": self.second,
                "second_label": self.second_label, "documents": len(self.documents),
                "titles": SEP.join(self.titles), "document_iris": " ".join(self.documents)}


def read_publishers(source, plans: Iterable[str] | None = None) -> dict[str, list[str]]:
    """``{document IRI: sorted publisher IRIs}`` of every document with a publisher; with ``plans``
    (ids or IRIs), only those plans and the documents they cite."""
    src = as_source(source)
    scope = ""
    if plans:
        values = " ".join(f"<{plan_iri(str(p))}>" for p in sorted(plans))
        scope = f"VALUES ?plan {{ {values} }} {{ BIND(?plan AS ?doc) }} UNION {{ ?plan <{V.cites}> ?doc }} "
    out: dict[str, set[str]] = defaultdict(set)
    for doc, body in select(src, f"SELECT DISTINCT ?doc ?body WHERE {{ {scope}?doc <{PUBLISHER}> ?body }}"):
        if body.kind == "uri":
            out[doc.value].add(body.value)
    return {d: sorted(b) for d, b in sorted(out.items())}


def issuer_pairs(source, plans: Iterable[str] | None = None) -> list[IssuerPair]:
    """Every pair of bodies that issue a document together, most documents first (then by labels)."""
    src = as_source(source)
    pubs = read_publishers(src, plans)
    together: dict[tuple[str, str], list[str]] = defaultdict(list)
    for doc, bodies in pubs.items():
        for pair in combinations(bodies, 2):
            together[pair].append(doc)
    if not together:
        return []
    docs = {d for ds in together.values() for d in ds}
    bodies = {b for pair in together for b in pair}
    doc_props = node_rows(src, _iri_values(docs), (DCTERMS + "title", V.label, V.documentNumber))
    body_props = node_rows(src, _iri_values(bodies), (V.label, V.prefLabel))

    def title(d: str) -> str:
        pr = doc_props.get(d, {})
        return pick(pr.get(DCTERMS + "title")) or pick(pr.get(V.label)) or pick(pr.get(V.documentNumber)) \
            or short_label(d)

    def label(b: str) -> str:
        pr = body_props.get(b, {})
        return pick(pr.get(V.label)) or pick(pr.get(V.prefLabel)) or short_label(b)

    out = [IssuerPair(first=a, second=b, first_label=label(a), second_label=label(b), documents=tuple(ds),
                      titles=tuple(title(d) for d in ds)) for (a, b), ds in together.items()]
    return sorted(out, key=lambda p: (-len(p.documents), p.first_label, p.second_label, p.first, p.second))


def issuer_network(pairs: Iterable[IssuerPair]) -> nx.Graph:
    """The joint-issuing network: bodies as nodes (``label``), ``weight`` = documents issued together."""
    G = nx.Graph()
    for p in sorted(pairs, key=lambda p: (p.first, p.second)):
        G.add_node(p.first, label=p.first_label)
        G.add_node(p.second, label=p.second_label)
        G.add_edge(p.first, p.second, weight=len(p.documents))
    return G


def _iri_values(iris: set[str]) -> str:
    return f"VALUES ?s {{ {' '.join(f'<{i}>' for i in sorted(iris))} }}"
