"""MyST Markdown (Sphinx's Markdown): directives, roles, targets, comments, definition lists.

Each property is one a real MyST docs set broke (eval/corpora/pip-docs): a ```{note} or
```{versionchanged} 23.3 fence was read as code with its label lost, {ref}`text <label>`
was read with its braces and target, `(label)=` lines were read as prose (one became a
page's byline), toctree entries would be words, a definition list's `: ` stayed in the text.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabqa.corpus import chunk
from collabqa.documents import Document, Passage
from collabqa.formats import load_document
from collabqa.formats.clean import markdown_to_text

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

word = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyz")), min_size=2, max_size=9)
sentence = st.builds(lambda ws: " ".join(ws).capitalize() + ".",
                     st.lists(word, min_size=3, max_size=14))
body = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
version = st.builds(lambda a, b: f"{a}.{b}", st.integers(1, 30), st.integers(0, 9))
fence = st.sampled_from(["```", "~~~", ":::"])
ADMONITIONS = {"note": "Note", "warning": "Warning", "caution": "Caution", "tip": "Tip",
               "important": "Important", "seealso": "See also"}
VERSIONS = {"versionadded": "Added in version", "versionchanged": "Changed in version",
            "deprecated": "Deprecated since version"}


def _doc(text: str, name: str = "page.md") -> Document:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        doc = load_document(path, name)
    assert doc is not None
    return doc


def _passages(text: str) -> list[Passage]:
    doc = _doc(text)
    passages = chunk(doc)
    for p in passages:
        assert doc.text[p.start : p.end] == p.text
    return passages


def _read(text: str) -> str:
    """The reader's text of a whole MyST page, passage by passage."""
    return "\n".join(p.plain_text() for p in _passages(text))


@SETTINGS
@given(st.sampled_from(sorted(ADMONITIONS)), fence, body, st.sampled_from(
    ["", ":class: tip\n", ":class: dropdown\n:name: my-note\n", "---\nclass: tip\n---\n"]))
def test_an_admonition_fence_reads_as_its_label_and_body_not_code(name, mark, text, options):
    page = f"# Page\n\nIntro words here to start with.\n\n{mark}{{{name}}}\n{options}{text}\n{mark}\n"
    read = _read(page)
    assert f"{ADMONITIONS[name]}: {text}" in " ".join(read.split())
    assert "{" not in read and mark not in read and "class:" not in read  # options gone
    assert all(p.kind == "text" for p in _passages(page))


@SETTINGS
@given(st.sampled_from(sorted(VERSIONS)), version, st.one_of(st.just(""), body), fence)
def test_a_version_note_reads_as_sphinx_shows_it(name, number, text, mark):
    page = f"# Page\n\n## Part\n\nWords of the part come first here.\n\n{mark}{{{name}}} {number}\n{text}\n{mark}\n"
    read = " ".join(_read(page).split())
    label = f"{VERSIONS[name]} {number}"
    assert (f"{label}: {text}" if text else f"{label}.") in read
    assert "{" not in read and mark not in read


@SETTINGS
@given(word, word, st.sampled_from(["ref", "doc", "pypi", "command", "file", "any", "term"]),
       st.booleans())
def test_a_role_reads_as_the_words_it_shows(shown, target, role, labelled):
    inner = f"{shown} <{target}>" if labelled else shown
    text = markdown_to_text(f"See {{{role}}}`{inner}` for more.")
    assert text == f"See {shown} for more."


def test_pep_and_rfc_roles_read_as_sphinx_shows_them():
    assert markdown_to_text("First introduced in {pep}`518`, see {rfc}`9110`.") == (
        "First introduced in PEP 518, see RFC 9110.")


def test_pep_and_rfc_roles_in_a_directive_argument_read_as_sphinx_shows_them():
    """A version note's text and an admonition's title are inline text with roles too."""
    # (a backtick fence's info string holds no backtick: these are `:::` and `~~~` fences)
    page = (":::{versionchanged} 23.1 Follows {pep}`668`.\n:::\n\n"
            "~~~{admonition} About {rfc}`9110`\nHeaders are case-insensitive.\n~~~\n")
    assert markdown_to_text(page) == ("Changed in version 23.1: Follows PEP 668.\n"
                                      "About RFC 9110: Headers are case-insensitive.")


