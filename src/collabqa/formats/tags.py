"""HTML tags in Markdown text, removed as a browser would show the words between them.

A block element's tag (`<p>`, `<dt>`, `<br>`) parts lines; a table cell's parts words;
any other tag and an HTML comment go without a trace, and so does a script's or a style
sheet's content. An MDX page's JSX component (`<Card title="Moons" icon="moon">`,
`<TabItem label="npm">`, a `<LinkCard ... />` written over several lines) stands on lines
of its own and shows the words of its title, label and description, as the site renders
it (a card's or a tab's title above its content, a link card's description under it).
"""

from __future__ import annotations

import re

__all__ = ["BLOCK_ELEMENTS", "BLOCK_TAG", "COMPONENT", "COMPONENT_NAME", "UNCLOSED_COMPONENT",
           "component_words", "strip_tags", "untag"]

# A tag on one line; or one whose attributes run onto the next lines (a README's
# `<img src="..."` with `alt="..."` under it), known by their `name="value"` shape.
_TAG = re.compile(r"<!--.*?(?:-->|$)|<[^>\n]*>|<[A-Za-z][\w:-]*(?:\s+[\w:.@-]+(?:\s*=\s*"
                  r"(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?)*\s*/?>", re.S)
# What a browser runs or applies and never shows: a script's or a style sheet's content
# (VitePress pages hold `<script setup>` blocks), also when a cut leaves it unclosed.
_HIDDEN = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)
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
# A JSX component's tag: a capitalised name with a small letter (`Card`, `Tabs.Item`;
# `<SCRIPT>` is HTML written in capitals, `<NAME>` a placeholder), attributes whose
# values are quoted strings or `{expressions}` (braces nested up to four deep:
# `config={[{ label: 'Guides', items: [...] }]}`), over any number of lines; group 1 "/"
# when closing, 2 the name, 4 "/" when self-closing.
_BRACES = r"\{[^{}]*\}"
for _ in range(3):
    _BRACES = r"\{(?:[^{}]|" + _BRACES + r")*\}"
COMPONENT_NAME = r"[A-Z](?=[\w.]*[a-z])[\w.]*"
_ATTRIBUTE = (r"\s+[\w:.-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|" + _BRACES + r"))?"
              r"|\s*" + _BRACES)  # name="value", name={expression}, {...spread}
COMPONENT = re.compile(r"<(/?)(" + COMPONENT_NAME + r")((?:" + _ATTRIBUTE + r")*)\s*(/?)>")
# A component's opening tag cut off before its ">" (a sentence of a passage ending on the
# tag's last attribute line, its "/>" alone on the next): what it shows is its words.
# The tag opens a line and has an attribute with a value: "x <Foo and bar" is prose.
UNCLOSED_COMPONENT = re.compile(r"(?:^|(?<=\n))[ \t]*<(" + COMPONENT_NAME + r")(?=[^\n]*\n|[^>]*=)"
                                r"((?:" + _ATTRIBUTE + r")*)\s*\Z")
# The attributes whose words a component shows: a title or a label above its content, a
# description under it.
_SHOWN = re.compile(r"""(?<![\w.-])(title|label|description)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def component_words(tag: str) -> list[str]:
    """The words a JSX component's tag shows: its title or label, then its description."""
    found = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
             for m in _SHOWN.finditer(tag)}
    heading = found.get("title") or found.get("label")
    return [w for w in (heading, found.get("description")) if w and w.strip()]


def _component(match: re.Match[str]) -> str:
    """A component's tag as its page shows it: its words on lines of their own; an
    opening or closing tag without words parts lines, as a block does; a self-closing
    one without words (an icon) is nothing."""
    words = component_words(match.group())
    if words:
        return "\n" + "\n".join(words) + "\n"
    return "" if match.group(4) else "\n"


def strip_tags(html: str) -> str:
    """HTML markup removed, the text between tags kept: a block element's tags become a
    line break, a table cell's a space, and entities (`&lt;`) the characters they stand for."""
    from html import unescape

    return unescape(untag(html))


def untag(html: str) -> str:
    """The tags gone, entities left as written: a block element's tags become a line
    break, a table cell's a space."""
    if "<" not in html:
        return html
    html = COMPONENT.sub(_component, _HIDDEN.sub("", html))
    return _TAG.sub("", _CELL_TAG.sub(" ", BLOCK_TAG.sub("\n", html)))
