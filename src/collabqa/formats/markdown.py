"""Markdown (.md, .markdown, .mdx) parsed with markdown-it-py (CommonMark + GitHub tables).

Blocks come from the parser's line map, so every span is exact into the document's text.
Front matter (YAML `---` or TOML `+++` at the top) is metadata, never passage text; its
`title` names the document. A site's home page is the exception: what its layout shows of
its front matter (VitePress' and Starlight's hero, the feature cards) is read, written out
as Markdown in the front matter's place (`home_page`). Code fences are blocks of their own
and never headings.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

from ..documents import Block, Document
from .builder import TERM_LEVEL, Outline
from .clean import inline_text, markdown_inline, only_images, parser, rst_text
from .myst import SILENT, directive, is_myst, myst_parser
from .prepare import CONTAINER, site_syntax
from .tags import BLOCK_ELEMENTS, COMPONENT, component_words, strip_tags

_FRONT_MATTER = re.compile(
    r"\A(?:---[ \t]*\n(?P<yaml>(?:.*\n)*?)(?:---|\.\.\.)|\+\+\+[ \t]*\n(?P<toml>(?:.*\n)*?)\+\+\+)"
    r"[ \t]*(?:\n|\Z)"
)
_KEY_LINE = re.compile(r"^([\w][\w .-]*?)\s*[:=]\s*(.*)$")
_HTML_H1 = re.compile(r"<h1(?:\s[^>]*)?>(.*?)</h1\s*>", re.I | re.S)
_ATX = re.compile(r"[ \t]*#{1,6}(?:[ \t]+|$)")
_SETEXT = re.compile(r"\A[ \t]*(?:=+|-+)[ \t]*(?:\n|\Z)")
_DEFINITION = re.compile(r"\A[ \t]*[:~][ \t]+(?=\S)")
_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")


def front_matter(text: str) -> tuple[dict[str, Any], int]:
    """Metadata from front matter at the top of `text`, and where the body starts (0: none).

    Only a block whose first line reads like `key: value` counts: a thematic break
    (`---`) opening an ordinary document is left alone.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, 0
    body = match.group("yaml") if match.group("yaml") is not None else match.group("toml")
    first = next((ln for ln in body.split("\n") if ln.strip() and not ln.startswith("#")), "")
    if body.strip() and not _KEY_LINE.match(first):
        return {}, 0
    data = _parse_yaml(body) if match.group("yaml") is not None else _parse_toml(body)
    return data, match.end()


def _parse_yaml(body: str) -> dict[str, Any]:
    try:
        import yaml

        data = yaml.safe_load(body)
    except Exception:  # noqa: BLE001 - PyYAML missing or malformed YAML: read key: value
        data = None
    return data if isinstance(data, dict) else _key_values(body)


def _parse_toml(body: str) -> dict[str, Any]:
    try:
        import tomllib

        return tomllib.loads(body)
    except Exception:  # noqa: BLE001 - Python 3.10 or malformed TOML: read key = value
        return _key_values(body)


