"""Markdown as a reader sees it: for the embedder, the keyword index and quoted sentences.

A passage keeps the file's exact characters (its span); what is embedded and quoted is
this rendering of them: a link keeps its text and loses its URL, an image its alt text,
emphasis, code backticks, heading marks, table pipes and HTML tags go, an admonition
(`!!! note "Title"`, `> [!NOTE]`) reads as "Note: ...", a content tab (`=== "Windows"`)
as "Windows: ...", a block (`/// version-added | 2.7`) as "Version added: 2.7". The indented body of an admonition or tab is read as the Markdown it
is (prose, lists, fenced code), not as an indented code block.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .myst import SILENT, directive, is_myst, myst_parser, role_line, role_text
from .sphinx import VERSIONS

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)[ \t]*([\w-]+)(?:[ \t]+"([^"\n]*)")?[ \t]*', re.M)
# pymdownx blocks: `/// note | Title` opens one, a bare `///` closes it.
_BLOCK = re.compile(r"^[ \t]*///[ \t]*(?:([\w-]+)[ \t]*(?:\|[ \t]*(.*?))?)?[ \t]*$", re.M)
_TAB = re.compile(r'^===[+!]?[ \t]+"([^"\n]*)"[ \t]*', re.M)
# The first line of a container whose body is indented under it (admonition or tab).
CONTAINER = re.compile(r'[ \t]*(?:!!!|\?\?\?\+?|===[+!]?[ \t]+")')
_ALERT = re.compile(r"^\[!(\w+)\][ \t]*", re.M)
# MkDocs attribute lists: `## Cache {: #cache }`, `[Start](x){ .md-button }`: styling, not words.
_ATTR = r"(?:[#.][\w:-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]+))"
_ATTR_LIST = re.compile(r"[ \t]*\{:?[ \t]*" + _ATTR + r"(?:[ \t]*" + _ATTR + r")*[ \t]*\}")
_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_RULE_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_REFERENCE = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_AUTODOC = re.compile(r"[ \t]*:::[ \t]+([A-Za-z_][\w.:]*)[ \t]*$")
_FENCE = re.compile(r"(`{3,}|~{3,})")
_LIST_START = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_TAG = re.compile(r"<!--.*?(?:-->|$)|<[^>\n]*>", re.S)
# HTML elements that stand on lines of their own when rendered: their tags part words
# ("<dt>--offline</dt><dd>Disable network access.</dd>" reads as two lines, not one word).
BLOCK_ELEMENTS = frozenset(
    "address article aside blockquote br dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary "
    "table tbody tfoot thead tr ul".split()
)
BLOCK_TAG = re.compile(r"</?(%s)\b[^>\n]*>" % "|".join(sorted(BLOCK_ELEMENTS, key=len, reverse=True)),
                       re.I)
_CELL_TAG = re.compile(r"</?t[dh]\b[^>\n]*>", re.I)
# Without any of these the text reads the same rendered, and parsing is skipped.
_SYNTAX = re.compile(r"[\[\]*_`<>#|!~&\\=]|^[ \t]*:::|^[ \t]*(?:[-+]|\d{1,9}[.)])[ \t]|^ {4}|^\t|^[ \t]*///", re.M)


@lru_cache(maxsize=1)
def parser() -> "MarkdownIt":
    """The CommonMark parser with GitHub tables and strikethrough, HTML allowed."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def markdown_to_text(text: str) -> str:
    """Plain text of a Markdown fragment: blocks on their own lines, syntax dropped."""
    if not _SYNTAX.search(text):
        return text.strip()
    rows = [line for line in text.split("\n") if line.strip()]
    if rows and all(_ROW.match(line) for line in rows) and not any(_RULE_ROW.match(r) for r in rows):
        # Rows of a table cut off from its header (a long table is split between rows).
        return "\n".join(" | ".join(markdown_inline(cell) for cell in row.strip()[1:-1].split("|"))
                         for row in rows)
    text = _autodoc(_dedent_containers(text))
    myst = is_myst(text)
    text = _drop_stray_closers(text)
    lines: list[str] = []
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
            rendered = inline_text(token)
            if row is not None:
                row.append(rendered)
            else:
                lines.append(rendered)
        elif token.type in ("fence", "code_block"):
            lines.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            lines.append(_html_block_text(token.content))
    # A reference link whose definition is outside this fragment: keep its text.
    out = _alerts(_REFERENCE.sub(r"\1", "\n".join(lines)))
    return "\n".join(line.strip() for line in out.split("\n") if line.strip())


