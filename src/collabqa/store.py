"""The index on disk: build it atomically, load it, tell whether it is stale.

    index/manifest.json    format version, model, chunking, file fingerprints, counts
    index/passages.jsonl   one Passage per line, with its sentence spans
    index/vectors.faiss    unit-length passage vectors (inner product == cosine)
    index/sentences.npy    float16 unit-length vectors of every passage's sentences
    index/tokens.npy       int8 codes of every passage's token vectors (late.py)
    index/basis.npz        the basis they are coded in, and where each passage's tokens start
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .corpus import (
    CHUNKING_VERSION,
    MAX_WORDS,
    MIN_WORDS,
    Passage,
    chunk_corpus,
    iter_files,
    load_corpus,
    quotable,
    sentence_spans,
    worded,
)
from . import embed, late
from .embed import Embedder, torch_threads
from .errors import CorpusError, IndexCorruptError, IndexIncompatibleError, IndexNotFoundError
from .target import LOCK_TIMEOUT, build_lock, check_target, swap_in

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
# Bump when chunking, sentence splitting or what is embedded of a passage changes: the
# index is then out of date. A rebuild still reuses, passage by passage, the vectors made
# from exactly what the embedder would be given now: the digest of the embedded text, each
# sentence's span in it and the sentences encoded alone, stored at build time ("encoded").
# (An index written before session 40 has only the embedded text's digest: its vectors are
# reused at the same version only, with the same sentence strings.)
# 3: Markdown content tabs and admonition bodies read as prose, not as code.
# 4: an HTML block in Markdown is cut at its block elements (a <dl> term heads its
#    definition); their tags end sentences and part words; MkDocs attribute lists dropped;
#    a table row is a sentence, and a list item opens one (keeping a short "(Default 5)"
#    and the quotes or brackets closing it); a line with no letter or digit is none; an
#    HTML page's <dt> heads its <dd>; a fence cut out of a tab's body is embedded without
#    its fence marks; a list item nested under another stays in its passage when they fit.
# 5: a Markdown <details> block's <summary> heads its content (a section of its own, ended
#    by </details>); an RST paragraph of images only (a README's badges) is no text; a
#    Markdown H1 after other headings heads a part (it is not the title); a line all in
#    bold (a run-in heading, "**Release Cadence**") is a sentence of its own; a line of an
#    HTML block left with no letter or digit (a "|" between badge links) is no text, nor
#    is a Markdown paragraph of inline HTML tags only (sponsors' <a><img></a> lines).
# 6: Sphinx directives docutils does not know are read (formats/sphinx.py): an object
#    description (`.. py:data::`) heads its body with its signature, version notes and
#    `seealso` are sentences, a tab's label and body are text; an RST footnote's label and
#    its reference marks are no text; a "cell | cell" table row is a sentence of its own;
#    a directive docutils knows with an option of Sphinx's (`.. code-block::` with
#    `:caption:`) is read without it (it was dropped whole), its caption a line above.
# 7: MyST Markdown (formats/myst.py): a directive fence reads as Sphinx shows it ("Note:
#    ...", "Changed in version 23.3: ...", a tab's label before its body), navigation fences
#    (`toctree`, `contents`) are no text, a role shows its words, targets and `%` comments
#    are no text, a definition list's terms head their definitions; a passage that starts
#    inside a fenced body and runs past its closing fence reads the prose after it as prose;
#    a directive's opening line is a sentence of its own (its body's first is prose), and
#    is not quoted when it reads as a label alone ("Note", a tab's "Windows").
# 8: HTML headings' and API entries' permalinks ("Quickstart¶", Sphinx and MkDocs) are
#    no text (formats/html.py); a PDF's running head or foot drawn after the page's body
#    (a browser's print to PDF) goes like one drawn first (pdf.py); a Word code listing
#    (a "Source Code" / "HTML Preformatted" style) is a code block with its lines (word.py).
# 9: PDFs are read with PDFium (pdf.py): its word spacing and quotes ("accessing and
#    modifying", "'A'"), a paragraph's line pitch is the page's or the document's, the
#    smaller (a page of one-line settings no longer reads as one paragraph).
# 10: Material for MkDocs' inline marks, icons, keys, footnotes, abbreviations and snippet
#     includes read as the built page shows them (formats/clean.py).
# 11: reStructuredText's :pep:`517` and :rfc:`9110` read "PEP 517" and "RFC 9110" as
#     Sphinx shows them (they read "517"), and so do MyST's in a directive's argument.
# 12: a collapsible note's title line alone (`??? note "Title"`, a passage's last line or a
#     quoted sentence) reads "Title:" as an open one's does (formats/clean.py).
# 13: a reference whose definition is not in the passage (`written in [Ruby]`, Python-
#     Markdown's `[text]\n[id]`) reads as its text, without brackets or id (clean.py).
# 14: content tabs and notes inside a list item keep their bodies in the item (they were
#     moved to column 0, ending the list: the item's prose after them read as code).
# 15: a passage cut from an indented body (a grid card's) that runs on to the margin loses
#     the body's indent up to there only, so neither reads as an indented code block.
# 16: Hugo's shortcodes (`{{% note %}}`, `{{< tabs >}}`, a link to `{{< relref "x" >}}`) are
#     no text: their lines open no block and the link reads as its text (formats/prepare.py).
# 17: Jekyll's Liquid tag lines and MDX's imports, comments and mdx-code-blocks are no text,
#     Docusaurus admonitions read "Title: ...", .mdx files are Markdown.
# 18: an ATX heading's closing hashes before its attribute list are syntax (`### Lock
#     filename ### {: #lock }`); an API-reference directive's option lines are no sentence.
# 19: a number alone at a PDF page's edge is a page number only in sequence with its
#     neighbours' (a page opening with a lone "L" or "Civil" lost it as a roman numeral).
# 20: inline code that opens with its language (`#!python range()`, pymdownx.inlinehilite)
#     reads as the code alone.
# 21: a Markdown table's row with HTML in its cells (`<br>`, `<ul><li>`) is one sentence.
# 22: a sentence inside a fenced code block reads as code (`list[int]` kept), so its vector
#     is pooled from its passage's tokens like any other, not encoded alone as prose; a
#     code annotation's marker (`# (1)!`, Material for MkDocs) and a block's attribute
#     list alone on its line (`{ .annotate }`) and a template's placeholder (`{{ version }}`)
#     are no text; a reference link in table rows cut from their header reads as its text.
# 23: VitePress: `::: tip Title` and `::: details Title` read as admonitions ("Title: ..."),
#     `::: code-group` is no text; a `<script>` or `<style>` block's content is no text;
#     a heading's `{#id}` is syntax whatever characters the id holds.
# 24: a sentence that says nothing once read (a line that is a Hugo shortcode) is no
#     sentence of the index; reST: a code block or list in a note or a list item is read
#     as its own block, a link to a target outside a parsed body reads as its words.
# 25: HTML: a `<pre>` without `<code>` is a code block with its lines (trafilatura read it
#     as a quotation, its lines joined); a paragraph of navigation links is no text.
# 26: ... also on a page with neither a `<pre>` nor a "Next:" link (a chapter's last page).
# 27: MDX: a JSX component's title or label heads its content, a link card reads as its
#     title and description, a tag over several lines or with `{expressions}` is no text,
#     and a component's indented children are no indented code.
# 28: an HTML block tag inside a code span (`` `<div>` ``) ends no sentence.
# 29: a numbered heading or caption ("5.11.2. Example", "Table 13.2. Conflicting Lock
#     Modes") is one sentence; HTML: a heading whose first text trafilatura dropped (a
#     DocBook page's table of contents) goes before the next text of its own, and a
#     `<pre>` of code pieces among other text (a prompt and a command) is one code block.
# 30: HTML: an exponent reads "2^32" ("2<sup>32</sup>" read "232"); a heading that labels
#     a box inside a section (DocBook's tip and note boxes) is a run-in label ("Tip: ...")
#     and heads no more of the section.
# 31: HTML: a code block in a list item (a listing under a `<dt>`, a step's `<pre>`) is a
#     code block with its lines, not words run into the item's; "E.g." and "I.e." opening
#     a sentence end none.
# 32: Markdown: a line including a code file (`{* ../../docs_src/app.py hl[3] *}`) is no
#     text; pymdownx blocks nested with more slashes (`//// tab | Label`) read as their
#     labels; a fenced code block reads as written (`calls[0][0]`, `!!! note` in an example).
#     HTML: a one-row table of a label and its text (AsciiDoc's admonition) reads "Note: ...".
# 33: PDF: a chapter's running head with its page number is no text (on three pages of
#     it as on most); a raised footnote mark after a word is no text, a raised number
#     after a digit an exponent ("2^31"); a web address broken at a line's end reads whole.
# 34: HTML: a list nested in a list item or a term's description reads where it stands
#     (the item's words after it came before it); each paragraph of an item is a block;
#     a one-line code block in one is code; Sphinx's "[source]" link after an API entry's
#     name is no text; an admonition's title paragraph labels the paragraph after it.
# 35: plain text laid out for print (form feeds, numbered sections; an RFC): running
#     headers and footers no text, a paragraph a page break cut whole, numbered lines
#     headings, a table of contents left out, columns and set-in examples code.
# 36: Word: text in tracked insertions, content controls, smart tags and fields is read,
#     hidden text is not, text boxes once and footnotes after their paragraph, a table of
#     contents left out, a short line all in bold heads a section. PDF: lines set all in
#     a typewriter font are code; a C1 control character opening a line is its bullet.
#     HTML: loose text after a heading is a paragraph; a heading trafilatura keeps as code
#     reads once. Plain text for print: a compound's hyphen at a line's end joins the
#     line. Sentences: "(p. 32)" ends none; one may open with an option ("-s tells").
# 37: PDF: a size larger than the outline's headings' that the outline never names is no
#     heading (a figure's large type); a line at the edge of three pages in a row (or
#     every other) is a running head, with no page number too. HTML: Doxygen's code
#     (`div.fragment`) is code without its tooltips, its page title a heading and what
#     stands above it no text; a table holding a listing is read cell by cell as blocks.
# 38: HTML: a page whose paragraphs stand in its body is read as an article (its headings
#     kept); tables of links only (a bar of navigation, an index) and a few plain lines
#     below the last are no text; a heading that is one link is its text; a table of one row
#     with one full cell is that cell; Doxygen's members are sections and their
#     prototypes one line of code.
# 39: HTML: a section whose id is its heading's words keeps its text (trafilatura drops
#     ids holding "author", "related", "menu", "shar", "cookie", ...); a footnote's mark
#     is no text, and its note reads without its label after the paragraph marking it.
# 40: PDF: a size the outline's headings use is a heading size even when barely larger
#     than the body's; a line where the running heads stand that names an outline's
#     chapter is a running head. HTML: mdBook's hidden example lines and its footnotes'
#     labels are no text.
# 41: PDF: a table's lines (cells parted by gaps wider than 1.5 font sizes, starting at
#     the same places) read a row a line, its cells between " | "; a bold line in a
#     typewriter font (a command) heads nothing.
# 42: PDF: a page's bottom line that closes with the page number (a running foot of the
#     section's title, "Display Windows 5") is no text; a paragraph a page break cuts
#     (no sentence's end, the next page opening in lower case) reads as one; a bold line
#     after a sentence's end (a definition list's term) opens a paragraph of its own.
# 43: a definition list's entries of a label and a value one after another (a list of
#     codes: "‘CA’ Canada.") are joined into passages under the list's heading, as short
#     paragraphs are.
# 44: a fenced code block is a sentence apart from a paragraph line right above or under
#     it (no blank line between); a link whose text is in brackets (`[[Blog]](url)`)
#     reads as that text, not its address.
# 45: a link's or an image's text is never cut into sentences (an alt text of three); a
#     table row read alone shows its reference links as their text; a fence's line
#     alone is no sentence.
# 46: a reStructuredText grid table whose cells hold roles is read as a table (the roles
#     read within their cells, the columns kept in line), not dropped.
# 47: a version note of mkdocs-version-annotations (`+++ 0.20.0`) reads "Added in version
#     0.20.0." (it was a page's byline when under its title).
# 48: an HTML line trafilatura takes for a share button's label ("PDF", "Print",
#     "E-mail", "Google" as a term, a cell or a heading) is kept.
# 49: Markdown includes (`--8<-- "file"`, `{% include-markdown "file" %}`) read as the
#     file they include (formats/includes.py), not left out.
# 50: PDF text drawn under 2 pt is no text (Microsoft Word's bookmark names, "233B").
# 51: ... but a letter PDFium merged into such a mark ("Back" under "117B") is read.
# 52: "max. 16 characters", "min. 2": a bound's abbreviation before its number ends no
#     sentence (GPSBabel's "Known limits: max. 16 characters for waypoint names").
# 53: reStructuredText's :ref:`label` and :doc:`page` without their own text show the
#     section's or the page's title, as Sphinx renders them ("see cmdunregister" read
#     "see Deactivating / unregistering a plugin by name").
# 54: ... and MyST's {ref}`label` and {doc}`page` too, labels of either kind found in both.
# 55: a PDF's line that is a date alone ("August 12, 2021" on a title page) is no heading.
# 56: an HTML section whose id is its heading's words is kept when its navigation links
#     come before the heading (Texinfo 6): GNU m4's page "Comments" was dropped whole.
# 57: a version note's text indented under it (mkdocs-version-annotations) is text, not
#     indented code (Rye's "Renamed from `-i, --include-scripts` ..." kept its backticks).
# 58: an HTML table's links read as their text: trafilatura dropped a table of linked
#     terms as navigation (the Rust Reference's punctuation tokens; 7 of 621 eval pages).
# 59: a definition list in any Markdown (Hugo, mdBook, Pandoc, Material's def_list), not
#     only MyST: its terms head their definitions instead of running into their text;
#     mdBook's `{{#include file.rs:anchor}}` lines read as what they include (or nothing,
#     as includes do), the lines mdBook and rustdoc hide in Rust examples (`# use ...;`)
#     are no text, and a template placeholder run onto the next lines is no text either.
# 60: mdbook-tabs' lines are no text, a tab's its name (PyO3's guide read "{}" for them).
# 61: a Liquid tag inside a line of prose or a heading (Jekyll's `{%- include badge.html
#     -%}` after a heading's words) is no text; `{% raw %}...{% endraw %}` shows what it holds.
# 62: a Hugo code shortcode whose body holds fences (Dapr's `{{% codetab %}}`) is a
#     container of Markdown, not code; a placeholder whose arguments hold braces and run
#     onto the next lines (ESLint's `{{ npm_tabs({` ... `}) }}`) is no text; a `{% raw %}`
#     line inside a code fence is no text, and `{% endhighlight %}` inside one closes no
#     fence of Markdown's (Jekyll's own docs read a heading after one as code); a
#     container's JSON argument (`::: correct { "sourceType": "script" }`) is no text.
# 63: notes as Obsidian and Logseq write them: a wikilink reads as its label or page
#     (`[[Page|label]]`, `[[Page#Heading]]` "Page > Heading"), an embed `![[x.png]]` and a
#     block reference `((uuid))` as nothing; an Obsidian callout (`> [!tip]- Title`) as
#     its title; Logseq's Org blocks in Markdown (`#+BEGIN_NOTE` "Note: ...", `SRC` and
#     `EXAMPLE` code, `QUERY` nothing).
# 64: a property Logseq hides (`id::`, `collapsed::`, `created-at::`, `updated-at::`, a
#     query table's settings) is no text.
# 65: vitepress-plugin-tabs: a set's `:::tabs` line is no text and a tab's `== Label` reads
#     "Label:"; an admonition written with four colons (`:::: warning Title`) reads as one
#     with three; an HTML heading's passage reads its tags' indented lines as HTML, not code.
# 66: an HTML tag whose attributes run onto the next lines (`<img src="..."` with `alt=`
#     under it) is no text.
# 67: a reference whose id is defined elsewhere in the page (`[text][id]`, `![alt][id]`)
#     reads as its text or alt in a passage cut from it, and a row of such images with
#     short alt texts (a README's badges, a logo) as nothing, as the chunker drops them.
# 68: a table's row is one sentence: a full stop inside a cell ends none ("| `dirs next` |
#     Makes the next directory active. If it is the last, cycle to the start. |"); kramdown's
#     table of contents ("* Table of Contents" over `{:toc}`, Jekyll) is no text.
# 69: a passage cut out of a list item to open with a MyST colon fence (`:::{note}`, its
#     other lines indented under the item) reads its body as prose, as one opening with a
#     backtick fence does, not as an indented code block (attrs' glossary).
# 70: a full stop at a line's end ends the sentence before a line that opens with a key
#     ("Default is 4 pages (256KiB).\n  maxHttpResponseBytes: ..."), as a YAML file's
#     commented settings run (Helm's plugin.yaml), though the key is in lower case.
# 71: in text that is not Markdown (a PDF's, a Word file's, HTML's and reST's as read) an
#     HTML tag is what the page says, not markup, and ends no sentence: FedRAMP's guide
#     "enclose the text in <p></p> tags" was cut in two at the tags.
# 72: (not shipped) a short label of what follows, "For example:" too, joined what it
#     labels: 7 fewer answers with the fact on eval/ (docs/history.md, session 55).
# 73: reStructuredText's `.. include::` is read in (formats/includes.expand_rst): borg's
#     docs keep their usage chapters in `.rst.inc` files, which were lost; VitePress's
#     `<<< file` is its file as code. An admonition's or a tab's opening line joins its
#     body, not the piece before it: Traefik's tip was read apart from its label.
# 74: ... only when the three do not fit in one passage: 73 cut every admonition off the
#     paragraph before it (167 more passages in Textual's docs) for 2 more answers with
#     the fact of 3,728, within noise; this keeps the passages as they were.
# 75: a reST include of a fragment (a `.rst` file without a title of its own) is read in,
#     also as a list item's body (NGINX Unit's `#. .. include:: ../include/step.rst`);
#     a bare attribute after a link (`[Get it](x.toml){download}`) is no text.
# 76: an object description in a table cell (fish's `.. envvar:: fish_color_cancel` in the
#     first cell of each row) reads as its name; the cell was empty.
# 77: Sphinx's `.. literalinclude::` shows its file as code (`:pyobject:`, `:lines:`,
#     `:start-after:`, `:end-before:`, `:dedent:`, `:caption:`): aiohttp's middleware
#     cookbook was its headings and prose without its seven examples.
# 78: a `.txt` file written in reStructuredText (a directive, a role or a reST link in it:
#     Celery's `includes/resources.txt`, Django's pages) is read as reST, not as plain text
#     with its markup showing.
# 79: a `.txt` file written in Markdown (two of: a heading of level two or more, a code
#     fence's line, a link with its target: Pandoc's MANUAL.txt) is read as Markdown,
#     then as plain text.
# 80: a reST object's or setting's `:type:`, `:default:` and `:value:` options read as
#     its fields ("Default: 'Project name not set'"), as Sphinx shows them.
# 81: a role written inside a reST inline literal (``:no-typesetting:``) is the literal's
#     text, not a role with no content.
# 82: a JSX component's tag cut off before its ">" (a sentence ending on the tag's last
#     attribute line) reads as its words, never as the raw tag and its props.
# 83: reST text in single backticks with no role reads as the default role shows it
#     (`fields.Nested <marshmallow.fields.Nested>` as "fields.Nested").
# 84: a README or index page with no title of its own is named for its folder.
# 85: a list item's whole fenced block, quoted as one sentence, reads without its fences
#     (its closing line, indented four spaces, had read as code).
# 86: a reST substitution the file does not define (`|@given|`, defined in conf.py's
#     `rst_prolog`) reads as its name, not with its bars.
# 87: plain text's headings ruled under or over ("1. Prerequisites" / "------"), and a
#     numbered line in capitals over its indented text, head sections; rules framing
#     the title are no text.
# 88: a role's path under the home folder (:file:`~/.local/kitty.app`) reads as written,
#     not shortened to its last part as an object's name (`~a.b.name`) is.
# 89: a Hugo shortcode in a cell of a table's rows cut from their header reads as nothing,
#     as it does anywhere outside code.
# 90: a reST `.. raw:: html` block reads as the words its page shows (a paragraph per
#     block element), not as nothing.
# 91: a Markdown bracketed label of no letter or digit (Mermaid's start state `[\*]`, an
#     ellipsis `[...]`) is no reference link: it keeps its brackets.
# 92: a Python object's role with a leading dot (:class:`.Engine`) shows the name without
#     it, as Sphinx does.
# 93: a page's first block that is its title alone (a Sphinx page of a title and autodoc
#     directives) is no byline.
# 94: a Pandoc fenced div of any class opened by four colons or more (`:::::: challenge`,
#     The Carpentries' boxes) reads as its class, "Challenge:", not as colons and a word.
# 95: Nuxt Content's MDC components (`::note` ... `::`, `::read-more{to="..."}`, an inline
#     `:badge[v4.3]{...}`) read as their kind, title or label and body, not as colons
#     and props; a list of links to the page's own anchors (a table of contents) is no
#     passage.
# 96: a definition with no term (`: Port to use ...` under a heading, Python-Markdown's
#     def_list) reads as its text, its indented paragraphs too, not as code; a passage cut
#     from a container's body moves a less indented container after it out by its own
#     indent; VitePress's `<!--@include: file-->` and VuePress's `!!!include(file)!!!`
#     bring their files; a table's rows without a closing pipe read as rows; Shiki's
#     `// [!code ++]` comments show nothing.
# 97: a DocC link (`<doc:Page#Section-Name>`, the Swift book's) reads as the words of
#     the section or page it names, not as "doc:Page#Section-Name".
# 98: a Nunjucks capture written out highlighted (Eleventy's `{%- set codeBlock %}{% raw %}`
#     ... `{% endraw %}{%- endset %}`) is a code block; a line that opens and closes a
#     Liquid tag around text (`{% callout "warn" %}Text.{% endcallout %}`) reads as the text.
# 99: such a capture is fenced apart from a Hugo or Liquid code shortcode (its own, longer
#     fence), so neither one's closing tag inside the other ends it; a JSX attribute's
#     object (`<img style={{maxHeight:200}} />`) reads as empty, not as a placeholder to
#     drop, so its tag stays a tag, and `={{...}}` outside a tag (curl's `var1={{var2}}`)
#     is no placeholder.
# 100: an `automodule`'s body (its sections, prose, objects) reads as the page's text, not
#      as nothing; an object with no body of its own (`.. autoclass:: LifoQueue`) reads
#      as its signature line, "class LifoQueue".
# 101: a Markdown reference link whose label is wrapped over a line ("[comment on the
#      discussion thread]", its definition outside the passage) reads as its words.
# 102: that signature line is the directive's argument as written, escapes aside: no
#      inline markup read in it (SQLAlchemy's `.. autofunction:: and_` is "and_", no link).
# 103: a line break after "e.g.", "i.e.", "a.k.a.", "cf." or "vs." ends no sentence (a
#      wrapped line: pandoc's "by e.g.\n`--metadata=pdfa` ..., `1b:2005` will be used").
# 104: a reST directive's line in Markdown (Sanic's `.. column::`, `.. tip:: FYI`) opens a
#      container whose indented body is Markdown, as `!!! note` does; the line reads as an
#      admonition's ("Tip: FYI") or, any other directive's, as nothing.
# 105: a reST page's lone first section, which docutils makes the subtitle, is read as the
#      section it is (its heading over its text), as Sphinx shows it.
# 106: reST text in single backticks read by a linking default role as Sphinx shows it
#      when it is `!name` ("name": psycopg's `!float`) or `~a.b()`, `~.a.b`, `~name` ("b()",
#      "b", "name").
# 107: a `.txt` holding a reST link target (`.. _name: url`), a named link (`name`_) or a
#      substitution's definition (`.. |name| replace::`) is read as reST (Kombu's included
#      `includes/resources.txt`, coverage.py's man page); a file of link targets alone
#      has no text.
# 108: `.. class:: Name` is Sphinx's Python class, read under its signature (docutils'
#      style-class directive dropped the name: referencing's `_Unset`, the debug
#      toolbar's panels, aiohttp's client reference); `.. class:: center` stays docutils'.
# 109: a `.. csv-table::` with `:file:` shows the file's rows, as Sphinx reads them in
#      (Pillow's Python support tables, conda's cheatsheet).
# 110: a reST option list ("--exit-zero   exit with 0, ...") is an item per option (Bandit's
#      man page, Borg's common options), not one paragraph; a table cell that is an
#      enumerated list shows its enumerators (Unit's walkthrough steps, "1. Verify ...").
# 111: a command's help text ("  -H, --hidden   Search hidden files", as `--help` prints
#      it in a README's code block) has a sentence per option, where three or more
#      described options follow one another (fd's README, ripgrep's FAQ, Typer's pages).
# 112: ... and an option's entry of a long help text (its description in paragraphs under
#      it, "[default: 3000]" last, as clap's `--help` prints it) is one sentence when it
#      is short, and a passage cut from its code block holds it whole (delta's `--help`,
#      text-embeddings-inference's README).
# 113: a site's home page reads what its layout shows of its front matter: the hero's
#      name, text and tagline and each feature card's title and details (VitePress'
#      `layout: home`, Starlight's splash page; asdf's, VitePress', zustand's and
#      Starship's home pages had no passage).
# 114: Sphinx's C and C++ `namespace` directives and a spelling word list show nothing
#      (`.. cpp:namespace:: nanobind` opens 19 of nanobind's pages; three passages held
#      only the word "nanobind").
# 115: man pages are read (.1 to .9, .man, and a .txt written in roff: roff.py), not
#      skipped or read as plain text with their requests and escapes ("\fBzoxide-add\fR
#      - add a new directory .SH SYNOPSIS" in zoxide's man pages).
# 116: a notebook's raw cells of reStructuredText are read (marked so, or unmarked in a
#      notebook whose unmarked raw cells write reST: seaborn's tutorials keep all their
#      prose so, and only their code was read).
# 117: a notebook's reST title written with markup ("Using ``foo``") takes its
#      adornment's level, and a cell's lone first title so written is kept.
# 118: mdoc's ".It Xo" tag runs over its lines to ".Xc" (tmux's commands, ssh's options),
#      ".Tg" shows nothing, ".D1"/".Dl" lines stand apart, mdoc's strings (\*[Lt]) read.
# 119: an HTML page's text standing loose after a block (the rest of a `<p>` the parser
#      ended at its `<pre>`, as man2html writes PCRE2's pages) or at a container's start
#      before its first block is a paragraph, not dropped or run into a list.
# 120: a PDF's symbol-font glyphs (private-use code points) are no text, or a bullet
#      opening a line; a line drawing one heads nothing, nor do lines that read as a
#      sentence together (Dire Wolf's warnings, set large, headed its chapters).
# 121: an HTML section whose id holds a word of its heading run together (Sphinx's
#      "module-scrapy.downloadermiddlewares.cookies" over "CookiesMiddleware") loses the
#      id, which trafilatura took for a cookie banner's; inline code holding code
#      (DocBook's "CHECK (<em><code>column_name</code></em> IS NOT NULL)") reads in place.
# 122: a reST simple table's roles are read cell by cell, its columns kept in place
#      (Altair's tables of marks and Django's of model fields were dropped as malformed).
# 123: a directive whose body is Python code (Altair's `altair-plot`, Bokeh's `bokeh-plot`)
#      reads as a code block, not as paragraphs of code.
# 124: a Word heading numbered by a chain of its own ("Appendix A" in Heading 7, "A.1" in
#      Heading 8) stands as deep as its number shows, not as its style.
# 125: HTML tags and JSX components inside a fenced code block end no sentence: the block
#      is code (React's `<div onClickCapture={() => {}}>` lost its tag and read as
#      "{ /* this runs first */ }}>").
# 126: mdoc's ".Fl Fl acls" reads "--acls" (libarchive's long options read "- -acls"); a
#      PDF's front matter numbered in roman loses its running heads ("Auto Multiple
#      Choice iv").
# 127: a PDF's space drawn as character spacing (Ghostscript's justified lines) parts the
#      words around it (groff's pdfmark manual read "viewspecification", "anyother").
# 128: an HTML <br> ends a line, in a table's cell too: the words around it read apart
#      (Mutt's "... }ungroup", Eigen's "read-only.See", SQLite's "MySQL3.23.41").
# 129: ... and the page's own headings are matched with a <br> read the same way, so a
#      heading trafilatura dropped goes back before the synopsis it heads (Mutt's
#      "5. Defining/Using Aliases" stood after it at 128).
# 130: a word a PDF table's cell breaks at its line end with a hyphen is mended as in a
#      paragraph ("(usual-" / "ly" of X.Org's XKB guide); a Word paragraph given an outline
#      level by hand heads a section only when as short as a bold heading (FedRAMP's
#      steps, sentences long, were section names); a Liquid tag whose arguments run onto
#      the next lines is no text (the 18F handbook's `{% include "step-indicator.html"`).
# 131: an HTML table a <blockquote> holds reads as a table, not as its cells run together
#      (Postfix's guides; four of SQLite's pages).
# 132: a link reference definition right under a passage's opening heading words is no
#      text in a sentence read from there (the Rust RFCs' `## Summary` / `[summary]: #summary`).
# 133: sphinx-tabs' `tabs` and `group-tab` fences in MyST read as labelled prose, not as a
#      code block of their Markdown (Incus' docs: "CLI: ...", "API: ...").
# 134: a PDF character outside UTF-16's first plane reads as itself, not its two surrogate
#      halves (TeX Live's lua-widow-control manual, whose index the tokenizer refused);
#      a .txt file's first line whose sentence runs on lower case is text, not the title.
# 135: a PDF's body size is its prose's, lines in a typewriter font left out (the same
#      manual's source listing outweighed its prose and made the prose's size a heading's).
# 136: an HTML box of prose classed "sidebar" (DocBook's, The Debian Administrator's
#      Handbook's "CULTURE ..." boxes) reads, its title a run-in label; empty link targets
#      are gone before trafilatura reads a page; a list item's `<div>` paragraphs read apart.
# 137: a PDF's Type 3 fonts (dvips' bitmap fonts: Graphviz's lefty and dotty guides) read
#      at the size their letters' ink shows, not as text too small to see; OT1's ligature
#      codes next to a letter read as the ligatures ("Koutso\x0cos": "Koutsofios").
# 138: text in single backticks naming a Python object from the current module on
#      (`.IOLoop`, `.Context.run`: Tornado's, Invoke's, Fabric's, paramiko's docs) reads
#      without its dot, as Sphinx shows it.
# 139: headings in a row with no block between (an empty section, a definition list's
#      terms sharing one definition: a man page's "-B size" then "--buffer-size=size")
#      all read in the next block; before, only the last one did.
# 140: Hugo's `{{< param "PRODUCT_NAME" >}}` reads as the value the page's front matter or
#      an `_index.md`'s `cascade` above it sets (Grafana Alloy's docs: "Alloy"), not as
#      nothing; a man page whose suffix carries its section's extension (`pcap.3pcap`)
#      is read when it is roff.
# 141: a plain text's ruled heading whose label is set off by spaces ("A.    Testing with
#      the arena", "0-a     Option files.": Dungeon Crawl's docs) heads its section; the
#      spaces were taken for columns and the heading read as code.
# 142: a man page's bulleted item that is only a label ("- --indent n:"), its text in the
#      indented paragraphs after it, heads them as a term (Ronn's `.IP "\[ci]"` lists:
#      jq's options); the circle `\[ci]` and other bullet glyphs mark items.
# 143: a box laid out as a one-row table inside a list item, which trafilatura leaves as
#      its label's words and a loose cell, reads "Warning: ..." (ELinks' Lua functions,
#      Eigen's parameter tables: "srcSource" -> "src: Source").
# 144: a man page's paragraph of one bold line with an indented block (`.RS`) right after
#      it heads the block as a term (DocBook's and Asciidoctor's option and directive
#      items: nftables, chrony); groff's `.als` and other requests that define or write
#      show nothing ("MTO URL"); a PDF's bold line alone a little larger than the body,
#      short of a heading size, heads what follows (RasMol's Word manual, 13.44 over 12).
# 145: such a term inside another's indented block is a term a level below it (chrony's
#      "server hostname > minpoll poll"), and the outer term's text after the inner
#      list is its own again.
# 146: a PDF's TeX fonts named bold by their series ("CMBX12", "CMSSBX10", "SFBX1200") are
#      bold (CTSim's manual's subsections, CMBX12 over CMR10, now head their sections).
# 147: DocBook's questions and answers set as a table (`<tr class="question">`, `<tr
#      class="answer">`) read as the sections their questions head (Valgrind's FAQ).
# 148: a PDF's numbered bold heading followed on its line by fewer than three words in
#      another font is one heading, not a run-in heading and its paragraph ("2.1
#      Variations on read.table" in the R manuals, now that CMBX reads bold).
# 149: the list of a DocBook Q and A set's questions before them, each a link to its
#      question, is left out (Valgrind's FAQ read its questions twice).
# 150: mdbook-admonish's fences (```` ```admonish warning title="..." ````) read as the
#      boxes their pages show, a title and a Markdown body, not as code (the Leptos book).
# 151: an HTML span in running text keeps its words whatever its class: trafilatura dropped
#      DocBook's `<span class="guimenu">` as a menu (aptitude's "use → (F6)").
# 152: a paragraph of prose after a table of contents' entries ends them and reads (DICOMscope's
#      disclaimer; a section or term named "Contents" lost its text: mtree's `contents`
#      keyword, Doxygen's "Table of Contents"); a man page section's short bold paragraphs
#      over text, three or more, head their paragraphs (lftp's commands), and `.BR`/`.BI`
#      open in bold.
# 153: a reST grid table docutils refuses ("Malformed table.": a row past the border) reads
#      from its source, a row a line (django-axes' settings, a table of pgloader's).
# 154: Doxygen's formula images read as their TeX, a logo as its name (Doxygen's manual:
#      "put LaTeX formulas in the output" read "put formulas").
CHUNKER_VERSION = 154
FLAT_LIMIT = 50_000  # exact search below this many passages, HNSW above
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 512  # recall@10 0.964 at 1M passages, p50 1.5 ms (docs/benchmarks.md)
PROGRESS_FROM = 256  # show a progress bar when embedding at least this many texts
FIX = "run 'collabqa index'"
# torch threads while embedding a build: one, like queries. On this 2-core machine under
# shared load 2 threads were slower in every run (1.18x vs 0.94x of sentence-transformers
# alone; docs/ingest-benchmark.md); torch_threads restores the count after the build.
BUILD_THREADS = 1
MANIFEST_KEYS = {  # what load_index and `collabqa info` read, with its type
    "model": dict, "chunking": dict, "index_type": str, "corpus": str, "files": dict,
    "documents": int, "passages": int, "built_at": str,
}


@dataclass
class Index:
    """A loaded index: passages, their vectors, and their sentences' vectors."""

    path: Path
    manifest: dict[str, Any]
    passages: list[Passage]
    sentences: list[list[tuple[int, int]]]  # per passage, spans relative to passage.text
    sentence_rows: list[int]  # per passage, row of its first sentence in sentence_vectors
    vectors: Any  # faiss.Index
    sentence_vectors: "np.ndarray"
    # Per passage, the digest of the text its vectors were made from, as written at build
    # time (None in an index that has none): what a rebuild may reuse them for.
    embedded: list[str | None] = field(default_factory=list)
    # Per passage, its tokens' int8 codes are token_codes[token_offsets[i]:token_offsets[i + 1]]
    # in token_basis (late.py); None in an index built before session 47.
    token_codes: Any = None
    token_offsets: Any = None
    token_basis: "late.Basis | None" = None
    # ... and the digest of all the embedder was given for them (the text, its sentences'
    # spans in it, the sentences encoded alone): reusable across chunker versions.
    encoded: list[str | None] = field(default_factory=list)

    @property
    def corpus_dir(self) -> Path:
        return (self.path / self.manifest["corpus"]).resolve()


