"""Incremental rebuild: only changed files are re-embedded, and the result equals a full build."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np
import pytest

from collabqa.api import Engine, shared_embedder
from collabqa.embed import Embedder
from collabqa.store import build_index, load_index

DOCS = {
    "bees.md": """# Keeping bees

## Hives
A Langstroth hive stacks boxes of removable frames, so the beekeeper can lift out one
comb at a time and look at it without breaking the colony's wax. Most beginners start
with one because spare parts are easy to find.

A top-bar hive is a long box with bars across the top; the bees hang their comb from
the bars. It is cheaper to build but gives less honey.

## Pests
Varroa mites feed on bees and spread viruses between them. Beekeepers count the mites
on a sugar-dusted sample of bees every month and treat the colony when there are many.
""",
    "compost.md": """# Composting

Compost needs browns, such as dry leaves and cardboard, and greens, such as vegetable
scraps and grass clippings. Three parts browns to one part greens keeps the heap from
turning slimy or smelling bad.

A hot heap reaches more than fifty degrees Celsius in its centre and is ready in a few
months; a cold heap that is left alone takes a year or more.
""",
    "notes/trains.txt": """Night trains

Sleeper trains leave in the evening and arrive in the morning, saving a night in a hotel.
Several European railways brought them back after years of cuts.

A couchette has six bunks in a compartment; a sleeper has a private cabin with a washbasin.
""",
}


class CountingEmbedder(Embedder):
    """The real model, recording every text it is asked to embed."""

    def __init__(self, real: Embedder) -> None:
        super().__init__()
        self._model = real.model
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str], **kwargs) -> np.ndarray:
        self.seen.extend(texts)
        return super().encode(texts, **kwargs)

    def encode_passages(self, texts: Sequence[str], spans, **kwargs):
        self.seen.extend(texts)
        return super().encode_passages(texts, spans, **kwargs)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for name, text in DOCS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def embedder() -> CountingEmbedder:
    return CountingEmbedder(shared_embedder())


def _passages(index_dir: Path) -> list[dict]:
    lines = (index_dir / "passages.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_changed_file_only_is_reembedded(
    corpus: Path, tmp_path: Path, embedder: CountingEmbedder
) -> None:
    index = tmp_path / "index"
    first = build_index(corpus, index, embedder=embedder, progress=False)
    assert first["index_type"] == "flat"
    assert first["reused_passages"] == 0
    assert first["documents"] == 3

    embedder.seen.clear()
    again = build_index(corpus, index, embedder=embedder, progress=False)
    assert again["reused_passages"] == again["passages"]
    assert embedder.seen == []  # nothing changed, nothing embedded

    changed = corpus / "compost.md"
    changed.write_text(
        changed.read_text(encoding="utf-8")
        + "\nWorms in a closed bin turn kitchen scraps into compost on a balcony.\n",
        encoding="utf-8",
    )
    embedder.seen.clear()
    incremental = build_index(corpus, index, embedder=embedder, progress=False)
    passages = _passages(index)
    mine = [p for p in passages if p["source"] == "compost.md"]
    others = [p for p in passages if p["source"] != "compost.md"]
    # Other files reuse everything; the changed file reuses its unchanged passages only.
    assert len(others) <= incremental["reused_passages"] < len(passages)
    # Every embedded text belongs to the changed file: its passages, then its sentences.
    compost_text = changed.read_text(encoding="utf-8")
    assert embedder.seen and all(t.split("\n")[-1] in compost_text for t in embedder.seen)
    n_sentences = sum(len(p["sentences"]) for p in mine)
    assert len(embedder.seen) < len(mine) + n_sentences

    # A full rebuild of the same corpus into a fresh folder gives the same index.
    full = build_index(corpus, tmp_path / "fresh", embedder=embedder, progress=False)
    assert full["reused_passages"] == 0
    assert _passages(tmp_path / "fresh") == passages
    a, b = load_index(index), load_index(tmp_path / "fresh")
    va = a.vectors.reconstruct_n(0, a.vectors.ntotal)
    vb = b.vectors.reconstruct_n(0, b.vectors.ntotal)
    np.testing.assert_allclose(va, vb, atol=1e-4)  # batch composition moves the last bits
    np.testing.assert_allclose(a.sentence_vectors, b.sentence_vectors, atol=2e-3)  # float16

    for question in ("How hot does a compost heap get?", "What is a top-bar hive?",
                     "What is a couchette?"):
        ra = Engine(index, embedder=embedder).ask(question, k=3)
        rb = Engine(tmp_path / "fresh", embedder=embedder).ask(question, k=3)
        # The reused passages' tokens keep the basis they were coded in, the fresh build
        # fits its own: scores differ in their last bits, so passages that tie (an
        # off-topic question's third hit, cosine 0.01 against 0.02) may swap. What the
        # answer quotes may not.
        quoted = lambda answer: [c.passage_id for c in answer.citations if c.highlights]  # noqa: E731
        assert quoted(ra) == quoted(rb)
        assert ra.citations[0].passage_id == rb.citations[0].passage_id
        assert ra.text == rb.text and ra.grounded == rb.grounded


def test_removed_file_drops_its_passages(
    corpus: Path, tmp_path: Path, embedder: CountingEmbedder
) -> None:
    index = tmp_path / "index"
    build_index(corpus, index, embedder=embedder, progress=False)
    (corpus / "notes" / "trains.txt").unlink()
    embedder.seen.clear()
    manifest = build_index(corpus, index, embedder=embedder, progress=False)
    assert embedder.seen == []
    assert manifest["reused_passages"] == manifest["passages"]
    assert manifest["documents"] == 2 and "notes/trains.txt" not in manifest["files"]
    assert all(p["source"] != "notes/trains.txt" for p in _passages(index))
