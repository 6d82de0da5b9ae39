"""What the whole build must know of each plan: its summary, and how cited documents resolve.

A ``PlanSummary`` is the small part of a plan record that other plans' triples and the shared nodes
depend on; ``DocIndex`` turns a cited title or 文号 into one node (a plan of the build, or a document).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from extract.records import Citation, Department, Institution, PlanRecord

from . import iris


@dataclass(slots=True)
class PlanSummary:
    """The part of a plan record that other plans' triples and the shared nodes depend on."""

    id: str
    title_key: str
    number_key: str | None
    departments: list[Department]
    citations: list[Citation]
    institutions: list[Institution]
    responsible: list[str]  # keys of the departments named responsible for a task
    shared: list[tuple[int, tuple[str, ...], str]]  # tasks with 2+ departments: (position, keys, ref)


def summarize(r: PlanRecord) -> PlanSummary:
    cites = [Citation(span=c.span, title=c.title, number=c.number, publisher_keys=list(c.publisher_keys),
                      title_key=c.title_key, number_key=c.number_key) for c in r.citations]
    if r.info.implements and not any(c.title_key == r.info.implements_key for c in r.citations):
        cites.append(Citation(span=(0, 0), title=r.info.implements, title_key=r.info.implements_key))
    insts = [Institution(name=x.name, spans=[], aliases=list(x.aliases), key=x.key, kind=x.kind)
             for x in r.institutions]
    responsible = sorted({k for t in r.tasks for k, _ in t.departments})
    shared = [(t.index, tuple(sorted({k for k, _ in t.departments})), task_ref(r.info.id, t.index, t.text))
              for t in r.tasks if len({k for k, _ in t.departments}) > 1]
    return PlanSummary(r.info.id, r.info.title_key, r.info.number_key, list(r.departments), cites, insts,
                       responsible, shared)


class DocIndex:
    """Resolves cited documents to one node each; plans of the build are their own nodes.

    A 文号 names one document: every title printed beside it (国务院关于…的通知(国办发〔2018〕58号)) is
    that document, its first title (plans in id order, citations in text order) the canonical one,
    so that title-only, number-only and title-and-number mentions of one document meet on one node.
    Fed plan by plan in id order (``add_plan``) and citation by citation (``add_number``).
    """

    def __init__(self) -> None:
        self.plan_by_title: dict[str, str] = {}
        self.plan_by_number: dict[str, str] = {}
        self.title_by_number: dict[str, str] = {}
        self.canonical_title: dict[str, str] = {}  # a title printed beside a number → that number's title
        self.plan_by_stem: dict[str, str | None] = {}  # title key without its years → plan, None if several

    @classmethod
    def of(cls, summaries: Iterable[PlanSummary]) -> DocIndex:
        """The index of a few plans' summaries held in memory."""
        docs = cls()
        summaries = sorted(summaries, key=lambda s: s.id)
        for s in summaries:
            docs.add_plan(iris.text("plan", s.id), s.title_key, s.number_key)
        for s in summaries:
            for c in s.citations:
                if c.number_key and c.title_key:
                    docs.add_number(c.number_key, c.title_key)
        return docs

    def add_plan(self, plan_iri: str, title_key: str | None, number_key: str | None) -> None:
        if title_key:
            self.plan_by_title.setdefault(title_key, plan_iri)
            stem = _stem(title_key)
            self.plan_by_stem[stem] = plan_iri if self.plan_by_stem.get(stem, plan_iri) == plan_iri else None
        if number_key:
            self.plan_by_number.setdefault(number_key, plan_iri)

    def add_number(self, number_key: str, title_key: str) -> None:
        first = self.title_by_number.setdefault(number_key, title_key)
        self.canonical_title.setdefault(title_key, first)

    def resolve(self, title_key: str | None, number_key: str | None) -> str:
        if number_key in self.title_by_number:
            title_key = self.title_by_number[number_key]
        elif title_key in self.canonical_title:
            title_key = self.canonical_title[title_key]
        if title_key and title_key in self.plan_by_title:
            return self.plan_by_title[title_key]
        if number_key and number_key in self.plan_by_number:
            return self.plan_by_number[number_key]
        if title_key and self.plan_by_stem.get(_stem(title_key)):  # the years left off, or added
            return self.plan_by_stem[_stem(title_key)]
        return iris.text("doc", title_key or number_key or "unknown")

    def resolutions(self, keys: Iterable[tuple[str | None, str | None]]) -> list[tuple[str | None, str | None, str]]:
        """How a plan's citations (its implemented plan included), given as (title key, number key),
        resolve: the context its triples depend on, part of their cache key."""
        return [(t, n, self.resolve(t, n)) for t, n in keys]


def _stem(title_key: str) -> str:
    """A title key without the years it ends with: 天津市科技创新三年行动计划2020-2022 → …行动计划."""
    return re.sub(r"(?:19|20)\d\d年?(?:-(?:19|20)\d\d年?)?$", "", title_key)


def task_ref(plan_id: str, position: int, text: str) -> str:
    """How a shared task is listed: ``plan#position`` and its first 16 characters."""
    plan = iris.text("plan", plan_id).split("/id/plan/", 1)[1]
    return f"{plan}#{position} " + (text[:16] + "…" if len(text) > 16 else text)
