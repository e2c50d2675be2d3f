"""What a question asks for, and whether a sentence holds it: the near-miss check's parts.

`asked_type` reads a question's form: who / when / how many / where, the class noun after
"which" / "what" ("which company", "what version"), or what an abbreviation stands for;
`asks_reason` and `asks_whether` a why or a yes-or-no question, whose answer gives a
reason (`gives_reason`) or says "not" (`states_negation`).
`holds_answer` says whether a sentence holds that kind of thing (a name, a date, a number,
a place, the abbreviation spelled out) that the question does not already say. Closed
classes of English only: nothing here names a topic. `gate.py` judges the gap between the
closest sentence and the closest one holding the asked kind; `answer.py` prefers, among
close sentences, one that holds it.
"""

from __future__ import annotations

import re
from typing import Callable

from .followup import FUNCTION_WORDS
from .stems import stemmer

__all__ = ["asked_type", "asking_words", "counted", "holds_answer", "is_heading", "defines",
           "asks_reason", "asks_whether", "gives_reason", "states_negation",
           "meaning_asked", "MONTHS", "NUMBER_WORDS", "WEEKDAYS", "TIME_UNITS"]

# --------------------------------------------------------------------------- answer types
# Closed classes of English: the question forms that ask for a name, a date or a number,
# and the shapes of those in a sentence. Nothing here names a topic.

# Each form must open the question (after at most two words: "And", "In", "At which"),
# so "If I want to know how long ago ..." asks nothing of the kind.
_OPEN = r"^\W*(?:[\w'’]+[,;:]?\s+){0,2}?"
MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
# ("single", "double", "triple" are not here: they say what kind, "a single file",
# "double quotes", far more often than how many.)
NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve twenty thirty forty "
    "fifty sixty seventy eighty ninety hundred thousand million billion trillion dozen dozens "
    "hundreds thousands millions billions half once twice"
).split()


# ----------------------------------------------------------------- the near-miss check
# What a question asks for (the gate's near-miss check, and answer.py's choice of the
# sentence to quote): besides who / when / where / how many, the noun after
# "which" / "what" says it when it names a class of named things (a company, a
# university, a country) or a quantity (a version, a rate, a price, the maximum number).
# Closed classes of English again; nothing names a topic.
_ORG = (
    r"company|companies|organi[sz]ations?|universit(?:y|ies)|institutes?|person|people|"
    r"agency|agencies|foundation|firm|vendors?|manufacturers?|author|cent(?:er|re)|"
    r"licen[cs]es?"  # a licence has a name too ("MIT", "the Apache License 2.0")
)
_PLACE = r"country|countries|city|cities|state|continent|region|town"
_MEASURE = (
    r"version|release|rate|price|cost|fee|temperature|size|length|percentage|score|speed|"
    r"limit|salary|budget|telephone|phone|port"
)
_NOT_MODIFIER = r"(?:between|of|for|in|on|at|with|and|or|to|from|by|about|if|when|that|which)"
# A measure asks for a number only as the head of its phrase, not as the first noun of a
# compound ("which version control system", "which version requirement operator"): the
# word after it, if a plain lower-case one, is a function word, a measure or a verb's
# past or present form ("which version added", "which release supports").
_FUNCTION = (
    r"is|are|was|were|be|been|does|do|did|has|have|had|will|would|can|could|should|shall|"
    r"may|might|must|of|for|in|on|at|with|and|or|to|from|by|about|if|when|that|which|than|"
    r"as|the|a|an|this|these|those|it|its|i|you|we|they|my|your|our|their|first|last|still|"
    r"ever|now|currently|already|also|only|then|get|go|come|make|need|work|run|use"
)
_FUNCTION_SET = frozenset(_FUNCTION.split("|"))
_HEAD = (r"(?!\s+(?!(?:" + _FUNCTION + r"|number|" + _MEASURE + r")\b)"
         r"(?-i:[a-z]+)(?<!ed)(?<!s)\b(?![\-.'’]))")
# Asked which year, month, date or day, as the head of its phrase: "which month
# abbreviation" asks for an abbreviation, "what date value" for a value.
_WHEN = re.compile(
    _OPEN + r"(?:(?:what|which|in what|in which)\s+(?:year|decade|century|month|date|day)"
    + _HEAD + r"|when\s+(?:was|were|did|had|will)\b|how\s+long\s+ago|since\s+when)\b",
    re.I,
)
_ASK_WHO = re.compile(_OPEN + r"(?:who|whom|whose)\b", re.I)
# "Who can ...", "who should ...", "who is supposed to ...": a role or a permission is asked
# ("researchers", "the team", "your supervisor"), not someone's name.
_ASK_ROLE = re.compile(_OPEN + r"(?:who|whom)\b(?:\s+[\w'’]+){0,6}?\s+"
                       r"(?:can|could|should|must|may|might|ought|supposed)\b", re.I)
