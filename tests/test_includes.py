"""Markdown includes (pymdownx.snippets, mkdocs-include-markdown, mdBook) read as the site
shows them: what they include in their place, never a file outside the corpus."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from collabqa.corpus import load_corpus
from collabqa.formats import SUFFIXES
from collabqa.formats.includes import expand, expand_rst

ROOT = Path(__file__).resolve().parents[1]

# Lines of Markdown prose with no include syntax of their own.
prose_line = st.text(st.characters(codec="utf-8", exclude_characters="\n\r\x00<>%{}-;:"),
                     max_size=40).map(str.strip)
prose = st.lists(prose_line, min_size=1, max_size=6).map("\n".join).filter(str.strip)
indents = st.sampled_from(["", "    ", "\t"])


def _corpus(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "docs"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@settings(max_examples=40, deadline=None)
@given(before=prose, after=prose, body=prose, indent=indents,
       form=st.sampled_from(['--8<-- "partials/note.md"', '--8<-- "docs/partials/note.md"',
                             "{% include-markdown '../partials/note.md' %}",
                             '{% include "../partials/note.md" %}']))
def test_an_include_line_reads_as_the_file_it_names(tmp_path_factory, before, after, body,
                                                    indent, form):
    tmp = tmp_path_factory.mktemp("inc")
    page = f"{before}\n\n{indent}{form}\n\n{after}\n"
    root = _corpus(tmp, {"guide/page.md": page, "partials/note.md": body + "\n"})
    got = expand(page, root / "guide/page.md", root)
    shown = "\n".join(indent + line if line.strip() else line
                      for line in body.strip("\n").split("\n"))
    assert got == f"{before}\n\n{shown}\n\n{after}\n"


@settings(max_examples=30, deadline=None)
@given(before=prose, body=prose, other=prose)
def test_a_snippet_section_is_the_text_between_its_markers(tmp_path_factory, before, body,
                                                          other):
    tmp = tmp_path_factory.mktemp("sec")
    source = (f"{other}\n--8<-- [start:usage]\n{body}\n--8<-- [end:usage]\n{other}\n")
    page = f'{before}\n\n--8<-- "source.md:usage"\n'
    root = _corpus(tmp, {"page.md": page, "source.md": source})
    # (Blank lines around what is included are dropped: they change nothing read.)
    assert expand(page, root / "page.md", root) == f"{before}\n\n{body.strip(chr(10))}\n"
    # Read whole, the file shows no markers.
    whole = expand('--8<-- "source.md"', root / "page.md", root)
    assert "8<" not in whole and body.strip() in whole and other.strip() in whole


def test_nothing_outside_the_corpus_is_read_and_a_missing_file_is_no_text(tmp_path):
    (tmp_path / "secret.md").write_text("the server's secret\n", encoding="utf-8")
    page = ('Intro.\n\n--8<-- "../secret.md"\n\n--8<-- "' + str(tmp_path / "secret.md")
            + '"\n\n{% include-markdown "../../secret.md" %}\n\n--8<-- "missing.md"\n\nEnd.\n')
    root = _corpus(tmp_path, {"sub/page.md": page})
    got = expand(page, root / "sub/page.md", root)
    assert "secret" not in got and "8<" not in got and "include" not in got
    assert got.split() == ["Intro.", "End."]


def test_includes_nest_but_never_in_a_cycle(tmp_path):
    root = _corpus(tmp_path, {"a.md": 'A says.\n--8<-- "b.md"\n',
                              "b.md": 'B says.\n--8<-- "a.md"\n'})
    assert expand((root / "a.md").read_text(), root / "a.md", root).split("\n") == [
        "A says.", "B says.", ""]


def test_an_escaped_snippet_line_and_a_block_of_paths(tmp_path):
    page = ';--8<-- "x.md"\n\n--8<--\none.md\n; two.md\nthree.md\n--8<--\n'
    root = _corpus(tmp_path, {"p.md": page, "one.md": "One.", "two.md": "Two.",
                              "three.md": "Three."})
    assert expand(page, root / "p.md", root) == '--8<-- "x.md"\n\nOne.\nThree.\n'


def test_the_rye_docs_read_their_hidden_install_snippet():
    """The Rye docs (eval/corpora/rye-docs, MIT) pull `.includes/quick-install.md`, a
    hidden file collabqa never indexes alone, into their installation page, inside a
    tab's body with `include-markdown`; the page now reads as the site shows it."""
    docs = {d.source: d for d in load_corpus(ROOT / "eval/corpora/rye-docs/docs")}
    page = docs["guide/installation.md"].text
    snippet = (ROOT / "eval/corpora/rye-docs/docs/.includes/quick-install.md").read_text()
    first = next(line for line in snippet.splitlines() if len(line.split()) > 4)
    assert first.strip() in page
    assert "include-markdown" not in page
    assert not any(source.startswith(".includes") for source in docs)


