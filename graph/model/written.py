"""The vocabulary's IRIs as N-Triples terms, written once: what every triple-writing module uses.

``P["Task"]`` is ``<https://w3id.org/policykg#Task>``; ``A`` is ``rdf:type``. Kept apart from the modules
that write plans (``rdf``) and shared nodes (``shared``) so that both import it and neither the other.
"""
from __future__ import annotations

from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from . import terms as T
from .vocab import ID_BASE, POL

SHARED_GRAPH = ID_BASE + "graph/shared"

P = {name: T.iri(str(getattr(POL, name))) for name in (
    "Plan", "PolicyDocument", "Section", "Task", "Department", "Institution", "Target", "DepartmentType",
    "text", "inPlan", "inSection", "responsibleDepartment", "leadDepartment", "supportingDepartment",
    "mentions", "cites", "documentNumber", "implements", "hasTarget", "indicator", "indicatorKey",
    "targetValue", "unit", "comparator", "departmentType", "region", "sourceStart", "sourceEnd",
    "annotation", "position", "marker", "deadline", "depth", "parentSection", "normalizedValue", "baseUnit",
    "targetYear", "governmentLevel", "complete", "sourceFile", "textSha256", "DepartmentPair",
    "firstDepartment", "secondDepartment", "sharedTask", "sharedTaskCount", "sharedTaskList",
    "University", "ResearchInstitute", "Laboratory", "Enterprise", "Hospital", "School", "ParkOrZone",
    "Association", "PlatformOrCentre", "Fund", "upperValue", "normalizedUpperValue", "perUnit")}
A = T.RDF_TYPE
LABEL = T.iri(str(RDFS.label))
ALT = T.iri(str(SKOS.altLabel))
PREF = T.iri(str(SKOS.prefLabel))
IN_SCHEME = T.iri(str(SKOS.inScheme))
CONCEPT = T.iri(str(SKOS.Concept))
ORGANIZATION = T.iri(str(ORG.Organization))
UNIT = T.iri(str(ORG.OrganizationalUnit))
UNIT_OF = T.iri(str(ORG.unitOf))
TITLE = T.iri(str(DCTERMS.title))
ISSUED = T.iri(str(DCTERMS.issued))
PUBLISHER = T.iri(str(DCTERMS.publisher))
SOURCE = T.iri(str(DCTERMS.source))
DERIVED = T.iri(str(PROV.wasDerivedFrom))

PREFIXES = {"pol": str(POL._NS), "dcterms": str(DCTERMS), "org": str(ORG), "skos": str(SKOS),
            "prov": str(PROV), "xsd": str(XSD), "rdfs": str(RDFS), "owl": str(OWL), "rdf": str(RDF),
            **{k: ID_BASE + k + "/" for k in ("plan", "section", "task", "target", "dept", "type", "inst", "doc",
                                              "pair")}}


def w(u) -> str:
    """An IRI (rdflib term or string) as an N-Triples term."""
    return T.iri(str(u))
