"""MkDocs-style Markdown: option lists, attribute lists on headings, fences in content tabs.

Each property is one a real MkDocs docs set breaks (eval/corpora/ruff-docs, httpx-docs):
a reference page's list items run into one sentence, `{: #anchor }` is read as words of a
heading, a code block cut out of a tab is embedded with its closing fence.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from collabqa.corpus import chunk, quotable, sentence_spans
from collabqa.documents import Passage
from collabqa.formats import load_document
from collabqa.formats.clean import heading_text, markdown_to_text
from collabqa.window import joined

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

word = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP")),
               min_size=1, max_size=10)
# An item as reference pages write them: with or without a full stop, code, emphasis.
item = st.builds(
    lambda name, ws, end: f"`{name}` - {' '.join(ws)}{end}",
    word, st.lists(word, min_size=0, max_size=12),
    st.sampled_from(["", ".", " **str**", " (Default 100)", ":", ","]),
)
marker = st.sampled_from(["-", "*", "+", "1.", "2)", "  -", "  *", "    -"])


@SETTINGS
@given(st.text(st.sampled_from(list("abc def.")), max_size=60), st.lists(
    st.tuples(marker, item, st.sampled_from(["", "\n  continued line"])), min_size=1,
    max_size=8))
def test_a_sentence_never_runs_into_the_next_list_item(intro, items):
    lines = [intro] if intro.strip() else []
    starts = []
    for mark, text, more in items:
        starts.append(sum(len(ln) + 1 for ln in lines) + len(mark) - len(mark.lstrip()))
        lines.append(f"{mark} {text}{more}")
    text = "\n".join(lines)
    spans = sentence_spans(text)
    for start in starts:
        # every item opens a sentence of its own; none covers an item's first character
        assert start in {a for a, _ in spans}, (text, spans)
        assert not any(a < start < b for a, b in spans), (text, spans)


def test_reference_list_options_are_sentences_of_their_own():
    text = ("You can control the pool with:\n\n"
            "- `max_keepalive_connections`, number of keep-alive connections, or `None` to always\n"
            "allow. (Defaults 20)\n"
            "- `max_connections`, maximum number of allowable connections, or `None` for no limits.\n"
            "(Default 100)\n"
            "* `.status_code` - **int**\n"
            "* `.url` - **URL**")
    got = [text[a:b] for a, b in sentence_spans(text)]
    assert got == [
        "You can control the pool with:",
        "- `max_keepalive_connections`, number of keep-alive connections, or `None` to always\n"
        "allow. (Defaults 20)",
        "- `max_connections`, maximum number of allowable connections, or `None` for no limits.\n"
        "(Default 100)",
        "* `.status_code` - **int**",
        "* `.url` - **URL**",
    ]
    # a sentence that is not a list item keeps its wrapped lines and its enumerations
    prose = "Ruff reads the\nfile in order. 1. ImageNet comes\nfirst - then the rest."
    assert [prose[a:b] for a, b in sentence_spans(prose)] == [
        "Ruff reads the\nfile in order.", "1. ImageNet comes\nfirst - then the rest."]


attr = st.builds(
    lambda colon, parts: "{" + colon + " ".join(parts) + "}",
    st.sampled_from([":", ": ", "", " "]),
    st.lists(st.one_of(word.map(lambda w: f"#{w}_x-1"), word.map(lambda w: f".{w}"),
                       st.builds(lambda k, v: f'{k}="{v}"', word, word)), min_size=1, max_size=3),
)


def _load(text: str, name: str = "page.md"):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        return load_document(path, name)


@SETTINGS
@given(st.lists(word, min_size=1, max_size=4), attr, st.integers(2, 4),
       st.lists(word, min_size=30, max_size=40), st.integers(0, 6))
def test_heading_attribute_lists_are_not_words_of_the_heading(name, attrs, level, body, closing):
    # ... nor the closing hashes before one (`### Lock filename ### {: #lock }`).
    heading = " ".join(name)
    hashes = "#" * closing + " " if closing else ""
    text = (f"# Page\n\n{'#' * level} `{heading}` {hashes}{attrs}\n\n{' '.join(body)}.\n")
    doc = _load(text)
    passages = chunk(doc)
    assert passages[0].section == heading
    embedded = passages[0].embedding_text()
    assert "{" not in embedded and attrs not in embedded
    assert passages[0].text == doc.text[passages[0].start:passages[0].end]  # spans exact


def test_braces_that_are_not_an_attribute_list_stay():
    for words in ("Using {placeholders}", "f-strings {x=}", "Sets {1, 2}"):
        assert heading_text(words) == words
    assert markdown_to_text("## Options {: #opts .wide }\n\nPass {x} here.") == "Options\nPass {x} here."


def test_a_fence_cut_out_of_a_content_tab_is_embedded_without_its_fence():
    long = " ".join(["The configuration below selects rules for the linter"] * 14) + "."
    code = "\n".join(f'    option_{i} = "value {i}"' for i in range(40))
    text = (f"# Settings\n\n## Lint\n\n{long}\n\n=== \"pyproject.toml\"\n\n    ```toml\n{code}\n"
            "    ```\n\n=== \"ruff.toml\"\n\n    ```toml\n    line-length = 88\n    ```\n")
    passages = chunk(_load(text))
    fenced = [p for p in passages if p.text.startswith("```")]
    assert fenced, [p.text[:40] for p in passages]
    for p in fenced:
        assert "```" not in p.plain_text() and 'option_3 = "value 3"' in p.plain_text()


def _passage(text: str, start: int) -> Passage:
    return Passage(id=f"p.md#{start}", title="T", section="S", text=text, source="p.md",
                   start=start, end=start + len(text))


def test_joined_neighbours_keep_list_items_on_lines_of_their_own():
    first, second, third = "- `a` - first option", "- `b` - second option", "and more words."
    ps = [_passage(first, 0), _passage(second, len(first) + 1),
          _passage(third, len(first) + len(second) + 2)]
    sentences = [sentence_spans(p.text) for p in ps]
    text, spans = joined(ps, sentences, [0, 1, 2])
    assert text == f"{first}\n{second} {third}"  # an item: a line break; a paragraph's cut: a space
    assert [text[a:b] for a, b in spans] == [first, second, third]
    assert markdown_to_text(text).split("\n")[:2] == ["a - first option", "b - second option and more words."]


@SETTINGS
@given(st.lists(st.one_of(word, st.sampled_from(
    [".", "!", "?", ")", "(", '"', "“", "”", "’", "'", " ", " ", "\n", "\n\n", "- ", "1. ", "e.g.",
     "Dr.", "A", "7"])), max_size=60).map("".join))
def test_sentences_lose_no_character(text):
    # every character that is not white space is in a sentence, but for stretches with no
    # letter or digit (a rule, a table's |---| row: no sentences); a quote or bracket
    # closing a sentence ("Stop.") stays with it: nothing but white space follows a sentence
    spans = sentence_spans(text)
    covered = {i for a, b in spans for i in range(a, b)}
    outside = "".join(" " if i in covered else ch for i, ch in enumerate(text))
    assert not any(ch.isalnum() for ch in outside), (text, spans)
    assert all(b == len(text) or text[b].isspace() or b in covered for _, b in spans), (text, spans)
    assert all(b0 <= a1 for (_, b0), (a1, _) in zip(spans, spans[1:]))


def test_closing_quotes_and_short_notes_stay_with_their_sentence():
    text = ('He said "Stop." Then it ended (as planned.) Next one.\n'
            "- `keepalive_expiry`, idle time in seconds, or `None` for no limits. (Default 5)\n"
            "- `max_connections`, maximum number.\n(Default 100)\n\n"
            "(A bracketed sentence of its own stays alone.)")
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        'He said "Stop."', "Then it ended (as planned.)", "Next one.",
        "- `keepalive_expiry`, idle time in seconds, or `None` for no limits. (Default 5)",
        "- `max_connections`, maximum number.\n(Default 100)",
        "(A bracketed sentence of its own stays alone.)",
    ]


@SETTINGS
@given(st.lists(st.tuples(st.integers(1, 40), st.integers(0, 40)), min_size=1, max_size=12),
       st.sampled_from(["*", "-", "1."]), st.sampled_from(["  ", "    ", "   "]))
def test_a_nested_list_item_stays_with_the_item_above_when_they_fit(items, mark, indent):
    lines = []
    for i, (parent, child) in enumerate(items):
        lines.append(f"{mark} `opt{i}` - " + " ".join(f"p{i}w{k}" for k in range(parent)))
        if child:
            pad = indent if mark != "1." else indent + " "
            lines.append(f"{pad}{mark} " + " ".join(f"c{i}w{k}" for k in range(child)) + ".")
    doc = _load("# Reference\n\n## Response\n\n" + "\n".join(lines) + "\n")
    passages = chunk(doc)
    for before, p in zip(passages, passages[1:]):
        first_line = doc.text[doc.text.rfind("\n", 0, p.start) + 1 : p.start]
        if first_line and not first_line.strip():  # the passage opens with a nested item
            end = doc.text.find("\n", p.start)
            nested = doc.text[p.start : end if end >= 0 else len(doc.text)]  # one line each
            # it was cut from the item above only where both would not fit in one passage
            assert len(before.text.split()) + len(nested.split()) > 120, (before.text, p.text)


def test_a_readme_centred_html_h1_names_the_document():
    text = ('<p align="center"><img src="logo.png" alt="logo"></p>\n\n'
            '<h1 align="center" style="font-size: 3rem">\nHTTP&amp;X <em>client</em>\n</h1>\n\n'
            "A next-generation HTTP client for Python, with sync and async APIs.\n")
    assert _load(text, "index.md").title == "HTTP&X client"
    # a Markdown H1 still comes first, wherever the HTML one is
    assert _load(text + "\n# Real Title\n\nBody text.\n", "index.md").title == "Real Title"
    assert _load("No heading at all, just text.\n", "getting-started.md").title == "getting started"


def test_a_passage_cut_out_of_an_admonition_body_reads_as_prose():
    # a long first paragraph in the admonition is cut between its sentences; the short
    # second one joins its tail, which starts mid-line in the indented body
    first = " ".join(f"Proxying step {i} needs a connection with the proxy server first."
                     for i in range(14))
    text = (f"# Proxies\n\n## Gotchas\n\n!!! tip \"Gotcha\"\n    {first}\n\n"
            "    For more, see [FORWARD vs TUNNEL](#forward-vs-tunnel) and `mounts`.\n")
    passages = chunk(_load(text))
    cut = [p for p in passages if p.text.startswith("Proxying step") and "For more" in p.text]
    assert cut, [p.text[:30] for p in passages]
    plain = cut[0].plain_text()
    assert "For more, see FORWARD vs TUNNEL and mounts." in plain
    assert "](" not in plain and "`" not in plain


def test_a_passage_cut_from_a_note_reads_the_next_less_indented_note_as_a_note():
    """Paperless-ngx's `PAPERLESS_DB_OPTIONS` (a definition under its heading, two notes
    indented under it): a passage cut inside the first note's body, its fenced example
    and the second note after it, reads the example as code and the note as a note, not
    its fences as text: the second note, less indented, is moved out by its own indent."""
    from collabqa.documents import Passage

    text = ("First body line.\n        more body here:\n\n        ```bash\n        run it\n"
            "        ```\n\n    !!! note \"Second\"\n\n        Second body.\n")
    plain = Passage("a.md#1", "a", "S", text, "a.md", 0, len(text)).plain_text()
    assert plain.split("\n") == ["First body line.", "more body here:", "run it", "Second:",
                                  "Second body."]


def test_a_fence_opening_a_passage_then_prose_of_the_tab_then_prose_outside():
    code = "\n".join(f"    key_{i} = {i}" for i in range(60))
    text = (f"# Setup\n\n## Neovim\n\n=== \"Lua\"\n\n    ```lua\n{code}\n    ```\n\n"
            "    And then enable the server in your `init.lua` file as shown.\n\n"
            "Outside the tab, see [_Settings_](settings.md) for **all** options.\n")
    passages = chunk(_load(text))
    fenced = [p for p in passages if p.text.startswith("```lua")]
    assert fenced
    plain = "\n".join(p.plain_text() for p in passages[passages.index(fenced[0]):])
    assert "```" not in plain and "](" not in plain and "**" not in plain
    assert "And then enable the server in your init.lua file as shown." in plain
    assert "Outside the tab, see Settings for all options." in plain


def test_an_admonition_nested_in_a_content_tab_reads_as_prose():
    text = ('=== "Neovim 0.10"\n\n    !!! note\n        [`nvim-lspconfig`](https://x.org) has\n'
            '        [deprecated](https://y.org) this.\n\n    ```lua\n    require("ruff")\n    ```\n\n'
            "Outside.\n\n    an indented code block [a](b)\n")
    assert markdown_to_text(text).split("\n") == [
        "Neovim 0.10:", "Note:", "nvim-lspconfig has", "deprecated this.", 'require("ruff")',
        "Outside.", "an indented code block [a](b)"]


def test_aka_does_not_end_a_sentence():
    text = "It uses a bundle of SSL certificates (a.k.a. CA bundle) from a CA. Next one."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "It uses a bundle of SSL certificates (a.k.a. CA bundle) from a CA.", "Next one."]


def test_api_reference_directives_read_as_the_names_they_document():
    text = ("::: httpx.request\n    :docstring:\n\n::: httpx.Client\n    :docstring:\n"
            "    :members: headers cookies\n\n::: my_pkg.mod\n    options:\n      show_source: false\n\n"
            "Text after, with ::: inside a line.\n\n::: httpx.HTTPError\n::: httpx.RequestError\n\n"
            "```yaml\n::: not.a.directive\n    kept: true\n```\n")
    assert markdown_to_text(text).split("\n") == [
        "httpx.request", "httpx.Client", "my_pkg.mod", "Text after, with ::: inside a line.",
        "httpx.HTTPError", "httpx.RequestError", "::: not.a.directive", "kept: true"]


def test_api_reference_options_are_no_sentences_to_quote():
    # Hatch's plugin pages: the options under `::: x.Y` list members, which the built page
    # documents from the code; a sentence of them was quoted as "... options: members:".
    text = ("# Plugins\n\n## Reference\n\nA version scheme plugin bumps versions for the "
            "project, from the current version and the segments asked for.\n\n"
            "::: hatchling.version.scheme.plugin.interface.VersionSchemeInterface\n"
            "    options:\n      members:\n      - PLUGIN_NAME\n      - root\n\nText after.\n")
    doc = _load(text)
    quoted = [p.plain(p.text[a:b]) for p in chunk(doc)
              for a, b in quotable(p.text, sentence_spans(p.text))]
    assert quoted[-2:] == ["hatchling.version.scheme.plugin.interface.VersionSchemeInterface",
                           "Text after."]
    assert not any("PLUGIN_NAME" in q or "options:" in q for q in quoted)


def test_material_for_mkdocs_syntax_reads_as_the_built_page_shows_it():
    text = ('Widget builds gizmos[^1]. Press ++ctrl+page-up++ to go back.\n\n'
            'Call `#!python range(3)` or `#!c++ std::max`; `#!` and `#!bash` stay.\n\n'
            '!!! tip inline end "Shell completion"\n\n    Run it with ==care== and ^^now^^.\n\n'
            '--8<-- "snippets/install.md"\n\n--8<--\nincludes/a.md\nincludes/b.md\n--8<--\n\n'
            '-   :material-clock-fast:{ .lg .middle } __Set up in 5 minutes__\n\n'
            '```text\n--8<-- "kept/in/code.md"\na == b\n```\n\n'
            '```python\nid: int  # (1)!\nname: str  // (2)\nn = f(3)  # (3) is kept\n```\n\n'
            '*[HTML]: Hyper Text Markup Language\n\n[^1]: A gizmo is a small device.\n')
    assert markdown_to_text(text).split("\n") == [
        "Widget builds gizmos. Press Ctrl+Page Up to go back.",
        "Call range(3) or std::max; #! and #!bash stay.",
        "Shell completion:", "Run it with care and now.",
        "Set up in 5 minutes",
        '--8<-- "kept/in/code.md"', "a == b",
        "id: int", "name: str", "n = f(3)  # (3) is kept",
        "HTML: Hyper Text Markup Language", "A gizmo is a small device."]


@SETTINGS
@given(st.lists(st.tuples(word, st.sampled_from(["", "++", "--", "focus", "error", "warning",
                                                  "highlight", "word:Hello"])),
                min_size=1, max_size=6),
       st.sampled_from([("//", ""), ("#", ""), ("<!--", " -->"), ("/*", " */")]))
def test_shikis_notation_comments_show_nothing(lines, comment):
    """VitePress and Nuxt mark a code line with Shiki's notation (`foo() // [!code ++]`,
    Vitest's migration guide's before-and-after examples): the page shows the line, marked,
    and no comment; a line with no notation is shown as written."""
    opener, closer = comment
    code = "\n".join(f"call_{w}()" + (f"  {opener} [!code {n}]{closer}" if n else "")
                     for w, n in lines)
    assert markdown_to_text(f"Example:\n\n```ts\n{code}\n```\n").split("\n") == [
        "Example:", *(f"call_{w}()" for w, _ in lines)]


@SETTINGS
@given(st.lists(word, min_size=1, max_size=4), st.sampled_from(["==", "^^"]),
       st.sampled_from(["", " [^1]", "[^note]"]))
def test_marked_words_and_footnote_references_read_as_their_words(words, mark, ref):
    marked = " ".join(words)
    text = f"Before {mark}{marked}{mark}{ref} after."
    assert markdown_to_text(text) == f"Before {marked} after."


@SETTINGS
@given(st.sampled_from(["!!!", "???", "???+"]), st.sampled_from(["note", "tip", "warning"]),
       st.lists(word, min_size=0, max_size=4))
def test_an_admonition_title_line_alone_reads_as_its_title(mark, kind, title):
    """A note's title line quoted alone, or ending a passage, reads as the page shows it,
    collapsible (`???`) or not."""
    line = f'{mark} {kind} "{" ".join(title)}"' if title else f"{mark} {kind}"
    assert markdown_to_text(line) == (f"{' '.join(title)}:" if title else f"{kind.capitalize()}:")


@SETTINGS
@given(st.lists(word, min_size=1, max_size=3), st.lists(word, min_size=1, max_size=3),
       st.sampled_from([" ", "\n", "\n    "]))
def test_references_defined_outside_the_passage_read_as_their_text(text, ref, gap):
    """MkDocs pages write `[Ruby]` and `[text]\\n[id]` with the definitions at the end of
    the section, so a passage rarely holds them: the words read as the built page shows
    them, without brackets or the id; code keeps its brackets, and a footnote, a task
    box and an alert are no references."""
    label, ident = " ".join(text), ".".join(ref)
    assume(ident.casefold() not in (label.casefold(), "x"))  # "[x]" is a task box
    assume(label.casefold() != "x")  # ... whichever of the two it is
    page = (f"Jekyll is written in [{label}]. Set the [`{label}`]{gap}[{ident}] option:\n\n"
            "- [x] Done\n\nSee below[^1].\n\n```toml\n[project]\nx = [1]\n```\n")
    assert markdown_to_text(page).split("\n") == [
        f"Jekyll is written in {label}. Set the {label} option:", "[x] Done", "See below.",
        "[project]", "x = [1]"]
    defined = f"{page}\n[{label}]: https://example.org\n"
    assert markdown_to_text(defined).split("\n")[0] == f"Jekyll is written in {label}. Set the {label} option:"


@SETTINGS
@given(st.text(alphabet="*.-+=<>~|\\", min_size=1, max_size=4).filter(lambda t: t.strip()),
       st.lists(word, min_size=1, max_size=4))
def test_a_bracketed_label_of_no_letter_or_digit_keeps_its_brackets(label, words):
    """Mermaid's docs write its start state `[\\*]` in prose: no page defines a link by
    such a label, so the built page shows the brackets ("written with the [*] syntax"),
    which an answer must quote (it read "written with the * syntax" before)."""
    prose = " ".join(words)
    shown = markdown_to_text(f"{prose} [{label}] {prose}\n")
    assert shown.startswith(f"{prose} [") and "]" in shown and shown.endswith(prose)
    assert markdown_to_text("These are written with the [\\*] syntax.") == \
        "These are written with the [*] syntax."


@SETTINGS
@given(st.lists(st.tuples(word, word), min_size=1, max_size=4), st.lists(word, min_size=1, max_size=6))
def test_content_tabs_inside_a_list_item_read_as_tabs_in_the_item(tabs, words):
    """A list item holding tabs (`-   Activate it:` then `    === "Windows"` and a fence
    indented by eight): each tab reads as its label and its code, and the item's prose
    after the tabs reads as prose, not as an indented code block."""
    body = "".join(f'    === ":material-laptop: {label}"\n\n        ```sh\n        run {cmd}\n'
                   "        ```\n\n" for label, cmd in tabs)
    prose = " ".join(words)
    page = f"-   Activate it with:\n\n{body}\n    Then check `{prose}` works.\n"
    lines = markdown_to_text(page).split("\n")
    assert lines == (["Activate it with:"] + [x for label, cmd in tabs for x in (f"{label}:", f"run {cmd}")]
                     + [f"Then check {prose} works."])


@SETTINGS
@given(st.lists(st.lists(word, min_size=1, max_size=8), min_size=1, max_size=3),
       st.lists(word, min_size=1, max_size=4), st.lists(word, min_size=1, max_size=4))
def test_a_passage_cut_from_a_grid_card_reads_the_card_then_the_next_card(lines, tagline, title):
    """A passage that starts inside a list item's indented body (Material's grid cards:
    `-   __Title__`, then `---`, prose and a bold tagline indented by four) and runs into
    the next item: the body reads as prose, not as an indented code block, and so does
    the next card."""
    prose, tag, name = "\n    ".join(" ".join(ws) for ws in lines), " ".join(tagline), " ".join(title)
    text = f"{prose}.\n\n    ---\n\n    __{tag}__\n\n-   :material-tag: &nbsp; __{name}__\n\n    ---\n"
    plain = _passage(text, 0).plain_text().split("\n")
    assert plain == [" ".join(ws) for ws in lines][:-1] + [" ".join(lines[-1]) + ".", tag, name]


@SETTINGS
@given(st.lists(word, min_size=3, max_size=12), attr)
def test_a_block_attribute_list_is_no_text_even_in_a_sentence_of_plain_words(words, attrs):
    """Material for MkDocs marks a block with an attribute list on the line under it
    ("... aliases (1).\n{ .annotate }"): no text, also in a quoted sentence that has no
    other markup."""
    from collabqa.documents import as_read

    sentence = " ".join(words) + "."
    assert as_read(f"{sentence}\n{attrs}", "page.md") == sentence


def test_reference_links_in_table_rows_cut_from_their_header_read_as_their_text():
    """mkdocstrings' cross-references (`[errors()][pydantic_core.ValidationError.errors]`)
    in the rows of a table a passage cut from its header read as their text."""
    rows = ("| [errors()][pydantic_core.ValidationError.errors] | Returns a list of "
            "[ErrorDetails][pydantic_core.ErrorDetails] errors. |\n| [json()][] | JSON. |")
    assert markdown_to_text(rows) == "errors() | Returns a list of ErrorDetails errors.\njson() | JSON."


def test_a_placeholder_shown_as_code_or_a_github_actions_expression_stays():
    """`{{ version }}` in prose is a template's placeholder, no text; written as code, or
    as a GitHub Actions expression (`${{ matrix.os }}`), it is what the page shows."""
    text = "Use `{{ version }}` or ${{ matrix.os }}; {{ version }} is gone, *x*."
    assert markdown_to_text(text) == "Use {{ version }} or ${{ matrix.os }}; is gone, x."


def test_a_rest_directive_written_in_markdown_holds_a_markdown_body():
    # Sanic's guide (eval/corpora/sanic-docs) lays its pages out in `.. column::` blocks
    # of indented Markdown: the lines were quoted as sentences ("[1] .. column:: [1]") and
    # "Defaults to a `204` status." under a column's fence ranked with the code.
    text = ("# Response\n\n## Empty\n\n.. column::\n\n    **Default Content-Type**: N/A\n\n"
            ".. column::\n\n    ```python\n    return empty()\n    ```\n\n"
            "    Defaults to a `204` status.\n\n.. tip:: FYI\n\n    A *tip* body.\n\n"
            ".. code-block:: python\n\n    x = 1\n")
    passages = chunk(_load(text))
    sentences = [p.plain(p.text[a:b]) for p in passages
                 for a, b in sentence_spans(p.text) if p.says_at(p.text, a, b)]
    assert ".. column::" not in " ".join(sentences)
    assert "Defaults to a 204 status." in sentences
    assert "Default Content-Type: N/A" in sentences
    plain = "\n".join(p.plain_text() for p in passages)
    assert "Tip: FYI\nA tip body." in plain
    assert "x = 1" in plain  # a code directive's body stays code