def test_a_page_of_includes_it_cannot_read_is_skipped(tmp_path, caplog):
    """pdm's `dev/contributing.md` is one line, `--8<-- "CONTRIBUTING.md"`, a file of the
    repository outside its docs: the page says nothing, so it is skipped with a warning."""
    root = _corpus(tmp_path, {"contributing.md": '--8<-- "CONTRIBUTING.md"\n',
                              "index.md": "# Home\n\nThe tool installs packages.\n"})
    with caplog.at_level("WARNING", logger="collabqa.corpus"):
        docs = load_corpus(root)
    assert [d.source for d in docs] == ["index.md"]
    assert "contributing.md" in caplog.text


@settings(max_examples=40, deadline=None)
@given(lines=st.lists(prose_line.filter(lambda line: "ANCHOR" not in line), min_size=1,
                      max_size=12),
       data=st.data())
def test_an_mdbook_include_takes_the_lines_it_names(tmp_path_factory, lines, data):
    """`{{#include file.rs:2:10}}`, `:5` (that line alone), `:5:` (to the end), `::10`
    (from the top), 1-based and inclusive, as mdBook's own docs define them."""
    n = len(lines)
    first = data.draw(st.integers(1, n))
    last = data.draw(st.integers(first, n))
    tmp = tmp_path_factory.mktemp("book")
    root = _corpus(tmp, {"src/page.md": "", "listings/main.rs": "\n".join(lines) + "\n"})
    for part, want in [(f"{first}:{last}", lines[first - 1 : last]),
                       (f"{first}", lines[first - 1 : first]),
                       (f"{first}:", lines[first - 1 :]), (f":{last}", lines[:last]),
                       ("", lines)]:
        target = f"../listings/main.rs:{part}" if part else "../listings/main.rs"
        page = f"Before.\n\n```rust\n{{{{#include {target}}}}}\n```\n"
        got = expand(page, root / "src/page.md", root).split("\n")
        body = [line for line in got[3:-2]]
        assert got[:3] == ["Before.", "", "```rust"] and got[-2:] == ["```", ""]
        assert [line for line in body if line.strip()] == [
            line for line in "\n".join(want).strip("\n").split("\n") if line.strip()], part


def test_an_mdbook_include_by_anchor_and_what_shows_nothing(tmp_path):
    """An anchor's lines without the anchor lines (nor any other); `{{#rustdoc_include}}`
    and `{{#playground}}` include too; a `{{#title}}` line and an include of a file
    outside the corpus (PyO3's guide pulls in its repository's README) show nothing."""
    (tmp_path / "README.md").write_text("the repository's own README\n", encoding="utf-8")
    code = ("// ANCHOR: all\nuse std::io;\n// ANCHOR: main\nfn main() {}\n"
            "// ANCHOR_END: main\nfn other() {}\n// ANCHOR_END: all\n")
    page = ("{{#title A Custom Title}}\n# Page\n\n```rust\n{{#include main.rs:main}}\n```\n\n"
            "```rust\n{{#rustdoc_include main.rs:all}}\n```\n\n{{#playground main.rs}}\n\n"
            "{{#include ../../README.md}}\n\nEnd.\n")
    root = _corpus(tmp_path, {"book/page.md": page, "book/main.rs": code})
    got = expand(page, root / "book/page.md", root)
    assert "ANCHOR" not in got and "{{#" not in got and "README" not in got
    assert "Custom Title" not in got
    blocks = got.split("```rust\n")
    assert blocks[1].startswith("fn main() {}\n```")
    assert blocks[2].startswith("use std::io;\nfn main() {}\nfn other() {}\n```")
    assert got.count("use std::io;") == 2 and got.rstrip().endswith("End.")


