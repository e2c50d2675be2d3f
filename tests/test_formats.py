"""Each file format loads with exact spans and the right title, sections and pages."""

from __future__ import annotations

import html
import json
import logging
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from collabqa.corpus import (
    SUFFIXES, chunk, chunk_corpus, load_corpus, quotable, sentence_spans, worded,
)
from collabqa.documents import Document, Passage
from collabqa.formats import load_document
from collabqa.formats.clean import markdown_sentence
from collabqa.formats.prepare import open_fence, site_syntax

from conftest import engine_over
from makedocs import (
    DRAGONFLY, LILY, NEWT, PAGE_HTML, POND, make_docx, make_encrypted_pdf, make_pdf, make_scanned_pdf,
)

ROOT = Path(__file__).resolve().parents[1]

GUIDE_MD = """\ufeff---
title: "Setting up the Widget Server"
description: How to install it, quickly
tags: [setup, server]
---

The widget server answers requests from the [widget client](https://example.com/client "Client")
and stores them in a database; see the ![architecture diagram](img/arch.png). It is **fast**,
_small_ and written in `Rust`, with snake_case_names kept intact.

Setup
=====

```bash
# install the server
pip install widget-server
```

!!! note "Before you start"
    You need a running PostgreSQL database and port 8080 free on the machine.

> [!WARNING]
> Never expose the admin port 9090 to the internet, even behind a password.

| Option | Default | Meaning |
|--------|---------|---------|
| `port` | 8080    | The TCP port the server listens on |

Configuration
-------------

1. Copy the example file to `/etc/widget.toml` and set the database URL.
2. Restart the service with <kbd>systemctl restart widget</kbd>.

<!-- a comment that must never be indexed -->

See the [reference guide][ref] for every option.

[ref]: https://example.com/reference-secret-url
"""


def _check_spans(doc: Document, passages: list[Passage]) -> None:
    last = 0
    for p in passages:
        assert p.text.strip() and doc.text[p.start : p.end] == p.text
        assert last <= p.start < p.end <= len(doc.text)
        last = p.end


def _load(path: Path) -> tuple[Document, list[Passage]]:
    doc = load_document(path, path.name)
    assert doc is not None
    passages = chunk(doc)
    _check_spans(doc, passages)
    return doc, passages


# --------------------------------------------------------------------------- Markdown


@pytest.fixture
def guide(tmp_path) -> tuple[Document, list[Passage]]:
    path = tmp_path / "guide.md"
    path.write_bytes(GUIDE_MD.replace("\n", "\r\n").encode("utf-8"))
    return _load(path)


def test_markdown_front_matter_is_metadata_and_title_never_text(guide):
    doc, passages = guide
    assert doc.title == "Setting up the Widget Server"
    assert doc.metadata["description"] == "How to install it, quickly"
    assert doc.text == GUIDE_MD.lstrip("\ufeff")  # CRLF normalised, BOM stripped, else the file
    body_start = doc.text.index("The widget server")
    assert all(p.start >= body_start for p in passages)
    assert not any("title:" in p.text or "description:" in p.text for p in passages)


def test_markdown_code_fence_is_whole_and_never_a_heading(guide):
    _, passages = guide
    [code] = [p for p in passages if "pip install widget-server" in p.text]
    assert "```bash\n# install the server\npip install widget-server\n```" in code.text
    assert not any("install the server" in p.section for p in passages)


def test_markdown_setext_headings_make_sections(guide):
    _, passages = guide
    sections = {p.section for p in passages}
    assert {"Setup", "Setup > Configuration"} <= sections
    step = next(p for p in passages if "/etc/widget.toml" in p.text)
    assert step.section == "Setup > Configuration"


def test_markdown_embedding_text_has_link_text_but_no_url(guide):
    _, passages = guide
    texts = " ".join(" ".join(p.embedding_text() for p in passages).split())
    assert "widget client" in texts and "architecture diagram" in texts
    assert "reference guide" in texts
    for junk in ("https://", "img/arch.png", "**", "`", "<kbd>", "[!WARNING]", "!!!", "|---",
                 "never be indexed"):
        assert junk not in texts, junk
    assert "snake_case_names" in texts
    assert "Before you start: You need a running PostgreSQL database" in texts
    assert "Warning: Never expose the admin port 9090" in texts
    assert "port | 8080 | The TCP port the server listens on" in texts
    # Passage text itself stays the file's exact characters, links and all.
    assert any("(https://example.com/client" in p.text for p in passages)


def test_markdown_sentence_for_display():
    assert markdown_sentence("See the [guide](https://x.org/a) and **bold** `code`.") == (
        "See the guide and bold code."
    )


def test_markdown_title_skips_code_fence_comments(tmp_path):
    path = tmp_path / "short-setup.md"
    path.write_text("Install it:\n\n```sh\n# not a title\nmake\n```\n\nThen run it.\n",
                    encoding="utf-8")
    doc, passages = _load(path)
    assert doc.title == "short setup"
    path.write_text("```sh\n# not a title\n```\n\nSetup Guide\n===\n\nText.\n", encoding="utf-8")
    assert _load(path)[0].title == "Setup Guide"


@pytest.mark.parametrize("written, title", [
    ("Null", "Null"), ("No", "No"), ("2024", "2024"), ("'Quoted: yes'", "Quoted: yes"),
    ("~", "setup notes"),  # YAML's null: no title, so the file's name
])
def test_markdown_front_matter_title_is_the_text_written(tmp_path, written, title):
    # YAML reads `title: No` as false and `title: Null` as null; the title is what was written.
    path = tmp_path / "setup-notes.md"
    path.write_text(f"---\ntitle: {written}\n---\n\nSome text of the page.\n", encoding="utf-8")
    assert _load(path)[0].title == title


@pytest.mark.parametrize("name", ["README.md", "index.md", "_index.md", "Readme.rst", "index.html"])
def test_a_folders_page_with_no_title_is_named_for_its_folder(tmp_path, name):
    """ripgrep's benchmark runs (eval/corpora/ripgrep-docs) each keep a README.md with no
    heading: every one was titled "README", so nothing told one run from the next. A
    folder's page is named for its folder, as a site serves it; at the corpus's top, or
    with a title of its own, it keeps its name or its title."""
    folder = tmp_path / "runs" / "2022-12-16-archlinux-duff"
    folder.mkdir(parents=True)
    body = "This was run on a machine with an Intel i9-12900K with 128GB of memory.\n"
    if name.endswith(".html"):
        body = f"<html><body><main><p>{body}</p></main></body></html>"
    (folder / name).write_text(body, encoding="utf-8")
    doc = load_document(folder / name, f"runs/2022-12-16-archlinux-duff/{name}")
    assert doc.title == "2022 12 16 archlinux duff"
    assert load_document(folder / name, name).title == Path(name).stem.replace("_", " ").strip()
    if name.endswith(".md"):
        (folder / name).write_text("# Duff's run\n\n" + body, encoding="utf-8")
        assert load_document(folder / name, f"runs/x/{name}").title == "Duff's run"


def test_a_home_pages_hero_and_feature_cards_are_read_from_its_front_matter(tmp_path):
    """VitePress' home page (eval/corpora/vitepress-docs, MIT) is nothing but front matter
    with `layout: home`: the hero's name, text and tagline and four feature cards. Read as
    metadata only, the page had no passage; its words are read, its buttons' and images'
    settings are not, and the hero's name titles it."""
    page = ROOT / "eval/corpora/vitepress-docs/docs/index.md"
    path = tmp_path / "index.md"
    path.write_bytes(page.read_bytes())
    doc, passages = _load(path)
    assert doc.title == "VitePress"
    read = "\n".join(p.plain_text() for p in passages)
    assert read.startswith("VitePress: Vite & Vue Powered Static Site Generator. "
                           "Markdown to beautiful docs in minutes.")
    assert ("Ship fast sites: Fast initial load with static HTML, fast post-load navigation "
            "with client-side routing.") in read
    assert "What is VitePress?" not in read  # a button
    assert not any(key in read for key in ("layout", "theme:", "brand", "link:", "icon", ".svg"))
    assert all(p.kind == "text" for p in passages)  # the hero is no byline


def test_a_vuepress_home_page_reads_its_hero_text_tagline_and_features(tmp_path):
    """VuePress' default theme writes its home page's hero at the top level (`home: true`,
    `heroText`, `tagline`); its feature cards as VitePress does."""
    path = tmp_path / "README.md"
    path.write_text("---\nhome: true\nheroText: Gizmo\ntagline: Widgets for everyone\n"
                    "actionText: Get Started\nfeatures:\n- title: Small\n  details: Under 2 kB.\n"
                    "---\n\n## Install\n\nRun the installer once.\n", encoding="utf-8")
    doc, passages = _load(path)
    read = "\n".join(p.plain_text() for p in passages)
    assert doc.title == "Gizmo"
    assert read.startswith("Gizmo. Widgets for everyone.\nSmall: Under 2 kB.")
    assert "Get Started" not in read and "Run the installer once." in read


def test_markdown_thematic_break_at_top_is_not_front_matter(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("---\n\nA paragraph after a rule, long enough to be kept.\n\n---\n\nMore.\n",
                    encoding="utf-8")
    doc, passages = _load(path)
    assert doc.metadata == {} and "A paragraph after a rule" in passages[0].text


# --------------------------------------------------------------------------- HTML


def test_html_main_content_only_with_sections(tmp_path):
    path = tmp_path / "install.html"
    path.write_text(PAGE_HTML, encoding="utf-8")
    doc, passages = _load(path)
    assert doc.title == "Installing Widgetron"
    for junk in ("cookie", "Pricing", "secret-script-text", "secret-style-rule",
                 "Copyright", "Privacy", "Introduction to Widgetron"):
        assert junk not in doc.text, junk
    assert "Installing Widgetron" not in doc.text  # the title heading is no passage text
    by_section = {p.section: p for p in passages}
    assert "Requirements" in by_section and "Installing with pip > Upgrading" in by_section
    assert by_section["Requirements"].text.startswith("Requirements\n\nYou need Python 3.10")
    assert "- A C compiler such as GCC or Clang" in doc.text
    assert "pip install widgetron\n# check the version\nwidgetron --version" in doc.text
    assert "Windows | py -m pip install widgetron" in doc.text
    assert all(p.page is None for p in passages)


def test_html_headings_trafilatura_drops_are_put_back():
    # A real page (SQLite's WAL doc, public domain): trafilatura keeps its text but not
    # one of its 24 headings; each is put back before the text that follows it.
    path = Path(__file__).resolve().parents[1] / "eval/corpora/sqlite-html/docs/wal.html"
    doc, passages = _load(path)
    sections = {p.section for p in passages}
    assert "3. Activating And Configuring WAL Mode > 3.1. Automatic Checkpoint" in sections
    auto = next(p for p in passages if "threshold size of 1000 pages" in p.text)
    assert auto.section == "2. How WAL Works > 2.1. Checkpointing"
    # Each heading once, in the page's order, and never inside a paragraph.
    heads = [p.section.split(" > ")[-1] for p in passages]
    numbered = [h for i, h in enumerate(heads) if h[0].isdigit() and h not in heads[:i]]
    assert numbered == sorted(numbered, key=lambda h: [int(n) for n in h.split()[0].strip(".").split(".")])
    assert doc.text.count("3.1. Automatic Checkpoint") == 1


def test_docbook_html_reads_its_headings_and_screens_whole():
    # Real pages of the PostgreSQL 15 manual (DocBook XSL, PostgreSQL License).
    docs = Path(__file__).resolve().parents[1] / "eval/corpora/postgres-html/docs"
    # The title heading is followed by the page's table of contents, which trafilatura
    # drops: the heading goes before the first text it keeps, so no passage lacks it.
    doc, passages = _load(docs / "ddl-inherit.html")
    assert all(p.section.startswith("5.10. Inheritance") for p in passages)
    assert "5.10. Inheritance > 5.10.1. Caveats" in {p.section for p in passages}
    # A screen of a prompt and what is typed after it is one code block, the prompt kept.
    doc, _ = _load(docs / "tutorial-createdb.html")
    code = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "code"]
    assert "$ dropdb mydb" in code
    doc, _ = _load(docs / "tutorial-accessdb.html")
    assert "mydb=> \\q" in [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "code"]
    # A synopsis of placeholders reads as the one line it is.
    doc, _ = _load(docs / "indexes-intro.html")
    assert "indexed-column indexable-operator comparison-value" in doc.text
    # An exponent reads as one ("2<sup>32</sup>"), not as the number 232.
    doc, _ = _load(docs / "ddl-system-columns.html")
    assert "a hard limit of 2^32 (4 billion) SQL commands" in doc.text
    # A tip box's heading labels the box, not the rest of its section.
    doc, passages = _load(docs / "explicit-locking.html")
    assert "Tip: Only an ACCESS EXCLUSIVE lock blocks a SELECT" in doc.text
    after = next(p for p in passages if "a lock is normally held until the end" in p.text)
    assert after.section == "13.3. Explicit Locking > 13.3.1. Table-Level Locks"
    assert not any(p.section.endswith(("Tip", "Note")) for p in passages)


def test_docbooks_questions_and_answers_table_reads_each_question_heading_its_answer():
    """Valgrind's FAQ (Debian's valgrind, eval/corpora/valgrind-html, GPL-2.0): DocBook
    sets a Q and A set as a table, a row for each question and one for its answer. Read
    as a table it was rows "5.4. | Is it possible ...? | No. ..." under no heading."""
    doc, passages = _load(Path(__file__).resolve().parents[1]
                          / "eval/corpora/valgrind-html/docs/faq.html")
    [attach] = [p for p in passages if "full control from the very start" in p.text]
    assert attach.section == ("5. Miscellaneous > 5.4. Is it possible to attach Valgrind to "
                              "a program that is already running?")
    assert attach.text.startswith("5.4. Is it possible to attach")
    assert " | " not in doc.text
    # The list of the questions before them, each a link to its question, is left out.
    assert doc.text.count("2.1. When building Valgrind, 'make' dies partway") == 1


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.from_regex(r"[A-Z][a-z]{2,8}( [a-z]{2,8}){2,6}\?", fullmatch=True),
                          st.from_regex(r"[A-Z][a-z]{2,8}( [a-z]{2,8}){12,20}\.", fullmatch=True)),
                min_size=1, max_size=6, unique_by=lambda qa: qa[0]))
def test_a_docbook_qanda_table_reads_as_questions_heading_answers(pairs):
    rows = "".join(
        f'<tr class="question"><td><a name="q{i}"></a><b>1.{i}.</b></td><td><b>{q}</b></td></tr>'
        f'<tr class="answer"><td><a name="a{i}"></a></td><td><p>{a}</p></td></tr>'
        '<tr><td colspan="2"> </td></tr>'
        for i, (q, a) in enumerate(pairs, 1))
    page = ('<html><body><div class="chapter"><h2 class="title">Frequently Asked Questions</h2>'
            f'<p>{"These questions come up often, and their answers are kept here. " * 8}</p>'
            '<div class="qandaset"><dl><dt>1. <a href="#bg">Background</a></dt>'
            + "".join(f'<dd>1.{i}. <a href="faq.html#q{i}">{q}</a></dd>'
                      for i, (q, _) in enumerate(pairs, 1)) + '</dl>'
            '<table summary="Q and A Div"><tr class="qandadiv"><td colspan="2">'
            '<h3 class="title">1. Background</h3></td></tr>'
            f'{rows}</table></div></div></body></html>')
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "faq.html"
        path.write_text(page, encoding="utf-8")
        doc, passages = _load(path)
    for i, (q, a) in enumerate(pairs, 1):
        block = next(b for b in doc.blocks if doc.text[b.start:b.end].endswith(a))
        assert block.section.endswith(f"1. Background > 1.{i}. {q}")
        assert doc.text.count(q) == sum(q in q2 for q2, _ in pairs)  # not the list's


def test_docbooks_menu_and_button_names_read_in_their_sentence():
    """aptitude's manual (Debian's aptitude-doc-en, eval/corpora/aptitude-html, GPL-2.0+):
    DocBook marks a menu's name `<span class="guimenu">`; trafilatura drops any span whose
    class says "menu" or "button" as a site's navigation, and the sentence read "use
    → (F6)"."""
    doc, _ = _load(Path(__file__).resolve().parents[1]
                   / "eval/corpora/aptitude-html/docs/ch02s01s03.html")
    assert "use Views → Next (F6) and Views → Prev (F7)" in " ".join(doc.text.split())


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.from_regex(r"[A-Z][a-z]{2,8}( [a-z]{2,8}){3,8}", fullmatch=True),
                          st.sampled_from(["guimenu", "guibutton", "toolbar", "tags", "menuitem",
                                           "meta-name"]),
                          st.from_regex(r"[A-Z][a-z]{2,8}", fullmatch=True)),
                min_size=1, max_size=5))
def test_a_span_in_running_text_reads_whatever_its_class(sentences):
    """A span inside a paragraph is part of the sentence, whatever its class; a list of
    such spans alone (a site's menu) is still left out."""
    text = "".join(f'<p>{words} <span class="{cls}">{name}</span> again and again.</p>'
                   for words, cls, name in sentences)
    page = ('<html><body><ul class="nav"><li><span class="menuitem">Home</span></li>'
            '<li><span class="menuitem">Blog</span></li></ul><article><h1>Guide</h1>'
            f'<p>{"The guide explains the program and its windows in turn. " * 6}</p>'
            f'{text}</article></body></html>')
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "guide.html"
        path.write_text(page, encoding="utf-8")
        doc, _ = _load(path)
    for words, _, name in sentences:
        assert f"{words} {name} again and again." in doc.text
    assert "Home" not in doc.text


def test_a_malformed_rst_grid_table_reads_row_by_row():
    """django-axes' settings (eval/corpora/axes-docs, MIT) are one grid table whose
    AXES_LOCKOUT_TIERS row runs past the border: docutils refuses it ("Malformed
    table.") and its 65 KB of settings were in no passage."""
    doc, passages = _load(ROOT / "eval/corpora/axes-docs/docs/4_configuration.rst")
    [tiers] = [p for p in passages if "AXES_LOCKOUT_TIERS | None | A list of" in p.text]
    assert tiers.section == "Configuring project settings"
    assert "+---" not in doc.text and "====" not in doc.text


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.from_regex(r"[A-Z]{3,10}", fullmatch=True),
                          st.lists(st.from_regex(r"[a-z]{2,8}( [a-z]{2,8}){1,4}", fullmatch=True),
                                   min_size=1, max_size=3)),
                min_size=2, max_size=6, unique_by=lambda r: r[0]),
       st.integers(0, 5))
