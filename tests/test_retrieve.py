"""Ranking: the coverage part of the fused score, and which hits the answer quotes,
on real indexes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import engine_over

ROOT = Path(__file__).resolve().parents[1]
QUESTION_WORDS = (
    "ImageNet Stanford founded images labelled Kaggle Microsoft CORD-19 Wildbook whales "
    "protein folding AlphaFold cancer genome atlas banana volcano"
).split()


@pytest.fixture(scope="module")
def retriever(engine):
    retriever = engine.current().retriever
    retriever._keyword_index()  # the stemmed terms and idf coverage is read from
    assert retriever._terms
    return retriever


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(QUESTION_WORDS), min_size=1, max_size=6))
def test_coverage_is_the_idf_share_of_the_question_a_passage_holds(retriever, words):
    stems = retriever.question_words(" ".join(words))
    idf = {w: retriever.idf(w) for w in stems}
    coverage = retriever._coverage(idf)
    total = sum(idf.values())
    assert any(coverage(row) > 0 for row in range(len(retriever._terms))) or not any(
        retriever._vocab.get(w) is not None for w in stems)
    for row, terms in enumerate(retriever._terms):
        held = [w for w in stems if retriever._vocab.get(w) in terms]
        assert coverage(row) == pytest.approx(sum(idf[w] for w in held) / total)
        assert 0.0 <= coverage(row) <= 1.0


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(QUESTION_WORDS), min_size=1, max_size=6))
def test_a_sentences_late_interaction_is_within_its_passages(retriever, words):
    """The first hit carries one late interaction per sentence, over the stored tokens
    inside that sentence: a part of its passage's tokens, so each question token's
    closest one is no closer than the passage's closest, and no sentence scores above
    the passage it is in. Only the first hit, where the answer's lead is chosen, has them."""
    question = " ".join(words)
    retrieval = retriever.search(question, k=5)
    first = retrieval.hits[0]
    assert len(first.sentence_late) == len(first.sentences)
    assert all(not hit.sentence_late for hit in retrieval.hits[1:])
    _, qtokens = retriever.embedder.encode_query(question)
    passages = retriever.late_scores(question, qtokens, list(first.rows))
    assert max(first.sentence_late) <= max(passages) + 1e-5
    assert min(first.sentence_late) > -1.0


def test_a_question_of_stop_words_covers_nothing(retriever):
    assert retriever._coverage({})(0) == 0.0


def test_the_passage_that_speaks_to_the_whole_question_ranks_first(engine):
    # Without coverage the CORD-19 overview (about the dataset, "created by a consortium")
    # ranks above the collaboration paragraph that names the companies.
    question = "Which tech companies took part in the CORD-19 effort?"
    hit = engine.current().retriever.search(question).hits[0]
    assert "Microsoft and Kaggle" in hit.text


@pytest.fixture(scope="module")
def google_engine(tmp_path_factory, embedder):
    """An Engine on eval/corpora/google-eng-guides (Google's code review guides, CC-BY)."""
    from collabqa import Engine
    from collabqa.store import build_index

    path = tmp_path_factory.mktemp("google") / "index"
    build_index(ROOT / "eval/corpora/google-eng-guides/docs", path, embedder=embedder,
                progress=False)
    return Engine(path, embedder=embedder)


def test_the_answer_quotes_only_the_top_three_hits(google_engine):
    # Cited passages are numbered first; a quote from the fourth hit (as this question's
    # third sentence was before QUOTE_DEPTH) pushes one of the top three out of [1]-[3].
    question = "whats LGTM short for"
    top = [h.passage.id for h in google_engine.current().retriever.search(question).hits[:3]]
    answer = google_engine.ask(question)
    assert answer.grounded and "Looks Good to Me" in answer.text
    quoted = [c.passage_id for c in answer.citations if c.highlights]
    assert quoted and set(quoted) <= set(top)
    assert [c.passage_id for c in answer.citations[:3]] == quoted + [
        i for i in top if i not in quoted]


def test_the_answer_reads_on_into_the_passage_its_item_announces(tmp_path, embedder):
    """FastAPI's "Extra Data Types" page (eval/corpora/fastapi-docs, MIT): a long list of
    types, each item with sub-items saying how the type is sent, is cut between passages
    inside an item ("`Decimal`:" closes one passage, "Standard Python `Decimal`." and
    "... handled the same as a `float`." open the next) and the two passages are too long
    to be shown as one hit by size. The hit ending on the colon shows the passage it
    announces (until session 62 another hit showed it, and the answer read on into that
    hit), and the answer reads on into it, the item running into what it announces."""
    from collabqa import answer as A

    page = ROOT / "eval/corpora/fastapi-docs/docs/tutorial/extra-data-types.md"
    engine = engine_over(tmp_path, embedder, {"extra-data-types.md": page.read_text(encoding="utf-8")})
    question = "what does a Decimal become in JSON"
    _, retrieval, _ = engine.retrieve(question, k=5)
    passages = engine.current().index.passages
    announcing = [h for h in retrieval.hits
                  if any(passages[r].text.rstrip().endswith("`Decimal`:") for r in h.rows)]
    assert announcing and len(announcing[0].rows) >= 2  # the cut is as described
    answer = A.extractive_answer(question, retrieval, {})
    assert answer.grounded
    said = re.sub(r" \[\d+\]", "", answer.text)  # markers aside
    assert "Decimal: Standard Python Decimal.; In requests and responses, handled the same as a float." in said


