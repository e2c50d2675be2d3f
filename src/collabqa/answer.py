"""Turn retrieved passages into an answer: the sentences that answer, each with its [n].

The answer is extractive: it quotes the sentence(s) of the retrieved passages closest to
the question (by the sentence vectors stored in the index), so every word shown is in a
source. Citations are numbered in the order the answer text cites them; passages that
were retrieved but not quoted follow, so the reader still sees them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from typing import Any, Callable

from .answer_types import (asks_reason, asks_whether, gives_reason, says_default,
                           states_negation)
from .corpus import BLANK_LINE
from .documents import has_words
from .gate import holds_answer
from .grounding import content_words
from .retrieve import Retrieval
from .stems import SPECIAL_TOKEN, stemmer

# Besides the best sentence and the one after it, the next best is quoted when it is
# nearly as close to the question as the best; more when they are closer still
# (MORE_MARGIN) while the answer's sentences stay within ANSWER_CHARS. The last two are
# chosen leave-one-corpus-out on the corpora of eval/, the rule being the most answers
# with the fact at a mean answer of at most 400 characters, a short paragraph (half of
# what a LangChain-style stack shows): docs/answer.md, scripts/fit_answer.py. (400, 0.15)
# from session 23 (seventeen corpora, 15 folds) to session 30 (twenty-eight, 16 folds);
# on thirty (session 31) every fold chooses these, as many facts as (400, 0.15) at 397
# characters against its 402. On forty-one (session 37) the rule and 27 folds pick (400,
# 0.15) again, four facts more in-sample (1381 against 1377 of 1748) at exactly the
# 400-character limit, but held out 1378: no gain, so (450, 0.1) stayed. On forty-three
# (session 38) the rule and 42 of 43 folds pick (400, 0.15): 1450 facts of 1838 at 399
# characters in-sample and held out, against (450, 0.1)'s 1444 at 393.
# On fifty-two (session 42) the rule and 50 of 51 folds keep (400, 0.15): held out 1728
# of 2198 at 397 characters; with session 43's sentence weights (below) the rule and 49
# of 51 folds keep it again: held out 1746 of 2198 at 399 characters. On fifty-three
# (session 44, with the why and yes-or-no terms below) all 52 folds keep it: held out
# 1793 of 2243 at 395 characters. On fifty-eight (session 48, the hits re-ranked by the
# idf-weighted late interaction) the rule picks (400, 0.2), six facts more than (400,
# 0.15) in-sample (2005 against 1999 of 2468) at exactly 400 characters against 383, with
# sentence weights (0.2, 0.15) that held out do no better than these (1968 against 1972
# in-sample): within noise, so nothing changed.
SECOND_SENTENCE_MARGIN = 0.2
# The lead is the first hit's sentence best by its score + LEAD_LATE_WEIGHT * its late
# interaction with the question (`lead_sentence`). Session 85's probe (scripts/
# probe_sentence_late.py, 40 corpora drawn with seed 11, 1,411 questions whose first hit
# holds the fact): the lead holds it in 830 without, 857 at 1.5 and 2.0. Chosen by
# scripts/fit_lead.py (session 86: 15,293 answerable questions of 342 corpora replayed,
# fit_answer's rule leaving one corpus out): the fact in 12,584 answers without, 12,613 at
# 1.5, 12,618 at 2.0, 12,619 at 3.0 (399.4 characters against 396.3), 12,617 at 6.0; 333
# of 342 folds pick 3.0, held out 12,610.
LEAD_LATE_WEIGHT = 3.0
# The sentence after the best comes along for being next, not for being close: from
# session 82 it gives up its place to a closer sentence the budget has no room for
# (YIELD_AFTER), but not when it points back at the best ("This allows you to ...",
# `_REFERS`; YIELD_POINTING_BACK). scripts/fit_yield.py replays the answers of 13,853
# answerable questions of 310 corpora over their recorded retrievals: the fact in 11,362
# answers at a mean of 398.2 characters against 11,313 at 397.2; giving way even when
# pointing back, 11,356 at 398.3. Chosen with the budget and margin (ANSWER_CHARS 375 /
# 400 / 425, MORE_MARGIN 0.15 / 0.2) by the answer length's rule leaving one corpus out:
# all 310 folds pick it at (400, 0.15). Two other places for it were tried and dropped
# (docs/history.md): last, outside the others' budget, and only when room is left.
YIELD_AFTER = True
YIELD_POINTING_BACK = False
MORE_MARGIN = 0.15
ANSWER_CHARS = 400
# ... from one of the top three hits only: cited passages are numbered first, so a quote
# from the fourth would push the third out of the top three [n] (on eval/, quoting from
# any hit put the fact in no more answers, and recall@3 of the citations was 0.900
# against 0.905).
QUOTE_DEPTH = 3
# A sentence that says one already quoted again, word for word but for a few words in
# their place, takes no room: docs repeat a paragraph for two options ("When exporting a
# CRS to the Climate and Forecast (CF) conventions, you need both ..." and "When importing
# a CRS from ..."), and the copy pushed out the sentence after the first, which held the
# fact. Near means the two sentences' words in order match for at least NEAR_REPEAT of
# them (`difflib`'s ratio: 0.90 there), and the later one is no longer, so adds nothing:
# "Prompt.ask(..., case_sensitive=False)" after "Prompt.ask(...)" is kept, as is "Config
# file take precedence over CLI options" beside "CLI options take precedence over config
# file" (the same words in another order, 0.71). Prose only: a table's rows and a list's
# items differ in the one word that is their fact ("requirements.txt | requirements |
# ...", "spec.txt | requirements | ..."). Nor is it a repeat when a word it has in place
# of the quoted one's is the question's: asked what replaces DictStructureFn, cattrs'
# "If you were using DictStructureFn, use ..." is no repeat of the same sentence about
# MappingStructureFn. Looser versions were tried first (session 91, docs/history.md).
NEAR_REPEAT = 0.8
# How much a sentence's use of the question's words, and holding the asked kind of thing,
# add to its closeness when choosing what to quote. The words weight was chosen
# leave-one-corpus-out on the ten corpora of eval/ from 0.1, 0.15, 0.2, 0.25 (each fold
# chose 0.15 or 0.2; held out the answer holds the fact for 283 of 373, 281 with 0.1);
# with three sentences quoted, 0.05 / 0.3 gave 277 / 279 in-sample, and a type weight
# of 0.1 did no better than 0.05. On fifty-two corpora (session 43) scripts/fit_answer.py
# chooses both by the answer length's rule (the most facts at a mean answer of at most
# 400 characters): (0.15, 0.2) in-sample and in 36 of 51 folds, (0.15, 0.15) or (0.15,
# 0.3) in the rest; held out 1748 of 2198 answers with the fact against (0.2, 0.05)'s
# 1729 (docs/answer.md): with less weight on the question's words and more on the asked
# kind, the 400 characters go more often to the sentence holding the fact. On fifty-three
# (session 44) the rule and 45 of 52 folds keep (0.15, 0.2).
WORDS_WEIGHT = 0.15
TYPE_WEIGHT = 0.2
# Asked why, a sentence giving a reason ("because", "so that"); asked yes or no, one saying
# "not", "only", "unless" (answer_types.py): each adds this much. Chosen by the same rule
# after the two above (session 44, fifty-three corpora, from 0 to 0.15): (0.1, 0.1)
# in-sample and in 51 of 52 folds; held out 1790 of 2243 answers with the fact against
# 1781 without either (docs/answer.md). Docs state the exception a yes-or-no question is
# about ("HTTP/2 support is not enabled by default"), and a reason after "because".
REASON_WEIGHT = 0.1
NEGATION_WEIGHT = 0.1
# Asked what happens by default, a sentence saying "default" adds this much (answer_types.
# says_default, of both): an option's default is often a short sentence of its own
# ("Default is audio.", "Defaults to `7d`."), which longer sentences about the option
# outscore on closeness. Chosen by scripts/fit_default.py (session 103, `--cached-only
# --skip` session 103's thirty-two corpora): the 898 answerable questions asking about a
# default of the 293 older corpora whose index was built, each answered over its recorded
# retrieval at 0 to 1.0; the folds leaving one corpus out pick 0.3 (292) or 0.15 (1), held
# out the fact in 750 answers against 717 without, the answers shorter (341 characters on
# average against 397: the short sentence leads). Checked on the thirty-two, held out:
# their 72 default questions, the fact in 6 answers more and 3 fewer (`collabqa eval`).
DEFAULT_WEIGHT = 0.3
# A sentence's closeness is half its own cosine, plus HIT_WEIGHT times its hit's score
# (the retriever's second stage, retrieve.rerank_score), which keeps a sentence matching by
# chance in an off-topic passage from winning. 0.5 until session 81, when that score
# changed scale (its late interaction weighs 3.0, not 1.0, so scores between hits are about
# three times as far apart). Chosen by the answer length's rule (the most facts at a mean
# answer of at most 400 characters) replaying the answers of 13,493 answerable questions
# of 302 corpora over the retrievals of the new stage, from 0.125 to 0.5: every fold
# leaving one corpus out picks 0.25; held out 11,017 answers with the fact (397.6
# characters on average) against 10,928 with 0.5 (386.3) and 11,056 with 0.125 (411.5).
HIT_WEIGHT = 0.25
# A code block is quoted after the sentence that introduces it ("To run the tests, use:"),
# not in its place: its words match a question's but say less to a reader. Any value from
# 0.05 to 0.2 puts the fact in the same answers on the ten corpora (two more than 0).
CODE_PENALTY = 0.1
_FENCE = re.compile(r"\s*(?:```|~~~)")
_DEFAULTS = re.compile(r"\w\(.*\b\w+\s*=\s*[^,)\s]")  # a signature with a default value
# A colon's table: how much of it the answer quotes (its header and first rows). 5 rows
# until session 64; with 8, the fact in 3 more answers of session 63's 7,013 (Pi-hole's
# six priorities, the last the lowest) and in none fewer (TABLE_CHARS bounds the length).
# Judged under the answer's 400-character rule (above) on all 167 question files
# (scripts/answer_rules.py, session 64): 5,956 answers of 7,373 with the fact at a mean
# answer of 398.4 characters against 5,952 at 398.1 with 5 rows; with `_points_ahead`
# too, 5,959 at 399.1 (`collabqa eval`). Two more rules were tried and dropped: the
# rest of a short list item coming with a quoted sentence of it (alone 5,952 at 398.8:
# no answer more), and a line ending with no stop announcing the next ("... use the
# following command": 20 more at 411.1 characters; held to 400, its best was 5,914).
TABLE_ROWS = 8
# A list item's later sentences are judged half by the item's first (`_in_items`). On all
# 175 question files (session 65, scripts/answer_rules.py): answers quoting such a
# sentence without its item's first 217 with 0 -> 212 (0.25), 202 (0.5), 194 (0.75); the
# fact in 6,255, 6,257, 6,256, 6,253 of 7,733 answers at (400, 0.15); leave-one-corpus-
# out under the length rule 172 of 174 folds pick 0.25, held out 6,255, as with none. The
# fact cannot tell them apart; half keeps fewer quotes cut from what they are about.
ITEM_WEIGHT = 0.5
TABLE_CHARS = 400
# A quote opening with a word that points back ("This is installed to allow you to use
# the --env-file option.", under the bold line naming python-dotenv) brings the sentence
# before it, when that is at most BACK_CHARS long. On 111 question files (session 59):
# the fact in 20 more answers of 4,853 and in none fewer, the mean answer 384 -> 393
# characters; all 20 on held-out corpora. BACK_CHARS 400 gave one fact more at 394.
# So does one opening with a connective that says how it follows from the sentence before
# ("Because of that regular coverage measurements ... are not reliable.", after "Some of
# the tests are executed in subprocesses."): a demonstrative phrase, a consequence, an
# alternative. On all 271 question files (session 77, 12,053 answers recorded by
# scripts/fit_answer.py): the fact in 9,783 answers at 398.3 characters; with the
# demonstrative phrases 9,787; with the consequences too 9,793; with "Otherwise" and
# "Instead" 9,794 at 399.4, none fewer on any corpus; "However" too, 9,797 at 400.6, over
# the answer's 400-character mean (scripts/answer_rules.py's rule), so left out.
_REFERS = re.compile(r"(?:This|These|That|It|They|Its|Their|Such"
                     r"|In (?:this|that|such a) case|For (?:this|that) reason"
                     r"|Because of (?:this|that)|As a result|Therefore|Thus|Hence"
                     r"|Consequently|Otherwise|Instead)\b")
BACK_CHARS = 200
# ... and one right under a term on a line of its own brings the term (`_is_term`): on all
# 279 question files (session 78, 12,413 answers recorded by scripts/fit_answer.py) the
# fact in 10,070 answers against 10,069, none fewer on any corpus, the mean answer 399.9
# characters. Pieces of one fenced code block that blank lines cut apart, quoted one after
# the other, are one quote with one marker (JOIN_CODE): the same answers hold the fact,
# 0.2 characters shorter on average. Following a block announced by a colon whole was
# tried too: 12 more facts at 404.3 characters, fewer than the answer's budget buys with
# them (docs/history.md).
TERM_LABELS = True
# A term is one name or several, a man page's option and its aliases ("--no-tags, -n" over
# "Do not list the available tags ..."): session 87, replaying 15,653 answerable questions
# of 351 question files (scripts/fit_answer.py's recording), the fact in 12,909 answers against
# 12,908 (skopeo's man pages), none fewer on any corpus, the mean answer 399.8 characters.
TERM_ALIASES = True
_ALIASES = re.compile(r",\s+")
JOIN_CODE = True
# ... and the first sentence after a short code block that opens its section (a command's
# or a call's usage right under its heading: asdf's "Info" over `asdf info`, then "A
# helper command to print the OS, Shell and asdf debug information.") brings the block,
# at most BACK_CHARS long once read: the prose says what the block does, the block is
# what to type (`_opens_section`).
OPENING_CODE = True
# A sentence pointing at what comes after it (`_points_ahead`).
_AHEAD = re.compile(r"\b(?:the following|as follows|below)\b", re.I)
# A reference entry (a heading naming an option, a setting) gives its values on short
# lines of their own ("+ Default: `1048576` (1MiB)", "Type: number"), often before what
# it says ("Defines the maximum payload ..."), and those lines' words are too few to
# match a question: when the answer opens under such an entry, its first VALUE_LINES
# lines of a label and a value, of at most VALUE_WORDS words, come along. On 128
# question files (session 60): the fact in 2 more answers (Fastify's bodyLimit, Cargo's
# http.timeout) and in none fewer; not fitted (values any reader would pick).
_VALUE_LINE = re.compile(r"[^\W\d_][\w.-]*(?: [\w.-]+){0,2}: +\S")
VALUE_WORDS = 6
VALUE_LINES = 2
_TOKEN = re.compile(rf"{SPECIAL_TOKEN}|\w+")  # a sentence's words, "-s", "1.7" too
NOT_FOUND = (
    "I couldn't find an answer to that in the documents. "
    "The closest passages are listed below, but they don't seem to cover it."
)
NEAR_MISS = (
    "The documents mention {subject}, but I couldn't find the answer to \u201c{question}\u201d "
    "in them. The closest passages are listed below."
)
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
# After a name: a note in brackets ("(experimental)", "(optional)"), or a reST definition
# term's classifiers ("NotebookNotary.algorithm : any of 'md5'|'sha256'", "timeout : int",
# as traitlets and numpydoc write a setting's or parameter's type). Session 84, on the
# eleven question files with such a heading: the fact in one more answer (Jupyter
# Server's config reference, its "Default: 'sha256'" line now coming along), no other
# outcome moved.
_QUALIFIER = re.compile(r"\s+\([^()]*\)$|\s+:\s.*$")
_IDENTIFIER = re.compile(r"(?=\S*?(?:[._\-/:=]\w|\d|[a-z][A-Z]))[^\s.,;:!?]\S*(?<![.,;:!?])")


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
    span: tuple[int, int]  # in the hit's text (its passage with neighbours)
    score: float


def rank_sentences(retrieval: Retrieval, question: str = "") -> list[_Sentence]:
    """Every quotable sentence of the retrieved passages, closest to the question first.

    A sentence is scored by half its own cosine plus HIT_WEIGHT times its hit's score:
    the hit's score keeps a sentence that matches by chance in an off-topic passage from
    winning.
    Small terms pick, among close sentences, the one carrying the fact: the share of
    the question's words (idf-weighted) it uses, and whether it holds the kind of thing
    asked for (a name for "who", a date for "when", a number for "how many"), gives a
    reason when asked why, or says "not" / "only" when asked yes or no.
    A fenced code block ranks a little lower than prose as close to the question.
    Headings that open a passage are not quotable: they name a topic, never answer (but
    one defining the abbreviation asked, or a call's signature giving a default of the
    kind asked); nor is a "sentence" that is only markup (a `<div>` line of a README).
    """
    kind = retrieval.asked if question else None
    why, whether = asks_reason(question), asks_whether(question)
    default = DEFAULT_WEIGHT and says_default(question)
    total = sum(retrieval.words.values())
    sentences = []
    for i, hit in enumerate(retrieval.hits):
        for span, sim in zip(hit.sentences, _in_items(hit)):
            text = hit.text[span[0] : span[1]]
            holds = kind is not None and holds_answer(text, kind, question)
            # A heading answers only what an abbreviation stands for ("Write-Ahead Log (WAL)")
            # or, a call's signature, the defaults it gives ("cache_configure(*,
            # idna_encode_size=256)": an API entry's heading).
            if ((len(hit.sentence_scores) > 1 and hit.passage.names_section(text)
                 and not (holds and (kind == "expansion" or _DEFAULTS.search(text))))
                    or not _readable(hit, text)):
                continue
            score = 0.5 * sim + HIT_WEIGHT * hit.score
            if total:
                used = set(stemmer().stemWords(_TOKEN.findall(text.lower())))
                score += WORDS_WEIGHT * sum(v for w, v in retrieval.words.items() if w in used) / total
            if holds:
                score += TYPE_WEIGHT
            if why and gives_reason(text):
                score += REASON_WEIGHT
            if whether and states_negation(text):
                score += NEGATION_WEIGHT
            if default and says_default(text):
                score += DEFAULT_WEIGHT
            if _FENCE.match(text):
                score -= CODE_PENALTY
            sentences.append(_Sentence(i, span, score))
    return sorted(sentences, key=lambda s: -s.score)


def _in_items(hit) -> list[float]:
    """The closeness of each sentence of a hit to the question, a sentence inside a list
    item after its first judged with the item (ITEM_WEIGHT of the item's first sentence's):
    "Defaults to `navy`." is about the option its item names, and an option's "Defaults
    to `true`." next to it is not, however alike the two read alone."""
    scores = hit.sentence_scores
    return [sim if lead is None else (1 - ITEM_WEIGHT) * sim + ITEM_WEIGHT * scores[lead]
            for sim, lead in zip(scores, item_leads(hit))]


