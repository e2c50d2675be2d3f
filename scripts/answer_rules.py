"""Each of the answer's completion rules on and off, under the answer's length rule.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/answer_rules.py [--items-only]

A rule that quotes more (the block a sentence points at, `answer._points_ahead`; a
colon's table up to `answer.TABLE_ROWS` rows) puts the fact in more answers and makes
every answer longer; one that chooses otherwise (a list item's later sentences judged
with its first, `answer.ITEM_WEIGHT`) may put it in fewer. Like scripts/fit_answer.py,
this retrieves every answerable question of eval/ once, then, for each set of rules,
tallies the answers over a small grid of (ANSWER_CHARS, MORE_MARGIN) and prints the most
answers with the fact at a mean answer of at most fit_answer.MEAN_CHARS characters: a
rule is worth keeping when that figure rises. Last, the item weight is chosen with
MORE_MARGIN by the same rule, leave-one-corpus-out. Prints only (sessions 64's and 65's
runs are in docs/history.md).
"""

from __future__ import annotations

import itertools
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import fit_answer as F  # noqa: E402

from collabqa import answer as A  # noqa: E402

GRID = list(itertools.product((350, 375, 400), (0.1, 0.15, 0.2)))
SHIPPED = (A._points_ahead, A.TABLE_ROWS, A.ITEM_WEIGHT)
# (table rows 8, points ahead, item weight): all on, and the newest (session 65) off;
# session 64 judged the other two (docs/history.md).
RULES = [(1, 1, 1), (1, 1, 0)]
ITEM_WEIGHTS = (0.0, 0.25, 0.5, 0.75)


def configure(rows8: bool, ahead: bool, items: bool) -> None:
    A.TABLE_ROWS = SHIPPED[1] if rows8 else 5
    A._points_ahead = SHIPPED[0] if ahead else (lambda retrieval, s, text: False)
    A.ITEM_WEIGHT = SHIPPED[2] if items else 0.0


def main() -> None:
    rows = F.retrievals()
    for rules in RULES if "--items-only" not in sys.argv else []:
        configure(*map(bool, rules))
        grid = {setting: F.tally(rows, *setting) for setting in GRID}
        got = {setting: F.pooled(list(counts.values())) for setting, counts in grid.items()}
        best = F.choose(grid, sorted(grid[GRID[0]]))  # fit_answer's rule, on all corpora
        print(f"table rows {A.TABLE_ROWS}, points ahead {rules[1]}, item weight {A.ITEM_WEIGHT}: "
              f"best {best} {got[best][0]} facts at {got[best][2]:.1f} chars; "
              + " ".join(f"{k}: {v[0]}/{v[2]:.0f}" for k, v in got.items()), flush=True)
    # The item weight chosen leave-one-corpus-out with MORE_MARGIN, under the length rule.
    configure(True, True, True)
    grid = F.sweep(rows, ("ITEM_WEIGHT", "MORE_MARGIN"),
                   list(itertools.product(ITEM_WEIGHTS, (0.1, 0.15, 0.2))))
    corpora = sorted(grid[next(iter(grid))])
    best = F.choose(grid, corpora)
    folds, held = F.held_out(grid, corpora)
    chosen = Counter(row.split(" | ")[2] for row in folds)
    fact, n, chars = F.pooled(held)
    print(f"item weight: in-sample {best}; held out over {len(corpora)} folds {fact}/{n} "
          f"at {chars:.1f} chars; folds' choices {dict(chosen)}", flush=True)
    for weight in ITEM_WEIGHTS:
        A.ITEM_WEIGHT = weight
        print(f"item weight {weight}: {orphans(rows)} answers quote a list item's later "
              "sentence without the item's first", flush=True)


def orphans(rows) -> int:
    """Answers, at the shipped length, quoting a sentence of a list item after its first
    ("Defaults to `true`.") without the first, which names what it is about."""
    count = 0
    for _, q, retrieval in rows:
        got = A.extractive_answer(q.q, retrieval, {})
        hits = {hit.passage.id: hit for hit in retrieval.hits}
        for c in got.citations if got.grounded else []:
            hit = hits[c.passage_id]
            quoted = {hit.sentences.index(span) for span in c.highlights if span in hit.sentences}
            if any(lead is not None and k in quoted and lead not in quoted
                   for k, lead in enumerate(A.item_leads(hit))):
                count += 1
                break
    return count


if __name__ == "__main__":
    main()
