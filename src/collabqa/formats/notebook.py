"""Jupyter notebooks (.ipynb) read as the Markdown of their cells.

A notebook is JSON (nbformat 4, or 3 with its cells in worksheets). Its Markdown cells
are read as Markdown and its code cells as fenced code in the kernel's language, in
order, one blank line apart; the document's text is that Markdown (so a citation's span
points into it), and `markdown.load` makes its blocks, title and sections. Jupyter
renders each cell on its own, so a code fence a Markdown cell leaves open is closed at
the cell's end. Cell outputs are results (numbers, tables, images, warnings), not
prose, and are not read; nor are raw cells, which are kept for a converter and not shown,
unless their format is Markdown.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..documents import Document
from .builder import Unusable

__all__ = ["load", "markdown_of"]

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def load(path: Path, source: str, data: bytes) -> Document:
    """A notebook's Document: its cells as Markdown, read by the Markdown loader."""
    from . import markdown

    try:
        notebook = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise Unusable("not a Jupyter notebook (not valid JSON)") from None
    text = markdown_of(notebook)
    if not text.strip():
        raise Unusable("a notebook with no Markdown or code cells")
    return markdown.load(path, source, text)


def markdown_of(notebook: object) -> str:
    """The notebook's Markdown and code cells as one Markdown text."""
    if not isinstance(notebook, dict):
        raise Unusable("not a Jupyter notebook (no cells)")
    cells = notebook.get("cells")
    if cells is None:  # nbformat 3: cells in worksheets, a code cell's source in "input"
        cells = [c for w in notebook.get("worksheets") or [] if isinstance(w, dict)
                 for c in w.get("cells") or []]
    if not isinstance(cells, list):
        raise Unusable("not a Jupyter notebook (no cells)")
    language = _language(notebook.get("metadata"))
    parts = []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        kind = cell.get("cell_type")
        if kind == "code":
            body = _source(cell.get("source", cell.get("input"))).strip("\n")
            if body.strip():
                parts.append(_fenced(body, language))
        elif kind in ("markdown", "heading") or (kind == "raw" and _raw_markdown(cell)):
            body = _source(cell.get("source")).strip("\n")
            if kind == "heading":  # nbformat 3's heading cell
                body = "#" * int(cell.get("level") or 1) + " " + body
            if body.strip():
                parts.append(body + _closing_fence(body))
    return "\n\n".join(parts) + "\n" if parts else ""


def _source(value: object) -> str:
    """A cell's source: a string, or a list of lines each ending in its newline."""
    if isinstance(value, list):
        return "".join(str(line) for line in value)
    return value if isinstance(value, str) else ""


def _language(metadata: object) -> str:
    if not isinstance(metadata, dict):
        return "python"
    info = metadata.get("language_info") or {}
    kernel = metadata.get("kernelspec") or {}
    name = (info.get("name") if isinstance(info, dict) else None) or (
        kernel.get("language") if isinstance(kernel, dict) else None)
    return name if isinstance(name, str) and re.fullmatch(r"[\w+#.-]+", name) else "python"


def _raw_markdown(cell: dict) -> bool:
    metadata = cell.get("metadata")
    if not isinstance(metadata, dict):
        return False
    kind = metadata.get("format") or metadata.get("raw_mimetype")
    return isinstance(kind, str) and kind.lower() in ("text/markdown", "markdown")


def _fenced(code: str, language: str) -> str:
    """`code` in a backtick fence longer than any backtick run at the start of its lines."""
    runs = [len(m.group(1)) for m in re.finditer(r"^ {0,3}(`{3,})", code, re.M)]
    fence = "`" * max([3] + [n + 1 for n in runs])
    return f"{fence}{language}\n{code}\n{fence}"


def _closing_fence(markdown: str) -> str:
    """The line that closes a code fence left open at the end of a Markdown cell, else "".

    Only a fence at the cell's top level (indented three spaces at most, no `>`) counts,
    which is why prepare's `_fence_step` (any indent, under quotes) is not used here: a
    fence in a list item or a quote closes with its container at the next cell's blank
    line, and a closing line added at the margin would open a new fence instead."""
    open_fence = ""
    for line in markdown.split("\n"):
        match = _FENCE_OPEN.match(line)
        if not open_fence:
            if match and not (match.group(1)[0] == "`" and "`" in line[match.end():]):
                open_fence = match.group(1)
        elif match and match.group(1)[0] == open_fence[0] and len(match.group(1)) >= len(
                open_fence) and not line[match.end():].strip():
            open_fence = ""
    return "\n" + open_fence if open_fence else ""
