"""Named institutions: universities, institutes, laboratories, enterprises, hospitals, schools, parks and
zones, associations, platforms and funds (ANNOTATION.md "Institutions").

``InstitutionFinder`` runs in stages over a document's normalised text:

1. **endings** — every place where an institution ending stands (大学, 研究院, 有限公司, 开发区 …,
   ``data/institution_suffixes.tsv``), and the well-known short names (中科院,
   ``data/institution_abbreviations.tsv``);
2. **names** — each ending's name, read by ``institution_names.read_name`` (left edge, brackets,
   gazetteer, name or kind); inside a responsibility annotation only bodies that are not zones or
   platforms, or institutions after a scope label (适用范围: 上海自贸试验区);
3. **lists** — 乌鲁木齐、昌吉、石河子高新技术产业开发区 names three institutions: places joined by 、/和/及
   before a name that begins with a place share its head;
4. **aliases** — 安徽中医药大学(以下简称安中医): the short name is another label of the same node and its
   later mentions are mentions;
5. **one node per institution** — forms that differ by a head's abbreviation (高新区 for
   高新技术产业开发区), by 中国(上海) for 上海, or that are the tail of exactly one longer name
   (芦岭煤矿, 中医药大学科技园) are one institution, with every spelling as an alias.

Names nested at the start of a longer one (伯明翰大学 in 伯明翰大学广州中心) or in its brackets (江南大学 in
谯城(江南大学)离岸健康科技研发中心) are institutions too. jieba runs only on the clauses before endings,
with a private tokenizer, which keeps this stage fast.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .institution_lexicon import Lexicon, lexicon
from .institution_names import HARD, NAME, WEAK, NameSpan, read_name
from .normalize import norm_key
from .records import Institution, Span
from .spans import Stab

_ALIAS = re.compile(r"\s*\((?:以下)?(?:简称|称|统称|下称)[::]?\s*[“\"']?([^()“”\"',;、]{2,20}?)[”\"']?\s*\)")
_LIST_SEP = "、和及与"
_ANNOTATION_KINDS = frozenset({"zone", "platform"})  # in a list of responsible bodies these act as departments


@dataclass(slots=True)
class _Mention:
    name: str  # normalised name
    span: Span
    kind: str
    status: str
    member: bool = False  # one member of a list sharing a head
    alias: str = ""  # printed short name standing for ``name`` (中科院 for 中国科学院)
    core: str = ""  # the name without its leading places when that still names it (杏儿沟煤矿)


class InstitutionFinder:
    """Finds a document's institutions; one object holds the lexicon (build once per process)."""

    def __init__(self, lex: Lexicon | None = None) -> None:
        self.lex = lex or lexicon()

    def __call__(self, text: str, norm: str, skip: list[Span]) -> list[Institution]:
        mentions: list[_Mention] = []
        aliases: list[tuple[str, str]] = []  # (alias, name)
        annotated = Stab(skip)
        for start, end, ending in self._endings(norm):
            annotation = annotated.span(start)
            ns = read_name(self.lex, norm, start, end, ending)
            if ns is None or ns.status not in (NAME, WEAK):
                continue
            if annotation and not self._allowed_in_annotation(norm, ns, annotation):
                continue
            name = norm[ns.start:ns.end]
            core = norm[ns.core_start:ns.end] if ns.core_start else ""
            mentions.append(_Mention(name, (ns.start, ns.end), ns.kind, ns.status, core=core))
            if ns.status == NAME:
                mentions += self._list_members(norm, ns)
                m = _ALIAS.match(norm, ns.end)
                if m:
                    aliases.append((norm_key(m.group(1)), name))
        mentions += self._abbreviations(norm, skip)
        return _institutions(text, norm, _nested(norm, mentions), aliases, self.lex)

    def _endings(self, norm: str):
        """(start, end, ending) of every institution ending in the text."""
        lex = self.lex
        for m in lex.last_chars.finditer(norm):
            ending = lex.ending_at(norm, m.end())
            if ending is not None:
                yield m.end() - len(ending.text), m.end(), ending

    def _allowed_in_annotation(self, norm: str, ns: NameSpan, annotation: Span) -> bool:
        """In 负责部门:… only bodies that are not zones or platforms; after 适用范围: anything."""
        a, _ = annotation
        seg = max(norm.rfind(c, a, ns.start) for c in "(;,[")
        label_end = norm.find(":", seg + 1, ns.start)
        label = norm[seg + 1:label_end] if label_end > 0 else ""
        if any(self.lex.boundary.get(w) == "scope" and w in label for w in self.lex.boundary):
            return True
        return ns.kind not in _ANNOTATION_KINDS

    def _list_members(self, norm: str, ns: NameSpan) -> list[_Mention]:
        """乌鲁木齐、昌吉、石河子高新技术产业开发区: each place before the name, joined by 、 (or a last 和/及/与),
        with the name's head. The first member may follow the verb that governs the list (支持乌鲁木齐、…)."""
        if not ns.place_end:
            return []
        head = norm[ns.place_end:ns.end]
        out, pos = [], ns.start
        while pos > 0 and norm[pos - 1] in _LIST_SEP:
            seg_end = pos - 1
            seg_start = seg_end
            while seg_start > 0 and norm[seg_start - 1] not in HARD and norm[seg_start - 1] not in _LIST_SEP \
                    and seg_end - seg_start < 12:
                seg_start -= 1
            place = norm[seg_start:seg_end]
            if not self.lex.is_place(place):
                if norm[seg_end] == "、":
                    first = self._first_member(norm, seg_start, seg_end)
                    if first is not None:
                        out.append(_Mention(norm[first:seg_end] + head, (first, ns.end), ns.kind, NAME, member=True))
                break
            out.append(_Mention(place + head, (seg_start, ns.end), ns.kind, NAME, member=True))
            pos = seg_start
        return out

    def _first_member(self, norm: str, lo: int, hi: int) -> int | None:
        """Start of a place that ends the words ``norm[lo:hi]`` right after a verb or preposition."""
        toks = self.lex.tokens(norm, lo, hi)
        for i in range(len(toks) - 1, 0, -1):
            prev = toks[i - 1]
            if self.lex.is_place(norm[toks[i].s:hi]) and (self.lex.boundary.get(prev.w) == "stop"
                                                          or self.lex.ends_with_stop(prev.w)):
                return toks[i].s
        return None

    def _abbreviations(self, norm: str, skip: list[Span]) -> list[_Mention]:
        """中科院 and other well-known short names, printed alone."""
        out = []
        for short, (full, kind) in self.lex.abbreviations.items():
            i = norm.find(short) if short else -1
            while i >= 0:  # each occurrence, left to right, not overlapping (as a regex scan finds them)
                out.append(_Mention(full, (i, i + len(short)), kind, NAME, alias=short))
                i = norm.find(short, i + len(short))
        return out


