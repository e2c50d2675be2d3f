"""Whether the sentence after the answer's best gives way to a closer one, leave-one-corpus-out.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/fit_yield.py

The extractive answer quotes the best sentence of the best passage and the sentence after
it, then closer sentences of the top three hits while the quotes stay within ANSWER_CHARS
(collabqa/answer.py). With answer.YIELD_AFTER the sentence after the best gives up its
place to a closer sentence the budget has no room for; with YIELD_POINTING_BACK too when
it opens by pointing back at the best ("This allows you to ..."). Three rules, each over
the budget and margin (ANSWER_CHARS, MORE_MARGIN), are scored on every answerable question
of eval/ replayed over its recorded retrieval (scripts/fit_answer.py's recording, reused
while src/ but answer.py is unchanged); then, for each corpus in turn, the rule and setting
are chosen on all the others by fit_answer's rule (the most answers with the fact at a
mean answer of at most 400 characters) and scored on the one left out. Prints only
(session 82's run is in docs/history.md and answer.py's comment).
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

# (YIELD_AFTER, YIELD_POINTING_BACK): as before session 82; always; the shipped rule.
RULES = {"stays": (False, False), "always gives way": (True, True),
         "gives way unless pointing back": (True, False)}
SETTINGS = list(itertools.product((375, 400, 425), (0.15, 0.2)))  # ANSWER_CHARS, MORE_MARGIN


def main() -> None:
    rows = F.retrievals()
    shipped = (A.YIELD_AFTER, A.YIELD_POINTING_BACK, A.ANSWER_CHARS, A.MORE_MARGIN)
    grid = {}
    for (label, (after, back)), (budget, margin) in itertools.product(RULES.items(), SETTINGS):
        A.YIELD_AFTER, A.YIELD_POINTING_BACK = after, back
        grid[(label, budget, margin)] = F.tally(rows, budget, margin)
        fact, n, chars = F.pooled(list(grid[(label, budget, margin)].values()))
        print(f"{label}, ({budget}, {margin}): {fact} of {n} with the fact, "
              f"{chars:.1f} characters", flush=True)
    A.YIELD_AFTER, A.YIELD_POINTING_BACK, A.ANSWER_CHARS, A.MORE_MARGIN = shipped
    corpora = sorted(grid[next(iter(grid))])
    best = F.choose(grid, corpora)
    _, held = F.held_out(grid, corpora)
    fact, n, chars = F.pooled(held)
    picks = Counter(F.choose(grid, [c for c in corpora if c != left]) for left in corpora)
    print(f"on all {len(corpora)} corpora the rule picks {best}")
    print(f"held out: {fact} of {n} with the fact ({fact / n:.3f}), {chars:.1f} characters")
    print("folds:", "; ".join(f"{setting}: {count}" for setting, count in picks.most_common()))


if __name__ == "__main__":
    main()
