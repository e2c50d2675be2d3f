"""reStructuredText (.rst): parsed by docutils, its document tree read into blocks.

Sections become headings, paragraphs and list items text blocks, literal blocks code,
tables rows, a definition list's terms the headings of their definitions (as in HTML and
Markdown), admonitions "Note: ...". Sphinx's roles (":func:`open`", ":ref:`Install
<install>`") are read as the words they show, a :ref: or :doc: without its own text as
the title of the section or page it names when the corpus has it (`sphinx.Targets`,
gathered by `corpus_targets` before any page is read); directives docutils does not know
(`.. autoclass::`, `.. toctree::`) are left out, as are comments, targets, images,
substitution definitions and paragraphs of images only (a README's badges). Sphinx's own
directives, which docutils reports as unknown, are read by `sphinx`: object descriptions
(`.. py:data::`) under their signature, version notes, `seealso`, tabs. A `.. raw:: html`
block reads as the words its page shows. Nothing is reported or written while parsing.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ..documents import Document
from .builder import TERM_LEVEL, TextBuilder, Unusable, tidy
from .markdown import stem
from .sphinx import Directive, Targets, parse, role_text
from .tags import strip_tags

# A Sphinx role: :role:`text <target>` shows "text", :role:`~a.b.name` shows "name",
# :pep:`517` "PEP 517" (group 1 is the role's name, 2 its content).
_ROLE = re.compile(r":([A-Za-z][\w.+-]*(?::[\w.+-]+)*):`([^`]*)`")
# An inline literal (``:no-index:``, within a paragraph) or a role: a role's syntax inside
# a literal is the literal's text, as docutils shows it.
_LITERAL_OR_ROLE = re.compile(r"(?P<literal>``(?:[^`\n]|`(?!`)|\n(?![ \t]*\n))+?``)|" + _ROLE.pattern)
_SETTINGS = {
    "report_level": 5, "halt_level": 5, "warning_stream": io.StringIO(),
    "file_insertion_enabled": False, "raw_enabled": True, "_disable_config": True,
    "syntax_highlight": "none", "input_encoding": "unicode", "doctitle_xform": True,
}
_SKIP = {"comment", "system_message", "target", "substitution_definition", "image", "raw",
         "pending", "problematic", "footnote_reference", "citation_reference", "label"}
_CONTAINERS = {"block_quote", "container", "compound", "topic", "sidebar", "line_block",
               "figure", "legend", "footnote", "citation"}
_UNKNOWN = re.compile(r'Unknown directive type "')
_BAD_OPTION = re.compile(r'Error in "[^"]+" directive:\s+unknown option')
# A grid table docutils could not build ("Malformed table.": a row wider than the border,
# django-axes' table of settings) is read from its source, row by row (`_grid_rows`).
_MALFORMED_TABLE = re.compile(r"Malformed table\b")
_GRID_RULE = re.compile(r"\s*\+[-=+]*\+?\s*")
# A named link as written: `words`_ or word_ (__ when anonymous); a substitution as
# written, |name| (|name|_ when it links).
_LINK = re.compile(r"`([^`<]+?)\s*(?:<[^`>]*>)?`__?|([\w.-]+)__?|\|(\S(?:[^|]*\S)?)\|(?:__?)?")
# What a linking role reads in single backticks: "text <target>", "~package.module.name".
_LABELLED_REFERENCE = re.compile(r"(?s).*?\S\s*<[^<>\s]+>")
# A name's call "()" (`~Connection.transaction()` shows "transaction()") and a leading dot
# (`~.Context.run`) are part of it. "!..." is a cross-reference not made a link (psycopg's
# `!float`, `!async with`), shown without its mark.
_SHORTENED_NAME = re.compile(r"~\.?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:\(\))?")
_UNLINKED = re.compile(r"![A-Za-z_].*", re.S)
# ... and a Python object named from the current module on (`.CouldNotCanonicalize`,
# `.Context.run`), which Sphinx shows without its dot: a path with a capitalised name in
# it, not a file's name (`.bashrc`, `.tar.gz`, `.readthedocs.yaml` show as written).
_SPECIFIC_NAME = re.compile(r"\.(?=[\w.]*(?<![\w])[A-Z])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:\(\))?")
_ADMONITIONS = {"attention", "caution", "danger", "error", "hint", "important", "note", "tip",
                "warning", "admonition", "seealso"}


def _role(match: re.Match[str]) -> str:
    return role_text(match.group(1), match.group(2))


def _roles_with(targets: Targets | None, source: str):
    """How a role reads in `source`: as `_role`, with :ref: and :doc: resolved through
    the corpus's `targets` when known."""
    if targets is None:
        return _role
    return lambda match: role_text(match.group(1), match.group(2), targets, source)


