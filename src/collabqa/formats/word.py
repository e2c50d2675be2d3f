"""Word (.docx) read with python-docx: Title and Heading N styles make the sections, and
so does a short line set all in bold (a heading made by hand), one level below them. A
heading numbered by a chain of its own stands as deep as its number shows ("Appendix A" in
Heading 7 heads a part, "A.1" in Heading 8 is one level below it).

Paragraphs and tables are read in document order. List paragraphs (a List style or
Word numbering) become "- item" blocks; a table becomes one block, a row a line with
its cells between " | ". A code listing (a paragraph style such as pandoc's "Source Code"
or Word's "HTML Preformatted", "Plain Text", "Macro Text") is a code block with its lines;
consecutive code paragraphs, one per line as often typed, make one block.

A paragraph reads as Word shows it: text inside tracked insertions, content controls,
smart tags and fields is read (python-docx's own paragraph text keeps only plain runs
and links), deleted text, hidden text and field codes are not. A text box anchored in a
paragraph and the footnotes and endnotes it marks are read after it. A table of contents
(its field's "TOC 1" lines or its content control) is left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..documents import Document
from .builder import TextBuilder, Unusable, sensible_title, tidy
from .markdown import stem

_CODE_STYLE = re.compile(r"code|preformatted|verbatim|plain text|macro text|listing", re.I)
# A table of contents field's lines ("TOC 1", "toc 2") and a table of figures' lines.
_TOC_STYLE = re.compile(r"^(?:toc\s*\d|toc heading|table of figures)", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# What a paragraph holds but does not show: tracked deletions, properties.
_NOT_SHOWN = {_W + "del", _W + "moveFrom", _W + "pPr", _W + "rPr", _W + "sdtPr", _W + "sdtEndPr"}
BOLD_HEADING_WORDS = 12  # a line all in bold is a heading when at most this long
_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre|título|titolo|kop)\s*(\d)$", re.I)


def load(path: Path, source: str) -> Document:
    """The text of a Word document with its headings as sections."""
    import docx

    document = docx.Document(str(path))
    items = list(_items(document))
    # The Title-styled paragraph is what a reader sees; the core property is often a
    # template's ("Word Document"); one Heading 1 names the document, several are chapters.
    # A heading set in bold by hand ranks below every styled one ("Heading 2": level 3).
    styled_levels = [level for kind, level, _ in items if kind == "heading" and level]
    bold_level = max(styled_levels, default=0) + 1
    styled = next((tidy(t) for kind, level, t in items if kind == "heading" and level == 0), "")
    core = sensible_title(document.core_properties.title or "")
    h1s = [tidy(t) for kind, level, t in items if kind == "heading" and level == 1]
    title = styled or core or (h1s[0] if len(h1s) == 1 else "") or stem(path, source)
    builder = TextBuilder(title)
    for i, (kind, level, text) in enumerate(items):
        if kind == "heading" and level is None and (
                i + 1 == len(items) or items[i + 1][0] == "heading"):
            kind = "text"  # a bold line that heads nothing is a line of text in bold
        if kind == "code":
            builder.code_line(text)  # code paragraphs in a row, one per line, one block
        elif kind == "heading":
            builder.heading(bold_level if level is None else max(level, 1), text)
        else:
            builder.block(text, kind)
    metadata = {k: v for k, v in (("author", document.core_properties.author),) if v}
    read = builder.document(source, title, metadata)
    if not read.blocks:
        raise Unusable("no text found")
    return read


def _items(document):
    """(kind, heading level, text) in document order: "heading", "text", "code" or "table"."""
    from docx.text.paragraph import Paragraph

    notes = _notes(document)
    levels = _number_levels(document)
    for element in _block_elements(document.element.body):
        if element.tag == _W + "tbl":
            rows = _rows(element, document)
            if rows:
                yield "table", 0, "\n".join(rows)
            continue
        paragraph = Paragraph(element, document)
        style = paragraph.style.name if paragraph.style is not None else ""
        text = _text(element)
        if text.strip() and not _TOC_STYLE.match(style):
            level = _heading_level(paragraph, style, text)
            if level:
                level = _shown_depth(paragraph, levels) or level
            if level is not None:
                yield "heading", level, text
            elif _CODE_STYLE.search(style):
                yield "code", 0, text
            elif _bold_line(paragraph, text):
                yield "heading", None, text  # its level is known once the styled ones are
            elif style.lower().startswith("list") or _numbered(paragraph):
                yield "text", 0, "- " + tidy(text)
            else:
                yield "text", 0, text
        # What a paragraph holds out of its line, a text box and the footnotes it marks,
        # is read after it, where a reader's eye goes next.
        for box in _text_boxes(element):
            for inner in _block_elements(box):
                if inner.tag == _W + "p" and _text(inner).strip():
                    yield "text", 0, _text(inner)
        for note in element.iter(_W + "footnoteReference", _W + "endnoteReference"):
            for text in notes.get((note.tag, note.get(_W + "id")), ()):
                yield "text", 0, text


def _block_elements(container):
    """The paragraphs and tables of a body, cell or text box in order, including those a
    content control or custom XML wraps; a table of contents control is left out."""
    for child in container:
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag == _W + "customXml":
            yield from _block_elements(child)
        elif child.tag == _W + "sdt" and not _is_contents(child):
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _block_elements(content)


def _is_contents(sdt) -> bool:
    gallery = sdt.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
    return gallery is not None and "contents" in (gallery.get(_W + "val") or "").lower()


def _text(paragraph) -> str:
    """What a paragraph shows: its runs' text inside links, tracked insertions, content
    controls, smart tags and simple fields too; deleted text, hidden text and field codes
    are not shown."""
    return "".join(run.text for run in _shown(paragraph))  # CT_R: w:t, tabs, breaks


def _shown(element):
    """The runs of a paragraph that show, in order (python-docx's Font reads a run's
    on/off properties: hidden, bold)."""
    from docx.text.font import Font

    for child in element:
        if child.tag == _W + "r":
            if not Font(child).hidden:
                yield child
        elif child.tag not in _NOT_SHOWN:
            yield from _shown(child)


def _bold_line(paragraph, text: str) -> bool:
    """Whether a paragraph is a short line set all in bold, not ending as a sentence or a
    label does: a heading made by direct formatting ("Purpose of this Document")."""
    from docx.text.font import Font

    text = tidy(text)
    if not text or len(text.split()) > BOLD_HEADING_WORDS or text.endswith(tuple(".:;,?!")):
        return False
    inherited = False
    for style in _style_chain(paragraph):  # a paragraph style bold itself or by its base
        if style.font.bold is not None:
            inherited = style.font.bold
            break
    runs = [r for r in _shown(paragraph._p) if r.text.strip()]
    for run in runs:
        bold = Font(run).bold  # None: as the style says
        if not (inherited if bold is None else bold):
            return False
    return bool(runs)


STYLE_DEPTH = 11  # styles followed from a paragraph's own through its bases (a cycle ends)


def _style_chain(paragraph):
    """The paragraph's style, then its base style, its base's ..., STYLE_DEPTH styles at
    most."""
    style = paragraph.style
    for _ in range(STYLE_DEPTH):
        if style is None:
            return
        yield style
        style = style.base_style


def _rows(table, parent) -> list[str]:
    """A table a row a line, its cells between " | " (a merged cell repeats in every
    column it spans: once in its row)."""
    from docx.table import Table

    rows = []
    for row in Table(table, parent).rows:
        cells: list[str] = []
        for cell in row.cells:
            text = tidy(" ".join(_cell_text(cell._tc)))
            if not cells or text != cells[-1]:
                cells.append(text)
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def _cell_text(container):
    """A cell's paragraphs and, in reading order, the cells of a table nested in it."""
    for element in _block_elements(container):
        if element.tag == _W + "p":
            yield _text(element)
        else:
            for tc in element.iterfind(f"{_W}tr/{_W}tc"):
                yield from _cell_text(tc)


