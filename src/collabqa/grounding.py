"""Summaries faithful by construction: the direct answer is a span of a quoted sentence.

A 135M-parameter model invents names and numbers when it writes freely, so it does not
write: it chooses. `candidate_spans` lists every span of the quoted sentences that could
be a short direct answer (whole words, at most `MAX_WORDS`, copied exactly, adding a
content word the question does not already say, not ending on a glue word), grouped by
the word they start at (`Start`), each with the token ids the reply would begin with.
The summarizer scores each span by the model's probability of writing exactly it and
then closing the clause, and keeps the best: an exact search over the same set of
replies a copy constraint (a trie over the sentences' tokens with a LogitsProcessor,
as in GENRE) lets greedy decoding reach, without greedy's first-token bias.

Nothing outside a source can be written, and each clause's marker is the passage its
sentence came from, known by construction. `unsupported_words` checks the finished text
once more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .answer_types import asked_type, holds_answer

# Closed-class English words (articles, conjunctions, prepositions, pronouns, forms of
# be/have/do). A direct answer may contain them, but not end on one ("founded by") nor
# consist of them alone; "the" opening a span is written "The".
GLUE_WORDS = frozenset(
    "a an the and or but of in on at by for with from to into as than about over "
    "through during after before between among it its they their them he his she her "
    "we our this that these those which who whom whose what where when is are was were "
    "be been being has have had do does did also there".split()
)
ARTICLES = frozenset({"a", "an", "the"})  # the only glue words a direct answer starts with
# "A few words": "Dr. Fei-Fei Li and her team at Stanford University" is 10.
MAX_WORDS = 12
_WORD = re.compile(r"[A-Za-z0-9]+")
_PIECE = re.compile(r"\S+")  # a word as written, with its punctuation
_TRAILING = ".,;:!?"


def content_words(text: str) -> list[str]:
    """The words of `text` that are not glue, lower-cased."""
    return [w for w in (m.lower() for m in _WORD.findall(text)) if w not in GLUE_WORDS]


def unsupported_words(clause: str, passage: str) -> list[str]:
    """Content words of `clause` that `passage` does not contain (ideally none)."""
    have = {w.lower() for w in _WORD.findall(passage)}
    return [w for w in content_words(clause) if w not in have]


def clean_sentence(text: str) -> str:
    """A quoted sentence as the model sees and copies it: one line, no markup or brackets.

    Brackets become parentheses so that "[" only ever opens a marker.
    """
    text = re.sub(r"\*\*|__|`|<\|[^|>]*\|>", "", text)
    text = re.sub(r"^\s*(?:[-*+>#]+|\d+[.)])\s+", "", text)
    return " ".join(text.replace("[", "(").replace("]", ")").split())


@dataclass(frozen=True)
class Span:
    """One possible direct answer: `text` is `sentence`'s characters [start, end), as the
    reply writes it, and the first `tokens` ids of its `Start`."""

    sentence: int
    start: int
    end: int
    text: str
    tokens: int


@dataclass
class Start:
    """The spans that begin at one word of a quoted sentence, and `ids`: the tokens of
    the longest of them, as the first tokens of the reply."""

    ids: list[int]
    spans: list[Span] = field(default_factory=list)


def candidate_spans(sentences: list[str], question: str, tokenizer: Any) -> list[Start]:
    """Every span of `sentences` that may be the direct answer, grouped by its first word.

    A span is whole words (trailing ".,;!?" left out), at most `MAX_WORDS`, starting at
    a letter or digit and not on a function word other than an article, without a colon,
    with balanced parentheses and quotes, ending on a content word but not inside a name
    (`_in_names`: "through Amazon" of "through Amazon Mechanical Turk"), and adding a
    content word `question` lacks ("Wildbook" answers nothing to "Who uploads images to
    Wildbook?"). Spans whose end falls inside a token are skipped (they could not be
    written as a prefix of the reply's tokens). A question that asks for a name, a date,
    a number or a place (`answer_types.asked_type`) keeps only the spans that hold one
    (`holds_answer`), when any does: "How hot does a compost heap get?" is not answered
    "A large".
    """
    asked = set(content_words(question))
    starts = []
    for i, sentence in enumerate(sentences):
        pieces = list(_PIECE.finditer(sentence))
        names = _in_names([p.group() for p in pieces])
        for a, first in enumerate(pieces):
            lead = first.group().lower()
            if not lead[0].isalnum() or lead in GLUE_WORDS and lead not in ARTICLES:
                continue
            words = pieces[a : a + MAX_WORDS]
            text = sentence[first.start() : words[-1].end()]
            if text.split(" ", 1)[0] in GLUE_WORDS:  # "the National ..." opens a reply as "The"
                text = text[0].upper() + text[1:]
            ends = [w.end() - first.start() for k, w in enumerate(words, a)
                    if not (names[k] and k + 1 < len(pieces) and names[k + 1] == names[k])]
            ends = [e - (len(text[:e]) - len(text[:e].rstrip(_TRAILING))) for e in ends]
            # A phrase before a colon introduces what follows ("Impact: TCGA has led ..."):
            # a label, not an answer, nor part of one.
            spans = [e for e in ends if ":" not in text[: e + 1] and _answers(text[:e], asked)]
            if not spans:
                continue
            encoded = tokenizer(text[: max(spans)], add_special_tokens=False,
                                return_offsets_mapping=True)
            boundary = {end: k + 1 for k, (_, end) in enumerate(encoded["offset_mapping"])}
            start = Start(ids=list(encoded["input_ids"]))
            for e in spans:
                if e in boundary:
                    start.spans.append(Span(i, first.start(), first.start() + e, text[:e],
                                            boundary[e]))
            if start.spans:
                starts.append(start)
    kind = asked_type(question)
    if kind is not None:
        typed = [Start(start.ids, [s for s in start.spans if holds_answer(s.text, kind, question)])
                 for start in starts]
        starts = [start for start in typed if start.spans] or starts
    for start in starts:  # the reply's tokens up to the longest span's end
        start.ids = start.ids[: max(s.tokens for s in start.spans)]
    return starts


_NAME_JOINS = frozenset({"of", "for", "and"})  # inside a name: "Allen Institute for AI"


def _in_names(pieces: list[str]) -> list[int]:
    """For each word of a sentence (as written), the number of the run of capitalised
    words it belongs to (joined by "of", "for" or "and", no punctuation between), or 0:
    the sentence's first word starts none, its capital is the sentence's. A direct
    answer does not end inside such a run ("through Amazon" of "through Amazon
    Mechanical Turk" names the wrong thing). It may start inside one: on fit_summary's
    449 questions, refusing that too cost two summaries their fact ("DeepMind, represents
    a major breakthrough in protein folding" of "Google DeepMind")."""
    runs = [0] * len(pieces)
    run = 0
    for k, piece in enumerate(pieces):
        # ... joined to the word before when nothing stands between ("Atlas (TCGA)": two)
        joined = k > 0 and runs[k - 1] and pieces[k - 1][-1:].isalnum() and piece[:1].isalnum()
        if k > 0 and piece[:1].isupper():
            if not joined:
                run += 1
            runs[k] = run
        elif piece in _NAME_JOINS and joined and k + 1 < len(pieces) and (
                pieces[k + 1][:1].isupper()):
            runs[k] = runs[k - 1]
    return runs


def _answers(text: str, asked: set[str]) -> bool:
    """Whether `text` may be a direct answer: it ends on a content word (or a closing
    parenthesis or quote), opens nothing it does not close, and says something the
    question does not."""
    words = _WORD.findall(text)
    if not words or words[-1].lower() in GLUE_WORDS:
        return False
    if not (text[-1].isalnum() or text[-1] in ")\"\u201d\u2019'"):
        return False
    if text.count("(") != text.count(")") or text.count('"') % 2 or (
        text.count("\u201c") != text.count("\u201d")
    ):
        return False
    return bool(set(content_words(text)) - asked)
