"""The chat's functions without a server: the real engine (`engine` from conftest) on the
project's index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from collabqa import Answer
from collabqa.api import Engine
from collabqa.followup import leans_on_history, resolve
from collabqa.store import load_index, stale_files
from collabqa import render, ui

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "![x](http://example.invalid/t.gif)",
    "[link](javascript:alert(1)) `code` *em* _u_ # h | t ~ $$x$$ \\ &amp; &#x27; 'q' \"q\"",
    "http://example.invalid/autolink",
]


def ask_in_chat(engine: Engine, *questions: str, k: int = 4) -> tuple[list, str]:
    """Play `questions` through the chat as the browser would; last (history, sources)."""
    history: list = []
    sources = ""
    for q in questions:
        _, history = ui.add_question(q, history)
        for history, panel in ui.respond(history, k, False, engine=engine):
            sources = panel if panel is not None else sources
    return history, sources


def shown(message) -> str:
    """A chat message as the reader sees it (Markdown escapes removed)."""
    return render.from_markdown(ui.message_text(message))


# --------------------------------------------------------------------------- inert text


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_escaping_leaves_no_markup_and_round_trips(text: str) -> None:
    md = render.to_markdown(text)
    assert "<" not in md and ">" not in md.replace("\\>", "")
    assert "![" not in md and "](" not in md and "$$" not in md
    assert render.from_markdown(md) == text


def test_highlight_marks_spans_and_escapes_the_rest() -> None:
    text = "Safe start. <b>Bold</b> claim here. End."
    start = text.index("<b>")
    end = text.index("here.") + len("here.")
    out = render.highlighted(text, [(start, end)])
    assert out.count("<mark>") == 1 and out.count("</mark>") == 1
    assert "<b>" not in out and "&lt;b&gt;" in out
    assert out.startswith("Safe start\\. <mark>")


# --------------------------------------------------------------------------- follow-ups


@pytest.mark.parametrize(
    "question, history, expected",
    [
        ("Who founded it?", ["What is ImageNet?"], "Who founded ImageNet?"),
        ("What is its impact?", ["Who founded ImageNet?"], "What is ImageNet's impact?"),
        ("Where?", ["Who founded ImageNet?"], "Who founded ImageNet? Where?"),
        ("Who uses it?", ["What is Wildbook?", "Who runs it?"], "Who uses Wildbook?"),
        ("Where did she study?", ["Who founded ImageNet?"],
         "Who founded ImageNet? Where did she study?"),  # she is not ImageNet
        ("Who runs it?", ["What do volunteers do?"], "What do volunteers do? Who runs it?"),
        ("What about AlphaFold?", ["Who developed CORD-19?"], "Who developed AlphaFold?"),
        ("And Wildbook?", ["How did ImageNet get images labeled?"],
         "How did Wildbook get images labeled?"),
    ],
)
def test_follow_ups_borrow_the_topic(question: str, history: list[str], expected: str) -> None:
    resolution = resolve(question, history)
    assert resolution.is_followup and resolution.query == expected


@pytest.mark.parametrize(
    "question",
    [
        "What does AlphaFold predict?",
        "What is the population of Tokyo?",
        "Is there a dataset about cancer?",  # existential "there"
        "Which team built the model that won?",  # relative "that"
        "What is TCGA and who runs it?",  # the pronoun's referent is in the question
    ],
)
def test_standalone_questions_are_not_polluted(question: str) -> None:
    assert not leans_on_history(question)
    assert resolve(question, ["Who founded ImageNet?"]).query == question


def test_a_first_question_has_nothing_to_lean_on() -> None:
    assert not resolve("Who founded it?", []).is_followup


def test_follow_up_retrieves_the_earlier_topic(engine: Engine) -> None:
    history, _ = ask_in_chat(engine, "What is Wildbook?", "Who uploads images to it?")
    assert "citizen scientists" in shown(history[-1])
    history, sources = ask_in_chat(engine, "What is ImageNet?", "Who founded it?")
    assert "Fei-Fei Li" in shown(history[-1])
    assert "Follow-up to “What is ImageNet?”" in render.from_markdown(sources)
    first_heading = re.search(r"#### \\\[1\\\] (.*)", sources).group(1)
    assert "ImageNet" in first_heading


def test_unrelated_question_after_history_is_answered_on_its_own(engine: Engine) -> None:
    history, sources = ask_in_chat(engine, "Who founded ImageNet?", "What does AlphaFold predict?")
    assert "Follow-up" not in sources
    assert "AlphaFold" in re.search(r"#### \\\[1\\\] (.*)", sources).group(1)
    # Off-topic stays off-topic: ImageNet in the history must not make it "found".
    history, _ = ask_in_chat(engine, "Who founded ImageNet?", "What is the population of Tokyo?")
    assert shown(history[-1]) == render.NOT_FOUND_REPLY


def test_history_in_gradios_normalised_form(engine: Engine) -> None:
    """Gradio hands history back with content as a list of parts; it must still work."""
    history = [
        {"role": "user", "content": [{"type": "text", "text": "What is ImageNet?"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "An open database [1]"}]},
        {"role": "user", "content": [{"type": "text", "text": "Who founded it?"}]},
    ]
    *_, (chat, sources) = ui.respond(history, 4, False, engine=engine)
    assert "Fei-Fei Li" in shown(chat[-1])
    assert ui.user_questions(history) == ["What is ImageNet?", "Who founded it?"]


# --------------------------------------------------------------------------- chat


def test_answer_and_sources(engine: Engine) -> None:
    history, sources = ask_in_chat(engine, "Who founded ImageNet?")
    assert [m["role"] for m in history] == ["user", "assistant"]
    reply = ui.message_text(history[-1])
    assert "Fei\\-Fei Li" in reply and "\\[1\\]" in reply  # shows as "Fei-Fei Li [1]"
    answer = engine.ask("Who founded ImageNet?")
    for c in answer.citations:
        assert f"\\[{c.n}\\]" in sources and f"score {c.score:.2f}" in sources
    assert "<mark>" in sources
    assert "ImageNet: Revolutionizing Computer Vision" in render.from_markdown(sources)


def test_k_sets_the_number_of_sources(engine: Engine) -> None:
    _, sources = ask_in_chat(engine, "Who founded ImageNet?", k=2)
    assert sources.count("#### ") == 2


def test_not_in_the_documents(engine: Engine) -> None:
    history, sources = ask_in_chat(engine, "Recommend a good pizza recipe.")
    assert shown(history[-1]) == render.NOT_FOUND_REPLY
    assert "none of them answers the question" in sources


def test_empty_question_is_not_sent() -> None:
    box, history = ui.add_question("   ", [])
    assert box == "" and history == []


def test_hostile_passage_renders_inert(engine: Engine) -> None:
    answer = Answer("q", "<img src=x onerror=alert(1)> [1]", [], True, "extractive", {})
    assert "<img" not in render.render_answer(answer)
    from collabqa.answer import Citation

    text = " ".join(HOSTILE)
    heading = "![s](http://x.invalid/s.gif)"
    cite = Citation(1, text, "<b>T</b>", heading, "f.md", 0.5, "p", [(0, 30)])
    panel = render.render_sources(Answer("q", "a [1]", [cite], True, "extractive", {}))
    stripped = panel.replace("<mark>", "").replace("</mark>", "").replace("<small>", "")
    stripped = stripped.replace("</small>", "")
    assert "<" not in stripped and "![" not in stripped and "](" not in stripped


def test_summary_streams_into_the_chat(engine: Engine) -> None:
    """The real local model: the direct answer reaches the chat, then its support."""
    _, history = ui.add_question("Who founded ImageNet?", [])
    steps = list(ui.respond(history, 4, True, engine=engine))
    partial = [shown(chat[-1]) for chat, panel in steps if panel is None]
    assert len(partial) == 2 and all(len(a) <= len(b) for a, b in zip(partial, partial[1:]))
    assert len(partial[0]) < len(partial[-1])
    assert all("checked against the sources" in p for p in partial)  # marked as a draft
    assert steps[-1][1] is not None and "Fei-Fei Li" in shown(steps[-1][0][-1])


def test_api_returns_exactly_answer_to_dict(engine: Engine) -> None:
    got = ui.ask_dict("Who founded ImageNet?", 3, False, engine=engine)
    want = engine.ask("Who founded ImageNet?", k=3).to_dict()
    got.pop("timings"), want.pop("timings")
    assert got == want and len(got["citations"]) == 3


def test_api_refuses_an_empty_question(engine: Engine) -> None:
    with pytest.raises(ValueError, match="empty"):
        ui.ask_dict("  ", engine=engine)


# --------------------------------------------------------------------------- the app


def test_app_builds_with_labels_one_api_and_a_deliberate_queue(engine: Engine) -> None:
    import gradio as gr

    demo = ui.create_app(ROOT / "index", engine=engine)
    comps = [b for b in demo.blocks.values() if isinstance(b, gr.components.Component)]
    assert all(c.label for c in comps), [type(c).__name__ for c in comps if not c.label]
    ids = {c.elem_id for c in comps}
    assert {"question", "chatbot", "sources"} <= ids
    endpoints = demo.get_api_info()["named_endpoints"]
    assert list(endpoints) == ["/ask"]
    assert [p["parameter_name"] for p in endpoints["/ask"]["parameters"]] == [
        "question", "k", "summarize"
    ]
    assert demo._queue.default_concurrency_limit == ui.CONCURRENCY


def test_summarize_is_disabled_with_a_hint_when_the_model_is_missing(monkeypatch, engine) -> None:
    import gradio as gr

    monkeypatch.setattr(ui, "summarizer_status", lambda: (False, "install the model with X"))
    demo = ui.create_app(ROOT / "index", engine=engine)
    box = next(b for b in demo.blocks.values() if isinstance(b, gr.Checkbox))
    assert box.interactive is False and box.info == "install the model with X"


def test_ensure_index_builds_a_missing_index_and_rebuilds_a_stale_one(tmp_path, monkeypatch):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "a.md").write_text("# Bees\n\nBees make honey from nectar in the hive.\n")
    monkeypatch.setenv("COLLABQA_CORPUS", str(corpus))
    lines: list[str] = []
    ui.ensure_index(index, echo=lines.append)
    assert load_index(index).manifest["files"].keys() == {"a.md"}
    (corpus / "b.md").write_text("# Ants\n\nAnts build nests underground in colonies.\n")
    ui.ensure_index(index, echo=lines.append)
    assert not stale_files(load_index(index))
    assert "no index yet" in lines[0] and "changed: b.md" in lines[2]
    ui.ensure_index(index, echo=lines.append)
    assert lines[-1].endswith("up to date.")


def test_ensure_index_rebuilds_an_index_another_chunker_version_built(tmp_path, monkeypatch):
    from collabqa import store

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "a.md").write_text("# Bees\n\nBees make honey from nectar in the hive.\n")
    monkeypatch.setenv("COLLABQA_CORPUS", str(corpus))
    ui.ensure_index(index, echo=print)
    # A newer collabqa reads documents otherwise: its chat rebuilds what an older one built,
    # reusing the vectors of every passage that reads the same.
    monkeypatch.setattr(store, "CHUNKER_VERSION", store.CHUNKER_VERSION + 1)
    lines: list[str] = []
    ui.ensure_index(index, echo=lines.append)
    assert f"chunker version {store.CHUNKER_VERSION - 1};" in lines[0]
    manifest = load_index(index).manifest
    assert manifest["chunker_version"] == store.CHUNKER_VERSION
    assert manifest["reused_passages"] == manifest["passages"] == 1
    ui.ensure_index(index, echo=lines.append)
    assert lines[-1].endswith("up to date.")


def test_switching_summaries_on_loads_the_model_in_the_background(tmp_path, monkeypatch, caplog):
    import os
    import shutil

    import gradio as gr

    from collabqa import generator

    folder = tmp_path / "model"  # a folder of its own: loaded anew, whatever ran before
    shutil.copytree(generator.model_folder(), folder, copy_function=os.link)
    monkeypatch.setenv("COLLABQA_GENERATOR", str(folder))
    assert ui.load_summarizer_soon(False) is None
    ui.load_summarizer_soon(True).join(120)
    assert folder.resolve() in generator.loaded_generators()

    monkeypatch.setenv("COLLABQA_GENERATOR", str(tmp_path / "missing"))
    ui.load_summarizer_soon(True).join(60)  # logged, never raised in the thread
    assert "summaries unavailable" in caplog.text

    demo = ui.create_app(ROOT / "index", engine=None)
    box = next(b for b in demo.blocks.values() if isinstance(b, gr.Checkbox))
    assert any((box._id, "change") in [(t[0], t[1]) for t in fn.targets]
               for fn in demo.fns.values())
