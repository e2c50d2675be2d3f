"""Plain text (.txt): paragraphs between blank lines, or one a line when there are none.

A text laid out for print (an RFC, a manual kept as text) is read as its pages show it:

- pages are parted by form feeds; a line that opens or closes most pages (a running
  header "RFC 3986  URI Generic Syntax  January 2005", a footer "Berners-Lee  [Page 5]",
  its numbers aside) is no text, and a paragraph a page break cut ("with many" /
  "applications that use ...") reads whole again;
- a one-line paragraph numbered as a section ("3.2.2.  Host", "A.1 global.h",
  "Appendix B.  Parsing ...") heads a section of that depth, and so does a short line at
  the margin when the text around it is indented ("Security Considerations"); a table of
  contents under its heading is left out, as in other formats;
- a short line ruled under ("1. Prerequisites" over "----------------", as a manual kept
  as text writes it, HAProxy's) or over (a help file's "=====" before "*12.4* Reverse
  line order") heads a section: numbered, of its number's depth, else of the depth its
  rule's character first stood for (as reStructuredText does), its label set off by
  spaces or not ("A.    Testing with the arena", "0-a     Option files.": Dungeon
  Crawl's docs); a numbered line in capitals with its section's text indented under it
  ("1. ASSETS TO PROTECT") heads it; rules framing the title ("----" / "HAProxy
  Management Guide" / "----") are no text;
- a paragraph laid out in columns (most of its lines hold a run of three spaces or are
  mostly symbols: ASCII art, a grammar, a table) or set in from the text around it
  with no line ending as written text does (an example) keeps its lines, as code does.

Such a text is rebuilt through a TextBuilder, so its blocks' spans are into the text read,
not the file. A text with neither pages nor numbered sections is read as written.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..documents import Block, Document
from .builder import TextBuilder
from .markdown import stem

# "3.2.2.  Host", "4.1.1. Header section format", "A.1 global.h", "Appendix B.  Title",
# "1 Introduction"; a letter alone numbers a section only with a dot ("A great many" is
# no heading), a number alone only before a capital ("2 eggs" is none).
_NUMBERED = re.compile(
    r"(?:Appendix\s+)?(\d+\.(?:\d+\.?)*|\d+(?=\s+[A-Z])|[A-Z](?:\.\d+)+\.?|[A-Z]\.)\s+(?=\S)(.+)")
_GAP = re.compile(r"\S {3,}\S")  # a run of spaces inside a line: columns
# A section's label set off from its words by spaces, as Dungeon Crawl's docs write them
# ("A.    Testing with the arena", "0-e     Aliases", "1-  Starting Screen.", "Part I:
# INTRODUCTION"): the spaces after it are no columns, and a full stop ends the words of
# such a heading as well as a sentence.
_LABEL = re.compile(r"(?:(?:Part|Chapter|Section|Appendix)\s+(?:[IVXLC]+|\d+)[.:]?"
                    r"|\d{1,3}(?:[.-][\da-z]{1,3})+[.):-]?|\d{1,3}[.):-]|[A-Z][.)])[ \t]{2,}(?=\S)")
_RULE = re.compile(r"([-=*~^#_+])\1{2,}")  # a line of one character: "-----", "====="
HEADING_CHARS = 80  # a heading is one line of at most this many characters
MIN_HEADINGS = 3  # numbered headings that make a text one with sections
# A line that opens or closes this share of the pages (at least 2) is a running line.
RUNNING_SHARE = 0.5


def _spaced(words: str) -> bool:
    """Whether a line's words hold a run of spaces (`_GAP`) after any label (`_LABEL`)."""
    label = _LABEL.match(words)
    return bool(_GAP.search(words[label.end():] if label else words))


def title(text: str, path: Path | str) -> str:
    """A short first line without a final full stop names the file; else the file name.

    A first line in two columns ("Network Working Group        R. Rivest", a memo's
    header block) names nothing: the title is then the first centred line under it. Nor
    does a first line whose sentence runs on, the next line going on in lower case: it
    opens the first paragraph (Irssi's capsicum.txt, "Capsicum is a lightweight OS
    capability and sandbox framework provided" / "by FreeBSD. ...").
    """
    written = text.split("\n")
    lines = [line for line in written if not _RULE.fullmatch(line.strip())]
    at = next((i for i, line in enumerate(written)
               if line.strip() and not _RULE.fullmatch(line.strip())), None)
    first = written[at].strip() if at is not None else ""
    if at is not None and at + 1 < len(written) and written[at + 1].strip()[:1].islower():
        return stem(path)
    if _spaced(first):
        width = max(len(line.rstrip()) for line in lines[:60])
        for line in lines[:60]:
            words, lead = line.strip(), len(line) - len(line.lstrip())
            right = width - lead - len(words)
            if 3 <= len(words) <= 120 and lead >= 8 and abs(lead - right) <= 6 \
                    and not _GAP.search(words) and not words.endswith("."):
                return words
        return stem(path)
    if 0 < len(first) <= 120 and not first.endswith("."):
        return " ".join(first.split())  # "A.    Testing with the arena": its words
    return stem(path)