def _key_values(body: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for line in body.split("\n"):
        match = _KEY_LINE.match(line)
        if match and not line[0].isspace():
            data[match.group(1).strip()] = match.group(2).strip().strip("\"'")
    return data


# A value that would open a Markdown block of its own (a heading, a list item, a quote).
_BLOCK_OPENING = re.compile(r"^(?:(?=[#>*+-])|(\d+)(?=[.)](?:\s|$)))")


def home_page(metadata: dict[str, Any]) -> tuple[str, str]:
    """What a home page's layout shows of its front matter, as Markdown, and the name its
    hero gives the site (or "", ""). VitePress' `layout: home`, VuePress' `home: true`
    and Starlight's `template: splash` pages keep their words there: the hero's name, text
    (Starlight: title) and tagline, as a paragraph ("asdf: The Multiple Runtime Version
    Manager. Manage all your runtime versions with one tool!"), and each feature card's
    title and details, as `- **Title**: details` items. Buttons, images and icons show no
    words to read."""
    hero = metadata.get("hero")
    hero = hero if isinstance(hero, dict) else {}
    if metadata.get("home") is True:  # VuePress 1: `home: true`, `heroText`, `tagline`
        hero = {"name": metadata.get("heroText"), "tagline": metadata.get("tagline"), **hero}
    features = metadata.get("features")
    features = features if isinstance(features, list) else []

    def words(value: Any) -> str:
        return " ".join(value.split()) if isinstance(value, str) else ""

    name = words(hero.get("name"))
    heading = words(hero.get("text")) or words(hero.get("title"))
    lead = f"{name}: {heading}" if name and heading else name or heading
    # One paragraph, each line a sentence: alone, a short line without a stop would read
    # as a byline (an author's name), which the hero's words are not.
    said = " ".join(line if line.endswith((".", "!", "?")) else line + "."
                    for line in (lead, words(hero.get("tagline"))) if line)
    parts = [_BLOCK_OPENING.sub(lambda m: (m.group(1) or "") + "\\", said)] if said else []
    cards = []
    for card in features:
        if not isinstance(card, dict):
            continue
        title, details = words(card.get("title")), words(card.get("details"))
        if title and details:
            cards.append(f"- **{title}**: {details}")
        elif title or details:
            cards.append(f"- {title or details}")
    if cards:
        parts.append("\n".join(cards))
    return "\n\n".join(parts), name


def load(path: Path, source: str, text: str) -> Document:
    """A Markdown file's Document: title from front matter, first H1, a home page's hero
    name, or file name."""
    metadata, body_start = front_matter(text)
    title = metadata.get("title")
    if "title" in metadata and not isinstance(title, str):
        # YAML read `title: 2024` as a number, `title: No` as false, `title: Null` as null.
        title = _key_values(text[:body_start]).get("title")
        title = None if title == "~" else title
    shown, name = home_page(metadata)
    if shown:  # the home page's words stand where its front matter was
        body = text[body_start:].lstrip("\n")
        text, body_start = shown + ("\n\n" + body if body else "\n"), 0
    parsed = _tokens(text, body_start)  # parsed once, for the title and the blocks
    title = (" ".join(str(title or "").split()) or first_h1(parsed[0]) or name
             or stem(path, source))
    doc = Document(title=title, source=source, text=text, metadata=metadata)
    return Document(title, source, text, metadata, blocks=tuple(blocks(doc, parsed)))


def as_read_text(doc: Document) -> Document:
    """`doc`, a Markdown file whose name does not say so (a `.txt`, as Pandoc's
    MANUAL.txt), rewritten block by block as a reader sees it. Everything after loading
    knows Markdown by a file's suffix and reads any other text as written, so such a
    file's text must hold no syntax: each block keeps its section and kind, its heading's
    words open it as before, a list item keeps a "- " and code keeps its lines, without
    fences or indent."""
    from ..documents import Passage
    from .prepare import is_fence_line

    parts: list[str] = []
    blocks: list[Block] = []
    at = 0
    for block in doc.blocks:
        raw = doc.text[block.start : block.end]
        first, _, rest = raw.partition("\n")
        heading = markdown_inline(first.rstrip(" #")) if rest and block.section else ""
        if heading and heading in block.section.split(" > "):
            raw = _SETEXT.sub("", rest.lstrip("\n"), count=1).lstrip("\n")
            raw = _DEFINITION.sub("", raw, count=1)  # a term's `:   definition`
        else:
            heading = ""
        if block.kind == "code":
            lines = [line for line in raw.split("\n") if not is_fence_line(line)]
            body = textwrap.dedent("\n".join(lines)).strip("\n")
        else:
            body = Passage("", doc.title, block.section, raw, "page.md", 0, len(raw),
                           block.kind).plain_text().strip()
            if _ITEM.match(raw) and body:
                body = "- " + body
        if not body:
            continue
        text = "\n".join(part for part in (heading, body) if part)
        if parts:
            parts.append("\n\n")
            at += 2
        blocks.append(Block(block.section, at, at + len(text), block.kind, block.term))
        parts.append(text)
        at += len(text)
    return Document(doc.title, doc.source, "".join(parts), doc.metadata, blocks=tuple(blocks))


# A folder's page, named for the folder it is in (as a site serves it at the folder's URL).
_FOLDER_PAGES = {"readme", "index", "_index"}


def stem(path: Path | str, source: str = "") -> str:
    """A title made from a file name: `getting-started.md` -> "getting started". A folder's
    page (`README.md`, `index.md`) is named for its folder when `source`, its path in the
    corpus, has one: "2022 12 16 archlinux duff" tells one benchmark run's README from the
    next, where "README" tells nothing."""
    name = Path(path).stem
    if name.lower() in _FOLDER_PAGES and "/" in source:
        name = Path(source).parent.name
    return name.replace("-", " ").replace("_", " ").strip() or Path(path).name


def _tokens(text: str, body_start: int) -> tuple[list, bool]:
    """The body's tokens, and whether it was read as MyST."""
    # Front matter lines become blank lines: line numbers in the parser's map stay the file's.
    # A site generator's syntax is read away line by line (`prepare.site_syntax`), lines kept.
    body = "\n" * text.count("\n", 0, body_start) + site_syntax(text[body_start:])
    myst = is_myst(body)
    return (myst_parser() if myst else parser()).parse(body), myst


def first_h1(tokens: list) -> str:
    """Text of the first top-level `# Heading` or `===` heading, outside code, when no other
    heading comes before it; else of the first HTML `<h1>` (a README's centred
    `<h1 align="center">Name</h1>`). A README that opens with a logo and `## Install`
    sections and has a `# Library` part further down has no title heading: that H1 names
    a part of it, whose sections are under it."""
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0:
            name = " ".join(inline_text(tokens[i + 1]).split())
            if token.tag == "h1" and name:
                return name
            if name:
                break
    for token in tokens:
        match = _HTML_H1.search(token.content) if token.type == "html_block" else None
        name = " ".join(strip_tags(match.group(1)).split()) if match else ""
        if name:
            return name
    return ""


def blocks(doc: Document, parsed: tuple[list, bool] | None = None) -> list[Block]:
    """Paragraphs, list items, tables, code blocks and quotes with their heading path.

    The title heading opens no block and is not in the path; any other heading's text
    opens the first block under it.
    """
    text = doc.text
    tokens, myst = parsed or _tokens(text, front_matter(text)[1])
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_span(first: int, last: int) -> tuple[int, int]:
        start = line_starts[first]
        end = line_starts[last] - 1 if last < len(line_starts) else len(text)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    out: list[Block] = []
    outline = Outline(doc.title)
    after_admonition = False
    heading_end = 0  # where the last heading's line ends

    def heading(level: int, name: str, start: int, line_start: int, end: int) -> None:
        nonlocal heading_end
        adjoining = not text[heading_end:line_start].strip()
        outline.heading(level, name, start, adjoining=adjoining)
        heading_end = end

    def add(start: int, end: int, kind: str) -> None:
        if end > start:
            out.append(outline.block(start, end, kind))

    def walk(tokens: list, offset: int) -> None:
        nonlocal after_admonition
        skip_to = -1  # a page's table of contents ends here
        for i, token in enumerate(tokens):
            if i <= skip_to:
                continue
            if token.type in ("bullet_list_open", "ordered_list_open"):
                close = contents_list(tokens, i)
                if close is not None:
                    skip_to = close
                    continue
            if token.type == "dl_close":
                outline.end_terms()  # a definition list's terms head no more
            if token.type in SILENT or token.map is None:
                continue  # a target `(label)=` or a `%` comment: no words
            first, last = token.map[0] + offset, token.map[1] + offset
            if token.type == "dt_open":
                term = line_span(first, first + 1)
                heading(TERM_LEVEL, " ".join(inline_text(tokens[i + 1]).split()), term[0],
                        line_starts[first], term[1])
                continue
            if token.type in ("fence", "colon_fence") and myst:
                found = directive(token.info, token.content)
                if found is not None or token.type == "colon_fence":
                    fence_blocks(token, found, first, last)
                    after_admonition = False
                    continue
            if token.type == "heading_open":
                name = " ".join(inline_text(tokens[i + 1]).split())
                if name:
                    line = line_starts[first]
                    atx = _ATX.match(text, line) if token.markup.startswith("#") else None
                    heading(int(token.tag[1]), name,
                            atx.end() if atx else line_span(first, first + 1)[0], line,
                            line_span(first, last)[1])
                after_admonition = False
            elif token.type == "paragraph_open":
                if only_images(tokens[i + 1]) or not _has_words(tokens[i + 1]):
                    continue  # a row of badges, a logo, sponsors' <a><img></a>: nothing to read
                start, end = line_span(first, last)
                add(start, end, "text")
                after_admonition = bool(CONTAINER.match(text, line_starts[first]))  # or a tab
            elif token.type == "code_block" and after_admonition:
                # `!!! note` or `=== "Tab"`, then a blank line and an indented body: the body
                # is Markdown of its own (prose, lists, fences), one block a paragraph.
                body = "\n".join(_dedent(text[line_starts[n] : line_starts[n + 1] - 1]
                                          if n + 1 < len(line_starts) else text[line_starts[n] :])
                                 for n in range(first, last))
                for inner in parser().parse(body):
                    if inner.map is None:
                        continue
                    a, b = inner.map[0] + first, inner.map[1] + first
                    if inner.type == "paragraph_open":
                        add(*line_span(a, b), "text")
                    elif inner.type in ("fence", "code_block"):
                        add(*line_span(a, b), "code")
                    elif inner.type == "table_open":
                        add(*line_span(a, b), "table")
                    elif inner.type == "html_block" and any(
                            ch.isalnum() for ch in strip_tags(text[slice(*line_span(a, b))])):
                        add(*line_span(a, b), "text")
            elif token.type in ("fence", "code_block"):
                add(*line_span(first, last), "code")
                after_admonition = False
            elif token.type == "table_open":
                add(*line_span(first, last), "table")
                after_admonition = False
            elif token.type == "html_block":
                for kind, level, start, end in html_parts(text, *line_span(first, last)):
                    if kind == "heading":
                        heading(level, " ".join(strip_tags(text[start:end]).split()), start,
                                start, end)
                    elif kind == "end_terms":
                        outline.end_terms()
                    else:
                        add(start, end, kind)
                after_admonition = False

    def fence_blocks(token, found, first: int, last: int) -> None:
        """A MyST directive: its body's blocks, the first opening with the fence's line (so
        its label reads before the body); code as code; navigation as nothing."""
        kind = found.kind if found is not None else "container"
        if kind == "skip":
            return
        if kind == "code":
            add(*line_span(first, last), "code")
            return
        if kind == "rst":
            if rst_text(found.directive.body).strip():
                add(*line_span(first, last), "text")
            return
        skip = found.body_line if found is not None else 0
        lines = token.content.split("\n")
        body = "\n" * skip + "\n".join(lines[skip:])
        before = len(out)
        walk(myst_parser().parse(body), first + 1)
        if len(out) > before:
            opener = line_span(first, first + 1)[0]
            out[before].start = min(out[before].start, opener)
        elif kind in ("version", "admonition", "labelled", "seealso"):
            add(*line_span(first, last), "text")  # "Added in version 6.0." and no body

    walk(tokens, 0)
    return out


_HTML_TAG = re.compile(COMPONENT.pattern + r"|<!--.*?-->|<(/?)([A-Za-z][\w-]*)\b[^>]*?(/?)>",
                       re.S)
_VOID = frozenset({"br", "hr"})


def html_parts(text: str, start: int, end: int) -> list[tuple[str, int, int, int]]:
    """An HTML block of a Markdown file cut where its block elements begin and end, as
    (kind, heading level, start, end): "heading" for <h1>-<h6>, a definition list's term
    (<dt>, TERM_LEVEL) and a collapsible block's <summary> (TERM_LEVEL too), "code" for
    <pre>, "text" for the rest that has words, and "end_terms" where a definition list or
    a <details> block closes. A generated reference page holds a whole command's options in
    one <dl>; cut like this each option is a section of its own. A README's
    `<details><summary>Tables</summary>` hides a topic under its summary: the summary heads
    the Markdown inside (it is a section of its own, not words trailing the one before).
    An MDX page's JSX component is cut like a block element: one with a title or label
    (`<Card title="Moons">`, `<TabItem label="npm">`) heads its content as a <summary>
    does, to its closing tag; a self-closing one with words (`<LinkCard title=...
    description=... />`) is a text of its own."""
    parts: list[tuple[str, int, int, int]] = []
    stack: list[str] = []  # open block elements, innermost last
    cut = start

    def flush(upto: int) -> None:
        a, b = cut, upto
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a and any(ch.isalnum() for ch in strip_tags(text[a:b])):
            inner = stack[-1] if stack else ""
            if inner in ("h1", "h2", "h3", "h4", "h5", "h6"):
                parts.append(("heading", int(inner[1]), a, b))
            elif inner in ("dt", "summary"):
                parts.append(("heading", TERM_LEVEL, a, b))
            else:
                parts.append(("code" if "pre" in stack else "text", 0, a, b))

    for match in _HTML_TAG.finditer(text, start, end):
        if match.group(2):  # a JSX component (COMPONENT's groups come first)
            flush(match.start())
            cut = match.end()
            name, words = match.group(2), component_words(match.group())
            if match.group(1):
                if _close(stack, name):
                    parts.append(("end_terms", 0, cut, cut))
            elif match.group(4):
                if words:
                    parts.append(("text", 0, match.start(), cut))
            elif words:
                stack.append(name)  # its title heads what it holds, to its closing tag
                parts.append(("heading", TERM_LEVEL, match.start(), cut))
            continue
        closing, name = match.group(5), (match.group(6) or "").lower()
        if name not in BLOCK_ELEMENTS or ("pre" in stack and name != "pre"):
            continue  # inline markup, a comment, or anything inside <pre>: not a cut
        flush(match.start())
        cut = match.end()
        if closing:
            _close(stack, name)
            if name in ("dl", "details"):
                parts.append(("end_terms", 0, cut, cut))
        elif name not in _VOID and not match.group(7):
            stack.append(name)
    flush(end)
    return parts


def _close(stack: list[str], name: str) -> bool:
    """Close the innermost open `name` of `stack` and all opened inside it; False when
    none is open (a stray closing tag)."""
    if name not in stack:
        return False
    del stack[len(stack) - 1 - stack[::-1].index(name):]
    return True


# A page's table of contents: a list of CONTENTS_ITEMS items or more, each (nested ones
# too) a link to a heading of the page (`- [JSON Where Clauses](#json-where-clauses)`), as
# Laravel's pages and many READMEs open. It repeats the headings, which open their own
# sections, and says nothing of its own; read as a passage it matched any question naming
# two of its headings and was quoted as a list of titles.
CONTENTS_ITEMS = 3


def contents_list(tokens: list, at: int) -> int | None:
    """Where the list opening at `tokens[at]` closes, when it is a table of contents (every
    item's text a link to an anchor of the page, `#...`); else None."""
    depth, items = 0, 0
    for j in range(at, len(tokens)):
        token = tokens[j]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                return j if items >= CONTENTS_ITEMS else None
        elif token.type == "list_item_open":
            items += 1
        elif token.type == "inline":
            if not _anchor_link(token.children or []):
                return None
        elif token.type not in ("list_item_close", "paragraph_open", "paragraph_close"):
            return None  # a code block, a table, a quote inside: more than a contents list
    return None


def _anchor_link(children: list) -> bool:
    """Whether an inline's content is one link to an anchor of its page and nothing else."""
    kinds = [c for c in children if not (c.type in ("text", "softbreak") and not c.content.strip())]
    if len(kinds) < 2 or kinds[0].type != "link_open" or kinds[-1].type != "link_close":
        return False
    href = kinds[0].attrGet("href") or ""
    return href.startswith("#") and not any(c.type == "link_open" for c in kinds[1:])


def _has_words(inline) -> bool:
    """Whether a paragraph reads as any letter or digit: one made of inline HTML tags only
    (a README's `<a href="..."><img src="sponsor.png"></a>` lines) reads as nothing."""
    return any(ch.isalnum() for ch in inline_text(inline))


def _dedent(line: str) -> str:
    """A line of a container's body, one indent (four spaces or a tab) to the left."""
    if line.startswith("    "):
        return line[4:]
    return line[1:] if line.startswith("\t") else line.lstrip(" ")