# --------------------------------------------------------------------------- fingerprints


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(corpus_dir: Path) -> dict[str, str]:
    """sha256 of every candidate corpus file, keyed by its path relative to the corpus."""
    return {p.relative_to(corpus_dir).as_posix(): sha256(p) for p in iter_files(corpus_dir)}


def stale_files(index: Index, corpus_dir: str | Path | None = None) -> list[str]:
    """Files of `corpus_dir` (default: the one the index was built from) added, removed
    or changed since the index was built (sorted)."""
    corpus = Path(corpus_dir).resolve() if corpus_dir is not None else index.corpus_dir
    if not corpus.is_dir():
        return []  # an index shipped without its corpus is served as is
    now, then = fingerprint(corpus), index.manifest["files"]
    return sorted(k for k in now.keys() | then.keys() if now.get(k) != then.get(k))


def outdated(index: Index, corpus_dir: str | Path | None = None) -> str | None:
    """Why this collabqa would read the documents of `corpus_dir` (default: the one the
    index was built from) otherwise: the index was built by another chunker version (an
    older or newer collabqa). None when it reads them as this one does, or when there is no
    corpus to read again (an index shipped without it is served as is, as by `stale_files`).
    A rebuild reuses the vectors of every passage that reads the same."""
    corpus = Path(corpus_dir).resolve() if corpus_dir is not None else index.corpus_dir
    built = index.manifest.get("chunker_version")
    if built == CHUNKER_VERSION or not corpus.is_dir():
        return None
    return (f"built by chunker version {built if built is not None else 'unknown'}; "
            f"this collabqa reads documents as version {CHUNKER_VERSION}")