_FENCE_LINE = re.compile(r"[ \t]*(`{3,}|~{3,}|:{3,})[ \t]*(.*?)[ \t]*$")


def _fence_lines(token: "Token") -> list[str]:
    """A MyST fence read as the built docs show it: a directive as `myst` reads it
    ("Note: ...", "Changed in version 23.3: ...", a tab "Linux: ..."), code as code."""
    found = directive(token.info, token.content)
    if found is None:
        if token.type == "colon_fence":  # `:::` without a directive: a plain container
            return markdown_to_text(token.content).split("\n")
        return [token.content.rstrip("\n")]
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


def _drop_stray_closers(text: str) -> str:
    """A fragment cut out of a MyST file may start inside a directive's body and run past
    its closing fence; that lone fence line would open a code block running to the end.
    A bare fence line outside any fence is such a closer when the next fence line as long
    opens a fence of its own (```` ```none ````: only an opener has an info string), or when
    the lines after it pair up without it and not with it."""
    lines = text.split("\n")
    out: list[str] = []
    open_: str | None = None  # the fence that is open
    for i, line in enumerate(lines):
        match = _FENCE_LINE.fullmatch(line)
        if open_ is not None:
            if _closes(match, open_):
                open_ = None
        elif match:
            if not match.group(2) and (_next_opens(lines[i + 1:], match.group(1)) or (
                    _balanced(lines[i + 1:]) and not _balanced(lines[i:]))):
                continue  # the closing fence of a body whose opening is not here
            open_ = match.group(1)
        out.append(line)
    return "\n".join(out)


def _closes(match: re.Match[str] | None, mark: str) -> bool:
    return (match is not None and not match.group(2) and match.group(1)[0] == mark[0]
            and len(match.group(1)) >= len(mark))


def _balanced(lines: list[str]) -> bool:
    """Whether every fence these lines open is closed again."""
    open_: str | None = None
    for line in lines:
        match = _FENCE_LINE.fullmatch(line)
        if open_ is not None:
            if _closes(match, open_):
                open_ = None
        elif match:
            open_ = match.group(1)
    return open_ is None


def _next_opens(lines: list[str], mark: str) -> bool:
    """Whether the first fence line among these as long as `mark` opens a fence of its own
    (carries an info string: ```` ```{tab} Linux ````, ```` ```none ````)."""
    for line in lines:
        match = _FENCE_LINE.fullmatch(line)
        if match and match.group(1)[0] == mark[0] and len(match.group(1)) >= len(mark):
            return bool(match.group(2))
    return False


def _autodoc(text: str) -> str:
    """An API-reference directive (mkdocstrings, mkautodoc: `::: httpx.get` and its indented
    options such as `:docstring:` or `options:`) reads as the name it documents; the
    documentation itself is generated when the site is built and is not in the file."""
    if ":::" not in text:
        return text
    out: list[str] = []
    depth: int | None = None  # indent of the directive whose option lines are being dropped
    fence = ""  # the fence of a code block the line is in (its lines are code, kept)
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip())
        opens = _FENCE.match(line.strip())
        if fence or opens:
            if not fence:
                fence = opens.group(1)
            elif line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            out.append(line)
            continue
        if depth is not None and (not line.strip() or indent > depth):
            continue
        depth = None
        match = _AUTODOC.match(line)
        if match:
            depth = indent
            line = line[:indent] + match.group(1)
        out.append(line)
    return "\n".join(out)


def _dedent_containers(text: str) -> str:
    """The body lines under an admonition or tab marker moved out to the marker's column,
    containers nested in a body too (a note inside a tab)."""
    if not CONTAINER.search(text):
        return text
    out: list[str] = []
    bodies: list[int] = []  # the body column of each container still open
    for line in text.split("\n"):
        if not line.strip():
            out.append(line)
            continue
        lead = len(line) - len(line.lstrip(" \t"))
        line = line[:lead].expandtabs(4) + line[lead:]
        indent = len(line) - len(line.lstrip(" "))
        while bodies and indent < bodies[-1]:
            bodies.pop()
        out.append(line[bodies[-1]:] if bodies else line)
        if CONTAINER.match(line):
            bodies.append(indent + 4)
    return "\n".join(out)


def hanging_dedent(text: str) -> str:
    """A piece cut out of an indented block (a fence in a tab's body): its first line lost
    its indent where it was cut, the others kept theirs; they lose it too, so the piece
    reads as the block it was (a closing fence indented by four would close nothing)."""
    lines = text.split("\n")
    if len(lines) < 2 or lines[0][:1] in (" ", "\t"):
        return text
    indent = min((len(line) - len(line.lstrip(" ")) for line in lines[1:] if line.strip()),
                 default=0)
    if indent < 4:  # a wrapped line or a list's continuation, not a block's indent
        return text
    return "\n".join(lines[:1] + [line[indent:] for line in lines[1:]])


