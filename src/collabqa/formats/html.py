"""HTML (.html, .htm): the page's main content only, found by trafilatura.

trafilatura (Apache-2.0) scores the page's blocks by text density and markup and keeps the
main content: navigation, header, footer, sidebars, scripts, styles and cookie banners
are left out. Its XML output keeps headings (`<head rend="h2">`), paragraphs, lists,
tables, code and quotes, which become the Document's blocks.

On some pages trafilatura keeps the text but drops the headings (on 43 SQLite doc pages
it kept 1 of 327), and passages lose the section that says what they are about. So the
page's own headings are read too, each keyed by the text of the blocks after it up to
the next heading: when the extracted text reaches the first of them, the heading is put
back before it.

Docs sites (Sphinx, MkDocs, GitHub) end each heading and API entry with a permalink, a
link to the element's own anchor whose text is a mark ("¶", "#", "§"): without it
removed, "Quickstart¶" names the section and the mark ends every API entry's first line.
A Texinfo manual's "Next: ..., Up: ..." paragraph of links is removed the same way, and a
bare `<pre>` (its examples) is marked as code, which trafilatura would read as a quote.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from ..documents import Document
from .builder import TERM_LEVEL, TextBuilder, Unusable, tidy
from .markdown import stem

log = logging.getLogger(__name__)

_OPTIONS: dict[str, Any] = {
    "output_format": "xml",
    "include_tables": True,
    "include_comments": False,
    "include_links": False,
    "include_images": False,
    "include_formatting": False,
    "with_metadata": True,
    "deduplicate": False,
    # Documentation pages put answers in lists of short linked items ("WAL does not work
    # over a network filesystem"), which the default precision mode drops as navigation.
    # On 43 SQLite doc pages recall mode kept the phrase of 35 of 35 questions, precision
    # mode 33 (raw tag-stripped text: 33), for 5% more words.
    "favor_recall": True,
}


_LABELLED_LINK = re.compile(rb"\w:\s*<a[\s>]", re.I)  # "Up: <a href=...": navigation, maybe
_EMPTY_ANCHOR = re.compile(rb"<a\s[^>]*>\s*</a>", re.I)  # a link target: no text, nowhere to go
_EXPONENT = re.compile(r"[-+\u2212]?(?:\d{1,4}|[A-Za-z])")
_HEADING_TAG = re.compile(rb"<h[1-6][\s>]")
_SECTION_ID = re.compile(rb"<(?:section|div)\s[^>]*\bid=", re.I)
# A span whose class or id may be one trafilatura drops as page furniture (the rule
# itself is trafilatura's: `_in_running_text`); and the blocks of running text.
_FURNITURE_SPAN = re.compile(
    rb"<span\s[^>]*\b(?:class|id)\s*=\s*[\"']?[^\"'>]*(?:menu|button|bar|nav|tag|meta|icon|option"
    rb"|expand|slide|author|byline|share|social|embed|widget|footer|banner|sidebar|rating"
    rb"|timestamp|attachment|consent|permission|related|cookie|overlay|viewport|premium)",
    re.I)
_RUNNING = {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"}
# A footnote's mark: "1", "[1]", "*"; with `_is_note_mark`'s other conditions.
_NOTE_MARK = re.compile(r"\[?(?:\d{1,3}|[*\u2020\u2021])\]?\.?|\u21a9\ufe0e?")
_NOTE_CLASSES = {"footnote", "footnote-ref", "footnote-reference", "fn-backref",
                 "footnote-backref", "footnoteref"}
_NOTE_HOLDERS = ("p", "li", "dd")  # a marked note is read after (or in) this block
_BRACKETED = re.compile(r"\[[a-z]+\]")
_BLOCKS = {"p", "head", "list", "table", "code", "quote", "div"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Source elements whose text can open the block that follows a heading.
_SOURCE_BLOCKS = {"p", "li", "pre", "td", "th", "dt", "dd", "blockquote", "code", "div"}
_KEY_CHARS = 60
# The source elements that end a run of loose text (`_paragraph_after`).
_LOOSE_ENDS = {"p", "div", "pre", "ul", "ol", "dl", "table", "blockquote", "hr", "section",
               "article", "header", "footer", "nav", "aside", "form", "figure", "center",
               "address", "details", "main", *_HEADINGS}
# A block whose loose text after it is a paragraph of its own too (`_paragraph_after`):
# the parser ends a `<p>` at a `<pre>` inside it (man2html's pages, PCRE2's), and the
# paragraph's text after the example stood loose, dropped. Not inside the elements that
# hold their text with blocks (a list item, a cell): trafilatura keeps it there.
_LOOSE_AFTER = ("pre", "ul", "ol", "dl", "table", "blockquote")
_HOLDERS = {"li", "dd", "dt", "td", "th"}
# ... and a container's loose text before its first block: trafilatura read such a
# `<div>` as one paragraph, its list's items run together ("the first optionthe second").
_OPENED = ("div", "section", "article", "main", "blockquote", "center")
_KEEP = "\u2060"  # in a line trafilatura would drop (`_keep_lines`)
_TEXT_NODE = re.compile(r">([^<]+)<")
_LINE_CHARS = 40  # longer than any line trafilatura's RE_FILTER drops ("More on this" + 8)
# The texts of a parsed page that may hold such a line: short, or of several lines.
_SHORT_TEXT = (f'//text()[normalize-space(.) != "" and (string-length(normalize-space(.)) '
               f'<= {_LINE_CHARS} or contains(., "\n") or contains(., "\r"))]')
_WORD = re.compile(r"\w+")
LABEL_WORDS = 2  # a one-row table's first cell this short labels the second (`_labelled_box`)


def load(path: Path, source: str, data: bytes) -> Document:
    """The main content of an HTML file; raises Unusable when there is none."""
    import trafilatura
    from lxml import etree

    # Bytes go in as they are: trafilatura finds the encoding (meta charset, then content).
    data = _prepared(data)
    xml = trafilatura.extract(data, **_OPTIONS)
    if xml is None:
        raise Unusable("no main text found")
    # Without the marks `_prepared` put in lines trafilatura would drop (`_keep_lines`).
    root = etree.fromstring(xml.replace(_KEEP, "").encode("utf-8"))
    main = root.find("main")
    if main is None:
        raise Unusable("no main text found")
    # A line break ends a line: a space in prose (DocBook's synopses, "... }<br>ungroup").
    # In a table's cell trafilatura makes the line after a <br> a paragraph ("a<p>b</p>"),
    # and a paragraph or list in a cell starts a line of its own too.
    for br in main.iter("lb"):
        br.text = "\n"
    for cell in main.iter("cell"):
        for inner in cell.iterdescendants("p", "list", "item", "head", "quote"):
            inner.text, inner.tail = "\n" + (inner.text or ""), "\n" + (inner.tail or "")
    meta_title = tidy(root.get("title") or "")
    first_h1 = next((tidy(_text(h)) for h in main.iter("head") if h.get("rend") == "h1"), "")
    title = first_h1 or meta_title or stem(path, source)
    builder = TextBuilder(title)
    headings = _Headings(_source_headings(data))
    for element in main:
        _walk(element, builder, headings)
    if not builder.blocks:
        raise Unusable("no main text found")
    metadata = {k: v for k, v in root.attrib.items() if k in ("title", "author", "date", "sitename")}
    return builder.document(source, title, metadata)


def _keep_lines(text: str | None) -> str | None:
    """`text` with a mark (an invisible word joiner) inside each line that trafilatura
    drops as a share button's label ("Print", "PDF", "E-mail", "Google", "QQ", "More on
    this ..."): in documentation such a line is a term, a table cell or a heading. The
    mark is taken out of trafilatura's output."""
    if not text:
        return text
    from trafilatura.utils import RE_FILTER

    # trafilatura matches a text's lines trimmed.
    if "\n" not in text and "\r" not in text and not RE_FILTER.match(text.strip()):
        return text  # one line it keeps, as most texts are
    out = []
    for line in text.splitlines(keepends=True):
        first = _WORD.search(line)
        if first and RE_FILTER.match(line.strip()):  # the mark inside its first word
            line = line[: first.start() + 1] + _KEEP + line[first.start() + 1 :]
        out.append(line)
    return "".join(out)


