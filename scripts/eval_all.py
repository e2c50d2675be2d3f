"""Every question file of eval/ through `collabqa eval`, in parallel, one JSON per file.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/eval_all.py [--jobs 2] [--out DIR]
        [--src TREE] [--pool-only] [--only NAME,NAME] [--record FILE] [--against FILE]
        [FILE ...]

Runs `python -m collabqa eval --questions FILE --json` once per file (each against the
cached index of its own corpus, built the first time), `--jobs` at a time, and keeps each
file's JSON in `--out` (default /tmp/collabqa-eval): a file already there is not asked
again, so an interrupted run picks up where it stopped, and `--pool-only` pools what is
there. `--src TREE` runs the code of another checkout's `src/` (a frozen copy of the code
before a change: `git archive HEAD src | tar -x -C TREE`), so the same questions can be
scored on two versions. Prints the pooled figures the README reports (recall@1 / @3,
MRR, answer has fact, off-topic / near-miss / answerable refused, mean answer length),
then the same over the held-out corpora only (all but DEVELOPED_ON), then the files whose
off-topic questions are refused below 0.95. Prints only; the README's figures are copied
from its output.

`--record FILE` keeps each question's outcome (its rank, whether the answer holds the
fact, whether it was answered) of every file in `--out`, gzipped; `--against FILE` says
which files' outcomes differ from such a record, question by question. A session whose
change should move nothing can run the files it touches and check them against the last
full run's record (docs/eval-outcomes.json.gz) instead of asking all of them again.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# The question files whose corpora constants were developed on (README, "Held out first"):
# the article and its starter set, the second small corpus, and the first docs corpora.
# Every other file was written before collabqa ran on its corpus.
DEVELOPED_ON = frozenset({
    "article", "dev", "home-garden", "prometheus", "google-eng-guides", "ruff-docs",
    "httpx-docs", "pdm-docs", "sqlite-html", "fasta-guide-pdf", "cfe-guide-pdf", "18f-docx",
})
OFF_TOPIC_TARGET = 0.95


def name_of(path: Path) -> str:
    """`eval/ruff-docs_questions.jsonl` -> "ruff-docs"."""
    return path.name.removesuffix(".json").removesuffix(".jsonl").removesuffix("_questions")


def run_one(questions: Path, out: Path, src: Path | None) -> str:
    """Score one question file into `out/<name>.json` (kept only when complete)."""
    target = out / f"{name_of(questions)}.json"
    if target.exists():
        return f"{name_of(questions)}: kept from an earlier run"
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    if src is not None:
        env["PYTHONPATH"] = str(src / "src")
    done = subprocess.run(
        [sys.executable, "-m", "collabqa", "eval", "--questions", str(questions), "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return f"{name_of(questions)}: FAILED ({done.stderr.strip().splitlines()[-1:]})"
    partial = target.with_suffix(".part")
    partial.write_text(done.stdout, encoding="utf-8")
    partial.replace(target)
    return f"{name_of(questions)}: done"


def pool(reports: list[dict[str, Any]]) -> dict[str, float | int]:
    """The README's pooled figures over `collabqa eval --json` reports of single files,
    counted question by question (a file's share weighs by its questions)."""
    n = first = top3 = fact = refused = off = off_refused = near = near_refused = 0
    reciprocal = chars = 0.0
    answered = 0
    for report in reports:
        given = 0
        for q in report["questions"]:
            if q["abstain"]:
                if q["near_miss"]:
                    near, near_refused = near + 1, near_refused + (not q["grounded"])
                else:
                    off, off_refused = off + 1, off_refused + (not q["grounded"])
                continue
            n += 1
            rank = q["rank"]
            first += rank == 1
            top3 += bool(rank and rank <= 3)
            reciprocal += 1 / rank if rank else 0.0
            fact += q["has_fact"]
            refused += not q["grounded"]
            given += q["grounded"]
        chars += report["mean_answer_chars"] * given
        answered += given
    share = (lambda a, b: a / b if b else 0.0)
    return {
        "files": len(reports), "answerable": n,
        "recall@1": share(first, n), "recall@3": share(top3, n), "mrr": share(reciprocal, n),
        "answer_has_fact": share(fact, n), "facts": fact,
        "off_topic": off, "off_topic_refused": off_refused,
        "near_miss": near, "near_miss_refused": near_refused,
        "answerable_refused": refused, "mean_answer_chars": share(chars, answered),
    }


def outcomes(reports: dict[str, dict[str, Any]]) -> dict[str, list[list[int]]]:
    """Per file, each question's [rank (0: none), answer holds the fact, answered], in the
    file's order."""
    return {name: [[q.get("rank") or 0, int(bool(q.get("has_fact"))), int(bool(q["grounded"]))]
                   for q in report["questions"]]
            for name, report in sorted(reports.items())}


def differences(now: dict[str, list[list[int]]], before: dict[str, list[list[int]]]) -> list[str]:
    """The files of `now` whose outcomes are not those of `before`, one line each."""
    out = []
    for name, got in sorted(now.items()):
        was = before.get(name)
        if was is None:
            out.append(f"{name}: not in the record")
        elif len(was) != len(got):
            out.append(f"{name}: {len(was)} questions in the record, {len(got)} now")
        elif moved := [i for i, (a, b) in enumerate(zip(got, was)) if a != b]:
            out.append(f"{name}: {len(moved)} of {len(got)} questions differ "
                       f"(the first: question {moved[0] + 1}, {was[moved[0]]} -> {got[moved[0]]})")
    return out


def line(label: str, p: dict[str, float | int]) -> str:
    return (f"{label}: {p['files']} files, {p['answerable']} answerable | recall@1 "
            f"{p['recall@1']:.3f} recall@3 {p['recall@3']:.3f} MRR {p['mrr']:.3f} | fact "
            f"{p['answer_has_fact']:.3f} ({p['facts']}) | off-topic refused "
            f"{p['off_topic_refused']}/{p['off_topic']} | near-miss refused "
            f"{p['near_miss_refused']}/{p['near_miss']} | answerable refused "
            f"{p['answerable_refused']} | {p['mean_answer_chars']:.1f} chars")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path,
                        help="question files (default: every eval/*_questions.jsonl)")
    parser.add_argument("--jobs", type=int, default=2, help="files scored at once (default 2)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/collabqa-eval"),
                        help="folder of one JSON per file (default /tmp/collabqa-eval)")
    parser.add_argument("--src", type=Path, help="a checkout whose src/ is the code to run")
    parser.add_argument("--pool-only", action="store_true",
                        help="ask nothing; pool the JSON files already in --out")
    parser.add_argument("--only", help="pool only these names (comma-separated)")
    parser.add_argument("--record", type=Path,
                        help="write every file's question outcomes here (gzipped JSON)")
    parser.add_argument("--against", type=Path,
                        help="compare the files' question outcomes with such a record")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be 1 or more")
    before = None
    if args.against:  # read first: a long run should not end on a missing record
        try:
            before = json.loads(gzip.decompress(args.against.read_bytes()))
        except (OSError, ValueError) as e:  # missing, unreadable, not gzip, not JSON
            parser.error(f"--against {args.against}: not a readable outcome record ({e})")
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.pool_only:
        files = args.files or sorted((ROOT / "eval").glob("*_questions.jsonl"))
        with ThreadPoolExecutor(args.jobs) as workers:
            for k, said in enumerate(workers.map(
                    lambda f: run_one(f.resolve(), args.out, args.src), files), 1):
                print(f"[{k}/{len(files)}] {said}", flush=True)
    reports = {name_of(p): json.loads(p.read_text(encoding="utf-8"))
               for p in sorted(args.out.glob("*.json"))}
    if args.only:
        wanted = set(args.only.split(","))
        reports = {k: v for k, v in reports.items() if k in wanted}
    if not reports:
        print(f"no reports in {args.out}")
        return 1
    print(line("all", pool(list(reports.values()))))
    held = [r for k, r in reports.items() if k not in DEVELOPED_ON]
    if held and len(held) < len(reports):
        print(line("held out", pool(held)))
    low = sorted(k for k, r in reports.items()
                 if r.get("off_topic_refused") is not None
                 and r["off_topic_refused"] < OFF_TOPIC_TARGET)
    print(f"off-topic refused below {OFF_TOPIC_TARGET}: {len(low)} {' '.join(low)}")
    now = outcomes(reports)
    if args.record:
        args.record.write_bytes(gzip.compress(
            json.dumps(now, separators=(",", ":")).encode(), mtime=0))
        print(f"outcomes of {len(reports)} files written to {args.record}")
    if before is not None:
        moved = differences(now, before)
        for said in moved:
            print(said)
        print(f"against {args.against}: {len(reports) - len(moved)} of {len(reports)} files "
              "as recorded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