# Sphinx reads `.. class:: Name` as the Python domain's class, shown under its signature;
# docutils' own `class` directive (Sphinx's `rst-class`) only sets a style class on what
# follows and shows nothing, so the name would be lost (referencing's `_Unset`, the
# debug toolbar's panels). An argument of style class names alone (lowercase words and
# hyphens: `.. class:: center`) is docutils' directive, as written.
_PY_CLASS = re.compile(r"^([ \t]*\.\.[ \t]+)class(?=::[ \t]+"
                       r"(?![a-z][a-z0-9-]*(?:[ \t]+[a-z][a-z0-9-]*)*[ \t]*$)\S)", re.M)
# A grid table's border line ("+-----+----+", "+=====+====+" under its header).
_BORDER = re.compile(r"[ \t]*\+(?:[-=]+\+)+[ \t]*")
# A simple table's border: two columns or more of "=" (one run alone is a title's).
_SIMPLE_BORDER = re.compile(r"[ \t]*=+(?: +=+)+[ \t]*")


def read_roles(text: str, role=_role) -> str:
    """`text` with its roles read as the words they show. Inside a grid table a role is
    read within its cell, padded to the cell's width, so the table's columns still line
    up (docutils reads a table whose borders moved as no table at all: the Python
    Packaging User Guide's "pip vs easy_install" comparison was lost); a role broken
    over a cell's lines (":term:`Wheels" over "<Wheel>`") is read across them. `role`
    reads one role's match (`_roles_with`)."""
    lines = text.split("\n")
    out: list[str] = []
    plain: list[str] = []

    def flush() -> None:
        """The lines gathered outside tables, their roles read, into `out`."""
        if plain:
            out.append(_sub_roles("\n".join(plain), role))
            plain.clear()

    i = 0
    while i < len(lines):
        if _SIMPLE_BORDER.fullmatch(lines[i]) and (end := _simple_end(lines, i)) is not None:
            flush()
            starts = [m.start() for m in re.finditer(r"=+", lines[i])]
            rows = [line if _SIMPLE_BORDER.fullmatch(line) else _simple_row(line, starts, role)
                    for line in lines[i:end + 1]]
            out.append(_sub_roles("\n".join(rows), role))  # a role over two lines, as before
            i = end + 1
            continue
        if not _BORDER.fullmatch(lines[i]):
            plain.append(lines[i])
            i += 1
            continue
        flush()
        border = lines[i]
        table = [border]
        i += 1
        row: list[str] = []
        while i < len(lines) and lines[i].strip()[:1] in ("|", "+"):
            if _BORDER.fullmatch(lines[i]):
                table += _row_roles(row, border, role) + [lines[i]]
                border, row = lines[i], []
            else:
                row.append(lines[i])
            i += 1
        table += row  # an unclosed row: as written
        out.append("\n".join(table))
    flush()
    return "\n".join(out)


def _simple_end(lines: list[str], top: int) -> int | None:
    """The line of the simple table's last border, the table opening at `top` (a border
    followed by a blank line or the text's end); None when there is none."""
    for k in range(top + 1, len(lines)):
        if _SIMPLE_BORDER.fullmatch(lines[k]) and (k + 1 == len(lines) or not lines[k + 1].strip()):
            return k
        if not lines[k].strip() and (k + 1 == len(lines) or not lines[k + 1].strip()):
            return None  # two blank lines: no table closes here
    return None


def _simple_row(line: str, starts: list[int], role) -> str:
    """A simple table's row with the roles of each cell read, each column kept where its
    border puts it: read over the whole line, ":ref:`user-guide-arc-marks`" shrank to its
    words and pulled the next column's text into the first, and docutils dropped Altair's
    table of marks as malformed. As `_sub_roles` reads it when a cell's words would not
    fit before the next column."""
    if "`" not in line:
        return line
    cells = [line[a:b] for a, b in zip(starts, [*starts[1:], None])]
    if line[: starts[0]].strip():
        return _sub_roles(line, role)
    read = [_sub_roles(cell, role) for cell in cells]
    if any(len(new.rstrip()) >= len(old) for new, old in zip(read[:-1], cells[:-1])):
        return _sub_roles(line, role)
    return line[: starts[0]] + "".join(
        new.rstrip().ljust(len(old)) for new, old in zip(read[:-1], cells[:-1])) + read[-1]