def item_leads(hit) -> list[int | None]:
    """For each sentence of a hit, the index of the first sentence of the list item it is a
    later sentence of (no blank line between), else None."""
    out: list[int | None] = []
    lead: int | None = None
    end = 0
    for k, (a, b) in enumerate(hit.sentences):
        if _LIST_MARKER.match(hit.text[a:b]):
            lead = k
            out.append(None)
        elif lead is not None and BLANK_LINE.search(hit.text, end, a) is None:
            out.append(lead)
        else:
            lead = None
            out.append(None)
        end = b
    return out


def extractive_answer(
    question: str, retrieval: Retrieval, timings: dict[str, float]
) -> Answer:
    """Quote the best sentence(s) with [n] markers, or say the documents don't cover it."""
    if not retrieval.grounded:
        citations = [_citation(n, hit, []) for n, hit in enumerate(retrieval.hits, 1)]
        verdict = retrieval.verdict
        text = NOT_FOUND
        if verdict.reason == "near_miss" and verdict.subject:
            text = NEAR_MISS.format(subject=verdict.subject, question=question)
        return Answer(question, text, citations, False, "none", timings)

    ranked = rank_sentences(retrieval, question)
    # The answer opens with the best sentence of the best passage: passage ranking uses
    # keyword evidence and whole-passage context that a lone sentence's score lacks.
    quotes: dict[tuple[int, tuple[int, int]], str] = {}

    def quote(s: _Sentence) -> str:  # each sentence read once (it may parse Markdown)
        key = (s.hit, s.span)
        if key not in quotes:
            quotes[key] = _quote(retrieval, s)
        return quotes[key]

    lead = lead_sentence(retrieval, ranked)
    chosen = [lead]
    # The sentence after it comes along: the sentence closest to the question often names
    # the topic and the next one carries the fact ("CORD-19 is an open dataset of ...
    # The dataset, created by a consortium that included the Allen Institute ...").
    after = next(iter(_later(retrieval, lead, ranked)), None)
    if after is not None and quote(after) != quote(lead):
        chosen.append(after)
    # It comes along for being next, so it gives way (YIELD_AFTER) to a closer sentence
    # the answer's budget has no room for; but not one pointing back at the best, whose
    # "This allows you to ..." is what the best sentence goes on to say.
    yields = YIELD_AFTER and after in chosen and (
        YIELD_POINTING_BACK or not _REFERS.match(quote(after)))
    chosen += [x for x in _entry_values(retrieval, lead, ranked, quote) if x not in chosen]
    # Then the next best sentence, from any of the top hits, when nearly as close; more
    # when closer still, while the answer stays short.
    extra = 0
    asked = set(_TOKEN.findall(question.casefold()))
    for s in ranked:
        if s.score < lead.score - (MORE_MARGIN if extra else SECOND_SENTENCE_MARGIN):
            break
        if s.hit >= QUOTE_DEPTH or s in chosen or quote(s) in {quote(c) for c in chosen}:
            continue  # no repeats
        if (NEAR_REPEAT and not _shown_apart(retrieval.hits[s.hit], s.span)
                and any(_repeats(quote(s), quote(c), asked) for c in chosen)):
            continue  # nor near ones in prose
        length = sum(len(quote(c)) for c in chosen) + len(quote(s))
        if extra and length > ANSWER_CHARS:
            if not (yields and after in chosen and after.score < s.score
                    and length - len(quote(after)) <= ANSWER_CHARS):
                continue
            chosen.remove(after)
        chosen.append(s)
        extra += 1
    # A quote that opens by pointing back ("This is installed to allow you to use the
    # --env-file option.") brings the sentence it points to, the one before it.
    # So does one right under a term on a line of its own (a definition list's, an
    # `envvar` entry's "PYTEST_XDIST_WORKER_COUNT" over "The total number of workers in
    # this session ..."): a description never repeats the name it describes.
    for s in list(chosen):
        before = max((x for x in ranked if x.hit == s.hit and x.span[1] <= s.span[0]),
                     key=lambda x: x.span, default=None)
        if before is None or before in chosen:
            continue
        hit = retrieval.hits[s.hit]
        if (_REFERS.match(quote(s)) and len(quote(before)) <= BACK_CHARS) or (
                TERM_LABELS and _is_term(hit, before, s, quote(before))) or (
                OPENING_CODE and len(quote(before)) <= BACK_CHARS
                and _opens_section(hit, before, s)):
            chosen.append(before)
    # A sentence ending in a colon announces what follows it ("run these commands:"):
    # the sentence after it comes along, or the table or list after it, a few rows of it;
    # and when what comes is a label ending in a colon too (a tab's "Bash:" after "run one
    # of the following:"), what it labels, or the label would sit before a later quote.
    # A question the text asks itself ("How often? Monthly is a common baseline ...", an
    # FAQ's) is answered by what follows it the same way: on nineteen held-out corpora
    # (session 62) the fact in 3 more answers of 855 and in none fewer. So is a sentence
    # ending its paragraph that points at the block after it (`_points_ahead`: "To use
    # this strategy run the following command ..." over a code block; session 64).
    announced = [(s, 0) for s in chosen]
    for s, depth in announced:  # grows as it goes: a follower is looked at in its turn
        if depth > 1:
            continue
        said = quote(s)
        pointing = not said.endswith((":", "?"))
        if pointing and not _points_ahead(retrieval, s, said):
            continue
        taken = {(c.hit, c.span) for c in chosen}
        came = [f for f in _followers(retrieval, s, ranked) if (f.hit, f.span) not in taken]
        if pointing and not (came and _shown_apart(retrieval.hits[came[0].hit], came[0].span)):
            continue  # "the following" in prose points at a block: code, a list, a table
        chosen.extend(came)
        announced.extend((f, depth + 1) for f in came)
    # Best passage first; within one passage, reading order, so the answer reads naturally.
    by_hit: dict[int, list[_Sentence]] = {}
    for s in chosen:
        by_hit.setdefault(s.hit, []).append(s)
    chosen = [s for group in by_hit.values() for s in sorted(group, key=lambda s: s.span)]

    order = number_hits([s.hit for s in chosen], len(retrieval.hits))
    # Each sentence closes with its marker; rows of one table, items of one list, are one
    # quote ("a; b; c").
    # So are the pieces of one fenced code block that blank lines cut into sentences.
    quoted: list[tuple[int, list[str], bool]] = []  # (hit, texts, rows or items)
    last: _Sentence | None = None
    for s in chosen:
        row = _is_item(retrieval.hits[s.hit], s.span)
        if (JOIN_CODE and last is not None and last.hit == s.hit
                and _same_block(retrieval.hits[s.hit], last.span, s.span)):
            quoted[-1][1][-1] += " " + quote(s)
        elif row and quoted and quoted[-1][0] == s.hit and quoted[-1][2]:
            quoted[-1][1].append(quote(s))
        else:
            quoted.append((s.hit, [quote(s)], row))
        last = s
    labelled: set[int] = set()
    for hit, texts, _ in quoted:  # the first quote of an entry names it ("http.timeout: ...")
        name = _entry_name(retrieval.hits[hit])
        if hit not in labelled and name and name.casefold() not in " ".join(texts).casefold():
            texts[0] = f"{name}: {texts[0]}"
        labelled.add(hit)
    parts = [f"{_items(texts)} [{order[hit]}]" for hit, texts, _ in quoted]
    highlights = {i: sorted(s.span for s in chosen if s.hit == i) for i in order}
    citations = sorted(
        (_citation(order[i], retrieval.hits[i], highlights[i]) for i in order),
        key=lambda c: c.n,
    )
    return Answer(question, " ".join(parts), citations, True, "extractive", timings)


