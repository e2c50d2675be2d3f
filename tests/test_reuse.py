"""An incremental rebuild reuses only vectors made from the same text: it equals a full one."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import numpy as np
import pytest

from collabqa import store
from collabqa.store import build_index, load_index

from conftest import CORPUS

BEES = (
    "# Bees\n\n## Queens\n\nA queen bee lays up to two thousand eggs a day in spring. "
    "Workers feed her royal jelly. She mates once, early in life.\n\n## Drones\n\n"
    "Drones have no sting. They are pushed out of the hive before winter.\n"
)


def renamed_sections(chunk_corpus):
    """The real chunker, but the bees file's passages get another section name."""

    def chunk(docs, **kwargs):
        return [
            dataclasses.replace(p, section=f"Hive > {p.section}") if p.source == "bees.md" else p
            for p in chunk_corpus(docs, **kwargs)
        ]

    return chunk


def paired_sentences(sentence_spans):
    """The real splitter, but every two sentences become one."""

    def spans(text, *args, **kwargs):
        found = sentence_spans(text, *args, **kwargs)
        return [(found[i][0], found[min(i + 1, len(found) - 1)][1]) for i in range(0, len(found), 2)]

    return spans


def assert_same_index(a: Path, b: Path) -> None:
    x, y = load_index(a), load_index(b)
    assert x.passages == y.passages
    assert x.sentences == y.sentences
    n = x.vectors.ntotal
    assert np.allclose(x.vectors.reconstruct_n(0, n), y.vectors.reconstruct_n(0, n), atol=1e-5)
    assert x.sentence_vectors.shape == y.sentence_vectors.shape
    assert np.allclose(x.sentence_vectors, y.sentence_vectors, atol=2e-3)  # float16 on disk


@pytest.mark.parametrize("change", ["sections", "sentences"])
def test_changed_splitter_output_equals_a_full_rebuild(tmp_path, embedder, monkeypatch, change):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "bees.md").write_text(BEES, encoding="utf-8")
    build_index(corpus, tmp_path / "index", embedder=embedder, progress=False)

    if change == "sections":  # the same passage text, embedded under another heading
        monkeypatch.setattr(store, "chunk_corpus", renamed_sections(store.chunk_corpus))
    else:  # the same passages, split into other sentences
        monkeypatch.setattr(store, "sentence_spans", paired_sentences(store.sentence_spans))
    again = build_index(corpus, tmp_path / "index", embedder=embedder, progress=False)
    build_index(corpus, tmp_path / "full", embedder=embedder, progress=False)

    assert_same_index(tmp_path / "index", tmp_path / "full")
    assert 0 < again["reused_passages"] <= again["passages"]  # the rest was still reused
    if change == "sections":
        assert again["reused_passages"] == again["passages"] - len(
            [p for p in load_index(tmp_path / "full").passages if p.source == "bees.md"]
        )


def test_another_chunker_version_reuses_what_the_embedder_would_be_given_again(
        tmp_path, embedder, monkeypatch):
    # A new chunker version changes some passages, not all: those embedded from the same
    # text with the same sentence spans keep their vectors, and the index equals a full
    # build. Other passage sizes (max_words) change most passages; the rest is reused.
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index = tmp_path / "index"
    first = build_index(corpus, index, embedder=embedder, progress=False)
    assert first["chunker_version"] == store.CHUNKER_VERSION
    assert build_index(corpus, index, embedder=embedder, progress=False)["reused_passages"] == (
        first["passages"]
    )
    monkeypatch.setattr(store, "CHUNKER_VERSION", store.CHUNKER_VERSION + 1)
    (corpus / "bees.md").write_text(BEES, encoding="utf-8")
    again = build_index(corpus, index, embedder=embedder, progress=False)
    assert again["reused_passages"] == first["passages"]  # only the bees are embedded
    build_index(corpus, tmp_path / "full", embedder=embedder, progress=False)
    assert_same_index(index, tmp_path / "full")

    shorter = build_index(corpus, index, embedder=embedder, progress=False, max_words=60)
    build_index(corpus, tmp_path / "full60", embedder=embedder, progress=False, max_words=60)
    assert_same_index(index, tmp_path / "full60")
    assert shorter["chunking"]["max_words"] == 60
    assert 0 < shorter["reused_passages"] < shorter["passages"]


def spoil_digests(index: Path, *fields: str) -> None:
    """The index with its stored digests of `fields` unreadable (not hex): as written
    before they were stored."""
    path = index / "passages.jsonl"
    text = path.read_text(encoding="utf-8")
    for name in fields:
        text = text.replace(f'"{name}": "', f'"{name}": "zz')
    path.write_text(text, encoding="utf-8")
    loaded = load_index(index)
    assert all(key is None for name in fields for key in getattr(loaded, name))


def strip_encoded(index: Path) -> None:
    """The index as written before session 40: no digest of what was encoded."""
    spoil_digests(index, "encoded")


def test_an_older_index_is_reused_at_its_own_chunker_version_only(
        tmp_path, embedder, monkeypatch):
    index = tmp_path / "index"
    first = build_index(CORPUS, index, embedder=embedder, progress=False)
    strip_encoded(index)
    # its vectors are reused, and it gains the digests a later version reuses them by
    assert build_index(CORPUS, index, embedder=embedder, progress=False)["reused_passages"] == (
        first["passages"])
    assert all(load_index(index).encoded)
    strip_encoded(index)
    monkeypatch.setattr(store, "CHUNKER_VERSION", store.CHUNKER_VERSION + 1)
    assert build_index(CORPUS, index, embedder=embedder, progress=False)["reused_passages"] == 0


def test_changed_embedded_text_code_equals_a_full_rebuild(tmp_path, embedder, monkeypatch):
    # The same passages, but the code that turns one into embedded text changed (a label
    # added to bylines, say): what an old vector was made from is the digest stored when
    # it was built, so none is reused for text it was not made from.
    from collabqa.documents import Passage

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "bees.md").write_text(BEES, encoding="utf-8")
    build_index(corpus, tmp_path / "index", embedder=embedder, progress=False)
    original = Passage.embedding_text

    def changed(self):
        text = original(self)
        return "About bees\n" + text if self.source == "bees.md" else text

    monkeypatch.setattr(Passage, "embedding_text", changed)
    again = build_index(corpus, tmp_path / "index", embedder=embedder, progress=False)
    build_index(corpus, tmp_path / "full", embedder=embedder, progress=False)
    assert_same_index(tmp_path / "index", tmp_path / "full")
    bees = [p for p in load_index(tmp_path / "full").passages if p.source == "bees.md"]
    assert again["reused_passages"] == again["passages"] - len(bees)


def test_an_index_without_stored_digests_reuses_nothing(tmp_path, embedder):
    index = tmp_path / "index"
    built = build_index(CORPUS, index, embedder=embedder, progress=False)
    spoil_digests(index, "embedded", "encoded")
    assert build_index(CORPUS, index, embedder=embedder, progress=False)["reused_passages"] == 0
    assert built["passages"] > 0