def test_answer_quotes_the_rows_of_an_html_table_its_colon_announces(tmp_path, embedder):
    """A sentence ending in a colon brings the table after it, a few rows. An HTML table
    reads "cell | cell" row by row (Scrapy's telnet console page, BSD-3-Clause): its rows
    count as rows, as a Markdown table's "| a | b |" do; only the header came before."""
    from collabqa import answer as A

    page = ROOT / "eval/corpora/scrapy-html/docs/topics/telnetconsole.html"
    engine = engine_over(tmp_path, embedder, {"telnetconsole.html": page.read_text(encoding="utf-8")})
    question = "What default variables come with the telnet console?"
    _, retrieval, _ = engine.retrieve(question, k=5)
    answer = A.extractive_answer(question, retrieval, {})
    said = re.sub(r" \[\d+\]", "", answer.text)
    assert "defined for convenience: Shortcut | Description; crawler | the Scrapy Crawler" in said
    rows = said.split("Shortcut | Description", 1)[1].split("; ")
    assert 3 <= len(rows) <= A.TABLE_ROWS + 1  # a few rows, not the whole table


GOOGLE_QUESTIONS = [
    "how many lines should a changelist be",
    "Should tests be sent in the same changelist as the code they cover?",
    "When should a reviewer approve a change that still isn't perfect?",
    "What should a reviewer do when the author pushes back on a comment?",
    "Is HTML a good idea inside Markdown docs?",
    "how long should a reviewer take to respond to a code review",
]


def test_more_sentences_are_quoted_only_while_the_answer_stays_short(google_engine, monkeypatch):
    """Beyond the lead, the sentence after it and the next best, the answer quotes more
    sentences closer than MORE_MARGIN only while its sentences stay within ANSWER_CHARS;
    it never drops what it quoted without them, but the sentence after the lead, which
    gives way to a closer one the budget has no room for (YIELD_AFTER)."""
    from collabqa import answer as A

    def quotes(answer):  # (passage, sentence span) of every quoted sentence
        ids = {c.n: c.passage_id for c in answer.citations}
        return {(ids[c.n], span) for c in answer.citations for span in c.highlights}

    longer = answered = 0
    budget, yields = A.ANSWER_CHARS, A.YIELD_AFTER
    for question in GOOGLE_QUESTIONS:
        _, retrieval, _ = google_engine.retrieve(question, k=5)
        monkeypatch.setattr(A, "ANSWER_CHARS", 0)
        short = A.extractive_answer(question, retrieval, {})
        monkeypatch.setattr(A, "ANSWER_CHARS", budget)
        full = A.extractive_answer(question, retrieval, {})
        assert short.grounded == full.grounded  # refusals are the gate's, not the budget's
        if not full.grounded:
            continue
        answered += 1
        added = quotes(full) - quotes(short)
        assert len(quotes(short) - quotes(full)) <= 1
        monkeypatch.setattr(A, "YIELD_AFTER", False)
        assert quotes(short) <= quotes(A.extractive_answer(question, retrieval, {}))
        monkeypatch.setattr(A, "YIELD_AFTER", yields)
        # What the sentences say, markers aside; a sentence ending in a colon brings the
        # one after it whatever the budget, so those answers are not measured.
        said = re.sub(r" \[\d+\]", "", full.text)
        if added and not any(q.endswith(":") for q in re.split(r" \[\d+\] ?", full.text)):
            longer += 1
            assert len(said) <= A.ANSWER_CHARS + len(quotes(full))  # a space between two
    assert answered >= 4 and longer >= 1


OPTIONS = """# plotter

The plotter draws graphs of data files and functions on a screen or into files.

## Options

### -a

Keeps every window open after the last plot is drawn, until it is closed by hand.

### -s

Waits for slow font initialization before the first plot is drawn on the screen.

### -v

Prints the program's version and the date it was built, then exits at once.

### -q

Prints nothing on the terminal but the errors that stop a plot from being drawn.

### -o

Reads further options from the named option file, as if they were given here.

## Time formats

### %d

The day of the month as a number from 01 to 31, with a leading zero.

### %e

The day of the month as a number from 1 to 31, padded with a blank.

### %m

The month as a number from 01 to 12, with a leading zero.

### %y

The year without its century, as a number from 00 to 99.

### %p

Prints the code AM or PM, as the time is before or after noon; what this code gives
me depends on the locale.
"""