def _sub_roles(text: str, role) -> str:
    """`text` with each role outside an inline literal read by `role`."""
    def one(match: re.Match[str]) -> str:
        if match.group("literal"):
            return match.group(0)
        return role(_ROLE.match(match.group(0)))

    return _LITERAL_OR_ROLE.sub(one, text)


def _row_roles(row: list[str], border: str, role=_role) -> list[str]:
    """One grid-table row's lines with the roles of each cell read, cell widths kept;
    as written when its lines do not split where the border above has its "+" marks
    (cells joined across columns)."""
    cuts = [k for k, ch in enumerate(border) if ch == "+"]
    if not row or any(len(line) <= cuts[-1] or any(line[k] != "|" for k in cuts) for line in row):
        return row
    columns = []
    for a, b in zip(cuts, cuts[1:]):
        cell = "\n".join(line[a + 1 : b] for line in row)
        read = _sub_roles(cell, role) if "`" in cell else cell
        if read == cell:
            columns.append([line[a + 1 : b] for line in row])
            continue
        width, words, lines = b - a - 1, read.split(), [""]
        for word in words:  # re-flowed into the cell's lines, as few as needed
            if lines[-1] and len(lines[-1]) + 1 + len(word) > width - 1 and len(lines) < len(row):
                lines.append("")
            lines[-1] = f"{lines[-1]} {word}" if lines[-1] else word
        lines += [""] * (len(row) - len(lines))
        columns.append([line.ljust(width) for line in lines])
    if any(len(column[n]) != b - a - 1 for column, (a, b) in zip(columns, zip(cuts, cuts[1:]))
           for n in range(len(row))):
        return row  # a word longer than its cell: as written
    return ["|" + "|".join(column[n] for column in columns) + "|" + row[n][cuts[-1] + 1:]
            for n in range(len(row))]


def load(path: Path, source: str, text: str, targets: Targets | None = None) -> Document:
    """A reStructuredText file's Document; raises Unusable when it holds no text.
    `targets`: the corpus's labels and page titles, for :ref: and :doc: without text."""
    tree = _tree(read_roles(_PY_CLASS.sub(r"\1py:class", text), _roles_with(targets, source)))
    # The document's title, else its first section's (the tree is read in document order).
    first = next((node for node in tree.findall() if node.tagname == "title"), None)
    title = (tidy(first.astext()) if first is not None else "") or stem(path, source)
    builder = TextBuilder(title)
    _walk(tree, builder, 1)
    if not builder.blocks and first is not None:
        builder.block(first.astext())  # a title and nothing else: the title is its text
    if not builder.blocks:
        raise Unusable("no text found")
    return builder.document(source, title, {})


def _tree(text: str, *, title: bool = True):
    """The docutils tree of reStructuredText whose roles are already read."""
    from docutils.core import publish_doctree

    settings = dict(_SETTINGS, warning_stream=io.StringIO(), doctitle_xform=title)
    tree = publish_doctree(text, settings_overrides=settings)
    _drop_references(tree)
    _unresolved_links(tree)
    _default_role(tree)
    return tree


def _drop_references(tree) -> None:
    """Footnote and citation references ("templates [#]_.") are marks, not words: each
    goes with the space before it, so no "templates 1." or "templates ." is left."""
    from docutils import nodes

    for ref in list(tree.findall((nodes.footnote_reference, nodes.citation_reference))):
        parent = ref.parent
        at = parent.index(ref)
        before = parent[at - 1] if at > 0 else None
        if isinstance(before, nodes.Text):
            parent.replace(before, nodes.Text(before.astext().rstrip(" \t")))
        parent.remove(ref)


