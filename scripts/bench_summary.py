"""Benchmark the constrained summarizer: facts, unsupported claims, latency.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/bench_summary.py [--sets a.jsonl b.jsonl]
        [--no-write] [--starts N] [--against N]

For every answerable question of each set (default: eval/article_questions.jsonl and
eval/dev_questions.jsonl about the committed index, eval/home-garden_questions.jsonl
about eval/corpora/home-garden, indexed for the run) it asks `ask(q, summarize=True)`
once, warm, and counts: model-written answers (mode "summary"); those carrying an
expected fact with valid markers; clauses with a content word that the passage their
marker cites does not contain (claims the passages don't support); and the wall time
to the answer and to the first generated token. Prints the figures and rewrites the
table in docs/summary-benchmark.md (unless --no-write).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from benchdocs import corpus_for, write_section  # noqa: E402

DOC = ROOT / "docs" / "summary-benchmark.md"
SETS = [
    ROOT / "eval" / "article_questions.jsonl",
    ROOT / "eval" / "dev_questions.jsonl",
    ROOT / "eval" / "home-garden_questions.jsonl",  # a second corpus, indexed by this run
]
OFF_TOPIC = ["What is the population of Tokyo?", "Recommend a good pizza recipe."]
_CLAUSE = re.compile(r"(.+?)\s*\[(\d+)\](?:\s+|$)")


def valid_markers(answer) -> bool:
    """Markers present, numbered 1, 2, ... in order of first mention, each a citation."""
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.text)]
    first = list(dict.fromkeys(numbers))
    return bool(numbers) and first == list(range(1, len(first) + 1)) and all(
        1 <= n <= len(answer.citations) for n in numbers
    )


def unsupported_clauses(answer) -> list[str]:
    """Clauses of a summary with a content word the passage of their marker lacks."""
    from collabqa.grounding import unsupported_words

    by_n = {c.n: c.text for c in answer.citations}
    return [
        f"{text} [{n}] (not in the passage: {', '.join(missing)})"
        for text, n in _CLAUSE.findall(answer.text)
        if (missing := unsupported_words(text, by_n.get(int(n), "")))
    ]


def run_set(engine, path: Path) -> dict:
    from collabqa.evaluate import load_questions

    questions = [q for q in load_questions(path) if q.expect and not q.abstain]
    out = {"n": len(questions), "summary": 0, "fact": 0, "fact_any": 0, "extractive_fact": 0,
           "direct": 0,
           "unsupported": [], "total": [], "first": [], "misses": []}
    for q in questions:
        plain = engine.ask(q.q)
        start = time.perf_counter()
        stream = engine.ask_stream(q.q, summarize=True)
        first = None
        for item in stream:
            if first is None:
                first = time.perf_counter() - start  # a delta, or the answer if none
            answer = item
        out["total"].append(time.perf_counter() - start)
        out["first"].append(first)
        text = answer.text.lower()
        has_fact = any(e.lower() in text for e in q.expect) and valid_markers(answer)
        model = answer.mode == "summary"
        out["summary"] += model
        out["fact"] += has_fact and model
        out["fact_any"] += has_fact
        direct = _CLAUSE.match(answer.text)  # the first clause: the direct answer
        out["direct"] += model and bool(direct) and any(
            e.lower() in direct.group(1).lower() for e in q.expect)
        out["extractive_fact"] += any(e.lower() in plain.text.lower() for e in q.expect)
        if model:
            out["unsupported"] += unsupported_clauses(answer)
        if not (has_fact and model):
            out["misses"].append((q.q, answer.mode, answer.text))
    return out


def compare_starts(path: Path, other: int) -> None:
    """Warm `ask(summarize=True)` time with the shipped MAX_STARTS and with `other`, the
    two asked in turn on each question in one process, so machine load hits both alike."""
    from collabqa import Engine, summarize
    from collabqa.evaluate import load_questions

    if corpus_for(path) != (ROOT / "corpus").resolve():
        sys.exit("--against times questions about the committed index (corpus/) only")
    shipped = summarize.MAX_STARTS
    engine = Engine()
    questions = [q.q for q in load_questions(path) if q.expect and not q.abstain]
    engine.ask(questions[0], summarize=True)  # warm-up
    times: dict[int, list[float]] = {shipped: [], other: []}
    try:
        for i, question in enumerate(questions):
            for starts in (shipped, other) if i % 2 else (other, shipped):
                summarize.MAX_STARTS = starts
                start = time.perf_counter()
                engine.ask(question, summarize=True)
                times[starts].append(time.perf_counter() - start)
    finally:
        summarize.MAX_STARTS = shipped
    a, b = statistics.median(times[shipped]), statistics.median(times[other])
    print(f"{len(questions)} questions of {path.name}, each asked in turn: p50 with "
          f"{shipped} starts (shipped) {a:.3f} s, with {other} starts {b:.3f} s, "
          f"ratio {a / b:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sets", nargs="+", type=Path, default=SETS,
        help="question files (JSONL, as `collabqa eval` reads); each about the corpus "
        "benchdocs.corpus_for names",
    )
    parser.add_argument("--no-write", action="store_true", help="print only; leave the docs alone")
    parser.add_argument(
        "--starts", type=int, default=None,
        help="score spans for this many opening words (summarize.MAX_STARTS) instead of "
        "the shipped number; with --no-write, to compare settings",
    )
    parser.add_argument(
        "--against", type=int, default=None, metavar="N",
        help="only time the shipped MAX_STARTS against N starts: each answerable question "
        "of the first set asked with one, then the other (alternating which goes first); "
        "prints both medians and their ratio",
    )
    args = parser.parse_args()
    if args.starts is not None and not args.no_write:
        parser.error("--starts measures a setting that is not shipped: add --no-write")
    if args.starts is not None and args.against is not None:
        parser.error("--against times the shipped setting: leave out --starts")
    if args.starts is not None:
        from collabqa import summarize

        summarize.MAX_STARTS = args.starts
    if args.against is not None:
        compare_starts(args.sets[0], args.against)
        return

    import torch

    from collabqa import Engine, generator

    load_avg = os.getloadavg()[0]
    import tempfile

    from collabqa.store import build_index

    engine = Engine()
    engine.ask("Who developed AlphaFold?", summarize=True)  # warm-up: model loaded, caches hot
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in args.sets:
            corpus, on = corpus_for(path), engine
            if corpus != (ROOT / "corpus").resolve():
                index = Path(tmp) / corpus.name
                build_index(corpus, index, embedder=engine.embedder, progress=False)
                on = Engine(index, embedder=engine.embedder)
            results[path.name] = run_set(on, path)

    calls = []
    real = generator.get_generator
    generator.get_generator = lambda: calls.append(1) or real()
    try:
        refused = [engine.ask(q, summarize=True).mode == "none" for q in OFF_TOPIC]
    finally:
        generator.get_generator = real

    p50 = statistics.median
    total = [t for r in results.values() for t in r["total"]]
    first = [t for r in results.values() for t in r["first"]]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} UTC on {os.cpu_count()} CPU cores (load "
        f"average {load_avg:.1f} at the start; other jobs on the machine slow every figure), "
        f"torch {torch.__version__}, `HF_HUB_OFFLINE=1 .venv/bin/python scripts/bench_summary.py`.",
        "",
        "| question set | answerable | model-written | model-written with an expected fact and "
        "valid markers | ... in its direct answer | incl. fallback to quotes | extractive answer "
        "alone has the fact | clauses the cited passage doesn't support |",
        "|---|---|---|---|---|---|---|---|",
        *(f"| {name} | {r['n']} | {r['summary']} | {r['fact']} ({r['fact'] / r['n']:.0%}) | "
          f"{r['direct']} | {r['fact_any']} | {r['extractive_fact']} | {len(r['unsupported'])} |"
          for name, r in results.items()),
        "",
        "| figure | measured | target |",
        "|---|---|---|",
        f"| `ask(q, summarize=True)` wall time, warm, p50 of {len(total)} (p90) | "
        f"{p50(total):.2f} s ({statistics.quantiles(total, n=10)[-1]:.2f} s) | <= 1.5 s |",
        f"| first streamed text after the question, warm, p50 of {len(first)} (p90) | "
        f"{p50(first):.2f} s ({statistics.quantiles(first, n=10)[-1]:.2f} s) | <= 0.5 s |",
        f"| off-topic questions refused without calling the model | "
        f"{sum(refused)} of {len(OFF_TOPIC)}, model called {len(calls)} times | all, 0 |",
    ]
    for name, r in results.items():
        lines += ["", f"Not model-written with the fact, {name}:", ""]
        lines += [f"- {q} ({mode}): {text.replace('|', '/')}" for q, mode, text in r["misses"]]
        if r["unsupported"]:
            lines += ["", f"Unsupported clauses, {name}:", ""] + [f"- {u}" for u in r["unsupported"]]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        write_section("summary", body, DOC)


if __name__ == "__main__":
    main()
