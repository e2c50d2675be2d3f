"""Each of the answer's completion rules on and off, under the answer's length rule.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/answer_rules.py

A rule that quotes more (the block a sentence points at, `answer._points_ahead`; a
colon's table up to `answer.TABLE_ROWS` rows) puts the fact in more answers and makes
every answer longer. Like scripts/fit_answer.py, this retrieves every answerable question of eval/ once, then, for
each set of rules, tallies the answers over a small grid of (ANSWER_CHARS, MORE_MARGIN)
and prints the most answers with the fact at a mean answer of at most
fit_answer.MEAN_CHARS characters: a rule is worth keeping when that figure rises.
Prints only (session 64's run is in docs/history.md).
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import fit_answer as F  # noqa: E402

from collabqa import answer as A  # noqa: E402

GRID = list(itertools.product((350, 375, 400), (0.1, 0.15, 0.2)))
SHIPPED = (A._points_ahead, A.TABLE_ROWS)


def configure(rows8: bool, ahead: bool) -> None:
    A.TABLE_ROWS = SHIPPED[1] if rows8 else 5
    A._points_ahead = SHIPPED[0] if ahead else (lambda retrieval, s, text: False)


def main() -> None:
    rows = F.retrievals()
    for rules in [(0, 0), (1, 0), (0, 1), (1, 1)]:
        configure(*map(bool, rules))
        grid = {setting: F.tally(rows, *setting) for setting in GRID}
        got = {setting: F.pooled(list(counts.values())) for setting, counts in grid.items()}
        best = F.choose(grid, sorted(grid[GRID[0]]))  # fit_answer's rule, on all corpora
        print(f"table rows {A.TABLE_ROWS}, points ahead {rules[1]}: "
              f"best {best} {got[best][0]} facts at {got[best][2]:.1f} chars; "
              + " ".join(f"{k}: {v[0]}/{v[2]:.0f}" for k, v in got.items()), flush=True)


if __name__ == "__main__":
    main()