_ASK_PERSON = re.compile(
    _ASK_WHO.pattern + r"|" + _OPEN + r"(?:which|what)\s+(?:[\w\-]+\s+){0,2}?(?:" + _ORG + r")\b",
    re.I,
)
_ASK_WHERE = re.compile(_OPEN + r"where\s+(?:is|was|were|are|did|does)\b", re.I)
_ASK_PLACE = re.compile(
    _ASK_WHERE.pattern + r"|" + _OPEN + r"(?:which|what)\s+(?:" + _PLACE + r")\b",
    re.I,
)
# Asked "where" (not which city or country), a place is also a phrase of location: in docs
# the answer is often a spot, no name ("at the bottom of the page", "inside the container").
_LOCATION = re.compile(
    r"\b(?:in|at|on|under|inside|within|into)\s+(?:the|a|an|your|its|their|each|every)\s+"
    r"(?:[\w\-]+\s+){0,2}?([\w\-]+)", re.I)
_ASK_NUMBER = re.compile(
    _OPEN + r"(?:how\s+(?:many|much|often|long|large|big|old|far|fast|high|small|wide|deep|heavy|"
    r"hot|cold|warm)"
    r"|what\s+(?:percentage|percent|proportion|fraction|number|amount)\s+of"
    r"|what\s+(?:is|was|are)\s+the\s+(?:(?:current|default|typical|usual|exact|total)\s+)?"
    r"(?:number|count|total|minimum|maximum|largest|smallest|highest|lowest|max|min)\b"
    # "which version", "what hourly rate", "what is the default chunk size"; not "what
    # does the cost model do" (its subject), nor "what is the difference between size
    # and length" (the words before the measure must be its modifiers; a dotted name is
    # one: "which Node.js version", "which .NET SDK version")
    r"|(?:what|which)\s+(?!(?:does|do|did)\b)(?:(?:is|was|are|were)\s+the\s+)?"
    r"(?:(?!" + _NOT_MODIFIER + r"\b)\.?[\w\-]+(?:\.\w+)*\s+){0,3}?(?:" + _MEASURE + r")" + _HEAD +
    # "What does X cost per month?" (the verb, not "the cost model")
    r"|what\s+(?:does|do|did|will|would)\s+(?:[\w\-.']+\s+){1,6}?(?:cost|weigh|measure)"
    r"(?=\s*(?:[?.!,]|$|(?:per|a|an|in|for|to|each|every|now|today)\b)))\b",
    re.I,
)


# "What does WAL stand for?", "what is NHCB short for", "What does the acronym X mean?",
# "... expand to?"; not "Will an abbreviation I defined expand inside a script?" (fish's
# abbreviations expand as they are typed: what one does, not what one stands for).
_ASK_EXPANSION = re.compile(
    r"\b(?:stands?|stood)\s+for\b|\b(?:short|abbreviation|acronym)\s+(?:for|of)\b"
    r"|\b(?:acronym|abbreviation|initialism)\b.*\b(?:mean|means|meant|(?:expand|expands)"
    r"\s+(?:to|into))\b",
    re.I,
)


def asking_words(question: str) -> list[str]:
    """The words of a phrase that asks for an abbreviation's meaning ("stand", "for"):
    they say how the question asks, never what about."""
    match = _ASK_EXPANSION.search(question)
    return re.findall(r"\w+", match.group().lower()) if match else []


# The words a question asks what something stands for with, before what it is about
# ("what does the acronym" of "what does the acronym WAL stand for").
_EXPANSION_ASKING = frozenset(
    "what whats what's what’s which does do did is are was were the an a acronym "
    "abbreviation initialism".split())


def _abbreviation_asked(question: str) -> bool:
    """Whether what the question asks the meaning of is one word, as an abbreviation is:
    "What does WAL stand for?", not "What do the two parts of the version number stand
    for?" (a phrase stands for something too, but is no abbreviation to spell out)."""
    match = _ASK_EXPANSION.search(question)
    if match is None:
        return False
    if not re.match(r"\W*(?:stands?|stood|short)\b", match.group(), re.I):
        return True  # "the acronym X means": the question names it an abbreviation
    words = re.findall(r"[\w'’.\-/]+", question[: match.start()])
    asking = max((i for i, w in enumerate(words) if w.casefold() in _EXPANSION_ASKING),
                 default=-1)
    return len(words) - asking - 1 == 1


# "what does tca mean", "So what does the MAC mean in ...": one word between the question's
# opening and "mean".
_ASK_MEANING = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay)\W+)?what(?:'s|’s|s|\s+(?:does|do|did|is))\s+"
    r"(?:(?:the|an?)\s+)?([\w'’.\-/]+)\s+mean\b", re.I)


def meaning_asked(question: str) -> str | None:
    """The word whose meaning the question asks ("what does tca mean" -> "tca"), else
    None: an abbreviation's meaning when the documents spell the word out as one, a
    term's otherwise, so this alone asks for no kind of thing."""
    match = _ASK_MEANING.search(question)
    if match is None or match.group(1).casefold() in _FUNCTION_SET:
        return None  # "What does it mean to pin a package?"
    return match.group(1)


# "What's the default port?", "whats the max size", "who's behind it": the question word
# with "is" run into it. Read as written out, as the forms above write them.
_CONTRACTED = re.compile(r"\b(what|who|where|when|which|how)(?:['’]s|s)(?=\s)", re.I)