def test_a_grid_table_with_a_row_past_its_border_reads_every_row(rows, wide):
    """A grid table docutils refuses for one row wider than the border reads as the others
    do, a row a line with its cells between " | ", the row's lines joined."""
    width = 12 + max(len(line) for _, lines in rows for line in lines)
    rule = "+" + "-" * 12 + "+" + "-" * width + "+"
    out = [rule, "| " + "Name".ljust(11) + "| " + "Text".ljust(width - 1) + "|",
           rule.replace("-", "=")]
    for i, (name, lines) in enumerate(rows):
        for j, line in enumerate(lines):
            text = line + (" and one line too long for the border" if i == wide % len(rows)
                           and j == 0 else "")
            out.append("| " + (name if j == 0 else "").ljust(11) + "| " + text.ljust(width - 1)
                       + "|")
        out.append(rule)
    page = "Settings\n========\n\nThe settings are these.\n\n" + "\n".join(out) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "settings.rst"
        path.write_text(page, encoding="utf-8")
        doc, _ = _load(path)
    for name, lines in rows:
        assert f"{name} | {lines[0]}" in doc.text
        assert " ".join(lines[1:]) in doc.text
    assert "Name | Text" in doc.text


def test_html_box_heading_labels_its_box_and_section_headings_stay(tmp_path):
    words = "Ponds hold newts and frogs in the spring, and the water stays cold. " * 6
    page = (
        "<html><body><h1>Ponds</h1><div class='sect1'><h2>1. Digging</h2>"
        f"<p>{words}</p><div class='warning'><h3>Warning</h3><p>Call before you dig.</p>"
        f"</div><p>Line the hole with sand. {words}</p></div>"
        f"<div class='sect1'><h2>2. Planting</h2><p>Plant reeds at the edge. {words}</p>"
        "</div></body></html>")
    path = tmp_path / "ponds.html"
    path.write_text(page, encoding="utf-8")
    doc, passages = _load(path)
    assert "Warning: Call before you dig." in doc.text
    sand = next(p for p in passages if "Line the hole with sand" in p.text)
    reeds = next(p for p in passages if "Plant reeds" in p.text)
    assert sand.section == "1. Digging" and reeds.section == "2. Planting"


def test_html_code_block_in_a_list_item_keeps_its_lines():
    # Real pages: Git's giteveryday (AsciiDoc, GPL-2.0), a listing under a term of a <dl>;
    # PostgreSQL's partitioning steps (DocBook), listings inside list items.
    root = Path(__file__).resolve().parents[1] / "eval/corpora"
    doc, _ = _load(root / "git-html/docs/giteveryday.html")
    code = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "code"]
    assert "$ tar zxf frotz.tar.gz\n$ cd frotz\n$ git init" in "\n".join(code)
    assert "Use a tarball as a starting point for a new repository." in doc.text
    doc, _ = _load(root / "postgres-html/docs/ddl-partitioning.html")
    assert "So the commands might look like: CREATE TABLE" not in doc.text
    code = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "code"]
    assert any(c.startswith("CREATE TABLE measurement_y2006m02 PARTITION OF measurement\n")
               for c in code)


def test_html_admonition_laid_out_as_a_table_reads_as_a_labelled_paragraph():
    # Git's gitcore-tutorial (AsciiDoc, GPL-2.0): a note is a one-row table, an icon cell
    # titled "Note" and the note's text; it read as one table row, "Note | git push uses
    # ...", a single sentence however long. Now it reads as the page shows a note, and its
    # sentences are sentences.
    root = Path(__file__).resolve().parents[1] / "eval/corpora"
    doc, _ = _load(root / "git-html/docs/gitcore-tutorial.html")
    assert "Note: git push uses a pair of commands, git send-pack on your local machine" in doc.text
    assert "Note |" not in doc.text
    note = doc.text.index("Note: git push uses")
    spans = [(a, b) for a, b in sentence_spans(doc.text) if a <= note < b]
    assert spans and doc.text[spans[0][0]:spans[0][1]].endswith("on the remote machine.")
    # A note holding a listing: the label opens its words, the listing is code.
    blocks = [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]
    assert ("text", "Note: Here is an ASCII art by Jon Loeliger that illustrates how various "
            "diff-* commands compare things.") in blocks
    assert any(kind == "code" and "diff-tree" in text and "Object DB" in text
               for kind, text in blocks)


def test_html_box_laid_out_as_a_table_inside_a_definition_reads_labelled():
    """ELinks' manual (Debian's elinks-doc, eval/corpora/elinks-html, GPL-2.0) sets its
    Lua functions' warnings as AsciiDoc admonition tables inside `<dd>`s, which
    trafilatura leaves as the label's words and a loose cell: "WarningThe tmpname
    function ...". Eigen's Doxygen parameter tables (eval/corpora/eigen-html, MPL-2.0)
    in a `<dd>` ran the same way, "srcSource point set."."""
    root = Path(__file__).resolve().parents[1] / "eval/corpora"
    doc, _ = _load(root / "elinks-html/docs/manual.html")
    assert "Warning: The tmpname function does not create the file" in doc.text
    assert "WarningThe" not in doc.text and "NoteWhen" not in doc.text
    doc, _ = _load(root / "eigen-html/docs/group__Geometry__Module.html")
    assert "src: Source" in doc.text and "srcSource" not in doc.text


def test_sphinx_html_description_reads_its_list_where_it_stands():
    # Scrapy 2.8's docs (Sphinx HTML, BSD-3-Clause; eval/corpora/scrapy-html): an
    # attribute's description holds a list between two paragraphs; the second read before
    # the list ("It can be either: It defaults to: 'iternodes'."). A class's description
    # runs paragraph after paragraph ("See also: RFC2616, 14.9.3" / "What is missing:"),
    # a one-line example is a code block, and "[source]" links to the code, not text.
    root = Path(__file__).resolve().parents[1] / "eval/corpora/scrapy-html/docs/topics"
    doc, _ = _load(root / "spiders.html")
    text = doc.text
    assert "It can be either: It defaults to" not in text
    assert (text.index("A string which defines the iterator to use. It can be either:")
            < text.index("- 'iternodes' - a fast iterator based on regular expressions")
            < text.index("- 'xml' - an iterator which uses Selector.")
            < text.index("It defaults to: 'iternodes'."))
    code = [text[b.start:b.end] for b in doc.blocks if b.kind == "code"]
    assert "itertag = 'product'" in code
    assert "[source]" not in text and not any("[source]" in b.section for b in doc.blocks)
    doc, _ = _load(root / "downloader-middleware.html")
    blocks = [doc.text[b.start:b.end] for b in doc.blocks]
    assert "See also: RFC2616, 14.9.3" in blocks and "What is missing:" in blocks
    missing = blocks.index("What is missing:")
    assert blocks[missing + 1].startswith("- Pragma: no-cache support")
    doc, _ = _load(root / "telnetconsole.html")  # an admonition's title reads as its label
    assert "Warning: It is not secure to use telnet console via public networks" in doc.text


def test_plain_text_rfc_reads_as_its_pages_show_it():
    # RFC 3986 as published (plain text, 61 pages; eval/corpora/rfc-txt): each page ends
    # with "Berners-Lee, et al.  Standards Track  [Page N]" and a form feed, the next opens
    # with "RFC 3986  URI Generic Syntax  January 2005". They read as text between and
    # inside paragraphs, the file's first line ("Network Working Group  T. Berners-Lee")
    # was its title, and its numbered sections were no sections.
    root = Path(__file__).resolve().parents[1] / "eval/corpora/rfc-txt/docs"
    doc, passages = _load(root / "rfc3986.txt")
    assert doc.title == "Uniform Resource Identifier (URI): Generic Syntax"
    assert len(doc.pages) == 61
    assert "[Page" not in doc.text and "URI Generic Syntax" not in doc.text
    assert ". . . ." not in doc.text  # the table of contents is left out
    # A paragraph the break after page 5 cut reads whole.
    assert "Nevertheless, nothing in this specification prevents an application" in doc.text
    host = [p for p in passages if p.section == "3. Syntax Components > 3.2. Authority > 3.2.2. Host"]
    assert host and "The host subcomponent of authority is identified by" in host[0].text
    grammar = next(b for b in doc.blocks if "path-empty    = 0<pchar>" in doc.text[b.start:b.end])
    assert grammar.kind == "code"  # an ABNF grammar keeps its lines
    # A line a compound's hyphen ends goes on with no space ("percent-" / "encoded").
    text = " ".join(doc.text.split())
    assert "should be percent-encoded" in text and "percent- encoded" not in text


def test_plain_text_manual_headings_ruled_under_or_over_head_sections():
    # HAProxy's manuals (eval/corpora/haproxy-docs, GPLv2) rule their headings under
    # ("1. Prerequisites" / "----------------") and frame the title with rules; the
    # threat model sets its section's text under a numbered line in capitals. None headed
    # a section (every passage of the 22 sections of the management guide was in one),
    # and the title was "------------------------".
    root = Path(__file__).resolve().parents[1] / "eval/corpora/haproxy-docs/docs"
    doc, passages = _load(root / "management.txt")
    assert doc.title == "HAProxy Management Guide"
    assert not doc.text.startswith("-")
    sections = {p.section for p in passages}
    assert {"1. Prerequisites", "9. Statistics and monitoring > 9.3. Unix Socket commands",
            "6. Memory management"} <= sections
    _, passages = _load(root / "internals/threat-model.txt")
    severity = [p for p in passages if p.section == "6. SEVERITY ORDERING"]
    assert severity and severity[0].text.startswith("6. SEVERITY ORDERING\n\nThe worst-case outcomes")
    # A box drawn in text is no heading (RFC 1350's "|  Local Medium  |  Internet  |"
    # between two rules), nor is a rule shorter than half its line.
    rfc = Path(__file__).resolve().parents[1] / "eval/corpora/rfc-txt/docs/rfc1350.txt"
    _, passages = _load(rfc)
    assert not any("Local Medium" in p.section for p in passages)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.from_regex(r"[A-Z][a-z]{2,9}(?: [a-z]{2,8}){0,3}", fullmatch=True),
                min_size=2, max_size=4, unique=True),
       st.sampled_from("-="), st.booleans())
def test_plain_text_headings_ruled_under_or_over(tmp_path_factory, names, char, over):
    """Any short line with a rule of one character under it (or over it, as a help file
    writes "=====" before each section) heads the text after it; a title framed by rules
    names the document and is no text."""
    body = "\n\n".join(
        (f"{char * 60}\n{name}" if over else f"{name}\n{char * len(name)}")
        + f"\n\nThe {name.lower()} part says what it does, in a sentence or two."
        for name in names)
    path = tmp_path_factory.mktemp("txt") / "guide.txt"
    path.write_text(f"{'-' * 14}\n Guide to Tools\n{'-' * 14}\n\n{body}\n", encoding="utf-8")
    doc = load_document(path, "guide.txt")
    assert doc.title == "Guide to Tools" and "---" not in doc.text[:20]
    from collabqa.corpus import chunk
    for passage in chunk(doc):
        name = passage.section
        assert name in names and f"The {name.lower()} part says" in passage.text
    assert char * 3 not in doc.text


def test_plain_text_headings_whose_label_is_set_off_by_spaces():
    """Dungeon Crawl Stone Soup's docs (eval/corpora/plain-txt4, GPL-2.0-or-later) set a
    section's label off from its words by spaces and rule it under: "A.    Testing with
    the arena", "0-a     Standard and additional option files.", "Part I:
    INTRODUCTION". The spaces were taken for columns, so none headed a section, the
    heading and its rule read as code, and the arena guide's title was a line of an
    example ("10 vault guard; long sword ego:chaos\"")."""
    root = Path(__file__).resolve().parents[1] / "eval/corpora/plain-txt4/docs"
    doc, passages = _load(root / "develop/arena.txt")
    assert doc.title == "A. Testing with the arena"
    assert "A.2 Testing general problems with the arena" in {p.section for p in passages}
    _, passages = _load(root / "options_guide.txt")
    sections = {p.section for p in passages}
    assert {"1- Starting Screen.", "0- Generalities on options. > 0-d List options.",
            "3- Interface. > 3-a Picking up and Dropping."} <= sections
    _, passages = _load(root / "develop/levels/introduction.txt")
    assert "Part I: INTRODUCTION" in {p.section for p in passages}
    assert not any(p.kind == "code" and "=====" in p.text for p in passages)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["A.", "B)", "3-", "3-b", "12.4", "2.1.", "Part II:", "Chapter 4"]),
       st.integers(2, 6), st.from_regex(r"[A-Z][a-z]{2,9}(?: [a-z]{2,8}){0,3}\.?", fullmatch=True),
       st.sampled_from("-="))
def test_plain_text_a_label_and_spaces_before_ruled_words_head_a_section(
        tmp_path_factory, label, spaces, words, char):
    """Whatever the label and however many spaces set it off, a ruled line of a label
    and words heads the text under it; words parted by a run of spaces with no label
    before them stay a row of columns, no heading."""
    line = f"{label}{' ' * spaces}{words}"
    body = (f"Guide\n\nAn opening paragraph says what this is.\n\n{line}\n{char * len(line)}\n\n"
            "The section's text follows here.\n\nLocal     Remote\n{}\n\nClosing words here.\n"
            .format(char * 16))
    path = tmp_path_factory.mktemp("txt") / "guide.txt"
    path.write_text(body, encoding="utf-8")
    from collabqa.corpus import chunk
    passages = chunk(load_document(path, "guide.txt"))
    heading = " ".join(line.split())
    assert any(p.section == heading and "The section's text follows here." in p.text
               for p in passages)
    assert not any("Local" in p.section for p in passages)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.from_regex(r"[a-z]{2,9}", fullmatch=True), min_size=4, max_size=12),
       st.lists(st.from_regex(r"[a-z]{2,9}", fullmatch=True), min_size=2, max_size=12),
       st.from_regex(r"[A-Z][a-z]{2,9}(?: [a-z]{2,8}){0,3}", fullmatch=True))
def test_plain_text_first_line_running_on_opens_the_text_not_a_title(tmp_path_factory,
                                                                     first, rest, name):
    """A first line whose sentence goes on in lower case on the next line (Irssi's
    capsicum.txt: "Capsicum is a lightweight OS capability and sandbox framework
    provided" / "by FreeBSD. ...") opens the first paragraph; it was taken for the
    title and lost. A short line standing alone still names the file."""
    folder = tmp_path_factory.mktemp("txt")
    opening = "Capsicum " + " ".join(first)
    body = f"{opening}\n{' '.join(rest)} here.\n\nA second paragraph follows it.\n"
    (folder / "capsicum.txt").write_text(body, encoding="utf-8")
    doc = load_document(folder / "capsicum.txt", "capsicum.txt")
    assert doc.title == "capsicum" and doc.text.startswith(opening)
    from collabqa.corpus import chunk
    assert opening in " ".join(p.text for p in chunk(doc))
    (folder / "titled.txt").write_text(f"{name}\n\n{body}", encoding="utf-8")
    assert load_document(folder / "titled.txt", "titled.txt").title == name


def test_html_heading_trafilatura_keeps_as_code_reads_once():
    # The Lua 5.2 reference manual (one hand-made page; eval/corpora/lua-html): each API
    # entry is "<hr><h3><a name=x><code>lua_isnil</code></a></h3>". trafilatura drops the
    # heading but keeps its code; the heading put back and that code read "lua_isnil"
    # twice, 334 times over.
    root = Path(__file__).resolve().parents[1] / "eval/corpora/lua-html/docs"
    doc, passages = _load(root / "manual.html")
    entry = next(p for p in passages if p.section.endswith("> lua_isnil"))
    # (Its stack effect, "[-0, +0, –]", is read since the page's body is read as an
    # article: trafilatura had gathered its paragraphs as loose text without it.)
    assert entry.text.startswith(
        "lua_isnil\n\n[-0, +0, \u2013]\n\nint lua_isnil (lua_State *L, int index);")
    assert "lua_absindex\n\nlua_absindex" not in doc.text


def test_html_loose_text_after_a_heading_is_a_paragraph(tmp_path):
    # Hand-written HTML often opens a section's text right after its heading, with no
    # <p> (the Lua manual's every API entry); trafilatura dropped that text and kept its
    # inline code alone, a word a block ("s", "n", "repl").
    path = tmp_path / "manual.html"
    path.write_text(
        "<html><body><h1>Reference Manual</h1><p>" + "Words about strings in general. " * 6
        + "<hr><h3><a name='gsub'><code>string.gsub (s, pattern, repl)</code></a></h3>\n"
        "Returns a copy of <code>s</code> in which all occurrences of the <code>pattern</code>"
        " are replaced by <code>repl</code>.\nThe name <code>gsub</code> comes from <em>Global"
        " SUBstitution</em>.\n<p>If <code>repl</code> is a string, its value is used.</p>"
        "<hr><h3>string.len (s)</h3>Returns the length of the string.</body></html>",
        encoding="utf-8")
    doc, passages = _load(path)
    text = " ".join(doc.text.split())
    assert ("Returns a copy of s in which all occurrences of the pattern are replaced by repl. "
            "The name gsub comes from Global SUBstitution.") in text
    assert "Returns the length of the string." in text
    blocks = [doc.text[b.start:b.end] for b in doc.blocks]
    assert "s" not in blocks and "repl" not in blocks

