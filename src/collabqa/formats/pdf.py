"""PDF (.pdf): text per page, paragraphs and headings from layout.

PDFium (pdfium.py) reports every run of text with its position and font size. Runs make
lines, a vertical gap wider than the usual line pitch starts a paragraph, and a short
line set larger than the body text (or all bold) is a heading, its level by font size.
Lines parted at wide gaps whose parts start at the same places are a table, read a row
a line. Lines repeated at the top or bottom of most pages (running heads, page numbers)
go.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from statistics import median

from ..answer_types import MONTHS
from ..documents import Document
from .builder import TextBuilder, Unusable, sensible_title, tidy
from .markdown import stem
from .pdfium import Bookmark, Run, read_runs

HEADING_RATIO = 1.15  # a heading's font is at least this much larger than the body's
HEADING_MAX_WORDS = 20
PARAGRAPH_GAP = 1.4  # a gap this many line pitches wide starts a paragraph
HEADING_GAP = 1.35  # in font sizes: wrapped heading lines are closer than this
_BULLET = re.compile(r"^\s*(?:[•◦▪▫‣∙·●○■□–—-]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s")
_LEADERS = re.compile(r"(?:\.\s?){6,}\s*\d*\s*$")  # a table of contents line: "Intro . . . . 3"
# A line that is a date and nothing else ("August 12, 2021", "12 August 2021", "March
# 2020", "2021-08-12"): a title page sets it as large as a heading, but it heads nothing.
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"  # "Sept.", "March"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE_LINE = re.compile(
    rf"(?:{_MONTH}\s+{_DAY},?|{_DAY}\s+{_MONTH},?|{_MONTH},?)\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}",
    re.I)


@dataclass
class _Line:
    page: int
    y: float
    size: float
    bold: bool
    mono: bool = False  # all its text in a typewriter font
    parts: list[str] = field(default_factory=list)
    bolds: list[bool] = field(default_factory=list)  # each part's
    xs: list[float] = field(default_factory=list)  # where each of its cells starts
    cells: list[str] = field(default_factory=list)  # its text, parted at wide gaps

    @cached_property
    def text(self) -> str:
        # Read once the line is whole (`_lines` adds parts before anything reads it); the
        # layout rules read each line's text many times (87,000 reads on a 351-page PDF).
        return _bulleted(_accented(tidy("".join(self.parts))))

    @cached_property
    def icons(self) -> bool:
        """Whether the line draws a symbol font's icon (`_ICON`): a callout's line."""
        return any(_ICON.search(part) for part in self.parts)


# A font whose bullet has no Unicode name draws it as a C1 control character (U+0088 in
# gnuplot's pdfTeX manual): opening a line before a space it is the bullet "•"; elsewhere
# a control character is no text.
# A symbol font's glyph (Symbol's and Wingdings' in a Word document) has no Unicode name
# either: PDFium gives it as the private-use code point U+F000 + its code ("\uf0b7",
# Symbol's bullet; "\uf0e0", an arrow; "\uf04f", a flag). The same two rules hold, and
# a line that draws one is no heading: Dire Wolf's User Guide sets its warnings large
# ("\uf046 If you want to enable ..." at 36 points, a flag icon at 48), which headed
# every chapter after them.
_ICON = re.compile("[\ue000-\uf8ff]")
_NAMELESS = re.compile("[\u0080-\u009f\ue000-\uf8ff]")  # a C1 control or a symbol glyph


def _bulleted(text: str) -> str:
    if not _NAMELESS.search(text):
        return text
    if _NAMELESS.match(text) and text[1:2] in (" ", ""):  # alone: a table's bullet cell
        text = "•" + text[1:]
    return _NAMELESS.sub("", text)


# TeX sets an accent as a glyph of its own over the letter after it, and the text layer
# has them in that order: "Fran¸cois", "G¨odel". Each spacing accent is its combining mark.
_SPACING_ACCENTS = {"\u00b4": "\u0301", "\u02cb": "\u0300", "\u02c6": "\u0302",
                    "\u00a8": "\u0308", "\u02dc": "\u0303", "\u00b8": "\u0327",
                    "\u02c7": "\u030c", "\u02d8": "\u0306", "\u00af": "\u0304",
                    "\u02da": "\u030a", "\u02dd": "\u030b"}
_ACCENTED = re.compile(f"([{''.join(_SPACING_ACCENTS)}])([^\\W\\d_])")


def _accented(text: str) -> str:
    """"Fran¸cois" as "François": an accent glyph set right before a letter is that
    letter's accent when the two make one letter (an acute only over a vowel: "Paul´s"
    uses it as an apostrophe)."""
    if not _ACCENTED.search(text):
        return text
    import unicodedata

    def letter(m: re.Match[str]) -> str:
        accent, base = m.group(1), m.group(2)
        one = unicodedata.normalize("NFC", base + _SPACING_ACCENTS[accent])
        if len(one) != 1 or (accent == "\u00b4" and base.lower() not in "aeiouy"):
            return m.group()
        return one

    return _ACCENTED.sub(letter, text)


# A numbered heading set in bold at the start of its paragraph's first line ("5.5 Shared
# Libraries The cFE contains ..."): a run-in heading. The rest of the line is the
# paragraph's first words, RUN_IN_WORDS or more: a heading whose last word is set in
# another font ("2.1 Variations on read.table", the R manuals') is one heading.
_RUN_IN = re.compile(r"\d+(?:\.\d+)*\.?\s+\S")
RUN_IN_WORDS = 3


def _split_run_in(line: _Line) -> list[_Line]:
    """A line opening with a bold numbered heading, as the heading and the rest."""
    if len(line.parts) < 2 or not line.bolds[0] or any(line.bolds[1:]):
        return [line]
    head = _Line(line.page, line.y, line.size, True, parts=line.parts[:1], bolds=[True],
                 xs=line.xs[:1], cells=line.parts[:1])
    rest = _Line(line.page, line.y, line.size, False, parts=line.parts[1:],
                 bolds=line.bolds[1:], xs=line.xs[:1], cells=["".join(line.parts[1:])])
    if not (_RUN_IN.match(head.text) and _is_heading_shape(head)
            and len(rest.text.split()) >= RUN_IN_WORDS):
        return [line]
    return [head, rest]


def load(path: Path, source: str) -> Document:
    """The text of a PDF, page by page; raises Unusable when it has none to give."""
    page_runs, meta_title, outline = read_runs(path)
    pages = [_lines(runs, n) for n, runs in enumerate(page_runs)]
    if sum(len(line.text) for lines in pages for line in lines) < 20:
        raise Unusable("no text layer (a scanned PDF needs OCR first)")
    pages = _drop_running_lines(pages, outline)
    body = _body_size([line for lines in pages for line in lines])
    levels = _heading_levels([ln for lines in pages for ln in lines], body,
                             _outline_sizes(pages, outline))
    pitch = _pitch(pages, body)
    grouped = _run_on([_groups(lines, body, levels, pitch) for lines in pages])
    title = _title(meta_title, grouped[0]) or stem(path, source)
    words = _inner_words(pages)
    builder = TextBuilder(title, guessed_headings=True)
    for groups in grouped:
        builder.new_page()
        for group, level in groups:
            if level == CODE:  # an example's lines, one block until prose, a heading or a page
                for line in group:
                    builder.code_line(line.text)
            elif level == TABLE:
                builder.block("\n".join(_rows(group, words)), "table")
            elif level is None:
                builder.block(_join(group, words))
            else:
                builder.heading(level, _join(group, words))
    metadata = {"pages": len(pages)}
    return builder.document(source, title, metadata)


_SENTENCE_END = (".", "!", "?", ":")  # what closes a sentence (or announces what follows)


def _run_on(grouped: list[list[tuple[list[_Line], int | None]]]):
    """Pages' groups with a paragraph that a page break cuts read as one: a page's last
    paragraph that ends with no sentence's end, and the next page's first that opens in
    lower case ("... If on, xfig shows the lengths" / "of lines as they are being
    drawn ..."), are one paragraph on the page where it begins."""
    for page, after in zip(grouped, grouped[1:]):
        if not (page and after and page[-1][1] is None and after[0][1] is None):
            continue
        end, start = page[-1][0][-1].text.rstrip(), after[0][0][0].text.lstrip()
        if end and not end.endswith(_SENTENCE_END) and start[:1].islower():
            page[-1] = (page[-1][0] + after.pop(0)[0], None)
    return grouped


# A run smaller than the text beside it and raised above that text's baseline by less
# than SUPERSCRIPT_RISE of its font size is a superscript on that line.
SUPERSCRIPT_SIZE = 0.85
SUPERSCRIPT_RISE = 0.6
_MARK = re.compile(r"[\d*\u2217\u2020\u2021]+")  # a footnote's mark: "2", "*", a dagger
_EXPONENT = re.compile(r"[-+\u2212]?(?:\d+(?:\.\d+)?|[A-Za-z])")  # "31", "-7", "−41.52", "n"


def _superscripts(runs: list[Run]) -> list[Run]:
    """The runs with each superscript on the baseline of the text it is set by. After a
    word, a footnote's mark goes: the page shows a small raised "2", read as text it parted
    the sentence ("lost" / "2" / ". So now", each a line) or joined the word ("lost2").
    After a digit, a raised number is an exponent, "2^31". Opening a line, a footnote's
    own number opens its text ("2 Actually, ...")."""
    out: list[Run] = []
    worded = [i for i, r in enumerate(runs) if r.text.strip()]
    after = {a: b for a, b in zip(worded, worded[1:])}
    at = -1  # where in `out` the last run with text is
    for i, run in enumerate(runs):
        if not run.text.strip():
            out.append(run)
            continue
        before = out[at] if at >= 0 else None
        nxt = runs[after[i]] if i in after else None
        if before is not None and _raised(run, before):
            mark, tail = run.text.strip(), run.text[len(run.text.rstrip()):]
            if before.text.rstrip()[-1:].isdigit() and _EXPONENT.fullmatch(mark):
                out[at] = before._replace(text=before.text.rstrip())  # "2^31", not "2 ^31"
                run = run._replace(text="^" + mark + tail)
            elif _MARK.fullmatch(mark):
                if nxt is not None and nxt.text[:1] in ".,;:!?)":  # "lost." not "lost ."
                    out[at], tail = before._replace(text=before.text.rstrip()), ""
                run = run._replace(text=tail)
            run = run._replace(y=before.y)
        elif nxt is not None and _raised(run, nxt) and (before is None or before.y != nxt.y):
            text = run.text if run.text[-1:].isspace() else run.text + " "  # "2 Random ..."
            run = run._replace(text=text, y=nxt.y)
        at = len(out)
        out.append(run)
    return out


def _raised(run: Run, base: Run) -> bool:
    return (run.size < SUPERSCRIPT_SIZE * base.size
            and 0 < run.y - base.y < SUPERSCRIPT_RISE * base.size)


def _lines(runs: list[Run], number: int) -> list[_Line]:
    """Runs on one baseline make a line; each line keeps its runs, merged by boldness."""
    lines: list[_Line] = []
    has_text = False  # the current line, so far
    for text, y, size, bold, mono, x, cell in _superscripts(runs):
        if not lines or abs(lines[-1].y - y) > 0.3 * max(size, 1):
            lines.append(_Line(number, y, size, bold, xs=[x], cells=[""]))
            has_text = False
        current = lines[-1]
        if cell and has_text:  # a table's next cell
            current.xs.append(x)
            current.cells.append("")
        current.cells[-1] += text
        if text.strip():
            current.size = max(current.size, size)
            current.bold = current.bold and bold if has_text else bold
            current.mono = current.mono and mono if has_text else mono
            has_text = True
        if current.parts and current.bolds[-1] == bold:
            current.parts[-1] += text
        else:
            current.parts.append(text)
            current.bolds.append(bold)
    return [part for line in lines if line.text for part in _split_run_in(line)]


def _edges(lines: list[_Line]) -> dict[int, _Line]:
    """The lines that open and close a page: first and last read, top and bottom placed.

    A browser's print to PDF draws its running head and foot after the page's body, so
    they are not read first and last; a typeset manual draws them in either order.
    """
    if not lines:
        return {}
    ends = (lines[0], lines[-1], max(lines, key=lambda x: x.y), min(lines, key=lambda x: x.y))
    return {id(x): x for x in ends}


def _drop_running_lines(
    pages: list[list[_Line]], outline: list[Bookmark] = ()
) -> list[list[_Line]]:
    """Without lines that open or close most pages alike (running heads, page numbers),
    and a chapter's running head that is its title (`_titled_heads`)."""
    def key(line: _Line) -> str:  # the size tells a title from the same words as a running head
        return re.sub(r"\d+", "#", line.text.lower()) + f"@{round(line.size)}"

    edges = [_edges(lines) for lines in pages]
    counts = Counter(key(ln) for found in edges for ln in found.values())
    often = {k for k, n in counts.items() if n >= 3 and n >= 0.4 * len(pages)}
    chained = _chained({key(ln) for ln in found.values() if _WORDY.search(ln.text)}
                       for found in edges)
    # A line at a page's edge that is a page number, or the top line opening or closing
    # with one, is a running line when the page before or after has the number before or
    # after it there: page numbers count up. So a chapter's running head goes ("Chapter
    # 2: Simple manipulations 9", three pages of it in a 113-page manual), a footnote
    # opening with its number at a page's foot stays, and a page that opens with a lone
    # "L" or "Civil" (a roman numeral's letters) keeps it.
    values = []
    for found in edges:  # a page's top and bottom lines are among its edges
        top = max(found.values(), key=lambda x: x.y, default=None)
        bottom = min(found.values(), key=lambda x: x.y, default=None)
        values.append({i: _edge_numbers(ln.text, ln is top, ln is bottom)
                       for i, ln in found.items()})
    numbers = [set().union(*on_page.values()) for on_page in values]

    def numbered(p: int, found: set[int]) -> bool:
        return any((p > 0 and value - 1 in numbers[p - 1])
                   or (p + 1 < len(numbers) and value + 1 in numbers[p + 1]) for value in found)

    running = {id(ln) for p, found in enumerate(edges) for ln in found.values()
               if key(ln) in often or (p, key(ln)) in chained or numbered(p, values[p][id(ln)])}
    running |= _titled_heads(edges, running, outline)
    return [[ln for ln in lines if id(ln) not in running and not _LEADERS.search(ln.text)]
            for lines in pages]


def _titled_heads(edges: list[dict[int, _Line]], running: set[int],
                  outline: list[Bookmark]) -> set[int]:
    """Lines at a page's edge that stand where the running heads stand (the same height
    and size as CHAIN_PAGES of them) and give the title of a chapter or section of the
    outline: a short chapter's running head, on too few pages to chain ("Introduction"
    over a chapter's third page, read in the middle of a paragraph the page break cut;
    "Glossary" above the chapter's own heading "9 Glossary"). A heading is set in its
    own size and place, not the running heads'."""
    def place(line: _Line) -> tuple[int, float]:
        return round(line.y), _size(line)

    places = Counter(place(ln) for found in edges for ln in found.values()
                     if id(ln) in running and _WORDY.search(ln.text))
    usual = {spot for spot, n in places.items() if n >= CHAIN_PAGES}
    if not usual:
        return set()
    titles = {_squeeze(mark.title) for mark in outline} - {""}
    return {id(ln) for found in edges for ln in found.values()
            if id(ln) not in running and place(ln) in usual and _squeeze(ln.text) in titles}


_WORDY = re.compile(r"[^\W\d_]{3}")  # a line with a word in it, not a lone "}" or "-"
CHAIN_PAGES = 3  # a line at the edge of this many pages in a row (or every other) runs


def _chained(keys_by_page) -> set[tuple[int, str]]:
    """(page, key) of lines at a page's edge that recur at the edge of CHAIN_PAGES pages,
    each at most two pages from the last: a chapter's running head with no page number
    ("User Guide Chapter 2 Graphics and Text", over the chapter's 37 of 134 pages; every
    other page when even and odd pages have different heads)."""
    pages_of: dict[str, list[int]] = {}
    for p, keys in enumerate(keys_by_page):
        for k in keys:
            pages_of.setdefault(k, []).append(p)
    chained = set()
    for k, found in pages_of.items():
        run = found[:1]
        for p in found[1:] + [None]:
            if p is not None and p - run[-1] <= 2:
                run.append(p)
                continue
            if len(run) >= CHAIN_PAGES:
                chained.update((q, k) for q in run)
            run = [p]
    return chained


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
RUNNING_WORDS = 15  # a running head with its page number is at most this long


def _edge_numbers(text: str, top: bool, bottom: bool = False) -> set[int]:
    """The page number a line at a page's edge may give: the whole line as a number
    (`_page_number`), or, for the page's top line, the number that opens or closes it
    when it is short ("Chapter 2: Simple manipulations 9", "8 An Introduction to R", and
    in front matter numbered in roman "Auto Multiple Choice iv"), for its bottom line the
    number that closes it ("Display Windows 5", a running foot of the section's title; a
    footnote at the foot opens with its number)."""
    alone = _page_number(text)
    if alone is not None:
        return {alone}
    words = text.split()
    if not (top or bottom) or not 1 < len(words) <= RUNNING_WORDS:
        return set()
    ends = (words[0], words[-1]) if top else words[-1:]
    # digits, or a front matter's lowercase roman numeral ("Auto Multiple Choice iv")
    numbers = ((w, _page_number(w)) for w in ends)
    return {n for w, n in numbers
            if n is not None and (len(w) <= 4 if w.isdigit() else w.islower())}


def _page_number(text: str) -> int | None:
    """The number a line that is only a page number gives (digits, or a roman numeral as
    front matter is numbered: "iv", "XII"), else None."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    lower = text.lower()
    if not lower or any(ch not in _ROMAN for ch in lower):
        return None
    values = [_ROMAN[ch] for ch in lower]
    value = sum(-v if i + 1 < len(values) and v < values[i + 1] else v
                for i, v in enumerate(values))
    return value if value > 0 else None


# The share of a document's characters outside a typewriter font below which they are
# too few to tell the body's size by: every line counts then (a listing printed to PDF).
PROSE_SHARE = 0.2


def _body_size(lines: list[_Line]) -> float:
    """The size most of the prose is set in: the lines in a typewriter font are left out
    unless they are nearly all the text. TeX Live's lua-widow-control manual prints its
    source code after its prose, more characters at 9 points than its prose at 11; with
    9 taken for the body, 11 and 11.5 were heading sizes and lines of prose headed
    sections."""
    prose: Counter[float] = Counter()
    every: Counter[float] = Counter()
    for line in lines:
        every[_size(line)] += len(line.text)
        if not line.mono:
            prose[_size(line)] += len(line.text)
    counts = prose if sum(prose.values()) >= PROSE_SHARE * sum(every.values()) else every
    return counts.most_common(1)[0][0] if counts else 10.0


_NO_HEADING_END = (".", ",", ";")  # how a sentence ends, and a heading does not


def _is_heading_shape(line: _Line) -> bool:
    words = line.text.split()
    return (0 < len(words) <= HEADING_MAX_WORDS and not line.text.endswith(_NO_HEADING_END)
            and not _DATE_LINE.fullmatch(line.text.strip()) and not line.icons)


def _heading_levels(
    lines: list[_Line], body: float, outlined: set[float] = frozenset()
) -> dict[float, int]:
    """Heading font sizes, largest first, to levels 1, 2, ...; bold body text is the last.

    When the outline names headings (`outlined`: their sizes), a larger size it never
    uses is no heading past the first page (the title page's): it is a figure's or a
    sample's large type ("SPUMONI" at 85 points in a font demo), which would otherwise
    head every section after it. Sizes below the outline's smallest stay headings
    (outlines often stop at sections). A size the outline's headings are set in is a
    heading size even when it is barely larger than the body's (a word processor's
    12-point subsections over 11-point text: "2.3.1 Setting Up the Ground Station").
    """
    shaped = [ln for ln in lines if _is_heading_shape(ln) and (
        ln.size >= body * HEADING_RATIO or (_size(ln) in outlined and _size(ln) > body))]
    past_first = {_size(ln) for ln in shaped if ln.page > 0}
    sizes = sorted({_size(ln) for ln in shaped}, reverse=True)
    if outlined:
        sizes = [size for size in sizes
                 if size in outlined or size < min(outlined) or size not in past_first]
    levels = {size: i + 1 for i, size in enumerate(sizes)}
    levels[-1.0] = len(sizes) + 1  # a bold line of body size standing alone
    if not outlined:
        levels[_BOLD_LARGER] = levels[-1.0]
    return levels


# The key of `_heading_levels`' answer present when a bold line standing alone a little
# larger than the body (short of a heading size) heads what follows too: only when no
# outline says which sizes the headings are. RasMol's Word manual, with no outline, sets
# each command's name in 13.44-point Arial Bold over 12-point Times; lua-widow-control's
# manual, whose outline names its headings, sets a figure's captions in bold 11.73 over 11.
_BOLD_LARGER = -2.0


def _size(line: _Line) -> float:
    """A line's font size to the half point, as sizes are told apart."""
    return round(line.size * 2) / 2


def _outline_sizes(pages: list[list[_Line]], outline: list[Bookmark]) -> set[float]:
    """The font sizes of the lines that the outline's bookmarks name on their pages (a
    wrapped heading by its first line; not code, "t = ListFlowable(" under the bookmark
    "ListFlowable(), ListItem()"): the sizes the document's headings are set in. Empty
    for a PDF with no outline or fewer than three bookmarks found so."""
    named: dict[int, set[str]] = {}
    for mark in outline:
        if mark.page is not None and _squeeze(mark.title):
            named.setdefault(mark.page, set()).add(_squeeze(mark.title))
    found = [line for lines in pages if lines and lines[0].page in named for line in lines
             if not line.mono and _is_heading_shape(line)
             and _named(_squeeze(line.text), named[line.page])]
    return {_size(line) for line in found} if len(found) >= 3 else set()


# A heading's number, which the outline may leave out or set apart: "1.1 ", "Part I ",
# "Chapter 3 ", "A. " ("I Gnuplot" names the line "Gnuplot" under "Part I").
_NUMBERING = re.compile(r"^(?:(?:part|chapter|appendix|section)\s+)?"
                        r"(?:\d+(?:\.\d+)*|[ivxlc]+|[a-z](?:\.\d+)*)[.:)]?\s+")


def _squeeze(text: str) -> str:
    return re.sub(r"\W+", "", _NUMBERING.sub("", text.strip().lower()))


def _named(key: str, titles) -> bool:
    """Whether a line (squeezed) is a bookmark's title, or its first line (a heading wrapped)."""
    return bool(key) and any(t == key or (len(key) >= 8 and t.startswith(key)) for t in titles)


def _level(line: _Line, body: float, levels: dict[float, int], alone: bool) -> int | None:
    if not _is_heading_shape(line):
        return None
    size = _size(line)
    if size in levels:
        return levels[size]
    # A bold line of body size alone heads what follows, unless set in a typewriter
    # font: a command set in bold to type ("gpsbabel -i garmin -f usb:-1"). So does one a
    # little larger, short of a heading size, in a PDF with no outline (_BOLD_LARGER).
    larger = _BOLD_LARGER in levels
    if (line.bold and not line.mono and alone
            and (abs(line.size - body) < 0.5 or (larger and line.size > body))
            and len(line.text.split()) <= 12):
        return levels[-1.0]
    return None


def _title(meta_title: str, first_page: list[tuple[list[_Line], int | None]]) -> str:
    """The metadata title when it reads like one, else page 1's top-level heading."""
    meta = sensible_title(meta_title)
    if meta:
        return meta
    return next((_join(group) for group, level in first_page if level == 1), "")


def _body_gaps(lines: list[_Line], body: float) -> list[float]:
    """The distances between successive lines of body text on a page."""
    return [a.y - b.y for a, b in zip(lines, lines[1:])
            if abs(a.size - body) < 0.5 and abs(b.size - body) < 0.5 and 0 < a.y - b.y < 3 * body]


def _pitch(pages: list[list[_Line]], body: float) -> float:
    """The document's usual distance between body lines."""
    gaps = [gap for lines in pages for gap in _body_gaps(lines, body)]
    return median(gaps) if gaps else 1.2 * body


def _groups(lines: list[_Line], body: float, levels: dict[float, int], usual: float):
    """A page's lines as (paragraph or heading lines, heading level or None), its
    tables' lines as (lines, TABLE).

    The line pitch is the page's usual gap between body lines, or the document's when
    that is smaller: on a page of one- and two-line paragraphs (a list of settings) the
    gaps between paragraphs are as many as those inside them.
    """
    gaps = _body_gaps(lines, body)
    pitch = min(median(gaps), usual) if gaps else usual
    pitch /= body  # in units of the font size
    out: list[tuple[list[_Line], int | None]] = []
    start = 0
    for first, end in [*_tables(lines), (len(lines), len(lines))]:
        out += _paragraphs(lines[start:first], body, levels, pitch)
        if first < end:
            out.append((lines[first:end], TABLE))
        start = end
    return out


def _paragraphs(lines: list[_Line], body: float, levels: dict[float, int], pitch: float):
    """Lines as (paragraph or heading lines, heading level or None); `pitch` in sizes."""
    groups: list[list[_Line]] = []
    for i, line in enumerate(lines):
        prev = lines[i - 1] if i else None
        gap = prev.y - line.y if prev else 0.0
        # Body lines: a gap wider than the usual pitch; larger type: wider than a wrapped
        # heading's leading (about 1.2 sizes), so two headings in a row stay two.
        wide = PARAGRAPH_GAP * pitch * body if line.size < body + 0.5 else HEADING_GAP * line.size
        # A bold line after a sentence's end opens a paragraph of its own: a definition
        # list's term with no more space above it than between lines ("Show line
        # lengths" under the entry before it, as htmldoc sets an HTML <dt>).
        if (prev is None or gap > wide or gap < -0.5 * body
                or abs(line.size - prev.size) >= 0.5 or _BULLET.match(line.text)
                or (prev.bold != line.bold and _is_heading_shape(prev))
                or (line.bold and not prev.bold and _is_heading_shape(line)
                    and prev.text.rstrip().endswith(_SENTENCE_END))):
            groups.append([])
        groups[-1].append(line)
    out = []
    for group in groups:
        level = _level(group[0], body, levels, len(group) == 1)
        if level is not None:
            # A heading's lines read together are a heading's shape too: not too many
            # words, not a sentence wrapped ("to RF, be sure to add ... to the end
            # otherwise normal expected messaging will be broken.").
            heading = _join(group)
            if (len(heading.split()) > HEADING_MAX_WORDS
                    or heading.rstrip().endswith(_NO_HEADING_END)):
                level = None
        if level is None and any(line.mono for line in group):
            out += _examples(group)
        else:
            out.append((group, level))
    return out


TABLE = -1  # the "level" of a table's lines
ALIGN = 2.0  # points: a table's cells in one column start this close to each other


def _is_row(line: _Line) -> bool:
    """A line parted at a wide gap, not a list item's bullet set apart from its text."""
    return (len(line.xs) > 1 and not line.mono
            and not _BULLET.fullmatch(_bulleted(line.cells[0].strip()) + " "))


def _column(x: float, columns: list[float]) -> int | None:
    """The column (index into `columns`) that starts at `x`, if any."""
    return next((i for i, c in enumerate(columns) if abs(c - x) <= ALIGN), None)


def _tables(lines: list[_Line]) -> list[tuple[int, int]]:
    """Where a page's tables are, as (first line, end) indexes: lines parted at wide
    gaps (`Run.cell`), two of them or more whose cells start at two of the same places
    ("AOS | Acquisition of signal ...", "Az | Azimuth ..."), and the lines between and
    after them that start at one of those places other than the first: a cell's text
    wrapped onto a line of its own. A line of one cell at the first column's place (a
    paragraph after the table), of another size, or in a typewriter font ends it."""
    found = []
    i = 0
    while i < len(lines):
        if not _is_row(lines[i]):
            i += 1
            continue
        columns, rows, end = list(lines[i].xs), 1, i + 1
        for j in range(i + 1, len(lines)):
            line = lines[j]
            if line.mono or abs(line.size - lines[i].size) >= 0.5:
                break
            placed = [x for x in line.xs if _column(x, columns) is not None]
            if _is_row(line) and len(placed) >= 2:
                columns += [x for x in line.xs if _column(x, columns) is None]
                rows, end = rows + 1, j + 1
            elif not _is_row(line) and line.xs[0] > min(columns) + ALIGN and placed:
                end = j + 1  # a cell's wrapped text
            else:
                break
        if rows >= 2:
            found.append((i, end))
            i = end
        else:
            i += 1
    return found


def _rows(lines: list[_Line], words: frozenset[str] = frozenset()) -> list[str]:
    """A table's lines as rows, each its cells between " | "; a line of one cell that
    starts in a later column goes on the row above it in that column, a word broken at
    the cell's line end mended as in a paragraph (`_join`)."""
    columns: list[float] = []  # left to right, each cell's x within ALIGN of one
    for x in sorted({x for line in lines for x in line.xs}):
        if _column(x, columns) is None:
            columns.append(x)
    rows: list[list[str]] = []
    for line in lines:
        if _is_row(line) or not rows:
            rows.append([""] * len(columns))
        for x, text in zip(line.xs, line.cells):
            k = _column(x, columns)
            rows[-1][k] = _glue(rows[-1][k], text, words)
    return [" | ".join(tidy(_bulleted(cell.strip())) for cell in row if cell.strip())
            for row in rows]


CODE = 0  # the "level" of a group of lines that is code, not a paragraph or heading


def _examples(group: list[_Line]) -> list[tuple[list[_Line], int | None]]:
    """A paragraph's lines set all in a typewriter font, an example or a command, as code
    (`CODE`) apart from the prose around them: two such lines or more, or one that is the
    whole paragraph or follows a line ending in a colon. One such line between lines of
    prose is code quoted in a sentence, wrapped onto a line of its own, and stays in it."""
    pieces: list[tuple[list[_Line], int | None]] = []
    start = 0
    for i in range(1, len(group) + 1):
        if i < len(group) and group[i].mono == group[start].mono:
            continue
        lines = group[start:i]
        example = lines[0].mono and (
            len(lines) > 1 or len(lines) == len(group)
            or (start > 0 and group[start - 1].text.endswith(":")))
        if not example and pieces and pieces[-1][1] is None:
            pieces[-1][0].extend(lines)  # prose goes on
        else:
            pieces.append((list(lines), CODE if example else None))
        start = i
    return pieces


_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def _inner_words(pages: list[list[_Line]]) -> frozenset[str]:
    """The document's words as set inside its lines (lower case; "low-complexity" too)."""
    words: set[str] = set()
    for lines in pages:
        for line in lines:
            found = _WORD.findall(line.text.rstrip("-"))
            words.update(w.lower() for w in (found[1:-1] if len(found) > 2 else found))
    return frozenset(words)


def _join(lines: list[_Line], words: frozenset[str] = frozenset()) -> str:
    """Lines of a paragraph as one line; a word broken at a line end's hyphen is mended.

    "se-" + "quence" reads "sequence": the hyphen goes unless the document itself writes
    the word with one inside a line ("low-complexity") and never without ("lowcomplexity").
    """
    text = ""
    for line in lines:
        text = _glue(text, line.text, words)
    return text


def _glue(text: str, piece: str, words: frozenset[str]) -> str:
    """`text` and the line after it as one line (`_join`; a table's cell wrapped too)."""
    if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and piece[:1].islower():
        head = _WORD.findall(text[:-1])[-1].split("-")[-1]
        tail = _WORD.match(piece)
        tail = tail.group(0).split("-")[0] if tail else ""
        whole, joined = f"{head}{tail}".lower(), f"{head}-{tail}".lower()
        keep = joined in words and whole not in words
        return text + piece if keep else text[:-1] + piece
    if _url_goes_on(text, piece):
        return text + piece
    return f"{text} {piece}" if text else piece


_URL_END = re.compile(r"(?:https?://|www\.)\S*$")
_URL_PART = re.compile(r"\S*(?:/|=|\w\.\w)\S*")


def _url_goes_on(text: str, piece: str) -> bool:
    """Whether a line ending inside a web address goes on in the next: the address ends
    where it can't ("https://CRAN." / "R-project.org/package=mda)", "https://svn.r-project.
    org/" / "R/trunk/") and the next line opens with more of an address (a path, a query,
    a domain), or, after a dot, with a lowercase word no sentence opens with ("org)")."""
    url = _URL_END.search(text)
    if (not url or not piece or piece[0].isspace() or url.group()[-1] not in "./-_=?&#~"
            or url.group().endswith("/.")):  # ".../files/." ends a sentence
        return False
    first = piece.split(None, 1)[0]
    rest = first.rstrip(").,;:'\u2019")
    return not rest or bool(_URL_PART.fullmatch(rest)) or (
        url.group().endswith(".") and first[0].islower())
