"""scripts/ab_flag.py: the same questions asked with a switch of collabqa off and on."""

from __future__ import annotations

from load_script import load_script

from collabqa import answer_types
from collabqa.evaluate import Question


def test_a_question_is_scored_with_the_switch_off_and_on(kysely_playground, monkeypatch):
    """Kysely's playground page credits its maker by handle alone: with `HANDLES` off
    the question is refused as a near-miss, on it is answered with the fact, and the
    script's outcome says so as `collabqa eval` would score it ([rank, fact, answered])."""
    ab_flag = load_script("ab_flag")
    question = Question("who made the kysely playground", ("@wirekang has created",))
    monkeypatch.setattr(answer_types, "HANDLES", False)
    assert ab_flag.outcome(kysely_playground, question) == [0, 0, 0]
    monkeypatch.setattr(answer_types, "HANDLES", True)
    assert ab_flag.outcome(kysely_playground, question) == [1, 1, 1]
