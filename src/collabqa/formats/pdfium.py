"""A PDF's runs of text, page by page, read with PDFium (pypdfium2, BSD/Apache-2.0).

A run is text drawn on one baseline in one font size, bold or not, typewriter or not:
what pdf.py needs to find lines, paragraphs, headings and code. PDFium reads in C; Python
asks a few questions per text object or word, not per character (351 pages in 1.5 s,
scripts/bench_pdf.py).
"""

from __future__ import annotations

import math
import re
import threading
from pathlib import Path
from typing import NamedTuple

from .builder import Unusable

# PDFium is not thread-safe, and documents load from several threads at once (an upload
# while the folder is re-read): one PDF is read at a time.
_LOCK = threading.Lock()
# A bold font's name: "Helvetica-Bold", "Arial,Bold", "Roboto-Black"; TeX's Computer Modern
# and EC fonts say it by their series, "CMBX12" and "CMSSBX10" (bold extended), "CMB10",
# "SFBX1200", "ECBX1200" (CTSim's manual sets its subsections in CMBX12 over CMR10).
_BOLD_NAME = re.compile(r"Bold|Black|Heavy|,B|(?:^|\+)(?:CM|SF|EC)[A-Z]*BX\d|(?:^|\+)CMB\d")
# A typewriter font's name: TeX's "CMTT10", "CMSLTT10", "SFTT1000", "LMMono9-Regular",
# "Courier", "DejaVuSansMono", "Consolas", "Menlo".
_MONO_NAME = re.compile(r"TT\d|tt\d|Mono|Courier|Consola|Menlo|Typewriter|Inconsolata|Cousine")


class Run(NamedTuple):
    text: str
    y: float  # baseline, in points from the page's bottom
    size: float  # font size in points, as drawn (scaled by the text's matrix)
    bold: bool
    mono: bool = False  # set in a typewriter font
    x: float = 0.0  # left edge of its first character, in points from the page's left
    cell: bool = False  # it opens after a gap wider than CELL_GAP font sizes on its line


# A gap between words on one line wider than this many font sizes parts a table's cells
# (a glossary's term from its meaning, 30-70 points apart at 10 points). Of the gaps
# between words on a line in the eight PDF corpora (eval/), justified lines too, 98-99%
# are under one size; the wider ones are mostly table gutters, tab stops and leaders.
CELL_GAP = 1.5
# Text drawn smaller than this (in points) is no text a reader sees: Microsoft Word draws
# each bookmark's name ("233B") at 1 pt before its paragraph, heading or cell when it
# exports a PDF (FedRAMP's OSCAL guide: 3,933 such characters). Nothing else in the eval
# PDFs is under 4 pt (footnote marks and sample text included).
MIN_TEXT_SIZE = 2.0
# ... except a letter of it PDFium took for a glyph drawn over it ("117B" over "Back"):
# the seen text after it then starts this many of its font sizes further on.
MERGED_GAP = 0.3
# ... unless it is a Type 3 font's (dvips' bitmap fonts, made PDF by Acrobat Distiller:
# Graphviz's lefty and dotty guides), drawn at "size 1" under a text matrix of 0.12, its
# glyphs scaled by its own matrix, which PDFium does not give. Such a font has no name
# (Word's 1 pt bookmark names are in the body's named font). Its size is read from its
# letters' ink on the page: the median height of its flat lowercase letters ("mnrxz",
# no overshoot: a bitmap's pixels made round ones a pixel taller or not, and the guides'
# headings two sizes), over X_HEIGHT (Computer Modern's x-height is 0.43 of its size,
# Times' 0.45); failing those, of its other x-height letters; failing those, of its
# letters and digits over CAP_HEIGHT (a capital's, a digit's, an ascender's height).
X_HEIGHT = 0.45
CAP_HEIGHT = 0.7
_INKED = (("mnrxz", X_HEIGHT), ("aceosuvw", X_HEIGHT), (None, CAP_HEIGHT))
# Ghostscript (groff's PostScript made PDF by ps2pdf) draws a justified line's space as
# character spacing on the two letters around it ("(bu)Tj 6.1 Tc (tc)Tj 0 Tc
# (omprehensi)Tj"): no space character, and PDFium reads "butcomprehensive". Within a word
# PDFium reads across several text objects, a gap between two letters' advances wider
# than WORD_GAP font sizes is a space. Between the advances of letters of one word the
# gaps in eval/'s PDFs are at most 0.10 sizes (a ligature's); the spaces of groff's
# pdfmark manual are 0.20 to 1.0 (146 words glued there, none elsewhere).
WORD_GAP = 0.15
# A page drawing each glyph alone (a browser's print to PDF) reads every word across text
# objects, and PDFium spaces those by position already: once more than half of a page's
# first SPREAD_SAMPLE words of two letters or more span objects, none is measured.
SPREAD_SAMPLE = 20


