"""Loading and chunking: structure kept, sentences intact, spans exact."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import pytest

from collabqa.corpus import (
    OPTION_WORDS,
    Document,
    chunk,
    chunk_corpus,
    load_corpus,
    load_document,
    sentence_spans,
)
from collabqa.errors import CorpusError

from conftest import CORPUS, ROOT

SEED = ROOT.parent / "shared" / "seed" / "collaborative-ml-success-stories.txt"


@pytest.fixture(scope="module")
def article() -> Document:
    [doc] = load_corpus(CORPUS)
    return doc


@pytest.fixture(scope="module")
def passages(article):
    return chunk(article)


def test_article_markdown_keeps_every_line_of_the_original(article):
    if not SEED.exists():
        pytest.skip("shared/seed not beside this checkout")
    for line in SEED.read_text(encoding="utf-8").splitlines():
        assert line.strip() in article.text


def test_article_title_and_structure(article, passages):
    assert article.title == "Collaborative Machine Learning Projects: Success Stories"
    sections = {p.section for p in passages}
    assert "1. ImageNet: Revolutionizing Computer Vision" in sections
    assert "3. Wildbook: AI for Wildlife Conservation > How Collaboration Fueled Success:" in sections
    assert "5. Google’s DeepMind and AlphaFold > Impact" in sections
    assert {"Conclusion", "Ken Pomella"} <= sections


def test_spans_point_at_the_passage_text(article, passages):
    for p in passages:
        assert article.text[p.start : p.end] == p.text
        assert p.title == article.title and p.source == "collaborative-ml-success-stories.md"
    assert len({p.id for p in passages}) == len(passages)


def test_passages_are_short_and_never_cut_a_sentence(article, passages):
    for p in passages:
        assert len(p.text.split()) <= 120
        # A passage starts at a heading, list item or sentence start and ends a sentence.
        assert p.text[0].isupper() or p.text[0].isdigit() or p.text.startswith("- ")
        assert p.text.rstrip()[-1] in ".!?:" or p.kind == "byline", p.text[-40:]
    body = [p for p in passages if p.kind == "text"]
    assert sum(len(p.text.split()) for p in body) / len(body) >= 40


def test_byline_and_bio_are_passages(passages):
    [byline] = [p for p in passages if p.kind == "byline"]
    assert "Nov 13, 2024" in byline.text and "Ken Pomella" in byline.text
    assert "About this document" in byline.embedding_text()
    bio = [p for p in passages if p.section == "Ken Pomella"]
    assert bio and "seasoned software engineer" in bio[0].text


@pytest.mark.parametrize("page", ["compiler.rst", "serializer.rst", "exceptions.rst"])
def test_a_page_of_its_title_alone_has_no_byline(page):
    """SQLAlchemy's API pages are a title and `automodule` directives (eval/corpora/
    sqlalchemy-docs, MIT): read, each is its title alone, which is no byline (a byline's
    names answer "who wrote this?"; the title's capitals answered "What licence is the
    PostGIS extension released under?"), or, with an `autoclass` after them, its title
    and that class's signature, which is no byline either. The article's byline still is
    one (above)."""
    root = ROOT / "eval/corpora/sqlalchemy-docs/docs/core"
    doc = load_document(root / page, f"core/{page}")
    passages = chunk(doc)
    signature = "class sqlalchemy.sql.SyntaxExtension"
    assert passages and passages[0].text.startswith(
        signature if page == "compiler.rst" else doc.title)
    assert all(p.kind != "byline" for p in passages)


def test_each_bullet_is_its_own_passage(passages):
    bullets = [p for p in passages if "- Crowdsourcing Annotations" in p.text]
    assert len(bullets) == 1 and "- Open Competitions" not in bullets[0].text


def test_heading_opens_the_first_passage_of_its_section(passages):
    first = next(p for p in passages if p.section.startswith("2. COVID-19"))
    assert first.text.startswith("2. COVID-19 Open Research Dataset (CORD-19)\n\nThe CORD-19")


def test_sentence_spans_respect_abbreviations_and_enumerations():
    text = "1. ImageNet was founded by Dr. Fei-Fei Li. It grew, e.g. by crowdsourcing! Done?"
    spans = [text[a:b] for a, b in sentence_spans(text)]
    assert spans == [
        "1. ImageNet was founded by Dr. Fei-Fei Li.",
        "It grew, e.g. by crowdsourcing!",
        "Done?",
    ]


def test_a_wrapped_line_after_e_g_goes_on_with_its_sentence():
    # Pandoc's manual wraps its lines: "(i.e. the value is set to True, by e.g.\n
    # `--metadata=pdfa` ...), `1b:2005` will be used as default" was cut at "e.g." and the
    # answer quoted the half without the default.
    text = ("If no type is specified (i.e. the value is set to True, by e.g.\n"
            "--metadata=pdfa in a block), 1b:2005 will be used. Compare Y vs.\nZ here.\n"
            "- a list, e.g.\n- Another item e.g.\n\nA paragraph.")
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "If no type is specified (i.e. the value is set to True, by e.g.\n"
        "--metadata=pdfa in a block), 1b:2005 will be used.",
        "Compare Y vs.\nZ here.",
        "- a list, e.g.", "- Another item e.g.", "A paragraph."]


def test_a_page_or_section_reference_ends_no_sentence():
    # A LaTeX manual's cross-references (gnuplot's "(p. 32)") were cut at "p." and the
    # number read as the start of the next sentence.
    text = ("See canvas (p. 32) and set size (p. 196). Blank space is trimmed, as in "
            "Sec. 3 and pp. 4-7. The end.")
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "See canvas (p. 32) and set size (p. 196).",
        "Blank space is trimmed, as in Sec. 3 and pp. 4-7.",
        "The end.",
    ]


def test_a_bound_before_its_number_ends_no_sentence():
    # GPSBabel's manual: "Known limits: max. 16 characters for waypoint names" was cut at
    # "max." and the answer quoted "Known limits: max." alone.
    text = "Known limits: max. 16 characters and min. 2 points, ca. 1900. Use the max. It works."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Known limits: max. 16 characters and min. 2 points, ca. 1900.",
        "Use the max.",
        "It works.",
    ]


def test_a_sentence_may_open_with_a_command_line_option():
    # gnuplot's manual describes its options in one paragraph: "-p tells ... exits. -s
    # tells the program to wait for slow font initialization on startup." was one sentence.
    text = "-p keeps windows open. -s waits for fonts. --help prints help. It is 5 - -3."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "-p keeps windows open.", "-s waits for fonts.", "--help prints help.", "It is 5 - -3."]


def test_a_commands_help_text_has_a_sentence_per_option():
    # fd's README shows `fd -h` in a code block: its thirty options were one sentence, and
    # "how do I search hidden folders?" met none of them alone.
    text = ("```\nOptions:\n  -H, --hidden              Search hidden files and directories\n"
            "  -x, --exec <cmd>...       Execute a command for each search result\n"
            "      --changed-within <d>  Filter by file modification time (newer than)\n"
            "  -c, --color <when>        When to use colors [default: auto] [possible\n"
            "                            values: auto, always, never]\n```")
    assert [text[a:b] for a, b in sentence_spans(text, tags=False)] == [
        "```\nOptions:\n  -H, --hidden              Search hidden files and directories",
        "-x, --exec <cmd>...       Execute a command for each search result",
        "--changed-within <d>  Filter by file modification time (newer than)",
        "-c, --color <when>        When to use colors [default: auto] [possible\n"
        "                            values: auto, always, never]\n```"]
    # Clap's long help, each option's description on the lines under it, reads the same.
    long = "  -q, --quiet\n      Print nothing\n  -v, --verbose\n      Print more\n  --fast\n      Go"
    assert [long[a:b] for a, b in sentence_spans(long, tags=False)] == [
        "-q, --quiet\n      Print nothing", "-v, --verbose\n      Print more", "--fast\n      Go"]
    # Two options, or lines that only open with a dash, may be anything: left as they are.
    for other in ("Flags:\n  -a  all\n  -b  both",
                  "$ ls -l\n-rw-r--r-- 1 root root 10 a.txt\n-rw-r--r-- 1 root root 12 b.txt\n"
                  "-rw-r--r-- 1 root root 14 c.txt"):
        assert [other[a:b] for a, b in sentence_spans(other, tags=False)] == [other]


def test_a_long_help_texts_option_is_one_sentence_with_its_default():
    # delta's `--help` (clap's long help): each option's description in paragraphs under
    # it, its default last; "[default: 3000]" alone said nothing of which option it was.
    text = ("      --max-line-distance <DIST>\n          Maximum line pair distance.\n\n"
            "          [default: 0.6]\n\n"
            "      --max-line-length <N>\n          Truncate lines longer than this.\n\n"
            "          To prevent any truncation, set to zero. When wrapping lines this\n"
            "          does nothing.\n\n          [default: 3000]\n\n"
            "      --navigate\n          Activate diff navigation.\n\n"
            "          [env: DELTA_NAVIGATE=]\n          [default: false]")
    got = [text[a:b] for a, b in sentence_spans(text, tags=False)]
    assert got == [entry.strip() for entry in re.split(r"\n\n(?=      --)", text)]
    assert got[1].startswith("--max-line-length") and got[1].endswith("[default: 3000]")
    # An entry longer than OPTION_WORDS keeps its sentences; its notes in brackets go with
    # the last of them.
    words = " ".join(["word"] * OPTION_WORDS)
    long = text.replace("set to zero.", f"set to zero. {words.capitalize()}.")
    got = [long[a:b] for a, b in sentence_spans(long, tags=False)]
    assert "Truncate lines longer than this." in got[1]
    assert any(s.startswith("When wrapping") and s.endswith("[default: 3000]") for s in got)
    assert not any(s.startswith("[") for s in got)


def test_a_help_text_too_long_for_one_passage_is_cut_between_options():
    # A code block over CODE_MAX_WORDS is cut between lines; a cut inside an option's entry
    # left its "[default: ...]" opening the next passage.
    entries = [f"      --option-{i} <N>\n          Set the {i}th value of many, here.\n\n"
               f"          Zero turns it off. Larger values cost more.\n\n"
               f"          [default: {i}]" for i in range(60)]
    text = "# Help\n\n```\nOptions:\n" + "\n\n".join(entries) + "\n```\n"
    passages = chunk(Document(title="Help", source="help.md", text=text))
    assert len(passages) > 4
    for passage in passages:
        body = passage.text.removeprefix("```\nOptions:\n").removesuffix("\n```").strip()
        assert body.startswith("--option-"), body[:40]
        assert body.endswith("]"), body[-40:]
        spans = sentence_spans(passage.text, tags=False)
        assert all("--option-" in passage.text[a:b] for a, b in spans)


def test_a_key_opening_a_line_after_a_full_stop_starts_a_sentence():
    # Helm's plugin.yaml reference: "... Default is 4 pages (256KiB)." ran on into the next
    # setting's line ("maxHttpResponseBytes: ...") and the answer quoted another default.
    text = ("```yaml\nmemory:\n  maxPages: The max pages. Default is 4 pages (256KiB).\n"
            "  maxVarBytes: The max size. Default is 4096 bytes.\n  timeout = 30\n```")
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "```yaml\nmemory:\n  maxPages: The max pages.", "Default is 4 pages (256KiB).",
        "maxVarBytes: The max size.", "Default is 4096 bytes.", "timeout = 30\n```"]
    # ... but not after a comment's line, which describes the setting under it,
    commented = "```toml\n# Where the cache lives.\ncache_dir = \"/tmp\"\n```"
    assert [commented[a:b] for a, b in sentence_spans(commented)] == [commented]
    # ... nor after an abbreviation or an ellipsis, nor at a line that is no key.
    prose = ("Use a tool, e.g.\nfoo: bar works. Or go.\nand then: stop. "
             "A traceback:\n...\nerrors.Frozen: no")
    assert [prose[a:b] for a, b in sentence_spans(prose)] == [
        "Use a tool, e.g.\nfoo: bar works.", "Or go.\nand then: stop.",
        "A traceback:\n...\nerrors.Frozen: no"]


def test_long_paragraph_is_split_between_sentences():
    sentence = "This sentence has exactly ten words in it, you see. "
    doc = Document(title="T", source="t.md", text="# T\n\n" + sentence * 30)
    parts = chunk(doc)
    assert len(parts) == 3
    for p in parts:
        assert len(p.text.split()) <= 120 and p.text.endswith("see.")


def test_plain_text_one_paragraph_per_line():
    text = "My Notes\nFirst line is a paragraph of its own. " * 1 + "\nSecond paragraph here."
    [doc] = [Document(title="My Notes", source="n.txt", text=text)]
    assert [p.text for p in chunk(doc, min_words=1)] == [
        "First line is a paragraph of its own.",
        "Second paragraph here.",
    ]


def test_loader_skips_bad_files_with_a_warning(tmp_path, caplog):
    (tmp_path / "good.md").write_text("# Good\n\nA fine paragraph about bees.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 binary")
    (tmp_path / "latin1.md").write_bytes("caf\xe9 cr\xe8me".encode("latin-1"))
    (tmp_path / ".hidden.md").write_text("# Hidden\n\nsecret", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "deep.txt").write_text("Deep\n\nNested text file.", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    outside.write_text("# Outside\n\nnever read", encoding="utf-8")
    os.symlink(outside, tmp_path / "link.md")
    with caplog.at_level(logging.WARNING, logger="collabqa"):
        docs = load_corpus(tmp_path)
    assert sorted(d.source for d in docs) == ["good.md", "sub/deep.txt"]
    warned = caplog.text
    for name in ("empty.txt", "binary.txt", "latin1.md", "link.md"):
        assert name in warned
    assert "hidden" not in warned


def test_loader_refuses_missing_or_empty_folder(tmp_path):
    with pytest.raises(CorpusError, match="no corpus folder"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(CorpusError, match="no readable"):
        load_corpus(tmp_path)


def test_chunk_corpus_covers_every_document(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(f"# {name}\n\nText of {name}.", encoding="utf-8")
    passages = chunk_corpus(load_corpus(tmp_path))
    assert [p.source for p in passages] == ["a.md", "b.md"]


def test_an_admonition_s_opening_line_joins_its_body_not_the_piece_before(tmp_path):
    """Traefik's entry points page ends a long configuration example with `!!! tip `
    (a trailing space), its body after it: the opening line was merged into the example,
    and the tip's body read without it. When the three fit in one passage they stay one,
    and one that ends its section stays with the piece before it."""
    long = " ".join(["The router matches requests by host and path."] * 14)
    short = " ".join(["The router matches requests by host and path."] * 5)
    (tmp_path / "p.md").write_text(
        f"# Page\n\n```\n{long}\n```\n\n!!! tip \n\n      The web entry point is created "
        f"by default.\n\n## Short\n\n{short}\n\n!!! warning\n\n    Ports below 1024 need root.\n\n"
        f"## End\n\n{short}\n\n!!! note\n", encoding="utf-8")
    texts = [p.plain_text() for p in chunk_corpus(load_corpus(tmp_path))]
    tip = next(t for t in texts if "Tip:" in t)
    assert tip.startswith("Tip:") and "created by default" in tip
    assert any(t.startswith("Short") and "Warning: Ports below 1024" in " ".join(t.split())
               for t in texts)
    assert texts[-1].endswith("Note:") and "router" in texts[-1]