def _text_boxes(paragraph):
    """The text boxes anchored in a paragraph, each once: a drawing's fallback copy for old
    readers (mc:Fallback) and a box inside another box are not counted again."""
    for box in paragraph.iter(_W + "txbxContent"):
        outer = _ancestor(box, _W + "txbxContent", _MC + "Fallback", stop=paragraph)
        if outer is None:
            yield box


def _ancestor(element, *tags, stop=None):
    for parent in element.iterancestors():
        if parent is stop:
            return None
        if parent.tag in tags:
            return parent
    return None


def _notes(document) -> dict[tuple[str, str], list[str]]:
    """Footnote and endnote texts by (reference tag, id)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    notes: dict[tuple[str, str], list[str]] = {}
    for reltype, tag in ((RT.FOOTNOTES, "footnote"), (RT.ENDNOTES, "endnote")):
        try:
            part = document.part.part_related_by(reltype)
        except KeyError:
            continue
        for note in parse_xml(part.blob).findall(_W + tag):
            texts = [t for p in note.iter(_W + "p") if (t := _text(p)).strip()]
            if texts:
                notes[(_W + tag + "Reference", note.get(_W + "id"))] = texts
    return notes


def _heading_level(paragraph, style: str, text: str) -> int | None:
    """0 for the Title style, N for Heading N (or an outline level); None for body text.

    An outline level set on the paragraph itself, not by a heading style, makes a heading
    only of a line as short as a bold one (BOLD_HEADING_WORDS): FedRAMP's change policy
    gives each step of its procedure, sentences long, a level for the navigation pane."""
    if style.lower() == "title":
        return 0
    match = _HEADING_STYLE.match(style.strip())
    if match:
        return int(match.group(1))
    p_pr = paragraph._p.pPr
    outline = p_pr.find(_qn("w:outlineLvl")) if p_pr is not None else None
    if outline is not None and len(text.split()) <= BOLD_HEADING_WORDS:
        value = outline.get(_qn("w:val"))
        if value is not None and value.isdigit() and int(value) < 9:
            return int(value) + 1
    return None


# A heading's number shows where it stands: "Appendix A" heads a part of its own though its
# style is Heading 7, and "A.1" (Heading 8) is one level below it. Word templates number
# appendices so (NASA's user guides: Heading 1-6 are "Chapter 1." to "1.1.1.1.1.1", Heading
# 7-9 "Appendix A", "A.1", "A.1.1"); by style alone the appendix would sit under the last
# chapter's last section. A level whose number shows only its own counter is the root of
# a chain when a deeper level's number starts with it ("%7.%8" starts with "%7").
_COUNTER = re.compile(r"%([1-9])")


def _number_levels(document) -> dict[tuple[str, str], list[int]]:
    """For each (numId, ilvl) of the document's numbering, the list levels (1-9) its
    number shows, in order ("%7.%8": [7, 8])."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract = {a.get(_W + "abstractNumId"): a for a in numbering.iter(_W + "abstractNum")}
    levels: dict[tuple[str, str], list[int]] = {}
    for num in numbering.iter(_W + "num"):
        num_id = num.get(_W + "numId")
        ref = num.find(_W + "abstractNumId")
        base = abstract.get(ref.get(_W + "val")) if ref is not None else None
        found = [*(base.iter(_W + "lvl") if base is not None else ()),
                 *num.iter(_W + "lvl")]  # an override's level replaces the abstract one
        for lvl in found:
            text = lvl.find(_W + "lvlText")
            if text is not None:
                shown = [int(n) for n in _COUNTER.findall(text.get(_W + "val") or "")]
                levels[(num_id, lvl.get(_W + "ilvl"))] = shown
    return levels


