"""Score retrieval and abstention on a question file: `collabqa eval --questions FILE`.

A question file is JSON Lines, one question per line:

    {"corpus": "eval/corpora/notes"}                         (optional: what it is about)
    {"q": "Who founded ImageNet?", "expect": ["Fei-Fei Li"]}
    {"q": "What is the population of Tokyo?", "abstain": true}
    {"q": "Who founded Wildbook?", "abstain": true, "near_miss": true}

A near-miss question names something the documents mention but asks a fact they don't
hold; it should be refused like an off-topic one, and is counted apart.

A citation is a hit when any `expect` phrase occurs in its text (case-insensitive,
whitespace collapsed), as stored or as a reader sees it: a phrase taken from a built
Markdown page ("written in Ruby") is in a passage that writes `written in [Ruby]`.
The reading is taken after the question is timed, for every system alike (the source is
the part of a citation's id before "#"). A question's rank is the position of its first
hit in the citation list, in the order the answer shows them. An answerable question that is refused
(`grounded == False`) counts as a miss at every depth: the user was told "not found".
`answer_has_fact` is the share of answerable questions whose answer was given (grounded)
and whose text contains an expected phrase. Lines without a `"q"` are metadata; a
`"corpus"` folder there (relative to the current folder or the file's project) lets
`collabqa eval` build an index of it when no `--index` is given.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .cache import cache_root
from .errors import InvalidQuestionError, QuestionFileError

DEPTHS = (1, 3, 5)


@dataclass(frozen=True)
class Question:
    """One line of a question file."""

    q: str
    expect: tuple[str, ...] = ()
    abstain: bool = False
    near_miss: bool = False

    @property
    def kind(self) -> str:
        """"answerable", "off_topic" or "near_miss"."""
        if not self.abstain:
            return "answerable"
        return "near_miss" if self.near_miss else "off_topic"


@dataclass(frozen=True)
class Outcome:
    """What one system returned for one question."""

    question: Question
    passages: list[str]  # passage texts, best first (citation order)
    grounded: bool
    latency_ms: float
    passage_ids: list[str] = field(default_factory=list)
    text: str = ""  # the answer text shown to the user
    readings: list[str] = field(default_factory=list)  # `passages` as a reader sees them

    @property
    def has_fact(self) -> bool:
        """An answer was given and its text holds an expected phrase."""
        if not self.grounded or self.question.abstain:
            return False
        body = _norm(self.text)
        return any(_norm(p) in body for p in self.question.expect)

    @property
    def rank(self) -> int | None:
        """1-based position of the first passage holding an expected phrase, else None."""
        if not self.grounded or self.question.abstain:
            return None
        return first_hit(self.question.expect, self.passages, self.readings or self.passages)


@dataclass(frozen=True)
class EvalReport:
    """Metrics over one question file; `to_dict()` is the `--json` output."""

    questions_path: str
    k: int
    answerable: int
    to_refuse: int
    recall: dict[int, float]  # depth -> share of answerable questions with a hit in top depth
    mrr: float
    abstention_accuracy: float | None  # None when the file has no question to refuse
    answer_has_fact: float
    off_topic_refused: float | None  # shares; None when the file has no such question
    near_miss_refused: float | None
    answerable_refused: float
    false_abstentions: list[str]
    missed: list[str]  # answerable questions with no hit in the top k
    mean_citation_chars: float
    mean_answer_chars: float  # length of the answer text of answerable questions answered
    latency_ms_p50: float
    latency_ms_p95: float
    outcomes: list[Outcome]
    # Answerable questions whose expected phrases are in no passage of the index
    # (`absent_phrases`): they can only count as misses.
    not_in_corpus: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "questions_path": self.questions_path,
            "k": self.k,
            "answerable": self.answerable,
            "to_refuse": self.to_refuse,
        }
        data.update({f"recall@{d}": round(r, 4) for d, r in self.recall.items()})
        data.update(
            mrr=round(self.mrr, 4),
            abstention_accuracy=_round(self.abstention_accuracy),
            answer_has_fact=round(self.answer_has_fact, 4),
            off_topic_refused=_round(self.off_topic_refused),
            near_miss_refused=_round(self.near_miss_refused),
            answerable_refused=round(self.answerable_refused, 4),
            false_abstentions=self.false_abstentions,
            missed=self.missed,
            not_in_corpus=self.not_in_corpus,
            mean_citation_chars=round(self.mean_citation_chars, 1),
            mean_answer_chars=round(self.mean_answer_chars, 1),
            latency_ms_p50=round(self.latency_ms_p50, 2),
            latency_ms_p95=round(self.latency_ms_p95, 2),
            questions=[
                {
                    **asdict(o.question),
                    "grounded": o.grounded,
                    "rank": o.rank,
                    "has_fact": o.has_fact,
                    "latency_ms": round(o.latency_ms, 2),
                    "passage_ids": o.passage_ids,
                }
                for o in self.outcomes
            ],
        )
        return data

    def _count(self, kind: str) -> int:
        return sum(1 for o in self.outcomes if o.question.kind == kind)

    def format(self) -> str:
        """The human-readable report `collabqa eval` prints."""
        lines = [
            f"questions:           {self.answerable + self.to_refuse} ({self.answerable} "
            f"answerable, {self.to_refuse} to refuse) from {self.questions_path}",
        ]
        lines += [f"recall@{d}:            {r:.3f}" for d, r in self.recall.items()]
        lines.append(f"MRR:                 {self.mrr:.3f}")
        if self.abstention_accuracy is None:
            lines.append("abstention accuracy: - (no question to refuse)")
        else:
            refused = round(self.abstention_accuracy * self.to_refuse)
            lines.append(
                f"abstention accuracy: {self.abstention_accuracy:.3f} "
                f"({refused}/{self.to_refuse} refused)"
            )
        lines.append(f"answer has the fact: {self.answer_has_fact:.3f}")
        for label, share, count in (
            ("off-topic refused:  ", self.off_topic_refused, self._count("off_topic")),
            ("near-miss refused:  ", self.near_miss_refused, self._count("near_miss")),
        ):
            if share is not None:
                lines.append(f"{label} {share:.3f} ({round(share * count)}/{count})")
        lines.append(f"false abstentions:   {len(self.false_abstentions)}")
        lines.append(f"mean cited passage:  {self.mean_citation_chars:.0f} characters")
        lines.append(f"mean answer:         {self.mean_answer_chars:.0f} characters")
        lines.append(
            f"latency p50/p95:     {self.latency_ms_p50:.1f} / {self.latency_ms_p95:.1f} ms (warm)"
        )
        for title, items in (
            ("answerable but refused", self.false_abstentions),
            (f"no hit in the top {self.k}", self.missed),
            ("should be refused but answered", [
                o.question.q for o in self.outcomes if o.question.abstain and o.grounded
            ]),
            ("expected phrase in no passage of the index (check the question or the "
             "corpus)", self.not_in_corpus),
        ):
            if items:
                lines.append(f"{title}:")
                lines += [f"  - {q}" for q in items]
        return "\n".join(lines)


# --------------------------------------------------------------------------- reading


def load_questions(path: str | Path) -> list[Question]:
    """Parse a question file; QuestionFileError names the line at fault."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise QuestionFileError(f"no question file at {path} - pass --questions FILE") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionFileError(f"cannot read question file {path}: {exc}") from None
    questions = []
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise QuestionFileError(f"{path}:{no}: not valid JSON ({exc})") from None
        if not isinstance(record, dict):
            raise QuestionFileError(f"{path}:{no}: expected a JSON object")
        if "q" not in record:
            continue  # metadata line, e.g. {"corpus": ...}
        questions.append(_question(record, f"{path}:{no}"))
    if not questions:
        raise QuestionFileError(f"{path} holds no questions - expected lines like "
                                '{"q": "...", "expect": ["..."]}')
    return questions


