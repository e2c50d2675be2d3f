"""The PDF reader (PDFium): headings, paragraphs, passwords, threads, closed files, words."""

from __future__ import annotations

import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from collabqa.corpus import chunk
from collabqa.formats import Unusable, read_document

from makedocs import DRAGONFLY, LILY, NEWT, POND, make_encrypted_pdf, make_pdf


def _wrapped(c, text: str, y: float, *, font: str = "Helvetica", size: float = 11,
             leading: float = 14, width: int = 80) -> float:
    """Draw `text` wrapped at `width` characters from `y` down; the y of the next line."""
    c.setFont(font, size)
    line = ""
    for word in text.split():
        if line and len(line) + len(word) > width:
            c.drawString(72, y, line)
            line, y = "", y - leading
        line = f"{line} {word}".strip()
    c.drawString(72, y, line)
    return y - leading


def _titled(path: Path, title: str):
    """A canvas with `title` in large bold type over a paragraph; the y below it."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, 780, title)
    return c, _wrapped(c, POND * 2, 740)


def test_a_bold_line_of_body_size_heads_the_paragraph_under_it(tmp_path):
    path = tmp_path / "ponds.pdf"
    c, y = _titled(path, "Garden Ponds")
    c.setFont("Helvetica-Bold", 11)
    c.drawString(72, y - 10, "Keeping the water clear")
    y = _wrapped(c, LILY * 2, y - 24)
    c.save()
    doc = read_document(path, path.name)
    lily = next(p for p in chunk(doc) if "Water lilies shade" in p.text)
    assert lily.section.endswith("Keeping the water clear")
    assert "Keeping the water clear\n\nWater lilies shade" in doc.text
    pond = next(p for p in chunk(doc) if "Ponds hold still water" in p.text)
    assert "Keeping" not in pond.section


@settings(max_examples=12, deadline=None)
@given(st.floats(min_value=11.5, max_value=12.6), st.sampled_from(["Helvetica-Bold", "Times-Bold"]))
def test_a_bold_line_a_little_larger_than_the_body_heads_the_paragraph_under_it(size, font):
    """Larger than the body's 11 points but short of a heading size (11 x 1.15): bold
    still heads what follows, as RasMol's Word manual sets each command's name (13.44-point
    Arial Bold over 12-point Times, eval/corpora/debian-pdf13). Before, it read as a
    paragraph of one word, and every command stood under "Command Reference"."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ponds.pdf"
        c, y = _titled(path, "Garden Ponds")
        c.setFont(font, size)
        c.drawString(72, y - 10, "Keeping the water clear")
        _wrapped(c, LILY * 2, y - 26)
        c.save()
        doc = read_document(path, path.name)
    lily = next(p for p in chunk(doc) if "Water lilies shade" in p.text)
    assert lily.section.endswith("Keeping the water clear")
    pond = next(p for p in chunk(doc) if "Ponds hold still water" in p.text)
    assert "Keeping" not in pond.section


def test_rasmols_manual_reads_each_commands_name_as_its_section():
    """RasMol's manual (Debian's rasmol-doc, GPL-2.0; Word on a Mac, Quartz PDFContext)."""
    pdf = Path(__file__).resolve().parents[1] / "eval/corpora/debian-pdf13/docs/manualA4.pdf"
    passages = chunk(read_document(pdf, pdf.name))
    [label] = [p for p in passages if "allows an arbitrary formatted text string" in p.text]
    assert label.section.endswith("Command Reference > Label")


def test_tex_bold_fonts_named_by_their_series_are_bold():
    """CTSim's manual (Debian's ctsim-doc, GPL-2.0; LaTeX through dvipdfm) sets its
    subsections in CMBX12 over 10-point CMR10, short of a heading size: Computer
    Modern's names say bold by their series ("BX"), not "Bold", and every subsection
    stood under its chapter. The font names alone, and the manual read so."""
    from collabqa.formats.pdfium import _BOLD_NAME

    assert all(_BOLD_NAME.search(n) for n in ("HYBYDS+CMBX12", "CMSSBX10", "SFBX1200",
                                                "CMB10", "Helvetica-Bold", "Arial,Bold"))
    assert not any(_BOLD_NAME.search(n) for n in ("CMR10", "CMBSY10", "SFRM1000", "CMSS12",
                                                    "ABCDEF+CMMI10", "Times-Roman"))
    pdf = Path(__file__).resolve().parents[1] / "eval/corpora/debian-pdf15/docs/ctsim.pdf"
    passages = chunk(read_document(pdf, pdf.name))
    assert any(p.section == "2. Concepts > 2.3.1 Dimensions" for p in passages)


def test_a_numbered_heading_ending_in_code_is_one_heading():
    """R's data import manual (eval/corpora/r-manuals-pdf) sets "2.1 Variations on
    read.table" in bold with its last word in a typewriter font: read as a run-in heading
    ("2.1 Variations on") and a paragraph ("read.table") once CMBX read bold, the
    subsection's passages stood under "read.table"."""
    pdf = Path(__file__).resolve().parents[1] / "eval/corpora/r-manuals-pdf/docs/R-data.pdf"
    sections = {p.section for p in chunk(read_document(pdf, pdf.name))}
    assert any(s.endswith("2 Spreadsheet-like data > 2.1 Variations on read.table")
               for s in sections)
    assert not any(s.endswith("> read.table") for s in sections)


def test_a_pdf_locked_with_a_password_is_refused_saying_so(tmp_path):
    path = make_encrypted_pdf(tmp_path / "locked.pdf")
    with pytest.raises(Unusable, match="encrypted with a password"):
        read_document(path, path.name)


def test_a_pdf_that_only_restricts_editing_opens(tmp_path):
    # An owner password alone (no printing, no editing) needs no password to read.
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "restricted.pdf"
    enc = pdfencrypt.StandardEncryption("", ownerPassword="owner-secret", canModify=0, canCopy=0)
    c = canvas.Canvas(str(path), encrypt=enc)
    _wrapped(c, NEWT * 2, 740)
    c.save()
    doc = read_document(path, path.name)
    assert "Great crested newts return to the same pond" in " ".join(doc.text.split())


