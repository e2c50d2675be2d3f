"""Markdown as a reader sees it: for the embedder, the keyword index and quoted sentences.

A passage keeps the file's exact characters (its span); what is embedded and quoted is
this rendering of them: a link keeps its text and loses its URL, an image its alt text,
emphasis, code backticks, heading marks, table pipes and HTML tags go, an admonition
(`!!! note "Title"`, `> [!NOTE]`) reads as "Note: ...", a content tab (`=== "Windows"`)
as "Windows: ...", a block (`/// version-added | 2.7`) as "Version added: 2.7", a MyST
directive as Sphinx shows it, pymdown-extensions' marks (`==x==`, `++ctrl+c++`, icons,
footnotes, abbreviations) as the built page shows them, a Docusaurus or VitePress
admonition (`:::tip[Title]`, `::: tip Title`) as "Title: ...", and a site generator's
syntax (Hugo's shortcodes, Liquid tags, MDX imports) as nothing. The source is first
made ready line by line (`formats.prepare`: an admonition's or tab's indented body read as
the Markdown it is, not as an indented code block); HTML tags are removed by
`formats.tags`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .myst import SILENT, directive, is_myst, myst_parser, role_line, role_text
from .prepare import (ADMONITION_KINDS, SITE_FENCE_LINE, SITE_MARKS, autodoc,
                      dedent_containers, drop_stray_closers, site_syntax)
from .sphinx import VERSIONS
from .tags import BLOCK_TAG, COMPONENT, UNCLOSED_COMPONENT, component_words, untag

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["heading_text", "inline_text", "markdown_inline", "markdown_sentence",
           "markdown_to_text", "only_images", "parser", "rst_text"]

# `!!! tip inline end "Title"`: the type, then style classes ("inline end"), then the title.
_ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)[ \t]*([\w-]+)(?:[ \t]+[\w-]+)*(?:[ \t]+"([^"\n]*)")?[ \t]*',
                         re.M)
# A reST directive's line in Markdown (`CONTAINER`): an admonition's reads as one does
# ("Tip: FYI"), any other's (`.. column::`, a layout's) as nothing.
_RST_DIRECTIVE = re.compile(r"^[ \t]*\.\.[ \t]+([A-Za-z][\w-]*)::[ \t]*([^\n]*?)[ \t]*$", re.M)
# pymdownx blocks: `/// note | Title` opens one, a bare `///` closes it; a block nested
# in another is written with more slashes (`//// tab | Python 3.10+` ... `////`).
_BLOCK = re.compile(r"^[ \t]*/{3,}[ \t]*(?:([\w-]+)[ \t]*(?:\|[ \t]*(.*?))?)?[ \t]*$", re.M)
_TAB = re.compile(r'^===[+!]?[ \t]+"([^"\n]*)"[ \t]*', re.M)
# vitepress-plugin-tabs: `:::tabs key:os` opens a set of tabs, `== Linux` starts each (some
# sites write `=== Linux`), `:::` closes the set. A tab's line, opening a paragraph (not a
# `==` a hard-wrapped sentence happens to start a line with) with a label that opens with a
# letter (not an operator's row in a table, `== | equal`, nor "== (equal)"), reads as that.
_PLUGIN_TAB = re.compile(r'\A[ \t]*={2,3}[ \t]+([^\W\d_][^\n]*?)[ \t]*$', re.M)
# A GitHub alert (`> [!NOTE]`) or an Obsidian callout, foldable (`> [!tip]-`) and titled
# (`> [!info] Title`): its title, else its kind, heads it (`_alert`).
_ALERT = re.compile(r"^\[!([\w-]+)\][-+]?[ \t]*([^\n]*)", re.M)
# Docusaurus and VitePress: `:::tip`, `::: tip`, `:::tip[Title]` (`:::tip Title`) opens an
# admonition (VitePress's `::: details Title`: a collapsible one), `:::` closes it; one
# holding another is written with more colons (`:::: warning` ... `::::`).
_COLONS = re.compile(r"^:{3,}[ \t]*(" + ADMONITION_KINDS + r")"
                     r"(?:\[([^\]\n]*)\]|[ \t]+([^\n{]*?))?[ \t]*(?:\{[^}\n]*\})?[ \t]*$", re.M)
_COLONS_CLOSE = re.compile(r"^:{3,}[ \t]*$\n?", re.M)
# A Pandoc fenced div of any class, as The Carpentries' lessons write their boxes
# (`:::::::::::: challenge`, `:::: solution`, `::::: keypoints`): its class heads it, as an
# admonition's kind does ("Challenge: ..."). Four colons or more: `::: name` is also an
# API-reference directive (prepare.py).
_DIV = re.compile(r"^:{4,}[ \t]*([A-Za-z][A-Za-z0-9_]*)[ \t]*:*[ \t]*$", re.M)
# A container with a hyphenated name (VitePress's `::: code-group`, `::: v-pre`) only wraps
# what is inside it: no text; nor is a set of tabs' line (`:::tabs key:os`).
_WRAPPER = re.compile(r"^[ \t]*:{3,}[ \t]*(?:[A-Za-z]+(?:-[A-Za-z]+)+|tabs(?:[ \t]+[^\n]*)?)[ \t]*$\n?",
                      re.M)
# MkDocs attribute lists: `## Cache {: #cache }`, `[Start](x){ .md-button }`: styling, not words.
_ATTR = r"(?:#[^\s{}]+|\.[\w:-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]+))"
_ATTR_LIST = re.compile(r"[ \t]*\{:?[ \t]*" + _ATTR + r"(?:[ \t]*" + _ATTR + r")*[ \t]*\}")
# Right after a link or an image, an attribute list may also hold bare names, as
# markdown-it-attrs reads them (VitePress: `[Click to download TOML](x.toml){download}`);
# elsewhere a bare `{name}` is text (a path's `/users/{id}`).
_LINK_ATTR_LIST = re.compile(r"\{:?[ \t]*(?:" + _ATTR + r"|[A-Za-z][\w-]*)"
                             r"(?:[ \t]+(?:" + _ATTR + r"|[A-Za-z][\w-]*))*[ \t]*\}")
# An ATX heading's closing hashes before its attribute list (`### Lock filename ### {: #x }`,
# as Python-Markdown's attr_list documents it): syntax too.
_CLOSING_HASHES = re.compile(r"[ \t]+#+(?=" + _ATTR_LIST.pattern + r"[ \t]*$)")
# A table's row: a pipe opens it, and another parts its cells (GitHub's tables may leave
# the closing pipe out: Chart.js's option tables).
_ROW = re.compile(r"^[ \t]*\|.*(?<!\\)\|")
_CELL_BAR = re.compile(r"(?<!\\)\|")  # `\|` is a pipe in a cell's text
_RULE_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
# A link's label may go on over a line break, not over a blank line (text wrapped at 80
# columns: "[comment on the\ndiscussion thread]"); one that does is taken for a link's
# only when it reads as words (`_WRAPPED_LABEL`): a JSON array or a command's help
# ("[possible values:\nauto, never]") in a passage cut from its code block is no link.
_LABEL = r"(?:[^\[\]\n]|\n(?![ \t]*(?:\n|$)))+"
_WRAPPED_LABEL = re.compile(r"[\w`'\u2019.-]+(?:\s+[\w`'\u2019.-]+)*")
_REFERENCE = re.compile(rf"\[({_LABEL})\]\[[^\[\]\n]*\]")
_FULL_REFERENCE = re.compile(rf"\]\[({_LABEL})\]")  # the id of `[text][id]`, `![alt][id]`
# A shortcut reference, `written in [Ruby].`, and a reference's definition line. Docs keep
# the definitions at the end of a section or page, outside the passage being read. Not
# `*[HTML]: ...`, nor a bracketed word that is a link's text (`[[Blog]](https://...)`).
_SHORTCUT = re.compile(rf"(?<![\\!\]*\[])\[({_LABEL})\](?![(\]])")
_DEFINED = re.compile(r"^[ ]{0,3}\[([^\[\]\n]+)\]:", re.M)
# A DocC link (Swift's documentation compiler), an autolink whose scheme is "doc".
_DOCC = "doc:"
_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")
_ELSEWHERE = "collabqa:defined-elsewhere"  # the stand-in target of such a reference
_ELSEWHERE_ID = "collabqa:id-defined-elsewhere"  # ... and of a full reference's id
# pymdown-extensions' inline marks, as the built page shows them: `==marked==` and
# `^^inserted^^` are their words, `++ctrl+alt+del++` the keys "Ctrl+Alt+Del", an icon
# shortcode (`:material-clock-fast:`, `:octicons-heart-16:`) and a footnote reference
# (`[^1]`) no words.
_MARK = re.compile(r"(==|\^\^)(?=\S)(.+?)(?<=\S)\1")
# pymdownx.inlinehilite: inline code that opens with its language (`#!python range()`)
# shows the code alone, highlighted.
_INLINE_LANGUAGE = re.compile(r"^#![\w+-]+[ \t]+(?=\S)")
_KEYS = re.compile(r"\+\+([\w-]+(?:\+[\w-]+)*)\+\+")
_ICON_SET = r":(?:material|octicons|fontawesome|simple)-"  # how an icon shortcode opens
_ICON = re.compile(_ICON_SET + r"[a-z0-9-]+:")
_FOOTNOTE_REF = re.compile(r"[ \t]?\[\^[^\]\s]+\](?!:)")
# Lines that are not text: a snippet include (`--8<-- "file.md"`, or a `--8<--` block of
# file names), an abbreviation (`*[HTML]: Hyper Text Markup Language` reads
# "HTML: Hyper Text Markup Language"), a footnote's label (`[^1]: The note.`).
_SNIP = r"^[ \t]*-+8<-+"  # the include marker `--8<--` opening a line
_SNIPPETS = re.compile(_SNIP + r"[ \t]*\n(?:.*\n)*?" + _SNIP + r"[ \t]*$|" + _SNIP + r"[ \t]+.*$",
                       re.M)
_ABBREVIATION = re.compile(r"^\*\[([^\]\n]+)\]:[ \t]*", re.M)
_FOOTNOTE = re.compile(r"^\[\^[^\]\s]+\]:[ \t]*", re.M)
_ANNOTATION = re.compile(r"[ \t]*(?:#|//|--|;)[ \t]*\(\d{1,3}\)!?[ \t]*$", re.M)
# Shiki's notation comments (VitePress, Nuxt: `// [!code ++]`, `# [!code focus]`, `<!-- [!code
# error] -->`): the page marks the line (added, removed, in focus) and shows no comment.
_NOTATION = re.compile(r"[ \t]*(?://|#|--|;|<!--|/\*)[ \t]*\[!code [^\]\n]*\]"
                       r"[ \t]*(?:-->|\*/)?[ \t]*$", re.M)
# Without any of these the text reads the same rendered, and parsing is skipped.
# A site generator's syntax (`prepare.SITE_MARKS`) is read away too.
# (An attribute list alone, "Text (1).\n{ .annotate }", is syntax too.)
_SYNTAX = re.compile(r"[\[\]*_`<>#|!~&\\=^]|\+\+|" + _ICON_SET + "|" + SITE_MARKS.pattern
                     + "|" + _ATTR_LIST.pattern
                     + r"|^[ \t]*:::|^[ \t]*(?:[-+]|\d{1,9}[.)])[ \t]|^ {4}|^\t|^[ \t]*(?:///|\?\?\?|\.\.[ \t])", re.M)


@lru_cache(maxsize=1)
def parser() -> "MarkdownIt":
    """The CommonMark parser with GitHub tables, strikethrough and definition lists, HTML
    allowed. A definition list (a term on its own line, then `: its definition`) is
    written by Hugo's Goldmark, mdBook, Pandoc and Python-Markdown's `def_list` (Material
    for MkDocs) alike; unparsed, its terms would run into their definitions' text."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(
        deflist_plugin)


