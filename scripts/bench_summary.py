"""Benchmark the summarizer: model load (cached and converting), speed, and grounding.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/bench_summary.py [--runs 5] [--skip-convert]
        [--questions eval/article_questions.jsonl]

Prints the figures and rewrites docs/summary-benchmark.md. Load times are measured in
fresh subprocesses, so they include what a new process pays (imports, file reads).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from benchdocs import write_section  # noqa: E402

DOC = ROOT / "docs" / "summary-benchmark.md"
# Written for this benchmark, not used to tune the prompt or thresholds: the facts are
# in the article, the wording differs from eval/dev_questions.jsonl.
HELD_OUT = [
    ("Which architectures came out of the ImageNet challenge?", ["AlexNet", "ResNet"]),
    ("On which platform was the CORD-19 dataset hosted?", ["Kaggle"]),
    ("How does Wildbook identify individual animals?", ["unique physical features"]),
    ("Which institutes run The Cancer Genome Atlas?", ["National Cancer Institute"]),
    ("What problem in biology does AlphaFold address?", ["protein folding"]),
]
OFF_TOPIC = ["What is the population of Tokyo?", "Recommend a good pizza recipe."]

LOAD = """
import json, os, sys, time
t = time.perf_counter()
mode = os.environ.get("BENCH_PREIMPORT")
if mode == "app":  # as in the app: the embedder imported these already
    import torch, transformers, sentence_transformers
elif mode == "only":  # what loading the model imports, timed alone
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    import transformers.models.llama.modeling_llama
    sys.exit(print(json.dumps({"import_s": time.perf_counter() - t})))