def test_a_page_of_one_line_paragraphs_keeps_them_apart(tmp_path):
    # A reference page of settings: each a one-line description and a "Default:" line,
    # so half of the page's gaps are between paragraphs. The document's other pages give
    # the usual line pitch, and "Default: ..." stays a paragraph of its own.
    from reportlab.pdfgen import canvas

    path = tmp_path / "settings.pdf"
    c = canvas.Canvas(str(path))
    for body in (POND + DRAGONFLY, LILY + NEWT):
        y = 760
        for _ in range(3):
            y = _wrapped(c, body, y) - 10
        c.showPage()
    y = 760
    for name, what, default in [
        ("POND_DEPTH", "How deep the pond is dug at its deepest point.", "Default: 80 cm"),
        ("POND_LINER", "Whether a butyl liner lines the pond.", "Default: True"),
        ("POND_PUMP", "Whether a pump keeps the water moving.", "Default: False"),
        ("POND_FISH", "How many fish the pond holds at most.", "Default: None"),
    ]:
        c.setFont("Helvetica-Bold", 11)
        c.drawString(72, y, name)
        c.setFont("Helvetica", 11)
        c.drawString(72, y - 24, what)
        c.drawString(72, y - 48, default)
        y -= 84
    c.save()
    doc = read_document(path, path.name)
    blocks = [doc.text[b.start:b.end] for b in doc.blocks]
    assert any(b.endswith("Default: True") and "Whether a butyl liner" not in b for b in blocks)
    assert "Whether a butyl liner lines the pond.\n\nDefault: True" in doc.text
    # The other pages' paragraphs are still whole.
    assert " ".join((POND + DRAGONFLY).split()) in " ".join(doc.text.split())


def test_pdfs_read_alike_from_several_threads(tmp_path):
    # PDFium is not thread-safe; documents load from several threads at once (an upload
    # while a folder is re-read) and must read as they do one at a time.
    paths = [make_pdf(tmp_path / "ponds.pdf"), make_pdf(tmp_path / "plain.pdf", title=None)]
    alone = {p: read_document(p, p.name).text for p in paths}
    with ThreadPoolExecutor(max_workers=6) as pool:
        texts = list(pool.map(lambda p: (p, read_document(p, p.name).text), paths * 6))
    assert all(text == alone[p] for p, text in texts)


def test_the_pdf_file_is_closed_after_reading(tmp_path):
    psutil = pytest.importorskip("psutil")
    good, locked = make_pdf(tmp_path / "ponds.pdf"), make_encrypted_pdf(tmp_path / "locked.pdf")
    read_document(good, good.name)
    with pytest.raises(Unusable):
        read_document(locked, locked.name)
    open_now = {Path(f.path).resolve() for f in psutil.Process().open_files()}
    assert good.resolve() not in open_now and locked.resolve() not in open_now


# Words of letters the standard fonts draw (WinAnsi), as a paragraph of any length.
_word = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüßø")),
                min_size=1, max_size=12)
_paragraph = st.lists(_word, min_size=1, max_size=120).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_paragraph, min_size=1, max_size=6))
@example(["L", "AAAAAAA AAAAAAAAAAA"])  # a lone "L" opening the page read as page number 50
def test_every_word_drawn_is_read_in_order(paragraphs):
    """Paragraphs wrapped over pages by the layout read back word for word, in order."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "words.pdf"
        SimpleDocTemplate(str(path), pagesize=A4).build(
            [Paragraph(text, styles["BodyText"]) for text in paragraphs])
        try:
            doc = read_document(path, path.name)
        except Unusable as exc:  # a few letters in all: fewer than a text layer's 20
            assert "no text layer" in str(exc) and len("".join(paragraphs)) < 20
            return
    assert doc.text.split() == " ".join(paragraphs).split()
    for passage in chunk(doc):
        assert passage.text == doc.text[passage.start:passage.end] and passage.text.strip()


def test_a_paragraph_drawn_glyph_by_glyph_reads_whole(tmp_path):
    # A browser's print to PDF draws each glyph as a text object of its own. The words
    # still read with their spaces, and a last line holding a code word (smaller type)
    # and the sentence's full stop (body type) stays in its paragraph.
    from reportlab.pdfgen import canvas

    path = tmp_path / "printed.pdf"
    c = canvas.Canvas(str(path))

    def glyphs(x, y, text, font="Helvetica", size=11):
        for char in text:
            if char != " ":
                c.setFont(font, size)
                c.drawString(x, y, char)
            x += c.stringWidth(char, font, size)
        return x

    lines = ["Static files such as style sheets and scripts live in the static folder",
             "of the package, and a template links to each of them by calling"]
    for i, line in enumerate(lines):
        glyphs(72, 740 - 14 * i, line)
    x = glyphs(72, 740 - 28, "url_for('static')", "Courier", 9.5)
    glyphs(x, 740 - 28, ".")
    glyphs(72, 740 - 60, "The development server serves them while you work on the site.")
    c.save()
    doc = read_document(path, path.name)
    blocks = [doc.text[b.start:b.end] for b in doc.blocks]
    assert blocks == [" ".join(lines) + " url_for('static').",
                      "The development server serves them while you work on the site."]


@pytest.mark.parametrize("numbers", [["1", "2", "3"], ["iii", "iv", "v"], ["", "2", "3"]])
def test_page_numbers_go_and_a_lone_word_of_numeral_letters_stays(tmp_path, numbers):
    """A number at a page's foot is a page number when the next or previous page carries
    the next or previous one; a page opening with "Civil" or "L" alone keeps it."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "numbered.pdf"
    c = canvas.Canvas(str(path))
    for word, number in zip(["Civil", "L", "Mix"], numbers):
        c.setFont("Helvetica", 11)
        c.drawString(72, 780, word)
        _wrapped(c, f"The pond on this page is {word.lower()} and its lilies open in the "
                    "morning sun when the water has warmed through the spring.", 750)
        c.drawString(290, 30, number)
        c.showPage()
    c.save()
    words = read_document(path, path.name).text.split()
    assert [w for w in ("Civil", "L", "Mix") if w in words] == ["Civil", "L", "Mix"]
    assert not set(words) & {n for n in numbers if n}


ORDINALS = ["first", "second", "third", "fourth", "fifth"]
_title_word = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyz")), min_size=3, max_size=9)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_title_word, min_size=1, max_size=5), min_size=2, max_size=4),
       st.integers(1, 200), st.sampled_from(["2", "17", "*"]))