def lead_sentence(retrieval: Retrieval, ranked: list[_Sentence]) -> _Sentence:
    """The sentence the answer opens with: the best passage's best, its score here with
    LEAD_LATE_WEIGHT times its late interaction with the question added (each question
    token's closest token in it, `Retriever.sentence_late`): a sentence's mean vector
    blurs the one word it answers with into the rest of it; token by token it does not."""
    mine = [s for s in ranked if s.hit == 0]
    if not mine:
        return ranked[0]
    hit = retrieval.hits[0]
    if not (LEAD_LATE_WEIGHT and hit.sentence_late):
        return mine[0]
    late = dict(zip(hit.sentences, hit.sentence_late))
    return max(mine, key=lambda s: s.score + LEAD_LATE_WEIGHT * late.get(s.span, 0.0))


def _items(texts: list[str]) -> str:
    """Rows or items quoted as one: "a; b; c", but an item ending in a colon runs into
    what it announces ("Decimal: Standard Python Decimal.", not "Decimal:; Standard")."""
    out = texts[0]
    for text in texts[1:]:
        out += (" " if out.endswith(":") else "; ") + text
    return out


def _quote(retrieval: Retrieval, s: _Sentence) -> str:
    """A sentence as the answer quotes it: one line, no Markdown, no list marker."""
    hit = retrieval.hits[s.hit]
    plain = hit.passage.plain_at(hit.text, *s.span)
    return " ".join(_LIST_MARKER.sub("", plain).split())