def _unresolved_links(tree) -> None:
    """A link to a target the parsed text does not hold ("See `Setting test cookies`_
    below", read from a directive's body parsed alone, its target a section elsewhere)
    is left by docutils as its source, backticks and all: it reads as its words. So does
    a substitution the file does not define (Sphinx projects define theirs in conf.py's
    `rst_prolog`, which the corpus does not hold): "|@given|" reads as "@given", the
    name standing for what it would show."""
    from docutils import nodes

    for node in list(tree.findall(nodes.problematic)):
        link = _LINK.fullmatch(node.astext())
        if link:
            node.parent.replace(node, nodes.Text(next(g for g in link.groups() if g)))


def _default_role(tree) -> None:
    """Text in single backticks with no role is read by the project's default role:
    Sphinx projects set one that links (`default_role = "py:obj"`), so
    `fields.Nested <marshmallow.fields.Nested>` shows "fields.Nested", `~a.b.name`
    "name", `!name` "name" and `.Name` "Name", as any role does; docutils alone would show
    it all, target and marks and all. Any other such text (`~/.netrc`, `.bashrc`, a title)
    shows as written."""
    from docutils import nodes

    for node in list(tree.findall(nodes.title_reference)):
        text = node.astext()
        if any(pattern.fullmatch(text) for pattern in (
                _LABELLED_REFERENCE, _SHORTENED_NAME, _UNLINKED)):
            node.parent.replace(node, nodes.Text(role_text("", text)))
        elif _SPECIFIC_NAME.fullmatch(text):
            node.parent.replace(node, nodes.Text(role_text("obj", text)))


def _walk(node, builder: TextBuilder, level: int) -> None:
    _read(node.children, builder, level)


def _read(children, builder: TextBuilder, level: int) -> None:
    for child in children:
        name = child.tagname
        if name == "system_message":
            _unknown(child, builder, level)
            continue
        if name == "raw":
            _raw(child, builder)
            continue
        if name == "subtitle":
            # A lone section right under the title is promoted to the document's subtitle
            # (docutils' doctitle_xform): Sphinx, which turns that off, shows it as the
            # section it is, so the text under it is under its heading (Tortoise ORM's
            # "Models" / "Usage").
            builder.heading(level, child.astext())
            continue
        if name in _SKIP or name in ("title", "docinfo"):
            continue
        if name == "section":
            heading = next((c for c in child.children if c.tagname == "title"), None)
            if heading is not None:
                builder.heading(level, heading.astext())
            _walk(child, builder, level + 1)
        elif name in ("literal_block", "doctest_block"):
            builder.block(child.astext(), "code")
        elif name in ("bullet_list", "enumerated_list"):
            for item in child.children:
                _item(item, builder, level)
        elif name == "definition_list":
            for item in child.children:
                for part in item.children:
                    if part.tagname == "term":  # with its classifiers: "ascii : bool"
                        classifiers = [c.astext() for c in item.children
                                       if c.tagname == "classifier"]
                        builder.heading(TERM_LEVEL, " : ".join([part.astext(), *classifiers]))
                    elif part.tagname == "definition":
                        _walk(part, builder, level)
            builder.end_terms()
        elif name == "option_list":
            # A command's options as argparse prints them ("--exit-zero   exit with 0,
            # even with results found"): an item per option, the option and what it does,
            # as a built page shows them in a row each. Read as one paragraph, twenty
            # options ran together with no sentence ending between them (Bandit's man page).
            for item in child.children:
                group = next((c for c in item.children if c.tagname == "option_group"), None)
                body = next((c for c in item.children if c.tagname == "description"), None)
                words, rest = _running(body.children) if body is not None else ("", [])
                label = group.astext() if group is not None else ""
                builder.block("- " + ": ".join(part for part in (label, words) if part))
                _read(rest, builder, level)
        elif name == "field_list":
            for field in child.children:
                label, body = (field.children + [None, None])[:2]
                builder.block(f"{label.astext()}: {_text(body) if body is not None else ''}")
        elif name == "table":
            rows = [" | ".join(tidy(_text(entry)) for entry in row.children)
                    for row in child.findall() if row.tagname == "row"]
            builder.block("\n".join(rows), "table")
        elif name in _ADMONITIONS:
            label = name.capitalize() if name != "seealso" else "See also"
            heading = next((c for c in child.children if c.tagname == "title"), None)
            if heading is not None:
                label = heading.astext()
            body = [c for c in child.children if c is not heading]
            words, rest = _running(body)
            if words:
                builder.block(f"{label}: {words}")
            _read(rest, builder, level)
        elif name in _CONTAINERS:
            _walk(child, builder, level)
        elif not _only_images(child):  # paragraph, rubric, line, anything holding text
            builder.block(child.astext())