def test_html_paragraph_text_after_its_example_is_read(tmp_path):
    # man2html writes "<p>... are:<pre>example</pre>If there are more ... occurs.</p>"
    # (PCRE2's pages). The parser ends the <p> at the <pre>, the rest stood loose after
    # it, and trafilatura dropped it: 42,000 characters of pcre2pattern.html.
    path = tmp_path / "pcre2pattern.html"
    path.write_text(
        "<html><body><h1>pcre2pattern man page</h1><h2>CONDITIONAL GROUPS</h2><p>\n"
        "It is possible to choose between two alternative fragments. The forms are:\n"
        "<pre>\n  (?(condition)yes-pattern)\n  (?(condition)yes-pattern|no-pattern)\n</pre>\n"
        "If there are more than two alternatives in the group, a compile-time error\n"
        "occurs. Each of the two alternatives may itself contain nested groups.\n</p>\n"
        "<p>There are five kinds of condition.</p>\n"
        "<div>Options read before a list stand apart from it.\n"
        "<ul><li>the first option</li><li>the second option</li></ul>\n"
        "And the words after the list stand apart too.</div>\n"
        "<ul><li>An item with an example:<pre>x = 1</pre>and its words after it.</li></ul>"
        "</body></html>", encoding="utf-8")
    doc, passages = _load(path)
    blocks = [" ".join(doc.text[b.start:b.end].split()) for b in doc.blocks]
    assert ("If there are more than two alternatives in the group, a compile-time error "
            "occurs. Each of the two alternatives may itself contain nested groups.") in blocks
    at = blocks.index("There are five kinds of condition.")
    assert blocks[at + 1:at + 5] == ["Options read before a list stand apart from it.",
                                     "- the first option", "- the second option",
                                     "And the words after the list stand apart too."]
    assert "and its words after it." in " ".join(blocks[at + 5:])  # in its item, as before


def test_doxygen_code_reads_as_code_without_its_tooltips(tmp_path):
    # Doxygen writes code as <div class="fragment"> of <div class="line">s, no <pre>, with
    # hidden hover tooltips (<div class="ttc">) after the lines; trafilatura read each line
    # as a paragraph of prose and the tooltips as text. Eigen lays an example beside its
    # output in a table ("Example: | Output:"), which read as one row of two cells. The
    # page's title is a <div>, read as a paragraph, under the project's name and a banner.
    path = tmp_path / "tutorial.html"
    lines = ["int main()", "{", "  Matrix2d a;", "  std::cout << a.sum();", "}"]
    fragment = ('<div class="fragment">' + "".join(f'<div class="line">{html.escape(x)}</div>'
                                                  for x in lines)
                + '<div class="ttc" id="aMatrix"><div class="ttname">Eigen::Matrix</div>'
                '<div class="ttdoc">The matrix class.</div><div class="ttdef"><b>Definition:'
                '</b> Matrix.h:180</div></div></div>')
    path.write_text(
        "<html><body><div style='background:#FFDDDD'>Please, help us by answering a short "
        "survey: <a href='https://example.com/s'>https://example.com/s</a></div><div id='top'>"
        "<div id='titlearea'><table><tr><td><div id='projectname'>Eigen <span>3.4.0</span>"
        "</div></td></tr></table></div></div><div class='header'><div class='headertitle'>"
        "<div class='title'>Arithmetic<div class='ingroups'><a href='g.html'>Dense</a></div>"
        "</div></div></div><div class='contents'><p>" + "Words about matrices and sums. " * 6
        + "</p><h2>Sums</h2><p>The sum of a matrix adds its coefficients:</p>" + fragment
        + "<p>Comparison with the array class follows below.</p><table><tr><th>Example:</th>"
        "<th>Output:</th></tr><tr><td>" + fragment + '</td><td><pre class="fragment">10\n'
        "</pre></td></tr></table><p>That is all there is to it.</p></div></body></html>",
        encoding="utf-8")
    doc, _ = _load(path)
    # Doxygen's page title is the title; the project's name and a banner over it are no text.
    assert doc.title == "Arithmetic"
    assert "survey" not in doc.text and "3.4.0" not in doc.text and "Dense" not in doc.text
    blocks = [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]
    assert blocks.count(("code", "\n".join(lines))) == 2
    assert "Matrix.h:180" not in doc.text and "The matrix class." not in doc.text
    example = blocks.index(("text", "Example:"))
    assert blocks[example:example + 4] == [
        ("text", "Example:"), ("code", "\n".join(lines)), ("text", "Output:"), ("code", "10")]


def test_eigen_manual_examples_read_as_code_beside_their_output():
    # The Eigen 3.4 manual (Doxygen 1.9.4; eval/corpora/eigen-html).
    root = Path(__file__).resolve().parents[1] / "eval/corpora/eigen-html/docs"
    doc, _ = _load(root / "group__TutorialMatrixArithmetic.html")
    code = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "code"]
    assert any(c.startswith("#include <iostream>\n#include <Eigen/Dense>\n") for c in code)
    assert any(c.startswith("a + b =\n3 5\n4 8") for c in code)
    assert "Definition: Matrix.h" not in doc.text


def test_doxygen_formula_images_read_as_their_tex(tmp_path):
    # Without MathJax, Doxygen draws each formula with LaTeX as an image whose alt text is
    # its TeX; trafilatura drops images, and the logo "{\\LaTeX}" in running text went.
    path = tmp_path / "formulas.html"
    path.write_text(
        "<html><body><div class='contents'><p>Doxygen allows you to put <img class="
        "'formulaInl' alt='{\\LaTeX}' src='form_0.png'/> formulas in the output. The "
        "distance between <img class='formulaInl' alt='$(x_1,y_1)$' src='form_1.png'/> and "
        "its neighbour is measured in metres, as every reader of the manual knows.</p>"
        "<p class='formulaDsp'><img class='formulaDsp' alt='\\[ |I_2| = 0 \\]' "
        "src='form_2.png'/></p><p>A picture with no text stays out: <img src='a.png' "
        "alt='diagram of the pipeline'/> as any image does.</p></div></body></html>",
        encoding="utf-8")
    doc, _ = _load(path)
    text = " ".join(doc.text.split())
    assert "put LaTeX formulas in the output" in text
    assert "between (x_1,y_1) and its neighbour" in text
    assert "|I_2| = 0" in text and "\\[" not in text
    assert "diagram of the pipeline" not in text  # only a formula's image reads its alt


def test_doxygen_manual_names_latex_where_it_draws_the_logo():
    # Doxygen's own manual (1.9.4; eval/corpora/doxygen-html) draws "LaTeX" as an image.
    root = Path(__file__).resolve().parents[1] / "eval/corpora/doxygen-html/docs"
    doc, _ = _load(root / "formulas.html")
    assert "Doxygen allows you to put LaTeX formulas in the output" in " ".join(doc.text.split())


def _member(anchor: str, name: str, overload: str, cells: list[list[str]], doc: str) -> str:
    """One member of a Doxygen class page, as Doxygen 1.9 writes it."""
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                   for row in cells)
    return (f'<a id="{anchor}" name="{anchor}"></a><h2 class="memtitle"><span class="permalink">'
            f'<a href="#{anchor}">&#9670;&nbsp;</a></span>{name} <span class="overload">'
            f'{overload}</span></h2><div class="memitem"><div class="memproto"><div '
            'class="memtemplate">template&lt;typename _MatrixType &gt; </div><table '
            'class="mlabels"><tr><td class="mlabels-left"><table class="memname">' + rows
            + '</table></td><td class="mlabels-right"><span class="mlabels"><span '
            f'class="mlabel">inline</span></span></td></tr></table></div><div class="memdoc">'
            f"<p>{doc}</p></div></div>")


def test_doxygen_members_are_sections_and_their_prototypes_code(tmp_path):
    # A member of a Doxygen class page is a heading (<h2 class="memtitle">, with a mark and
    # an overload count) over a prototype laid out as a table of its return type, name,
    # "(", each parameter and ")". trafilatura dropped the heading and read the table a
    # cell a word ("Solver::solve | ( | Index | rows"), so every member stood in the
    # page's "Detailed Description" and its first sentence read with the table's words.
    path = tmp_path / "classSolver.html"
    path.write_text(
        "<html><body><div class='header'><div class='headertitle'><div class='title'>Solver "
        "Class Reference</div></div></div><div class='contents'><h2 class='groupheader'>"
        "Detailed Description</h2><p>" + "A solver of linear systems by decomposition. " * 5
        + "</p><h2 class='groupheader'>Member Function Documentation</h2>"
        + _member("a1", "solve()", "[1/2]",
                  [["Vector Solver::solve", "(", "const Vector &", "b", ")", "const"]],
                  "Solves the system for one right-hand side and keeps the factors.")
        + _member("a2", "solve()", "[2/2]",
                  [["Matrix Solver::solve", "(", "const Matrix &", "b,"],
                   ["", "", "Index", "threads = 1"], ["", ")", "", ""]],
                  "Solves the system for many right-hand sides on threads workers.")
        + _member("a3", "rank()", "", [["Index Solver::rank", "(", "", ")", "const"]],
                  "The number of pivots larger than the threshold.")
        + _member("a4", "info()", "", [["ComputationInfo Solver::info"]],
                  "Reports whether the last computation succeeded.")
        + "</div></body></html>", encoding="utf-8")
    doc, _ = _load(path)
    # (A section's first block opens with its heading.)
    blocks = [(b.section, b.kind, doc.text[b.start:b.end].rpartition("\n\n")[2])
              for b in doc.blocks]
    assert ("solve()", "code", "Vector Solver::solve ( const Vector & b ) const") in blocks
    assert ("solve()", "code", "Matrix Solver::solve ( const Matrix & b, Index threads = 1 )"
            ) in blocks
    assert ("rank()", "text", "The number of pivots larger than the threshold.") in blocks
    # A prototype of one cell (a member with no parentheses, no labels) too.
    assert ("info()", "code", "ComputationInfo Solver::info") in blocks
    assert ("solve()", "text", "Solves the system for many right-hand sides on threads "
            "workers.") in blocks
    assert "inline" not in doc.text and "[1/2]" not in doc.text and "\u25c6" not in doc.text
    assert "template<" not in doc.text
    # A prototype not laid out in a `memname` table is left as it is, not emptied.
    other = tmp_path / "classOther.html"
    other.write_text(path.read_text(encoding="utf-8").replace("memname", "proto"),
                     encoding="utf-8")
    assert "Vector Solver::solve" in _load(other)[0].text


def test_eigen_class_page_members_are_sections():
    # Eigen 3.4's JacobiSVD page (Doxygen 1.9.4; eval/corpora/eigen-html).
    root = Path(__file__).resolve().parents[1] / "eval/corpora/eigen-html/docs"
    doc, _ = _load(root / "classEigen_1_1JacobiSVD.html")
    blocks = [(b.section, b.kind, doc.text[b.start:b.end].rpartition("\n\n")[2])
              for b in doc.blocks]
    assert ("computeV() > Returns", "text", "true if V (full or thin) is asked for in this "
            "SVD decomposition") in blocks
    assert ("JacobiSVD()", "code", "Eigen::JacobiSVD< _MatrixType, QRPreconditioner >::"
            "JacobiSVD ( Index rows, Index cols, unsigned int computationOptions = 0 )"
            ) in blocks
    assert " | ( | " not in doc.text


_TEXI2HTML_BAR = (
    '<table cellpadding="1" cellspacing="1" border="0"><tr><td>[<a href="p1.html#S1" '
    'title="Previous chapter"> &lt;&lt; </a>]</td><td>[<a href="p3.html#S3"> &gt;&gt; </a>]'
    "</td><td> &nbsp; </td><td>[<a href='toc.html#Top'>Top</a>]</td><td>[<a href="
    "'toc.html#Contents'>Contents</a>]</td><td>[<a href='idx.html'>Index</a>]</td></tr></table>")


def test_texi2html_page_reads_its_headings_and_examples(tmp_path):
    # texi2html 1.78 (the GNU gettext manual): paragraphs straight in <body>, a bar of
    # bracketed links at the top and bottom, each heading one link to the table of
    # contents, each example a <pre> in a table beside an empty cell, a "generated by"
    # line under the last bar. trafilatura found no container, gathered the paragraphs
    # and dropped every heading, kept the bars as table rows and the examples as cells.
    path = tmp_path / "manual_4.html"
    path.write_text(
        "<html><head><title>Manual: 4. Sources</title></head><body>" + _TEXI2HTML_BAR
        + '<hr size="2"><a name="SEC17"></a><h1 class="chapter"> 4. Sources </h1><p>'
        + "Changes to the sources fall into three categories. " * 4 + "</p>"
        '<a name="SEC18"></a><h2 class="section"> <a href="toc.html#TOC18">4.1 Importing '
        "the <code>gettext</code> declaration</a> </h2><p>Each module having translated "
        "strings should contain the line:</p><table><tr><td>&nbsp;</td><td><pre "
        'class="example">#include &lt;libintl.h&gt;\n</pre></td></tr></table><p>'
        + "The header declares the functions. " * 4 + '</p><a name="SEC19"></a><h2 '
        'class="section"> <a href="toc.html#TOC19">4.2 Triggering Operations</a> </h2><p>'
        + "The locale is set up at the start of main. " * 4 + "</p>" + _TEXI2HTML_BAR
        + '<p><font size="-1">This document was generated by <em>A. Maintainer</em> on '
        '<em>July, 26 2020</em> using <a href="https://www.nongnu.org/texi2html/"><em>'
        "texi2html 1.78a</em></a>.</font><br></p></body></html>", encoding="utf-8")
    doc, _ = _load(path)
    blocks = [(b.section, b.kind, doc.text[b.start:b.end].rpartition("\n\n")[2])
              for b in doc.blocks]
    assert ("4.1 Importing the gettext declaration", "code", "#include <libintl.h>") in blocks
    assert ("4.2 Triggering Operations", "text",
            ("The locale is set up at the start of main. " * 4).strip()) in blocks
    assert "Contents" not in doc.text and "<<" not in doc.text
    assert "generated by" not in doc.text and "texi2html" not in doc.text
    assert [k for _, k, t in blocks if "gettext" == t] == []  # no piece of a heading


def test_html_index_of_links_is_no_text_but_a_table_of_links_and_words_is(tmp_path):
    # An index page's table (a header row over rows of an entry and its section, both
    # links) outranked the text it points to ("-v, msggrep option | 9.3.3 Message
    # selection"); a table whose cells hold words besides links is a table.
    path = tmp_path / "index.html"
    entries = "".join(f'<tr><td></td><td><a href="p9.html#I{i}"><code>--opt{i}</code>, '
                      f'msggrep option</a></td><td><a href="p9.html#S{i}">9.3.{i} Message '
                      "selection</a></td></tr>" for i in range(5))
    path.write_text(
        "<html><body><h1>Tools</h1><p>" + "The tools read and write catalogs. " * 5 + "</p>"
        '<table class="index-op"><tr><td></td><th>Index Entry</th><th>Section</th></tr>'
        + entries + "</table><h2>Programs</h2><table><tr><th>Program</th><th>What it does"
        "</th></tr><tr><td><a href='p9.html'>msggrep</a></td><td>selects messages</td></tr>"
        "<tr><td><a href='p8.html'>msgcat</a></td><td>joins catalogs</td></tr></table>"
        "</body></html>", encoding="utf-8")
    doc, _ = _load(path)
    assert "Index Entry" not in doc.text and "9.3.1 Message selection" not in doc.text
    assert "msggrep | selects messages" in doc.text and "msgcat | joins catalogs" in doc.text


def test_gettext_manual_page_reads_its_headings_and_examples():
    # The GNU gettext 0.21 manual, texi2html 1.78a (eval/corpora/gettext-html).
    root = Path(__file__).resolve().parents[1] / "eval/corpora/gettext-html/docs"
    doc, _ = _load(root / "gettext_4.html")
    sections = {b.section for b in doc.blocks}
    assert {"4.1 Importing the gettext declaration", "4.2 Triggering gettext Operations",
            "4.3 Preparing Translatable Strings > Entire sentences"} <= sections
    code = [doc.text[b.start:b.end].rpartition("\n\n")[2] for b in doc.blocks
            if b.kind == "code"]
    assert "#include <libintl.h>" in code and '"No match"' in code
    assert "[Contents]" not in doc.text and "using texi2html" not in doc.text
    index = load_document(root / "gettext_22.html", "gettext_22.html")  # the Option Index
    assert index is None or "msggrep option" not in index.text


def test_gettext_country_codes_are_read_as_lists_not_one_code_a_passage():
    # The manual's appendix of ISO 3166 codes: 249 <dt> codes, each over a <dd> of a
    # country's name. One passage each, "‘CA’ Canada." answered "What is the capital city
    # of Canada?" (the off-topic question no other corpus let through).
    from collabqa.corpus import MAX_WORDS, chunk

    root = Path(__file__).resolve().parents[1] / "eval/corpora/gettext-html/docs"
    passages = chunk(load_document(root / "gettext_19.html", "gettext_19.html"))
    codes = [p for p in passages if "‘CA’" in p.text or "‘ZW’" in p.text]
    assert len(passages) <= 8 and len(codes) == 2
    assert all(len(p.text.split()) <= MAX_WORDS for p in passages)
    assert "‘CA’\n\nCanada.\n\n‘CC’\n\nCocos (Keeling) Islands." in codes[0].text


def _sphinx_section(ident: str, number: str, title: str, body: str, level: int = 2) -> str:
    return (f'<section id="{ident}"><span id="s-{ident[:6]}"></span><h{level}><span '
            f'class="section-number">{number} </span>{title}<a class="headerlink" '
            f'href="#{ident}" title="Permalink to this heading">\u00b6</a></h{level}>'
            f"{body}</section>")


def test_sphinx_sections_named_like_page_furniture_are_kept(tmp_path):
    # Sphinx puts each section in a <section> whose id is its heading's words.
    # trafilatura drops elements whose id holds "author", "related", "menu", "nav",
    # "shar", "tags", "footer" ...: a manual lost its "Authors and Maintainers",
    # "Related documents", "Menus" and "Shared libraries" sections. A sidebar named so
    # (its id not its heading's words) still goes.
    path = tmp_path / "ch-scope.html"
    text = "The manual was initially written in 1996 by Ian Jackson. " * 3
    path.write_text(
        "<html><head><title>1. About this manual</title></head><body>"
        '<div class="document"><div class="body" role="main">'
        + _sphinx_section("about-this-manual", "1.", "About this manual", "<p>"
                          + "This manual describes the policy requirements. " * 4 + "</p>"
                          + _sphinx_section("authors-and-maintainers", "1.3.",
                                            "Authors and Maintainers", f"<p>{text}</p>")
                          + _sphinx_section("related-documents", "1.4.", "Related documents",
                                            "<p>" + "Other documents may be relevant. " * 3
                                            + "</p>")
                          + _sphinx_section("menus", "1.5.", "Menus", "<p>"
                                            + "Packages may register their menu entries. " * 3
                                            + "</p>"), level=1)
        + '</div></div><div id="sidebar-menu"><h3>Navigation</h3><p>'
        + "Previous topic and next topic links go here. " * 3 + "</p></div></body></html>",
        encoding="utf-8")
    doc, _ = _load(path)
    sections = {b.section for b in doc.blocks}
    assert {"1.3. Authors and Maintainers", "1.4. Related documents", "1.5. Menus"} <= sections
    assert "initially written in 1996 by Ian Jackson" in doc.text
    assert "Previous topic" not in doc.text


