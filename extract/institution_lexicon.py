"""The words institution names are read with: endings, kinds, boundaries, places, and a private jieba.

Everything here is data from ``extract/data/`` (institution_*.tsv, generic_institutions.tsv) and ``extract/data/gazetteer/``, loaded once per process into one
``Lexicon``. The rules that use it live in ``institution_names`` (one name) and ``institutions``
(a document's institutions).
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from . import gazetteer
from .normalize import norm_key
from .resources import _rows, type_names_longest_first, word_list

KINDS = ("university", "institute", "laboratory", "enterprise", "hospital", "school", "zone", "association",
         "platform", "fund", "other")
# jieba tags that end a name's left edge: prepositions, conjunctions, particles, adverbs, pronouns,
# interjections, onomatopoeia, classifiers, numerals (ordinals are let through by the rules)
BREAK_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv", "d", "ad", "r", "y", "e", "o", "q",
                        "m", "mq", "vd"})
PROPER_TAGS = frozenset({"nr", "nrt", "nrfg"})  # person and transliterated names (伯明翰); nz/nt tag 中医药, 人民政府 …
JURISDICTIONS = frozenset("市区县省州镇乡")  # 市第二福利院, 区人民医院: the plan's own jurisdiction
# government bodies that are not department types: a name never runs across them, and a name that ends
# in one is a body, not an institution (首都国际机场管理委员会, 全国人民代表大会常务委员会)
GOVERNMENT = ("人民政府", "政府", "国务院", "党委", "管委会", "管理委员会", "办公厅", "办公室", "党工委",
              "人民代表大会", "人大", "人大常委会", "政协", "人民法院", "法院", "人民检察院", "检察院")


class Tok(NamedTuple):
    """A jieba word with its offsets in the normalised text and its part of speech."""

    w: str
    s: int
    e: int
    tag: str


@dataclass(frozen=True)
class Ending:
    text: str
    kind: str
    strong: bool  # a trade name before it is enough (有限公司)
    unit: bool = False  # names a unit after its parent's name (科技园, 分院)


class Lexicon:
    """All word lists of institution names and a private jieba tokenizer that knows them."""

    def __init__(self) -> None:
        self.endings: dict[str, Ending] = {}
        for r in _rows("institution_suffixes.tsv"):
            flag = r[2].strip() if len(r) > 2 else ""
            e = Ending(norm_key(r[0]), r[1].strip(), flag == "strong", flag == "unit")
            self.endings[e.text] = e
        self.by_last2: dict[str, list[Ending]] = {}  # endings by their last two characters, longest first
        for e in sorted(self.endings.values(), key=lambda x: (-len(x.text), x.text)):
            if len(e.text) > 1:
                self.by_last2.setdefault(e.text[-2:], []).append(e)
        self.single = {e.text: e for e in self.endings.values() if len(e.text) == 1}
        self.last_chars = re.compile("[" + re.escape("".join(sorted({e[-1] for e in self.endings}))) + "]")
        self.generic: dict[str, bool] = {}  # head → is a rank (a kind even after a place)
        for r in _rows("generic_institutions.tsv"):
            self.generic[norm_key(r[0])] = len(r) > 1 and r[1].strip() == "rank"
        for e in self.endings:
            self.generic.setdefault(e, False)
        rows = _rows("institution_modifiers.tsv")
        self.modifiers = frozenset(norm_key(r[0]) for r in rows)
        self.class_modifiers = frozenset(norm_key(r[0]) for r in rows if r[1].strip() == "class")
        self.boundary = {norm_key(r[0]): r[1].strip() for r in _rows("institution_boundaries.tsv")}
        self.not_end: dict[str, frozenset[str]] = {}  # end of an ending → words that continue it (中心 → 城区)
        for w in (w for w, c in self.boundary.items() if c == "not_end"):
            for k in range(1, len(w)):
                self.not_end[w[:k]] = self.not_end.get(w[:k], frozenset()) | {w[k:]}
        self.single_stops = frozenset(w for w, c in self.boundary.items() if c == "stop" and len(w) == 1)
        self.extra_words = {norm_key(r[0]): r[1].strip() for r in _rows("institution_words.tsv")}
        self.abbreviations = {norm_key(r[0]): (norm_key(r[1]), r[2].strip())
                              for r in _rows("institution_abbreviations.tsv")}
        self.head_abbreviations = [(norm_key(r[0]), norm_key(r[1]))
                                   for r in _rows("institution_head_abbreviations.tsv")]
        self.departments = frozenset(type_names_longest_first())
        self.places = gazetteer.places()
        self.gazetteer = gazetteer.institutions()
        self._tk, self._tags = self._tokenizer()
        self._cache: dict[str, list[tuple[str, str]]] = {}

    def _tokenizer(self):
        from . import jieba_dict  # jieba's dictionary, loaded once for both private tokenizers

        words = [(w, "n") for w in self.endings] + [(w, "n") for w in self.generic]
        words += [(w, "nt") for w in type_names_longest_first()] + [(w, "n") for w in word_list("userdict.txt")]
        words += [(w, "ns") for w in self.places.kinds] + [(w, "nt") for w in self.gazetteer.kinds]
        words += list(self.extra_words.items()) + [(w, "nt") for w in self.abbreviations]
        words += [(w, "x") for w, c in self.boundary.items() if c in ("stop", "soft", "rank", "level")]
        self._dictionaries = jieba_dict.load(words)
        return self._dictionaries.extended, _TagOf(self._dictionaries.tags)

    @property
    def plain_tokenizer(self):
        """jieba over its own dictionary (target lists): ``lcut`` and ``freq``."""
        return self._dictionaries.plain

    def tokens(self, norm: str, lo: int, hi: int) -> list[Tok]:
        """jieba words of ``norm[lo:hi]`` (no HMM: unknown names come out as single characters)."""
        s = norm[lo:hi]
        words = self._cache.get(s)
        if words is None:
            tag_of = self._tags
            words = [(w, tag_of[w]) for w in self._tk.lcut(s, HMM=False)]
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[s] = words
        out, pos, new = [], lo, tuple.__new__  # Tok's own __new__ is a Python function: slower
        for w, tag in words:
            end = pos + len(w)
            out.append(new(Tok, (w, pos, end, tag)))
            pos = end
        return out

    def freq(self, w: str) -> int:
        """jieba's frequency of a word (0 when unknown)."""
        return self._tk.freq(w)

    def ending_at(self, norm: str, end: int) -> Ending | None:
        """The longest institution ending that ends at ``end``."""
        for e in self.by_last2.get(norm[end - 2:end], ()):
            if norm.startswith(e.text, end - len(e.text)):
                return e
        return self.single.get(norm[end - 1:end])

    def is_place(self, w: str) -> bool:
        """A place name: listed, or with its level ending (湖北省, 巴东县), or a region or country pair."""
        if w in self.places or self.extra_words.get(w) == "ns":
            return True
        return len(w) > 2 and w[-1] in "省市县区州" and w[:-1] in self.places

    def ends_with_stop(self, w: str) -> bool:
        """全面提高, 充分发挥, 建立健全: a jieba word that ends in a stop verb governs what follows."""
        return any(len(w) > n and self.boundary.get(w[-n:]) == "stop" for n in (2, 3))

    def is_government(self, w: str) -> bool:
        """A government body: 人民政府, 国务院, or a word ending in a department type's name (科技局)."""
        if w.endswith(GOVERNMENT):
            return True
        return len(w) >= 2 and w in self.departments

    def kind_of(self, name: str) -> str:
        """The kind of an institution from its ending, else from the gazetteer, else "other"."""
        core = _LAST_BRACKETS.sub("", name)
        for n in range(len(core), 0, -1):
            e = self.endings.get(core[-n:])
            if e:
                return e.kind
        return self.gazetteer.kinds.get(name, "other")


class _TagOf(dict):
    """Each word's part of speech ("x" when jieba has none), looked up in the tags once and then kept
    here: a plain dictionary lookup for the words met again."""

    def __init__(self, tags) -> None:
        super().__init__()
        self._tags = tags

    def __missing__(self, w: str) -> str:
        tag = self[w] = self._tags.get(w, "x")
        return tag


_LAST_BRACKETS = re.compile(r"\([^()]*\)$")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """One lexicon per process (its jieba dictionary takes about a second to build)."""
    with _lock:
        return Lexicon()
