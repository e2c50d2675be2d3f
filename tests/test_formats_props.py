"""Property tests: whatever the text, passages are non-empty exact spans, in order."""

from __future__ import annotations

import keyword
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from collabqa.corpus import chunk, sentence_spans
from collabqa.documents import Document, Passage, as_read
from collabqa.formats import load_document
from collabqa.formats.builder import TextBuilder
from collabqa.formats.markdown import front_matter
from collabqa.formats.tags import BLOCK_ELEMENTS

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

letters = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    + ["é", "ß", "ø", "ж", "Ω", "ç", "ğ", "中", "文", "ا", "ह", "🙂", "’"]
)
word = st.text(letters, min_size=1, max_size=12)
punct = st.sampled_from(["", ".", ",", "!", "?", ":", ";", " -", " (x)", " *e*", " `c`"])
sentence = st.builds(
    lambda ws, p, end: " ".join(ws) + p + end, st.lists(word, min_size=1, max_size=30),
    punct, st.sampled_from([".", "!", "?", ""]),
)
paragraph = st.lists(sentence, min_size=1, max_size=8).map(" ".join)
# A term, a summary, a heading; never "Contents", which an extracted document's table of
# contents is called and left out under.
name = word.filter(lambda w: any(c.isalnum() for c in w) and w.casefold() != "contents")
# Distinct names, each with the paragraph it heads (a <dt> and its <dd>, a <summary> ...).
named_paragraphs = st.lists(st.tuples(name, paragraph), min_size=1, max_size=6,
                            unique_by=lambda i: i[0])
long_line = st.lists(word, min_size=300, max_size=600).map(" ".join)
link = st.builds(lambda t: f"[{t}](https://example.org/secret-url-{len(t)})", word)
FENCE_TITLE = "fence-title-xyz"


@st.composite
def markdown_blocks(draw) -> str:
    kind = draw(st.sampled_from(
        ["atx", "setext", "para", "para", "long", "code", "list", "table", "quote",
         "admonition", "empty", "comment", "link", "html"]
    ))
    if kind == "atx":
        return "#" * draw(st.integers(1, 6)) + " " + draw(sentence)
    if kind == "setext":
        return draw(word) + " " + draw(word) + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind == "para":
        return draw(paragraph)
    if kind == "long":
        return draw(long_line)
    if kind == "code":
        body = "\n".join(draw(st.lists(st.text(letters | st.just(" "), max_size=40), max_size=6)))
        return f"```py\n# {FENCE_TITLE}\n{body}\n```"
    if kind == "list":
        marker = draw(st.sampled_from(["-", "*", "1."]))
        return "\n".join(f"{marker} {draw(sentence)}" for _ in range(draw(st.integers(1, 4))))
    if kind == "table":
        rows = draw(st.lists(st.tuples(word, word), min_size=1, max_size=4))
        return "| a | b |\n|---|---|\n" + "\n".join(f"| {x} | {y} |" for x, y in rows)
    if kind == "quote":
        return draw(st.sampled_from(["> [!NOTE]\n> ", "> "])) + draw(sentence)
    if kind == "admonition":
        return '!!! note "Heads up"\n\n    ' + draw(sentence)
    if kind == "comment":
        return "<!-- " + draw(sentence) + " -->"
    if kind == "link":
        return draw(sentence) + " " + draw(link) + " " + draw(sentence)
    if kind == "html":
        return draw(html_block())
    return ""


@st.composite
def html_block(draw) -> str:
    """An HTML block as Markdown files hold them: a generated reference's definition list,
    a centred paragraph, a table, a <details>; one line or several."""
    kind = draw(st.sampled_from(["dl", "p", "table", "details"]))
    sep = draw(st.sampled_from(["", "\n"]))
    if kind == "dl":
        items = draw(st.lists(st.tuples(word, paragraph), min_size=1, max_size=4))
        body = sep.join(f'<dt id="{t}"><code>--{t}</code></dt><dd><p>{d}</p></dd>' for t, d in items)
        return f'<dl class="cli-reference">{body}</dl>'
    if kind == "p":
        return f'<p align="center">{sep}{draw(sentence)}{sep}</p>'
    if kind == "table":
        rows = draw(st.lists(st.tuples(word, word), min_size=1, max_size=3))
        return "<table>" + sep.join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows) + "</table>"
    return f"<details>\n<summary>{draw(word)}</summary>\n{draw(sentence)}\n</details>"


@st.composite
def markdown_files(draw) -> tuple[bytes, str | None]:
    title = None
    parts = []
    if draw(st.booleans()):
        title = draw(st.lists(word, min_size=1, max_size=5).map(" ".join))
        parts.append(f"---\ntitle: {title}\nauthor: {draw(word)}\n---")
    parts += draw(st.lists(markdown_blocks(), max_size=12))
    if draw(st.booleans()):  # a fence left open runs to the end of the file
        parts.append(f"~~~\n# {FENCE_TITLE}\n" + draw(paragraph))
    # An HTML block runs to the next blank line (CommonMark, as GitHub renders it): a fence
    # right under one is part of it, so a blank line follows each here.
    gaps = st.sampled_from(["\n\n", "\n", "\n\n\n"])
    text = "".join(p + ("\n\n" if p.startswith("<") else draw(gaps)) for p in parts)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data, title


def _load(data: bytes, name: str) -> Document | None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return load_document(path, name)


def _check(doc: Document) -> list[Passage]:
    """The document's passages, each checked exact, in order and embeddable."""
    passages = chunk(doc)
    last = 0
    for p in passages:
        assert p.text.strip()
        assert doc.text[p.start : p.end] == p.text
        assert last <= p.start < p.end <= len(doc.text)
        last = p.end
        p.embedding_text()  # never raises
    return passages


def _words(text: str) -> str:
    """The words of `text`, one space apart (what a phrase check compares)."""
    return " ".join(re.findall(r"\w+", text))


def _held(passages: list[Passage], section: str) -> str:
    """The reader's text of the passages under `section`, in order."""
    return " ".join(p.plain_text() for p in passages if p.section == section)


@SETTINGS
@given(markdown_files())
def test_markdown_passages_are_exact_ordered_and_never_front_matter(case):
    data, title = case
    doc = _load(data, "doc.md")
    text = data.decode("utf-8-sig").replace("\r\n", "\n")
    if doc is None:
        assert not text.strip()
        return
    assert doc.text == text
    passages = _check(doc)
    _, body = front_matter(doc.text)
    assert all(p.start >= body for p in passages)
    if title is not None:
        assert doc.title == title and body > 0
    assert doc.title != FENCE_TITLE
    assert all(FENCE_TITLE not in p.section for p in passages)
    assert "secret-url" not in "\n".join(p.embedding_text() for p in passages)


card_words = st.lists(st.sampled_from(["Fast", "tiny", "1.", "-", "#", "docs", "for", "you!",
                                         "*", "sites", "v2", "&", "2)"]),
                       min_size=1, max_size=6).map(" ".join)


@SETTINGS
@given(hero=st.fixed_dictionaries({}, optional={"name": card_words, "text": card_words,
                                                "tagline": card_words}),
       cards=st.lists(st.tuples(card_words, card_words), max_size=4),
       body=st.sampled_from(["", "## Why\n\nBecause it is quick.\n"]))
def test_a_home_pages_front_matter_reads_as_its_hero_and_cards(hero, cards, body):
    """Every hero line and card of a home page's front matter is read, in order, as
    written (a leading "-", "#" or "1." stays a word); nothing of the YAML around them is."""
    import json as _json

    lines = ["---", "layout: home", "hero:"]
    lines += [f"  {key}: {_json.dumps(value)}" for key, value in hero.items()]
    lines += ["  actions:", "    - theme: brand", "      text: Go", "      link: /go/"]
    if cards:
        lines.append("features:")
        for title, details in cards:
            lines += [f"  - title: {_json.dumps(title)}", f"    details: {_json.dumps(details)}",
                      "    icon: x"]
    data = ("\n".join(lines) + "\n---\n" + body).encode("utf-8")
    doc = _load(data, "index.md")
    if not hero and not cards and not body:
        assert doc is None or not _check(doc)
        return
    passages = _check(doc)
    read = _words(" ".join(p.plain_text() for p in passages))
    shown = [v for v in (hero.get("name"), hero.get("text"), hero.get("tagline")) if v]
    shown += [f"{title} {details}" for title, details in cards]
    at = 0
    for value in shown:
        at = read.find(_words(value), at)
        assert at >= 0, (value, read)
    assert "Go" not in read.split() and "brand" not in read and "icon" not in read
    if hero.get("name"):  # no `title:` in the front matter, no H1 in the body
        assert doc.title == hero["name"]


any_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


def _rst_text(text: str) -> str:
    """The text docutils finds in reStructuredText outside what the loader leaves out
    (comments, targets, images...): "|" alone is an empty line block, no text."""
    import io

    from docutils import nodes
    from docutils.core import publish_doctree

    from collabqa.formats import rst

    settings = dict(rst._SETTINGS, warning_stream=io.StringIO())
    tree = publish_doctree(rst._ROLE.sub(rst._role, text), settings_overrides=settings)

    def read(node) -> bool:
        while node is not None:
            if node.tagname in rst._SKIP:
                return False
            node = node.parent
        return True

    return "".join(t.astext() for t in tree.findall(nodes.Text) if read(t))


@SETTINGS
@given(any_text, st.sampled_from(["a.md", "a.txt", "a.rst"]))
def test_any_text_file_chunks_to_exact_spans(text, name):
    doc = _load(text.encode("utf-8"), name)
    if doc is None:
        blank = not text.replace("\ufeff", "", 1).strip()
        assert blank or (name == "a.rst" and not _rst_text(text).strip())
        return
    _check(doc)


def test_markup_only_rst_is_skipped_and_its_text_is_not():
    assert _load(b"|", "a.rst") is None  # an empty line block
    assert _load(b".. a comment only", "a.rst") is None
    doc = _load(b"| a line block", "a.rst")
    assert doc is not None and "a line block" in doc.text


@SETTINGS
@given(st.lists(st.one_of(
    st.tuples(st.just("heading"), st.integers(1, 4), st.lists(word, min_size=1, max_size=6)),
    st.tuples(st.just("block"), st.sampled_from(["text", "code", "table"]), st.lists(sentence, max_size=20)),
    st.tuples(st.just("page"), st.just(0), st.just([])),
), max_size=30))
def test_extracted_text_builder_keeps_spans_and_pages(items):
    builder = TextBuilder("The Title")
    builder.new_page()
    for kind, n, words in items:
        if kind == "heading":
            builder.heading(n, " ".join(words))
        elif kind == "block":
            builder.block(("\n" if n != "text" else " ").join(words), n)
        else:
            builder.new_page()
    doc = builder.document("x.pdf", "The Title", {})
    pages = [1] + [1 for kind, _, _ in items if kind == "page"]
    assert len(doc.pages) == len(pages)
    numbers = [p.page for p in _check(doc)]
    assert numbers == sorted(numbers) and all(1 <= n <= len(pages) for n in numbers)


@SETTINGS
@given(st.lists(st.tuples(st.lists(word, min_size=1, max_size=5).map(" ".join),
                          st.integers(1, 300), st.sampled_from([" ", " ....... ", " . . . . . "])),
                min_size=1, max_size=12),
       st.lists(word, min_size=12, max_size=40).map(" ".join))
def test_a_paragraph_after_a_table_of_contents_reads_and_its_entries_do_not(entries, words):
    """A table of contents' entries ("J.1 Requirements ....... 71") are no text, up to the
    next heading; a paragraph of prose after them on the same page (DICOMscope's
    disclaimer, before its first chapter) reads, and so does all after it."""
    builder = TextBuilder("Manual")
    builder.new_page()
    builder.heading(1, "Contents")
    for name, page, leader in entries:
        builder.block(f"{name}{leader}{page}")
    prose = f"Disclaimer: {words}."
    builder.block(prose)
    builder.block("After that, more words follow here.")
    builder.heading(1, "Introduction")
    builder.block("The manual begins here, as its first chapter says.")
    doc = builder.document("manual.pdf", "Manual", {})
    text = " ".join(p.text for p in _check(doc))
    assert prose in text and "After that, more words follow here." in text
    assert "The manual begins here" in text
    assert not any(f"{leader}{page}" in text for _, page, leader in entries if leader.strip())


@SETTINGS
@given(named_paragraphs,
       st.sampled_from(["", "\n"]))
def test_html_definition_list_terms_head_their_definitions(items, sep):
    """Every <dt> of a generated reference is a section of its own holding its <dd>; no
    sentence of any passage runs over a block tag; the list's end ends its sections."""
    from collabqa.corpus import sentence_spans
    from collabqa.formats.tags import BLOCK_TAG, strip_tags

    body = sep.join(f'<dt id="x"><a href="#x"><code>--{t}</code></a></dt><dd><p>{d}</p></dd>'
                    for t, d in items)
    text = f"# Reference\n\n## Options\n\n<dl>{body}</dl>\n\n## After\n\nClosing words here.\n"
    doc = _load(text.encode(), "ref.md")
    passages = _check(doc)
    sections = [p.section for p in passages]
    for t, d in items:
        held = _held(passages, f"Options > --{t}")
        assert re.findall(r"\w+", d) == re.findall(r"\w+", held)[-len(re.findall(r"\w+", d)):]
    assert sections[-1] == "After"
    for p in passages:
        for a, b in sentence_spans(p.text, tags=p.kind != "code"):
            assert not BLOCK_TAG.search(p.text[a:b])


short_definition = st.lists(word, min_size=1, max_size=4).map(lambda ws: " ".join(ws) + ".")


@SETTINGS
@given(st.lists(st.tuples(name, short_definition), min_size=2, max_size=60,
                unique_by=lambda i: i[0]))