def test_a_chapters_running_head_and_footnote_marks_are_no_text(titles, first, mark):
    """A typeset manual: each chapter's pages open with its running head and the page
    number ("Chapter 2: Simple manipulations 9"), a few pages a chapter, too few for a
    line repeated on most pages; a raised footnote mark follows a word ("lost²."); a web
    address breaks at a line's end. The heads go, the mark goes without parting the
    sentence, the address reads whole, and the footnote reads with its number."""
    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "manual.pdf"
        c = canvas.Canvas(str(path))
        page = first
        for k, title in enumerate(titles, 1):
            for n in range(3):
                c.setFont("Helvetica", 11)
                c.drawString(72, 800, f"Chapter {k}: {' '.join(title).capitalize()} {page}")
                y = _wrapped(c, f"Words of chapter {k} page {n} about the garden pond and "
                                "its lilies, which open in the morning sun.", 760)
                c.drawString(72, y, "The value is printed and lost")
                x = 72 + c.stringWidth("The value is printed and lost", "Helvetica", 11)
                c.setFont("Helvetica", 7)
                c.drawString(x, y + 4, mark)
                c.setFont("Helvetica", 11)
                c.drawString(x + c.stringWidth(mark, "Helvetica", 7), y, ". So now it is gone.")
                c.drawString(72, y - 14, "The source is at https://cran.example-project.")
                c.drawString(72, y - 28, "org/package=pond and nowhere else.")
                c.setFont("Helvetica", 7)  # footnotes numbered on from page to page
                c.drawString(72, 64, str(page))
                c.setFont("Helvetica", 9)
                note = f"The {ORDINALS[n]} note of the {ORDINALS[k]} chapter says so."
                c.drawString(72 + c.stringWidth(str(page), "Helvetica", 7), 60, note)
                c.showPage()
                page += 1
        c.save()
        text = read_document(path, path.name).text
    assert "Chapter" not in text
    assert text.count("The value is printed and lost. So now it is gone.") == 3 * len(titles)
    assert text.count("https://cran.example-project.org/package=pond and") == 3 * len(titles)
    assert all(f"{first + 3 * (k - 1) + n} The {ORDINALS[n]} note of the {ORDINALS[k]} "
               "chapter says so." in text for k in range(1, len(titles) + 1) for n in range(3))


ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_title_word, min_size=1, max_size=3), st.integers(1, 8), st.booleans())
def test_front_matters_running_heads_numbered_in_roman_are_no_text(head, first, bar):
    """Front matter numbered in roman (DocBook's dblatex: "Auto Multiple Choice iv" atop
    each page, or "... | viii"), on too few pages to recur on most: the heads go, as the
    body's "Pond Guide 12" do, and the pages' sentences stay."""
    from reportlab.pdfgen import canvas

    title = " ".join(head).title()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "guide.pdf"
        c = canvas.Canvas(str(path))
        for n in range(4):
            c.setFont("Helvetica", 11)
            c.drawString(72, 800, f"{title}{' |' if bar else ''} {ROMAN[first + n - 1]}")
            _wrapped(c, f"Front matter page {ORDINALS[n]} tells of the pond and its lilies, "
                        "which open in the morning sun.", 760)
            c.showPage()
        for n in range(6):
            _wrapped(c, f"Body page {n} tells of the newts that live under the lily pads "
                        "and come up for air at dusk.", 760)
            c.showPage()
        c.save()
        text = read_document(path, path.name).text
    assert title not in text
    assert all(f"Front matter page {ORDINALS[n]} tells of the pond" in text for n in range(4))


def test_an_r_manual_reads_without_running_heads_or_footnote_marks():
    # "An Introduction to R" (R 4.2.2, texinfo), as published: each chapter's running head
    # carries the page number; footnote marks are raised digits in a smaller font.
    root = Path(__file__).resolve().parents[1] / "eval/corpora/r-manuals-pdf/docs"
    text = read_document(root / "R-intro.pdf", "R-intro.pdf").text
    assert "Chapter 2: Simple manipulations; numbers and vectors" not in text
    assert "the value is printed and lost. So now if we were to use the command" in text
    assert "(https://CRAN.R-project.org/package=mda)" in text
    assert "(suggested by François Pinard)" in text  # TeX's cedilla is a glyph of its own


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(list("aeiouAEIOU")),
                          st.sampled_from(["\u00a8", "\u00b4", "\u00af"])),
                min_size=1, max_size=6))
def test_an_accent_drawn_as_a_glyph_of_its_own_reads_on_its_letter(marked):
    """TeX draws "ö" as the letter and an accent glyph over it, the accent first in the
    text layer ("G¨odel"): each reads as the one accented letter the page shows."""
    import unicodedata

    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "accents.pdf"
        c = canvas.Canvas(str(path))
        c.setFont("Helvetica", 11)
        x, shown = 72.0, ""
        for letter, accent in marked:
            for part in ("n", accent, letter):  # the accent drawn over the letter after it
                c.drawString(x, 700, part)
                x += 0 if part == accent else c.stringWidth(part, "Helvetica", 11)
            shown += "n" + unicodedata.normalize("NFC", letter + {
                "\u00a8": "\u0308", "\u00b4": "\u0301", "\u00af": "\u0304"}[accent])
        c.drawString(72, 680, "The word above is a name written with accents on its vowels.")
        c.save()
        text = read_document(path, path.name).text
    assert shown in text.split()


def test_lines_set_in_a_typewriter_font_are_code_apart_from_the_prose(tmp_path):
    # A manual's example is set in Courier (TeX: CMTT) line by line under a sentence
    # ending in a colon; its lines ran into that sentence ("... boxes: set boxwidth 0.9
    # relative set style fill solid 1.0 plot ..."). A command wrapped onto a line of its
    # own inside a sentence stays in the sentence.
    path = tmp_path / "plots.pdf"
    c, y = _titled(path, "Boxes")
    c.setFont("Helvetica", 11)
    c.drawString(72, y, "To plot a data file with solid filled boxes, type:")
    y -= 14
    for line in ("set boxwidth 0.9 relative", "set style fill solid 1.0",
                 "plot 'file.dat' with boxes"):
        c.setFont("Courier", 11)
        c.drawString(90, y, line)
        y -= 14
    y = _wrapped(c, "The boxes are drawn in the current fill style, and to change it use", y - 10)
    c.setFont("Courier", 11)
    c.drawString(72, y, "set style fill transparent")
    y = _wrapped(c, "before plotting. " + LILY, y - 14)
    c.save()
    doc = read_document(path, path.name)
    code = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "code"]
    assert code == ["set boxwidth 0.9 relative\nset style fill solid 1.0\nplot 'file.dat' with boxes"]
    prose = [" ".join(doc.text[b.start:b.end].split()) for b in doc.blocks if b.kind != "code"]
    assert not any("set boxwidth" in block for block in prose)
    assert any("to change it use set style fill transparent before plotting." in block
               for block in prose)


