"""The extraction pipeline: one source document → one ``PlanRecord``.

Stages run in a fixed order over the text and its normalised view (same offsets): outline,
metadata, annotations, tasks, departments, citations, institutions, targets. ``Extractor`` is
one object with a ``__call__`` so that a build can hold one per worker process.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import annotations, citations, collectives, departments, implements, institutions, metadata, outline, targets, tasks
from .doc_titles import listed_publishers
from .identity import EXTRACTOR_VERSION, doc_id, fingerprint  # noqa: F401 - also this module's names
from .manifest import ManifestRow
from .normalize import norm_key, normalize
from .reading import Source, SourceError, read_source
from .spans import Stab
from .records import Citation, DocumentInfo, PlanRecord, Span, Task


class NotAPlan(SourceError):
    """A readable document in which no outline, annotation or target was found.

    Whoever the tasks name does not matter: a list of tasks whose only doers are collectives
    (市政府各部门, 各地区各部门) is still a plan, its tasks and targets kept.
    """


@dataclass
class Heading:
    """How the document presents itself at its head: the notice's title, its own 文号 and where its
    title lines are printed (the notice's title block and the printed plan's title)."""

    notice: str | None
    numbers: list[str]
    spans: list[Span]


class Extractor:
    """Turns a read ``Source`` (and its manifest row, if any) into a ``PlanRecord``."""

    version = EXTRACTOR_VERSION

    def __call__(self, source: Source, row: ManifestRow | None = None, doc: str | None = None) -> PlanRecord:
        text = source.text
        norm = normalize(text)
        items = outline.parse_outline(text, norm)
        info, heading = self._info(source, row, doc, text, norm, items)
        hits, convention = annotations.find_annotations(text, norm)
        collectives.drop_distributed(norm, hits)
        hits = sorted(hits + collectives.collective_hits(text, norm, [h.span for h in hits]), key=lambda h: h.span)
        spans = tasks.segment(text, norm, items, hits)
        names = [d.surface for _, h in spans if h is not None for d in h.departments]
        deps, key_of = departments.build_departments(names, info.region, owner=info.publisher)
        task_records = []
        innermost = outline.Innermost(items)
        for i, ((s, e), h) in enumerate(spans, 1):
            item = innermost(s)
            roles: dict[str, str] = {}
            for d in (h.departments if h else []):
                k = key_of[d.surface]
                roles[k] = _stronger(roles.get(k), d.role)
            task_records.append(Task(index=i, span=(s, e), text=text[s:e], section=item.section.index if item else None,
                                     annotation=h, departments=list(roles.items()),
                                     marker=h.row if h else None, deadline=h.deadline if h else None))
        own = metadata.own_document([info.title, heading.notice, row.title if row else None],
                                    [info.number] + heading.numbers)
        cites = citations.find_citations(text, norm, own)
        deps += self._issuers(info, cites, {d.key for d in deps})
        skip = [h.span for h in hits]
        insts = institutions.find_institutions(text, norm, skip)
        year = (int(info.issued[:4]) if info.issued and info.issued[:4].isdigit() else None) or \
            metadata.number_year(info.number)  # an undated plan's own 文号 still tells its year
        tgts = targets.find_targets(text, norm, skip + [c.span for c in cites], year)
        if not items and not hits and not tgts:
            raise NotAPlan(source.path, "not a plan: no outline, responsibility annotation or target found")
        tasks.fit_targets_to_cells(text, tgts, hits)
        in_task = Stab([tr.span for tr in task_records])
        for t in tgts:
            k = in_task.first(t.span[0])
            t.task = task_records[k].index if k is not None else None
        self._implements(info, norm, cites, items, heading.spans)
        info.title_key = citations.title_key(info.title)
        info.number_key = norm_key(info.number) if info.number else None
        info.implements_key = citations.title_key(info.implements) if info.implements else None
        return PlanRecord(info=info, text=text, sections=[it.section for it in items], tasks=task_records,
                          departments=deps, citations=cites, institutions=insts, targets=tgts,
                          conventions=["first-listed-leads"] if convention else [])

    @staticmethod
    def _implements(info: DocumentInfo, norm: str, cites: list, items: list, title_spans: list[Span]) -> None:
        """The documents the plan carries out: the manifest's, else those its title or preambles name."""
        if info.implements:
            for c in cites:
                c.implements = bool(c.title) and citations.title_key(c.title) == citations.title_key(info.implements)
            return
        starts = [it.section.span[0] for it in items]
        preambles = [(0, starts[0] if starts else min(len(norm), 400))]
        for _, end in title_spans[1:]:  # the printed plan's own preamble, after its title
            nxt = next((s for s in starts if s >= end), len(norm))
            if end > preambles[0][1]:
                preambles.append((end, nxt))
        guiding = [it.section.span for it in items if implements.guiding_heading(it.section.heading)]
        chosen = implements.mark_implements(norm, cites, preambles, title_spans, info.title, guiding)
        named = implements.title_document(info.title) if not chosen else None
        if named:  # the title names it without 《》: a document of its own, or a mention of one cited
            key = citations.title_key(named)
            chosen = [c for c in cites if c.title_key == key] or [
                Citation(span=title_spans[0] if title_spans else (0, 0), title=named, title_key=key,
                         publishers=citations.publishers(named))]
            for c in chosen:
                c.implements = True
            cites += [c for c in chosen if c not in cites]
            cites.sort(key=lambda c: c.span)
        if chosen:
            info.implements = chosen[0].title or chosen[0].number

    def _info(self, source: Source, row: ManifestRow | None, doc: str | None, text: str, norm: str,
              items: list) -> tuple[DocumentInfo, Heading]:
        """Title, number, date, publisher and region: manifest first, then the page, then the text."""
        row = row or ManifestRow(file=Path(source.path).name)
        meta = source.meta
        head, head_end = metadata.title_block(text, norm)
        head, head_number = metadata.split_number(head) if head else (head, None)
        page_title = meta.get("title") or meta.get("html_title") or ""
        notice = head or page_title
        att = metadata.attachment_title(text, norm, notice, head_end) if notice else None
        title = (row.title or (att[0] if att else "") or head or page_title
                 or metadata.standalone_title(text, norm) or Path(source.path).stem)
        numbers = metadata.head_numbers(text, norm)
        number = (row.number or meta.get("number") or head_number or self._number_line(text, norm, head_end)
                  or (numbers[0] if numbers else None))
        sig_pub, sig_date = metadata.signature(text, norm, items[0].section.span[0] if items else len(text))
        publisher = row.issuer or sig_pub or meta.get("source") or meta.get("publisher") or None
        issued = (metadata.iso_date(row.published) if row.published else None) or \
            metadata.iso_date(meta.get("written", "") or meta.get("published", "")) or sig_date
        region = row.region or metadata.infer_region(publisher, title, notice) or "未知"
        level = row.level or metadata.level_of(region)
        info = DocumentInfo(id=row.id or doc or doc_id(source.path), source_file=Path(source.path).name,
                            title=title, region=norm_key(region), level=level, issued=issued,
                            publisher=publisher, number=number or None,
                            implements=row.implements or None, complete=row.is_complete,
                            url=row.url or None, encoding=source.encoding, meta=dict(sorted(meta.items())))
        spans = ([(0, head_end)] if head else []) + ([(att[1], att[2])] if att else [])
        return info, Heading(notice=notice or None, numbers=numbers + ([meta["number"]] if meta.get("number") else []),
                             spans=spans)

    @staticmethod
    def _issuers(info: DocumentInfo, cites: list, known: set[str]) -> list:
        """Department records for the plan's publishers and the cited documents' issuers.

        An issuer is a body of the region its name says (湖北省人民政府 → 湖北省); one named by its level
        (市政府办公厅, 区委) is read from the plan's region as annotations are; any other is of the
        State Council level (财政部, 国务院办公厅).
        """
        out = []
        if info.publisher:  # bodies issuing together (联合发文) are each a publisher, split as a title's head is
            bodies = listed_publishers(info.publisher) or [info.publisher]
            deps, key_of = departments.build_departments(bodies, info.region)
            info.publisher_keys = list(dict.fromkeys(key_of[b] for b in bodies))
            out += [d for d in deps if d.key not in known]
            known |= {d.key for d in deps}
        for c in cites:
            c.publisher_keys = []
            for p in c.publishers:
                region = metadata.infer_region(p) or (info.region if p[0] in "省市区县" else departments.NATIONAL)
                deps, key_of = departments.build_departments([p], region)
                c.publisher_keys.append(key_of[p])
                out += [d for d in deps if d.key not in known]
                known |= {d.key for d in deps}
        return out

    @staticmethod
    def _number_line(text: str, norm: str, after: int) -> str | None:
        """A 文号 on a line of its own just below the title (国发〔2018〕38号)."""
        window_end = norm.find("\n", norm.find("\n", after) + 1)
        window_end = len(norm) if window_end < 0 else window_end
        seg = norm[after:window_end]
        nums = citations.find_numbers(text[after:window_end], seg)
        for (s, e), num in nums:
            line_s = seg.rfind("\n", 0, s) + 1
            line_e = seg.find("\n", e)
            line_e = len(seg) if line_e < 0 else line_e
            if not seg[line_s:s].strip() and not seg[e:line_e].strip():
                return num
        return None


def _stronger(old: str | None, new: str) -> str:
    """When a task names a department twice, lead beats support beats plain."""
    order = {"lead": 2, "support": 1, "plain": 0}
    return new if old is None or order[new] > order[old] else old


def extract_file(path: str | Path, row: ManifestRow | None = None) -> PlanRecord:
    """Read and extract one file (raises ``SourceError`` with a one-line reason)."""
    return Extractor()(read_source(path), row)
