"""The command line: exit codes, one-line errors, --json, help on every command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from collabqa.cli import build_parser, main

from conftest import CORPUS, INDEX, ROOT


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real entry point in a fresh process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "collabqa", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})},
        cwd=ROOT,
        timeout=300,
    )


def test_help_on_every_command_and_option():
    for args in ([], ["index"], ["ask"], ["info"], ["eval"]):
        out = run_cli(*args, "--help")
        assert out.returncode == 0 and "usage: collabqa" in out.stdout
    parser = build_parser()
    subparsers = parser._subparsers._group_actions[0].choices  # noqa: SLF001
    for name, sub in subparsers.items():
        assert sub.description, name
        for action in sub._actions:  # noqa: SLF001
            assert action.help, f"{name} {action.option_strings or action.dest}"


def test_help_does_not_load_heavy_libraries():
    code = (
        "import sys; from collabqa.cli import main\n"
        "try: main(['--help'])\nexcept SystemExit: pass\n"
        "print(sorted({'torch','faiss','numpy','gradio'} & set(sys.modules)), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stderr.strip() == "[]"


def test_ask_json_is_answer_to_dict():
    out = run_cli("ask", "Who developed AlphaFold?", "--json", "-k", "3")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"question", "text", "citations", "grounded", "mode", "timings"}
    assert data["grounded"] and "DeepMind" in data["text"] and len(data["citations"]) == 3
    assert "Traceback" not in out.stderr


def test_ask_prints_answer_and_sources(capsys):
    assert main(["ask", "Who founded ImageNet?", "--top-k", "2", "--index", str(INDEX)]) == 0
    out = capsys.readouterr().out
    assert "Fei-Fei Li" in out and "[1] " in out and "[2] " in out


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["ask", "   "], 2, "empty"),
        (["ask", "hi", "-k", "0"], 2, "at least 1"),
        (["ask"], 2, "question"),
        (["frobnicate"], 2, "invalid choice"),
        (["ask", "hi", "--index", "/nonexistent/index"], 1, "collabqa index"),
        (["info", "--index", "/nonexistent/index"], 1, "collabqa index"),
        (["index", "--corpus", "/nonexistent/corpus", "--index", "{new}"], 1, "corpus"),
    ],
)
def test_errors_are_one_line_with_exit_code(args, code, message, tmp_path_factory):
    # "{new}": a folder that does not exist yet (a fixed path such as /tmp/x may hold
    # anything on a shared machine, and collabqa rightly refuses to index into it).
    new = tmp_path_factory.mktemp("cli") / "new-index"
    out = run_cli(*[a.replace("{new}", str(new)) for a in args])
    assert out.returncode == code, out.stderr
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert "Traceback" not in out.stderr
    assert message in lines[-1]
    assert len([line for line in lines if "error" in line]) == 1


def test_index_then_info_reports_stale(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index = tmp_path / "index"
    out = run_cli("index", "--corpus", str(corpus), "--index", str(index))
    assert out.returncode == 0, out.stderr
    assert "passages" in out.stdout
    info = run_cli("info", "--index", str(index), "--json")
    report = json.loads(info.stdout)
    assert report["stale"] is False and report["passages"] > 20
    assert report["outdated"] is None
    # An index an older collabqa built reads the documents as that version did: stale too.
    manifest = index / "manifest.json"
    built = json.loads(manifest.read_text())
    manifest.write_text(json.dumps(built | {"chunker_version": 1}))
    report = json.loads(run_cli("info", "--index", str(index), "--json").stdout)
    assert report["stale"] is True and report["changed_files"] == []
    assert report["outdated"].startswith("built by chunker version 1;")
    manifest.write_text(json.dumps(built))
    (corpus / "collaborative-ml-success-stories.md").write_text("# Changed\n\nNew text.")
    info = run_cli("info", "--index", str(index))
    assert info.returncode == 0
    assert "stale:" in info.stdout and "yes" in info.stdout
    # The COLLABQA_INDEX variable selects the index too.
    out = run_cli("ask", "Who founded ImageNet?", env={"COLLABQA_INDEX": str(index)})
    assert out.returncode == 0 and "Fei-Fei Li" in out.stdout


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "collabqa"
    out = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("collabqa ")
