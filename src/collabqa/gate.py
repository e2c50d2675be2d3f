"""Decide whether the retrieved passages answer the question, or refuse it.

Two ways a question goes unanswered, and a refusal for each:

- off-topic: nothing in the documents is about it ("How do I make pizza?");
- near-miss: the documents mention what it names but not what it asks ("Who founded
  Wildbook?" when the text only says what Wildbook does).

Raw cosine and BM25 scores shift with a corpus's size and vocabulary, so a threshold on
them fitted to one corpus does not transfer. The signals here are judged against the
index's own distribution instead (query-performance prediction):

    dense       best passage cosine
    sentence    best sentence cosine among the candidates
    dense_z     how far the best cosine stands above this question's cosines to the
                whole corpus, in standard deviations, less what the best of n random
                draws would reach anyway (sqrt(2 ln n))
    coverage    share of the question's words (weighted by their idf in this corpus)
                found in the best passage; a word the corpus never uses counts as absent
    unknown     share of the question's idf mass in words the corpus never uses
    predicate   share of the question's words other than its rarest matched one (the
                subject) found in the top passages: what is asked, not only whom about
    type_missing the question asks who / when / how many and no top sentence holds a
                name / a date / a number (1.0) or it does or the question asks no such thing (0.0)

A logistic model over these gives the probability that the question is answered by the
index. Its weights and the cut-off were fitted by `scripts/fit_gate.py` on several
corpora and checked leave-one-corpus-out (docs/retrieval.md lists every fold).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

FEATURES = ("dense", "sentence", "dense_z", "coverage", "unknown", "predicate", "type_missing")

# Written by scripts/fit_gate.py: standardisation, logistic weights, and the cut-off on
# the probability (the lowest that keeps answerable refusals near 5% on the fitting folds).
MEAN = (0.43, 0.5334, -0.1639, 0.4827, 0.3873, 0.4417, 0.01653)
SCALE = (0.1944, 0.1987, 0.4914, 0.319, 0.3555, 0.3736, 0.1275)
WEIGHTS = (1.728, 1.505, 0.303, 0.6592, -1.026, 0.609, -0.1715)
BIAS = 5.012
CUTOFF = 0.6498


@dataclass(frozen=True)
class Verdict:
    """Whether to answer, how sure, and why not."""

    grounded: bool
    probability: float  # that the index answers the question, by the logistic model
    reason: str  # "" when grounded; "off_topic" or "near_miss"
    subject: str  # the question's words the documents do mention (for a near-miss reply)


def probability(features: dict[str, float]) -> float:
    """P(answerable) for one question's features, by the fitted logistic model."""
    z = BIAS + sum(
        w * (features[name] - m) / s for name, w, m, s in zip(FEATURES, WEIGHTS, MEAN, SCALE)
    )
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def decide(features: dict[str, float], subject: str) -> Verdict:
    """Answer when the probability reaches CUTOFF; otherwise say which kind of refusal."""
    p = probability(features)
    if p >= CUTOFF:
        return Verdict(True, p, "", subject)
    near = bool(subject) and features["coverage"] >= 0.5 and features["unknown"] < 0.25
    return Verdict(False, p, "near_miss" if near else "off_topic", subject)


# --------------------------------------------------------------------------- answer types
# Closed classes of English: the question forms that ask for a name, a date or a number,
# and the shapes of those in a sentence. Nothing here names a topic.

_WHO = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:who|whom|whose)\b", re.I)
_WHEN = re.compile(
    r"\b(?:(?:what|which|in what|in which)\s+(?:year|decade|century|month|date|day)"
    r"|when\s+(?:was|were|did|had)\b|how\s+long\s+ago|since\s+when)\b",
    re.I,
)
_HOW_MANY = re.compile(
    r"\b(?:how\s+(?:many|much|often|long|large|big|old|far|fast|high)"
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
    """"person", "time" or "number" when the question asks for one, else None."""
    if _WHEN.search(question):
        return "time"
    if _HOW_MANY.search(question):
        return "number"
    if _WHO.search(question):
        return "person"
    return None


def has_answer_type(sentence: str, kind: str, question: str) -> bool:
    """Whether `sentence` holds something of `kind` that the question does not already say."""
    if kind == "time":
        return bool(_YEAR.search(sentence) or _DATE_WORD.search(sentence))
    if kind == "number":
        return bool(_DIGIT.search(sentence) or _NUMBER_WORD.search(sentence))
    if kind == "person":
        asked = {w.casefold() for w in _WORD.findall(question)}
        words = _WORD.findall(sentence)
        # A capitalised word past the sentence's first word, or an acronym, that the
        # question does not contain: a name of a person, team or organisation.
        return any(
            (i > 0 and w[0].isupper()) or (len(w) > 1 and w.isupper())
            for i, w in enumerate(words)
            if w.casefold() not in asked
        )
    return True
