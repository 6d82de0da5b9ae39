"""The policykg vocabulary (``pol:``) as an rdflib ``DefinedNamespace``.

The core terms are the public interface of ``VOCABULARY.md``; ``ontology.ttl`` documents every
term listed here (a test keeps the two in step).
"""
from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

POL_IRI = "https://w3id.org/policykg#"
ID_BASE = "https://w3id.org/policykg/id/"


class POL(DefinedNamespace):
    """Classes and properties of policykg (``https://w3id.org/policykg#``)."""

    _NS = Namespace(POL_IRI)
    _fail = True

    # classes
    PolicyDocument: URIRef  # any document known by its title and/or 文号
    Plan: URIRef  # a document whose text was processed (subclass of PolicyDocument)
    Section: URIRef  # a node of the plan's outline
    Task: URIRef  # one unit of work governed by one responsibility annotation
    Department: URIRef  # a government body named as responsible
    Institution: URIRef  # a university, institute, laboratory, enterprise, hospital, park or zone
    Target: URIRef  # a quantified goal
    DepartmentType: URIRef  # the skos:Concept scheme of department kinds
    DepartmentPair: URIRef  # two departments that share tasks, over all plans (derived at build time)

    # core properties (VOCABULARY.md)
    text: URIRef
    inPlan: URIRef
    inSection: URIRef
    responsibleDepartment: URIRef
    leadDepartment: URIRef
    supportingDepartment: URIRef
    mentions: URIRef
    cites: URIRef
    documentNumber: URIRef
    implements: URIRef
    hasTarget: URIRef
    indicator: URIRef
    targetValue: URIRef
    unit: URIRef
    comparator: URIRef
    departmentType: URIRef
    region: URIRef
    sourceStart: URIRef
    sourceEnd: URIRef

    # extensions
    annotation: URIRef  # the responsibility annotation of a task, as printed
    position: URIRef  # 1-based order of a task, section or target within its plan
    marker: URIRef  # a section's outline marker or a table row's number, as printed: 一、 (一) 1、
    deadline: URIRef  # when a task is due, as printed: 2021年底前
    depth: URIRef  # a section's depth in the outline, 1 = top
    parentSection: URIRef  # the enclosing outline node
    indicatorKey: URIRef  # the indicator normalised across plans (no 全区/全市, simplified)
    normalizedValue: URIRef  # targetValue with 万/亿 multiplied out
    baseUnit: URIRef  # unit without its 万/亿 prefix
    targetYear: URIRef  # the year a target is due, when given
    governmentLevel: URIRef  # national, province, city, district, county …
    complete: URIRef  # false when the source is an excerpt
    sourceFile: URIRef  # the source file's name
    textSha256: URIRef  # digest of the extracted text that spans refer to
    firstDepartment: URIRef  # DepartmentPair → the department whose IRI sorts first
    secondDepartment: URIRef  # DepartmentPair → the other department
    sharedTask: URIRef  # DepartmentPair → each task both departments are responsible for
    sharedTaskCount: URIRef  # DepartmentPair → how many tasks they share
    sharedTaskList: URIRef  # DepartmentPair → the shared tasks as "plan#position first words", in order
