"""Find the passages that answer a question: dense + keyword search, fused by rank.

Dense search (FAISS, cosine on all-MiniLM-L6-v2 vectors) finds paraphrases; BM25 over
stemmed words finds rare names and numbers the embedding blurs. Reciprocal rank fusion
merges the two lists without having to put their scores on one scale. Whether the index
answers the question at all is decided by the best dense cosine (see RELEVANCE_GATE).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .corpus import Passage
from .embed import Embedder
from .store import Index

if TYPE_CHECKING:
    import numpy as np

# Cosine between the question and its best passage below which we say "not found".
# Calibrated with `collabqa eval` on eval/*.jsonl (answerable and off-topic questions);
# see docs/retrieval.md for the score distributions behind this value.
RELEVANCE_GATE = 0.30
RRF_K = 60  # the constant of Cormack et al. (2009); damps the weight of rank 1 vs rank 2
CANDIDATES = 30  # how deep each ranker looks before fusion


@dataclass(frozen=True)
class Hit:
    """One retrieved passage with its scores."""

    passage: Passage
    row: int  # position in the index
    score: float  # fused score used for ranking
    dense: float  # cosine between question and passage, -1..1
    keyword: float  # BM25 score, 0 when no query word occurs in the passage


@dataclass(frozen=True)
class Retrieval:
    """Ranked hits for one question, and whether they answer it."""

    hits: list[Hit]
    query_vector: "np.ndarray"
    grounded: bool
    best_dense: float


class Retriever:
    """Hybrid search over one loaded Index; thread-safe after construction."""

    def __init__(self, index: Index, embedder: Embedder, *, gate: float = RELEVANCE_GATE):
        self.index = index
        self.embedder = embedder
        self.gate = gate
        self._bm25: Any = None
        self._lock = threading.Lock()

    # BM25 is built on first use from the stored passages: a few ms for thousands.
    def _keyword_index(self):
        if self._bm25 is None:
            with self._lock:
                if self._bm25 is None:
                    import bm25s

                    # bm25s sets its logger to DEBUG on import and logs every build.
                    logging.getLogger("bm25s").setLevel(logging.WARNING)
                    texts = [p.embedding_text() for p in self.index.passages]
                    tokens = bm25s.tokenize(
                        texts, stopwords="en", stemmer=_stemmer(), show_progress=False
                    )
                    bm25 = bm25s.BM25()
                    bm25.index(tokens, show_progress=False)
                    self._bm25 = bm25
        return self._bm25

    def keyword_scores(self, question: str) -> "np.ndarray":
        """BM25 score of every passage for the question (zeros when no word matches)."""
        import bm25s
        import numpy as np

        bm25 = self._keyword_index()
        words = bm25s.tokenize(
            [question], stopwords="en", stemmer=_stemmer(), return_ids=False, show_progress=False
        )[0]
        known = [w for w in words if w in bm25.vocab_dict]
        if not known:
            return np.zeros(len(self.index.passages), dtype=np.float32)
        return np.asarray(bm25.get_scores(known), dtype=np.float32)

    def search(self, question: str, *, k: int = 4) -> Retrieval:
        """The `k` best passages for `question`, best first."""
        import numpy as np

        qvec = self.embedder.encode_one(question)
        n = len(self.index.passages)
        depth = min(n, max(CANDIDATES, 2 * k))
        dense_scores, dense_rows = self.index.vectors.search(qvec[None, :], depth)
        dense = {int(r): float(s) for r, s in zip(dense_rows[0], dense_scores[0]) if r >= 0}

        kw_all = self.keyword_scores(question)
        kw_rows = np.argsort(-kw_all)[:depth]
        keyword = {int(r): float(kw_all[r]) for r in kw_rows if kw_all[r] > 0}

        fused: dict[int, float] = {}
        for ranking in (dense, keyword):
            for rank, row in enumerate(sorted(ranking, key=ranking.__getitem__, reverse=True)):
                fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)

        rows = sorted(fused, key=lambda r: (-fused[r], -dense.get(r, -1.0)))[:k]
        missing = [r for r in rows if r not in dense]
        if missing:  # keyword-only hits still need a cosine for display and the gate
            vecs = np.stack([self.index.vectors.reconstruct(r) for r in missing])
            dense.update({r: float(v @ qvec) for r, v in zip(missing, vecs)})
        hits = [
            Hit(self.index.passages[r], r, fused[r], dense[r], float(kw_all[r])) for r in rows
        ]
        best = max(dense.values(), default=-1.0)
        return Retrieval(hits, qvec, best >= self.gate, best)


_STEMMER = None


def _stemmer():
    global _STEMMER
    if _STEMMER is None:
        import Stemmer

        _STEMMER = Stemmer.Stemmer("english")
    return _STEMMER
