"""How alike two task texts are: TF-IDF over jieba words and over character bigrams, cosine.

A task of a parent plan (the city's) and a task of a child plan (a district's) rarely share a
sentence; they share the *things* they name (有效发明专利, 大学科技园, 技术合同) and the wording
around them. Two views catch both:

- **words**: the text cut by a private ``jieba.Tokenizer`` (never the global ``jieba.dt``) with
  policykg's user dictionary; stopwords (``graph/compare/assets/stopwords.txt``), numbers and one-character
  tokens dropped;
- **character bigrams** of each run of Chinese characters: robust where jieba cuts the same term
  differently in the two texts, and for traditional characters the dictionary does not know.

Texts are first put into the normalised view of ``extract.normalize`` (traditional → simplified,
full-width → half-width), so the city plan in traditional characters meets district plans in
simplified ones. Each view is weighted by TF-IDF (sublinear tf ``1 + ln tf``, smoothed idf
``ln((1 + N) / (1 + df)) + 1`` over the texts being compared) and L2-normalised; the whole-text
score is the mean of the two cosines. A parent task often lists several goals in one paragraph
(the city's 工作目标: 研发投入强度, 有效发明专利, 高新技术企业, 大学科技园 …) while a district takes
up one of them in a short task, so the score is the larger of the whole-text score and 0.8 × the
best score of a clause (sentence or ;-part of two content words or more) of one text with a
clause of the other. Scores are in [0, 1]; identical texts score 1.

Verdicts (``verdict``): **taken up** from ``TAKEN_UP`` = 0.25, **related** from ``RELATED`` = 0.15,
else **not found**. Set by hand on the Tianjin plans (``tests/test_similarity.py`` lists the pairs
and why): the pairs that clearly correspond score 0.31–0.84 (the same goal restated with the
district's number scores ≥ 0.67); the pairs that clearly do not score ≤ 0.13; between 0.15 and
0.25 sit tasks that share a subject but not the work (a district's 高新技术企业 talent policy beside
the city's count of 高新技术企业) — shown as related, for a reader to judge.
"""
from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

ASSETS = Path(__file__).resolve().parent / "assets"
TAKEN_UP = 0.25
RELATED = 0.15

_CJK_RUN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]+")
_HAS_CJK_OR_ALPHA = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffffA-Za-z]")
_lock = threading.Lock()


def read_word_list(path: Path) -> list[str]:
    """Words of a list file: one a line, ``#`` comments and blank lines ignored."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        w = line.split("#", 1)[0].strip()
        if w:
            out.append(w)
    return out


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The stopword list of ``graph/compare/assets/stopwords.txt``."""
    return frozenset(read_word_list(ASSETS / "stopwords.txt"))


@lru_cache(maxsize=1)
def tokenizer():
    """A private ``jieba.Tokenizer`` with policykg's user dictionary (one per process)."""
    import logging

    from extract.jieba_import import jieba as _jieba

    jieba = _jieba()
    with _lock:
        logging.getLogger("jieba").setLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        tk.initialize()
        userdict = Path(__file__).resolve().parents[1] / "extract" / "data" / "userdict.txt"
        if userdict.is_file():
            for w in read_word_list(userdict):
                tk.add_word(w.split()[0], freq=200000)
        return tk


def simplified(text: str) -> str:
    """The normalised view of ``text`` (traditional → simplified, half-width)."""
    from extract.normalize import normalize

    return normalize(text)


def words(text: str) -> list[str]:
    """Content words of ``text``: jieba words without stopwords, numbers and single characters."""
    sw = stopwords()
    out = []
    for w in tokenizer().lcut(simplified(text), HMM=False):
        w = w.strip()
        if len(w) < 2 or w in sw or not _HAS_CJK_OR_ALPHA.search(w):
            continue
        out.append(w)
    return out


def bigrams(text: str) -> list[str]:
    """Character bigrams inside each run of Chinese characters (never across punctuation)."""
    out = []
    for run in _CJK_RUN.findall(simplified(text)):
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


class _Idf:
    """Smoothed idf ``ln((1 + N) / (1 + df)) + 1`` fitted on a list of token lists."""

    def __init__(self, docs: list[list[str]]):
        self.n = len(docs)
        self.df = Counter(t for d in docs for t in set(d))

    def vector(self, tokens: list[str]) -> dict[str, float]:
        """Sublinear tf × idf, L2-normalised (empty for no tokens)."""
        v = {t: (1 + math.log(c)) * (math.log((1 + self.n) / (1 + self.df.get(t, 0))) + 1)
             for t, c in Counter(tokens).items()}
        norm = math.sqrt(sum(x * x for x in v.values()))
        return {t: x / norm for t, x in v.items()} if norm else {}


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