def test_the_pyo3_guide_reads_without_its_mdbook_directives():
    """PyO3's guide (eval/corpora/pyo3-guide, MIT OR Apache-2.0) includes its README,
    its contributing notes and example files from outside `guide/src/`: none of them is
    in the corpus, so nothing shows for them, not the directive's text; the page that is
    only such an include is skipped."""
    docs = {d.source: d for d in load_corpus(ROOT / "eval/corpora/pyo3-guide/docs")}
    assert "contributing.md" not in docs
    assert "{{#include" not in docs["class/call.md"].text
    assert "{{#include" not in docs["class.md"].text



@settings(max_examples=40, deadline=None)
@given(before=prose, after=prose, body=prose, indent=st.sampled_from(["", "   "]),
       form=st.sampled_from([".. include:: general/logging.rst.inc",
                             ".. include:: /usage/general/logging.rst.inc",
                             ".. include:: ../usage/general/logging.rst.inc"]))
def test_an_rst_include_reads_as_the_file_it_names(tmp_path_factory, before, after, body,
                                                   indent, form):
    tmp = tmp_path_factory.mktemp("rst")
    page = f"{before}\n\n{indent}{form}\n\n{after}\n"
    root = _corpus(tmp, {"usage/general.rst": page,
                         "usage/general/logging.rst.inc": body + "\n"})
    got = expand_rst(page, root / "usage/general.rst", root, SUFFIXES)
    shown = "\n".join(indent + line if line.strip() else line
                      for line in body.strip("\n").split("\n"))
    assert got.split("\n") == [*before.split("\n"), "", *shown.split("\n"), "", "",
                               *after.split("\n"), ""]


def test_an_rst_include_s_options_a_page_of_its_own_and_what_is_never_read(tmp_path):
    """`:start-after:` / `:end-before:` take part of the file, `:literal:` shows it as a
    literal block; a `.rst` page the corpus reads alone (it has a title), docutils'
    `<isonum.txt>`, a file outside the corpus and a missing one bring nothing."""
    (tmp_path / "secret.rst.inc").write_text("the server's secret\n", encoding="utf-8")
    page = (".. include:: part.rst.inc\n   :start-after: .. start\n   :end-before: .. end\n\n"
            ".. include:: example.py\n   :literal:\n\n.. include:: other.rst\n\n"
            ".. include:: <isonum.txt>\n\n.. include:: ../secret.rst.inc\n\n"
            ".. include:: missing.rst.inc\n\nEnd.\n")
    root = _corpus(tmp_path, {"page.rst": page, "other.rst": "Other\n=====\n\nOther page.\n",
                              "part.rst.inc": "Before.\n.. start\nKept.\n.. end\nAfter.\n",
                              "example.py": "def main():\n    return 1\n"})
    got = expand_rst(page, root / "page.rst", root, SUFFIXES)
    assert got.split() == ["Kept.", "::", "def", "main():", "return", "1", "End."]
    assert "   def main():\n       return 1" in got
    docs = {d.source: d.text for d in load_corpus(root)}
    assert "Kept." in docs["page.rst"] and "return 1" in docs["page.rst"]
    assert "Other page." not in docs["page.rst"] and "Other page." in docs["other.rst"]