def test_short_definitions_are_read_together_under_their_list_heading(items):
    """A list of codes ("CA" / "Canada.") is no run of one-line passages: its entries,
    each term before its definition, fill passages of the section above them, up to the
    passage size (in Markdown each stays its own section, above)."""
    from collabqa.corpus import MAX_WORDS

    body = "".join(f"<dt>{t}</dt><dd><p>{d}</p></dd>" for t, d in items)
    after = ("These codes follow the ISO 3166 standard, which its maintainers update from "
             "time to time as countries and territories change their names.")
    page = (f"<h1>Manual</h1><h2>Country codes</h2><dl>{body}</dl><h2>After</h2>"
            f"<p>{after}</p>")
    data = f"<html><body>{page}</body></html>"
    passages = _check(_load(data.encode(), "codes.html"))
    listed = [p for p in passages if p.section == "Country codes"]
    assert [p.section for p in passages] == ["Country codes"] * len(listed) + ["After"]
    words = sum(len(re.findall(r"\w+", f"{t} {d}")) for t, d in items)
    assert all(len(p.text.split()) <= MAX_WORDS for p in listed)
    assert len(listed) <= -(-2 * words // MAX_WORDS) + 1  # about full, not one per entry
    joined = _words(_held(passages, "Country codes"))
    for t, d in items:
        assert f" {_words(f'{t} {d}')} " in f" {joined} "


# Lines trafilatura drops as a share button's label wherever they stand (its RE_FILTER).
share_labels = st.sampled_from(["Print", "PDF", "pdf", "E-mail", "Email", "Google", "QQ",
                                "Twitter", "More on this", "More on this topic"])


@SETTINGS
@given(st.lists(st.tuples(name | share_labels, short_definition), min_size=1, max_size=8,
                unique_by=lambda i: i[0].casefold()),
       st.sampled_from(["dl", "table", "headings"]))
def test_html_terms_that_read_like_share_buttons_are_kept(items, shape):
    """A term, a table cell or a heading that is a line such as "PDF", "Print",
    "E-mail" or "Google" (a format, a command, a provider) is the page's text, not a
    share button: it is kept, in its place before its definition."""
    if shape == "dl":
        body = "<dl>" + "".join(f"<dt>{t}</dt><dd><p>{d}</p></dd>" for t, d in items) + "</dl>"
    elif shape == "table":
        body = ("<table><tr><th>Name</th><th>Meaning</th></tr>"
                + "".join(f"<tr><td>{t}</td><td>{d}</td></tr>" for t, d in items) + "</table>")
    else:
        body = "".join(f"<h3>{t}</h3><p>{d}</p>" for t, d in items)
    intro = "Some words about the formats and services this manual names, one by one. " * 3
    page = f"<html><body><h1>Manual</h1><h2>Names</h2><p>{intro}</p>{body}</body></html>"
    passages = _check(_load(page.encode(), "names.html"))
    joined = f" {_words(' '.join(p.plain_text() for p in passages))} "
    for t, d in items:
        assert f" {_words(f'{t} {d}')} " in joined
    if shape == "headings":
        for t, d in items:
            assert _words(d) in _words(_held(passages, f"Names > {t}"))


@SETTINGS
@given(st.lists(st.tuples(name, short_definition), min_size=1, max_size=3,
                unique_by=lambda i: i[0].casefold()))
def test_a_very_short_html_page_keeps_its_headings(items):
    """A page with less text than trafilatura's own pass asks for (its fallback gives
    the whole page as one paragraph): its headings still head their sections."""
    body = "".join(f"<h2>{t}</h2><p>{d}</p>" for t, d in items)
    page = f"<html><body><h1>Manual</h1>{body}</body></html>"
    passages = _check(_load(page.encode(), "short.html"))
    for t, d in items:
        assert _words(_held(passages, t)).endswith(_words(d))


@SETTINGS
@given(named_paragraphs,
       st.sampled_from(["\n", "\n\n"]), st.sampled_from(["", ' markdown="1"', " open"]))
def test_markdown_details_summary_heads_its_collapsed_content(items, gap, attrs):
    """A README's collapsible `<details><summary>Topic</summary>` block: the summary is a
    section of its own holding the Markdown inside (never words trailing the passage
    before it), and the section ends with </details>. (A summary over no word, only an
    emoji, heads nothing: it reads with the section around it.)"""
    assume(all(re.search(r"\w", d) for _, d in items))
    body = gap.join(f"<details{attrs}>\n<summary>{t}</summary>\n\n{d}\n\n</details>"
                    for t, d in items)
    text = f"# Readme\n\n## Library\n\nIntro words here.\n\n{body}\n\nClosing words here.\n"
    doc = _load(text.encode(), "README.md")
    passages = _check(doc)
    for t, d in items:
        held = _held(passages, f"Library > {t}")
        assert re.findall(r"\w+", held) == re.findall(r"\w+", f"{t} {d}")
    assert passages[0].section == "Library" and passages[-1].section == "Library"
    assert "Closing words here." in passages[-1].plain_text()
    for p in passages:
        if p.section == "Library":  # no summary's words left in the section before it
            assert not any(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", p.plain_text())
                           for t, _ in items if t not in ("Library", "Intro", "words", "here",
                                                          "Closing", "Readme"))


@SETTINGS
@given(st.lists(st.tuples(name, paragraph,
                          st.sampled_from(["**{}**", "__{}__", "**{}:**", "**{}**:"])),
                min_size=1, max_size=5),
       st.sampled_from(["", "Some **bold** words\nand more words after them.\n"]))
def test_a_bold_line_is_a_sentence_of_its_own(items, lead):
    """A README's run-in heading, a line all in bold over the paragraph it labels
    ("**Release Cadence**" then "We release on Mondays."), is a sentence of its own: its
    words never open the sentence under it. Bold inside a line leaves sentences alone."""
    from collabqa.corpus import sentence_spans

    text = lead + "\n\n".join(f"{mark.format(t)}\n{d}" for t, d, mark in items)
    found = sentence_spans(text)
    spans = [text[a:b] for a, b in found]
    for t, d, mark in items:
        assert mark.format(t) in spans
    # No word is lost ("’." alone is no sentence: a span without a letter or digit goes).
    covered = {i for a, b in found for i in range(a, b)}
    assert all(i in covered for i, ch in enumerate(text) if ch.isalnum())
    if lead:
        assert spans[0] == lead.strip()


cell_words = st.lists(name, min_size=1, max_size=4)


@SETTINGS
@given(st.lists(st.tuples(cell_words, cell_words), min_size=1, max_size=6),
       st.sampled_from(["<br>", "<br/>", "<br />", "<BR>"]),
       st.sampled_from(["{}", "<ul><li>{}</li></ul>", "<p>{}</p>"]))
def test_a_markdown_table_row_with_html_in_its_cells_is_one_sentence(rows, br, block):
    """Markdown tables break a cell's lines with HTML ("| `micro`<br>`patch` | 1.0.1 |",
    a `<ul><li>` list in a cell): a row is still one sentence, as without them, so an
    answer never quotes "| micro" alone."""
    from collabqa.corpus import sentence_spans

    lines = ["| Name | Value |", "|---|---|"] + [
        f"| {br.join(a)} | {block.format(br.join(b))} |" for a, b in rows]
    text = "\n".join(lines)
    spans = [text[a:b] for a, b in sentence_spans(text)]
    assert spans == [line for line in lines if line != "|---|---|"]


cell_sentence = st.lists(name, min_size=1, max_size=6).map(
    lambda ws: ws[0][:1].upper() + " ".join(ws)[1:] + ".")


@SETTINGS
@given(st.lists(st.tuples(name, st.lists(cell_sentence, min_size=1, max_size=4)),
                min_size=2, max_size=6),
       st.booleans())
def test_a_table_row_whose_cell_holds_sentences_is_one_sentence(rows, outer_pipes):
    """A cell of several sentences ("| `dirs next` | Makes the next directory active. If
    it is the last, cycle to the start. |") leaves its row one sentence, in a Markdown
    table and in one written "cell | cell" (reST and HTML tables as read): cut at the
    full stop, the row's second half would be quoted without the name it describes."""
    from collabqa.corpus import sentence_spans

    def row(cells):
        return f"| {' | '.join(cells)} |" if outer_pipes else " | ".join(cells)

    lines = [row(["Name", "Meaning"])] + [row([n, " ".join(said)]) for n, said in rows]
    text = "Intro line. Another one.\n\n" + "\n".join(lines) + "\n\nAfter it. The end."
    spans = [text[a:b] for a, b in sentence_spans(text)]
    assert spans == ["Intro line.", "Another one."] + lines + ["After it.", "The end."]


@SETTINGS
@given(named_paragraphs, st.sampled_from(["¶", "&para;", "#", "§", "🔗", ""]),
       st.sampled_from(['class="headerlink"', 'class="anchor"', ""]))
def test_html_heading_permalinks_are_not_text(items, mark, attrs):
    """A docs site's permalink after each heading ("Install¶", Sphinx and MkDocs) is
    neither in a section's name nor in a passage: a section is named by its heading's words."""
    filler = " Each section of this page says a little more about the guide and its steps."
    items = [(t, d + filler) for t, d in items]  # a page, not a scrap trafilatura flattens
    sections = "".join(
        f'<section id="s{i}"><h2>{t}<a {attrs} href="#s{i}" title="Link to this heading">{mark}</a>'
        f"</h2><p>{d}</p></section>" for i, (t, d) in enumerate(items))
    page = ('<html><head><title>Guide</title></head><body><div class="body">'
            f'<h1>Guide<a {attrs} href="#guide">{mark}</a></h1><p>{items[0][1]}</p>'
            '<p>The <a href="#s0">-&gt;</a> operator and the <a href="#s0">§</a> sign, '
            "links to another section, are words of the text and stay.</p>"
            f"{sections}</div></body></html>")
    doc = _load(page.encode(), "guide.html")
    passages = _check(doc)
    if mark.strip():
        symbol = "¶" if mark == "&para;" else mark
        assert all(symbol not in p.section and symbol not in p.text.replace("§ sign", "")
                   for p in passages)
    assert "The -> operator and the § sign" in doc.text
    names = {t for t, _ in items} | {"Guide"}
    assert all(part in names for p in passages if p.section for part in p.section.split(" > "))


shortcode_name = st.sampled_from(["note", "warning", "tabs", "tab", "step", "steps", "hint"])
shortcode = st.builds(
    lambda kind, close, name, args: ("{{< " if kind == "<" else "{{% ") + ("/" if close else "")
    + name + args + (" >}}" if kind == "<" else " %}}"),
    st.sampled_from(["<", "%"]), st.booleans(), shortcode_name,
    st.sampled_from(["", ' tabID="fish"', ' tabTotal="2" tabName1="[project]"', ' id=bad"quote']))


# Lines a site generator acts on: Jekyll's Liquid tags, MDX's imports (Docusaurus).
site_line = st.sampled_from([
    "{% raw %}", "{% endraw %}", '{% include note.html content="x" %}', "{%- comment -%}",
    "import Tabs from '@theme/Tabs';", "import '@site/src/css/x.css';",
    "export const meta = {a: 1};", "{{ organisations }}", "{{ config.site_name | upper }}"])
LINK_TARGETS = ('{{< relref "docs" >}}', "{% link setup.md %}", "{{ site.baseurl }}/faq/")


@SETTINGS
@given(st.lists(st.one_of(paragraph, shortcode, site_line, link.map(lambda _: "LINK")),
                min_size=1, max_size=10), word, st.sampled_from(LINK_TARGETS), st.booleans())
def test_site_generator_syntax_is_no_text_and_code_keeps_it(parts, label, target, fenced):
    """Outside code a shortcode, a Liquid tag line, a template's placeholder
    (`{{ version }}`) or an MDX import reads as nothing and a link to `{{< relref >}}` /
    `{% link %}` as its text; in a code block they are the code's, but for a line of
    `{% raw %}` or `{% endraw %}` alone, which the template engine reads before Markdown
    (Jekyll, Eleventy); lines stay lines."""
    from collabqa.formats.clean import markdown_to_text
    from collabqa.formats.prepare import site_syntax

    parts = [f'See [{label}]({target} "Title").' if p == "LINK" else p for p in parts]
    code = ("```toml\n{% raw %}\nkey = \"{{< not-a-shortcode >}}\"\n{% include x.html %}\n"
            "import a from 'b';\n{% endraw %}\n```" if fenced else "")
    text = "\n".join(parts) + ("\n\n" + code if code else "")
    prepared = site_syntax(text)
    assert prepared.count("\n") == text.count("\n")
    read = markdown_to_text(text)
    for syntax in ("{{", "{%", "import "):  # once in the code block, nowhere else
        assert read.count(syntax) == (1 if code else 0)
    if code:
        assert 'key = "{{< not-a-shortcode >}}"\n{% include x.html %}\nimport a from \'b\';' in read
    for p in parts:
        if p.startswith("See ["):
            assert f"See {label}." in " ".join(read.split())


code_line = st.builds(
    lambda a, b, c: f"{a}: {b}[{c}]", name, name,
    st.lists(name, min_size=1, max_size=3).map(", ".join))


@SETTINGS
@given(paragraph, st.lists(st.lists(code_line, min_size=1, max_size=3), min_size=2, max_size=4),
       st.sampled_from(["", "    "]), st.sampled_from(["```python", "~~~", "````"]))
def test_a_sentence_inside_a_code_block_reads_as_its_code(intro, chunks, indent, fence):
    """A code block's sentences (its lines up to a blank one) read as the code they are,
    brackets and all: alone, `x: list[int]` would read as Markdown, `[int]` as a link and
    a bare fence line as a stray closer. The answer quotes them so, and the index finds
    each in its passage's text."""
    from collabqa.corpus import quotable, sentence_spans

    closing = fence.removesuffix("python")
    body = "\n\n".join("\n".join(indent + line for line in chunk) for chunk in chunks)
    opening = f"!!! note\n{indent}{fence}" if indent else fence
    text = f"# Guide\n\n{intro}\n\n{opening}\n{body}\n{indent}{closing}\n\nAfter [the link](x) text.\n"
    passage = Passage("a.md#0", "a", "Guide", text, "a.md", 0, len(text))
    read = [" ".join(passage.plain_at(text, a, b).split()) for a, b in quotable(text, sentence_spans(text))]
    for chunk in chunks:  # the first with the fence line (after "Note:" under a note)
        assert any(r.endswith(" ".join(chunk)) for r in read)
    assert "After the link text." in read
    whole = " ".join(passage.plain_text().split())
    assert all(r in whole for r in read)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["script", "style", "script setup", "SCRIPT"]),
                          paragraph, paragraph), min_size=1, max_size=4),
       st.booleans())
