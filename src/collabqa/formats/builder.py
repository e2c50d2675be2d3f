"""Assemble extracted text (HTML, PDF, Word) and its blocks with exact spans.

The loaders of formats that are not text files write what they extract through a
TextBuilder: each heading on a line of its own, blocks separated by a blank line, so
`Document.text` reads naturally and every block's span is exact into it.
"""

from __future__ import annotations

import re
import unicodedata

from ..documents import Block, Document

# A definition list's term (<dt>: a function, an option) heads its definition, one level
# below the deepest heading (<h6>); the list's end ends the term's section.
TERM_LEVEL = 7


class Outline:
    """The heading path while a document is read, shared by every loader.

    A heading's words open the first block under it (its start is "pending" until that
    block comes). Headings in a row with no block between all wait for the next block, so
    an empty section's heading ("### Animations can be enabled by ...", then "## Line
    Animations") still reads in a passage, and so do a definition list's terms that share
    one definition (a man page's "-B size" and "--buffer-size=size"). Where headings are
    guessed from how a line looks (a PDF's large type, which sample output or a figure's
    labels are set in too), `carry_headings` is False: only terms wait together, and an
    empty section's heading ends at the next heading no deeper, as before. The title
    heading opens no section; a definition list's end ends its terms.
    """

    def __init__(self, title: str, *, carry_headings: bool = True) -> None:
        self.title = title
        self.carry_headings = carry_headings
        self.headings: list[tuple[int, str]] = []
        self.pending: int | None = None  # start of a heading's words not yet given to a block
        self.pending_level = 0

    def is_title(self, level: int, name: str) -> bool:
        return level <= 1 and name == self.title

    def heading(self, level: int, name: str, start: int, *, adjoining: bool = True) -> None:
        """A heading whose words begin at `start` opens a section. `adjoining`: nothing
        stands between it and the heading before it (a Markdown page's images or HTML
        without words may); when something does, an empty section's heading no deeper
        than this one reads in no block, so that what stood there is in none either."""
        if self.is_title(level, name):
            self.headings, self.pending = [], None
            return
        carried = adjoining and (self.carry_headings or level == self.pending_level == TERM_LEVEL)
        if self.pending is not None and level <= self.pending_level and not carried:
            self.pending = None
        self.headings = [(lv, n) for lv, n in self.headings if lv < level] + [(level, name)]
        if self.pending is None:
            self.pending, self.pending_level = start, level
        else:
            self.pending_level = min(self.pending_level, level)

    def end_terms(self, level: int = TERM_LEVEL) -> None:
        """A definition list ended: its terms no longer head what follows. A list nested
        in a term's text gives its terms the levels below (TERM_LEVEL + 1, ...); it ends
        at its own `level`, and the term it is nested in still heads what follows."""
        self.headings = [(lv, n) for lv, n in self.headings if lv < level]
        if self.pending is not None and self.pending_level >= level:
            self.pending = None

    def block(self, start: int, end: int, kind: str) -> Block:
        """The block at start..end under the current headings, opening with the heading
        still waiting for one."""
        section = " > ".join(name for _, name in self.headings)
        term = bool(self.headings) and self.headings[-1][0] >= TERM_LEVEL
        block = Block(section, start if self.pending is None else self.pending, end, kind, term)
        self.pending = None
        return block


class Unusable(ValueError):
    """The file holds nothing to index (no text layer, no main content, encrypted)."""


_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


# Typographic ligatures (PDF fonts keep "ﬁ" as one character): "ﬁle" must read "file".
_LIGATURES = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFB00, 0xFB07)}
_CONTENTS = re.compile(
    r"^(?:table of contents|contents|inhalt|inhaltsverzeichnis|table des matières|sommaire)$", re.I
)
# A table of contents' entry ends at its page number, often after leaders ("J.1
# Requirements ....... 71"); a paragraph after the entries, on the same page and before
# the first heading (DICOMscope's manual's disclaimer), is a sentence or more of words.
_LEADER_RUN = re.compile(r"(?:\.\s?){4,}|…{2,}")
PROSE_WORDS = 12


def _is_prose(text: str) -> bool:
    """Whether a block read among a table of contents' entries is a paragraph of prose:
    PROSE_WORDS words or more ending a sentence, with no leaders."""
    return (len(text.split()) >= PROSE_WORDS and text.rstrip().endswith((".", "!", "?"))
            and not _LEADER_RUN.search(text))