def _droppable(data: bytes) -> bool:
    """Whether some text of the page is a line trafilatura drops (`_keep_lines`)."""
    text = data.decode("utf-8", "replace")
    return any(_keep_lines(m.group(1)) != m.group(1) for m in _TEXT_NODE.finditer(text))


def _prepared(data: bytes) -> bytes | str:
    """The page as trafilatura should read it:

    - without its in-page links whose text is only a mark ("¶", "#", "§"), and without
      its footnotes' marks ("the date has the following format 7 (compatible ...") and
      their notes' labels (a definition list of "7" over the note's text reads as a
      section "7"): each note reads right after the paragraph or list item that marks
      it (`_note_moves`), or where the page puts it when none does;
    - without the lines of an example the page hides (mdBook's `<span class="boring">`
      around a Rust example's `fn main() {` wrapper and setup, shown only when the reader
      asks for them): they read as the example's first and last lines;
    - without the id of a section named by its heading's words (Sphinx's `<section
      id="authors-and-maintainers">`): trafilatura drops elements whose id holds a word
      of page furniture ("author", "related", "menu", "nav", "shar", "cookie", ...);
    - without its paragraphs and tables of navigation links ("Next: <a>..</a>, Up:
      <a>..</a> [<a>Contents</a>]", Texinfo's header on every page; texi2html's row of
      "[ << ] [ >> ] ... [Top] [Contents] [Index] [ ? ]", an index's table of entries):
      two links or more whose other words are only labels ending in a colon; and a short
      text below the page's last such links ("This document was generated by ...");
    - a heading that is one link (texi2html links each to the table of contents) as the
      heading it is: trafilatura drops such a heading, and keeps a piece of it that is
      not link text ("gettext declaration") as a loose line;
    - a page whose text stands in its `<body>` itself (`<p>`s with no container, as
      texi2html writes) with that text in an `<article>`: finding no container of the
      main text, trafilatura gathers "wild" paragraphs and drops every heading;
    - the links in a table as their text: trafilatura drops a table most of whose text
      is link text as navigation, and a reference's table of terms, each linked to where
      it is used, went whole (the Rust Reference's table of punctuation tokens, "~ |
      Tilde | The tilde operator has been unused since before Rust 1.0"); a table of
      navigation links only is gone before (above);
    - a table of one row with one cell that holds anything (texi2html indents every
      example as an empty cell beside a cell holding the `<pre>`) as that cell's content:
      a layout, not a table, read as a table row it lost its code;
    - a `<pre>` without `<code>` shown as the code it is: trafilatura reads a bare `<pre>`
      (a Texinfo manual's examples) as a quotation and joins its lines;
    - a `<pre>` holding pieces of code among other text (DocBook's `<code
      class="prompt">$</code> <strong><code>dropdb mydb</code></strong>`, a synopsis of
      `<em><code>column</code></em>` placeholders) as one code block of its text:
      trafilatura reads each piece as a block of its own and drops the rest;
    - inline code holding code (DocBook's `<code>CHECK (<em><code>column_name</code></em>
      IS NOT NULL)</code>`) as the one piece of code it is: trafilatura moved the inner
      piece and the rest to the paragraph's end ("a check constraint CHECK (, but in
      PostgreSQL ... column_name IS NOT NULL)");
    - an exponent marked as one: "2<sup>32</sup>" reads "2^32", not "232";
    - a line trafilatura takes for a share button's label ("PDF", "Print", "E-mail",
      "Google" as a term, a table cell or a heading) with an invisible mark in its first
      word, taken out again after extraction: trafilatura drops such a line wherever it
      stands, and on a short page the loss made it fall back to the page's whole text
      as one paragraph, headings and all;
    - a heading that labels a box in a section (DocBook's `<div class="tip"><h3>Tip</h3>
      <p>...</p></div>` before more of the section's text) as a run-in label ("Tip: ..."):
      as a heading it would head the rest of the section too;
    - an admonition's title paragraph (Sphinx's and Python-Markdown's `<p
      class="admonition-title">Note</p>`) as a run-in label of the paragraph after it
      ("Note: ..."), as a Markdown admonition reads; alone, "Note" is a sentence;
    - Doxygen's code (`<div class="fragment">` of `<div class="line">`s, no `<pre>`) as
      the code block it shows, without the hidden tooltips (`<div class="ttc">`) that
      follow its lines: trafilatura reads each line as a paragraph of prose; Doxygen's
      page title (`<div class="headertitle"><div class="title">`) as the `<h1>` it shows,
      and its project's name and number over every page (`<div id="titlearea">`, "Eigen
      3.4.0") as no text, and so a short text above the title (a banner on every page
      asking for a survey, `_above`): the title read as a paragraph of its own, a passage
      of a few words that matched questions on the page better than the page's text;
      a member's prototype (`<div class="memproto">`, a layout table of its return type,
      name, "(", each parameter, ")") as one line of code, without its labels ("inline")
      and the class's template line repeated over every member, and the member's heading
      (`<h2 class="memtitle">`) without its mark ("◆") and overload count ("[2/3]"):
      trafilatura read the table a cell a word ("JacobiSVD | ( | Index | rows") and
      dropped the heading, so every member stood under the page's "Detailed
      Description";
    - a table a `<blockquote>` holds (Postfix's guides indent their tables so) as a table
      of the page: trafilatura reads a quotation's content as running text and kept the
      table's cells one after the other, its rows and the space between cells lost
      ("Address manipulationScopeDaemonGlobal turn-on control...").
    - without its empty anchors (`<a id="..." class="indexterm"></a>`, DocBook's index
      entries' targets, with no text and no `href`): one opening a box before its
      paragraph made trafilatura drop the box, text and all;
    - a `<div>` of text in a list item (DocBook's `<li><div class="para">...</div><div
      class="para">...</div></li>`) as the paragraph it is: trafilatura ran an item's
      divs together with no space ("Debian will remain 100% free.This is Rule No. 1."),
      and keeps its `<p>`s apart;
    - a box of prose set in a section's text with the class "sidebar" (DocBook's
      `<div class="sidebar">`: The Debian Administrator's Handbook's "CULTURE Origin of
      the Debian name" boxes) without that class, and its title as a run-in label of its
      first paragraph ("CULTURE Origin of the Debian name: Look no further ..."):
      trafilatura drops whatever a class names a sidebar, as a site's navigation column
      is (`_is_boxed_prose`);
    - DocBook's questions and answers laid out as a table (`<tr class="question">` of the
      number and the question, `<tr class="answer">` of the answer's paragraphs, the
      division's title in `<tr class="qandadiv">`, a list of its questions in `<tr
      class="toc">`) as the section each question heads, one level below the heading
      before it (`_unfold_qanda`): read as a table, Valgrind's FAQ was rows "5.4. | Is it
      possible ...? | No. ..." under no heading. The list of its questions DocBook sets
      before them, each a link to its question, is left out: it read as a passage of
      the questions' words again;
    - a `<span>` in running text whose class trafilatura takes for page furniture
      without that class (`_in_running_text`): DocBook marks a menu's name `<span
      class="guimenu">` and a button's `<span class="guibutton">`, and trafilatura, which
      drops any span classed "menu" or "button" as a site's navigation, read aptitude's
      "use Views → Next (F6)" as "use → (F6)";
    - Doxygen's formulas drawn as images (`<img class="formulaInl" alt="{\\LaTeX}">`,
      made by LaTeX where no MathJax is set) as the TeX their `alt` gives, a logo's
      command as its name (`_formula_text`): trafilatura drops images, and "Doxygen
      allows you to put LaTeX formulas in the output" read "put formulas".
    """
    lowered = data.lower()
    furniture = _FURNITURE_SPAN.search(data) is not None  # spans `_in_running_text` may keep
    if b'href="#' not in data and b"href='#" not in data and b"<pre" not in lowered \
            and b"<sup" not in lowered and not _HEADING_TAG.search(lowered) \
            and not _LABELLED_LINK.search(data) and b"admonition-title" not in data \
            and b'class="fragment"' not in data and b"headertitle" not in data \
            and b"memproto" not in data and not _SECTION_ID.search(data) \
            and b"boring" not in data and not (b"<table" in lowered and b"href=" in lowered) \
            and not (b"<table" in lowered and b"<blockquote" in lowered) \
            and b"sidebar" not in data and not _EMPTY_ANCHOR.search(data) \
            and not (b"<li" in lowered and b"<div" in lowered) \
            and b'class="question"' not in data and not _droppable(data) \
            and not furniture and not any(c.encode() in data for c in _FORMULA_CLASSES):
        return data
    from lxml import html as lxml_html
    from trafilatura.utils import load_html

    root = load_html(data)  # decoded as trafilatura decodes it: meta charset, then content
    if root is None:
        return data
    marks = [a for a in root.iter("a") if _is_permalink(a)]
    named = [element for element in root.iter("section", "div") if _names_its_heading(element)]
    permalinks = set(marks)
    notes = [a for a in root.iter("a") if _is_note_mark(a) and a not in permalinks]
    footnotes = [element for element in root.iter("dl", "aside", "div")
                 if _classes(element) & {"footnote", "footnote-list", "footnote-definition"}
                 or element.get("role") == "doc-footnote"]
    hidden = [span for span in root.iter("span") if "boring" in _classes(span)]
    navigation = [p for p in root.iter("p", "table") if _is_navigation(p)]
    linked = [h[0] for h in root.iter(*_HEADINGS) if _is_one_link(h)]
    layouts = any(_one_cell(table) is not None for table in root.iter("table"))
    body = root.find("body")
    loose_body = body is not None and any(
        child.tag == "p" and child.text_content().strip() for child in body)
    bare = [pre for pre in root.iter("pre") if pre.find(".//code") is None]
    nested = [code for code in root.iter("code") if code.find(".//code") is not None
              and not any(parent.tag == "pre" for parent in code.iterancestors())]
    pieces = [pre for pre in root.iter("pre")
              if pre.find(".//code") is not None and not _one_code(pre)]
    powers = [sup for sup in root.iter("sup") if _is_power(sup)]
    sizes: dict = {}  # element -> its words' length, each read once
    boxes = [(h, box) for h, box in (_box(h, sizes) for h in root.iter(*_HEADINGS))
             if box is not None]
    titles = [p for p in root.iter("p") if "admonition-title" in _classes(p)
              and p.getnext() is not None and p.getnext().tag == "p"]
    opening = [element for element in root.iter(*_OPENED) if _opens_loose(element)]
    loose = [element for element in root.iter(*_HEADINGS, "hr", *_LOOSE_AFTER)
             if (element.tail or "").strip() and (element.tag not in _LOOSE_AFTER
                                                  or element.getparent().tag not in _HOLDERS)]
    fragments = [div for div in root.iter("div") if _classes(div) == {"fragment"}]
    doxygen = [div for div in root.iter("div") if div.get("id") == "titlearea"
               or ("title" in _classes(div) and "headertitle" in _classes(div.getparent()))]
    prototypes = [div for div in root.iter("div") if "memproto" in _classes(div)]
    counts = [span for span in root.iter("span") if _classes(span) & {"overload", "permalink"}
              and "memtitle" in _classes(span.getparent())]
    droppable = [text for text in root.xpath(_SHORT_TEXT) if _keep_lines(text) != text]
    tabled = [table for table in root.iter("table") if table not in navigation
              and any(a.get("href") for a in table.iter("a"))]
    quoted = [quote for quote in root.iter("blockquote") if quote.find("table") is not None]
    asides = [e for e in root.iter("div", "aside", "section") if _is_boxed_prose(e)]
    targets = [a for a in root.iter("a") if _is_target(a)]
    itemized = [div for item in root.iter("li") for div in item.iter("div") if _is_text_div(div)]
    qandas = [table for table in root.iter("table")
              if any("question" in _classes(row) for row in table.iter("tr"))]
    # ... and the list of its questions DocBook sets before them, each a link to its
    # question: the questions read again, as a passage of titles.
    asked = [dl for div in root.iter("div") if "qandaset" in _classes(div) for dl in div
             if dl.tag == "dl" and _all_links(dl)]
    inline = _in_running_text(root) if furniture else []
    formulas = [img for img in root.iter("img")
                if img.get("alt", "").strip() and _classes(img) & _FORMULA_CLASSES]
    if not (formulas
            or marks or navigation or bare or pieces or nested or powers or boxes or titles or loose
            or qandas or asked or inline
            or opening or asides or targets or itemized
            or fragments or doxygen or prototypes or linked or layouts or loose_body
            or named or notes or footnotes or hidden or droppable or tabled or quoted):
        return data
    for text in droppable:
        element = text.getparent()
        if text.is_tail:
            element.tail = _keep_lines(element.tail)
        else:
            element.text = _keep_lines(element.text)
    for span in hidden:
        span.drop_tree()  # its text and line end; what follows it stays
    for element in named:
        del element.attrib["id"]
    moves = _note_moves(root, notes)  # before the marks go: they say where
    for a in notes:
        _drop_mark(a)
    for element in footnotes:
        for label in [e for e in element.iter("dt", "span", "sup")
                      if any(name.endswith("label") for name in _classes(e))]:
            label.drop_tree()
        for part in element.iter("dl", "dd", "aside"):
            part.tag = "div"
    for block, note in moves:
        note.tag, note.tail = "div", None
        if block.tag == "p":
            block.addnext(note)
        else:  # a list item or a term's description holds its notes
            block.append(note)
    for element in _below(navigation[-1]) if navigation else []:
        element.drop_tree()
    for p in navigation:
        p.drop_tree()
    for a in linked:
        a.drop_tag()
    for table in qandas:  # before layouts: a division's title row is one cell
        _unfold_qanda(table)
    for dl in asked:
        dl.drop_tree()
    for div in prototypes:  # before layouts: a prototype's table may be one cell
        _prototype(div)
    for table, cell in [(t, _one_cell(t)) for t in root.iter("table")]:  # what is left
        if cell is not None:
            cell.tag, cell.tail = "div", table.tail
            cell.attrib.clear()
            table.getparent().replace(table, cell)
    for div in fragments:
        _as_code(div)
    for span in counts:
        span.drop_tree()
    for div in doxygen:
        if div.get("id") == "titlearea":
            div.drop_tree()
            continue
        div.tag = "h1"  # without the breadcrumb of groups inside it
        for inner in div.findall("div"):
            inner.drop_tree()
        for element in _above(div):
            element.drop_tree()
    for heading in loose:
        _paragraph_after(heading)
    for element in opening:
        if _opens_loose(element):  # still: Doxygen's title `<div>` is a heading now
            _paragraph_first(element)
    for heading, box in boxes:
        _run_in(heading, box)
    for title in titles:
        label = tidy(title.text_content()).rstrip(":")
        after = title.getnext()
        after.text = f"{label}: {after.text or ''}"
        title.drop_tree()
    for sup in powers:
        sup.text = "^" + (sup.text or "")
    for a in marks:
        a.drop_tree()  # keeps the text after it
    if loose_body:
        article = lxml_html.Element("article")
        article.text, body.text = body.text, None
        article.extend(list(body))
        body.append(article)
    for pre in bare:
        code = lxml_html.Element("code")
        code.text, pre.text = pre.text, None
        code.extend(list(pre))
        pre.append(code)
    for code in nested:
        if code.getparent() is not None and code.find(".//code") is not None:  # not inside one
            code.text = code.text_content()
            for child in list(code):
                code.remove(child)
    for pre in pieces:
        code = lxml_html.Element("code")
        code.text = pre.text_content()
        for child in list(pre):
            pre.remove(child)
        pre.text = None
        pre.append(code)
    for quote in quoted:
        quote.drop_tag()  # its tables, paragraphs and text stay where they are
    for a in targets:
        a.drop_tag()  # its tail stays
    for div in itemized:
        div.tag = "p"
    for aside in asides:
        _unboxed(aside)
    for table in tabled:
        for a in [a for a in table.iter("a") if a.getparent() is not None]:
            if not a.tail:  # links one under the other (<br>) stay apart
                a.tail = " "
            a.drop_tag()  # its text stays
    for span in inline:
        span.attrib.pop("class", None)
        span.attrib.pop("id", None)
    for img in formulas:
        text = _formula_text(img.get("alt"))
        img.attrib.clear()
        img.tag, img.text = "span", text
    return lxml_html.tostring(root, encoding="unicode")


