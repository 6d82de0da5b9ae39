"""How alike two task texts are: TF-IDF over jieba words and over character bigrams, cosine.

A task of a parent plan (the city's) and a task of a child plan (a district's) rarely share a
sentence; they share the *things* they name (有效发明专利, 大学科技园, 技术合同) and the wording
around them. Two views catch both:

- **words**: the text cut by a private ``jieba.Tokenizer`` (never the global ``jieba.dt``) with
  policykg's user dictionary; stopwords (``graph/assets/stopwords.txt``), numbers and one-character
  tokens dropped;
- **character bigrams** of each run of Chinese characters: robust where jieba cuts the same term
  differently in the two texts, and for traditional characters the dictionary does not know.

Texts are first put into the normalised view of ``extract.normalize`` (traditional → simplified,
full-width → half-width), so the city plan in traditional characters meets district plans in
simplified ones. Each view is weighted by TF-IDF (sublinear tf ``1 + ln tf``, smoothed idf
``ln((1 + N) / (1 + df)) + 1`` over the texts being compared) and L2-normalised; the score is the
mean of the two cosines, in [0, 1].

``TAKEN_UP`` (0.20) is the score from which a child task counts as taking up a parent task. It was
set by hand on the Tianjin plans (``tests/test_similarity.py`` lists the pairs and why): pairs that
clearly correspond score 0.26–0.62 there, pairs that clearly do not score below 0.10, and tasks
that only share the plans' common vocabulary (科技, 创新, 企业) land around 0.10–0.18. Scores
between 0.15 and 0.20 are reported as ``"related"``: worth a reader's look, not a match.
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
TAKEN_UP = 0.18
RELATED = 0.12

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
    """The stopword list of ``graph/assets/stopwords.txt``."""
    return frozenset(read_word_list(ASSETS / "stopwords.txt"))


@lru_cache(maxsize=1)
def tokenizer():
    """A private ``jieba.Tokenizer`` with policykg's user dictionary (one per process)."""
    import logging

    import jieba

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


def _tfidf(docs: list[list[str]]) -> list[dict[str, float]]:
    n = len(docs)
    df = Counter(t for d in docs for t in set(d))
    vecs = []
    for d in docs:
        tf = Counter(d)
        v = {t: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values()))
        vecs.append({t: x / norm for t, x in v.items()} if norm else {})
    return vecs


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


class Similarity:
    """Scores between any two of ``texts`` (the idf is fitted on exactly these texts)."""

    def __init__(self, texts: Sequence[str]):
        self.texts = list(texts)
        self._w = _tfidf([words(t) for t in self.texts])
        self._b = _tfidf([bigrams(t) for t in self.texts])

    def score(self, i: int, j: int) -> float:
        """Mean of the word cosine and the bigram cosine of texts ``i`` and ``j``, in [0, 1]."""
        return round(0.5 * (_cos(self._w[i], self._w[j]) + _cos(self._b[i], self._b[j])), 4)

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
