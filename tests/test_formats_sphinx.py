"""Sphinx directives docutils does not know, read from a real .rst file (no mocks).

A configuration reference written with `.. py:data::`, version notes, `.. seealso::` and
sphinx-tabs are prose in the built docs: their words must reach the passages, while
`toctree` and `currentmodule` stay out, and an `autoclass` without a body reads as its
signature.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings, strategies as st

from collabqa.corpus import SHORT_SECTION_WORDS, chunk_corpus
from collabqa.formats import load_document
from collabqa.formats.builder import tidy

CORPORA = Path(__file__).resolve().parents[1] / "eval/corpora"


def _real_page(path: str):
    """A page of a documentation set in eval/corpora ("<corpus>/docs/<page>"), read as
    collabqa reads it, named by its file name."""
    return load_document(CORPORA / path, path.rsplit("/", 1)[-1])

CONFIG_PAGE = """\
Configuration
=============

.. currentmodule:: widgetron

.. toctree::
   :maxdepth: 1

   install

Builtin Values
--------------

.. py:data:: WIDGET_COOKIE_NAME

    The name of the widget cookie. Can be changed in case you already have a
    cookie with the same name.

    Default: ``'widget'``

    .. versionchanged:: 2.3
        Not set by default, does not fall back to ``SERVER_NAME``.

.. py:data:: MAX_WIDGETS
   :no-index:

    The largest number of widgets one scene may hold.

    Default: ``1_000``

    .. versionadded:: 3.1

.. data:: WIDGET_DEBUG

   Enable the :func:`~widgetron.debug` overlay.

.. autoclass:: widgetron.Scene
   :members:

.. seealso:: The :doc:`/install` page for widget paths.

Shells
------

.. tabs::

   .. group-tab:: Bash

      .. code-block:: text

         $ export WIDGET_PORT=8000

   .. group-tab:: Fish

      .. code-block:: text

         $ set -x WIDGET_PORT 8000
