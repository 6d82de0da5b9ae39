"""Departments: telling a body from a collective, a person or a date, and one node per body per region.

A name is decomposed as ``[region prefix][modifier][type name]``: 区发展和改革委员会 → 区 + 发改委,
合作示范区管委会 → 合作示范区 + 管委会. The region prefix decides the body's region (区… is the plan's
own district, 市… its city, 国家… the State Council level); the type comes from
``data/department_types.tsv``, so full names and abbreviations of one body share a key.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .normalize import norm_key
from .records import Department
from .resources import pattern_list, type_by_name, type_names_longest_first, word_list
from .listed_words import ListedWords

DEPT = "department"
COLLECTIVE = "collective"
NOT_DEPT = "not-department"  # people, posts, deadlines
OTHER = "other"

NATIONAL = "国务院"
_BAD_CHARS = re.compile(r"的|是|在|把|将|了|着|过|向|从|按照|根据|包括|所有|其中|以下|简称|除外|如下")
_MINISTRY = re.compile(r"(部|总局|总署|署)$")
_PARTY = re.compile(r"(组织部|宣传部|统战部|政法委|工作部|^委)")
_ZONE_END = re.compile(r"(示范区|开发区|经济区|园区|合作区|试验区|保税区|自贸区|高新区|功能区|经开区)$")


@lru_cache(maxsize=None)
def _suffixes() -> tuple[str, ...]:
    return tuple(sorted(word_list("department_suffixes.txt"), key=len, reverse=True))


@lru_cache(maxsize=4096)
def classify(name: str) -> str:
    """Classify an annotation item (normalised, spaceless) as department, collective, person/date or other."""
    if not name:
        return OTHER
    if pattern_list("not_departments.txt").search(name):
        return NOT_DEPT
    if pattern_list("collectives.txt").search(name):
        return COLLECTIVE
    if len(name) > 30 or _BAD_CHARS.search(name.replace("人民政府", "")):
        return OTHER
    if _is_body(name) or unit_parts(name) is not None:
        return DEPT
    return OTHER


def _is_body(name: str) -> bool:
    """A known department type or a name with a department's ending (局, 委, 办 …)."""
    return name in type_by_name() or any(name.endswith(suf) and len(name) > len(suf) for suf in _suffixes())


@lru_cache(maxsize=None)
def _units() -> tuple[tuple[str, ...], re.Pattern, tuple[str, ...]]:
    lines = word_list("department_units.txt")
    named_only = tuple(l[1:] for l in lines if l.startswith("="))
    endings = tuple(l for l in lines if not l.startswith(("!", "="))) + named_only
    return endings, re.compile("|".join(f"(?:{l[1:]})" for l in lines if l.startswith("!")) or "(?!)"), named_only


@lru_cache(maxsize=4096)
def unit_parts(name: str) -> tuple[str, str] | None:
    """A unit of a bureau: 区教育局基教科 → (区教育局, 基教科), 计划科 → ("", 计划科); else None.

    The bureau is the longest head of the name that is a department; a name with no such head is
    a unit of a bureau the plan does not name. Endings and exceptions are in ``data/department_units.txt``.
    """
    endings, exceptions, named_only = _units()
    if len(name) < 3 or not name.endswith(endings) or exceptions.search(name) or _BAD_CHARS.search(name):
        return None
    for i in range(len(name) - 2, 1, -1):
        if _is_body(name[:i]):
            return name[:i], name[i:]
    return None if name.endswith(named_only) else ("", name)


_LEADING_WORD = re.compile(r"^(由|请|和|及|与|以及)")
_TRAILING_ETC = re.compile(r"等(?:有关|相关|其他|各)?(?:部门|单位)?$")


@lru_cache(maxsize=8192)
def clean_item(name: str) -> str:
    """Strip what surrounds a name in a list: 由…, …等, inner spaces (cached: a plan repeats its names)."""
    name = norm_key(name)
    name = _LEADING_WORD.sub("", name)
    stripped = _TRAILING_ETC.sub("", name)
    return stripped if len(stripped) >= 2 else name


# --- regions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionScope:
    """The plan's region and how names refer to it and to the levels above."""

    region: str
    own_prefixes: tuple[str, ...]
    parent: str | None
    parent_prefixes: tuple[str, ...]