def test_gnuplots_examples_read_as_code():
    # The gnuplot 5.4 manual (pdfTeX; eval/corpora/gnuplot-pdf): its examples are CMTT lines.
    root = Path(__file__).resolve().parents[1] / "eval/corpora/gnuplot-pdf/docs"
    doc = read_document(root / "gnuplot.pdf", "gnuplot.pdf")
    code = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "code"]
    assert "set boxwidth 0.9 relative\nset style fill solid 1.0\nplot ’file.dat’ with boxes" in code
    assert not any("(bargraph): set boxwidth" in " ".join(doc.text[b.start:b.end].split())
                   for b in doc.blocks)
    # Its bullet glyph has no Unicode name: PDFium gives U+0088. A bullet opens an item.
    assert "\x88" not in doc.text
    items = [doc.text[b.start:b.end] for b in doc.blocks if doc.text[b.start] == "•"]
    assert any(i.startswith("• Time specifier format %W has been brought into accord") and
               "%U" not in i for i in items)


def _chapter_pages(c, chapters: int, pages: int, *, head: bool, figure_page: int | None = None):
    """Chapters of `pages` pages each, their titles in 16-point bold and in the outline;
    with `head`, every page opens with the running head "Pond Guide Chapter N <title>"
    (no page number). On `figure_page` of each chapter, a figure's large type ("SPUMONI"
    at 60 points) stands between two paragraphs."""
    for k in range(1, chapters + 1):
        title = f"Chapter {k} {ORDINALS[(k - 1) % 5].capitalize()} pond matters"
        for n in range(pages):
            if head:
                c.setFont("Helvetica", 9)
                c.drawString(72, 810, f"Pond Guide {title}")
            y = 760
            if n == 0:
                c.bookmarkPage(f"ch{k}")
                c.addOutlineEntry(title, f"ch{k}", level=0)
                c.setFont("Helvetica-Bold", 16)
                c.drawString(72, 780, title)
            y = _wrapped(c, f"Chapter {k} page {n} tells of the garden pond and its lilies, "
                            "which open in the morning sun when the water is warm.", y)
            if n == figure_page:
                c.setFont("Helvetica", 60)
                c.drawString(100, y - 60, "SPUMONI")
                y -= 100
            _wrapped(c, f"After it, chapter {k} page {n} goes on about the newts that "
                        "live under the stones at the edge of the pond.", y - 10)
            c.showPage()


def test_large_type_the_outline_never_names_heads_no_section(tmp_path):
    """A figure's large type (a font sample) is no heading when the PDF's outline names
    the document's headings: set larger than any of them, it would head every section
    after it, above the chapters. Without an outline it still reads as a heading."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "guide.pdf"
    c = canvas.Canvas(str(path))
    _chapter_pages(c, 3, 2, head=False, figure_page=1)
    c.save()
    doc = read_document(path, path.name)
    after = {" ".join(doc.text[b.start:b.end].split()[:6]): b.section for b in doc.blocks
             if "goes on about the newts" in doc.text[b.start:b.end]}
    assert len(after) == 6
    assert all("SPUMONI" not in b.section for b in doc.blocks)
    assert after["After it, chapter 3 page 1"] == "Chapter 3 Third pond matters"


def test_a_chapters_running_head_with_no_page_number_is_no_text(tmp_path):
    """Each chapter's pages open with its own running head and no page number (the page
    number is in the foot): a line at the top of three pages in a row goes, though no
    one head is on most pages."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "guide.pdf"
    c = canvas.Canvas(str(path))
    _chapter_pages(c, 5, 4, head=True)
    c.save()
    text = read_document(path, path.name).text
    assert "Pond Guide" not in text
    assert text.count("Chapter 4 page 3 tells of the garden pond") == 1


def test_the_reportlab_guide_reads_its_chapters_not_its_font_samples():
    # The ReportLab user guide (made by ReportLab itself; eval/corpora/reportlab-pdf): its
    # figures show fonts at 85, 36 and 32 points; each chapter's pages open with "User
    # Guide" and the chapter's name, with no page number.
    root = Path(__file__).resolve().parents[1] / "eval/corpora/reportlab-pdf/docs"
    doc = read_document(root / "reportlab-userguide.pdf", "reportlab-userguide.pdf")
    sections = {b.section for b in chunk(doc)}
    assert not {s for s in sections if "SPUMONI" in s or "Vera TT Font" in s or "(4, 2.5)" in s}
    assert "Chapter 11 Graphics > 11.9 Pie Charts" in sections
    # Its subsections, set smaller than the sections the outline names, stay headings.
    assert ("Chapter 1 Introduction > 1.8 Site Configuration > Useful rl_config variables"
            in sections)
    assert "User Guide Chapter 2 Graphics and Text with pdfgen" not in doc.text


def _chapter_opens(c, k: int, size: float) -> None:
    """Chapter `k`'s title at the top of the page, bold at `size`, in the outline."""
    title = f"Chapter {k} {ORDINALS[k - 1].capitalize()} pond matters"
    c.bookmarkPage(f"ch{k}")
    c.addOutlineEntry(title, f"ch{k}", level=0)
    c.setFont("Helvetica-Bold", size)
    c.drawString(72, 780, title)


def test_code_naming_a_bookmark_leaves_the_heading_sizes_alone(tmp_path):
    """A code line that spells a bookmark's words ("t = LilyPondGarden(" under the
    bookmark "LilyPondGarden(), NewtStone()") is no heading the outline names: counted,
    its small size would make every size between it and the chapters' no heading, the
    sections' included."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "guide.pdf"
    c = canvas.Canvas(str(path))
    for k in range(1, 4):
        _chapter_opens(c, k, 16)
        c.addOutlineEntry("LilyPondGarden(), NewtStone()", f"ch{k}", level=1)
        y = _wrapped(c, f"Chapter {k} tells of the garden pond and its lilies, which open "
                        "in the morning sun when the water is warm.", 750)
        c.setFont("Courier", 8)
        c.drawString(72, y - 10, "t = LilyPondGarden(")
        c.drawString(72, y - 20, "    depth=2)")
        c.setFont("Helvetica-Bold", 14)
        c.drawString(72, y - 50, "Lilies in spring")
        _wrapped(c, f"In chapter {k} the lilies open in spring, when the newts come back to "
                    "the water and the frogs begin to sing.", y - 70)
        c.showPage()
    c.save()
    doc = read_document(path, path.name)
    sections = {b.section for b in doc.blocks
                if "lilies open in spring" in doc.text[b.start:b.end]}
    assert sections == {"Lilies in spring", "Chapter 2 Second pond matters > Lilies in spring",
                        "Chapter 3 Third pond matters > Lilies in spring"}


def test_subsections_the_outline_names_head_sections_though_barely_larger(tmp_path):
    """A word processor sets subsections in 12 points over 11-point text, less than a
    heading's usual margin above the body: the outline names them, so they are headings
    (and their sections hold the text under them, not the chapter)."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "guide.pdf"
    c = canvas.Canvas(str(path))
    for k in range(1, 4):
        _chapter_opens(c, k, 21)
        y = _wrapped(c, f"Chapter {k} tells of the garden pond and its lilies, which open "
                        "in the morning sun when the water is warm.", 740)
        for n, topic in enumerate(["Lily pads", "Newt stones"], 1):
            c.bookmarkHorizontal(f"ch{k}.{n}", 0, y)
            c.addOutlineEntry(f"{k}.{n} {topic}", f"ch{k}.{n}", level=1)
            c.setFont("Helvetica-Bold", 12)
            c.drawString(72, y - 16, f"{k}.{n} {topic}")
            y = _wrapped(c, f"Under {topic.lower()} in chapter {k} the frogs sit and sing "
                            "through the warm evenings of early summer.", y - 36)
        c.showPage()
    c.save()
    doc = read_document(path, path.name)
    sections = {re.search(r"Under \w+ \w+ in chapter \d", doc.text[b.start:b.end])[0]: b.section
                for b in doc.blocks if "the frogs sit and sing" in doc.text[b.start:b.end]}
    assert sections["Under newt stones in chapter 2"] == \
        "Chapter 2 Second pond matters > 2.2 Newt stones"
    assert sections["Under lily pads in chapter 3"] == "Chapter 3 Third pond matters > 3.1 Lily pads"