def test_script_and_style_blocks_show_no_text(blocks, cut):
    """A page's `<script>` and `<style>` blocks (VitePress's `<script setup>`) hold what a
    browser runs or applies, never shows: their content is no passage's text, also when
    the page ends inside one; the prose between them is read whole."""
    parts = []
    for tag, hidden, shown in blocks:
        closing = tag.split()[0]
        parts.append(f"<{tag}>\nconst x = '{hidden}'\n</{closing}>\n\n{shown}")
    text = "# Page\n\n" + "\n\n".join(parts) + "\n"
    if cut:  # a script left open at the end
        text += "\n<script>\nconst y = 'ZZQQ never shown'\n"
    passages = _check(_load(text.encode(), "page.md"))
    read = " ".join(p.plain_text() for p in passages)  # exactly the shown words, in order
    assert re.findall(r"\w+", read) == re.findall(r"\w+", " ".join(s for _, _, s in blocks))


def _jsx_open(name: str, attrs: list[str], multiline: bool, indent: str, close: str) -> str:
    """A JSX opening tag, on one line or an attribute a line (prettier's layout)."""
    if not multiline:
        return f"{indent}<{name} {' '.join(attrs)}{close}"
    lines = [f"{indent}<{name}"] + [f"{indent}\t{a}" for a in attrs]
    return "\n".join(lines) + f"\n{indent}{close.strip()}"


@SETTINGS
@given(named_paragraphs, st.booleans(), st.sampled_from(["", "\t", "  "]),
       st.sampled_from(["\n", "\n\n"]), st.sampled_from(["title", "label"]),
       st.lists(st.tuples(name, sentence), min_size=1, max_size=3))
def test_mdx_components_show_their_titles_and_never_their_props(
        items, multiline, indent, gap, attribute, links):
    """An MDX page's JSX components, as Starlight, Docusaurus or Mintlify render them:
    a card's or tab's title (`<Card title="..." icon="star">`, `<TabItem label="...">`)
    heads its content as a section of its own, a self-closing link card reads as its
    title and description, and no prop, `{expression}` or stray `>` is ever text, on
    one line or written over several."""
    assume(all(re.search(r"\w", d) for _, d in items + links))
    assume(all('"' not in t + d for t, d in items + links))
    cards = gap.join(
        _jsx_open("Card", [f'{attribute}="{t}"', 'icon="x9star"',
                           "x9data={[{ a: 'x9b' }, { c: 1 }]}"],
                  multiline, indent, ">")
        + f"\n{indent}\t{d}\n{indent}</Card>" for t, d in items)
    link_cards = "\n".join(
        _jsx_open("LinkCard", ['href="/x9-target/"', f'title="{t}"', f'description="{d}"'],
                  multiline, indent, " />") for t, d in links)
    text = (f"---\ntitle: Guide\n---\n\nimport {{ Card }} from 'x9kit';\n\n## Features\n\n"
            f"Intro words here.\n\n<CardGrid>\n{cards}\n</CardGrid>\n\n## Links\n\n"
            f"<CardGrid>\n{link_cards}\n</CardGrid>\n\nClosing words here.\n")
    doc = _load(text.encode(), "guide.mdx")
    passages = _check(doc)
    for t, d in items:
        held = _held(passages, f"Features > {' '.join(t.split())}")
        assert re.findall(r"\w+", held) == re.findall(r"\w+", f"{t} {d}")
    read = "\n".join(p.plain_text() for p in passages)
    for syntax in ("x9", "{", "}", "<", "="):
        assert syntax not in read
    assert not any(line.strip() in (">", "/>") for line in read.split("\n"))
    for p in passages:  # nor is any quoted sentence cut inside a tag
        for a, b in sentence_spans(p.text):
            assert not re.search(r"x9|[<>{}=]", p.plain_at(p.text, a, b))
    links_read = re.findall(r"\w+", _held(passages, "Links"))
    assert links_read[1:-3] == [  # between the heading and "Closing words here."
        w for t, d in links for w in re.findall(r"\w+", f"{t} {d}")]
    assert "Closing words here." in passages[-1].plain_text()


@SETTINGS
@given(st.lists(word, min_size=1, max_size=12), st.lists(word, min_size=1, max_size=12),
       st.sampled_from(sorted(BLOCK_ELEMENTS)), st.sampled_from(["<{}>", "</{}>", "<{} class=\"x\">"]),
       st.sampled_from(["`", "``"]))
def test_an_html_tag_in_a_code_span_never_ends_a_sentence(before, after, element, shape, ticks):
    """A docs sentence naming an HTML element in code ("the contents of the `<div>` will
    not display") is one sentence: only a real tag of a block element parts sentences."""
    tag = shape.format(element)
    sentence = f"{' '.join(before)} {ticks}{tag}{ticks} {' '.join(after)}."
    text = f"{sentence}\n\n<{element}>Shown words.</{element}>" if element not in ("br", "hr") \
        else sentence
    spans = [text[a:b] for a, b in sentence_spans(text)]
    assert spans[0] == sentence


@SETTINGS
@given(st.lists(word, min_size=1, max_size=12), st.sampled_from(sorted(BLOCK_ELEMENTS)),
       st.sampled_from(["<{}>", "<{} onClick={{() => {{ /* first */ }}}}>", "<{} class=\"x\">",
                        "<Panel>"]),
       st.sampled_from(["js", "html", "jsx", ""]), st.sampled_from(["```", "~~~", "````"]))
def test_tags_in_a_fenced_code_block_end_no_sentence(intro, element, shape, info, fence):
    """React's docs show JSX in fences (`<div onClickCapture={() => { /* ... */ }}>`): the
    tags are code, the block one sentence whole; the sentence above it stays its own."""
    assume(re.search(r"\w", " ".join(intro)))  # "’:" says nothing: no sentence of its own
    tag = shape.format(element)
    closing = "</Panel>" if tag == "<Panel>" else f"</{element}>"
    code = f"{fence}{info}\n{tag}\n  <button onClick={{e => e.stopPropagation()}} />\n{closing}\n{fence}"
    sentence = f"{' '.join(intro)}:"
    text = f"{sentence}\n\n{code}\n\nEach event propagates in three phases."
    spans = [text[a:b] for a, b in sentence_spans(text)]
    assert spans == [sentence, code, "Each event propagates in three phases."]


@SETTINGS
@given(st.lists(st.integers(0, 999), min_size=1, max_size=5),
       st.sampled_from(["", "Chapter ", "Table ", "Example ", "Section "]),
       st.lists(name, min_size=1, max_size=6), paragraph)
def test_a_numbered_heading_or_caption_is_one_sentence(numbers, label, title, body):
    """DocBook and Sphinx number their headings and captions ("5.11.2. Example",
    "Chapter 5. Data Definition", "Table 13.2. Conflicting Lock Modes"): the number's
    period ends no sentence, so the heading reads whole (and is known as the heading)."""
    assume(title[0][0].isupper() or title[0][0].isdigit())
    heading = f"{label}{'.'.join(map(str, numbers))}. {' '.join(title)}"
    text = f"{heading}\n\n{body}"
    spans = [text[a:b] for a, b in sentence_spans(text)]
    assert spans[0] == heading


@SETTINGS
@given(paragraph, st.sampled_from(["E.g.", "e.g.", "I.e.", "i.e."]),
       st.lists(name, min_size=1, max_size=8))
def test_an_abbreviation_opening_a_sentence_ends_none(before, abbrev, words):
    """"E.g. If the input contained this filepair:" is one sentence, as "e.g." inside one is."""
    assume(words[0][0].isupper())
    sentence = f"{abbrev} {' '.join(words)}."
    text = f"{before} {sentence}" if before.rstrip()[-1:] in ".!?" else f"{before}. {sentence}"
    spans = [text[a:b] for a, b in sentence_spans(text)]
    assert spans[-1].endswith(sentence) and abbrev in spans[-1]


@SETTINGS
@given(st.integers(3, 6), st.lists(st.tuples(name, paragraph), min_size=1, max_size=3),
       st.sampled_from(["tip", "note", "warning"]), paragraph)
def test_nested_blocks_read_as_their_labels(slashes, tabs, kind, inner):
    """pymdownx blocks nest by their slashes (`//// tab | Python 3.10+` holding a `/// tip`):
    a tab reads as its label, an admonition as its kind, and no slash line is text."""
    assume(all(re.search(r"\w", t) and "|" not in t for t, _ in tabs))
    outer, mark = "/" * (slashes + 1), "/" * slashes
    body = "\n\n".join(f"{outer} tab | {t}\n\n{mark} {kind}\n\n{inner}\n\n{mark}\n\n{p}\n\n{outer}"
                       for t, p in tabs)
    doc = _load(f"# Guide\n\nIntro words here.\n\n{body}\n".encode(), "guide.md")
    read = "\n".join(p.plain_text() for p in _check(doc))
    assert not any(line.strip().startswith("///") for line in read.split("\n"))
    for t, _ in tabs:
        assert f"{' '.join(t.split())}:\n{kind.capitalize()}:" in read


code_line = st.lists(st.sampled_from([
    "calls[0][0]", "x[i][j]", "[a][b]", "!!! note", "/// tip", "////", "=== \"Tab\"",
    "[!NOTE]", "::: tip", ":::", "///////", "print(x)", "# comment", "y = 1", "foo"]),
    min_size=1, max_size=4).map(" ".join)


@SETTINGS
@given(st.lists(code_line, min_size=1, max_size=6), st.sampled_from(["", "python", "md"]))
def test_a_fenced_code_block_reads_as_written(lines, language):
    """Code shows as written: `mock.calls[0][0]` is no pair of reference links, and an
    admonition's or block's syntax in a code example (`!!! note`, `/// tip`, `:::`) is
    the example's text, not an admonition."""
    code = "\n".join(lines)
    text = f"# Guide\n\nThe example below shows it.\n\n```{language}\n{code}\n```\n"
    shown = "\n".join(p.plain_text() for p in _check(_load(text.encode(), "guide.md")))
    assert all(line.strip() in shown for line in lines)


ascii_word = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyz")), min_size=2, max_size=9)


@SETTINGS
@given(st.sampled_from(["Note", "Tip", "Warning", "Important"]),
       st.lists(st.lists(ascii_word, min_size=3, max_size=12).map(" ".join), min_size=1, max_size=4),
       st.integers(1, 3), st.booleans())
def test_a_box_laid_out_as_a_one_row_table_reads_as_a_labelled_paragraph(label, sentences, rows,
                                                                          in_term):
    """AsciiDoc lays out an admonition as a table of one row, its label and its text: it
    reads "Note: ...", each sentence a sentence as in the text alone, also inside a
    definition list's `<dd>` (ELinks' Lua functions: trafilatura left the label's words
    and a loose cell there, "WarningThe tmpname function ..."). A table of more rows is
    data: it stays rows of cells."""
    text = " ".join(s.capitalize() + "." for s in sentences)
    row = f'<tr><td class="icon"><div class="title">{label}</div></td><td class="content">{text}</td></tr>'
    box = f"<div class=\"admonitionblock\"><table>{row * rows}</table></div>"
    if in_term:
        box = (f"<dl><dt>tmpname ()</dt><dd><p>{'Returns a unique name for a file here. ' * 3}"
               f"</p>{box}</dd><dt>other ()</dt><dd><p>Does another thing.</p></dd></dl>")
    html = ("<html><body><h1>Guide</h1><p>" + "Some words about the guide here. " * 6 + "</p>"
            f"{box}<p>" + "Closing words of the guide. " * 4 + "</p></body></html>")
    doc = _load(html.encode(), "guide.html")
    _check(doc)
    if in_term and rows > 1:
        return  # rows of a table in a list item read as trafilatura leaves them
    if rows == 1:
        assert f"{label}: {text}" in doc.text
        # each sentence as the text alone splits ("Aa vs. Bb." is one: "vs." ends none)
        alone = [text[a:b] for a, b in sentence_spans(text)]
        spans = [doc.text[a:b] for a, b in sentence_spans(doc.text)]
        assert all(any(x.endswith(s) for x in spans) for s in alone)
    else:
        assert f"{label} | {text}" in doc.text


@SETTINGS
@given(st.lists(st.lists(ascii_word, min_size=3, max_size=10).map(" ".join), min_size=1, max_size=3),
       st.lists(st.lists(ascii_word, min_size=2, max_size=6).map(" ".join), min_size=1, max_size=4),
       st.lists(st.lists(ascii_word, min_size=3, max_size=10).map(" ".join), max_size=3),
       st.sampled_from(["dl", "ul"]), st.sampled_from(["ul", "ol"]), st.booleans())
def test_a_list_nested_in_an_item_reads_where_it_stands(before, items, after, outer, inner, quoted):
    """A list inside a list item or a term's description (Sphinx's "It can be either:",
    the choices, "It defaults to: ..." after them) reads between the item's paragraphs
    around it, each paragraph a block of its own; the words after the list never come
    before it."""
    def paragraphs(texts, tag):
        return "".join(f"<p>{t.capitalize()} {tag}{i}.</p>" for i, t in enumerate(texts))

    nested = f"<{inner}>" + "".join(f"<li><p>{t} item{i}</p></li>" for i, t in enumerate(items)) + f"</{inner}>"
    if quoted:  # docutils indents a list inside a description as a blockquote
        nested = f"<blockquote><div>{nested}</div></blockquote>"
    body = paragraphs(before, "opening") + nested + paragraphs(after, "closing")
    entry = (f'<dl class="py attribute"><dt id="x">iterator</dt><dd>{body}</dd></dl>'
             if outer == "dl" else f"<ul><li>{body}</li></ul>")
    html = ("<html><body><h1>Guide</h1><p>" + "Some words about the guide here. " * 6 + "</p>"
            f"{entry}<p>" + "Closing words of the guide. " * 4 + "</p></body></html>")
    doc = _load(html.encode(), "guide.html")
    _check(doc)
    read = [f"{t.capitalize()} opening{i}." for i, t in enumerate(before)] \
        + [f"{t} item{i}" for i, t in enumerate(items)] \
        + [f"{t.capitalize()} closing{i}." for i, t in enumerate(after)]
    at = [doc.text.find(r) for r in read]
    assert -1 not in at and at == sorted(at)
    for r in read[:len(before)] + read[len(before) + len(items):]:  # a paragraph is a block
        assert any(doc.text[b.start:b.end].rstrip().endswith(r) for b in doc.blocks)