def _shown_depth(paragraph, levels: dict[tuple[str, str], list[int]]) -> int | None:
    """A numbered heading's depth as its number shows it, counted from the root of its
    chain, when that root is below level 1 ("Appendix A": 1, "A.1": 2); else None."""
    num_id = ilvl = None
    # the paragraph's own numbering, then its style's, its base's
    holders = [paragraph._p.pPr] + [s.element.pPr for s in _style_chain(paragraph)]
    for p_pr in holders:
        num = p_pr.find(_W + "numPr") if p_pr is not None else None
        if num is None:
            continue
        found_id, found_level = num.find(_W + "numId"), num.find(_W + "ilvl")
        if num_id is None and found_id is not None:
            num_id = found_id.get(_W + "val")
        if ilvl is None and found_level is not None:
            ilvl = found_level.get(_W + "val")
    shown = levels.get((num_id, ilvl or "0"))
    if not shown or not (ilvl or "0").isdigit():
        return None
    own, root = int(ilvl or "0") + 1, shown[0]
    if root == own:  # only its own counter: a root when a deeper level's chain starts here
        if not any(len(chain) > 1 and chain[0] == own
                   for (n, _), chain in levels.items() if n == num_id):
            return None
    if root <= 1 or root > own:
        return None
    return own - root + 1


def _numbered(paragraph) -> bool:
    p_pr = paragraph._p.pPr
    return p_pr is not None and p_pr.numPr is not None


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)
