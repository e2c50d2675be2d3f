"""Markdown includes, resolved as the built site shows them.

Two MkDocs plugins pull one file into another, and docs keep shared text that way (an
install snippet, a note repeated on several pages):

- pymdownx.snippets: a line `--8<-- "partials/note.md"`, or a block of paths between two
  `--8<--` lines; `"file.md:name"` takes only the section between the lines
  `--8<-- [start:name]` and `--8<-- [end:name]` of that file. `;--8<--` is an escaped,
  literal line.
- mkdocs-include-markdown-plugin: `{% include-markdown "../.includes/x.md" %}` (its
  `start="..."` and `end="..."` options take the text between two markers) and
  `{% include "x.md" %}`.

mdBook does the same with a line `{{#include ../listings/main.rs}}` (or
`{{#rustdoc_include ...}}`, `{{#playground ...}}`): `file:2:10` takes lines 2 to 10,
`file:5` line 5 alone, `file:5:` from line 5 on, `file::10` up to line 10, and
`file:name` the lines between `ANCHOR: name` and `ANCHOR_END: name`; anchor lines never
show. A `{{#title ...}}` line sets the page's title in the browser and shows nothing.

VitePress shows a file as a code block with a line `<<< @/snippets/main.ts`, `#name`
after the path taking the lines between its `#region name` and `#endregion` marks, and
pulls a Markdown file in with `<!--@include: ./parts/basics.md-->` (`@/` from the corpus
folder, `#name` a region, `{3,10}` lines 3 to 10, `{3,}` from line 3, `{,10}` up to 10).
VuePress 1's markdown-it-include does it with `!!!include(axes/_common.md)!!!` (Chart.js's
option tables shared by its axes' pages).

reStructuredText does it with `.. include:: path` (docutils' own `<name>` files aside),
Sphinx projects keeping shared chapters as `.rst.inc` files that are no page themselves;
its `:start-after:`, `:end-before:`, `:start-line:` and `:end-line:` options take part of
the file, `:literal:` and `:code:` show it as a literal block (`expand_rst`). A file the
corpus reads as a page of its own (a `.rst` or `.txt` file with a title) is not read in
again: its text is found on its page, and twice would crowd the other passages out of the
results. Sphinx's `.. literalinclude:: example.py` shows a file as code, `:pyobject:`
taking one class or function of a Python file, `:lines:`, `:start-after:` and
`:end-before:` a part, `:dedent:` its indent off, as Sphinx applies them in turn. A
`.. csv-table::` whose `:file:` names a CSV file shows that file's rows.

A path is looked up next to the including file, then in the corpus folder; snippets name
paths from the project's root, whose `docs/` folder is usually the corpus, so
"docs/partials/x.md" is looked up as "partials/x.md" too. Nothing outside the corpus
folder is ever read (an uploaded file must not pull the server's files into the index),
and a file that is not found is no text, as the site shows nothing for it. Included
text takes the indent of its include line (a snippet inside a tab's body); includes
nest, up to MAX_DEPTH deep and never in a cycle.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

__all__ = ["MAX_DEPTH", "expand", "expand_rst", "has_includes"]

MAX_DEPTH = 4
MAX_BYTES = 1024 * 1024  # a larger "include" is no snippet: left out
_SNIPPET_LINE = re.compile(r'^([ \t]*)(;?)-{2}8<-{2}[ \t]+(["\'])(.+?)\3[ \t]*$')
_SNIPPET_FENCE = re.compile(r"^([ \t]*)-{2}8<-{2}[ \t]*$")
_SECTION_MARK = re.compile(r"^[ \t]*(?:<!--[ \t]*)?-{2}8<-{2}[ \t]+\[(start|end):([\w.\-]+)\]"
                           r"[ \t]*(?:-->)?[ \t]*$")
_JINJA = re.compile(r'^([ \t]*)\{%-?[ \t]*include(?:-markdown)?[ \t]+(["\'])(.+?)\2(.*?)'
                    r'-?%\}[ \t]*$')
_OPTION = re.compile(r'(\w+)[ \t]*=[ \t]*(["\'])(.*?)\2')
_MDBOOK = re.compile(r"^([ \t]*)\{\{#(include|rustdoc_include|playground|title)[ \t]+"
                     r"([^}]*?)[ \t]*\}\}[ \t]*$")
_ANCHOR = re.compile(r"\bANCHOR(_END)?:[ \t]*([\w.\-]+)")
# `.. include:: file`, also as the body of a list item (`#. .. include:: step.rst`, a
# numbered step written once in a snippet).
_RST = re.compile(r"^([ \t]*)((?:[-*+\u2022]|#\.|\d+[.)]|\(?[A-Za-z#\d]+\))[ \t]+)?"
                  r"\.\.[ \t]+include::[ \t]*(.*?)[ \t]*$")
# A section title, underlined (and maybe overlined) with one punctuation character: what
# makes an included file a page of its own, not a fragment written to be included
# (NGINX Unit's `#. .. include:: ../include/howto_install_unit.rst`, one step of a how-to
# whose `|mod|` the including page defines).
_RST_TITLE = re.compile(r"^[ \t]*\S[^\n]*\n([=\-~#*^\"+'`:._<>])\1{2,}[ \t]*$", re.M)
_RST_LITERALINCLUDE = re.compile(r"^([ \t]*)\.\.[ \t]+literalinclude::[ \t]*(.*?)[ \t]*$")
_RST_OPTION = re.compile(r"^[ \t]+:([\w-]+):[ \t]*(.*?)[ \t]*$")
# `.. csv-table:: Title` with a `:file:` option: Sphinx shows the file's rows as the table.
_RST_CSV_TABLE = re.compile(r"^([ \t]*)\.\.[ \t]+csv-table::")
# What opens a literal block in reST: a paragraph ending in "::", or a code directive;
# the lines indented under it are code, an `.. include::` among them an example. A
# comment (`..` alone, or followed by words that are no directive, target, footnote or
# substitution) holds the lines indented under it the same way: they are never read.
_RST_DIRECTIVE = re.compile(r"^[ \t]*\.\.[ \t]+([\w:-]+)::")
_RST_COMMENT = re.compile(r"^[ \t]*\.\.(?:[ \t]+(?![_\[|])(?![\w:-]+::)\S.*)?[ \t]*$")
_RST_CODE = {"code", "code-block", "sourcecode", "parsed-literal", "highlight", "doctest"}
# VitePress: `<<< @/snippets/main.ts#region{2,3} [label]`, a file shown as a code block.
_VITEPRESS = re.compile(r"^([ \t]*)<<<[ \t]+([^\s{\[#]+)(?:#([\w-]+))?(?:\{[^}\n]*\})?"
                        r"(?:[ \t]*\[[^\]\n]*\])?[ \t]*$")
_REGION = re.compile(r"#(end)?region\b[ \t]*([\w-]*)")
_MARKDOWN_INCLUDE = re.compile(r"^([ \t]*)<!--[ \t]*@include:[ \t]*([^\s{#]+?)(?:#([\w-]+))?"
                               r"(?:\{(\d*)(,?)(\d*)\})?[ \t]*-->[ \t]*$")
_BANG_INCLUDE = re.compile(r"^([ \t]*)!!!include\(([^)\n]+)\)!!![ \t]*$")
_ANY = re.compile(r"-{2}8<-{2}|\{%-?[ \t]*include|\{\{#|^[ \t]*<<<[ \t]|<!--[ \t]*@include:"
                  r"|!!!include\(", re.M)


def has_includes(text: str) -> bool:
    """Whether `text` may hold an include (cheap: most files hold none)."""
    return bool(_ANY.search(text))


def expand(text: str, path: Path, root: Path) -> str:
    """`text` (the Markdown file at `path`, inside the corpus folder `root`) with its
    includes replaced by what they include, section markers left out."""
    if not has_includes(text):
        return text
    return _expand(text, path, root.resolve(), (path.resolve(),))


def _expand(text: str, path: Path, root: Path, seen: tuple[Path, ...]) -> str:
    out: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if "8<" not in line and "include" not in line and "{{#" not in line and \
                "<<<" not in line:
            out.append(line)
            continue
        page = _MARKDOWN_INCLUDE.match(line)
        if page:
            out.extend(_page_import(*page.groups(), path, root, seen))
            continue
        bang = _BANG_INCLUDE.match(line)
        if bang:
            out.extend(_included(bang.group(2).strip(), "", "", bang.group(1), path, root, seen))
            continue
        code = _VITEPRESS.match(line)
        if code:
            out.extend(_code_import(*code.groups(), path, root, seen))
            continue
        book = _MDBOOK.match(line)
        if book:
            indent, kind, target = book.groups()
            if kind != "title":
                out.extend(_included(target, "", "", indent, path, root, seen, book=True))
            continue
        if _SECTION_MARK.match(line):
            continue  # a snippet section's marker: no text on the site
        snippet = _SNIPPET_LINE.match(line)
        if snippet:
            indent, escaped, _, target = snippet.groups()
            if escaped:  # ";--8<--" shows the line itself
                out.append(indent + line[len(indent) + 1:])
            else:
                out.extend(_included(target, "", "", indent, path, root, seen))
            continue
        fence = _SNIPPET_FENCE.match(line)
        closing = None
        if fence:  # a block of paths, up to the next "--8<--" line
            closing = next((j for j in range(i, len(lines)) if _SNIPPET_FENCE.match(lines[j])),
                           None)
        if closing is not None:
            for target in lines[i:closing]:  # one path a line; a blank or "; x" line is none
                target = target.strip()
                if target and not target.startswith(";"):
                    out.extend(_included(target, "", "", fence.group(1), path, root, seen))
            i = closing + 1
            continue
        jinja = _JINJA.match(line)
        if jinja:
            indent, _, target, options = jinja.groups()
            found = {m.group(1): m.group(3) for m in _OPTION.finditer(options)}
            out.extend(_included(target, found.get("start", ""), found.get("end", ""), indent,
                                 path, root, seen))
            continue
        out.append(line)
    return "\n".join(out)


def _included(target: str, start: str, end: str, indent: str, path: Path, root: Path,
              seen: tuple[Path, ...], book: bool = False) -> list[str]:
    """The lines an include brings, indented as its line; none when its file is not
    found, outside the corpus, too large, in a cycle or too deep. `book`: an mdBook
    include, whose part follows the path's first colon ("main.rs:2:10", "main.rs:name")."""
    name, section = target.partition(":")[::2] if book else (target, "")
    found = _find(name, path, root)
    if found is None and ":" in target and not book:  # "file.toml:name", a snippet's section
        name, _, section = target.rpartition(":")
        found = _find(name, path, root)
    text = _read(found, seen)
    if text is None:
        return []
    if book:
        text = _book_part(text, section)
    elif section:
        text = _section(text, section)
    text = _expand(_between(text, start, end), found, root, seen + (found,)).strip("\n")
    return _indented(text.split("\n"), indent) if text else []


