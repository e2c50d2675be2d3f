"""Shared by the benchmark scripts: where figures go and how a section is rewritten."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"


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