def _entry_name(hit) -> str:
    """The name of the reference entry a hit is under (its heading: an option, a setting,
    a function: one word with a dot, dash, slash, colon, digit or inner capital, as
    `--offline`, `http.timeout`, `MAX_CONTENT_LENGTH`, a note in brackets or a reST
    term's classifiers after it left out: "throwSuggestions (experimental)",
    "NotebookNotary.algorithm : any of ..."), else "". The sentences under such a heading
    say what it does and seldom repeat its name, which is what was asked."""
    name = _QUALIFIER.sub("", hit.passage.section.rpartition(" > ")[2])
    return name if _IDENTIFIER.fullmatch(name) else ""


def _readable(hit, text: str) -> bool:
    """Whether a sentence has words once read (a `<div>` line or a link reference
    definition has none), not only glue words: a PDF's "The" left before a figure at a
    page's foot says nothing."""
    return bool(content_words(text)) and has_words(text, hit.passage.source)


def _later(retrieval: Retrieval, s: _Sentence, ranked: list[_Sentence]) -> list[_Sentence]:
    """The quotable sentences after `s` in reading order: the rest of its hit's text,
    then, when one of the top QUOTE_DEPTH hits shows the passage that comes next in the
    same section (the window could not hold both), that hit's. A passage cut at a list's
    item otherwise loses the item's answer ("`timedelta`:" ending one passage, "... a
    float of total seconds" opening the next)."""
    hit = retrieval.hits[s.hit]
    out = sorted((x for x in ranked if x.hit == s.hit and x.span[0] >= s.span[1]),
                 key=lambda x: x.span)
    follows = next((j for j, other in enumerate(retrieval.hits[:QUOTE_DEPTH])
                    if other.rows[0] == hit.rows[-1] + 1
                    and other.passage.source == hit.passage.source
                    and other.passage.section == hit.passage.section), None)
    if follows is not None:
        out += sorted((x for x in ranked if x.hit == follows), key=lambda x: x.span)
    return out


