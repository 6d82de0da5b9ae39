"""Nodes shared between plans, aggregated plan by plan in SQLite.

Departments, department types, cited documents, institutions and department pairs are written once
for the whole corpus from what every plan says of them. A corpus of 10^4 county plans names 10^5
bodies; gathering them in an SQLite file instead of Python dicts keeps a build's memory flat in the
number of plans. Plans may arrive in any order (as parallel workers finish): every tie is broken by
plan id, so the triples are the same as from plans added in id order.
"""
from __future__ import annotations

import sqlite3
from itertools import groupby
from pathlib import Path
from typing import Iterable, Iterator

from . import iris
from . import terms as T
from .summary import DocIndex, PlanSummary
from .written import ALT, CONCEPT, IN_SCHEME, LABEL, ORGANIZATION, PREF, PUBLISHER, UNIT, UNIT_OF, A
from .written import P as _P
from .written import w as _i
from .terms import Triple

# extract's kinds of institution (extract.institution_lexicon.KINDS) → ontology classes; "other" is a plain
# pol:Institution
INSTITUTION_CLASSES = {"university": "University", "institute": "ResearchInstitute", "laboratory": "Laboratory",
                       "enterprise": "Enterprise", "hospital": "Hospital", "school": "School", "zone": "ParkOrZone",
                       "association": "Association", "platform": "PlatformOrCentre", "fund": "Fund"}

INPUT_CACHE_KB, OUTPUT_CACHE_KB = -8000, -2000  # SQLite's page cache (negative: KiB) while adding, while reading

_SCHEMA = """
CREATE TABLE plan(id TEXT PRIMARY KEY, iri TEXT, title_key TEXT, number_key TEXT) WITHOUT ROWID;
CREATE TABLE dept(key TEXT PRIMARY KEY, plan TEXT, region TEXT, type_key TEXT, type_label TEXT,
                  type_label_en TEXT, parent TEXT) WITHOUT ROWID;
CREATE TABLE spelling(key TEXT, name TEXT, n INTEGER, PRIMARY KEY(key, name)) WITHOUT ROWID;
CREATE TABLE prefixed(key TEXT, name TEXT, PRIMARY KEY(key, name)) WITHOUT ROWID;
CREATE TABLE cite(plan TEXT, pos INTEGER, title_key TEXT, number_key TEXT, title TEXT, number TEXT,
                  PRIMARY KEY(plan, pos)) WITHOUT ROWID;
CREATE TABLE cite_pub(plan TEXT, pos INTEGER, publisher TEXT, PRIMARY KEY(plan, pos, publisher)) WITHOUT ROWID;
CREATE TABLE inst(key TEXT, name TEXT, weight INTEGER, PRIMARY KEY(key, name)) WITHOUT ROWID;
CREATE TABLE inst_kind(key TEXT PRIMARY KEY, kind TEXT) WITHOUT ROWID;
CREATE TABLE pair(d1 TEXT, d2 TEXT, plan_iri TEXT, pos INTEGER, ref TEXT, plan TEXT);
CREATE TABLE responsible(key TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE resolved(title_key TEXT, number_key TEXT, node TEXT, PRIMARY KEY(title_key, number_key)) WITHOUT ROWID;
"""


def _pick(names: dict[str, int], preferred: set[str] = frozenset()) -> str:
    """A canonical name: preferred (region-prefixed) first, then most used, longest, smallest."""
    return min(names, key=lambda s: (s not in preferred, -names[s], -len(s), s))


