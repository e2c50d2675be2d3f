"""Man pages (.1 to .9, .man; a .txt file written in roff) read as the page man shows.

A man page is roff source: request lines that start with a dot (`.SH OPTIONS`, `.TP`,
`.B --all`) between lines of text, and escapes inside the text (`\\fB` bold, `\\-` a
hyphen, `\\(em` a dash). Read as plain text it is noise ("\\fBzoxide-add\\fR - add a new
directory .SH SYNOPSIS .B zoxide add"). This loader reads the two macro packages man
pages are written in, man(7) (`.TH`, `.SH`, `.TP`, as help2man, pandoc, ronn, scdoc and
most projects write them) and mdoc(7) (`.Dd`, `.Sh`, `.It`, as BSD and tmux do):
- section and subsection headings (`.SH`, `.SS`; `.Sh`, `.Ss`) are the sections;
- a tagged paragraph's tag (`.TP`, `.IP` with a tag; mdoc's `.It` in a tagged list: an
  option, a variable) heads its description, as a definition list's term does;
- so does a paragraph of one bold line with an indented block (`.RS`) right after it,
  as DocBook and Asciidoctor set options and directives, to the block's end (`.RE`);
- a section that sets its entries as short bold paragraphs before their text (`.B fg`,
  `.PP`, "Alias for `wait'.": lftp's commands), LABEL_SERIES of them or more,
  has each head the paragraphs up to the next (`_labels_to_headings`);
- bulleted and numbered items (`.IP \\(bu`; `.It` in a `-bullet` or `-enum` list) are
  "- item" blocks, as Word's list paragraphs are;
- no-fill text (`.nf` ... `.fi`, `.EX` ... `.EE`; mdoc's literal displays) is code;
- a tbl table (`.TS` ... `.TE`) is one block, a row a line with its cells between " | ";
- font changes, sizes and strings show nothing; named characters show as the character.
Comments, macro definitions, conditionals and layout requests (`.ad`, `.nh`, `.in`) are
not text and are left out. The document's title is the page's name and section,
"zoxide-add(1)". Nothing runs: roff is read, never executed.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..documents import Document
from .builder import TERM_LEVEL, TextBuilder, Unusable, tidy

__all__ = ["is_roff", "load", "text_of"]

# A man page opens with a request or a comment line (`.TH`, `.Dd`; `.\"`, `.de`, `.if` in
# the preamble pod2man writes) and has a title request: man(7)'s `.TH`, mdoc(7)'s `.Dd`.
_OPENING = re.compile(r"\A\s*(?:[.'][ \t]*(?:[A-Za-z]|\n)|[.']?[ \t]*\\\")")
_TITLE = re.compile(r"^[.'][ \t]*(?:TH|Dd)\b", re.M)

# Named characters: \(xx, \[name]; the common ones of groff_char(7).
_CHARS = {
    "em": "\u2014", "en": "\u2013", "hy": "-", "mi": "-", "aq": "'", "dq": '"', "bu": "\u2022",
    "co": "\u00a9", "rg": "\u00ae", "tm": "\u2122", "lq": "\u201c", "rq": "\u201d",
    "oq": "\u2018", "cq": "\u2019", "rs": "\\", "ti": "~", "ha": "^", "dg": "\u2020",
    "ga": "`", "aa": "\u00b4", "sl": "/", "ba": "|", "br": "|", "or": "|", "pl": "+",
    "eq": "=", "<=": "\u2264", ">=": "\u2265", "!=": "\u2260", "->": "\u2192",
    "<-": "\u2190", "mu": "\u00d7", "de": "\u00b0", "Fo": "\u00ab", "Fc": "\u00bb",
    "fo": "\u2039", "fc": "\u203a", "ss": "\u00df", "ct": "\u00a2", "Po": "\u00a3",
    "Eu": "\u20ac", "eu": "\u20ac", "Ye": "\u00a5", "sc": "\u00a7", "ps": "\u00b6",
    "ul": "_", "rn": "\u203e", "lB": "[", "rB": "]", "lC": "{", "rC": "}", "la": "\u27e8",
    "ra": "\u27e9", "at": "@", "sh": "#", "Do": "$", "%": "%", "ua": "\u2191", "da": "\u2193",
    "tno": "~", "ap": "~", "pc": "\u00b7", "md": "\u00b7", "ci": "\u25cb", "sq": "\u25a1",
    "'e": "\u00e9", "'a": "\u00e1", ":u": "\u00fc", ":o": "\u00f6", ":a": "\u00e4",
}
# Strings man pages define for quotes (pod2man's \*(C` and \*(C', \*(L" and \*(R"), and
# mdoc's own ("\*[Lt]newline\*[Gt]", "\*q").
_STRINGS = {"Aq": "'", "lq": "\u201c", "rq": "\u201d", "C`": '"', "C'": '"', 'L"': '"',
            'R"': '"', "R": "\u00ae", "Tm": "\u2122", "Ba": "|", "Lq": "\u201c", "Rq": "\u201d",
            "Lt": "<", "Gt": ">", "Le": "\u2264", "Ge": "\u2265", "q": '"', "Pm": "\u00b1",
            "Ne": "\u2260", "Am": "&", "Pi": "\u03c0", "If": "\u221e", "Na": "NaN"}
_ESCAPE = re.compile(
    r"\\(?:"
    r"\((?P<two>..)"                      # \(em
    r"|\[(?P<name>[^\]\n]*)\]"            # \[em], \[u2014]
    r"|\*(?:\((?P<s2>..)|\[(?P<sn>[^\]\n]*)\]|(?P<s1>.))"  # strings: \*(Aq, \*[x], \*x
    r"|[fF](?:\(..|\[[^\]\n]*\]|.)"       # fonts: \fB, \f(CW, \f[I]
    r"|s(?:[-+]?\d|\([-+]?\d\d|\[[^\]\n]*\]|'[^'\n]*')"  # sizes: \s-1, \s0
    r"|[nkgmMY](?:\(..|\[[^\]\n]*\]|.)"   # registers, marks, colours
    r"|[hvwlLoDbxRXZSBNCV](?P<q>['|])(?P<arg>.*?)(?P=q)"  # quoted-argument escapes
    r"|(?P<one>.)"                        # \- \e \& \| \c ...
    r")", re.S)
_ONE = {"-": "-", "e": "\\", "\\": "\\", "&": "", "|": "", "^": "", ",": "", "/": "",
        ":": "", "%": "", "c": "", "0": " ", " ": " ", "~": " ", "t": "\t", "'": "\u00b4",
        "`": "`", ".": ".", "a": "", "d": "", "u": "", "p": "", "r": "", "z": "", "{": "",
        "}": "", "!": "", "?": "", "E": ""}


# The marks an `.IP` item's tag may be a bullet of: `\(bu`, Ronn's `\[ci]` (jq's page
# lists its options so), `\(sq`, and the ASCII ones pages write.
BULLETS = ("\u2022", "\u25cb", "\u25cf", "\u25e6", "\u25aa", "\u25a0", "\u25a1", "\u2023",
           "\u2043", "\u2219", "\u00b7", "*", "-", "o", "+")


def is_roff(text: str) -> bool:
    """Whether a text file is a man page's roff source: it opens with a request or a
    comment and holds a title request."""
    return bool(_OPENING.match(text)) and bool(_TITLE.search(text))


def load(path: Path, source: str, text: str) -> Document:
    """A man page's Document; raises Unusable when it is not roff or holds no text."""
    if not is_roff(text):
        link = re.match(r"\s*\.so[ \t]+(\S+)", text)
        if link:  # a page kept under a second name: its text is the other page's
            raise Unusable(f"only points to another man page (.so {link.group(1)})")
        raise Unusable("not a man page (no .TH or .Dd request)")
    reader = _Reader()
    for line in _lines(text):
        reader.line(line)
    title = _named(reader) or reader.title or _stem(source)
    builder = TextBuilder(title)
    for kind, level, body in reader.finish():
        if kind == "heading":
            builder.heading(level, body)
        elif kind == "end_terms":
            builder.end_terms(level or TERM_LEVEL)
        else:
            builder.block(body, kind)
    if not builder.blocks:
        raise Unusable("no text found")
    return builder.document(source, title, {})