_LOGO = re.compile(r"\{?\\([A-Za-z]+)\s*\}?")  # "{\LaTeX}", "\TeX ": a word typeset as a logo
_FORMULA_CLASSES = {"formulaInl", "formulaDsp"}  # Doxygen's formula images
_MATH_DELIMITERS = (("$", "$"), ("\\[", "\\]"), ("\\(", "\\)"))


def _formula_text(alt: str) -> str:
    """A formula image's TeX (its `alt`) as text: a lone command as its name ("{\\LaTeX}"
    reads "LaTeX"), anything else as the TeX inside its math delimiters, as a page that
    sets its formulas with MathJax shows them before they are typeset."""
    tex = alt.strip()
    logo = _LOGO.fullmatch(tex)
    if logo:
        return logo.group(1)
    for opening, closing in _MATH_DELIMITERS:
        inner = tex[len(opening):-len(closing)]
        if tex.startswith(opening) and tex.endswith(closing) and inner.strip():
            return inner.strip()
    return tex


def _in_running_text(root) -> list:
    """The spans trafilatura would drop as page furniture (its own rule, by class or id:
    "menu", "button", "bar", "tags", "meta", ...) that stand in running text: inside a
    paragraph, list item, cell, term, definition or heading that holds words besides
    theirs. A site's menu is a list or a bar of such spans alone, and stays furniture."""
    try:
        from trafilatura.xpaths import OVERALL_DISCARD_XPATH
    except ImportError:  # a trafilatura that names its rule otherwise: read as it reads
        return []

    dropped = {e for xpath in OVERALL_DISCARD_XPATH for e in xpath(root) if e.tag == "span"}
    found = []
    for span in dropped:
        words = span.text_content().strip()
        block = next((e for e in span.iterancestors() if e.tag in _RUNNING), None)
        if words and block is not None and len(block.text_content().strip()) > len(words):
            found.append(span)  # a span inside another such span too: both would go
    return found