"""


def _page(tmp_path_factory, text: str):
    """The Document of `text` saved as a page.rst of a folder of its own."""
    path = tmp_path_factory.mktemp("rst") / "page.rst"
    path.write_text(text, encoding="utf-8")
    return load_document(path, "page.rst")


def _passages(tmp_path, text):
    path = tmp_path / "config.rst"
    path.write_text(text, encoding="utf-8")
    doc = load_document(path, "config.rst")
    assert doc is not None
    return doc, chunk_corpus([doc])


def test_object_descriptions_are_read_under_their_name(tmp_path):
    doc, passages = _passages(tmp_path, CONFIG_PAGE)
    by_section: dict[str, str] = {}
    for p in passages:
        by_section[p.section] = by_section.get(p.section, "") + "\n" + p.text
    cookie = by_section["Builtin Values > WIDGET_COOKIE_NAME"]
    assert "The name of the widget cookie." in cookie
    assert "Default: 'widget'" in cookie
    assert "Changed in version 2.3: Not set by default, does not fall back to SERVER_NAME." in cookie
    most = by_section["Builtin Values > MAX_WIDGETS"]
    assert "Default: 1_000" in most and "Added in version 3.1." in most
    assert "no-index" not in doc.text
    assert "Enable the debug overlay." in by_section["Builtin Values > WIDGET_DEBUG"]
    assert "See also: The /install page for widget paths." in doc.text


def test_an_object_description_in_a_table_cell_is_its_name(tmp_path):
    """fish's docs (eval/corpora/fish-docs, GPL-2.0) list their colour variables in a
    table whose first cells are `.. envvar::` directives: each row reads as its name and
    its meaning, not as the meaning alone."""
    (tmp_path / "colors.rst").write_text(
        "Colors\n======\n\n"
        "===============================  ==========================================\n"
        "Variable                         Meaning\n"
        "===============================  ==========================================\n"
        ".. envvar:: fish_color_normal    default color\n"
        ".. envvar:: fish_color_cancel    the '^C' indicator on a canceled command\n"
        "===============================  ==========================================\n",
        encoding="utf-8")
    doc = load_document(tmp_path / "colors.rst", "colors.rst")
    assert "fish_color_cancel | the '^C' indicator on a canceled command" in doc.text
    assert "fish_color_normal | default color" in doc.text
    assert "envvar" not in doc.text


def test_tabs_keep_their_labels_and_code(tmp_path):
    doc, passages = _passages(tmp_path, CONFIG_PAGE)
    shells = "\n".join(p.text for p in passages if p.section == "Shells")
    assert "Bash" in shells and "$ export WIDGET_PORT=8000" in shells
    assert "Fish" in shells and "$ set -x WIDGET_PORT 8000" in shells
    assert [p.kind for p in passages if "WIDGET_PORT" in p.text] and all(
        ".. code-block" not in p.text for p in passages)


def test_directives_without_prose_stay_out(tmp_path):
    """... and an `autoclass` with options only reads as the signature a built page shows
    for it (its docstring is in code the page does not hold), not as its source."""
    doc, _ = _passages(tmp_path, CONFIG_PAGE)
    for leaked in ("toctree", "maxdepth", "install\n", "currentmodule", "autoclass",
                   "members", "Unknown directive"):
        assert leaked not in doc.text, leaked
    assert "\nclass widgetron.Scene\n" in doc.text


def test_a_scope_or_a_spelling_list_shows_nothing():
    # `.. cpp:namespace:: nanobind` opens 19 of nanobind's pages; read as a block it was a
    # passage "nanobind" of its own. cloud-init lists words its spell checker accepts.
    faq = _real_page("nanobind-docs/docs/faq.rst")
    assert "nanobind" not in [b.strip() for b in faq.text.split("\n\n")]
    assert faq.text.startswith("Importing my module fails")
    info = _real_page("cloudinit-docs/docs/explanation/net-device-info.rst")
    assert "Hw" not in info.text.split() and "ignore-words" not in info.text


_WORDS = st.lists(st.from_regex(r"[a-z]{2,9}", fullmatch=True), min_size=3, max_size=8)
_KINDS = {"autoclass": "class {}", "autoexception": "exception {}", "autofunction": "{}",
          "py:function": "{}", "autodata": "{}", "automethod": "{}"}


@settings(max_examples=40, deadline=None)
@given(st.from_regex(r"[a-z]{3,9}(?:\.[a-z]{3,9}){0,2}", fullmatch=True),
       st.lists(st.tuples(st.from_regex(r"[A-Za-z][A-Za-z_]{2,14}", fullmatch=True),
                          st.sampled_from(sorted(_KINDS)), _WORDS),
                min_size=1, max_size=4, unique_by=lambda t: t[0].lower()),
       _WORDS)
def test_an_automodules_body_is_read_and_its_objects_by_their_signatures(
        tmp_path_factory, module, entries, intro):
    """Sphinx shows an `automodule`'s body after the module's docstring: its sections and
    prose are the page's text, and an object with options only reads as its signature
    line, each under the section it is in."""
    sentence = " ".join(intro).capitalize() + "."
    body = f"   {sentence}\n\n"
    for name, kind, heading in entries:
        title = " ".join(heading).capitalize()
        body += (f"   {title}\n   {'-' * len(title)}\n\n"
                 f"   .. {kind}:: {name}\n      :members:\n\n")
    doc = _page(tmp_path_factory, f"Module\n======\n\n.. automodule:: {module}\n\n{body}")
    assert doc is not None
    assert sentence in doc.text and "automodule" not in doc.text
    passages = chunk_corpus([doc])
    for name, kind, heading in entries:
        line = _KINDS[kind].format(name)
        title = " ".join(heading).capitalize()
        assert any(p.section.endswith(title) and f"\n{line}" in "\n" + p.text
                   for p in passages), (name, kind)
    assert ":members:" not in doc.text


def test_tornados_module_pages_name_their_classes_and_functions():
    """tornado's docs (eval/corpora/tornado-docs, Apache-2.0) write each module's page as
    an `automodule` whose body holds sections of `autoclass` / `autofunction` lines: the
    pages read as nothing but their titles before, so "Does tornado.queues have a
    last-in first-out queue class?" could not be answered."""
    queues = chunk_corpus([_real_page("tornado-docs/docs/queues.rst")])
    assert any(p.section == "Classes > LifoQueue" and "class LifoQueue" in p.text
               for p in queues)
    assert any(p.section == "Exceptions > QueueFull" and "exception QueueFull" in p.text
               for p in queues)
    testing = _real_page("tornado-docs/docs/testing.rst")
    assert "Helper functions\n\nbind_unused_port\n" in testing.text


_STYLE_CLASS = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6})?", fullmatch=True)
_CLASS_NAME = st.from_regex(r"([a-z_]{2,8}\.){0,2}[A-Z_][A-Za-z0-9_]{1,10}(\(([a-z]{1,4}(, [a-z]{1,4})?)?\))?",
                            fullmatch=True)


@settings(max_examples=40, deadline=None)
@given(_CLASS_NAME, _STYLE_CLASS, _WORDS, _WORDS)
def test_a_class_directive_names_its_class_as_sphinx_shows_it(
        tmp_path_factory, name, style, said, styled):
    """In a Sphinx project `.. class:: Name` is the Python domain's class: the page shows
    its signature, with its body under it, or alone ("class debug_toolbar.panels.history.
    HistoryPanel" above a paragraph). docutils' own `class` directive, which only styles
    what follows, would drop the name; a style class (`.. class:: center`) still does."""
    body, plain = " ".join(said).capitalize() + ".", " ".join(styled).capitalize() + "."
    page = (f"Title\n=====\n\n.. class:: {style}\n\n{plain}\n\n"
            f".. class:: {name}\n\n   {body}\n\n.. class:: {name}\n\n{plain}\n")
    doc = _page(tmp_path_factory, page)
    assert doc is not None
    assert f"{name}\n\n{body}" in doc.text  # a heading over its body
    assert f"class {name}\n\n{plain}" in doc.text  # a signature line alone
    assert doc.text.startswith(plain) and f"\n{style}\n" not in f"\n{doc.text}\n"