# --------------------------------------------------------------------------- building


def _new_faiss_index(n: int, dim: int):
    import faiss

    if n <= FLAT_LIMIT:
        return faiss.IndexFlatIP(dim), "flat"
    index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    return index, f"hnsw{HNSW_M}"


def build_index(
    corpus_dir: str | Path,
    index_dir: str | Path,
    *,
    embedder: Embedder | None = None,
    min_words: int = MIN_WORDS,
    max_words: int = MAX_WORDS,
    progress: bool = True,
    lock_timeout: float = LOCK_TIMEOUT,
) -> dict[str, Any]:
    """Chunk, embed and write the corpus to `index_dir`; return the manifest.

    `index_dir` must be absent, empty or an index, and apart from the corpus, else
    IndexTargetError and nothing is touched. Builds of one index take turns (a lock file
    beside it; IndexBusyError after `lock_timeout` s). The new index is written next to
    the old one and renamed into place, so a crash leaves the old intact.
    """
    corpus_dir, index_dir = Path(corpus_dir).resolve(), Path(index_dir).resolve()
    check_target(corpus_dir, index_dir)
    if not corpus_dir.is_dir():  # before anything is created for the index
        raise CorpusError(f"no corpus folder at {corpus_dir} - pass --corpus DIR")
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(index_dir, lock_timeout):
        check_target(corpus_dir, index_dir)  # it may have changed while we waited
        return _build(corpus_dir, index_dir, embedder, min_words, max_words, progress)