_STRUCTURE = (*_HEADINGS, "table", "ul", "ol", "dl", "pre")  # what a footer does not hold
SITE_CHARS = 300  # at most this much text above a page's title is the site's, not the page's


def _all_links(dl) -> bool:
    """Whether each term and item of a definition list is a link to a place on a page
    ("1.1. <a href="faq.html#faq.pronounce">How do you ...</a>"): a list of contents."""
    items = [child for child in dl if child.tag in ("dt", "dd")]
    return bool(items) and all(
        any("#" in (a.get("href") or "") for a in item.iter("a")) for item in items)


def _unfold_qanda(table) -> None:
    """DocBook's questions and answers set as a table (see `_prepared`): each question a
    heading one level below the heading before the table (its number and its words),
    each answer the paragraphs of its cells, a division's title row its heading; the
    list of questions repeated at a division's head (`<tr class="toc">`) and the empty
    rows between go."""
    from lxml import html as lxml_html

    before = table.xpath("preceding::*[" + " or ".join(f"self::{h}" for h in _HEADINGS) + "][1]")
    level = min(6, (_HEADINGS[before[0].tag] if before else 1) + 1)
    parts = []
    for row in table.iter("tr"):
        kind = _classes(row)
        cells = [cell for cell in row if cell.tag in ("td", "th")]
        if "qandadiv" in kind:
            for cell in cells:
                parts.extend(child for child in cell if child.tag != "a")
                heads = [c for c in cell if c.tag in _HEADINGS]
                if heads:
                    level = min(6, _HEADINGS[heads[0].tag] + 1)
        elif "question" in kind:
            heading = lxml_html.Element(f"h{level}")
            heading.text = tidy(" ".join(cell.text_content() for cell in cells))
            parts.append(heading)
        elif "answer" in kind:
            for cell in cells:
                if cell.text_content().strip():
                    div = lxml_html.Element("div")
                    div.text = cell.text
                    div.extend(list(cell))
                    parts.append(div)
    for part in parts:
        table.addprevious(part)
    table.getparent().remove(table)