_letters = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"), min_size=2, max_size=9)


@settings(max_examples=200, deadline=None)
@given(_letters, _letters, st.sampled_from("abcdefsxyzEFSY"), st.sampled_from(" (`'\""))
def test_an_option_or_a_code_is_a_word_but_a_hyphen_inside_a_word_is_not(before, after, letter, opening):
    """A short option and a format code written apart ("-s", "%e") are words of the
    keyword search, beside the usual words of two letters or more; "well-s",
    "E()-values" and "%user" hold none."""
    from collabqa.stems import TOKEN_PATTERN

    closing = {"(": ")", "`": "`", "'": "'", '"': '"'}.get(opening, " ")
    words = re.findall(TOKEN_PATTERN, f"{before}{opening}-{letter}{closing} %{letter} {after}")
    assert words == [before, f"-{letter}", f"%{letter}", after]
    glued = re.findall(TOKEN_PATTERN, f"{before}-{letter}{after} {before}()-{after} %{after}")
    assert not [w for w in glued if w[0] in "-%"]


CHANGES = """# Release notes

The project's releases, newest first, with what each one changed.

## Version 2.1

The configuration file may now live in the user's home folder as well as beside the
project, and a warning is printed when both are found.

## Version 2.0

Plugins are loaded from entry points instead of a hard-coded list, so a third party
package can add one without any change to the core.

## Version 1.7

Tables can be written without a leading pipe on each row, and cells may hold inline
code that contains a pipe when it is escaped with a backslash.

## Version 1.6

Support for Python 2.5 was dropped; the oldest interpreter that still works is now
Python 2.6, and the installer refuses to run on anything older.

## Version 1.1

The command line tool gained a quiet mode that prints nothing but the errors that stop
a file from being converted.
"""


@pytest.mark.parametrize("name, question, fact", [
    ("plotter.md", "What is the -s option for?", "Waits for slow font initialization"),
    ("plotter.md", "what does the -q option do", "Prints nothing on the terminal"),
    ("plotter.md", "what does %y give me", "without its century"),
    ("CHANGES.md", "what changed in version 1.6", "Support for Python 2.5 was dropped"),
    ("CHANGES.md", "Tell me about version 1.7.", "without a leading pipe"),
    ("CHANGES.md", "what was new in 1.1", "quiet mode"),
])
def test_an_option_a_format_code_or_a_version_is_a_word_of_the_search(
        tmp_path, embedder, name, question, fact):
    """A single letter is no word of the keyword search, but a short option or a format
    code that a question names ("-s", "%y") is: its section is found first, not a
    neighbour's that holds the question's other words ("option", "gives me"). (Where the
    neighbour holds all of them, "What does the %e code print?" against "%p: Prints the
    code ...", it still wins in a corpus this small, where every word is rare.) So is a
    version ("1.6", "3.4.1"): read as words of two letters or more it vanished, and a
    question about one release asked for nothing but "version", "changed" or "new",
    which every release's notes say alike. Of the sections, that is: in six passages every
    word is rare, and since session 48 the late interaction weighs the question's word
    pieces by their idf, so the untitled opening ("The project's releases, newest first,
    with what each one changed.") can come first for "what was new in 1.1", its "newest"
    meeting a "new" no passage holds."""
    engine = engine_over(tmp_path, embedder, {name: {"plotter.md": OPTIONS,
                                                     "CHANGES.md": CHANGES}[name]})
    _, retrieval, _ = engine.retrieve(question, k=5)
    sections = [h for h in retrieval.hits if h.passage.section]
    assert fact in sections[0].passage.text



@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 999), min_size=2, max_size=4), _letters)
def test_a_dotted_number_is_one_word(parts, word):
    """"3.4.1" or "1.7" is one word however many parts it has; a sentence's full stop
    after it is no part of it, nor are the words around it."""
    from collabqa.stems import TOKEN_PATTERN

    number = ".".join(map(str, parts))
    assert re.findall(TOKEN_PATTERN, f"{word} {number}. {word}") == [word, number, word]



