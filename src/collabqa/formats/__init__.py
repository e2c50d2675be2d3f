"""One loader per file format; `load_document` picks it by suffix and never raises.

    .md .markdown   markdown.py  markdown-it-py; front matter as metadata; includes.py
                                 reads a snippet include as the file it names; hugo.py
                                 a `param` shortcode as the value its pages set
    .txt            text.py      paragraphs between blank lines (rst.py when written in
                                 reStructuredText, as Sphinx projects keep pages and includes;
                                 markdown.py, then read as plain text, when in Markdown)
    .rst            rst.py       docutils: sections, lists, tables; Sphinx roles as their words
    .html .htm      html.py      trafilatura: the main content, headings as sections
    .pdf            pdf.py       PDFium (pdfium.py): text per page, headings by font size
    .docx           word.py      python-docx: Title / Heading N styles as sections
    .ipynb          notebook.py  Jupyter: Markdown cells as Markdown, code cells as code
    .1 to .9 .man   roff.py      man pages (man and mdoc macros): sections, option tags as
                                 terms, tbl tables; a .txt file written in roff too; a
                                 section's extension (.3pcap, .1ssl) when the file is roff

A file that cannot be read is skipped with one warning line naming it.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ..documents import MARKDOWN_SUFFIXES, Block, Document, is_markdown
from .builder import Unusable
from .sphinx import Targets

log = logging.getLogger("collabqa.corpus")

# Man pages (roff.py), by their section's number; roff.py is imported when one is read.
MAN_SUFFIXES = tuple(f".{n}" for n in range(1, 10)) + (".man",)
SUFFIXES = (".md", ".markdown", ".mdx", ".txt", ".rst", ".html", ".htm", ".pdf", ".docx",
            ".ipynb") + MAN_SUFFIXES
MAX_FILE_BYTES = 50 * 1024 * 1024  # larger files are skipped: no document worth a chat is
TEXT_SUFFIXES = MARKDOWN_SUFFIXES + (".txt", ".rst") + MAN_SUFFIXES
# A man page's suffix may carry its section's extension after the number (libpcap's
# `pcap.3pcap`, OpenSSL's `openssl.1ssl`, Perl's `.3pm`): such a file is read as one only
# when it opens as roff does, so that `backup.7z` or `notes.2b` are still no documents.
_MAN_EXTENSION = re.compile(r"\.[1-9][a-z][a-z0-9]{0,11}")
SNIFF_BYTES = 8192
# What only reStructuredText writes: a directive line (`.. note::`), a substitution's
# definition (`.. |command| replace::`), a link target (`.. _carrot-users: http://...`), a
# role (:command:`pip`), a link with its target (`Celery <https://...>`_) or a named one
# (`carrot-users`_). A `.txt` file holding one is reST: Sphinx projects keep pages
# (Django's docs), the fragments their pages include (Celery's and Kombu's
# `includes/*.txt`) and man pages (coverage.py's `python-coverage.1.txt`) so. Plain text
# never writes these.
_RST_MARKUP = re.compile(
    r"^[ \t]*\.\.[ \t]+(?:[\w:-]+::|\|[^|\n]+\|[ \t]+[\w:-]+::|_[^:\n]+:(?:[ \t]|$))"
    r"|:[\w:.+-]+:`[^`\n]+`|`[^`\n]+<[^`>\n]+>`__?|`[^`\n]+`__?(?=[\s.,;:!?)]|$)", re.M)
# What only Markdown writes: a heading of level two or more (`## Options`), a code fence,
# a link with its target (`[text](https://...)`). A `.txt` file holding two of these
# (a fence's two lines count as two) is Markdown (Pandoc's MANUAL.txt, a README.txt); one
# alone may be a shell's root prompt or a pasted link.
_MARKDOWN_MARKUP = re.compile(
    r"^(?:#{2,6}[ \t]+\S|```|~~~)|\[[^\]\n]+\]\((?:https?://|#|\.{0,2}/)[^)\s]*\)", re.M)
MARKDOWN_MARKS = 2

__all__ = [
    "MAX_FILE_BYTES", "SUFFIXES", "Unusable", "blocks_for", "corpus_targets", "describe_suffixes",
    "is_document", "load_document", "read_document",
]


def describe_suffixes() -> str:
    """The supported suffixes for help text: ".md, .markdown, .txt, ..."."""
    return ", ".join(s for s in SUFFIXES if s not in MAN_SUFFIXES) + ", .1 to .9, .man"


def is_document(path: Path, name: str = "") -> bool:
    """Whether the file at `path` (named `name`, else its own name) is of a kind read here:
    a supported suffix, or a man page section's extension (`.3pcap`) on a roff file."""
    suffix = Path(name or path.name).suffix.lower()
    if suffix in SUFFIXES:
        return True
    return bool(_MAN_EXTENSION.fullmatch(suffix)) and _opens_as_roff(path)


