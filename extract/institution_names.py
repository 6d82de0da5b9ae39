"""One institution name: where it starts and ends, and whether it names one institution or a kind.

Chinese organisation names are built as place + qualifier + core + ending: 天津 | 中医药 | 大学,
亳州 | 国家 | 农业科技 | 园区, 谯城 | (江南大学) | 离岸健康科技研发 | 中心, 市 | 第二 | 福利院. From an ending
(``data/institution_suffixes.tsv``) the name grows left over the jieba words of its clause and stops
at a verb or word that governs it (支持, 依托, 作为 …), a government body (人民政府), a list number,
a preposition, conjunction or punctuation (``data/institution_boundaries.tsv``). A parenthesised part
that is a place or an institution belongs to the name. A listed gazetteer name ending at the same
place fixes the left edge. The candidate is then judged:

* a **name** has a place, a proper name, Latin letters, an ordinal or a gazetteer entry before its
  ending, or 国家/全国 followed by a specific core (国家临床检验中心);
* a **kind** has nothing but level words and generic modifiers before a generic head (国家工程实验室,
  大医院, 国外一流大学, 特色专业学院), carries a rank (国家级, 省级), or is a place itself (滨海新区);
* a **weak** name has a specific core but nothing that anchors it (芦岭煤矿): it only counts as a
  shorter mention of a longer name of the same document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .institution_lexicon import BREAK_TAGS, JURISDICTIONS, PROPER_TAGS, Ending, Lexicon, Tok

NAME, WEAK, KIND = "name", "weak", "kind"
HARD = frozenset(",;。、:“”\"'‘’《》!?\n\t 「」『』|/=+×%<>")
MAX_LEFT = 30  # characters of a name before its ending
# jieba's dictionary holds thousands of phrases at frequency 3 tagged as names (建立健全/nr, 国际贸易/nz,
# 南方人才/nr): a name tag counts only from this frequency up, and only on words of three characters or more
MIN_PROPER_FREQ = 4
GEOGRAPHIC = frozenset("山河湖江海岛州城港湾淀村镇关口峡泉岭沟坪川溪岗庄堡塘源洲滩浦门国亚洲台原林")
_ORDINAL = re.compile(r"^第?[〇零一二两双三四五六七八九十百千\d]+$")
_LATIN = re.compile(r"[A-Za-z]")
_PAREN_NOISE = ("负责", "牵头", "简称", "以下", "包括", "含", "试行", "暂行", "等")
NATIONAL = frozenset({"中国", "中华", "中央"})  # a name's place at the national level (中国科学院, 中央党校)
PLACE_LEVELS = frozenset("省市县区州镇乡村旗盟")
_CONJUNCTIONS = frozenset("与和及")
_BODY_AFTER = frozenset({"局", "管理局", "委员会", "管委会", "管理委员会"})
_PAREN_WORDS = frozenset({"集团", "控股", "股份", "中国"})


@dataclass(slots=True)
class NameSpan:
    """A candidate name in the normalised text."""

    start: int
    end: int
    status: str  # NAME, WEAK or KIND
    kind: str  # kind of institution (university, zone …)
    place_end: int = 0  # end of the leading place word (乌鲁木齐 in 乌鲁木齐高新区), 0 if none
    core_start: int = 0  # after all leading places, when what follows still has an anchor (杏儿沟煤矿), else 0


def read_name(lex: Lexicon, norm: str, ending_start: int, end: int, ending: Ending) -> NameSpan | None:
    """The name that ends with ``ending`` at ``end``, judged; None if the ending runs on into a word or
    stands alone (以人民为中心)."""
    if ending_start == 0 or norm[ending_start - 1] in HARD or norm[ending_start - 1] in lex.single_stops:
        return None
    lo, hi = ending_start, end
    while lo > 0 and ending_start - lo < MAX_LEFT and norm[lo - 1] not in HARD:
        lo -= 1
    while hi < len(norm) and hi - end < 4 and norm[hi] not in HARD:
        hi += 1
    clause = lex.tokens(norm, lo, hi)  # one segmentation decides both edges
    if _runs_on(lex, clause, ending_start, end, ending):
        return None
    left = [t for t in clause if t.e <= ending_start]
    crossing = next((t for t in clause if t.s < ending_start < t.e), None)
    if crossing is not None:  # 中医药大学 is one word: the part before the ending, segmented alone
        left += lex.tokens(norm, crossing.s, ending_start)
    first = _walk(lex, norm, left)
    first = _trim(lex, left, first)
    first = _cut_predicates(lex, left, first)
    name_toks = left[first:] + [Tok(ending.text, ending_start, end, "n")]
    start = name_toks[0].s
    listed = lex.gazetteer.ending_at(norm, end, len(ending.text) + 1)
    if listed:
        g = end - len(listed)
        if g < start and not any(norm[i] in HARD for i in range(g, start)) or \
                g > start and not all(lex.is_place(t.w) for t in name_toks if t.e <= g):
            start = g
            name_toks = lex.tokens(norm, start, ending_start) + name_toks[-1:]
    end = _extend_right(lex, norm, end)
    status = _judge(lex, norm, name_toks, start, end, ending, listed is not None)
    place_end = name_toks[0].e if len(name_toks) > 1 and lex.is_place(name_toks[0].w) else 0
    i = 0
    while i < len(name_toks) - 1 and lex.is_place(name_toks[i].w):
        i += 1
    core_start = name_toks[i].s if i and _anchors(lex, name_toks[i:-1]) else 0
    return NameSpan(start, end, status, lex.kind_of(norm[start:end]), place_end, core_start)


def _runs_on(lex: Lexicon, right: list[Tok], ending_start: int, end: int, ending: Ending) -> bool:
    """大学生, 社会, 矿业, 苏州工业园区 (for 工业园), 中心城区, 采矿: the ending is not a word's end, or a
    one-character ending is the end of another word (``right``: the clause's words)."""
    if right[-1].e == end:
        return False
    if not any(t.e == end for t in right):
        return True
    if len(ending.text) == 1 and any(t.s < ending_start < t.e and t.tag in ("v", "vn", "vd") for t in right):
        return True  # 采矿: a one-character ending that is the object of a verb (not 柴油机厂, 教育社)
    after = next(t.w for t in right if t.s == end)
    if ending.kind != "zone" and (after in _BODY_AFTER or after.endswith("管理局")):
        return True  # 香港医院管理局: the ending is part of a government body's name
    return any(after in lex.not_end.get(ending.text[-k:], ()) for k in range(1, len(ending.text) + 1))


def _walk(lex: Lexicon, norm: str, toks: list[Tok]) -> int:
    """Index of the leftmost word that still belongs to the name (``len(toks)`` for none)."""
    i = len(toks) - 1
    first = len(toks)
    while i >= 0:
        t = toks[i]
        if t.w == ")":
            j = _opening(toks, i)
            if j is None or not _name_paren(lex, norm[toks[j].e:t.s]):
                break
            first, i = j, j - 1
            continue
        if any(c in HARD or c in "([" for c in t.w) or t.w in ".·" and not _latin_around(toks, i):
            break
        cls = lex.boundary.get(t.w)
        if t.w in _CONJUNCTIONS and _joins_inside(lex, toks, i):
            first, i = i, i - 1
            continue
        if cls == "stop" or lex.is_government(t.w) or lex.ends_with_stop(t.w):
            break
        if cls == "soft" and (i == 0 or not _name_part(lex, toks[i - 1])
                              or lex.ending_at(toks[i - 1].w, len(toks[i - 1].w)) is not None):
            break  # 科技创新引导基金 goes on; 附属瑞金医院建设国家医学中心 stops: a name ends before 建设
        if t.tag in BREAK_TAGS and cls not in ("rank", "level") and not _ordinal(toks, i):
            break
        if t.tag == "x" and t.w.isdigit():
            break
        first, i = i, i - 1
    return first


def _joins_inside(lex: Lexicon, toks: list[Tok], i: int) -> bool:
    """广州再生医学与健康广东省实验室, 中科院数学与系统科学研究院: 与 joins two parts of one name when the
    part after it does not begin a name of its own and the part before it begins with a place or name
    and is no whole name itself."""
    after, before = toks[i + 1:], []
    for t in reversed(toks[:i]):
        if lex.boundary.get(t.w) == "stop" or any(c in HARD for c in t.w) or t.tag in BREAK_TAGS:
            break
        before.insert(0, t)
    if not after or not before or _anchor(lex, after[0]) or lex.ending_at(before[-1].w, len(before[-1].w)):
        return False
    return _anchor(lex, before[0])


def _opening(toks: list[Tok], close: int) -> int | None:
    depth = 0
    for j in range(close, -1, -1):
        if toks[j].w == ")":
            depth += 1
        elif toks[j].w == "(":
            depth -= 1
            if depth == 0:
                return j
    return None


def _name_paren(lex: Lexicon, inner: str) -> bool:
    """A parenthesised part of a name: a place (天津), an institution (江南大学) or 集团."""
    if not inner or len(inner) > 15 or any(c in HARD for c in inner) or any(w in inner for w in _PAREN_NOISE):
        return False
    return inner in _PAREN_WORDS or lex.is_place(inner) or lex.ending_at(inner, len(inner)) is not None


def _latin_around(toks: list[Tok], i: int) -> bool:
    return 0 < i < len(toks) - 1 and bool(_LATIN.search(toks[i - 1].w))


def _ordinal(toks: list[Tok], i: int) -> bool:
    """第二 (市第二福利院), or a numeral right before the ending (三矿)."""
    w = toks[i].w
    return bool(_ORDINAL.match(w)) and (w.startswith("第") or i == len(toks) - 1) and not w.isdigit()


def _name_part(lex: Lexicon, t: Tok) -> bool:
    """A word that can stand inside a name before a soft verb (中国 in 中国建设银行, 自主 in 自主创新)."""
    if lex.boundary.get(t.w) == "stop" or lex.ends_with_stop(t.w) or t.tag in BREAK_TAGS or lex.is_government(t.w):
        return False
    return not any(c in HARD for c in t.w)


def _trim(lex: Lexicon, toks: list[Tok], first: int) -> int:
    """Drop words that cannot begin a name: verbs, and single characters cut from a word (对标 → 标)."""
    while first < len(toks):
        t = toks[first]
        if t.tag == "v" and lex.boundary.get(t.w) is None and not lex.is_place(t.w):
            first += 1
        elif len(t.w) == 1 and t.w not in JURISDICTIONS and not lex.is_place(t.w) and t.w not in "(" \
                and not _LATIN.match(t.w) and not (first + 1 < len(toks) and len(toks[first + 1].w) == 1
                                                   and _unknown_char(lex, t) and _unknown_char(lex, toks[first + 1])):
            first += 1
        else:
            break
    return first


def _cut_predicates(lex: Lexicon, toks: list[Tok], first: int) -> int:
    """A verb after a whole name (庄河电厂属港口电厂) or right before a place (规划建设白洋淀…) is a
    predicate: the name starts after it (广州再生医学与健康广东省实验室 keeps its verb). Verbs inside a name stay (上海市医药集中招标采购事务管理所)."""
    cut = first
    for i in range(first, len(toks)):
        t = toks[i]
        if t.tag != "v" and lex.boundary.get(t.w) != "soft":
            continue
        prev = toks[i - 1].w if i > first else ""
        after_name = prev and lex.ending_at(prev, len(prev)) is not None and lex.boundary.get(t.w) != "soft"
        if after_name or i + 1 < len(toks) and _anchors(lex, toks[i + 1:i + 3])[:1] == toks[i + 1:i + 2]:
            cut = i + 1
    return _trim(lex, toks, cut) if cut != first else first


def _extend_right(lex: Lexicon, norm: str, end: int) -> int:
    """中国地质大学(武汉): a place in brackets right after the ending belongs to the name."""
    if end < len(norm) and norm[end] == "(":
        close = norm.find(")", end + 1, end + 12)
        if close > end + 1 and lex.is_place(norm[end + 1:close]):
            return close + 1
    return end


def _judge(lex: Lexicon, norm: str, toks: list[Tok], start: int, end: int, ending: Ending, listed: bool) -> str:
    """NAME, WEAK or KIND (see the module's docstring)."""
    text = norm[start:end]
    if listed or text in lex.gazetteer:
        return NAME
    if _ranked(lex, toks, ending) or _place_name(lex, toks) or _department(lex, toks):
        return KIND
    head_at, rank = _generic_head(lex, toks)
    before = toks[:head_at]
    anchors = _anchors(lex, before)
    national = [t for t in before if lex.boundary.get(t.w) == "level"]
    core = [t for i, t in enumerate(before) if not (t in anchors or t in national or t.w in lex.modifiers
                                                     or t.w in "()" or _place_level(lex, before, i))]
    modified = any(t.w in lex.class_modifiers for t in before)
    if before and before[0].w in JURISDICTIONS and core:
        anchors.append(before[0])
    if _facet(lex, before, toks[head_at:], ending):
        return KIND
    if not core:  # 亳州国家农业科技园区: a zone's place names it whatever its designation; 天津三级公立医院 is a kind,
        #          广州医科大学附属第一医院 (a listed name, an ordinal) is not
        if modified and any(not lex.is_place(t.w) and t.w not in JURISDICTIONS and t.w not in NATIONAL
                            for t in anchors):
            modified = False
        return NAME if anchors and not modified and (not rank or ending.kind == "zone") else KIND
    if anchors and not (rank and ending.kind != "zone" and all(t in anchors for t in before)):
        return NAME
    if national:  # 国家临床检验中心; but a zone needs a place: 国家生态文明试验区 is a designation
        return NAME if ending.kind != "zone" else KIND
    if ending.strong and sum(len(t.w) for t in core) >= 2:
        return NAME
    return WEAK


def _ranked(lex: Lexicon, toks: list[Tok], ending: Ending) -> bool:
    """国家级高新区, 北京国家级研发中心: a rank makes a designation, unless a zone's place stands before it
    (合肥国家级高新区 is the zone of 合肥)."""
    for i, t in enumerate(toks):
        if lex.boundary.get(t.w) == "rank":
            return not (ending.kind == "zone" and i > 0 and lex.is_place(toks[i - 1].w))
    return False


def _place_name(lex: Lexicon, toks: list[Tok]) -> bool:
    """天津市滨海新区, 上海市浦东新区: places only, a district and not an institution."""
    for i in range(len(toks)):
        if lex.is_place("".join(t.w for t in toks[i:])):
            return True
        if not lex.is_place(toks[i].w):
            return False
    return False


def _department(lex: Lexicon, toks: list[Tok]) -> bool:
    """中国人民银行, 国家发展和改革委员会: after its places the name is a government department's."""
    i = 0
    while i < len(toks) - 1 and lex.is_place(toks[i].w):
        i += 1
    rest = "".join(t.w for t in toks[i:])
    return rest not in lex.generic and (rest in lex.departments or lex.is_government(rest)
                                        or lex.is_government("".join(t.w for t in toks)))


def _facet(lex: Lexicon, before: list[Tok], head: list[Tok], ending: Ending) -> bool:
    """天津子牙经济技术开发区微平台, 中科院数学与系统科学研究院学术委员会: another institution's name, then
    only single characters and its ending, or a compound generic head: a facet of it, not a name."""
    if ending.unit:
        return False
    depth, inner = 0, None
    for i, t in enumerate(before):
        depth += (t.w == "(") - (t.w == ")")
        if depth == 0 and t.w not in "()" and lex.ending_at(t.w, len(t.w)) is not None:
            inner = i
    if inner is None:
        return False
    rest = before[inner + 1:]
    if not rest:  # 研究院学术委员会 is a facet; 发展集团有限公司 (the group's full name), 大学出版社 are not
        return len("".join(t.w for t in head)) > len(ending.text)
    if _anchors(lex, rest):
        return False
    return all(len(t.w) == 1 and not _ORDINAL.match(t.w) for t in rest)  # 微平台; not 先进技术研究院


def _place_level(lex: Lexicon, toks: list[Tok], i: int) -> bool:
    """村 in 河南/村, 县 in 左权/县: a level character glued to the place before it is part of the place."""
    return len(toks[i].w) == 1 and toks[i].w in PLACE_LEVELS and i > 0 and lex.is_place(toks[i - 1].w)


def _generic_head(lex: Lexicon, toks: list[Tok]) -> tuple[int, bool]:
    """Where the longest generic head at the end of the name begins (at a word boundary), and its rank."""
    for k in range(len(toks)):
        head = "".join(t.w for t in toks[k:])
        if head in lex.generic:
            return k, lex.generic[head]
    return len(toks) - 1, False


def _anchors(lex: Lexicon, toks: list[Tok]) -> list[Tok]:
    """The words that make a name specific: places, proper names, Latin letters, ordinals, listed names,
    and words jieba does not know (two or more single characters in a row: 子牙, 博精, 杏儿沟)."""
    out = [t for t in toks if _anchor(lex, t)]
    run: list[Tok] = []
    for t in toks + [Tok("", 0, 0, "x")]:
        if len(t.w) == 1 and _unknown_char(lex, t):
            run.append(t)
            continue
        if len(run) >= 2 and (run[0] is toks[0] or _anchor(lex, toks[toks.index(run[0]) - 1])):
            out += [u for u in run if u not in out]  # a name's own word comes first or after its place
        run = []
    return out


def _unknown_char(lex: Lexicon, t: Tok) -> bool:
    """A Chinese character jieba left alone that is not a function word, numeral or bracket."""
    return "\u4e00" <= t.w <= "\u9fff" and t.tag not in BREAK_TAGS and t.tag != "f" and not lex.boundary.get(t.w) \
        and not _ORDINAL.match(t.w) and t.w not in lex.endings and t.w not in lex.modifiers


def _anchor(lex: Lexicon, t: Tok) -> bool:
    """A word that makes a name specific: a place, a proper name, Latin letters, an ordinal, a listed name.
    Words jieba does not know count where a name's own word stands: first, or after its place."""
    w = t.w
    if w in lex.modifiers or w in lex.generic or lex.boundary.get(w) or w in lex.endings:
        return False
    if w in NATIONAL:
        return True
    if lex.is_place(w) or w in lex.gazetteer:
        return True
    if t.tag == "ns" and w[-1] in GEOGRAPHIC and lex.freq(w) >= MIN_PROPER_FREQ:
        return True  # 白洋淀, 中关村, 英国: jieba's ns also tags 普及, 满意度, 普通高中, so the last character decides
    if t.tag in PROPER_TAGS and len(w) >= 3 and lex.freq(w) >= MIN_PROPER_FREQ:
        return True  # 伯明翰; two-character name tags are too often wrong (师范/nr, 建立/nr)
    if w in lex.abbreviations or len(w) > 2 and lex.places.starting_at(w, 0) and lex.places.starting_at(w, 0) != w[:1]:
        return True  # 中科院; a word that begins with a place (大连实德)
    if t.tag == "nt" and len(w) > 3 and lex.ending_at(w, len(w)) is not None:
        return True  # a whole institution's name that jieba knows (中国医学科学院)
    return bool(_LATIN.search(w)) or w.startswith("第") and bool(_ORDINAL.match(w))