def _above(title) -> list:
    """What stands above a page's title in the page's body, when it is short (a banner on
    every page asking for a survey, a version notice): the site's, not the page's."""
    above = _beside(title, preceding=True)
    return above if _shown(above) <= SITE_CHARS else []


def _below(navigation) -> list:
    """What stands below a page's last navigation links when it is short lines of text
    (no heading, list, table or code) and the page's text is above them (texi2html's
    "This document was generated by ... using texi2html" under the bar of links closing
    every page): the site's, not the page's."""
    below = _beside(navigation, preceding=False)
    shown = _shown(below)
    structured = any(e.tag in _STRUCTURE or next(e.iter(*_STRUCTURE), None) is not None
                     for e in below if isinstance(e.tag, str))
    return below if not structured and shown <= SITE_CHARS \
        and _shown(_beside(navigation, True)) > shown else []


def _beside(element, preceding: bool) -> list:
    """The elements before (or after) `element` in the page's body, its own and its
    ancestors' siblings, without scripts and styles."""
    return [sibling for e in (element, *element.iterancestors())
            if e.getparent() is not None and e.getparent().tag != "html"
            for sibling in e.itersiblings(preceding=preceding)
            if sibling.tag not in ("script", "style")]


def _shown(elements: list) -> int:
    """How many characters of text the elements show."""
    return sum(len(t.strip()) for e in elements
               for t in e.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]"))


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _as_code(fragment) -> None:
    """Doxygen's `<div class="fragment">` as `<pre><code>` of its lines' text."""
    _replace_with_code(fragment, "\n".join(
        line.text_content() for line in fragment if "line" in _classes(line)))


def _prototype(div) -> None:
    """Doxygen's `<div class="memproto">` as `<pre><code>` of its declaration on one line
    ("Eigen::JacobiSVD< ... >::JacobiSVD ( Index rows, ... )"), without the labels beside
    it ("inline", "static") and the template line over it (the class's, on every member:
    the first words after each member's heading must tell the members apart)."""
    names = [table for table in div.iter("table") if "memname" in _classes(table)]
    if names:  # else not the layout this reads: left as it is
        _replace_with_code(div, "\n".join(
            tidy(" ".join(cell.text_content() for cell in table.iter("td"))) for table in names))


def _replace_with_code(element, text: str) -> None:
    """`element` replaced in its page by `<pre><code>` of `text` (its tail kept)."""
    from lxml import html as lxml_html

    pre = lxml_html.Element("pre")
    code = lxml_html.Element("code")
    code.text = text
    pre.append(code)
    pre.tail = element.tail
    element.getparent().replace(element, pre)


def _paragraph_after(element) -> None:
    """The text standing loose after a heading (hand-written HTML: "<h3>..</h3> Returns a
    copy of <code>s</code> ..." with no `<p>`), up to the next block, as a paragraph:
    trafilatura drops loose text and keeps only its inline code, a word a block."""
    from lxml import html as lxml_html

    paragraph = lxml_html.Element("p")
    paragraph.text, element.tail = element.tail, None
    element.addnext(paragraph)
    _take_inline(paragraph)


def _take_inline(paragraph) -> None:
    """Into `paragraph`, the inline elements after it up to the next block, each with
    the text after it."""
    while (after := paragraph.getnext()) is not None and after.tag not in _LOOSE_ENDS:
        paragraph.append(after)


def _opens_loose(element) -> bool:
    """Whether `element` is a container whose text starts loose, before a block."""
    return (element.tag in _OPENED and bool((element.text or "").strip())
            and any(child.tag in _LOOSE_ENDS for child in element))


def _paragraph_first(element) -> None:
    """The text standing loose at the start of `element`, before its first block, as a
    paragraph (`_paragraph_after`)."""
    from lxml import html as lxml_html

    paragraph = lxml_html.Element("p")
    paragraph.text, element.text = element.text, None
    element.insert(0, paragraph)
    _take_inline(paragraph)


def _box(heading, sizes: dict):
    """(the element holding `heading` and nothing else, the box it labels), or (heading,
    None) when it heads a section: the box is the element around it that holds no other
    heading, less than half of the text of the element around the box, and text follows
    the box there before any heading does. `sizes` caches each element's text length."""

    def size(element) -> int:
        if element not in sizes:
            sizes[element] = len(tidy(element.text_content()))
        return sizes[element]

    name = size(heading)
    held = heading
    while held.getparent() is not None and size(held.getparent()) == name:
        held = held.getparent()
    box = held.getparent()
    outer = box.getparent() if box is not None else None
    if not name or outer is None or 2 * size(box) >= size(outer):
        return heading, None
    if sum(1 for _ in box.iter(*_HEADINGS)) > 1:
        return heading, None
    if (box.tail or "").strip():
        return held, box
    for after in box.itersiblings():
        if after.tag in _HEADINGS or next(after.iter(*_HEADINGS), None) is not None:
            return heading, None
        if size(after) or (after.tail or "").strip():
            return held, box
    return heading, None


def _run_in(held, box) -> None:
    """The box's label put before its first paragraph ("Tip: Only an ACCESS EXCLUSIVE
    lock ..."), or kept as a paragraph of its own when none follows it."""
    from lxml import html as lxml_html

    label = tidy(held.text_content())
    first = next((e for e in held.itersiblings() if e.tag == "p" and tidy(e.text_content())), None)
    if first is not None:
        first.text = f"{label}: {first.text or ''}"
    else:
        paragraph = lxml_html.Element("p")
        paragraph.text = label
        held.addprevious(paragraph)
    held.drop_tree()