def region_scope(region: str) -> RegionScope:
    """Prefixes that mean "our own region" and "the level above" in a plan of ``region``."""
    r = norm_key(region)
    if r in (NATIONAL, "全国", "中国", "中央"):
        return RegionScope(NATIONAL, ("中华人民共和国", "国务院", "国家"), None, ())
    m = re.match(r"^(.*?(?:省|自治区|市))(.+?(?:区|县|旗|市))$", r)
    if m:  # district or county inside a city or province
        parent, own = m.group(1), m.group(2)
        short = re.sub(r"(新区|区|县|旗|市)$", "", own)
        own_p = tuple(dict.fromkeys(p for p in (r, own, short, own[-1]) if p))
        pshort = re.sub(r"(省|自治区|市)$", "", parent)
        return RegionScope(r, own_p, parent, tuple(dict.fromkeys(p for p in (parent, pshort, parent[-1]) if p)))
    short = re.sub(r"(省|自治区|市|区|县|旗)$", "", r)
    level = r[-1] if r and r[-1] in "省市区县旗" else ""
    own_p = tuple(dict.fromkeys(p for p in (r, short, level) if p))
    return RegionScope(r, own_p, None, ())


def split_region(name: str, scope: RegionScope) -> tuple[str, str, bool]:
    """``(region, core, prefixed)``: whose body ``name`` is and its name without the region prefix."""
    if scope.region != NATIONAL:
        for p in ("中华人民共和国", "国务院", "国家", "中央"):
            if name.startswith(p) and len(name) > len(p) + 1:
                return NATIONAL, name[len(p):], True
    for p in scope.own_prefixes:
        if name.startswith(p) and len(name) > len(p) + 1:
            return scope.region, name[len(p):], True
    for p in scope.parent_prefixes:
        if name.startswith(p) and len(name) > len(p) + 1 and scope.parent:
            return scope.parent, name[len(p):], True
    if scope.region != NATIONAL and _MINISTRY.search(name) and not _PARTY.search(name):
        return NATIONAL, name, False  # 财政部, 海关总署, 税务总局: ministries, not local bodies
    return scope.region, name, False


def decompose(core: str) -> tuple[str, str]:
    """``(modifier, type_key)`` of a region-less name: 合作示范区管委会 → (合作示范区, 管委会)."""
    tn = type_names().ending(core)
    if tn is None:
        return "", core
    return core[: len(core) - len(tn)], type_by_name()[tn].key


@lru_cache(maxsize=None)
def type_names() -> ListedWords:
    """Every department type's names (full or abbreviated), for the longest one a name ends with or starts with."""
    return ListedWords(type_names_longest_first())


@dataclass
class _Body:
    region: str
    modifier: str
    type_key: str
    spellings: Counter
    prefixed: set
    parent: str | None = None


def resolve(names: list[str], region: str, owner: str | None = None) -> dict[str, str]:
    """Group department names (as printed) into bodies; return ``{printed name: body key}``.

    The key is ``region/modifier|type``; names that differ only in region prefix, abbreviation
    or a shortened modifier (合作示范区管委会 ⊂ 中日(天津)健康产业合作示范区管委会) share a key.
    A unit of a bureau is keyed under its bureau: ``天津市静海区/教育局·基教科`` (see ``build_departments``).
    """
    bodies, key_of = _group(names, region, owner)
    return {n: key_of[n] for n in names}


def build_departments(names: list[str], region: str, owner: str | None = None
                      ) -> tuple[list[Department], dict[str, str]]:
    """Department records for the printed ``names`` of one plan, and each name's key.

    A unit of a bureau (区教育局基教科, 计划科) is a department of its own whose ``parent`` is the
    bureau: the one its name starts with, else ``owner`` (the plan's publisher) when that is a bureau
    and not a government. The bureau gets a record too, so that the unit's parent is a node.
    """
    bodies, key_of = _group(names, region, owner)
    deps = []
    for key in sorted(bodies):
        b = bodies[key]
        label = canonical_label(b.spellings, b.prefixed)
        tkey = b.type_key
        t = _type_info(tkey)
        deps.append(Department(key=key, label=label, region=b.region, type_key=tkey,
                               type_label=tkey, type_label_en=t,
                               aliases=sorted(s for s in b.spellings if s != label),
                               spellings=dict(sorted(b.spellings.items())), prefixed=sorted(b.prefixed),
                               parent=b.parent))
    return deps, key_of


def canonical_label(spellings: Counter | dict, prefixed) -> str:
    """The fullest form as the plan writes it: region-prefixed first, then most used, then longest."""
    return min(spellings, key=lambda s: (s not in prefixed, -spellings[s], -len(s), s))


def _type_info(type_key: str) -> str:
    return _labels_en().get(type_key, "")


@lru_cache(maxsize=None)
def _labels_en() -> dict[str, str]:
    """Type key → English label, of the first listed type with that key."""
    out: dict[str, str] = {}
    for t in type_by_name().values():
        out.setdefault(t.key, t.label_en)
    return out


