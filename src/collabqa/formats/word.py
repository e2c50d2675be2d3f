"""Word (.docx) read with python-docx: Title and Heading N styles make the sections.

Paragraphs and tables are read in document order. List paragraphs (a List style or
Word numbering) become "- item" blocks; a table becomes one block, a row a line with
its cells between " | ". A code listing (a paragraph style such as pandoc's "Source Code"
or Word's "HTML Preformatted", "Plain Text", "Macro Text") is a code block with its lines;
consecutive code paragraphs, one per line as often typed, make one block.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..documents import Document
from .builder import TextBuilder, Unusable, sensible_title, tidy
from .markdown import stem

_CODE_STYLE = re.compile(r"code|preformatted|verbatim|plain text|macro text|listing", re.I)
_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre|título|titolo|kop)\s*(\d)$", re.I)


def load(path: Path, source: str) -> Document:
    """The text of a Word document with its headings as sections."""
    import docx

    document = docx.Document(str(path))
    items = list(_items(document))
    # The Title-styled paragraph is what a reader sees; the core property is often a
    # template's ("Word Document"); one Heading 1 names the document, several are chapters.
    styled = next((tidy(t) for kind, level, t in items if kind == "heading" and level == 0), "")
    core = sensible_title(document.core_properties.title or "")
    h1s = [tidy(t) for kind, level, t in items if kind == "heading" and level == 1]
    title = styled or core or (h1s[0] if len(h1s) == 1 else "") or stem(path)
    builder = TextBuilder(title)
    code: list[str] = []
    for kind, level, text in items:
        if kind == "code":
            code.append(text)
            continue
        if code:
            builder.block("\n".join(code), "code")
            code = []
        if kind == "heading":
            builder.heading(max(level, 1), text)
        else:
            builder.block(text, kind)
    if code:
        builder.block("\n".join(code), "code")
    if not builder.blocks:
        raise Unusable("no text found")
    metadata = {k: v for k, v in (("author", document.core_properties.author),) if v}
    return builder.document(source, title, metadata)


def _items(document):
    """(kind, heading level, text) in document order: "heading", "text", "code" or "table"."""
    from docx.table import Table

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = []
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:  # a merged cell repeats in every column it spans
                    text = tidy(cell.text)
                    if not cells or text != cells[-1]:
                        cells.append(text)
                if any(cells):
                    rows.append(" | ".join(cells))
            yield "table", 0, "\n".join(rows)
            continue
        text = item.text
        if not text.strip():
            continue
        style = item.style.name if item.style is not None else ""
        level = _heading_level(item, style)
        if level is not None:
            yield "heading", level, text
        elif _CODE_STYLE.search(style):
            yield "code", 0, text
        elif style.lower().startswith("list") or _numbered(item):
            yield "text", 0, "- " + tidy(text)
        else:
            yield "text", 0, text


def _heading_level(paragraph, style: str) -> int | None:
    """0 for the Title style, N for Heading N (or an outline level); None for body text."""
    if style.lower() == "title":
        return 0
    match = _HEADING_STYLE.match(style.strip())
    if match:
        return int(match.group(1))
    p_pr = paragraph._p.pPr
    outline = p_pr.find(_qn("w:outlineLvl")) if p_pr is not None else None
    if outline is not None:
        value = outline.get(_qn("w:val"))
        if value is not None and value.isdigit() and int(value) < 9:
            return int(value) + 1
    return None


def _numbered(paragraph) -> bool:
    p_pr = paragraph._p.pPr
    return p_pr is not None and p_pr.numPr is not None


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)
