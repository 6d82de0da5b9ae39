"""jieba's dictionary loaded from policykg's cache gives the tokenizers jieba itself would build."""
from __future__ import annotations

import logging

import jieba
import pytest

from extract import jieba_dict

WORDS = [("区科技局", "nt"), ("合作示范区管委会", "nt"), ("研究院", "n"), ("建立健全", "x"), ("天津大学", "nt")]


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def jiebas_own():
    """jieba's own plain and extended tokenizers, built the slow way once (the tests only read them)."""
    jieba.setLogLevel(logging.WARNING)
    plain, ext = jieba.Tokenizer(), jieba.Tokenizer()
    plain.initialize()
    ext.initialize()
    for w, t in WORDS:
        ext.add_word(w, tag=t)
    return plain, ext


def test_cached_dictionaries_equal_jiebas_and_cut_alike(cache_home, jiebas_own):
    plain, ext = jiebas_own
    first = jieba_dict.load(WORDS)  # built the plain way, cache written
    assert list((cache_home / "policykg").glob("jieba-*.bin"))
    second = jieba_dict.load(WORDS)  # read back from the cache
    for d in (first, second):
        assert d.tags["区科技局"] == "nt" and d.tags["建立健全"] == "nr"  # jieba's tag (dict.txt) kept for an "x" word
        assert d.plain.read_all() == plain.FREQ and d.plain.total == plain.total
        assert d.extended.read_all() == ext.FREQ and d.extended.total == ext.total
        assert d.plain.FREQ is not d.extended.FREQ
    assert dict(second.tags.items()) == dict(first.tags.items())
    assert second.tags.get("不是一个词语", "x") == "x" and "不是一个词语" not in second.tags
    text = "静海区科技局会同合作示范区管委会、天津大学研究院建立健全成果转化机制"
    assert second.extended.lcut(text, HMM=False) == ext.lcut(text, HMM=False)
    assert second.plain.lcut(text, HMM=False) == plain.lcut(text, HMM=False)
    assert second.extended.lcut(text, HMM=False) != second.plain.lcut(text, HMM=False)


def test_a_damaged_or_foreign_cache_is_rebuilt(cache_home, jiebas_own):
    jieba_dict.load(WORDS)
    (path,) = (cache_home / "policykg").glob("jieba-*.bin")
    path.write_bytes(path.read_bytes()[:-100])  # truncated
    d = jieba_dict.load(WORDS)
    assert d.plain.read_all() == jiebas_own[0].FREQ
    path.write_bytes(b"not a cache")
    assert jieba_dict.load(WORDS).extended.read_all() == jiebas_own[1].FREQ
    assert path.read_bytes().startswith(jieba_dict.FORMAT)  # written again


def test_words_are_read_as_texts_need_them_and_cut_as_jiebas(cache_home, jiebas_own, reference_text):
    """A fresh tokenizer reads only the groups of words a text needs (two characters each) and cuts
    the reference plan's sentences, and answers their words' frequencies and tags, as jieba's own."""
    jieba_dict.load(WORDS)  # the cache written
    d = jieba_dict.load(WORDS)  # read back: nothing decoded yet
    plain, ext = jiebas_own
    lines = [x for x in reference_text.splitlines() if x.strip()]
    assert len(lines) > 40 and sum(map(len, lines)) > 3000
    for line in lines:
        assert d.extended.lcut(line, HMM=False) == ext.lcut(line, HMM=False)
        assert d.plain.lcut(line, HMM=False) == plain.lcut(line, HMM=False)
        assert d.extended.lcut(line) == ext.lcut(line)  # the HMM looks words up too
        for w in ext.lcut(line, HMM=False):
            assert d.extended.freq(w) == (ext.FREQ.get(w) or 0) and d.plain.freq(w) == (plain.FREQ.get(w) or 0)
    assert 1000 < len(d.extended.FREQ) < len(ext.FREQ) // 10  # a few groups read, not the dictionary
    assert d.tags.get("科技") == "n" and d.tags.get("区科技局") == "nt" and "不是一个词语" not in d.tags


def test_old_cache_files_are_swept(cache_home):
    folder = cache_home / "policykg"
    folder.mkdir()
    for k in range(6):
        (folder / f"jieba-old{k}.bin").write_bytes(b"x")
    jieba_dict.load(WORDS)
    assert len(list(folder.glob("jieba-*.bin"))) == jieba_dict.KEEP


def test_jieba_imported_without_pkg_resources_cuts_alike():
    """extract.jieba_import hides pkg_resources from jieba (a slow import): jieba then opens its
    dictionary and HMM tables beside its module, and cuts exactly as when imported the usual way."""
    import subprocess
    import sys
    from pathlib import Path

    probe = ("import sys, logging\n{imp}\njieba.setLogLevel(logging.WARNING)\ntk = jieba.Tokenizer()\n"
             "print('pkg_resources' in sys.modules and sys.modules['pkg_resources'] is not None)\n"
             "print('/'.join(tk.lcut('推动实施智能化改造(区工信局、区发改委负责),到2025年新增杏儿沟博精研究院')))\n")
    runs = {}
    for name, imp in (("ours", "from extract.jieba_import import jieba as j\njieba = j()"), ("usual", "import jieba")):
        res = subprocess.run([sys.executable, "-c", probe.format(imp=imp)], capture_output=True, text=True,
                             timeout=120, cwd=Path(__file__).resolve().parents[1])
        assert res.returncode == 0, res.stderr
        runs[name] = res.stdout.splitlines()
    assert runs["ours"][0] == "False"  # never imported, and not left hidden either
    assert runs["ours"][1] == runs["usual"][1] and "杏" in runs["ours"][1]