def test_referencings_private_objects_are_named():
    """referencing's API page (eval/corpora/referencing-docs, MIT) documents `_Unset` with
    `.. class::`: "What is referencing._core._Unset for?" found its description without
    its name."""
    passages = chunk_corpus([_real_page("referencing-docs/docs/api.rst")])
    assert any(p.section.endswith("referencing._core._Unset")
               and "A sentinel object used internally" in p.text for p in passages)


def test_pep_and_rfc_roles_read_as_sphinx_shows_them(tmp_path):
    """Sphinx shows :pep:`517` as "PEP 517" and :rfc:`9110` as "RFC 9110" (role names are
    case-insensitive); an explicit title shows the title alone."""
    doc, _ = _passages(tmp_path, "Builds\n======\n\nThe interface is :pep:`517`, headers "
                                 "follow :RFC:`9110` and :pep:`the lock file spec <751>`.\n")
    assert "The interface is PEP 517, headers follow RFC 9110 and the lock file spec." in doc.text


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["pep", "rfc", "ref", "doc", "func", "py:class", "term"]),
       st.from_regex(r"[a-z0-9]{1,9}", fullmatch=True),
       st.one_of(st.just(""), st.from_regex(r"[A-Z][a-z]{1,9}", fullmatch=True)))
def test_a_role_reads_the_same_in_rst_and_myst(tmp_path_factory, role, target, title):
    """The same Sphinx role shows the same words in reStructuredText and in MyST."""
    from collabqa.formats.clean import markdown_to_text

    inner = f"{title} <{target}>" if title else target
    rst = _page(tmp_path_factory, f"Page\n====\n\nSee :{role}:`{inner}` here.\n").text
    rst = rst.split("\n")[-1]
    assert rst == markdown_to_text(f"See {{{role}}}`{inner}` here.")


names = st.from_regex(r"[A-Z][A-Z_]{2,12}", fullmatch=True)
words = st.lists(st.from_regex(r"[a-z]{2,9}", fullmatch=True), min_size=3, max_size=12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(names, words, st.sampled_from(["py:data", "confval", "envvar"])),
                min_size=1, max_size=5, unique_by=lambda t: t[0]))
def test_any_object_description_body_is_text_under_its_name(tmp_path_factory, entries):
    body = "".join(f".. {kind}:: {name}\n\n    {' '.join(ws).capitalize()}.\n\n"
                   for name, ws, kind in entries)
    path = tmp_path_factory.mktemp("rst") / "ref.rst"
    path.write_text("Reference\n=========\n\n" + body, encoding="utf-8")
    doc = load_document(path, "ref.rst")
    assert doc is not None
    passages = chunk_corpus([doc])
    for name, ws, _ in entries:
        sentence = " ".join(ws).capitalize() + "."
        # its own section, or (too short to stand alone) read with the entries beside it
        assert any(p.section == name and sentence in p.text for p in passages) or (
            len(ws) < SHORT_SECTION_WORDS
            and any(sentence in p.text.partition(name)[2] for p in passages)), name


def test_footnote_labels_are_not_text(tmp_path):
    doc, passages = _passages(tmp_path, (
        "Templates\n=========\n\nAutoescaping is on for HTML templates [#]_.\n\n"
        ".. [#] Unsure what the g object is? It stores data for one request.\n"))
    blocks = [doc.text[b.start:b.end] for b in doc.blocks]
    assert blocks == ["Autoescaping is on for HTML templates.",
                      "Unsure what the g object is? It stores data for one request."]


CONVERTERS = """\
Routing
=======

The following converters are available:

=========== ===============================================
`string`    accepts any text without a slash (the default)
`int`       accepts integers
`path`      like the default but also accepts slashes
=========== ===============================================
"""


def test_table_rows_are_sentences_of_their_own(tmp_path):
    # "a | b" rows (RST and HTML tables as the loaders write them): an answer quotes the
    # row that holds the fact, not every row run together as one sentence.
    from collabqa.corpus import sentence_spans

    doc, passages = _passages(tmp_path, CONVERTERS)
    (passage,) = passages
    sentences = [passage.text[a:b] for a, b in sentence_spans(passage.text)]
    assert sentences == ["The following converters are available:",
                         "string | accepts any text without a slash (the default)",
                         "int | accepts integers",
                         "path | like the default but also accepts slashes"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.from_regex(r"[a-z]{1,8}", fullmatch=True), words),
                min_size=2, max_size=8))
def test_any_table_row_is_one_sentence(rows):
    from collabqa.corpus import sentence_spans

    text = "\n".join(f"{cell} | {' '.join(ws)}" for cell, ws in rows)
    assert [text[a:b] for a, b in sentence_spans(text)] == text.split("\n")


TUTORIAL = """\
Application Setup
=================

Create the ``flaskr`` directory and add the ``__init__.py`` file.

.. code-block:: python
    :caption: ``flaskr/__init__.py``
    :emphasize-lines: 3

    def create_app(test_config=None):
        app = Flask(__name__, instance_relative_config=True)
        return app

.. note::
    :collapsible:

    The factory is called once per process.

.. code-block:: text
    :linenos:

    $ flask --app flaskr run --debug
"""


