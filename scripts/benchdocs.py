"""Shared by the benchmark scripts: where figures go and how a section is rewritten."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
# Each question's gate features and held-out margin (scripts/fit_gate.py writes it,
# scripts/plot_eval.py reads it): some 9,500 rows, over 5 MB as text, so kept gzipped.
GATE_FEATURES = ROOT / "docs" / "gate-features.json.gz"


def write_section(name: str, body: str, path: Path = DOC) -> None:
    """Replace the text between this section's markers in `path` (append when absent).

    Each script owns its sections, so re-running one never clobbers another's figures.
    """
    begin, end = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"
    block = f"{begin}\n{body.rstrip()}\n{end}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end) + r"\n?", re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text + "\n" + block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_gate_features(text: str, path: Path = GATE_FEATURES) -> None:
    """`text` gzipped into `path`, the same bytes for the same text (no time stamp)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def read_gate_features(path: Path = GATE_FEATURES) -> dict[str, Any]:
    """What `write_gate_features` wrote (or, for a path not ending in .gz, plain JSON)."""
    data = path.read_bytes()
    return json.loads(gzip.decompress(data) if path.suffix == ".gz" else data)


def corpus_for(questions: Path) -> Path:
    """The corpus folder a question file asks about.

    In order: a line `{"corpus": "path/relative/to/project"}`; a folder
    `eval/corpora/<name>/` for a file named `<name>_questions.jsonl`; else `corpus/`.
    """
    from collabqa.evaluate import corpus_of

    named = corpus_of(questions)
    if named is not None:
        return named
    name = questions.stem.removesuffix("_questions")
    folder = ROOT / "eval" / "corpora" / name
    return folder.resolve() if folder.is_dir() else (ROOT / "corpus").resolve()
