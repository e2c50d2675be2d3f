"""Find the passages that answer a question: dense + keyword search, fused.

Dense search (FAISS, cosine on all-MiniLM-L6-v2 vectors) finds paraphrases; BM25 over
stemmed words finds rare names and numbers the embedding blurs. The two are fused by a
linear combination: the passage's cosine and its best sentence's, plus
KEYWORD_WEIGHT * (BM25 / best BM25 for this question), plus COVERAGE_WEIGHT * the share
of the question's words (idf-weighted) the passage holds. Unlike reciprocal rank fusion
it keeps how far apart the cosines are; each added part can move a passage by at most
its weight. The top passages are then ranked again by their best sentence, their BM25
and their late interaction with the question (`late.py`) and, when it asks for a name, a
date, a number or a place, by whether they hold one. Each hit is shown with the
passages next to it in its section (`window.py`). Whether the index answers the question
at all is decided by `gate.decide` from the signals `search` gathers.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .corpus import Passage
from .embed import Embedder
from .gate import (
    Verdict, asked_type, asking_words, counted, decide, defines, holds_answer, is_heading,
    meaning_asked,
)
from .late import maxsim, token_idf
from .stems import TOKEN_PATTERN, stemmer
from .store import Index
from .window import joined, window

if TYPE_CHECKING:
    import numpy as np

# Fusion weights, one value for every corpus: chosen by scripts/tune_retrieval.py on a
# grid, leave-one-corpus-out over the question sets of eval/ (best recall@3, then MRR);
# every fold and the grid are in docs/retrieval.md. On fourteen corpora (pip's docs
# added) the rule picks (0.75, 0.2, 0.4) instead by two questions of recall@3 out of 537,
# losing ten at recall@1 (the retriever alone 0.778 -> 0.760) and five answers holding
# the fact (418 -> 413 of 537): the answer's lead comes from the first hit, so these stay.
# On nineteen (session 25) it picks (0.6, 0.2, 0.2), within two questions of these.
# On twenty (session 26) it and 15 of the 20 folds pick (0.75, 0.2, 0.2), ahead in-sample
# (0.771 / 0.932 / 0.850 against 0.763 / 0.929 / 0.844), but in `collabqa eval` five
# fewer answers hold the fact with them (635 against 640 of 803, near-miss gap 0.05 in
# both runs): these stay. On twenty-one (session 27) it picks (0.75, 0.2, 0.4) again; on
# twenty-two (the Turing Way handbook added) it and 13 of the 22 folds pick these. On
# twenty-four (session 28) it and 17 folds pick (0.75, 0.1, 0.4): in `collabqa eval`
# recall@3 0.908 against 0.904, but six fewer answers hold the fact (770 against 776).
# On forty-one (session 37) it picks (0.75, 0.1, 0.2), 0.785 / 0.933 / 0.859 in-sample
# against 0.780 / 0.932 / 0.856; held out, every fold's choice, 0.786 / 0.926 / 0.858:
# no held-out gain, so these stay.
KEYWORD_WEIGHT = 0.05
SENTENCE_WEIGHT = 0.6
COVERAGE_WEIGHT = 0.3
# Whether the index answers the question at all is decided in `gate.py` from signals
# judged against this index's own score distribution.
CANDIDATES = 50  # how deep each ranker looks before fusion
# The second stage: the fused top LATE_DEPTH passages are ranked again by `rerank_score`,
# their best sentence's cosine + RERANK_KEYWORD_WEIGHT * BM25 / best BM25 + LATE_WEIGHT *
# their late interaction with the question (late.py: each question token's closest
# passage token). Within the top twenty the passage's own cosine and its coverage add
# nothing, and the exact words (BM25) and the tokens matched one to one (late interaction)
# tell the passage that answers from the ones about the same thing. Chosen by
# scripts/tune_rerank.py (docs/rerank.md, session 81): on 303 question files, leave one
# corpus out over a grid of the base (best sentence or fused score), the two weights and
# TYPE_RANK_WEIGHT, every one of the 303 folds picks (best sentence, 0.6, 3.0, 0.6); held
# out, the retriever alone, recall@1 / @3 / MRR 0.837 / 0.954 / 0.895 against 0.828 /
# 0.950 / 0.889 with the stage of before (MRR up on 191 files, down on 91). The fused
# score as the base does as well with weights as large (0.836 / 0.953 / 0.895 at 0.6,
# 4.0, 0.6): what the old stage lacked was weight on BM25 and on the late interaction.
# Before (sessions 48-80) the stage was the fused score + 1.0 * late interaction, chosen
# by scripts/tune_late.py (docs/late-interaction.md) with the fusion's weights fixed.
LATE_DEPTH = 20
LATE_WEIGHT = 3.0
RERANK_KEYWORD_WEIGHT = 0.6
# Whether the documents answer at all is judged on the order the refusal gates were fitted
# on (gate.py, docs/gate.md): the fused score + GATE_LATE_WEIGHT * the late interaction,
# the second stage of sessions 48-80. Judged on the new stage's order, the gates moved
# with it (near-miss questions refused 1,796 of 2,425 against 1,804, answerable refused
# 332 of 13,493 against 339, session 81's first run) without being fitted to it.
GATE_LATE_WEIGHT = 1.0
# Each question token's closest-token cosine weighs by its idf among the index's passages
# (late.token_idf), not equally. Chosen by scripts/tune_late.py with the weight (session
# 48, fifty-seven corpora): every fold picks it, with weight 1.0; held out, recall@1 / @3
# / MRR 0.809 / 0.941 / 0.874 against 0.797 / 0.933 / 0.864 with equal weights.
LATE_IDF = True
# A question asking for a name, a date, a number or a place (`gate.asked_type`): among the
# top TYPE_RANK_DEPTH passages, each with a sentence that holds that kind of thing
# (`gate.holds_answer`, the near-miss check's own test) gains TYPE_RANK_WEIGHT (answer-type
# matching, as early question-answering systems ranked). Chosen leave-one-corpus-out on 142
# corpora (session 61, 6,293 answerable questions; the retriever alone, from 0 to 0.5, by
# recall@3, then MRR): every fold picks 0.3; held out recall@1 / @3 / MRR 0.815 / 0.943 /
# 0.879 against 0.810 / 0.941 / 0.875 without it (MRR up on 50 corpora, down on 5).
# Since session 81 chosen with the second stage's weights (above): 0.6 on a stage of the
# best sentence, BM25 and late interaction.
TYPE_RANK_WEIGHT = 0.6
TYPE_RANK_DEPTH = 10
TYPED_KINDS = ("person", "time", "number", "place")
SAMPLE = 4096  # passages a question's cosine spread is measured on
BEST_LEFT_OUT = 3  # best matches left out of the question's mean cosine to the corpus
PREDICATE_DEPTH = 3  # top hits (with their shown neighbours) where what is asked is looked for
COMMON_SHARE = 0.2  # a name in more than this share of passages is the corpus's own subject
COMMON_MIN = 5  # ... and in more than this many (a name in both passages of two is not)
_WORDS = re.compile(r"\w+")
_QUESTION_TOKEN = re.compile(r"[\w][\w'’.\-]*[\w]|\w")  # a question's words, "Face's" too
BYLINE_KINDS = ("person", "time", "number")  # what a byline states: author, date, minutes
# A line this short ("Default: 4173") is as close to a question as the sentence after it
# when the near-miss check looks for the asked kind of thing (`signals`). On ninety-nine
# question files (session 58) any line: 10 more answers with the fact, 12 answerable and
# 12 near-miss questions fewer refused (the check loosened); lines of six words or fewer:
# 2 more with the fact, 2 answerable and 1 near-miss fewer refused.
SHORT_LINE = 6
# Hits whose sentences get their late interaction (`sentence_late`): the first, where the
# answer's lead is chosen. A lead from the top three by the same score, when ahead of the
# first hit's by a margin (0 to 0.3), puts the fact in 12,594-12,613 of 15,293 replayed
# answers against the first hit's 12,613 (session 86, at LEAD_LATE_WEIGHT 1.5).
SENTENCE_LATE_DEPTH = 1
SURFACE_WORDS = 4  # at most this many words name what a refusal says the documents mention


@dataclass(frozen=True)
class Hit:
    """One retrieved passage with its scores, shown with its neighbours (`text`)."""

    passage: Passage  # the passage that matched: its id, title, section, source, page
    row: int  # position in the index
    score: float  # the score it was ranked by (the second stage's for the fused top twenty)
    dense: float  # cosine between question and passage, -1..1
    keyword: float  # BM25 score, 0 when no query word occurs in the passage
    text: str  # the passage with the neighbours of its section shown with it
    sentences: tuple[tuple[int, int], ...]  # spans of the sentences of `text`
    sentence_scores: tuple[float, ...]  # cosine of each of them to the question
    rows: tuple[int, ...]  # index rows of the passages in `text`, in reading order
    page: int | None  # 1-based page where `text` starts (PDF); None otherwise
    # the late interaction of each sentence with the question (`Retriever.sentence_late`):
    # for the top SENTENCE_LATE_DEPTH hits (the first); empty for the others
    sentence_late: tuple[float, ...] = ()


@dataclass(frozen=True)
class Retrieval:
    """Ranked hits for one question, and whether they answer it."""

    hits: list[Hit]
    query_vector: "np.ndarray"
    verdict: Verdict
    features: dict[str, float]  # the signals `gate.decide` judged (see gate.py)
    words: dict[str, float] = field(default_factory=dict)  # question's stems -> idf here
    asked: str | None = None  # the kind of thing asked for (gate.asked_type), as searched

    @property
    def grounded(self) -> bool:
        return self.verdict.grounded

    @property
    def relevance(self) -> float:
        """How far the question's strongest signal is past its gate (see gate.margin)."""
        return self.verdict.margin


