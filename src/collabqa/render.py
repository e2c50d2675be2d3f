"""Chat replies and the sources panel as inert Markdown for Gradio.

Passages come from user documents, so every piece of document text is HTML-escaped and
then Markdown-escaped (`to_markdown`): a `<script>`, an `onerror` or a Markdown image in
a passage renders as plain text and makes the browser fetch nothing. The only markup
that reaches the page is the one written here (`<mark>`, `<small>`, headings, quotes).
"""

from __future__ import annotations

import html
import re

from .answer import Answer
from .followup import Resolution

NOT_FOUND_REPLY = (
    "**Not in the documents.** I couldn't find an answer to that in the indexed "
    "documents. The closest passages are under *Sources*, but they don't seem to cover it."
)

_MD_SPECIAL = r"[\\`*_{}\[\]()#!|~<>+\-.$:]"


def to_markdown(text: str) -> str:
    """`text` as inert Markdown: shows literally; no tag, link, image or maths.

    HTML first, with `quote=False` (escaping `#` would break an `&#x27;`), then a
    backslash before Markdown punctuation: `$` for LaTeX, `:` so no URL is auto-linked.
    """
    return re.sub(f"({_MD_SPECIAL})", r"\\\1", html.escape(text, quote=False))


def from_markdown(text: str) -> str:
    """Invert `to_markdown`: recover what a user typed from the chat history."""
    return html.unescape(re.sub(rf"\\({_MD_SPECIAL})", r"\1", text))


def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` as inert Markdown with each (start, end) span wrapped in `<mark>`."""
    out, pos = [], 0
    for start, end in sorted(spans):
        start, end = max(start, pos), min(end, len(text))
        if start < end:
            out += [to_markdown(text[pos:start]), "<mark>", to_markdown(text[start:end]), "</mark>"]
            pos = end
    return "".join(out + [to_markdown(text[pos:])])


# Under the model's text while it streams: what shows is a draft, not yet checked.
DRAFT_NOTE = "\n\n<small>Writing… each sentence is checked against the sources when done.</small>"


def render_answer(answer: Answer) -> str:
    """The chat reply for a finished answer."""
    if not answer.grounded:
        return NOT_FOUND_REPLY
    if answer.mode != "summary":
        return to_markdown(answer.text)
    # The model's short answer, then the sentences it copied from, quoted as evidence.
    quotes = [
        "> " + to_markdown(" ".join(c.text[a:b].split()) + f" [{c.n}]")
        for c in answer.citations
        for a, b in c.highlights
    ]
    note = "<small>Summarized by the local model from the sources.</small>"
    return "\n\n".join([to_markdown(answer.text), *quotes, note])


def render_sources(answer: Answer, resolution: Resolution | None = None) -> str:
    """The sources panel: every citation with section, title, score and highlighted text."""
    parts = []
    if resolution is not None and resolution.is_followup:
        parts.append(f"<small>Follow-up to “{to_markdown(resolution.context or '')}”, "
                     f"searched as “{to_markdown(resolution.query)}”</small>")
    if not answer.grounded:
        parts.append("<small>Closest passages; none of them answers the question.</small>")
    for c in answer.citations:
        names = [to_markdown(x) for x in (c.title, c.source) if x]
        if c.page is not None:
            names.append(f"p. {c.page}")
        meta = " · ".join([f"score {c.score:.2f}", *names])
        if answer.grounded and not c.highlights:
            meta += " · retrieved, not quoted"
        body = highlighted(c.text, [tuple(s) for s in c.highlights])
        body = "\n".join("> " + line for line in body.splitlines() if line.strip())
        heading = to_markdown(c.section or c.title)
        parts.append(f"#### \\[{c.n}\\] {heading}\n\n<small>{meta}</small>\n\n{body}")
    return "\n\n".join(parts + ([] if answer.citations else ["No passages."]))