@SETTINGS
@given(st.sampled_from(["Note", "Warning", "See also", "Keep in Mind"]),
       st.lists(st.lists(ascii_word, min_size=3, max_size=12).map(" ".join), min_size=1, max_size=3),
       st.sampled_from(["admonition note", "admonition warning", "admonition"]),
       st.booleans())
def test_an_admonition_title_labels_the_paragraph_after_it(label, sentences, kind, listed):
    """Sphinx and Python-Markdown write a box's title as a paragraph (`<p
    class="admonition-title">Note</p>`): it reads as the label of the paragraph after it,
    "Note: ...", as a Markdown admonition reads; a box opening with a list keeps the title
    as a paragraph of its own."""
    body = " ".join(s.capitalize() + "." for s in sentences)
    inner = f"<ul><li>{body}</li></ul>" if listed else f"<p>{body}</p>"
    html = ("<html><body><h1>Guide</h1><p>" + "Some words about the guide here. " * 6 + "</p>"
            f'<div class="{kind}"><p class="admonition-title">{label}</p>{inner}</div>'
            "<p>" + "Closing words of the guide. " * 4 + "</p></body></html>")
    doc = _load(html.encode(), "guide.html")
    _check(doc)
    if listed:
        assert any(doc.text[b.start:b.end] == label for b in doc.blocks)
        assert f"- {body}" in doc.text
    else:
        assert f"{label}: {body}" in doc.text
        assert not any(doc.text[b.start:b.end] == label for b in doc.blocks)


@SETTINGS
@given(st.lists(st.tuples(st.lists(ascii_word, min_size=2, max_size=4).map(" ".join),
                          st.lists(st.lists(ascii_word, min_size=4, max_size=14).map(" ".join),
                                   min_size=1, max_size=3)),
                min_size=3, max_size=6, unique_by=lambda s: s[0]),
       st.integers(3, 9), st.integers(0, 3), st.booleans())
def test_a_text_laid_out_for_print_reads_as_its_pages_show_it(sections, lines_per_page, indent,
                                                              cut):
    """A plain text in pages (form feeds, a running header and a "[Page N]" footer, as an
    RFC is): the running lines are no text, numbered headings head sections, every
    paragraph reads whole and in order, one cut by a page break too."""
    pad = " " * indent
    body: list[str] = []
    for n, (name, paragraphs) in enumerate(sections, 1):
        body += [f"{n}.  {name.capitalize()}", ""]
        for p in paragraphs:
            words = p.split()
            body += [pad + " ".join(words[i:i + 5]) for i in range(0, len(words), 5)]
            body[-1] += "."
            body.append("")
    pages, page = [], []
    for line in body:
        page.append(line)
        if len(page) >= lines_per_page and (cut or not line):
            pages.append(page)
            page = []
    pages.append(page)
    assume(len(pages) >= 3)
    text = "Network Working Group                                  A. Author\n\n"
    text += "\f\n".join(
        ("" if i == 0 else "RFC 9999             A Memo in Pages             May 2030\n\n")
        + "\n".join(p) + f"\n\nAuthor                                          [Page {i + 1}]\n"
        for i, p in enumerate(pages))
    doc = _load(text.encode(), "memo.txt")
    _check(doc)
    assert "[Page" not in doc.text and "A Memo in Pages" not in doc.text
    at = 0
    for n, (name, paragraphs) in enumerate(sections, 1):
        heading = f"{n}. {name.capitalize()}"
        assert any(b.section.split(" > ")[-1] == heading for b in doc.blocks)
        for p in paragraphs:
            found = doc.text.find(p + ".", at)  # whole, on one line of words, in order
            assert found >= 0
            at = found


@SETTINGS
@given(st.lists(st.one_of(
    st.lists(ascii_word, min_size=3, max_size=14).map(lambda ws: " ".join(ws).capitalize() + "."),
    st.lists(ascii_word, min_size=1, max_size=5).map(lambda ws: "A " + " ".join(ws)),
    st.lists(ascii_word, min_size=1, max_size=5).map(lambda ws: "I " + " ".join(ws)),
    st.builds(lambda n, ws: f"{n} " + " ".join(ws), st.integers(1, 12),
              st.lists(ascii_word, min_size=1, max_size=4))), min_size=1, max_size=12))
def test_notes_in_plain_text_read_as_written(paragraphs):
    """A plain text with neither pages nor numbered sections ("A short note", "2 eggs",
    "I agree" on lines of their own) reads as written: every paragraph a block of the
    file's text, no section."""
    text = "\n\n".join(paragraphs) + "\n"
    doc = _load(text.encode(), "notes.txt")
    assert doc.text == text
    assert all(b.section == "" for b in doc.blocks)


@SETTINGS
@given(st.lists(ascii_word, min_size=3, max_size=12).map(lambda ws: " ".join(ws).capitalize() + ":"),
       st.lists(st.builds(lambda a, b: f"{a} = {b}(1)", ascii_word, ascii_word),
                min_size=1, max_size=4),
       st.lists(ascii_word, min_size=3, max_size=12).map(lambda ws: " ".join(ws).capitalize() + "."),
       st.sampled_from(["```", "``` bash", "```python", "~~~", "````"]))
def test_a_fence_right_under_or_over_a_paragraph_line_is_no_part_of_its_sentence(
        before, lines, after, fence):
    """A README writes its example right under the sentence that introduces it and goes
    on right under the closing fence, no blank line between (fd's README): the sentence
    above, the code and the sentence below are read apart, and none reads with the
    fence's marks."""
    from collabqa.corpus import quotable

    closing = fence.split()[0].rstrip("bashpython")
    code = "\n".join(lines)
    text = f"# Guide\n\n{before}\n{fence}\n{code}\n{closing}\n{after}\n"
    passage = Passage("a.md#0", "a", "Guide", text, "a.md", 0, len(text))
    read = [passage.plain_at(text, a, b) for a, b in quotable(text, sentence_spans(text))]
    assert before.rstrip(":") in " ".join(read)
    assert after in read
    assert not any("```" in r or "~~~" in r for r in read)
    assert any(" ".join(r.split()) == " ".join(code.split()) for r in read)


@SETTINGS
@given(st.lists(name, min_size=1, max_size=4, unique=True), paragraph)
def test_a_link_whose_text_is_in_brackets_reads_as_its_text(labels, body):
    """`[[Blog]](https://...)`, as Whisper's README links its paper and blog: a link whose
    text is "[Blog]" (CommonMark), read as that text, never as its address."""
    links = "\n".join(f"[[{label}]](https://example.org/secret-url-{i})"
                      for i, label in enumerate(labels))
    text = f"# Tool\n\n{links}\n\n{body}\n"
    shown = "\n".join(p.plain_text() for p in _check(_load(text.encode(), "README.md")))
    assert "secret-url" not in shown
    assert all(f"[{label}]" in shown for label in labels)


@SETTINGS
@given(st.lists(st.lists(ascii_word, min_size=3, max_size=10).map(lambda ws: " ".join(ws).capitalize() + "."),
                min_size=2, max_size=4), st.sampled_from(["!", ""]), paragraph)
def test_a_link_or_image_text_of_several_sentences_is_one_sentence(alt, bang, after):
    """pnpm's docs describe each illustration in its alt text, several sentences long:
    that text is one sentence, read without the image's syntax or address."""
    from collabqa.corpus import quotable

    text = f"# Guide\n\n{bang}[{' '.join(alt)}](/img/secret-figure.svg)\n\n{after}\n"
    passage = Passage("a.md#0", "a", "Guide", text, "a.md", 0, len(text))
    read = [passage.plain_at(text, a, b) for a, b in quotable(text, sentence_spans(text))]
    assert " ".join(alt) in read
    assert not any("secret-figure" in r or "](" in r for r in read)