def _question(record: dict[str, Any], where: str) -> Question:
    q, expect, abstain = record.get("q"), record.get("expect", []), record.get("abstain", False)
    near_miss = record.get("near_miss", False)
    if not isinstance(q, str) or not q.strip():
        raise QuestionFileError(f"{where}: \"q\" must be a non-empty string")
    if isinstance(expect, str):
        expect = [expect]
    if not isinstance(expect, list) or not all(isinstance(e, str) and e.strip() for e in expect):
        raise QuestionFileError(f"{where}: \"expect\" must be a list of non-empty strings")
    if not isinstance(abstain, bool):
        raise QuestionFileError(f"{where}: \"abstain\" must be true or false")
    if not abstain and not expect:
        raise QuestionFileError(f"{where}: give \"expect\" phrases or \"abstain\": true")
    if not isinstance(near_miss, bool) or (near_miss and not abstain):
        raise QuestionFileError(f"{where}: \"near_miss\": true goes with \"abstain\": true")
    return Question(q, tuple(expect), abstain, near_miss)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def first_hit(expect: Sequence[str], texts: Sequence[str], readings: Sequence[str]) -> int | None:
    """1-based position of the first text holding an expected phrase in itself or in its
    reading (the same text as a reader sees it), else None."""
    phrases = [_norm(p) for p in expect]
    for i, (text, reading) in enumerate(zip(texts, readings), 1):
        bodies = {_norm(text), _norm(reading)}
        if any(p in body for p in phrases for body in bodies):
            return i
    return None


