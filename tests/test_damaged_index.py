"""A damaged index, in any part, is a one-line CollabQAError naming `collabqa index`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from collabqa.cli import main
from collabqa.errors import CollabQAError
from collabqa.store import MANIFEST_KEYS, load_index


def truncate(path: Path, keep: float = 0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def edit_manifest(path: Path, change) -> None:
    manifest = json.loads((path / "manifest.json").read_text())
    change(manifest)
    (path / "manifest.json").write_text(json.dumps(manifest))


def drop_last_passage(path: Path) -> None:
    lines = (path / "passages.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (path / "passages.jsonl").write_text("".join(lines[:-1]), encoding="utf-8")
    edit_manifest(path, lambda m: m.update(passages=m["passages"] - 1))


def other_dimension_vectors(path: Path) -> None:
    import faiss

    index = faiss.IndexFlatIP(16)
    n = json.loads((path / "manifest.json").read_text())["passages"]
    index.add(np.eye(n, 16, dtype=np.float32))
    faiss.write_index(index, str(path / "vectors.faiss"))


def span_out_of_bounds(path: Path) -> None:
    lines = (path / "passages.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record["sentences"][-1] = [0, len(record["text"]) + 50]
    lines[0] = json.dumps(record)
    (path / "passages.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


DAMAGE = {
    "manifest-truncated": lambda p: truncate(p / "manifest.json"),
    "manifest-empty": lambda p: (p / "manifest.json").write_text(""),
    "manifest-a-list": lambda p: (p / "manifest.json").write_text("[1, 2]"),
    "manifest-not-utf8": lambda p: (p / "manifest.json").write_bytes(b"\xff\xfe{"),
    "no-format-version": lambda p: edit_manifest(p, lambda m: m.pop("format_version")),
    **{
        f"no-{key}": (lambda key: lambda p: edit_manifest(p, lambda m: m.pop(key)))(key)
        for key in MANIFEST_KEYS
    },
    "model-a-string": lambda p: edit_manifest(p, lambda m: m.update(model="MiniLM")),
    "files-a-list": lambda p: edit_manifest(p, lambda m: m.update(files=[])),
    "manifest-dimension": lambda p: edit_manifest(p, lambda m: m["model"].update(dimension=768)),
    "vectors-dimension": other_dimension_vectors,
    "passage-vector-count": drop_last_passage,
    "sentence-count": lambda p: np.save(p / "sentences.npy", np.load(p / "sentences.npy")[:-3]),
    "faiss-truncated": lambda p: truncate(p / "vectors.faiss"),
    "npy-truncated": lambda p: truncate(p / "sentences.npy"),
    "passages-truncated": lambda p: truncate(p / "passages.jsonl", 0.77),
    "no-vectors": lambda p: (p / "vectors.faiss").unlink(),
    "no-sentences": lambda p: (p / "sentences.npy").unlink(),
    "span-out-of-bounds": span_out_of_bounds,
    "token-count": lambda p: np.save(p / "tokens.npy", np.load(p / "tokens.npy")[:-3]),
    "tokens-truncated": lambda p: truncate(p / "tokens.npy"),
    "no-basis": lambda p: (p / "basis.npz").unlink(),
}


@pytest.fixture
def damaged(request, tmp_path, article_index) -> Path:
    path = tmp_path / "index"
    shutil.copytree(article_index, path)
    DAMAGE[request.param](path)
    return path


@pytest.mark.parametrize("damaged", list(DAMAGE), indirect=True)
def test_damage_is_a_collabqa_error_naming_the_fix(damaged, capsys):
    with pytest.raises(CollabQAError, match="collabqa index"):
        load_index(damaged)
    for argv in (["ask", "Who founded ImageNet?", "--index", str(damaged)],
                 ["info", "--index", str(damaged)]):
        assert main(argv) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1 and "collabqa index" in lines[0], captured.err
        assert "Traceback" not in captured.err
