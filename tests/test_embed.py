"""Late chunking: one forward pass gives the model's own passage vectors and, per
sentence, a vector pooled from the passage's token embeddings."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabqa.corpus import chunk_corpus, load_corpus, sentence_spans
from collabqa.embed import Embedder, quiet_loading, threads, torch_threads, unit_rows

ROOT = Path(__file__).resolve().parents[1]


def _passages(folder: Path, limit: int = 40):
    passages = chunk_corpus(load_corpus(folder))[:limit]
    texts = [p.embedding_text() for p in passages]
    spans = [[(a + len(t) - len(p.text), b + len(t) - len(p.text))
              for a, b in sentence_spans(p.text)] for p, t in zip(passages, texts)]
    return texts, spans


@pytest.mark.parametrize("folder", ["corpus", "eval/corpora/home-garden"])
def test_passage_vectors_equal_the_models_own_encoding(embedder, folder):
    texts, spans = _passages(ROOT / folder)
    vectors, sentences = embedder.encode_passages(texts, spans, batch_size=16)
    assert np.abs(vectors - embedder.encode(texts)).max() < 1e-4
    assert [len(s) for s in sentences] == [len(s) for s in spans]
    for rows in sentences:
        assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-4)


_QUESTION_TEXTS = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60
) | st.sampled_from([
    "Who founded ImageNet?", "  how do i set the scrape interval  ", "",
    "naïve café – 東京 🚀 `--flag=value` [link](x)", "word " * 400,  # past 256 pieces
])


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_QUESTION_TEXTS)
def test_a_questions_vectors_are_the_models_own(embedder, text):
    # encode_query runs the transformer without SentenceTransformer.encode: its vector and
    # tokens must be what encode computes, not merely close (the indexes' scores rest on it).
    qvec, qtokens = embedder.encode_query(text)
    with torch_threads(threads()):  # as encode_query runs it: another count sums otherwise
        tokens = embedder.model.encode([text], convert_to_numpy=False, show_progress_bar=False,
                                       output_value="token_embeddings")[0].float().numpy()
    assert np.array_equal(qtokens, unit_rows(tokens[1:-1]))
    mean = tokens.mean(0)
    assert np.array_equal(qvec, (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32))
    assert abs(float(qvec @ embedder.encode_one(text)) - 1.0) < 1e-4  # the model's pooling


def test_a_lone_surrogate_half_is_encoded_as_a_replacement_character(embedder):
    # A lone UTF-16 surrogate half (a damaged file's, a notebook's JSON escape) is valid in
    # a Python str but refused by the tokenizer, which failed a whole corpus's index. It
    # reads as U+FFFD, one character for one, so sentence spans still line up.
    text, clean = "Widows \ud835 and orphans are avoided.", "Widows \ufffd and orphans are avoided."
    spans = [[(0, len(text))]]
    vectors, sentences = embedder.encode_passages([text], spans)
    expected, expected_sentences = embedder.encode_passages([clean], spans)
    assert np.allclose(vectors, expected) and np.allclose(sentences[0], expected_sentences[0])
    assert np.allclose(embedder.encode([text]), embedder.encode([clean]))
    assert np.allclose(embedder.encode_query(text)[0], embedder.encode_query(clean)[0])
    assert embedder.token_ids([text]) == embedder.token_ids([clean])


def test_a_sentence_vector_is_nearest_its_own_sentence(embedder):
    texts, spans = _passages(ROOT / "corpus", limit=30)
    _, late = embedder.encode_passages(texts, spans)
    hits = total = 0
    for text, text_spans, rows in zip(texts, spans, late):
        if len(text_spans) < 2:
            continue
        alone = embedder.encode([text[a:b] for a, b in text_spans])
        nearest = (rows @ alone.T).argmax(axis=1)
        hits += int((nearest == np.arange(len(text_spans))).sum())
        total += len(text_spans)
    assert total > 50
    assert hits / total > 0.5  # read in context, yet still about its own words


def test_sentences_past_the_models_window_are_encoded_alone(embedder):
    sentences = [f"Fact number {i} says that the {w} tower is painted {c} every spring."
                 for i, (w, c) in enumerate(zip(["north", "south", "east", "west"] * 12,
                                                ["red", "blue", "green", "white"] * 12))]
    text = " ".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 1
    assert len(embedder.model.tokenizer(text)["input_ids"]) > embedder.model.max_seq_length
    (vector,), (rows,) = embedder.encode_passages([text], [spans])
    assert np.abs(vector - embedder.encode([text])[0]).max() < 1e-4
    alone = embedder.encode(sentences)
    same = np.isclose((rows * alone).sum(1), 1.0, atol=1e-4)
    assert not same[0] and same[-1]  # early ones pooled in context, the last encoded alone
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-4)


def test_torch_threads_restores_the_thread_count():
    import torch

    before = torch.get_num_threads()
    with torch_threads(before + 1):
        assert torch.get_num_threads() == before + 1
    assert torch.get_num_threads() == before
    with pytest.raises(RuntimeError), torch_threads(before + 1):
        raise RuntimeError("boom")
    assert torch.get_num_threads() == before


def test_loading_and_encoding_leave_the_callers_thread_count(monkeypatch):
    """The model runs on COLLABQA_THREADS threads; the caller's count is put back."""
    import torch

    monkeypatch.setenv("COLLABQA_THREADS", "1")
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        fresh = Embedder()  # loads the model on first use
        fresh.encode(["How are questions answered?"])
        texts, spans = _passages(ROOT / "corpus", limit=2)
        fresh.encode_passages(texts, spans)
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


def test_thread_blocks_in_two_threads_each_keep_their_own_count():
    import torch

    before = torch.get_num_threads()
    inside, go_on = threading.Event(), threading.Event()
    seen = []

    def other():
        with torch_threads(before + 2):
            inside.set()
            go_on.wait(10)
            seen.append(torch.get_num_threads())
        seen.append(torch.get_num_threads())

    with torch_threads(before + 1):
        worker = threading.Thread(target=other)  # starts with the block's count
        worker.start()
        assert inside.wait(10)
        assert torch.get_num_threads() == before + 1
    go_on.set()  # the first block has ended, the second not yet
    worker.join(10)
    assert seen == [before + 2, before + 1]
    assert torch.get_num_threads() == before


@pytest.mark.parametrize("shown", [True, False])
def test_quiet_loading_puts_back_the_progress_bar_setting(shown):
    from transformers.utils import logging as hf_logging

    was = hf_logging.is_progress_bar_enabled()
    (hf_logging.enable_progress_bar if shown else hf_logging.disable_progress_bar)()
    try:
        with quiet_loading():
            assert not hf_logging.is_progress_bar_enabled()
        assert hf_logging.is_progress_bar_enabled() == shown
    finally:
        (hf_logging.enable_progress_bar if was else hf_logging.disable_progress_bar)()