_BAD_TITLE = re.compile(
    r"^(?:untitled.*|\(?anonymous\)?|word document|powerpoint presentation|document\d*|"
    r"microsoft (?:word|powerpoint) - .*|slide \d+)$|\.(?:docx?|pdf|tex|dvi|odt|rtf)$",
    re.I,
)


def sensible_title(title: str) -> str:
    """`title` when it reads like one; "" for a template's "Word Document" or a file name."""
    title = tidy(title)
    return title if 3 <= len(title) <= 200 and not _BAD_TITLE.search(title) else ""


def tidy(text: str, *, keep_lines: bool = False) -> str:
    """Runs of spaces made one space; line breaks too unless `keep_lines` (code, tables)."""
    text = text.translate(_LIGATURES)
    if keep_lines:
        lines = [line.rstrip() for line in text.replace("\r", "").split("\n")]
        return "\n".join(lines).strip("\n")
    return " ".join(_SPACE.sub(" ", text).split())


class TextBuilder:
    """Collects headings, blocks and page breaks into one text with exact block spans."""

    def __init__(self, title: str = "", *, guessed_headings: bool = False) -> None:
        """`guessed_headings`: headings are told by how lines look (a PDF's type sizes,
        a plain text's underlines), not marked up as such (see `Outline`)."""
        self.title = title
        self._parts: list[str] = []
        self._pos = 0
        self._outline = Outline(title, carry_headings=not guessed_headings)
        self._in_contents = False
        self.blocks: list[Block] = []
        self._page_starts: list[int] = []
        self.first_heading = ""
        self._code: list[str] = []  # lines of a code block still being read (`code_line`)

    def _write(self, text: str) -> int:
        if self._parts:
            self._parts.append("\n\n")
            self._pos += 2
        start = self._pos
        self._parts.append(text)
        self._pos += len(text)
        return start

    def code_line(self, line: str) -> None:
        """One line of a code block given a line (or a paragraph) at a time, as Word and
        PDF set a listing: the lines in a row make one block, ended by the next heading,
        block or page."""
        self._code.append(line)

    def _end_code(self) -> None:
        if self._code:
            lines, self._code = self._code, []
            self.block("\n".join(lines), "code")

    def heading(self, level: int, text: str) -> None:
        """A heading of `level` (1 = top); the title heading is left out of the text."""
        self._end_code()
        name = tidy(text)
        if not name:
            return
        # A table of contents repeats the headings and holds no answer: its entries are
        # left out, up to the next heading.
        self._in_contents = bool(_CONTENTS.match(name))
        if self._in_contents:
            return
        if level <= 1 and not self.first_heading:
            self.first_heading = name
        outline = self._outline
        if outline.is_title(level, name):
            outline.heading(level, name, self._pos)
            return
        # A heading that ends an empty section before any block: a title page's lines
        # (authors, organisation) stay readable.
        if outline.pending is not None and level <= outline.pending_level and not self.blocks:
            self.blocks.append(Block("", outline.pending, self._pos, "text"))
            outline.pending = None
        outline.heading(level, name, self._write(name))

    def end_terms(self, level: int = TERM_LEVEL) -> None:
        """A definition list ended: its terms no longer head what follows."""
        self._outline.end_terms(level)

    def block(self, text: str, kind: str = "text") -> None:
        """A paragraph, list item, table or code block under the current headings."""
        self._end_code()
        text = tidy(text, keep_lines=kind in ("code", "table"))
        if self._in_contents and kind == "text" and _is_prose(text):
            self._in_contents = False  # a paragraph after the entries (a disclaimer)
        if not text or self._in_contents:
            return
        start = self._write(text)
        self.blocks.append(self._outline.block(start, self._pos, kind))

    def new_page(self) -> None:
        """Mark the start of the next page (the first call opens page 1)."""
        self._end_code()
        self._page_starts.append(self._pos + (2 if self._parts else 0))

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def document(self, source: str, title: str, metadata: dict[str, object]) -> Document:
        """The finished Document; each page ends where the next begins (less the blank line)."""
        self._end_code()
        text = self.text
        starts = [min(a, len(text)) for a in self._page_starts]
        ends = [max(a, b - 2) for a, b in zip(starts, starts[1:])] + [len(text)] * bool(starts)
        return Document(title, source, text, metadata, tuple(zip(starts, ends)), tuple(self.blocks))