def _is_target(a) -> bool:
    """An anchor that is only a link's target: no `href`, no text, nothing inside."""
    return a.get("href") is None and len(a) == 0 and not (a.text or "").strip()


_BLOCK_TAGS = ("div", "p", "ul", "ol", "dl", "pre", "table", "blockquote", *_HEADINGS)


def _is_text_div(div) -> bool:
    """A `<div>` that is a paragraph: text, and no block element inside it."""
    return bool(div.text_content().strip()) and next(
        (e for e in div.iterdescendants(*_BLOCK_TAGS)), None) is None


_PARAGRAPH_WORDS = 8  # a boxed note's paragraph says something: a sentence, not a link's label


def _is_paragraph(element) -> bool:
    """A paragraph as a page writes it: `<p>`, or DocBook's (Publican's) `<div class="para">`."""
    return element.tag == "p" or (element.tag == "div" and "para" in _classes(element))


def _is_boxed_prose(element) -> bool:
    """Whether an element the page's class calls a sidebar is a box of prose in the text
    (DocBook's sidebar: a titled aside among a section's paragraphs), not a site's column
    of navigation: a paragraph of its own says something (PARAGRAPH_WORDS words outside
    links or more), links hold less than half its words, and a paragraph stands beside it."""
    if "sidebar" not in _classes(element):
        return False
    words = len(element.text_content().split())
    linked = sum(len(a.text_content().split()) for a in element.iter("a"))
    said = any(len(" ".join(_outside_links(p)).split()) >= _PARAGRAPH_WORDS
               for p in element.iter("p", "div") if _is_paragraph(p))
    return said and 2 * linked < words and any(
        _is_paragraph(sibling) and sibling.text_content().strip()
        for sibling in (*element.itersiblings(), *element.itersiblings(preceding=True)))


def _unboxed(aside) -> None:
    """A box of prose (`_is_boxed_prose`) without its "sidebar" class, its title (a
    `class="title"` line before its first paragraph) read as that paragraph's run-in
    label."""
    rest = " ".join(sorted(_classes(aside) - {"sidebar"}))
    if rest:
        aside.set("class", rest)
    else:
        del aside.attrib["class"]
    title = next((e for e in aside.iter() if "title" in _classes(e)), None)
    if title is None:
        return
    inside = set(title.iter())
    first = next((e for e in aside.iter("p", "div") if _is_paragraph(e) and e not in inside
                  and title not in e.iterancestors()), None)
    label = tidy(title.text_content()).rstrip(":")
    if first is None or not label:
        return
    first.text = f"{label}: {(first.text or '').lstrip()}"
    holder = title  # the title and the layout around it that holds nothing else
    while (holder.getparent() is not None and holder.getparent() is not aside
           and tidy(holder.getparent().text_content()) == tidy(title.text_content())):
        holder = holder.getparent()
    holder.drop_tree()


def _is_power(sup) -> bool:
    """Whether a `<sup>` is an exponent: a number or a letter right after a digit
    ("2<sup>32</sup>", shown 2³²), which would read as "232" without its mark (a
    footnote's number follows a word, or is a link)."""
    if sup.find(".//a") is not None or not _EXPONENT.fullmatch(sup.text_content().strip()):
        return False
    before = sup.getprevious()
    text = (before.tail if before is not None else sup.getparent().text) or ""
    return text[-1:].isdigit()


def _one_code(pre) -> bool:
    """Whether a `<pre>` is one `<code>` and nothing else (`<pre><code>...</code></pre>`,
    as Markdown renders a fence)."""
    children = list(pre)
    return (len(children) == 1 and children[0].tag == "code"
            and not (pre.text or "").strip() and not (children[0].tail or "").strip())


def _is_navigation(p) -> bool:
    """Whether a paragraph or table is links and their labels only ("Next: <a>Arguments</a>,
    Up: <a>Definitions</a> [<a>Contents</a>]"): two links or more, and no word outside
    them but a label ending in a colon; in a table, outside its header cells (an index:
    "Index Entry | Section" over rows of two links)."""
    if sum(1 for a in p.iter("a") if a.get("href")) < 2:
        return False
    parts = [p] if p.tag != "table" else [cell for cell in p.iter("td")]
    words = re.sub(r"\b\w+:", " ", " ".join(t for part in parts for t in _outside_links(part)))
    return not any(ch.isalnum() for ch in words)


def _names_its_heading(element) -> bool:
    """Whether an element is the section of the heading it opens, its id made of that
    heading's words (Sphinx's `<section id="authors-and-maintainers"><h2>1.3. Authors and
    Maintainers`, DocBook's `<div class="sect1" id="...">`). trafilatura drops elements
    whose id holds a word of page furniture ("author", "nav", "menu", "related", "share",
    "tags", "footer", ...), and such ids come from headings: a manual lost its "Authors
    and Maintainers", "Related documents", "Menus" and "Shared libraries" sections; and
    one whose id begins "comment" it takes for a blog's comments: GNU m4's manual lost
    its page "Comments in m4 input" (`<div class="section" id="Comments">`)."""
    ident = element.get("id") or ""
    first = next((child for child in element if isinstance(child.tag, str)
                  and not _leads_in(child)), None)
    if not ident or first is None or first.tag not in _HEADINGS:
        return False
    # A word of the id in the heading's words run together: Sphinx names an API entry's
    # section after its module ("module-scrapy.downloadermiddlewares.cookies" over
    # "CookiesMiddleware"), and trafilatura dropped the section as a cookie banner.
    heading = "".join(re.findall(r"[a-z]+", first.text_content().lower()))
    return any(word in heading for word in re.findall(r"[a-z]{3,}", ident.lower()))


def _leads_in(child) -> bool:
    """Whether an element before a section's heading is none of the section's text: an
    empty anchor (`<span id=...>`), a rule, or the section's navigation links (Texinfo
    6's `<div class="header"><p>Next: ..., Up: ...</p></div>` over every section)."""
    if child.tag == "hr" or child.tag == "span" and not child.text_content().strip():
        return True
    blocks = [c for c in child if isinstance(c.tag, str)] if child.tag == "div" else [child]
    return bool(blocks) and all(b.tag in ("p", "table") and _is_navigation(b) for b in blocks)


def _is_note_mark(a) -> bool:
    """Whether a link is a footnote's mark: a link within the page whose text is a number
    or a sign ("1", "[1]", "*"), marked as a footnote's (docutils' `footnote-reference`
    and `fn-backref`, Python-Markdown's and Pandoc's `footnote-ref`, a `doc-noteref` or
    `doc-backlink` role) or set as a superscript. In the text it is a stray number
    ("the date has the following format 7 (compatible ..."); the note itself is read
    after the paragraph that marks it (`_note_moves`)."""
    href, words = a.get("href") or "", a.text_content().strip()
    if not href.startswith("#") or not _NOTE_MARK.fullmatch(words):
        return False
    parent = a.getparent()
    return bool(_classes(a) & _NOTE_CLASSES
                or a.get("role") in ("doc-noteref", "doc-backlink")
                or (parent is not None and parent.tag == "sup")
                or (len(a) and a[0].tag == "sup"))


