"""Load documents from a folder and split them into citable passages.

A passage is a run of whole sentences from one section of one document, roughly
40-120 words, that knows its heading path and its character span in the source.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Iterator

from .documents import BYLINE_LABEL, Block, Document, Passage, is_markdown
from .errors import CorpusError
from .formats import (
    SUFFIXES, blocks_for, corpus_targets, describe_suffixes, is_document, load_document,
)
from .formats.prepare import CODE_SPAN, CONTAINER, autodoc_options, fenced_blocks
from .formats.tags import BLOCK_TAG, COMPONENT, component_words

log = logging.getLogger(__name__)

__all__ = [
    "BLANK_LINE", "BYLINE_LABEL", "CHUNKING_VERSION", "Document", "MAX_WORDS", "MIN_WORDS",
    "Passage", "SUFFIXES", "chunk", "chunk_corpus", "iter_files", "load_corpus", "quotable",
    "sentence_spans", "worded",
]

MIN_WORDS = 25  # shorter pieces (a byline, a one-line paragraph) join a neighbour
# A definition list's entry shorter than this is a label and a value ("‘CA’ Canada."), too
# short to be found or to answer alone: such entries one after another are read together.
# (At MIN_WORDS, whole glossary entries were joined too, and the question about one of
# them found the list, not the entry: session 40, docs/history.md.)
SHORT_SECTION_WORDS = MIN_WORDS // 2
MAX_WORDS = 120
CODE_MAX_WORDS = 4 * MAX_WORDS  # a code block is kept whole up to this size
# Bumped whenever the same file would give other passages (a new parser, a new rule).
CHUNKING_VERSION = 3  # 3: a nested list item stays with the item above it


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
        if path.is_file() and is_document(path):
            yield path


def read_document(path: Path, source: str) -> Document | None:
    """Decode one file; return None (after a one-line warning) when it is unusable."""
    return load_document(path, source)


def load_corpus(folder: str | Path) -> list[Document]:
    """Read every supported file under `folder` (recursively) into Documents."""
    root = Path(folder)
    if not root.is_dir():
        raise CorpusError(f"no corpus folder at {root} - pass --corpus DIR")
    docs = []
    files = {path.relative_to(root).as_posix(): path for path in iter_files(root)}
    targets = corpus_targets(files)  # what :ref:`label` and :doc:`page` show
    for source, path in files.items():
        doc = load_document(path, source, targets)
        if doc is not None:
            docs.append(doc)
    if not docs:
        raise CorpusError(f"no readable documents ({describe_suffixes()}) in {root}")
    return docs


def _blocks(doc: Document) -> list[Block]:
    """The document's blocks; a short unpunctuated first block before any heading is
    the byline (author, date...), unless it is the document's title: a Sphinx page of
    nothing but its title and `automodule` directives (SQLAlchemy's "Custom SQL
    Constructs and Compilation Extension") reads as its title alone, which states no
    author, and its capitals answered "What licence is PostGIS released under?"."""
    blocks = blocks_for(doc)
    first = blocks[0] if blocks else None
    if first is not None and not first.section and first.kind == "text":
        words = doc.text[first.start : first.end]
        if is_markdown(doc.source):  # as read: a MyST
            # `{versionadded} 6.0` fence is the sentence "Added in version 6.0."
            from .formats.clean import markdown_to_text

            words = markdown_to_text(words)
        if (_words(words) < MIN_WORDS and not words.rstrip().endswith((".", "!", "?", ":"))
                and " ".join(words.split()) != " ".join(doc.title.split())):
            first.kind = "byline"
    return blocks


# --------------------------------------------------------------------------- sentences

# A sentence ends at . ! or ? (and the quotes or brackets closing there, which stay in it)
# followed by space and an upper-case letter, digit, quote or a command-line option ("-s"),
# unless the dot closes a common abbreviation or an initial ("Dr.", "e.g.", "J."); it also
# ends at a blank line and before a line that opens a list item ("- x", "* x", "2. x"):
# reference pages list options one a line, often without a full stop ("`.url` - URL"),
# and an item is never the end of the sentence before it.
_BOUNDARY = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)])|(?<=[.!?][\"'”’)]{2}))\s+(?=[\"“‘(]?[A-Z0-9]|--?[A-Za-z])"
    r"|\s*\n[ \t]*\n\s*"
    r"|[ \t]*\n(?=[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S)"
    r"|[ \t]*\n(?=[ \t]*\|)|(?<=\|)[ \t]*\n"  # a table's rows are sentences of their own
    # ... and at a line break after a full stop before a line opening with a key, as a
    # YAML, TOML or INI file's commented settings run ("Default is 4 pages.\n  maxVarBytes:
    # The max size ..."): lower case, yet no sentence goes on from there (an ellipsis is no
    # full stop: a doctest's "...\nFrozenInstanceError: can't set" goes on).
    r"|(?P<key>(?<=[.!?])(?<!\.\.)[ \t]*\n)(?=[ \t]*[A-Za-z_][\w.-]*[ \t]*[:=][ \t\n])"
)
_COMMENT = re.compile(r"[ \t]*(?:#|//|/\*|\*|;|--)")  # a code comment's line
# ... and where an HTML block element of a Markdown file opens or closes ("</p><p>").
_TAGS = re.compile(r"(?:\s*" + BLOCK_TAG.pattern + r")+\s*", re.I)
# ... and around an MDX page's JSX component tag opening a line: one with words (a link
# card's title and description) is a sentence of its own, never cut inside; one without
# is no sentence. (Not one inside a line: "`jest.Mocked<Source>`" is code.)
_SPACE = re.compile(r"\s*")
_LINE_COMPONENT = re.compile(r"(?<![^\n])[ \t]*(" + COMPONENT.pattern + r")\s*")
# ... and around a line that is all bold, a README's run-in heading ("**Release Cadence**",
# "**NEWS:**", "**Note**:") over the paragraph it labels.
_BOLD_LINE = re.compile(r"^[ \t]*(\*\*|__)(?=\S)[^\n]*?\S\1:?(?=[ \t]*\n[ \t]*\S)", re.M)
_LINE_END = re.compile(r"[ \t]*\n[ \t]*")
# ... and after a MyST directive's opening line (```` ```{note} ````, `:::{tab} Linux`) and its
# `:option:` lines: its body's first sentence is prose, not a code fence.
_DIRECTIVE_OPEN = re.compile(
    r"^[ \t]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{[A-Za-z][\w.:+-]*\}[^\n]*(?:\n[ \t]*:[\w.+-]+:[^\n]*)*",
    re.M)
_LIST_MARK = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_NOTE = re.compile(r"\((?:[^\s().!?]+\s*){1,3}\)[.,;:]?")
# A list's or a numbered heading's or caption's number ends no sentence: "1. ImageNet",
# "5.11.2. Example", "Chapter 5. Data Definition", "Table 13.2. Conflicting Lock Modes".
_ENUMERATOR = re.compile(
    r"\s*(?:[-*+]\s+)?(?:[A-Z][a-z]+\s+)?(?:\d{1,3}(?:\.\d{1,3})*|[A-Za-z])[.)]")
_ABBREV = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|Sr|Jr|St|Mt|vs|etc|Inc|Ltd|Co|Corp|No|Fig|al|approx)"
    r"|\b[A-Z]|\b(?:[eE]\.g|[iI]\.e|U\.S|a\.k\.a))\.$"
)
# ... of which these never close a sentence, even where a line breaks after them.
_INNER_ABBREV = re.compile(r"\b(?:[eE]\.g|[iI]\.e|a\.k\.a|cf|vs)\.$")
# ... nor before a number the abbreviation counts: "(see canvas (p. 32))", "pp. 4-7",
# "Sec. 3", "ch. 2", "vol. 1", "eq. 5" (a manual's cross-references), or bounds:
# "max. 16 characters", "min. 2", "ca. 1900", "nr. 5".
_NUMBERED = re.compile(
    r"\b(?:pp?|[Ss]ecs?|[Cc]h|[Cc]hap|[Vv]ol|[Ee]qs?|[Aa]rt|[Pp]ara|[Mm]ax|[Mm]in|ca|[Nn]r)\.$")
# ... nor inside a link's or an image's text: an image's alt text of three sentences
# (pnpm's "![An illustration of the store. On the illustration ...](/img/store.svg)") is
# one, and cut apart its pieces would read with the link's syntax.
_INLINE_LINK = re.compile(r"!?\[[^\[\]\n]*\]\([^()\s]*\)")
# A command's option opening a line of its help text ("  -H, --hidden", "--color <when>"):
# its indent, then a short or long option. OPTION_RUN of them in a row, each described,
# make a list of options (`_option_entries`); fewer may be anything ("-rw-r--r-- 1 root").
_OPTION_LINE = re.compile(r"(?m)^[ \t]{0,8}(--?[A-Za-z0-9?][\w-]*)(?=[\s,=\[<]|$)")
_OPTION_GAP = re.compile(r"\S(?: {2,}|\t)[ \t]*\S")
OPTION_RUN = 3
# An option's entry of at most OPTION_WORDS words, its description's paragraphs and notes
# included, is one sentence: a long help text (`--help` of a clap or argparse command)
# writes each option's description in paragraphs under it, and its last paragraph
# ("[default: 3000]") says nothing without the option's name. Twice a passage's least
# (MIN_WORDS), a long sentence's length, set by that reading, not fitted (four corpora hold
# such help texts); a longer entry keeps its sentences, and a paragraph of notes in
# brackets alone ("[env: HOSTNAME=]\n[default: 0.0.0.0]") goes with the sentence before
# it. Session 84, all 327 question files: on delta's manual (new) the fact in one more
# answer ("[default: 3000]"), one fewer first and in the top three; on the 319 others
# every outcome as before but two of Thanos' ranks (one up, one down) and one more
# near-miss refused (bat's docs).
OPTION_WORDS = 2 * MIN_WORDS
BLANK_LINE = re.compile(r"\n[ \t]*\n")  # where a paragraph ends (answer.py too)
_BRACKET_NOTES = re.compile(r"(?:\[[A-Za-z][\w -]*:[^\]\n]*\][ \t]*\n?[ \t]*)+")


def sentence_spans(
    text: str, start: int = 0, end: int | None = None, *, tags: bool = True,
    markup: bool = True,
) -> list[tuple[int, int]]:
    """Character spans of the sentences in `text[start:end]`, whitespace trimmed.

    A blank line always ends a sentence (a heading above its paragraph, a byline), and
    so does a table's row, unless `tags` is False (code); in Markdown (`markup`) so do
    the tags of HTML block elements and a line all in bold. In text that is not Markdown
    (a PDF's, a Word file's, a page's as read), "enclose the text in <p></p> tags" is
    what the page says.
    """
    end = len(text) if end is None else end
    boundaries = list(_BOUNDARY.finditer(text, start, end))
    extra = []
    fenced = "```" in text[start:end] or "~~~" in text[start:end]
    fences = [(start + a, start + b) for a, b in fenced_blocks(text[start:end])] if fenced else []

    def in_code(at: int) -> bool:
        """Inside a fenced code block: `<div onClickCapture={() => {}}>` is code there."""
        return any(a < at < b for a, b in fences)

    if tags and markup and "<" in text[start:end]:
        # ... but not inside a Markdown table's row: "| `micro`<br>`patch` | 1.0.1 |"
        # and a cell's <ul><li> list leave the row one sentence.
        # ... nor inside a code span: "the contents of the `<div>` will not" is one,
        # nor in a fenced code block (React's JSX, an HTML example): the tags are code.
        extra += [m for m in _TAGS.finditer(text, start, end)
                  if ("\n" in m.group() or not _in_table_row(text, m.start()))
                  and not _in_code_span(text, m.start()) and not in_code(m.end() - 1)]
        worded_tags = []  # a JSX component's tag opening a line: a sentence of its own, or none
        for line in _LINE_COMPONENT.finditer(text, start, end):
            if in_code(line.start(1)):
                continue
            a, b = line.span(1)
            if component_words(line.group(1)):
                worded_tags.append((a, b))
                extra += [_SPACE.match(text, a), _SPACE.match(text, b)]
            else:
                extra.append(line)
        if worded_tags:
            boundaries = [m for m in boundaries
                          if not any(a < m.start() < b for a, b in worded_tags)]
    if tags and markup and ("**" in text[start:end] or "__" in text[start:end]):
        for m in _BOLD_LINE.finditer(text, start, end):
            extra.append(_LINE_END.match(text, m.end()))
            above = text.rfind("\n", start, m.start())  # the line break before it, if any
            if above >= 0 and not text[above:m.start()].strip():
                extra.append(_LINE_END.match(text, above))
    if tags and " | " in text[start:end]:
        extra += _row_ends(text, start, end)
    options: list[tuple[int, int]] = []  # the lines of a help text's options, if any
    whole: list[tuple[int, int]] = []  # ... and its entries short enough to be one sentence
    long: list[tuple[int, int]] = []  # ... and the others
    if _OPTION_LINE.search(text, start, end):
        breaks, options, entries = _option_entries(text, start, end)
        extra += breaks
        for a, b in entries:
            (whole if _words(text[a:b]) <= OPTION_WORDS else long).append((a, b))
    if "{" in text[start:end]:  # a MyST directive's opening line: markup, not its body's words
        from .formats.myst import is_directive

        extra += [m for m in (_LINE_END.match(text, d.end())
                              for d in _DIRECTIVE_OPEN.finditer(text, start, end)
                              if is_directive(d.group())) if m]
    # ... and around a fenced code block: a paragraph's line right above its opening
    # fence or right under its closing one (no blank line between) is not code.
    for a, b in fences:
        if a > start:
            extra.append(_LINE_END.match(text, a - 1))
        if b < end:
            extra.append(_LINE_END.match(text, b))
    if extra:
        boundaries = sorted(boundaries + extra, key=lambda m: m.start())
    links = [m.span() for m in _INLINE_LINK.finditer(text, start, end)] if "](" in text[start:end] else []
    tables = "|" in text[start:end]
    spans = []
    cut = start
    for match in boundaries:
        if match.start() < cut:  # overlaps the boundary just taken: one boundary
            cut = max(cut, match.end())
            continue
        if (match.re is _BOUNDARY and options and match.group().count("\n") <= 1
                and any(a < match.start() <= b for a, b in options)):
            continue  # "-x, --exec <cmd>...   Execute a command": an option's line goes on
        if match.re is _BOUNDARY and whole and any(a < match.start() < b for a, b in whole):
            continue  # a short option's entry is one sentence
        if (match.re is _BOUNDARY and long and any(a < match.start() < b for a, b in long)
                and _BRACKET_NOTES.fullmatch(
                    text, match.end(), _paragraph_end(text, match.end(), end))):
            continue  # "... see `--wrap-max-lines`.\n\n[default: 3000]": one sentence
        if match.re is _BOUNDARY and (
            # "by e.g.\n`--metadata=pdfa` or ..." (a wrapped line): these never end one
            match.group().count("\n") == 1
            and _INNER_ABBREV.search(text, max(start, match.start() - 12), match.start())
            and not _LIST_MARK.match(text, match.end()) and not text.startswith("|", match.end())
        ):
            continue
        if match.re is _BOUNDARY and ("\n" not in match.group() or match["key"]) and (
            _ABBREV.search(text, max(start, match.start() - 12), match.start())
            or _ENUMERATOR.fullmatch(text, cut, match.start())  # "1. ImageNet"
            or (text[match.end():match.end() + 1].isdigit()
                and _NUMBERED.search(text, max(start, match.start() - 6), match.start()))
            or any(a < match.start() < b for a, b in links)
            or (tables and _in_any_row(text, match.start(), start, end))
            # a comment's line describes the setting under it: one sentence with it
            or (match["key"] and _COMMENT.match(
                text, text.rfind("\n", start, match.start()) + 1 or start))
        ):
            continue
        spans.append((cut, match.start()))
        cut = match.end()
    spans.append((cut, end))
    out: list[tuple[int, int]] = []
    for a, b in (_trim(text, a, b) for a, b in spans):
        if b <= a:
            continue
        # "allow. (Default 100)": a short bracketed note after a sentence, on its line or the
        # next, is part of it (a list item's default value), not a sentence of its own.
        if out and _NOTE.fullmatch(text, a, b) and text.count("\n", out[-1][1], a) <= 1:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    # A table's |---| row or a rule is no sentence (unless there is nothing else).
    worded = [(a, b) for a, b in out if any(ch.isalnum() for ch in text[a:b])]
    return worded or out


def worded(passage: Passage, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences (`spans` of `passage.text`) that say something once read (all of
    them when none does): a line that is a Hugo shortcode (`{{< code-toggle />}}`) or an
    HTML comment has no words to quote, and a vector of its syntax would match questions
    for its passage."""
    kept = [(a, b) for a, b in spans if passage.says_at(passage.text, a, b)]
    return kept or spans


def quotable(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences (`spans` of `text`) that can be quoted: all of them but a MyST
    directive's opening line that reads as its label alone ("Note", a tab's "Windows"),
    which names what follows and says nothing itself (a version note's line, "Changed in
    version 23.3.", is a sentence), and the option lines of an API-reference directive
    (`members:` and its `- PLUGIN_NAME` under `::: x.Y`), which its page never shows."""
    options = autodoc_options(text)
    kept = [(a, b) for a, b in spans if not _label_only(text[a:b])
            and not any(x <= a and b <= y for x, y in options)]
    return kept or spans


def _label_only(sentence: str) -> bool:
    from .formats.myst import directive, is_directive

    if not (_DIRECTIVE_OPEN.fullmatch(sentence) and is_directive(sentence)):
        return False
    found = directive(sentence.split("\n", 1)[0].strip().lstrip("`~:"), "")
    return found is not None and found.kind != "version"


def _line_at(text: str, at: int) -> tuple[str, int]:
    """The line of `text` that position `at` is on, and where that line starts."""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    return text[line_start : line_end if line_end >= 0 else len(text)], line_start


def _in_code_span(text: str, at: int) -> bool:
    """Whether position `at` lies inside an inline code span (`` `<div>` ``) of its line."""
    line, line_start = _line_at(text, at)
    return any(m.start() < at - line_start < m.end() for m in CODE_SPAN.finditer(line))


def _in_table_row(text: str, at: int) -> bool:
    """Whether position `at` is on a line of a Markdown table ("| a | b |")."""
    line = _line_at(text, at)[0].strip()
    return line.startswith("|") and line.count("|") >= 2


def _in_any_row(text: str, at: int, start: int, end: int) -> bool:
    """Whether position `at` is inside a table's row, "| a | b |" or "a | b" next to
    another such row: a row is one sentence, its cells' full stops end none ("| `dirs
    next` | Makes the next directory active. If it is the last, cycle to the start. |"
    cut after "active." leaves the row's second half without the name it describes)."""
    if _in_table_row(text, at):
        return True
    line, line_start = _line_at(text, at)
    if " | " not in line:
        return False
    line_end = line_start + len(line)
    above = _line_at(text, line_start - 1)[0] if line_start - 1 >= start else ""
    below = _line_at(text, line_end + 1)[0] if line_end + 1 < end else ""
    return " | " in above or " | " in below


def _row_ends(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Line breaks between two rows of a table written "cell | cell" (RST and HTML tables
    as their loaders write them, a Markdown table without outer pipes): each row is a
    sentence of its own, as a Markdown table's "| a | b |" rows are."""
    out = []
    for m in _LINE_END.finditer(text, start, end):
        above = text[max(start, text.rfind("\n", start, m.start()) + 1) : m.start()]
        below_end = text.find("\n", m.end(), end)
        below = text[m.end() : below_end if below_end >= 0 else end]
        if " | " in above and " | " in below:
            out.append(m)
    return out


def _option_entries(
    text: str, start: int, end: int,
) -> tuple[list[re.Match[str]], list[tuple[int, int]], list[tuple[int, int]]]:
    """The line breaks before each option of a command's help text but the first, the
    lines the options open, and each option's entry (its line to its description's last),
    as `--help` prints it in a code block or a man page's text lists it ("  -H, --hidden
    Search hidden files"): each option, with the lines its description wraps onto, is a
    sentence of its own or more, as a list item is. Only where OPTION_RUN options or more
    follow one another, each with its description (after two spaces or more, or indented
    on the lines under it); anything else at or left of the first option's indent ends
    the run."""
    lines = []
    a = start
    while a <= end:
        b = text.find("\n", a, end)
        b = end if b < 0 else b
        lines.append((a, b))
        a = b + 1
    runs: list[list[tuple[int, int]]] = [[]]
    ends: list[list[int]] = [[]]  # where each option's entry ends, by run
    indent = 0
    for i, (a, b) in enumerate(lines):
        line = text[a:b]
        lead = len(line) - len(line.lstrip(" \t"))
        if _is_option(text, lines, i):
            if not runs[-1]:
                indent = lead
            runs[-1].append((a, b))
            ends[-1].append(b)
        elif line.strip() and not (runs[-1] and lead > indent):
            runs.append([])  # not a wrapped description: the run ends here
            ends.append([])
        elif line.strip() and runs[-1]:
            ends[-1][-1] = b
    breaks, heads, entries = [], [], []
    for run, run_ends in zip(runs, ends):
        if len(run) < OPTION_RUN:
            continue
        heads += run
        entries += [(a, e) for (a, _), e in zip(run, run_ends)]
        for a, _ in run[1:]:
            ws = a - 1
            while ws > start and text[ws - 1] in " \t":
                ws -= 1
            breaks.append(_LINE_END.match(text, ws))
    return breaks, heads, entries


def _paragraph_end(text: str, at: int, end: int) -> int:
    """Where the paragraph opening at `at` ends: its blank line, or `end`."""
    m = BLANK_LINE.search(text, at, end)
    return m.start() if m else end


def _is_option(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """Whether line `i` opens an option's entry: the option, then its description after a
    gap on the line or on the more indented line under it."""
    a, b = lines[i]
    m = _OPTION_LINE.match(text, a, b)
    if m is None:
        return False
    if _OPTION_GAP.search(text, m.end() - 1, b):  # from the option's last character
        return True
    if i + 1 == len(lines):
        return False
    below = text[lines[i + 1][0] : lines[i + 1][1]]
    return (bool(below.strip()) and not _OPTION_LINE.match(below)
            and len(below) - len(below.lstrip(" \t")) > m.start(1) - a)


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
    a longer one is cut between sentences into near-equal parts. A code block is kept
    whole (up to CODE_MAX_WORDS, then cut between lines); a table is cut between rows. A
    piece shorter than `min_words`, or a list item nested under the piece before it, joins
    its neighbour in the same section when the two still fit; a byline stays alone.
    """
    text = doc.text
    pieces: list[Block] = []
    for block in _blocks(doc):
        if block.kind in ("code", "table"):
            units = _line_spans(text, block.start, block.end)
            limit = CODE_MAX_WORDS if block.kind == "code" else max_words
            groups = [units] if _words(text[block.start : block.end]) <= limit else (
                _split_sentences(text, _whole_entries(text, units, block.start, block.end),
                                 max_words))
        else:
            spans = sentence_spans(text, block.start, block.end, markup=is_markdown(doc.source))
            groups = _split_sentences(text, spans, max_words)
        for group in groups:
            if group:
                pieces.append(Block(block.section, group[0][0], group[-1][1], block.kind,
                                    block.term))

    merged: list[Block] = []
    if not is_markdown(doc.source):
        pieces = _gather_short_sections(text, pieces)
    for n, piece in enumerate(pieces):
        prev = merged[-1] if merged else None
        # An admonition's or a tab's opening line joins its body, not the piece before it,
        # when the three do not fit in one passage.
        labels = _labels(text, piece) and n + 1 < len(pieces) and \
            pieces[n + 1].section == piece.section and prev is not None and \
            _words(text[prev.start : pieces[n + 1].end]) > max_words
        if (
            prev is not None
            and prev.section == piece.section
            and "byline" not in (prev.kind, piece.kind)
            and (_words(text[prev.start : prev.end]) < min_words
                 or (_words(text[piece.start : piece.end]) < min_words and not labels)
                 or _nested_item(text, piece))
            and _words(text[prev.start : piece.end]) <= max_words
        ):
            prev.end = piece.end
            prev.kind = "text" if "text" in (prev.kind, piece.kind) else prev.kind
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
            page=doc.page_at(p.start),
        )
        for i, p in enumerate(merged)
    ]


def _labels(text: str, piece: Block) -> bool:
    """Whether a piece of prose labels what comes after it: an admonition's or a content
    tab's opening line (`!!! tip`, `=== "Bash"`), whose body is the next piece. (A line
    ending in a colon, "For example:", is not taken for one: on eval/ that put the fact
    in 7 fewer answers, docs/history.md, session 55.)"""
    said = text[piece.start : piece.end].rstrip()
    return piece.kind == "text" and "\n" not in said and bool(CONTAINER.match(said))


def _gather_short_sections(text: str, pieces: list[Block]) -> list[Block]:
    """`pieces`, where a definition list's entries too short to stand alone
    (SHORT_SECTION_WORDS) follow each other under one parent heading (a list of codes'
    terms, "‘CA’ Canada.", "‘CC’ Cocos (Keeling) Islands."; an API's "Parameters:" and
    "Return type:"), as pieces of the parent's section: the chunker then joins them into
    passages as it joins short paragraphs, up to the passage size. Each keeps its term's
    words, which open its text. (Short sections under real headings keep their names: a
    citation shows them. In a Markdown file a definition's `: ` mark reads as syntax only
    under its own term, so there the entries stay apart.)"""
    runs: list[list[Block]] = []  # pieces of one section, in order
    for piece in pieces:
        if runs and runs[-1][0].section == piece.section:
            runs[-1].append(piece)
        else:
            runs.append([piece])

    def parent(run: list[Block]) -> str | None:
        """The parent heading of a short section's run; None for any other run."""
        if (not run[0].term or any(p.kind == "byline" for p in run)
                or _words(text[run[0].start : run[-1].end]) >= SHORT_SECTION_WORDS):
            return None
        return run[0].section.rpartition(" > ")[0]

    parents = [parent(run) for run in runs]
    out: list[Block] = []
    for i, run in enumerate(runs):
        mine = parents[i]
        if mine is not None and mine in parents[max(0, i - 1) : i] + parents[i + 1 : i + 2]:
            out += [Block(mine, p.start, p.end, p.kind) for p in run]
        else:
            out += run
    return out


def _nested_item(text: str, piece: Block) -> bool:
    """Whether `piece` opens a list item indented under another ("* `.elapsed` - timedelta"
    then "  * The amount of time..."): it stays with the item above when the two fit."""
    line = text.rfind("\n", 0, piece.start) + 1
    indent = text[line : piece.start]
    return (piece.kind == "text" and len(indent) >= 2 and not indent.strip()
            and _LIST_MARK.match(text, piece.start) is not None)


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the non-blank lines in `text[start:end]`, trailing spaces trimmed."""
    spans, pos = [], start
    for line in text[start:end].split("\n"):
        a, b = _trim(text, pos, pos + len(line))
        if b > a:
            spans.append((a, b))
        pos += len(line) + 1
    return spans


def _whole_entries(
    text: str, units: list[tuple[int, int]], start: int, end: int,
) -> list[tuple[int, int]]:
    """`units` (the lines of a code block too long to keep whole) with the lines of each
    option's entry of at most OPTION_WORDS words in a help text joined: the block is cut
    between options, not inside one (delta's `--help`, "[default: 3000]" otherwise opening
    the next passage without its option)."""
    if not _OPTION_LINE.search(text, start, end):
        return units
    entries = [(a, b) for a, b in _option_entries(text, start, end)[2]
               if _words(text[a:b]) <= OPTION_WORDS]
    out: list[tuple[int, int]] = []
    for a, b in units:
        if out and any(x <= out[-1][0] and b <= y for x, y in entries):
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


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