def test_sphinx_options_of_known_directives_keep_the_block(tmp_path):
    # docutils rejects a directive it knows when an option is Sphinx's own (`:caption:`,
    # `:emphasize-lines:`, `:linenos:`) and drops the whole block: Flask's tutorial lost
    # every code listing. The block is read without them, a caption as a line above it.
    doc, passages = _passages(tmp_path, TUTORIAL)
    kinds = {doc.text[b.start:b.end]: b.kind for b in doc.blocks}
    assert kinds.get("flaskr/__init__.py") == "text"
    code = [t for t, k in kinds.items() if k == "code"]
    assert any(t.startswith("def create_app(test_config=None):") and "return app" in t
               for t in code), code
    assert "$ flask --app flaskr run --debug" in code
    assert "Note: The factory is called once per process." in kinds
    for leaked in ("caption", "emphasize", "linenos", "collapsible", "Error in"):
        assert leaked not in doc.text, leaked


_NAMES = st.sampled_from(["py:data", "versionadded", "seealso", "tabs", "group-tab",
                          "toctree", "code-block", "note", "only", "autoclass", "testcode",
                          "weird:thing", "deprecated", "admonition"])
_LINES = st.sampled_from(["", ":caption: ``a.py``", ":linenos:", ":members:", ":x y: z",
                          "Some *text* here.", "``code`` and :func:`f`.", "- item",
                          "$ run it", "3.1", "Title", "::"])


@st.composite
def _directive_text(draw, depth=0):
    lines = [f".. {draw(_NAMES)}:: {draw(_LINES)}"]
    for line in draw(st.lists(_LINES, max_size=4)):
        lines.append("   " + line if line else "")
    if depth < 2 and draw(st.booleans()):
        lines.append("")
        lines += ["   " + x if x else "" for x in draw(_directive_text(depth + 1)).split("\n")]
    return "\n".join(lines)


@settings(max_examples=80, deadline=None)
@given(st.lists(_directive_text(), min_size=1, max_size=4))
def test_any_sphinx_directives_load_to_exact_passages(tmp_path_factory, parts):
    doc = _page(tmp_path_factory, "Page\n====\n\n" + "\n\n".join(parts) + "\n")
    if doc is None:
        return
    for p in chunk_corpus([doc]):
        assert p.text == doc.text[p.start:p.end] and p.text.strip()
    for leaked in ("Unknown directive", "Error in", "ERROR/", "unknown option"):
        assert leaked not in doc.text


NESTED_PAGE = """\
Queries
=======

.. note::

    A chained query joins the primary model twice, so rows may repeat.

    .. code-block:: pycon

        >>> Blog.objects.filter(a=1).filter(b=2)
        <QuerySet [<Blog: Beatles Blog>]>

    Use ``distinct()`` to drop the repeats.

You can redirect in several ways:

- By passing a model instance; its ``get_absolute_url()`` is called::

      return redirect(obj)

- By passing a view name.

Options
-------

* ascii  : bool or str, optional
    If unspecified, use unicode blocks to fill the meter.

.. method:: set_test_cookie()

    Sets a test cookie. See `Setting test cookies`_ below for more.

Setting test cookies
--------------------

Call the method in one view and check it in the next.
"""


def test_code_in_a_note_or_a_list_item_is_code_and_links_read_as_words(tmp_path):
    """A code block inside a note or a list item is a code block of its own, not words
    of the note or the item (Django's docs nest them); the note's words after it still
    read; a definition term keeps its classifier ("ascii : bool or str, optional"); a
    link to a section, read from a directive's body parsed alone, reads as its words."""
    doc, passages = _passages(tmp_path, NESTED_PAGE)
    blocks = [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]
    assert ("text", "Note: A chained query joins the primary model twice, so rows may "
                    "repeat.") in blocks
    assert any(kind == "code" and ">>> Blog.objects.filter(a=1)" in text
               for kind, text in blocks)
    assert ("text", "Use distinct() to drop the repeats.") in blocks
    assert ("text", "- By passing a model instance; its get_absolute_url() is called:") in blocks
    assert ("code", "return redirect(obj)") in blocks
    assert not any(kind == "text" and ">>>" in text for kind, text in blocks)
    assert any(p.section.endswith("ascii : bool or str, optional") for p in passages)
    assert "See Setting test cookies below for more." in doc.text
    assert "`" not in doc.text


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["note", "warning", "tip", "seealso"]), st.booleans(), words,
       st.lists(st.from_regex(r"[a-z]{1,6} = [0-9]{1,4}", fullmatch=True), min_size=1,
                max_size=4), st.one_of(st.just([]), words))
