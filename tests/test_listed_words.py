"""The longest listed word by length lookup is the one a scan of the list longest first finds, on real
plan text (department types, role verbs, issuing bodies) and where the listed words run into others."""
from __future__ import annotations

from extract.listed_words import ListedWords
from extract.normalize import normalize
from extract.resources import role_table, type_names_longest_first, word_list


def _scan_ending(words: list[str], s: str, rest: int = 0) -> str | None:
    return next((w for w in sorted(words, key=len, reverse=True) if s.endswith(w) and len(s) - len(w) >= rest), None)


def _scan_starting(words: list[str], s: str, i: int) -> str | None:
    return next((w for w in sorted(words, key=len, reverse=True) if s.startswith(w, i)), None)


def test_longest_listed_word_as_a_scan_finds_it(reference_text):
    norm = normalize(reference_text)
    lists = [list(type_names_longest_first()), list(role_table("role_verbs.tsv")), list(word_list("issuing_bodies.txt"))]
    pieces = [norm[max(0, i - 12):i] for i in range(1, len(norm), 7)] + ["区科技局", "区教育局基教科", "负责", "牵头负责", "局"]
    found = 0
    for words in lists:
        listed = ListedWords(words)
        for p in pieces:
            for rest in (0, 1):
                got = listed.ending(p, rest)
                assert got == _scan_ending(words, p, rest), (p, rest)
                found += got is not None
            for i in range(len(p) + 1):
                assert listed.starting_at(p, i) == _scan_starting(words, p, i), (p, i)
    assert found > 30  # the text does end in listed words: the comparison is not only of None
