"""Resolve follow-up questions in a chat against the questions asked before them.

"Who founded it?" retrieves nothing useful alone; after "What is ImageNet?" it means
"Who founded ImageNet?". A question leans on the history when it

- refers to something it does not name: a third-person pronoun or demonstrative
  (`it`, `they`, `there`, `that` ...) with no name of its own to refer to, or
- is elliptical: a bare fragment ("Why?", "And when?") or a fragment opened by a
  connective ("What about AlphaFold?", "And Wildbook?").

Only such questions are resolved, so an unrelated new question ("What does AlphaFold
predict?") is retrieved on its own words. Resolution is lexical (closed-class English
words and capitalisation, nothing fitted to a corpus) and needs no model, so a chat's
history can be replayed cheaply on every turn and the UI keeps no extra state.

The topic is the last self-contained question, not the whole history, so a long chain
of follow-ups keeps a short query. A follow-up's pronouns are replaced by the names in
the topic ("What does it predict?" -> "What does AlphaFold predict?"); when the topic
names nothing, or the pronoun is personal, the topic question is prepended instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

# Closed classes of English: words that refer back without naming anything.
PRONOUNS = frozenset(
    "it its itself they them their theirs themselves he him his himself she her hers "
    "herself this these those".split()
)
# Function words: a question made only of these (plus one of the words above) is a
# fragment such as "Where?", "And why is that?".
FUNCTION_WORDS = frozenset(
    "a an the and or but so also too then what who whom whose which when where why how "
    "is are was were be been being do does did has have had can could will would should "
    "shall may might must of in on at to for from by with about into over under after "
    "before since during not no yes more else exactly really just only any some all much "
    "many there that it".split()
)
PERSONAL = frozenset("he him his himself she her hers herself".split())
POSSESSIVE = frozenset("its their theirs".split())
PREPOSITIONS = frozenset("of in on at to for from by with about into over under after".split())
BE_FORMS = frozenset("is are was were be been being isn't aren't wasn't weren't".split())
# Openers of an elliptical question that borrows its predicate from the previous one.
CONNECTIVES = ("and what about", "what about", "how about", "and", "also", "but", "what of")

_WORD = re.compile(r"[A-Za-z0-9][\w'’\-]*")


@dataclass(frozen=True)
class Resolution:
    """The query to retrieve with, and the earlier question it leaned on (if any)."""

    question: str
    query: str
    context: str | None  # the topic question the query borrowed from, None if standalone
    topic: str  # the topic for the next turn

    @property
    def is_followup(self) -> bool:
        return self.context is not None


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_name(word: str, position: int) -> bool:
    """A proper name or identifier: `ImageNet`, `CORD-19`, `TCGA`, or `Stanford` mid-sentence.

    A capital on the first word only marks the start of the sentence, so it does not count
    there; inner capitals and digits do, wherever the word stands.
    """
    if any(c.isupper() for c in word[1:]) or (
        any(c.isdigit() for c in word) and any(c.isalpha() for c in word)
    ):
        return True
    return position > 0 and word[0].isupper() and word != "I"


def names(text: str) -> list[str]:
    """The name-like words of `text`, in order."""
    found = []
    for sentence in re.split(r"(?<=[.?!])\s+", text.strip()):
        found += [w for i, w in enumerate(words(sentence)) if is_name(w, i)]
    return found


def referring_words(question: str) -> list[str]:
    """Words of `question` that refer to something named elsewhere (lower-cased)."""
    tokens = [w.lower().replace("’", "'") for w in words(question)]
    found = []
    for i, w in enumerate(tokens):
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if w in PRONOUNS:
            found.append(w)
        elif w == "there" and before not in BE_FORMS and after not in BE_FORMS:
            found.append(w)  # a place ("Who works there?"), not "is there ...?"
        elif w == "that" and (not after or before in PREPOSITIONS or before in BE_FORMS):
            found.append(w)  # "Who did that?", "Why is that?"; not "the team that built"
    return found


def connective(question: str) -> str | None:
    """The elliptical opener of `question` ("what about", "and" ...), if it has one."""
    lowered = " ".join(w.lower() for w in words(question))
    for c in CONNECTIVES:
        if lowered == c or lowered.startswith(c + " "):
            return c
    return None


def is_fragment(question: str) -> bool:
    """True for a question with no content word of its own: "Why?", "And where exactly?"."""
    return all(w.lower() in FUNCTION_WORDS for w in words(question))


def leans_on_history(question: str) -> bool:
    """Whether `question` needs an earlier question to be understood."""
    if is_fragment(question) or connective(question):
        return True
    # A pronoun with a name in the same question most likely refers to that name:
    # "What is TCGA and who runs it?" stands on its own.
    return bool(referring_words(question)) and not names(question)


def resolve_step(question: str, topic: str | None) -> Resolution:
    """Resolve one question given the current topic question (None at the start)."""
    question = " ".join(question.split())
    if not topic or not leans_on_history(question):
        return Resolution(question, question, None, question)
    opener = connective(question)
    fragment_names = names(question)
    if opener and fragment_names and not is_fragment(question):
        # "What about AlphaFold?" after "Who founded ImageNet?": ask the same thing
        # about the new name. Keeping the old name would pull retrieval back to it.
        old = names(topic)
        if old:
            new = " ".join(words(question)[len(opener.split()) :])
            # The first old name becomes the new topic, in place; other old names go.
            pattern = r"\b(" + "|".join(map(re.escape, sorted(set(old), key=len)[::-1])) + r")\b"
            first = iter([new])
            query = re.sub(pattern, lambda m: next(first, ""), topic)
            query = " ".join(query.split())
            return Resolution(question, query, topic, query)
    substituted = substitute(question, names(topic))
    if substituted:
        return Resolution(question, substituted, topic, topic)
    return Resolution(question, f"{topic} {question}", topic, topic)


def substitute(question: str, topic_names: list[str]) -> str | None:
    """`question` with its pronouns replaced by the topic's names, or None if unsafe.

    "What does it predict?" after "Who developed AlphaFold?" becomes "What does AlphaFold
    predict?": the answer sentence is then chosen for this question, where prepending the
    topic question would pull it back to the topic's own answer. Personal pronouns most
    likely mean a person the topic question does not name, so those are left to the
    caller (None), as is a topic without names.
    """
    refs = referring_words(question)
    # `that` counts as a reference only in some places (see referring_words); rather than
    # replace exactly those, such a question is prepended instead.
    if not topic_names or not refs or any(w in PERSONAL or w == "that" for w in refs):
        return None
    name = " ".join(dict.fromkeys(topic_names))
    replacements = {w: name for w in refs}
    replacements.update({w: f"{name}'s" for w in refs if w in POSSESSIVE})
    if "there" in refs:
        replacements["there"] = f"at {name}"
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, replacements)) + r")\b", re.IGNORECASE)
    return pattern.sub(lambda m: replacements[m.group(0).lower()], question)


def resolve(question: str, history: Iterable[str] = ()) -> Resolution:
    """Resolve `question` after the earlier user questions `history` (oldest first).

    >>> resolve("Who founded it?", ["What is ImageNet?"]).query
    'Who founded ImageNet?'
    >>> resolve("Where did she work?", ["Who founded ImageNet?"]).query
    'Who founded ImageNet? Where did she work?'
    >>> resolve("What does AlphaFold predict?", ["What is ImageNet?"]).query
    'What does AlphaFold predict?'
    """
    topic: str | None = None
    for past in history:
        if past and past.strip():
            topic = resolve_step(past, topic).topic
    return resolve_step(question, topic)