def test_any_code_in_a_note_or_an_item_is_a_code_block(tmp_path_factory, kind, in_list,
                                                       before, code, after):
    """Whatever a note or a list item says around a code block, the code is a code block
    of its own and its lines are in no text block; the words around it all read."""
    said, more = " ".join(before).capitalize() + ".", " ".join(after).capitalize() + "."
    lines = "".join(f"        {line}\n" for line in code)
    if in_list:
        body = f"- {said}\n\n  .. code-block:: python\n\n" + "".join(
            f"      {line}\n" for line in code)
        body += f"\n  {more}\n" if after else ""
    else:
        body = f".. {kind}::\n\n    {said}\n\n    .. code-block:: python\n\n{lines}"
        body += f"\n    {more}\n" if after else ""
    doc = _page(tmp_path_factory, "Page\n====\n\n" + body)
    assert doc is not None
    blocks = [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]
    assert ("code", "\n".join(code)) in blocks
    text = "\n".join(t for k, t in blocks if k != "code")
    assert not any(line in text for line in code)
    assert said in text and (not after or more in text)


titles = st.lists(st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True),
                  min_size=1, max_size=5).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.from_regex(r"[a-z][a-z0-9_-]{1,11}", fullmatch=True), titles,
                          st.sampled_from("=-~^")),
                min_size=1, max_size=4, unique_by=lambda t: t[0].lower()),
       titles, st.booleans())
def test_a_reference_without_text_shows_its_sections_title(tmp_path_factory, sections, page_title,
                                                         quoted):
    """As Sphinx renders them: :ref:`label` shows the title of the section the label is on
    (in any page of the corpus, the label written `name` or plain), :doc:`page` the page's
    title, from the citing page's folder or from the root after "/"; a label the corpus
    does not have shows as written."""
    from collabqa.corpus import load_corpus

    root = tmp_path_factory.mktemp("refs")
    (root / "guide").mkdir()
    body = [page_title, "=" * len(page_title), "", "Opening words of the guide.", ""]
    for label, title, mark in sections:
        name = f"`{label}`" if quoted else label
        body += [f".. _{name}:", "", title, mark * len(title), "", "Some words here.", ""]
    (root / "guide" / "topics.rst").write_text("\n".join(body), encoding="utf-8")
    refs = " ".join(f"See :ref:`{label}`." for label, _, _ in sections)
    (root / "guide" / "index.rst").write_text(
        f"Index\n=====\n\n{refs} Read :doc:`topics` and :doc:`/guide/topics`. "
        "Also :ref:`no-such-label`.\n", encoding="utf-8")
    docs = {d.source: d for d in load_corpus(root)}
    text = docs["guide/index.rst"].text
    expected = " ".join(f"See {title}." for _, title, _ in sections)
    assert f"{expected} Read {page_title} and {page_title}. Also no-such-label." in text


def test_pytests_docs_show_the_section_a_reference_names():
    """pytest's docs (eval/corpora/pytest-docs, MIT): "see :ref:`cmdunregister`" read as
    "see cmdunregister" until session 46; Sphinx shows the section's title."""
    from collabqa.corpus import load_corpus

    root = CORPORA / "pytest-docs/docs"
    cache = next(d for d in load_corpus(root) if d.source == "how-to/cache.rst")
    assert "see Deactivating / unregistering a plugin by name (the internal name" in cache.text
    assert "cmdunregister" not in cache.text


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.from_regex(r"[a-z][a-z0-9_-]{1,11}", fullmatch=True), titles,
                          st.booleans()),
                min_size=1, max_size=4, unique_by=lambda t: t[0].lower()),
       titles)
def test_myst_and_rst_references_read_across_the_two(tmp_path_factory, sections, page_title):
    """A Sphinx project mixes MyST Markdown and reStructuredText (pip's docs), and a label
    of either kind is referred to from both: MyST's {ref}`label` and {doc}`page` show the
    title as :ref: and :doc: do, and a reference to another project's docs
    ({ref}`pypug:name`, intersphinx) shows as written."""
    from collabqa.corpus import load_corpus
    from collabqa.formats.clean import markdown_to_text

    root = tmp_path_factory.mktemp("mixed")
    rst = ["Reference", "=========", "", "Opening words.", ""]
    md = [f"# {page_title}", "", "Opening words.", ""]
    for label, title, in_md in sections:
        if in_md:
            md += [f"({label})=", "", f"## {title}", "", "```", "# not a heading", "```", ""]
        else:
            rst += [f".. _{label}:", "", title, "-" * len(title), "", "Some words.", ""]
    (root / "reference.rst").write_text("\n".join(rst), encoding="utf-8")
    (root / "notes.md").write_text("\n".join(md), encoding="utf-8")
    refs = " ".join(f"{{ref}}`{label}`" for label, _, _ in sections)
    (root / "index.md").write_text(f"# Index\n\nSee {refs}, {{doc}}`notes` and "
                                   "{ref}`pypug:elsewhere`.\n", encoding="utf-8")
    docs = {d.source: d for d in load_corpus(root)}
    expected = " ".join(title for _, title, _ in sections)
    assert f"See {expected}, {page_title} and pypug:elsewhere." in markdown_to_text(
        docs["index.md"].text)