class SharedNodes:
    """What all plans say of the nodes they share; ``add`` each plan's summary, then read ``triples``.

    Parameters
    ----------
    path : file for the SQLite database (a fresh one is made), or None to keep it in memory
        (for small corpora and tests).
    """

    def __init__(self, path: str | Path | None = None):
        if path is not None:
            Path(path).unlink(missing_ok=True)
        self.db = sqlite3.connect(":memory:" if path is None else str(path))
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                              f"PRAGMA cache_size={INPUT_CACHE_KB};"
                              + _SCHEMA)
        self._docs: DocIndex | None = None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SharedNodes:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- input ------------------------------------------------------------------------------------

    def add(self, s: PlanSummary) -> None:
        """One plan's part: its departments, citations, institutions and shared tasks."""
        x = self.db.executemany
        self.db.execute("INSERT INTO plan VALUES(?,?,?,?)", (s.id, iris.text("plan", s.id), s.title_key or "",
                                                              s.number_key or ""))
        x("INSERT INTO dept VALUES(?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET plan=excluded.plan, "
          "region=excluded.region, type_key=excluded.type_key, type_label=excluded.type_label, "
          "type_label_en=excluded.type_label_en, parent=excluded.parent WHERE excluded.plan < dept.plan",
          [(d.key, s.id, d.region, d.type_key, d.type_label, d.type_label_en or "", d.parent or "")
           for d in s.departments])
        x("INSERT INTO spelling VALUES(?,?,?) ON CONFLICT(key, name) DO UPDATE SET n = n + excluded.n",
          [(d.key, name, n) for d in s.departments for name, n in (d.spellings or {d.label: 1}).items()])
        x("INSERT OR IGNORE INTO prefixed VALUES(?,?)", [(d.key, p) for d in s.departments for p in d.prefixed])
        x("INSERT INTO cite VALUES(?,?,?,?,?,?)",
          [(s.id, n, c.title_key or "", c.number_key or "", c.title or "", c.number or "")
           for n, c in enumerate(s.citations)])
        x("INSERT OR IGNORE INTO cite_pub VALUES(?,?,?)",
          [(s.id, n, k) for n, c in enumerate(s.citations) for k in c.publisher_keys])
        x("INSERT INTO inst VALUES(?,?,?) ON CONFLICT(key, name) DO UPDATE SET weight = weight + excluded.weight",
          [(i.key, name, w) for i in s.institutions for name, w in [(i.name, 2)] + [(a, 1) for a in i.aliases]])
        x("INSERT INTO inst_kind VALUES(?,?) ON CONFLICT(key) DO UPDATE SET kind = min(kind, excluded.kind)",
          [(i.key, i.kind) for i in s.institutions])
        x("INSERT OR IGNORE INTO responsible VALUES(?)", [(k,) for k in s.responsible])
        plan = iris.text("plan", s.id)
        rows = []
        for pos, keys, ref in s.shared:
            depts = sorted([iris.department_term(k)[1:-1] for k in keys])
            rows += [(depts[a], depts[b], plan, pos, ref, s.id)
                     for a in range(len(depts)) for b in range(a + 1, len(depts))]
        x("INSERT INTO pair VALUES(?,?,?,?,?,?)", rows)
        self._docs = None

    def add_all(self, summaries: Iterable[PlanSummary]) -> SharedNodes:
        for s in summaries:
            self.add(s)
        return self

    # --- what the plans' own triples depend on ---------------------------------------------------

    def doc_index(self) -> DocIndex:
        """How cited titles and numbers resolve, given every plan added so far."""
        if self._docs is None:
            docs = DocIndex()
            for iri, title_key, number_key in self.db.execute("SELECT iri, title_key, number_key FROM plan "
                                                              "ORDER BY id"):
                docs.add_plan(iri, title_key or None, number_key or None)
            for number_key, title_key in self.db.execute(
                    "SELECT number_key, title_key FROM cite WHERE number_key != '' AND title_key != '' "
                    "ORDER BY plan, pos"):
                docs.add_number(number_key, title_key)
            self._docs = docs
        return self._docs

    def citation_keys(self, plan_id: str) -> list[tuple[str | None, str | None]]:
        """A plan's citations (its implemented plan included) as (title key, number key), in order."""
        return [(t or None, n or None) for t, n in self.db.execute(
            "SELECT title_key, number_key FROM cite WHERE plan = ? ORDER BY pos", (plan_id,))]

    def responsible_count(self) -> int:
        """Departments named responsible for a task in any plan."""
        return self.db.execute("SELECT COUNT(*) FROM responsible").fetchone()[0]

    # --- output -------------------------------------------------------------------------------------

    def triples(self) -> Iterator[Triple]:
        """The shared triples one node at a time (all of a node's triples together), in a fixed order:
        departments, department types, cited documents, institutions, department pairs.

        The page cache drops from the 8 MB that speeds up ``add`` to 2 MB: the reads are sorted scans,
        and at 10^4 plans the larger cache and sorter were most of the build's peak memory."""
        self.db.execute(f"PRAGMA cache_size={OUTPUT_CACHE_KB}")
        self._resolve()
        yield from self._departments()
        yield from self._types()
        yield from self._documents()
        yield from self._institutions()
        yield from self._pairs()

    def _resolve(self) -> None:
        docs = self.doc_index()
        self.db.execute("DELETE FROM resolved")
        pairs = self.db.execute("SELECT DISTINCT title_key, number_key FROM cite").fetchall()
        self.db.executemany("INSERT INTO resolved VALUES(?,?,?)",
                            [(t, n, docs.resolve(t or None, n or None)) for t, n in pairs])

    def _departments(self) -> Iterator[Triple]:
        rows = self.db.execute(
            "SELECT d.key, d.region, d.type_key, d.parent, s.name, s.n, p.name IS NOT NULL FROM dept d "
            "JOIN spelling s ON s.key = d.key LEFT JOIN prefixed p ON p.key = s.key AND p.name = s.name "
            "ORDER BY d.key, s.name")
        for key, group in groupby(rows, key=lambda r: r[0]):
            group = list(group)
            _, region, type_key, parent = group[0][:4]
            names = {r[4]: r[5] for r in group}
            label = _pick(names, {r[4] for r in group if r[6]})
            node = iris.department_term(key)
            yield from [(node, A, _P["Department"]), (node, A, ORGANIZATION), (node, LABEL, T.zh(label)),
                        (node, _P["region"], T.lit(region)),
                        (node, _P["departmentType"], iris.term("type", type_key))]
            if parent:  # a unit of a bureau (区教育局基教科): W3C ORG's unit and its organisation
                yield from [(node, A, UNIT), (node, UNIT_OF, iris.department_term(parent))]
            yield from [(node, ALT, T.zh(a)) for a in names if a != label]

    def _types(self) -> Iterator[Triple]:
        rows = self.db.execute("SELECT type_key, type_label, type_label_en FROM dept ORDER BY type_key, key")
        for tkey, group in groupby(rows, key=lambda r: r[0]):
            _, label, label_en = next(group)
            node = iris.term("type", tkey)
            yield from [(node, A, CONCEPT), (node, A, _P["DepartmentType"]), (node, PREF, T.zh(label)),
                        (node, IN_SCHEME, _i(iris.TYPE_SCHEME))]
            if label_en:
                yield (node, PREF, T.lit(label_en, "en"))

    def _documents(self) -> Iterator[Triple]:
        """Cited documents that are not plans of the build: titles (longest first), one number, publishers."""
        rows = self.db.execute(
            "SELECT node, 0, title FROM cite JOIN resolved USING (title_key, number_key) WHERE title != '' "
            "UNION SELECT node, 1, number FROM cite JOIN resolved USING (title_key, number_key) WHERE number != '' "
            "UNION SELECT node, 2, publisher FROM cite_pub JOIN cite USING (plan, pos) "
            "JOIN resolved USING (title_key, number_key) "
            "UNION SELECT node, 3, '' FROM cite JOIN resolved USING (title_key, number_key) "
            "ORDER BY 1, 2, 3")
        plans = {r[0] for r in self.db.execute("SELECT iri FROM plan")}
        for node, group in groupby(rows, key=lambda r: r[0]):
            if node in plans:
                continue
            values: dict[int, list[str]] = {0: [], 1: [], 2: []}
            for _, kind, value in group:
                if kind < 3:
                    values[kind].append(value)
            n = T.iri(node)
            yield (n, A, _P["PolicyDocument"])
            titles = values[0]
            if titles:
                label = min(titles, key=lambda t: (-len(t), t))
                yield (n, LABEL, T.zh(label))
                yield from [(n, ALT, T.zh(t)) for t in titles if t != label]
            for num in values[1][:1]:
                yield (n, _P["documentNumber"], T.lit(num))
            yield from [(n, PUBLISHER, iris.department_term(k)) for k in values[2]]

    def _institutions(self) -> Iterator[Triple]:
        """Each institution: pol:Institution and the class of its kind (pol:University …), its label (the
        name written most fully, most often) and every other spelling, short form or defined alias."""
        kinds = dict(self.db.execute("SELECT key, kind FROM inst_kind"))
        rows = self.db.execute("SELECT key, name, weight FROM inst ORDER BY key, name")
        for key, group in groupby(rows, key=lambda r: r[0]):
            names = {name: w for _, name, w in group}
            n = iris.term("inst", key)
            label = min(names, key=lambda t: (-names[t], -len(t), t))
            yield from [(n, A, _P["Institution"]), (n, A, ORGANIZATION), (n, LABEL, T.zh(label))]
            if kinds.get(key) in INSTITUTION_CLASSES:
                yield (n, A, _P[INSTITUTION_CLASSES[kinds[key]]])
            yield from [(n, ALT, T.zh(a)) for a in names if a != label]

    def _pairs(self) -> Iterator[Triple]:
        """Departments that share tasks, one pol:DepartmentPair per pair over all plans.

        Derived at build time so that the shared-responsibilities query reads one node per pair: an
        on-disk store joins and sorts about 10^4-10^5 rows a second, too slow for thousands of plans.
        Shared tasks are listed in plan IRI order, then by position, as the query would order them.
        """
        rows = self.db.execute("SELECT d1, d2, plan_iri, pos, ref, plan FROM pair ORDER BY d1, d2, plan_iri, pos, "
                               "ref, plan")
        for (d1, d2), group in groupby(rows, key=lambda r: (r[0], r[1])):
            tasks = list(group)
            node = "<" + iris.pair_text(d1, d2) + ">"
            yield from [(node, A, _P["DepartmentPair"]),
                        (node, _P["firstDepartment"], T.iri(d1)), (node, _P["secondDepartment"], T.iri(d2)),
                        (node, _P["sharedTaskCount"], T.integer(len(tasks))),
                        (node, _P["sharedTaskList"], T.lit(" | ".join(r[4] for r in tasks)))]
            yield from [(node, _P["sharedTask"], f'{iris.part_prefix("task", r[5])}{r[3]}>') for r in tasks]
