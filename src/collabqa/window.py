"""What a retrieved passage is shown with: the passages next to it in its section.

Passages are embedded at 25-120 words, where MiniLM reads them best, but a passage cut
at 120 words often has the answer in the sentence after its end. So a hit is shown with
its neighbours in the same section (the one closer to the question first) while the
whole stays within WINDOW_CHARS, and a passage shown once is not shown again ("small to
big" retrieval). 1,000 characters is the chunk size of the usual LangChain-style
splitter; on eval/ cited text averages ~620 (docs/benchmarks.md). A window whose last
passage ends announcing what follows ("... the command would be:") also shows the
passage after it, whatever its length: the chunker cuts before a code block or a list as
often as anywhere, and that is the answer.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from .documents import Passage

WINDOW_CHARS = 1000
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S")


def window(
    passages: Sequence[Passage], row: int, shown: set[int], closeness: Callable[[int], float]
) -> list[int]:
    """`row` and the neighbours of its section shown with it, in reading order.

    `closeness(r)` is how close passage `r` is to the question (its best sentence's
    cosine); rows in `shown` are already on screen with another hit.
    """
    core = passages[row]
    rows, size = [row], len(core.text)

    def fits(r: int) -> bool:
        if not 0 <= r < len(passages) or r in shown:
            return False
        p = passages[r]
        return (p.source == core.source and p.section == core.section
                and size + len(p.text) <= WINDOW_CHARS)

    while True:
        options = [r for r in (rows[0] - 1, rows[-1] + 1) if fits(r)]
        if not options:
            break
        best = max(options, key=closeness)
        rows = sorted(rows + [best])
        size += len(passages[best].text)
    # What the last passage announces is shown too, when the window could not hold it.
    # On nineteen held-out corpora (855 answerable questions, session 62): the fact in 2
    # more answers and in none fewer, 10 citations ranked higher, the refusals the same,
    # citations 664 -> 684 characters on average.
    after = rows[-1] + 1
    if (passages[rows[-1]].text.rstrip().endswith(":") and after < len(passages)
            and after not in shown and passages[after].source == core.source
            and passages[after].section == core.section):
        rows.append(after)
    return rows


def joined(
    passages: Sequence[Passage], sentences: Sequence[Sequence[tuple[int, int]]], rows: list[int]
) -> tuple[str, list[tuple[int, int]]]:
    """The text of `rows` read together, and their sentences' spans in it."""
    from .formats.prepare import is_fence_line

    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    at = 0
    for i, r in enumerate(rows):
        p = passages[r]
        if i:
            # Passages split inside a paragraph are one character apart (a space); so are
            # the items of a tight list, which stay on lines of their own ("- a\n- b"), and
            # a code fence and the line next to it: "```" with text after it on its line
            # closes nothing, and all that follows would read as code.
            before = passages[rows[i - 1]]
            near = p.start - before.end <= 1
            lines = near and (_LIST_ITEM.match(p.text) or (p.is_markdown and (
                is_fence_line(before.text.rpartition("\n")[2])
                or is_fence_line(p.text.partition("\n")[0]))))
            joint = "\n\n" if not near else "\n" if lines else " "
            parts.append(joint)
            at += len(joint)
        parts.append(p.text)
        spans.extend((at + a, at + b) for a, b in sentences[r])
        at += len(p.text)
    return "".join(parts), spans
