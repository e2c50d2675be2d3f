"""A long-running Engine answers from a rebuilt index at the next question, no restart."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from collabqa import Engine
from collabqa.store import build_index

BEES = """# Bees

A queen bee lays up to two thousand eggs a day in spring. Worker bees feed the larvae
royal jelly and pollen, and they build the wax comb the eggs are laid in.
"""
TIDES = """# Tides

Tides are caused by the moon's gravity pulling on the oceans. Most coasts see two high
tides and two low tides every lunar day, about 24 hours and 50 minutes.
"""
QUESTION = "What causes the tides?"


@pytest.fixture
def setup(tmp_path, embedder) -> tuple[Path, Path, Engine]:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "bees.md").write_text(BEES, encoding="utf-8")
    build_index(corpus, index, embedder=embedder, progress=False)
    return corpus, index, Engine(index, embedder=embedder)


def test_next_question_after_a_rebuild_uses_the_new_index(setup, embedder):
    corpus, index, engine = setup
    before = engine.ask(QUESTION)
    assert not before.grounded
    assert engine.current() is engine.current()  # nothing changed: nothing reloaded

    (corpus / "tides.md").write_text(TIDES, encoding="utf-8")
    build_index(corpus, index, embedder=embedder, progress=False)
    after = engine.ask(QUESTION)
    assert after.grounded and after.citations[0].source == "tides.md"
    assert "moon" in after.text


def test_questions_under_way_finish_on_the_old_index(setup, embedder):
    corpus, index, engine = setup
    old = engine.current()
    (corpus / "tides.md").write_text(TIDES, encoding="utf-8")
    build_index(corpus, index, embedder=embedder, progress=False)
    new = engine.current()
    assert new.build_id != old.build_id and len(new.index.passages) > len(old.index.passages)
    # The old pair still answers whoever holds it (its files were replaced on disk).
    hits = old.retriever.search(QUESTION, k=3).hits
    assert {h.passage.source for h in hits} == {"bees.md"}


def test_a_touched_manifest_is_not_a_rebuild(setup):
    _, index, engine = setup
    old = engine.current()
    manifest = index / "manifest.json"
    manifest.write_text(manifest.read_text())  # same build id, new mtime
    st = os.stat(manifest)
    os.utime(manifest, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
    now = engine.current()
    assert now.index is old.index and now.stamp != old.stamp


def test_an_unreadable_new_index_keeps_the_old_one(setup, caplog):
    _, index, engine = setup
    old = engine.current()
    (index / "vectors.faiss").write_bytes(b"half written by another tool")
    (index / "manifest.json").write_text('{"format_version": 1, "build_id": "other"}')
    assert engine.ask("How many eggs does a queen bee lay?").grounded
    assert engine.current().index is old.index
    assert any("cannot be read" in r.getMessage() for r in caplog.records)


def test_asking_while_rebuilding(setup, embedder):
    corpus, index, engine = setup
    (corpus / "tides.md").write_text(TIDES, encoding="utf-8")
    stop, errors, answers = threading.Event(), [], []

    def asker() -> None:
        while not stop.is_set():
            try:
                answers.append(engine.ask("How many eggs does a queen bee lay?"))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

    threads = [threading.Thread(target=asker) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for _ in range(3):
            build_index(corpus, index, embedder=embedder, progress=False)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == [] and answers
    assert all(a.grounded and a.citations[0].source == "bees.md" for a in answers)
    assert engine.ask(QUESTION).citations[0].source == "tides.md"


def test_the_served_chat_answers_from_an_index_rebuilt_by_the_cli(tmp_path):
    import subprocess
    import sys

    from gradio_client import Client

    from conftest import ROOT
    from test_browser import start_app, stop

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "bees.md").write_text(BEES, encoding="utf-8")
    env = {"COLLABQA_CORPUS": str(corpus), "COLLABQA_INDEX": str(index)}
    proc, url = start_app(env)
    try:
        client = Client(url, verbose=False)
        assert not client.predict(QUESTION, 3, False, api_name="/ask")["grounded"]
        (corpus / "tides.md").write_text(TIDES, encoding="utf-8")
        subprocess.run([sys.executable, "-m", "collabqa", "index", "-q"], check=True,
                       env={**os.environ, **env, "PYTHONPATH": str(ROOT / "src")}, timeout=300)
        answer = client.predict(QUESTION, 3, False, api_name="/ask")
    finally:
        stop(proc)
    assert answer["grounded"] and answer["citations"][0]["source"] == "tides.md"