def _raw(node, builder: TextBuilder) -> None:
    """A `.. raw:: html` block as its page shows it: the words between its tags, a
    paragraph per block element (a table's row, a `<summary>`); a script's or a style's
    content is never shown. Dask's dashboard page gives its plots' colours in such a
    table ("Memory is close to the spilling to disk target (default 70% ...)"). Raw LaTeX
    or any other format is not shown in HTML, and one read from a file (`:file:`) is
    not read."""
    if "html" not in node.get("format", "").split():
        return
    for line in strip_tags(node.astext()).split("\n"):
        if any(ch.isalnum() for ch in line):
            builder.block(" ".join(line.split()))


def _source(message) -> str:
    """The source lines of the directive a docutils error message reports ("" if none)."""
    return next((c.astext() for c in message.children if c.tagname == "literal_block"), "")


def _unknown(message, builder: TextBuilder, level: int) -> None:
    """A directive docutils does not know (a Sphinx one), from the error it reported."""
    if message.get("type") != "ERROR" or not message.children:
        return
    said = message.children[0].astext()
    if _MALFORMED_TABLE.match(said) and len(message.children) > 1:
        rows = _grid_rows(message.children[1].astext())
        if rows:
            builder.block("\n".join(rows), "table")
        return
    source = _source(message)
    unknown = bool(_UNKNOWN.match(said))
    directive = parse(source) if unknown or _BAD_OPTION.match(said) else None
    if directive is None:
        return
    if unknown:
        _directive(directive, builder, level)
        return
    # A directive docutils knows, with an option of Sphinx's: read without its options,
    # a code block's caption (its file name) as a line above it.
    plain = directive.without_options()
    if plain.strip() == source.strip():
        return  # nothing taken out: docutils would report the same again
    if directive.option("caption"):
        builder.block(_inline(directive.option("caption")))
    _walk(_tree(plain, title=False), builder, level)


def _grid_rows(source: str) -> list[str]:
    """A grid table's rows from its source, as the page shows them once built: each
    row's lines split at their `|` and joined column by column, its cells between " | ",
    their reST inline markup read. Width is not checked: a row docutils refused for
    running past the border reads as the others. Not a grid table: no rows."""
    lines = source.split("\n")
    if not lines or not _GRID_RULE.fullmatch(lines[0]):
        return []
    rows, cells = [], []
    for line in lines[1:] + ["+"]:
        if _GRID_RULE.fullmatch(line):  # a row ends
            words = [" ".join(" ".join(part).split()) for part in cells]
            if any(words):
                rows.append(" | ".join(_inline(w) if w else "" for w in words))
            cells = []
            continue
        parts = line.strip().strip("|").split("|")
        while len(cells) < len(parts):
            cells.append([])
        for cell, part in zip(cells, parts):
            cell.append(part)
    return rows


def _directive(directive: Directive, builder: TextBuilder, level: int) -> None:
    kind = directive.kind
    if kind == "skip":
        return
    if kind == "code":
        builder.block(directive.body, "code")
    elif kind == "version":
        note = directive.version_note()
        label, _, text = note.partition(": ")
        builder.block(f"{label}: {_inline(text)}" if text else note)
    elif kind == "seealso":
        source = "\n\n".join(part for part in (directive.argument, directive.body) if part)
        words, rest = _running(_tree(source, title=False).children if source else [])
        if words:
            builder.block(f"See also: {words}")
        _read(rest, builder, level)
    elif kind == "object":
        fields = directive.fields()
        if not directive.body and not fields:
            # `.. autoclass:: x` with options only: its text comes from code, but the page
            # shows its signature, which names it (tornado's `.. autoclass:: LifoQueue`);
            # a block of code, as signatures are set, so never a page's byline
            if directive.argument:
                builder.block(directive.signature(), "code")  # as written, as a heading is
            return
        builder.heading(TERM_LEVEL, directive.argument or directive.base)
        for label, value in fields:
            builder.block(f"{label}: {_inline(value)}")
        if directive.body:
            _walk(_tree(directive.body, title=False), builder, level)
        builder.end_terms()
    else:
        if kind == "labelled":
            builder.block(_inline(directive.argument))
        for label, value in directive.fields():
            builder.block(f"{label}: {_inline(value)}")
        if directive.body:
            _walk(_tree(directive.body, title=False), builder, level)


