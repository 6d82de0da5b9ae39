"""Collectives in responsibility annotations: what they hide, and what they still mark.

- A 各 before a list distributes over it: in （市发改委，各市、区政府）, 各市、区政府 is each city's
  and each district's government, a collective, so 区政府 is no body of its own; the same for
  （…；各区县人民政府、管委会） and （各市、区教育局）. The specific members before the collective stay.
- An annotation whose only doers are collectives (（市政府各部门负责）, 〔各地区各部门负责〕) still ends a
  task: its text is work of the plan, with no department. A document made of such tasks is a plan.
"""
from __future__ import annotations

import re

from .annotations import AnnotationHit, parse_content
from .departments import COLLECTIVE, classify, clean_item
from .normalize import norm_key
from .records import Span
from .resources import role_table, type_by_name

_LEVEL = re.compile(r"^(县级市|市辖区|[省市县区镇乡旗])+")
_GOVERNMENT = re.compile(r"^(人民)?政府$")
# a bracket with a collective word and a role word in it, no bracket inside: the only candidates
_CANDIDATE = re.compile(r"[(\[](?=[^()\[\]\n]{0,80}[)\]])(?=[^()\[\]\n]*?(?:各|有关|相关|等))[^()\[\]\n]{2,80}[)\]]")
_DISTRIBUTED = re.compile(r"各[^,;:()\[\]。\n]{0,16}、\s*$")


def is_generic_body(name: str) -> bool:
    """区政府, 县人民政府, 管委会, 区教育局: a level of government and a kind of body, no proper name."""
    core = _LEVEL.sub("", norm_key(name))
    return bool(core) and (bool(_GOVERNMENT.match(core)) or core in type_by_name())


def distributed(norm: str, span: Span) -> bool:
    """True when the name at ``span`` continues a list that a 各 opened (各市、区政府) and names no body."""
    s, e = span
    before = norm[max(0, s - 24):s]
    return bool(_DISTRIBUTED.search(before)) and is_generic_body(norm[s:e])


def drop_distributed(norm: str, hits: list[AnnotationHit]) -> None:
    """Remove, in place, the departments of ``hits`` that a 各 before them makes collective."""
    for h in hits:
        h.departments = [d for d in h.departments if not distributed(norm, d.span)]


def _items(content: str) -> list[str]:
    """The names of an annotation's content: after any label (责任单位:), split on 、 , ; / 和 及 与."""
    parts = [p.split(":")[-1] for p in re.split(r"[;,]", content)]
    return [x for p in parts for x in re.split(r"[、/\s]+|和|及|与", p) if x]


def _without_verb(item: str) -> str:
    for verb in sorted(role_table("role_verbs.tsv"), key=len, reverse=True):
        if item.endswith(verb) and len(item) > len(verb):
            return item[: -len(verb)]
    return item


def collective_hits(text: str, norm: str, taken: list[Span]) -> list[AnnotationHit]:
    """Bracketed annotations whose only doers are collectives, marked by a role word (负责, 牵头 …).

    They govern a task like any annotation, with no department; ``taken`` are spans already found.
    """
    out = []
    for m in _CANDIDATE.finditer(norm):
        s, e = m.span()
        if any(a < e and s < b for a, b in taken):
            continue
        p = parse_content(norm, s + 1, e - 1)
        if p.refs or not p.keyword or p.others:
            continue
        if any(classify(clean_item(_without_verb(x))) == COLLECTIVE for x in _items(norm[s + 1:e - 1])):
            out.append(AnnotationHit(span=(s, e), text=text[s:e], departments=[], form="inline"))
    return out