def _written_out(question: str) -> str:
    """The question with a contracted "is" written out ("Where's" -> "Where is")."""
    return _CONTRACTED.sub(r"\1 is", question)


def asked_type(question: str) -> str | None:
    """"time", "number", "person", "place" or "expansion" (what an abbreviation stands
    for) when the question asks for one, else None."""
    question = _written_out(question)
    if _abbreviation_asked(question):
        return "expansion"
    if _WHEN.search(question):
        return "time"
    if _ASK_NUMBER.search(question):
        return "number"
    if _ASK_PERSON.search(question) and not _ASK_ROLE.search(question):
        return "person"
    if _ASK_PLACE.search(question):
        return "place"
    return None


# What a "how many" question counts: the first plural word of the few that follow, before
# a verb or a function word ends the phrase ("How many GitHub stars does X have?":
# "stars"; "how many -v flags do I need": "flags"). Documents that never use that word
# state no count of it: the near-miss check refuses such a question (retrieve.py).
_HOW_MANY = re.compile(r"\bhow\s+many\s", re.I)
_COUNT_ENDS = frozenset(
    "do does did are is was were can could will would should shall may might must have has "
    "had get gets i you we they it there in on of for at per by to a an the before after "
    "when if that".split())
COUNTED_WORDS = 4  # how far after "how many" its noun is looked for


def counted(question: str) -> str | None:
    """The plural noun a "how many" question counts, lowercased; None when it asks no
    count or no plural word (more than three letters, not "-ss") comes before the phrase
    ends."""
    found = _HOW_MANY.search(question)
    if not found:
        return None
    for token in question[found.end():].split()[:COUNTED_WORDS]:
        words = re.findall(r"\w+", token.lower())  # "built-in": "built", "in"
        if len(words) == 1 and words[0] in _COUNT_ENDS:
            return None
        word = words[-1] if words else ""
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            return word
    return None


# ------------------------------------------------------------- why and yes-or-no questions
# Two more question forms the answer's choice of sentence uses (not the near-miss check: a
# reason or a "no" is no named thing whose absence a refusal could report). Asked why, the
# sentence giving a reason says "because", "so that", "due to" ...; asked a yes-or-no
# question, the sentence that answers it often says "not", "only", "unless": docs state
# the exception. Closed classes of English again.
_ASK_REASON = re.compile(
    _OPEN + r"(?:why|how\s+come)\b|\breason\b|\bpurpose\b|\bpoint\s+of\b", re.I)
_ASK_WHETHER = re.compile(
    r"^\W*(?:is|are|was|were|do|does|did|can|could|should|will|would|has|have|must|may|"
    r"isn'?t|doesn'?t|don'?t|can'?t)\b", re.I)
_REASON = re.compile(
    r"\b(?:because|since|due\s+to|owing\s+to|in\s+order\s+to|so\s+that|so\s+as\s+to|"
    r"reasons?|why|thus|therefore|hence|otherwise|as\s+a\s+result)\b", re.I)
_NEGATION = re.compile(
    r"\b(?:not|no|never|cannot|only|unless|none|nothing)\b|n['’]t\b", re.I)


# Asked what happens by default ("Which clock does ffplay use by default?", "what's the
# default port"), the sentence that answers says "default": reference docs give an option's
# default in a short sentence of its own ("Default is audio.", "Defaults to `7d`."), which
# a sentence about the option in general outscores on closeness.
_DEFAULT = re.compile(r"\bdefault", re.I)


def says_default(text: str) -> bool:
    """Whether a question asks about a default ("by default", "the default ...") or a
    sentence speaks of one ("Default is audio.", "defaults to 7d"): the same word in both."""
    return bool(_DEFAULT.search(text))


def asks_reason(question: str) -> bool:
    """Whether the question asks why ("Why is ...", "how come ...", "the reason for ...")."""
    return bool(_ASK_REASON.search(question))


def asks_whether(question: str) -> bool:
    """Whether the question asks yes or no: it opens with an auxiliary ("Does ...",
    "can i ...", "Isn't ...")."""
    return bool(_ASK_WHETHER.search(question))


def gives_reason(sentence: str) -> bool:
    """Whether a sentence has a word or phrase that gives a reason or a purpose."""
    return bool(_REASON.search(sentence))


def states_negation(sentence: str) -> bool:
    """Whether a sentence says "not", "no", "never", "only", "unless" or the like."""
    return bool(_NEGATION.search(sentence))


# A number asked as money or as a temperature is answered only by one in that unit.
_ASKS_MONEY = re.compile(
    r"\b(?:cost|costs|price|prices|priced|fee|fees|salary|salaries|wage|wages|budget|money|"
    r"bill|bills|billed|pay|paid|charge|charges|charged)\b", re.I)
_MONEY = re.compile(
    r"[$€£¥₹]\s?\d|\d\s?(?:[$€£¥₹]|(?:us)?dollars?\b|euros?\b|pounds?\b|cents?\b|"
    r"usd\b|eur\b|gbp\b|yen\b)|\bfree\s+of\s+charge\b|\bfor\s+free\b"
    r"|\bno\s+(?:cost|charge|fee)\b", re.I)
