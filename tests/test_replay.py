"""scripts/fit_answer.py's recorded retrievals and scripts/replay_answer.py's settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from load_script import load_script


def test_the_recording_is_kept_until_what_retrieval_depends_on_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key of the recorded retrievals moves with the retrieval's code, the questions and
    the corpora, and not with answer.py, whose settings the recording is for."""
    fit_answer = load_script("fit_answer")
    for rel, text in {"src/collabqa/answer.py": "A = 1\n", "src/collabqa/retrieve.py": "R = 1\n",
                      "eval/x_questions.jsonl": '{"q": "?", "expect": ["a"]}\n',
                      "eval/corpora/x/docs/a.md": "# A\n\nText.\n"}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    monkeypatch.setattr(fit_answer, "ROOT", tmp_path)
    key = fit_answer._retrieval_key()
    (tmp_path / "src/collabqa/answer.py").write_text("A = 2\n", encoding="utf-8")
    assert fit_answer._retrieval_key() == key
    seen = {key}
    for rel, text in {"src/collabqa/retrieve.py": "R = 2\n",
                      "eval/x_questions.jsonl": '{"q": "??", "expect": ["a"]}\n',
                      "eval/corpora/x/docs/a.md": "# A\n\nMore text.\n"}.items():
        (tmp_path / rel).write_text(text, encoding="utf-8")
        assert fit_answer._retrieval_key() not in seen, rel
        seen.add(fit_answer._retrieval_key())


def test_a_setting_names_constants_of_the_answer() -> None:
    replay = load_script("replay_answer")
    assert replay.parse("ANSWER_CHARS=375 MORE_MARGIN=0.2") == {
        "ANSWER_CHARS": 375, "MORE_MARGIN": 0.2}
    for bad in ("ANSWER_CHARS", "answer_chars=3", "NOT_A_CONSTANT=1"):
        with pytest.raises(SystemExit, match="not NAME=VALUE"):
            replay.parse(bad)
