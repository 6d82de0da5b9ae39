"""Named institutions: universities, institutes, laboratories, enterprises, hospitals, parks, zones.

A rule finds each institution ending (大学, 研究所, 重点实验室, 有限公司, 科技园 …, from
``data/institution_suffixes.txt``); jieba, with a private ``Tokenizer`` and a user dictionary,
segments only the clause before it, and the name extends left over name-like words until a verb,
function word or punctuation. Generic kinds (企业, 高校, 大学科技园 …) are not institutions.
Running jieba on these windows only keeps extraction far faster than segmenting the whole text.
"""
from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache

from .normalize import norm_key
from .records import Institution, Span
from .resources import type_names_longest_first, word_list

_HARD = set(",;。、:“”\"'‘’《》!?\n\t 「」『』")
_LEVEL = re.compile(r"^(国家级|省级|市级|区级|县级|国家|全国|市|区|省)")
_MAX_LEFT = 24
_BREAK_POS = {"v", "p", "c", "u", "d", "r", "ad", "vd", "uj", "ul", "m", "q", "f", "y"}


def _balance(norm: str, start: int, end: int) -> int:
    """Move ``start`` past an unmatched bracket so a name never begins inside or across one."""
    depth = 0
    for i in range(start, end):
        if norm[i] == "(":
            depth += 1
        elif norm[i] == ")":
            if depth == 0:
                start = i + 1
            else:
                depth -= 1
    if depth:
        start = norm.rfind("(", start, end) + 1
    return start


class _Segmenter:
    """A private jieba tokenizer with policykg's words, and jieba's part-of-speech table."""

    def __init__(self) -> None:
        import jieba  # imported here: jieba's import prints and loads slowly

        logging.getLogger("jieba").setLevel(logging.WARNING)
        self.tk = jieba.Tokenizer()
        self.tk.initialize()
        for w in word_list("institution_suffixes.txt") + type_names_longest_first() + word_list("userdict.txt"):
            self.tk.add_word(w, freq=200000, tag="n")
        self.tags: dict[str, str] = {}
        with self.tk.get_dict_file() as f:
            for raw in f:
                parts = raw.decode("utf-8").split()
                if len(parts) >= 3:
                    self.tags[parts[0]] = parts[2]

    def tokens(self, s: str) -> list[tuple[str, str]]:
        return [(w, self.tags.get(w, "x")) for w in self.tk.lcut(s, HMM=False)]


_lock = threading.Lock()


@lru_cache(maxsize=1)
def segmenter() -> _Segmenter:
    """One segmenter per process (jieba's dictionary takes about a second to build)."""
    with _lock:
        return _Segmenter()


@lru_cache(maxsize=None)
def _suffix_rx() -> re.Pattern:
    sufs = sorted(word_list("institution_suffixes.txt"), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, sufs)))


def _ends_as_name(s: str) -> bool:
    return any(s.endswith(suf) for suf in word_list("institution_suffixes.txt"))


def _generic(name: str) -> bool:
    core = _LEVEL.sub("", name)
    generic = set(word_list("generic_institutions.txt"))
    return name in generic or core in generic or len(core) < 3 or any(g.endswith(name) for g in generic)


def _left_edge(norm: str, end_of_suffix: int, suffix_start: int) -> int | None:
    """Start of the name that ends at ``end_of_suffix``, found by segmenting the clause before it."""
    lo = suffix_start
    while lo > 0 and suffix_start - lo < _MAX_LEFT and norm[lo - 1] not in _HARD:
        lo -= 1
    if lo == suffix_start:
        return None
    stops = word_list("institution_stopwords.txt")
    toks = segmenter().tokens(norm[lo:suffix_start])
    pos = suffix_start
    place = None  # the leftmost place or organisation name before a hard stop
    broke_on_verb = False
    for w, tag in reversed(toks):
        if w in stops or any(len(s) > 1 and w.endswith(s) for s in stops):
            break
        if tag in _BREAK_POS:
            if broke_on_verb or tag != "v":
                if not broke_on_verb:
                    stop_at = pos
                broke_on_verb = True
                break
            broke_on_verb = True
            stop_at = pos
        if tag in ("ns", "nt") and broke_on_verb:
            place = pos - len(w)
        pos -= len(w)
    if broke_on_verb:
        pos = place if place is not None else stop_at
    pos = _balance(norm, pos, suffix_start)
    return pos if pos < suffix_start else None


def find_institutions(text: str, norm: str, skip: list[Span]) -> list[Institution]:
    """Named institutions in order of first mention; shorter forms of one name become aliases."""
    found: list[tuple[int, int]] = []
    for m in _suffix_rx().finditer(norm):
        if any(a <= m.start() < b for a, b in skip):
            continue
        start = _left_edge(norm, m.end(), m.start())
        if start is None:
            continue
        for s, e in _split_and(norm, start, m.end()):
            found.append((s, e))
    for m in re.finditer(r"“([^“”\n]{3,30})”", norm):
        inner = m.group(1)
        if _ends_as_name(inner):
            for s, e in _split_and(norm, m.start(1), m.end(1)):
                found.append((s, e))
    spans = sorted(set(found), key=lambda x: (x[0], -x[1]))
    spans = [x for x in spans if not any(o != x and o[0] <= x[0] and x[1] <= o[1] for o in spans)]
    by_name: dict[str, Institution] = {}
    for s, e in spans:
        name = text[s:e].strip()
        key = norm_key(name)
        if _generic(key) or not _suffix_rx().search(key):
            continue
        inst = by_name.setdefault(key, Institution(name=name, spans=[], key=key))
        inst.spans.append((s, e))
    return _merge_short_forms(list(by_name.values()))


def _split_and(norm: str, s: int, e: int) -> list[tuple[int, int]]:
    """中国中医科学院天津分院和中国医学科学院天津分院 → two names (each side must end as a name)."""
    seg = norm[s:e]
    for m in re.finditer(r"和|及|与", seg):
        left = seg[: m.start()]
        if _ends_as_name(left) and len(left) >= 4:
            return [(s, s + m.start())] + _split_and(norm, s + m.end(), e)
    return [(s, e)]


def _merge_short_forms(insts: list[Institution]) -> list[Institution]:
    """A name that is the tail of exactly one longer name (中医药大学科技园) is its alias."""
    keys = {norm_key(i.name): i for i in insts}
    out = []
    for k, inst in keys.items():
        longer = [o for ok, o in keys.items() if ok != k and ok.endswith(k)]
        if len(longer) == 1:
            longer[0].aliases.append(inst.name)
            longer[0].spans.extend(inst.spans)
        else:
            out.append(inst)
    for i in out:
        i.spans.sort()
        i.aliases = sorted(set(i.aliases))
    out.sort(key=lambda i: i.spans[0])
    return out