@pytest.mark.parametrize("question, term", [
    ("Why should changelists be small?", "REASON_WEIGHT"),
    ("Should tests be sent in the same changelist as the code they cover?", "NEGATION_WEIGHT"),
    ("how many lines should a changelist be", None),
])
def test_why_and_yes_or_no_questions_prefer_a_reason_or_a_no(google_engine, monkeypatch,
                                                            question, term):
    """Asked why, a sentence giving a reason gains REASON_WEIGHT; asked yes or no, one
    saying "not" / "only" gains NEGATION_WEIGHT; other sentences and other questions
    gain nothing."""
    from collabqa import answer as A
    from collabqa.answer_types import gives_reason, states_negation

    _, retrieval, _ = google_engine.retrieve(question, k=5)
    weight = getattr(A, term) if term else 0.0
    says = {"REASON_WEIGHT": gives_reason, "NEGATION_WEIGHT": states_negation}.get(term)
    scored = {(s.hit, s.span): s.score for s in A.rank_sentences(retrieval, question)}
    monkeypatch.setattr(A, "REASON_WEIGHT", 0.0)
    monkeypatch.setattr(A, "NEGATION_WEIGHT", 0.0)
    without = {(s.hit, s.span): s.score for s in A.rank_sentences(retrieval, question)}
    assert scored.keys() == without.keys()
    gained = 0
    for (hit, span), score in scored.items():
        text = retrieval.hits[hit].text[span[0]:span[1]]
        term_holds = bool(says and says(text))
        gained += term_holds
        assert score - without[(hit, span)] == pytest.approx(weight if term_holds else 0.0)
    assert weight > 0 and gained if term else not gained  # the top hits hold such a sentence


def test_asked_a_default_the_answer_quotes_the_short_sentence_that_gives_it(
        tmp_path, embedder, monkeypatch):
    """An option's default is often a short sentence of its own ("Default is audio.", as
    FFmpeg's man pages write it), which longer sentences about the option outscore on
    closeness; asked what happens by default, a sentence saying "default" gains
    DEFAULT_WEIGHT."""
    from collabqa import answer as A

    text = ("# Player options\n\n## -sync type\n\nSet the master clock to audio, video or "
            "an external clock. Default is audio. The master clock is used to control "
            "audio-video synchronization. Most media players use audio as master clock, but "
            "in some cases (streaming or high quality broadcast) it is necessary to change "
            "that. This option is mainly used for debugging purposes.\n\n## -framedrop\n\n"
            "Drop video frames if video is out of sync. Enabled by default if the master "
            "clock is not set to video.\n\n## -volume\n\nSet the startup volume, from 0 to "
            "100. The last volume set is kept for the next file played.\n")
    engine = engine_over(tmp_path, embedder, {"player.md": text})
    question = "Which clock does the player use by default as the master clock for A/V sync?"
    weight = A.DEFAULT_WEIGHT
    assert weight > 0
    assert "Default is audio." in engine.ask(question).text
    _, retrieval, _ = engine.retrieve(question)
    scored = {(s.hit, s.span): s.score for s in A.rank_sentences(retrieval, question)}
    monkeypatch.setattr(A, "DEFAULT_WEIGHT", 0.0)
    without = {(s.hit, s.span): s.score for s in A.rank_sentences(retrieval, question)}
    gained = {retrieval.hits[hit].text[a:b]: scored[(hit, (a, b))] - without[(hit, (a, b))]
              for hit, (a, b) in scored}
    assert gained["Default is audio."] == pytest.approx(weight)
    assert gained["Enabled by default if the master clock is not set to video."] == \
        pytest.approx(weight)
    assert {v for k, v in gained.items() if "default" not in k.lower()} == {0.0}
    # Other questions gain nothing, whatever their sentences say.
    other = "What does the sync option control?"
    _, retrieval, _ = engine.retrieve(other)
    plain = [s.score for s in A.rank_sentences(retrieval, other)]
    monkeypatch.setattr(A, "DEFAULT_WEIGHT", weight)
    assert [s.score for s in A.rank_sentences(retrieval, other)] == plain


def test_a_sentence_of_glue_words_alone_is_never_quoted(tmp_path, embedder):
    """The Gpredict manual's PDF leaves a paragraph's last word before a figure at a
    page's foot ("... in any controller. The"): "The" read as a sentence scored close to
    every question (an embedding of nothing in particular) and was quoted as "The [1]"."""
    from collabqa import answer as A
    from collabqa.grounding import content_words

    text = ("The radio control window consists of four areas. The Engage button toggles the "
            "connection to the driver. You can use up to two devices in any controller. The"
            "\n\nPressing the Lock button locks the uplink and downlink together. It is.\n")
    engine = engine_over(tmp_path, embedder, {"radio.txt": text})
    question = "What is in the radio control window?"
    _, retrieval, _ = engine.retrieve(question, k=5)
    spans = [(i, s) for i, h in enumerate(retrieval.hits) for s in h.sentences]
    said = {retrieval.hits[i].text[a:b] for i, (a, b) in spans}
    assert {"The", "It is."} <= said  # the index keeps them as sentences ...
    ranked = A.rank_sentences(retrieval, question)
    assert ranked and all(
        content_words(retrieval.hits[s.hit].text[s.span[0]:s.span[1]]) for s in ranked)
    answer = A.extractive_answer(question, retrieval, {})
    assert "The [" not in answer.text and "It is. [" not in answer.text


