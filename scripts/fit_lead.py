"""How much the answer's lead weighs each sentence's late interaction, leave-one-corpus-out.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/fit_lead.py

The extractive answer opens with the first hit's best sentence (collabqa/answer.py,
`lead_sentence`): its score there plus LEAD_LATE_WEIGHT times its late interaction with the
question (`Retriever.sentence_late`: each question token's closest stored token inside
the sentence, idf-weighted). Each weight of WEIGHTS is scored on every answerable
question of eval/ replayed over its recorded retrieval (scripts/fit_answer.py's
recording, reused while src/ but answer.py is unchanged), at the shipped budget and
margin; then, for each corpus in turn, the weight is chosen on all the others by
fit_answer's rule (the most answers with the fact at a mean answer of at most 400
characters) and scored on the one left out. Prints only (the run is in docs/history.md
and answer.py's comment).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import fit_answer as F  # noqa: E402

from collabqa import answer as A  # noqa: E402

WEIGHTS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0)  # 0: the best sentence by its score alone, as before


def main() -> None:
    rows = F.retrievals()
    shipped = A.LEAD_LATE_WEIGHT
    grid = {}
    for weight in WEIGHTS:
        A.LEAD_LATE_WEIGHT = weight
        grid[weight] = F.tally(rows, A.ANSWER_CHARS, A.MORE_MARGIN)
        fact, n, chars = F.pooled(list(grid[weight].values()))
        print(f"LEAD_LATE_WEIGHT {weight}: {fact} of {n} with the fact, {chars:.1f} characters",
              flush=True)
    A.LEAD_LATE_WEIGHT = shipped
    corpora = sorted(grid[WEIGHTS[0]])
    best = F.choose(grid, corpora)
    _, held = F.held_out(grid, corpora)
    fact, n, chars = F.pooled(held)
    picks = Counter(F.choose(grid, [c for c in corpora if c != left]) for left in corpora)
    print(f"on all {len(corpora)} corpora the rule picks {best}")
    print(f"held out: {fact} of {n} with the fact ({fact / n:.3f}), {chars:.1f} characters")
    print("folds:", "; ".join(f"{setting}: {count}" for setting, count in picks.most_common()))


if __name__ == "__main__":
    main()