@SETTINGS
@given(st.lists(st.lists(ascii_word, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=8,
                unique=True), st.booleans())
def test_a_table_row_read_alone_shows_its_reference_links_as_text(labels, full):
    """A feature table whose first cells link by reference (`| [Workspace support] | ... |`,
    the definitions below the table): each row, read alone as the sentence it is, shows
    the label without brackets, as the page does."""
    from collabqa.corpus import quotable, worded

    cells = [f"[{label}][]" if full else f"[{label}]" for label in labels]
    rows = "\n".join(f"| {cell} | yes | no |" for cell in cells)
    defs = "\n".join(f"[{label}]: ./page-{i}.md" for i, label in enumerate(labels))
    text = f"# Features\n\n| Feature | pnpm | npm |\n|---|---|---|\n{rows}\n\n{defs}\n"
    passage = Passage("a.md#0", "a", "Features", text, "a.md", 0, len(text))
    kept = worded(passage, quotable(text, sentence_spans(text)))
    read = [passage.plain_at(text, a, b) for a, b in kept]
    for label in labels:
        assert f"{label} | yes | no" in read
    assert not any("[" in r for r in read)


@SETTINGS
@given(st.lists(st.tuples(ascii_word, ascii_word, ascii_word), min_size=1, max_size=8,
                unique_by=lambda r: r[0]), st.booleans())
def test_a_table_row_without_its_closing_pipe_reads_alone_as_its_cells(rows, closed):
    """GitHub's tables may leave a row's closing pipe out (Chart.js's option tables:
    "| min | `number`\\|`string` | User defined minimum ..."): each row, read alone as the
    sentence it is, or cut from its header, shows its cells, an escaped pipe as a pipe."""
    from collabqa.corpus import quotable, worded

    end = " |" if closed else ""
    body = "\n".join(f"| {name} | `{a}`\\|`{b}` | Sets {name}.{end}" for name, a, b in rows)
    text = f"# Options\n\n| Name | Type | Description{end}\n| --- | --- | ---{end}\n{body}\n"
    passage = Passage("a.md#0", "a", "Options", text, "a.md", 0, len(text))
    spans = worded(passage, quotable(text, sentence_spans(text)))
    read = [passage.plain_at(text, a, b) for a, b in spans]
    for name, a, b in rows:
        assert f"{name} | {a}|{b} | Sets {name}." in read
    cut = body.split("\n", 1)[-1] if len(rows) > 1 else body  # rows cut from the header
    shown = Passage("a.md#1", "a", "Options", cut, "a.md", 0, len(cut)).plain_text()
    assert "`" not in shown and not any(line.startswith("|") for line in shown.split("\n"))


@SETTINGS
@given(st.lists(st.tuples(ascii_word, ascii_word), min_size=1, max_size=4),
       st.sampled_from(['```yaml title="ci.yaml"', "```yaml", "~~~", "```"]), paragraph)
def test_a_fence_line_alone_is_no_sentence(items, fence, intro):
    """A YAML example of list items (`- name: ...`) is cut into sentences at its items;
    its opening fence line, left alone, says nothing and is not quoted."""
    from collabqa.corpus import quotable, worded

    body = "\n".join(f"- {k}: {v}\n  run: echo {v}" for k, v in items)
    closing = fence.split()[0].removesuffix("yaml")
    text = f"# Guide\n\n{intro}\n\n{fence}\n{body}\n{closing}\n"
    passage = Passage("a.md#0", "a", "Guide", text, "a.md", 0, len(text))
    kept = worded(passage, quotable(text, sentence_spans(text)))
    read = [passage.plain_at(text, a, b) for a, b in kept]
    assert not any(r.strip().startswith(("```", "~~~")) for r in read)
    assert all(any(f"{k}: {v}" in r for r in read) for k, v in items)


@SETTINGS
@given(st.lists(st.lists(st.builds(lambda a, b: f"RUN {a} --{b} ./{a}", ascii_word, ascii_word),
                         min_size=1, max_size=3), min_size=1, max_size=4),
       st.sampled_from(["```Dockerfile", "```", "~~~", "````bash"]), st.sampled_from(["   ", "    "]),
       paragraph, st.sampled_from(["", "    "]))
def test_a_passage_opening_at_a_list_items_fence_reads_its_code_without_fences(
        chunks, fence, indent, after, blank):
    """A passage may open at a list item's code fence, cut at its backticks (Rye's Docker
    guide: "2. Create a `Dockerfile` ..." then an indented fence); its closing fence is
    still indented. Each sentence of the code reads as its code, never with a fence mark
    (a closing fence indented four spaces would read as code)."""
    from collabqa.corpus import quotable, worded

    closing = fence.removesuffix("Dockerfile").removesuffix("bash")
    body = f"\n{blank}\n".join("\n".join(indent + line for line in chunk) for chunk in chunks)
    doc = f"# Guide\n\n1. Make a file:\n\n{indent}{fence}\n{body}\n{indent}{closing}\n\n{indent}{after}\n"
    text = doc[doc.index(fence):]  # the passage, as `chunk` cuts it at the fence
    passage = Passage("a.md#1", "a", "Guide", text, "a.md", doc.index(fence), len(doc))
    read = [passage.plain_at(text, a, b) for a, b in worded(passage, quotable(text, sentence_spans(text)))]
    assert not any("```" in r or "~~~" in r for r in read)
    for chunk in chunks:
        assert any(" ".join(r.split()).endswith(" ".join(chunk)) for r in read)


@SETTINGS
@given(st.lists(st.builds(lambda a, b: f"helm repo add {a} https://{b}.example/charts", ascii_word,
                          ascii_word), min_size=1, max_size=4),
       st.sampled_from(["```sh", "```", "~~~"]), st.sampled_from(["   ", "    "]),
       st.sampled_from(["   ", "    "]), paragraph)
def test_a_list_items_whole_fenced_block_reads_without_fences(lines, fence, indent, inner, after):
    """KEDA's deploy guide indents a list item's fence four spaces and its code three
    ("1. ... repository:" then "    ```sh", "   helm repo add ...", "    ```"): quoted as one
    sentence, the block's opening indent went with the trim, and its closing line, still
    four spaces in, read as code ("helm repo update ```"). A whole fenced block reads as
    its code, never with a fence mark."""
    from collabqa.corpus import quotable, worded

    closing = fence.removesuffix("sh")
    body = "\n".join(inner + line for line in lines)
    text = (f"Installing\n\n1. First add the repository:\n\n{indent}{fence}\n{body}\n"
            f"{indent}{closing}\n\n2. {after}\n")
    passage = Passage("a.md#1", "a", "Installing", text, "a.md", 0, len(text))
    read = [passage.plain_at(text, a, b) for a, b in worded(passage, quotable(text, sentence_spans(text)))]
    assert not any("```" in r or "~~~" in r for r in read)
    assert any(" ".join(r.split()) == " ".join(lines) for r in read)


@SETTINGS
@given(st.lists(st.tuples(st.lists(ascii_word, min_size=1, max_size=3).map(" ".join),
                          st.lists(ascii_word, min_size=1, max_size=3).map(" ".join),
                          st.sampled_from(["", ":term:", ":ref:", ":pep:"])),
                min_size=1, max_size=6), st.booleans())
def test_a_grid_table_with_roles_in_its_cells_reads_row_by_row(rows, broken):
    """The Python Packaging User Guide's comparison tables write Sphinx roles in their
    cells (":term:`Wheels <Wheel>`", ":file:`egg-info`"), some broken over a cell's two
    lines: the roles are read within their cells, so the table stays a table, each row
    its cells' words."""
    def shown(label, role):
        return f"PEP {len(label)}" if role == ":pep:" else label

    def written(label, role):
        if role == ":pep:":
            return f":pep:`{len(label)}`"
        return f"{role}`{label} <target-{len(label)}>`" if role else label

    cells = [(written(label, role), value) for label, value, role in rows]
    width = max(max(len(a) for a, _ in cells), 28) + 2  # "Installs from :term:`Wheels" fits
    rule = "+" + "-" * width + "+" + "-" * width + "+"
    lines = [rule]
    for a, b in cells:
        lines += [f"|{a.ljust(width)}|{b.ljust(width)}|", rule]
    if broken:  # a role over two lines of its cell, as the guide writes "Installs from :term:`Wheels"
        lines += ["|Installs from :term:`Wheels".ljust(width + 1) + "|" + "Yes".ljust(width) + "|",
                  "|<Wheel>`".ljust(width + 1) + "|" + " " * width + "|", rule]
    text = "Comparison\n==========\n\nThe tools compared:\n\n" + "\n".join(lines) + "\n\nAfter the table.\n"
    doc = _load(text.encode(), "compare.rst")
    read = " ".join(doc.text.split())
    for (label, value, role) in rows:
        assert f"{shown(label, role)} | {value}" in read
    if broken:
        assert "Installs from Wheels | Yes" in read
    assert "`" not in doc.text and "After the table." in read


@SETTINGS
@given(st.lists(st.tuples(st.lists(ascii_word, min_size=1, max_size=3).map(" ".join),
                          st.lists(ascii_word, min_size=1, max_size=3).map(" ".join),
                          st.sampled_from(["", ":ref:", ":meth:", ":pep:"]),
                          st.sampled_from(["", ":ref:", ":meth:"])),
                min_size=1, max_size=6), st.integers(2, 6))
def test_a_simple_table_with_roles_in_its_cells_reads_row_by_row(rows, gap):
    """Altair's table of marks writes a role in each of its first two columns
    (":ref:`user-guide-arc-marks`  :meth:`~Chart.mark_arc`  A pie chart."): read over the
    whole line, the first role shrank to its words, pulled the next column's text into
    the first, and docutils dropped the table as malformed. Each cell's role is read
    within its column, so the table reads a row a line, each row its cells' words."""
    def shown(label, role):
        return f"PEP {len(label)}" if role == ":pep:" else label.replace(" ", "_")

    def written(label, role):
        if role == ":pep:":
            return f":pep:`{len(label)}`"
        target = label.replace(" ", "_")
        return f"{role}`~Chart.{target}`" if role == ":meth:" else (
            f"{role}`{target}`" if role else target)

    cells = [(written(a, r1), written(b, r2), "Its value.") for a, b, r1, r2 in rows]
    widths = [max(len(c[k]) for c in cells + [("Mark", "Method", "Description")])
              for k in range(3)]
    border = (" " * gap).join("=" * w for w in widths)
    lines = [border, (" " * gap).join(h.ljust(w) for h, w in
                                      zip(("Mark", "Method", "Description"), widths)), border]
    lines += [(" " * gap).join(c.ljust(w) for c, w in zip(cell, widths)).rstrip()
              for cell in cells]
    text = ("Marks\n=====\n\nThe mark types:\n\n" + "\n".join(lines) + "\n" + border
            + "\n\nAfter the table.\n")
    doc = _load(text.encode(), "marks.rst")
    read = doc.text.split("\n")
    assert "Mark | Method | Description" in read
    for a, b, r1, r2 in rows:
        assert f"{shown(a, r1)} | {shown(b, r2)} | Its value." in read
    assert "`" not in doc.text and "After the table." in read


python_name = ascii_word.filter(lambda w: not keyword.iskeyword(w))


@SETTINGS
@given(st.sampled_from(["altair-plot", "bokeh-plot", "exec-code", "runblock"]),
       st.lists(st.tuples(python_name, python_name, python_name), min_size=1, max_size=5),
       st.lists(ascii_word, min_size=3, max_size=12).map(lambda ws: " ".join(ws).capitalize() + "."),
       st.booleans())
def test_a_directive_that_runs_python_reads_as_its_code(name, calls, prose, myst):
    """Altair's `.. altair-plot::` (Bokeh's `bokeh-plot`, any extension's directive that
    runs its body) holds Python: read as prose, each line became a paragraph ("import
    altair as alt from altair.datasets import data", ")" alone). A body that parses as
    Python and calls, assigns or imports reads as one code block, line for line; a body
    of prose stays prose, in MyST's fences too."""
    code_lines = [f"import {calls[0][0]}"] + [
        f"{a} = {b}.{c}(\n    {a}=1,\n)" for a, b, c in calls]
    code = "\n".join(code_lines)
    if myst:
        text = (f"# Charts\n\n{prose}\n\n```{{{name}}}\n{code}\n```\n\n"
                f"```{{{name}}}\n{prose}\n```\n")
        doc = _load(text.encode(), "charts.md")
    else:
        body = "\n".join("    " + line if line else "" for line in code.split("\n"))
        text = (f"Charts\n======\n\n{prose}\n\n.. {name}::\n\n{body}\n\n"
                f".. {name}::\n\n    {prose}\n")
        doc = _load(text.encode(), "charts.rst")
    # A Markdown block is its source (a fence a "code" block whatever it holds), read as
    # the page shows it (`as_read`); a reST block is as read, its kind what it shows.
    read = [as_read(doc.text[b.start:b.end], doc.source) for b in doc.blocks]
    lines = [[line.strip() for line in text.strip().split("\n")] for text in read]
    assert [line.strip() for line in code.split("\n")] in lines, (read, code)
    assert sum(1 for text in read if text.strip() == prose) == 2  # the paragraph and the body
    if not myst:
        assert code in [doc.text[b.start:b.end].strip() for b in doc.blocks if b.kind == "code"]


@SETTINGS
@given(st.lists(st.integers(0, 40), min_size=1, max_size=3).map(lambda ns: ".".join(map(str, ns))),
       st.sampled_from([("+++", "Added"), ("+/-", "Changed"), ("---", "Removed")]),
       st.lists(st.lists(ascii_word, min_size=3, max_size=12).map(lambda ws: " ".join(ws).capitalize() + "."),
                min_size=1, max_size=4).map(" ".join),
       st.booleans())
def test_a_version_note_reads_as_the_note_its_page_shows(version, mark, body, listed):
    """mkdocs-version-annotations (Rye's command pages): `+++ 0.20.0` under a page's title
    is the note "Added in version 0.20.0." its page shows, `+/- 0.4.0` "Changed in ...",
    `--- 1.0` "Removed in ...", in a list item too. It is text, never the page's byline
    (a byline stays a passage of its own), and its marks are no text."""
    from collabqa.corpus import quotable, worded

    symbol, word = mark
    note = f"    {symbol} {version}" if listed else f"{symbol} {version}"
    lead = "* Run it with care.\n\n" if listed else ""
    text = f"# `tool`\n\n{lead}{note}\n\n{body}\n\n## Options\n\n{body}\n"
    passages = _check(_load(text.encode(), "tool.md"))
    assert all(p.kind != "byline" for p in passages)
    shown = "\n".join(p.plain_text() for p in passages)
    assert f"{word} in version {version}." in shown
    assert symbol not in shown
    read = [p.plain_at(p.text, a, b) for p in passages
            for a, b in worded(p, quotable(p.text, sentence_spans(p.text)))]
    assert f"{word} in version {version}." in read


@SETTINGS
@given(st.lists(st.integers(0, 40), min_size=1, max_size=3).map(lambda ns: ".".join(map(str, ns))),
       st.sampled_from(["+++", "+/-", "---"]),
       st.lists(ascii_word, min_size=3, max_size=8).map(" ".join),
       ascii_word, st.booleans())
def test_a_version_notes_indented_text_reads_as_text(version, symbol, words, flag, listed):
    """mkdocs-version-annotations writes a note's text indented under it, as an
    admonition's ("+/- 0.26.0" then "    Renamed from `-i` to `-s`."): the page shows
    it as the note's text, not as code, so its code spans read without backticks; the
    text after the note, back at its indent, is the page's own again."""
    note = f"    {symbol} {version}" if listed else f"{symbol} {version}"
    indent = "        " if listed else "    "
    lead = "* Run it with care.\n\n" if listed else ""
    sentence = f"{words.capitalize()} with `--{flag}` now."
    text = f"# `tool`\n\n{lead}{note}\n\n{indent}{sentence}\n\nAfter the note.\n"
    passages = _check(_load(text.encode(), "tool.md"))
    shown = " ".join(" ".join(p.plain_text() for p in passages).split())
    assert f"{words.capitalize()} with --{flag} now." in shown
    assert "`" not in shown and "After the note." in shown


@SETTINGS
@given(st.lists(st.tuples(ascii_word, st.lists(ascii_word, min_size=3, max_size=8).map(" ".join),
                          ascii_word, st.booleans(), st.booleans()),
                min_size=1, max_size=4, unique_by=lambda e: e[0]),
       st.sampled_from([" ", "   "]))
def test_a_definition_under_a_heading_reads_as_its_text(entries, gap):
    """Python-Markdown's def_list (MkDocs: Paperless-ngx's settings) takes a heading as a
    definition's term: `#### NAME` then `: Port to use ...`, a later `: ` paragraph and
    paragraphs indented under it (`    Defaults to `5432`.`) are the definition's text.
    None reads as code (no backticks left), no `:` mark shows, each sentence is quoted as
    the page shows it; the page's text after the definitions is its own again."""
    from collabqa.corpus import quotable, worded

    parts = ["# Configuration", ""]
    for name, words, value, second, wrapped in entries:
        parts += [f"#### `SETTING_{name.upper()}`", "", f":{gap}{words.capitalize()}."]
        if wrapped:  # a lazy line of the same paragraph
            parts += ["It goes on here."]
        if second:
            parts += ["", f":{gap}Set it to `off` to stop {name}."]
        parts += ["", f"    Defaults to `{value}`.", ""]
    parts += ["## After", "", "Closing words here.", ""]
    passages = _check(_load("\n".join(parts).encode(), "configuration.md"))
    read = [" ".join(p.plain_at(p.text, a, b).split()) for p in passages
            for a, b in worded(p, quotable(p.text, sentence_spans(p.text)))]
    for name, words, value, second, _ in entries:
        held = _held(passages, f"SETTING_{name.upper()}")
        assert "`" not in held and not held.lstrip().startswith(":")
        assert f"Defaults to {value}." in held and _words(words.capitalize()) in _words(held)
        assert f"Defaults to {value}." in read
        if second:
            assert f"Set it to off to stop {name}." in read
    assert not any(r.startswith(":") for r in read)
    assert _held(passages, "After").endswith("Closing words here.")


@SETTINGS
@given(named_paragraphs, st.sampled_from(["", "  "]), st.sampled_from([" ", "   "]))
def test_a_markdown_definition_list_term_heads_its_definition(items, indent, gap):
    """Hugo's Goldmark, mdBook, Pandoc and Material for MkDocs' def_list write a glossary
    as `term` then `: definition`: each term is a section of its own holding its
    definition, and no reader sees the `:` marker (before, the terms ran into the text)."""
    body = "\n\n".join(f"{term}\n{indent}:{gap}{definition}" for term, definition in items)
    text = f"# Glossary\n\n## Terms\n\n{body}\n\n## After\n\nClosing words here.\n"
    passages = _check(_load(text.encode(), "glossary.md"))
    for term, definition in items:
        held = _held(passages, f"Terms > {term}")
        assert _words(definition) in _words(held)
        assert not held.lstrip().startswith(":")
    assert passages[-1].section == "After"


@SETTINGS
@given(st.lists(code_line, min_size=1, max_size=6),
       st.lists(st.lists(ascii_word, min_size=1, max_size=5).map(" ".join), min_size=1,
                max_size=4),
       st.sampled_from(["rust", "rust,ignore", "rust,no_run", "python", "toml"]))
def test_the_lines_mdbook_hides_in_rust_examples_read_as_nothing(lines, hidden, language):
    """In Rust code mdBook and rustdoc hide a line opening with `# ` (`# use
    pyo3::prelude::*;`); in any other language `#` is code (a comment) and shows."""
    shown_lines = [line for line in lines if not line.lstrip().startswith("#")]
    assume(any(line.strip() for line in shown_lines))
    code = "\n".join([f"# {h}" for h in hidden] + shown_lines)
    text = f"# Guide\n\nThe example below shows it.\n\n```{language}\n{code}\n```\n"
    read = "\n".join(p.plain_text() for p in _check(_load(text.encode(), "guide.md")))
    assert all(line.strip() in read for line in shown_lines)
    rust = language.startswith("rust")
    assert all((f"# {h}" in read) != rust for h in hidden)


@SETTINGS
@given(paragraph, paragraph, st.lists(ascii_word, min_size=2, max_size=6), st.integers(1, 3),
       st.booleans())
def test_a_placeholder_run_onto_the_next_lines_is_no_text(before, after, args, lines, braced):
    """Polars' guide calls a macro that shows code from elsewhere, `{{code_block('x',
    'y', [],` then `'z')}}` on the next line, ESLint's an object's lines between
    `{{ npm_tabs({` and `}) }}`: none of it is text, on one line or several, and the
    text around it reads as it is."""
    quoted = [f"'{a}'" for a in args]
    cut = max(1, len(quoted) // lines)
    rows = [", ".join(quoted[i : i + cut]) for i in range(0, len(quoted), cut)]
    if braced:  # ESLint's Nunjucks macros take an object: `{{ npm_tabs({` ... `}) }}`
        call = "{{ code_block({\n" + ",\n".join(f"  {r.replace(', ', ': ', 1)}" for r in rows) + "\n}) }}"
    else:
        call = "{{code_block(" + ",\n".join(rows) + ")}}"
    text = f"# Guide\n\n{before}\n\n{call}\n\n{after}\n"
    read = " ".join(p.plain_text() for p in _check(_load(text.encode(), "guide.md")))
    assert "code_block" not in read and "{{" not in read and "}}" not in read
    around = _words(f"{before} {after}").split()
    assert not any(a in _words(read).split() for a in args if a not in around)
    assert _words(before) in _words(read) and _words(after) in _words(read)


@SETTINGS
@given(st.lists(st.tuples(st.lists(ascii_word, min_size=1, max_size=3).map(" ".join), paragraph),
                min_size=1, max_size=6), st.sampled_from(["#", "https://example.org/"]))
def test_a_link_definition_under_a_heading_is_no_text(sections, target):
    """The Rust RFCs' template defines a link under every heading (`## Summary` then
    `[summary]: #summary`). Under the heading it is no text; a passage opens with the
    heading's words, and a sentence read from there took the definition for more of
    their line, which the answer quoted ("Summary [summary]: #summary")."""
    page = "# Guide\n\n" + "".join(
        f"## {title}\n[{title.replace(' ', '-')}]: {target}{title.replace(' ', '-')}\n\n{body}\n\n"
        for title, body in sections)
    passages = _check(_load(page.encode(), "guide.md"))
    sentences = [p.plain_at(p.text, a, b) for p in passages for a, b in sentence_spans(p.text)]
    read = "\n".join(sentences + [p.plain(p.text) for p in passages])
    assert "]:" not in read and target not in read
    for title, body in sections:
        assert _words(body) in _words(read)


@SETTINGS
@given(paragraph, paragraph, st.lists(st.tuples(ascii_word, ascii_word), min_size=1, max_size=5),
       st.sampled_from(["", "-"]), st.booleans())
def test_a_liquid_tag_run_onto_the_next_lines_is_no_text(before, after, args, trim, left_open):
    """The 18F handbook (Eleventy) writes `{% include "step-indicator.html"` and then its
    arguments a line each, `steps: travel-steps.steps` ... `%}`: none of it is text, and
    the text around it reads as it is. A tag left open by mistake (`{% hint
    style="info"}`) is not read up to the next tag: the text under it stays."""
    assume("include" not in f"{before} {after}".lower())  # the tag's word, not the text's
    lines = [f"{name}: {value}.steps" for name, value in args]
    tag = f'{{%{trim} include "step-indicator.html"\n' + "\n".join(lines) + f" {trim}%}}"
    text = f"# Guide\n\n{before}\n\n{tag}\n\n{after}\n"
    read = " ".join(p.plain_text() for p in _check(_load(text.encode(), "guide.md")))
    assert "include" not in read and "{%" not in read and "%}" not in read
    assert ".steps" not in read
    assert _words(before) in _words(read) and _words(after) in _words(read)
    if left_open:
        text = f'# Guide\n\n{{% hint style="info"}}\n{after}\n{{% endhint %}}\n'
        read = " ".join(p.plain_text() for p in _check(_load(text.encode(), "guide.md")))
        assert _words(after) in _words(read)


@SETTINGS
@given(st.lists(st.tuples(st.lists(ascii_word, min_size=1, max_size=4).map(" ".join), paragraph),
                min_size=1, max_size=3), st.sampled_from(["", " "]))
def test_mdbook_tabs_read_as_their_labels_and_bodies(tabs, space):
    """mdbook-tabs (PyO3's guide): `{{#tabs }}` ... `{{#endtabs }}` show nothing, each
    `{{#tab name="Using gdb" }}` its name, the label the page shows above its body."""
    body = "\n\n".join(f'{{{{#tab name="{name}"{space}}}}}\n\n{text}\n\n{{{{#endtab{space}}}}}'
                       for name, text in tabs)
    page = (f"# Debugging\n\nPick a debugger.\n\n{{{{#tabs{space}}}}}\n{body}\n"
            f"{{{{#endtabs{space}}}}}\n")
    read = "\n".join(p.plain_text() for p in _check(_load(page.encode(), "debugging.md")))
    assert "{" not in read and "}" not in read
    for name, text in tabs:
        assert _words(name) in _words(read) and _words(text) in _words(read)


@SETTINGS
@given(st.lists(ascii_word, min_size=1, max_size=4).map(" ".join), paragraph,
       st.sampled_from(['{%- include docs_version_badge.html version="4.0" -%}',
                        '{% include badge.html %}']),
       st.lists(ascii_word, min_size=1, max_size=3).map(" ".join))
def test_a_liquid_tag_in_a_line_is_no_text_and_raw_shows_what_it_holds(title, body, tag,
                                                                        variable):
    """Jekyll's docs put a version badge after a heading's words (`## Theme Variables
    {%- include docs_version_badge.html version="4.3.0" -%}`): the section is named by
    its words alone; `{% raw %}{{ x }}{% endraw %}` in a sentence shows `{{ x }}`; and a
    line of Liquid tags alone inside an HTML table (a loop over a data file) keeps the
    table one block, its tags never read as text."""
    name = variable.replace(" ", "_")
    page = (f"# Docs\n\n## {title} {tag}\n\n{body} Write {{% raw %}}{{{{ {name} }}}}"
            f"{{% endraw %}} in a layout.\n\n## Table\n\n<table>\n  <tr>\n"
            f"    {{% for x in site.data.rows %}}\n    <td>cell</td>\n"
            f"    {{% endfor %}}\n  </tr>\n</table>\n")
    passages = _check(_load(page.encode(), "docs.md"))
    assert _words(body) in _words(_held(passages, title))
    assert f"{{{{ {name} }}}}" in _held(passages, title)
    assert "include" not in " ".join(p.section for p in passages)
    assert "<td>" not in _held(passages, "Table") and "<tr>" not in _held(passages, "Table")


@SETTINGS
@given(st.lists(ascii_word, min_size=1, max_size=3).map(" ".join), paragraph,
       st.sampled_from(["*", "-", "1."]), st.sampled_from(["{:toc}", "{: toc}"]))
def test_a_kramdown_table_of_contents_is_no_text(label, body, marker, toc):
    """Jekyll pages (Homebrew's docs) open with kramdown's table of contents: a list of
    one item ("* Table of Contents") over `{:toc}`, which the site replaces with the
    page's headings. Neither line is text; a list item with no `{:toc}` under it stays."""
    label = f"Qzx {label}"  # no word of the page's own
    page = (f"# Guide\n\n{marker} {label}\n{toc}\n\n{body}\n\n## Steps\n\n"
            f"{marker} {label} stays\n\nThe end.\n")
    read = "\n".join(p.plain_text() for p in _check(_load(page.encode(), "guide.md")))
    assert "{:" not in read and _words(body) in _words(read)
    assert read.count("Qzx") == 1 and f"{label} stays" in read


@SETTINGS
@given(paragraph, st.lists(st.tuples(st.lists(ascii_word, min_size=1, max_size=3).map(" ".join),
                                     st.one_of(st.none(), ascii_word, st.just("^block1")),
                                     st.one_of(st.none(), st.lists(ascii_word, min_size=1,
                                                                   max_size=3).map(" ".join)),
                                     st.booleans()),
                           min_size=1, max_size=4), st.booleans())
def test_a_wikilink_reads_as_its_label_and_an_embed_as_nothing(text, links, in_code):
    """Obsidian, Logseq and Quartz notes link with `[[Page]]`, `[[Page|label]]` and
    `[[Page#Heading]]`, and embed a file with `![[diagram.png]]`: a link reads as its
    label, else its page ("Page > Heading" for a heading, the page alone for a block
    `#^id`), an embed as nothing, brackets never; in a code span it is the code's."""
    written, shown = [], []
    for page, part, label, embed in links:
        target = page + (f"#{part}" if part else "")
        written.append(("!" if embed else "") + f"[[{target}" + (f"|{label}" if label else "") + "]]")
        if embed:
            continue
        shown.append(label if label else
                     f"{page} > {part}" if part and not part.startswith("^") else page)
    line = " and ".join(written)
    body = f"`{line}`" if in_code else line
    data = f"# Notes\n\n{text}\n\nSee {body} for more.\n".encode()
    read = "\n".join(p.plain_text() for p in _check(_load(data, "notes.md")))
    if in_code:
        assert line in read
        return
    assert "[[" not in read and "]]" not in read
    said = " ".join(read.split())
    assert all(s in said for s in shown)


@SETTINGS
@given(st.sampled_from(["note", "tip", "warning", "info", "question"]),
       st.sampled_from(["", "-", "+"]), st.one_of(st.none(), st.lists(ascii_word, min_size=1,
                                                                      max_size=4).map(" ".join)),
       paragraph)
def test_an_obsidian_callout_reads_as_its_title_or_kind(kind, fold, title, body):
    """An Obsidian callout (`> [!tip]- Title`, foldable with `-` or `+`) reads as its
    title, else its kind, then its text, as a GitHub alert (`> [!NOTE]`) does; the fold
    mark and the brackets are no text."""
    head = f"> [!{kind}]{fold}" + (f" {title}" if title else "")
    data = f"# Notes\n\n{head}\n> {body}\n".encode()
    read = " ".join("\n".join(p.plain_text() for p in _check(_load(data, "notes.md"))).split())
    label = title if title else kind.capitalize()
    assert read.startswith(f"{label}:")
    assert "[!" not in read and not read.startswith(("-", "+"))
    assert _words(body) in _words(read)


@SETTINGS
@given(st.sampled_from(["NOTE", "TIP", "WARNING", "QUOTE", "SRC clojure", "EXAMPLE", "QUERY"]),
       st.lists(ascii_word, min_size=2, max_size=8).map(" ".join), paragraph,
       st.booleans())
def test_logseq_org_blocks_read_as_the_app_shows_them(kind, inside, after, bulleted):
    """Logseq writes Org blocks in Markdown bullets: `- #+BEGIN_NOTE` ... `#+END_NOTE`
    reads "Note: ...", a source or example block is code, a query block (its results,
    which the page does not hold) nothing, a quote its text; no `#+` line is text. A
    block reference, `((63b70dc8-...))`, shows a block from elsewhere: its id is no text."""
    assume(inside not in after)
    name = kind.split()[0]
    lead, indent = ("- ", "  ") if bulleted else ("", "")
    data = (f"# Page\n\n{lead}#+BEGIN_{kind}\n{indent}{inside}\n{indent}#+END_{name}\n\n"
            f"{after} See ((63b70dc8-58a5-4a43-ae19-28143edb7752)).\n").encode()
    doc = _load(data, "page.md")
    read = "\n".join(p.plain_text() for p in _check(doc))
    assert "#+" not in read and "63b70dc8" not in read and "((" not in read
    assert _words(after) in _words(read)
    code = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "code"]
    if name == "QUERY":
        assert inside not in read
    else:
        assert inside in read
        assert any(inside in c for c in code) == (name in ("SRC", "EXAMPLE"))
    if name in ("NOTE", "TIP", "WARNING"):
        assert f"{name.capitalize()}: {inside}" in " ".join(read.split())


@SETTINGS
@given(st.sampled_from(["id:: 63b70dc8-58a5-4a43-ae19-28143edb7752", "collapsed:: true",
                        "created-at:: 1609244764756", "updated-at:: 1609246099894"]),
       st.lists(ascii_word, min_size=2, max_size=6).map(" ".join), paragraph, st.booleans())
def test_a_property_logseq_hides_is_no_text(hidden, shown, block, tabs):
    """Logseq keeps a block's id, whether it is collapsed and its time stamps as
    properties under the block's text (`  id:: 63b7...`) and never shows them; a property
    of the user's own (`type:: Feature`) shows as written."""
    indent = "\t" if tabs else "  "
    data = (f"type:: {shown}\n\n- {block}\n{indent}{hidden}\n- Next block here.\n").encode()
    read = "\n".join(p.plain_text() for p in _check(_load(data, "page.md")))
    key, value = hidden.split(":: ")
    assert f"{key}::" not in read and (value == "true" or value not in read)
    assert f"type:: {shown}" in read
    assert _words(block) in _words(read)


tab_label = st.builds(lambda first, rest: first + rest, st.sampled_from(list("LWDFSBmé")),
                      st.text(st.sampled_from(list("abcxyz/+ ().,0123456789")), max_size=20)
                      ).map(str.rstrip)


@SETTINGS
@given(st.lists(st.tuples(tab_label, paragraph), min_size=1, max_size=5, unique_by=lambda t: t[0]),
       st.sampled_from([":::tabs", "::: tabs", ":::tabs key:os", "::::tabs"]),
       st.sampled_from(["==", "==="]), st.booleans(), st.booleans())
def test_a_vitepress_set_of_tabs_reads_as_its_labels(tabs, opener, mark, blank, fenced):
    """vitepress-plugin-tabs: whatever the labels, each tab's `== Label` line reads
    "Label:" before its content, and the set's opening and closing lines are no text;
    with a code block in a tab, that code is the code's."""
    from collabqa.formats.clean import markdown_to_text

    closer = ":" * (len(opener) - len(opener.lstrip(":")))
    gap = "\n\n" if blank else "\n"
    body = "".join(f"{mark} {label}{gap}{text}\n\n" + ("```sh\n== kept as code\n```\n\n" if fenced else "")
                   for label, text in tabs)
    read = markdown_to_text(f"Intro.\n\n{opener}\n{body}{closer}\n\nAfter.")
    lines = read.split("\n")
    assert lines[0] == "Intro." and lines[-1] == "After."
    assert "tabs" not in lines and "key:os" not in read
    assert not any(line.startswith(("==", ":::")) for line in lines if line != "== kept as code")
    for label, text in tabs:
        at = lines.index(f"{label}:")
        assert lines[at + 1] == markdown_to_text(text).split("\n")[0]
    assert read.count("== kept as code") == (len(tabs) if fenced else 0)


@SETTINGS
@given(st.lists(markdown_blocks(), max_size=8),
       st.lists(st.tuples(name, paragraph), min_size=2, max_size=4, unique_by=lambda i: i[0]))
def test_a_txt_file_written_in_markdown_reads_as_the_md_file_does(blocks, sections):
    """A `.txt` in Markdown (two headings of level two here) has the sections the same
    file named `.md` has, and its text shows no heading marks, each section's paragraph
    as the `.md` file's passages read it."""
    # "🙂." reads as no letter or digit: no block of its own, by design
    assume(all(any(ch.isalnum() for ch in p) for _, p in sections))
    text = "\n\n".join(blocks + [f"## {h}\n\n{p}" for h, p in sections]) + "\n"
    md, txt = _load(text.encode(), "a.md"), _load(text.encode(), "a.txt")
    _check(txt)
    names = {h for h, _ in sections}

    def last(block) -> str:
        return block.section.rpartition(" > ")[2]

    assert [b.section for b in txt.blocks if last(b) in names] == [
        b.section for b in md.blocks if last(b) in names]
    for h, p in sections:
        # the `## h` section's own block: added last, so the last block so named (a
        # `<details>` block above may title a section of its own with the same word)
        block = [b for b in md.blocks if last(b) == h][-1]
        read = Passage("", md.title, block.section, md.text[block.start:block.end], "a.md",
                       0, 0).plain_text()
        assert read in txt.text
        assert f"## {h}" not in txt.text


@SETTINGS
@given(st.lists(st.tuples(name, sentence), min_size=1, max_size=4),
       st.sampled_from(["    ", "   ", "  "]), st.booleans())
def test_a_component_written_over_lines_in_a_list_item_shows_no_props(steps, indent, heading):
    """Tauri's docs (eval/corpora/tauri-docs, MIT) write each step of a `<Steps>` list as
    an item holding a `<CommandTabs npm="..." yarn="..." />` tag over several lines, its
    `/>` alone on the last: a sentence cut before that line was quoted as the raw tag. No
    sentence of such a page reads as a tag or its props."""
    items = "\n\n".join(
        f"1.{indent}{'##### ' if heading else ''}{t}\n\n{indent}   {s}\n\n"
        f"{indent}   <CommandTabs\n{indent}     npm=\"x9npm install {i}\"\n"
        f"{indent}     yarn=\"x9yarn add {i}\"\n{indent}   />"
        for i, (t, s) in enumerate(steps))
    text = f"---\ntitle: Setup\n---\n\n## Steps\n\n<Steps>\n\n{items}\n\n</Steps>\n\nDone here.\n"
    doc = _load(text.encode(), "setup.mdx")
    for p in _check(doc):
        for a, b in sentence_spans(p.text):
            read = p.plain_at(p.text, a, b)
            if _has_words_md(read):
                assert not re.search(r"x9|CommandTabs|[<>=]", read), read


def _has_words_md(read: str) -> bool:
    """Whether a sentence as read says anything (what the answer quotes)."""
    from collabqa.documents import has_words
    return has_words(read, "a.mdx")


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["challenge", "solution", "objectives", "keypoints",
                                           "callout", "hint", "spoiler", "discussion"]),
                          st.integers(4, 40),
                          st.lists(st.lists(ascii_word, min_size=3, max_size=10).map(" ".join),
                                   min_size=1, max_size=3)),
                min_size=1, max_size=4),
       st.booleans())
