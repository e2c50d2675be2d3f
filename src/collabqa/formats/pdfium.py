"""A PDF's runs of text, page by page, read with PDFium (pypdfium2, BSD/Apache-2.0).

A run is the text one PDF text object draws, with its baseline, font size and whether
its font is bold: what pdf.py needs to find lines, paragraphs and headings. PDFium reads
in C; Python asks a few questions per text object, not per character.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path
from typing import NamedTuple

from .builder import Unusable

# PDFium is not thread-safe, and documents load from several threads at once (an upload
# while the folder is re-read): one PDF is read at a time.
_LOCK = threading.Lock()
_HYPHEN_MARKS = ("\ufffe", "\x02")  # PDFium's mark for a hyphen breaking a word at a line end
_BOLD_NAMES = ("Bold", "Black", "Heavy", ",B")  # "Helvetica-Bold", "Arial,Bold"


class Run(NamedTuple):
    text: str
    y: float  # baseline, in points from the page's bottom
    size: float  # font size in points, as drawn (scaled by the text's matrix)
    bold: bool


def read_runs(path: Path) -> tuple[list[list[Run]], str]:
    """Each page's runs in drawing order, and the metadata title; the file is closed after.

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
            pages = [_page_runs(pdf, n) for n in range(len(pdf))]
            try:
                title = pdf.get_metadata_value("Title")
            except Exception:  # noqa: BLE001 - a damaged information dictionary
                title = ""
        finally:
            pdf.close()
    return pages, title


def _page_runs(pdf, number: int) -> list[Run]:
    page = pdf[number]
    try:
        textpage = page.get_textpage()
        try:
            return _runs(textpage)
        finally:
            textpage.close()
    finally:
        page.close()


def _runs(textpage) -> list[Run]:
    """The page's runs. PDFium names the text object drawing each character; position,
    size and font are asked when it changes (a typeset line is one object, a browser's
    print to PDF one a glyph). The spaces and line breaks PDFium infers between objects
    end the run before them as a space; a hyphen it marks as breaking a word reads "-".
    """
    import ctypes

    import pypdfium2.raw as raw

    count = raw.FPDFText_CountChars(textpage)
    text = textpage.get_text_range() if count > 0 else ""
    if len(text) != count:  # characters outside UTF-16's first plane: ask one by one
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, k)) for k in range(count))
    matrix = raw.FS_MATRIX()
    fonts: dict[int, bool] = {}
    runs: list[Run] = []
    chars: list[str] = []
    last = None
    y = size = 0.0
    bold = False
    for k, char in enumerate(text):
        obj = raw.FPDFText_GetTextObject(textpage, k)
        if not obj:  # a space or line break PDFium inferred
            chars.append(" ")
            continue
        address = ctypes.addressof(obj.contents)
        if address != last:
            if chars and last is not None:
                runs.append(Run("".join(chars), y, size, bold))
                chars = []
            last = address
            raw.FPDFText_GetMatrix(textpage, k, matrix)
            y = matrix.f
            size = abs(raw.FPDFText_GetFontSize(textpage, k)) * math.hypot(matrix.c, matrix.d)
            bold = _bold(textpage, k, raw.FPDFTextObj_GetFont(obj), fonts)
        chars.append("-" if char in _HYPHEN_MARKS else char)
    if chars and last is not None:
        runs.append(Run("".join(chars), y, size, bold))
    return runs


def _bold(textpage, index: int, font, seen: dict[int, bool]) -> bool:
    """Whether the font's name says bold; asked once a font."""
    import ctypes

    import pypdfium2.raw as raw

    key = ctypes.addressof(font.contents) if font else 0
    if key not in seen:
        name = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        raw.FPDFText_GetFontInfo(textpage, index, name, len(name), ctypes.byref(flags))
        seen[key] = any(w in name.value.decode("latin-1") for w in _BOLD_NAMES)
    return seen[key]