def _opens_as_roff(path: Path) -> bool:
    from . import roff

    try:
        with path.open("rb") as file:
            head = file.read(SNIFF_BYTES)
    except OSError:
        return False
    return roff.is_roff(head.decode("utf-8", errors="replace").replace("\r\n", "\n"))


def load_document(path: Path, source: str, targets: Targets | None = None) -> Document | None:
    """Read one file; None (after a one-line warning naming it) when it is unusable."""
    try:
        return read_document(path, source, targets)
    except Unusable as exc:
        log.warning("skipping %s: %s", source, exc)
        return None


def read_document(path: Path, source: str, targets: Targets | None = None) -> Document:
    """Read one file; raises Unusable saying why it cannot be used. `targets`: what the
    corpus's cross-references point at (`corpus_targets`), for reStructuredText and MyST."""
    suffix = path.suffix.lower()
    if _MAN_EXTENSION.fullmatch(suffix):
        suffix = suffix[:2]  # `.3pcap`: section 3's man page
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise Unusable(f"{size >> 20} MB is over the {MAX_FILE_BYTES >> 20} MB limit")
        if suffix in TEXT_SUFFIXES:
            return _load_text(path, source, suffix, targets)
        if suffix in (".html", ".htm"):
            from . import html

            return html.load(path, source, path.read_bytes())
        if suffix == ".pdf":
            from . import pdf

            return pdf.load(path, source)
        if suffix == ".docx":
            from . import word

            return word.load(path, source)
        if suffix == ".ipynb":
            from . import notebook

            return notebook.load(path, source, path.read_bytes())
    except Unusable:
        raise
    except OSError as exc:
        raise Unusable(str(exc.strerror or exc)) from None
    except Exception as exc:  # noqa: BLE001 - a damaged file must not stop the build
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise Unusable(f"cannot read it as {suffix[1:].upper()} ({reason})") from None
    raise Unusable("unsupported file type")


def _load_text(path: Path, source: str, suffix: str, targets: Targets | None) -> Document:
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise Unusable("looks like a binary file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unusable("not valid UTF-8 text") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise Unusable("empty file")
    if suffix in MAN_SUFFIXES or suffix == ".txt":
        from . import roff

        if suffix in MAN_SUFFIXES or roff.is_roff(text):
            return roff.load(path, source, text)
    if suffix in MARKDOWN_SUFFIXES:
        from . import includes, markdown

        root = _corpus_root(path, source)
        text = includes.expand(text, path, root)  # includes read in
        if not text.strip():  # it held nothing but includes of files it cannot read
            raise Unusable("nothing but includes of files it cannot read")
        if "param" in text:
            from .hugo import expand_params

            text = expand_params(text, path, root)  # Hugo's {{< param "KEY" >}}
        if targets is not None:
            from .myst import titled_references

            text = titled_references(text, targets, source)
        return markdown.load(path, source, text)
    rst = suffix == ".rst" or (suffix == ".txt" and _RST_MARKUP.search(text))
    if not rst and suffix == ".txt" and len(_MARKDOWN_MARKUP.findall(text)) >= MARKDOWN_MARKS:
        from . import markdown

        return markdown.as_read_text(markdown.load(path, source, text))
    if rst:
        from . import includes, rst

        # An included file the corpus reads on its own is left out (it has its page).
        text = includes.expand_rst(text, path, _corpus_root(path, source), SUFFIXES)
        return rst.load(path, source, text, targets)
    from . import text as plain

    return plain.load(path, source, text)


def corpus_targets(files: dict[str, Path]) -> Targets | None:
    """The section labels and page titles of a corpus's reStructuredText and Markdown
    pages (`files`: path from the corpus folder -> file), which a Sphinx `:ref:` or
    `:doc:` (MyST's `{ref}`, `{doc}`) without its own text shows; None when it has no
    such pages. A page that cannot be read is left out here (its loader says why)."""
    from .sphinx import doc_targets

    texts = {}
    for source, path in files.items():
        if path.suffix.lower() in (".rst", ".md", ".markdown"):
            try:
                if path.stat().st_size > MAX_FILE_BYTES:
                    continue
                texts[source] = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
            except (OSError, UnicodeDecodeError):
                continue
    return doc_targets(texts) if texts else None


def _corpus_root(path: Path, source: str) -> Path:
    """The folder a file was found in as `source` (its path relative to that folder)."""
    depth = len(Path(source).parts)
    if depth and path.parts[-depth:] == Path(source).parts:
        return path.parents[depth - 1]
    return path.parent


def blocks_for(doc: Document) -> list[Block]:
    """The document's blocks: the loader's, else found from its text by its suffix."""
    if doc.blocks:
        return [Block(b.section, b.start, b.end, b.kind, b.term) for b in doc.blocks]
    if is_markdown(doc.source):
        from . import markdown

        return markdown.blocks(doc)
    from . import text as plain

    return plain.blocks(doc)
