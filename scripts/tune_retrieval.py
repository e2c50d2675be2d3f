"""How the fusion weights were chosen.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/tune_retrieval.py

For every question file in eval/ (each asks about its own corpus, indexed once into the
cache by `collabqa.evaluate.corpus_index`), sweeps KEYWORD_WEIGHT x SENTENCE_WEIGHT and
reports pooled recall@1/3 and MRR on every corpus but HELD_OUT, and beside them on
HELD_OUT alone. Writes docs/retrieval.md. Weights are global, one value for every corpus.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import collabqa.retrieve as R  # noqa: E402
from collabqa.api import Engine, shared_embedder
from collabqa.evaluate import corpus_index, corpus_of, evaluate

ROOT = Path(__file__).resolve().parents[1]
KEYWORD_WEIGHTS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3)
SENTENCE_WEIGHTS = (0.0, 0.3, 0.5)


HELD_OUT = "prometheus"  # the unseen-docs-corpus check: never used to choose


def engines() -> list[tuple[Path, Engine]]:
    """(question file, Engine on an index of its corpus) for every file in eval/."""
    embedder = shared_embedder()
    built: dict[Path, Engine] = {}
    pairs = []
    for questions in sorted((ROOT / "eval").glob("*_questions.jsonl")):
        corpus = corpus_of(questions) or ROOT / "corpus"
        if corpus not in built:
            built[corpus] = Engine(corpus_index(corpus), embedder=embedder)
        pairs.append((questions, built[corpus]))
    return pairs


def pooled(pairs: list[tuple[Path, Engine]]) -> tuple[float, float, float, int]:
    n = r1 = r3 = mrr = 0.0
    for questions, engine in pairs:
        report = evaluate(questions, engine=engine, k=5)
        a = report.answerable
        n, r1, r3, mrr = n + a, r1 + report.recall[1] * a, r3 + report.recall[3] * a, mrr + report.mrr * a
    return r1 / n, r3 / n, mrr / n, int(n)


def main() -> None:
    chosen = (R.KEYWORD_WEIGHT, R.SENTENCE_WEIGHT)
    pairs = engines()
    fitting = [(q, e) for q, e in pairs if not q.name.startswith(HELD_OUT)]
    held = [(q, e) for q, e in pairs if q.name.startswith(HELD_OUT)]
    rows = []
    for kw, sw in itertools.product(KEYWORD_WEIGHTS, SENTENCE_WEIGHTS):
        R.KEYWORD_WEIGHT, R.SENTENCE_WEIGHT = kw, sw
        r1, r3, mrr, n = pooled(fitting)
        h1, h3, hmrr, hn = pooled(held) if held else (0, 0, 0, 0)
        mark = " (chosen)" if (kw, sw) == chosen else ""
        rows.append(f"| {kw}{mark} | {sw} | {r1:.3f} | {r3:.3f} | {mrr:.3f} | "
                    f"{h1:.3f} | {h3:.3f} | {hmrr:.3f} |")
        print(rows[-1], flush=True)
    R.KEYWORD_WEIGHT, R.SENTENCE_WEIGHT = chosen

    files = ", ".join(f"`{q.relative_to(ROOT)}`" for q, _ in fitting)
    lines = [
        "# Retrieval: how the fusion weights were chosen",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} with "
        "`HF_HUB_OFFLINE=1 .venv/bin/python scripts/tune_retrieval.py` on " + files +
        f" ({n} answerable questions pooled), and checked on `eval/{HELD_OUT}_questions.jsonl` "
        f"({hn} answerable questions), a corpus the choice never looks at. A refused "
        "answerable question counts as a miss.",
        "",
        "## Fusion",
        "",
        "A passage's score is `(1 - SENTENCE_WEIGHT) * passage cosine + SENTENCE_WEIGHT * "
        "best sentence cosine + KEYWORD_WEIGHT * BM25 / best BM25 for the question`. "
        "The sentence part lets one fact in a long passage speak for it; the keyword part "
        "lifts rare names and numbers that the embedding blurs, and can move a passage by "
        "at most KEYWORD_WEIGHT.",
        "",
        "| KEYWORD_WEIGHT | SENTENCE_WEIGHT | recall@1 | recall@3 | MRR "
        f"| {HELD_OUT} recall@1 | recall@3 | MRR |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "## Refusals",
        "",
        "Whether a question is answered at all is `collabqa.gate`'s decision; how its gates "
        "were chosen, leave-one-corpus-out, is in [gate.md](gate.md).",
        "",
    ]
    (ROOT / "docs" / "retrieval.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