def test_the_same_words_on_two_pages_are_shown_once(tmp_path, embedder):
    """Borg's docs (eval/corpora/borg-docs, BSD-3-Clause) include the same usage chapters
    in two pages, `usage/general.rst` and the man page's `man_intro.rst`: each passage of
    them is indexed twice. A copy of a passage already shown is not shown again, so the
    hits hold five different texts."""
    import shutil

    from collabqa import Engine
    from collabqa.store import build_index

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "eval/corpora/borg-docs/docs", docs,
                    ignore=shutil.ignore_patterns("*.rst", "*.txt"))
    for page in ("man_intro.rst", "usage/general.rst"):
        shutil.copy(ROOT / "eval/corpora/borg-docs/docs" / page, docs / page)
    build_index(docs, tmp_path / "index", embedder=embedder, progress=False)
    engine = Engine(tmp_path / "index", embedder=embedder)
    _, retrieval, _ = engine.retrieve("How long do files cache entries live by default?", k=5)
    said = [" ".join(hit.passage.text.split()) for hit in retrieval.hits]
    assert "BORG_FILES_CACHE_TTL" in said[0]
    passages = engine.index.passages
    assert sum(" ".join(p.text.split()) == said[0] for p in passages) == 2  # a copy exists
    assert len(set(said)) == len(said) == 5


def test_a_quote_that_points_back_brings_the_sentence_before_it(tmp_path, embedder):
    """Uvicorn's installation page (eval/corpora/uvicorn-docs, BSD-3-Clause) names each
    optional package on a bold line and says what it is for under it: "This is installed
    to allow you to use the `--env-file` option." Quoted alone, that sentence answered
    which package `--env-file` needs without naming it. A quote opening with "This",
    "It", "These", ... brings the sentence before it."""
    page = ROOT / "eval/corpora/uvicorn-docs/docs/installation.md"
    engine = engine_over(tmp_path, embedder, {"installation.md": page.read_text(encoding="utf-8")})
    answer = engine.ask("i want to use --env-file, which package does that need", k=5)
    assert answer.grounded
    said = re.sub(r" \[\d+\]", "", answer.text)
    assert "python-dotenv" in said
    assert said.index("python-dotenv") < said.index("This is installed to allow you to use the --env-file")


def test_the_sentence_after_the_best_gives_way_to_a_closer_one(engine):
    """Asked about the author's background, the answer opens with the article's byline
    (the closest passage) and brought the sentence after it, the article's first ("In the
    world of machine learning ..."), which left no room for the bio's "Ken Pomella is a
    seasoned software engineer ...". A sentence that comes along only for being next gives
    way to a closer one the answer's budget has no room for."""
    answer = engine.ask("What is the author's professional background?", k=5)
    assert answer.grounded
    assert "seasoned software engineer" in answer.text
    assert "In the world of machine learning" not in answer.text


def test_the_sentence_after_the_best_stays_when_it_points_back(tmp_path, embedder):
    """pip-tools' README (eval/corpora/pip-tools-docs, BSD-3-Clause): "... you can use
    pip-sync to update your virtual environment to reflect exactly what's in there. This
    will install/upgrade/uninstall everything necessary ...". The second sentence says what
    the first goes on to mean; opening with "This", it keeps its place after the best
    sentence however close the others are."""
    page = ROOT / "eval/corpora/pip-tools-docs/docs/README.md"
    engine = engine_over(tmp_path, embedder, {"README.md": page.read_text(encoding="utf-8")})
    answer = engine.ask("What exactly does pip-sync do to my virtualenv?", k=5)
    assert answer.grounded
    assert "install/upgrade/uninstall everything necessary" in answer.text


def test_a_quote_opening_with_a_connective_brings_what_it_follows_from(tmp_path, embedder):
    """pytest-django's contributing page (eval/corpora/pytest-django-docs, BSD-3-Clause):
    "Some of the tests are executed in subprocesses. Because of that regular coverage
    measurements (using pytest-cov plugin) are not reliable." Asked why pytest-cov is not
    reliable, the answer quoted the second sentence alone, its reason left behind."""
    page = ROOT / "eval/corpora/pytest-django-docs/docs/contributing.rst"
    engine = engine_over(tmp_path, embedder, {"contributing.rst": page.read_text(encoding="utf-8")})
    answer = engine.ask("Why isn't plain pytest-cov reliable for measuring coverage of "
                        "pytest-django's own test suite?", k=5)
    assert answer.grounded
    said = re.sub(r" \[\d+\]", "", answer.text)
    assert "executed in subprocesses. Because of that regular coverage" in said


def test_a_quote_under_a_term_brings_the_term(tmp_path, embedder):
    """pytest-xdist's how-to (eval/corpora/xdist-docs, MIT) describes its environment
    variables in `envvar` entries: the name on a line of its own, "The total number of
    workers in this session ..." under it. Asked which variable holds the number of
    workers, the answer quoted the description without the name asked for."""
    page = ROOT / "eval/corpora/xdist-docs/docs/how-to.rst"
    engine = engine_over(tmp_path, embedder, {"how-to.rst": page.read_text(encoding="utf-8")})
    answer = engine.ask("Which environment variable holds the total number of workers in "
                        "the session?", k=5)
    assert answer.grounded
    said = re.sub(r" \[\d+\]", "", answer.text)
    assert "PYTEST_XDIST_WORKER_COUNT The total number of workers in this session" in said