# --------------------------------------------------------------------------- scoring


def run(
    questions: Iterable[Question],
    search: Callable[[str], tuple[list[str], bool, list[str], str]],
    *,
    warmup: bool = True,
) -> list[Outcome]:
    """Ask each question through `search` (-> texts, grounded, ids, answer), timing each.

    The first question is asked once untimed, so model loading and lazy index building
    do not count as latency: the figures are for a warm process. Each passage's reading
    (`documents.as_read`) is taken after the clock stops.
    """
    from .documents import as_read

    questions = list(questions)
    if warmup and questions:
        search(questions[0].q)
    outcomes = []
    for question in questions:
        start = time.perf_counter()
        texts, grounded, ids, text = search(question.q)
        ms = (time.perf_counter() - start) * 1000
        readings = [as_read(t, i.rpartition("#")[0]) for t, i in zip(texts, ids)]
        outcomes.append(Outcome(question, texts, grounded, ms, ids, text, readings))
    return outcomes


def score(outcomes: Sequence[Outcome], *, k: int, questions_path: str = "") -> EvalReport:
    """Metrics over outcomes; see the module docstring for what counts as a hit."""
    import numpy as np

    answerable = [o for o in outcomes if not o.question.abstain]
    refuse = [o for o in outcomes if o.question.abstain]
    ranks = [o.rank for o in answerable]
    n = len(answerable)
    recall = {d: (sum(1 for r in ranks if r is not None and r <= d) / n if n else 0.0)
              for d in DEPTHS}
    mrr = sum(1.0 / r for r in ranks if r is not None) / n if n else 0.0
    # Length of what a reader is shown as sources when an answer is given.
    shown = [len(t) for o in outcomes if o.grounded for t in o.passages[:k]]
    shown = shown or [len(t) for o in outcomes for t in o.passages[:k]]
    answers = [len(o.text) for o in answerable if o.grounded]
    latencies = [o.latency_ms for o in outcomes] or [0.0]
    return EvalReport(
        questions_path=questions_path,
        k=k,
        answerable=n,
        to_refuse=len(refuse),
        recall=recall,
        mrr=mrr,
        abstention_accuracy=(
            sum(1 for o in refuse if not o.grounded) / len(refuse) if refuse else None
        ),
        answer_has_fact=sum(o.has_fact for o in answerable) / n if n else 0.0,
        off_topic_refused=_share(
            [not o.grounded for o in refuse if o.question.kind == "off_topic"]),
        near_miss_refused=_share(
            [not o.grounded for o in refuse if o.question.kind == "near_miss"]),
        answerable_refused=sum(not o.grounded for o in answerable) / n if n else 0.0,
        false_abstentions=[o.question.q for o in answerable if not o.grounded],
        missed=[o.question.q for o, r in zip(answerable, ranks) if r is None and o.grounded],
        mean_citation_chars=float(np.mean(shown)) if shown else 0.0,
        mean_answer_chars=float(np.mean(answers)) if answers else 0.0,
        latency_ms_p50=float(np.percentile(latencies, 50)),
        latency_ms_p95=float(np.percentile(latencies, 95)),
        outcomes=list(outcomes),
    )