def test_html_inline_code_holding_code_reads_in_place(tmp_path):
    # PostgreSQL's manual (DocBook) writes a placeholder inside inline code as code in
    # code; trafilatura moved the inner piece and the rest after it to the paragraph's
    # end: "a check constraint CHECK (, but in PostgreSQL ... column_name IS NOT NULL)".
    path = tmp_path / "ddl-constraints.html"
    path.write_text(
        "<html><body><h1>Constraints</h1><p>" + "Data types limit what a table holds. " * 4
        + "</p><p>A not-null constraint is functionally equivalent to creating a check "
        'constraint <code class="literal">CHECK (<em class="replaceable"><code>column_name'
        "</code></em>\n    IS NOT NULL)</code>, but in <span>PostgreSQL</span> creating an "
        "explicit not-null constraint is more efficient.</p></body></html>", encoding="utf-8")
    doc, _ = _load(path)
    assert ("a check constraint CHECK (column_name IS NOT NULL), but in PostgreSQL creating "
            "an explicit not-null constraint is more efficient.") in " ".join(doc.text.split())


def test_sphinx_api_section_named_after_its_module_is_kept(tmp_path):
    # Sphinx names an API entry's section after its module: Scrapy's
    # "module-scrapy.downloadermiddlewares.cookies" over the heading "CookiesMiddleware".
    # trafilatura took the id for a cookie banner's and dropped the section whole.
    path = tmp_path / "downloader-middleware.html"
    path.write_text(
        "<html><head><title>Downloader Middleware</title></head><body>"
        '<div class="document"><div class="body" role="main">'
        + _sphinx_section("downloader-middleware", "", "Downloader Middleware", "<p>"
                          + "A downloader middleware hooks into requests and responses. " * 3
                          + "</p>"
                          + _sphinx_section("module-scrapy.downloadermiddlewares.cookies", "",
                                            "CookiesMiddleware",
                                            "<p>This middleware enables working with sites "
                                            "that require cookies, such as those that use "
                                            "sessions.</p>", level=3)
                          + _sphinx_section("module-scrapy.downloadermiddlewares.httpauth", "",
                                            "HttpAuthMiddleware", "<p>" + "This middleware "
                                            "authenticates all requests of a spider. " * 6
                                            + "</p>", level=3), level=1)
        + '</div></div><div id="cookie-consent"><h3>We value your privacy</h3><p>'
        + "Accept all cookies to continue browsing. " * 3 + "</p></div></body></html>",
        encoding="utf-8")
    doc, _ = _load(path)
    assert "enables working with sites that require cookies" in doc.text
    assert "CookiesMiddleware" in {b.section.split(" > ")[-1] for b in doc.blocks}
    assert "Accept all cookies" not in doc.text


def test_texinfo_section_under_its_navigation_named_comments_is_kept(tmp_path):
    # Texinfo 6 opens each section's <div> with its "Next: ..., Up: ..." links and an
    # anchor before the heading; trafilatura drops an element whose id begins "comment"
    # as a blog's comments, and GNU m4's page "Comments in m4 input" was skipped whole
    # ("no main text found"). A blog's comments (an id that is not its heading's) still go.
    path = tmp_path / "Comments.html"
    path.write_text(
        "<html><head><title>Comments (GNU M4 1.4.19 macro processor)</title></head><body>"
        '<div class="section" id="Comments"><div class="header"><p>Next: <a href="Other.html">'
        'Other kinds of input tokens</a>, Up: <a href="Syntax.html">Lexical conventions</a>'
        ' &nbsp; [<a href="index.html#SEC_Contents">Contents</a>]</p></div><hr>'
        '<span id="Comments-in-m4-input"></span><h3 class="section">3.3 Comments in '
        "<code>m4</code> input</h3><p>Comments in <code>m4</code> are normally delimited by "
        "the characters '#' and newline. All characters between the comment delimiters are "
        "ignored, but the entire comment (including the delimiters) is passed through to the "
        "output.</p><p>" + "Comments cannot be nested, so the first newline ends one. " * 3
        + '</p></div><div id="comments"><h3>2 Responses</h3><p>'
        + "Great post, thanks for sharing it with us all! " * 3 + "</p></div></body></html>",
        encoding="utf-8")
    doc, _ = _load(path)
    assert "is passed through to the output" in doc.text
    assert "3.3 Comments in m4 input" in {b.section for b in doc.blocks}
    assert "Next:" not in doc.text and "Great post" not in doc.text


def test_gnu_m4_comments_page_is_read():
    # The real page, as the eval corpus holds it (GNU m4 1.4.19's manual, GFDL).
    page = Path(__file__).resolve().parents[1] / "eval/corpora/m4-html/docs/Comments.html"
    doc, _ = _load(page)
    assert "the entire comment (including the delimiters) is passed through to" in doc.text


def test_a_table_of_linked_terms_is_kept(tmp_path):
    # A reference's table whose cells link each term to where it is used is mostly link
    # text, and trafilatura dropped it as navigation: the Rust Reference lost its table
    # of punctuation tokens (forty rows). Its links are read as their text; a table of
    # navigation links only still goes.
    rows = "".join(
        f'<tr><td><code>{sym}</code></td><td>{name}</td><td><a href="ops.html#{name}">{use}'
        f' operator expressions</a>, <a href="bounds.html">Trait Bounds</a>, <a href="m.html">'
        f'Macro Kleene Matcher</a></td></tr>'
        for sym, name, use in [("+", "Plus", "Addition"), ("-", "Minus", "Subtraction"),
                               ("*", "Star", "Multiplication"), ("/", "Slash", "Division"),
                               ("%", "Percent", "Remainder"), ("^", "Caret", "Bitwise XOR"),
                               ("!", "Not", "Negation"), ("&", "And", "Bitwise AND"),
                               ("|", "Or", "Bitwise OR"), ("<<", "Shl", "Shift Left")] * 4)
    path = tmp_path / "tokens.html"
    path.write_text(
        '<html><body><main><h1>Tokens</h1><h2 id="punctuation">Punctuation</h2><p>'
        "Punctuation symbol tokens are listed here for completeness. Their individual "
        "usages and meanings are defined in the linked pages.</p><table><thead><tr><th>"
        "Symbol</th><th>Name</th><th>Usage</th></tr></thead><tbody>" + rows
        + "<tr><td><code>~</code></td><td>Tilde</td><td>The tilde operator has been unused "
        "since before Rust 1.0, but its token may still be used</td></tr></tbody></table>"
        '<p>Next: <a href="a.html">Macros</a>, Up: <a href="b.html">Lexical structure</a>'
        "</p></main></body></html>", encoding="utf-8")
    doc, _ = _load(path)
    read = " ".join(doc.text.split())
    assert "- | Minus | Subtraction operator expressions, Trait Bounds, Macro Kleene" in read
    assert "~ | Tilde | The tilde operator has been unused since before Rust 1.0" in read
    assert "Next:" not in read


def test_rust_reference_punctuation_table_is_read():
    # The real page, as the eval corpus holds it (the Rust Reference, MIT/Apache-2.0).
    page = Path(__file__).resolve().parents[1] / "eval/corpora/rust-reference-html/docs/tokens.html"
    doc, _ = _load(page)
    assert "Tilde | The tilde operator has been unused since before Rust 1.0" in doc.text


def test_html_footnote_marks_are_no_text_and_notes_read_without_labels(tmp_path):
    # docutils (Sphinx 5) writes a footnote's mark as a link "7" in the sentence, and
    # the notes as a definition list of labels ("7") over their texts; Sphinx 6 as
    # <aside>s; DocBook as a superscript "[1]" in a link; Python-Markdown with a "↩".
    path = tmp_path / "changelog.html"
    path.write_text(
        '<html><body><div role="main"><section id="changelog"><h1>Changelog</h1><p>'
        + "Every release adds an entry to the changelog file. " * 3 + "</p><p>The date "
        'has the following format <a class="footnote-reference brackets" href="#id9" '
        'id="id1">7</a> (compatible with RFC 2822):</p><p>The manual was first '
        'published in 1996.<a href="#ftn.x" class="footnote"><sup class="footnote" '
        'id="x">[1]</sup></a> Many people have revised it since.<sup id="fnref:2"><a '
        'class="footnote-ref" href="#fn:2">2</a></sup></p><dl class="footnote brackets">'
        '<dt class="label" id="id9"><span class="brackets"><a class="fn-backref" '
        'href="#id1">7</a></span></dt><dd><p>The format generated by date -R is the '
        'one.</p></dd></dl><aside class="footnote-list brackets"><aside class="footnote '
        'brackets" id="id3" role="doc-footnote"><span class="label"><span '
        'class="fn-bracket">[</span><a role="doc-backlink" href="#id2">8</a><span '
        'class="fn-bracket">]</span></span><p>Older entries used another layout.</p>'
        '</aside></aside><div class="footnote"><ol><li id="fn:2"><p>By many people, in '
        'fact.&#160;<a class="footnote-backref" href="#fnref:2">\u21a9</a></p></li>'
        "</ol></div><p>None exports all fields <a class=\"footnote-reference brackets\" "
        'href="#id9" id="id4">7</a>, by default.</p></section></div></body></html>',
        encoding="utf-8")
    doc, _ = _load(path)
    assert "The date has the following format (compatible with RFC 2822):" in doc.text
    assert "first published in 1996. Many people have revised it since." in doc.text
    assert "all fields, by default" in doc.text
    texts = [doc.text[b.start:b.end] for b in doc.blocks]
    # Each note reads right after the paragraph that marks it, not at the page's end.
    at = texts.index("The date has the following format (compatible with RFC 2822):")
    assert texts[at + 1] == "The format generated by date -R is the one."
    assert "Older entries used another layout." in texts  # no mark points to it
    assert not any(t.strip() in ("7", "8", "[1]", "2") for t in texts)
    assert "\u21a9" not in doc.text and "By many people, in fact." in doc.text
    assert not any(b.section.rpartition(" > ")[2].isdigit() for b in doc.blocks)


def test_debian_policy_manual_reads_its_sections_and_notes():
    # The Debian Policy Manual 4.6.2.0, Sphinx 5.3 (eval/corpora/debian-policy-html).
    root = Path(__file__).resolve().parents[1] / "eval/corpora/debian-policy-html/docs"
    doc, _ = _load(root / "ch-scope.html")
    sections = {b.section for b in doc.blocks}
    assert {"1.3. Authors and Maintainers > 1.3.1. Early history",
            "1.4. Related documents"} <= sections
    assert "initially written in 1996 by Ian Jackson" in doc.text
    assert not any(s.endswith("> 1") or s.endswith("> 2") for s in sections)
    programs, _ = _load(root / "ch-customized-programs.html")
    note = next(b for b in programs.blocks
                if "in which case X fonts are provided by the remote X server"
                in programs.text[b.start:b.end])
    assert note.section == ("11.8. Programs for the X Window System > "
                            "11.8.5. Packages providing fonts")
    source, _ = _load(root / "ch-source.html")
    assert "The date has the following format (compatible" in source.text
    assert "format generated by date -R" in source.text


def test_mdbook_hidden_example_lines_and_footnote_labels_are_no_text(tmp_path):
    # mdBook wraps a Rust example in hidden lines (`<span class="boring">`, shown only when
    # the reader asks), and writes a footnote as a `<div class="footnote-definition">`
    # whose label is a `<sup>` ("1").
    path = tmp_path / "functions.html"
    path.write_text(
        '<html><body><div id="content"><main><h1><a class="header" href="#functions">'
        "Functions</a></h1><p>" + "A function consists of a block and a name. " * 4 +
        'Functions may be <code>async</code><sup class="footnote-reference"><a '
        'href="#async-edition">1</a></sup> when they wait.</p><div class="footnote-definition"'
        ' id="async-edition"><sup class="footnote-definition-label">1</sup><p>The async '
        "qualifier is not allowed in the 2015 edition.</p></div><p>For example, this is a "
        'simple function:</p><pre><pre class="playground"><code class="language-rust">'
        '<span class="boring">#![allow(unused)]\n</span><span class="boring">fn main() {\n'
        "</span>fn answer() -&gt; i32 {\n    return 42;\n}\n<span class=\"boring\">}\n"
        "</span></code></pre></pre></main></div></body></html>", encoding="utf-8")
    doc, _ = _load(path)
    texts = [doc.text[b.start:b.end] for b in doc.blocks]
    assert [t for t in texts if t.startswith("fn ")] == ["fn answer() -> i32 {\n    return 42;\n}"]
    assert "fn main" not in doc.text and "allow(unused)" not in doc.text
    assert "Functions may be async when they wait." in doc.text
    at = next(i for i, t in enumerate(texts) if t.endswith("when they wait."))
    assert texts[at + 1] == "The async qualifier is not allowed in the 2015 edition."
    assert "1" not in [t.strip() for t in texts]


def test_the_rust_reference_reads_its_examples_as_shown():
    # The Rust Reference (Rust 1.63, mdBook; eval/corpora/rust-reference-html).
    root = Path(__file__).resolve().parents[1] / "eval/corpora/rust-reference-html/docs"
    doc, _ = _load(root / "items/functions.html")
    texts = [doc.text[b.start:b.end].strip() for b in doc.blocks]
    assert not any(t.startswith("#![allow(unused)]") for t in texts)
    assert "fn answer_to_life_the_universe_and_everything() -> i32 {\n    return 42;\n}" in texts
    assert not {"1", "2"} & set(texts)
    assert "The async qualifier is not allowed in the 2015 edition." in texts


def test_html_inline_code_in_a_list_item_stays_in_its_sentence(tmp_path):
    path = tmp_path / "items.html"
    path.write_text(
        "<html><body><h1>Items</h1><p>" + "Words about staging files in a repository. " * 5
        + "</p><ul><li>Use <code>git add</code> to stage a file, then commit it.</li>"
        "<li>Run this:<pre><code>git commit -m x\ngit push</code></pre> and then rest.</li>"
        "</ul></body></html>", encoding="utf-8")
    doc, _ = _load(path)
    assert "- Use git add to stage a file, then commit it." in doc.text
    code = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "code"]
    assert code == ["git commit -m x\ngit push"] and "- Run this:" in doc.text
    assert "and then rest." in doc.text


def test_html_superscript_is_an_exponent_only_after_a_digit(tmp_path):
    path = tmp_path / "sup.html"
    path.write_text(
        "<html><body><h1>Limits</h1><p>Integers are exact up to 2<sup>53</sup> in a double, "
        "and a page may hold 10<sup>-3</sup> of them. This was measured twice<sup>1</sup>, "
        "as the 1<sup>st</sup> edition says.</p></body></html>", encoding="utf-8")
    doc, _ = _load(path)
    assert "up to 2^53 in a double" in doc.text and "10^-3 of them" in doc.text
    assert "measured twice1," in doc.text and "the 1st edition" in doc.text


def test_html_heading_recovery_never_invents_or_repeats(tmp_path):
    # Headings trafilatura keeps stay once; a heading with no text after it adds nothing.
    body = "<p>" + "Words that fill a paragraph about ponds and newts. " * 8 + "</p>"
    page = (f"<html><body><h1>Ponds</h1>{body}<h2>Newts</h2>{body.replace('ponds', 'newts')}"
            "<h2>Empty</h2></body></html>")
    path = tmp_path / "ponds.html"
    path.write_text(page, encoding="utf-8")
    doc, passages = _load(path)
    assert doc.text.count("Newts") == 1 and "Empty" not in {p.section for p in passages}


# --------------------------------------------------------------------------- PDF


def test_pdf_pages_titles_and_sections(tmp_path):
    doc, passages = _load(make_pdf(tmp_path / "ponds.pdf"))
    assert doc.title == "Field Guide to Ponds"
    assert len(doc.pages) == 3
    for n, (a, b) in enumerate(doc.pages, 1):
        assert 0 <= a <= b <= len(doc.text) and (n == 1 or a >= doc.pages[n - 2][1])
    lily = next(p for p in passages if "Water lilies shade" in p.text)
    assert lily.page == 2 and lily.section == "Plants > Water lilies"
    assert lily.text.startswith("Plants\n\nWater lilies\n\n")
    newt = next(p for p in passages if "crested newts" in p.text)
    assert newt.page == 3 and newt.section == "Amphibians"
    dragon = next(p for p in passages if "Dragonflies hunt" in p.text)
    assert dragon.page == 1 and dragon.section == "Life in the shallows"
    # Lines wrapped by the layout read as one paragraph; page numbers are gone.
    assert " ".join(DRAGONFLY.split()) in " ".join(doc.text.split())
    assert not any(line.strip().isdigit() for line in doc.text.split("\n"))
    assert doc.text.count("Field Guide to Ponds") == 0


def test_pdf_title_from_first_page_when_metadata_has_none(tmp_path):
    doc, _ = _load(make_pdf(tmp_path / "untitled-scan-0042.pdf", title=None))
    assert doc.title == "Field Guide to Ponds"


def test_unreadable_files_are_skipped_with_one_warning_each(tmp_path, caplog):
    make_pdf(tmp_path / "good.pdf")
    make_encrypted_pdf(tmp_path / "locked.pdf")
    make_scanned_pdf(tmp_path / "scan.pdf")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")
    with (tmp_path / "huge.pdf").open("wb") as fh:  # sparse: no real disk used
        fh.truncate(51 * 1024 * 1024)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    with caplog.at_level(logging.WARNING, logger="collabqa"):
        docs = load_corpus(tmp_path)
    assert [d.source for d in docs] == ["good.pdf"]
    lines = [r.getMessage() for r in caplog.records]
    for name, why in [("locked.pdf", "encrypted"), ("scan.pdf", "no text layer"),
                      ("broken.pdf", ""), ("huge.pdf", "50 MB"), ("broken.docx", ""),
                      ("empty.html", "no main text")]:
        mine = [line for line in lines if line.startswith(f"skipping {name}:")]
        assert len(mine) == 1 and why in mine[0], (name, lines)
        assert "\n" not in mine[0]