def load(path: Path, source: str, text: str) -> Document:
    """A plain-text file's Document."""
    name = title(text, path)
    paragraphs = _split_headings(_paragraphs(text))
    numbered = sum(1 for p in paragraphs if _heading(p, 0) is not None)
    ruled = [r for r in (_ruled(lines) for lines, _ in paragraphs) if r is not None]
    if "\f" in text or numbered >= MIN_HEADINGS or any(words != name for _, words in ruled):
        # the kinds of rule headings have, in the order the text first uses them
        return _laid_out(paragraphs, source, name, list(dict.fromkeys(k for k, _ in ruled)))
    doc = Document(title=name, source=source, text=text)
    return Document(doc.title, source, text, blocks=tuple(blocks(doc)))


def blocks(doc: Document) -> list[Block]:
    """Paragraphs (one per line when the file has no blank line); the title line, and
    rules framing it, open none."""
    text = doc.text
    one_per_line = "\n\n" not in text.strip()
    out: list[Block] = []
    current: Block | None = None
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not out and current is None and (" ".join(stripped.split()) == doc.title
                                            or _RULE.fullmatch(stripped)):
            continue  # the title line, and rules framing it
        if not stripped:
            current = None
            continue
        lead = len(line) - len(line.lstrip())
        tail = len(line) - len(line.rstrip())
        if current is None or one_per_line:
            current = Block("", start + lead, end - tail)
            out.append(current)
        else:
            current.end = end - tail
    return out


# A paragraph: its lines as written and the page it starts on (0 without pages).
_Paragraph = tuple[list[str], int]


def _paragraphs(text: str) -> list[_Paragraph]:
    """The text's paragraphs, running lines left out and those a page break cut joined."""
    pages = [page.split("\n") for page in text.split("\f")]
    edges = [_edges(lines) for lines in pages]
    running = _running(pages, edges)
    out: list[_Paragraph] = []
    for number, lines in enumerate(pages):
        current: list[str] = []
        first = True  # the page's first paragraph may continue the last page's
        for i, line in enumerate(lines + [""]):
            if line.strip() and not (i in edges[number] and _mask(line) in running):
                current.append(line.rstrip())
                continue
            if not current:
                continue
            if first and out and number and _continues(out[-1][0], current):
                out[-1][0].extend(current)
            else:
                out.append((current, number))
            current, first = [], False
    return out


def _edges(lines: list[str]) -> set[int]:
    """Positions of a page's first and last lines with words."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return set(filled[:1] + filled[-1:])


def _mask(line: str) -> str:
    """A line as repeated from page to page: numbers aside, spaces made one."""
    return " ".join(re.sub(r"\d+", "#", line).split())


def _running(pages: list[list[str]], edges: list[set[int]]) -> set[str]:
    """Lines (masked) that open or close at least RUNNING_SHARE of the pages, and two;
    `edges` holds each page's first and last lines with words (`_edges`)."""
    seen = Counter(m for lines, ends in zip(pages, edges) for m in {_mask(lines[i]) for i in ends})
    return {m for m, n in seen.items() if n >= max(2, RUNNING_SHARE * len(pages))}


def _continues(before: list[str], after: list[str]) -> bool:
    """Whether a page's first paragraph goes on with the last one before the break: that
    one ends without a sentence's end and is no numbered heading at a page's foot, and
    this one opens in lower case."""
    last, first = before[-1].rstrip(), after[0].strip()
    heading = len(before) == 1 and _NUMBERED.fullmatch(last.strip()) is not None
    return not heading and last[-1:] not in ".:;!?" and first[:1].islower()


def _heading(paragraph: _Paragraph, indent: int,
             rules: list[str] | None = None) -> tuple[int, str] | None:
    """(level, name) when a paragraph is a section's heading: one short line, numbered
    ("3.2.2.  Host": level 3), or, when the text around is indented by `indent`, at the
    margin without a sentence's end ("Security Considerations": level 1); or a short line
    ruled under or over (`_ruled`), numbered of its number's depth, else of the place of
    its rule in `rules` (the rules' kinds in the order the text first uses them; level 1
    when not given)."""
    lines = paragraph[0]
    ruled = _ruled(lines)
    if ruled is not None:
        kind, words = ruled
        match = _NUMBERED.fullmatch(words)
        if match and any(c.isalpha() for c in match.group(2)):
            return match.group(1).rstrip(".").count(".") + 1, words
        return (rules.index(kind) + 1 if rules and kind in rules else 1), words
    line = lines[0]
    words = line.strip()
    if len(lines) != 1 or len(words) > HEADING_CHARS or words[-1] in ".,;" or _spaced(words):
        return None
    lead = len(line) - len(line.lstrip())
    match = _NUMBERED.fullmatch(words)
    if match and (lead == 0 or lead < indent) and any(c.isalpha() for c in match.group(2)):
        return match.group(1).rstrip(".").count(".") + 1, words
    if indent >= 2 and lead == 0 and words[:1].isupper():
        return 1, words
    return None


