"""Late interaction: tokens kept in an index's own basis, and the re-ranking they give."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from collabqa import late, retrieve
from collabqa.api import Engine
from collabqa.retrieve import Retriever
from collabqa.store import load_index


def _unit(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), passages=st.integers(1, 6), rank=st.integers(2, 200))
def test_codes_keep_what_the_basis_spans(seed, passages, rank):
    """Tokens that vary along fewer directions than the basis keeps come back from their
    int8 codes as they were, projected: int8 steps cost almost nothing."""
    rng = np.random.default_rng(seed)
    span = _unit(rng.normal(size=(min(rank, late.DIMENSION), late.MODEL_DIMENSION)))
    matrices = [_unit(rng.normal(size=(rng.integers(1, 40), len(span))) @ span + 0.3)
                for _ in range(passages)]
    basis = late.fit_basis(matrices)
    for m in matrices:
        codes = basis.compress(m)
        assert codes.dtype == np.int8 and codes.shape == (len(m), late.DIMENSION)
        assert np.sum(basis.expand(codes) * basis.project(m), axis=1).min() > 0.98


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_maxsim_finds_each_question_token(seed):
    """A passage holding every token of the question scores about 1, the most possible;
    one holding none of them less."""
    rng = np.random.default_rng(seed)
    corpus = [_unit(rng.normal(size=(30, late.MODEL_DIMENSION))) for _ in range(4)]
    basis = late.fit_basis(corpus)
    question = corpus[0][[3, 7, 11]]
    holding, other = corpus[0], corpus[1]
    scores = late.maxsim(question, [basis.compress(holding), basis.compress(other)], basis)
    assert scores[0] > 0.97
    assert scores[1] < scores[0]
    assert all(-1.0 <= s <= 1.0 + 1e-6 for s in scores)


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), sizes=st.lists(st.integers(0, 25), min_size=1, max_size=6),
       weighted=st.booleans())
def test_maxsim_over_codes_is_maxsim_over_the_tokens_they_stand_for(seed, sizes, weighted):
    """maxsim reads the codes as they are, each token's length taken from its codes: the
    scores are those of the plain MaxSim over the expanded tokens (Basis.expand), for
    empty passages and all-zero codes too."""
    rng = np.random.default_rng(seed)
    corpus = [_unit(rng.normal(size=(30, late.MODEL_DIMENSION))) for _ in range(3)]
    basis = late.fit_basis(corpus)
    codes = [rng.integers(-127, 128, size=(n, late.DIMENSION)).astype(np.int8) for n in sizes]
    if codes[0].size:
        codes[0][0] = 0  # a token whose codes are all zero: expands to zero, cosine 0
    question = _unit(rng.normal(size=(int(rng.integers(1, 8)), late.MODEL_DIMENSION)))
    weights = rng.uniform(0.1, 3.0, size=len(question)) if weighted else None
    got = late.maxsim(question, codes, basis, weights)
    q = basis.project(question)
    w = np.ones(len(question)) if weights is None else weights
    expected = [float(w @ (q @ basis.expand(c).T).max(axis=1) / w.sum()) if len(c) else 0.0
                for c in codes]
    assert np.allclose(got, expected, atol=1e-5)


@settings(max_examples=50, deadline=None)
@given(texts=st.lists(st.lists(st.integers(0, 30), max_size=12), min_size=1, max_size=20))
def test_idf_is_positive_and_falls_with_document_frequency(texts):
    """Every id weighs more than nothing; an id in more texts weighs less; an id no text
    holds weighs the most."""
    idf = late.token_idf(texts, 32)
    df = [sum(i in set(t) for t in texts) for i in range(32)]
    assert idf.shape == (32,) and (idf > 0).all()
    for a in range(32):
        for b in range(32):
            if df[a] < df[b]:
                assert idf[a] > idf[b]
    assert idf[31] == idf.max()  # 31 never occurs


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_weights_favour_the_passage_meeting_the_rare_token(seed):
    """Of two passages each meeting one of the question's two tokens, the one meeting the
    heavier-weighted token scores higher, and further apart than unweighted, where they
    nearly tie."""
    rng = np.random.default_rng(seed)
    corpus = [_unit(rng.normal(size=(30, late.MODEL_DIMENSION))) for _ in range(3)]
    basis = late.fit_basis(corpus)
    question = np.vstack([corpus[0][0], corpus[1][0]])
    rare_first = [basis.compress(corpus[0][:15]), basis.compress(corpus[1][:15])]
    weighted = late.maxsim(question, rare_first, basis, np.array([3.0, 1.0]))
    assert weighted[0] > weighted[1]
    plain = late.maxsim(question, rare_first, basis)
    assert abs(plain[0] - plain[1]) < abs(weighted[0] - weighted[1])


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), extra=st.integers(1, 3000))
def test_many_tokens_get_the_svds_directions(seed, extra):
    """Past COVARIANCE_ROWS tokens the directions come from the covariance, not the SVD:
    the same directions (each up to its sign), so every pair of tokens keeps its
    cosine once coded, to within the int8 steps."""
    rng = np.random.default_rng(seed)
    n = late.COVARIANCE_ROWS + extra
    spread = np.geomspace(1.0, 0.01, late.MODEL_DIMENSION)  # distinct, as a model's are
    rotation = np.linalg.qr(rng.normal(size=(late.MODEL_DIMENSION,) * 2))[0]
    tokens = _unit((rng.normal(size=(n, late.MODEL_DIMENSION)) * spread) @ rotation + 0.2)
    basis = late.fit_basis([tokens[: n // 2], tokens[n // 2 :]])
    mean = tokens.astype(np.float32).mean(0)
    svd = np.linalg.svd(tokens.astype(np.float32) - mean, full_matrices=False)[2][: late.DIMENSION]
    assert np.abs(np.sum(basis.components * svd, axis=1)).min() > 1 - 1e-4
    pairs = rng.integers(0, n, size=(500, 2))
    x = basis.expand(basis.compress(tokens))
    reference = late.Basis(basis.mean, svd.astype(np.float32), np.ones(late.DIMENSION, np.float32))
    y = reference.project(tokens)
    assert np.abs(np.sum(x[pairs[:, 0]] * x[pairs[:, 1]], axis=1)
                  - np.sum(y[pairs[:, 0]] * y[pairs[:, 1]], axis=1)).max() < 0.02


def test_an_empty_corpus_fits_a_basis():
    basis = late.fit_basis([])
    assert basis.components.shape == (late.DIMENSION, late.MODEL_DIMENSION)


def test_hits_are_ranked_with_their_late_interaction(article_index, embedder):
    """The fused top passages are ranked again by their best sentence's cosine +
    RERANK_KEYWORD_WEIGHT * BM25 against the best + LATE_WEIGHT * MaxSim: each hit's score
    is that sum, its MaxSim recomputed here from the stored codes."""
    index = load_index(article_index)
    retriever = Retriever(index, embedder)
    question = "Which disciplines worked together on the COVID dataset?"
    hits = retriever.search(question, k=5).hits
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    _, tokens = embedder.encode_query(question)
    codes = [index.token_codes[index.token_offsets[h.row] : index.token_offsets[h.row + 1]]
             for h in hits]
    # each question token weighs its idf among the passages as the model reads them
    idf = late.token_idf(embedder.token_ids([p.embedding_text() for p in index.passages]),
                         len(embedder.model.tokenizer))
    pieces = embedder.token_ids([question])[0]
    assert len(pieces) == len(tokens)
    late_scores = late.maxsim(tokens, codes, index.token_basis, idf[pieces])
    first = retriever.first_stage(question, k=5)
    for hit, value in zip(hits, late_scores):
        assert 0.2 < value < 1.0
        assert hit.score == pytest.approx(
            max(first.sentences[hit.row]) + retrieve.RERANK_KEYWORD_WEIGHT * first.bonus[hit.row]
            + retrieve.LATE_WEIGHT * value)


def test_an_index_without_tokens_still_answers(article_index, embedder, tmp_path):
    """An index built before tokens were kept is served as it is, its second stage
    without the late interaction."""
    old = tmp_path / "index"
    shutil.copytree(article_index, old)
    (old / "tokens.npy").unlink()
    (old / "basis.npz").unlink()
    index = load_index(old)
    assert index.token_codes is None
    answer = Engine(old, embedder=embedder).ask("Who founded ImageNet?")
    assert answer.grounded and "Fei-Fei Li" in answer.text