def _nested(norm: str, mentions: list[_Mention]) -> list[_Mention]:
    """Drop a mention inside a longer name unless it begins it (伯明翰大学 in 伯明翰大学广州中心) or stands in
    its brackets (江南大学 in 谯城(江南大学)…中心): a shorter tail is a cut of the same name."""
    outer = Stab(sorted({m.span for m in mentions if m.status == NAME and not m.member}))
    out = []
    for m in mentions:
        s, e = m.span
        if not outer.reaches(s, e) or (norm[s - 1:s] == "(" and norm[e:e + 1] == ")"):  # inside none, or bracketed
            out.append(m)
    return out


_CHINA_BRACKETED = re.compile(r"^中国\(([^()]+)\)")
_GROUP_BRACKETED = re.compile(r"\((集团|控股|股份)\)")
_GROUP_COMPANY = re.compile(r"集团(?:股份)?有限(?:责任)?公司$")


def _merge_key(lex: Lexicon, name: str) -> str:
    """中国(上海)自由贸易试验区 and 上海自贸试验区, 乌鲁木齐高新技术产业开发区 and 乌鲁木齐高新区,
    淮北矿业(集团)公司 and 淮北矿业集团公司, 亳州市中医药产业发展集团有限公司 and …集团: one key."""
    key = _CHINA_BRACKETED.sub(r"\1", name)
    key = _GROUP_BRACKETED.sub(r"\1", key)  # 淮北矿业(集团)公司 = 淮北矿业集团公司
    key = _GROUP_COMPANY.sub("集团", key)  # …发展集团有限公司 = …发展集团
    for long, short in lex.head_abbreviations:
        if key.endswith(long):
            key = key[: -len(long)] + short
    return key