def _labels_to_headings(events: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    """Each section's (`.SH`, `.SS`) short bold paragraphs (`label_paragraph`) with text
    right after them: in a section of LABEL_SERIES or more, each heads the text up to the
    next, at LABEL_LEVEL; in one of fewer, each is the paragraph it was, and so is one
    with another such paragraph or a heading after it (a synopsis' forms, a line each)."""
    out: list[tuple[str, int, str]] = []
    section: list[tuple[str, int, str]] = []

    def close() -> None:
        entries = [kind == "label" and i + 1 < len(section) and section[i + 1][0] == "text"
                   for i, (kind, _, _) in enumerate(section)]
        series = sum(entries) >= LABEL_SERIES
        out.extend(("heading", LABEL_LEVEL, text) if series and entry
                   else ("text", 0, text) if kind == "label" else (kind, level, text)
                   for entry, (kind, level, text) in zip(entries, section))
        section.clear()

    for event in events:
        if event[0] == "heading" and event[1] < LABEL_LEVEL:
            close()
        section.append(event)
    close()
    return out


def _named(reader: _Reader) -> str:
    """The title the NAME section gives: its first name and the page's section
    ("zoxide-import - import data" under `.TH ZOXIDE 1` -> "zoxide-import(1)"), as a page
    of several commands is titled by the first it names."""
    events = reader.events
    for i, (kind, _level, text) in enumerate(events[:-1]):
        if kind == "heading" and text.casefold() == "name" and events[i + 1][0] == "text":
            found = re.match(r"([^\s,]+)(?:,\s*[^\s,]+)*\s+[-\u2013\u2014]\s", events[i + 1][2])
            if found:
                section = re.search(r"\(([^()]*)\)$", reader.title)
                return found.group(1) + (f"({section.group(1)})" if section else "")
            break
    return ""


def _stem(source: str) -> str:
    name = source.rsplit("/", 1)[-1]
    return re.sub(r"(?:\.txt)?$", "", name, flags=re.I)


def text_of(text: str) -> str:
    """A line of roff text with its escapes read: fonts and sizes show nothing, named
    characters show as themselves, "\\-" as "-"."""
    return _ESCAPE.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    if m.group("two") is not None:
        return _CHARS.get(m.group("two"), "")
    if m.group("name") is not None:
        name = m.group("name")
        if re.fullmatch(r"u[0-9A-Fa-f]{4,6}", name):
            code = int(name[1:], 16)  # no character past Unicode's last, nor a surrogate
            return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""
        return _CHARS.get(name, "")
    for key in ("s2", "sn", "s1"):
        if m.group(key) is not None:
            return _STRINGS.get(m.group(key), "")
    if m.group("q") is not None:
        return ""
    one = m.group("one")
    if one is None:
        return ""  # a font, size, register or colour change
    return _ONE.get(one, one)


def _lines(text: str) -> list[str]:
    """The source's lines, continuations (a line ending in a backslash) joined and
    comments (\\" to the end of the line; a line of only a comment) gone."""
    out: list[str] = []
    pending = ""
    for raw in text.split("\n"):
        line = pending + raw
        pending = ""
        if re.search(r"(?<!\\)(?:\\\\)*\\$", line):
            pending = line[:-1]
            continue
        if re.match(r"[.'][ \t]*\\[\"#]", line):
            continue
        line = re.sub(r"(?<!\\)((?:\\\\)*)\\[\"#].*$", r"\1", line)
        out.append(line)
    if pending:
        out.append(pending)
    return out


def _arguments(rest: str) -> list[str]:
    """A request's arguments: words, or "quoted words" with "" for a quote inside."""
    args: list[str] = []
    i, n = 0, len(rest)
    while i < n:
        while i < n and rest[i] in " \t":
            i += 1
        if i >= n:
            break
        if rest[i] == '"':
            j, word = i + 1, []
            while j < n:
                if rest[j] == "\\" and j + 1 < n:
                    word.append(rest[j:j + 2])
                    j += 2
                    continue
                if rest[j] == '"':
                    if j + 1 < n and rest[j + 1] == '"':
                        word.append('"')
                        j += 2
                        continue
                    j += 1
                    break
                word.append(rest[j])
                j += 1
            args.append("".join(word))
            i = j
        else:
            j = i
            while j < n and rest[j] not in " \t":
                j += 2 if rest[j] == "\\" else 1  # "\ " is a space inside the word
            args.append(rest[i:j])
            i = j
    return args


# Requests and macros that lay text out and show nothing themselves.
_LAYOUT = {
    "ad", "na", "hy", "nh", "hys", "hym", "hlm", "ne", "in", "ti", "ll", "ft", "ps", "vs",
    "ds", "ds1", "as", "nr", "rr", "rm", "rn", "tr", "cc", "c2", "ec", "eo", "ss", "cs", "bp",
    "pc", "lf", "ta", "fc", "mk", "rt", "pl", "po", "wh", "ch", "em", "cu", "ul", "uf", "ce",
    "so", "mso", "fam", "cp", "do", "ev", "hc", "lc", "ls", "lt", "nm", "nn", "ns", "rs",
    "pn", "sv", "os", "tm", "ab", "ex", "fl", "PD", "UC", "DT", "AT", "Os",
    "Dd", "Bk", "Ek", "Ux", "Bx", "Nx", "Fx", "Ox", "Bsx", "At", "St", "Lb", "hw", "kern",
    "cflags", "color", "defcolor", "ftr", "fschar", "fspecial", "mc",
    "tag", "blm", "lsm", "TA", "MR", "Tg",
    # groff's requests that define or alias macros, strings and characters, or write to
    # files and the terminal ("als MTO URL" in Asciidoctor's preamble shows nothing)
    "als", "aln", "length", "chop", "substring", "it", "itc", "shc", "hcode", "char",
    "schar", "fchar", "rchar", "open", "opena", "close", "write", "writec", "writem",
    "pso", "return", "shift", "warn", "pev", "pm", "fp", "sty", "nroff", "troff", "vpt",
}
# mdoc macros read inside a line: what each shows before its arguments.
_MDOC_QUOTES = {"Dq": ("\u201c", "\u201d"), "Sq": ("\u2018", "\u2019"), "Qq": ('"', '"'),
                "Ql": ("\u2018", "\u2019"), "Pq": ("(", ")"), "Bq": ("[", "]"),
                "Brq": ("{", "}"), "Aq": ("\u27e8", "\u27e9"), "Op": ("[", "]"),
                "Eq": ("", "")}
_MDOC_OPEN = {"Do": "\u201c", "So": "\u2018", "Qo": '"', "Po": "(", "Bo": "[", "Bro": "{",
              "Ao": "\u27e8", "Oo": "[", "Eo": ""}
_MDOC_CLOSE = {"Dc": "\u201d", "Sc": "\u2019", "Qc": '"', "Pc": ")", "Bc": "]", "Brc": "}",
               "Ac": "\u27e9", "Oc": "]", "Ec": ""}
_MDOC_WORDS = {
    "Ar", "Cm", "Ic", "Pa", "Va", "Ev", "Er", "Dv", "Li", "Sy", "Em", "Ad", "An", "Cd",
    "Fa", "Fn", "Ft", "Fd", "In", "Lk", "Mt", "Ms", "No", "Tn", "Vt", "Xr", "Nm", "Fl", "Ns",
    "Pf", "Ot", "Sx", "Cx", "Tg", "Ap", "Ta", "Xo", "Xc",
} | set(_MDOC_QUOTES) | set(_MDOC_OPEN) | set(_MDOC_CLOSE)
# A line that opens in bold (`\\fB`, `\\f[B]`, `\\f(CB`, `\\f3`), as a term's does; a term
# heading an indented block is at most _TERM_CHARS long.
_BOLD = re.compile(r"\\f(?:B|3|\[C?B\]|\(CB)")
_TERM_CHARS = 160
# How many short bold paragraphs over text (`.B name`, then `.PP`) make a section's
# entries, not a bold line or two set for emphasis; they head their paragraphs a level
# above terms, so that a `.TP` list in one's text does not end it.
LABEL_SERIES = 3
LABEL_LEVEL = TERM_LEVEL - 1
_PUNCT = re.compile(r"(?!\.\.\.)[.,:;)\]?!]+")  # a delimiter; an ellipsis is a word


class _Reader:
    """Turns a man page's lines into (kind, level, text) events for a TextBuilder."""

    def __init__(self) -> None:
        self.title = ""
        self.events: list[tuple[str, int, str]] = []
        self.words: list[str] = []     # the paragraph being filled
        self.item = ""                 # "- " when the paragraph is a list item
        self.code: list[str] | None = None  # lines of a no-fill block being read
        self.table: list[str] | None = None
        self.tag_next = False          # .TP: the next line of text is the tag
        self.long_tag: list[str] | None = None  # mdoc's .It Xo: a tag's lines up to .Xc
        self.heading_next = 0          # .SH with no argument: the next line is its name
        self.terms = False             # a term heads the text now
        self.skip_until = ""           # a macro definition's or a conditional's end
        self.name = ""                 # mdoc's .Nm: the page's name
        self.lists: list[str] = []     # mdoc's open .Bl lists' kinds
        self.links: list[str] = []     # .UR / .MT targets not yet closed
        self.link_words = 0            # the paragraph's words when the link opened
        self.defined: set[str] = set()  # the macros the page defines (.de)
        self.depth = 0                 # .RS ... .RE: how far the text is indented
        self.term_depth = 0            # the indent the last term was given at
        self.lines = 0                 # source lines of the paragraph being filled
        self.bold = False              # ... and whether it opened in bold
        # Terms heading .RS blocks (DocBook's), open: each one's indent and heading level
        # (one level deeper for a term inside another's block: a directive's options).
        self.indented: list[tuple[int, int]] = []

    # ------------------------------------------------------------------ events

    def flush(self) -> None:
        text = tidy(" ".join(self.words))
        if text:
            self.events.append(("text", 0, self.item + text))
        self.words, self.item, self.lines = [], "", 0

    def heading(self, level: int, name: str) -> None:
        self.end_code()  # a heading, as a new paragraph, ends no-fill text left open
        self.flush()
        self.end_terms()
        name = tidy(name)
        if name.isupper() and len(name) > 1:
            name = name.capitalize()  # "SEE ALSO" -> "See also"
        if name:
            self.events.append(("heading", level, name))

    def term(self, tag: str, level: int = TERM_LEVEL) -> None:
        tag = tidy(tag)
        if tag:
            self.events.append(("heading", level, tag))
            self.terms = True
            self.term_depth = self.depth
            self.indented = []

    def bold_label(self) -> str:
        """The paragraph being filled as a label: it opens in bold, is no list item and
        no no-fill text, is at most _TERM_CHARS long and ends no sentence; "" if not."""
        if not self.bold or self.item or self.code is not None:
            return ""
        tag = tidy(" ".join(self.words))
        sentence = tag.endswith((".", ":")) and not tag.endswith("...")
        return tag if 0 < len(tag) <= _TERM_CHARS and not sentence else ""

    def label_to_indented_term(self) -> None:
        """A paragraph of one bold line with the indented block (`.RS`) right after it is
        a term heading that block: DocBook's and Asciidoctor's man pages set an option
        or a directive so (`.PP`/`.sp`, `\\fB--help\\fR`, `.RS 4`, its text, `.RE`). One
        inside another's block is a level below it ("server hostname > minpoll poll")."""
        tag = self.bold_label() if self.lines == 1 else ""
        if tag:
            self.words, self.lines = [], 0
            outer = [(depth, lv) for depth, lv in self.indented if depth < self.depth]
            level = TERM_LEVEL + len(outer)
            self.term(tag, level)
            self.indented = outer + [(self.depth, level)]

    def label_paragraph(self) -> None:
        """A short paragraph that opens in bold and is no sentence, a new paragraph
        (`.PP`) after it, outside any indented block or list: an entry's name ("find
        [OPTS] directory...", or a synopsis of a macro a line, `.BR exit " [" bg "]"`,
        `.RB [ top ]`) if its section sets several so (`_labels_to_headings`)."""
        tag = self.bold_label() if self.depth == 0 and not self.lists else ""
        if tag:
            self.words, self.lines = [], 0
            self.events.append(("label", 0, tag))

    def label_to_term(self) -> None:
        """A bulleted item that is only a label ("- --slurp/-s:"), its text in the
        indented paragraphs after it, heads them as a term does: Ronn sets jq's options
        as `.IP "\\[ci]"` items so."""
        if self.events and self.events[-1][0] == "text":
            text = self.events[-1][2]
            if text.startswith("- ") and text.endswith(":") and len(text) <= 80:
                self.events.pop()
                self.term(text[2:-1])

    def end_long_tag(self) -> None:
        words, self.long_tag = self.long_tag or [], None
        self.term(" ".join(words))

    def end_terms(self) -> None:
        self.indented = []
        if self.terms:
            self.events.append(("end_terms", 0, ""))
            self.terms = False

    def end_code(self) -> None:
        if self.code is not None:
            lines, self.code = self.code, None
            text = "\n".join(lines).strip("\n")
            if text.strip():
                self.events.append(("code", 0, text))

    def finish(self) -> list[tuple[str, int, str]]:
        if self.long_tag is not None:
            self.end_long_tag()
        self.end_code()
        if self.table is not None:
            self.end_table()
        self.flush()
        return _labels_to_headings(self.events)

    # ------------------------------------------------------------------ lines

    def text(self, words: str, bold: bool = False) -> None:
        """A line of text (a request's words included): a heading's or a tag's, a
        code line, or more of the paragraph."""
        if self.long_tag is not None:
            self.long_tag.append(words)
        elif self.heading_next:
            level, self.heading_next = self.heading_next, 0
            self.heading(level, words)
        elif self.tag_next:
            self.tag_next = False
            self.term(words)
        elif self.code is not None:
            self.code.append(words)
        elif words.strip():
            if not self.words:
                self.bold = bold
            self.words.append(words)
            self.lines += 1

    def line(self, line: str) -> None:
        if self.skip_until:
            if (self.skip_until == ".." and re.match(r"[.'][ \t]*\.\s*$", line)) or (
                    self.skip_until == "}" and "\\}" in line):
                self.skip_until = ""
            return
        if self.table is not None:
            if re.match(r"[.'][ \t]*TE\b", line):
                self.end_table()
            else:
                self.table.append(line)
            return
        if not line.startswith((".", "'")):
            if self.code is not None:
                self.code.append(text_of(line))
            elif not line.strip():
                self.flush()  # a blank line: a paragraph break
            else:
                self.text(text_of(line), bold=bool(_BOLD.match(line)))
            return
        match = re.match(r"[.'][ \t]*([^\s\\]*)[ \t]*(.*)$", line)
        name, rest = (match.group(1), match.group(2)) if match else ("", "")
        self.request(name, rest)

    def request(self, name: str, rest: str) -> None:
        args = _arguments(rest)
        if self.long_tag is not None:
            # mdoc's ".It Xo" tag goes on over the lines of macros after it, to ".Xc".
            if name == "Xc" or (name in _MDOC_WORDS and args and args[-1] == "Xc"):
                self.long_tag.append(self.inline([name] + args))
                self.end_long_tag()
                return
            if name in _LAYOUT:  # ".Tg displayp" inside the tag shows nothing
                return
            if name in _MDOC_WORDS:
                self.long_tag.append(self.inline([name] + args))
                return
            self.end_long_tag()  # any other request ends a tag left open
        if name in ("de", "de1", "am", "am1", "ig", "dei", "ami"):
            if args and name != "ig":
                self.defined.add(args[0])
            self.skip_until = ".."
            return
        if name in ("if", "ie", "el", "while"):
            if "\\{" in rest and "\\}" not in rest:
                self.skip_until = "}"
            return
        if name in ("TH", "Dt"):
            if args:
                page = args[0].lower() if args[0].isupper() else args[0]
                self.title = f"{text_of(page)}({args[1]})" if len(args) > 1 else text_of(page)
            return
        if name in ("SH", "Sh"):
            if name == "Sh" or args:
                self.heading(2, self.inline(args) if name == "Sh" else text_of(" ".join(args)))
            else:
                self.flush()
                self.end_terms()
                self.heading_next = 2
            return
        if name in ("SS", "Ss"):
            if name == "Ss" or args:
                self.heading(3, self.inline(args) if name == "Ss" else text_of(" ".join(args)))
            else:
                self.flush()
                self.heading_next = 3
            return
        if name in ("PP", "LP", "P", "Pp", "Lp", "HP"):
            self.end_code()
            self.label_paragraph()
            self.flush()
            # A paragraph indented under a term goes on describing it; one at the term's
            # own indent (and outside an mdoc list) follows the list.
            if not self.lists and self.depth <= self.term_depth:
                self.end_terms()
            return
        if name in ("sp", "br"):
            if self.code is not None:
                if name == "sp":
                    self.code.append("")
                return
            self.flush()
            return
        if name == "TP":
            self.end_code()
            self.flush()
            self.tag_next = True
            return
        if name == "TQ":  # another tag for the same description
            self.tag_next = True
            return
        if name == "IP":
            self.end_code()
            self.flush()
            tag = text_of(args[0]) if args else ""
            if not tag.strip():
                self.label_to_term()
                return
            if tag.strip() in BULLETS:
                self.item = "- "
            elif re.fullmatch(r"\(?\w{1,3}[.)]", tag.strip()):
                self.item = tag.strip() + " "
            else:
                self.term(tag)
            return
        if name == "RS":
            self.label_to_indented_term()
            self.depth += 1
            return
        if name == "RE":
            self.depth = max(0, self.depth - 1)
            ended = None  # the block an indented term heads has ended: the term's level
            while self.indented and self.indented[-1][0] >= self.depth:
                ended = self.indented.pop()[1]
            if ended is not None:
                self.flush()
                if self.indented:  # the term it is nested in heads what follows
                    self.events.append(("end_terms", ended, ""))
                    self.term_depth = self.indented[-1][0]
                else:
                    self.end_terms()
            return
        if name in ("nf", "EX", "Vb"):
            self.flush()
            if self.code is None:
                self.code = []
            return
        if name in ("fi", "EE", "Ve"):
            self.end_code()
            return
        if name == "TS":
            self.flush()
            self.end_code()
            self.table = []
            return
        if name in ("UR", "MT"):
            self.links.append(args[0] if args else "")
            self.link_words = len(self.words)
            return
        if name in ("UE", "ME"):
            target = self.links.pop() if self.links else ""
            if len(self.words) == self.link_words and target:
                self.text(target)  # a link with no text shows its target
            if args and self.words:
                self.words[-1] += text_of(args[0])
            return
        if name in ("B", "I", "SM", "SB", "R"):
            if args:
                self.text(text_of(" ".join(args)), bold=name in ("B", "SB"))
            return
        if name in ("BR", "RB", "IR", "RI", "BI", "IB"):
            self.text(text_of("".join(args)), bold=name[0] == "B")
            return
        if name == "SY":
            self.flush()
            self.text(text_of(" ".join(args)))
            return
        if name == "OP":
            self.text("[" + text_of(" ".join(args)) + "]")
            return
        if name == "YS":
            self.flush()
            return
        if name == "Nm" and not self.name and args:
            self.name = text_of(args[0])
        if name == "Nd":
            self.text("\u2014 " + self.inline(args))
            return
        if name == "Bl":
            self.flush()
            kind = next((a[1:] for a in args if a[1:] in (
                "tag", "hang", "ohang", "inset", "diag", "bullet", "dash", "hyphen", "enum",
                "item", "column")), "tag")
            self.lists.append(kind)
            return
        if name == "El":
            self.flush()
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self.end_terms()
            return
        if name == "It":
            self.flush()
            kind = self.lists[-1] if self.lists else "tag"
            words = self.inline(args)
            if kind in ("bullet", "dash", "hyphen", "item"):
                self.item = "- "
                self.text(words)
            elif kind == "enum":
                self.item = "- "
                self.text(words)
            elif kind == "column":
                self.text(" | ".join(part.strip() for part in words.split("\t")))
            elif args and args[0] == "Xo" and "Xc" not in args:
                self.long_tag = [words]
            else:
                self.term(words)
            return
        if name in ("D1", "Dl"):  # a line shown apart, indented: Dl's is literal
            self.flush()
            if name == "Dl":
                self.events.append(("code", 0, self.inline(args)))
            else:
                self.text(self.inline(args))
                self.flush()
            return
        if name == "Bd":
            self.flush()
            if any(a in ("-literal", "-unfilled", "-centered") for a in args):
                self.code = []
            return
        if name == "Ed":
            self.end_code()
            self.flush()
            return
        if name in _LAYOUT or not name:
            return
        if name in self.defined:
            # A macro the page defines is not read (roff is never run): pod2man's index
            # entries (.IX) and spacing (.Sp) show nothing; what follows is a new paragraph.
            self.flush()
            return
        if name in _MDOC_WORDS:
            self.text(self.inline([name] + args))
            return
        # Any other request or macro shows its arguments' words, if it has any.
        if args:
            self.text(text_of(" ".join(args)))

    def inline(self, args: list[str]) -> str:
        """mdoc's callable macros read in a line's words ("Fl v Ar file" -> "-v file")."""
        out: list[str] = []
        glue = False  # the next word joins the last without a space
        closers: list[str] = []
        i = 0
        while i < len(args):
            word = args[i]
            i += 1
            piece = None
            if word in _MDOC_QUOTES:
                opening, closing = _MDOC_QUOTES[word]
                out.append(opening)
                glue = True
                closers.append(closing)
                continue
            if word in _MDOC_OPEN:
                out.append(_MDOC_OPEN[word])
                glue = True
                continue
            if word in _MDOC_CLOSE:
                if out:
                    out[-1] += _MDOC_CLOSE[word]
                continue
            if word == "Ns":
                glue = True
                continue
            if word == "Fl" and args[i:i + 1] == ["Fl"]:  # ".Fl Fl acls" reads "--acls"
                if glue and out:
                    out[-1] += "-"
                else:
                    out.append("-")
                glue = True
                continue
            if word == "Fl":
                nxt = args[i] if i < len(args) else ""
                if nxt and nxt not in _MDOC_WORDS and not _PUNCT.fullmatch(nxt):
                    piece = "-" + text_of(nxt)
                    i += 1
                else:
                    piece = "-"
            elif word == "Nm":
                nxt = args[i] if i < len(args) else ""
                if nxt and nxt not in _MDOC_WORDS and not _PUNCT.fullmatch(nxt):
                    piece = text_of(nxt)
                    i += 1
                else:
                    piece = self.name
            elif word == "Xr":
                page = args[i] if i < len(args) else ""
                sec = args[i + 1] if i + 1 < len(args) and args[i + 1].isalnum() else ""
                i += 2 if sec else 1
                piece = f"{text_of(page)}({sec})" if sec else text_of(page)
            elif word == "Ar" and (i >= len(args) or args[i] in _MDOC_WORDS
                                   or _PUNCT.fullmatch(args[i])):
                piece = "file ..."
            elif word in ("Pf",):
                nxt = args[i] if i < len(args) else ""
                i += 1
                out.append(text_of(nxt))
                glue = True
                continue
            elif word in _MDOC_WORDS:
                continue  # a macro that only styles the words after it (or shows nothing)
            if piece is None:
                piece = text_of(word)
                if not piece:
                    continue  # a word that shows nothing ("\\&")
                if word in ("(", "["):  # an opening delimiter joins the word after it
                    out.append(piece)
                    glue = True
                    continue
            if closers and (_PUNCT.fullmatch(word) or i >= len(args)):
                # A quote macro encloses the words up to punctuation or the line's end.
                if _PUNCT.fullmatch(word):
                    out[-1] += closers.pop()
                    out[-1] += piece
                    continue
            if glue and out:
                out[-1] += piece
            elif _PUNCT.fullmatch(word) and out:  # "\\&)" is no delimiter
                out[-1] += piece
            else:
                out.append(piece)
            glue = False
        while closers:
            if out:
                out[-1] += closers.pop()
            else:
                closers.pop()
        return " ".join(out)

    # ------------------------------------------------------------------ tables

    def end_table(self) -> None:
        """A tbl table as one block: options; formats up to a line ending in "."; rows,
        their cells split at the tab character; a T{ ... T} cell runs over lines."""
        lines, self.table = self.table or [], None
        tab = "\t"
        i = 0
        if i < len(lines) and lines[i].rstrip().endswith(";"):
            found = re.search(r"tab\s*\((.)\)", lines[i])
            tab = found.group(1) if found else tab
            i += 1
        while i < len(lines) and not lines[i].rstrip().endswith("."):
            i += 1
        i += 1  # the last format line
        rows: list[str] = []
        cells: list[str] = []
        block: list[str] | None = None  # a T{ cell's lines, while it is open

        def feed(parts: list[str]) -> None:
            nonlocal cells, block
            for n, part in enumerate(parts):
                if part.strip() == "T{" and n == len(parts) - 1:
                    block = []  # the row goes on after the cell's T}
                    return
                cell = part.strip()
                cells.append("" if cell in ("_", "=", "\\_", "\\^") else tidy(text_of(cell)))
            rows.append(" | ".join(cells))
            cells = []

        while i < len(lines):
            line = lines[i]
            i += 1
            if block is not None:
                if line.startswith("T}"):
                    cells.append(tidy(text_of(" ".join(block))))
                    block = None
                    rest = line[2:]
                    feed(rest.split(tab)[1:] if rest.startswith(tab) else [])
                elif not line.startswith((".", "'")):
                    block.append(line)
                continue
            if re.match(r"[.'][ \t]*T&", line):  # new formats follow, up to a "."
                while i < len(lines) and not lines[i].rstrip().endswith("."):
                    i += 1
                i += 1
                continue
            if line.startswith((".", "'")) or line.strip() in ("_", "=", ""):
                continue
            feed(line.split(tab))
        if block is not None:
            cells.append(tidy(text_of(" ".join(block))))
        if cells:
            rows.append(" | ".join(cells))
        rows = [row for row in rows if row.replace("|", "").strip()]
        if rows:
            self.events.append(("table", 0, "\n".join(rows)))