def test_the_pieces_of_one_code_block_are_one_quote(tmp_path, embedder):
    """pydantic-settings' guide (eval/corpora/pydantic-settings-docs, MIT) writes examples
    as fenced blocks with blank lines inside; each piece is a sentence of its own, and an
    answer quoting several of them closed each with a marker ("# Apply a partial update
    ... = 'True' [1] # When partial update is enabled ... [1]"). Pieces of one block that
    follow each other are one quote with one marker; pieces apart keep theirs."""
    page = ROOT / "eval/corpora/pydantic-settings-docs/docs/index.md"
    engine = engine_over(tmp_path, embedder, {"index.md": page.read_text(encoding="utf-8")})
    # (Not asked of its "default object": asked about a default, the answer now opens with
    # the sentences saying "By default ..." and quotes one piece of the block.)
    answer = engine.ask("Which flag lets an environment variable update just one attribute "
                        "of a nested model's preset object?", k=5)
    assert answer.grounded
    assert "os.environ['NESTED_MODEL__FLAG'] = 'True' # When partial update is enabled" in answer.text


def test_an_entrys_value_lines_come_with_its_answer(tmp_path, embedder):
    """Fastify's server options (eval/corpora/fastify-docs, MIT) give each option's default
    on a line of its own before what it does ("+ Default: `1048576` (1MiB)" above "Defines
    the maximum payload ..."); the line's few words match no question, so the answer
    quoted the description and not the default asked for. Under an option's heading, its
    label-and-value lines come along."""
    reference = ROOT / "eval/corpora/fastify-docs/docs/Reference"
    pages = {name: (reference / name).read_text(encoding="utf-8")
             for name in ("Server.md", "ContentTypeParser.md", "Errors.md")}
    engine = engine_over(tmp_path, embedder, pages)
    answer = engine.ask("what's the biggest request body fastify will accept out of the box", k=5)
    assert answer.grounded
    assert "1048576 (1MiB)" in answer.text
    assert answer.text.index("1048576") < answer.text.index("[1]")  # quoted from the top hit


def test_a_settings_value_lines_come_with_its_answer_under_a_term_with_a_type(
        tmp_path, embedder):
    """Jupyter Server's generated config reference (eval/corpora/jupyter-server-docs,
    BSD-3-Clause) is a reST definition list whose terms carry the setting's type as a
    classifier ("NotebookNotary.algorithm : any of ``'blake2s'``|..."), its default on the
    line under it; the term was no entry's name with its classifiers, so the answer
    quoted what the setting does and not the default asked for."""
    page = ROOT / "eval/corpora/jupyter-server-docs/docs/other/full-config.rst"
    engine = engine_over(tmp_path, embedder, {"full-config.rst": page.read_text(encoding="utf-8")})
    answer = engine.ask("Which hashing algorithm is used by default to sign notebooks?", k=5)
    assert answer.grounded
    assert answer.citations[0].section.startswith("Options > NotebookNotary.algorithm : any of")
    assert answer.text.startswith("NotebookNotary.algorithm: ")
    assert "Default: 'sha256'" in answer.text


def test_the_first_sentence_under_a_commands_usage_block_brings_the_block(tmp_path, embedder):
    """Hexo's command reference (eval/corpora/hexo-docs, CC BY 4.0) gives each command a
    heading, its usage in a code block, then what it does ("## server", "$ hexo server",
    "Starts a local server."). The answer quoted what the command does and not the
    command, the thing asked for: the block comes along with the sentence after it."""
    page = ROOT / "eval/corpora/hexo-docs/docs/commands.md"
    engine = engine_over(tmp_path, embedder, {"commands.md": page.read_text(encoding="utf-8")})
    answer = engine.ask("how do i run a local preview server for my site", k=5)
    assert answer.grounded
    assert answer.citations[0].section == "server"
    assert answer.text.startswith("$ hexo server [1] Starts a local server.")


def test_the_lead_is_the_sentence_matching_the_question_token_by_token(
        tmp_path, embedder, monkeypatch):
    """pytest's logging how-to (eval/corpora/pytest-docs, MIT). Asked whether --log-file
    appends or overwrites, the answer led with a neighbour about --log-cli-format, best
    by its score; token by token the question is closest to "This log file is opened in
    write mode by default, which means that it will be overwritten ...", which leads now
    (and, pointing back, brings "... you can pass --log-file=/path/to/log/file."). The
    lead weighs each sentence's late interaction with the question (answer.lead_sentence)."""
    from collabqa import answer as answer_module

    page = ROOT / "eval/corpora/pytest-docs/docs/how-to/logging.rst"
    engine = engine_over(tmp_path, embedder, {"logging.rst": page.read_text(encoding="utf-8")})
    question = "does --log-file add to the existing log or wipe it every run"
    answer = engine.ask(question, k=5)
    assert answer.grounded
    assert "you can pass --log-file=/path/to/log/file. [1]" in answer.text
    assert "it will be overwritten at each test session" in answer.text
    monkeypatch.setattr(answer_module, "LEAD_LATE_WEIGHT", 0.0)
    before = engine.ask(question, k=5)
    assert "overwritten" not in before.text