_CLAUSE_END = re.compile(r"[。;；!！?？\n]")
CLAUSE_WEIGHT = 0.8
MIN_CLAUSE_WORDS = 2


def clauses(text: str) -> list[str]:
    """The sentences and ;-clauses of ``text`` (a task may state several goals in a row)."""
    return [c.strip() for c in _CLAUSE_END.split(text) if c.strip()]


class Similarity:
    """Scores between any two of ``texts`` (the idf is fitted on exactly these texts).

    ``score`` is the larger of the whole-text score and ``CLAUSE_WEIGHT`` (0.8) × the best score
    of a clause of one with a clause of the other (clauses of at least two content words): a city
    task that lists five goals in one paragraph still meets the district task that takes up one.
    """

    def __init__(self, texts: Sequence[str]):
        self.texts = list(texts)
        w_docs = [words(t) for t in self.texts]
        b_docs = [bigrams(t) for t in self.texts]
        self._wi, self._bi = _Idf(w_docs), _Idf(b_docs)
        self._w = [self._wi.vector(d) for d in w_docs]
        self._b = [self._bi.vector(d) for d in b_docs]
        self._clauses: list[list[tuple[dict, dict]]] = []
        for t in self.texts:
            cl = []
            for c in clauses(t):
                cw = words(c)
                if len(cw) >= MIN_CLAUSE_WORDS:
                    cl.append((self._wi.vector(cw), self._bi.vector(bigrams(c))))
            self._clauses.append(cl if len(cl) > 1 else [])

    def whole(self, i: int, j: int) -> float:
        """Mean of the word cosine and the bigram cosine of texts ``i`` and ``j``, in [0, 1]."""
        return 0.5 * (_cos(self._w[i], self._w[j]) + _cos(self._b[i], self._b[j]))

    def clause(self, i: int, j: int) -> float:
        """The best whole-score of a clause of ``i`` (or all of ``i``) with a clause of ``j`` (or all of ``j``)."""
        ci = self._clauses[i] or [(self._w[i], self._b[i])]
        cj = self._clauses[j] or [(self._w[j], self._b[j])]
        return max(0.5 * (_cos(a[0], b[0]) + _cos(a[1], b[1])) for a in ci for b in cj)

    def score(self, i: int, j: int) -> float:
        """The similarity of texts ``i`` and ``j`` in [0, 1] (see the class docstring)."""
        s = self.whole(i, j)
        if self._clauses[i] or self._clauses[j]:
            s = max(s, CLAUSE_WEIGHT * self.clause(i, j))
        return round(s, 4)

    def shared_words(self, i: int, j: int, n: int = 8) -> list[str]:
        """The words that weigh most in the score of ``i`` and ``j`` (for showing why they match)."""
        a, b = self._w[i], self._w[j]
        common = sorted((t for t in a if t in b), key=lambda t: (-a[t] * b[t], t))
        return common[:n]


def verdict(score: float) -> str:
    """``taken up`` (≥ ``TAKEN_UP``), ``related`` (≥ ``RELATED``) or ``not found``."""
    if score >= TAKEN_UP:
        return "taken up"
    if score >= RELATED:
        return "related"
    return "not found"


@dataclass(frozen=True)
class Match:
    """A parent task and one of the most similar tasks of a child plan."""

    parent: str  # parent task id (IRI or any key)
    child: str  # child task id
    score: float
    rank: int  # 1 = best match in that child plan
    verdict: str
    shared: tuple[str, ...] = ()


def best_matches(parents: Sequence[tuple[str, str]], children: Sequence[tuple[str, str]],
                 k: int = 3, corpus: Iterable[str] = ()) -> list[Match]:
    """For each ``(id, text)`` of ``parents``, the ``k`` most similar of ``children``, best first.

    ``corpus`` adds texts to the idf fit only (e.g. the tasks of other plans being compared), so
    that words common to the whole comparison weigh less. Ties are broken by child order.
    """
    texts = [t for _, t in parents] + [t for _, t in children] + list(corpus)
    sim = Similarity(texts)
    np_ = len(parents)
    out = []
    for i, (pid, _) in enumerate(parents):
        scored = sorted(((sim.score(i, np_ + j), j) for j in range(len(children))), key=lambda x: (-x[0], x[1]))
        for rank, (s, j) in enumerate(scored[:k], 1):
            out.append(Match(pid, children[j][0], s, rank, verdict(s), tuple(sim.shared_words(i, np_ + j))))
    return out


def score_pair(a: str, b: str, corpus: Iterable[str] = ()) -> float:
    """The score of two texts, the idf fitted on them and ``corpus``."""
    return Similarity([a, b, *corpus]).score(0, 1)