def test_a_pandoc_fenced_div_reads_as_its_class_and_body(boxes, listed):
    """A Pandoc fenced div (`:::::::: challenge` ... `::::::::`, as The Carpentries' lessons
    write their boxes): no colon is left in the text, the class heads the box ("Challenge:")
    and every sentence of its body reads, in order."""
    lines = ["# Lesson", "", "Some words about the lesson here. " * 3, ""]
    read: list[str] = []
    for kind, colons, sentences in boxes:
        body = [s.capitalize() + "." for s in sentences]
        lines += [":" * colons + f" {kind}", ""]
        lines += [("- " if listed else "") + b for b in body] + [""]
        lines += [":" * colons, ""]
        read += [f"{kind.capitalize()}:"] + body
    doc = _load("\n".join(lines).encode(), "lesson.md")
    shown = " ".join(p.plain_text() for p in _check(doc))
    assert "::" not in shown
    at = 0
    for r in read:  # each in turn, after the one before
        at = shown.find(r, at)
        assert at != -1, r
        at += len(r)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["note", "tip", "warning", "caution", "important",
                                           "callout", "read-more", "code-group", "collapsible"]),
                          st.sampled_from(["", '{icon="i-lucide-info"}',
                                           '{to="/docs/x" color="info"}']),
                          st.one_of(st.none(),
                                    st.lists(ascii_word, min_size=1, max_size=3).map(" ".join)),
                          st.lists(st.lists(ascii_word, min_size=3, max_size=10).map(" ".join),
                                   min_size=1, max_size=3)),
                min_size=1, max_size=4),
       st.sampled_from(["", ':read-more{to="/docs/api"}',
                        ':video-accordion{title="Watch Q9" videoId="x1"}']))