# Rust examples in mdBook and rustdoc: a line "# ..." (or "#" alone) is hidden, "##" shows "#".
_HIDDEN_LINE = re.compile(r"^[ \t]*#(?:[ \t]|$)")
_ESCAPED_HASH = re.compile(r"^[ \t]*##")


def markdown_to_text(text: str) -> str:
    """Plain text of a Markdown fragment: blocks on their own lines, syntax dropped."""
    if not _SYNTAX.search(text):
        return text.strip()
    cut = UNCLOSED_COMPONENT.search(text)
    if cut:  # a component's tag cut off before its ">": its words only
        text = text[: cut.start()] + "".join(f"\n{w}\n" for w in component_words(cut.group()))
    rows = [line for line in text.split("\n") if line.strip()]
    if rows and all(_ROW.match(line) for line in rows) and not any(_RULE_ROW.match(r) for r in rows):
        # Rows of a table cut off from its header (a long table is split between rows),
        # each cell alone: a reference link reads as its text, as in a paragraph; a site
        # generator's syntax in a cell (a Hugo shortcode) as it does anywhere.
        rows = site_syntax("\n".join(rows)).split("\n")
        return "\n".join(
            " | ".join(markdown_inline(_unlinked(cell)) for cell in _cells(row))
            for row in rows)
    text = autodoc(dedent_containers(site_syntax(_opening_definitions(text))))
    myst = is_myst(text)
    text = _define_references(drop_stray_closers(text))
    lines: list[str] = []
    code: set[int] = set()  # which of `lines` are a fenced code block's: read as written
    row: list[str] | None = None
    for token in (myst_parser() if myst else parser()).parse(text):
        if token.type in SILENT:
            continue
        if token.type in ("fence", "colon_fence") and myst:
            lines.extend(_fence_lines(token))
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            lines.append(" | ".join(row))
            row = None
        elif token.type == "inline":
            if row is None and only_images(token) and all(
                    len(c.content.split()) < CAPTION_WORDS for c in token.children if c.type == "image"):
                continue  # a badge row, a logo: no words (an image's caption, GitBook's, is)
            rendered = _lines(inline_text(token))
            if row is not None:
                row.append(rendered)
            else:
                lines.append(rendered)
        elif token.type in ("fence", "code_block"):
            if token.type == "fence":  # (an indented block may be a container's body)
                code.add(len(lines))
            lines.append(_code_text(token.content, token.info))
        elif token.type == "html_block":
            lines.append(_html_block_text(token.content))
    # A reference link whose definition is outside this fragment: keep its text.
    out = "\n".join(part if i in code else _alerts(_REFERENCE.sub(r"\1", part))
                    for i, part in enumerate(lines))
    return "\n".join(line.strip() for line in out.split("\n") if line.strip())