def _institutions(text: str, norm: str, mentions: list[_Mention], aliases: list[tuple[str, str]],
                  lex: Lexicon) -> list[Institution]:
    """Group mentions into institutions: one per merge key, then shorter tails and defined aliases."""
    groups: dict[str, dict] = {}
    for m in mentions:
        key = _merge_key(lex, m.core or m.name)
        g = groups.setdefault(key, {"names": {}, "spans": set(), "aliases": set(), "status": WEAK})
        g["names"][m.name] = g["names"].get(m.name, 0) + (0 if m.alias else 1)
        if m.alias:
            g["names"][m.alias] = g["names"].get(m.alias, 0) + 1
            g["aliases"].add(m.alias)
        g["spans"].add(m.span)
        if m.status == NAME:
            g["status"] = NAME
    names = {k: g for k, g in groups.items() if g["status"] == NAME}
    for k in sorted(groups, key=len):
        longer = [lk for lk in names if lk != k and lk.endswith(k)]
        if len(longer) == 1 and k in groups:
            _absorb(names[longer[0]], groups[k])
            names.pop(k, None)
    for alias, name in aliases:
        g = next((g for g in names.values() if name in g["names"]), None)
        if g is None or alias in g["names"]:
            continue
        same = names.get(_merge_key(lex, alias))  # 杏煤公司, also read as a name of its own
        if same is not None and same is not g:
            _absorb(g, same)
            names.pop(_merge_key(lex, alias))
        taken = [sp for other in names.values() for sp in other["spans"]]
        g["aliases"].add(alias)
        g["names"][alias] = 0
        for m in re.finditer(re.escape(alias), norm):
            if not any(a <= m.start() < b for a, b in taken):
                g["spans"].add((m.start(), m.end()))
                g["names"][alias] += 1
    out = []
    for key, g in names.items():
        spans = sorted(g["spans"])
        printed = [n for n in g["names"] if n not in g["aliases"]] or list(g["names"])
        canonical = max(printed, key=lambda n: (len(n), g["names"][n], n))
        label = _printed(text, norm, canonical, spans)
        inst = Institution(name=label, spans=spans, key=norm_key(canonical), kind=lex.kind_of(canonical))
        inst.aliases = sorted({_printed(text, norm, n, spans) for n in g["names"] if n != canonical})
        out.append(inst)
    out.sort(key=lambda i: i.spans[0])
    return out


def _absorb(target: dict, g: dict) -> None:
    """A shorter form's names and spans become the longer name's."""
    for n, c in g["names"].items():
        target["names"][n] = target["names"].get(n, 0) + c
    target["spans"] |= g["spans"]
    target["aliases"] |= g["aliases"]


def _printed(text: str, norm: str, name: str, spans: list[Span]) -> str:
    """A name as the document prints it (full-width brackets and all), where it is printed whole."""
    for s, e in spans:
        if norm[s:e] == name:
            return text[s:e].strip()
    i = norm.find(name)
    return text[i:i + len(name)].strip() if i >= 0 else name


_finder: InstitutionFinder | None = None


def find_institutions(text: str, norm: str, skip: list[Span]) -> list[Institution]:
    """Named institutions in order of first mention (see the module's docstring)."""
    global _finder
    if _finder is None:
        _finder = InstitutionFinder()
    return _finder(text, norm, skip)