@dataclass(frozen=True)
class Candidates:
    """The first stage of a search: every candidate, ranked by the fused score."""

    qvec: "np.ndarray"  # the question's vector
    qtokens: "np.ndarray"  # its token vectors, for the late interaction
    dense: dict[int, float]  # row -> cosine to the question
    keyword: "np.ndarray"  # BM25 of every passage
    bonus: dict[int, float]  # row -> BM25 / the best BM25 for the question
    sentences: dict[int, tuple[float, ...]]  # row -> cosine of each of its sentences
    idf: dict[str, float]  # the question's stemmed words -> idf here
    score: dict[int, float]  # row -> fused score
    ranked: list[int]  # rows, best fused score first


def rerank_score(sentence: float, bonus: float, late: float) -> float:
    """The second stage's score of one of the fused top LATE_DEPTH passages, from its best
    sentence's cosine, its BM25 against the question's best and its late interaction."""
    return sentence + RERANK_KEYWORD_WEIGHT * bonus + LATE_WEIGHT * late


class Retriever:
    """Hybrid search over one loaded Index; thread-safe after construction."""

    def __init__(self, index: Index, embedder: Embedder):
        self.index = index
        self.embedder = embedder
        self._bm25: Any = None
        self._terms: list[frozenset[int]] = []  # per passage, its stemmed word ids
        self._df: dict[str, int] = {}  # stemmed word -> passages holding it
        self._vocab: dict[str, int] = {}
        self._sample: Any = None  # passage vectors the question's cosine spread is read on
        self._piece_idf: Any = None  # the idf of each of the model's word pieces here
        self._embedded: list[str] = []  # per passage, the text the model read
        self._piece_spans: list[Any] = []  # ... and its word pieces' (start, end) in it
        self._last_weights: tuple = ()  # (question, count, weights): the last asked's
        self._lock = threading.Lock()

    # BM25 is built on first use from the stored passages: a few ms for thousands. The
    # word pieces of the same texts are counted then too, for the late interaction.
    def _keyword_index(self):
        if self._bm25 is None:
            with self._lock:
                if self._bm25 is None:
                    import bm25s

                    # bm25s sets its logger to DEBUG on import and logs every build.
                    logging.getLogger("bm25s").setLevel(logging.WARNING)
                    texts = [p.embedding_text() for p in self.index.passages]
                    tokens = bm25s.tokenize(
                        texts, token_pattern=TOKEN_PATTERN, stopwords="en", stemmer=stemmer(),
                        show_progress=False,
                    )
                    self._terms = [frozenset(ids) for ids in tokens.ids]
                    # The same texts as the model reads them, for late interaction's weights.
                    ids, self._piece_spans = self.embedder.word_pieces(texts)
                    self._piece_idf = token_idf(ids, len(self.embedder.model.tokenizer))
                    self._embedded = texts  # kept for sentence_late, with the spans
                    counts: dict[int, int] = {}
                    for ids in self._terms:
                        for i in ids:
                            counts[i] = counts.get(i, 0) + 1
                    self._df = {w: counts.get(i, 0) for w, i in tokens.vocab.items()}
                    self._vocab = tokens.vocab
                    bm25 = bm25s.BM25()
                    bm25.index(tokens, show_progress=False)
                    self._bm25 = bm25
        return self._bm25

    def _token_weights(self, question: str, count: int) -> "np.ndarray | None":
        """The idf here of each of the question's word pieces, the `count` tokens
        `Embedder.encode_query` gave (None, equal weights, should they not line up).
        A search asks twice (the second stage, then the lead's sentences): the question is
        tokenized once, the last answer kept (one tuple, read and replaced whole, so
        threads asking at once each get their own question's)."""
        last = self._last_weights
        if last and last[0] == question and last[1] == count:
            return last[2]
        self._keyword_index()  # counts the word pieces too
        pieces = self.embedder.token_ids([question])[0]
        weights = self._piece_idf[pieces] if len(pieces) == count else None
        self._last_weights = (question, count, weights)
        return weights

    def question_words(self, question: str) -> list[str]:
        """The question's stemmed words, stop words removed, each once, in order."""
        import bm25s

        words = bm25s.tokenize(
            [question], token_pattern=TOKEN_PATTERN, stopwords=question_stopwords(),
            stemmer=stemmer(), return_ids=False, show_progress=False,
        )[0]
        return list(dict.fromkeys(words))

    def keyword_scores(self, words: list[str]) -> "np.ndarray":
        """BM25 score of every passage for the stemmed words (zeros when none matches)."""
        import numpy as np

        bm25 = self._keyword_index()
        known = [w for w in words if w in bm25.vocab_dict]
        if not known:
            return np.zeros(len(self.index.passages), dtype=np.float32)
        return np.asarray(bm25.get_scores(known), dtype=np.float32)

    def _coverage(self, idf: dict[str, float]):
        """row -> the share of the question's words, weighted by idf, that the passage
        holds (with its title and section): how much of what is asked it speaks to."""
        total = sum(idf.values())
        ids = [(self._vocab.get(w), weight) for w, weight in idf.items()]

        def coverage(row: int) -> float:
            if not total:
                return 0.0
            terms = self._terms[row]
            return sum(weight for i, weight in ids if i is not None and i in terms) / total

        return coverage

    def idf(self, word: str) -> float:
        """BM25's idf of a stemmed word in this index; a word it never uses gets the most."""
        n = len(self.index.passages)
        df = self._df.get(word, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def _cosine_sample(self):
        """Up to SAMPLE passage vectors, evenly spread, to read a question's cosine spread."""
        if self._sample is None:
            import numpy as np

            n = self.index.vectors.ntotal
            rows = np.unique(np.linspace(0, n - 1, min(n, SAMPLE)).astype(np.int64))
            self._sample = np.stack([self.index.vectors.reconstruct(int(r)) for r in rows])
        return self._sample

    def first_stage(self, question: str, *, k: int = 4) -> "Candidates":
        """Every candidate for `question` (dense and keyword search, CANDIDATES deep each),
        ranked by the fused score."""
        import numpy as np

        qvec, qtokens = self.embedder.encode_query(question)
        n = len(self.index.passages)
        depth = min(n, max(CANDIDATES, 2 * k))
        dense_scores, dense_rows = self.index.vectors.search(qvec[None, :], depth)
        dense = {int(r): float(s) for r, s in zip(dense_rows[0], dense_scores[0]) if r >= 0}

        words = self.question_words(question)
        keyword = self.keyword_scores(words)
        top_keyword = float(keyword.max(initial=0.0))
        candidates = set(dense)
        if top_keyword > 0:
            top = np.argpartition(-keyword, depth - 1)[:depth] if depth < n else range(n)
            candidates.update(int(r) for r in top if keyword[r] > 0)
        missing = [r for r in candidates if r not in dense]
        if missing:  # keyword-only candidates still need their cosine
            vecs = np.stack([self.index.vectors.reconstruct(r) for r in missing])
            dense.update({r: float(s) for r, s in zip(missing, dot(vecs, qvec))})

        sentences = self._sentence_scores_of(list(candidates), qvec)
        idf = {w: self.idf(w) for w in words}
        coverage = self._coverage(idf)
        bonus = {r: float(keyword[r] / top_keyword) if top_keyword > 0 else 0.0
                 for r in candidates}  # BM25 against the question's best

        def fused(row: int) -> float:
            # A passage's best sentence speaks for it when one fact in a long passage is
            # what was asked; the passage vector keeps the surrounding context.
            closeness = (1 - SENTENCE_WEIGHT) * dense[row] + SENTENCE_WEIGHT * max(sentences[row])
            return closeness + KEYWORD_WEIGHT * bonus[row] + COVERAGE_WEIGHT * coverage(row)

        score = {r: fused(r) for r in candidates}
        ranked = sorted(candidates, key=score.__getitem__, reverse=True)
        return Candidates(qvec, qtokens, dense, keyword, bonus, sentences, idf, score, ranked)

    def late_scores(self, question: str, qtokens: "np.ndarray", rows: list[int]) -> list[float]:
        """The late interaction (late.maxsim) of each of `rows` with the question; zeros
        for an index stored without its tokens."""
        if self.index.token_codes is None:
            return [0.0] * len(rows)
        codes, offsets = self.index.token_codes, self.index.token_offsets
        return maxsim(qtokens, [codes[offsets[r]:offsets[r + 1]] for r in rows],
                      self.index.token_basis,
                      self._token_weights(question, len(qtokens)) if LATE_IDF else None)

    def sentence_late(self, question: str, qtokens: "np.ndarray", rows: list[int]
                      ) -> tuple[float, ...]:
        """The late interaction (late.maxsim) with the question of each sentence of `rows`
        read together, in `window.joined`'s order: over the passage's stored tokens (read in
        its context) that fall inside the sentence's span of the text the model read. A
        sentence the tokens do not reach (past the model's 256 word pieces, or not found
        in that text) gets the mean of the others, neither favoured nor passed over."""
        from .store import embedded_spans

        self._keyword_index()  # the texts the model read, and their word pieces' spans
        texts = [self._embedded[r] for r in rows]
        spans, _ = embedded_spans(self.index.passages, self.index.sentences, rows, texts)
        codes, offsets = self.index.token_codes, self.index.token_offsets
        pieces, where = [], []  # where: per sentence, its position in pieces (or None)
        for r, mine in zip(rows, spans):
            stored = codes[offsets[r]:offsets[r + 1]]
            at = self._piece_spans[r][:len(stored)]
            real = at[:, 1] > at[:, 0]
            for a, b in mine:
                inside = real & (at[:, 0] < b) & (at[:, 1] > a)
                if b > a and inside.any():
                    where.append(len(pieces))
                    pieces.append(stored[inside])
                else:
                    where.append(None)
        weights = self._token_weights(question, len(qtokens)) if LATE_IDF else None
        found = maxsim(qtokens, pieces, self.index.token_basis, weights) if pieces else []
        fill = sum(found) / len(found) if found else 0.0
        return tuple(found[j] if j is not None else fill for j in where)

    def holds_kind(self, row: int, kind: str, question: str) -> bool:
        """Whether a sentence of passage `row` holds the kind of thing asked for."""
        return any(holds_answer(self._sentence_text(row, j), kind, question)
                   for j in range(len(self.index.sentences[row])))

    def spells_out(self, row: int, question: str, meant: str | None) -> bool:
        """Whether a sentence of passage `row` spells out the abbreviation asked about: the
        word `meant` ("What does tca mean?", `gate.meaning_asked`), else the question's."""
        return any(defines(self._sentence_text(row, j), meant) if meant else
                   holds_answer(self._sentence_text(row, j), "expansion", question)
                   for j in range(len(self.index.sentences[row])))

    def search(self, question: str, *, k: int = 4) -> Retrieval:
        """The `k` best passages for `question`, best first."""
        first = self.first_stage(question, k=k)
        qvec, dense, keyword, sentences = first.qvec, first.dense, first.keyword, first.sentences
        idf, score, candidates = first.idf, first.score, set(first.score)
        ranked = list(first.ranked)
        judged = ranked  # the order the refusal gates judge (below)
        if LATE_WEIGHT:  # 0 turns the second stage off (scripts/tune_late.py's baseline)
            top = ranked[:LATE_DEPTH]
            late = self.late_scores(question, first.qtokens, top)
            judging = {r: score[r] + GATE_LATE_WEIGHT * value for r, value in zip(top, late)}
            for r, value in zip(top, late):
                score[r] = rerank_score(max(sentences[r]), first.bonus[r], value)
            judged = sorted(top, key=judging.__getitem__, reverse=True) + ranked[LATE_DEPTH:]
            ranked = sorted(top, key=score.__getitem__, reverse=True) + ranked[LATE_DEPTH:]
        kind = asked_type(question)
        if TYPE_RANK_WEIGHT and kind in TYPED_KINDS:
            # Passages that hold the kind of thing asked for come up ("When was ...?": a
            # passage with a date). Whether the documents hold it at all is judged on the
            # order before: brought up by this very test, a passage would always seem to
            # (near-miss questions refused 844 -> 784 of 1,145, session 61).
            top = ranked[:TYPE_RANK_DEPTH]
            for r in top:
                if self.holds_kind(r, kind, question):
                    score[r] += TYPE_RANK_WEIGHT
            ranked = sorted(top, key=score.__getitem__, reverse=True) + ranked[TYPE_RANK_DEPTH:]
        meant = meaning_asked(question) if kind is None else None
        if kind == "expansion" or meant:
            # What an abbreviation stands for: the passages that spell it out come first.
            # "What does tca mean?" asks that too when the documents spell the word out
            # as one ("TCA | Time of closest approach"); else it asks for no kind of thing.
            spelled = {r for r in candidates
                       if keyword[r] > 0 and self.spells_out(r, question, meant)}
            if spelled:
                kind = "expansion"
            ranked.sort(key=lambda r: r not in spelled)  # stable: fused order within each
            if judged is not ranked:
                judged.sort(key=lambda r: r not in spelled)

        def score_rows(rows: list[int]) -> None:  # sentence scores of passages to show
            unscored = [r for r in rows if r not in sentences]
            if unscored:
                sentences.update(self._sentence_scores_of(unscored, qvec))

        def closeness(row: int) -> float:  # of a neighbour that may be shown with a hit
            score_rows([row])
            return max(sentences[row], default=-1.0)

        def shown(order: list[int], count: int) -> list[tuple[int, list[int]]]:
            """The first `count` passages of `order` to show, each with its section's
            neighbours (window.py). The same words on another page (a chapter two pages
            include, a note copied from page to page) are shown once: a second copy would
            push another out."""
            out: list[tuple[int, list[int]]] = []
            seen: set[int] = set()
            said: set[str] = set()  # the words of the passages shown
            for r in order:
                if len(out) == count:
                    break
                if r in seen or _as_said(self.index.passages[r].text) in said:
                    continue
                rows = window(self.index.passages, r, seen, closeness)
                score_rows(rows)  # the passage a window's last one announces, if any
                seen.update(rows)
                said.update(_as_said(self.index.passages[x].text) for x in rows)
                out.append((r, rows))
            return out

        picked = shown(ranked, k)
        hits = [self._hit(r, rows, score[r], dense[r], float(keyword[r]), sentences)
                for r, rows in picked]
        if self.index.token_codes is not None:
            for i, hit in enumerate(hits[:SENTENCE_LATE_DEPTH]):
                hits[i] = replace(hit, sentence_late=self.sentence_late(
                    question, first.qtokens, list(hit.rows)))
        # What is asked is looked for where the answer would quote from: the top hits,
        # each with the neighbours shown with it (in the order judged).
        if judged != ranked:
            picked = shown(judged, PREDICATE_DEPTH)
        near = [r for _, rows in picked[:PREDICATE_DEPTH] for r in rows]
        features, subject, matched = self.signals(
            question, kind, qvec, idf, judged, near, dense, sentences)
        verdict = decide(features, self._surface(question, subject, matched))
        if verdict.reason == "near_miss":
            # The one message that names it: with the words the best passage writes next
            # to it (the text the model read, kept since the keyword index's build).
            best = self._embedded[judged[0]]
            verdict = replace(verdict, subject=self._surface(question, subject, matched, best))
        return Retrieval(hits, qvec, verdict, features, idf, kind)

    def _hit(self, row, rows, score, dense, keyword, sentences) -> Hit:
        text, spans = joined(self.index.passages, self.index.sentences, rows)
        scores = tuple(s for r in rows for s in sentences[r])
        return Hit(self.index.passages[row], row, score, dense, keyword, text, tuple(spans),
                   scores, tuple(rows), self.index.passages[rows[0]].page)

    def signals(self, question, kind, qvec, idf, ranked, near, dense, sentences):
        """The features `gate.decide` judges; the subject (the rarest stemmed word of
        the question the best passage holds, never a word of how it asks; None when none)
        and every word of the question it holds.

        `kind` is what the question asks for (`gate.asked_type`); `idf` maps the
        question's stemmed words, in order, to their idf in this index; `near` are the
        rows of the passages shown with the top hits, where what is asked is looked for."""
        import numpy as np

        n = len(self.index.passages)
        best = max(dense.values(), default=-1.0)
        spread = np.sort(dot(self._cosine_sample(), qvec))
        # The corpus at large: every sampled passage but the question's best few matches,
        # so the figure says how close the question is to what the corpus is about, not
        # to the one passage it matches (an index of a few passages has no such figure).
        background = spread[:-BEST_LEFT_OUT] if len(spread) > BEST_LEFT_OUT else spread[:0]
        mean = float(background.mean()) if len(background) else -1.0
        sd = float(spread.std()) or 1e-6
        z = (best - mean) / sd - math.sqrt(2 * math.log(max(n, 2)))
        # The closest sentence that says something: a lone word (a list item "- `tomato`"
        # of colour names) matches a question's word, not what it asks.
        best_sentence = self._best_statement(sentences)

        words = list(idf)
        total = sum(idf.values()) or 1.0
        ids = [self._vocab.get(w) for w in words]
        top_terms = self._terms[ranked[0]] if ranked else frozenset()
        matched = [w for w, i in zip(words, ids) if i is not None and i in top_terms]
        # The subject is the rarest word the best passage shares with the question; the
        # rest is what is asked about it, looked for in the top passages.
        # ... never a word of how it asks ("stand" of "What does WAL stand for?").
        form = set(stemmer().stemWords(asking_words(question)))
        subject = max((w for w in matched if w not in form), key=idf.get, default=None)
        near_terms = frozenset().union(*(self._terms[r] for r in near))
        # ... and not the other words of the name the subject is part of ("Face" of
        # "Who founded Hugging Face?"): a passage holding the name holds them all.
        name = _name_around(question, subject, matched)
        asked = [(w, i) for w, i in zip(words, ids) if w != subject and w not in name]
        asked_total = sum(idf[w] for w, _ in asked)
        predicate = (
            sum(idf[w] for w, i in asked if i is not None and i in near_terms) / asked_total
            if asked_total else 1.0
        )

        type_missing, type_gap, defined = 0.0, 0.0, 0.0
        if kind is not None:
            limit = max(COMMON_SHARE * n, COMMON_MIN)

            def common(word: str) -> bool:
                return self._df.get(stemmer().stemWord(word.lower()), 0) > limit

            # The closest statement of the top passages, and the closest one that holds
            # the asked kind of thing: a near-miss's closest sentences are about what it
            # names, and its names, dates and numbers sit in sentences further away.
            # A sentence is as close as the one before it when that one is closer: a
            # reference entry gives its value on a line after the description
            # ("Default: 500000"), and few words are all a vector of that line has. A line
            # of SHORT_LINE words or fewer is as close as the one after it, too: Vite's
            # options give "Type: number", "Default: 4173" before the description.
            pool = sorted(
                ((score, r, j) for r in near for j, score in enumerate(sentences[r])),
                reverse=True,
            )
            closest = typed = -2.0
            for score, r, j in pool:  # closest first
                text = self._sentence_text(r, j)
                reach = max(score, sentences[r][j - 1]) if j else score
                if (j + 1 < len(sentences[r]) and sentences[r][j + 1] > reach
                        and len(_WORDS.findall(text)) <= SHORT_LINE):
                    reach = sentences[r][j + 1]  # words counted only when it matters
                if closest != -2.0 and reach <= typed:
                    continue
                if (closest == -2.0 and not is_heading(text)
                        and not self.index.passages[r].names_section(text)):
                    closest = score
                if reach > typed and holds_answer(text, kind, question, common):
                    typed = reach
            if closest == -2.0:  # only headings: they are what there is to compare with
                closest = max((max(sentences[r]) for r in near), default=-1.0)
            type_missing = 1.0 if typed == -2.0 else 0.0
            # Also as far as can be when none of what is asked about the subject is in the
            # top passages ("In which city is Codeberg headquartered?" over a how-to naming
            # Codeberg): a name or number there answers something else.
            # And when what a "how many" question counts is a word the corpus never uses
            # ("How many GitHub stars does X have?" of docs that never say "star"): the
            # numbers there count something else.
            count = counted(question) if kind == "number" else None  # one word
            unheard = count is not None and self._vocab.get(stemmer().stemWord(count)) is None
            type_gap = (2.0 if typed == -2.0 or predicate == 0.0 or unheard
                        else max(0.0, closest - typed))
            defined = 1.0 if kind == "expansion" and typed != -2.0 else 0.0
        # A byline (author, date, reading time) is what answers who wrote a document, when
        # it came out and how long it takes to read: its words are few and generic, so
        # its cosine to such a question stays low, but when it is the best match and
        # holds the kind of thing asked, it is exact evidence ... about the document, so
        # when the question shares a word with it (its title, its label "written by,
        # published on", its words) or names nothing but its verb ("Who wrote this?"):
        # "Who wrote the novel One Hundred Years of Solitude?" matched nothing in the
        # Python Packaging User Guide better than a page's "Page Status: Obsolete / Last
        # Reviewed: 2014-12-24", and shares no word with it.
        coverage = self._coverage(idf)(ranked[0]) if ranked else 0.0  # as in ranking
        byline = 0.0
        if (ranked and kind in BYLINE_KINDS and self.index.passages[ranked[0]].kind == "byline"
                and (len(idf) <= 1 or coverage > 0)):
            byline = float(holds_answer(self.index.passages[ranked[0]].plain_text(), kind,
                                        question))

        features = {
            "dense": best,
            "sentence": best_sentence,
            "dense_z": z,
            "mean": mean,
            "gap": best - mean,
            "sentence_gap": best_sentence - mean,
            "sd": sd,
            "coverage": coverage,
            "unknown": sum(idf[w] for w, i in zip(words, ids) if i is None) / total,
            "predicate": predicate,
            "type_missing": type_missing,
            "type_gap": type_gap,
            "defined": defined,
            "byline": byline,
            "passages": float(len(self.index.passages)),
        }
        return features, subject, matched

    def _best_statement(self, sentences: dict[int, tuple[float, ...]]) -> float:
        """The closest sentence's cosine, of sentences of two words or more (-1.0: none)."""
        def says(item: tuple[float, int, int]) -> bool:
            return len(_WORDS.findall(self._sentence_text(item[1], item[2]))) > 1

        ranked = [(score, r, j) for r, s in sentences.items() for j, score in enumerate(s)]
        best = max(ranked, default=None)
        if best is None or says(best):  # the usual case: no sort
            return -1.0 if best is None else best[0]
        return next((item[0] for item in sorted(ranked, reverse=True) if says(item)), -1.0)

    def _sentence_text(self, row: int, j: int) -> str:
        a, b = self.index.sentences[row][j]
        return self.index.passages[row].text[a:b]

    @staticmethod
    def _surface(question: str, subject: str | None, matched: list[str], passage: str = "") -> str:
        """The question's own words for what the documents mention, for a refusal message:
        a name it writes capitalised (not its first word) that the best passage uses, else
        the subject ("The documents mention Wildbook, but ...", never "... mention founded"),
        with the matched words next to it that `passage` (the best one) also writes next to
        it, up to SURFACE_WORDS ("Ken Pomella", "Langstroth hive")."""
        if not subject:
            return ""
        found, tokens, stems = _question_tokens(question)
        at = next((i for i, (token, stem) in enumerate(zip(tokens, stems))
                   if i and token[0].isupper() and stem in matched), None)
        if at is None:
            at = next((i for i, stem in enumerate(stems) if stem == subject), None)
        if at is None:  # a word of a hyphenated one ("self" of "self-update"): that word
            at = next((i for i, token in enumerate(tokens)
                       if subject in stemmer().stemWords(_WORDS.findall(token.lower()))), None)
        if at is None:
            return subject
        # With the matched words around it that the passage writes next to it, as the
        # question does: "Ken Pomella", "Langstroth hive", "Software Bus".
        said = " " + " ".join(stemmer().stemWords(_WORDS.findall(passage.lower()))) + " "

        def written(a: int, b: int) -> bool:
            words = [w for t in tokens[a : b + 1] for w in _WORDS.findall(t.lower())]
            return f" {' '.join(stemmer().stemWords(words))} " in said

        first = last = at
        while (first > 0 and last - first < SURFACE_WORDS - 1 and stems[first - 1] in matched
               and written(first - 1, last)):
            first -= 1
        while (last + 1 < len(tokens) and last - first < SURFACE_WORDS - 1
               and stems[last + 1] in matched and written(first, last + 1)):
            last += 1
        return question[found[first].start() : found[last].end()]

    def _sentence_scores_of(self, rows: list[int], qvec: "np.ndarray") -> dict[int, tuple[float, ...]]:
        """The cosine of every sentence of `rows` to the question, in one product."""
        import numpy as np

        firsts = self.index.sentence_rows
        counts = [len(self.index.sentences[r]) for r in rows]
        take = np.concatenate([np.arange(firsts[r], firsts[r] + c) for r, c in zip(rows, counts)]
                              or [np.zeros(0, dtype=np.int64)])
        scores = dot(self.index.sentence_vectors[take], qvec).tolist()
        out, at = {}, 0
        for r, c in zip(rows, counts):
            out[r] = tuple(scores[at : at + c])
            at += c
        return out


def _question_tokens(question: str) -> tuple[list[re.Match], list[str], list[str]]:
    """The question's words (`_QUESTION_TOKEN`): their matches, texts and stems."""
    found = list(_QUESTION_TOKEN.finditer(question))
    tokens = [m.group() for m in found]
    return found, tokens, [stemmer().stemWord(token.lower()) for token in tokens]


def _name_around(question: str, subject: str | None, matched: list[str]) -> set[str]:
    """The stems of the name `subject` (a stem) is a word of in the question: the run of
    capitalised words around it that the best passage holds too ("Hugging Face",
    "Weights & Biases"); empty when the subject is not written capitalised."""
    if not subject:
        return set()
    _, tokens, stems = _question_tokens(question)
    at = next((i for i, stem in enumerate(stems) if stem == subject and tokens[i][0].isupper()),
              None)
    if at is None:
        return set()

    def part(i: int) -> bool:
        return 0 <= i < len(tokens) and tokens[i][0].isupper() and stems[i] in matched

    first = last = at
    while part(first - 1):
        first -= 1
    while part(last + 1):
        last += 1
    return set(stems[first : last + 1])


def _as_said(text: str) -> str:
    """A passage's words as a reader sees them: its text, white space aside."""
    return " ".join(text.split())


def dot(matrix: "np.ndarray", vector: "np.ndarray") -> "np.ndarray":
    """matrix @ vector without BLAS. Right after the model's forward pass torch's OpenMP
    threads still spin, and a 2-thread BLAS call then waits on them: 5-8 ms for a
    1,642 x 384 product on 2 cores, against 0.2 ms for this plain loop."""
    import numpy as np

    return np.einsum("ij,j->i", matrix, vector)


_STOPWORDS: list[str] = []


def question_stopwords() -> list[str]:
    """Closed-class English words a question is phrased with: bm25s's list, the question
    and function words of `followup`, and personal pronouns. They say how a question is
    asked, not what about, so they are neither searched for nor counted as unknown."""
    if not _STOPWORDS:
        from bm25s.stopwords import STOPWORDS_EN

        from .followup import FUNCTION_WORDS, PRONOUNS

        personal = "i me my mine myself you your yours yourself we us our ours".split()
        _STOPWORDS.extend(sorted(set(STOPWORDS_EN) | FUNCTION_WORDS | PRONOUNS | set(personal)))
    return _STOPWORDS

