"""The refusal gate: off-topic / near-miss refusals on the real index (what a question asks
for and whether a sentence holds it: test_near_miss.py)."""

from __future__ import annotations

from collabqa.gate import decide


def features(**changes):
    base = dict(dense=0.6, sentence=0.7, mean=0.2, gap=0.4, sentence_gap=0.5, dense_z=1.0,
                sd=0.1, coverage=0.8, unknown=0.0, predicate=1.0, type_missing=0.0, type_gap=0.0,
                defined=0.0)
    return {**base, **changes}


def test_decide():
    assert decide(features(), "x").grounded
    off = decide(features(dense=0.1, sentence=0.15, mean=0.0), "x")
    assert not off.grounded and off.reason == "off_topic" and off.margin < 0
    near = decide(features(type_missing=1.0, type_gap=2.0), "Wildbook")
    assert not near.grounded and near.reason == "near_miss"


def test_off_topic_and_near_miss_on_the_article(engine):
    off = engine.ask("What is the boiling point of water on Mount Everest?")
    assert not off.grounded and off.mode == "none" and "couldn't find" in off.text
    assert off.citations  # the closest passages are still listed
    near = engine.ask("When was Wildbook first released to the public?")
    assert not near.grounded
    assert "Wildbook" in near.text and "couldn't find" in near.text
    answered = engine.ask("Who developed AlphaFold?")
    assert answered.grounded and "DeepMind" in answered.text
