"""Fuzzed `collabqa` arguments: exit 0, 1 or 2 with one-line errors, never a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabqa.cli import main

from conftest import ROOT

ODD = ["", ".", "-", "--", "~", "-k", "nonexistent", "a" * 300, "ünïcødé 文档", "sp ace",
       "\t", "nul\x00byte", "x.md", "--index", "ℌ𝔢𝔩𝔩𝔬", "\u202eevil", "😀/😀"]
names = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/"), max_size=30)
paths = st.one_of(
    st.sampled_from(ODD), names, st.lists(names, min_size=1, max_size=3).map("/".join)
)
numbers = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["0", "-1", "1e9", "nan", "inf", "4.5", "0x10", " 3", "٣", "", "k"]),
    st.text(max_size=8),
)


def maybe(flag: str, values) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), values.map(lambda v: [flag, v]))


def switch(flag: str) -> st.SearchStrategy[list[str]]:
    return st.sampled_from([[], [flag]])


def command() -> st.SearchStrategy[list[str]]:
    ask = st.tuples(st.just(["ask"]), st.text(max_size=120).map(lambda q: [q]),
                    maybe("-k", numbers), switch("--json"), maybe("--index", paths))
    # Always an explicit --index: a fuzzed corpus must never reach the project's index/.
    index = st.tuples(st.just(["index"]), maybe("--corpus", paths),
                      paths.map(lambda p: ["--index", p]), switch("-q"))
    info = st.tuples(st.just(["info"]), maybe("--index", paths), switch("--json"))
    evaluate = st.tuples(st.just(["eval"]), maybe("--questions", paths), maybe("-k", numbers),
                         maybe("--index", paths))
    junk = st.lists(st.one_of(st.sampled_from(["--help", "-v", "--version", "--nope", "-k"]),
                              st.text(max_size=10)), max_size=3)
    return st.tuples(st.one_of(ask, index, info, evaluate), junk).map(
        lambda t: [arg for part in t[0] for arg in part] + t[1]
    )


def run_main(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: --help, --version and usage errors
            code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    return code, err.getvalue()


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(argv=command())
def test_fuzzed_arguments_exit_cleanly(tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)  # relative fuzzed paths land in the test's folder
    code, err = run_main(argv)  # an exception escaping main() would be a traceback
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err
    if code:  # the error is the last line: "collabqa: error: ..." or "collabqa ask: error: ..."
        last = err.strip().splitlines()[-1]
        assert last.startswith("collabqa") and "error: " in last, (argv, err)


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", "", "-k", "3"],
        ["ask", "Who founded ImageNet?", "-k", "99999999999999999999999999"],
        ["ask", "Who founded ImageNet?", "-k", "-7"],
        ["index", "--corpus", "/nonexistent/ünï", "--index", "{tmp}/ü/新"],
        ["info", "--index", "{tmp}/" + "x" * 300],
        ["eval", "--questions", "{tmp}"],
        [b"ask".decode(), os.fsdecode(b"caf\xe9 \xff?"), "--index", os.fsdecode(b"{tmp}/\xff")],
    ],
)
def test_fuzz_cases_in_a_real_process(tmp_path, argv):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    done = subprocess.run(
        [sys.executable, "-m", "collabqa", *argv], cwd=tmp_path, capture_output=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT / "src")}, timeout=300,
    )
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode in (0, 1, 2) and "Traceback" not in err, err
    if done.returncode:  # at most the "indexing ..." banner, then one error line
        lines = err.strip().splitlines()
        assert len(lines) <= 2 and lines[-1].startswith("collabqa") and "error: " in lines[-1], err
