"""Decide whether the retrieved passages answer the question, or refuse it.

Two ways a question goes unanswered, and a refusal for each:

- off-topic: nothing in the documents is about it ("How do I make pizza?");
- near-miss: the documents mention what it names but not what it asks ("Who founded
  Wildbook?" when the text only says what Wildbook does).

Raw cosine and BM25 scores shift with a corpus's size and vocabulary, so a threshold on
them fitted to one corpus does not transfer. The signals here are judged against the
index's own distribution instead (query-performance prediction):

    dense       best passage cosine
    mean        the question's mean cosine to the corpus's passages but its best three:
                how close it is to what the corpus is about as a whole (off-topic
                questions stay near 0; -1 for an index of three passages or fewer)
    sentence    best sentence cosine among the candidates
    dense_z     how far the best cosine stands above this question's cosines to the
                whole corpus, in standard deviations, less what the best of n random
                draws would reach anyway (sqrt(2 ln n))
    coverage    share of the question's words (weighted by their idf in this corpus)
                found in the best passage; a word the corpus never uses counts as absent
    unknown     share of the question's idf mass in words the corpus never uses
    predicate   share of the question's words other than its rarest matched one (the
                subject) found in the top passages: what is asked, not only whom about
    type_missing 1.0 when the question asks who / when / how many / where and no top
                sentence holds a name / a date / a number / a place, else 0.0

`decide` refuses a question as off-topic when all of `mean`, `dense` and `sentence`
stay under their gates and its words are not (nearly) all in its best passage
(`coverage`), and
as a near-miss when it asks who / when / how many / where and none of the best sentences
holds a name, a date, a number or a place. The other signals are recorded for analysis
(docs/gate.md); measured leave-one-corpus-out, a logistic model over all of them
transferred worse than these four gates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

FEATURES = (
    "dense", "sentence", "mean", "gap", "sentence_gap", "dense_z", "sd",
    "coverage", "unknown", "predicate", "type_missing",
)

# A question is on the corpus's topic when any of three cosines reaches its gate:
# its mean cosine to the corpus (how close it is to what the corpus is about as a whole),
# its best passage's cosine, its best sentence's cosine. Off-topic questions stay near 0
# on the first in every corpus measured, while a question about one page of a broad
# corpus passes on the second or third. Chosen by scripts/fit_gate.py on all corpora in
# eval/ (each fold's choice and its score on the corpus left out: docs/gate.md).
MEAN_GATE = 0.1
DENSE_GATE = 0.38
SENTENCE_GATE = 0.55
# ... or when nearly all of its words (by idf weight) are in its best passage: names the
# embedding barely knows ("CORD-19") still match there word for word.
COVERAGE_GATE = 0.9


@dataclass(frozen=True)
class Verdict:
    """Whether to answer, by how much, and why not."""

    grounded: bool
    margin: float  # > 0: how far the strongest cosine is past its gate (relative); <= 0: short
    reason: str  # "" when grounded; "off_topic" or "near_miss"
    subject: str  # the question's word the documents do mention (for a near-miss reply)


def margin(features: dict[str, float]) -> float:
    """How far the strongest of the four signals is past its gate, as a fraction of it."""
    return max(
        features["mean"] / MEAN_GATE, features["dense"] / DENSE_GATE,
        features["sentence"] / SENTENCE_GATE, features["coverage"] / COVERAGE_GATE,
    ) - 1.0


def decide(features: dict[str, float], subject: str) -> Verdict:
    """Off-topic below every gate; near-miss when the asked kind of thing is nowhere."""
    m = margin(features)
    if m < 0:
        return Verdict(False, m, "off_topic", subject)
    if features["type_missing"] and subject:
        return Verdict(False, m, "near_miss", subject)
    return Verdict(True, m, "", subject)


# --------------------------------------------------------------------------- answer types
# Closed classes of English: the question forms that ask for a name, a date or a number,
# and the shapes of those in a sentence. Nothing here names a topic.

# Each form must open the question (after at most two words: "And", "In", "At which"),
# so "If I want to know how long ago ..." asks nothing of the kind.
_OPEN = r"^\W*(?:[\w'’]+[,;:]?\s+){0,2}?"
_WHO = re.compile(
    _OPEN + r"(?:who|whom|whose)\b"
    r"|" + _OPEN + r"(?:which|what)\s+(?:company|companies|organi[sz]ation|university|institute|person|people)\b",
    re.I,
)
_WHERE = re.compile(
    _OPEN + r"where\s+(?:is|was|were|are|did|does)\b"
    r"|" + _OPEN + r"(?:which|what)\s+(?:country|city|state|continent|region|town)\b",
    re.I,
)
_WHEN = re.compile(
    _OPEN + r"(?:(?:what|which|in what|in which)\s+(?:year|decade|century|month|date|day)"
    r"|when\s+(?:was|were|did|had|will)\b|how\s+long\s+ago|since\s+when)\b",
    re.I,
)
_HOW_MANY = re.compile(
    _OPEN + r"(?:how\s+(?:many|much|often|long|large|big|old|far|fast|high)"
    r"|what\s+(?:percentage|percent|proportion|fraction|number|amount)\s+of"
    r"|what\s+is\s+the\s+(?:number|count|total)\s+of)\b",
    re.I,
)
MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve twenty thirty forty "
    "fifty sixty seventy eighty ninety hundred thousand million billion trillion dozen dozens "
    "hundreds thousands millions billions half once twice single double triple"
).split()
_YEAR = re.compile(r"\b(?:1[0-9]|20)\d\d(?:s)?\b")
_DATE_WORD = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b\.?", re.I)
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.I)
_WORD = re.compile(r"[A-Za-z][\w'’\-]*")


def answer_type(question: str) -> str | None:
    """"time", "number", "person" or "place" when the question asks for one, else None."""
    if _WHEN.search(question):
        return "time"
    if _HOW_MANY.search(question):
        return "number"
    if _WHO.search(question):
        return "person"
    if _WHERE.search(question):
        return "place"
    return None


def has_answer_type(
    sentence: str, kind: str, question: str, common: Callable[[str], bool] | None = None
) -> bool:
    """Whether `sentence` holds something of `kind` that the question does not already say.

    `common(word)` tells a name the corpus uses everywhere (its own subject, "Prometheus"
    in Prometheus's docs): such a name answers no "who" or "where".
    """
    if kind == "time":
        return bool(_YEAR.search(sentence) or _DATE_WORD.search(sentence))
    if kind == "number":
        return bool(_DIGIT.search(sentence) or _NUMBER_WORD.search(sentence))
    if kind in ("person", "place"):
        asked = {w.casefold() for w in _WORD.findall(question)}
        words = _WORD.findall(sentence)
        # A capitalised word past the sentence's first word, or an acronym, that the
        # question does not contain: a name of a person, team, organisation or place.
        return any(
            (i > 0 and w[0].isupper()) or (len(w) > 1 and w.isupper())
            for i, w in enumerate(words)
            if w.casefold() not in asked and not (common and common(w))
        )
    return True
