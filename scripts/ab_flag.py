"""Ask the same questions with a switch of collabqa off and on, and list what changes.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/ab_flag.py MODULE.FLAG KIND OUT.jsonl FILE ...

For a change behind a module-level switch (a boolean such as `answer_types.HANDLES`, or a
weight, set to 0 for "off"), each question of each question FILE whose asked kind
(`answer_types.asked_type`: person, time, number, place, expansion, or "any" for every
question) is KIND is asked as `collabqa eval` asks it (`Engine.ask(q, k=5)`) with the
switch off and then on, in one process over the same index. One JSON line per question
goes to OUT (its file, index, kind, and per setting its rank, whether the answer holds
the fact, whether it was answered); files already in OUT are skipped, so a run picks up
where it stopped. Only files whose corpus's index is already built are asked (see
`evaluate.cached_index`); the rest are listed. Prints each file's count of changed
outcomes, then every change and the totals.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def outcome(engine, question) -> list[int]:
    """[rank, has fact, answered] of one question, scored as `collabqa eval` scores it."""
    from collabqa.evaluate import engine_search, run

    scored = run([question], engine_search(engine, 5), warmup=False)[0]
    fact = int(scored.has_fact) if question.kind == "answerable" else 0
    return [scored.rank or 0, fact, int(scored.grounded)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("flag", help="MODULE.NAME, e.g. collabqa.answer_types.HANDLES")
    parser.add_argument("kind", help="the asked kind to ask about, or 'any'")
    parser.add_argument("out", type=Path, help="JSON Lines file of outcomes (appended)")
    parser.add_argument("files", nargs="+", type=Path, help="question files")
    args = parser.parse_args()

    from collabqa.answer_types import asked_type
    from collabqa.api import Engine, shared_embedder
    from collabqa.evaluate import cached_index, corpus_of, load_questions

    module_name, name = args.flag.rsplit(".", 1)
    module = importlib.import_module(module_name)
    shipped = getattr(module, name)
    off = False if isinstance(shipped, bool) else type(shipped)(0)
    done = set()
    if args.out.exists():
        done = {json.loads(line)["file"] for line in args.out.open()}
    embedder = shared_embedder()
    for path in args.files:
        if path.name in done:
            continue
        corpus = corpus_of(path)
        index = cached_index(corpus) if corpus is not None else None
        if index is None or not index.exists():
            print(f"{path.name}: no corpus index built (or no corpus named), not asked", flush=True)
            continue
        engine = Engine(index, embedder=embedder)
        rows = []
        for i, question in enumerate(load_questions(path)):
            if args.kind != "any" and asked_type(question.q) != args.kind:
                continue
            setattr(module, name, off)
            before = outcome(engine, question)
            setattr(module, name, shipped)
            rows.append({"file": path.name, "qi": i, "kind": question.kind,
                         "off": before, "on": outcome(engine, question)})
        with args.out.open("a") as f:
            for row in rows or [{"file": path.name, "qi": -1}]:
                f.write(json.dumps(row) + "\n")
        print(f"{path.name}: {len(rows)} asked, {sum(r['off'] != r['on'] for r in rows)} changed",
              flush=True)
    rows = [json.loads(line) for line in args.out.open()]
    rows = [r for r in rows if r["qi"] >= 0]
    for r in rows:
        if r["off"] != r["on"]:
            print(f"{r['file']} #{r['qi'] + 1} ({r['kind']}): {r['off']} -> {r['on']}")
    for kind in ("answerable", "near_miss", "off_topic"):
        mine = [r for r in rows if r["kind"] == kind]
        print(f"{kind}: {len(mine)} questions; answered {sum(r['off'][2] for r in mine)} -> "
              f"{sum(r['on'][2] for r in mine)}; with the fact "
              f"{sum(r['off'][1] for r in mine)} -> {sum(r['on'][1] for r in mine)}")


if __name__ == "__main__":
    main()
