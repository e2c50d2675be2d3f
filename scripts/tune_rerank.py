"""How the second stage's weights were chosen: a grid, leave-one-corpus-out.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/tune_rerank.py [--files eval/x_questions.jsonl ...]

The fused top LATE_DEPTH passages are ranked again (retrieve.rerank_score): a base (the
passage's best sentence's cosine, or its fused score as before session 81) plus
RERANK_KEYWORD_WEIGHT * BM25 / best BM25 plus LATE_WEIGHT * late interaction; then, asked
for a name, a date, a number or a place, the top TYPE_RANK_DEPTH holding one gain
TYPE_RANK_WEIGHT. Each answerable question of eval/ is searched once (`first_stage`, the
late interaction and the type test of its top passages recorded), one corpus at a time;
every point of the grid then orders those passages again without searching. A question's
rank is that of the first shown window (window.py, at most five) whose text holds an
expected phrase, `collabqa eval`'s rule as in scripts/tune_retrieval.py (the retriever
alone, refusals ignored). Each corpus in turn is scored with the point chosen on all the
others (best pooled recall@3, then MRR). Last, the real `search` is run on every question
at the shipped weights, and its ranks are set beside the replayed ones: how faithful the
replay is. Writes docs/rerank.md.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import collabqa.retrieve as R  # noqa: E402
from collabqa.api import Engine, shared_embedder  # noqa: E402
from collabqa.documents import as_read  # noqa: E402
from collabqa.evaluate import corpus_index, corpus_of, first_hit, load_questions  # noqa: E402
from collabqa.gate import asked_type, meaning_asked  # noqa: E402
from collabqa.window import joined, window  # noqa: E402

BASES = ("sentence", "fused")
KEYWORDS = (0.0, 0.05, 0.2, 0.4, 0.6, 0.8)
LATES = (1.0, 2.0, 3.0, 4.0, 6.0)
TYPES = (0.3, 0.6, 1.0)
BEFORE = ("fused", 0.0, 1.0, 0.3)  # the second stage shipped before session 81
SHOWN = 5
MISS = 99


def record(retriever, question) -> dict:
    """What the second stage judges of the question's fused top LATE_DEPTH passages, and
    each one's window (as `search` would show it first) and whether it holds the fact."""
    first = retriever.first_stage(question.q, k=SHOWN)
    top = first.ranked[:R.LATE_DEPTH]
    late = retriever.late_scores(question.q, first.qtokens, top)
    kind = asked_type(question.q)
    typed = ([retriever.holds_kind(r, kind, question.q) for r in top]
             if kind in R.TYPED_KINDS else [False] * len(top))
    meant = meaning_asked(question.q) if kind is None else None
    spelled = [False] * len(top)
    if kind == "expansion" or meant:  # as `search` puts passages spelling it out first
        spelled = [first.keyword[r] > 0 and retriever.spells_out(r, question.q, meant)
                   for r in top]
    sentences = first.sentences
    passages = retriever.index.passages

    def closeness(row: int) -> float:
        if row not in sentences:
            sentences.update(retriever._sentence_scores_of([row], first.qvec))
        return max(sentences[row], default=-1.0)

    windows, holds = [], []
    for r in top:
        rows = window(passages, r, set(), closeness)
        text, _ = joined(passages, retriever.index.sentences, rows)
        windows.append(rows)
        holds.append(first_hit(question.expect, [text], [as_read(text, passages[r].source)])
                     is not None)
    return dict(
        rows=top, sentence=[max(first.sentences[r]) for r in top],
        fused=[first.score[r] for r in top], bonus=[first.bonus[r] for r in top],
        late=late, typed=typed, spelled=spelled, windows=windows, holds=holds,
    )


def rank(q: dict, point) -> int:
    """The shown rank of the first window holding the fact, the top passages ordered again
    at `point` = (base, keyword weight, late weight, type weight)."""
    base, kw, lw, tw = point
    n = len(q["rows"])
    score = [q[base][i] + kw * q["bonus"][i] + lw * q["late"][i] for i in range(n)]
    order = sorted(range(n), key=lambda i: -score[i])
    top = order[:R.TYPE_RANK_DEPTH]
    typed = [score[i] + tw * q["typed"][i] for i in range(n)]
    order = sorted(top, key=lambda i: -typed[i]) + order[R.TYPE_RANK_DEPTH:]
    if any(q["spelled"]):
        order.sort(key=lambda i: not q["spelled"][i])
    seen: set[int] = set()
    shown = 0
    for i in order:
        if q["rows"][i] in seen:
            continue
        shown += 1
        if q["holds"][i]:
            return shown
        seen.update(q["windows"][i])
        if shown == SHOWN:
            break
    return MISS


def figures(ranks) -> tuple[float, float, float]:
    a = np.asarray(ranks)
    return float(np.mean(a <= 1)), float(np.mean(a <= 3)), float(np.mean(np.where(a < MISS, 1 / a, 0)))


