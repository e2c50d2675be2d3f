"""Turn retrieved passages into an answer: the sentences that answer, each with its [n].

The answer is extractive: it quotes the sentence(s) of the retrieved passages closest to
the question (by the sentence vectors stored in the index), so every word shown is in a
source. Citations are numbered in the order the answer text cites them; passages that
were retrieved but not quoted follow, so the reader still sees them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .retrieve import Retrieval
from .store import Index

MAX_SENTENCES = 2
# A second sentence is quoted only when it is nearly as close to the question as the first.
SECOND_SENTENCE_MARGIN = 0.1
NOT_FOUND = (
    "I couldn't find an answer to that in the documents. "
    "The closest passages are listed below, but they don't seem to cover it."
)
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


@dataclass(frozen=True)
class Citation:
    """A passage shown as a source; `n` is its [n] marker in the answer text."""

    n: int
    text: str
    title: str
    section: str
    source: str
    score: float  # cosine similarity between question and passage
    passage_id: str
    # Character spans in `text` of the sentences the answer quotes or relies on.
    highlights: list[tuple[int, int]] = field(default_factory=list)
    page: int | None = None  # 1-based page where the passage starts (PDF); None otherwise


@dataclass(frozen=True)
class Answer:
    """What `ask()` returns; `to_dict()` is its JSON form (also the CLI's `--json`)."""

    question: str
    text: str
    citations: list[Citation]
    grounded: bool
    mode: str  # "extractive" | "summary" | "none"
    timings: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        citations = []
        for c in data["citations"]:
            c["highlights"] = [list(span) for span in c["highlights"]]
            page = c.pop("page")
            # Keys in the documented order: ..., passage_id, page, highlights.
            items = list(c.items())
            at = [k for k, _ in items].index("passage_id") + 1
            citations.append(dict(items[:at] + [("page", page)] + items[at:]))
        data["citations"] = citations
        return data


@dataclass(frozen=True)
class _Sentence:
    hit: int  # index into retrieval.hits
    span: tuple[int, int]  # in the passage text
    score: float


def rank_sentences(retrieval: Retrieval, index: Index) -> list[_Sentence]:
    """Every quotable sentence of the retrieved passages, closest to the question first.

    A sentence is scored by its own cosine and its passage's, averaged: the passage
    score keeps a sentence that matches by chance in an off-topic passage from winning.
    Headings that open a passage are not quotable: they name a topic, never answer.
    """
    sentences = []
    for i, hit in enumerate(retrieval.hits):
        headings = set(hit.passage.section.split(" > "))
        for span, sim in zip(index.sentences[hit.row], hit.sentence_scores):
            if len(hit.sentence_scores) == 1 or hit.passage.text[span[0] : span[1]] not in headings:
                sentences.append(_Sentence(i, span, 0.5 * sim + 0.5 * hit.score))
    return sorted(sentences, key=lambda s: -s.score)


def extractive_answer(
    question: str, retrieval: Retrieval, index: Index, timings: dict[str, float]
) -> Answer:
    """Quote the best sentence(s) with [n] markers, or say the documents don't cover it."""
    if not retrieval.grounded:
        citations = [_citation(n, hit, []) for n, hit in enumerate(retrieval.hits, 1)]
        return Answer(question, NOT_FOUND, citations, False, "none", timings)

    ranked = rank_sentences(retrieval, index)
    # The answer opens with the best sentence of the best passage: passage ranking uses
    # keyword evidence and whole-passage context that a lone sentence's score lacks.
    lead = next((s for s in ranked if s.hit == 0), ranked[0])
    chosen = [lead] + [
        s for s in ranked if s is not lead and s.score >= lead.score - SECOND_SENTENCE_MARGIN
    ][: MAX_SENTENCES - 1]
    # Best passage first; within one passage, reading order, so the answer reads naturally.
    by_hit: dict[int, list[_Sentence]] = {}
    for s in chosen:
        by_hit.setdefault(s.hit, []).append(s)
    chosen = [s for group in by_hit.values() for s in sorted(group, key=lambda s: s.span)]

    order = number_hits([s.hit for s in chosen], len(retrieval.hits))
    parts = []
    for s in chosen:
        passage = retrieval.hits[s.hit].passage
        sentence = _LIST_MARKER.sub("", passage.plain(passage.text[s.span[0] : s.span[1]]))
        parts.append(f"{sentence} [{order[s.hit]}]")
    highlights = {i: sorted(s.span for s in chosen if s.hit == i) for i in order}
    citations = sorted(
        (_citation(order[i], retrieval.hits[i], highlights[i]) for i in order),
        key=lambda c: c.n,
    )
    return Answer(question, " ".join(parts), citations, True, "extractive", timings)


def number_hits(cited: list[int], total: int) -> dict[int, int]:
    """Marker number of every hit: cited ones in order of first mention, then the rest."""
    order: dict[int, int] = {}
    for i in cited + list(range(total)):
        order.setdefault(i, len(order) + 1)
    return order


def _citation(n: int, hit, highlights: list[tuple[int, int]]) -> Citation:
    p = hit.passage
    return Citation(
        n=n,
        text=p.text,
        title=p.title,
        section=p.section,
        source=p.source,
        score=round(hit.dense, 4),
        passage_id=p.id,
        highlights=list(highlights),
        page=p.page,
    )
