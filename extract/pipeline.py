"""The extraction pipeline: one source document → one ``PlanRecord``.

Stages run in a fixed order over the text and its normalised view (same offsets): outline,
metadata, annotations, tasks, departments, citations, institutions, targets. ``Extractor`` is
one object with a ``__call__`` so that a build can hold one per worker process.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from . import annotations, citations, departments, institutions, metadata, outline, targets, tasks
from .manifest import ManifestRow
from .normalize import norm_key, normalize
from .reading import Source, SourceError, read_source
from .records import DocumentInfo, PlanRecord, Task

EXTRACTOR_VERSION = "0.1.0"


@lru_cache(maxsize=None)
def fingerprint() -> str:
    """Digest of the extractor's code and data files: any change to them invalidates build caches."""
    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    root = Path(__file__).parent
    for f in sorted(list(root.glob("*.py")) + list((root / "data").glob("*"))):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


class NotAPlan(SourceError):
    """A readable document in which no outline, annotation or target was found."""


def doc_id(path: str | Path) -> str:
    """A stable, readable id from a file name: ``jinghai-2021-keji-sannian.txt`` → its stem."""
    stem = Path(path).stem
    return re.sub(r"[^\w.-]+", "-", stem).strip("-") or "doc"


class Extractor:
    """Turns a read ``Source`` (and its manifest row, if any) into a ``PlanRecord``."""

    version = EXTRACTOR_VERSION

    def __call__(self, source: Source, row: ManifestRow | None = None, doc: str | None = None) -> PlanRecord:
        text = source.text
        norm = normalize(text)
        items = outline.parse_outline(text, norm)
        info = self._info(source, row, doc, text, norm, items)
        hits, convention = annotations.find_annotations(text, norm)
        spans = tasks.segment(text, norm, items, hits)
        if not items and not hits:
            raise NotAPlan(source.path, "not a plan: no outline, responsibility annotation or target found")
        names = [d.surface for _, h in spans if h is not None for d in h.departments]
        deps, key_of = departments.build_departments(names, info.region)
        task_records = []
        for i, ((s, e), h) in enumerate(spans, 1):
            item = outline.innermost(items, s)
            roles: dict[str, str] = {}
            for d in (h.departments if h else []):
                k = key_of[d.surface]
                roles[k] = _stronger(roles.get(k), d.role)
            task_records.append(Task(index=i, span=(s, e), text=text[s:e], section=item.section.index if item else None,
                                     annotation=h, departments=list(roles.items()),
                                     marker=h.row if h else None, deadline=h.deadline if h else None))
        preamble_end = items[0].section.span[0] if items else min(len(text), 400)
        cites = citations.find_citations(text, norm, info.title, info.number, preamble_end)
        deps += self._issuers(info, cites, {d.key for d in deps})
        skip = [h.span for h in hits]
        insts = institutions.find_institutions(text, norm, skip)
        tgts = targets.find_targets(text, norm, skip + [c.span for c in cites])
        tasks.fit_targets_to_cells(text, tgts, hits)
        for t in tgts:
            t.task = next((tr.index for tr in task_records if tr.span[0] <= t.span[0] < tr.span[1]), None)
        if not info.implements:
            impl = next((c for c in cites if c.implements and c.title), None)
            info.implements = impl.title if impl else None
        else:
            for c in cites:
                if c.title and citations.title_key(c.title) == citations.title_key(info.implements):
                    c.implements = True
        info.title_key = citations.title_key(info.title)
        info.number_key = norm_key(info.number) if info.number else None
        info.implements_key = citations.title_key(info.implements) if info.implements else None
        return PlanRecord(info=info, text=text, sections=[it.section for it in items], tasks=task_records,
                          departments=deps, citations=cites, institutions=insts, targets=tgts,
                          conventions=["first-listed-leads"] if convention else [])

    def _info(self, source: Source, row: ManifestRow | None, doc: str | None, text: str, norm: str,
              items: list) -> DocumentInfo:
        """Title, number, date, publisher and region: manifest first, then the page, then the text."""
        row = row or ManifestRow(file=Path(source.path).name)
        meta = source.meta
        head, head_end = metadata.title_block(text, norm)
        head, head_number = metadata.split_number(head) if head else (head, None)
        page_title = meta.get("title") or meta.get("html_title") or ""
        notice = head or page_title
        att = metadata.attachment_title(text, norm, notice) if notice else None
        title = (row.title or (att[0] if att else "") or head or page_title
                 or metadata.standalone_title(text, norm) or Path(source.path).stem)
        number = row.number or meta.get("number") or head_number or self._number_line(text, norm, head_end)
        sig_pub, sig_date = metadata.signature(text, norm, items[0].section.span[0] if items else len(text))
        publisher = row.issuer or sig_pub or meta.get("source") or meta.get("publisher") or None
        issued = (metadata.iso_date(row.published) if row.published else None) or \
            metadata.iso_date(meta.get("written", "") or meta.get("published", "")) or sig_date
        region = row.region or metadata.infer_region(publisher, title, notice) or "未知"
        level = row.level or metadata.level_of(region)
        return DocumentInfo(id=row.id or doc or doc_id(source.path), source_file=Path(source.path).name,
                            title=title, region=norm_key(region), level=level, issued=issued,
                            publisher=publisher, number=number or None,
                            implements=row.implements or None, complete=row.is_complete,
                            url=row.url or None, encoding=source.encoding, meta=dict(sorted(meta.items())))

    @staticmethod
    def _issuers(info: DocumentInfo, cites: list, known: set[str]) -> list:
        """Department records for the plan's publisher and the cited documents' issuers."""
        out = []
        if info.publisher:
            deps, key_of = departments.build_departments([info.publisher], info.region)
            info.publisher_key = key_of[info.publisher]
            out += [d for d in deps if d.key not in known]
            known |= {d.key for d in deps}
        for c in cites:
            if not c.publishers:
                continue
            deps, key_of = departments.build_departments(c.publishers, departments.NATIONAL)
            c.publisher_keys = [key_of[p] for p in c.publishers]
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