def _cells(row: str) -> list[str]:
    """The cells of a table's row, "| a | b |" or "| a | b" (no closing pipe); an escaped
    pipe is a pipe of its cell, in a code span too (GitHub's tables: "`a \\| b`" shows
    "a | b")."""
    row = row.strip()[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [cell.replace("\\|", "|") for cell in _CELL_BAR.split(row)]


def _code_text(code: str, info: str = "") -> str:
    """A code block's text as its page shows it: a comment that is only a code
    annotation's marker (Material for MkDocs: `x = 1  # (1)!`, `// (2)`) is an icon there,
    no text, and so is Shiki's notation (`// [!code ++]`); in Rust code (```` ```rust,ignore
    ````) a line opening with `# ` is one mdBook and rustdoc hide (`# use
    pyo3::prelude::*;`, `# fn main() {`), and `##` shows `#`."""
    code = _NOTATION.sub("", _ANNOTATION.sub("", code.rstrip("\n")))
    if info.split(",", 1)[0].strip().lower() != "rust":
        return code
    return "\n".join(line.replace("##", "#", 1) if _ESCAPED_HASH.match(line) else line
                     for line in code.split("\n") if not _HIDDEN_LINE.match(line))


CAPTION_WORDS = 4  # an image's alt text this long is a caption ("The default password is ..."),
# not a badge's or a logo's name ("PyPI version", "zoxide logo")


def only_images(inline: "Token") -> bool:
    """Whether a paragraph's inline content is images (linked or not) and nothing else."""
    children = inline.children or []
    kinds = {c.type for c in children if not (c.type == "text" and not c.content.strip())}
    return "image" in kinds and kinds <= {"image", "link_open", "link_close", "softbreak",
                                          "hardbreak"}


# A fragment's first line, then link reference definitions on the lines right under it.
_OPENING_DEFINITIONS = re.compile(
    r"([^\n]*\S[^\n]*\n)((?:[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S[^\n]*(?:\n|\Z))+)")


def _opening_definitions(text: str) -> str:
    """`text` with a blank line between its first line and the link reference definitions
    right under it. A passage cut at a heading opens with the heading's words, its "## "
    before the cut; the Rust RFCs' template defines a link under every heading (`##
    Summary` then `[summary]: #summary`), which under the heading is no text, but under
    the bare words would go on their paragraph ("Summary [summary]: #summary")."""
    opening = _OPENING_DEFINITIONS.match(text)
    if opening is None:
        return text
    return f"{opening.group(1)}\n{text[opening.start(2):]}"


def _define_references(text: str) -> str:
    """`text` with a stand-in definition for each reference it uses but does not define,
    so that "written in [Ruby]" reads "written in Ruby", as the built page shows it (a
    footnote `[^1]`, a task box `[x]` and a GitHub alert `[!NOTE]` are no references)."""
    defined = {_label_key(label) for label in _DEFINED.findall(text)}
    missing: dict[str, tuple[str, str]] = {}
    # ... and each full reference's id (`[![crates.io][badge]][crates]`: a README's badge
    # row, its definitions at the end of the file, read as the images and links they are),
    # which points elsewhere too, but is no Python-Markdown "[text]\n[id]" (`inline_text`).
    for label, target in [(label, _ELSEWHERE) for label in _SHORTCUT.findall(text)] + [
            (label, _ELSEWHERE_ID) for label in _FULL_REFERENCE.findall(text)]:
        known = _label_key(label)
        if not _is_reference(label) or known in defined or (
                "\n" in label and not _WRAPPED_LABEL.fullmatch(label)):
            continue
        missing.setdefault(known, (" ".join(label.split()), target))
    if not missing:
        return text
    # Before the text: appended, a definition would land in a code block the passage cuts.
    return "".join(f"[{label}]: {target}\n" for label, target in missing.values()) + "\n" + text


def _unlinked(text: str) -> str:
    """`text` with each reference link (`[text][id]`, `[text]`) written as its text, as
    `_define_references` has it read where a parser sees definitions."""
    def label(match: re.Match[str]) -> str:
        return match.group(1) if _is_reference(match.group(1)) else match.group()

    return _SHORTCUT.sub(label, _REFERENCE.sub(label, text))


def _label_key(label: str) -> str:
    """A reference label as Markdown matches labels: spaces collapsed, case folded."""
    return " ".join(label.split()).casefold()


def _is_reference(label: str) -> bool:
    """Whether a bracketed label may be a reference link: a footnote `[^1]`, a GitHub
    alert `[!NOTE]`, a task box `[x]` (or `[ ]`) and a label of no letter or digit (Mermaid's
    start state `[\\*]`, an ellipsis `[...]`: no page defines a link by them) are not."""
    return (not label.startswith(("^", "!")) and _label_key(label) not in ("", "x")
            and any(ch.isalnum() for ch in label))


def _fence_lines(token: "Token") -> list[str]:
    """A MyST fence read as the built docs show it: a directive as `myst` reads it
    ("Note: ...", "Changed in version 23.3: ...", a tab "Linux: ..."), code as code."""
    found = directive(token.info, token.content)
    if found is None:
        if token.type == "colon_fence":  # `:::` without a directive: a plain container
            return markdown_to_text(token.content).split("\n")
        return [_code_text(token.content, token.info)]
    kind, d = found.kind, found.directive
    if kind == "skip":
        return []
    if kind == "code":
        return [d.body]
    if kind == "rst":
        return [rst_text(d.body)] if d.body.strip() else []
    body = [line for line in markdown_to_text(d.body).split("\n") if line] if d.body else []
    if kind == "version":
        version, _, rest = d.argument.partition(" ")
        label = f"{VERSIONS[d.base]} {version}".strip()
        if rest.strip():
            body = [role_line(rest)] + body
        return [f"{label}: {body[0]}"] + body[1:] if body else [f"{label}."]
    label = found.label()
    if not label:
        return body
    return [f"{label}: {body[0]}"] + body[1:] if body else [label]


def rst_text(text: str) -> str:
    """reStructuredText (an `eval-rst` directive's body) as the reStructuredText loader
    reads it; "" when it shows no words."""
    from pathlib import Path

    from .builder import Unusable
    from .rst import load

    try:
        return load(Path("eval-rst.rst"), "eval-rst.rst", text).text
    except Unusable:
        return ""


def markdown_inline(text: str) -> str:
    """One line of Markdown read as inline text only (a heading's words: "1. ImageNet")."""
    if not _SYNTAX.search(text):
        return heading_text(text).strip()
    tokens = (myst_parser() if is_myst(text) else parser()).parseInline(text)
    return inline_text(tokens[0]).strip() if tokens else text.strip()


def inline_text(token: "Token") -> str:
    """Text of an inline token: link text without URL, image alt, no emphasis marks."""
    parts: list[str] = []
    after_link = skipping = False  # Python-Markdown reads "[text]\n[id]" as one link
    docc = False  # inside a DocC link, `<doc:Page#Anchor>`, read as what it names
    children = token.children or []
    for k, child in enumerate(children):
        if child.type == "link_open" and child.markup == "autolink" and (
                child.attrs.get("href") or "").startswith(_DOCC):
            parts.append(_docc_title(str(child.attrs["href"])))
            docc = True
            continue
        if docc:
            docc = child.type != "link_close"
            continue
        if child.type == "link_open":
            if after_link and child.attrs.get("href") == _ELSEWHERE:
                while parts and not parts[-1].strip():
                    parts.pop()  # the space or line break between text and id
                skipping = True
            after_link = False
            continue
        if child.type == "link_close":
            skipping, after_link = False, not skipping
            continue
        if skipping:
            continue
        if (child.type == "text" and k and children[k - 1].type in ("link_close", "image")
                and (attrs := _LINK_ATTR_LIST.match(child.content))):
            child = child.copy(content=child.content[attrs.end():])
        if child.type != "softbreak" and (child.type != "text" or child.content.strip()):
            after_link = False  # words between: the next link is a link of its own
        if child.type == "text":
            parts.append(heading_text(child.content))
        elif child.type == "code_inline":
            parts.append(_INLINE_LANGUAGE.sub("", child.content))
        elif child.type == "myst_role":
            parts.append(role_text(child.meta.get("name", ""), child.content))
        elif child.type == "image":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")  # the file's own line breaks, as plain text keeps them
        elif child.type == "html_inline" and BLOCK_TAG.fullmatch(child.content):
            parts.append("\n")  # "<dt>--offline</dt><dd>Disable ..." is two lines
        elif child.type == "html_inline" and COMPONENT.fullmatch(child.content):
            parts.append(untag(child.content))  # a JSX component's title, on a line
    return "".join(parts)


def _docc_title(href: str) -> str:
    """What a DocC link names, as words: `doc:BasicOperators#Nil-Coalescing-Operator` its
    section, "Nil Coalescing Operator"; `doc:AutomaticReferenceCounting` its page,
    "Automatic Reference Counting". DocC shows the title there; a link to the section or
    page read as "doc:AutomaticReferenceCounting" is no word a reader would use."""
    page, _, anchor = href.removeprefix(_DOCC).partition("#")
    if anchor:
        return anchor.replace("-", " ")
    return _CAMEL_HUMP.sub(" ", page.rpartition("/")[2])


def heading_text(text: str) -> str:
    """Words without MkDocs attribute lists (a heading's `preview {: #lint_preview }`, and
    the closing hashes before one, a link's `{ .md-button }`) and with pymdown-extensions'
    inline marks read as the page shows them (inline_text reads every text this way)."""
    text = _ICON.sub("", _FOOTNOTE_REF.sub("", _ATTR_LIST.sub("", _CLOSING_HASHES.sub("", text))))
    text = _KEYS.sub(lambda m: "+".join(_key(k) for k in m.group(1).split("+")), text)
    return _MARK.sub(r"\2", text)


def _key(name: str) -> str:
    """A key of `++ctrl+page-up++` as pymdownx.keys labels it: "Ctrl", "Page Up"."""
    return " ".join(word[:1].upper() + word[1:] for word in name.split("-"))


def _lines(text: str) -> str:
    """Snippet includes gone, abbreviation and footnote definitions read as text."""
    text = _SNIPPETS.sub("", text)
    return _FOOTNOTE.sub("", _ABBREVIATION.sub(r"\1: ", text))


def _html_block_text(html: str) -> str:
    """An HTML block's words: tags gone, each line read as inline Markdown (a link in
    it keeps its text and loses its URL; the parser decodes `&lt;` itself). A line left
    with no letter or digit (the `|` or `•` between a README's centred badge links) goes,
    and so does a site's code shortcode fence line (`site_syntax`'s), no fence here."""
    lines = (markdown_inline(line) for line in untag(html).split("\n")
             if not SITE_FENCE_LINE.fullmatch(line))
    return "\n".join(line for line in lines if any(ch.isalnum() for ch in line))


def _block(match: re.Match[str]) -> str:
    kind, title = match.group(1), match.group(2)
    if not kind:
        return ""  # the closing `///`
    if kind == "tab" and title:
        return f"{title}:"  # a content tab shows its label, as `=== "Label"` does
    kind = kind.replace("-", " ").capitalize()
    return f"{kind}: {title}" if title else f"{kind}:"


def _alerts(text: str) -> str:
    def admonition(match: re.Match[str]) -> str:
        kind, title = match.group(1), match.group(2)
        return f"{title}: " if title else f"{kind.capitalize()}: "

    text = _ADMONITION.sub(admonition, _WRAPPER.sub("", text))
    text = _RST_DIRECTIVE.sub(_rst_directive, text)
    text = _TAB.sub(lambda m: f"{m.group(1)}: ", text)
    text = _PLUGIN_TAB.sub(lambda m: f"{m.group(1)}:", text)
    text = _BLOCK.sub(_block, text)
    text = _COLONS.sub(lambda m: f"{m.group(2) or m.group(3) or m.group(1).capitalize()}: ", text)
    text = _COLONS_CLOSE.sub("", _DIV.sub(lambda m: f"{m.group(1).capitalize()}: ", text))
    return _ALERT.sub(_alert, text)


def _rst_directive(match: re.Match[str]) -> str:
    kind, title = match.group(1).lower(), match.group(2)
    if not re.fullmatch(ADMONITION_KINDS, kind):  # as prepare.py tells an admonition's kind
        return ""
    return f"{kind.capitalize()}: {title}" if title else f"{kind.capitalize()}:"


def _alert(match: re.Match[str]) -> str:
    """An alert's or callout's first line: "Title:" for an Obsidian callout's title, else
    "Kind: " and what follows on the line (text run onto a GitHub alert's line, `> [!WARNING]
    > Beware ...`, is no title: a title is a phrase, not a sentence)."""
    kind, rest = match.group(1), match.group(2).strip()
    if rest and not rest.startswith(">") and not rest.endswith((".", "!", ":", ";")):
        return f"{rest}:"
    return f"{kind.capitalize()}: {rest}"


def markdown_sentence(text: str) -> str:
    """A sentence quoted from a Markdown passage, for display: one line, no syntax."""
    return " ".join(markdown_to_text(text).split())