@settings(max_examples=40, deadline=None)
@given(step=prose, marker=st.sampled_from(["#.", "-", "1.", "*", "(a)"]),
       indent=st.sampled_from(["", "   "]))
def test_an_rst_include_as_a_list_item_is_its_step(tmp_path_factory, step, marker, indent):
    """A fragment written to be included (no title of its own; a `.rst` file the corpus
    also reads alone) is read in, also as the body of a list item, its lines under the
    item's text: NGINX Unit's how-tos open with `#. .. include:: ../include/x.rst`."""
    tmp = tmp_path_factory.mktemp("rst")
    page = f"Intro:\n\n{indent}{marker} .. include:: include/step.rst\n\n{indent}{marker} Last.\n"
    root = _corpus(tmp, {"howto/page.rst": page, "howto/include/step.rst": step + "\n"})
    got = expand_rst(page, root / "howto/page.rst", root, SUFFIXES)
    lines = step.strip("\n").split("\n")
    under = indent + " " * (len(marker) + 1)
    shown = [indent + marker + " " + lines[0]] + [under + x if x.strip() else x for x in lines[1:]]
    assert got.split("\n") == ["Intro:", "", *shown, "", "", f"{indent}{marker} Last.", ""]


def test_the_unit_docs_read_their_included_steps():
    """NGINX Unit's docs (eval/corpora/unit-docs, CC BY 4.0): the FastAPI how-to's first
    step is a fragment naming `|mod|`, which the how-to defines as "Python 3.6+"."""
    docs = {d.source: d for d in load_corpus(ROOT / "eval/corpora/unit-docs/docs")}
    page = docs["howto/fastapi.rst"].text
    assert "Install Unit with a Python 3.6+ language module." in page
    assert "include::" not in page


def test_a_literalinclude_is_its_file_as_code(tmp_path):
    """Sphinx's `.. literalinclude::` shows a file (or part of it) as code: `:pyobject:`
    one class, function or method with its decorators, `:lines:` some lines, `:dedent:`
    the indent off, `:caption:` a line above; a missing file shows nothing, and one in an
    example (after "::") is written as it stands."""
    source = ("import os\n\n\n@register\ndef retry(n):\n    for _ in range(n):  # Try up to n times\n"
              "        pass\n\n\nclass Client:\n    def get(self):\n        return 1\n\n"
              "    def post(self):\n        return 2\n")
    page = (".. literalinclude:: code/example.py\n   :pyobject: retry\n   :caption: Retrying\n\n"
            ".. literalinclude:: code/example.py\n   :pyobject: Client.post\n   :dedent:\n\n"
            ".. literalinclude:: code/example.py\n   :lines: 1, 10-11\n\n"
            ".. literalinclude:: code/missing.py\n\nWrite::\n\n"
            "    .. literalinclude:: code/example.py\n\nEnd.\n")
    root = _corpus(tmp_path, {"page.rst": page, "code/example.py": source})
    got = expand_rst(page, root / "page.rst", root, SUFFIXES)
    assert ("Retrying\n\n::\n\n   @register\n   def retry(n):\n       for _ in range(n):"
            "  # Try up to n times\n           pass\n") in got
    assert "::\n\n   def post(self):\n       return 2\n" in got
    assert "::\n\n   import os\n   class Client:\n       def get(self):\n" in got
    assert "missing.py" not in got and "    .. literalinclude:: code/example.py" in got
    doc = {d.source: d.text for d in load_corpus(root)}["page.rst"]
    assert "# Try up to n times" in doc and "return 2" in doc
    assert doc.count("literalinclude") == 1  # the example's, as written


def test_the_aiohttp_cookbook_shows_its_examples():
    """aiohttp's client middleware cookbook (eval/corpora/aiohttp-docs, Apache-2.0) shows
    its examples with `.. literalinclude:: code/client_middleware_cookbook.py` and
    `:pyobject:`: the page was its headings and its prose between them."""
    docs = {d.source: d for d in load_corpus(ROOT / "eval/corpora/aiohttp-docs/docs")}
    page = docs["client_middleware_cookbook.rst"].text
    assert "# Try up to 3 times" in page and "literalinclude" not in page


