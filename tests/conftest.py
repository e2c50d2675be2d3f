"""Shared fixtures: the real embedding model and the real article index, loaded once."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
INDEX = ROOT / "index"
EVAL = ROOT / "eval"


@pytest.fixture(scope="session")
def embedder():
    """The real all-MiniLM-L6-v2, shared by every test that embeds."""
    from collabqa.api import shared_embedder

    return shared_embedder()


@pytest.fixture(scope="session")
def engine(embedder):
    """An Engine on the committed index of the article."""
    from collabqa import Engine

    return Engine(INDEX, embedder=embedder)


@pytest.fixture(scope="session")
def article_index(tmp_path_factory, embedder) -> Path:
    """A fresh index of the project's corpus, built by this test run."""
    from collabqa.store import build_index

    path = tmp_path_factory.mktemp("article") / "index"
    build_index(CORPUS, path, embedder=embedder, progress=False)
    return path


def engine_over(root: Path, embedder, files: dict[str, str]):
    """An Engine over documents written by a test: `files` (name -> text) saved in
    root/docs and indexed for real into root/index."""
    from collabqa import Engine
    from collabqa.store import build_index

    corpus = root / "docs"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    build_index(corpus, root / "index", embedder=embedder, progress=False)
    return Engine(root / "index", embedder=embedder)


@pytest.fixture(scope="session")
def kysely_playground(tmp_path_factory, embedder):
    """An Engine over three pages of Kysely's docs (eval/corpora/kysely-docs, MIT), its
    playground page among them, which credits its maker by handle alone: "[@wirekang](...)
    has created a playground for Kysely"."""
    root = EVAL / "corpora/kysely-docs/docs"
    files = {name: (root / name).read_text(encoding="utf-8")
             for name in ("playground.mdx", "intro.mdx", "migrations.mdx")}
    return engine_over(tmp_path_factory.mktemp("kysely"), embedder, files)


def load_questions(name: str) -> list[dict]:
    """Questions of eval/<name>, skipping metadata lines."""
    lines = (EVAL / name).read_text(encoding="utf-8").splitlines()
    return [q for q in map(json.loads, filter(str.strip, lines)) if "q" in q]