def _note_moves(root, marks: list) -> list:
    """(block, note) for each footnote to read right after the paragraph (or list item)
    whose mark points to it: a page puts its notes at the end of a section or of the page,
    where each read as a passage of its own or inside another section's ("a sample
    implementation ... for the Mailman mailing list software" under a section on prompts).
    The note is the element the mark links to: a note's `<aside>`, `<li>` or `<div>`
    within a footnote container, or the description after docutils' label `<dt>`."""
    if not marks:
        return []
    ids = {e.get("id"): e for e in root.iter() if isinstance(e.tag, str) and e.get("id")}
    moves, moved = [], set()
    for a in marks:
        note = _note_of(a, ids)
        block = next((e for e in a.iterancestors() if e.tag in _NOTE_HOLDERS), None)
        if note is None or block is None or note in moved \
                or block is note or any(e is note for e in block.iterancestors()):
            continue  # not a note, or its mark is within it: read where it stands
        moved.add(note)
        moves.append((block, note))
    return moves


def _note_of(a, ids: dict):
    """The footnote a mark links to (the description after docutils' label `<dt>`), when
    it is a note's element within a footnote container; else None."""
    note = ids.get((a.get("href") or "#")[1:])
    if note is not None and note.tag == "dt":
        note = note.getnext()
    if note is None or note.tag not in ("dd", "aside", "li", "div"):
        return None
    in_footnotes = any("footnote" in (e.get("class") or "")
                       or (e.get("role") or "").startswith(("doc-footnote", "doc-endnote"))
                       for e in (note, *note.iterancestors()))
    return note if in_footnotes else None


def _drop_mark(a) -> None:
    """A footnote's mark out of its sentence (with the superscript holding only it), the
    text after it kept, and no space left before a comma or stop after it."""
    parent = a.getparent()
    mark = parent if parent is not None and parent.tag == "sup" \
        and _NOTE_MARK.fullmatch(parent.text_content().strip()) else a
    if (mark.tail or "")[:1] in (",", ".", ";", ":", ")"):
        before = mark.getprevious()
        if before is not None:
            before.tail = (before.tail or "").rstrip()
        elif mark.getparent() is not None:
            mark.getparent().text = (mark.getparent().text or "").rstrip()
    mark.drop_tree()  # keeps the text after it


def _is_one_link(heading) -> bool:
    """Whether a heading's text is all one link's (`<h2><a href="toc.html#s1">1.1
    Intro</a></h2>`)."""
    children = list(heading)
    return (len(children) == 1 and children[0].tag == "a" and children[0].get("href")
            and not (heading.text or "").strip() and not (children[0].tail or "").strip())


def _one_cell(table):
    """The one cell of a table of one row whose other cells are empty, else None."""
    rows = [row for row in table.iter("tr") if next(row.iterancestors("table")) is table]
    if len(rows) != 1:
        return None
    full = [cell for cell in rows[0] if cell.tag in ("td", "th")
            and (len(cell) or cell.text_content().replace("\xa0", " ").strip())]
    return full[0] if len(full) == 1 and full[0].tag == "td" else None