def test_a_short_chapters_running_head_where_the_running_heads_stand_is_no_text(tmp_path):
    """Odd pages open with "Pond Guide", even pages with their chapter's title, as a
    word processor sets them; a chapter of two pages shows its title there once, too few
    pages to tell it as a running head by recurrence. It stands where "Pond Guide"
    stands and names an outline's chapter: no text (the chapter's heading stays)."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "guide.pdf"
    c = canvas.Canvas(str(path))
    for k in range(1, 5):
        title = f"Chapter {k} {ORDINALS[k - 1].capitalize()} pond matters"
        for n in range(2):
            c.setFont("Helvetica", 9)
            c.drawString(72, 810, title[10:] if n == 0 else "Pond Guide")
            if n == 0:
                c.bookmarkPage(f"ch{k}")
                c.addOutlineEntry(title, f"ch{k}", level=0)
                c.setFont("Helvetica-Bold", 21)
                c.drawString(72, 760, title)
            c.setFont("Helvetica", 11)
            c.drawString(72, 720, f"Page {n} of chapter {k}: the {ORDINALS[k - 1]} pond's lilies.")
            c.showPage()
    c.save()
    text = read_document(path, path.name).text
    assert "Pond Guide" not in text
    for k in range(1, 5):
        title = f"Chapter {k} {ORDINALS[k - 1].capitalize()} pond matters"
        # in its heading (the first chapter's is the document's title)
        assert text.count(title[10:]) == (k > 1)
        assert f"Page 0 of chapter {k}: the" in text


def test_the_gpredict_manual_reads_its_subsections_without_chapter_heads():
    # The Gpredict user manual (LibreOffice Writer; eval/corpora/gpredict-pdf): 12-point
    # subsections over 11-point text; odd pages open with "Gpredict User Manual", even
    # ones with the chapter's title, a chapter of three pages or fewer showing it once.
    root = Path(__file__).resolve().parents[1] / "eval/corpora/gpredict-pdf/docs"
    doc = read_document(root / "gpredict-user-manual.pdf", "gpredict-user-manual.pdf")
    sections = {b.section for b in chunk(doc)}
    assert ("2 Getting Started with Gpredict > 2.3 Configuring the Module > "
            "2.3.1 Setting Up the Ground Station") in sections
    lines = {doc.text[b.start:b.end].strip() for b in doc.blocks}
    assert not lines & {"Introduction", "Advanced Pass Predictions", "Glossary",
                        "Creating Custom Layouts", "Gpredict User Manual"}
    assert "for the satellites in the Gpredict database" in " ".join(doc.text.split())


_term = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")),
                min_size=1, max_size=10)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_term, st.lists(_word, min_size=1, max_size=30).map(" ".join)),
                min_size=2, max_size=8))
def test_a_tables_rows_read_a_row_a_line_its_cells_apart(rows):
    """A table drawn by the layout (a term, its meaning wrapped in its cell) between two
    paragraphs reads a row a line, its cells between " | ", however the meanings wrap;
    the paragraphs around it read as text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    # Cells set at the top of their row, as word processors and TeX set them: a row's
    # first line is the first line of each of its cells.
    body = getSampleStyleSheet()["BodyText"]
    table = Table([[Paragraph(term, body), Paragraph(meaning, body)] for term, meaning in rows],
                  colWidths=[110, 300], style=[("VALIGN", (0, 0), (-1, -1), "TOP")])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "glossary.pdf"
        SimpleDocTemplate(str(path), pagesize=A4).build(
            [Paragraph(POND, body), table, Paragraph(LILY, body)])
        doc = read_document(path, path.name)
    tables = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1
    assert tables[0].split("\n") == [f"{term} | {meaning}" for term, meaning in rows]
    texts = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "text"]
    assert texts == [POND.strip(), LILY.strip()]


def test_justified_prose_and_a_list_whose_bullets_stand_apart_are_no_table(tmp_path):
    # Justified lines space their words wider than usual, and a list's bullets stand a
    # wide gap from their items, one under the other: neither is a table's columns.
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate

    body = getSampleStyleSheet()["BodyText"]
    justified = ParagraphStyle("justified", parent=body, alignment=TA_JUSTIFY)
    path = tmp_path / "prose.pdf"
    items = ListFlowable([Paragraph(text, body) for text in (DRAGONFLY, NEWT)],
                         bulletType="bullet", leftIndent=40)
    SimpleDocTemplate(str(path), title="Pond life").build(
        [Paragraph(text * 2, justified) for text in (POND, LILY)] + [items])
    doc = read_document(path, path.name)
    assert {b.kind for b in doc.blocks} == {"text"}
    words = " ".join(doc.text.split())
    assert f"{POND.strip()} {POND.strip()}" in words
    assert f"• {DRAGONFLY.strip()}" in words and f"• {NEWT.strip()}" in words


def test_the_gpredict_manuals_tables_read_a_row_a_line():
    # Writer's tables (eval/corpora/gpredict-pdf): the glossary, a term and its meaning
    # 90 points apart, the meaning wrapped under itself; the time format's codes.
    root = Path(__file__).resolve().parents[1] / "eval/corpora/gpredict-pdf/docs"
    doc = read_document(root / "gpredict-user-manual.pdf", "gpredict-user-manual.pdf")
    rows = {line for b in doc.blocks if b.kind == "table"
            for line in doc.text[b.start:b.end].split("\n")}
    assert "TCA | Time of closes approach – the time when the distance to a satellite is " \
           "shortest." in rows
    assert "%e | The day of the month padded with blank (range 1 to 31)." in rows
    assert "Civil twilight | 0° to -6°" in rows


