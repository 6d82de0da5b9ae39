"""The build's graph loaded into memory while it is written (policykg.memory_load): the same store as
one load of the file, in any batch size and format; a bad chunk is an error, not a smaller store."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from policykg.memory_load import MemoryLoad


def _chunks(text: str) -> tuple[str, list[str]]:
    """The prefixes and the subject blocks of a Turtle file written by the build."""
    head, _, body = text.partition("\n\n")
    return head + "\n\n", [b + "\n\n" for b in body.split("\n\n") if b.strip()]


def _quads(store) -> set:
    return set(store)


@pytest.mark.parametrize("lenient", [False, True])
@pytest.mark.parametrize("batch", [1, 5_000, 1 << 20])
def test_batches_load_the_whole_graph(ref_ttl, batch, lenient):
    text = ref_ttl.read_text(encoding="utf-8")
    header, blocks = _chunks(text)
    assert len(blocks) > 100  # so that small batches really are many loads
    load = MemoryLoad("ttl", header, batch=batch, lenient=lenient)
    for b in blocks:
        load.add(b)
    whole = ox.Store()
    whole.bulk_load(path=str(ref_ttl), format=ox.RdfFormat.TURTLE)
    assert _quads(load.finish()) == _quads(whole)


def test_ntriples_need_no_header(ref_ttl):
    store = ox.Store()
    store.bulk_load(path=str(ref_ttl), format=ox.RdfFormat.TURTLE)
    nt = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8").splitlines(keepends=True)
    load = MemoryLoad("nt", batch=10_000)
    for line in nt:
        load.add(line)
    assert _quads(load.finish()) == _quads(store)


@pytest.mark.parametrize("lenient", [False, True])
def test_a_bad_chunk_is_raised_at_the_end(ref_ttl, lenient):
    """Lenient loading skips checking IRIs, not the syntax: a broken chunk is still an error."""
    header, blocks = _chunks(ref_ttl.read_text(encoding="utf-8"))
    load = MemoryLoad("ttl", header, batch=1, lenient=lenient)
    load.add(blocks[0])
    load.add("dept:x pol:broken \"no end .\n\n")  # an unterminated literal
    load.add(blocks[1])
    with pytest.raises(SyntaxError):
        load.finish()


def test_abort_ends_the_thread(ref_ttl):
    header, blocks = _chunks(ref_ttl.read_text(encoding="utf-8"))
    load = MemoryLoad("ttl", header, batch=1)
    for b in blocks[:10]:
        load.add(b)
    load.abort()
    assert not load._thread.is_alive()