def _build(corpus_dir, index_dir, embedder, min_words, max_words, progress) -> dict[str, Any]:
    import numpy as np

    passages = chunk_corpus(load_corpus(corpus_dir), min_words=min_words, max_words=max_words)
    embedder = embedder or Embedder()
    # "sentences": how sentence vectors are made; indexes made otherwise are not mixed in.
    chunking = {"min_words": min_words, "max_words": max_words, "version": CHUNKING_VERSION,
                "sentences": f"late-{embed.CONTEXT_REMOVED:g}", "tokens": late.SPEC}
    files = fingerprint(corpus_dir)
    # relative to passage.text; in code, and in text that is not Markdown, an HTML tag is
    # what it says, not a sentence's end
    sentences = [worded(p, quotable(p.text, sentence_spans(
                     p.text, tags=p.kind != "code", markup=p.is_markdown)))
                 for p in passages]
    embedded = [p.embedding_text() for p in passages]  # once: it parses Markdown
    keys = [_text_key(text) for text in embedded]

    old, same_chunking = _reusable(index_dir, embedder, chunking)
    # Chunked as before, a passage of the same text and sentences was encoded as before:
    # the cheap check (no sentence is read again), which keeps the old digest of it.
    reused = _same_text(old, passages, sentences, keys) if same_chunking else {}
    encoded = {i: old.encoded[row] for i, row in reused.items() if old.encoded[row]}
    # The others: what the embedder would be given, and its digest; an old passage of the
    # same digest, whatever its chunker version, was encoded from exactly that.
    made = _encodings(passages, sentences, embedded,
                      [i for i in range(len(passages)) if i not in encoded])
    encoded.update((i, key) for i, (key, _, _) in made.items())
    if old is not None:
        rows_of = {key: row for row, key in enumerate(old.encoded) if key}
        reused.update((i, rows_of[key]) for i, (key, _, _) in made.items()
                      if i not in reused and key in rows_of and sentences[i])
    log.info("%d passages, %d reused", len(passages), len(reused))

    dim = embedder.dimension
    vectors = np.zeros((len(passages), dim), dtype=np.float32)
    rows: list = [None] * len(passages)
    for i, row in reused.items():
        first = old.sentence_rows[row]
        vectors[i] = old.vectors.reconstruct(row)
        rows[i] = np.asarray(old.sentence_vectors[first : first + len(sentences[i])],
                             dtype=np.float32)
    todo = [i for i, row in enumerate(rows) if row is None]
    tokens: list = [None] * len(passages)  # per passage, its tokens' codes
    fresh_tokens: list = []  # ... and the vectors of those encoded now, in `todo` order
    for i, row in reused.items():
        tokens[i] = old.token_codes[old.token_offsets[row]:old.token_offsets[row + 1]]
    if todo:
        texts = [embedded[i] for i in todo]
        alone = [(j, s, text) for j, i in enumerate(todo) for s, text in made[i][2]]
        embedder.model  # loaded first: loading sets the query-time thread count
        with torch_threads(BUILD_THREADS):
            fresh, fresh_rows = embedder.encode_passages(
                texts, [made[i][1] for i in todo],
                progress=progress and len(todo) >= PROGRESS_FROM, tokens_out=fresh_tokens)
            if alone:  # sentences whose plain text could not be found in the embedded text
                extra = embedder.encode([t for _, _, t in alone])
                for (j, s, _), vec in zip(alone, extra):
                    fresh_rows[j][s] = vec
        vectors[todo] = fresh
        for i, row in zip(todo, fresh_rows):
            rows[i] = row
    # Reused tokens keep the basis they were coded in; a build that reuses none fits its own.
    basis = old.token_basis if reused else late.fit_basis(fresh_tokens)
    for i, matrix in zip(todo, fresh_tokens):
        tokens[i] = basis.compress(matrix)
    token_offsets = np.cumsum([0] + [len(t) for t in tokens]).astype(np.int64)
    token_codes = (np.concatenate(tokens) if token_offsets[-1]
                   else np.zeros((0, late.DIMENSION), dtype=np.int8))
    sentence_matrix = np.concatenate(rows).astype(np.float16)

    faiss_index, kind = _new_faiss_index(len(passages), dim)
    faiss_index.add(vectors)

    manifest = {
        "format_version": FORMAT_VERSION,
        "model": {"name": embedder.name, "dimension": dim},
        "chunking": chunking,
        "chunker_version": CHUNKER_VERSION,
        "build_id": uuid.uuid4().hex,
        "index_type": kind,
        "corpus": os.path.relpath(corpus_dir, index_dir),
        "files": files,
        "documents": len({p.source for p in passages}),
        "passages": len(passages),
        "sentences": int(sentence_matrix.shape[0]),
        "reused_passages": len(reused),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    _write_atomically(index_dir, manifest, passages, sentences, keys,
                      [encoded[i] for i in range(len(passages))], faiss_index, sentence_matrix,
                      (token_codes, token_offsets, basis))
    return manifest


def embedded_spans(passages, sentences, todo, texts):
    """Each sentence's span in the text the embedder reads (title, section, plain text).

    The embedded text holds the passage without its Markup, so a sentence is found there
    by its own plain text, in order. Returns the spans (an empty span when a sentence is
    not found) and (todo position, sentence number, plain text) of those to encode alone.
    """
    spans, alone = [], []
    for j, (i, text) in enumerate(zip(todo, texts)):
        p = passages[i]
        cursor = p.plain_start()
        mine = []
        for s, (a, b) in enumerate(sentences[i]):
            plain = p.plain_at(p.text, a, b).strip()
            at = text.find(plain, cursor) if plain else -1
            if at < 0:
                mine.append((0, 0))
                alone.append((j, s, plain or p.text[a:b]))
            else:
                mine.append((at, at + len(plain)))
                cursor = at + len(plain)
        spans.append(mine)
    return spans, alone


def _encodings(passages, sentences, embedded, todo
               ) -> dict[int, tuple[str, list[tuple[int, int]], list[tuple[int, str]]]]:
    """For each passage position in `todo`: the digest of all its vectors are made from,
    its sentences' spans in its embedded text, and (number, text) of those encoded alone."""
    spans, alone = embedded_spans(passages, sentences, todo, [embedded[i] for i in todo])
    alone_of: dict[int, list[tuple[int, str]]] = {}
    for j, s, text in alone:
        alone_of.setdefault(j, []).append((s, text))
    return {i: (_encoded_key(embedded[i], spans[j], alone_of.get(j, [])), spans[j],
                alone_of.get(j, [])) for j, i in enumerate(todo)}


def _reusable(index_dir: Path, embedder: Embedder, chunking: dict) -> tuple[Index | None, bool]:
    """The existing index when its vectors can be reused by this build, and whether it was
    chunked as this build is (same chunking and chunker version)."""
    try:
        old = load_index(index_dir)
    except IndexNotFoundError:
        return None, False
    except (IndexCorruptError, IndexIncompatibleError) as exc:
        log.info("not reusing the old index: %s", exc)
        return None, False
    m = old.manifest
    if (m["model"]["name"], m["chunking"].get("sentences")) != (
        embedder.name, chunking["sentences"]
    ):
        return None, False  # vectors made by another model, or sentences made another way
    if old.token_codes is None or m["chunking"].get("tokens") != chunking["tokens"]:
        return None, False  # tokens not kept (before session 47) or kept another way
    return old, (m["chunking"], m.get("chunker_version")) == (chunking, CHUNKER_VERSION)


def _digest(value: Any) -> str | None:
    """A stored text digest if it is one (hex), else None: nothing will match it."""
    try:
        return value if isinstance(value, str) and bytes.fromhex(value) else None
    except ValueError:
        return None


def _text_key(text: str) -> str:
    """The digest of a passage's embedded text, as stored with it in passages.jsonl."""
    data = text.encode("utf-8", "surrogatepass") + b"\0"
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _encoded_key(text: str, spans: list[tuple[int, int]], alone: list[tuple[int, str]]) -> str:
    """The digest of all a passage's vectors are made from: its embedded text, each
    sentence's span in it, and (number, text) of the sentences encoded alone."""
    data = json.dumps([text, spans, alone], ensure_ascii=False)
    return hashlib.blake2b(data.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _same_text(old: Index | None, passages: list[Passage],
               sentences: list[list[tuple[int, int]]], keys: list[str]) -> dict[int, int]:
    """Passage position -> row of an old passage of the same embedded text (title,
    section, text: the digest stored with it) and the same sentences, in an index chunked
    as this build is: its vectors were made from what this build would give the embedder.
    The digest is the one written at build time, not one worked out now: the code that
    turns a passage into embedded text may have changed since (then nothing matches)."""
    if old is None:
        return {}
    rows_of = {key: row for row, key in enumerate(old.embedded) if key}
    same = {}
    for i, (p, spans, key) in enumerate(zip(passages, sentences, keys)):
        row = rows_of.get(key)
        if row is None or not spans:
            continue
        was = old.passages[row]
        if [was.text[a:b] for a, b in old.sentences[row]] == [p.text[a:b] for a, b in spans]:
            same[i] = row
    return same


def _write_atomically(index_dir, manifest, passages, sentences, keys, encoded, faiss_index,
                      sentence_matrix, tokens):
    import faiss
    import numpy as np

    tmp = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.tmp-", dir=index_dir.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; an index is as readable as its corpus
    try:
        with (tmp / "passages.jsonl").open("w", encoding="utf-8") as fh:
            for p, spans, key, made in zip(passages, sentences, keys, encoded):
                record = {**asdict(p), "sentences": spans, "embedded": key, "encoded": made}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        faiss.write_index(faiss_index, str(tmp / "vectors.faiss"))
        np.save(tmp / "sentences.npy", sentence_matrix)
        codes, offsets, basis = tokens
        np.save(tmp / "tokens.npy", codes)
        np.savez(tmp / "basis.npz", offsets=offsets, mean=basis.mean,
                 components=basis.components, scale=basis.scale)
        # The manifest goes last: a folder without one is never mistaken for an index.
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        swap_in(tmp, index_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# --------------------------------------------------------------------------- loading


def load_index(index_dir: str | Path) -> Index:
    """Load and check an index; errors name the fix (`collabqa index`)."""
    import faiss
    import numpy as np

    path = Path(index_dir)
    manifest_path = path / "manifest.json"
    if not manifest_path.is_file():
        raise IndexNotFoundError(f"no index at {path} - {FIX}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        version = manifest["format_version"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(f"index at {path} is unreadable ({exc!r}) - {FIX}") from exc
    if version != FORMAT_VERSION:
        raise IndexIncompatibleError(
            f"index at {path} has format version {version}, this collabqa reads "
            f"{FORMAT_VERSION} - {FIX}"
        )
    bad = [key for key, kind in MANIFEST_KEYS.items() if not isinstance(manifest.get(key), kind)]
    if bad:
        raise IndexCorruptError(
            f"index at {path} has an incomplete manifest (missing or wrong: "
            f"{', '.join(bad)}) - {FIX}"
        )
    model = manifest["model"]
    if model.get("name") != Embedder.name or model.get("dimension") != Embedder.dimension:
        raise IndexIncompatibleError(
            f"index at {path} was built with {model.get('name')} ({model.get('dimension')} "
            f"dimensions), this collabqa uses {Embedder.name} ({Embedder.dimension}) - {FIX}"
        )
    try:
        passages, sentences, embedded, encoded = [], [], [], []
        with (path / "passages.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                spans = [(int(a), int(b)) for a, b in record.pop("sentences")]
                embedded.append(_digest(record.pop("embedded", None)))
                encoded.append(_digest(record.pop("encoded", None)))
                passage = Passage(**record)
                if not all(0 <= a < b <= len(passage.text) for a, b in spans):
                    raise ValueError(f"sentence spans out of bounds in {passage.id}")
                sentences.append(spans)
                passages.append(passage)
        vectors = faiss.read_index(str(path / "vectors.faiss"))
        sentence_vectors = np.load(path / "sentences.npy").astype(np.float32)
        token_codes = token_offsets = token_basis = None
        if (path / "tokens.npy").is_file():
            token_codes = np.load(path / "tokens.npy", mmap_mode="r")
            with np.load(path / "basis.npz") as stored:
                token_offsets = stored["offsets"]
                token_basis = late.Basis(stored["mean"], stored["components"], stored["scale"])
    except Exception as exc:  # noqa: BLE001 - any failure here means a damaged index
        raise IndexCorruptError(f"index at {path} is damaged ({exc}) - {FIX}") from exc
    rows, total = [], 0
    for spans in sentences:
        rows.append(total)
        total += len(spans)
    if not (vectors.ntotal == len(passages) == manifest.get("passages")) or (
        vectors.d != model["dimension"] or sentence_vectors.shape != (total, model["dimension"])
    ):
        raise IndexCorruptError(f"index at {path} is inconsistent - {FIX}")
    if token_codes is not None and not (
        len(token_offsets) == len(passages) + 1 and token_offsets[-1] == len(token_codes)
        and token_codes.shape[1:] == (late.DIMENSION,)
    ):
        raise IndexCorruptError(f"index at {path} is inconsistent - {FIX}")
    if hasattr(vectors, "hnsw"):
        vectors.hnsw.efSearch = HNSW_EF_SEARCH
    return Index(path, manifest, passages, sentences, rows, vectors, sentence_vectors, embedded,
                 token_codes=token_codes, token_offsets=token_offsets, token_basis=token_basis,
                 encoded=encoded)