def test_an_mdc_component_reads_as_its_kind_title_and_body(boxes, inline):
    """Nuxt Content's MDC components (`::note` ... `::`, `::tip{icon="..."}`, `::card{title=
    "Nitro"}`, an inline `:read-more{to="..."}` alone on its line): no colon mark or prop
    is left in the text; an admonition's kind ("Note:") or a `title` prop heads its body,
    any other component shows its body alone, and every sentence reads, in order."""
    lines = ["---", "title: Guide", "---", "", "Some words about the guide here. " * 3, ""]
    read: list[str] = []
    for kind, props, title, sentences in boxes:
        body = [s.capitalize() + "." for s in sentences]
        if title is not None:
            props = props[:-1] + f' title="{title}"}}' if props else f'{{title="{title}"}}'
        lines += [f"::{kind}{props}"] + body + ["::", "", inline, ""]
        admonition = kind in ("note", "tip", "warning", "caution", "important")
        read += ([f"{title}:"] if title is not None else
                 [f"{kind.capitalize()}:"] if admonition else []) + body
    doc = _load("\n".join(lines).encode(), "guide.md")
    shown = " ".join(p.plain_text() for p in _check(doc))
    assert "::" not in shown and "{" not in shown and "read-more" not in shown, shown
    assert "Q9" not in shown and "videoId" not in shown, shown
    at = 0
    for r in read:  # each in turn, after the one before
        at = shown.find(r, at)
        assert at != -1, (r, shown)
        at += len(r)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["", "note", "warning", "example", "sandbox"]),
                          st.one_of(st.none(),
                                    st.lists(ascii_word, min_size=1, max_size=3).map(" ".join)),
                          st.sampled_from(["", " collapsible=true"]),
                          st.lists(st.lists(ascii_word, min_size=3, max_size=10).map(" ".join),
                                   min_size=1, max_size=3),
                          st.booleans()),
                min_size=1, max_size=4))
def test_an_mdbook_admonish_fence_reads_as_its_title_and_markdown_body(boxes):
    """mdbook-admonish (the Leptos book): ```` ```admonish warning title="..." ```` ...
    ```` ``` ```` is a box, not code: its body reads as Markdown (no backticks left of an
    inline code span), headed by its title ("Live example:") or, with none, its kind
    ("Warning:", "Sandbox:"; plain ```` ```admonish ```` a note); a longer fence holds
    a code fence of its own, which still reads."""
    lines = ["# Guide", "", "Some words about the guide here. " * 3, ""]
    read: list[str] = []
    for kind, title, option, sentences, code in boxes:
        body = [s.capitalize() + " `flag_x`." for s in sentences]
        info = "admonish" + (f" {kind}" if kind else "")
        info += (f' title="{title}"' if title is not None else "") + option
        fence = "````" if code else "```"
        lines += [fence + info] + body + (["", "```sh", "run --now", "```"] if code else [])
        lines += [fence, ""]
        read += [f"{title}:" if title is not None else f"{(kind or 'note').capitalize()}:"]
        read += [s.replace("`", "") for s in body]
    doc = _load("\n".join(lines).encode(), "guide.md")
    passages = _check(doc)
    shown = " ".join(p.plain_text() for p in passages)
    assert "admonish" not in shown and "`" not in shown and "collapsible" not in shown, shown
    at = 0
    for r in read:  # each in turn, after the one before
        at = shown.find(r, at)
        assert at != -1, (r, shown)
        at += len(r)
    assert ("run --now" in shown) == any(code for *_, code in boxes)
    assert not any(p.kind == "code" for p in passages if "flag_x" in p.text)


@SETTINGS
@given(st.lists(st.tuples(st.lists(ascii_word, min_size=2, max_size=4).map(" ".join),
                          st.lists(ascii_word, min_size=4, max_size=12).map(" ".join)),
                min_size=3, max_size=7, unique_by=lambda s: s[0]),
       st.sampled_from(["- ", "* ", "1. "]),
       st.sampled_from(["anchors", "pages", "described"]))
def test_a_contents_list_of_the_pages_anchors_is_no_passage(sections, marker, kind):
    """A page opening with a table of contents, a list whose every item is a link to one of
    its headings (`- [Where Clauses](#where-clauses)`), reads without it: no passage holds
    it, and every section still reads. A list of links to other pages, or of links
    followed by words, is the page's own text and stays."""
    def anchor(title: str) -> str:
        return title.replace(" ", "-")

    def item(title: str) -> str:
        if kind == "anchors":
            return f"{marker}[{title}](#{anchor(title)})"
        if kind == "pages":
            return f"{marker}[{title}]({anchor(title)}.md)"
        return f"{marker}[{title}](#{anchor(title)}): what the {title} part covers"

    lines = ["# Guide", ""] + [item(title) for title, _ in sections] + [""]
    for title, body in sections:
        lines += [f"## {title}", "", body.capitalize() + ".", ""]
    doc = _load("\n".join(lines).encode(), "guide.md")
    shown = "\n".join(p.plain_text() for p in _check(doc))
    for title, body in sections:
        assert body.capitalize() + "." in shown
        assert shown.count(title) >= (1 if kind == "anchors" else 2), (title, shown)
    raw = "".join(p.text for p in chunk(doc))
    assert ("](#" in raw) == (kind == "described")


camel = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyz")), min_size=2, max_size=8)


@SETTINGS
@given(st.lists(camel, min_size=1, max_size=4), st.booleans(), paragraph)
def test_a_docc_link_reads_as_the_page_or_section_it_names(words, to_section, text):
    """The Swift book links with DocC's `<doc:Page>` and `<doc:Page#Section-Name>`; the
    page shows the title linked to, not "doc:AutomaticReferenceCounting": the page name's
    words, or the section's."""
    names = [w.capitalize() for w in words]
    page = "".join(names)
    target = f"doc:{page}#{'-'.join(reversed(names))}" if to_section else f"doc:{page}"
    shown = " ".join(reversed(names) if to_section else names)
    doc = _load(f"# Guide\n\n{text}\n\nFor more, see <{target}>.\n".encode(), "guide.md")
    read = "\n".join(p.plain_text() for p in _check(doc))
    assert f"For more, see {shown}." in read and target not in read


@SETTINGS
@given(st.lists(ascii_word, min_size=1, max_size=6), st.lists(ascii_word, min_size=1, max_size=6),
       st.lists(ascii_word, min_size=2, max_size=5), st.booleans())
