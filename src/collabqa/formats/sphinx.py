"""Sphinx directives that docutils does not know, read as the built docs show them.

docutils reports a directive it does not know (`.. py:data::`, `.. versionadded::`,
`.. tabs::`) as an error holding the directive's source lines; the reStructuredText
loader hands those lines here. An object description (`py:data`, `confval`, `envvar`,
`autoclass` with a body...) heads its body with its signature, as a definition list's
term heads its definition, and one without a body is its signature line alone ("class
LifoQueue"); an `automodule`'s body is the page's text; a version note reads "Added in
version 3.1: ..." and `seealso` "See also: ..." as Sphinx renders them; a tab's or
card's label is a line above its body; test and notebook cells are code; directives
whose lines are no prose (`toctree`, `autosummary`, `currentmodule`, `literalinclude`,
diagrams) are left out.
Any other directive's body is reStructuredText of its own, read like the page.
"""

from __future__ import annotations

import posixpath
import re
import textwrap
from dataclasses import dataclass

_HEAD = re.compile(r"\.\.[ \t]+(\w+(?:[-._+:]\w+)*)[ \t]*::[ \t]*(.*)")
_OPTION = re.compile(r":([\w.+-]+):(?:[ \t]+(.*)|$)")
_ESCAPE = re.compile(r"\\(.)")  # reStructuredText's backslash escape: `\*` is "*"

# Directives whose lines are not prose, or that show nothing (by name, domain dropped).
SKIP = frozenset({
    "toctree", "autosummary", "index", "highlight", "literalinclude", "include",
    "currentmodule", "module", "default-domain", "tabularcolumns",
    "productionlist", "sectionauthor", "moduleauthor", "codeauthor", "testsetup",
    "testcleanup", "mermaid", "graphviz", "graph", "digraph", "plantuml", "uml",
    "inheritance-diagram", "rst-class", "program", "plot", "bibliography",
    # The C and C++ domains' scope for the names after them (`.. cpp:namespace:: nanobind`),
    # and sphinxcontrib-spelling's list of words its checker accepts: shown nowhere.
    "namespace", "namespace-push", "namespace-pop", "word-list",
})
CODE = frozenset({"doctest", "testcode", "testoutput", "code-tab", "code-cell", "ipython",
                  "jupyter-execute", "prompt"})
# Object descriptions without a domain prefix (`py:data` and `std:confval` have one).
OBJECTS = frozenset({"function", "data", "class", "method", "attribute", "exception",
                     "decorator", "describe", "object", "envvar", "option", "confval",
                     "cmdoption", "setting", "event", "property"})
# Containers whose argument is a condition or a layout, not a label.
UNLABELLED = frozenset({"only", "ifconfig", "tabs", "tab-set", "grid", "hlist", "glossary",
                        "card-carousel", "todo"})
# Options shown as fields of what the directive describes, with their labels.
FIELDS = (("type", "Type"), ("default", "Default"), ("value", "Value"))
VERSIONS = {"versionadded": "Added in version", "versionchanged": "Changed in version",
            "deprecated": "Deprecated since version", "versionremoved": "Removed in version"}
_LABELLED = re.compile(r"^(.*?)\s*<[^<>]*>$", re.S)
# An object's name a cross-reference shortens to its last part (`~a.b.name`, `~.f()`,
# `~django:django.forms.Field`); a path (:file:`~/.local/kitty.app`) or a literal role's
# text (:code:`~*`) is shown as written.
_SHORTENED = re.compile(r"~[^\s/~]*[A-Za-z_][^\s/]*")
_LITERAL_ROLES = {"code", "file", "samp", "kbd", "command", "program", "literal", "math"}
# The Python domain's object roles: a leading dot (`.Engine.dispose`, "search the current
# module first") only says where to look, and Sphinx's title drops it ("Engine.dispose").
# sphinx-paramlinks' `:paramref:` (SQLAlchemy's docs) is read by the same Python role.
_PYTHON_ROLES = {"data", "exc", "func", "class", "const", "attr", "type", "meth", "mod", "obj",
                 "paramref"}


def role_text(name: str, content: str, targets: Targets | None = None, source: str = "") -> str:
    """The words a role shows, in reStructuredText (`:ref:`...``) or MyST (`{ref}`...``):
    `text <target>` shows "text", `~a.b.name` shows "name" (a path, `~/.netrc`, as
    written), `!name` "name", a Python object's `.Engine.dispose` "Engine.dispose"; {pep}`517`
    and :rfc:`9110` show "PEP 517" and "RFC 9110" (role names are case-insensitive).
    With the corpus's `targets`, `:ref:`label`` shows the title of the section the label
    is on and `:doc:`page`` the page's title (relative to `source`, the citing file's
    path), as Sphinx renders them; a target it does not find shows as written."""
    labelled = _LABELLED.match(content)
    if labelled and labelled.group(1):
        return labelled.group(1)
    title = reference_title(name, content, targets, source)
    if title:
        return title
    if name.lower() in ("pep", "rfc"):
        return f"{name.upper()} {content.lstrip('!')}"
    if _SHORTENED.fullmatch(content) and name.lower() not in _LITERAL_ROLES:
        return content[1:].rsplit(".", 1)[-1]
    if name.lower().removeprefix("py:") in _PYTHON_ROLES:
        return content.lstrip("!").lstrip(".")
    return content.lstrip("!")