def body_dedent(text: str) -> str:
    """A passage that starts inside an admonition's or tab's indented body: its first line
    lost its indent where it was cut, the rest kept it (and would read as an indented code
    block, its links and backticks left as they are). The body lines are moved out: all of
    them, or after a fence that opens the passage, those that keep the closing fence's indent
    (prose under the container may follow).
    A passage opening with the container or a list item is left as it is."""
    if CONTAINER.match(text) or _LIST_START.match(text):
        return text
    lines = text.split("\n")
    fence = _FENCE.match(lines[0])
    if fence:
        mark = fence.group(1)
        for j, line in enumerate(lines[1:], 1):
            stripped = line.strip()
            if stripped.startswith(mark) and not stripped.strip(mark[0]):
                indent = len(line) - len(line.lstrip(" \t"))
                if not indent:
                    break
                # the body goes on while its lines keep the indent (or are blank)
                end = j + 1
                while end < len(lines) and (not lines[end].strip()
                                            or not lines[end][:indent].strip()):
                    end += 1
                body = [ln[indent:] if not ln[:indent].strip() else ln.lstrip()
                        for ln in lines[1:end]]
                return "\n".join(lines[:1] + body + lines[end:])
    return hanging_dedent(text)


def markdown_inline(text: str) -> str:
    """One line of Markdown read as inline text only (a heading's words: "1. ImageNet")."""
    if not _SYNTAX.search(text):
        return heading_text(text).strip()
    tokens = (myst_parser() if is_myst(text) else parser()).parseInline(text)
    return inline_text(tokens[0]).strip() if tokens else text.strip()


def inline_text(token: "Token") -> str:
    """Text of an inline token: link text without URL, image alt, no emphasis marks."""
    parts = []
    for child in token.children or []:
        if child.type == "text":
            parts.append(heading_text(child.content))
        elif child.type == "code_inline":
            parts.append(child.content)
        elif child.type == "myst_role":
            parts.append(role_text(child.meta.get("name", ""), child.content))
        elif child.type == "image":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")  # the file's own line breaks, as plain text keeps them
        elif child.type == "html_inline" and BLOCK_TAG.fullmatch(child.content):
            parts.append("\n")  # "<dt>--offline</dt><dd>Disable ..." is two lines
    return "".join(parts)


def heading_text(text: str) -> str:
    """Words without MkDocs attribute lists: a heading's `preview {: #lint_preview }`, a
    link's `{ .md-button }` (inline_text drops them from every text it reads)."""
    return _ATTR_LIST.sub("", text)


def strip_tags(html: str) -> str:
    """HTML markup removed, the text between tags kept: a block element's tags become a
    line break, a table cell's a space, and entities (`&lt;`) the characters they stand for."""
    from html import unescape

    return unescape(_untag(html))


def _html_block_text(html: str) -> str:
    """An HTML block's words: tags gone, each line read as inline Markdown (a link in
    it keeps its text and loses its URL; the parser decodes `&lt;` itself). A line left
    with no letter or digit (the `|` or `•` between a README's centred badge links) goes."""
    lines = (markdown_inline(line) for line in _untag(html).split("\n"))
    return "\n".join(line for line in lines if any(ch.isalnum() for ch in line))


def _untag(html: str) -> str:
    """The tags gone: a block element's become a line break, a table cell's a space."""
    return _TAG.sub("", _CELL_TAG.sub(" ", BLOCK_TAG.sub("\n", html)))


def _block(match: re.Match[str]) -> str:
    kind, title = match.group(1), match.group(2)
    if not kind:
        return ""  # the closing `///`
    kind = kind.replace("-", " ").capitalize()
    return f"{kind}: {title}" if title else f"{kind}:"


def _alerts(text: str) -> str:
    def admonition(match: re.Match[str]) -> str:
        kind, title = match.group(1), match.group(2)
        return f"{title}: " if title else f"{kind.capitalize()}: "

    text = _ADMONITION.sub(admonition, text)
    text = _TAB.sub(lambda m: f"{m.group(1)}: ", text)
    text = _BLOCK.sub(_block, text)
    return _ALERT.sub(lambda m: f"{m.group(1).capitalize()}: ", text)


def markdown_sentence(text: str) -> str:
    """A sentence quoted from a Markdown passage, for display: one line, no syntax."""
    return " ".join(markdown_to_text(text).split())