# --------------------------------------------------------------------------- Word


def test_docx_headings_lists_and_tables(tmp_path):
    doc, passages = _load(make_docx(tmp_path / "bike.docx"))
    assert doc.title == "Bicycle Maintenance" and doc.pages == ()
    assert "Bicycle Maintenance" not in doc.text
    sections = {p.section for p in passages}
    assert {"Tyres", "Chain > Cleaning"} <= sections
    assert "- a track pump with a gauge" in doc.text
    assert "Chain | 3000 km\nBrake pads | 2000 km" in doc.text
    table = next(p for p in passages if "Brake pads" in p.text)
    assert table.section == "Chain > Cleaning"
    tyres = next(p for p in passages if p.section == "Tyres")
    assert tyres.text.startswith("Tyres\n\nCheck the pressure")


def test_one_suffix_list_and_everything_chunks(tmp_path):
    assert set(SUFFIXES) == {".md", ".markdown", ".mdx", ".txt", ".rst", ".html", ".htm", ".pdf", ".docx",
                             ".ipynb", ".1", ".2", ".3", ".4", ".5", ".6", ".7", ".8", ".9", ".man"}
    (tmp_path / "a.md").write_text("# A\n\n" + LILY, encoding="utf-8")
    (tmp_path / "b.htm").write_text(PAGE_HTML, encoding="utf-8")
    make_pdf(tmp_path / "c.pdf")
    make_docx(tmp_path / "d.docx")
    (tmp_path / "e.txt").write_text("Notes\n\n" + NEWT, encoding="utf-8")
    (tmp_path / "f.rst").write_text(RST_PAGE, encoding="utf-8")
    (tmp_path / "g.ipynb").write_text(json.dumps({"nbformat": 4, "metadata": {}, "cells": [
        {"cell_type": "markdown", "source": ["# G\n", "\n", NEWT]},
        {"cell_type": "code", "source": "print(1)", "outputs": []}]}), encoding="utf-8")
    docs = load_corpus(tmp_path)
    assert [d.source for d in docs] == ["a.md", "b.htm", "c.pdf", "d.docx", "e.txt", "f.rst", "g.ipynb"]
    for doc in docs:
        _check_spans(doc, chunk(doc))


def test_docx_title_skips_a_template_core_title_and_chapter_headings(tmp_path):
    import docx

    d = docx.Document()
    d.core_properties.title = "Word Document"
    for case in ("First test case", "Second test case"):
        d.add_heading(case, 1)
        d.add_paragraph(f"The steps of the {case.lower()} are listed in the table below.")
    d.save(str(tmp_path / "Test Cases.docx"))
    doc, passages = _load(tmp_path / "Test Cases.docx")
    assert doc.title == "Test Cases"
    assert [p.section for p in passages] == ["First test case", "Second test case"]


def test_extracted_text_expands_ligatures_and_leaves_out_a_table_of_contents():
    from collabqa.formats.builder import TextBuilder

    builder = TextBuilder("Guide")
    builder.heading(1, "Table of Contents")
    builder.block("1 Conﬁguration . . . 3")
    builder.heading(1, "Conﬁguration")
    builder.block("The conﬁguration ﬁle is read once; ﬂags override it.")
    doc = builder.document("g.pdf", "Guide", {})
    assert doc.text == "Configuration\n\nThe configuration file is read once; flags override it."
    [passage] = chunk(doc)
    assert passage.section == "Configuration"


def test_markdown_badges_and_logos_are_not_passages(tmp_path):
    # A README's opening rows of badges and its centred logo say nothing a question asks
    # about; they are neither passages nor a "byline".
    path = tmp_path / "README.md"
    path.write_text(
        "[![PyPI - Version](https://img.shields.io/pypi/v/widget)][pypi]\n"
        "[![License](https://img.shields.io/badge/license-MIT-green)](LICENSE)\n\n"
        "[pypi]: https://pypi.org/project/widget/\n\n"
        '<p align="center">\n  <img src="docs/logo.png" width="200"/>\n</p>\n\n'
        "# Widget\n\nWidget frobnicates dense vectors. ![diagram of the index](d.png) shows how.\n\n"
        "## Installation\n\nInstall it with `pip install widget` on Python 3.10 or newer.\n",
        encoding="utf-8")
    doc, passages = _load(path)
    assert doc.title == "Widget"
    assert not any("PyPI" in p.text or "License" in p.text for p in passages)
    assert all(p.kind == "text" for p in passages)
    # An image inside a sentence keeps its alt text.
    assert "diagram of the index" in passages[0].embedding_text()


def test_markdown_content_tabs_and_admonitions_read_as_prose(tmp_path):
    # MkDocs Material writes per-platform instructions as content tabs whose body is
    # indented under `=== "Title"`; it is prose and a fence, not an indented code block.
    path = tmp_path / "install.md"
    path.write_text(
        "# Installing Gizmo\n\nGizmo ships a standalone installer for every platform.\n\n"
        '=== "macOS and Linux"\n\n    Use `curl` to download the script and run it with `sh`:\n\n'
        "    ```console\n    $ curl -LsSf https://example.org/install.sh | sh\n    ```\n\n"
        '=== "Windows"\n\n    Use `irm` to download the script and run it with `iex`.\n\n'
        "!!! tip\n\n    The installer never needs *admin* rights.\n", encoding="utf-8")
    doc, passages = _load(path)
    text = "\n".join(p.embedding_text() for p in passages)
    assert "macOS and Linux:\nUse curl to download the script and run it with sh:" in text
    assert "$ curl -LsSf https://example.org/install.sh | sh" in text
    assert "Windows:\nUse irm to download" in text
    assert "Tip:\nThe installer never needs admin rights." in text
    assert "```" not in text and "===" not in text


def test_markdown_blocks_read_as_their_kind(tmp_path):
    # pymdownx blocks (`/// version-added | 2.7` ... `///`) in MkDocs docs.
    path = tmp_path / "json.md"
    path.write_text("# JSON\n\n## Partial parsing\n\n/// version-added | v2.7\n///\n\n"
                    "The parser reads incomplete JSON documents and returns what it could.\n\n"
                    "/// note | Limits\nOnly objects and arrays can be partial.\n///\n",
                    encoding="utf-8")
    doc, passages = _load(path)
    text = "\n".join(p.embedding_text() for p in passages)
    assert "Version added: v2.7" in text and "Note: Limits\nOnly objects and arrays" in text
    assert "///" not in text


def test_markdown_nested_blocks_and_file_includes_read_as_the_page_shows_them():
    """FastAPI's "Sub-dependencies" page (eval/corpora/fastapi-docs, MIT): content tabs
    written as nested pymdownx blocks (`//// tab | Python 3.10+` ... `////`, a `/// tip`
    inside) read as their labels, and a line including a code file from the site's
    sources (`{* ../../docs_src/dependencies/tutorial005_an_py310.py hl[6:7] *}`), which
    the Markdown does not hold, is no text and no sentence."""
    path = ROOT / "eval/corpora/fastapi-docs/docs/tutorial/dependencies/sub-dependencies.md"
    assert "{* ../../docs_src/" in path.read_text(encoding="utf-8")  # the page as written
    doc, passages = _load(path)
    text = "\n".join(p.embedding_text() for p in passages)
    assert "Python 3.10+:\nasync def needy_dependency" in text
    assert "Python 3.10+ non-Annotated:\nTip:\nPrefer to use the Annotated version" in text
    assert "//" not in text and "{*" not in text and "docs_src" not in text
    sentences = [p.plain(p.text[a:b]) for p in passages  # as the index keeps them
                 for a, b in worded(p, quotable(p.text, sentence_spans(p.text)))]
    assert sentences and not any("docs_src" in s or "////" in s for s in sentences)


def test_pdf_words_broken_at_line_ends_are_mended(tmp_path):
    # A typeset line end splits "se-quence" (read "sequence"); a compound the document
    # writes with a hyphen inside its lines ("low-complexity") keeps it.
    from reportlab.pdfgen import canvas

    path = tmp_path / "guide.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 11)
    lines = ["The search program reads each query se-",
             "quence from the library file and scores the low-",
             "complexity regions, which the low-complexity filter masks before",
             "the search starts, so that the reported expec-",
             "tation values stay trustworthy for every query."]
    for i, line in enumerate(lines):
        c.drawString(72, 750 - 14 * i, line)
    c.save()
    doc, _ = _load(path)
    text = " ".join(doc.text.split())
    assert "each query sequence from the library" in text
    assert "scores the low-complexity regions" in text
    assert "reported expectation values" in text


def test_pdf_run_in_numbered_headings_make_sections(tmp_path):
    # "5.5 Shared Libraries" in bold, then the paragraph on the same line (a run-in head).
    from reportlab.pdfgen import canvas

    path = tmp_path / "manual.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, 780, "Developer Manual")
    y = 740
    for number, head, lines in [
        ("5.4", "Start-Up Types", ["Upon startup an application may need", "to know why the "
         "processor was reset before it restores", "its state from the critical data store."]),
        ("5.5", "Shared Libraries", ["Shared libraries must be loaded when", "the executive "
         "starts; adding them later while it runs", "is not supported in this version yet."]),
    ]:
        label = f"{number} {head}"
        c.setFont("Helvetica-Bold", 11)
        c.drawString(72, y, label)
        c.setFont("Helvetica", 11)
        c.drawString(72 + c.stringWidth(label + "  ", "Helvetica-Bold", 11), y, lines[0])
        for i, line in enumerate(lines[1:], 1):
            c.drawString(72, y - 14 * i, line)
        y -= 14 * len(lines) + 24
    c.save()
    doc, passages = _load(path)
    shared = next(p for p in passages if "Shared libraries must be loaded" in p.text)
    assert shared.section.endswith("5.5 Shared Libraries")
    assert "5.5 Shared Libraries\n\nShared libraries must be loaded" in doc.text
    assert next(p for p in passages if "Upon startup" in p.text).section.endswith(
        "5.4 Start-Up Types")


def test_a_fence_inside_a_tab_reads_as_code_when_quoted(tmp_path):
    # Each block of a tab's body is a block of its own (the fence is code), and a quoted
    # sentence cut from the indented fence reads without its fence lines.

    path = tmp_path / "install.md"
    path.write_text(
        "# Install\n\nTo install the optional dependencies along with the library:\n\n"
        '=== "pip"\n\n    ```bash\n    # with the `email` extra:\n'
        "    pip install 'lib[email]'\n    ```\n\n"
        "Of course, you can also install the requirements by hand with pip.\n",
        encoding="utf-8")
    doc, passages = _load(path)
    whole = next(p for p in passages if "pip install 'lib[email]'" in p.text)
    fence = next(whole.text[a:b] for a, b in sentence_spans(whole.text) if "```bash" in whole.text[a:b])
    quoted = whole.plain(fence)
    assert "pip install 'lib[email]'" in quoted and "```" not in quoted


REFERENCE_OPTIONS = [
    ("cache-dir", "Path to the cache directory.", "Defaults to the user cache folder of the platform."),
    ("color", "Control the use of color in output.", "By default, colors are used when writing to a terminal."),
    ("offline", "Disable network access.", "When disabled, only locally cached data and local files are used."),
    ("quiet", "Use quiet output.", "Repeating this option silences all output."),
    ("python", "The Python interpreter to use for the environment.", "Any version found on the path is accepted."),
]


def test_markdown_html_reference_page_answers_per_option(tmp_path, embedder):
    """A generated CLI reference holds every option of a command in one <dl> inside the
    Markdown: each option is a section of its own, and a question about one is answered
    from its description, quoted without tags or words glued together."""
    items = "".join(
        f'<dt id="run--{name}"><a href="#run--{name}"><code>--{name}</code></a></dt>'
        f"<dd><p>{first}</p>\n<p>{second}</p></dd>" for name, first, second in REFERENCE_OPTIONS
    )
    engine = engine_over(tmp_path, embedder, {"cli.md": (
        "# CLI reference\n\n## tool run\n\nRun a command provided by a package.\n\n"
        '<h3 class="cli-reference">Options</h3>\n\n'
        f'<dl class="cli-reference">{items}</dl>\n\n## tool install\n\nInstall a package.\n')})
    sections = {p.section for p in chunk_corpus(load_corpus(tmp_path / "docs"))}
    assert {f"tool run > Options > --{name}" for name, _, _ in REFERENCE_OPTIONS} <= sections
    answer = engine.ask("How do I stop the tool from using the network?")
    assert answer.grounded
    # The description never repeats the option's name, so the answer says it first.
    assert answer.text.startswith("--offline: Disable network access.")
    assert answer.citations[0].section == "tool run > Options > --offline"
    assert "<" not in answer.text


def test_a_reference_entry_is_answered_with_its_name_and_its_heading_is_not_quoted(
        tmp_path, embedder):
    """A setting's heading written as code (`` `http.proxy` ``) is a heading, not a
    sentence to quote; the answer names the entry, then quotes what it does."""
    engine = engine_over(tmp_path, embedder, {"config.md": (
        "# Configuration\n\n## `[http]`\n\n"
        "#### `http.timeout`\n\n* Type: integer\n* Default: 30\n\n"
        "Sets the timeout for each HTTP request, in seconds.\n\n"
        "#### `http.proxy`\n\n* Type: string\n* Default: none\n\n"
        "Sets an HTTP and HTTPS proxy to use for every request the tool sends.\n")})
    answer = engine.ask("How do I send requests through a proxy server?")
    assert answer.grounded and answer.citations[0].section.endswith("http.proxy")
    assert answer.text.startswith("http.proxy: ")
    assert "Sets an HTTP and HTTPS proxy" in answer.text
    assert not answer.text.startswith("http.proxy [1]")


def test_markdown_readme_with_an_html_title(tmp_path):
    """A README's centred `<h1>` names the document; its logo row is no passage."""
    (tmp_path / "README.md").write_text(
        '<p align="center"><img src="logo.png" width="120"></p>\n\n'
        '<h1 align="center">Vectorlite</h1>\n\n'
        '<p align="center">A tiny library for <b>nearest neighbour</b> search &amp; more.</p>\n\n'
        "## Install\n\nRun the installer and import the package in your program.\n",
        encoding="utf-8")
    doc = load_document(tmp_path / "README.md", "README.md")
    assert doc.title == "Vectorlite"
    texts = [p.plain_text() for p in chunk_corpus([doc])]
    assert texts[0] == "A tiny library for nearest neighbour search & more."
    assert not any("logo" in t or "<" in t for t in texts)


def test_markdown_attribute_lists_are_not_words(tmp_path):
    """MkDocs attribute lists style a heading or a link; they are not in its name or text."""
    (tmp_path / "settings.md").write_text(
        "# Settings\n\n### [`cache-dir`](#cache-dir) {: #cache-dir }\n\n"
        "Path to the cache directory, used for every download. "
        "[Read more](cache.md){ .md-button .md-button--primary } about caching. "
        "[Get the preset](preset.toml){download} as a file.\n\n"
        "A literal set such as {1, 2} stays as written, as does GET /users/{id}.\n",
        encoding="utf-8")
    doc = load_document(tmp_path / "settings.md", "settings.md")
    (passage,) = chunk_corpus([doc])
    assert passage.section == "cache-dir"
    assert "Read more about caching." in passage.plain_text()
    assert "Get the preset as a file." in passage.plain_text()
    assert "{1, 2}" in passage.plain_text() and "/users/{id}" in passage.plain_text()
    assert "{" not in passage.plain_text().replace("{1, 2}", "").replace("{id}", "")


def test_markdown_long_table_rows_are_sentences_and_read_without_pipes(tmp_path):
    """A long table is cut between rows; each row is a sentence (quoted alone), and a
    part cut off from its header still reads as cells, not as pipes and backticks."""

    rows = "\n".join(f"| `TOOL_OPT_{i}` | {i * 10} | Sets the frames used by stage {i} "
                     "of the build pipeline when it runs. |" for i in range(30))
    (tmp_path / "env.md").write_text(
        "# Environment\n\n## Variables\n\n| Variable | Default | Meaning |\n|---|---|---|\n"
        + rows + "\n", encoding="utf-8")
    passages = chunk_corpus([load_document(tmp_path / "env.md", "env.md")])
    assert len(passages) > 1 and all(p.kind == "table" for p in passages)
    for p in passages:
        sentences = [p.plain(p.text[a:b]) for a, b in sentence_spans(p.text)]
        body = [s for s in sentences if s.startswith("TOOL_OPT_")]
        assert body and all(s.count("TOOL_OPT_") == 1 for s in body)
        assert not any("|---" in s or "`" in s or s.startswith("|") for s in sentences)
        assert "|" not in p.plain_text().replace(" | ", "")


def test_html_definition_list_terms_head_their_definitions(tmp_path):
    """A reference page's <dl>: each <dt> (a function) is the section of its <dd>; after
    the list, text is back in the page's own section."""
    functions = [("abs(X)", "returns the absolute value of the numeric argument X"),
                 ("changes()", "returns the number of rows changed by the last statement"),
                 ("lower(X)", "returns a copy of the string X with its letters in lower case")]
    items = "".join(f"<dt><p><b>{name}</b></dt><dd><p>The {name.split('(')[0]}() function "
                    f"{does}. It is one of the core functions of the engine.</p></dd>"
                    for name, does in functions)
    path = tmp_path / "corefunc.html"
    path.write_text(
        "<html><head><title>Core Functions</title></head><body><h1>Core Functions</h1>"
        "<h2>Overview</h2><p>The core functions shown below are available by default in "
        f"every build of the engine, and more can be added by applications.</p><dl>{items}</dl>"
        "<p>Applications can override these functions with their own implementations when "
        "they register a function of the same name and number of arguments.</p></body></html>",
        encoding="utf-8")
    doc, passages = _load(path)
    by_section = {p.section: p.text for p in passages}
    for name, does in functions:
        assert does in by_section[f"Overview > {name}"]
    assert "override these functions" in passages[-1].text
    assert passages[-1].section == "Overview"