def test_a_settings_type_and_default_read_as_its_fields():
    """Sphinx's own configuration reference (eval/corpora/sphinx-docs, BSD-2-Clause)
    gives each setting's type and default only as the `confval` directive's `:type:` and
    `:default:` options, which the built page shows as fields; read without them, no
    passage said what `project` defaults to. tox's `.. conf::` gives its default so too."""
    doc = _real_page("sphinx-docs/docs/usage/configuration.rst")
    [block] = [b for b in doc.blocks if "Default: 'Project name not set'" in doc.text[b.start:b.end]]
    assert block.section.endswith(" > project")
    assert "Type: str" in doc.text and ":code-py:" not in doc.text
    tox = _real_page("tox-docs/docs/reference/config.rst")
    assert "Default: .tox" in tox.text
    # An option that shows nothing stays out: `:no-index:`, `:keys:`.
    assert ":keys:" not in tox.text and "Keys:" not in tox.text


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"[a-z][a-z-]{0,14}[a-z]", fullmatch=True),
       st.from_regex(r"[a-z]{1,10}", fullmatch=True))
def test_a_role_written_inside_an_inline_literal_is_the_literals_text(tmp_path_factory, name, word):
    """Sphinx's docs name directive options in inline literals (``:no-typesetting:``):
    read as a role with no content, the option's name was lost from the sentence ("give
    the directive option flag ``."). A role outside a literal still reads as its words."""
    text = _page(tmp_path_factory,
                 f"Options\n=======\n\nGive the flag ``:{name}:`` and see :ref:`{word}`.\n").text
    assert f"Give the flag :{name}: and see {word}." in text


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"[A-Za-z][a-z]{0,9}(?:\.[a-z_]{1,8}){0,2}", fullmatch=True),
       st.from_regex(r"[a-z]{1,8}(?:\.[A-Za-z_]{1,8}){1,3}", fullmatch=True))
def test_text_in_single_backticks_reads_as_the_default_role_shows_it(tmp_path_factory, label, target):
    """Sphinx projects set a default role that links (marshmallow's `default_role =
    "py:obj"`), so `fields.Nested <marshmallow.fields.Nested>` shows "fields.Nested" and
    `~a.b.name` shows "name"; docutils alone kept the target in the sentence ("In 3.3,
    fields.Nested <marshmallow.fields.Nested> may take a callable")."""
    text = _page(tmp_path_factory,
                 f"Upgrading\n=========\n\nUse `{label} <{target}>` or `~{target}` instead.\n").text
    assert f"Use {label} or {target.rsplit('.', 1)[-1]} instead." in text


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"[A-Za-z_][a-z_]{0,8}(?:\.[A-Za-z_][a-z_]{0,8}){0,2}", fullmatch=True),
       st.sampled_from(["", "()"]), st.sampled_from(["", "."]),
       st.from_regex(r"[a-z]{1,6}(?: [a-z]{1,6}){0,2}", fullmatch=True))
def test_a_default_role_name_unlinked_or_shortened_reads_as_sphinx_shows_it(
        tmp_path_factory, name, call, dot, words):
    """psycopg's docs (default role `obj`) write `!float` for a name not made a link and
    `~Connection.transaction()` for a method shown by its last part: docutils alone kept
    the marks ("receive numeric values as Python !float", "the more explicit
    ~Connection.transaction() block"). Sphinx shows "float", "transaction()"; a leading
    dot (`~.Context.run`) is dropped with the rest of the path, and "!" comes off any text
    (`!async with`)."""
    text = _page(tmp_path_factory, f"Usage\n=====\n\nCall `~{dot}{name}{call}` or `!{name}{call}`,"
                 f" then `!{words}`.\n").text
    assert f"Call {name.rsplit('.', 1)[-1]}{call} or {name}{call}, then {words}." in text


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"(?:[a-z_]{1,8}\.){0,2}[A-Z][A-Za-z]{0,10}(?:\.[a-z_]{1,8}){0,2}", fullmatch=True),
       st.sampled_from(["", "()"]),
       st.from_regex(r"[a-z]{1,8}(?:\.[a-z]{1,5}){0,2}", fullmatch=True))
def test_a_default_role_name_from_the_current_module_reads_without_its_dot(
        tmp_path_factory, name, call, file):
    """Tornado's, Invoke's, Fabric's and paramiko's docs (default role `obj`) write
    `.IOLoop`, `.Context.run` and `.CouldNotCanonicalize` for a name looked up from the
    current module on: Sphinx shows it without the dot, docutils alone kept it ("triggers
    raising of .CouldNotCanonicalize"). A file's name in single backticks (`.bashrc`,
    `.tar.gz`: no capitalised part) shows as written."""
    text = _page(tmp_path_factory, f"Usage\n=====\n\nCall `.{name}{call}` and edit `.{file}` first.\n").text
    assert f"Call {name}{call} and edit .{file} first." in text