@SETTINGS
@given(st.lists(st.tuples(word, body), min_size=1, max_size=4))
def test_targets_and_comments_are_no_words(parts):
    page = "(top-label)=\n\n# Title\n\n" + "".join(
        f"({name}-target)=\n\n% a comment about {name}\n\n## {name.capitalize()}\n\n{text}\n\n"
        for name, text in parts)
    read = _read(page)
    assert ")=" not in read and "comment about" not in read
    assert not any(p.kind == "byline" for p in _passages(page))


def test_navigation_fences_are_no_words_and_code_directives_stay_code():
    page = ("# Topics\n\nThese pages hold the topics, one a page.\n\n"
            "```{toctree}\n:maxdepth: 1\n:hidden:\n\nauthentication\ncaching\n```\n\n"
            "```{contents}\n:local:\n```\n\n"
            "```{code-block} python\n:caption: example.py\nprint('hello')\n```\n")
    passages = _passages(page)
    read = " ".join(p.plain_text() for p in passages)
    assert "authentication" not in read and "maxdepth" not in read and "local" not in read
    assert "print('hello')" in read and "caption" not in read


@SETTINGS
@given(st.lists(st.tuples(word, body), min_size=1, max_size=4), st.sampled_from(["```", "````"]))
def test_tabs_read_as_label_and_body_with_fences_inside_kept_as_code(tabs, mark):
    outer = "````" if mark == "```" else "`````"
    page = "# Page\n\nIntro words here to start with, enough of them.\n\n" + "".join(
        f"{outer}{{tab}} {name}\n{mark}\n~/.cache/{name}\n{mark}\n\n{text}\n{outer}\n\n"
        for name, text in tabs)
    read = " ".join(_read(page).split())
    for name, text in tabs:
        assert f"{name}: ~/.cache/{name}" in read and text in read
    assert "`" not in read and "{tab}" not in read


@SETTINGS
@given(st.lists(st.tuples(word, body), min_size=1, max_size=4), st.booleans())
def test_sphinx_tabs_group_tabs_read_as_label_and_body(tabs, indented_code):
    """sphinx-tabs in MyST (Incus' docs): a `tabs` fence holding `group-tab` fences, each
    labelled by its argument ("CLI", "API"). Each tab reads as its label and its prose,
    the code indented in it as code; no fence line or link syntax is read as text."""
    code = "\n    incus config set my-container limits.memory=8GiB\n" if indented_code else ""
    page = "# Page\n\nIntro words here to start with, enough of them.\n\n````{tabs}\n" + "".join(
        f"```{{group-tab}} {name}\n{text} See [the command](incus_config_set.md).\n{code}```\n\n"
        for name, text in tabs) + "````\n\nClosing words after the tabs.\n"
    passages = _passages(page)
    read = " ".join(" ".join(p.plain_text() for p in passages).split())
    for name, text in tabs:
        assert f"{name}: {text} See the command." in read
    assert "`" not in read and "{group-tab}" not in read and "](" not in read
    assert all(p.kind != "code" for p in passages if not indented_code)


@SETTINGS
@given(st.lists(st.tuples(word, body), min_size=1, max_size=4, unique_by=lambda t: t[0]),
       st.sampled_from(["\n", "\n\n"]))
def test_definition_list_terms_head_their_definitions(items, gap):
    page = "# Page\n\n(labels)=\n## Labels\n\nThe labels are these.\n\n" + "".join(
        f"{term}{gap}: {text}\n\n" for term, text in items) + "## After\n\nMore words after the list.\n"
    passages = _passages(page)
    for term, text in items:
        held = " ".join(p.plain_text() for p in passages if p.section == f"Labels > {term}")
        assert text in " ".join(held.split())
        assert not any(line.startswith(":") for line in held.split("\n"))
    assert any(p.section == "After" for p in passages)


@SETTINGS
@given(body, body, body, st.sampled_from(["note", "warning"]))
def test_a_passage_starting_inside_a_directive_body_reads_its_prose_after_it(a, b, c, name):
    # the body's second paragraph, the closing fence, then prose and a code fence with info
    fragment = f"{b}\n```\n\n{c}\n\n```none\nsome code\n```"
    text = markdown_to_text(fragment)
    assert b in " ".join(text.split()) and c in " ".join(text.split())
    assert "```" not in text
    page = f"# Page\n\n```{{{name}}}\n{a}\n\n{b}\n```\n\n{c}\n\n```none\nsome code\n```\n"
    for p in _passages(page):
        assert "```" not in p.plain_text()