def _entry_values(retrieval: Retrieval, s: _Sentence, ranked: list[_Sentence],
                  quote: Callable[[_Sentence], str]) -> list[_Sentence]:
    """When `s` is under a reference entry (`_entry_name`), the entry's label-and-value
    lines (`_VALUE_LINE`, each a line of its own of at most VALUE_WORDS words) in its
    hit, the first VALUE_LINES of them."""
    hit = retrieval.hits[s.hit]
    if not _entry_name(hit):
        return []
    out: list[_Sentence] = []
    for x in sorted((x for x in ranked if x.hit == s.hit and x != s), key=lambda x: x.span):
        line = quote(x)
        if _own_line(hit, x.span) and _VALUE_LINE.match(line) and len(line.split()) <= VALUE_WORDS:
            out.append(x)
    return out[:VALUE_LINES]


def _followers(retrieval: Retrieval, s: _Sentence, ranked: list[_Sentence]) -> list[_Sentence]:
    """The readable sentence after `s` (`_later`); when that is a table's row or a list's
    item, the rows or items after it too, up to TABLE_ROWS of them or TABLE_CHARS
    characters."""
    later = _later(retrieval, s, ranked)
    if not later:
        return []
    items: list[_Sentence] = []
    for x in later:
        a, b = x.span
        if not _is_item(retrieval.hits[x.hit], x.span) or len(items) == TABLE_ROWS or (
                items and sum(y.span[1] - y.span[0] for y in items) + b - a > TABLE_CHARS):
            break
        items.append(x)
    return [_Sentence(x.hit, x.span, s.score) for x in items or later[:1]]


