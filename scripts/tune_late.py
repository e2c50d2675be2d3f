"""How the late interaction's weight was chosen: a grid, leave-one-corpus-out (sessions
48-80; since session 81 the second stage's weights come from scripts/tune_rerank.py, and
this grid varies LATE_WEIGHT within that stage).

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/tune_late.py

The fused top LATE_DEPTH passages are ranked again by the second stage's score, whose
late-interaction term is LATE_WEIGHT * MaxSim (collabqa/late.py; until session 81 the
fused score + LATE_WEIGHT * MaxSim), the question's tokens weighed equally or by their
idf (LATE_IDF); LATE_WEIGHT 0 turns the second stage off ("no re-ranking"). For
every answerable question of eval/ (`scripts/tune_retrieval.py`'s question sets and rule:
the rank of the first of five hits whose shown text holds an expected phrase), the
retriever is run at each setting of the grid, the fusion's own weights as shipped. Then
each corpus in turn is scored with the setting chosen on all the others (best pooled
recall@3, then MRR). Writes docs/late-interaction.md.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tune_retrieval as T  # noqa: E402

R = T.R
ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = (0.0, 0.5, 1.0, 1.5, 2.0)


NONE = (False, 0.0)  # no re-ranking
GRID = [NONE] + [(idf, w) for idf in (False, True) for w in WEIGHTS if w]


def main() -> None:
    shipped = (R.LATE_IDF, R.LATE_WEIGHT)
    sets = T.question_sets()
    grid = {}
    for setting in GRID:
        R.LATE_IDF, R.LATE_WEIGHT = setting
        grid[setting] = T.ranks(sets)
        print(setting, "/".join(f"{v:.3f}" for v in T.figures(
            np.concatenate(list(grid[setting].values())))), flush=True)
    R.LATE_IDF, R.LATE_WEIGHT = shipped
    corpora = sorted(grid[NONE])
    folds, held, without = T.folds(grid, corpora, NONE)
    # the same choice among equal weights only: what the idf adds, held out
    equal = T.folds({k: v for k, v in grid.items() if not k[0]}, corpora, NONE)[1]
    rule = T.choose(grid, corpora)
    pooled = lambda w: T.fmt(np.concatenate([grid[w][c] for c in corpora]))  # noqa: E731
    lines = [
        "# Late interaction: how its weight was chosen",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} with "
        "`HF_HUB_OFFLINE=1 .venv/bin/python scripts/tune_late.py` on every question file "
        f"of eval/ ({len(held)} answerable questions, {len(corpora)} corpora). The "
        "retriever alone, as in [retrieval.md](retrieval.md): the rank of the first of "
        "five hits whose shown text holds an expected phrase, refusals ignored.",
        "",
        f"The fused top {R.LATE_DEPTH} passages are ranked again by their fused score plus "
        "LATE_WEIGHT times their MaxSim with the question: for each of the question's "
        "tokens the cosine of the passage's closest token, averaged (`collabqa/late.py`), "
        "the tokens weighed equally or by their idf among the index's passages (LATE_IDF).",
        "",
        "## Leave one corpus out",
        "",
        "| corpus left out | questions | (LATE_IDF, LATE_WEIGHT) chosen on the others | "
        "recall@1 | recall@3 | MRR | without: recall@1 | recall@3 | MRR |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        *folds,
        f"| **all, held out** | {len(held)} | | {T.fmt(held)} | {T.fmt(without)} |",
        f"| equal weights only, held out | {len(equal)} | | {T.fmt(equal)} | | | |",
        "",
        "## The grid, pooled over all corpora",
        "",
        "| LATE_IDF | LATE_WEIGHT | recall@1 | recall@3 | MRR |",
        "|---|---:|---:|---:|---:|",
        *[f"| {w[0]} | {w[1]}{' (shipped)' if w == shipped else ''}"
          f"{' (the rule' + chr(39) + 's choice)' if w == rule else ''} | {pooled(w)} |"
          for w in GRID],
        "",
    ]
    (ROOT / "docs" / "late-interaction.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