def test_the_borg_docs_read_their_general_chapters():
    """Borg's docs (eval/corpora/borg-docs, BSD-3-Clause) keep the chapters of their
    usage page in `.rst.inc` files that `usage/general.rst` includes (a file collabqa
    never indexes alone): the log level, the return codes, the environment variables."""
    docs = {d.source: d for d in load_corpus(ROOT / "eval/corpora/borg-docs/docs")}
    page = docs["usage/general.rst"].text
    assert "defaults to WARNING" in page and "BORG_FILES_CACHE_TTL" in page
    assert "include::" not in page
    assert not any(source.endswith(".inc") for source in docs)


def test_a_vitepress_code_import_is_its_file_as_code(tmp_path):
    """Starship's preset pages (eval/corpora/starship-docs, ISC) end with
    `<<< @/public/presets/toml/plain-text-symbols.toml`, a file outside the corpus: the
    line showed as text. A file inside it is a code block; `#name` takes one region."""
    page = ("Intro.\n\n<<< @/snippets/conf.toml\n\n  <<< ../snippets/main.ts#setup{2} [main.ts]\n\n"
            "<<< @/public/missing.toml\n\nEnd.\n")
    root = _corpus(tmp_path, {"guide/page.md": page, "snippets/conf.toml": "[a]\nb = 1\n",
                              "snippets/main.ts": "import x\n// #region setup\nsetup()\n"
                                                  "// #endregion setup\nrun()\n"})
    got = expand(page, root / "guide/page.md", root)
    assert got == ("Intro.\n\n```\n[a]\nb = 1\n```\n\n  ```\n  setup()\n  ```\n\n\nEnd.\n")
    docs = {d.source: d.text for d in load_corpus(ROOT / "eval/corpora/starship-docs/docs")}
    assert "<<<" not in docs["presets/plain-text.md"]


@settings(max_examples=40, deadline=None)
@given(lines=st.lists(prose_line.filter(bool), min_size=3, max_size=8), indent=indents,
       data=st.data())
def test_a_vitepress_markdown_include_is_its_files_lines(tmp_path_factory, lines, indent, data):
    """VitePress's `<!--@include: ./part.md-->` reads as the file, `@/` naming it from the
    corpus folder; `{a,b}` takes lines a to b (1-based, either end open), `#name` the
    lines between `<!-- #region name -->` and `<!-- #endregion name -->`. A file outside the
    corpus, or missing, is nothing (the comment the page had)."""
    tmp = tmp_path_factory.mktemp("vp")
    first = data.draw(st.integers(1, len(lines)))
    last = data.draw(st.integers(first, len(lines)))
    form, want = data.draw(st.sampled_from([
        ("./parts/part.md", lines), ("@/guide/parts/part.md", lines),
        (f"./parts/part.md{{{first},{last}}}", lines[first - 1:last]),
        (f"./parts/part.md{{{first},}}", lines[first - 1:]),
        (f"./parts/part.md{{,{last}}}", lines[:last]),
        ("./parts/region.md#kept", lines[1:])]))
    region = (f"{lines[0]}\n<!-- #region kept -->\n" + "\n".join(lines[1:])
              + "\n<!-- #endregion kept -->\n")
    page = (f"Intro.\n\n{indent}<!--@include: {form}-->\n\n"
            "<!--@include: ../../../secret.md-->\n\nEnd.\n")
    root = _corpus(tmp, {"guide/page.md": page, "guide/parts/part.md": "\n".join(lines) + "\n",
                         "guide/parts/region.md": region})
    (tmp / "secret.md").write_text("Secret words.\n", encoding="utf-8")
    got = expand(page, root / "guide/page.md", root)
    shown = [indent + line if line.strip() else line
             for line in "\n".join(want).strip("\n").split("\n")]
    assert got == "Intro.\n\n" + "\n".join(shown) + "\n\n\nEnd.\n"