t0 = time.perf_counter()
from collabqa import generator
t1 = time.perf_counter()
generator.get_generator()
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1}))
"""


def load_in_subprocess(env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", LOAD], env={**os.environ, **env}, check=True,
        capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def valid_markers(answer) -> bool:
    import re

    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.text)]
    first = list(dict.fromkeys(numbers))
    return bool(numbers) and first == list(range(1, len(first) + 1)) and all(
        1 <= n <= len(answer.citations) for n in numbers
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure")
    parser.add_argument("--skip-convert", action="store_true", help="skip the converting load")
    parser.add_argument(
        "--questions", default=str(ROOT / "eval" / "article_questions.jsonl"),
        help="a wider question file (JSONL, as `collabqa eval` reads) for the summary rate",
    )
    args = parser.parse_args()

    from collabqa import Engine, generator
    from collabqa.summarize import prompt

    load_avg = os.getloadavg()[0]
    cached = [load_in_subprocess({}) for _ in range(3)]  # the first also fills the cache
    cached_load = statistics.median(c["load_s"] for c in cached[1:])
    in_app = [load_in_subprocess({"BENCH_PREIMPORT": "app"}) for _ in range(2)]
    in_app_load = statistics.median(c["load_s"] for c in in_app)
    imports = statistics.median(
        load_in_subprocess({"BENCH_PREIMPORT": "only"})["import_s"] for _ in range(2)
    )
    convert = None
    if not args.skip_convert:
        with tempfile.TemporaryDirectory() as tmp:
            convert = load_in_subprocess({"COLLABQA_CACHE": tmp})["load_s"]

    engine = Engine()
    model = generator.get_generator()
    engine.ask(HELD_OUT[0][0], summarize=True)  # warm-up

    # Forced ~60 new tokens on a real prompt: the speed figure of the target.
    import torch

    question = HELD_OUT[0][0]
    _, retrieval, _ = engine.retrieve(question)
    from collabqa.answer import extractive_answer

    extractive = extractive_answer(question, retrieval, engine.index, {})
    messages, _ = prompt(extractive, retrieval, engine.index)
    inputs = model.tokenizer.apply_chat_template(
        messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
    )
    # Side by side with the same model in plain float32, without int8 weights (quant.py).
    from transformers import AutoModelForCausalLM

    plain = AutoModelForCausalLM.from_pretrained(model.path, dtype=torch.float32).eval()

    def sixty_tokens(lm) -> float:
        start = time.perf_counter()
        with torch.inference_mode():
            lm.generate(
                **inputs, max_new_tokens=60, min_new_tokens=60, do_sample=False,
                pad_token_id=model.tokenizer.eos_token_id,
            )
        return time.perf_counter() - start

    sixty_tokens(plain)  # warm-up
    forced, forced_plain = [], []
    for _ in range(args.runs):
        forced.append(sixty_tokens(model.model))
        forced_plain.append(sixty_tokens(plain))
    del plain
    prompt_tokens = int(inputs["input_ids"].shape[1])

    # End to end through ask(): what a user waits for, and whether it is right.
    rows, first_tokens, summary_times = [], [], []
    for question, expect in HELD_OUT:
        answer = engine.ask(question, summarize=True)
        t = answer.timings
        first_tokens.append(t.get("first_token", float("nan")) / 1000)
        summary_times.append((t.get("generate", 0) + t.get("verify", 0)) / 1000)
        fact = any(e.lower() in answer.text.lower() for e in expect)
        answered = fact and valid_markers(answer)  # by the summary or its fallback
        rows.append((question, answer.mode, answered and answer.mode == "summary", answered,
                     answer.text))

    # The same check over a wider set: how often the model's own summary is kept and
    # states an expected fact, rather than falling back to the quotes.
    from collabqa.evaluate import load_questions

    wide = [q for q in load_questions(args.questions) if q.expect and not q.abstain]
    wide_kept = wide_summary = wide_answered = 0
    for q in wide:
        answer = engine.ask(q.q, summarize=True)
        ok = any(e.lower() in answer.text.lower() for e in q.expect) and valid_markers(answer)
        wide_kept += answer.mode == "summary"
        wide_summary += ok and answer.mode == "summary"
        wide_answered += ok

    calls = []
    real = generator.get_generator
    generator.get_generator = lambda: calls.append(1) or real()
    try:
        refused = [engine.ask(q, summarize=True).mode == "none" for q in OFF_TOPIC]
    finally:
        generator.get_generator = real

    passed = sum(ok for _, _, ok, _, _ in rows)
    answered = sum(a for _, _, _, a, _ in rows)
    p50 = statistics.median
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} CPU cores (load average "
        f"{load_avg:.1f} at the start; other jobs on the machine slow every figure), torch "
        f"{torch.__version__}, `HF_HUB_OFFLINE=1 .venv/bin/python scripts/bench_summary.py`.",
        "",
        "| figure | measured | target |",
        "|---|---|---|",
        f"| cached model load (new process, incl. importing torch + transformers) | {cached_load:.2f} s "
        f"| <= 3 s |",
        f"| of which importing torch, transformers and the model code, timed alone | "
        f"{imports:.2f} s | |",
        f"| cached model load in a process that already loaded the embedder (torch and "
        f"transformers imported), as in the app and `ask()` | {in_app_load:.2f} s | <= 3 s |",
        "| first, converting load (GGUF -> bfloat16 cache) | "
        + (f"{convert:.1f} s" if convert is not None else "not measured")
        + " | once |",
        f"| 60 new tokens, warm ({prompt_tokens}-token prompt), p50 of {args.runs} | "
        f"{p50(forced):.2f} s | <= 4 s |",
        f"| the same in plain float32, alternating runs; speed-up of the int8 weights | "
        f"{p50(forced_plain):.2f} s; {p50(forced_plain) / p50(forced):.2f}x | |",
        f"| summary through `ask()` (generate + verify), p50 of {len(HELD_OUT)} | "
        f"{p50(summary_times):.2f} s | <= 4 s |",
        f"| first token after retrieval, p50 of {len(HELD_OUT)} | "
        f"{p50(first_tokens):.2f} s | <= 1 s |",
        f"| held-out summaries with the expected fact and valid markers | "
        f"{passed} of {len(rows)} | >= 4 of 5 |",
        f"| held-out answers to `ask(summarize=True)` with the fact and valid markers "
        f"(summary, or the extractive answer it fell back to) | {answered} of {len(rows)} | |",
        f"| {Path(args.questions).name}: summaries kept; kept with an expected fact and "
        f"valid markers; answers with them incl. fallback | {wide_kept}; {wide_summary}; "
        f"{wide_answered} of {len(wide)} | |",
        f"| off-topic questions refused without calling the model | "
        f"{sum(refused)} of {len(OFF_TOPIC)}, model called {len(calls)} times | all, 0 |",
        "",
        "| held-out question | mode | fact + markers | answer |",
        "|---|---|---|---|",
        *(f"| {q} | {m} | {'yes' if a else 'no'} | {t.replace('|', '/')} |"
          for q, m, _, a, t in rows),
    ]
    body = "\n".join(lines)
    print(body)
    if not DOC.exists():
        DOC.write_text(
            "# Summary benchmark\n\nWritten by `scripts/bench_summary.py`; see the notes "
            "below the table for what the figures mean.\n",
            encoding="utf-8",
        )
    write_section("summary", body, DOC)


if __name__ == "__main__":
    main()
