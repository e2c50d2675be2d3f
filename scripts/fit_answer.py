"""How the extractive answer chooses and how long it is, leave-one-corpus-out: the
sentence weights, then the why and yes-or-no terms, then its budget and margin.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/fit_answer.py

The answer quotes the best sentence of the best passage and the sentence after it, then
the next best sentence of the top three hits when within SECOND_SENTENCE_MARGIN (0.2) of
the best, then more of them when within MORE_MARGIN, while the quoted sentences stay
within ANSWER_CHARS (collabqa/answer.py; since session 82 the sentence after the best
gives way to a closer one the budget has no room for: scripts/fit_yield.py). Quoting
more puts the fact in more answers and makes every answer longer, so the rule is a
constrained one: the most answers with the fact among the settings whose mean answer is
at most MEAN_CHARS characters, a short paragraph (a LangChain-style stack shows some
800, docs/benchmarks.md). MEAN_CHARS is the design's limit, set before the grid was run;
the budget and margin are chosen under it.
First, by the same rule at the shipped budget and margin, the sentence weights
(WORDS_WEIGHT, TYPE_WEIGHT: how much a sentence's share of the question's words and its
holding the asked kind of thing add to its closeness); then, at those, REASON_WEIGHT and
NEGATION_WEIGHT (a sentence giving a reason when asked why, saying "not" when asked yes or
no); the budget and margin are then chosen at the weights the rule picks on all corpora.

Every answerable question of eval/ is retrieved once (the real Retriever over each
corpus's cached index, refusals as `ask()` makes them); then, for each corpus in turn,
the setting is chosen on all the others and scored on the one left out. Writes
docs/answer.md.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from collabqa import answer  # noqa: E402

WORDS = (0.1, 0.15, 0.2, 0.25)  # WORDS_WEIGHT: the question's words a sentence uses
TYPES = (0.05, 0.1, 0.15, 0.2, 0.3)  # TYPE_WEIGHT: the sentence holds the asked kind
# REASON_WEIGHT, NEGATION_WEIGHT: a reason when asked why, a "not" when asked yes or no
STANCES = (0, 0.05, 0.1, 0.15)
BUDGETS = (0, 300, 350, 400, 450, 500)  # ANSWER_CHARS; 0: no more sentences, as before
MARGINS = (0.1, 0.15, 0.2)  # MORE_MARGIN
MEAN_CHARS = 400
LENGTHS = (300, 325, 350, 375, 400)  # ANSWER_CHARS, for --length-only
BEFORE = (0, 0.15)  # no more sentences (the margin then does nothing): until session 23


def retrievals(cache: bool = True) -> list[tuple[str, object, object]]:
    """(corpus name, question, retrieval) of every answerable question of eval/.

    Retrieving them all takes about ten minutes for 8,800 questions; what the answer does
    with them, a few seconds per thousand. So the list is kept (pickled, some 70 MB) in the
    cache folder under a key of everything it depends on but the answer itself: the code
    of src/ other than answer.py, the question files, and every corpus file's name, size
    and time. Any change there retrieves again; a change to answer.py does not.
    """
    import pickle

    from collabqa.api import clean_question
    from collabqa.cache import cache_root
    from tune_retrieval import question_sets  # the corpora and questions, as it reads them

    path = cache_root() / f"answer-replay-{_retrieval_key()}.pkl"
    if cache and path.exists():
        with path.open("rb") as f:
            return pickle.load(f)
    rows = [(name, q, retriever.search(clean_question(q.q), k=5))
            for name, retriever, questions in question_sets() for q in questions]
    if cache:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("answer-replay-*.pkl"):
            old.unlink()  # one recording at a time: each is some 70 MB
        partial = path.with_suffix(".part")
        with partial.open("wb") as f:
            pickle.dump(rows, f, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
    return rows


def _retrieval_key() -> str:
    """A digest of what the recorded retrievals depend on (`retrievals`)."""
    import hashlib
    import os

    digest = hashlib.sha256()
    for path in sorted((ROOT / "src").rglob("*.py")):
        if path.name != "answer.py":
            digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    for path in sorted((ROOT / "eval").glob("*.jsonl")):
        digest.update(path.name.encode() + path.read_bytes())
    for top, dirs, files in os.walk(ROOT / "eval" / "corpora"):
        dirs.sort()
        for name in sorted(files):
            stat = os.stat(os.path.join(top, name))
            digest.update(f"{top}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def tally(rows, budget: int, margin: float) -> dict[str, list[int]]:
    """Per corpus: [answers with the fact, questions, answer characters, answers given],
    with the sentence weights answer.py holds now."""
    from collabqa.evaluate import Outcome  # `collabqa eval`'s answer_has_fact rule

    answer.ANSWER_CHARS, answer.MORE_MARGIN = budget, margin
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for name, q, retrieval in rows:
        got = answer.extractive_answer(q.q, retrieval, {})
        counts = out[name]
        counts[1] += 1
        if got.grounded:
            counts[2] += len(got.text)
            counts[3] += 1
            counts[0] += Outcome(q, [], got.grounded, 0.0, text=got.text).has_fact
    return dict(out)


def sweep(rows, names: tuple[str, str], settings) -> dict:
    """Per setting of the two constants of answer.py `names`, `tally`'s counts at the
    answer length answer.py then holds (the setting itself, when `names` are the length's);
    each setting's pooled figures printed as it is done."""
    grid = {}
    for setting in settings:
        for name, value in zip(names, setting):
            setattr(answer, name, value)
        grid[setting] = tally(rows, answer.ANSWER_CHARS, answer.MORE_MARGIN)
        fact, n, chars = pooled(list(grid[setting].values()))
        print(*names, setting, f"{fact}/{n}", f"{chars:.0f} chars", flush=True)
    return grid


def pooled(counts: list[list[int]]) -> tuple[int, int, float]:
    fact, n, chars, given = (sum(c[i] for c in counts) for i in range(4))
    return fact, n, chars / max(given, 1)


def grid_rows(grid) -> list[str]:
    """A table row per setting of `grid`, in order: the setting's two values, its pooled
    answers with the fact and mean answer characters."""
    rows = []
    for a, b in sorted(grid):
        fact, _, chars = pooled(list(grid[(a, b)].values()))
        rows.append(f"| {a} | {b} | {fact} | {chars:.0f} |")
    return rows


def choose(grid, corpora: list[str]) -> tuple[int, float]:
    """The setting with the most answers holding the fact at a mean answer of at most
    MEAN_CHARS (the shorter of equals)."""
    def figures(setting):
        return pooled([grid[setting][c] for c in corpora])

    allowed = [s for s in grid if figures(s)[2] <= MEAN_CHARS]
    return max(allowed, key=lambda s: (figures(s)[0], -figures(s)[2]))


def held_out(grid, corpora: list[str], before=None) -> tuple[list[str], list[list[int]]]:
    """Each corpus scored under the setting chosen on all the others: table rows (with
    the `before` setting's figures beside them, when given) and counts."""
    folds, held = [], []
    for corpus in corpora:
        chosen = choose(grid, [c for c in corpora if c != corpus])
        got = grid[chosen][corpus]
        held.append(got)
        row = f"| {corpus} | {got[1]} | {chosen} | {got[0]} | {got[2] / max(got[3], 1):.0f} |"
        if before is not None:
            was = grid[before][corpus]
            row += f" {was[0]} | {was[2] / max(was[3], 1):.0f} |"
        folds.append(row)
    return folds, held


def length_fit(rows, lengths, baseline: tuple[int, float], label: str):
    """The answer's length fitted: (ANSWER_CHARS, MORE_MARGIN) swept over `lengths` and
    MARGINS, then the leave-one-corpus-out table's lines (each fold beside `baseline`,
    named `label`, and all pooled), the pooled grid's table lines, the rule's choice on all
    corpora, and how many questions and corpora."""
    grid = sweep(rows, ("ANSWER_CHARS", "MORE_MARGIN"), itertools.product(lengths, MARGINS))
    corpora = sorted(grid[baseline])
    folds, held = held_out(grid, corpora, baseline)
    fact, n, chars = pooled(held)
    was_fact, _, was_chars = pooled([grid[baseline][c] for c in corpora])
    table = [
        "| corpus left out | questions | (ANSWER_CHARS, MORE_MARGIN) chosen on the others "
        f"| answers with the fact | mean answer chars | {label}: with the fact | mean chars |",
        "|---|---:|---|---:|---:|---:|---:|",
        *folds,
        f"| **all, held out** | {n} | | {fact} ({fact / n:.3f}) | {chars:.0f} | "
        f"{was_fact} ({was_fact / n:.3f}) | {was_chars:.0f} |",
    ]
    grid_table = ["| ANSWER_CHARS | MORE_MARGIN | answers with the fact | mean answer chars |",
                  "|---:|---:|---:|---:|", *grid_rows(grid)]
    return table, grid_table, choose(grid, corpora), n, len(corpora)


def main() -> None:
    shipped = (answer.ANSWER_CHARS, answer.MORE_MARGIN)
    weights = (answer.WORDS_WEIGHT, answer.TYPE_WEIGHT)
    rows = retrievals()
    # The sentence weights are chosen before the why and yes-or-no terms existed (0, 0).
    shipped_stances = (answer.REASON_WEIGHT, answer.NEGATION_WEIGHT)
    answer.REASON_WEIGHT = answer.NEGATION_WEIGHT = 0
    # First the sentence weights, at the shipped length; then the length at the weights
    # the rule chooses on all corpora.
    wgrid = sweep(rows, ("WORDS_WEIGHT", "TYPE_WEIGHT"), itertools.product(WORDS, TYPES))
    wcorpora = sorted(wgrid[weights])
    wfolds, wheld = held_out(wgrid, wcorpora)
    wrule = choose(wgrid, wcorpora)
    answer.WORDS_WEIGHT, answer.TYPE_WEIGHT = wrule
    wfact, wn, wchars = pooled(wheld)
    # Then the why and yes-or-no terms, at those weights.
    sgrid = sweep(rows, ("REASON_WEIGHT", "NEGATION_WEIGHT"), itertools.product(STANCES, STANCES))
    sfolds, sheld = held_out(sgrid, wcorpora, (0, 0))
    srule = choose(sgrid, wcorpora)
    answer.REASON_WEIGHT, answer.NEGATION_WEIGHT = srule
    sfact, sn, schars = pooled(sheld)
    was_sfact, _, was_schars = pooled([sgrid[(0, 0)][c] for c in wcorpora])
    folds, grid_table, rule, n, corpora = length_fit(rows, BUDGETS, BEFORE, "before")
    lines = [
        "# The extractive answer: how many sentences it quotes",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} with "
        "`HF_HUB_OFFLINE=1 .venv/bin/python scripts/fit_answer.py` on the answerable "
        f"questions of eval/ ({n}, {corpora} corpora). An answer holds the fact when "
        "an expected phrase is in its text (`collabqa eval`'s answer_has_fact).",
        "",
        "The answer quotes the best sentence of the best passage and the one after it, then "
        "the next best sentence of the top three hits when within SECOND_SENTENCE_MARGIN "
        "(0.2) of the best, then more of them when within MORE_MARGIN, while the quoted "
        "sentences stay within ANSWER_CHARS. The rule: the most answers with the fact among "
        "the settings whose "
        f"mean answer is at most {MEAN_CHARS} characters (a design limit, set before the "
        "grid ran), the shorter of equals.",
        "",
        "## Leave one corpus out",
        "",
        *folds,
        "",
        f"Before: {BEFORE} (no more sentences). Shipped: {shipped}; the rule's "
        f"choice on all corpora: {rule}.",
        "",
        "## The grid, pooled",
        "",
        *grid_table,
        "",
        "## The sentence weights",
        "",
        "Chosen first, by the same rule at the shipped (ANSWER_CHARS, MORE_MARGIN) "
        f"{shipped}: how much a sentence's share of the question's words (WORDS_WEIGHT) "
        "and its holding the asked kind of thing, a name, date, number or place "
        "(TYPE_WEIGHT), add to its closeness when the answer chooses what to quote. The "
        f"grid above ran with the rule's choice on all corpora, {wrule}. Shipped: "
        f"{weights}.",
        "",
        "| corpus left out | questions | (WORDS_WEIGHT, TYPE_WEIGHT) chosen on the others "
        "| answers with the fact | mean answer chars |",
        "|---|---:|---|---:|---:|",
        *wfolds,
        f"| **all, held out** | {wn} | | {wfact} ({wfact / wn:.3f}) | {wchars:.0f} |",
        "",
        "| WORDS_WEIGHT | TYPE_WEIGHT | answers with the fact | mean answer chars |",
        "|---:|---:|---:|---:|",
        *grid_rows(wgrid),
        "",
        "## Why and yes-or-no questions",
        "",
        "Chosen next, by the same rule, at the weights above: how much a sentence giving a "
        "reason (\"because\", \"so that\") adds when the question asks why (REASON_WEIGHT), "
        "and a sentence saying \"not\", \"only\" or \"unless\" when it asks yes or no "
        f"(NEGATION_WEIGHT); before: (0, 0). The rule's choice on all corpora: {srule}; the "
        f"length grid above ran with it. Shipped: {shipped_stances}.",
        "",
        "| corpus left out | questions | (REASON_WEIGHT, NEGATION_WEIGHT) chosen on the others "
        "| answers with the fact | mean answer chars | before: with the fact | mean chars |",
        "|---|---:|---|---:|---:|---:|---:|",
        *sfolds,
        f"| **all, held out** | {sn} | | {sfact} ({sfact / sn:.3f}) | {schars:.0f} | "
        f"{was_sfact} ({was_sfact / sn:.3f}) | {was_schars:.0f} |",
        "",
        "| REASON_WEIGHT | NEGATION_WEIGHT | answers with the fact | mean answer chars |",
        "|---:|---:|---:|---:|",
        *grid_rows(sgrid),
        "",
    ]
    (ROOT / "docs" / "answer.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


def length_only() -> None:
    """`--length-only`: the answer's budget and margin alone, at the weights answer.py holds
    (after a change to what an answer quotes, without the weights' grids); writes
    docs/answer-length.md."""
    shipped = (answer.ANSWER_CHARS, answer.MORE_MARGIN)
    folds, grid_table, rule, n, corpora = length_fit(retrievals(), LENGTHS, shipped, "shipped")
    lines = [
        "# The extractive answer's length, alone",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} with `HF_HUB_OFFLINE=1 .venv/bin/python "
        f"scripts/fit_answer.py --length-only` on the answerable questions of eval/ ({n}, "
        f"{corpora} corpora), at the sentence weights answer.py holds. The rule, as in "
        f"[answer.md](answer.md): the most answers with the fact among the settings whose mean "
        f"answer is at most {MEAN_CHARS} characters, the shorter of equals.",
        "",
        *folds,
        "",
        f"Shipped: {shipped}; the rule's choice on all corpora: {rule}.",
        "",
        *grid_table,
        "",
    ]
    (ROOT / "docs" / "answer-length.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    length_only() if "--length-only" in sys.argv[1:] else main()