def _points_ahead(retrieval: Retrieval, s: _Sentence, text: str) -> bool:
    """Whether a sentence ending its paragraph points at what comes after it ("To use this
    strategy run the following command to select it as the default.", "... as follows.",
    "... the commands below."), with a stop."""
    hit = retrieval.hits[s.hit]
    return bool(_AHEAD.search(text)) and hit.text[s.span[1] : s.span[1] + 1] == "\n" and \
        not _is_item(hit, s.span)


def _shown_apart(hit, span: tuple[int, int]) -> bool:
    """Whether a sentence of a hit is a block of its own kind: code, a list's item, a row."""
    return bool(_FENCE.match(hit.text[span[0]:span[1]])) or _is_item(hit, span)


def _is_term(hit, term: _Sentence, s: _Sentence, text: str) -> bool:
    """Whether `term`, the sentence right before `s` in a hit, is the name `s` describes:
    one identifier (`_IDENTIFIER`: `PYTEST_XDIST_WORKER_COUNT`, `--dist`, `http.timeout`),
    or several separated by commas (an option and its aliases: "--no-tags, -n"), on a
    line of its own, with nothing but white space between the two."""
    names = _ALIASES.split(text) if TERM_ALIASES else [text]
    return (all(_IDENTIFIER.fullmatch(name) for name in names) and _own_line(hit, term.span)
            and not hit.text[term.span[1]:s.span[0]].strip())


