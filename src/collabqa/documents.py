"""The records that flow from the loaders to the index: Block, Document, Passage.

Spans are character offsets into `Document.text`. For Markdown and plain text that is the
file's own text (BOM stripped, line ends normalised to "\\n"); for HTML, PDF and Word it
is the text the loader extracted, with headings on lines of their own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

BYLINE_LABEL = "About this document: written by (author), published on (date), reading time"
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")  # MDX: Markdown with JSX (Docusaurus)
NOTEBOOK_SUFFIX = ".ipynb"  # a Jupyter notebook's text is the Markdown of its cells
_SETEXT_UNDERLINE = re.compile(r"\A[ \t]*(?:=+|-+)[ \t]*(?:\n|\Z)")
_HTML_HEADING_END = re.compile(r"</h[1-6][ \t]*>[ \t]*$", re.I)
_TAG_INDENT = re.compile(r"^[ \t]+(?=<)", re.M)
_MARKUP = re.compile(r"[<`*_\[#]")  # what a heading's source may hold that its name does not


@dataclass
class Block:
    """A paragraph, list item, table or code block of a document, with its heading path.

    `kind` is "text", "code", "table" or "byline". A heading's text opens the first
    block under it, so `text[start:end]` of that block begins with the heading.
    """

    section: str
    start: int
    end: int
    kind: str = "text"
    term: bool = False  # its section is a definition list's term (or a <summary>)


@dataclass(frozen=True)
class Document:
    """One file of the corpus, decoded."""

    title: str
    source: str  # path relative to the corpus folder, with forward slashes
    text: str
    metadata: dict[str, object] = field(default_factory=dict)
    # (start, end) of each page in `text`, for paged formats (PDF); empty otherwise.
    pages: tuple[tuple[int, int], ...] = ()
    # The loader's blocks; empty means the chunker finds them from `text` and `source`.
    blocks: tuple[Block, ...] = field(default=(), repr=False, compare=False)

    def page_at(self, offset: int) -> int | None:
        """1-based page holding character `offset`, or None for a format without pages."""
        if not self.pages:
            return None
        return max(1, bisect_right([a for a, _ in self.pages], offset))


@dataclass(frozen=True)
class Passage:
    """A citable piece of a document: `text == document.text[start:end]`."""

    id: str
    title: str
    section: str  # heading path, "1. ImageNet > Impact"; "" before the first heading
    text: str
    source: str
    start: int
    end: int
    kind: str = "text"  # "byline" for the author/date line under a document's title
    page: int | None = None  # 1-based page where the passage starts; None without pages

    def embedding_text(self) -> str:
        """Text given to the embedder and the keyword index.

        Headings travel with the passage they label. A byline says what it is, since
        "Nov 13, 2024 Ken Pomella" alone looks like nothing a question asks about.
        Markdown syntax is dropped (a link keeps its text, never its URL).
        """
        return "\n".join(part for part in (self.embedding_head(), self.plain_text()) if part)

    def embedding_head(self) -> str:
        """What `embedding_text` puts before the passage's plain text, on lines of their
        own: its title, its section and, for a byline, what it is."""
        label = BYLINE_LABEL if self.kind == "byline" else ""
        return "\n".join(part for part in (self.title, self.section, label) if part)

    def plain_start(self) -> int:
        """Where the plain text begins in `embedding_text`: after the head and the line
        break that joins them (0 without a head)."""
        head = self.embedding_head()
        return len(head) + 1 if head else 0

    def plain_text(self) -> str:
        """The passage as a reader sees it: for Markdown, without its syntax."""
        if not self.is_markdown:
            return self.text
        from .formats.clean import markdown_inline, markdown_to_text
        from .formats.prepare import body_dedent

        # Cut out of an admonition's or tab's body, the passage reads as that body does.
        text = body_dedent(self.text)
        # A passage may open with its heading's words ("1. ImageNet"): alone they could
        # read as a list item, so they are read as the heading they are.
        first, sep, rest = text.partition("\n")
        heading = markdown_inline(first.rstrip(" #")) if sep and self.section else ""
        if heading and heading in self.section.split(" > "):
            if _HTML_HEADING_END.search(first):  # cut out of an HTML block (a landing
                rest = _TAG_INDENT.sub("", rest)  # page's cards): its indent is no code
            rest = _SETEXT_UNDERLINE.sub("", rest, count=1)
            return "\n".join(part for part in (heading, markdown_to_text(rest)) if part)
        return markdown_to_text(text)

    def plain(self, text: str) -> str:
        """A piece of this passage (a quoted sentence) as a reader sees it: no syntax."""
        return as_read(text, self.source)

    def plain_at(self, text: str, start: int, end: int) -> str:
        """`text[start:end]`, a sentence of this passage (`text` is the passage, or the
        passage shown with its neighbours), as a reader sees it. A sentence in a fenced
        code block reads as the code it is, read with the fences it lies between: alone,
        `x: list[int]` would read as Markdown, `[int]` as a link, and a lone fence line
        as a closer."""
        if not self.is_markdown:
            return self.plain(text[start:end])
        from .formats.prepare import is_fence_line, open_fence

        inside, still = open_fence(text, start), open_fence(text, end)
        lines = text[start:end].split("\n")
        if inside is None and still is None:
            if not is_fence_line(lines[0]):
                read = self.plain(text[start:end])
                said = _CODE_SPAN.sub("", text[start:end])
                if ("\n" not in said.strip() and any(
                        mark in said and _EMPHASIS_EDGE.search(read.replace(other, ""))
                        for mark, other in (("*", "_"), ("_", "*")))):
                    # Emphasis over several sentences ("*Note: ... Otherwise, it
                    # fails.*"): a sentence alone keeps its half of the pair.
                    return _read_in_paragraph(text, start, end, self.source) or read
                return read
            # A whole fenced block, cut from under a list item: its opening line's indent
            # went with the sentence's trim, so a closing line indented four spaces
            # ("    ```" under "1. ") would read as code. Its fence lines keep no indent.
            lines = [line.lstrip(" \t") if is_fence_line(line) else line for line in lines]
            return as_read("\n".join(lines), self.source)
        if inside is not None:
            opening = inside.lstrip(" \t>")  # "```python", its indent (under an admonition) cut
            indent = inside[: len(inside) - len(opening)]
            # A fence line keeps no indent: a passage may start at a list item's fence
            # ("```Dockerfile" cut from "    ```Dockerfile"), its closing line indented
            # still, and a closing fence indented four spaces would read as code.
            lines = [line[len(indent):] if line.startswith(indent) else line for line in lines]
            lines = [opening] + [line.lstrip(" \t") if is_fence_line(line) else line
                                 for line in lines]
        if still is not None:
            mark = still.lstrip(" \t>")
            lines.append(mark[: len(mark) - len(mark.lstrip(mark[0]))])  # its ``` or ~~~
        return as_read("\n".join(lines), self.source)

    def says_at(self, text: str, start: int, end: int) -> bool:
        """Whether `text[start:end]`, a sentence of this passage, says anything once read
        as `plain_at` reads it: a line of a site generator's syntax (a Hugo shortcode), an
        HTML comment or a `<div>` alone says nothing; a line of code says what it holds."""
        if self.is_markdown:
            from .formats.prepare import is_fence_line, open_fence

            if open_fence(text, start) is None and open_fence(text, end) is None:
                return has_words(text[start:end], self.source)
            # A fence's line alone ("```yaml title="ci.yaml"", the code after it cut off
            # as sentences of its own) is no code and no text.
            if all(is_fence_line(line) for line in text[start:end].strip().split("\n")):
                return False
        return any(ch.isalnum() for ch in text[start:end])

    def names_section(self, sentence: str) -> bool:
        """Whether a sentence of this passage is only the name of one of its headings
        (it names a topic, it answers nothing)."""
        names = self.section.split(" > ")
        if sentence in names:
            return True
        # A heading written with markup (`` `http.timeout` ``, `<code>`) reads as its name.
        return bool(_MARKUP.search(sentence)) and " ".join(self.plain(sentence).split()) in names

    @property
    def is_markdown(self) -> bool:
        return is_markdown(self.source)


def is_markdown(source: str) -> bool:
    """Whether a document's text is Markdown: a Markdown file (.md, .markdown, .mdx), or a
    Jupyter notebook, whose text is the Markdown of its cells."""
    return source.lower().endswith(MARKDOWN_SUFFIXES + (NOTEBOOK_SUFFIX,))


def as_read(text: str, source: str) -> str:
    """A piece of a document as a reader sees it: Markdown without its syntax (a link
    reads as its text, `__700__` as 700); text of any other format as it is. A piece
    all syntax stays as it is."""
    if not is_markdown(source):
        return text
    return _markdown_read(text) or text.strip()


# Marks a sentence's edges in its paragraph: punctuation to Markdown (Unicode "Pd"), so
# an emphasis run next to it opens or closes as it does beside a space or a stop.
_EDGE = "\u2e3a"
# What reads like half an emphasis pair: a run of * or _ opening or closing a word.
_EMPHASIS_EDGE = re.compile(r"(?<![\w*])[*_]{1,3}(?=[^\s*_])|(?<=[^\s*_])[*_]{1,3}(?![\w*])")
_CODE_SPAN = re.compile(r"(`+)[^`].*?\1", re.S)
# What opens a line of a list item or a quote: the sentence's edge goes after it.
_LINE_OPENING = re.compile(r"[ \t]*(?:>[ \t]?)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?")


def _read_in_paragraph(text: str, start: int, end: int, source: str) -> str:
    """`text[start:end]` as a reader sees it, read with the rest of its paragraph (the
    lines between blank lines around it); "" when the reading loses its edges."""
    if _EDGE in text or text[start:start + 1] in "|#":
        return ""  # a table's row, a heading: read as they are
    start += _LINE_OPENING.match(text, start).end() - start
    first = text.rfind("\n\n", 0, start)
    first = 0 if first < 0 else first + 2
    last = text.find("\n\n", end)
    last = len(text) if last < 0 else last
    marked = text[first:start] + _EDGE + text[start:end] + _EDGE + text[end:last]
    parts = as_read(marked, source).split(_EDGE)
    return " ".join(parts[1].split()) if len(parts) == 3 else ""


def has_words(text: str, source: str) -> bool:
    """Whether a piece of a document says anything once read: a `<div>` line, a link
    reference definition ("[docs]: guide.md") or an HTML comment of Markdown says nothing."""
    read = _markdown_read(text) if is_markdown(source) else text
    return any(ch.isalnum() for ch in read)


# Each answer reads the sentences of its hits twice (is it a heading? how is it quoted?),
# and related questions meet the same passages: one parse each.
@lru_cache(maxsize=4096)
def _markdown_read(text: str) -> str:
    from .formats.clean import markdown_to_text
    from .formats.prepare import autodoc, hanging_dedent

    # An API-reference directive's option lines are known by their indent under it.
    return markdown_to_text(hanging_dedent(autodoc(text)))
