"""MyST Markdown (Sphinx's Markdown dialect) read as the built docs show it.

A file is read as MyST when it uses MyST's own syntax: a directive fence
(```` ```{note} ````, `:::{admonition} Example`), a role (``{ref}`Install <install>` ``)
or a target line (`(label)=`). Its parser is markdown-it-py with the plugins MyST itself
uses (mdit-py-plugins: roles, targets and `%` comments, colon fences, definition lists).

Directives are read as `formats.sphinx` reads them in reStructuredText: a version note
"Changed in version 23.3: ...", an admonition "Note: ..." (`{admonition} Example`:
"Example: ..."), `seealso` "See also: ...", a tab's label "Linux: ...", code directives
as code; navigation (`toctree`, `contents`) and directives that show nothing are left out.
A directive's options (`:class: tip` lines, or a `---` YAML block) are no words. Any other
directive Sphinx knows has a body of MyST; `eval-rst`'s is reStructuredText; one it does
not know (a site's own, a notebook's ```` ```{python} ````) is code, as written. A role shows its
text: `{ref}`the cache <wheel-caching>`` reads "the cache", `{pypi}`keyring`` "keyring".
Targets and comments are no text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .sphinx import CODE as SPHINX_CODE
from .sphinx import OBJECTS, VERSIONS, Directive, Targets, reference_title, role_text
from .sphinx import SKIP as SPHINX_SKIP

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

__all__ = ["ADMONITIONS", "KNOWN", "SILENT", "MystDirective", "directive", "is_directive",
           "is_myst", "myst_parser", "role_line", "role_text", "titled_references"]

# Tokens of MyST's parser that show no words: a target `(label)=`, a `%` comment, `+++`.
SILENT = frozenset({"myst_target", "myst_line_comment", "myst_block_break"})
# A directive fence's info string: `{name} argument`.
_INFO = re.compile(r"\{([A-Za-z][\w.:+-]*)\}[ \t]*(.*)", re.S)
_FENCE_MARK = re.compile(r"^[ \t]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{([A-Za-z][\w.:+-]*)\}", re.M)
_ROLE_MARK = re.compile(r"\{[A-Za-z][\w.:+-]*\}`")
_TARGET = re.compile(r"^[ \t]*\([^()\s]+\)=[ \t]*$", re.M)
_OPTION = re.compile(r"[ \t]*:([\w.+-]+):(?:[ \t]+.*)?$")
# MyST's names for code; sphinx.CODE has the Sphinx extensions' ones.
_CODE = frozenset({"code-block", "code", "sourcecode", "code-cell", "math", "csv-table"})
# Navigation, and directives whose body or argument shows nothing as words.
_SKIP = frozenset({"contents", "image", "raw", "tableofcontents", "glossary-ref", "meta"})
# Admonitions: "Note: ..." (the generic `admonition` is labelled by its argument).
ADMONITIONS = frozenset({"attention", "caution", "danger", "error", "hint", "important",
                         "note", "tip", "warning", "admonition", "todo"})
# Containers whose argument is a file or a layout, not a label.
_UNLABELLED = frozenset({"figure", "list-table", "table", "div", "margin", "sidebar",
                         "topic", "epigraph", "pull-quote", "highlights", "tabs"})
# Directives whose body is prose, labelled by their argument (tabs, cards, dropdowns;
# sphinx-tabs' `group-tab` in its `tabs`, as Incus' docs give a CLI and an API tab).
_LABELLED_NAMES = frozenset({"tab", "tab-item", "card", "dropdown", "grid-item-card", "rubric",
                             "tab-set", "grid", "grid-item", "card-carousel", "only",
                             "ifconfig", "hlist", "glossary", "centered", "group-tab"})
KNOWN = (ADMONITIONS | _CODE | _SKIP | _UNLABELLED | _LABELLED_NAMES | SPHINX_SKIP
         | SPHINX_CODE | frozenset(VERSIONS) | {"seealso", "eval-rst"})


def is_myst(text: str) -> bool:
    """Whether Markdown text uses MyST's own syntax: a target line, a fence of a directive
    Sphinx or MyST has (```` ```{note} ````, not a notebook's ```` ```{python} ````), or a
    role outside code (`` `{code}` `` in a code span is no role)."""
    if _TARGET.search(text):
        return True
    if any(_known(m.group(1)) for m in _FENCE_MARK.finditer(text)):
        return True
    if _ROLE_MARK.search(text) is None:
        return False
    return any(child.type == "myst_role" for token in myst_parser().parse(text)
               if token.type == "inline" for child in token.children or [])


def is_directive(line: str) -> bool:
    """Whether a fence's opening line opens a directive Sphinx or MyST knows."""
    match = _FENCE_MARK.match(line)
    return match is not None and _known(match.group(1))