# ... unless it names the measure after "how much": "How much memory does each vector
# dimension cost?", "how much CPU overhead does tracing cost" ask an amount of memory, of
# overhead (the verb "cost" as "take"); "How much money", "How much per month does X
# cost", "how much does it cost" still ask a price. Not "How much roughly ..." either: an
# adverb in -ly, or a function word, names nothing. (The function words are followup's: they
# hold "more", "exactly", "just", which `_FUNCTION_SET`, the words after a measure, lacks.)
_HOW_MUCH = re.compile(r"\bhow\s+much\s+([A-Za-z][\w\-]*)", re.I)


def _names_measure(question: str) -> bool:
    """Whether the question asks "how much <noun>" of a noun other than money."""
    match = _HOW_MUCH.search(question)
    if match is None:
        return False
    word = match.group(1).casefold()
    return not (word in FUNCTION_WORDS or word in ("money", "cash", "per")
                or word.endswith("ly"))


_ASKS_TEMPERATURE = re.compile(r"\btemperatures?\b|\bhow\s+(?:hot|cold|warm)\b", re.I)
_TEMPERATURE = re.compile(r"\d\s?(?:°|º|degrees?\b|deg\b|celsius\b|fahrenheit\b|kelvin\b|[CFK]\b)",
                          re.I)
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
TIME_UNITS = (
    "second seconds minute minutes hour hours day days week weeks month months year years "
    "decade decades century centuries"
).split()
# Asked how often, one word can say it ("a fortnightly report", "updated daily", "a
# biweekly call", "semi-annually").
FREQUENCIES = ["daily", "nightly"] + [prefix + unit + "ly" for prefix in ("", "bi", "bi-", "semi", "semi-")
                                      for unit in ("hour", "week", "fortnight", "month", "quarter",
                                                   "year", "annual")]
_ASKS_FREQUENCY = re.compile(r"\bhow\s+often\b", re.I)
# Asked how long or how old ("How long has X existed?"), "since 2001" says it (a year
# after "since", "in" or "from").
_ASKS_DURATION = re.compile(r"\bhow\s+(?:long|old)\b", re.I)
_ASKS_COUNT = re.compile(r"\bhow\s+many\b", re.I)
# Link targets and addresses, and an HTML tag with its attributes (a logo's width="150").
_LINKS = re.compile(r"\]\([^)]*\)|https?://\S+|<[^>\s]+>|\S+@\S+|</?[A-Za-z][\w-]*(?:\s[^<>]*)?>")
# A list's or a section's number ("3. ", "1.1 ", "## 2 Setup"), or a table row's ("8 | View
# confirmation message", 18F's test steps); not a count a bullet opens with ("- 12 distinct
# callout types"), nor a table's first cell of three digits or more ("13133 | HTTP |
# /status", a port: until session 72 read as a row's number, so a table of ports held none).
_LIST_MARK = re.compile(
    r"^(?![ \t]*\d{3,}[ \t]+\|)"
    r"\s*(?:(?:[#>]+\s*)?\d+(?:\.\d+)*[.)]?|[*\-+]+\s*\d+(?:\.\d+)*[.)])\s")
_TOKEN = re.compile(r"[A-Za-z][\w'’\-]*(?:[./][\w\-]+)*|\d(?:[\d,]*\d)?(?:\.\d+)?[A-Za-z%]*")
_NUMERAL = re.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?[A-Za-z%]*")
_VERSION_TOKEN = re.compile(r"[vV]\d+(?:\.\d+)*")  # "v9.7.0": a version number
# ... and one joined to its name by a hyphen ("works with Python-3.9+", "introduced in
# Buildbot-0.8.11"); dotted, so "UTF-8" and "x86-64" are none.
_NAMED_VERSION = re.compile(r"[A-Za-z]+-\d+(?:\.\d+)+")
# A release named by its version ("removed in mise 2026.11.0", "added in v3.7"): when a
# change came or will come, in docs that date their changes by release.
_RELEASE = re.compile(r"(?<![\w.])(?:v?\d+\.\d+\.\d+|[vV]\d+\.\d+)(?!\.?\d)")
_ASKS_WHEN = re.compile(r"\bwhen\b", re.I)
# Asked how long, a unit after "in" / "within" says it too ("web apps in minutes").
_BEFORE_SPAN = {"in", "within", "under"}
_POSSESSIVE = re.compile(r"['’]s?$")  # "Face's", "users'": the word's possessive
# A year from 1500 on: "to 1024 bytes", "defaults to port 1080", "set to 1000" are values
# (docs give sizes, ports and limits of four digits far more often than medieval years).
_YEAR_TOKEN = re.compile(r"(?:1[5-9]|20)\d\ds?")
_BEFORE_YEAR = {"in", "since", "until", "by", "from", "to", "through", "before", "after", "year", "of"}
_ONE_UNIT = {"a", "an", "every", "per", "each"}
# A number word opening a duration counts ("a two-year term", "a five-minute read"); other
# compounds say no count ("half-open connections", "two-factor authentication"), nor
# does "one-" ("a one-time password").
_COUNTING_PREFIXES = set(NUMBER_WORDS) - {"one", "once", "half", "zero"}
_CODE = re.compile(r"`([^`\n]+)`")  # a Markdown code span
_FENCED = re.compile(r"(`{3,}|~{3,}).*?(?:\1|$)", re.S)  # a fenced code block, maybe cut off
# A command line's option ("pip install -U Flask-WTF", "--User"): no one's name, where a
# reST code block's line reaches the check without its fence.
_OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")
_LINK_TEXT = re.compile(r"\[([^\[\]\n]+)\]\([^()\s]+\)")  # a Markdown link's text


