"""The chat indexes only the corpus it was told: --corpus, $COLLABQA_CORPUS or corpus/."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from collabqa import ui
from collabqa.store import build_index, load_index

from test_browser import start_app, stop

SECRET = "# Payroll\n\nThe salary of every employee is listed in the payroll ledger.\n"
BEES = "# Bees\n\nA queen bee lays up to two thousand eggs a day in spring.\n"


@pytest.fixture
def folders(tmp_path, monkeypatch) -> tuple[Path, Path, Path]:
    """(told corpus, a folder the chat was not told about, index built from that folder)."""
    monkeypatch.delenv("COLLABQA_CORPUS", raising=False)
    corpus, elsewhere, index = tmp_path / "corpus", tmp_path / "elsewhere", tmp_path / "index"
    corpus.mkdir()
    elsewhere.mkdir()
    (corpus / "bees.md").write_text(BEES, encoding="utf-8")
    (elsewhere / "payroll.md").write_text(SECRET, encoding="utf-8")
    return corpus, elsewhere, index


def sources(index: Path) -> set[str]:
    return {p.source for p in load_index(index).passages}


def test_a_damaged_index_is_rebuilt_from_the_told_corpus(folders, embedder):
    corpus, elsewhere, index = folders
    build_index(elsewhere, index, embedder=embedder, progress=False)
    (index / "vectors.faiss").write_bytes(b"damaged")  # manifest still names `elsewhere`
    lines: list[str] = []
    ui.ensure_index(index, corpus, echo=lines.append)
    assert sources(index) == {"bees.md"}
    assert str(corpus) in lines[0] and str(elsewhere) not in "".join(lines)


def test_a_stale_check_uses_the_told_corpus_not_the_manifest(folders, embedder, monkeypatch):
    corpus, elsewhere, index = folders
    build_index(elsewhere, index, embedder=embedder, progress=False)
    (elsewhere / "more.md").write_text(SECRET.replace("Payroll", "Bonus"), encoding="utf-8")
    lines: list[str] = []
    ui.ensure_index(index, echo=lines.append)  # told nothing: served as is, never rebuilt
    assert sources(index) == {"payroll.md"} and "served as it is" in lines[-1]
    monkeypatch.setenv("COLLABQA_CORPUS", str(corpus))
    ui.ensure_index(index, echo=lines.append)
    assert sources(index) == {"bees.md"}


def test_a_manifest_pointing_elsewhere_is_never_indexed(folders, embedder):
    corpus, elsewhere, index = folders
    build_index(corpus, index, embedder=embedder, progress=False)
    manifest = json.loads((index / "manifest.json").read_text())
    manifest["corpus"] = os.path.relpath(elsewhere, index)  # e.g. an index copied in
    (index / "manifest.json").write_text(json.dumps(manifest))
    ui.ensure_index(index, corpus, echo=lambda line: None)
    assert sources(index) == {"bees.md"}  # its files match the told corpus: kept as is


def test_app_py_corpus_option(folders):
    corpus, elsewhere, index = folders
    proc, url = start_app(args=["--corpus", str(corpus), "--index", str(index)])
    try:
        from gradio_client import Client

        answer = Client(url, verbose=False).predict(
            "How many eggs does a queen bee lay?", 3, False, api_name="/ask"
        )
    finally:
        stop(proc)
    assert answer["grounded"] and answer["citations"][0]["source"] == "bees.md"
    assert sources(index) == {"bees.md"}
    shutil.rmtree(index)
