"""Recall of the citations scored on their raw text and on their text as a reader sees it.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/recall_plain.py eval/mkdocs-material_questions.jsonl

`collabqa eval` counts a citation as a hit when an expected phrase is in its stored text:
for Markdown that is the file's own characters, so a phrase taken from the built page
("300, 400, 400i and 700") misses a passage that writes `_400i_ and __700__`. This prints
recall@1 / recall@3 / MRR both ways, through `Engine.ask` as `collabqa eval` does (a
refused answerable question misses at every depth).
"""

from __future__ import annotations

import argparse

from collabqa.api import Engine
from collabqa.evaluate import _norm, corpus_index, corpus_of, load_questions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("questions", nargs="+", help="question files (eval/*_questions.jsonl)")
    parser.add_argument("-k", type=int, default=5, help="citations per answer (default 5)")
    args = parser.parse_args()
    for path in args.questions:
        corpus = corpus_of(path)
        if corpus is None:
            parser.error(f"{path} names no corpus folder")
        engine = Engine(corpus_index(corpus))
        passages = {p.id: p for p in engine.index.passages}
        ranks: dict[str, list[int | None]] = {"raw": [], "plain": []}
        for question in load_questions(path):
            if question.abstain:
                continue
            answer = engine.ask(question.q, k=args.k)
            phrases = [_norm(p) for p in question.expect]
            for mode, ranked in ranks.items():
                texts = [c.text if mode == "raw" else passages[c.passage_id].plain_text()
                         for c in answer.citations] if answer.grounded else []
                ranked.append(next((i for i, text in enumerate(texts, 1)
                                    if any(p in _norm(text) for p in phrases)), None))
        for mode, ranked in ranks.items():
            n = len(ranked)
            at = lambda k: sum(r is not None and r <= k for r in ranked) / n  # noqa: E731
            mrr = sum(1 / r for r in ranked if r) / n
            print(f"{path}  {mode:5}  n={n}  recall@1 {at(1):.3f}  recall@3 {at(3):.3f}  "
                  f"MRR {mrr:.3f}")


if __name__ == "__main__":
    main()
