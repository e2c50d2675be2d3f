"""Jupyter notebooks (.ipynb) read as the Markdown of their cells.

A notebook is JSON (nbformat 4, or 3 with its cells in worksheets). Its Markdown cells
are read as Markdown and its code cells as fenced code in the kernel's language, in
order, one blank line apart; the document's text is that Markdown (so a citation's span
points into it), and `markdown.load` makes its blocks, title and sections. Jupyter
renders each cell on its own, so a code fence a Markdown cell leaves open is closed at
the cell's end. Cell outputs are results (numbers, tables, images, warnings), not
prose, and are not read. Raw cells are kept for a converter, which passes them on as they
are: one marked as Markdown is read as Markdown; one of reStructuredText, as nbsphinx and
Sphinx builds keep a tutorial's prose (seaborn's), is read as Sphinx shows it and written
into the notebook's Markdown (headings at the levels their underlines give across the
notebook, paragraphs, items, code, tables); one with no format is read so when the
notebook's unmarked raw cells write reStructuredText (a section title's underline, a
directive, a role), as seaborn's do; any other (LaTeX, HTML, a licence header) is not.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..documents import Document
from .builder import Unusable
from .sphinx import ADORNMENT, plain_title

__all__ = ["load", "markdown_of", "rst_markdown"]

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
    unmarked_rst = any(_rst_like(_source(c.get("source"))) for c in cells
                       if isinstance(c, dict) and c.get("cell_type") == "raw"
                       and not _raw_format(c))
    levels: dict[tuple[str, bool], int] = {}  # a title's underline (and overline) -> level
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
        elif kind == "raw" and (_raw_format(cell) in _RST_FORMATS
                                or (unmarked_rst and not _raw_format(cell))):
            body = rst_markdown(_source(cell.get("source")), levels)
            if body.strip():
                parts.append(body)
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


def _raw_format(cell: dict) -> str:
    """A raw cell's format as its metadata names it, lower case; "" when unnamed."""
    metadata = cell.get("metadata")
    if not isinstance(metadata, dict):
        return ""
    kind = metadata.get("format") or metadata.get("raw_mimetype")
    return kind.strip().lower() if isinstance(kind, str) else ""


def _raw_markdown(cell: dict) -> bool:
    return _raw_format(cell) in ("text/markdown", "markdown")


_RST_FORMATS = ("text/restructuredtext", "text/x-rst", "text/rst", "restructuredtext", "rst")


def _titles(text: str) -> list[tuple[str, tuple[str, bool]]]:
    """The section titles of reST `text` in order, each with its adornment: the
    underline's character and whether an overline matches it."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines[:-1]):
        under = lines[i + 1]
        if (line.strip() and not ADORNMENT.fullmatch(line) and ADORNMENT.fullmatch(under)
                and len(under.rstrip()) >= len(line.rstrip())):
            over = i > 0 and lines[i - 1].rstrip() == under.rstrip()
            out.append((line.strip(), (under.strip()[0], over)))
    return out


def _rst_like(text: str) -> bool:
    """Whether a raw cell with no format is written in reStructuredText: a section title,
    or what only reST writes (a directive, a role, a link with its target)."""
    from . import _RST_MARKUP

    return bool(_titles(text)) or bool(_RST_MARKUP.search(text))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_LINE_START = re.compile(r"([-+]\s|\d+[.)]\s|=+$|-+$|:\s)")


def _md(text: str) -> str:
    """Text read from reST written so Markdown reads it back as the same words."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return "\\" + text if _LINE_START.match(text) else text


def rst_markdown(text: str, levels: dict[tuple[str, bool], int]) -> str:
    """A raw cell of reStructuredText as Markdown: read by the reST loader (as Sphinx shows
    it), each section title a heading at the level its adornment has across the notebook
    (`levels`, filled in the order adornments first appear, as docutils does in one
    file), each block a paragraph, list item, code fence or pipe table."""
    from . import rst

    titles = _titles(text)
    for _, adornment in titles:
        levels.setdefault(adornment, min(len(levels) + 1, 6))
    # Keyed by the title as read: docutils names a section ":func:`bar`" as "bar".
    level_of = {plain_title(title): levels[adornment] for title, adornment in titles}
    try:
        doc = rst.load(Path("cell.rst"), "cell.rst", text)
    except Unusable:
        return ""
    parts: list[str] = []
    shown: list[str] = []  # the section path written so far
    # docutils takes a cell's lone first title for the document's: it heads no section
    # and is not in the text read, so it is written here.
    if titles and text.lstrip().startswith((titles[0][0], titles[0][1][0])):
        first = plain_title(titles[0][0])
        if doc.title == first:
            parts.append("#" * level_of.get(first, 1) + " " + _md(first))
    for block in doc.blocks:
        path = [name for name in block.section.split(" > ") if name] if block.section else []
        body = doc.text[block.start:block.end]
        keep = 0
        while keep < min(len(path), len(shown)) and path[keep] == shown[keep]:
            keep += 1
        for depth, name in enumerate(path[keep:], start=keep):
            if body.startswith(name + "\n\n"):
                body = body[len(name) + 2:]
            if block.term and depth == len(path) - 1:
                parts.append(_md(name))  # a definition's term, its text under ": "
            else:
                parts.append("#" * level_of.get(name, min(depth + 2, 6)) + " " + _md(name))
        shown = path
        if block.kind == "code":
            parts.append(_fenced(body, ""))
        elif block.kind == "table":
            rows = [[_md(cell.strip()) for cell in row.split(" | ")] for row in body.split("\n")]
            width = max(len(row) for row in rows)
            rows = [row + [""] * (width - len(row)) for row in rows]
            lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
            parts.append("\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows[1:]]))
        elif body.startswith("- "):
            parts.append("- " + _md(body[2:]))
        elif block.term:
            parts.append(": " + _md(body))
        else:
            parts.append(_md(body))
    return "\n\n".join(part for part in parts if part.strip())


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
