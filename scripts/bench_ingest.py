"""Ingestion benchmark: a full index build against sentence-transformers alone, in one run.

    python scripts/bench_ingest.py --corpus /tmp/promdocs-corpus
    python scripts/bench_ingest.py --corpus DIR --skip-quality   # timings only

Timings (each row loads the model anew, after one untimed load warms the disk cache):
  baseline   SentenceTransformer(model) + encode every passage's embedded text once,
             batch 64, torch's default thread count: the floor the issue measures against
  old build  store.build_index as it was: passages, then every sentence encoded alone
  new build  store.build_index with late chunking (sentence vectors pooled from the
             passage's own token embeddings), with 1 and with 2 torch threads

The machine is shared, so timings drift with other load: baseline and new builds run in
each of --rounds rounds (old build in the first only) and each row reports its fastest.

Quality: for each question set, an index built both ways, scored by `collabqa eval`'s
metrics (recall@1/3, MRR, refusal of off-topic questions), each with the relevance gate
fitted for its kind of sentence vector (scripts/tune_retrieval.py: separate 0.305).

Writes docs/ingest-benchmark.md and prints the same tables.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from benchdocs import ROOT, corpus_for  # noqa: E402

from collabqa import store  # noqa: E402
from collabqa.corpus import chunk_corpus, iter_files, load_corpus  # noqa: E402
from collabqa.embed import Embedder, model_dir  # noqa: E402

QUESTION_SETS = ["eval/article_questions.jsonl", "eval/dev_questions.jsonl",
                 "eval/home-garden_questions.jsonl"]
OUT = ROOT / "docs" / "ingest-benchmark.md"
SEPARATE_GATE = 0.305  # the gate tune_retrieval.py fitted with separately encoded sentences


class SeparateSentences(Embedder):
    """The build before late chunking: passages and sentences are each encoded alone."""

    def encode_passages(self, texts, spans, *, batch_size=64, progress=False):
        import numpy as np

        passages = self.encode(texts, batch_size=batch_size)
        pieces = [t[a:b] for t, s in zip(texts, spans) for a, b in s]
        flat = iter(self.encode(pieces, batch_size=batch_size) if pieces else ())
        rows = [np.stack([next(flat) for _ in s]) if s else np.zeros((0, self.dimension),
                                                                       dtype=np.float32)
                for s in spans]
        return passages, rows


def baseline(texts: list[str]) -> float:
    """Seconds for sentence-transformers alone: load the model, encode `texts` once."""
    import torch
    from sentence_transformers import SentenceTransformer

    threads = torch.get_num_threads()
    start = time.perf_counter()
    model = SentenceTransformer(str(model_dir()), device="cpu")
    torch.set_num_threads(threads)  # as a plain script would run
    model.encode(texts, batch_size=64, normalize_embeddings=True)
    return time.perf_counter() - start


def timed_build(corpus: Path, embedder: Embedder, threads: int | None) -> float:
    """Seconds for a full build (model load included) into a fresh folder."""
    import torch

    before = torch.get_num_threads()
    old, store.BUILD_THREADS = store.BUILD_THREADS, threads
    out = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        start = time.perf_counter()
        store.build_index(corpus, out / "index", embedder=embedder, progress=False)
        return time.perf_counter() - start
    finally:
        store.BUILD_THREADS = old
        torch.set_num_threads(before)
        shutil.rmtree(out, ignore_errors=True)


def quality(question_sets: list[str]) -> list[tuple[str, str, dict]]:
    import collabqa.retrieve as R
    from collabqa.api import Engine
    from collabqa.evaluate import evaluate

    rows = []
    for name in question_sets:
        path = ROOT / name
        corpus = corpus_for(path)
        for label, embedder, gate in (("separate", SeparateSentences(), SEPARATE_GATE),
                                      ("late", Embedder(), R.RELEVANCE_GATE)):
            with tempfile.TemporaryDirectory(prefix="bench-ingest-q-") as tmp:
                store.build_index(corpus, Path(tmp) / "index", embedder=embedder,
                                  progress=False)
                engine = Engine(Path(tmp) / "index", embedder=embedder)
                engine.retriever.gate = gate
                report = evaluate(path, engine=engine)
            rows.append((name, label, {
                "r1": report.recall[1], "r3": report.recall[3], "mrr": report.mrr,
                "refuse": report.abstention_accuracy, "n": report.answerable,
                "off": report.to_refuse}))
            print(name, label, rows[-1][2], flush=True)
    return rows


def quality_table() -> list[str]:
    lines = ["", "Retrieval quality, index built with each kind of sentence vector "
             "(`collabqa eval --questions FILE --index DIR --json`), each with the relevance "
             "gate fitted for it (separate: 0.305; late: retrieve.RELEVANCE_GATE):", "",
             "| question set | sentence vectors | recall@1 | recall@3 | MRR | "
             "off-topic refused |", "| --- | --- | ---: | ---: | ---: | ---: |"]
    for name, label, m in quality(QUESTION_SETS):
        refuse = "-" if m["refuse"] is None else f"{m['refuse']:.2f} of {m['off']}"
        lines.append(f"| {name} ({m['n']}) | {label} | {m['r1']:.3f} | {m['r3']:.3f} | "
                     f"{m['mrr']:.3f} | {refuse} |")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True,
                        help="a real docs folder of 80+ files to time builds on")
    parser.add_argument("--skip-quality", action="store_true",
                        help="timings only, no recall comparison")
    parser.add_argument("--skip-old", action="store_true",
                        help="do not time the old build (it is the slowest row)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="rounds of baseline and new builds; each row keeps its fastest")
    parser.add_argument("--quality-only", action="store_true",
                        help="rerun only the recall comparison; keep the timings in --out")
    parser.add_argument("--out", type=Path, default=OUT, help="markdown file to write")
    args = parser.parse_args(argv)
    import torch

    if args.quality_only:
        kept = args.out.read_text(encoding="utf-8").split("\n\nRetrieval quality")[0]
        args.out.write_text(kept + "\n" + "\n".join(quality_table()) + "\n", encoding="utf-8")
        print(args.out.read_text(encoding="utf-8"))
        return
    corpus = args.corpus.resolve()
    files = sum(1 for _ in iter_files(corpus))
    passages = chunk_corpus(load_corpus(corpus))
    texts = [p.embedding_text() for p in passages]
    default_threads = torch.get_num_threads()  # before collabqa's load sets its own
    Embedder().model  # untimed: warms the disk cache for every row alike
    torch.set_num_threads(default_threads)
    rows: dict[tuple[str, int], float] = {}

    def record(label: str, threads: int, seconds: float) -> None:
        key = (label, threads)
        rows[key] = min(seconds, rows.get(key, seconds))
        print(f"{label} ({threads} threads): {seconds:.1f} s", flush=True)

    runs = [("new build: late chunking", Embedder, 1),
            ("new build: late chunking", Embedder, 2)]
    for round_ in range(args.rounds):
        record("baseline: load model + encode passages (batch 64)", default_threads,
               baseline(texts))
        if round_ == 0 and not args.skip_old:
            record("old build: sentences encoded separately", 1,
                   timed_build(corpus, SeparateSentences(), None))
        for label, kind, threads in runs:
            # 1 thread: leave the count collabqa's load sets (COLLABQA_THREADS, 1).
            record(label, threads, timed_build(corpus, kind(), threads if threads > 1 else None))
    timings = [(label, threads, sec) for (label, threads), sec in rows.items()]
    base = timings[0][2]
    lines = [
        "# Ingestion benchmark", "",
        f"Written by `python scripts/bench_ingest.py --corpus {args.corpus}` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.machine()}, "
        f"{os.cpu_count()} cores (shared with other work: figures carry noise), "
        f"torch {torch.__version__}.", "",
        f"Each row is the fastest of {args.rounds} round(s) (the old build: one).", "",
        f"Corpus: {files} files, {len(passages)} passages, "
        f"{sum(len(t) for t in texts):,} characters embedded.", "",
        "| run | torch threads | seconds | ratio to baseline |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [f"| {label} | {threads} | {sec:.1f} | {sec / base:.2f}x |"
              for label, threads, sec in timings]
    if not args.skip_quality:
        lines += quality_table()
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    sys.exit(main())