_lower = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyz")), min_size=4, max_size=10)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_term, st.lists(_lower, min_size=2, max_size=8), st.data()),
                min_size=2, max_size=5))
def test_a_word_broken_at_a_cells_line_end_is_mended(rows):
    """A term list whose meanings wrap in their cell, each breaking a word at the cell's
    line end with a hyphen ("se-" / "quence", as FOP and TeX hyphenate), reads each
    meaning whole: the word mended, as in a paragraph."""
    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "terms.pdf"
        c = canvas.Canvas(str(path))
        c.setFont("Helvetica", 11)
        y, expected = 760, []
        for term, words, data in rows:
            k = data.draw(st.integers(0, len(words) - 1))
            cut = data.draw(st.integers(2, len(words[k]) - 2))
            c.drawString(72, y, term)
            c.drawString(260, y, " ".join(words[:k] + [words[k][:cut] + "-"]))
            c.drawString(260, y - 14, " ".join([words[k][cut:]] + words[k + 1:]))
            y -= 34
            expected.append(f"{term} | {' '.join(words)}")
        c.save()
        doc = read_document(path, path.name)
    tables = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "table"]
    assert tables == ["\n".join(expected)]


def test_the_xkb_guides_key_types_read_their_broken_words_whole():
    # Apache FOP's X.Org guide (eval/corpora/debian-pdf3) hyphenates in its term list's
    # cells: "(usual-" / "ly Caps-lock)", "system-spe-" / "cific".
    root = Path(__file__).resolve().parents[1] / "eval/corpora/debian-pdf3/docs/input"
    doc = read_document(root / "XKB-Enhancing.pdf", "XKB-Enhancing.pdf")
    text = " ".join(doc.text.split())
    assert "If Lock modifier (usually Caps-lock) applies the symbol is further processed " \
           "using system-specific capitalization rules." in text
    assert "Only Shift and LevelThree are taken into that consideration." in text


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
       st.booleans())
def test_a_characters_surrogate_halves_read_as_the_character(text, lone):
    """PDFium gives a character outside UTF-16's first plane as its two surrogate halves;
    read, they are the one character they encode, and a lone half is no text (the
    tokenizer refuses a string holding one)."""
    from collabqa.formats.pdfium import _paired

    units = text.encode("utf-16-le")
    halves = "".join(chr(int.from_bytes(units[i:i + 2], "little"))
                     for i in range(0, len(units), 2))
    assert _paired(halves) == text
    if lone:
        assert _paired(halves + "\ud835") == text and _paired("\udf00" + halves) == text


def test_tex_lives_lua_widow_control_manual_reads_its_math_letters():
    # The lua-widow-control manual (TeX Live's, eval/corpora/debian-pdf5) sets math in
    # Unicode math letters ("𝜀"); PDFium gave each as two surrogate halves, and indexing
    # the manual failed in the tokenizer.
    root = Path(__file__).resolve().parents[1] / "eval/corpora/debian-pdf5/docs"
    doc = read_document(root / "lua-widow-control.pdf", "lua-widow-control.pdf")
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in doc.text)
    assert "\U0001d700" in doc.text  # 𝜀


def test_prose_reads_as_text_beside_more_code_in_smaller_type():
    # TeX Live's lua-widow-control manual (eval/corpora/debian-pdf5) prints its source code
    # after its prose: more characters of typewriter type at 9 points than of prose at 11.
    # With 9 taken for the body's size, 11 and 11.5 were heading sizes: lines of prose
    # headed sections, and the install steps' "ConTeXt: mtxrun --generate" was in no
    # passage. The body's size is the prose's.
    from collabqa.corpus import chunk

    root = Path(__file__).resolve().parents[1] / "eval/corpora/debian-pdf5/docs"
    doc = read_document(root / "lua-widow-control.pdf", "lua-widow-control.pdf")
    passages = chunk(doc)
    assert any("ConTEXt: mtxrun --generate" in p.text for p in passages)
    assert len({p.section for p in passages}) < 80


def test_a_command_set_in_bold_typewriter_type_heads_no_section():
    # The GPSBabel manual (Apache FOP from DocBook; eval/corpora/gpsbabel-pdf) sets the
    # commands to type in bold Courier on lines of their own, at the body's size.
    root = Path(__file__).resolve().parents[1] / "eval/corpora/gpsbabel-pdf/docs"
    doc = read_document(root / "gpsbabel.pdf", "gpsbabel.pdf")
    assert not [b.section for b in doc.blocks if b.section.endswith("-f usb:-1")]
    assert "gpsbabel -i garmin -f usb:-1" in {
        doc.text[b.start:b.end] for b in doc.blocks if b.kind == "code"}