def _opens_section(hit, code: _Sentence, s: _Sentence) -> bool:
    """Whether `code`, the sentence right before `s` in a hit, is a fenced code block
    (whole) that opens its section, and `s` is prose right after it: nothing but white
    space between them, and nothing before the block but its heading's line."""
    block = hit.text[code.span[0]:code.span[1]]
    opening, _, rest = block.partition("\n")
    if not (hit.passage.is_markdown and _FENCE.match(opening)
            and not opening.lstrip(" \t`~").startswith("{")  # no MyST directive
            and _FENCE.match(rest.rpartition("\n")[2])  # the whole block
            and not _FENCE.match(hit.text[s.span[0]:s.span[1]])
            and not hit.text[code.span[1]:s.span[0]].strip()):
        return False
    heading = hit.text[: code.span[0]].rstrip().rpartition("\n")[2]
    return bool(heading) and hit.passage.names_section(heading.lstrip("#").strip())


def _same_block(hit, first: tuple[int, int], then: tuple[int, int]) -> bool:
    """Whether `then` goes on the fenced code block `first` is a piece of: nothing but
    white space between them, and the end of `first` inside a Markdown fence still open
    (`prepare.open_fence`, as `Passage.plain_at` reads a sentence as code)."""
    if (not hit.passage.is_markdown or hit.text[first[1]:then[0]].strip()
            or _FENCE.match(hit.text[then[0]:then[1]])):
        return False
    from .formats.prepare import open_fence

    return open_fence(hit.text, first[1]) is not None


