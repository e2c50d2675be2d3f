"""Try other settings of the extractive answer on recorded retrievals: the shipped answer
against each setting, on every answerable question of eval/.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/replay_answer.py CODE_PENALTY=0.05
    HF_HUB_OFFLINE=1 .venv/bin/python scripts/replay_answer.py "ANSWER_CHARS=375 MORE_MARGIN=0.2"

Each argument is one setting: constants of collabqa/answer.py given as NAME=VALUE, several
in one argument separated by spaces. The retrievals come from scripts/fit_answer.py's
recording (made once, about ten minutes, then read from the cache in seconds), so an idea
for what the answer quotes is judged in about half a minute per setting: the answers with
the fact and the mean answer length, pooled, and how many corpora gain or lose. The rule
the shipped settings were chosen by is the most answers with the fact at a mean answer of
at most 400 characters (docs/answer.md): a setting is worth a leave-one-corpus-out fit
(scripts/fit_answer.py) only when it beats the shipped one under that rule. A rule that is
code, not a constant, is tried the same way once it is behind a constant of answer.py.
Prints only.
"""

from __future__ import annotations

import ast
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import fit_answer as F  # noqa: E402

from collabqa import answer  # noqa: E402


def parse(setting: str) -> dict[str, object]:
    """"ANSWER_CHARS=375 MORE_MARGIN=0.2" -> {"ANSWER_CHARS": 375, "MORE_MARGIN": 0.2}."""
    values = {}
    for part in setting.split():
        name, sep, value = part.partition("=")
        if not sep or not name.isupper() or not hasattr(answer, name):
            raise SystemExit(f"replay_answer: {part!r} is not NAME=VALUE of a constant "
                             "of collabqa/answer.py")
        values[name] = ast.literal_eval(value)
    return values


def replay(rows, values: dict[str, object]) -> tuple[dict[str, list[int]], float]:
    """`fit_answer.tally`'s per-corpus counts with `values` set, then put back."""
    saved = {name: getattr(answer, name) for name in values}
    for name, value in values.items():
        setattr(answer, name, value)
    try:
        start = time.perf_counter()
        counts = F.tally(rows, answer.ANSWER_CHARS, answer.MORE_MARGIN)
        return counts, time.perf_counter() - start
    finally:
        for name, value in saved.items():
            setattr(answer, name, value)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    settings = [parse(a) for a in argv]
    start = time.perf_counter()
    rows = F.retrievals()
    print(f"{len(rows)} answerable questions, retrievals ready in "
          f"{time.perf_counter() - start:.0f} s", flush=True)
    base, took = replay(rows, {})
    fact, n, chars = F.pooled(list(base.values()))
    print(f"shipped: {fact} of {n} with the fact, {chars:.1f} characters ({took:.0f} s)")
    for setting, values in zip(argv, settings):
        counts, took = replay(rows, values)
        vfact, _, vchars = F.pooled(list(counts.values()))
        gain = sum(counts[c][0] > base[c][0] for c in base)
        loss = sum(counts[c][0] < base[c][0] for c in base)
        within = "within" if vchars <= F.MEAN_CHARS else "over"
        print(f"{setting}: {vfact} of {n} ({vfact - fact:+d}), {vchars:.1f} characters "
              f"({within} {F.MEAN_CHARS}); corpora gaining {gain}, losing {loss} ({took:.0f} s)",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