def _known(name: str) -> bool:
    base = name.rsplit(":", 1)[-1].lower()
    return base in KNOWN or ":" in name or base in OBJECTS or base.startswith("auto")


@lru_cache(maxsize=1)
def myst_parser() -> "MarkdownIt":
    """CommonMark with GitHub tables, strikethrough and MyST's syntax plugins."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.myst_blocks import myst_block_plugin
    from mdit_py_plugins.myst_role import myst_role_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return md.use(myst_role_plugin).use(myst_block_plugin).use(colon_fence_plugin).use(
        deflist_plugin)


@dataclass(frozen=True)
class MystDirective:
    """A directive fence: its Sphinx reading, and where its body starts in the content."""

    directive: Directive
    body_line: int  # lines of the fence's content before the body (options)

    @property
    def kind(self) -> str:
        """skip, code, rst, version, seealso, admonition, object, container or labelled."""
        d = self.directive
        base = d.base
        if not _known(d.name):
            return "code"  # a notebook's ```{python}, a site's own directive: as written
        if base in _SKIP:
            return "skip"
        if base in _CODE:
            return "code"
        if base == "eval-rst":
            return "rst"
        if base in ADMONITIONS:
            return "admonition"
        if base in _UNLABELLED:
            return "container"
        return d.kind

    def label(self) -> str:
        """The words a reader sees before the body ("Note", "Example", "Linux"), or ""."""
        d = self.directive
        kind = self.kind
        if kind == "admonition":
            return role_line(d.argument) if d.argument else d.base.capitalize()
        if kind == "seealso":
            return "See also"
        if kind in ("labelled", "object"):
            return role_line(d.argument)
        return ""


def directive(info: str, content: str) -> MystDirective | None:
    """The directive a fence holds (info `{note}`, `{versionchanged} 23.3`), else None."""
    match = _INFO.fullmatch(info.strip())
    if match is None:
        return None
    lines = content.split("\n")
    options: list[tuple[str, str]] = []
    i = 0
    if lines and lines[0].strip() == "---":  # a YAML block of options
        end = next((j for j in range(1, len(lines)) if lines[j].strip() == "---"), None)
        if end is not None:
            i = end + 1
    else:
        while i < len(lines) and _OPTION.match(lines[i]):
            name, _, value = lines[i].strip()[1:].partition(":")
            options.append((name.lower(), value.strip()))
            i += 1
    body = "\n".join(lines[i:]).strip("\n")
    return MystDirective(Directive(match.group(1), " ".join(match.group(2).split()), body,
                                   tuple(options)), i)


_ROLE = re.compile(r"\{([A-Za-z][\w.:+-]*)\}`([^`]*)`")


def titled_references(text: str, targets: Targets, source: str) -> str:
    """`text` with each `{ref}`label`` and `{doc}`page`` that has no text of its own
    given the title it shows (`{ref}`Title <label>``), from the corpus's `targets`; a
    target not found stays as written. Read this way wherever a passage is shown, the
    reference reads as Sphinx renders it."""
    if "}`" not in text:
        return text

    def titled(match: re.Match[str]) -> str:
        name, content = match.group(1), match.group(2)
        title = reference_title(name, content, targets, source)
        if not title or any(ch in title for ch in "<>`"):
            return match.group(0)
        return f"{{{name}}}`{title} <{content}>`"

    return _ROLE.sub(titled, text)


def role_line(text: str) -> str:
    """A one-line argument (a tab's or admonition's label) with its roles read."""
    return _ROLE.sub(lambda m: role_text(m.group(1), m.group(2)), text).replace("`", "").strip()