def _between(text: str, start: str, end: str) -> str:
    """`text` after the marker `start` and before `end`, each when given and found."""
    if start and start in text:
        text = text.split(start, 1)[1]
    if end and end in text:
        text = text.split(end, 1)[0]
    return text


def _indented(lines: list[str], indent: str) -> list[str]:
    """`lines` with `indent` before each that is not blank: included text takes the
    indent of its include line."""
    return [indent + line if line.strip() else line for line in lines]


def _code_import(indent: str, target: str, region: str | None, path: Path, root: Path,
                 seen: tuple[Path, ...]) -> list[str]:
    """VitePress's `<<< path`: the file (`@/` its path from the corpus folder; `#name`
    the lines between its `#region name` and `#endregion` marks) as a fenced code block,
    indented as its line; nothing when it is not found (as `_included`)."""
    text = _read(_find(target.removeprefix("@"), path, root), seen)
    if text is None:
        return []
    lines = _region(text.strip("\n").split("\n"), region)
    fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`{3,}", text)), default=0))
    return _indented([fence, *lines, fence], indent) if lines else []


def _region(lines: list[str], region: str | None) -> list[str]:
    """`lines` from a `#region name` mark to the next `#endregion` (named so, or unnamed)
    when `region` is given, else all; the marks' lines never show."""
    if region:
        out, inside = [], False
        for line in lines:
            mark = _REGION.search(line)
            if mark and not mark.group(1) and mark.group(2) == region:
                inside = True
            elif mark and mark.group(1) and mark.group(2) in ("", region):
                inside = False
            elif inside:
                out.append(line)
        lines = out
    return [line for line in lines if not _REGION.search(line)]