def fmt(ranks) -> str:
    return " | ".join(f"{v:.3f}" for v in figures(ranks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", nargs="*", type=Path,
                        default=sorted((ROOT / "eval").glob("*_questions.jsonl")))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "rerank.md")
    args = parser.parse_args()
    embedder = shared_embedder()
    shipped = ("sentence", R.RERANK_KEYWORD_WEIGHT, R.LATE_WEIGHT, R.TYPE_RANK_WEIGHT)
    grid_points = list(itertools.product(BASES, KEYWORDS, LATES, TYPES))
    for extra in (BEFORE, shipped):
        if extra not in grid_points:
            grid_points.append(extra)
    grid: dict[tuple, dict[str, list[int]]] = {p: {} for p in grid_points}
    real: dict[str, list[int]] = {}
    started = time.time()
    for path in args.files:
        name = path.name.removesuffix("_questions.jsonl")
        retriever = Engine(corpus_index(corpus_of(path) or ROOT / "corpus"),
                           embedder=embedder).current().retriever
        questions = [q for q in load_questions(path) if q.kind == "answerable"]
        recorded = [record(retriever, q) for q in questions]
        for point in grid_points:
            grid[point][name] = [rank(q, point) for q in recorded]
        real[name] = []
        for q in questions:  # the real search, at the shipped weights
            hits = retriever.search(q.q, k=SHOWN).hits
            real[name].append(first_hit(q.expect, [h.text for h in hits],
                                        [as_read(h.text, h.passage.source) for h in hits]) or MISS)
        print(f"{name}: {len(questions)} questions, {time.time() - started:.0f} s", flush=True)

    corpora = sorted(real)

    def pooled(point, among=corpora):
        return np.concatenate([grid[point][c] for c in among])

    def choose(among):
        return max(grid_points, key=lambda p: tuple(round(v, 6) for v in figures(pooled(p, among))[1:]))

    rows, held, before = [], [], []
    chosen_count: Counter = Counter()
    for corpus in corpora:
        point = choose([c for c in corpora if c != corpus])
        chosen_count[point] += 1
        held += grid[point][corpus]
        before += grid[BEFORE][corpus]
        rows.append(f"| {corpus} | {len(grid[BEFORE][corpus])} | {point} | "
                    f"{fmt(grid[point][corpus])} | {fmt(grid[BEFORE][corpus])} |")
    rule = choose(corpora)
    replayed = pooled(shipped)
    searched = np.concatenate([real[c] for c in corpora])
    agree = float(np.mean(replayed == searched))
    better = sum(figures(grid[shipped][c])[2] > figures(grid[BEFORE][c])[2] for c in corpora)
    worse = sum(figures(grid[shipped][c])[2] < figures(grid[BEFORE][c])[2] for c in corpora)
    best = sorted(grid_points, key=lambda p: figures(pooled(p))[1:], reverse=True)[:15]
    marks = {shipped: " (shipped)", BEFORE: " (before)", rule: " (the rule's choice)"}
    lines = [
        "# The second stage: how its weights were chosen",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} with "
        "`HF_HUB_OFFLINE=1 .venv/bin/python scripts/tune_rerank.py` on every question file "
        f"of eval/ ({len(held):,} answerable questions, {len(corpora)} question files). The "
        "retriever alone: the rank of the first of five shown hits whose text holds an "
        "expected phrase, refusals ignored (the rule of [retrieval.md](retrieval.md)).",
        "",
        f"The fused top {R.LATE_DEPTH} passages are ranked again by a base (the passage's "
        "best sentence's cosine, or its fused score) plus a keyword weight times its BM25 "
        "against the question's best, plus a late weight times its late interaction "
        "(late.py); then, asked for a name, a date, a number or a place, the top "
        f"{R.TYPE_RANK_DEPTH} holding one gain the type weight. Points are "
        "(base, keyword weight, late weight, type weight); before this session the second "
        f"stage was {BEFORE}: the fused score plus the late interaction.",
        "",
        "## Held out",
        "",
        f"Pooled over the folds' choices: recall@1 / @3 / MRR **{fmt(held)}**, against "
        f"{fmt(before)} with the second stage of before. The folds chose "
        + ", ".join(f"{p} {n} times" for p, n in chosen_count.most_common()) + ".",
        "",
        f"On all corpora the rule picks {rule}; shipped: {shipped}, {fmt(replayed)} "
        f"(MRR up on {better} corpora, down on {worse}).",
        "",
        f"The replay against the real search at the shipped weights: the same rank for "
        f"{agree:.1%} of the questions (search: {fmt(searched)}). A window is replayed as "
        "its passage's first showing, so a window that would skip rows shown with an "
        "earlier hit can differ.",
        "",
        "## The best points on all corpora",
        "",
        "| point | recall@1 | recall@3 | MRR |",
        "|---|---|---|---|",
        *[f"| {p}{marks.get(p, '')} | {fmt(pooled(p))} |" for p in best],
        *([f"| {BEFORE} (before) | {fmt(pooled(BEFORE))} |"] if BEFORE not in best else []),
        "",
        "## Every fold",
        "",
        "| corpus left out | questions | point chosen on the others | recall@1 | recall@3 | "
        "MRR | before: recall@1 | recall@3 | MRR |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"held out {fmt(held)} against {fmt(before)}; replay agrees {agree:.1%}; "
          f"wrote {args.out}")


if __name__ == "__main__":
    main()