# A label on what follows it, `.. _name:` (or `.. _`name`:`), and a section title's
# underline (or overline): one punctuation character repeated.
_LABEL = re.compile(r"\.\.[ \t]+_(?:`([^`]+)`|([^:`][^:]*)):[ \t]*$")
ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1{2,}[ \t]*")
# ... in MyST Markdown: a target line `(name)=`, an ATX heading "## Title".
_MYST_LABEL = re.compile(r"[ \t]*\(([^()\s][^()]*)\)=[ \t]*$")
_ATX = re.compile(r" {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
# A title's inline markup: a role (reST's or MyST's), a literal, a link, emphasis marks.
_INLINE = re.compile(r"(?::[\w.+:-]+:|\{[\w.:+-]+\})`([^`]*)`|``([^`]*)``"
                     r"|\[([^\]]*)\]\([^)]*\)|[*`]")


@dataclass(frozen=True)
class Targets:
    """What a corpus's cross-references point at, as Sphinx resolves them: each section
    label's title (`labels`, by the label in lower case) and each reStructuredText or
    Markdown page's title (`pages`, by its path from the corpus folder without its
    suffix)."""

    labels: dict[str, str]
    pages: dict[str, str]

    def title(self, role: str, target: str, source: str = "") -> str:
        """The title `:ref:`target`` or `:doc:`target`` shows, "" when not found. A page
        is named from the citing page's folder, or from the docs' root after "/" (found
        as the last parts of a page's path: the corpus may be a folder above the root)."""
        if role == "ref":
            return self.labels.get(" ".join(target.lower().split()), "")
        here = posixpath.dirname(source)
        if not target.startswith("/"):
            return self.pages.get(posixpath.normpath(posixpath.join(here, target)), "")
        tail = target.strip("/")
        found = [title for page, title in self.pages.items()
                 if page == tail or page.endswith("/" + tail)]
        return found[0] if len(found) == 1 else ""


def reference_title(name: str, content: str, targets: Targets | None, source: str = "") -> str:
    """The title a `ref` or `doc` role without its own text shows, from the corpus's
    `targets` ("" for another role, one with its own text, or a target not found)."""
    if targets is None or name.lower() not in ("ref", "doc") or _LABELLED.match(content):
        return ""
    return targets.title(name.lower(), content.strip(), source)


def doc_targets(texts: dict[str, str]) -> Targets:
    """The labels and page titles of reStructuredText and MyST Markdown pages (`texts`:
    path from the corpus folder -> text; a Sphinx project mixes the two, and a label of
    either kind is referred to from both). A label names the section whose title comes
    next after blank lines and other labels; a label on anything else (a paragraph, a
    figure) is left out, as Sphinx shows such a reference only with its own text."""
    labels: dict[str, str] = {}
    pages: dict[str, str] = {}
    for path, text in texts.items():
        markdown = not path.lower().endswith(".rst")
        lines = text.split("\n")
        waiting: list[str] = []
        fence = ""  # inside a Markdown fence, its mark: "# x" is no heading there
        for i, line in enumerate(lines):
            mark = line.lstrip()[:3] if markdown else ""
            if fence:
                fence = "" if mark == fence else fence
                continue
            if mark in ("```", "~~~"):
                fence = mark
                continue
            label = (_MYST_LABEL if markdown else _LABEL).match(line)
            if label:
                name = label.group(1) if markdown else label.group(1) or label.group(2)
                waiting.append(" ".join(name.lower().split()))
                continue
            if not line.strip():
                continue
            title = _atx_title(line) if markdown else _section_title(lines, i)
            if title:
                pages.setdefault(posixpath.splitext(path)[0], title)  # its first heading
                for name in waiting:
                    labels.setdefault(name, title)
            waiting = []
    return Targets(labels, pages)


def _atx_title(line: str) -> str:
    """The title of a Markdown ATX heading line, else ""."""
    heading = _ATX.fullmatch(line)
    return plain_title(heading.group(1)) if heading else ""


def plain_title(text: str) -> str:
    """A title as the reader sees it: roles, literals and links as their words."""
    return " ".join(_INLINE.sub(lambda m: next((g for g in m.groups() if g), ""), text).split())


def _section_title(lines: list[str], i: int) -> str:
    """The title of a section whose title (or overline) is line `i`, else ""."""
    if ADORNMENT.fullmatch(lines[i]) and i + 2 < len(lines) and lines[i + 2] == lines[i]:
        i += 1  # an overline, the title, the same line under it
    elif ADORNMENT.fullmatch(lines[i]):
        return ""
    text = lines[i].strip()
    under = lines[i + 1] if i + 1 < len(lines) else ""
    if not text or not ADORNMENT.fullmatch(under) or len(under.rstrip()) < len(text):
        return ""
    return plain_title(text)


@dataclass(frozen=True)
class Directive:
    """One directive's name, argument (its signature or label) and body (dedented)."""

    name: str
    argument: str
    body: str
    options: tuple[tuple[str, str], ...] = ()

    def option(self, name: str) -> str:
        """An option's value ("" when not given)."""
        return next((value for key, value in self.options if key == name), "")

    def fields(self) -> list[tuple[str, str]]:
        """The options a built page shows as the object's fields, labelled as Sphinx
        labels them: a setting's `:type:` and `:default:` ("Default: 'Project name not
        set'"), an attribute's `:value:`. Other options (`:no-index:`, `:module:`) show
        nothing."""
        return [(label, self.option(key)) for key, label in FIELDS if self.option(key)]

    def without_options(self) -> str:
        """The directive's source with no options: what docutils reads when one it knows
        (`code-block`, `note`) carries an option of Sphinx's (`:caption:`, `:linenos:`)."""
        body = textwrap.indent(self.body, "   ")
        return f".. {self.name}:: {self.argument}".rstrip() + (f"\n\n{body}\n" if body else "\n")

    @property
    def base(self) -> str:
        """The name without its domain: `py:data` -> `data`."""
        return self.name.rsplit(":", 1)[-1].lower()

    @property
    def kind(self) -> str:
        """skip, code, version, seealso, object, container or labelled."""
        base = self.base
        if base in SKIP:
            return "skip"
        if base in CODE:
            return "code"
        if base in VERSIONS:
            return "version"
        if base == "seealso":
            return "seealso"
        if base == "automodule":  # shows the module's docstring (code), then its body
            return "container"
        if ":" in self.name or base in OBJECTS or base.startswith("auto"):
            return "object"
        if is_python(self.body):  # a directive that runs its body (`altair-plot`)
            return "code"
        if base in UNLABELLED or not self.argument:
            return "container"
        return "labelled"

    def signature(self) -> str:
        """The object's signature line as a built page heads it, from what the source
        holds: its argument, after the word Sphinx writes before a class, an exception
        or a property ("class LifoQueue"; `autoclass` is `class`). The parameters and the
        docstring of an `auto...` object come from code the page does not hold. No inline
        markup is read in it (SQLAlchemy's `and_` is no link), only escapes (Jinja's
        `call(callable, \\*args)` shows "*args")."""
        base = self.base.removeprefix("auto")
        word = base if base in ("class", "exception", "property") else ""
        return _ESCAPE.sub(r"\1", f"{word} {self.argument}".strip())

    def version_note(self) -> str:
        """"Changed in version 2.3: what changed" (the body may be empty)."""
        version, _, rest = self.argument.partition(" ")
        note = " ".join(part for part in (rest.strip(), self.body.strip()) if part)
        label = f"{VERSIONS[self.base]} {version}".strip()
        return f"{label}: {note}" if note else f"{label}."


_CODE_MARK = re.compile(r"[(=]|^[ \t]*(?:import|from)[ \t]", re.M)


def is_python(text: str) -> bool:
    """Whether a directive's body is Python code: it parses as Python, and calls, assigns
    or imports. A directive Sphinx's extensions add to run code and show its output
    (Altair's `altair-plot`, Bokeh's `bokeh-plot`) was read as prose, its code a paragraph
    a line ("import altair as alt from altair.datasets import data", ")" alone). Prose
    does not parse as Python."""
    if not _CODE_MARK.search(text):
        return False
    import ast

    try:  # without its backslashes, which parse as string escapes and may warn
        module = ast.parse(re.sub(r"\\(?!\n)", "", text))
    except (SyntaxError, ValueError):
        return False
    return bool(module.body)  # not comments alone: "#. Open ..." is reST's numbered list


def parse(source: str) -> Directive | None:
    """A directive's parts from its source lines (`.. name:: argument`, options, body)."""
    lines = source.split("\n")
    head = _HEAD.fullmatch(lines[0].rstrip())
    if head is None:
        return None
    rest = textwrap.dedent("\n".join(lines[1:])).split("\n")
    argument = [head.group(2).strip()]
    options = []
    i = 0
    # Before the first blank line: options, and the argument's further lines (a second
    # signature, a version note's text); a directive without an argument may start its
    # body right away.
    while i < len(rest) and rest[i].strip():
        option = _OPTION.match(rest[i])
        if option:
            value = [option.group(2) or ""]
            i += 1
            while i < len(rest) and rest[i].strip() and rest[i][:1].isspace():
                value.append(rest[i].strip())  # an option's value continued on a line
                i += 1
            options.append((option.group(1).lower(), " ".join(v for v in value if v).strip()))
            continue
        if not argument[0]:
            break
        argument.append(rest[i].strip())
        i += 1
    body = textwrap.dedent("\n".join(rest[i:])).strip("\n")
    return Directive(head.group(1), " ".join(a for a in argument if a), body, tuple(options))
