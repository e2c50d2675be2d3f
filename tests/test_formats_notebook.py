"""Jupyter notebooks: Markdown cells read as Markdown, code cells as code, outputs never."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collabqa.corpus import chunk
from collabqa.formats import load_document, read_document
from collabqa.formats.builder import Unusable
from test_formats_props import SETTINGS, name, paragraph

code_line = st.text(st.sampled_from(list("abcxyz_=()[]:# 0123456789'\"`")), max_size=30)
# A code cell's lines, some of them a run of backticks that must not end its fence.
code_body = st.lists(code_line | st.sampled_from(["```", "````", "~~~"]), min_size=1,
                     max_size=6).map("\n".join).filter(str.strip)
# A Markdown cell: an optional heading, a paragraph, and perhaps a code fence left open
# (Jupyter closes it at the cell's end).
markdown_cell = st.tuples(st.none() | name, paragraph, st.booleans())
cells = st.lists(st.one_of(markdown_cell.map(lambda c: ("markdown", c)),
                           code_body.map(lambda c: ("code", c))), min_size=1, max_size=8)


def _notebook(items, as_lines: bool, version: int = 4) -> dict:
    out = []
    for kind, value in items:
        if kind == "markdown":
            heading, prose, open_fence = value
            text = (f"## {heading}\n\n" if heading else "") + prose
            text += "\n\n```python\nleft_open = True" if open_fence else ""
            cell = {"cell_type": "markdown", "metadata": {}, "source": text}
        else:
            text = value
            cell = {"cell_type": "code", "metadata": {}, "execution_count": 1,
                    "outputs": [{"output_type": "stream", "name": "stdout",
                                 "text": ["OUTPUT-NEVER-READ\n"]}]}
            cell["source" if version == 4 else "input"] = text
        if as_lines:
            key = "source" if "source" in cell else "input"
            cell[key] = cell[key].splitlines(keepends=True)
        out.append(cell)
    metadata = {"kernelspec": {"name": "python3", "language": "python"}}
    if version == 3:
        return {"nbformat": 3, "metadata": metadata, "worksheets": [{"cells": out}]}
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": metadata, "cells": out}


def _load(notebook: dict, name_: str = "lesson.ipynb"):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name_
        path.write_text(json.dumps(notebook), encoding="utf-8")
        return read_document(path, name_)


@SETTINGS
@given(cells, st.booleans())
def test_notebook_cells_read_in_order_code_as_code_and_outputs_never(items, as_lines):
    doc = _load(_notebook(items, as_lines))
    # A cell's source as a string or as a list of lines reads the same; so does nbformat 3.
    assert doc.text == _load(_notebook(items, not as_lines)).text
    assert doc.text == _load(_notebook(items, as_lines, version=3)).text
    assert "OUTPUT-NEVER-READ" not in doc.text
    blocks = doc.blocks
    code = [doc.text[b.start:b.end] for b in blocks if b.kind == "code"]
    prose = " ".join(doc.text[b.start:b.end] for b in blocks if b.kind != "code")
    sections = " ".join(b.section for b in blocks)
    position = 0
    for kind, value in items:
        if kind == "code":
            # Each code cell is a code block holding all of its lines, after the cells before it.
            holder = next((c for c in code if value.strip() in c), None)
            assert holder is not None, (value, code)
            found = doc.text.index(value.strip(), position)
        else:
            heading, prose_text, _ = value
            # A fence left open in a Markdown cell closes with it: the prose after is prose.
            assert prose_text.split()[0] in prose
            if heading:
                assert heading in sections or heading in doc.title
            found = doc.text.index(prose_text.split()[0], position)
        assert found >= position
        position = found
    for passage in chunk(doc):
        assert doc.text[passage.start:passage.end] == passage.text


def test_a_notebook_is_titled_by_its_first_heading_and_cites_its_cells(tmp_path):
    notebook = {
        "nbformat": 4, "nbformat_minor": 5, "metadata": {"language_info": {"name": "julia"}},
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# Fitting a curve\n\nWe fit a line."},
            {"cell_type": "code", "metadata": {}, "outputs": [], "source": "fit(x, y)"},
            {"cell_type": "raw", "metadata": {}, "source": "\\newpage"},
            {"cell_type": "raw", "metadata": {"format": "text/markdown"}, "source": "Raw prose."},
        ],
    }
    path = tmp_path / "curve.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    doc = read_document(path, "curve.ipynb")
    assert doc.title == "Fitting a curve"
    assert "```julia\nfit(x, y)\n```" in doc.text
    assert "newpage" not in doc.text and "Raw prose." in doc.text


@pytest.mark.parametrize("content, reason", [
    (b"{not json", "not valid JSON"),
    (b'["a", "list"]', "no cells"),
    (b'{"cells": [], "nbformat": 4}', "no Markdown or code cells"),
    (json.dumps({"nbformat": 4, "cells": [{"cell_type": "code", "source": "  "}]}).encode(),
     "no Markdown or code cells"),
])
def test_a_broken_notebook_is_skipped_with_the_reason(tmp_path, caplog, content, reason):
    path = tmp_path / "broken.ipynb"
    path.write_bytes(content)
    with pytest.raises(Unusable, match=reason):
        read_document(path, "broken.ipynb")
    assert load_document(path, "broken.ipynb") is None
    assert "broken.ipynb" in caplog.text


NOTEBOOKS = Path(__file__).resolve().parents[1] / "eval/corpora/notebooks/docs/notebooks"


def test_real_notebooks_are_indexed_and_answer_from_their_prose(tmp_path, embedder):
    # Two of JAX's docs notebooks (Apache-2.0; eval/corpora/notebooks): one with stored
    # outputs (pip's log, download errors, warnings, accuracies), one with none.
    from collabqa import Engine
    from collabqa.store import build_index

    corpus = tmp_path / "docs"
    corpus.mkdir()
    for name in ("Neural_Network_and_Data_Loading.ipynb", "thinking_in_jax.ipynb"):
        (corpus / name).write_bytes((NOTEBOOKS / name).read_bytes())
    build_index(corpus, tmp_path / "index", embedder=embedder, progress=False)
    engine = Engine(tmp_path / "index", embedder=embedder)
    passages = engine.index.passages
    assert {p.source: p.title for p in passages} == {
        "Neural_Network_and_Data_Loading.ipynb": "Training a simple neural network, with PyTorch data loading",
        "thinking_in_jax.ipynb": "Quickstart: How to think in JAX",
    }
    assert not any("Requirement already satisfied" in p.text for p in passages)  # an output
    assert any(p.text.startswith("```python\n") and "def predict(" in p.text for p in passages)
    answer = engine.ask("What is the rule of thumb for reusing PRNG keys in JAX?")
    assert answer.grounded and answer.citations[0].source == "thinking_in_jax.ipynb"
    assert "never reuse keys" in answer.text


SEABORN = Path(__file__).resolve().parent / "fixtures/seaborn/error_bars.ipynb"


def test_raw_cells_of_restructuredtext_read_as_sphinx_shows_them():
    # seaborn's error bars tutorial (BSD-3-Clause; tests/fixtures/seaborn): its prose is in
    # raw cells with no format, written in reST, as its Sphinx build reads them.
    doc = read_document(SEABORN, "error_bars.ipynb")
    assert doc.title == "Statistical estimation and error bars"
    headings = [line for line in doc.text.split("\n") if line.startswith("#") and " " in line
                and not line.startswith("#!")]
    # Levels by adornment across the notebook: "=" under the title, "-" then "~" below.
    assert headings[:3] == ["# Statistical estimation and error bars",
                            "## Measures of data spread", "### Standard deviation error bars"]
    assert "## Are error bars enough?" in headings
    # Directives and targets show nothing; roles show their words.
    assert ".. currentmodule" not in doc.text and "_errorbar_tutorial" not in doc.text
    assert ":func:" not in doc.text
    passages = chunk(doc)
    sd = next(p for p in passages if "68% of the data" in p.plain_text())
    assert sd.section == "Measures of data spread > Standard deviation error bars"
    # Markdown syntax the reST text holds is escaped, and reads back as written.
    assert "~68% of the data will lie within one standard deviation" in sd.plain_text()
    assert any(p.text.startswith("```python\n") and "plot_errorbars" in p.text for p in passages)


def test_raw_cells_other_than_restructuredtext_stay_unread(tmp_path):
    rst_cell = {"cell_type": "raw", "metadata": {"raw_mimetype": "text/restructuredtext"},
                "source": "Options\n-------\n\n* ``--fast``: skip *checks*.\n\n"
                          ".. code-block:: python\n\n   run(fast=True)\n\n"
                          "=====  =====\nName   Value\n=====  =====\nlimit  3\n=====  =====\n"}
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# Tool\n\nIt runs."},
        {"cell_type": "raw", "metadata": {}, "source": "---\nCopyright 2026 Someone.\n---"},
        {"cell_type": "raw", "metadata": {"format": "text/latex"}, "source": "\\newpage"},
        rst_cell,
    ]}
    path = tmp_path / "tool.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    doc = read_document(path, "tool.ipynb")
    # A licence header with no format, in a notebook whose unmarked raw cells are not
    # reST, and a LaTeX cell are not read; the cell marked as reST is.
    assert "Copyright" not in doc.text and "newpage" not in doc.text
    assert "# Options" in doc.text
    assert "- \\-\\-fast: skip checks." in doc.text or "- --fast: skip checks." in doc.text
    assert "```\nrun(fast=True)\n```" in doc.text
    assert "| Name | Value |\n|---|---|\n| limit | 3 |" in doc.text
    item = next(p for p in chunk(doc) if "skip" in p.text)
    assert "--fast: skip checks." in item.plain_text()


def test_a_title_written_with_markup_keeps_its_adornments_level(tmp_path):
    # docutils names a section by its title as read (":func:`bar`" is "bar"): the level
    # of each title's adornment still applies, and a cell's lone first title is written.
    cells = [{"cell_type": "raw", "metadata": {"format": "text/restructuredtext"},
              "source": source} for source in (
        "Intro\n=====\n\nTop text.\n\nUsing ``foo`` here\n===================\n\nText.\n\n"
        "Sub with :func:`bar`\n--------------------\n\nMore.\n\nDeeper\n~~~~~~\n\nDeep text.",
        "Only ``one``\n============\n\nBody.")]
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "metadata": {}, "cells": cells}), encoding="utf-8")
    doc = read_document(path, "nb.ipynb")
    headings = [line for line in doc.text.split("\n") if line.startswith("#")]
    assert headings == ["# Intro", "# Using foo here", "## Sub with bar", "### Deeper",
                        "# Only one"]


adornment = st.sampled_from(["=", "-", "~", "^", "*"])
rst_word = st.text(st.sampled_from(list("abcxyz") + ["*", "_", "[", "]", "<", ">", "|", "#",
                                                     "~", "\\", "`"]), min_size=1, max_size=8)
rst_para = st.lists(rst_word, min_size=1, max_size=12).map(" ".join)
rst_cell = st.tuples(st.none() | st.tuples(name, adornment), st.lists(rst_para, max_size=3))


@SETTINGS
@given(st.lists(rst_cell, min_size=1, max_size=5))
def test_any_restructuredtext_cells_read_to_exact_passages(items):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "Intro words here."}]
    titles = []
    for title, paras in items:
        text = ""
        if title is not None:
            words, mark = title
            titles.append(words)
            text = f"{words}\n{mark * (len(words) + 2)}\n\n"
        text += "\n\n".join(paras)
        cells.append({"cell_type": "raw", "metadata": {"format": "text/restructuredtext"},
                      "source": text})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "nb.ipynb"
        path.write_text(json.dumps({"nbformat": 4, "metadata": {}, "cells": cells}),
                        encoding="utf-8")
        doc = read_document(path, "nb.ipynb")
    for passage in chunk(doc):
        assert doc.text[passage.start:passage.end] == passage.text
    for words in titles:  # each title a heading of the notebook's Markdown
        assert any(line.lstrip("#").strip() == words.replace("_", "\\_").replace("*", "\\*")
                   or line.lstrip("#").strip() == words
                   for line in doc.text.split("\n") if line.startswith("#")), words