def _page_import(indent: str, target: str, region: str | None, first: str, comma: str,
                 last: str, path: Path, root: Path, seen: tuple[Path, ...]) -> list[str]:
    """VitePress's `<!--@include: path-->`: the Markdown file (`@/` its path from the corpus
    folder), its includes expanded, or its region `#name`, or its lines `{first,last}`
    (1-based, either end open; `{n}` line n alone), indented as its line; nothing when it
    is not found (as `_included`)."""
    found = _find(target.removeprefix("@"), path, root)
    text = _read(found, seen)
    if text is None:
        return []
    lines = text.split("\n")
    if first or last:
        start = max(int(first or 1), 1) - 1
        end = (int(last) if last else len(lines)) if comma else start + 1
        lines = lines[start:end]
    lines = _region(lines, region)
    text = _expand("\n".join(lines), found, root, seen + (found,)).strip("\n")
    return _indented(text.split("\n"), indent) if text else []


def _read(found: Path | None, seen: tuple[Path, ...]) -> str | None:
    """The text of an included file, or None when it is not found, in a cycle, too deep,
    too large or binary."""
    if found is None or found in seen or len(seen) > MAX_DEPTH:
        return None
    try:
        if found.stat().st_size > MAX_BYTES:
            return None
        text = found.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
    if "\x00" in text:  # an image or other binary file: no text
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def expand_rst(text: str, path: Path, root: Path, pages: tuple[str, ...] = ()) -> str:
    """`text` (the reStructuredText file at `path`, inside the corpus folder `root`) with
    each `.. include::` replaced by what it includes, as docutils would read it in, each
    `.. literalinclude::` by its file's lines as a literal block, as Sphinx shows it, and
    each `.. csv-table::` of a `:file:` with the file's rows as its content; an
    include of a file the corpus reads as a page of its own (its suffix in `pages`, no
    hidden folder on its path, a section title) is left out: its text is on its page."""
    if "include::" not in text and "csv-table::" not in text:
        return text  # no `.. include::`, `.. literalinclude::` or `.. csv-table::`
    return _expand_rst(text, path, root.resolve(), (path.resolve(),), pages)


