"""`collabqa eval` and `collabqa.evaluate`: real model, the project's committed index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from load_script import load_script

from collabqa.cli import main
from collabqa.evaluate import (
    Outcome,
    Question,
    QuestionFileError,
    evaluate,
    load_questions,
    run,
    score,
)

ROOT = Path(__file__).resolve().parents[1]
INDEX = ROOT / "index"
JSON_KEYS = {
    "recall@1", "recall@3", "recall@5", "mrr", "abstention_accuracy", "false_abstentions",
    "mean_citation_chars", "mean_answer_chars", "latency_ms_p50", "latency_ms_p95", "questions",
    "answer_has_fact", "off_topic_refused", "near_miss_refused", "answerable_refused",
    "not_in_corpus",
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
        {"q": "Who founded Wild Me?", "abstain": True, "near_miss": True},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    return path


def test_evaluate_real_engine(questions: Path) -> None:
    report = evaluate(questions, index_dir=INDEX, k=5)
    assert (report.answerable, report.to_refuse) == (2, 2)
    r = report.recall
    assert 0.0 <= r[1] <= r[3] <= r[5] <= 1.0
    assert 0.0 <= report.mrr <= 1.0 and report.mrr >= r[1]
    assert report.abstention_accuracy in (0.0, 0.5, 1.0)
    assert report.mean_citation_chars > 0
    assert 0 < report.latency_ms_p50 <= report.latency_ms_p95
    assert len(report.outcomes) == 4
    # answer_has_fact: an expected phrase in the text of a given answer.
    facts = [o.has_fact for o in report.outcomes if not o.question.abstain]
    assert report.answer_has_fact == sum(facts) / 2
    assert all(o.text for o in report.outcomes)
    assert report.off_topic_refused in (0.0, 1.0) and report.near_miss_refused in (0.0, 1.0)
    # At least five citations are scored even when asked for fewer.
    assert all(len(o.passages) >= 5 for o in report.outcomes if o.grounded)
    assert "recall@3" in report.format()


def test_cli_json(questions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", "--questions", str(questions), "--index", str(INDEX), "--json", "-k", "3"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert JSON_KEYS <= data.keys()
    assert len(data["questions"]) == 4
    assert isinstance(data["false_abstentions"], list)
    assert all(0.0 <= data[f"recall@{d}"] <= 1.0 for d in (1, 3, 5))


def test_cli_text(questions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--questions", str(questions), "--index", str(INDEX)]) == 0
    out = capsys.readouterr().out
    for label in ("recall@1", "recall@5", "MRR", "abstention accuracy", "latency p50/p95",
                  "answer has the fact", "off-topic refused", "near-miss refused"):
        assert label in out


def test_several_files_are_reported_each_and_pooled(
    questions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    second = tmp_path / "more.jsonl"
    second.write_text(json.dumps({"q": "What does AlphaFold predict?",
                                  "expect": ["protein"]}) + "\n", encoding="utf-8")
    code = main(["eval", "--questions", str(questions), str(second), "--index", str(INDEX),
                 "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert [len(f["questions"]) for f in data["files"]] == [4, 1]
    assert len(data["questions"]) == 5 and data["answerable"] == 3
    assert JSON_KEYS <= data.keys()


def test_a_file_naming_its_corpus_is_asked_against_an_index_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "notes"
    corpus.mkdir()
    (corpus / "harbor.md").write_text(
        "# Harbor\n\nThe harbor bridge opens at [dawn](https://example.org/sun) for sailing "
        "boats and closes at dusk for the night, so the fishing fleet leaves before sunrise "
        "every morning.\n",
        encoding="utf-8")
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"corpus": str(corpus)}) + "\n"
                    + json.dumps({"q": "When does the harbor bridge open?",
                                  "expect": ["opens at dawn"]}) + "\n"
                    # written from some other document: no passage says it
                    + json.dumps({"q": "Who painted the harbor bridge?",
                                  "expect": ["painted by Ada Lane"]}) + "\n", encoding="utf-8")
    monkeypatch.setenv("COLLABQA_CACHE", str(tmp_path / "cache"))
    report = evaluate(path)
    # the phrase is in the passage as read, not as written
    assert report.outcomes[0].rank == 1
    assert any((tmp_path / "cache" / "eval-indexes").iterdir())
    # A question whose phrase the corpus lacks is named, the one it holds as read is not.
    assert report.not_in_corpus == ["Who painted the harbor bridge?"]
    assert report.to_dict()["not_in_corpus"] == ["Who painted the harbor bridge?"]
    assert "expected phrase in no passage" in report.format()


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
        Outcome(first, ["ALPHA here", "x"], True, 10.0, text="Alpha [1]"),
        # Phrases match across line breaks and case.
        Outcome(third, ["x", "y", "Beta\n  Gamma"], True, 20.0, text="Beta Gamma [3]"),
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
    # Only the answers given to answerable questions count toward the answer's length.
    assert report.mean_answer_chars == pytest.approx((len("Alpha [1]") + len("Beta Gamma [3]")) / 2)
    assert report.latency_ms_p50 == pytest.approx(25.0)


@pytest.mark.parametrize(("source", "rank"), [("site/jekyll.md", 1), ("jekyll.txt", None)])
def test_a_citation_counts_as_read_for_markdown_only(source: str, rank: int | None) -> None:
    """A phrase from the built page is found in Markdown that writes it with syntax;
    the same characters in a plain-text file are text, read as they are."""
    question = Question("What is Jekyll written in?", ("written in Ruby, not",))
    cited = "Jekyll is written in [Ruby](https://ruby-lang.org), **not** Go."

    def search(q: str) -> tuple[list[str], bool, list[str], str]:
        return [cited], True, [f"{source}#0"], "Jekyll is written in Ruby [1]"

    (outcome,) = run([question], search, warmup=False)
    assert outcome.rank == rank
    assert outcome.passages == [cited]  # what was shown is kept as it was


def test_the_parallel_run_pools_as_collabqa_eval_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """scripts/eval_all.py runs `collabqa eval --json` per file in subprocesses and pools
    their questions: the same figures as `collabqa eval` over both files at once, and a
    second run asks nothing again; each question's outcome can be recorded and a later run
    checked against the record, which names the file whose outcome moved."""
    corpus = tmp_path / "notes"
    corpus.mkdir()
    (corpus / "harbor.md").write_text(
        "# Harbor\n\nThe harbor bridge opens at dawn for sailing boats and closes at dusk, so "
        "the fishing fleet leaves before sunrise.\n\n## Tolls\n\nCrossing the harbor bridge "
        "costs two euros for a car and nothing for a bicycle.\n", encoding="utf-8")
    files = []
    for name, lines in {
        "a": [{"q": "When does the harbor bridge open?", "expect": ["at dawn"]},
              {"q": "How do I bake rye bread?", "abstain": True}],
        "b": [{"q": "what does a car pay to cross the bridge", "expect": ["two euros"]},
              {"q": "Who designed the harbor bridge?", "abstain": True, "near_miss": True}],
    }.items():
        path = tmp_path / f"{name}_questions.jsonl"
        path.write_text("\n".join(json.dumps(x) for x in [{"corpus": str(corpus)}, *lines]),
                        encoding="utf-8")
        files.append(path)
    monkeypatch.setenv("COLLABQA_CACHE", str(tmp_path / "cache"))
    eval_all = load_script("eval_all")
    out = tmp_path / "out"
    assert eval_all.main([*map(str, files), "--out", str(out), "--jobs", "2"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]
    printed = capsys.readouterr().out
    assert "[2/2]" in printed and "all: 2 files, 2 answerable" in printed

    from collabqa.evaluate import pooled

    expected = pooled([evaluate(path) for path in files]).to_dict()
    got = eval_all.pool([json.loads((out / f"{n}.json").read_text()) for n in "ab"])
    for key in ("recall@1", "recall@3", "mrr", "answer_has_fact"):
        assert got[key] == pytest.approx(expected[key], abs=1e-4), key
    assert got["answerable_refused"] / got["answerable"] == pytest.approx(
        expected["answerable_refused"])
    assert (got["off_topic"], got["near_miss"]) == (1, 1)

    assert eval_all.main([*map(str, files), "--out", str(out)]) == 0
    assert capsys.readouterr().out.count("kept from an earlier run") == 2

    # Each question's outcome is kept, and a later run is checked against it file by file.
    record = tmp_path / "outcomes.json.gz"
    assert eval_all.main(["--pool-only", "--out", str(out), "--record", str(record)]) == 0
    assert eval_all.main(["--pool-only", "--out", str(out), "--against", str(record)]) == 0
    assert "2 of 2 files as recorded" in capsys.readouterr().out
    report = json.loads((out / "b.json").read_text())
    report["questions"][0]["has_fact"] = not report["questions"][0]["has_fact"]
    (out / "b.json").write_text(json.dumps(report), encoding="utf-8")
    assert eval_all.main(["--pool-only", "--out", str(out), "--against", str(record)]) == 0
    printed = capsys.readouterr().out
    assert "b: 1 of 2 questions differ (the first: question 1" in printed
    assert "1 of 2 files as recorded" in printed
    # A record that is not there is said in one line before anything is asked.
    with pytest.raises(SystemExit) as stop:
        eval_all.main([*map(str, files), "--out", str(out), "--against", str(tmp_path / "no")])
    assert stop.value.code == 2
    said = capsys.readouterr()
    assert "not a readable outcome record" in said.err and "[1/2]" not in said.out