def test_a_running_foot_a_paragraph_cut_by_a_page_and_a_terms_list(tmp_path):
    """An HTML manual printed by htmldoc: each page's foot gives the section's title and
    the page number ("Display Windows 5"), a paragraph runs on to the next page, and a
    definition list sets each term in bold on its own line with no more space above it
    than between lines. The feet go, the paragraph reads whole, and each term heads its
    description instead of closing the description before it."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "manual.pdf"
    c = canvas.Canvas(str(path))
    terms = [("Show page borders", "Turn on or off the drawing of the page borders."),
             ("Show line lengths", "Turn on or off the display of line lengths as lines "
                                   "are drawn."),
             ("Show vertex numbers", "Turn on or off the labels of the vertices.")]
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, 800, "The View Menu")
    y = 760
    for term, text in terms:
        c.setFont("Helvetica-Bold", 11)
        c.drawString(72, y, term)
        c.setFont("Helvetica", 11)
        c.drawString(90, y - 14, text)
        y -= 28
    y = _wrapped(c, POND * 2, y - 14)
    c.drawString(72, 60, "The lilies in the pond open in the morning and close when the")
    c.drawString(72, 30, "View Menu 8")
    c.showPage()
    c.setFont("Helvetica", 11)
    c.drawString(72, 780, "evening comes, whatever the weather was during the day.")
    _wrapped(c, LILY * 2, 750)
    c.drawString(72, 30, "Display Windows 9")
    c.showPage()
    c.setFont("Helvetica", 11)
    _wrapped(c, NEWT * 2, 780)
    c.drawString(72, 30, "Snap Menu 10")
    c.save()
    doc = read_document(path, path.name)
    assert not re.search(r"View Menu|Display Windows|Snap Menu", doc.text)
    assert ("open in the morning and close when the evening comes, whatever" in
            " ".join(doc.text.split()))
    passages = chunk(doc, min_words=1)
    for term, text in terms:
        entry = next(p for p in passages if text in p.text)
        assert entry.section == term and not entry.text.endswith(("borders", "lengths"))


def test_the_xfig_manual_reads_without_its_feet_and_its_terms_apart():
    # The Xfig 3.2.8b manual (htmldoc 1.9.16 from HTML; eval/corpora/xfig-pdf): a foot
    # of the section's title and the page number on every page; a definition list's
    # terms in bold, set as tight as its lines.
    root = Path(__file__).resolve().parents[1] / "eval/corpora/xfig-pdf/docs"
    doc = read_document(root / "xfig_ref_en.pdf", "xfig_ref_en.pdf")
    blocks = [" ".join(doc.text[b.start:b.end].split()) for b in doc.blocks]
    for foot in ("Introduction 3", "Starting xfig 4", "Display Windows 5", "Edit Menu 8"):
        assert foot not in blocks
    lengths = next(b for b in doc.blocks if "display of line lengths" in doc.text[b.start:b.end])
    assert lengths.section.endswith("View Menu > Show line lengths")
    assert "If on, xfig shows the lengths of lines as they are being drawn" in " ".join(
        doc.text[lengths.start:lengths.end].split())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_word, min_size=1, max_size=8).map(" ".join)
                .filter(lambda line: len(line.split()[0]) > 1), min_size=1, max_size=5),
       st.integers(0, 9999))
@example(["Back matter syntax is identical"], 117)  # PDFium keeps one of the two "B"s
def test_text_drawn_too_small_to_see_is_no_text(lines, number):
    """Microsoft Word draws a bookmark's name ("233B") at 1 pt right before the paragraph
    it marks when it exports a PDF: the paragraph reads without it and keeps its first
    word whole ("These", not "BThese" nor "hese"; "Back" too, whose "B" PDFium drops as
    drawn over the mark's). (A paragraph of one letter, the mark's last, is lost: PDFium
    keeps the mark's glyph, and nothing after it shows where the other stood.)"""
    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "word-export.pdf"
        c = canvas.Canvas(str(path))
        y = 760
        closing = "The guide ends with a paragraph that has no bookmark before it."
        for line in lines + [closing]:
            if line != closing:
                mark = f"{number}B"
                c.setFont("Helvetica", 1)
                c.drawString(72, y, mark)
            c.setFont("Helvetica", 11)
            c.drawString(72 + c.stringWidth(mark, "Helvetica", 1), y, line)
            y -= 40  # a paragraph each
        c.save()
        doc = read_document(path, path.name)
    assert doc.text.split() == " ".join(lines + [closing]).split()


def test_fedramps_guide_reads_without_words_bookmark_names():
    """FedRAMP's OSCAL guide (eval/corpora/fedramp-oscal-pdf, exported by Microsoft Word,
    public domain): 3,933 characters of bookmark names drawn at 1 pt are no text."""
    path = (Path(__file__).resolve().parents[1] / "eval/corpora/fedramp-oscal-pdf/docs"
            / "Guide_to_OSCAL-based_FedRAMP_Content.pdf")
    doc = read_document(path, path.name)
    assert not re.search(r"(?<![\w.-])\d{1,4}B(?=[A-Z])", doc.text)
    assert "These terms are used by the National Institute of Standards" in doc.text
    assert "1.4. XML and JSON Formats" in doc.text
    assert "Back matter syntax is identical" in doc.text


_months = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_dates = st.one_of(
    st.builds(lambda m, d, y: f"{m} {d}, {y}", st.sampled_from(_months), st.integers(1, 28),
              st.integers(1990, 2030)),
    st.builds(lambda m, d, y: f"{d} {m} {y}", st.sampled_from(_months), st.integers(1, 28),
              st.integers(1990, 2030)),
    st.builds(lambda m, y: f"{m} {y}", st.sampled_from(_months), st.integers(1990, 2030)),
    st.builds(lambda m, d, y: f"{y}-{m:02d}-{d:02d}", st.integers(1, 12), st.integers(1, 28),
              st.integers(1990, 2030)),
)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_dates)
def test_a_title_pages_date_in_large_type_is_text_not_a_section(tmp_path, date):
    """A report's title page sets its date as large as a heading ("August 12, 2021" under
    FedRAMP's guide's title): read as a heading, it headed every section after it, its
    date in every passage's heading path. It is a line of text; the heading after it
    heads its section alone."""
    path = tmp_path / "report.pdf"
    c, y = _titled(path, "Annual Pond Report")
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, y - 20, date)
    c.setFont("Helvetica-Bold", 13)  # a section's heading, smaller than the date
    c.drawString(72, y - 60, "Keeping the water clear")
    _wrapped(c, LILY * 2, y - 90)
    c.save()
    doc = read_document(path, path.name)
    assert date in doc.text
    lily = next(p for p in chunk(doc) if "Water lilies shade" in p.text)
    assert lily.section.endswith("Keeping the water clear") and date not in lily.section


def test_a_word_documents_symbol_glyphs_are_bullets_or_nothing_and_head_no_section():
    # Dire Wolf's User Guide (Word 2010) draws its bullets and icons in Symbol and
    # Wingdings: PDFium gives them as private-use code points ("\uf0b7", "\uf04f"). Its
    # warnings, set at 36 points beside an icon, and a sentence set at 16 over two lines
    # were read as top-level headings, and 382 passages from chapter 9 on stood under
    # "\uf0b7 For connected mode packet, the short answer is NO!!!", a flag icon or so.
    root = Path(__file__).resolve().parents[1] / "eval/corpora/direwolf-pdf/docs"
    doc = read_document(root / "User-Guide.pdf", "User-Guide.pdf")
    assert not re.search("[\ue000-\uf8ff]", doc.text)
    assert "• DMK URI | http://www.dmkeng.com/URI_Order_Page.htm" in doc.text  # a table's
    assert "\n\n• For connected mode packet, the short answer is NO!!!" in doc.text
    sections = {p.section for p in chunk(doc)}
    chapter = "User Guide > 9 Configuration File & command line options"
    for number in ("9.4.2 Radio Channel", "9.10.2 GPSD Server", "9.11 Beaconing"):
        section = next(s for s in sections if s.split(" > ")[-1].startswith(number))
        assert section.startswith(chapter + " > "), section
    assert any(s.startswith("User Guide > 10 AX.25 Connected Mode") for s in sections)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_word.filter(lambda w: len(w) > 1), st.integers(1, 11),
                          st.booleans(), st.floats(0.25, 1.0)), min_size=2, max_size=7))
