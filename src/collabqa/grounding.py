"""Check a model-written summary against the passages it cites; keep what they support.

A 135M-parameter model invents facts and writes [n] markers unreliably, so its output is
never shown as is. `verify` splits it into sentences and keeps a sentence only when a
cited passage supports it: the sentence restates one of the passage's sentences, or a
clause of a sentence the prompt quoted (embedding similarity), and its words check out
(names, numbers and negations occur in the sources; few words are new; it adds a word of
the passage to the question). Each kept sentence gets the marker of a passage that
supports it. `verify` returns None when nothing survives, and the caller falls back to
the extractive answer.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import TYPE_CHECKING

from .answer import Answer, number_hits
from .corpus import sentence_spans
from .retrieve import Retrieval, stemmer

if TYPE_CHECKING:
    from .api import Engine

log = logging.getLogger(__name__)

MAX_SENTENCES = 3
# A summary sentence is supported by a passage when (1) its cosine to one of the
# passage's sentences, or to a clause of a quoted one, is at least SUPPORT_MIN
# (paraphrases of a source sentence score 0.7-0.95 with all-MiniLM-L6-v2, a sentence
# merely on the same topic 0.4-0.6), (2) every name, number and negation it uses occurs
# in the cited passages, (3) at most MAX_NEW_WORDS of its content words are in neither
# the passage nor the question, and (4) it uses a word of the passage that the question
# does not. It must also relate to the question (cosine >= QUESTION_MIN), which stops an
# instruction planted in a passage, echoed by the model, from passing as an answer.
# MIN_WORDS drops fragments like "The answer is:".
SUPPORT_MIN = 0.6
SUPPORT_MIN_OWN_WORDS = 0.5  # when no content word is new (all the passage's or question's)
MAX_NEW_WORDS = 0.34
QUESTION_MIN = 0.25
MIN_WORDS = 4
DUPLICATE = 0.9  # a sentence this close to a kept one repeats it
ANSWER_SLACK = 0.05  # how much less close to the question than the quotes a summary may be

_MARKERS = re.compile(r"\[\s*(\d+(?:\s*[,;-]\s*\d+)*)\s*\]")
_MARKER_AFTER_END = re.compile(r"([.!?])((?:\s*\[[\d,;\s-]+\])+)")
_INLINE_NUMBERING = re.compile(r"(?<=[:,;])(\s+(?:and\s+)?)\d{1,2}[.)]\s+")  # ": 1. a, 2. b"
_NOISE = re.compile(r"^\s*(?:[-*+#>]+|\d+[.)]|answer\s*:)\s*|\*\*|__", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s*[—–]\s*|\s+-\s+")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*")
_NEGATIONS = {"not", "no", "never", "none", "nor", "cannot", "without"}
_STOP = set(
    "a an the and or but if of to in on at by for with from as is are was were be been being "
    "it its this that these those which who whom whose what when where why how than then "
    "there their they them he she his her we our you your i me my also has have had do does "
    "did can could would should will may might into over about such other more most some "
    "many much very so just only each both all any s".split()
)


def citation_numbers(answer: Answer, retrieval: Retrieval) -> dict[int, int]:
    """Hit index -> the [n] its passage has in the extractive answer."""
    by_id = {c.passage_id: c.n for c in answer.citations}
    return {i: by_id[h.passage.id] for i, h in enumerate(retrieval.hits) if h.passage.id in by_id}


def split_summary(raw: str) -> list[tuple[str, list[int]]]:
    """The model's sentences with the markers it wrote, markers removed from the text.

    A trailing piece without end punctuation was cut off by the token or time limit
    and is dropped.
    """
    raw = _MARKER_AFTER_END.sub(r"\2\1", raw)  # "text. [1]" -> "text [1]." before splitting
    out = []
    for line in raw.splitlines():
        line = _INLINE_NUMBERING.sub(r"\1", _NOISE.sub("", line)).strip()
        for a, b in sentence_spans(line):
            piece = line[a:b]
            markers = [int(n) for g in _MARKERS.findall(piece) for n in re.findall(r"\d+", g)]
            text = " ".join(_MARKERS.sub(" ", piece).split())
            text = re.sub(r"\s+([.!?,;:])", r"\1", text)
            if text and (text[-1] in ".!?" or markers):
                out.append((text if text[-1] in ".!?" else text + ".", markers))
    return out


def verify(
    raw: str,
    answer: Answer,
    retrieval: Retrieval,
    engine: "Engine",
    quoted: list[tuple[int, tuple[int, int]]],
) -> Answer | None:
    """Keep the supported sentences of `raw`, each cited by a passage that supports it.

    `answer` is the extractive answer the summary replaces; `quoted` holds the (hit,
    sentence span) pairs the prompt quoted, whose clauses may support a sentence too.
    """
    sentences = [(t, m) for t, m in split_summary(raw) if len(_WORD.findall(t)) >= MIN_WORDS]
    if not sentences:
        return None
    numbers = citation_numbers(answer, retrieval)
    # Word keys, computed once: each cited passage's, all of theirs, the question's.
    passage_keys = {h: _keys(retrieval.hits[h].passage.text) for h in numbers}
    context = set().union(*passage_keys.values())
    asked = _keys(answer.question)
    sentences = [(_drop_lead_in(t, context), m) for t, m in sentences]
    # Each sentence, then its shorter readings without trailing clauses: a true main
    # clause survives when the model tacked an invented clause onto it ("... on Kaggle,
    # a platform that ...").
    variants = [_clause_prefixes(t) for t, _ in sentences]
    flat = [v for vs in variants for v in vs]
    index = engine.index
    units = _clauses(quoted, retrieval)
    encoded = engine.embedder.encode(flat + [text for _, _, text in units])
    vectors = iter(encoded[: len(flat)])
    # What a summary sentence may restate: a sentence of a cited passage (its vector is
    # in the index) or one of its clauses (just embedded).
    sources = [
        (hit, span, index.sentence_vectors[index.sentence_rows[retrieval.hits[hit].row] + i])
        for hit in numbers
        for i, span in enumerate(index.sentences[retrieval.hits[hit].row])
    ]
    sources += [(hit, span, vec) for (hit, span, _), vec in zip(units, encoded[len(flat) :])]
    kept: list[tuple[str, int, tuple[int, int]]] = []  # text, hit, supporting span
    kept_vectors = []
    for (full, markers), options in zip(sentences, variants):
        found = None
        for text, vec in zip(options, vectors):
            if found is None:
                support = _support(text, vec, sources, passage_keys, context, asked)
                if support:
                    found = (text, vec, support)
        if found is None:
            log.debug("dropped (no passage supports it): %s", full)
            continue
        text, vec, support = found
        if float(vec @ retrieval.query_vector) < QUESTION_MIN:
            log.debug("dropped (off the question): %s", text)
            continue
        if any(float(vec @ k) >= DUPLICATE for k in kept_vectors):
            continue
        # The model's own marker stands when its passage supports the sentence.
        own = [h for h in support if numbers[h] in markers]
        hit = own[0] if own else max(support, key=lambda h: support[h][0])
        kept.append((text, hit, support[hit][1]))
        kept_vectors.append(vec)
        if len(kept) == MAX_SENTENCES:
            break
    if not kept:
        return None
    # A summary must answer at least as closely as the quotes it replaces: a fluent,
    # supported sentence that drifts from the asked fact falls back to the quotes.
    summary_vec, quotes_vec = engine.embedder.encode(
        [" ".join(t for t, _, _ in kept), _MARKERS.sub(" ", answer.text)]
    )
    q = retrieval.query_vector
    if float(summary_vec @ q) < float(quotes_vec @ q) - ANSWER_SLACK:
        log.debug("dropped (answers less closely than the quotes): %s", kept)
        return None

    # Cited passages first in order of first mention, then the rest, as extractive does.
    hits = list(numbers)
    position = {hit: i for i, hit in enumerate(hits)}
    numbered = number_hits([position[hit] for _, hit, _ in kept], len(hits))
    order = {hits[p]: n for p, n in numbered.items()}
    text = " ".join(f"{t} [{order[hit]}]" for t, hit, _ in kept)
    highlights = {hit: sorted({span for _, h, span in kept if h == hit}) for hit in order}
    by_id = {c.passage_id: c for c in answer.citations}
    citations = sorted(
        (
            dataclasses.replace(
                by_id[retrieval.hits[hit].passage.id], n=n, highlights=highlights[hit]
            )
            for hit, n in order.items()
        ),
        key=lambda c: c.n,
    )
    return dataclasses.replace(answer, text=text, citations=citations, mode="summary")


def _drop_lead_in(sentence: str, context: set[str]) -> str:
    """`sentence` without a lead-in before a colon that uses no word of the sources.

    "The answer to this question is: Wildbook uses ..." -> "Wildbook uses ...";
    "Impact: Wildbook has ..." keeps its lead-in, a word of the passage.
    """
    lead, colon, rest = sentence.partition(": ")
    words = [w for w in _WORD.findall(lead) if w.lower() not in _STOP]
    if not colon or len(_WORD.findall(rest)) < MIN_WORDS:
        return sentence
    if any(_key(w) in context for w in words):
        return sentence
    return rest[0].upper() + rest[1:]


def _clause_prefixes(sentence: str) -> list[str]:
    """`sentence`, then its prefixes cut before each ", " (longest first), as sentences."""
    body = sentence.rstrip(" .!?")
    cuts = [m.start() for m in re.finditer(r", ", body)]
    shorter = [body[:c] + "." for c in reversed(cuts) if len(_WORD.findall(body[:c])) >= MIN_WORDS]
    return [sentence] + shorter


def _clauses(quoted, retrieval: Retrieval) -> list[tuple[int, tuple[int, int], str]]:
    """(hit, sentence span, text) of the clauses of the sentences the prompt quoted,
    alone and in adjacent pairs.

    A short summary sentence that restates one clause of a long source sentence ("...
    protein folding — a complex problem in biology that has puzzled scientists for
    decades.") scores low against the whole sentence but high against the clause.
    """
    units = []
    for hit, (a, b) in quoted:
        text = retrieval.hits[hit].passage.text
        clauses = [c.strip() for c in _CLAUSE_BREAK.split(text[a:b]) if c.strip()]
        if len(clauses) < 2:
            continue  # the sentence itself is compared already
        pairs = [f"{x}, {y}" for x, y in zip(clauses, clauses[1:])] if len(clauses) > 2 else []
        units += [(hit, (a, b), u) for u in clauses + pairs if len(_WORD.findall(u)) >= MIN_WORDS]
    return units


def _support(text, vec, sources, passage_keys: dict[int, set[str]], context: set[str],
             asked: set[str]):
    """Passages (hit -> (cosine, sentence span)) whose sentences support `text`.

    `sources` holds (hit, span, vector) of every sentence and clause that may support it.
    """
    best: dict[int, tuple[float, tuple[int, int]]] = {}
    for hit, span, source in sources:
        sim = float(source @ vec)
        if hit not in best or sim > best[hit][0]:
            best[hit] = (sim, span)
    support = {}
    for hit, (sim, span) in best.items():
        new = _new_word_share(text, passage_keys[hit], context, asked)
        if new is None or new > MAX_NEW_WORDS:
            continue
        # A sentence built only from the passage's own words restates it (often more
        # briefly than the long source sentence, which lowers the cosine).
        if sim >= (SUPPORT_MIN if new > 0 else SUPPORT_MIN_OWN_WORDS):
            support[hit] = (sim, span)
    return support


def _new_word_share(
    sentence: str, have: set[str], context: set[str], asked: set[str]
) -> float | None:
    """Share of the sentence's content words in neither the passage nor the question;
    None if a name, number or negation occurs in none of the cited passages, or if the
    sentence only restates the question.

    `have` holds the keys (`_keys`) of the passage's words, `context` those of all cited
    passages' words: a capitalised word is not
    always a name ("The Project ran ..."), so names are checked against all the sources,
    and the share of new words against the supporting passage. Words of the question
    (`asked`) are the user's, not the model's invention ("The author of this post is
    Ken Pomella."), but an answer must also use a content word of the passage that the
    question does not: "Google founded ImageNet." adds nothing from the sources to the
    question "Did Google found ImageNet?".
    """
    words = _WORD.findall(sentence)
    content = [w for w in words if w.lower() not in _STOP]
    for i, w in enumerate(words):
        strict = (
            any(ch.isdigit() for ch in w)
            or w.lower() in _NEGATIONS
            or w.lower().endswith("n't")
            or (i > 0 and w[0].isupper())
        )
        if strict and _key(w) not in context:
            return None
    keys = [_key(w) for w in content]
    if not any(k in have and k not in asked for k in keys):
        return None
    return sum(k not in have and k not in asked for k in keys) / max(1, len(keys))


def _keys(text: str) -> set[str]:
    """The keys of every word of `text`."""
    return {_key(w) for w in _WORD.findall(text)}


def _key(word: str) -> str:
    # Snowball stem, then its first five letters: joins inflections (hosted/hosting) and
    # derivations (founded/founder) alike.
    return stemmer().stemWord(word.lower().replace("’", "'"))[:5]
