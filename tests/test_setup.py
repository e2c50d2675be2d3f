"""`make test` sets up a fresh machine: Debian's chromium, no proxy for loopback."""

from __future__ import annotations

import os
import subprocess

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "ensure_chromium.sh"


def run(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["/bin/sh", str(SCRIPT)], env=env, capture_output=True, text=True)


def test_chromium_present_is_left_alone():
    done = run({**os.environ, "CHROMIUM": "/bin/sh"})  # any executable stands for it
    assert done.returncode == 0 and done.stdout == done.stderr == ""


def test_chromium_missing_without_apt_get_is_one_clear_line(tmp_path):
    done = run({"PATH": str(tmp_path), "CHROMIUM": str(tmp_path / "chromium")})
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "apt-get install chromium" in done.stderr


def test_make_test_installs_chromium_and_bypasses_the_proxy():
    plan = subprocess.run(
        ["make", "-n", "-W", "pyproject.toml", "test"], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_PROXY": "corp.example"},
    ).stdout
    assert "ensure_chromium.sh" in plan and "-m pytest" in plan
    assert plan.index("ensure_chromium.sh") < plan.index("-m pytest")
    assert "+cpu" in plan  # never plain PyPI's CUDA torch
    show = subprocess.run(
        ["make", "-s", "-f", "-", "show"], cwd=ROOT, capture_output=True, text=True,
        input='include Makefile\nshow:\n\t@echo "$$NO_PROXY"\n',
        env={**os.environ, "NO_PROXY": "corp.example"},
    ).stdout.strip()
    assert show == "corp.example,127.0.0.1,localhost"
    assert "make test" in (ROOT / ".ci" / "run").read_text()