def test_a_vuepress_include_reads_as_the_shared_table(tmp_path):
    """Chart.js's axis pages (eval/corpora/chartjs-docs, MIT) share their option tables as
    `!!!include(axes/_common.md)!!!` (markdown-it-include, from the docs folder): the
    linear axis's page holds the options common to all axes, read as a table."""
    page = "# Axis\n\n!!!include(parts/common.md)!!!\n\nEnd.\n"
    root = _corpus(tmp_path, {"axes/page.md": page, "parts/common.md": "| a | b |\n| - | - |\n"})
    assert expand(page, root / "axes/page.md", root) == "# Axis\n\n| a | b |\n| - | - |\n\nEnd.\n"
    docs = {d.source: d for d in load_corpus(ROOT / "eval/corpora/chartjs-docs/docs")}
    text = docs["axes/cartesian/linear.md"].text
    assert "!!!include" not in text
    assert "User defined minimum number for the scale" in text


def test_an_rst_include_shown_as_code_is_an_example_not_read(tmp_path):
    """A page that shows the directive itself, in a literal block or a code block (a
    Sphinx tutorial), shows it as written, and one in a comment is never read; one inside
    a note is read in."""
    page = ("Write this::\n\n    .. include:: part.rst.inc\n\nOr:\n\n.. code-block:: rst\n\n"
            "   .. include:: part.rst.inc\n\n..\n   .. include:: part.rst.inc\n\n"
            ".. a comment\n   .. include:: part.rst.inc\n\n"
            ".. note::\n\n   .. include:: part.rst.inc\n")
    root = _corpus(tmp_path, {"page.rst": page, "part.rst.inc": "Kept.\n"})
    got = expand_rst(page, root / "page.rst", root, SUFFIXES)
    assert got.count(".. include:: part.rst.inc") == 4
    assert got.count("Kept.") == 1 and "   Kept." in got


cell = st.from_regex(r"[A-Za-z][A-Za-z0-9 .]{0,12}[A-Za-z0-9]", fullmatch=True)


@settings(max_examples=30, deadline=None)
@given(rows=st.lists(st.lists(cell, min_size=2, max_size=2), min_size=2, max_size=5,
                     unique_by=lambda row: row[0]),
       indent=st.sampled_from(["", "   "]), bom=st.booleans())
def test_a_csv_table_of_a_file_shows_its_rows(tmp_path_factory, rows, indent, bom):
    """Sphinx shows `.. csv-table::` with `:file: table.csv` as the file's rows (Pillow's
    Python support table, conda's cheatsheet): each row reads as its cells, the other
    options still apply, and a table whose file is missing reads as nothing. A cell is
    reST: "S. q" is a list starting at "S.", and shows as it is written."""
    tmp = tmp_path_factory.mktemp("csv")
    root = tmp / "docs"
    root.mkdir()
    page = (f"Support\n=======\n\n{indent}.. csv-table:: Versions\n{indent}   :file: t.csv\n"
            f"{indent}   :header-rows: 1\n\n{indent}.. csv-table:: Gone\n"
            f"{indent}   :file: missing.csv\n\nAfter the tables.\n")
    (root / "page.rst").write_text(page, encoding="utf-8")
    csv = "\n".join(",".join(f'"{c}"' for c in row) for row in rows) + "\n"
    (root / "t.csv").write_text(("\ufeff" if bom else "") + csv, encoding="utf-8")
    (doc,) = load_corpus(root)
    for row in rows:  # a cell's runs of spaces show as one, as on the built page
        assert " | ".join(" ".join(c.split()) for c in row) in doc.text
    assert "missing.csv" not in doc.text and "t.csv" not in doc.text
    assert doc.text.rstrip().endswith("After the tables.")