GIZMO_RELEASE = {
    "announce.md": "# Announcements\n\nThe first public release of Gizmo was announced on the "
    "mailing list.\n",
    "history.md": "# History\n\nThe first version of Gizmo went out in March 2019.\n",
    "install.md": "# Installing\n\nInstall Gizmo with your package manager, then run the setup "
    "command once.\n",
}


def test_a_passage_holding_the_kind_of_thing_asked_comes_up(tmp_path, embedder, monkeypatch):
    """Asked when, the passage that gives a date ranks above the one that repeats the
    question's words ("first public release ... announced") and says no date: without the
    answer-type term the announcement ranked first and the answer quoted it."""
    from collabqa import retrieve

    engine = engine_over(tmp_path, embedder, GIZMO_RELEASE)
    question = "When was Gizmo's first public release?"
    ranked = [h.passage.source for h in engine.retriever.search(question, k=3).hits]
    assert ranked[0] == "history.md"
    answer = engine.ask(question)
    assert answer.grounded and answer.text.startswith("The first version of Gizmo went out in March 2019.")
    boosted = engine.retriever.search(question, k=3)
    monkeypatch.setattr(retrieve, "TYPE_RANK_WEIGHT", 0.0)
    before = engine.retriever.search(question, k=3)
    assert before.hits[0].passage.source == "announce.md"
    # Whether the documents answer is judged on the order before the term: brought up by
    # the very test the near-miss check makes, a passage would always seem to hold it.
    assert boosted.features == before.features and boosted.verdict == before.verdict
    # A question that asks for no kind of thing is ranked as before.
    monkeypatch.undo()
    plain = "How was Gizmo's first public release made known?"
    with_term = [h.passage.id for h in engine.retriever.search(plain, k=3).hits]
    monkeypatch.setattr(retrieve, "TYPE_RANK_WEIGHT", 0.0)
    assert [h.passage.id for h in engine.retriever.search(plain, k=3).hits] == with_term


def test_the_second_stage_weighs_the_questions_exact_words(engine, monkeypatch):
    """Asked which agencies run TCGA, the passage that names them comes first. Among the
    fused top passages, all about TCGA, the second stage weighs BM25 (the question's own
    words: that passage names The Cancer Genome Atlas twice) beside the best sentence and
    the late interaction; without it the passage on the institutions TCGA brought
    together ranked above."""
    from collabqa import retrieve

    question = "Which agencies run The Cancer Genome Atlas?"
    shipped = engine.current().retriever.search(question, k=3)
    assert "National Cancer Institute" in shipped.hits[0].text
    monkeypatch.setattr(retrieve, "RERANK_KEYWORD_WEIGHT", 0.0)
    before = engine.current().retriever.search(question, k=3)
    assert "National Cancer Institute" not in before.hits[0].text
    assert any("National Cancer Institute" in h.text for h in before.hits)


API_PAGE = """\
URL caches
==========

The library caches host encoding; these functions inspect and size the caches.

.. function:: cache_clear()

   Clear all caches.

.. function:: cache_info()

   Return a dictionary with the hits, misses and sizes of each cache.

.. function:: cache_configure(*, idna_encode_size=256, idna_decode_size=256, encode_host_size=512)

   Set the IDNA encode, IDNA decode, and host encode cache sizes.

   Pass ``None`` to make the corresponding cache unbounded (may speed up host encoding
   a little but the memory footprint can be very high, please use with caution).
"""


def test_a_signature_heading_is_quoted_for_the_default_it_gives(tmp_path, embedder):
    # An API entry's heading is its call's signature; asked a default, the signature is
    # where the page gives it (yarl's `cache_configure`), though headings are not quoted.
    engine = engine_over(tmp_path, embedder, {"api.rst": API_PAGE})
    answer = engine.ask("What is the default size of the IDNA encode cache?")
    assert answer.grounded
    assert "idna_encode_size=256" in answer.text, answer.text
    # Asked something else, the heading stays out of the answer.
    other = engine.ask("What does passing None to cache_configure do?")
    assert "idna_encode_size=256" not in other.text, other.text


MAN_PAGE = {
    "mytool-list.md": "# mytool-list\n\n## OPTIONS\n\n**--all**, **-a**\n\nShow hidden "
    "entries as well as the others.\n\n**--plain**, **-P**\n\nDo not colour the output. "
    "Useful when the output is piped into another program.\n\n**--depth**=_n_\n\nHow many "
    "levels of folders to descend into.\n",
}


