"""How much saying "default" adds to a sentence asked about a default, leave-one-corpus-out.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/fit_default.py [--cached-only] [--skip NAME,...]

Asked what happens by default ("Which clock does ffplay use by default?"), the sentence
that answers often says so in a few words of its own ("Default is audio."), and a longer
sentence about the option outscores it on closeness. answer.DEFAULT_WEIGHT adds to the
score of each sentence that speaks of a default when the question asks about one
(answer_types.says_default, of both); no other answer changes. Every answerable
question of eval/ that asks about a default is retrieved once as `ask()` retrieves it
(with `--cached-only`, only those whose corpus's index is already in the cache; `--skip`
leaves out the named files, say the corpora held out to check the weight on); its
answer is then built at each weight, and, for each corpus in turn, the weight is chosen on
all the others (the most answers with the fact; the smaller weight of equals) and scored
on the one left out. Prints only; the shipped weight and its run are in answer.py's
comment and docs/history.md.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import fit_answer  # noqa: E402

from collabqa import answer  # noqa: E402
from collabqa.answer_types import says_default  # noqa: E402

WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0)


def rows(cached_only: bool, skip: frozenset[str] = frozenset()) -> list[tuple[str, object, object]]:
    """(corpus name, question, retrieval) of each answerable question asking a default,
    kept (pickled) in the cache folder under fit_answer's key of what retrieval depends on
    (src/ but answer.py, eval/'s questions and corpora): retrieving them takes minutes,
    answering them at every weight seconds."""
    import pickle

    from collabqa.cache import cache_root

    tag = hashlib.sha256(",".join(sorted(skip)).encode()).hexdigest()[:8]
    key = f"{fit_answer._retrieval_key()}-{int(cached_only)}-{tag}"
    path = cache_root() / f"default-replay-{key}.pkl"
    if path.exists():
        with path.open("rb") as f:
            return pickle.load(f)
    out = _retrieved(cached_only, skip)
    for old in path.parent.glob("default-replay-*.pkl"):
        old.unlink()
    with path.open("wb") as f:
        pickle.dump(out, f, protocol=pickle.HIGHEST_PROTOCOL)
    return out


def _retrieved(cached_only: bool, skip: frozenset[str]) -> list[tuple[str, object, object]]:
    """The rows `rows` keeps, retrieved: one Engine per corpus, one shared embedder."""
    from collabqa.api import Engine, shared_embedder
    from collabqa.evaluate import cached_index, corpus_of, load_questions

    embedder = shared_embedder()
    out = []
    for path in sorted((ROOT / "eval").glob("*_questions.jsonl")):
        corpus = corpus_of(path)
        if corpus is None or path.name.removesuffix("_questions.jsonl") in skip:
            continue
        asked = [q for q in load_questions(path) if q.kind == "answerable" and says_default(q.q)]
        index = cached_index(corpus)
        if not asked or (cached_only and not (index / "manifest.json").exists()):
            continue
        engine = Engine(index, embedder=embedder)
        name = path.name.removesuffix("_questions.jsonl")
        out += [(name, q, engine.retrieve(q.q)[1]) for q in asked]
        print(f"{name}: {len(asked)}", file=sys.stderr, flush=True)
    return out


def tally(recorded, weight: float) -> dict[str, list[int]]:
    """Per corpus: [answers with the fact, questions, answer characters, answers given] at
    `weight` (fit_answer's count, at the shipped length and margin)."""
    answer.DEFAULT_WEIGHT = weight
    return fit_answer.tally(recorded, answer.ANSWER_CHARS, answer.MORE_MARGIN)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cached-only", action="store_true",
                        help="only corpora whose index is already built")
    parser.add_argument("--skip", default="", metavar="NAME,...",
                        help="question files to leave out (their names without _questions.jsonl)")
    args = parser.parse_args()
    recorded = rows(args.cached_only, frozenset(filter(None, args.skip.split(","))))
    grid = {w: tally(recorded, w) for w in WEIGHTS}
    corpora = sorted(grid[0.0])

    def facts(w, names):
        return sum(grid[w][c][0] for c in names)

    def choose(names):
        return max(WEIGHTS, key=lambda w: (facts(w, names), -w))

    for w in WEIGHTS:
        given = sum(grid[w][c][3] for c in corpora)
        chars = sum(grid[w][c][2] for c in corpora) / max(given, 1)
        print(f"weight {w}: {facts(w, corpora)} of {len(recorded)} with the fact, "
              f"{chars:.1f} characters")
    picks, held = Counter(), 0
    for left in corpora:
        w = choose([c for c in corpora if c != left])
        picks[w] += 1
        held += grid[w][left][0]
    print(f"{len(corpora)} corpora; on all of them the rule picks {choose(corpora)}")
    print(f"held out: {held} of {len(recorded)} with the fact "
          f"(without the term {facts(0.0, corpora)})")
    print("folds:", "; ".join(f"{w}: {n}" for w, n in picks.most_common()))


if __name__ == "__main__":
    main()
