"""The index on disk: round trip, atomic rebuild, staleness, corrupt and foreign indexes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from collabqa.errors import (
    CollabQAError,
    CorpusError,
    IndexCorruptError,
    IndexIncompatibleError,
    IndexNotFoundError,
)
from collabqa import late
from collabqa.corpus import CHUNKING_VERSION
from collabqa.embed import CONTEXT_REMOVED
from collabqa.store import FORMAT_VERSION, build_index, load_index, outdated, stale_files

from conftest import CORPUS


def test_round_trip(article_index: Path, embedder):
    index = load_index(article_index)
    m = index.manifest
    assert m["format_version"] == FORMAT_VERSION
    assert m["model"] == {"name": "sentence-transformers/all-MiniLM-L6-v2", "dimension": 384}
    assert m["chunking"] == {"min_words": 25, "max_words": 120, "version": CHUNKING_VERSION,
                             "sentences": f"late-{CONTEXT_REMOVED:g}", "tokens": late.SPEC}
    assert m["index_type"] == "flat"
    assert set(m["files"]) == {"collaborative-ml-success-stories.md"}
    assert len(m["files"]["collaborative-ml-success-stories.md"]) == 64  # sha256 hex
    assert m["passages"] == len(index.passages) == index.vectors.ntotal
    assert m["built_at"].endswith("Z")
    # Stored vectors are the model's unit vectors of each passage's text.
    row = 5
    again = embedder.encode([index.passages[row].embedding_text()])[0]
    stored = index.vectors.reconstruct(row)
    assert np.linalg.norm(stored) == pytest.approx(1.0, abs=1e-4)
    assert float(stored @ again) > 0.999
    # Its tokens are kept, coded in the index's own basis: as close to the model's token
    # vectors (projected into that basis) as int8 steps allow.
    _, tokens = embedder.encode_query(index.passages[row].embedding_text())
    codes = index.token_codes[index.token_offsets[row] : index.token_offsets[row + 1]]
    assert codes.dtype == np.int8 and codes.shape == (len(tokens), late.DIMENSION)
    basis = index.token_basis
    assert np.sum(basis.expand(codes) * basis.project(tokens), axis=1).min() > 0.98
    # Sentence spans cut the passage text into whole sentences.
    spans = index.sentences[row]
    assert spans[0][0] == 0 and spans[-1][1] == len(index.passages[row].text)


def test_committed_index_matches_the_corpus():
    index = load_index(CORPUS.parent / "index")
    assert stale_files(index) == [], "run 'collabqa index' and commit index/"
    assert outdated(index) is None, "run 'collabqa index' and commit index/"


def test_stale_after_a_corpus_change(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    build_index(corpus, tmp_path / "index", embedder=embedder, progress=False)
    index = load_index(tmp_path / "index")
    assert stale_files(index) == []
    (corpus / "extra.md").write_text("# Extra\n\nA new document.", encoding="utf-8")
    assert stale_files(index) == ["extra.md"]


def test_failed_build_leaves_the_old_index_working(tmp_path, embedder, monkeypatch):
    index_dir = tmp_path / "index"
    build_index(CORPUS, index_dir, embedder=embedder, progress=False)
    before = (index_dir / "manifest.json").read_text()

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "new.md").write_text("# New\n\nCompletely different text.", encoding="utf-8")
    import faiss

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(faiss, "write_index", crash)
    with pytest.raises(OSError, match="disk full"):
        build_index(corpus, index_dir, embedder=embedder, progress=False)
    assert (index_dir / "manifest.json").read_text() == before
    assert load_index(index_dir).passages[0].source == "collaborative-ml-success-stories.md"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".index.lock"]


def test_rebuild_replaces_the_index(tmp_path, embedder):
    index_dir = tmp_path / "index"
    build_index(CORPUS, index_dir, embedder=embedder, progress=False)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bees.md").write_text(
        "# Bees\n\nA queen bee lays up to two thousand eggs a day in spring.", encoding="utf-8"
    )
    manifest = build_index(corpus, index_dir, embedder=embedder, progress=False)
    index = load_index(index_dir)
    assert manifest["passages"] == len(index.passages) == 1
    assert index.passages[0].title == "Bees"


def test_missing_index_names_the_fix(tmp_path):
    with pytest.raises(IndexNotFoundError, match="collabqa index"):
        load_index(tmp_path / "nothing")


@pytest.fixture
def index_copy(tmp_path, article_index) -> Path:
    path = tmp_path / "index"
    shutil.copytree(article_index, path)
    return path


def _edit_manifest(path: Path, **changes) -> None:
    manifest = json.loads((path / "manifest.json").read_text())
    manifest.update(changes)
    (path / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: (p / "manifest.json").write_text("{not json"),
        lambda p: (p / "vectors.faiss").write_bytes(b"garbage"),
        lambda p: (p / "passages.jsonl").unlink(),
        lambda p: (p / "passages.jsonl").write_text('{"id": "x"}\n'),
        lambda p: (p / "sentences.npy").write_bytes(b"\x93NUMPY broken"),
        lambda p: _edit_manifest(p, passages=3),
    ],
    ids=["manifest", "vectors", "no-passages", "bad-passages", "sentences", "counts"],
)
def test_corrupt_index_names_the_fix(index_copy, damage):
    damage(index_copy)
    with pytest.raises(IndexCorruptError, match="collabqa index"):
        load_index(index_copy)


def test_other_model_or_format_is_refused(index_copy):
    _edit_manifest(index_copy, format_version=FORMAT_VERSION + 1)
    with pytest.raises(IndexIncompatibleError, match="format version.*collabqa index"):
        load_index(index_copy)
    _edit_manifest(
        index_copy,
        format_version=FORMAT_VERSION,
        model={"name": "BAAI/bge-small-en-v1.5", "dimension": 384},
    )
    with pytest.raises(IndexIncompatibleError, match="bge-small.*collabqa index"):
        load_index(index_copy)


def test_build_refuses_a_corpus_without_documents(tmp_path, embedder):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError):
        build_index(tmp_path / "empty", tmp_path / "index", embedder=embedder)
    assert issubclass(CorpusError, CollabQAError)
    assert not (tmp_path / "index").exists()


def test_markdown_sentences_are_pooled_from_their_plain_text(tmp_path, embedder):
    """A Markdown passage is embedded without its syntax (link URLs, emphasis); each
    sentence's vector is pooled from its own words in that text (read in context), so
    it stays close to the sentence read alone."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "guide.md").write_text(
        "---\ntitle: Harbor guide\n---\n\n# Harbor guide\n\n"
        "The **harbor bridge** opens at [dawn](https://example.com/dawn) for sailing boats. "
        "Fishing vessels must report to the `pilot office` before they enter the basin. "
        "Visitors can rent kayaks from the boathouse next to the old lighthouse.\n",
        encoding="utf-8",
    )
    build_index(corpus, tmp_path / "index", embedder=embedder, progress=False)
    index = load_index(tmp_path / "index")
    (passage,) = index.passages
    assert "https://" not in passage.embedding_text()
    spans = index.sentences[0]
    assert len(spans) == 3
    alone = embedder.encode([passage.plain(passage.text[a:b]) for a, b in spans])
    pooled = index.sentence_vectors[: len(spans)]
    similarity = pooled @ alone.T
    assert (np.diag(similarity) > 0.6).all(), similarity
    # Not the passage vector repeated: each sentence vector differs from the others.
    assert (pooled @ pooled.T)[~np.eye(len(spans), dtype=bool)].max() < 0.95