def _outside_links(element) -> list[str]:
    """The pieces of an element's text that no link holds."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != "a":
            parts += _outside_links(child)
        parts.append(child.tail or "")
    return parts


def _is_permalink(a) -> bool:
    """A mark linking to its own heading, term or section: "¶" in `<h2 id="x">..<a href="#x">`;
    or a bracketed word linking a heading or term elsewhere: Sphinx's "[source]" (viewcode).

    A link to elsewhere keeps its text, however short ("->" names an operator).
    """
    href, words = a.get("href") or "", a.text_content().strip()
    if _BRACKETED.fullmatch(words) and any(e.tag in _HEADINGS or e.tag == "dt"
                                           for e in a.iterancestors()):
        return True  # "[source]" after an API entry's name: a link to its code
    if not href.startswith("#") or len(words) > 3 or any(c.isalnum() for c in words):
        return False
    parent = a.getparent()
    if parent is not None and (parent.tag in _HEADINGS or parent.tag == "dt"):
        return True
    return href[1:] in {e.get("id") for e in a.iterancestors()}


def _text(element) -> str:
    return "".join(element.itertext())


def _key(text: str) -> str:
    return " ".join(text.split())[:_KEY_CHARS].casefold()


def _source_headings(data: bytes | str) -> list[tuple[list[tuple[int, str]], list[str]]]:
    """The page's headings in order, in groups with no text between them (an `<h2>` right
    above an `<h3>`), each group with the keys (`_key`) of the texts after it up to the
    next heading."""
    import lxml.html

    try:
        root = lxml.html.fromstring(data)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return []
    for br in root.iter("br"):  # a line's end, as `load` reads it: the keys must agree
        br.tail = "\n" + (br.tail or "")
    groups: list[tuple[list[tuple[int, str]], list[str]]] = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _HEADINGS:
            text = tidy(element.text_content().replace(_KEEP, ""))
            if text:
                if not groups or groups[-1][1]:
                    groups.append(([], []))
                groups[-1][0].append((_HEADINGS[tag], text))
        elif groups and tag in _SOURCE_BLOCKS:
            key = _key(element.text_content().replace(_KEEP, ""))
            if len(key) >= 3:
                groups[-1][1].append(key)
    return groups


class _Headings:
    """Puts back, before a block, the page headings trafilatura dropped in front of it.

    A group of headings goes before the first text after it in the page, wherever that
    text comes (the first to claim it). When trafilatura dropped that text too (a DocBook
    page's table of contents under its title), the group goes before any later text of
    its own, if it is the next group in the page's order and the text is not also in the
    group before it: a repeated text cannot pull a later heading up.
    """

    def __init__(self, groups: list[tuple[list[tuple[int, str]], list[str]]]):
        self.groups = groups
        self.names = [{_key(h) for _, h in headings} for headings, _ in groups]
        self.first: dict[str, int] = {}
        for number, (_, keys) in enumerate(groups):
            if keys:
                self.first.setdefault(keys[0], number)
        self.seen: set[str] = set()
        self.placed: set[int] = set()
        self.next = 0  # the group after the last one put back or kept
        self.current: set[str] = set()  # the texts of that last one

    def kept(self, text: str) -> None:
        key = _key(text)
        self.seen.add(key)
        for number in range(self.next, len(self.groups)):
            if key in self.names[number]:
                self._moved_to(number)
                break

    def _moved_to(self, number: int) -> None:
        self.placed.add(number)
        self.next = max(self.next, number + 1)
        self.current = set(self.groups[number][1])

    def before(self, text: str, builder: TextBuilder) -> set[str]:
        """Puts back the headings due before `text`; the keys of those put back."""
        key = _key(text)
        number = self.first.pop(key, None)
        if number is None and self.next < len(self.groups) and key not in self.current \
                and key in self.groups[self.next][1]:
            number = self.next
        if number is None or number in self.placed:
            return set()
        put = set()
        for level, heading in self.groups[number][0]:
            if _key(heading) not in self.seen:
                self.kept(heading)
                builder.heading(level, heading)
                put.add(_key(heading))
        self._moved_to(number)
        return put


def _item_parts(item) -> list[tuple[str, Any]]:
    """A list item's words, the code blocks and the lists it holds, in order: ("text",
    words), ("code", lines) and ("list", element), each list where it stands (read after
    all the item's words, a Sphinx attribute's description said "It can be either: It
    defaults to: 'iternodes'." before the choices). trafilatura writes a code block in an
    item (a `<pre>` in a `<dd>`, an AsciiDoc listing under its term) as a `<code>` child,
    as it writes inline code; one of more than one line is the block, whose lines would
    otherwise run together, and so is one that ends its line as a `<pre>` does ("itertag =
    'product'" after "Example:").
    Each paragraph of an item is a part of its own ("See also: RFC2616, 14.9.3" does not
    run into "What is missing:"). Parts without words are left out."""
    parts: list[tuple[str, Any]] = []
    words = [item.text or ""]
    for child in item:
        code = _text(child) if child.tag == "code" else ""
        if "\n" in code.strip() or (code.strip() and code.endswith("\n")):
            parts += [("text", tidy("".join(words))), ("code", tidy(code, keep_lines=True))]
            words = []
        elif child.tag == "p":
            parts += [("text", tidy("".join(words))), ("text", tidy(_text(child)))]
            words = []
        elif child.tag == "list":
            parts += [("text", tidy("".join(words))), ("list", child)]
            words = []
        elif child.tag in ("td", "cell") and _labelled_box([tidy("".join(words)),
                                                             tidy(_text(child))]):
            # a box laid out as a table inside the item, which trafilatura leaves as its
            # label's words and a loose cell (ELinks' "Warning" admonitions in a <dd>)
            parts.append(("text", f"{tidy(''.join(words))}: {tidy(_text(child))}"))
            words = []
        else:
            words.append(_text(child))
        words.append(child.tail or "")
    parts.append(("text", tidy("".join(words))))
    return [(kind, part) for kind, part in parts if kind == "list" or part]


def _labelled_box(cells: list[str]) -> bool:
    """Whether a table's one row is a label and what it labels: a box laid out as a
    table (AsciiDoc's admonitions: an icon cell titled "Note", then the note's text),
    not data. The label is a word or two without a sentence's end; the text is longer."""
    if len(cells) != 2:
        return False
    label, text = cells
    return (0 < len(label.split()) <= LABEL_WORDS and label[-1:].isalnum()
            and len(text.split()) > 2 * len(label.split()))


def _walk(element, builder: TextBuilder, headings: _Headings) -> None:
    tag = element.tag
    if tag != "head" and tag not in ("quote", "div"):
        text = _text(element)
        if _key(text) in headings.before(text, builder):
            return  # the heading's own words, kept by trafilatura as code or a paragraph
    if tag == "head":
        rend = element.get("rend") or "h2"
        level = int(rend[1]) if len(rend) == 2 and rend[1].isdigit() else 2
        headings.kept(_text(element))
        builder.heading(level, _text(element))
    elif tag == "list":
        terms = element.get("rend") == "dl"  # a definition list: <dt> items head <dd> items
        for item in element.iterchildren("item"):
            if terms and (item.get("rend") or "").startswith("dt"):
                builder.heading(TERM_LEVEL, tidy(_text(item)))
                continue
            opened = False  # the item's first words carry its list marker
            for kind, part in _item_parts(item):
                if kind == "list":
                    _walk(part, builder, headings)
                elif kind == "code":
                    builder.block(part, "code")
                else:
                    builder.block(part if terms or opened else "- " + part)
                    opened = True
        if terms:
            builder.end_terms()
    elif tag == "table" and any(_block_code(code) and "\n" in _text(code).strip()
                                for code in element.iter("code")):
        _laid_out(element, builder)
    elif tag == "table":
        rows = []
        for row in element.iter("row"):
            cells = [tidy(_text(cell)) for cell in row.iterchildren("cell")]
            if any(cells):
                rows.append(cells)
        if len(rows) == 1 and _labelled_box(rows[0]):
            builder.block(f"{rows[0][0]}: {rows[0][1]}")  # "Note: ...", as a box reads
        else:
            builder.block("\n".join(" | ".join(cells) for cells in rows), "table")
    elif tag == "code":
        builder.block(_text(element), "code")
    elif tag in ("quote", "div") and any(child.tag in _BLOCKS for child in element):
        builder.block(element.text or "")
        for child in element:
            _walk(child, builder, headings)
            builder.block(child.tail or "")
    elif tag == "graphic":
        return
    else:  # p, quote, and anything else that holds text
        builder.block(_text(element))


def _block_code(code) -> bool:
    """Whether a `<code>` stands as a block of its own (a listing), not inside a sentence."""
    before = code.getprevious()
    text = (before.tail if before is not None else code.getparent().text) or ""
    return (not text.strip() and not (code.tail or "").strip()
            and (before is None or before.tag in _BLOCKS))


def _laid_out(table, builder: TextBuilder) -> None:
    """A table holding a code block lays out blocks side by side (Doxygen's "Example: |
    Output:" over a program and what it prints), not rows of data: each cell is read as
    its blocks, a lone header row's cells each before the cell under it. A box's label
    (`_labelled_box`) opens its first paragraph, "Note: ..."."""
    rows = [list(row.iterchildren("cell")) for row in table.iter("row")]
    head = rows[0] if rows and all(c.get("role") == "head" for c in rows[0]) else []
    if head and len(rows) == 2 and len(rows[1]) == len(head):
        cells = [cell for pair in zip(head, rows[1]) for cell in pair]
    else:
        cells = [cell for row in rows for cell in row]
    label = ""
    if len(rows) == 1 and _labelled_box([tidy(_text(cell)) for cell in cells]):
        label, cells = tidy(_text(cells[0])), cells[1:]
    for cell in cells:
        if not any(_block_code(child) for child in cell.iterchildren("code")):
            parts = [(_text(cell), "text")]  # words and code in a sentence, one block
        else:
            parts = [(cell.text or "", "text")] + [
                (_text(child), "code" if child.tag == "code" else "text") for child in cell]
        for text, kind in parts:
            if label and kind == "text" and text.strip():
                text, label = f"{label}: {text.strip()}", ""
            builder.block(text, kind)
