"""Plain text (.txt): paragraphs between blank lines, or one a line when there are none."""

from __future__ import annotations

from pathlib import Path

from ..documents import Block, Document
from .markdown import stem


def title(text: str, path: Path | str) -> str:
    """A short first line without a final full stop names the file; else the file name."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if 0 < len(first) <= 120 and not first.endswith("."):
        return first
    return stem(path)


def load(path: Path, source: str, text: str) -> Document:
    """A plain-text file's Document."""
    doc = Document(title=title(text, path), source=source, text=text)
    return Document(doc.title, source, text, blocks=tuple(blocks(doc)))


def blocks(doc: Document) -> list[Block]:
    """Paragraphs (one per line when the file has no blank line); the title line opens none."""
    text = doc.text
    one_per_line = "\n\n" not in text.strip()
    out: list[Block] = []
    current: Block | None = None
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not out and current is None and stripped == doc.title:
            continue
        if not stripped:
            current = None
            continue
        lead = len(line) - len(line.lstrip())
        tail = len(line) - len(line.rstrip())
        if current is None or one_per_line:
            current = Block("", start + lead, end - tail)
            out.append(current)
        else:
            current.end = end - tail
    return out