def _ruled(lines: list[str]) -> tuple[str, str] | None:
    """(the rule's kind, the words) when a paragraph is a short line with a rule under it
    at least half its length ("Prerequisites" / "-------------"), over it ("=====" /
    "*12.4* Reverse line order"), or both; the kind is the rule's character (twice for
    both), and "over" before it for a rule over the line alone."""
    if len(lines) not in (2, 3):
        return None
    rule = [bool(_RULE.fullmatch(line.strip())) for line in lines]
    if rule in ([False, True], [True, False, True]):
        words, under = lines[-2].strip(), lines[-1].strip()
        if len(under) < len(words) / 2:
            return None
        kind = under[0] * (len(lines) - 1)  # ruled under and over: a kind of its own
    elif rule == [True, False]:
        words, kind = lines[1].strip(), "over" + lines[0].strip()[0]
    else:
        return None
    if _spaced(words) or words[:1] in "|+" or not any(c.isalpha() for c in words):
        return None  # a row of a box drawn in text ("|  Local Medium  |  Internet  |")
    labelled = _LABEL.match(words) is not None
    words = " ".join(words.split())
    if len(words) > HEADING_CHARS or words[-1] in (",;" if labelled else ".,;"):
        return None
    return kind, words


def _split_headings(paragraphs: list[_Paragraph]) -> list[_Paragraph]:
    """A numbered line in capitals at the margin with its section's text indented under
    it ("1. ASSETS TO PROTECT" / "   HAProxy sits on ...") is a heading and a paragraph."""
    out: list[_Paragraph] = []
    for lines, page in paragraphs:
        first = lines[0]
        match = _NUMBERED.fullmatch(first) if len(lines) > 1 and first[:1].strip() else None
        if match and match.group(2).isupper() and len(first) <= HEADING_CHARS \
                and all(line[:1] == " " for line in lines[1:]):
            out += [([first], page), (lines[1:], page)]
        else:
            out.append((lines, page))
    return out


def _body_indent(paragraphs: list[_Paragraph]) -> int:
    """How far the text's prose is indented, most often: its paragraphs of several lines
    that end a sentence and are not laid out in columns (code at the margin aside)."""
    leads = Counter(len(lines[0]) - len(lines[0].lstrip()) for lines, _ in paragraphs
                    if len(lines) > 1 and lines[-1].endswith(".") and not _columns(lines))
    return leads.most_common(1)[0][0] if leads else 0


def _columns(lines: list[str]) -> bool:
    """Whether a paragraph is laid out rather than written: most of its lines hold a run
    of three spaces (columns, a grammar's aligned rules) or are mostly symbols (a
    figure's boxes and arrows)."""
    def laid(line: str) -> bool:
        ink = line.replace(" ", "")
        symbols = sum(1 for c in ink if not c.isalnum())
        return bool(_GAP.search(line.strip())) or (bool(ink) and symbols >= 0.4 * len(ink))

    return len(lines) > 1 and 2 * sum(map(laid, lines)) >= len(lines)


def _indented(lines: list[str], indent: int) -> bool:
    """Whether a paragraph is set in from the text around it, every line by three spaces
    or more, and none of its lines ends as written text does (with a full stop or a
    comma): an example (a request, a grammar's rules), not a note set in."""
    return len(lines) > 1 and all(
        len(x) - len(x.lstrip()) >= indent + 3 and not x.endswith((".", ",")) for x in lines)


# A line a compound's hyphen ends ("percent-" / "encoded", "|Sec-WebSocket-" / "Version|")
# goes on in the next with no space: text laid out for print breaks lines there.
_HYPHEN_BREAK = re.compile(r"(?<=[A-Za-z])-\n[ \t]*(?=[A-Za-z0-9|])")


def _laid_out(paragraphs: list[_Paragraph], source: str, name: str,
              rules: list[str]) -> Document:
    """The text rebuilt paragraph by paragraph; `rules` are the kinds of rule headings
    have (`_ruled`), in the order the text first uses them."""
    builder = TextBuilder(name, guessed_headings=True)
    indent = _body_indent(paragraphs)
    page, titled = -1, False
    for paragraph in paragraphs:
        lines, number = paragraph
        while page < number:
            builder.new_page()
            page += 1
        if not page and not titled and name in (" ".join(line.split()) for line in lines):
            # the title line opens no paragraph, nor do rules framing it; what is set
            # with it ("version 3.5") is text
            titled = True
            rest = [line.strip() for line in lines
                    if " ".join(line.split()) != name and not _RULE.fullmatch(line.strip())]
            if rest:
                builder.block("\n".join(rest))
            continue
        heading = _heading(paragraph, indent, rules)
        if heading is not None:
            builder.heading(heading[0] + 1, heading[1])  # level 1 is the title's
        elif _columns(lines) or _indented(lines, indent):
            margin = min(len(line) - len(line.lstrip()) for line in lines)
            builder.block("\n".join(line[margin:] for line in lines), "code")
        else:
            builder.block(_HYPHEN_BREAK.sub("-", "\n".join(lines)))
    return builder.document(source, name, {})
