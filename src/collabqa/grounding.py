"""Summaries faithful by construction: the model may only copy spans of the quoted sentences.

A 135M-parameter model invents names and numbers when it writes freely, so it does not
write freely. `CopyState` is a small automaton over the token ids of the sentences the
prompt quotes (a trie of every suffix that starts at a word, per passage, as in GENRE's
constrained decoding), and `copy_processor` applies it as a transformers LogitsProcessor.
The reply is at most `MAX_CLAUSES` clauses, each one contiguous copy:

- the direct answer: up to `MAX_GLUE_RUN` glue words (`GLUE_WORDS`: closed-class
  English function words, never names, numbers or negations), then a jump to any word
  of a quoted sentence, then only that sentence's next tokens, ending at a whole word;
- the supporting sentence: a whole quoted sentence, ending with its own full stop.

Splicing spans (the first design) let "can no longer be recognised" become "can be
recognised", and cutting a sentence short made "The original materials can."; a single
span per clause cannot drop a word from its middle, and it kept the fact more often.

When the model ends a clause (the end token, a new line, a "[", or a new sentence after
a full stop) the processor writes the marker " [n]" of the passage the copy came from,
so markers are right by construction. `unsupported_words` checks the finished text once
more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Closed-class English words (articles, conjunctions, prepositions, pronouns, forms of
# be/have/do): free to use between copied spans. No negation, modal or content word.
GLUE_WORDS = frozenset(
    "a an the and or but of in on at by for with from to into as than about over "
    "through during after before between among it its they their them he his she her "
    "we our this that these those which who whom whose what where when is are was were "
    "be been being has have had do does did also there".split()
)
GLUE_PUNCTUATION = (",", ".", ";", " (", ")")
MAX_CLAUSES = 2  # a short direct answer, then at most one supporting sentence
MAX_GLUE_RUN = 2  # glue words before the direct answer ("The", "It is"; not "by the by")
_WORD = re.compile(r"[A-Za-z0-9]+")


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


@dataclass
class Clause:
    """One clause of the reply: token positions [start, end), its passage's [n], and
    the indexes of the quoted sentences it copied from."""

    start: int
    end: int = -1
    n: int = 0
    sentences: set[int] = field(default_factory=set)
    last_word: int = -1  # position after its last whole copied word, where it could end
    adds: bool = False  # it has copied a content word the question does not have


class Vocabulary:
    """What the automaton needs to know of a tokenizer, computed once per tokenizer."""

    def __init__(self, tokenizer: Any, eos: int | list[int]) -> None:
        self.tokenizer = tokenizer
        self.eos = {eos} if isinstance(eos, int) else set(eos)
        encode = self.encode
        self.glue = {ids[0] for w in GLUE_WORDS for f in (w, w.capitalize())
                     if len(ids := encode(" " + f)) == 1}
        self.glue_first = {ids[0] for w in GLUE_WORDS for f in (w, w.capitalize())
                           if len(ids := encode(f)) == 1}
        self.punctuation = {ids[0] for p in GLUE_PUNCTUATION if len(ids := encode(p)) == 1}
        self.full_stops = {ids[0] for p in (".", "!", "?") if len(ids := encode(p)) == 1}
        self.enders = self.eos | {ids[0] for p in ("[", " [", "\n", "\n\n", ".\n")
                                  if len(ids := encode(p)) >= 1 and ids[0] not in self.full_stops}
        self._text: dict[int, str] = {}

    def encode(self, text: str) -> list[int]:
        return self.tokenizer(text, add_special_tokens=False)["input_ids"]

    def text(self, token: int) -> str:
        if token not in self._text:
            self._text[token] = self.tokenizer.decode([token])
        return self._text[token]

    def marker(self, n: int) -> list[int]:
        return self.encode(f" [{n}]")


class CopyState:
    """The automaton for one reply; `feed` each generated token, ask `allowed` for the next.

    `sentences` holds (passage number n, sentence text) of the quoted sentences. The
    direct answer may not end before it adds a content word to `question`'s: "Wildbook
    [1]" answers nothing.
    """

    def __init__(
        self, vocab: Vocabulary, sentences: list[tuple[int, str]], question: str = ""
    ) -> None:
        self.vocab = vocab
        self.asked = set(content_words(question))
        self.tokens: list[int] = []  # every token fed
        self.children: list[dict[int, int]] = []
        self.word_end: list[bool] = []
        self.sentence: list[int] = []
        self.passage: list[int] = []
        self.roots: dict[int, int] = {}  # passage n -> root of its suffixes after a space
        self.first_roots: dict[int, int] = {}  # ... whose first word has no leading space
        self.sentence_roots: dict[int, int] = {}  # ... of whole sentences only
        for i, (n, text) in enumerate(sentences):
            self._add_sentence(i, n, clean_sentence(text))
        self.clauses: list[Clause] = []
        self.position = 0
        self.active: list[int] = []
        self.boundary = True  # the last token ended a word
        self.after_stop = False  # ... and it was a full stop
        self.forced: list[int] = []
        self.done = False
        self.glue_run = 0  # glue words in a row outside a copy
        self.last_glue = False

    # -- building ------------------------------------------------------------------
    def _node(self, i: int, n: int) -> int:
        self.children.append({})
        self.word_end.append(False)
        self.sentence.append(i)
        self.passage.append(n)
        return len(self.children) - 1

    def _insert(self, root: int, ids: list[int], ends: list[bool], i: int, n: int) -> None:
        node = root
        for token, end in zip(ids, ends):
            nxt = self.children[node].get(token)
            if nxt is None:
                nxt = self.children[node][token] = self._node(i, n)
            self.word_end[nxt] = self.word_end[nxt] or end
            node = nxt

    def _add_sentence(self, i: int, n: int, text: str) -> None:
        if not text:
            return
        vocab = self.vocab
        ids = vocab.encode(" " + text)
        pieces = [vocab.text(t) for t in ids]
        # A word ends where the next token does not continue it with a letter or digit.
        ends = [j + 1 == len(ids) or not pieces[j + 1][:1].isalnum() for j in range(len(ids))]
        starts = [j for j, p in enumerate(pieces) if p[:1].isspace()]
        if n not in self.roots:
            self.roots[n], self.first_roots[n] = self._node(i, n), self._node(i, n)
            self.sentence_roots[n] = self._node(i, n)
        self._insert(self.sentence_roots[n], ids, ends, i, n)
        for k, j in enumerate(starts):
            self._insert(self.roots[n], ids[j:], ends[j:], i, n)
            # At the start of the reply a word has no leading space and may tokenize
            # differently ("Kaggle" = K+agg+le, " Kaggle" = ĠK+agg+le).
            nxt = starts[k + 1] if k + 1 < len(starts) else len(ids)
            word = "".join(pieces[j:nxt]).strip()
            if word:
                first = vocab.encode(word)
                tail_ends = [False] * (len(first) - 1) + [ends[nxt - 1]]
                self._insert(self.first_roots[n], first + ids[nxt:], tail_ends + ends[nxt:], i, n)

    # -- stepping ------------------------------------------------------------------
    @property
    def open(self) -> Clause | None:
        """The clause being written, if it has copied something."""
        return self.clauses[-1] if self.clauses and self.clauses[-1].end < 0 else None

    def continuations(self) -> set[int]:
        return {t for node in self.active for t in self.children[node]}

    def allowed(self) -> set[int]:
        """Token ids the model may write next."""
        if self.done:
            return set(self.vocab.eos)
        if self.forced:
            return {self.forced[0]}
        allowed = self.continuations()
        if self.boundary:
            vocab, clause = self.vocab, self.open
            if clause:  # one contiguous copy: it may only go on, or end at a whole word
                # The direct answer not after a glue word ("founded by [1]"); the
                # supporting sentence only after its own full stop.
                first = len(self.clauses) == 1 and clause.adds
                if (first and not self.last_glue) or self.after_stop:
                    allowed |= vocab.enders
            elif self.clauses:  # the supporting sentence: a whole quoted sentence, or the end
                allowed |= vocab.eos
                for root in self.sentence_roots.values():
                    allowed |= self.children[root].keys()
            else:  # the direct answer: a few glue words, then a jump to any word
                jumps: set[int] = set()
                for n in self.roots:
                    jumps |= self.children[self.roots[n]].keys()
                    if self.position == 0:
                        jumps |= self.children[self.first_roots[n]].keys()
                allowed |= jumps - vocab.glue - vocab.glue_first
                if self.glue_run < MAX_GLUE_RUN:
                    allowed |= vocab.glue_first if self.position == 0 else vocab.glue
        return allowed or set(self.vocab.eos)  # a dead end (sources of glue alone) stops

    def closes(self, choice: int) -> bool:
        """Whether `choice` ends the open clause, which then gets its marker first."""
        if not self.open or self.forced or not self.boundary:
            return False
        if self.after_stop:
            return choice not in self.continuations()
        # The supporting sentence ends with its full stop; the direct answer anywhere.
        return choice in self.vocab.enders and len(self.clauses) == 1

    def marker_start(self) -> int:
        return self.vocab.marker(self.open.n)[0]

    def feed(self, token: int) -> None:
        """Advance by one generated token."""
        vocab, clause = self.vocab, self.open
        self.position += 1
        self.tokens.append(token)
        if self.forced:  # the rest of a marker
            self.forced.pop(0)
            if not self.forced:
                self._close()
            return
        if token in vocab.eos:
            self.done = True
            return
        if clause and token == self.marker_start():
            clause.end = self.position - 1
            self.forced = vocab.marker(clause.n)[1:]
            if not self.forced:
                self._close()
            return
        glue = (token in vocab.glue or token in vocab.punctuation
                or (self.position == 1 and token in vocab.glue_first))
        candidates = list(self.active)
        if self.boundary and not clause:  # a jump opens a clause
            if self.clauses:  # the supporting sentence, from its first word
                candidates += list(self.sentence_roots.values())
            elif not glue:  # glue before the direct answer is written as itself
                candidates += list(self.roots.values())
                if self.position == 1:
                    candidates += list(self.first_roots.values())
        reached = [self.children[c][token] for c in candidates if token in self.children[c]]
        copying = any(token in self.children[c] for c in self.active)
        self.glue_run = self.glue_run + 1 if glue and not copying else 0
        if not glue or (self.clauses and not clause):  # a supporting sentence's first word
            if clause:
                reached = [r for r in reached if self.passage[r] == clause.n]
            elif reached:  # the first content word fixes the clause's passage
                n = min(self.passage[r] for r in reached)
                reached = [r for r in reached if self.passage[r] == n]
                self.clauses.append(Clause(start=self._clause_start(), n=n))
        if self.open and reached and not glue:
            self.open.sentences.update(self.sentence[r] for r in reached)
        self.active = reached
        self.boundary = glue or any(self.word_end[r] for r in reached)
        self.after_stop = token in vocab.full_stops
        self.last_glue = glue
        clause = self.open
        if clause and self.boundary and (not glue or self.after_stop):
            clause.last_word = self.position
            if not clause.adds:
                text = vocab.tokenizer.decode(self.tokens[clause.start :])
                clause.adds = bool(set(content_words(text)) - self.asked)

    def _clause_start(self) -> int:
        """Position of the clause's first token: after the last marker (glue included)."""
        if not self.clauses:
            return 0
        return self.clauses[-1].end + len(self.vocab.marker(self.clauses[-1].n))

    def _close(self) -> None:
        self.active, self.boundary, self.after_stop = [], True, False
        self.glue_run = 0
        if len(self.clauses) >= MAX_CLAUSES:
            self.done = True

    def finish(self) -> None:
        """End the direct answer, if the token or time limit cut it off, after its last
        whole copied word; a supporting sentence cut off is dropped."""
        clause = self.open
        if clause and not self.forced:
            if len(self.clauses) == 1 and clause.adds and clause.last_word > clause.start:
                clause.end = clause.last_word  # up to its last whole copied word
            else:  # a supporting sentence cut short
                self.clauses.pop()
        self.forced = []


def copy_processor(state: CopyState, prompt_length: int) -> Any:
    """A transformers LogitsProcessor that lets greedy decoding write only what `state`
    allows, feeding it each token the model wrote (one sequence, no beams)."""
    import torch
    from transformers import LogitsProcessor

    class CopyConstraint(LogitsProcessor):
        def __call__(self, input_ids: torch.LongTensor, scores: torch.Tensor) -> torch.Tensor:
            for token in input_ids[0, prompt_length + state.position :].tolist():
                state.feed(token)
            allowed = torch.tensor(sorted(state.allowed()), dtype=torch.long)
            masked = torch.full_like(scores, -float("inf"))
            masked[:, allowed] = scores[:, allowed]
            choice = int(masked[0].argmax())
            if state.closes(choice):  # the clause ends: its marker comes first
                masked = torch.full_like(scores, -float("inf"))
                masked[:, state.marker_start()] = 0.0
            return masked

    return CopyConstraint()