def test_eval_rst_reads_as_restructuredtext():
    page = ("# Page\n\nSome intro words are here first.\n\n"
            "```{eval-rst}\n.. note::\n\n   The body is *reStructuredText* here.\n```\n")
    read = " ".join(_read(page).split())
    assert "Note: The body is reStructuredText here." in read
    assert ".. note" not in read


def test_plain_markdown_without_myst_syntax_reads_as_before():
    text = "Costs rose by 5\n% of sales in {2024}, see [docs](x).\n\n```\ncode\n```"
    assert markdown_to_text(text) == "Costs rose by 5\n% of sales in {2024}, see docs.\ncode"


@SETTINGS
@given(st.sampled_from(sorted(ADMONITIONS) + sorted(VERSIONS)), fence, body,
       st.sampled_from(["", ":class: tip\n"]))
def test_a_directive_body_opens_a_sentence_of_its_own(name, mark, text, options):
    # A sentence opening with a fence is code to whoever quotes it; the body is prose.
    from collabqa.corpus import sentence_spans

    page = f"Words before it.\n\n{mark}{{{name}}} 2.1\n{options}{text}\n{mark}\n"
    first = page.index(text)
    assert any(a == first for a, _ in sentence_spans(page)), sentence_spans(page)


@SETTINGS
@given(st.sampled_from(["note", "warning", "tab", "admonition", "seealso"] + sorted(VERSIONS)),
       st.sampled_from(["", " Linux", " Example"]), body)
def test_a_label_alone_is_not_quoted_but_a_version_note_is(name, argument, text):
    # "Windows" or "Note" alone names what follows; "Changed in version 2.1." says something.
    from collabqa.corpus import quotable, sentence_spans

    argument = " 2.1" if name in VERSIONS else argument
    passage = f"Words before it.\n\n```{{{name}}}{argument}\n{text}\n```"
    quoted = [passage[a:b] for a, b in quotable(passage, sentence_spans(passage))]
    assert any(q.startswith("```") for q in quoted) == (name in VERSIONS)
    assert " ".join(" ".join(quoted).split()).count(text) == 1


def test_code_spans_and_notebook_fences_do_not_make_a_file_myst():
    # ruff's docs: `# noqa: {code}` in a code span is no role, ```{python} a code cell.
    page = ("# Page\n\nAdd `# noqa: {code}` to the line, or `ruff:{major}.{minor}`.\n\n"
            "% not a comment here\n\n```{python}\nx = 1\n\ny = 2\n```\n\n"
            "::: httpx.get\n\nMore words after the reference.\n")
    passages = _passages(page)
    read = "\n".join(p.plain_text() for p in passages)
    # (MyST reads a `%` line as a comment, CommonMark as text.)
    assert "# noqa: {code}" in read and "% not a comment here" in read
    assert "More words after the reference." in read
    code = [p for p in passages if "x = 1" in p.text]
    assert code and all(p.kind == "code" or "y = 2" in p.plain_text() for p in code)


def test_a_passage_opening_with_a_colon_fence_cut_out_of_a_list_item_reads_as_prose():
    """attrs' glossary: a list item's `:::{note}` block, indented under the item, then
    more of the item's text. A passage cut to open with the note's fence lost that line's
    indent and kept the others': they read as an indented code block (links, backticks
    and roles left as written) until the body is moved out as a fenced one's is."""
    first = " ".join(f"Slotted class rule {i} changes how an instance stores its fields."
                     for i in range(10))
    note = " ".join(["When a class already implements `__getstate__`, it is *overwritten* by"
                     " default."] * 3)
    text = (f"# Glossary\n\n## Slotted classes\n\n- Slotted classes:\n\n  - {first}\n\n"
            f"    :::{{note}}\n    {note}\n    :::\n\n"
            "    Also, [think twice](https://example.org/talk) before using `pickle`.\n\n"
            "  - Slotted classes are weak-referenceable by default.\n")
    passages = chunk(_doc(text, "glossary.md"))
    cut = [p for p in passages if p.text.startswith(":::{note}")]
    assert cut, [p.text[:30] for p in passages]
    plain = cut[0].plain_text()
    assert "When a class already implements __getstate__, it is overwritten by default." in plain
    assert "Also, think twice before using pickle." in plain
    assert "](" not in plain and "`" not in plain and "*" not in plain