def test_a_space_drawn_as_character_spacing_parts_words(words):
    """Ghostscript (groff's PostScript made PDF) draws a justified line's space as spacing
    on the two letters around it, in a text object of their own ("(bu)Tj 6.1 Tc (tc)Tj 0 Tc
    (omprehensi)Tj"): the words read apart. A word drawn in several pieces with no room
    between them (a kerned word's pieces, a cut at any letter) reads whole."""
    from reportlab.pdfgen import canvas

    font, size = "Times-Roman", 10
    opening = "The words below are set the way Ghostscript sets them."
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "groff.pdf"
        c = canvas.Canvas(str(path))
        c.setFont(font, size)
        c.drawString(40, 780, opening)

        def draw(x: float, text: str, spacing: float = 0.0) -> float:
            """Draw `text` at x in an object of its own; where its last letter ends."""
            obj = c.beginText(x, 760)
            obj.setFont(font, size)
            obj.setCharSpace(spacing)
            obj.textOut(text)
            c.drawText(obj)
            return x + c.stringWidth(text, font, size) + spacing * (len(text) - 1)

        text = "".join(w for w, *_ in words)
        # Where each word ends in `text`: a space drawn there (None), or the spacing that
        # stands for one, in points.
        ends = {sum(len(w) for w, *_ in words[:n + 1]): None if space else stretch * size
                for n, (_, _, space, stretch) in enumerate(words[:-1])}
        cuts = {sum(len(w) for w, *_ in words[:n]) + min(cut, len(w) - 1)
                for n, (w, cut, *_) in enumerate(words)}
        x, k = 40.0, 0
        while k < len(text):
            if ends.get(k + 1):  # the two letters around a space drawn as their spacing
                x = draw(x, text[k:k + 2], ends[k + 1])
                k += 2
                continue
            stop = min([e for e in ends if e > k] + [cut for cut in cuts if cut > k]
                       + [len(text)])
            if ends.get(stop) and stop - 1 > k:
                stop -= 1  # the letter before a spacing space is drawn with its pair
            x = draw(x, text[k:stop])
            if stop in ends and ends[stop] is None:
                x = draw(x, " ")
            k = stop
        c.save()
        doc = read_document(path, path.name)
    assert doc.text.split() == opening.split() + [w for w, *_ in words]


def test_groffs_pdfmark_manual_reads_its_justified_spaces():
    """groff's pdfmark manual (eval/corpora/debian-pdf2, groff then Ghostscript, GPL-3.0+):
    146 words read glued together ("viewspecification") before the spacing was measured."""
    path = (Path(__file__).resolve().parents[1] / "eval/corpora/debian-pdf2/docs/pdf"
            / "pdfmark.pdf")
    text = " ".join(read_document(path, path.name).text.split())
    assert "A free but comprehensive POSIX emulation environment" in text
    assert "document view specification, to be associated with any document" in text
    assert not re.search(r"\b(?:any|view|level)(?:other|section|specification|entry)\b", text)


def test_a_dvips_manual_in_type_3_bitmap_fonts_reads_whole():
    # Graphviz's "Editing Pictures with lefty" (1996), dvips' bitmap fonts made PDF by
    # Acrobat Distiller: each font is a Type 3 font drawn at "size 1" under a 0.12 text
    # matrix, which read as text too small to see (270 characters of 68,000 were kept),
    # and its ligatures come as OT1's codes ("Koutso\x0cos", "di\x0berent").
    root = Path(__file__).resolve().parents[1] / "eval/corpora/debian-pdf7/docs"
    doc = read_document(root / "leftyguide.pdf", "leftyguide.pdf")
    text = " ".join(doc.text.split())
    assert "lefty is a two-view graphics editor for technical pictures." in text
    assert "Eleftherios Koutsofios" in text
    assert "many different types of technical pictures" in text
    sections = {b.section for b in chunk(doc)}  # drawn larger than the body: headings,
    # each chapter's and section's at one level (their sizes read over the whole file)
    assert {"Editing Pictures with lefty > Chapter 1. Introduction",
            "Editing Pictures with lefty > Chapter 2. Overview",
            "Editing Pictures with lefty > 3.3 The WYSIWYG View",
            "Editing Pictures with lefty > 3.4 Inter-process Communication"} <= sections


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.text(st.sampled_from(list("abcdeghjkmnoprstuvwxyz")), max_size=6),
                          st.sampled_from(["ff", "fi", "ffi", "ffl"]),
                          st.text(st.sampled_from(list("abcdeghjkmnoprstuvwxyz")), max_size=6))
                .filter(lambda t: t[0] or t[2]), min_size=1, max_size=6))
def test_ot1_ligature_codes_next_to_a_letter_read_as_their_ligatures(words):
    """A TeX font without a map to Unicode gives "fi" as 0x0C, "ff" as 0x0B, "ffi" as
    0x0E, "ffl" as 0x0F: next to a letter each is the ligature (one character, so every
    index stays PDFium's); a form feed or PDFium's "\\r\\n" line break elsewhere stays."""
    import unicodedata

    from collabqa.formats.pdfium import ligatures

    codes = {"ff": "\x0b", "fi": "\x0c", "ffi": "\x0e", "ffl": "\x0f"}
    drawn = " ".join(f"{a}{codes[lig]}{b}" for a, lig, b in words) + "\r\n\x0c\r\n"
    read = ligatures(drawn)
    assert len(read) == len(drawn)
    assert unicodedata.normalize("NFKC", read) == " ".join(
        f"{a}{lig}{b}" for a, lig, b in words) + "\r\n\x0c\r\n"


def test_large_type_lines_in_a_row_stay_out_of_the_next_passage():
    """A PDF's headings are guessed from type size, and sample output is set large too:
    Prawn's manual (Debian's ruby-prawn-doc, eval/corpora/debian-pdf6, Ruby licence)
    shows Chinese sample text in large type right before the right-to-left example. An
    empty section's heading carries on into the next block only where headings are
    marked up (Markdown, HTML, Word, man pages); here those lines do not, so the
    example's passage is its own text."""
    root = Path(__file__).resolve().parents[1] / "eval/corpora/debian-pdf6/docs"
    doc = read_document(root / "manual.pdf", "manual.pdf")
    [rtl] = [p for p in chunk(doc) if "changes the default alignment to :right" in p.text]
    assert rtl.text.startswith("text/right_to_left_text.rb")
    assert "No word boundaries" not in rtl.text