def test_answer_brings_the_table_its_colon_announces(tmp_path, embedder):
    """"Supported distances:" then a table: the answer quotes the table's first rows as
    one quote, rows parted by semicolons, not the bare header row."""
    engine = engine_over(tmp_path, embedder, {"README.md": (
        "# Vecsearch\n\nA small library for nearest neighbour search over dense vectors, "
        "with bindings for several languages and an index that can be saved to disk.\n\n"
        "## Distances\n\nSupported distances:\n\n| Distance | parameter |\n|---|---|\n"
        "| Squared L2 | 'l2' |\n| Inner product | 'ip' |\n| Cosine similarity | 'cosine' |\n\n"
        "## Saving\n\nAn index is written to a file with save_index and read back with "
        "load_index; the file holds the vectors and the graph.\n")})
    answer = engine.ask("Which distances are supported?")
    assert answer.grounded
    assert "Squared L2 | 'l2'; Inner product | 'ip'; Cosine similarity | 'cosine' [1]" in answer.text


def test_prose_leads_before_code_blocks(tmp_path, embedder):
    """Ruff's "Shell autocompletion" section (eval/corpora/ruff-docs, MIT): the code blocks
    echo the question's words, but the answer opens with the sentence that explains."""
    text = (ROOT / "eval/corpora/ruff-docs/docs/configuration.md").read_text(encoding="utf-8")
    section = text[text.index("## Shell autocompletion") : text.index("Then restart the shell")]
    engine = engine_over(tmp_path, embedder, {"configuration.md": f"# Configuring Ruff\n\n{section}"})
    answer = engine.ask("how do i set up tab completion for ruff in my shell")
    assert answer.grounded
    # Prose first (the answer may open with the sentence before the explanation), the
    # explanation before any command.
    explains = answer.text.find("A shell-specific completion script can be generated by ruff")
    assert 0 <= explains < answer.text.find("ruff generate-shell-completion bash")
    assert answer.text[0].isupper() and not answer.text.startswith(("echo", "ruff "))
    # "run one of the following:" brings the first tab's label, "Bash:", and the label
    # what it labels: never "Bash:" right before another tab's command.
    said = answer.text.replace(" [1]", "")
    assert "following: Bash: echo 'eval \"$(ruff generate-shell-completion bash)\"'" in said


def test_answer_brings_the_list_its_colon_announces(tmp_path, embedder):
    """"... exits with the following status codes:" then a list: the answer quotes its
    items, one quote parted by semicolons, without their list markers."""
    engine = engine_over(tmp_path, embedder, {"check.md": (
        "# Checking files\n\nThe checker reads every Python file of a project and reports "
        "the lines that break a rule, with the rule's code and a short message.\n\n"
        "## Exit codes\n\nThe check command exits with the following status codes:\n\n"
        "- 0 if no file breaks a rule.\n- 1 if at least one file breaks a rule.\n"
        "- 2 if the checker could not run, for example on a bad setting.\n\n"
        "## Caching\n\nResults are cached per file in a folder next to the project and "
        "reused until the file or the settings change.\n")})
    answer = engine.ask("What status codes does the check command exit with?")
    assert answer.grounded
    assert ("0 if no file breaks a rule.; 1 if at least one file breaks a rule.; "
            "2 if the checker could not run") in answer.text
    assert "- 1 if" not in answer.text


def test_answer_brings_the_code_a_sentence_points_to(tmp_path, embedder):
    """git-novice's episode on conflicts (eval/corpora/git-novice, CC BY 4.0): "To use this
    strategy run the following command to select it as the default thing git should do."
    ends its paragraph, a stop and all, and points at the code block after it: quoted,
    it brings the command."""
    text = (ROOT / "eval/corpora/git-novice/docs/episodes/09-conflict.md").read_text(encoding="utf-8")
    engine = engine_over(tmp_path, embedder, {"09-conflict.md": text})
    answer = engine.ask("git pull complains about divergent branches and asks how to reconcile "
                        "them. What should I run to get the normal merge behaviour?")
    assert answer.grounded
    said = answer.text.replace(" [1]", "")
    assert "the default thing git should do. $ git config pull.rebase false" in said


def test_a_list_items_later_sentence_is_judged_with_its_item(tmp_path, embedder):
    """mdBook's renderer options (eval/corpora/mdbook-guide, MPL-2.0) end most items of one
    list with "Defaults to `...`.": asked the dark theme, the answer quotes the value of
    the item naming it, not an alike "Defaults to `true`." of another option."""
    text = (ROOT / "eval/corpora/mdbook-guide/docs/format/configuration/renderers.md").read_text(
        encoding="utf-8")
    engine = engine_over(tmp_path, embedder, {"renderers.md": text})
    answer = engine.ask("what dark theme does mdbook pick when the reader's browser prefers "
                        "dark mode")
    assert answer.grounded
    assert "Defaults to navy." in answer.text
    assert "Defaults to true." not in answer.text


RST_PAGE = """\
Widgetron
=========

Widgetron renders widgets from a :class:`~widgetron.core.Scene` and the
:ref:`configuration file <config>` you give it.

.. toctree::
   :maxdepth: 2

   install

Installing
----------

Install it with pip::

    pip install widgetron

.. note:: Widgetron needs Python 3.10 or newer.

.. autoclass:: widgetron.core.Scene
   :members:

Options
-------

``--fast``
   Skip the colour pass, which halves the rendering time.

``--out DIR``
   Write the widgets into DIR instead of the current folder.

=========  ========
Backend    Speed
=========  ========
cairo      fast
svg        slower
=========  ========

.. _config:

Configuration is read from ``widgetron.toml`` in the project folder.
"""


def test_rst_sections_lists_and_sphinx_markup(tmp_path):
    """reStructuredText: sections, a definition list's terms as sections, code, tables and
    notes; Sphinx roles read as the words they show; unknown directives left out."""
    path = tmp_path / "index.rst"
    path.write_text(RST_PAGE, encoding="utf-8")
    doc = load_document(path, "index.rst")
    passages = chunk_corpus([doc])
    assert doc.title == "Widgetron"
    text = "\n".join(p.text for p in passages)
    assert "from a Scene and the configuration file you give it." in text
    for leaked in (":class:", ":ref:", "toctree", "autoclass", "maxdepth", "<config>"):
        assert leaked not in text, leaked
    by_section = {}
    for p in passages:
        by_section.setdefault(p.section, []).append(p.text)
    assert "pip install widgetron" in " ".join(by_section["Installing"])
    assert "Note: Widgetron needs Python 3.10 or newer." in " ".join(by_section["Installing"])
    assert "halves the rendering time" in " ".join(by_section["Options > --fast"])
    assert "instead of the current folder" in " ".join(by_section["Options > --out DIR"])
    assert "cairo | fast" in " ".join(by_section["Options"])
    assert "widgetron.toml" in " ".join(by_section["Options"])


@pytest.mark.parametrize("between", ["", ".. rst-class:: emphasize-children\n\n"])
def test_rst_a_lone_first_section_is_a_section_not_a_lost_subtitle(tmp_path, between):
    # docutils makes a title's lone first section the document's subtitle; Sphinx shows it
    # as the section it is (Tortoise ORM's "Models" over "Usage"), so its heading stays.
    path = tmp_path / "models.rst"
    path.write_text(
        "======\nModels\n======\n\n" + between + "Usage\n=====\n\n"
        "To get working with models, first import them.\n\n"
        ".. code-block:: python3\n\n    from tortoise.models import Model\n",
        encoding="utf-8")
    doc = load_document(path, "models.rst")
    passages = chunk_corpus([doc])
    assert doc.title == "Models"
    assert {p.section for p in passages} == {"Usage"}
    assert "Usage" in passages[0].text
    assert "from tortoise.models import Model" in "\n".join(p.text for p in passages)


def test_rst_readme_badges_are_not_text(tmp_path):
    # An RST README's rows of badges are substitution references to images; docutils
    # gives each image its name as alt text ("Build-Status"), which is no sentence.
    path = tmp_path / "README.rst"
    path.write_text(
        "|Logo|\n\nwidget\n======\n\n|Py-Versions| |Build-Status|\n\n"
        "Widget frobnicates dense vectors, see |Versions| for releases.\n\n"
        "Install\n-------\n\n|Conda|\n\nRun ``pip install widget``.\n\n"
        ".. |Logo| image:: https://x.org/logo.png\n"
        ".. |Py-Versions| image:: https://img.shields.io/pypi/pyversions/widget.svg\n"
        "   :target: https://pypi.org/project/widget\n"
        ".. |Build-Status| image:: https://x.org/ci.svg\n"
        ".. |Versions| image:: https://x.org/v.svg\n"
        ".. |Conda| image:: https://x.org/conda.svg\n",
        encoding="utf-8")
    doc = load_document(path, "README.rst")
    passages = chunk_corpus([doc])
    assert doc.title == "widget"
    assert [p.plain_text() for p in passages] == [
        "Widget frobnicates dense vectors, see Versions for releases.",
        "Install\n\nRun pip install widget.",
    ]
    assert all(p.kind == "text" for p in passages)


def test_markdown_h1_after_other_headings_is_a_part_not_the_title(tmp_path):
    # A README opening with a logo and `## ...` sections, with a `# Library` part further
    # down, has no title heading: the H1 heads its part (the part's sections sit under it)
    # instead of being taken for the title and leaving that part with no section at all.
    path = tmp_path / "widget.md"
    path.write_text(
        '<p align="center"><img src="logo.png"/></p>\n\n'
        "## Compatibility\n\nWidget needs Python 3.8 or later.\n\n"
        "# Widget Library\n\nWidget has builtin renderables.\n\n"
        "<details>\n<summary>Tables</summary>\n\nWidget renders tables with box characters.\n\n"
        "</details>\n\n# Widget CLI\n\nA command line application.\n",
        encoding="utf-8")
    doc, passages = _load(path)
    assert doc.title == "widget"
    assert [p.section for p in passages] == [
        "Compatibility", "Widget Library", "Widget Library > Tables", "Widget CLI"]
    # A document that opens with its H1 keeps it as its title.
    path.write_text("# Widget\n\n## Install\n\nRun pip install widget.\n", encoding="utf-8")
    doc, passages = _load(path)
    assert doc.title == "Widget" and [p.section for p in passages] == ["Install"]


def test_markdown_html_badge_row_separators_are_not_text(tmp_path):
    # A README's centred row of links and badges parted by `|` or `•`: the separators,
    # alone on their lines once the tags are gone, are no words of the passage.
    path = tmp_path / "README.md"
    path.write_text(
        "# Widget\n\n"
        '<p align="center">\n    <b>Widget - the vector store</b>. <br />\n</p>\n'
        '<p align="center">\n  <a href="https://discord.gg/x">\n'
        '      <img src="https://img.shields.io/discord/1" alt="Discord">\n  </a> |\n'
        '  <a href="https://docs.widget.dev/">\n      Docs\n  </a> •\n'
        '  <a href="https://widget.dev/">\n      Homepage\n  </a>\n</p>\n\n'
        "## Install\n\nRun pip install widget.\n",
        encoding="utf-8")
    doc, passages = _load(path)
    shown = passages[0].plain_text().split("\n")
    assert shown == ["Widget - the vector store.", "Docs", "Homepage"]


def test_markdown_paragraph_of_inline_html_images_is_not_a_passage(tmp_path):
    # Sponsors or badges written as raw HTML links around images, at the start of a line
    # (a paragraph of inline HTML, not an HTML block): no words, so no passage, and the
    # heading over them opens no passage of its own words either.
    path = tmp_path / "README.md"
    path.write_text(
        "# Widget\n\nWidget frobnicates dense vectors.\n\n## Sponsors\n\n### Gold Sponsors\n\n"
        '<a href="https://a.example" target="_blank" title="Payments for you">'
        '<img src="https://x.org/a.png"></a>\n'
        '<a href="https://b.example" title="Webhooks"><img src="https://x.org/b.svg"></a>\n\n'
        "## Opinions\n\nWidget saved our team weeks of work.\n",
        encoding="utf-8")
    doc, passages = _load(path)
    assert [p.section for p in passages] == ["", "Opinions"]
    assert not any("Sponsor" in p.text or "img" in p.text for p in passages)


@pytest.mark.parametrize("order", ["head-first", "head-last", "both-last"])
def test_pdf_running_head_drawn_after_the_body_is_dropped(tmp_path, order):
    # A browser's "print to PDF" draws its running head (date, page title) and foot (URL,
    # "n/4") after the page's body, so they are not the first and last lines read: they
    # still go, found by their place at the top and bottom of the page.
    from reportlab.pdfgen import canvas

    path = tmp_path / "manual.pdf"
    c = canvas.Canvas(str(path), pagesize=(612, 792))
    bodies = [NEWT, POND, LILY, DRAGONFLY]

    def head(n):
        c.setFont("Helvetica", 8)
        c.drawString(20, 775, f"11/{20 + n}/26, 4:49 PM")
        c.drawString(260, 775, "Pond Manual (3.1)")

    def foot(n):
        c.setFont("Helvetica", 8)
        c.drawString(20, 15, "file:///tmp/pond/index.html")
        c.drawString(560, 15, f"{n + 1}/4")

    for n, body in enumerate(bodies):
        if order == "head-first":
            head(n)
        c.setFont("Helvetica", 11)
        words, line, y = body.split(), "", 740
        for w in words:
            if len(line) + len(w) > 80:
                c.drawString(72, y, line)
                line, y = "", y - 14
            line = f"{line} {w}".strip()
        c.drawString(72, y, line)
        if order == "head-last":
            head(n)
        foot(n)
        if order == "both-last":
            head(n)
        c.showPage()
    c.save()
    doc, _ = _load(path)
    assert "Pond Manual" not in doc.text and "4:49 PM" not in doc.text
    assert "file:///" not in doc.text and "/4" not in doc.text
    assert "Great crested newts return to the same pond" in " ".join(doc.text.split())


@pytest.mark.parametrize("style", ["Source Code", "HTML Preformatted", "Code"])
def test_docx_code_listing_keeps_its_lines(tmp_path, style):
    # A code listing in Word is a paragraph style (pandoc's "Source Code", Word's "HTML
    # Preformatted"), one paragraph with line breaks or one per line: it is read as a
    # code block with its lines, not as prose run together.
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    if style not in [s.name for s in document.styles]:
        document.styles.add_style(style, WD_STYLE_TYPE.PARAGRAPH)
    document.add_heading("Quickstart", 1)
    document.add_paragraph("A minimal application looks something like this one below.")
    document.add_paragraph('from flask import Flask\n\napp = Flask(__name__)', style=style)
    document.add_paragraph('@app.route("/")', style=style)
    document.add_paragraph("def hello():\n    return 'Hello'", style=style)
    document.add_paragraph("So what did that code do? It made an application object.")
    path = tmp_path / "quick.docx"
    document.save(str(path))
    doc, passages = _load(path)
    code = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "code"]
    assert code == ["from flask import Flask\n\napp = Flask(__name__)\n@app.route(\"/\")\n"
                    "def hello():\n    return 'Hello'"]
    assert any("So what did that code do?" in p.text for p in passages)



def _word_xml(paragraph, xml: str):
    """Replace a python-docx paragraph's runs with Word XML written by hand."""
    from docx.oxml import parse_xml

    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')
    for child in parse_xml(f"<w:wrap {ns}>{xml}</w:wrap>"):
        paragraph._p.append(child)


def test_docx_reads_what_word_shows_inside_its_wrappers(tmp_path):
    # Word keeps shown text inside tracked insertions, content controls, smart tags and
    # simple fields, and text boxes in a drawing (twice: the fallback copy for old
    # readers); deleted text, field codes and a table of contents field's lines are not
    # shown. python-docx's paragraph text reads only plain runs and links.
    import docx

    d = docx.Document()
    d.add_heading("Ordering Policy", 1)
    _word_xml(d.add_paragraph("Orders over "), '<w:ins w:id="1" w:author="A"><w:r><w:t xml:space="preserve">'
              "500 euros</w:t></w:r></w:ins><w:del w:id=\"2\" w:author=\"A\"><w:r><w:delText>200 euros"
              '</w:delText></w:r></w:del><w:r><w:t xml:space="preserve"> need a second signature from </w:t>'
              '</w:r><w:sdt><w:sdtPr><w:alias w:val="Approver"/></w:sdtPr><w:sdtContent><w:r><w:t>the '
              'finance office</w:t></w:r></w:sdtContent></w:sdt><w:r><w:t xml:space="preserve"> as set in '
              '</w:t></w:r><w:fldSimple w:instr=" REF policy "><w:r><w:t>Section 4</w:t></w:r></w:fldSimple>'
              '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF x </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve"> on page 7'
              '</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r>')
    box = ('<w:txbxContent><w:p><w:r><w:t>Tip: suppliers on the framework list need no quote.</w:t>'
           '</w:r></w:p></w:txbxContent>')
    _word_xml(d.add_paragraph("Small orders are simple. "),
              f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx>'
              f'</w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict>'
              '</mc:Fallback></mc:AlternateContent></w:r>')
    d.add_paragraph("Ordering Policy\t3", style=d.styles.add_style("toc 1", 1))
    d.save(str(tmp_path / "policy.docx"))
    doc, passages = _load(tmp_path / "policy.docx")
    text = " ".join(doc.text.split())
    assert ("Orders over 500 euros need a second signature from the finance office as set in "
            "Section 4 on page 7.") in text
    assert "200 euros" not in text and "PAGEREF" not in text
    assert text.count("suppliers on the framework list") == 1
    assert "Small orders are simple." in text and "\t3" not in doc.text


def test_docx_bold_lines_head_sections_and_hidden_text_is_no_text(tmp_path):
    # Many Word files make headings by hand: a short paragraph all in bold (the USDS
    # TechFAR Handbook has no heading style at all). Such a line ranks below the styled
    # headings, and one that heads nothing (a bold note before the next heading) stays
    # text. Hidden text (NASA's requirement ids, "SSR12") is not shown.
    import docx

    d = docx.Document()
    d.add_heading("Procurement Guide", 1)
    d.add_paragraph().add_run("Purpose of this Document").bold = True
    d.add_paragraph("This guide helps contracting officers buy software in small pieces.")
    d.add_paragraph().add_run("Slides 32-36 are led by the regional office").bold = True
    d.add_heading("Pricing", 1)
    label = d.add_paragraph()
    label.add_run("Note:").bold = True
    label.add_run(" fixed prices suit short iterations.")
    hidden = d.add_paragraph()
    hidden.add_run("SSR12 ").font.hidden = True
    hidden.add_run("The system shall send event messages.")
    d.save(str(tmp_path / "guide.docx"))
    doc, passages = _load(tmp_path / "guide.docx")
    purpose = next(p for p in passages if "small pieces" in p.text)
    assert purpose.section == "Procurement Guide > Purpose of this Document"
    assert "Slides 32-36 are led by the regional office" in doc.text
    assert next(p for p in passages if "fixed prices" in p.text).section == "Pricing"
    assert "SSR12" not in doc.text and "The system shall send event messages." in doc.text