class Bookmark(NamedTuple):
    level: int  # 0 = top
    title: str
    page: int | None  # 0-based index of the page it opens, when it names one


def read_runs(path: Path) -> tuple[list[list[Run]], str, list[Bookmark]]:
    """Each page's runs in drawing order, the metadata title and the outline (bookmarks);
    the file is closed after.

    Raises Unusable for a PDF locked with a password; one that only restricts editing
    opens with the empty password.
    """
    import pypdfium2 as pdfium

    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            if exc.err_code == pdfium.raw.FPDF_ERR_PASSWORD:
                why = "encrypted with a password (save an unlocked copy to index it)"
                raise Unusable(why) from None
            if exc.err_code == pdfium.raw.FPDF_ERR_SECURITY:
                raise Unusable("encrypted with an unsupported security handler") from None
            raise
        try:
            inked = _Inked(pdf)
            pages = [_page_runs(pdf, n, inked) for n in range(len(pdf))]
            try:
                title = pdf.get_metadata_value("Title")
            except Exception:  # noqa: BLE001 - a damaged information dictionary
                title = ""
            outline = _outline(pdf)
        finally:
            pdf.close()
    return pages, title, outline


def _outline(pdf) -> list[Bookmark]:
    """The PDF's bookmarks, or none when they cannot be read (a damaged outline)."""
    marks = []
    try:
        for mark in pdf.get_toc():
            dest = mark.get_dest()
            page = dest.get_index() if dest is not None else None
            marks.append(Bookmark(mark.level, mark.get_title() or "", page))
    except Exception:  # noqa: BLE001 - an outline is a hint; the text is read without it
        return []
    return marks


def _page_runs(pdf, number: int, inked: "_Inked") -> list[Run]:
    page = pdf[number]
    try:
        textpage = page.get_textpage()
        try:
            return _runs(textpage, inked)
        finally:
            textpage.close()
    finally:
        page.close()


