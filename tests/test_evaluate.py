"""`collabqa eval` and `collabqa.evaluate`: real model, the project's committed index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from collabqa.cli import main
from collabqa.evaluate import (
    Outcome,
    Question,
    QuestionFileError,
    evaluate,
    load_questions,
    score,
)

ROOT = Path(__file__).resolve().parents[1]
INDEX = ROOT / "index"
JSON_KEYS = {
    "recall@1", "recall@3", "recall@5", "mrr", "abstention_accuracy", "false_abstentions",
    "mean_citation_chars", "latency_ms_p50", "latency_ms_p95", "questions",
}


@pytest.fixture(scope="module")
def questions(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("eval") / "questions.jsonl"
    lines = [
        {"corpus": "corpus"},  # metadata lines are skipped
        {"q": "Who developed AlphaFold?", "expect": ["DeepMind"]},
        {"q": "Which crowdsourcing platform labeled ImageNet's images?",
         "expect": ["Mechanical Turk"]},
        {"q": "What is the recipe for a sourdough starter?", "abstain": True},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    return path


def test_evaluate_real_engine(questions: Path) -> None:
    report = evaluate(questions, index_dir=INDEX, k=5)
    assert (report.answerable, report.to_refuse) == (2, 1)
    r = report.recall
    assert 0.0 <= r[1] <= r[3] <= r[5] <= 1.0
    assert 0.0 <= report.mrr <= 1.0 and report.mrr >= r[1]
    assert report.abstention_accuracy in (0.0, 1.0)
    assert report.mean_citation_chars > 0
    assert 0 < report.latency_ms_p50 <= report.latency_ms_p95
    assert len(report.outcomes) == 3
    # At least five citations are scored even when asked for fewer.
    assert all(len(o.passages) >= 5 for o in report.outcomes if o.grounded)
    assert "recall@3" in report.format()


def test_cli_json(questions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", "--questions", str(questions), "--index", str(INDEX), "--json", "-k", "3"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert JSON_KEYS <= data.keys()
    assert len(data["questions"]) == 3
    assert isinstance(data["false_abstentions"], list)
    assert all(0.0 <= data[f"recall@{d}"] <= 1.0 for d in (1, 3, 5))


def test_cli_text(questions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--questions", str(questions), "--index", str(INDEX)]) == 0
    out = capsys.readouterr().out
    for label in ("recall@1", "recall@5", "MRR", "abstention accuracy", "latency p50/p95"):
        assert label in out


@pytest.mark.parametrize(
    "content",
    [None, "", "not json\n", '["a list"]\n', '{"q": "no expectation"}\n',
     '{"q": "", "expect": ["x"]}\n', '{"q": "x", "expect": [1]}\n'],
    ids=["missing", "empty", "not-json", "not-object", "no-expect", "empty-q", "bad-expect"],
)
def test_cli_bad_file_exits_2(
    tmp_path: Path, content: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "q.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["eval", "--questions", str(path), "--index", str(INDEX)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("collabqa: error:") and err.count("\n") == 1
    assert "Traceback" not in err


def test_load_questions_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"q": "ok", "expect": "one phrase"}\n{"q": 3}\n', encoding="utf-8")
    with pytest.raises(QuestionFileError, match=r"q\.jsonl:2"):
        load_questions(path)
    path.write_text('{"q": "ok", "expect": "one phrase"}\n', encoding="utf-8")
    assert load_questions(path) == [Question("ok", ("one phrase",))]


def test_score_counts_ranks_and_refusals() -> None:
    """Pure scoring on hand-made outcomes: ranks, refused answers, abstentions."""
    first = Question("a?", ("Alpha",))
    third = Question("b?", ("beta gamma",))
    refused = Question("c?", ("gamma",))
    off_topic = Question("d?", abstain=True)
    outcomes = [
        Outcome(first, ["ALPHA here", "x"], True, 10.0),
        # Phrases match across line breaks and case.
        Outcome(third, ["x", "y", "Beta\n  Gamma"], True, 20.0),
        Outcome(refused, ["gamma"], False, 30.0),  # refused: a miss although cited
        Outcome(off_topic, ["zzz"], False, 40.0),
    ]
    report = score(outcomes, k=5)
    assert report.recall == {1: pytest.approx(1 / 3), 3: pytest.approx(2 / 3),
                             5: pytest.approx(2 / 3)}
    assert report.mrr == pytest.approx((1 + 1 / 3) / 3)
    assert report.abstention_accuracy == 1.0
    assert report.false_abstentions == ["c?"]
    assert report.missed == []
    assert report.mean_citation_chars == pytest.approx(
        sum(map(len, ["ALPHA here", "x", "x", "y", "Beta\n  Gamma"])) / 5
    )
    assert report.latency_ms_p50 == pytest.approx(25.0)