def _group(names: list[str], region: str, owner: str | None = None) -> tuple[dict[str, _Body], dict[str, str]]:
    """Bodies of ``names``: units of bureaus apart (``_units_of``), the rest by region, modifier, type."""
    units = {n: unit_parts(norm_key(n)) for n in names}
    units = {n: p for n, p in units.items() if p is not None and not _is_body(norm_key(n))}
    heads = [p[0] for p in units.values() if p[0]]
    if owner and any(not p[0] for p in units.values()) and _is_bureau(norm_key(owner)):
        heads.append(owner)
    bodies, key_of = _group_bodies([n for n in names if n not in units] + heads, region)
    for h in heads:  # a bureau named inside a unit's name, or owning it: a node, not one more mention
        bodies[key_of[h]].spellings[h] -= 1
    _units_of(units, region, owner if owner in heads else None, bodies, key_of)
    return bodies, key_of


def _is_bureau(name: str) -> bool:
    """A department that can have units: not a government or its general office."""
    return classify(name) == DEPT and decompose(split_region(name, region_scope(NATIONAL))[1])[1] not in _GOVERNMENTS


_GOVERNMENTS = ("人民政府", "政府办", "镇政府", "街道", "管委会")


def _units_of(units: dict[str, tuple[str, str]], region: str, owner: str | None,
              bodies: dict[str, _Body], key_of: dict[str, str]) -> None:
    """Key each unit under its bureau (``bureau key·unit``); a bare unit named elsewhere with its
    bureau is that unit, else it belongs to ``owner``, else to the region."""
    with_head = {p[1]: key_of[p[0]] for p in units.values() if p[0]}
    for printed, (head, unit) in sorted(units.items()):
        parent = key_of[head] if head else with_head.get(unit) or (key_of[owner] if owner else None)
        key = f"{parent}·{unit}" if parent else f"{region_scope(region).region}/{unit}"
        b = bodies.setdefault(key, _Body(bodies[parent].region if parent else region_scope(region).region, "",
                                         decompose(unit)[1], Counter(), set(), parent))
        b.spellings[printed] += 1
        if head:  # the fullest form names the bureau
            b.prefixed.add(printed)
        key_of[printed] = key


def _group_bodies(names: list[str], region: str) -> tuple[dict[str, _Body], dict[str, str]]:
    scope = region_scope(region)
    raw: dict[tuple[str, str, str], _Body] = {}
    where: dict[str, tuple[str, str, str]] = {}
    for printed in names:
        n = norm_key(printed)
        reg, core, prefixed = split_region(n, scope)
        modifier, tkey = decompose(core)
        if modifier and not _ZONE_END.search(modifier) and re.fullmatch(r".{1,6}?(区|县|旗)", modifier) \
                and tkey in _GOV_TYPES():
            reg = (scope.parent or scope.region) + modifier if reg == scope.region else reg + modifier
            modifier = ""
        k = (reg, modifier, tkey)
        body = raw.setdefault(k, _Body(reg, modifier, tkey, Counter(), set()))
        body.spellings[printed] += 1
        if prefixed:
            body.prefixed.add(printed)
        where[printed] = k
    # a shortened modifier names the same body when exactly one longer modifier ends with it
    by_rt: dict[tuple[str, str], list[str]] = defaultdict(list)
    for reg, mod, tkey in raw:
        by_rt[(reg, tkey)].append(mod)
    alias: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for (reg, tkey), mods in by_rt.items():
        for m in mods:
            if not m:
                continue
            longer = [o for o in mods if o != m and o.endswith(m)]
            if len(longer) == 1:
                alias[(reg, m, tkey)] = (reg, longer[0], tkey)
    bodies: dict[str, _Body] = {}
    key_of_raw: dict[tuple[str, str, str], str] = {}
    for k, src in raw.items():
        reg, mod, tkey = alias.get(k, k)
        key = f"{reg}/{mod}|{tkey}" if mod else f"{reg}/{tkey}"
        key_of_raw[k] = key
        b = bodies.setdefault(key, _Body(reg, mod, tkey, Counter(), set()))
        b.spellings.update(src.spellings)
        b.prefixed |= src.prefixed
    return bodies, {printed: key_of_raw[k] for printed, k in where.items()}


@lru_cache(maxsize=None)
def _GOV_TYPES() -> frozenset[str]:
    """Types of regular government departments (whose modifier may be a sub-region)."""
    zoneish = {"管委会", "开发区", "街道", "镇政府"}
    return frozenset(t.key for t in type_by_name().values() if t.key not in zoneish)