def _runs(textpage, inked: "_Inked") -> list[Run]:
    """The page's runs, asked piece by piece (a word's letters, its digits, or one other
    character): PDFium names the text object drawing a piece's first character, and its
    position, size and font are asked when that object is new. A typeset line is one
    object; a browser's print to PDF draws each glyph alone, and then a piece's first
    glyph speaks for the piece (type changes between letters of a word are rare). Spaces
    and line breaks, PDFium's inferred ones too, read as a space; a hyphen PDFium marks
    as breaking a word at a line's end reads "-". Where a space stands, the gap it
    spans is measured: wider than CELL_GAP sizes, the piece after it opens a run of its
    own, a table's next cell (`Run.cell`). A word read across text objects is measured
    letter by letter for the spaces Ghostscript draws as spacing (WORD_GAP).
    """
    import ctypes

    import pypdfium2.raw as raw

    count = raw.FPDFText_CountChars(textpage)
    text = textpage.get_text_range() if count > 0 else ""
    if len(text) != count:  # characters outside UTF-16's first plane: ask one by one
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, k)) for k in range(count))
    text = text.translate(_HYPHENS)
    text = ligatures(text)
    handle = textpage.raw  # the C handle: no wrapper lookup in each call
    matrix = raw.FS_MATRIX()
    # A character's box around its glyph's ink. (PDFium's loose box is faster to ask but
    # spans the glyph's whole advance: gnuplot's table columns then stand closer than
    # CELL_GAP.)
    left_, right_, bottom_, top_ = (ctypes.c_double() for _ in range(4))
    box = [ctypes.byref(side) for side in (left_, right_, bottom_, top_)]

    fonts: dict[int, tuple[bool, bool]] = {}  # bold and mono, by the font's address
    runs: list[Run] = []
    parts: list[str] = []  # of the run being read
    last = None  # the address of the text object last asked about
    run = Run("", 0.0, 0.0, False)
    end = 0
    placed: dict[int, tuple[float, float]] = {}  # a text object's size and baseline

    def place(k: int, address: int) -> tuple[float, float]:
        """The size and baseline of the text object drawing character `k`."""
        got = placed.get(address)
        if got is None:
            raw.FPDFText_GetMatrix(handle, k, matrix)
            size = abs(raw.FPDFText_GetFontSize(handle, k)) * math.hypot(matrix.c, matrix.d)
            if size < MIN_TEXT_SIZE and not _font_name(handle, k):  # a Type 3 font's glyphs
                size = max(size, inked.size(_font_key(raw.FPDFText_GetTextObject(handle, k))))
            got = placed[address] = (size, matrix.f)
        return got

    def unseen(k: int, address: int) -> bool:
        return place(k, address)[0] < MIN_TEXT_SIZE

    rect = raw.FS_RECTF()
    words = spread = 0  # of the page's words of two letters or more: all, across objects

    def spaced(k: int, stop: int, size: float) -> str:
        """Characters k to stop with a space at each gap between advances wider than
        WORD_GAP sizes."""
        out = [text[k]]
        raw.FPDFText_GetLooseCharBox(handle, k, rect)
        right = rect.right
        for i in range(k + 1, stop):
            raw.FPDFText_GetLooseCharBox(handle, i, rect)
            if rect.left - right > WORD_GAP * size:
                out.append(" ")
            out.append(text[i])
            right = rect.right
        return "".join(out)

    def gap(a: int, b: int) -> tuple[float, float]:
        """The left edge of character `b`'s box, and how far it is right of `a`'s."""
        raw.FPDFText_GetCharBox(handle, a, *box)
        right = right_.value
        raw.FPDFText_GetCharBox(handle, b, *box)
        return left_.value, left_.value - right

    for match in _PIECE.finditer(text):
        k, stop = match.span()
        obj = raw.FPDFText_GetTextObject(handle, k)
        address = ctypes.addressof(obj.contents) if obj else last
        lead = ""
        if address is not None and unseen(k, address):
            # Unseen: no space, no gap, no run of its own; the letters after it that are
            # seen ("These" of Word's "233BThese") are a piece of their own.
            while k < stop and address is not None and unseen(k, address):
                k += 1
                obj = raw.FPDFText_GetTextObject(handle, k) if k < stop else None
                address = ctypes.addressof(obj.contents) if obj else None
            if k == stop or address is None:
                continue
            # PDFium keeps one of two like glyphs drawn over each other: the seen "B" of
            # "Back" under the unseen "B" of "117B" is gone, and a letter's width of
            # space stands where it was. That letter is read.
            if gap(k - 1, k)[1] > MERGED_GAP * place(k, address)[0]:
                lead = text[k - 1]
        piece = lead + text[k:stop]
        if stop - k > 1 and address is not None and (words < SPREAD_SAMPLE or 2 * spread <= words):
            words += 1
            tail = raw.FPDFText_GetTextObject(handle, stop - 1)
            if tail and ctypes.addressof(tail.contents) != address:
                spread += 1
                piece = lead + spaced(k, stop, place(k, address)[0])
        space = " " if k > end else ""
        left = None
        cell = False
        if space and parts:  # how wide the gap is: this piece's left edge, the last's right
            left, wide = gap(end - 1, k)
            cell = wide > CELL_GAP * run.size
        end = stop
        if address is None:  # no text object drawn yet: nothing on the page to place it by
            continue
        if address != last:
            last = address
            size, y = place(k, address)
            key = _font_key(obj)
            style = fonts.get(key)
            if style is None:
                style = fonts[key] = _style(handle, k)
            if (y, size, *style) != (run.y, run.size, run.bold, run.mono):
                if parts:
                    runs.append(run._replace(text="".join(parts) + space))
                parts, space = [], ""
                if left is None:
                    raw.FPDFText_GetCharBox(handle, k, *box)
                    left = left_.value
                run = Run("", y, size, *style, x=left, cell=cell)
        if cell and parts:  # a wide gap on the line: the next cell opens a run
            runs.append(run._replace(text="".join(parts) + space))
            parts, space = [], ""
            run = run._replace(x=left, cell=True)
        parts.append(space + piece)
    if parts:
        runs.append(run._replace(text="".join(parts)))
    return [r._replace(text=_paired(r.text)) if _SURROGATE.search(r.text) else r for r in runs]


# PDFium gives a character outside UTF-16's first plane (a math letter, U+1D700 "𝜀", in
# TeX Live's lua-widow-control manual) as two characters, its surrogate halves.
_SURROGATE = re.compile("[\ud800-\udfff]")
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def _paired(text: str) -> str:
    """`text` with each surrogate pair as the one character it encodes, a lone half
    dropped: the tokenizer refuses a string holding surrogates, and the index with it."""
    text = _PAIR.sub(lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"),
                     text)
    return _SURROGATE.sub("", text)