def _expand_rst(text: str, path: Path, root: Path, seen: tuple[Path, ...],
                pages: tuple[str, ...]) -> str:
    out: list[str] = []
    lines = text.split("\n")
    literal = None  # the indent a literal block's lines are deeper than, inside one
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        depth = len(line) - len(line.lstrip())
        if line.strip() and literal is not None and depth <= literal:
            literal = None
        directive = _RST.match(line) if "include::" in line and literal is None else None
        code = _RST_LITERALINCLUDE.match(line) if directive is None and literal is None else None
        table = _RST_CSV_TABLE.match(line) if literal is None else None
        if table:
            shown, i = _csv_table(line, lines, i, len(table.group(1)), path, root, seen)
            out += shown
            continue
        if code:
            options, i = _options(lines, i, len(code.group(1)))
            out += _literal_include(code.group(1), code.group(2), options, path, root, seen)
            continue
        if not directive:
            out.append(line)
            opens = _RST_DIRECTIVE.match(line)
            if literal is None and (opens.group(1).split(":")[-1] in _RST_CODE if opens
                                    else line.rstrip().endswith("::")
                                    or bool(_RST_COMMENT.match(line))):
                literal = depth
            continue
        indent, item, target = directive.groups()
        item = item or ""  # the list item's marker: the text goes after it, its lines under
        options, i = _options(lines, i, len(indent))
        if target.startswith("<") or not target:  # docutils' own files: substitutions
            continue
        found = _find(target, path, root)
        included = _read(found, seen)
        if included is None:
            continue
        if found.suffix.lower() in pages and _RST_TITLE.search(included) and not any(
                part.startswith(".") for part in found.relative_to(root).parts):
            continue  # a page of its own, with its title (the corpus skips hidden folders)
        part = included.split("\n")
        first, last = options.get("start-line", ""), options.get("end-line", "")
        part = part[int(first) if first.lstrip("-").isdigit() else 0:
                    int(last) if last.lstrip("-").isdigit() else None]
        included = "\n".join(part)
        included = _between(included, options.get("start-after", ""),
                            options.get("end-before", ""))
        under = indent + " " * len(item)
        if "literal" in options or "code" in options:  # shown as written, a literal block
            out += _literal_block(indent + item, under, included.strip("\n").split("\n"))
            continue
        included = _expand_rst(included, found, root, seen + (found,), pages).strip("\n")
        part = _indented(included.split("\n"), under)
        if item and part:
            part[0] = indent + item + part[0][len(under):]
        out += part + [""]
    return "\n".join(out)


