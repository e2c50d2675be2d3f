"""Ranking: the coverage part of the fused score, on the real article index."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

QUESTION_WORDS = (
    "ImageNet Stanford founded images labelled Kaggle Microsoft CORD-19 Wildbook whales "
    "protein folding AlphaFold cancer genome atlas banana volcano"
).split()


@pytest.fixture(scope="module")
def retriever(engine):
    return engine.current().retriever


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(QUESTION_WORDS), min_size=1, max_size=6))
def test_coverage_is_the_idf_share_of_the_question_a_passage_holds(retriever, words):
    stems = retriever.question_words(" ".join(words))
    idf = {w: retriever.idf(w) for w in stems}
    coverage = retriever._coverage(idf)
    total = sum(idf.values())
    for row, terms in enumerate(retriever._terms):
        held = [w for w in stems if retriever._vocab.get(w) in terms]
        assert coverage(row) == pytest.approx(sum(idf[w] for w in held) / total)
        assert 0.0 <= coverage(row) <= 1.0


def test_a_question_of_stop_words_covers_nothing(retriever):
    assert retriever._coverage({})(0) == 0.0


def test_the_passage_that_speaks_to_the_whole_question_ranks_first(engine):
    # Without coverage the CORD-19 overview (about the dataset, "created by a consortium")
    # ranks above the collaboration paragraph that names the companies.
    hit = engine.current().retriever.search("Which tech companies took part in the CORD-19 effort?").hits[0]
    assert "Microsoft and Kaggle" in hit.text
