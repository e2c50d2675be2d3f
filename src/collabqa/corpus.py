"""Load documents from a folder and split them into citable passages.

A passage is a run of whole sentences from one section of one document, roughly
40-120 words, that knows its heading path and its character span in the source.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .errors import CorpusError

log = logging.getLogger(__name__)

SUFFIXES = (".md", ".markdown", ".txt")
MIN_WORDS = 25  # shorter pieces (a byline, a one-line paragraph) join a neighbour
MAX_WORDS = 120
BYLINE_LABEL = "About this document: written by (author), published on (date), reading time"


@dataclass(frozen=True)
class Document:
    """One file of the corpus, decoded."""

    title: str
    source: str  # path relative to the corpus folder, with forward slashes
    text: str
    metadata: dict[str, object] = field(default_factory=dict)


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

    def embedding_text(self) -> str:
        """Text given to the embedder and the keyword index.

        Headings travel with the passage they label. A byline says what it is, since
        "Nov 13, 2024 Ken Pomella" alone looks like nothing a question asks about.
        """
        label = BYLINE_LABEL if self.kind == "byline" else ""
        return "\n".join(part for part in (self.title, self.section, label, self.text) if part)


# --------------------------------------------------------------------------- loading


def iter_files(folder: Path) -> Iterator[Path]:
    """Yield corpus files under `folder`, sorted, skipping hidden ones and symlinks."""
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        # A symlink could point anywhere on disk; never follow one out of the corpus.
        if path.is_symlink() or any(p.is_symlink() for p in path.parents if folder in p.parents):
            log.warning("skipping %s: symbolic link", rel)
            continue
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            yield path


def read_document(path: Path, source: str) -> Document | None:
    """Decode one file; return None (after a one-line warning) when it is unusable."""
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        log.warning("skipping %s: looks like a binary file", source)
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        log.warning("skipping %s: not valid UTF-8 text", source)
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        log.warning("skipping %s: empty file", source)
        return None
    return Document(title=_title(text, path), source=source, text=text)


def load_corpus(folder: str | Path) -> list[Document]:
    """Read every `.md`/`.txt` file under `folder` (recursively) into Documents."""
    root = Path(folder)
    if not root.is_dir():
        raise CorpusError(f"no corpus folder at {root} - pass --corpus DIR")
    docs = []
    for path in iter_files(root):
        source = path.relative_to(root).as_posix()
        try:
            doc = read_document(path, source)
        except OSError as exc:
            log.warning("skipping %s: %s", source, exc.strerror or exc)
            continue
        if doc is not None:
            docs.append(doc)
    if not docs:
        raise CorpusError(f"no readable .md or .txt files in {root}")
    return docs


def _title(text: str, path: Path) -> str:
    match = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.M)
    if match:
        return match.group(1)
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if path.suffix.lower() == ".txt" and 0 < len(first) <= 120 and not first.endswith("."):
        return first
    return path.stem.replace("-", " ").replace("_", " ")


# --------------------------------------------------------------------------- blocks

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


@dataclass
class _Block:
    section: str
    start: int
    end: int
    kind: str = "text"


def _blocks(doc: Document) -> list[_Block]:
    """Paragraphs and list items with their heading path.

    A heading's text opens the first block under it (headings carry facts: names,
    acronyms), so `text[start:end]` of that block begins with the heading text. A short
    unpunctuated first block right under the title is the byline (author, date...).
    """
    text = doc.text
    is_markdown = not doc.source.lower().endswith(".txt")
    # A plain-text file without blank lines uses one line per paragraph.
    one_per_line = not is_markdown and "\n\n" not in text.strip()
    headings: list[tuple[int, str]] = []
    blocks: list[_Block] = []
    current: _Block | None = None
    pending_heading: int | None = None  # start of a heading not yet attached to a block

    def close() -> None:
        nonlocal current
        if current is not None:
            blocks.append(current)
            current = None

    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        heading = _HEADING.match(line) if is_markdown else None
        # The document title is every passage's `title` already; it opens no block.
        if heading and len(heading.group(1)) == 1 and heading.group(2) == doc.title:
            close()
            headings = [(1, doc.title)]
            continue
        if not is_markdown and not blocks and current is None and stripped == doc.title:
            continue
        if not stripped or heading:
            close()
            if heading:
                level, name = len(heading.group(1)), heading.group(2)
                headings = [(lv, n) for lv, n in headings if lv < level] + [(level, name)]
                if pending_heading is None:
                    pending_heading = start + heading.start(2)
            continue
        if current is None or one_per_line or _LIST_ITEM.match(line):
            close()
            path = [n for lv, n in headings if not (lv == 1 and n == doc.title)]
            lead = len(line) - len(line.lstrip())
            block_start = start + lead if pending_heading is None else pending_heading
            current = _Block(" > ".join(path), block_start, end)
            pending_heading = None
        else:
            current.end = end
    close()

    first = blocks[0] if blocks else None
    if first is not None and not first.section:
        words = text[first.start : first.end]
        if _words(words) < MIN_WORDS and not words.rstrip().endswith((".", "!", "?", ":")):
            first.kind = "byline"
    return blocks


# --------------------------------------------------------------------------- sentences

# A sentence ends at . ! or ? followed by space and an upper-case letter, digit or quote,
# unless the dot closes a common abbreviation or an initial ("Dr.", "e.g.", "J."); it also
# ends at a blank line.
_BOUNDARY = re.compile(
    r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\s*\n[ \t]*\n\s*"
)
_ENUMERATOR = re.compile(r"\s*(?:[-*+]\s+)?(?:\d{1,3}|[A-Za-z])[.)]")
_ABBREV = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|Sr|Jr|St|Mt|vs|etc|Inc|Ltd|Co|Corp|No|Fig|al|approx)"
    r"|\b[A-Z]|\b(?:e\.g|i\.e|U\.S))\.$"
)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Character spans of the sentences in `text[start:end]`, whitespace trimmed.

    A blank line always ends a sentence (a heading above its paragraph, a byline).
    """
    end = len(text) if end is None else end
    spans = []
    cut = start
    for match in _BOUNDARY.finditer(text, start, end):
        if "\n" not in match.group() and (
            _ABBREV.search(text, max(start, match.start() - 12), match.start())
            or _ENUMERATOR.fullmatch(text, cut, match.start())  # "1. ImageNet"
        ):
            continue
        spans.append((cut, match.start()))
        cut = match.end()
    spans.append((cut, end))
    return [(a, b) for a, b in (_trim(text, a, b) for a, b in spans) if b > a]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _words(text: str) -> int:
    return len(text.split())


