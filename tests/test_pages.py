"""Pages end to end: a PDF's passages are cited with their page in ask(), --json, the CLI
and the Sources panel."""

from __future__ import annotations

import pytest

from collabqa import Engine
from collabqa.cli import main
from collabqa.render import render_sources
from collabqa.store import build_index

from makedocs import make_pdf


@pytest.fixture(scope="module")
def pond_index(tmp_path_factory, embedder):
    corpus = tmp_path_factory.mktemp("ponds")
    make_pdf(corpus / "ponds.pdf")
    (corpus / "notes.md").write_text(
        "# Garden notes\n\nThe compost heap behind the shed is turned every second Sunday "
        "and the finished compost goes on the vegetable beds in spring.\n",
        encoding="utf-8",
    )
    index = corpus.parent / "ponds-index"
    build_index(corpus, index, embedder=embedder, progress=False)
    return index


@pytest.fixture(scope="module")
def pond_engine(pond_index, embedder):
    return Engine(pond_index, embedder=embedder)


def test_citation_has_the_page_of_its_passage(pond_engine):
    answer = pond_engine.ask("What keeps algae down in a pond in summer?", k=2)
    assert answer.grounded and "algae" in answer.text
    top = answer.citations[0]
    assert top.source == "ponds.pdf" and top.page == 2
    assert top.section == "Plants > Water lilies"
    newt = pond_engine.ask("When do great crested newts return to breed?").citations[0]
    assert newt.page == 3 and "newts" in newt.text


def test_page_is_none_without_pages_and_sits_after_passage_id(pond_engine):
    answer = pond_engine.ask("When is the compost heap turned?", k=2)
    data = answer.to_dict()
    md = next(c for c in data["citations"] if c["source"] == "notes.md")
    assert md["page"] is None
    keys = list(md)
    assert keys[keys.index("passage_id") + 1] == "page"
    pdf = next(c for c in data["citations"] if c["source"] == "ponds.pdf")
    assert isinstance(pdf["page"], int) and pdf["page"] >= 1


def test_sources_panel_and_cli_show_the_page(pond_engine, pond_index, capsys):
    answer = pond_engine.ask("What keeps algae down in a pond in summer?", k=1)
    assert "p. 2" in render_sources(answer)
    assert main(["ask", "What keeps algae down in a pond in summer?", "-k", "1",
                 "--index", str(pond_index)]) == 0
    out = capsys.readouterr().out
    assert "ponds.pdf, p. 2" in out