def test_the_default_role_on_a_real_page():
    """marshmallow's upgrading guide (eval/corpora/marshmallow-docs, MIT), a reference
    wrapped over two lines among them; other text in single backticks shows as written."""
    doc = _real_page("marshmallow-docs/docs/upgrading.rst")
    assert "Use fields.Function or fields.Method instead." in doc.text
    assert "In 3.3, fields.Nested may take a callable" in doc.text
    assert "<marshmallow.fields" not in doc.text
    # psycopg's transactions page (eval/corpora/psycopg-docs, LGPL-3.0): `!transaction()`.
    transactions = _real_page("psycopg-docs/docs/basic/transactions.rst")
    assert "If a transaction() block starts when no transaction is active" in transactions.text
    assert "!transaction" not in transactions.text
    # A path is no name: requests' quickstart (eval/corpora/requests-docs, Apache-2.0).
    quickstart = _real_page("requests-docs/docs/user/quickstart.rst")
    assert "~/.netrc, ~/_netrc" in quickstart.text
    # paramiko's config page (eval/corpora/paramiko-docs, LGPL-2.1): `.CouldNotCanonicalize`.
    config = _real_page("paramiko-docs/docs/docs/api/config.rst")
    assert "triggers raising of CouldNotCanonicalize for target hostnames" in " ".join(
        config.text.split())


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"[@A-Za-z][\w.]{0,11}(?: [a-z]{1,6})?", fullmatch=True), st.sampled_from(["", "_"]))
@example(name="@\ufb00", link="")  # a typographic ligature reads spelled out, as anywhere
def test_a_substitution_the_file_does_not_define_reads_as_its_name(tmp_path_factory, name, link):
    """Sphinx projects define their substitutions in conf.py's `rst_prolog` (Hypothesis's
    `|@given|`, kitty's `|kitty|`): in the file alone they are undefined, and docutils
    left them as written, bars and all ("passed to |@given| tests"). A substitution the
    file defines still reads as its text; a lone bar stays."""
    text = _page(tmp_path_factory, f"Usage\n=====\n\nFixtures go to |{name}|{link} tests; a | b.\n\n"
                 ".. |here| replace:: defined words\n\nThis is |here|.\n").text
    assert f"Fixtures go to {tidy(name)} tests; a | b." in text
    assert "This is defined words." in text


def test_undefined_substitutions_on_a_real_page():
    """Hypothesis's compatibility page (eval/corpora/hypothesis-docs, MPL-2.0), whose
    substitutions are defined in a prolog the corpus does not hold."""
    doc = _real_page("hypothesis-docs/docs/compatibility.rst")
    assert "pytest fixtures are automatically passed to @given tests" in doc.text
    assert "|" not in doc.text.split("Deprecated features will emit", 1)[1].split(".", 1)[0]


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"(?:/[a-z.]{0,7}[a-z]){1,4}", fullmatch=True),
       # (a word ending in "_" is a reference in reST, "A_" reads as "A", role or not)
       st.from_regex(r"[a-z]{1,6}(?:\.[A-Za-z_]{0,7}[A-Za-z]){1,3}", fullmatch=True),
       st.sampled_from(["file", "samp", "code"]), st.sampled_from(["func", "meth", "class", "attr"]))
def test_a_path_under_the_home_folder_is_shown_as_written(tmp_path_factory, path, name, literal, xref):
    """A cross-reference's `~` shortens an object's name to its last part; a file role's
    path under the home folder is no name: kitty's :file:`~/.local/kitty.app` read as
    "app", :file:`~/.config/kitty/rc-pass` as "config/kitty/rc-pass"."""
    text = _page(tmp_path_factory,
                 f"Install\n=======\n\nIt goes to :{literal}:`~{path}`; see :{xref}:`~{name}`.\n").text
    assert f"It goes to ~{path}; see {name.rsplit('.', 1)[-1]}." in text


def test_a_path_under_the_home_folder_on_a_real_page():
    """kitty's binary install page (eval/corpora/kitty-docs, GPLv3)."""
    doc = _real_page("kitty-docs/docs/binary.rst")
    assert "/Applications/kitty.app on macOS and ~/.local/kitty.app on Linux" in doc.text


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"[A-Z][a-z]{1,6}(?:\.[a-z_]{0,6}[a-z]){0,2}", fullmatch=True),
       st.sampled_from(["func", "meth", "class", "attr", "py:class", "paramref"]),
       st.sampled_from(["file", "samp", "code", "ref"]))
def test_a_leading_dot_is_no_part_of_a_python_objects_name(tmp_path_factory, name, role, other):
    """`:class:`.Engine`` searches the current module first, and Sphinx's title drops the
    dot: SQLAlchemy's docs read ".Sequence construct" and "the .Sequence.optional
    parameter". Other roles show what they hold as written."""
    text = _page(tmp_path_factory,
                 f"Pools\n=====\n\nThe :{role}:`.{name}` object, and :{other}:`.{name}` too.\n").text
    assert f"The {name} object, and .{name} too." in text


def test_a_leading_dot_on_a_real_page():
    """SQLAlchemy Core's page on column defaults (eval/corpora/sqlalchemy-docs, MIT)."""
    doc = _real_page("sqlalchemy-docs/docs/core/defaults.rst")
    assert "specifying a value of True for the Sequence.optional parameter" in doc.text
    assert ".Sequence" not in doc.text