def _inline(text: str) -> str:
    """reStructuredText's words without its markup (``code``, *emphasis*, links)."""
    return tidy(_text(_tree(text, title=False))) if text.strip() else ""


def _text(node) -> str:
    """A node's words on one line, without what the loader leaves out (comments,
    targets) and with a Sphinx directive inside it (a note holding a `.. versionadded::`)
    read as `_unknown` reads it, never docutils' error about it."""
    from docutils import nodes

    if node.tagname == "system_message":
        inner = TextBuilder("")
        _unknown(node, inner, 1)
        if inner.text.strip():
            return inner.text
        # An object description `_unknown` read nothing of: its argument is its words.
        # Since session 71 `_unknown` reads one with no body as its signature line
        # (fish's table of colour variables, each `.. envvar:: fish_color_cancel` in the
        # first cell of its row, goes that way), and no corpus of eval/ reaches this line
        # (session 72: every corpus chunked with it raising, digests unchanged).
        directive = parse(_source(node))
        return _inline(directive.argument) if directive and directive.kind == "object" else ""
    if node.tagname in _SKIP:
        return ""
    if isinstance(node, (nodes.Text, nodes.TextElement)):
        return node.astext()
    if node.tagname == "enumerated_list":
        # Its items with their enumerators as shown: a table's cell "S. q" is a list
        # starting at "S." in reST, and shows "S. q", not "q".
        start, kind = node.get("start", 1), node.get("enumtype", "arabic")
        return " ".join(f"{node.get('prefix', '')}{_enumerator(start + i, kind)}"
                        f"{node.get('suffix', '.')} {_text(item)}"
                        for i, item in enumerate(node.children))
    return " ".join(part for part in (_text(c) for c in node.children) if part.strip())


def _enumerator(n: int, kind: str) -> str:
    """The `n`th enumerator of a reST enumerated list of `kind` ("loweralpha": "c")."""
    if kind.endswith("alpha") and 1 <= n <= 26:
        letter = chr(ord("a") + n - 1)
        return letter.upper() if kind.startswith("upper") else letter
    if kind.endswith("roman") and 1 <= n < 4000:
        numerals = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
        out = ""
        for value, numeral in numerals:
            count, n = divmod(n, value)
            out += numeral * count
        return out.upper() if kind.startswith("upper") else out
    return str(n)


def _only_images(node) -> bool:
    """Whether a paragraph holds images (linked or not) and nothing else: a README's row of
    badges (`|Build-Status| |Coverage|`, each `.. |Build-Status| image:: ...`), whose text
    would be the substitution names that docutils gives the images as alt text."""
    from docutils import nodes

    if node.tagname != "paragraph":
        return False
    images = False
    for part in node.findall(include_self=False):
        if isinstance(part, nodes.image):
            images = True
        elif isinstance(part, nodes.Text) and part.astext().strip():
            if not any(isinstance(up, nodes.image) for up in _ancestors(part, node)):
                return False
    return images


def _ancestors(part, top):
    while part is not None and part is not top:
        yield part
        part = part.parent


def _item(item, builder: TextBuilder, level: int) -> None:
    """A list item: its words as one block, then what follows them in it (a code block,
    a nested list), each read as it would be outside the list."""
    words, rest = _running(item.children)
    if words:
        builder.block("- " + words)
    _read(rest, builder, level)


def _running(children) -> tuple[str, list]:
    """The words of the leading paragraphs of a body (an admonition's, a list item's) on
    one line, and the nodes after them: a code block in a note is code, not its words."""
    n = next((i for i, c in enumerate(children) if not _runs_on(c)), len(children))
    return tidy(" ".join(_text(c) for c in children[:n])), list(children[n:])


def _runs_on(node) -> bool:
    """Whether a node of a body reads on in its running text: a paragraph, or a Sphinx
    directive that is a note in it (`.. versionadded::`), not a code block or an object's
    description."""
    if node.tagname == "paragraph":
        return True
    if node.tagname != "system_message":
        return False
    directive = parse(_source(node))
    return directive is None or directive.kind not in ("code", "object")