def test_a_described_option_comes_with_its_name_and_aliases(tmp_path, embedder, monkeypatch):
    """A man page's option list names an option and its aliases on a line of their own
    ("--plain, -P") over what it does: the answer quoting the description brings the
    names (answer.TERM_ALIASES), without which it would not say what to type."""
    from collabqa import answer as answer_module

    engine = engine_over(tmp_path, embedder, MAN_PAGE)
    question = "how do i stop it colouring the output"
    answer = engine.ask(question)
    assert answer.grounded and "Do not colour the output." in answer.text
    assert "--plain, -P [1] Do not colour the output." in answer.text
    monkeypatch.setattr(answer_module, "TERM_ALIASES", False)
    assert "--plain" not in engine.ask(question).text


def test_a_near_repeat_of_a_quoted_sentence_takes_no_room(tmp_path, embedder, monkeypatch):
    """pyproj's CF page (eval/corpora/pyproj-docs, MIT) says the same sentence for
    exporting and importing: "When exporting (importing) a CRS to (from) the Climate and
    Forecast (CF) conventions, you need both the grid mapping as well as the coordinate
    system." Quoted twice, the second left no room for the sentence after the first, which
    says what is lost without the coordinate system. A prose sentence that says a quoted one
    again (its words in order but for a few in their place, no longer) is not quoted
    (NEAR_REPEAT); with the rule off the repeat is back."""
    import collabqa.answer as A

    page = ROOT / "eval/corpora/pyproj-docs/docs/build_crs_cf.rst"
    engine = engine_over(tmp_path, embedder, {"build_crs_cf.rst": page.read_text(encoding="utf-8")})
    question = "what gets lost if i export only the cf grid mapping and skip the coordinate system"
    answer = engine.ask(question, k=5)
    assert answer.grounded
    assert "lose the units of your projection" in answer.text
    assert answer.text.count("you need both the grid mapping") == 1
    monkeypatch.setattr(A, "NEAR_REPEAT", 0)
    assert engine.ask(question, k=5).text.count("you need both the grid mapping") == 2


def test_rows_that_differ_in_one_word_are_no_repeats(tmp_path, embedder):
    """conda's export page (eval/corpora/conda-docs, BSD-3-Clause) lists the file names
    that pick a format in a table whose rows differ in the file name alone:
    "requirements.txt | requirements | reqs, txt | ..." and "spec.txt | requirements | ...".
    Nearly the same words, yet each row is its own fact: the near-repeat rule reads prose
    only, so asked for the other file name, the answer still quotes spec.txt's row."""
    page = ROOT / "eval/corpora/conda-docs/docs/commands/export.rst"
    engine = engine_over(tmp_path, embedder, {"export.rst": page.read_text(encoding="utf-8")})
    answer = engine.ask("Besides requirements.txt, which file name makes conda export choose "
                        "the requirements format automatically?", k=5)
    assert answer.grounded
    assert "spec.txt" in answer.text


@pytest.mark.parametrize("text, other, repeats", [
    # pyproj's CF page: the same sentence for importing as for exporting
    ("When importing a CRS from the Climate and Forecast (CF) conventions, you need both the "
     "grid mapping as well as the coordinate system.",
     "When exporting a CRS to the Climate and Forecast (CF) conventions, you need both the "
     "grid mapping as well as the coordinate system.", True),
    # Prettier's options: the same words in another order say the opposite
    ("Config file take precedence over CLI options", "CLI options take precedence over config file",
     False),
    # Rich's prompts: the longer call adds the argument asked about
    ('name = Prompt.ask("Enter your name", choices=["Paul", "Jessica"], default="Paul", '
     'case_sensitive=False)',
     'name = Prompt.ask("Enter your name", choices=["Paul", "Jessica"], default="Paul")', False),
    # Flask-WTF's docs: a code line all of whose words the prose before it says
    ("csrf = CSRFProtect(app)", "To enable CSRF protection globally for a Flask app, register "
     "the CSRFProtect extension.", False),
    # cattrs' migration notes: the same advice for two types, asked about the second
    ("If you were using DictStructureFn, use SimpleStructureHook[Mapping[str, Any], T] instead.",
     "If you were using MappingStructureFn, use SimpleStructureHook[Mapping[Any, Any], T] "
     "instead.", False),
])
def test_a_near_repeat_says_a_sentence_again_in_its_words_and_order(text, other, repeats):
    """A sentence is a near-repeat of one quoted when their words match in order, it adds
    none, and none it has in the other's place is a word of the question."""
    import collabqa.answer as A

    question = "what should i use now that cattrs.gen.DictStructureFn is gone"
    asked = set(A._TOKEN.findall(question.casefold()))
    assert A._repeats(text, other, asked) is repeats
