"""Sphinx directives that docutils does not know, read as the built docs show them.

docutils reports a directive it does not know (`.. py:data::`, `.. versionadded::`,
`.. tabs::`) as an error holding the directive's source lines; the reStructuredText
loader hands those lines here. An object description (`py:data`, `confval`, `envvar`,
`autoclass` with a body...) heads its body with its signature, as a definition list's
term heads its definition; a version note reads "Added in version 3.1: ..." and
`seealso` "See also: ..." as Sphinx renders them; a tab's or card's label is a line
above its body; test and notebook cells are code; directives whose lines are no prose
(`toctree`, `autosummary`, `currentmodule`, `literalinclude`, diagrams) are left out.
Any other directive's body is reStructuredText of its own, read like the page.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

_HEAD = re.compile(r"\.\.[ \t]+(\w+(?:[-._+:]\w+)*)[ \t]*::[ \t]*(.*)")
_OPTION = re.compile(r":([\w.+-]+):(?:[ \t]+(.*)|$)")

# Directives whose lines are not prose, or that show nothing (by name, domain dropped).
SKIP = frozenset({
    "toctree", "autosummary", "index", "highlight", "literalinclude", "include",
    "currentmodule", "module", "automodule", "default-domain", "tabularcolumns",
    "productionlist", "sectionauthor", "moduleauthor", "codeauthor", "testsetup",
    "testcleanup", "mermaid", "graphviz", "graph", "digraph", "plantuml", "uml",
    "inheritance-diagram", "rst-class", "program", "plot", "bibliography",
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
VERSIONS = {"versionadded": "Added in version", "versionchanged": "Changed in version",
            "deprecated": "Deprecated since version", "versionremoved": "Removed in version"}
_LABELLED = re.compile(r"^(.*?)\s*<[^<>]*>$", re.S)


def role_text(name: str, content: str) -> str:
    """The words a role shows, in reStructuredText (`:ref:`...``) or MyST (`{ref}`...``):
    `text <target>` shows "text", `~a.b.name` shows "name", `!name` "name"; {pep}`517`
    and :rfc:`9110` show "PEP 517" and "RFC 9110" (role names are case-insensitive)."""
    labelled = _LABELLED.match(content)
    if labelled and labelled.group(1):
        return labelled.group(1)
    if name.lower() in ("pep", "rfc"):
        return f"{name.upper()} {content.lstrip('!')}"
    if content.startswith("~"):
        return content[1:].rsplit(".", 1)[-1]
    return content.lstrip("!")


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
        if ":" in self.name or base in OBJECTS or base.startswith("auto"):
            return "object"
        if base in UNLABELLED or not self.argument:
            return "container"
        return "labelled"

    def version_note(self) -> str:
        """"Changed in version 2.3: what changed" (the body may be empty)."""
        version, _, rest = self.argument.partition(" ")
        note = " ".join(part for part in (rest.strip(), self.body.strip()) if part)
        label = f"{VERSIONS[self.base]} {version}".strip()
        return f"{label}: {note}" if note else f"{label}."


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