# --------------------------------------------------------------------------- chunking


def chunk(
    doc: Document, *, min_words: int = MIN_WORDS, max_words: int = MAX_WORDS
) -> list[Passage]:
    """Split a document into passages of whole sentences within one section.

    Each paragraph or list item is a passage of its own when it fits in `max_words`;
    a longer one is cut between sentences into near-equal parts. A piece shorter than
    `min_words` joins its neighbour in the same section when the two still fit.
    """
    text = doc.text
    pieces: list[_Block] = []
    for block in _blocks(doc):
        spans = sentence_spans(text, block.start, block.end)
        for group in _split_sentences(text, spans, max_words):
            pieces.append(_Block(block.section, group[0][0], group[-1][1], block.kind))

    merged: list[_Block] = []
    for piece in pieces:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.section == piece.section
            and prev.kind == piece.kind == "text"
            and (_words(text[prev.start : prev.end]) < min_words
                 or _words(text[piece.start : piece.end]) < min_words)
            and _words(text[prev.start : piece.end]) <= max_words
        ):
            prev.end = piece.end
        else:
            merged.append(piece)

    return [
        Passage(
            id=f"{doc.source}#{i}",
            title=doc.title,
            section=p.section,
            text=text[p.start : p.end],
            source=doc.source,
            start=p.start,
            end=p.end,
            kind=p.kind,
        )
        for i, p in enumerate(merged)
    ]


def _split_sentences(
    text: str, spans: list[tuple[int, int]], max_words: int
) -> list[list[tuple[int, int]]]:
    """Group consecutive sentences into near-equal parts of at most `max_words`."""
    counts = [_words(text[a:b]) for a, b in spans]
    total = sum(counts)
    parts = max(1, -(-total // max_words))
    target = total / parts
    groups: list[list[tuple[int, int]]] = [[]]
    size = 0
    for span, n in zip(spans, counts):
        if groups[-1] and (size + n > max_words or size >= target):
            groups.append([])
            size = 0
        groups[-1].append(span)
        size += n
    return groups


def chunk_corpus(
    docs: list[Document], *, min_words: int = MIN_WORDS, max_words: int = MAX_WORDS
) -> list[Passage]:
    """Chunk every document, in order."""
    return [p for doc in docs for p in chunk(doc, min_words=min_words, max_words=max_words)]