_PIECE = re.compile(r"[^\W\d]+|\d+|\S")  # letters, digits (a footnote mark), one other
# A TeX font without a map to Unicode (dvips' bitmap fonts) gives its ligatures as the
# codes OT1 puts them at, control characters: "Koutso\x0cos", "di\x0berent". Next to a
# letter each reads as the ligature it draws, kept one character (the builder spells
# "ﬁ" out). Not 0x0D, the "fl": PDFium's line break is "\r\n", and LilyPond's "\rc" is
# a copyright sign drawn as a circle and a "c".
_LIGATURES = {"\x0b": "\ufb00", "\x0c": "\ufb01", "\x0e": "\ufb03", "\x0f": "\ufb04"}
_LIGATURE_CODE = re.compile(r"(?<=[^\W\d_])[\x0b\x0c\x0e\x0f]|[\x0b\x0c\x0e\x0f](?=[^\W\d_])")


def ligatures(text: str) -> str:
    """`text` with each OT1 ligature code next to a letter as the ligature's character:
    as long as `text`, so each character's index stays PDFium's."""
    if not _LIGATURE_CODE.search(text):
        return text
    return _LIGATURE_CODE.sub(lambda m: _LIGATURES[m.group()], text)


# PDFium marks a hyphen breaking a word at a line's end ("\ufffe"; "\x02" one by one).
_HYPHENS = str.maketrans({"\ufffe": "-", "\x02": "-"})


class _Inked:
    """The sizes of a document's nameless (Type 3) fonts, read from their letters' ink
    over all its pages (`_INKED`) when first asked: a heading's few letters on one page
    measure a pixel off. PDFium keeps one font object per font of an open document, so a
    font's address names it on every page."""

    def __init__(self, pdf) -> None:
        self._pdf = pdf
        self._sizes: dict[int, float] | None = None

    def size(self, font: int) -> float:
        if self._sizes is None:
            self._sizes = self._measure()
        return self._sizes.get(font, 0.0)

    def _measure(self) -> dict[int, float]:
        import ctypes

        import pypdfium2.raw as raw

        sides = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top
        heights: dict[tuple[int, int], list[float]] = {}
        nameless: dict[int, bool] = {}  # by font: whether it has no name (asked once)
        for number in range(len(self._pdf)):
            page = self._pdf[number]
            textpage = page.get_textpage()
            try:
                handle = textpage.raw
                count = raw.FPDFText_CountChars(handle)
                text = textpage.get_text_range() if count > 0 else ""
                for i, ch in enumerate(text[:count]):
                    if not ch.isalnum():
                        continue
                    font = _font_key(raw.FPDFText_GetTextObject(handle, i))
                    if font not in nameless:
                        nameless[font] = not _font_name(handle, i)
                    if not nameless[font]:
                        continue
                    tier = next(t for t, (letters, _) in enumerate(_INKED)
                                if letters is None or ch in letters)
                    raw.FPDFText_GetCharBox(handle, i, *(ctypes.byref(v) for v in sides))
                    heights.setdefault((font, tier), []).append(sides[3].value - sides[2].value)
            finally:
                textpage.close()
                page.close()
        sizes: dict[int, float] = {}
        for (font, tier), got in sorted(heights.items(), key=lambda item: -item[0][1]):
            sizes[font] = sorted(got)[len(got) // 2] / _INKED[tier][1]  # the best tier last
        return sizes


def _font_key(obj) -> int:
    """The address of the font a text object draws in (0: none): PDFium keeps one font
    object per font of an open document, so it names the font on every page."""
    import ctypes

    import pypdfium2.raw as raw

    font = raw.FPDFTextObj_GetFont(obj) if obj else None
    return ctypes.addressof(font.contents) if font else 0


def _font_name(handle, index: int) -> str:
    """The name of the font drawing character `index` ("" for a Type 3 font)."""
    import ctypes

    import pypdfium2.raw as raw

    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(handle, index, name, len(name), ctypes.byref(flags))
    return name.value.decode("latin-1")


def _style(handle, index: int) -> tuple[bool, bool]:
    """Whether the name of the font drawing character `index` says bold, and typewriter."""
    font = _font_name(handle, index)
    return bool(_BOLD_NAME.search(font)), bool(_MONO_NAME.search(font))