def is_heading(sentence: str) -> bool:
    """A title rather than a statement: most of its longer words are capitalised."""
    words = [w for w in _TOKEN.findall(sentence) if w[0].isalpha() and len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def holds_answer(
    sentence: str, kind: str, question: str, common: Callable[[str], bool] | None = None
) -> bool:
    """Whether `sentence` holds a `kind` of thing the question does not already say.

    A number asked as a price must be an amount of money ("$300", "free of charge") unless
    the question names another measure ("how much memory does it cost"), as a temperature
    one in degrees. Link targets, list numbers ("3. "), a year after "in" / "since" (for a
    count), a name's number asked how many ("OpenAPI 3", "Table 2", a step's label alone,
    "Step 1."; a label's value, "Default: 500", is one), a release's version asked how many
    ("ripgrep 12.1.1"), "one of" and anything the question itself contains do not count; a
    duration ("a year", "every week"; asked how long, "in minutes") and a version written
    "v9.7.0" (or joined to its name, "Python-3.9", unless a count is asked) count as a
    number, a release's version ("in 2026.11.0", "v3.7") as the time
    asked "when" (not "in what year"), and, asked "where", a path or identifier
    ("sqlite_stat1", "data/", a `code span`) or a Markdown link's text ("borrowed from
    [cli-spinners](...)") as a place (asked which city or country, only a name where a place
    is said: "based in Berlin"; asked which licence, a name in a sentence that says licence,
    "BSD-3-Clause License"); code names no person, nor does a command line's option ("pip
    install -U Flask-WTF"), nor an acronym asked "who", nor one word in capitals alone (a
    name of two words or more is someone's), nor capitals right after "in" ("built in
    Brighton, England"). Asked "where", a phrase of location whose noun the question does
    not say ("at the bottom of the page") is a place too; asked "who" with a verb, the agent
    of that verb in the passive ("maintained by its users") is a person too, as is a handle
    ("usually by @flip1995") not spelling what the question names.
    """
    if kind == "expansion":
        return any(defines(sentence, short) for short in set(_TOKEN.findall(question)))
    said, question = question, _written_out(question)  # "Where's": asked where, as "Where is"
    if kind == "person":  # capitals in code are identifiers, constants ("POST"): no one
        sentence = _OPTION.sub(" ", _CODE.sub(" ", _FENCED.sub(" ", sentence)))
    text = _LIST_MARK.sub(" ", _LINKS.sub(" ", sentence))
    if EMPHASIS_EDGES:
        text = _UNDERSCORE_EDGE.sub("", text)
    if kind == "number" and _ASKS_COUNT.search(question):
        text = _RELEASE.sub(" ", text)  # a release ("ripgrep 12.1.1", "v3.7") counts nothing
    spans = [m.span() for m in _TOKEN.finditer(text)]
    tokens = [text[a:b] for a, b in spans]

    def between(i: int) -> str:
        """What separates token i from the one before, spaces aside ("" in "OpenAPI 3")."""
        return text[spans[i - 1][1]:spans[i][0]].strip()

    lower = [t.casefold() for t in tokens]  # as `asked`: casefold("µ") is "μ"
    # A name the question says, in the possessive ("Hugging Face's hub"), is no new name.
    asked = {_POSSESSIVE.sub("", t.casefold()) for t in _TOKEN.findall(f"{said} {question}")}
    fresh = [(i, t, w) for i, (t, w) in enumerate(zip(tokens, lower))
             if _POSSESSIVE.sub("", w) not in asked]
    if kind == "time":
        return any(
            _YEAR_TOKEN.fullmatch(t) or (t[0].isupper() and w.rstrip(".") in MONTHS + WEEKDAYS)
            or (t[0].isupper() and w.endswith("days") and w[:-1] in WEEKDAYS)  # "on Mondays"
            or w in ("decade", "decades", "century", "centuries")
            for _, t, w in fresh
        ) or (bool(_ASKS_WHEN.search(question))  # not "in what year": a version is none
              and any(v.casefold() not in question.casefold() for v in _RELEASE.findall(text)))
    if kind == "number":
        counted = bool(_ASKS_COUNT.search(question))
        # ... not when it asks how many ("How many graphs can I keep with the paid sync
        # service?": "paid" names the service, the answer is a count)
        unit = _MONEY if (_ASKS_MONEY.search(question) and not counted
                          and not _names_measure(question)) else (
            _TEMPERATURE if _ASKS_TEMPERATURE.search(question) else None)
        if unit is not None:  # a price needs an amount of money, a temperature degrees
            return bool(unit.search(text))
        duration = bool(_ASKS_DURATION.search(question))
        frequencies = FREQUENCIES if _ASKS_FREQUENCY.search(question) else ()
        for i, t, w in fresh:
            before = lower[i - 1] if i else ""
            after = lower[i + 1] if i + 1 < len(lower) else ""
            if (_NUMERAL.fullmatch(t) or _VERSION_TOKEN.fullmatch(t)
                    or (not counted and _NAMED_VERSION.fullmatch(t))):  # a count's no version
                # A sentence's first word has its capital by rule ("About 40 people"),
                # but a noun and its number alone are a label ("Step 1.").
                if (counted and (i > 1 or (i == 1 == len(tokens) - 1
                                           and lower[0] not in _FUNCTION_WORDS))
                        and tokens[i - 1][0].isupper() and tokens[i - 1].isalpha()
                        and between(i) != ":"):
                    continue  # a name's number, "OpenAPI 3", "Table 2", counts nothing
                    # (a label's value, "Default: 500", does)
                if not (_YEAR_TOKEN.fullmatch(t) and before in _BEFORE_YEAR) or (
                        duration and before in ("since", "in", "from")):
                    return True
            elif w in NUMBER_WORDS and not (w == "one" and after == "of"):
                return True
            elif "-" in w and w.split("-", 1)[0] in _COUNTING_PREFIXES and (
                    w.split("-", 1)[1] in TIME_UNITS):
                return True  # "a two-year term", "a five-minute read"
            elif (w in TIME_UNITS and (before in _ONE_UNIT or (duration and before in _BEFORE_SPAN))
                  ) or w in frequencies:
                return True
        return False
    asked_text = question.casefold()  # a code span the question holds ("`:`") is no answer
    where = kind == "place" and bool(_ASK_WHERE.search(question))
    if where and any(code.casefold() not in asked_text
                     for code in _CODE.findall(sentence) + _LINK_TEXT.findall(sentence)):
        return True  # a code span or a link names where: a file, a table, a logger, a project
    if where and any(m.group(1).casefold() not in asked for m in _LOCATION.finditer(text)):
        return True
    if kind == "place" and not where:  # which city, country: a name where a place is said
        return any(_in_place(lower, i) for i, t, w in fresh
                   if t[0].isalpha() and t[0].isupper() and not (common and common(t)))
    if kind == "person" and _ASK_CONTACT.search(question) and any(
            address.casefold() not in asked_text for address in _ADDRESS.findall(sentence)):
        return True  # asked whom to write to, an address answers: "e-mail security@x.org"
    if (kind == "person" and HANDLES and _ASK_WHO.search(question)
            and any(not set(re.findall(r"[^\W\d_]+", h.casefold())) <= asked
                    for h in _HANDLE.findall(sentence))):
        return True  # a handle names someone: "@wirekang has created a playground"
    licence = kind == "person" and bool(_ASK_LICENCE.search(question))
    if licence and not _LICENCE.search(text):
        return False  # asked which licence, a name counts where a licence is said ...
    if kind in ("person", "place"):
        # Asked "who", an acronym (HTML, API) is a term, not someone; asked which agency
        # or company, it may be the answer (NASA).
        asked_who = kind == "person" and bool(_ASK_WHO.search(question))
        acronyms = not asked_who
        # Asked who, a word in capitals names someone beside another one, a name of two
        # words or more ("Fei-Fei Li", "Armin Ronacher", "Hugging Face"), or as the agent
        # ("maintained by Pallets", below); alone, in docs, it is as often a product or
        # a tool ("Who founded Funtoo Linux?" was answered by "On Funtoo Linux, starship
        # can be installed from core-kit via Portage").
        capital = [t[0].isalpha() and t[0].isupper() and w not in _FUNCTION_WORDS
                   for t, w in zip(tokens, lower)]
        # Asked who, capitals right after "in" name a place or a language ("built in
        # Brighton, England", "written in Rust"), not someone.
        placed = set()
        if asked_who:
            for i in range(1, len(tokens)):
                if (capital[i] and (lower[i - 1] == "in" or i - 1 in placed)
                        and not between(i)):
                    placed.add(i)
        for i, t, w in fresh:
            if not t[0].isalpha() or (common and common(t)) or i in placed:
                continue
            # A sentence's first word has its capital by rule; asked which licence, a name
            # may open it ("BSD-3-Clause License", a page's title).
            named = i > 0 or (licence and capital[i] and not _LICENCE.match(t))
            if len(t) > 1 and t.isupper():
                if acronyms:
                    return True
            elif named and t[0].isupper() and (
                    not asked_who or (capital[i - 1] and i - 1 not in placed)
                    or (i + 1 < len(tokens) and capital[i + 1])):
                return True
            if kind == "place" and re.search(r"[_/]|\w\.\w", t):
                return True
        return asked_who and (_agent(text, asked) or _actor(tokens, lower, asked, question))
    return True


# Asked whom to contact ("who do I email about a security hole?", "who should i contact to
# get a sticker"), the answer is where to write, as often an address as a name ("please
# e-mail security@mermaid.live"; on GitHub "@MikeMcQuaid"). Not asked who founded, wrote,
# created something: a page's contact address names no author (HAProxy's "Who founded
# HAProxy?" met one). A scoped package ("@sveltejs/kit") and a decorator ("@app.route")
# are no address.
_ASK_CONTACT = re.compile(
    _ASK_WHO.pattern + r"\s+(?:do|does|should|can|could|would|must|shall|will)\s+"
    r"(?:i|we|you|one|users?|people)\s+(?:contact|e-?mail|mail|message|ping|reach|"
    r"(?:write|talk|speak|report|send)(?:\s+[\w'’\-]+){0,3}?\s+to)\b", re.I)
_HANDLE_PATTERN = r"(?<![\w@`])@[A-Za-z\d][\w-]*(?![\w/@-]|\.\w)"  # "@app.route" is none
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|" + _HANDLE_PATTERN)
# Asked who did something, a handle (GitHub's, Zulip's: "usually by @flip1995", "@wirekang
# has created a playground") names someone as a name does; code (a decorator) is gone by
# then, and an e-mail address is no handle: a page's contact address names no author;
# nor is one spelling what the question names ("@django_ninja", the project's own).
# Session 104 (`scripts/ab_flag.py collabqa.answer_types.HANDLES person ...` over the 219
# question files whose corpora write a handle outside code and whose index was built):
# of 730 who-questions, 5 more answers hold the fact (153 answerable: 99 -> 104, two
# answerable ones refused as near-misses before now answered), no near-miss (347) or
# off-topic (230) one more answered; a first version that counted the project's own
# handle answered one near-miss.
HANDLES = True
_HANDLE = re.compile(_HANDLE_PATTERN)
# Markdown's emphasis by underscores is no part of the words it wraps: Clippy's
# "_Available since Clippy v1.85_" holds the version v1.85, which "v1.85_" is not.
# Session 104 (`scripts/ab_flag.py collabqa.answer_types.EMPHASIS_EDGES KIND ...` for
# each kind the test reads, over the 515 question files whose indexes were built): of
# 9,205 questions asking for a number, a time, a name or a place, 3 answers more hold
# the fact (Clippy's version, Prettier's, Crossplane's "to the 'default' namespace"),
# two of them refused before; no near-miss or off-topic one more answered.
EMPHASIS_EDGES = True
_UNDERSCORE_EDGE = re.compile(r"(?<!\w)_+(?=\w)|(?<=\w)_+(?!\w)")


# A passive's agent: "maintained by Starlight users" says who maintains ("by default",
# "by hand" are no one; "-ing" after "by" is a means: "by running ...").
_FUNCTION_WORDS = _FUNCTION_SET | {"default", "hand"}
_AGENT = re.compile(r"\b([A-Za-z]+)\s+by\s+((?:[A-Za-z][\w'’\-]*\s*){1,4})")


# Asked which licence, a name counts only in a sentence that says licence ("licensed under
# the MIT license", "License: BSD-3-Clause"): in docs, a name in capitals anywhere else is
# a product's, a tool's, an acronym ("What licence is containerd released under?" was
# answered from "via a binary available in containerd's PATH").
_ASK_LICENCE = re.compile(r"\b(?:which|what)\s+(?:[\w\-]+\s+){0,2}?licen[cs]es?\b", re.I)
_LICENCE = re.compile(r"licen[cs]", re.I)


# Asked which city or country, a name in capitals is one where the sentence says a place:
# after "in", "at", "near" or "from" ("based in Berlin", "in the UK"), or "Berlin-based";
# in docs, a name anywhere else is as often a product's or a role's ("In which city is the
# SignPath Foundation headquartered?" was answered from Starship's code-signing note,
# "Reviewers: Astronauts Approvers and Authors: Mission Control").
_IN = frozenset({"in", "at", "near", "from"})


def _in_place(lower: list[str], i: int) -> bool:
    """Whether the name at `lower[i]` (a sentence's words, lower-cased) stands where a
    sentence says a place."""
    before = [w for w in lower[max(0, i - 2):i] if w not in ("the", "a", "an")]
    return bool(before and before[-1] in _IN) or lower[i].endswith("-based")


def _agent(sentence: str, words: set[str]) -> bool:
    """Whether `sentence` names who does what the question (its casefolded `words`) asks
    about in the passive: the question's verb as a participle, then "by" and words the
    question does not say ("Who maintains the plugins?" - "plugins maintained by Starlight
    users")."""
    stems = set(stemmer().stemWords(list(words)))
    for match in _AGENT.finditer(sentence):
        if stemmer().stemWord(match.group(1).casefold()) not in stems:
            continue
        after = [w.casefold() for w in match.group(2).split()]
        phrase = []
        for w in after:  # the agent's phrase: up to a function word after its first
            if phrase and w in _FUNCTION_WORDS:
                break
            phrase.append(w)
        if any(w not in _FUNCTION_WORDS and w not in words and not w.endswith("ing")
               for w in phrase):
            return True
    return False


# Asked "who" and a verb ("Who pointed out that 9-digit zip codes are normal?"), a name in
# capitals right before that verb, in the active, names who does it ("my friend Dave
# pointed out"), one word or more: the verb ties the name to what is asked.
_WHO_VERB = re.compile(_OPEN + r"who\s+([A-Za-z]+)\b", re.I)


def _actor(tokens: list[str], lower: list[str], asked: set[str], question: str) -> bool:
    """Whether a name in capitals the question does not say stands right before the
    question's own verb, "who <verb>" (not "who is", "who does": no verb of its own)."""
    match = _WHO_VERB.search(question)
    if not match or match.group(1).casefold() in _FUNCTION_SET:
        return False
    verb = stemmer().stemWord(match.group(1).casefold())
    said = asked | set(re.findall(r"\w+", question.casefold()))  # "passt/pasta": both said
    return any(
        t[0].isupper() and t.isalpha() and not t.isupper() and lower[i] not in said
        and lower[i] not in _FUNCTION_WORDS and stemmer().stemWord(lower[i + 1]) == verb
        for i, t in enumerate(tokens[:-1]))


_PAREN = re.compile(r"\(([^()]{1,120})\)")
_SAYS = (r"\W{0,4}(?:(?:which|that)\s+)?(?:means|meaning|stands\s+for|is\s+short\s+for|"
         r"is\s+an?\s+(?:abbreviation|acronym|initialism)\s+(?:(?:which|that)\s+stands\s+)?"
         r"(?:for|of))\W{0,3}")
# ... maybe after an aside between commas: "PKCE, pronounced "Pixy" stands for ...".
_ASIDE = r"(?:\s*,[^,.;:()]{1,40},?)?"
# A Markdown link, inline or by reference ("[RAII][wikipedia] stands for ..."), as its text.
_ANY_LINK = re.compile(r"\[([^\[\]\n]+)\](?:\([^()\s]*\)|\[[^\[\]\n]*\])")


def defines(sentence: str, short: str) -> bool:
    """Whether `sentence` spells out the abbreviation `short`: "Write-Ahead Log (WAL)",
    "WAL (Write-Ahead Log)", "WAL stands for / means Write-Ahead Log" (also ", which
    stands for", "is an acronym that stands for", after an aside between commas, and with
    the term a Markdown link), or a glossary's "WAL Write-Ahead Log" (the term in
    capitals, its long form right after it, opening with its first letter in capitals).
    The long form's words hold the abbreviation's letters in order, its first letter
    opening the first word (Schwartz & Hearst, PSB 2003); digits ("CORD-19") must appear
    in it as they are."""
    letters = [c.casefold() for c in short if c.isalpha()]
    digits = "".join(c for c in short if c.isdigit())
    if len(letters) < 2 or len(short) > 12:
        return False
    sentence = _ANY_LINK.sub(r"\1", sentence)
    key = short.casefold()
    said = re.search(r"(?:^|\W)" + re.escape(short) + _ASIDE + _SAYS, sentence, re.I)
    if said:  # "LGTM means "Looks Good to Me"", "WAL stands for ...", "LGTM: Means ..."
        words = _LONG_WORD.findall(sentence[said.end():])
        if any(_spelled(letters, digits, words[:k])
               for k in range(1, min(len(words), len(letters) + 5) + 1)):
            return True
    glossary = r"(?:^|[^\w-])(" + re.escape(short) + r")[ \t|:\u2013\u2014-]+(?=\w)"
    for term in re.finditer(glossary, sentence, re.I):
        # A glossary's row: the term in capitals, its long form right after it ("CAT
        # Computer aided transmission", "TCA | Time of closest approach").
        words = _LONG_WORD.findall(sentence[term.end():])[: len(letters) + 2]
        if term.group(1).isupper() and words and words[0][:1].isupper() \
                and words[0][:1].casefold() == letters[0] and any(
                _spelled(letters, digits, words[:k])
                for k in range(len(letters), len(words) + 1)):
            return True
    for match in _PAREN.finditer(sentence):
        inside = match.group(1).strip()
        if inside.casefold() == key:  # long form before the parenthesis
            words = _LONG_WORD.findall(sentence[: match.start()])
            long_form = words[-min(len(words), len(letters) + 5, 2 * len(letters)):]
        elif re.search(r"(?:^|\W)" + re.escape(short) + r"\W*$", sentence[: match.start()],
                       re.I):  # short form before, long form inside
            long_form = _LONG_WORD.findall(inside)
        else:
            continue
        if _spelled(letters, digits, long_form):
            return True
    return False


_LONG_WORD = re.compile(r"[\w'’\-]+")  # a word of a long form: "Write-Ahead", "Looks"


def _spelled(letters: list[str], digits: str, words: list[str]) -> bool:
    """Whether `words` are a long form of the abbreviation: its letters in order
    (`_spells`), its digits as they are."""
    text = " ".join(words)
    return bool(words) and _spells(letters, text) and digits in text


def _spells(letters: list[str], long_form: str) -> bool:
    """Schwartz & Hearst's match: the letters found right to left in the long form, the
    first of them at the start of a word."""
    text = long_form.casefold()
    i = len(text) - 1
    for j in range(len(letters) - 1, -1, -1):
        while i >= 0 and (text[i] != letters[j] or (
                j == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return False
        i -= 1
    return True
