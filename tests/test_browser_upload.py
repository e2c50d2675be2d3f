"""Upload in the chat, in a real browser: a new file is saved, indexed, then answered from."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from test_browser import ROOT, Watched, browser, page, start_app, stop  # noqa: F401

pytestmark = pytest.mark.browser

FACT_DOC = """# Varnholt lighthouse

## Keeping the lamp

The Varnholt lighthouse lamp is polished every Thursday with walnut oil by the keeper,
Ingrid Maelstrom, who has tended it since 1987. The lens came from a foundry in Aberdeen.
"""
QUESTION = "Who polishes the Varnholt lighthouse lamp?"


@pytest.fixture(scope="module")
def upload_app(tmp_path_factory) -> Iterator[tuple[str, Path, Path]]:
    base = tmp_path_factory.mktemp("upload")
    corpus, index = base / "corpus", base / "index"
    corpus.mkdir()
    shutil.copy(ROOT / "eval" / "corpora" / "home-garden" / "composting.md", corpus)
    subprocess.run(
        [sys.executable, "-m", "collabqa", "index", "--corpus", str(corpus), "--index", str(index)],
        check=True, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"}, capture_output=True,
    )
    proc, url = start_app({"COLLABQA_INDEX": str(index), "COLLABQA_CORPUS": str(corpus)})
    yield url, corpus, index
    stop(proc)


def test_uploaded_file_is_indexed_and_answers_the_next_question(
    upload_app, page: Watched, tmp_path  # noqa: F811
) -> None:
    url, corpus, index = upload_app
    before = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    page.open(url)
    assert "Ingrid Maelstrom" not in page.ask(QUESTION)

    doc = tmp_path / "lighthouse notes.md"
    doc.write_text(FACT_DOC, encoding="utf-8")
    page.page.set_input_files("#upload input[type=file]", str(doc))
    status = page.page.locator("#upload-status")
    page.page.wait_for_function(
        "() => document.querySelector('#upload-status').innerText.includes('Added')",
        timeout=120_000)
    assert "lighthouse notes.md" in status.inner_text()
    page.page.screenshot(path=str(tmp_path / "upload.png"))

    answer = page.ask(QUESTION)
    assert "Ingrid Maelstrom" in answer and "[1]" in answer
    assert "lighthouse notes.md" in page.sources() or "Varnholt" in page.sources()
    assert (corpus / "lighthouse notes.md").read_text(encoding="utf-8") == FACT_DOC
    after = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    # Only the new file was embedded: every passage of the old corpus was reused.
    assert after["reused_passages"] == before["passages"]
    assert after["passages"] > before["passages"]
