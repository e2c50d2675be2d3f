"""HTML tags in Markdown text, removed as a browser would show the words between them.

A block element's tag (`<p>`, `<dt>`, `<br>`) parts lines; a table cell's parts words;
any other tag and an HTML comment go without a trace, and so does a script's or a style
sheet's content.
"""

from __future__ import annotations

import re

__all__ = ["BLOCK_ELEMENTS", "BLOCK_TAG", "strip_tags", "untag"]

_TAG = re.compile(r"<!--.*?(?:-->|$)|<[^>\n]*>", re.S)
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


def strip_tags(html: str) -> str:
    """HTML markup removed, the text between tags kept: a block element's tags become a
    line break, a table cell's a space, and entities (`&lt;`) the characters they stand for."""
    from html import unescape

    return unescape(untag(html))


def untag(html: str) -> str:
    """The tags gone, entities left as written: a block element's tags become a line
    break, a table cell's a space."""
    html = _HIDDEN.sub("", html) if "<" in html else html
    return _TAG.sub("", _CELL_TAG.sub(" ", BLOCK_TAG.sub("\n", html)))
