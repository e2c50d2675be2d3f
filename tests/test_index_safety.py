"""`collabqa index` never destroys a folder that is not an index, and builds take turns."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock

from collabqa import store
from collabqa.cli import main
from collabqa.errors import IndexBusyError, IndexTargetError
from collabqa.store import build_index, load_index
from collabqa.target import lock_path

BEES = "# Bees\n\nA queen bee lays up to two thousand eggs a day in spring.\n"
TIDES = "# Tides\n\nThe moon's pull raises two bulges of ocean water, so most coasts see two tides.\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def corpus(tmp_path) -> Path:
    path = tmp_path / "corpus"
    path.mkdir()
    (path / "bees.md").write_text(BEES, encoding="utf-8")
    return path


@pytest.fixture
def photos(tmp_path) -> Path:
    path = tmp_path / "photos"
    (path / "2024").mkdir(parents=True)
    (path / "beach.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (path / "2024" / "cat.png").write_bytes(b"\x89PNG a cat")
    (path / "manifest.json").write_text('{"name": "my photo app"}')  # not collabqa's
    return path


def run_cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_a_folder_of_other_files_survives_collabqa_index(tmp_path, corpus, photos, capsys):
    before = snapshot(photos)
    code, err = run_cli(capsys, "index", "--corpus", str(corpus), "--index", str(photos))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("indexing")  # the banner, then the refusal
    assert "not a collabqa index" in lines[1] and "beach.jpg" in lines[1]
    assert "Traceback" not in err
    assert snapshot(photos) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "photos"]  # no lock file


@pytest.mark.parametrize("where", ["same", "inside", "parent"])
def test_index_overlapping_the_corpus_is_refused(tmp_path, capsys, where):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "plan.md").write_text(BEES, encoding="utf-8")
    (notes / "report.docx").write_bytes(b"PK\x03\x04 a word document")
    index = {"same": notes, "inside": notes / "index", "parent": tmp_path}[where]
    before = snapshot(tmp_path)
    code, err = run_cli(capsys, "-v", "index", "-q", "--corpus", str(notes), "--index", str(index))
    assert code == 2
    assert "corpus" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert snapshot(tmp_path) == before


def test_index_files_beside_other_files_are_refused(tmp_path, corpus, embedder):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=embedder, progress=False)
    (index / "notes.txt").write_text("mine")
    with pytest.raises(IndexTargetError, match="notes.txt"):
        build_index(corpus, index, embedder=embedder, progress=False)
    assert (index / "notes.txt").read_text() == "mine"
    file = tmp_path / "a-file"
    file.write_text("x")
    with pytest.raises(IndexTargetError, match="is a file"):
        build_index(corpus, file, embedder=embedder, progress=False)


def test_empty_folder_and_damaged_index_are_replaced(tmp_path, corpus, embedder):
    index = tmp_path / "index"
    index.mkdir()
    build_index(corpus, index, embedder=embedder, progress=False)
    assert load_index(index).passages[0].title == "Bees"
    text = (index / "manifest.json").read_text()
    (index / "manifest.json").write_text(text[: len(text) // 3])  # a crash mid-write
    (index / "vectors.faiss").unlink()
    (corpus / "tides.md").write_text(TIDES, encoding="utf-8")
    manifest = build_index(corpus, index, embedder=embedder, progress=False)
    assert manifest["documents"] == 2 and load_index(index).manifest["documents"] == 2


def test_failed_swap_puts_the_old_index_back(tmp_path, corpus, embedder, monkeypatch):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=embedder, progress=False)
    before = snapshot(index)
    (corpus / "tides.md").write_text(TIDES, encoding="utf-8")
    real_rename = os.rename

    def rename(src, dst):  # the OS refuses to move the new index into place
        if Path(src).name.startswith(".index.tmp-"):
            raise OSError("rename failed")
        return real_rename(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError, match="rename failed"):
        build_index(corpus, index, embedder=embedder, progress=False)
    monkeypatch.undo()
    assert snapshot(index) == before
    assert load_index(index).manifest["documents"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".index.lock", "corpus", "index"]


def test_a_build_waits_for_the_lock_or_gives_up(tmp_path, corpus, embedder, caplog):
    index = tmp_path / "index"
    build_index(corpus, index, embedder=embedder, progress=False)
    before = snapshot(index)
    other = FileLock(lock_path(index), thread_local=False)  # released from a timer thread
    other.acquire()
    try:
        with pytest.raises(IndexBusyError, match="another build"):
            build_index(corpus, index, embedder=embedder, progress=False, lock_timeout=0.3)
        assert snapshot(index) == before
        threading.Timer(1.0, other.release).start()
        (corpus / "tides.md").write_text(TIDES, encoding="utf-8")
        start = time.monotonic()
        manifest = build_index(corpus, index, embedder=embedder, progress=False, lock_timeout=30)
        assert time.monotonic() - start >= 0.9
    finally:
        if other.is_locked:
            other.release()
    assert manifest["documents"] == 2
    assert any("waiting" in r.getMessage() for r in caplog.records)


def test_concurrent_builds_do_not_interleave(tmp_path, corpus, embedder, monkeypatch):
    other = tmp_path / "other"
    other.mkdir()
    (other / "tides.md").write_text(TIDES, encoding="utf-8")
    index = tmp_path / "index"
    spans: list[tuple[float, float]] = []
    real_build = store._build

    def timed(*args):
        start = time.monotonic()
        time.sleep(0.5)  # widen the window two unlocked builds would overlap in
        try:
            return real_build(*args)
        finally:
            spans.append((start, time.monotonic()))

    monkeypatch.setattr(store, "_build", timed)
    errors: list[BaseException] = []

    def build(source: Path) -> None:
        try:
            build_index(source, index, embedder=embedder, progress=False)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=build, args=(c,)) for c in (corpus, other, corpus)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    spans.sort()
    assert len(spans) == 3
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    loaded = load_index(index)
    assert loaded.manifest["documents"] == 1 and len(loaded.passages) == loaded.vectors.ntotal
    assert json.loads((index / "manifest.json").read_text())["passages"] == len(loaded.passages)


def test_the_current_folder_or_an_empty_path_is_refused(tmp_path, corpus, monkeypatch, capsys):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    with pytest.raises(IndexTargetError, match="current folder"):
        build_index(corpus, ".", progress=False)
    with pytest.raises(SystemExit) as exited:  # argparse's usage error
        main(["index", "--corpus", str(corpus), "--index", ""])
    assert exited.value.code == 2 and "empty path" in capsys.readouterr().err
    assert list(here.iterdir()) == [] and not (tmp_path / ".here.lock").exists()
