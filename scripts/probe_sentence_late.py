"""Would a late interaction between the question and each sentence choose the answer's
lead better? A probe (session 85), not a fit: prints, writes nothing.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/probe_sentence_late.py --record DIR [--seed 11] [--corpora 40] [--alone]

DIR holds a full evaluation's JSON files (`scripts/eval_all.py --out DIR`); from `--corpora`
of them drawn at random, every answerable question whose first hit was the passage holding
the fact is searched again, and the first hit's sentences are ranked as the answer ranks
them (`answer.rank_sentences`), then again with w times each sentence's MaxSim with the
question added (`late.maxsim`: idf-weighted question tokens). Counted: how often the best
sentence holds an expected phrase, per w. The sentence's tokens are, by default, the
index's own stored ones (the passage read in context, int8 codes) that fall inside the
sentence's span in the embedded text (`store.embedded_spans`, which the build computes
but does not store); with `--alone`, each sentence encoded on its own by the model.
"""

from __future__ import annotations

import argparse
import collections
import json
import logging
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from collabqa import answer as A  # noqa: E402
from collabqa.api import Engine, clean_question, shared_embedder  # noqa: E402
from collabqa.embed import unit_rows  # noqa: E402
from collabqa.evaluate import corpus_index, corpus_of, first_hit, load_questions  # noqa: E402
from collabqa.late import maxsim  # noqa: E402
from collabqa.store import embedded_spans  # noqa: E402
from collabqa.window import joined  # noqa: E402

WEIGHTS = (0.0, 0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 3.0)


def stored_codes(index, tokenizer, length, row):
    """Per sentence of passage `row`, the stored token codes inside its embedded span."""
    p = index.passages[row]
    text = p.embedding_text()
    spans, _ = embedded_spans(index.passages, index.sentences, [row], [text])
    offsets = tokenizer(text, truncation=True, max_length=length,
                        return_offsets_mapping=True)["offset_mapping"][1:-1]
    codes = index.token_codes[index.token_offsets[row]:index.token_offsets[row + 1]]
    out = []
    for a, b in spans[0]:
        inside = [k for k, (x, y) in enumerate(offsets) if y > x and x < b and y > a
                  and k < len(codes)]
        out.append(codes[inside] if inside and b > a else None)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--record", required=True, type=Path, help="a full run's --out folder")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--corpora", type=int, default=40)
    ap.add_argument("--alone", action="store_true", help="encode each sentence on its own")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    embedder = shared_embedder()
    model = embedder.model
    random.seed(args.seed)
    files = random.sample(sorted(args.record.glob("*.json")), args.corpora)
    chosen: collections.Counter = collections.Counter()
    total = 0
    for path in files:
        name = path.stem
        outcomes = json.loads(path.read_text())["questions"]
        questions_path = ROOT / "eval" / f"{name}_questions.jsonl"
        questions = load_questions(questions_path)
        engine = Engine(corpus_index(corpus_of(questions_path)), embedder=embedder)
        retriever = engine.current().retriever
        index = retriever.index
        if index.token_codes is None:
            continue
        cache: dict[int, list] = {}
        for q, o in zip(questions, outcomes):
            if o["abstain"] or o["rank"] != 1:
                continue
            asked = clean_question(q.q)
            retrieval = retriever.search(asked, k=5)
            if not retrieval.grounded:
                continue
            ranked = [s for s in A.rank_sentences(retrieval, q.q) if s.hit == 0]
            hit = retrieval.hits[0]
            quoted = [A._quote(retrieval, s) for s in ranked]
            holds = [first_hit(q.expect, [hit.text[s.span[0]:s.span[1]]], [t]) is not None
                     for s, t in zip(ranked, quoted)]
            if len(ranked) < 2 or not any(holds):
                continue
            total += 1
            _, qtokens = embedder.encode_query(asked)
            weights = retriever._token_weights(asked, len(qtokens))
            if args.alone:
                late = []
                for t in model.encode(quoted, convert_to_numpy=False,
                                      output_value="token_embeddings", show_progress_bar=False):
                    x = unit_rows(t.float().numpy()[1:-1] if len(t) > 2 else t.float().numpy())
                    sims = (qtokens @ x.T).max(axis=1)
                    late.append(float(weights @ sims / weights.sum()) if weights is not None
                                else float(sims.mean()))
            else:
                # the hit's sentence spans, as window.joined lays them out -> (row, sentence)
                _, spans = joined(index.passages, index.sentences, hit.rows)
                where = dict(zip(spans, ((row, j) for row in hit.rows
                                         for j in range(len(index.sentences[row])))))
                codes = []
                for s in ranked:
                    row, j = where.get(tuple(s.span), (None, None))
                    if row is not None and row not in cache:
                        cache[row] = stored_codes(index, model.tokenizer, model.max_seq_length, row)
                    codes.append(cache[row][j] if row is not None else None)
                found = iter(maxsim(qtokens, [c for c in codes if c is not None],
                                    index.token_basis, weights))
                late = [next(found) if c is not None else 0.0 for c in codes]
            base, late = np.array([s.score for s in ranked]), np.array(late)
            for w in WEIGHTS:
                chosen[w] += holds[int(np.argmax(base + w * late))]
        print(name, total, {w: chosen[w] for w in WEIGHTS}, flush=True)
    print(f"questions {total}: " + ", ".join(f"w {w}: {chosen[w]}" for w in WEIGHTS))


if __name__ == "__main__":
    main()