def test_a_reference_link_wrapped_over_a_line_reads_as_its_words(before, label, after, code):
    """Text wrapped at 80 columns wraps a link's label too ("see [Getting\\nStarted]."),
    its definition at the page's end, outside the passage (Rocket's guide, the Cargo
    Book): read alone, the passage shows the label's words without brackets, as the page
    does; a wrapped bracket that reads as no words (a JSON array, "[possible values:\\n
    auto, never]") stays as written."""
    head, tail = label[: len(label) // 2 + 1], label[len(label) // 2 + 1:]
    wrapped = " ".join(head) + "\n" + " ".join(tail) if tail else " ".join(head)
    text = f"# Guide\n\n{' '.join(before)} [{wrapped}] {' '.join(after)}.\n"
    passage = Passage("a.md#0", "a", "Guide", text, "a.md", 0, len(text))
    read = " ".join(passage.plain_text().split())
    assert f"{' '.join(before)} {' '.join(label)} {' '.join(after)}." in read
    if code:
        values = f"[possible values:\n{', '.join(after)}]"
        text = f"# Options\n\n--color <WHEN>  Control colors {values}\n"
        passage = Passage("b.md#0", "b", "Options", text, "b.md", 0, len(text))
        assert " ".join(values.split()) in " ".join(passage.plain_text().split())


option_word = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyz")), min_size=2, max_size=10)


@st.composite
def help_options(draw) -> list[tuple[str, list[str], list[str]]]:
    """A command's options as `--help` lists them: the option's names (and argument), its
    description's lines, and the paragraphs clap's long help may write under them (a
    sentence or two, notes in brackets)."""
    names = draw(st.lists(option_word, min_size=3, max_size=12, unique=True))
    out = []
    for long in names:
        short = draw(st.sampled_from(["", *"aBcDeFgH19?"]))
        argument = draw(st.sampled_from(["", " <path>", "=<when>", " <cmd>...", " [N]"]))
        head = (f"-{short}, " if short else "    ") + f"--{long}{argument}"
        words = draw(st.lists(word, min_size=1, max_size=14))
        cut = draw(st.integers(1, len(words)))
        # clap's long help: maybe a paragraph of sentences and a note under the first
        more = draw(st.lists(word, min_size=0, max_size=10))
        paragraph = " ".join(f"{' '.join(part).capitalize()}." for part in (more[:5], more[5:])
                             if part)
        note = draw(st.sampled_from(["", "[default: 3]", "[env: TOOL_X=]\n[default: auto]"]))
        out.append((head, [" ".join(words[:cut]), " ".join(words[cut:])],
                    [x for x in (paragraph, note) if x]))
    return out


@SETTINGS
@given(help_options(), st.booleans(), st.booleans())
def test_each_option_of_a_help_text_is_a_sentence(options, below, tags):
    """However many options a help text lists (three or more), with or without short
    forms and arguments, described after a gap or on the lines under each, its
    description wrapped or not, with paragraphs and notes in brackets under it or not:
    every option with its whole description is one sentence, the first with the
    "Options:" line above it."""
    lines = ["Usage: tool [OPTIONS]", "", "Options:"]
    entries = []
    for head, description, paragraphs in options:
        if below:  # clap's long help: the description under the option, indented
            entry = [f"  {head}"] + [f"{' ' * 10}{d}" for d in description if d]
            for paragraph in paragraphs:
                entry += ["", *(f"{' ' * 10}{line}" for line in paragraph.split("\n"))]
        else:
            entry = [f"  {head:<28}  {description[0]}"] + [
                f"{' ' * 32}{d}" for d in description[1:] if d]
        lines += entry
        entries.append("\n".join(entry))
    text = "\n".join(lines)
    spans = [text[a:b] for a, b in sentence_spans(text, tags=tags)]
    assert spans == ["Usage: tool [OPTIONS]", "Options:\n" + entries[0],
                     *(entry.strip() for entry in entries[1:])]


plain_sentence = st.builds(lambda ws, end: " ".join(ws) + end,
                           st.lists(word, min_size=1, max_size=8), st.sampled_from([".", "!", "?"]))


@SETTINGS
@given(st.lists(plain_sentence, min_size=2, max_size=5), st.sampled_from(["*", "_", "**", "__"]),
       paragraph)
def test_emphasis_over_several_sentences_is_quoted_without_its_marks(sentences, mark, after):
    """difftastic's "*Note: ... Otherwise, installation fails.*": each sentence quoted
    alone reads as the paragraph does, with no half of the emphasis' pair."""
    from collabqa.corpus import quotable

    body = " ".join(sentences)
    text = f"# Guide\n\n{mark}{body}{mark}\n\n{after}\n"
    passage = Passage("a.md#0", "a", "Guide", text, "a.md", 0, len(text))
    read = [passage.plain_at(text, a, b) for a, b in quotable(text, sentence_spans(text))]
    assert not any(r[:1] in "*_" or r[-1:] in "*_" for r in read)
    assert " ".join(body.split()) in " ".join(" ".join(read).split())


@SETTINGS
@given(paragraph, st.lists(word, min_size=1, max_size=6), paragraph, st.booleans())
@example("A.", ["A"], "’. A.", False)  # session 98's failure: a sentence of marks alone
def test_a_fence_and_the_line_next_to_it_stay_apart_when_shown_together(before, code, after,
                                                                        lead):
    """llm's docs close a fence with prose on the next line ("```\\nLLM will ..."), and
    open one under "like this:": passages one character apart, shown together, keep the
    line break, or the fence closes nothing and all after it reads as code."""
    from collabqa.window import joined

    pieces = [f"{before} like this:", "```\n" + " ".join(code) + "\n```", after]
    if not lead:
        pieces = pieces[1:]
    passages, at = [], 0
    for piece in pieces:
        passages.append(Passage(f"a.md#{at}", "a", "Guide", piece, "a.md", at, at + len(piece)))
        at += len(piece) + 1  # one line break between them in the file
    text, spans = joined(passages, [sentence_spans(p.text) for p in passages],
                         list(range(len(passages))))
    read = [passages[0].plain_at(text, a, b) for a, b in spans]
    assert not any("`" in r for r in read)
    assert " ".join(code) in read
    # ... and the passage after the fence reads as it does alone (a sentence of marks
    # only, "’.", is no sentence there either)
    last = passages[-1]
    alone = [last.plain_at(last.text, a, b) for a, b in sentence_spans(last.text)]
    assert " ".join(" ".join(alone).split()) in " ".join(" ".join(read).split())


@SETTINGS
@given(st.lists(st.lists(ascii_word, min_size=1, max_size=6).map(" ".join), min_size=2, max_size=5),
       st.sampled_from(["<br>", "<br/>", "<br />"]), st.sampled_from(["p", "td"]))
def test_a_line_break_parts_the_words_around_it(lines, br, holder):
    """A <br> ends a line with no space around it in the source (DocBook's command
    synopses: "... }<br>ungroup [ ..."): the words on either side read apart, in a
    paragraph and in a table's cell."""
    inner = br.join(lines)
    body = (f"<p>{inner}</p>" if holder == "p" else
            f"<table><tr><th>Name</th><th>Usage</th></tr><tr><td>first</td><td>{inner}</td></tr>"
            f"<tr><td>second</td><td>plain words</td></tr></table>")
    html = ("<html><body><h1>Guide</h1><p>" + "Some words about the guide here. " * 6 + "</p>"
            + body + "<p>" + "Closing words of the guide. " * 4 + "</p></body></html>")
    doc = _load(html.encode(), "guide.html")
    _check(doc)
    assert " ".join(" ".join(lines).split()) in " ".join(doc.text.split())


@SETTINGS
@given(st.lists(st.lists(st.lists(ascii_word, min_size=1, max_size=3).map(" ".join),
                         min_size=3, max_size=3), min_size=2, max_size=5),
       st.booleans())
def test_a_table_a_blockquote_indents_reads_a_row_a_line(rows, prose):
    """Postfix's guides indent their tables in a <blockquote>; trafilatura reads a
    quotation's content as running text and kept the cells one after the other, rows
    and spaces lost ("Address manipulationScopeDaemon..."). The table reads as one: a
    row a line, its cells apart; a paragraph in the same quotation stays text."""
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    quoted = ("<p>An indented note about the table.</p>" if prose else "") + f"<table>{cells}</table>"
    html = ("<html><body><h1>Guide</h1><p>" + "Some words about the guide here. " * 6 + "</p>"
            f"<blockquote>{quoted}</blockquote><p>" + "Closing words of the guide. " * 4
            + "</p></body></html>")
    doc = _load(html.encode(), "guide.html")
    _check(doc)
    tables = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "table"]
    assert tables == ["\n".join(" | ".join(row) for row in rows)]
    if prose:
        assert "An indented note about the table." in doc.text


def test_a_docbook_synopsis_with_line_breaks_stays_under_its_own_heading():
    """DocBook (Mutt's manual) sets each section's heading in a title page trafilatura
    drops, then "Usage:" and a synopsis whose lines a <br> ends: the heading is put back
    before the synopsis it heads, which reads its lines apart, not after it."""
    def section(n: int, title: str, synopsis: str, prose: str) -> str:
        return (f'<div class="sect1"><div class="titlepage"><div><div><h2 class="title">'
                f'<a id="s{n}"></a>{n}. {title}</h2></div></div></div><p>Usage:</p>'
                f'<div class="cmdsynopsis"><p>{synopsis}</p></div><p>{prose}</p></div>')

    option = '<code class="option">-group</code> <em class="replaceable"><code>name</code></em>'
    html = ('<html><head><title>Chapter 3. Configuration</title></head><body><div class="chapter">'
            '<div class="titlepage"><div><div><h1 class="title">Chapter 3. Configuration</h1>'
            '</div></div></div>'
            + section(4, "Address Groups",
                      f'<code class="command">group</code> [ {option} ...]<br />'
                      f'<code class="command">ungroup</code> [ {option} ...]',
                      "Mutt supports grouping addresses logically into named groups. An "
                      "address can appear in several groups at the same time.")
            + section(5, "Defining Aliases",
                      f'<code class="command">alias</code> [ {option} ...] '
                      '<em class="replaceable"><code>key</code></em><br />'
                      '<code class="command">unalias</code> { * | '
                      '<em class="replaceable"><code>key</code></em> }',
                      "It is usually very cumbersome to remember or type out the address of "
                      "someone you are communicating with.")
            + "</div></body></html>")
    doc = _load(html.encode(), "configuration.html")
    _check(doc)
    blocks = {" ".join(doc.text[b.start:b.end].split()): b.section for b in doc.blocks}
    assert blocks["group [ -group name ...] ungroup [ -group name ...]"] == "4. Address Groups"
    synopsis = next(text for text in blocks if "unalias" in text)
    assert "key unalias" in synopsis and blocks[synopsis] == "5. Defining Aliases"


def _publican_page(body: str) -> bytes:
    """A page as Publican writes DocBook (The Debian Administrator's Handbook): a banner
    and navigation, a section of `<div class="para">` paragraphs, index targets."""
    return ('<html><head><title>1.2. The Guide</title></head><body>'
            '<div id="banner"><a href="/get/"><span class="text">Download the ebook</span></a></div>'
            '<ul class="docnav top"><li class="previous"><a href="a.html"><strong>Prev</strong></a></li>'
            '<li class="next"><a href="c.html"><strong>Next</strong></a></li></ul>'
            '<div class="section"><div class="titlepage"><div><div><h2 class="title">'
            '<a id="sect.guide"></a>1.2. The Guide</h2></div></div></div>'
            '<a id="id-1.4.2" class="indexterm"></a>'
            f'{body}</div></body></html>').encode()


@SETTINGS
@given(st.lists(st.lists(ascii_word, min_size=8, max_size=20).map(" ".join), min_size=1,
                max_size=3),
       st.lists(ascii_word, min_size=1, max_size=4).map(" ".join),
       st.lists(ascii_word, min_size=8, max_size=20).map(" ".join), st.booleans(), st.booleans())
def test_a_docbook_sidebar_of_prose_reads_with_its_title_as_a_label(boxed, title, around,
                                                                    target, last):
    """DocBook's sidebar (`<div class="sidebar">`, a titled box among a section's
    paragraphs: "CULTURE Origin of the Debian name") is text, whatever trafilatura makes
    of the word "sidebar": each of its paragraphs reads, the first after its title as a
    run-in label; an empty index target opening the box (`<a class="indexterm">`) loses
    nothing either; and it may close its section. (On a page of a few short paragraphs
    trafilatura falls back to the page's whole text, navigation and all: the section here
    is as long as a page's usually is.)"""
    paragraphs = "".join(f'<div class="para">{p.capitalize()}.</div>' for p in boxed)
    box = ('<div class="sidebar"><div class="titlepage"><div><div><p class="title"><strong>'
           f'<span class="emphasis"><em>CULTURE</em></span> {title}</strong></p></div></div></div>'
           + ('<a id="id-1.4.5" class="indexterm"></a>' if target else "") + paragraphs + '</div>')
    text = (f'<div class="para">{around.capitalize()} opens the section here.</div>'
            + (f'<div class="para">{around.capitalize()} comes next.</div>' * 6)
            + (box if last else box + f'<div class="para">{around.capitalize()} closes it.</div>'))
    doc = _load(_publican_page(text), "guide.html")
    _check(doc)
    read = " ".join(doc.text.split())
    assert f"CULTURE {title}: {boxed[0].capitalize()}." in read
    assert all(f"{p.capitalize()}." in read for p in boxed)
    assert "Download the ebook" not in read


@SETTINGS
@given(st.lists(st.lists(ascii_word, min_size=3, max_size=6).map(" ".join), min_size=2,
                max_size=8))
def test_a_site_sidebar_of_links_stays_out(links):
    """A site's sidebar, a column of links beside the page's text, is still navigation:
    none of its links reads, while the text beside it does."""
    items = "".join(f'<li><a href="/p{i}.html">{label}</a></li>' for i, label in enumerate(links))
    html = ('<html><body><div class="sidebar"><ul>' + items + '</ul></div><div class="main">'
            '<h1>Guide</h1><p>' + "Some words about the guide here. " * 8 + '</p><p>'
            + "Closing words of the guide. " * 6 + '</p></div></body></html>')
    doc = _load(html.encode(), "guide.html")
    _check(doc)
    assert "Some words about the guide here." in doc.text
    assert not any(label in doc.text for label in links)


@SETTINGS
@given(st.lists(st.lists(st.lists(ascii_word, min_size=2, max_size=8).map(" ".join),
                         min_size=1, max_size=3), min_size=2, max_size=4))
def test_the_paragraphs_of_a_docbook_list_item_read_apart(items):
    """Publican writes a list item's paragraphs as `<div class="para">`s with nothing
    between them: each still ends where it ends ("Debian will remain 100% free. This is
    Rule No. 1."), never run into the next ("free.This")."""
    body = '<div class="para">' + "Some words about the guide here. " * 6 + '</div><ol>' + "".join(
        '<li class="listitem">' + "".join(f'<div class="para">{p.capitalize()}.</div>'
                                          for p in item) + '</li>' for item in items) + '</ol>'
    doc = _load(_publican_page(body), "guide.html")
    _check(doc)
    read = " ".join(doc.text.split())
    for item in items:
        assert " ".join(f"{p.capitalize()}." for p in item) in read


@SETTINGS
@given(st.lists(st.tuples(st.integers(2, 4), name, st.one_of(st.none(), short_definition)),
                min_size=1, max_size=6, unique_by=lambda i: i[1].casefold()),
       short_definition, st.sampled_from(["md", "html"]))
def test_an_empty_sections_heading_reads_with_the_next_block(sections, last, kind):
    """A heading with no text under it before the next heading, of any level (bqplot's
    notebook opens "### Animations of marks and axes can be enabled by setting
    'animation_duration' ...", then "## Line Animations"): its words read in the passage
    that follows, in order, in Markdown and in HTML alike."""
    sections = sections + [(2, "Closing", last)]
    assume(len({n.casefold() for _, n, _ in sections}) == len(sections))
    if kind == "md":
        body = "\n\n".join(f"{'#' * lv} {n}" + (f"\n\n{d}" if d else "") for lv, n, d in sections)
        doc = _load(f"# Manual\n\nIntro words here.\n\n{body}\n".encode(), "page.md")
    else:
        body = "".join(f"<h{lv}>{n}</h{lv}>" + (f"<p>{d}</p>" if d else "") for lv, n, d in sections)
        doc = _load(f"<html><body><h1>Manual</h1><p>Intro words here.</p>{body}</body></html>"
                    .encode(), "page.html")
    passages = _check(doc)
    read = re.findall(r"\w+", " ".join(p.plain_text() for p in passages))
    expected = re.findall(r"\w+", " ".join(f"{n} {d or ''}" for _, n, d in sections))
    assert read[len(read) - len(expected):] == expected


@SETTINGS
@given(st.text(st.sampled_from(list("$\\[](){}^_ xyLaTeX12|=")), max_size=30))
@example("{\\LaTeX}")
@example("$$")
def test_a_formula_image_reads_as_a_piece_of_its_tex(alt):
    # Whatever a Doxygen formula image's alt holds, what reads is part of it: never more
    # TeX than it gave, and something whenever it gave anything.
    from collabqa.formats.html import _formula_text
    text = _formula_text(alt)
    assert text in alt.strip()
    assert bool(text) == bool(alt.strip())