def _csv_table(line: str, lines: list[str], i: int, depth: int, path: Path, root: Path,
               seen: tuple[Path, ...]) -> tuple[list[str], int]:
    """A `.. csv-table::` (`line`, its options from `lines[i]`) with the rows of the file
    its `:file:` option names as its content, as Sphinx reads them in (docutils reads no
    files here); as written when it names none, or one that is not found. Also returns
    the index of the line after its options."""
    options, end = _options(lines, i, depth)
    rows = _read(_find(options["file"], path, root), seen) if "file" in options else None
    if rows is None:
        return [line] + lines[i:end], end
    kept = [option for option in lines[i:end] if _RST_OPTION.match(option).group(1) != "file"]
    indent = " " * depth + "   "
    return [line] + kept + [""] + _indented(rows.strip("\n").split("\n"), indent) + [""], end


def _options(lines: list[str], i: int, depth: int) -> tuple[dict[str, str], int]:
    """A directive's options, the lines from `i` indented deeper than it (`depth`), as
    {name: value}; and the index of the line after them."""
    options: dict[str, str] = {}
    while i < len(lines) and (option := _RST_OPTION.match(lines[i])) and \
            len(lines[i]) - len(lines[i].lstrip()) > depth:
        options[option.group(1)] = option.group(2)
        i += 1
    return options, i


def _literal_include(indent: str, target: str, options: dict[str, str], path: Path,
                     root: Path, seen: tuple[Path, ...]) -> list[str]:
    """Sphinx's `.. literalinclude::` as the lines docutils reads: its caption, then the
    part of the file it names as a literal block; nothing when the file is not found."""
    text = _read(_find(target, path, root), seen)
    if text is None:
        return []
    if options.get("pyobject"):
        text = _python_object(text, options["pyobject"])
    text = _between(text, options.get("start-after", ""), options.get("end-before", ""))
    lines = text.split("\n")  # numbered as the file's own lines, for `:lines:`
    if options.get("lines"):
        lines = [lines[k] for k in _line_numbers(options["lines"], len(lines))]
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    if "dedent" in options:
        cut = options["dedent"]
        lines = (textwrap.dedent("\n".join(lines)).split("\n") if not cut.isdigit()
                 else [x[int(cut):] if x[:int(cut)].isspace() else x.lstrip() for x in lines])
    if not any(x.strip() for x in lines):
        return []
    caption = [indent + options["caption"], ""] if options.get("caption") else []
    return caption + _literal_block(indent, indent, lines)


