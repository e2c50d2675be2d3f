"""Build settings on the question sets: passage size and late-chunking context.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/tune_sentences.py \
        [--context 0 0.5] [--min-words 25] [--max-words 120] [eval/x_questions.jsonl ...]

For each combination of `collabqa.embed.CONTEXT_REMOVED` and the chunker's word limits,
builds an index of every question file's corpus in a temporary folder and prints
recall@3, MRR, answer_has_fact, off-topic and answerable refused, per file and pooled.
The default files leave out eval/prometheus (kept as the unseen docs corpus these
settings are checked on). Writes the table to docs/ingest-benchmark.md ("build-settings").
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from benchdocs import ROOT, write_section

sys.path.insert(0, str(ROOT / "src"))
VALUES = (0.0, 0.5)
DEFAULT = ["article", "google-eng-guides", "sqlite-html", "home-garden", "fasta-guide-pdf",
           "18f-docx"]


def main() -> None:
    from collabqa import embed
    from collabqa.api import Engine, shared_embedder
    from collabqa.evaluate import corpus_of, evaluate, pooled
    from collabqa.store import build_index

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--context", nargs="+", type=float, default=list(VALUES))
    parser.add_argument("--min-words", nargs="+", type=int, default=[25])
    parser.add_argument("--max-words", nargs="+", type=int, default=[120])
    parser.add_argument("--section", default="build-settings")
    args = parser.parse_args()
    import itertools
    files = args.files or [ROOT / "eval" / f"{n}_questions.jsonl" for n in DEFAULT]
    embedder = shared_embedder()
    rows = []
    for value, low, high in itertools.product(args.context, args.min_words, args.max_words):
        embed.CONTEXT_REMOVED = value
        reports = []
        with tempfile.TemporaryDirectory() as tmp:
            for i, path in enumerate(files):
                corpus = corpus_of(path) or ROOT / "corpus"
                index = Path(tmp) / f"i{i}"
                build_index(corpus, index, embedder=embedder, progress=False,
                            min_words=low, max_words=high)
                reports.append(evaluate(path, engine=Engine(index, embedder=embedder)))
        for r in [*reports, pooled(reports)]:
            name = Path(r.questions_path).name.replace("_questions.jsonl", "")
            rows.append(f"| {value:g} | {low}-{high} | {name} | {r.recall[3]:.3f} | {r.mrr:.3f} | "
                        f"{r.answer_has_fact:.3f} | {r.off_topic_refused or 0:.3f} | "
                        f"{r.answerable_refused:.3f} |")
            print(rows[-1], flush=True)
    text = "\n".join([
        "## Build settings: context taken out of sentence vectors, passage size",
        "",
        "`HF_HUB_OFFLINE=1 .venv/bin/python scripts/tune_sentences.py " + " ".join(sys.argv[1:]) + "`:",
        "each row builds the file's corpus with those settings and asks every question.",
        "",
        "| CONTEXT_REMOVED | words | questions | recall@3 | MRR | answer has fact "
        "| off-topic refused | answerable refused |",
        "|---:|---|---|---:|---:|---:|---:|---:|",
        *rows,
    ])
    write_section(args.section, text, ROOT / "docs" / "ingest-benchmark.md")


if __name__ == "__main__":
    main()
