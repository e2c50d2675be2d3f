"""The answer-type term of the ranking, leave-one-corpus-out (retrieve.TYPE_RANK_WEIGHT;
since session 81 chosen with the second stage's weights by scripts/tune_rerank.py).

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/tune_type_rank.py

Asked for a name, a date, a number or a place, the top TYPE_RANK_DEPTH passages holding
one gain TYPE_RANK_WEIGHT. Every answerable question of eval/ is searched at each weight
(the harness of scripts/tune_retrieval.py: the retriever alone, the rank of the first hit
holding an expected phrase in the top five); then, for each corpus in turn, the weight
with the best recall@3, then MRR, on all the others is scored on the one left out. Prints
the grid and the held-out figures (docs/retrieval.md keeps them).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import tune_retrieval as T  # noqa: E402

from collabqa import retrieve  # noqa: E402

WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)


def figures(ranks: list[int]) -> tuple[float, float, float]:
    """recall@1, recall@3, MRR of a list of ranks (T.MISS when not in the top five)."""
    n = len(ranks)
    return (sum(r == 1 for r in ranks) / n, sum(r <= 3 for r in ranks) / n,
            sum(1 / r for r in ranks if r != T.MISS) / n)


def main() -> None:
    sets = T.question_sets()
    grid: dict[float, dict[str, list[int]]] = {}
    for weight in WEIGHTS:
        retrieve.TYPE_RANK_WEIGHT = weight
        grid[weight] = T.ranks(sets)
        r1, r3, mrr = figures([r for v in grid[weight].values() for r in v])
        print(f"| {weight} | {r1:.3f} | {r3:.3f} | {mrr:.3f} |", flush=True)
    corpora = sorted(grid[WEIGHTS[0]])

    def rule(names: list[str]) -> float:
        def key(w):
            r1, r3, mrr = figures([r for c in names for r in grid[w][c]])
            return round(r3, 6), round(mrr, 6)
        return max(WEIGHTS, key=key)

    held, picks = [], Counter()
    for corpus in corpora:
        chosen = rule([c for c in corpora if c != corpus])
        picks[chosen] += 1
        held += grid[chosen][corpus]
    print("rule on all:", rule(corpora), "folds:", dict(picks))
    print("held out recall@1 / @3 / MRR %.3f / %.3f / %.3f" % figures(held),
          "against %.3f / %.3f / %.3f without the term"
          % figures([r for c in corpora for r in grid[0.0][c]]))


if __name__ == "__main__":
    main()