def _literal_block(head: str, indent: str, lines: list[str]) -> list[str]:
    """`lines` as a reST literal block: "::" after `head` (an indent, maybe a list item's
    marker), the lines indented under `indent`, a blank line after."""
    return [head + "::", ""] + [indent + "   " + x if x.strip() else "" for x in lines] + [""]


def _python_object(text: str, name: str) -> str:
    """The lines of the class or function `name` ("Client.get" a method) of Python
    source, its decorators with it; nothing when it is not there or the file does not
    parse."""
    import ast

    try:
        node: ast.AST = ast.parse(text)
    except (SyntaxError, ValueError):
        return ""
    for part in name.split("."):
        node = next((n for n in ast.iter_child_nodes(node)
                     if isinstance(n, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                     and n.name == part), None)
        if node is None:
            return ""
    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
    return "\n".join(text.split("\n")[first - 1:node.end_lineno])


def _line_numbers(spec: str, total: int) -> list[int]:
    """0-based indexes of the lines a `:lines:` option names ("1,3,5-10", "2-", "-4")."""
    picked: list[int] = []
    for part in spec.replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        try:
            a = int(first) if first else 1
            b = (int(last) if last else total) if dash else a
        except ValueError:
            continue
        picked += [k - 1 for k in range(max(a, 1), min(b, total) + 1)]
    return picked


def _find(name: str, path: Path, root: Path) -> Path | None:
    """The file an include names, inside the corpus folder, or None."""
    name = name.strip()
    if not name or "\x00" in name:
        return None
    relative = name.lstrip("/")
    tries = [path.parent / name, root / relative]
    first, _, rest = relative.partition("/")
    if rest and first == root.name:  # "docs/partials/x.md" from the project root
        tries.append(root / rest)
    for candidate in tries:
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError):
            continue
        if resolved.is_file() and resolved.is_relative_to(root):
            return resolved
    return None


def _section(text: str, name: str) -> str:
    """The lines between a snippet's `--8<-- [start:name]` and `[end:name]` markers."""
    out: list[str] = []
    inside = False
    for line in text.split("\n"):
        mark = _SECTION_MARK.match(line)
        if mark and mark.group(2) == name:
            inside = mark.group(1) == "start"
            continue
        if inside:
            out.append(line)
    return "\n".join(out)


def _book_part(text: str, part: str) -> str:
    """The part of a file an mdBook include names: "" all of it; "2:10", "5" (that line
    alone), "5:" (to the end) or ":10" lines, 1-based and inclusive; any other word the
    lines between its `ANCHOR: word` and `ANCHOR_END: word`; anchor lines never show."""
    lines = text.split("\n")
    numbers = re.fullmatch(r"(\d*)(?::(\d*))?", part)
    if part and numbers:
        first, last = numbers.groups()  # last: None for "5", "" for "5:"
        start = max(int(first or 1), 1)
        if last is None:
            end = start
        else:
            end = int(last) if last else len(lines)
        lines = lines[start - 1 : end]
    elif part:
        out, inside = [], False
        for line in lines:
            mark = _ANCHOR.search(line)
            if mark and mark.group(2) == part:
                inside = not mark.group(1)
                continue
            if inside:
                out.append(line)
        lines = out
    return "\n".join(line for line in lines if not _ANCHOR.search(line))
