"""Typed records that extraction produces: plain dataclasses, every fact with its source span.

Spans are ``(start, end)`` in Unicode code points of the document's extracted text, 0-based,
end exclusive. ``extract/`` knows nothing of RDF; ``graph/`` turns these records into triples.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

Span = tuple[int, int]

LEAD = "lead"
SUPPORT = "support"
PLAIN = "plain"  # named responsible, no role marked


@dataclass(frozen=True, slots=True)
class DepartmentRef:
    """A department named in an annotation or title, before resolution to a body."""

    surface: str  # as printed
    span: Span
    role: str = PLAIN  # LEAD, SUPPORT or PLAIN


@dataclass(slots=True)
class Department:
    """One body of one region, with every spelling seen for it."""

    key: str  # region-scoped identity, stable across spellings: "天津市静海区/科技局"
    label: str  # canonical name as the plan writes it most fully
    region: str
    type_key: str  # department type, e.g. 科技局
    type_label: str
    type_label_en: str = ""
    aliases: list[str] = field(default_factory=list)
    spellings: dict[str, int] = field(default_factory=dict)  # printed name → mentions
    prefixed: list[str] = field(default_factory=list)  # spellings that carry a region prefix
    parent: Optional[str] = None  # key of the bureau this body is a unit of (区教育局 for 基教科)


@dataclass(slots=True)
class Section:
    """A node of the document's outline."""

    index: int  # 1-based position in document order
    marker: str  # as printed: 一、 (一) 1、
    heading: str
    depth: int  # 1 = top
    span: Span  # from the marker to the end of the item
    parent: Optional[int] = None  # index of the enclosing section


@dataclass(slots=True)
class Annotation:
    """A responsibility annotation: who is responsible for the text before it."""

    span: Span
    text: str  # as printed
    departments: list[DepartmentRef]
    form: str  # inline, lines, table


@dataclass(slots=True)
class Task:
    """One unit of work governed by one responsibility annotation (or none)."""

    index: int
    span: Span  # of the task's text, without its annotation
    text: str
    section: Optional[int]
    annotation: Optional[Annotation] = None
    departments: list[tuple[str, str]] = field(default_factory=list)  # (department key, role)
    marker: Optional[str] = None  # a table row's number, as printed
    deadline: Optional[str] = None  # when the task is due, as printed (完成时限 2021年底前)


@dataclass(slots=True)
class Citation:
    """A policy document named in the text: a 《title》, a 文号, or both printed together."""

    span: Span
    title: Optional[str] = None  # inside 《》, as printed
    number: Optional[str] = None  # 文号, brackets normalised to 〔〕
    publishers: list[str] = field(default_factory=list)  # issuing bodies read from the title
    publisher_keys: list[str] = field(default_factory=list)  # their department keys
    implements: bool = False  # the plan says it implements this document
    title_key: Optional[str] = None  # equal for one title however printed (see citations.title_key)
    number_key: Optional[str] = None


@dataclass(slots=True)
class Institution:
    """A named university, institute, laboratory, enterprise, hospital, school, park or zone, association,
    platform or fund (not a government department, not a kind such as 高新技术企业)."""

    name: str  # canonical (longest) form as printed
    spans: list[Span]  # every mention; a list member's runs from its own words to the shared head's end
    key: str = ""  # normalised name: equal across scripts and widths
    aliases: list[str] = field(default_factory=list)  # other spellings, short forms and defined aliases
    kind: str = "other"  # university, institute, laboratory, enterprise, hospital, school, zone, association,
    #                      platform, fund or other (from the name's ending; extract.institution_lexicon.KINDS)


@dataclass(slots=True)
class Target:
    """A quantified goal: 全区有效发明专利达到350件."""

    index: int
    span: Span  # the whole statement: indicator, verb and quantity (and the counted thing after it)
    indicator: str  # what is measured, as printed (composed of its printed parts for 分别 lists)
    indicator_key: str  # normalised, without 全区/全市 …, one name per synonym row: equal across plans
    value: str  # decimal as printed, e.g. "3.2", "1.2"; the lower bound of a range
    unit: str  # as printed, e.g. 件, %, 亿元, 万件, 工作日
    comparator: str  # >=, >, <=, <, +, -, ~, =
    normalized_value: str  # with 万/亿 multiplied out
    base_unit: str
    year: Optional[int] = None
    task: Optional[int] = None
    upper_value: Optional[str] = None  # the upper bound of a range (1~2所 → 2), same unit as value
    normalized_upper: Optional[str] = None
    per: Optional[str] = None  # the unit a norm applies to, as printed: 每个街(镇), 试点城市 (各派1名)
    text: str = ""  # the statement as printed (text[span], whitespace removed)


@dataclass(slots=True)
class DocumentInfo:
    """Metadata of one source document."""

    id: str
    source_file: str
    title: str
    region: str
    level: str = ""
    issued: Optional[str] = None  # ISO date
    publisher: Optional[str] = None  # as given: one body, or several issuing together (国务院办公厅、中央军委办公厅)
    publisher_keys: list[str] = field(default_factory=list)  # department key of each issuing body, in order
    number: Optional[str] = None
    implements: Optional[str] = None  # title of the implemented document
    title_key: str = ""
    number_key: Optional[str] = None
    implements_key: Optional[str] = None
    complete: Optional[bool] = None
    url: Optional[str] = None
    encoding: str = "utf-8"
    meta: dict[str, str] = field(default_factory=dict)  # page boilerplate kept as metadata


@dataclass(slots=True)
class PlanRecord:
    """Everything extracted from one document."""

    info: DocumentInfo
    text: str
    sections: list[Section]
    tasks: list[Task]
    departments: list[Department]
    citations: list[Citation]
    institutions: list[Institution]
    targets: list[Target]
    conventions: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        """Counts of each record type, for reports."""
        return {
            "tasks": len(self.tasks),
            "tasks_with_departments": sum(1 for t in self.tasks if t.departments),
            "departments": len(self.departments),
            "citations": len(self.citations),
            "institutions": len(self.institutions),
            "targets": len(self.targets),
        }