def _is_item(hit, span: tuple[int, int]) -> bool:
    """Whether a sentence of a hit is a row of a table or an item of a list (each row,
    each item is a sentence of its own): a Markdown table's "| a | b |" row, or a whole
    line "a | b" beside another, as the HTML, reST, Word and PDF loaders write a table."""
    text = hit.text[span[0] : span[1]]
    if text.startswith("|") or _LIST_MARKER.match(text):
        return True
    if " | " not in text or "\n" in text or not _own_line(hit, span):
        return False
    above = hit.text[: span[0]].rstrip("\n").rpartition("\n")[2]
    below = hit.text[span[1] :].lstrip("\n").partition("\n")[0]
    return " | " in above or " | " in below


def _own_line(hit, span: tuple[int, int]) -> bool:
    """Whether a sentence of a hit starts and ends a line of the hit's text."""
    return hit.text[span[0] - 1 : span[0]] in ("", "\n") and \
        hit.text[span[1] : span[1] + 1] in ("", "\n")


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
        text=hit.text,
        title=p.title,
        section=p.section,
        source=p.source,
        score=round(hit.dense, 4),
        passage_id=p.id,
        highlights=list(highlights),
        page=hit.page,
    )


def _repeats(text: str, other: str, asked: set[str]) -> bool:
    """Whether a sentence says `other` again: no longer than it, their words in order
    matching for at least NEAR_REPEAT of them (`difflib.SequenceMatcher.ratio`), and none
    of the words it has in place of other's among the question's (`asked`)."""
    words, others = _TOKEN.findall(text.casefold()), _TOKEN.findall(other.casefold())
    return (bool(words) and len(words) <= len(others) and not ((set(words) - set(others)) & asked)
            and SequenceMatcher(None, words, others, autojunk=False).ratio() >= NEAR_REPEAT)
