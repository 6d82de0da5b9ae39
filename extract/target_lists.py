"""分别 lists: the items of ``A、B和C分别达到x、y和z`` and what the items share.

``花生、油菜种植机械化率`` names two indicators: 花生种植机械化率 and 油菜种植机械化率. The head the first
items lack is found in the last item with jieba (a private tokenizer, built the first time a list needs
it): after the word the first item ends with (高技术制造业增加值 / 战略性新兴产业增加值占比 → 占比), else,
for short items, after a word as long as the first item's last word (城市 / 农村居民人均可支配收入 →
居民人均可支配收入; 花生种植 / 收获机械化率 → 机械化率, and 花生 is shared too: 花生收获机械化率).
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import indicators as ind
from .records import Span

_SEP = re.compile(r"、|以及|和|及|与")
_YEAR = re.compile(r"(?:到|至)?\s*((?:19|20)\d\d)\s*年(?:底|末)?")


def list_items(norm: str, s: int, e: int) -> tuple[list[Span], list[int]]:
    """The items of ``norm[s:e]`` (split at 、和及与 outside brackets and quotes, each cut clean) and the
    years among them (到2023年、2025年 are years, not items)."""
    items, years = [], []
    for a, b in _split(norm, s, e):
        y = _YEAR.search(norm, a, b)
        if y:
            years.append(int(y.group(1)))
            if not ind.meaningful(norm[a:y.start()] + norm[y.end():b]):
                continue
            b = y.start() if y.start() > a else b
        sa, sb = ind.before(norm, a, b)
        if sb > sa:
            items.append((sa, sb))
    return items, years


def _split(norm: str, s: int, e: int) -> list[Span]:
    out, prev, depth, i = [], s, 0, s
    while i < e:
        c = norm[i]
        if c in "(“":
            depth += 1
        elif c in ")”" and depth:
            depth -= 1
        elif depth == 0 and i > prev and (m := _SEP.match(norm, i, e)):
            out.append((prev, i))
            prev = i = m.end()
            continue
        i += 1
    out.append((prev, e))
    return out


def shared_parts(first: str, last: str) -> tuple[str, str]:
    """What the items of a list share: a prefix the first item carries for all (花生 in 花生种植、收获机械化率)
    and the head the last item carries for all (机械化率); ("", "") when the items are complete (“雏鹰”企业 /
    科技领军企业 end alike) or cannot be told apart (研发投入强度 / 有效发明专利数)."""
    if not first or not last or first[-1] == last[-1]:
        return "", ""
    words, fw = _segment(last), _segment(first)
    if fw[-1] in words[:-1]:  # 高技术制造业增加值 / 战略性新兴产业增加值占比
        i = len(words) - 1 - words[::-1].index(fw[-1])
        return "", "".join(words[i + 1:])
    if len(first) > 4:
        return "", ""
    prefix = "".join(fw[:-1])
    acc, want = "", len(fw[-1])  # the last item starts with a word as long as the first item's last
    for k, w in enumerate(words[:-1]):
        cut = want - len(acc)
        if 0 < cut < len(w) - 1 and _is_word(w[:cut]) and _is_word(w[cut:]):  # 农村|居民 inside 农村居民
            return prefix, w[cut:] + "".join(words[k + 1:])
        acc += w
        if len(acc) >= want:
            return prefix, "".join(words[k + 1:])
    return "", ""


@lru_cache(maxsize=1)
def _tokenizer():
    """jieba over its own dictionary, loaded once with the institutions' (``jieba_dict``)."""
    from .institution_lexicon import lexicon

    return lexicon().plain_tokenizer


def _segment(s: str) -> list[str]:
    return _tokenizer().lcut(s, HMM=False)


def _is_word(s: str) -> bool:
    return bool(_tokenizer().freq(s))