def test_a_tag_in_text_that_is_not_markdown_ends_no_sentence(tmp_path, embedder):
    """In a PDF's, a Word file's or a plain text file's words, "<p></p>" is what the page
    says (FedRAMP's guide: "enclose the text in <p></p> tags"), not markup: the sentence
    stays whole, while in Markdown an HTML block tag still ends one, and a table's row
    is one in both."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sentence = "The simplest fix is to enclose the text in <p></p> tags, within the field."
    (corpus / "guide.txt").write_text(
        f"Fixing descriptions\n\n{sentence} Then validate it.\n\n"
        "0 | Command was successful\n130 | Command was cancelled (e.g. SIGINT)\n", encoding="utf-8")
    (corpus / "page.md").write_text("# Page\n\nA paragraph of the page that goes on.\n<div>\n"
                                    "Another block with words in it.\n</div>\n", encoding="utf-8")
    build_index(corpus, tmp_path / "index", embedder=embedder, progress=False)
    index = load_index(tmp_path / "index")
    said = {p.source: [p.text[a:b] for a, b in spans]
            for p, spans in zip(index.passages, index.sentences)}
    assert sentence in said["guide.txt"]
    # ... while a table's rows, as the loaders write them, are still sentences of their own
    assert "130 | Command was cancelled (e.g. SIGINT)" in said["guide.txt"]
    assert "A paragraph of the page that goes on." in said["page.md"]