def engine_search(
    engine: Any, k: int
) -> Callable[[str], tuple[list[str], bool, list[str], str]]:
    """A `search` for `run` that goes through `Engine.ask`, the path users take."""

    def search(question: str) -> tuple[list[str], bool, list[str], str]:
        answer = engine.ask(question, k=k)
        cites = answer.citations  # already in marker order, [1] first
        texts, ids = [c.text for c in cites], [c.passage_id for c in cites]
        return texts, answer.grounded, ids, answer.text

    return search


def evaluate(
    questions_path: str | Path,
    *,
    index_dir: str | Path | None = None,
    k: int = 5,
    engine: Any = None,
) -> EvalReport:
    """Ask every question of `questions_path` through the real Engine and score it.

    Retrieves max(k, 5) passages so recall@5 is defined; `k` larger than 5 lets MRR
    look deeper. Pass `engine` to reuse an already loaded one. Without `index_dir` or
    `engine`, a file naming its corpus is asked against an index of that corpus
    (built once into the cache, see `corpus_index`), any other against the default index.
    """
    from .api import Engine, get_engine

    if not isinstance(k, int) or k < 1:
        raise InvalidQuestionError(f"k must be a positive whole number, not {k!r}")
    questions = load_questions(questions_path)
    if engine is None:
        corpus = corpus_of(questions_path) if index_dir is None else None
        engine = Engine(corpus_index(corpus)) if corpus else get_engine(index_dir)
    depth = max(k, max(DEPTHS))
    outcomes = run(questions, engine_search(engine, depth))
    report = score(outcomes, k=depth, questions_path=str(questions_path))
    absent = absent_phrases(questions, engine.current().index.passages)
    return replace(report, not_in_corpus=absent)


def absent_phrases(questions: Iterable[Question], passages: Sequence[Any]) -> list[str]:
    """The answerable questions none of whose expected phrases is in the passages, as
    stored or as read, each alone or each document's joined in reading order (a phrase
    may run over two; a passage cut from an admonition's body reads right alone): a
    question written from other documents, or from a file the corpus lacks (the pixi
    docs' `build/` pages once went missing so: git ignored them)."""
    from .documents import as_read

    asked = [(q.q, [_norm(e) for e in q.expect]) for q in questions if q.kind == "answerable"]
    by_source: dict[str, list[Any]] = {}
    for p in passages:
        by_source.setdefault(p.source, []).append(p)
    bodies = []
    for source, parts in by_source.items():
        text = "\n".join(p.text for p in sorted(parts, key=lambda p: p.start))
        bodies += [_norm(text), _norm(as_read(text, source))]
    unseen = [(q, said) for q, said in asked if not any(e in b for e in said for b in bodies)]
    if unseen:  # read each passage alone only when joined they miss a phrase
        bodies = [_norm(as_read(p.text, p.source)) for p in passages]
        unseen = [(q, said) for q, said in unseen if not any(e in b for e in said for b in bodies)]
    return [q for q, _ in unseen]


def pooled(reports: Sequence[EvalReport]) -> EvalReport:
    """One report over the questions of several files (each scored on its own index)."""
    outcomes = [o for r in reports for o in r.outcomes]
    report = score(outcomes, k=max(r.k for r in reports), questions_path="pooled")
    return replace(report, not_in_corpus=[q for r in reports for q in r.not_in_corpus])


def corpus_of(questions_path: str | Path) -> Path | None:
    """The corpus folder a question file names on a metadata line, if it exists."""
    path = Path(questions_path)
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and "q" not in record and record.get("corpus"):
            for base in (Path.cwd(), path.resolve().parent.parent):
                folder = (base / record["corpus"]).resolve()
                if folder.is_dir():
                    return folder
    return None


def cached_index(corpus: Path) -> Path:
    """Where `corpus_index` keeps the index of `corpus` (built or not)."""
    import hashlib

    key = hashlib.sha256(str(corpus).encode()).hexdigest()[:12]
    return cache_root() / "eval-indexes" / f"{corpus.name}-{key}"


def corpus_index(corpus: Path) -> Path:
    """An index of `corpus` in the cache, built or brought up to date (incrementally)."""
    from .api import shared_embedder
    from .store import build_index

    index = cached_index(corpus)
    build_index(corpus, index, embedder=shared_embedder(), progress=True)
    return index