def test_docx_outline_level_heads_a_section_only_on_a_short_line(tmp_path):
    # An outline level set on a paragraph itself shows it in Word's navigation pane.
    # FedRAMP's change policy (eval/corpora/word-docx2) gives one to each step of its
    # procedure, three sentences long: that is text, not a section's name. A short line
    # with one ("Definitions") still heads the text under it.
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    d.add_heading("Change Procedure", 1)
    step = ("NO: If not, the provider undergoes an evaluation of whether features of this "
            "kind can go through the on-boarding process. This involves a sample size of "
            "two features, which are assessed in succession. Go to step 3.")
    for text in ("Definitions", step):
        d.add_paragraph(text)._p.get_or_add_pPr().append(
            parse_xml(f'<w:outlineLvl {w} w:val="1"/>'))
        d.add_paragraph("A feature is a capability the customer can turn on.")
    d.save(str(tmp_path / "policy.docx"))
    doc, passages = _load(tmp_path / "policy.docx")
    # (The one Heading 1 names the document, so it is no part of the section's name.)
    assert next(p for p in passages if "capability" in p.text).section == "Definitions"
    assert "a sample size of two features" in next(p.text for p in passages
                                                   if "succession" in p.text)
    assert all("succession" not in p.section for p in passages)


def test_docx_appendix_numbered_by_its_own_chain_is_a_part_of_its_own(tmp_path):
    # NASA's cFS user guides: Heading 1-6 are numbered "Chapter 1." to "1.1.1.1.1.1", Heading
    # 7-9 "Appendix A", "A.1", "A.1.1". By style, Appendix A sat under the last chapter's
    # last section ("FAQs > How can I keep files open? > CFS DS Reference > ...").
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    texts = {0: "Chapter %1.", 1: "%1.%2", 2: "%1.%2.%3", 6: "Appendix %7", 7: "%7.%8"}
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:lvlText w:val="{t}"/></w:lvl>'
                     for i, t in texts.items())
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(f'<w:abstractNum {w} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def heading(text, level, numbered=True):
        paragraph = d.add_heading(text, level)
        if numbered:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {w}><w:ilvl w:val="{level - 1}"/><w:numId w:val="90"/></w:numPr>'))

    heading("Frequently Asked Questions", 1)
    heading("How can I keep files open?", 2)
    d.add_paragraph("Set the maximum file age to a large value.")
    heading("Reference", 7)
    d.add_paragraph("The reference lists every parameter of the application.")
    heading("Configuration Parameters", 8)
    d.add_paragraph("The pipe depth defaults to sixteen messages.")
    heading("Document Notes", 7, numbered=False)  # no number: its style's level, 7, stands
    d.add_paragraph("Tailor this document to the mission.")
    d.save(str(tmp_path / "guide.docx"))
    doc, passages = _load(tmp_path / "guide.docx")
    section = {p.text.split()[-1]: p.section for p in passages}
    assert section["value."] == "Frequently Asked Questions > How can I keep files open?"
    assert section["application."] == "Reference"
    assert section["messages."] == "Reference > Configuration Parameters"
    assert section["mission."] == "Reference > Configuration Parameters > Document Notes"


def test_docx_footnote_reads_after_its_paragraph():
    # A real pandoc-made Word file (Flask's quickstart): the footnote's text was lost.
    doc, _ = _load(Path(__file__).parents[1] / "eval/corpora/flask-docx/docs/quickstart.docx")
    text = " ".join(doc.text.split())
    mark = text.index("get_flashed_messages functions.")
    assert text.index("Unsure what that ~flask.g object is?") > mark


HUGO_PAGE = """---
title: "Managing environments"
draft: false
type: docs
menu:
  docs:
    weight: 60
---

# Managing environments

If you have not set up the tool yet, read the [Introduction]({{< relref "docs" >}} "Introduction") chapter first.

## Activating the environment

{{% note %}}
The shell command was moved to a plugin in version 2.0, so it is not installed by default.
{{% /note %}}

To enter the environment from your current shell, run the command for your shell:

{{< tabs tabTotal="2" tabID1="bash" tabID2="fish" tabName1="Bash/Zsh" tabName2="Fish" >}}

{{< tab tabID="bash" >}}
```bash
eval $(tool env activate)
```
{{< /tab >}}

{{< tab tabID="fish" >}}
```fish
eval (tool env activate)
```
{{< /tab >}}
{{< /tabs >}}

{{% warning %}}
Deleting an environment removes every package installed in it.
{{% /warning %}}
"""


def test_hugo_page_reads_as_the_built_site_shows_it(tmp_path, embedder):
    """Poetry's docs are written for Hugo: front matter names the page, a shortcode line
    (`{{% note %}}`, `{{< tabs ... >}}`) is no text, a link to `{{< relref >}}` reads as
    its text, and code inside a tab stays code."""
    engine = engine_over(tmp_path, embedder, {"managing-environments.md": HUGO_PAGE})
    passages = chunk_corpus(load_corpus(tmp_path / "docs"))
    assert {p.title for p in passages} == {"Managing environments"}
    assert not any("{{" in p.plain_text() or "{{" in p.embedding_text() for p in passages)
    assert any("read the Introduction chapter first" in p.plain_text() for p in passages)
    assert any("eval $(tool env activate)" in p.plain_text() for p in passages)
    answer = engine.ask("why is the shell command missing after installing")
    assert answer.grounded and "moved to a plugin in version 2.0" in answer.text
    assert "{{" not in answer.text and "%}}" not in answer.text


DOCUSAURUS_PAGE = """---
description: How to install the site generator.
---

# Installation

```mdx-code-block
import Tabs from '@theme/Tabs';
```

import UpgradeGuide from '@site/src/components/UpgradeGuide';

## Requirements {/* #requirements */}

The generator needs Node.js version 18 or above to build a site.

:::tip[Fast track]

Scaffold a new site in one command with the create tool.

:::

:::warning

Upgrading the core package alone breaks the build: every plugin must share its version.

:::

<UpgradeGuide />
"""

JEKYLL_PAGE = """---
title: Deploying
layout: page
---

Read [the setup guide]({% link setup.md %}) or [the FAQ]({{ site.baseurl }}/faq/) first.

{% include note.html content="Drafts are never published." %}

The site is rebuilt on every push to the main branch, and the build takes about two minutes.

{% highlight bash %}
bundle exec jekyll build
{% endhighlight %}

To show the tag itself, a page wraps its example in raw tags:

{% raw %}
```liquid
{% highlight ruby linenos %}
def foo
end
{% endhighlight %}
```
{% endraw %}

## Marking lines

The mark_lines argument highlights the lines it lists in a code snippet.
"""


VITEPRESS_PAGE = """---
outline: deep
---

<script setup>
const greeting = 'Hello from a live demo script'
</script>

# Forms

## Input Bindings {#input-bindings}

Binding a form field by hand means wiring its value and its input event yourself.

::: tip Note
The binding ignores the initial value attribute written on a field: the component's state is the source of truth.
:::

::: warning
Binding a file input is not supported, since its value is read-only.
:::

::: details Why not two-way by default?
Explicit events keep the data flow easy to follow in large apps.
:::

## Installing – the Plugin {#installing-–-the-plugin}

::: code-group

```sh [npm]
$ npm add form-helper
```

```sh [pnpm]
$ pnpm add form-helper
```

:::

<style>
.demo { color: red }
</style>
"""


def test_vitepress_page_reads_as_its_site_shows_it(tmp_path, embedder):
    """A VitePress page: `::: tip Note` reads "Note: ...", a bare `::: warning`
    "Warning: ...", `::: details Title` "Title: ..."; `::: code-group` and a `:::` line are
    no text, nor a `<script setup>` or `<style>` block's content, nor a heading's `{#id}`
    (whatever characters the id has)."""
    engine = engine_over(tmp_path, embedder, {"forms.md": VITEPRESS_PAGE})
    passages = chunk_corpus(load_corpus(tmp_path / "docs"))
    read = " ".join("\n".join(p.plain_text() for p in passages).split())
    for syntax in (":::", "code-group", "live demo script", "color: red", "{#"):
        assert syntax not in read
    assert "Note: The binding ignores the initial value attribute" in read
    assert "Warning: Binding a file input is not supported" in read
    assert "Why not two-way by default?: Explicit events keep the data flow" in read
    assert "$ npm add form-helper" in read and "$ pnpm add form-helper" in read
    assert any(p.section.endswith("Installing – the Plugin") for p in passages)
    answer = engine.ask("can i bind a file input field?")
    assert answer.grounded and "Binding a file input is not supported" in answer.text
    assert not answer.text.lstrip().startswith(":::")


MISE = Path(__file__).resolve().parents[1] / "eval/corpora/mise-docs/docs"


def test_vitepress_tabs_nested_admonitions_and_landing_cards_of_real_pages():
    """mise's docs (VitePress, MIT; eval/corpora/mise-docs): a set of tabs
    (vitepress-plugin-tabs: `:::tabs key:x`, each tab `== Label`, or `=== Label`) reads as
    its labels, "Label:", with no `:::tabs` line; an admonition written with four colons
    (`:::: warning Planned deprecation`, the form that holds another) reads "Planned
    deprecation: ..."; the home page's cards, HTML indented under an `<h3>`, read as
    their words, not as indented code."""
    def read(name: str) -> str:
        doc, passages = _load(MISE / name)
        return "\n".join(p.plain_text() for p in passages)

    started = read("getting-started.md")
    for label in ("Linux/macOS:", "Windows:", "Debian/Ubuntu (apt):",
                  "Fedora 41+, RHEL/CentOS Stream 9+ (dnf):", "Snap:", "Brew:"):
        assert f"\n{label}\n" in started
    assert ":::" not in started and "\n==" not in started and "key:installing-mise" not in started
    ide = read("ide-integration.md")
    assert "\nVSCode:\n" in ide and "\nIntelliJ:\n" in ide and "===" not in ide  # each tab a screenshot
    assert "tabs" not in ide.split()
    tokens = read("dev-tools/github-tokens.md")
    assert "Planned deprecation:\nThe legacy $1/${1} hostname argument is deprecated." in tokens
    assert "::::" not in tokens
    home = read("index.md")
    assert "Tasks\nDefine build, test, lint, and deploy commands next to the tools" in home
    assert "<p>" not in home and "</div>" not in home


def test_html_tags_whose_attributes_run_onto_the_next_line_are_no_text():
    """A README's badges written `<img src="..."` with `alt="..."` on the line under it
    (RapidFuzz's, MIT; eval/corpora/readmes-4), and a heading hidden by a style written
    over several lines (Django REST framework's docs, eval/corpora/drf-docs), read as
    their words only."""
    root = Path(__file__).resolve().parents[1] / "eval/corpora"
    _, passages = _load(root / "readmes-4/docs/rapidfuzz.md")
    read = "\n".join(p.plain_text() for p in passages)
    assert "<img" not in read and "alt=" not in read and "shields.io" not in read
    assert read.startswith("Rapid fuzzy string matching in Python and C++ using the Levenshtein"
                           " Distance\nDescription •")
    _, passages = _load(root / "drf-docs/docs/index.md")
    assert passages[0].plain_text().startswith("Django REST Framework\n")
    assert "position: absolute" not in "\n".join(p.plain_text() for p in passages)


def test_reference_images_and_links_defined_elsewhere_read_as_the_page_shows_them():
    """A passage cut from a page whose link definitions sit at its end: a badge row of
    reference images (`[![crates.io][crates.io-badge]][crates.io]`, zoxide's README, MIT;
    eval/corpora/readmes-5) reads as nothing, as the chunker leaves such a row out; a
    full reference (`[*package manager*][def-package-manager]`, the Cargo Book, MIT) reads
    as its text; an image whose alt text is a caption (GitBook: "The default password for
    a new LRR install is ...", LANraragi's docs, MIT) still reads as that caption."""
    root = Path(__file__).resolve().parents[1] / "eval/corpora"
    _, passages = _load(root / "readmes-5/docs/zoxide.md")
    read = "\n".join(p.plain_text() for p in passages)
    assert "[!" not in read and "crates.io-badge" not in read and "[releases]" not in read
    assert "zoxide is a smarter cd command, inspired by z and autojump." in read
    _, passages = _load(root / "cargo-book/docs/index.md")
    assert "Cargo is the Rust package manager." in passages[0].plain_text()
    _, passages = _load(root / "gitbook-docs/docs/basic-operations/first-steps.md")
    assert 'The default password for a new LRR install is "kamimamita".' in "\n".join(
        p.plain_text() for p in passages)
    # a label wrapped over a line (the Cargo Book's "run [`cargo\nadd`] or ...")
    _, passages = _load(root / "cargo-book/docs/guide/continuous-integration.md")
    read = " ".join("\n".join(p.plain_text() for p in passages).split())
    assert "test for users who run cargo add or cargo install." in read


@pytest.mark.parametrize("line", ["== | Version matching", "=== | Arbitrary equality",
                                  "== (equal)", "=== 1 failed, 435 passed in 11.09s"])
def test_an_operator_or_test_summary_line_is_no_tab_label(tmp_path, line):
    """A table row, list item or line opening with `==` that is not a tab's label (its
    label would open with a letter) reads as written (Hatch's, Pixi's and Prometheus's
    operator tables)."""
    path = tmp_path / "ops.md"
    path.write_text(f"# Ops\n\nThe operators:\n\n{line}\n\nAnd more.\n", encoding="utf-8")
    _, passages = _load(path)
    assert line.lstrip("= ") in " ".join(p.plain_text() for p in passages)
    assert not any(p.plain_text().rstrip().endswith(":") for p in passages)


def test_docusaurus_mdx_and_jekyll_pages_read_as_their_sites_show_them(tmp_path, embedder):
    """An .mdx page (Docusaurus): its import lines and `{/* */}` heading ids are no text,
    `:::tip[Title]` reads "Title: ...", a `:::` line nothing; a Jekyll page: a Liquid tag
    line is no text, `{% highlight %}` a code block (written inside a Markdown fence, its
    tags are that fence's code: `{% endhighlight %}` closes no fence of Markdown's), a
    link to `{% link %}` its text."""
    engine = engine_over(tmp_path, embedder, {"installation.mdx": DOCUSAURUS_PAGE,
                                              "deploying.md": JEKYLL_PAGE})
    passages = chunk_corpus(load_corpus(tmp_path / "docs"))
    read = "\n".join(p.plain_text() for p in passages)
    prose = "\n".join(p.plain_text() for p in passages if "highlight ruby" not in p.plain_text())
    for syntax in ("import ", "{/*", ":::", "{%", "{{", "endhighlight", "{% raw"):
        assert syntax not in prose
    assert "{% highlight ruby linenos %}\ndef foo\nend\n{% endhighlight %}" in read
    marking = [p for p in passages if p.section.endswith("Marking lines")]
    assert marking and "The mark_lines argument highlights" in marking[0].plain_text()
    assert "Fast track: Scaffold a new site" in " ".join(read.split())
    assert "Warning: Upgrading the core package alone breaks the build" in " ".join(read.split())
    assert "Read the setup guide or the FAQ first." in read
    assert any(p.section.endswith("Requirements") for p in passages)
    doc, _ = _load(tmp_path / "docs" / "deploying.md")  # the highlight is a code block
    code = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "code"]
    assert len(code) == 2 and "bundle exec jekyll build" in code[0]
    answer = engine.ask("which node version do i need")
    assert answer.grounded and "Node.js version 18 or above" in answer.text
    assert answer.citations[0].source == "installation.mdx"


HUGO_CONFIG_PAGE = """---
title: Configure taxonomies
description: Configure taxonomies.
weight: 10
---

The default configuration defines two taxonomies, categories and tags.

{{< code-toggle config=taxonomies />}}

Then use the value as the key in front matter:

{{< code-toggle file=content/example.md fm=true >}}
title: Example
series:
  - Kitchen garden
{{< /code-toggle >}}

{{% include "/_common/gitignore-public.md" %}}

To run the site locally, start the server:

{{< highlight sh >}}
hugo server --port 1414
{{< / highlight >}}

## Writing shortcodes in examples

Inside a code block a shortcode is the code's text:

```text
{{< highlight go >}}
x := 1
{{< /highlight >}}
```

{{< codenew file="pods/simple-pod.yaml" >}}

A taxonomy you define replaces the defaults unless you list them again.

## Building in each language

{{< tabs Go Python >}}

{{% codetab %}}
```go
builder := taxonomy.New()
```
[See the Go client's documentation on builders](https://example.org/go).
{{% /codetab %}}

{{% codetab %}}
```python
builder = Taxonomy()
```
{{% /codetab %}}

{{< /tabs >}}
"""


def test_hugo_code_shortcodes_read_as_code_and_shortcode_lines_are_no_sentence(
        tmp_path, embedder):
    """Hugo's code shortcodes: `{{< code-toggle >}}` ... `{{< /code-toggle >}}` and
    `{{< highlight sh >}}` fence their body as code (a YAML list keeps its dashes); a
    self-closing shortcode, an include line or an unclosed one is no text, and no
    sentence of the index (a vector of its syntax matched questions); written inside a
    Markdown fence a shortcode is code. A shortcode named for code whose body holds
    fences of its own (Dapr's `{{% codetab %}}`) is a container: its body is Markdown."""
    from collabqa.store import load_index

    engine = engine_over(tmp_path, embedder, {"taxonomies.md": HUGO_CONFIG_PAGE})
    doc, passages = _load(tmp_path / "docs" / "taxonomies.md")
    code = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "code"]
    assert any("- Kitchen garden" in c for c in code)
    assert any("hugo server --port 1414" in c for c in code)
    assert any("{{< highlight go >}}" in c for c in code)  # the Markdown fence's own text
    read = "\n".join(p.plain_text() for p in passages)
    assert "- Kitchen garden" in read
    assert "code-toggle" not in read and "include" not in read and "codenew" not in read
    assert "codetab" not in read and "```" not in read
    assert any("builder := taxonomy.New()" in c for c in code)
    assert any("builder = Taxonomy()" in c for c in code)
    assert "See the Go client's documentation on builders." in read
    index = load_index(tmp_path / "index")
    sentences = [p.plain_at(p.text, a, b)
                 for p, spans in zip(index.passages, index.sentences) for a, b in spans]
    assert "- Kitchen garden" in sentences  # read as code: its list marker is the code's
    assert not any("code-toggle" in s or "include" in s or "codenew" in s for s in sentences)
    assert sum("{{< highlight go >}}" in s for s in sentences) == 1
    answer = engine.ask("which port does the local server use in the example")
    assert answer.grounded and "hugo server --port 1414" in answer.text


