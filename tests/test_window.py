"""A cited passage is shown with its section's neighbours; nothing is shown twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from hypothesis import given, settings, strategies as st

from collabqa import Engine
from collabqa.documents import Passage
from collabqa.window import WINDOW_CHARS, window

from conftest import engine_over, load_questions

PARAGRAPH = (
    "The harbour ferry leaves the north pier every morning. {fact} Tickets are sold on "
    "board and the crossing takes about forty minutes in calm weather, longer in winter "
    "storms when the captain may slow down near the breakwater for safety reasons. "
)


@pytest.fixture(scope="module")
def ferry_engine(tmp_path_factory, embedder) -> Engine:
    # One section long enough to be split into several passages, then another section.
    facts = ["The first boat of the day is painted red.", "Bicycles travel free of charge.",
             "Dogs must stay on a lead.", "The last boat returns at nine in the evening.",
             "Children under five ride for free.", "Coffee is served on the upper deck."]
    body = "\n\n".join(PARAGRAPH.format(fact=f) for f in facts)
    return engine_over(tmp_path_factory.mktemp("ferry"), embedder, {"ferry.md": (
        "# Ferry guide\n\n## Timetable and rules\n\n" + body +
        "\n\n## History\n\nThe ferry service was founded by the town council to link the "
        "two halves of the harbour, and it has run without a break since the old bridge "
        "closed for repairs many years before the new one was built.\n")})


def test_hit_is_shown_with_neighbours_of_its_section_only(ferry_engine):
    loaded = ferry_engine.current()
    passages = loaded.index.passages
    assert len([p for p in passages if p.section == "Timetable and rules"]) >= 3
    retrieval = loaded.retriever.search("Do I pay extra to bring my bicycle?", k=3)
    top = retrieval.hits[0]
    assert "Bicycles travel free of charge." in top.text
    assert len(top.rows) >= 2 and top.passage.text in top.text
    assert all(passages[r].section == top.passage.section for r in top.rows)
    assert list(top.rows) == sorted(top.rows) and top.rows == tuple(
        range(top.rows[0], top.rows[-1] + 1))
    assert len(top.text) <= WINDOW_CHARS
    for hit in retrieval.hits:  # every sentence span lies in the shown text
        assert len(hit.sentences) == len(hit.sentence_scores)
        for a, b in hit.sentences:
            assert 0 <= a < b <= len(hit.text) and hit.text[a:b].strip()


def test_no_passage_is_shown_twice(ferry_engine, engine):
    for eng, questions in [(ferry_engine, ["When does the last boat return?",
                                           "Who founded the ferry service?"]),
                           (engine, [q["q"] for q in load_questions("article_questions.jsonl")[:30]])]:
        for question in questions:
            hits = eng.current().retriever.search(question, k=5).hits
            rows = [r for h in hits for r in h.rows]
            assert len(rows) == len(set(rows)), question
            answer = eng.ask(question, k=5)
            for c in answer.citations:
                for a, b in c.highlights:
                    assert c.text[a:b].strip()


@pytest.fixture(scope="module")
def pragma_engine(tmp_path_factory, embedder) -> Engine:
    return engine_over(tmp_path_factory.mktemp("pragma"), embedder, {"upkeep.md": (
        "# Database upkeep\n\n## Before closing\n\n"
        "Long-lived databases that serve complex queries need a little care to stay fast.\n"
        "Applications should run the following commands just before closing each "
        "connection to the database file:\n\n"
        "PRAGMA analysis_limit=400; PRAGMA optimize;\n\n"
        "## Backups\n\nCopy the database file only while no connection is writing to it, "
        "or use the online backup interface, which copies pages while writers wait.\n\n"
        "## Backups again\n\nCopy the database file only while no connection is writing to "
        "it, or use the online backup interface, which copies pages while writers wait.\n")})


def test_sentence_ending_in_a_colon_brings_what_follows(pragma_engine):
    answer = pragma_engine.ask("What should I run just before closing a connection?")
    assert answer.grounded
    assert "the following commands just before closing each connection" in answer.text
    assert "PRAGMA analysis_limit=400; PRAGMA optimize;" in answer.text
    assert "\n" not in answer.text  # hard-wrapped source lines read as one line


def test_the_same_sentence_is_not_quoted_twice(pragma_engine):
    answer = pragma_engine.ask("How do I back up the database file safely?")
    assert answer.grounded
    assert answer.text.count("Copy the database file only while no connection") == 1


def test_markup_lines_are_never_quoted(tmp_path, embedder):
    engine = engine_over(tmp_path, embedder, {"README.md": (
        "# Gizmo\n\nGizmo turns functions into command line programs.\n\n## Installation\n\n"
        "First, create a virtual environment, and then add Gizmo to your project:\n\n"
        '<div class="termy">\n\n```console\n$ pip install gizmo\n```\n\n</div>\n\n'
        "This installs both the gizmo library and the gizmo command.\n")})
    answer = engine.ask("How do I install gizmo?")
    assert answer.grounded and "pip install gizmo" in answer.text
    assert "<div" not in answer.text and "</div>" not in answer.text


def test_link_reference_definitions_are_never_quoted(tmp_path, embedder):
    # Inside an admonition's body the definitions are indented: read alone, such a
    # sentence is an indented code block, but read as its body reads it says nothing.
    engine = engine_over(tmp_path, embedder, {"privacy.md": (
        "# Privacy\n\n## Self-hosting assets\n\n!!! info \"Why a plugin\"\n\n"
        "    The [privacy plugin] downloads every external asset of the site, so that no "
        "visitor's browser contacts a third party.\n\n"
        "    [privacy plugin]: ../plugins/privacy.md\n    [third party]: #third-parties\n\n"
        "The plugin keeps the downloaded copies in the site directory.\n")})
    answer = engine.ask("Why does the privacy plugin download external assets?")
    assert answer.grounded and "no visitor's browser contacts a third party" in answer.text
    assert "]:" not in answer.text and "privacy.md" not in answer.text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([40, 300, 600, 900]), st.booleans(),
                          st.sampled_from(["A", "B"])), min_size=1, max_size=8), st.data())
def test_what_a_window_announces_is_shown_with_it(parts, data):
    """A window ends where WINDOW_CHARS stops it, unless its last passage ends announcing
    what follows (a colon): then the next passage of its section comes too, however long,
    and nothing of another section, nothing already shown."""
    passages, at = [], 0
    for i, (size, colon, section) in enumerate(parts):
        text = ("w " * size)[: size - 1] + (":" if colon else ".")
        passages.append(Passage(f"p#{i}", "T", section, text, "p.md", at, at + size))
        at += size + 2
    row = data.draw(st.integers(0, len(passages) - 1))
    shown = set(data.draw(st.lists(st.integers(0, len(passages) - 1), max_size=2))) - {row}
    rows = window(passages, row, shown, lambda r: -abs(r - row))
    assert rows == list(range(rows[0], rows[-1] + 1)) and row in rows
    assert not shown & set(rows)
    assert all(passages[r].section == passages[row].section for r in rows)
    last = rows[-1]
    announced = len(rows) > 1 and passages[last - 1].text.endswith(":") and last - 1 >= row
    within = sum(len(passages[r].text) for r in rows) <= WINDOW_CHARS
    assert within or announced
    if passages[last].text.endswith(":") and last + 1 < len(passages) and last + 1 not in shown:
        # what the last announces is shown, unless it is of another section or the last
        # is itself what the one before it announced (one passage is brought, no chain)
        assert passages[last + 1].section != passages[row].section or announced


def test_a_command_announced_before_a_long_listing_is_quoted(tmp_path, embedder):
    """OpenZFS's dRAID how-to (eval/corpora/openzfs-docs, CC BY-SA 3.0): "... the command
    would be:" ends one passage; the command opens the next, whose listing of the pool's
    status is too long for the window."""
    page = (Path(__file__).resolve().parents[1] / "eval/corpora/openzfs-docs/docs"
            / "Basic Concepts/Pool Structure/dRAID Howto.rst")
    eng = engine_over(tmp_path, embedder, {"draid.rst": page.read_text(encoding="utf-8")})
    answer = eng.ask("What's the command to build an 11-disk dRAID with 4 data disks per "
                     "group and one distributed spare?")
    assert answer.grounded
    assert "the command would be:" in answer.text
    assert "zpool create tank draid:4d:1s:11c" in answer.text


def test_a_question_the_text_asks_itself_brings_its_answer(tmp_path, embedder):
    """OpenZFS's scrub page (eval/corpora/openzfs-docs, CC BY-SA 3.0) asks itself "How
    often?" and answers in the next sentence; a quoted question brings that answer, as a
    sentence ending in a colon brings what it announces."""
    page = (Path(__file__).resolve().parents[1] / "eval/corpora/openzfs-docs/docs"
            / "Basic Concepts/Operations/Scrub and Resilver.rst")
    eng = engine_over(tmp_path, embedder, {"scrub.rst": page.read_text(encoding="utf-8")})
    answer = eng.ask("How often is it recommended to scrub a pool?")
    assert answer.grounded
    assert "How often?" in answer.text
    assert "Monthly is a common baseline for consumer disks, quarterly for enterprise ones." \
        in answer.text
