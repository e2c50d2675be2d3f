"""Find the passages that answer a question: dense + keyword search, fused.

Dense search (FAISS, cosine on all-MiniLM-L6-v2 vectors) finds paraphrases; BM25 over
stemmed words finds rare names and numbers the embedding blurs. The two are fused by a
convex combination, cosine + KEYWORD_WEIGHT * (BM25 / best BM25 for this question):
unlike reciprocal rank fusion it keeps how far apart the cosines are, and the keyword
part can move a passage by at most KEYWORD_WEIGHT. Whether the index answers the
question at all is decided by `relevance` against RELEVANCE_GATE.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .corpus import Passage
from .embed import Embedder
from .store import Index

if TYPE_CHECKING:
    import numpy as np

# Fusion weights, one value for every corpus: chosen by scripts/tune_retrieval.py on
# eval/*.jsonl (two corpora) from the middle of the region where recall@3 and MRR are
# best; the sweep is in docs/retrieval.md.
KEYWORD_WEIGHT = 0.2
SENTENCE_WEIGHT = 0.3
# The gate: a question is answered when
#     relevance = 0.8 * best passage cosine + 0.2 * best sentence cosine
#                 + 0.1 * ln(1 + best BM25 score)
# reaches RELEVANCE_GATE. Dense scores alone overlap between answerable questions that
# share few words with the text (bylines, acronyms) and off-topic ones that brush a
# topic (0.20 vs 0.20); the sentence and keyword parts pull them apart. Weights and gate
# were fitted on eval/*.jsonl, two corpora with answerable and off-topic questions: the
# gate is the midpoint between the lowest answerable and the highest off-topic score.
# With sentence vectors pooled from their passage (late chunking) these are 0.292 and
# 0.270 (encoded alone they were 0.330 and 0.283, gate 0.305; docs/retrieval.md).
RELEVANCE_WEIGHTS = (0.8, 0.2, 0.1)
RELEVANCE_GATE = 0.281
CANDIDATES = 50  # how deep each ranker looks before fusion


@dataclass(frozen=True)
class Hit:
    """One retrieved passage with its scores."""

    passage: Passage
    row: int  # position in the index
    score: float  # fused score used for ranking
    dense: float  # cosine between question and passage, -1..1
    keyword: float  # BM25 score, 0 when no query word occurs in the passage
    sentence_scores: tuple[float, ...]  # cosine of each of the passage's sentences


@dataclass(frozen=True)
class Retrieval:
    """Ranked hits for one question, and whether they answer it."""

    hits: list[Hit]
    query_vector: "np.ndarray"
    grounded: bool
    relevance: float  # compared with RELEVANCE_GATE to decide `grounded`


def relevance(best_dense: float, best_sentence: float, best_keyword: float) -> float:
    """How strongly the index speaks to the question; see RELEVANCE_GATE."""
    w_dense, w_sentence, w_keyword = RELEVANCE_WEIGHTS
    return w_dense * best_dense + w_sentence * best_sentence + w_keyword * math.log1p(best_keyword)


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
                        texts, stopwords="en", stemmer=stemmer(), show_progress=False
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
            [question], stopwords="en", stemmer=stemmer(), return_ids=False, show_progress=False
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

        keyword = self.keyword_scores(question)
        top_keyword = float(keyword.max(initial=0.0))
        candidates = set(dense)
        if top_keyword > 0:
            top = np.argpartition(-keyword, depth - 1)[:depth] if depth < n else range(n)
            candidates.update(int(r) for r in top if keyword[r] > 0)
        missing = [r for r in candidates if r not in dense]
        if missing:  # keyword-only candidates still need their cosine
            vecs = np.stack([self.index.vectors.reconstruct(r) for r in missing])
            dense.update({r: float(s) for r, s in zip(missing, vecs @ qvec)})

        sentences = {r: self._sentence_scores(r, qvec) for r in candidates}

        def fused(row: int) -> float:
            # A passage's best sentence speaks for it when one fact in a long passage is
            # what was asked; the passage vector keeps the surrounding context.
            bonus = keyword[row] / top_keyword if top_keyword > 0 else 0.0
            closeness = (1 - SENTENCE_WEIGHT) * dense[row] + SENTENCE_WEIGHT * max(sentences[row])
            return closeness + KEYWORD_WEIGHT * float(bonus)

        rows = sorted(candidates, key=fused, reverse=True)[:k]
        score = relevance(
            max(dense.values(), default=-1.0),
            max((s for scores in sentences.values() for s in scores), default=-1.0),
            top_keyword,
        )
        hits = [
            Hit(self.index.passages[r], r, fused(r), dense[r], float(keyword[r]), sentences[r])
            for r in rows
        ]
        return Retrieval(hits, qvec, score >= self.gate, score)

    def _sentence_scores(self, row: int, qvec: "np.ndarray") -> tuple[float, ...]:
        first = self.index.sentence_rows[row]
        count = len(self.index.sentences[row])
        return tuple(float(s) for s in self.index.sentence_vectors[first : first + count] @ qvec)


_local = threading.local()


def stemmer():
    """A Snowball stemmer for this thread: PyStemmer objects must not be shared."""
    snowball = getattr(_local, "snowball", None)
    if snowball is None:
        import Stemmer

        snowball = _local.snowball = Stemmer.Stemmer("english")
    return snowball