TEXINFO_PAGE = """<!DOCTYPE html>
<html><head><title>Pushdef (GNU Widget 1.2 manual)</title>
<meta name="Generator" content="makeinfo"></head>
<body lang="en">
<div class="section" id="Pushdef">
<div class="header"><p>
Next: <a href="Indir.html" accesskey="n" rel="next">Indirect call of macros</a>, Previous:
<a href="Rename.html" rel="prev">Renaming macros</a>, Up: <a href="Definitions.html"
rel="up">How to define new macros</a> &nbsp; [<a href="index.html#SEC_Contents">Contents</a>][<a
href="Indices.html">Index</a>]</p>
</div>
<hr>
<h3 class="section">5.6 Temporarily redefining macros</h3>
<p>It is possible to redefine a macro temporarily, reverting to the previous definition
at a later time. This is done with the builtins <code>pushdef</code> and
<code>popdef</code>, which work in a stack-like fashion.</p>
<div class="example">
<pre class="example">define(`foo', `Expansion one.')
&rArr;
pushdef(`foo', `Expansion two.')
&rArr;
foo
&rArr;Expansion two.
</pre></div>
<p>If a macro with several definitions is redefined with <code>define</code>, the topmost
definition is replaced with the new definition, and only the topmost one.</p>
</div>
</body></html>
"""


def test_texinfo_html_examples_are_code_and_navigation_is_no_text(tmp_path):
    """A Texinfo manual's page (makeinfo's HTML): its "Next: ..., Up: ... [Contents]"
    header of links is no text (and so no byline), and a `<pre class="example">` is a
    code block with its lines, not a quotation with its lines joined."""
    path = tmp_path / "Pushdef.html"
    path.write_text(TEXINFO_PAGE, encoding="utf-8")
    doc, passages = _load(path)
    assert "Next:" not in doc.text and "Contents" not in doc.text
    assert all(p.kind != "byline" for p in passages)
    code = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "code"]
    assert code == ["define(`foo', `Expansion one.')\n⇒\npushdef(`foo', `Expansion two.')"
                    "\n⇒\nfoo\n⇒Expansion two."]
    assert "This is done with the builtins pushdef and popdef" in doc.text
    assert "and only the topmost one." in doc.text
    # A chapter's last page: no "Next:" link, no example, no permalink.
    last = tmp_path / "Search-Path.html"
    last.write_text(
        '<html><head><title>Search Path</title></head><body><div class="header"><p>Previous: '
        '<a href="Include.html">Including named files</a>, Up: <a href="Files.html">File '
        'inclusion</a> &nbsp; [<a href="index.html">Contents</a>]</p></div><h3>Searching for '
        'include files</h3><p>GNU m4 searches the directories named with the -I option, in '
        'the order given, for a file that is not found in the current directory.</p>'
        '</body></html>', encoding="utf-8")
    doc, passages = _load(last)
    assert "Previous:" not in doc.text and all(p.kind != "byline" for p in passages)


ESLINT_RULE_PAGE = """---
title: no-unused-vars
rule_type: problem
---

Examples of **incorrect** code for this rule:

::: incorrect

```js
let unusedValue = 5;
```

:::

Examples of **correct** code with scripts as the source type:

::: correct { "sourceType": "script" }

```js
/* exported globalValue */
var globalValue = 42;
```

:::
"""


def test_a_container_with_a_json_argument_reads_as_its_name(tmp_path):
    """ESLint's docs (Eleventy, markdown-it-container) pass a container its options as
    JSON (`::: correct { "sourceType": "script" }`): the argument is no text, and the
    line reads as `::: correct` does, its name; the code inside stays code."""
    (tmp_path / "no-unused-vars.md").write_text(ESLINT_RULE_PAGE, encoding="utf-8")
    doc, passages = _load(tmp_path / "no-unused-vars.md")
    read = "\n".join(p.plain_text() for p in passages)
    assert "sourceType" not in read and ":::" not in read and "{" not in read.replace(
        "/* exported globalValue */", "")
    lines = read.split("\n")
    assert "incorrect" in lines and "correct" in lines
    code = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "code"]
    assert any("var globalValue = 42;" in c for c in code)


def test_a_txt_file_written_in_rest_reads_as_rest(tmp_path):
    """Celery keeps the chapters its pages share as `.txt` files in reST
    (eval/corpora/celery-docs, CC BY-SA 4.0): read as plain text, the reader saw the
    directive and the link markup. A `.txt` holding a directive, a role or a reST link is
    read as reST; plain text that merely has two dots or a colon stays plain text."""
    root = Path(__file__).resolve().parents[1] / "eval/corpora/celery-docs/docs"
    doc = load_document(root / "includes/resources.txt", "includes/resources.txt")
    assert "Our Google Groups account has been compromised." in doc.text
    assert ".. warning::" not in doc.text and "`_" not in doc.text and "<https" not in doc.text
    install = load_document(root / "includes/installation.txt", "includes/installation.txt")
    assert ":command:" not in install.text and "pip" in install.text
    plain = tmp_path / "notes.txt"
    plain.write_text("Shopping list\n=============\n\n.. and then: eggs, milk:\n"
                     "bread `maybe` later, `if' any.\n", encoding="utf-8")
    read = load_document(plain, "notes.txt").text
    assert read.count("..") == 1 and "`maybe`" in read  # as written


def test_a_txt_file_with_rest_link_targets_or_substitutions_reads_as_rest():
    """Kombu's `includes/resources.txt` (eval/corpora/kombu-docs, BSD-3-Clause) holds no
    directive or role, only a named link (`carrot-users`_) and its target line, and
    coverage.py's man page `python-coverage.1.txt` (eval/corpora/coverage-docs,
    Apache-2.0) defines `.. |command| replace::`: read as plain text, their sections were
    no sections and the reader saw `|command|` and `**annotate**`. Both are reST."""
    root = Path(__file__).resolve().parents[1] / "eval/corpora"
    doc = load_document(root / "kombu-docs/docs/includes/resources.txt", "resources.txt")
    assert "Join the carrot-users mailing list." in doc.text and ".. _" not in doc.text
    assert "License" in {b.section.rpartition(" > ")[2] for b in doc.blocks}
    man = load_document(root / "coverage-docs/docs/python-coverage.1.txt", "man.txt")
    assert "python-coverage annotate" in man.text
    assert "|command|" not in man.text and "**" not in man.text


def test_a_txt_file_written_in_markdown_reads_as_markdown(tmp_path):
    """Pandoc keeps its user's guide as MANUAL.txt, in Markdown (eval/corpora/pandoc-manual,
    GPL-2.0-or-later): read as plain text, its options' reference showed `## General
    options {.options}`, backticks and `:   ` definition marks, and had no sections. A
    `.txt` with two Markdown marks (a heading of level two or more, a fence line, a link
    with its target) is read as Markdown and written as a reader sees it; a text with one
    such mark (a shell's root prompt) stays as written."""
    root = Path(__file__).resolve().parents[1] / "eval/corpora/pandoc-manual/docs"
    doc = load_document(root / "MANUAL.txt", "MANUAL.txt")
    assert doc.title == "Pandoc User's Guide"
    sections = {b.section for b in doc.blocks}
    assert "Options > General options > -t FORMAT, -w FORMAT, --to=FORMAT, --write=FORMAT" in sections
    passages = chunk(doc)
    assert all(doc.text[p.start:p.end] == p.text for p in passages)
    options = "\n".join(p.text for p in passages if p.section.startswith("Options"))
    assert "{.options}" not in options and "\n:   " not in options and "`" not in options
    assert "Specify output format.  FORMAT can be:" in doc.text
    assert "- docx (Word docx)" in doc.text  # a list item stays one
    code = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "code"]
    assert "pandoc -o output.html input.txt" in code  # code as written, no fence or indent
    plain = tmp_path / "notes.txt"
    plain.write_text("Install it as root:\n\n## apt-get install foo\n\nThen *reboot*.\n",
                     encoding="utf-8")
    assert load_document(plain, "notes.txt").text.startswith("Install it as root:\n\n## apt")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.from_regex(r"[a-z]{2,8}", fullmatch=True), min_size=1, max_size=4, unique=True),
       st.from_regex(r"v[0-9]\.[0-9]{1,2}", fullmatch=True), st.sampled_from(["<", "%"]))
def test_a_shortcode_in_rows_of_a_table_cut_from_its_header_reads_as_nothing(keys, version, mark):
    """A long table is cut between rows into passages; rows without their header were
    read cell by cell, and a Hugo shortcode in a cell stayed (GoReleaser's templates
    table: "true if --single-target is set {{< g_inline_version "v2.3" >}}"), as it does
    nowhere else."""
    from collabqa.documents import as_read

    end = ">" if mark == "<" else "%"
    rows = "\n".join(f"| `.{k}` | set when {k} is on {{{{{mark} g_inline_version \"{version}\" {end}}}}} |"
                     for k in keys)
    read = as_read(rows, "templates.md")
    assert "{{" not in read and "g_inline_version" not in read
    assert read.split("\n") == [f".{k} | set when {k} is on" for k in keys]


def test_a_reference_entry_named_with_a_note_in_brackets_is_answered_with_its_name(
        tmp_path, embedder):
    """An option's heading often carries a note in brackets (Testing Library's
    "`throwSuggestions` (experimental)"); the answer still names the option first, without
    the note, as the description below never repeats the name."""
    engine = engine_over(tmp_path, embedder, {"config.md": (
        "# Configuration\n\n## Options\n\n"
        "### `computedStyleSupportsPseudoElements`\n\n"
        "Whether computed styles include pseudo-elements. Defaults to false.\n\n"
        "### `throwSuggestions` (experimental)\n\n"
        "When enabled, if better queries are available, the test will fail and provide "
        "a suggested query to use instead. Defaults to false.\n")})
    answer = engine.ask("Can my tests fail when a better query than the one I used exists?")
    assert answer.grounded
    assert answer.citations[0].section == "Options > throwSuggestions (experimental)"
    assert answer.text.startswith("throwSuggestions: When enabled")


ELEVENTY_PAGE = """---
eleventyNavigation:
  key: Data Cascade
---

# Data Cascade

{% codetitle "my-template.md" %}
{%- set codeBlock %}{% raw %}
---
title: A Good Blog Post
tags:
  - CSS
---
{% endraw %}{%- endset %}
{{ codeBlock | highlight("yaml") | safe }}

The leaf template takes precedence when two share a key.

{% callout "warn", "md" %}`slugify` currently ignores characters for Japanese.{% endcallout %}

{%- set note %}
Only a *note* is captured here.
{%- endset %}
"""


def test_eleventy_captures_read_as_code_and_one_line_callouts_as_text(tmp_path):
    """Eleventy's docs write examples as a Nunjucks capture (`{% set codeBlock %}{% raw %}`
    ... `{% endraw %}{% endset %}`) output through `highlight`: the capture is a code block
    (its YAML's `---` lines no rule or heading, its list no list), in the document and in a
    passage cut before the line that writes it out; a capture without `{% raw %}` and
    never highlighted is not code. A one-line `{% callout %}Text.{% endcallout %}` is two
    tags around a sentence, which reads. A Hugo code shortcode whose line holds "{%" and
    "set" (`{{% code-toggle file="settings" %}}`) is still a code block."""
    (tmp_path / "data-cascade.md").write_text(ELEVENTY_PAGE, encoding="utf-8")
    doc = load_document(tmp_path / "data-cascade.md", "data-cascade.md")
    passages = chunk(doc)
    code = [p for p in passages if "A Good Blog Post" in p.text]
    assert code and "---\ntitle: A Good Blog Post\ntags:\n- CSS\n---" in code[0].plain_text()
    read = "\n".join(p.plain_text() for p in passages)
    assert "codeBlock" not in read and "{%" not in read
    assert "The leaf template takes precedence when two share a key." in read
    assert "Only a note is captured here." in " ".join(read.split())
    assert "slugify currently ignores characters for Japanese." in read
    # a Hugo code shortcode whose line holds "{%" and "set" is still Hugo's
    hugo = site_syntax('{{% code-toggle file="settings" %}}\nbaseURL = "x"\n{{% /code-toggle %}}\n')
    assert hugo.startswith("~") and 'baseURL = "x"' in hugo
    # neither fence closes the other: `{% endset %}` in a Hugo highlight block is code, and
    # so is `{% endhighlight %}` in a raw capture
    nested = site_syntax("{{< highlight jinja >}}\n{% set x %}\n{% endset %}\nafter\n"
                         "{{< /highlight >}}\n")
    assert open_fence(nested, nested.index("after")) is not None
    nested = site_syntax("{% set x %}{% raw %}\n{% endhighlight %}\nafter\n"
                         "{% endraw %}{% endset %}\n")
    assert open_fence(nested, nested.index("after")) is not None and "{% endhighlight %}" in nested
    # a passage cut inside an HTML block (tabs' panels): Markdown sees no fence there, and
    # the line standing for the capture's tags is no text
    panel = ('</div>\n\t<div id="x" role="tabpanel">\n{%- set codeBlock %}\nnpx @11ty/eleventy\n'
             '{%- endset %}\n{{ codeBlock | highlight("bash") | safe }}\n\t</div>')
    read = Passage("x#0", "x", "", panel, "x.md", 0, len(panel)).plain_text()
    assert "npx @11ty/eleventy" in read and "~" not in read
    # a passage cut before the line that writes the capture out
    cut = "# Data Cascade" + ELEVENTY_PAGE.split("# Data Cascade")[1].split("{{ codeBlock")[0]
    assert "---\ntitle: A Good Blog Post\ntags:\n- CSS\n---" in Passage(
        "x#0", "x", "", cut, "x.md", 0, len(cut)).plain_text()


JSX_STYLED_PAGE = """---
title: Introduction
---

<img src="/img/logo.svg" style={{maxHeight:200}} align="right"/>

# Immer

Immer (German for: always) is a tiny package for immutable state.

Click the overflow icon (<i style={{ verticalAlign: "-.25em" }} className={{ class: "icons" }}>more_vert</i>) next to your app.

<img
width="200px"
alt="a video"
style={{marginLeft: 36}}
/>

Expand it with `--expand-variable` as in var1={{var2}} on the command line.
"""


def test_a_jsx_object_attribute_leaves_its_tag_a_tag(tmp_path):
    """A Docusaurus page's `<img style={{maxHeight:200}} />` is an image, no text (read
    as a template placeholder, the object was dropped and `style=` left the tag no tag,
    shown as text: a passage of its own); an inline `<i style={{...}} className={{...}}>`
    shows its word, a tag written over lines shows nothing, and `={{...}}` outside a tag
    (curl's variables) is text as written."""
    (tmp_path / "introduction.md").write_text(JSX_STYLED_PAGE, encoding="utf-8")
    passages = chunk(load_document(tmp_path / "introduction.md", "introduction.md"))
    read = "\n".join(p.plain_text() for p in passages)
    assert "style" not in read and "<i" not in read and "img" not in read
    assert passages[0].plain_text().startswith("Immer\n")
    assert "Click the overflow icon (more_vert) next to your app." in read
    assert "var1={{var2}}" in read


def test_hugo_param_shortcodes_read_as_the_values_their_pages_set():
    """Grafana Alloy's docs (eval/corpora/alloy-docs, Apache-2.0) name their product as
    `{{< param "PRODUCT_NAME" >}}`, set in the `cascade` of the docs' top `_index.md`:
    each now reads "Alloy", as the site shows it; before, every such sentence lost its
    subject ("To do a silent install of on Windows")."""
    root = ROOT / "eval/corpora/alloy-docs/docs"
    doc = load_document(root / "set-up/install/windows.md", "set-up/install/windows.md")
    assert doc.title == "Install Grafana Alloy on Windows"
    assert "{{< param" not in doc.text
    assert "To do a silent install of Alloy on Windows, perform the following steps." in doc.text
    passages = chunk(doc)
    assert any("installer places Alloy in the default directory" in p.plain_text()
               for p in passages)


def test_hugo_param_lookup_order(tmp_path):
    """The page's own front matter first (its `params` too), then its own `cascade`, then
    each `_index.md` above it up to the corpus folder, the nearest first; keys matched
    without regard to case, a dotted key down a mapping; a `cascade` list item with a
    `_target` applies to some pages only and is left out; a key set nowhere (a site
    configuration's) is no text, as before, and so is the shortcode of a page outside
    any `_index.md`."""
    docs = tmp_path / "docs"
    (docs / "guide" / "deep").mkdir(parents=True)
    (docs / "_index.md").write_text(
        "---\ntitle: Top\ncascade:\n  PRODUCT: Widget\n  EDITION: Community\n"
        "  versions:\n    core: 1.2.3\n---\n\nThe top page of {{< param \"PRODUCT\" >}}.\n",
        encoding="utf-8")
    (docs / "guide" / "_index.md").write_text(
        "---\ntitle: Guide\ncascade:\n  - EDITION: Enterprise\n  - _target:\n      path: /x\n"
        "    PRODUCT: Targeted\n---\n\nThe guide.\n", encoding="utf-8")
    (docs / "guide" / "deep" / "page.md").write_text(
        "---\ntitle: Page\nparams:\n  owner: Ops team\n---\n\n"
        "{{< param \"product\" >}} {{% param EDITION %}} {{< param 'versions.core' >}} "
        "is run by {{< param \"OWNER\" >}}. Its port is {{< param \"PORT\" >}}.\n",
        encoding="utf-8")
    page = docs / "guide" / "deep" / "page.md"
    doc = load_document(page, "guide/deep/page.md")
    assert "Widget Enterprise 1.2.3 is run by Ops team. Its port is" in doc.text
    assert "Its port is ." in " ".join(p.plain_text() for p in chunk(doc))  # as before
    top = load_document(docs / "_index.md", "_index.md")
    assert "The top page of Widget." in top.text