_cell_words = st.lists(st.from_regex(r"[A-Za-z][a-z]{1,7}", fullmatch=True), min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_cell_words, min_size=1, max_size=3), min_size=1, max_size=5),
       _cell_words, st.sampled_from(["script", "style"]))
def test_a_raw_html_block_reads_as_its_page_shows_it(tmp_path_factory, rows, hidden, tag):
    """`.. raw:: html` is shown by the built page: each row of its table is a paragraph
    of its cells' words; a script's or a style's content is never shown, nor is a
    `.. raw:: latex` block (the HTML page does not show it)."""
    table = "".join("<tr>" + "".join(f"<td>{' '.join(cell)}</td>" for cell in row) + "</tr>"
                    for row in rows)
    secret = "Zq" + "".join(hidden)
    text = _page(tmp_path_factory, (
        "Colours\n=======\n\nThe colours mean this.\n\n.. raw:: html\n\n"
        f"   <{tag}>{secret}</{tag}>\n   <table>\n   {table}\n   </table>\n\n"
        f".. raw:: latex\n\n   \\textbf{{{secret}}}\n\nThe end.\n")).text
    blocks = text.split("\n\n")
    for row in rows:
        assert " ".join(" ".join(cell) for cell in row) in blocks
    assert secret not in text
    assert "<td>" not in text and "textbf" not in text


def test_a_raw_html_table_on_a_real_page():
    """Dask's dashboard page (eval/corpora/dask-docs, BSD-3-Clause) gives its memory
    plots' colours in a raw HTML table; each colour's row is a sentence of its own."""
    doc = _real_page("dask-docs/docs/dashboard.rst")
    passage = next(p for p in chunk_corpus([doc]) if "spilling to disk target" in p.text)
    assert ("Memory is close to the spilling to disk target (default 70% of memory "
            "available)") in passage.text.split("\n\n")
    assert "font-size" not in doc.text and "<div" not in doc.text


def test_a_signature_line_is_its_argument_as_written_escapes_aside():
    """No inline markup is read in a signature: SQLAlchemy's `.. autofunction:: and_`
    (eval/corpora/sqlalchemy-docs, MIT) shows "and_", which reST would take for a link to
    "and"; a backslash escape still shows its character (Jinja's `\\*args`)."""
    from collabqa.formats.sphinx import parse

    assert parse(".. method:: call(callable, \\*args, \\**kwargs)").signature() == \
        "call(callable, *args, **kwargs)"
    assert parse(".. autoexception:: QueueFull\n   :members:").signature() == "exception QueueFull"
    page = _real_page("sqlalchemy-docs/docs/core/sqlelement.rst")
    assert "\nand_\n" in page.text and "\nor_\n" in page.text


def test_a_commands_option_list_reads_an_item_per_option():
    """Bandit's man page (eval/corpora/bandit-docs, Apache-2.0) gives its options as
    argparse prints them, "--exit-zero           exit with 0, even with results found":
    a reST option list, which was read as one paragraph of twenty options with no sentence
    ending between them. Each option is an item of its own, the option and what it does."""
    doc = _real_page("bandit-docs/docs/man/bandit.rst")
    blocks = [doc.text[b.start:b.end] for b in doc.blocks]
    assert "- --exit-zero: exit with 0, even with results found" in blocks
    # The first opens with the section's heading, as any first block does.
    assert blocks[1 + blocks.index(next(b for b in blocks if b.endswith(
        "- -h, --help: show this help message and exit")))] == (
        "- -r, --recursive: find and process files in subdirectories")
    assert ("- -l, --level: report only issues of a given severity level or higher "
            "(-l for LOW, -ll for MEDIUM, -lll for HIGH)") in blocks


_OPTION = st.from_regex(r"--[a-z][a-z-]{0,12}[a-z]", fullmatch=True)
_WORDS = st.lists(st.from_regex(r"[a-z]{1,9}", fullmatch=True), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_OPTION, _WORDS), min_size=1, max_size=6, unique_by=lambda o: o[0]))
def test_every_option_of_an_option_list_is_an_item_with_its_description(tmp_path_factory,
                                                                        options):
    """Any option list: an item per option, in order, each holding its whole description."""
    rows = "\n".join(f"  {name}{' ' * 4}{' '.join(words)}" for name, words in options)
    doc = _page(tmp_path_factory, f"Options\n=======\n\nThe options:\n\n{rows}\n\nThe end.\n")
    blocks = [doc.text[b.start:b.end] for b in doc.blocks]
    items = [b for b in blocks if b.startswith("- ")]
    assert items == [f"- {name}: {' '.join(words)}" for name, words in options]


def test_a_table_cell_that_is_a_list_shows_its_enumerators(tmp_path_factory):
    """A table's cell is reST: "S. q" is an enumerated list starting at "S." and "iii. z"
    one starting at "iii.", and a built page shows them so. Read without the
    enumerators, the cells said "q" and "z" (found by the csv-table property test)."""
    text = _page(tmp_path_factory, 'Grades\n======\n\n.. csv-table:: Marks\n\n'
                 '   "S. q", "iii. z"\n   "Plain", "b) note"\n').text
    assert "S. q | iii. z" in text and "Plain | b) note" in text
