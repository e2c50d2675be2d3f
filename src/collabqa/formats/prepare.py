"""Markdown source rewritten line by line so that it parses as the built site shows it.

Done on the text before markdown-it reads it: an admonition's or content tab's indented
body is moved out to its marker's column (else it would parse as an indented code block),
an API-reference directive (`::: httpx.get`) becomes the name it documents, a site
generator's syntax (Hugo's shortcodes, Jekyll's Liquid tags, MDX's imports) is no text,
and a passage cut out of a file gets back the shape it had there (a closing fence whose
opening is not in the passage is dropped; a block's lines cut from their indent lose it
all alike).
"""

from __future__ import annotations

import re

from .sphinx import VERSIONS
from .tags import COMPONENT, COMPONENT_NAME

__all__ = ["ADMONITION_KINDS", "CODE_SPAN", "CONTAINER", "SITE_MARKS", "autodoc",
           "autodoc_options", "body_dedent", "dedent_containers", "drop_stray_closers",
           "fenced_blocks", "hanging_dedent", "is_fence_line", "open_fence", "site_syntax"]

# The first line of a container whose body is indented under it (admonition or tab), and
# a reST directive's line written in Markdown (Sanic's guide: `.. column::`, `.. tip:: FYI`,
# each over an indented body of Markdown; not a code directive's, whose body is code).
CONTAINER = re.compile(r'[ \t]*(?:!!!|\?\?\?\+?|===[+!]?[ \t]+"|\.\.[ \t]+(?!(?:code|code-block|'
                       r'sourcecode|parsed-literal|doctest|math|raw|literalinclude)::)[A-Za-z][\w-]*::)')
# The kinds of a `:::` admonition (Docusaurus, VitePress); `::: tip` names no API object,
# nor does a set of tabs (`::: tabs`, clean.py).
ADMONITION_KINDS = "note|tip|info|warning|danger|caution|important|success|secondary|details"
# ... nor does a container's JSON argument (ESLint's `::: correct { "sourceType": "script" }`,
# read as `::: correct`).
_AUTODOC = re.compile(r"[ \t]*:::[ \t]+(?!(?:" + ADMONITION_KINDS + r"|tabs)(?![\w.:]))"
                      r"([A-Za-z_][\w.:]*)(?:[ \t]+\{[^\n]*\})?[ \t]*$")
_FENCE = re.compile(r"(`{3,}|~{3,})")
# ... and a MyST colon fence (`:::{note}`) opening a passage cut out of a list item
_BODY_FENCE = re.compile(r"(`{3,}|~{3,}|:{3,})")
_FENCE_LINE = re.compile(r"[ \t]*(`{3,}|~{3,}|:{3,})[ \t]*(.*?)[ \t]*$")
_LIST_START = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
# What a site generator acts on and its page does not show. A Hugo shortcode,
# `{{% note %}}`, `{{< tab tabID="fish" >}}`, `{{< /tabs >}}`: its name, then anything on its
# line up to the first close of its kind.
_SHORTCODE = re.compile(r"\{\{<[ \t]*/?[ \t]*[A-Za-z][\w-]*[^\n]*?>\}\}"
                       r"|\{\{%[ \t]*/?[ \t]*[A-Za-z][\w-]*[^\n]*?%\}\}")
# A Liquid tag alone on its line (Jekyll: `{% raw %}`, `{% include note.html %}`), and one
# or a Liquid output (`{{ site.baseurl }}`) opening a link's target. A tag's arguments
# hold no `%}`: `{% callout "warn" %}Text.{% endcallout %}` is two tags around a sentence.
_LIQUID = re.compile(r"[ ]{0,3}\{%-?[ \t]*(\w+)[ \t]*((?:(?!%\})[^\n])*?)[ \t]*-?%\}[ \t]*")
# Liquid's (and Nunjucks') raw region: `{% raw %}` ... `{% endraw %}`.
_RAW_OPEN = r"\{%-?[ \t]*raw[ \t]*-?%\}"
_RAW_CLOSE = r"\{%-?[ \t]*endraw[ \t]*-?%\}"
# A line that is only `{% raw %}` or `{% endraw %}`, inside a code fence (Jekyll, Eleventy:
# the template engine reads the page before Markdown does, fences and all).
_RAW_LINE = re.compile(r"[ \t]*(?:" + _RAW_OPEN + "|" + _RAW_CLOSE + r")[ \t]*")
_LIQUID_END = re.compile(r"[ ]{0,3}\{%-?[ \t]*endhighlight[ \t]*-?%\}[ \t]*")
# A Hugo shortcode that shows its body as code: the built-in `{{< highlight go >}}`, and
# one named for code (`{{< code-toggle file=hugo >}}`: one block shown as TOML, YAML and
# JSON). Paired with its closing tag it fences code; self-closing, it is no text.
_CODE_SHORTCODE = re.compile(r"[ ]{0,3}\{\{[<%][ \t]*(highlight|[\w-]*code[\w-]*)\b"
                             r"([^\n]*?)(?<!/)[ \t]*[>%]\}\}[ \t]*")
_CODE_SHORTCODE_END = r"[ ]{{0,3}}\{{\{{[<%][ \t]*/[ \t]*{}[ \t]*[>%]\}}\}}[ \t]*"
_SHORTCODE_FENCE = "~" * 8  # the fence such a shortcode stands for: no page writes one
# A Nunjucks capture shown as code (Eleventy's docs): `{%- set codeBlock %}{% raw %}` on a
# line of its own, the code, `{% endraw %}{%- endset %}`, then the variable written out
# through a `highlight` filter (`{{ codeBlock | highlight("yaml") | safe }}`); without
# `{% raw %}`, only when that line follows.
_CAPTURE_OPEN = re.compile(r"[ ]{0,3}\{%-?[ \t]*set[ \t]+(\w+)[ \t]*-?%\}(?:[ \t]*" + _RAW_OPEN
                           + r")?[ \t]*")
_CAPTURE_CLOSE = re.compile(r"[ \t]*(?:" + _RAW_CLOSE + r"[ \t]*)?\{%-?[ \t]*endset[ \t]*-?%\}[ \t]*")
_CAPTURE_FENCE = "~" * 9  # its own fence: a shortcode's fence line inside it stays code
# Either fence's line, with its language (in an HTML block, where Markdown sees no fence,
# it is no text: the site shows the code, not the line that stands for its tags).
SITE_FENCE_LINE = re.compile(rf"[ \t]*(?:{_CAPTURE_FENCE}|{_SHORTCODE_FENCE})[\w+-]*[ \t]*")
_CAPTURE_SHOWN = r"[ ]{{0,3}}\{{\{{-?[ \t]*{}[ \t]*\|[ \t]*highlight\b(?:\([ \t]*[\"']([\w+-]+))?"
_TARGET = re.compile(r"\]\([ \t]*(?:" + _SHORTCODE.pattern
                     + r"|\{%-?[ \t]*\w+[^\n]*?%\}|\{\{[^{}\n]*\}\})")
# MDX (Docusaurus): an import or export line of the page's module, and a comment `{/* */}`
# (a heading's id: `## Build {/* #build */}`).
_ESM = re.compile(r"(?:import[ \t]+(?:[\w*{}, \t]+[ \t]+from[ \t]+)?['\"][^'\"\n]+['\"]"
                  r"|export[ \t]+(?:const|let|default|function)\b[^\n]*);?[ \t]*")
_MDX_COMMENT = re.compile(r"[ \t]*\{/\*.*?\*/\}")
# A template's placeholder (`{{ version }}`, `{{ config.site_name | upper }}`: MkDocs
# macros, Jinja, Liquid): the built page shows a value the source does not hold. Not in
# a code span (`{{ name }}` shown as code), nor a GitHub Actions expression (`${{ }}`).
# A macro's arguments may hold braces one deep (Nunjucks: `{{ npm_tabs({ ... }) }}`).
# Nor what follows "=" (`--expand-variable var1={{var2}}`, curl's own syntax): a
# template's value in an attribute is quoted (`href="{{ url }}"`).
_PLACEHOLDER = re.compile(r"[ \t]*(?<![$=])\{\{[ \t]*[A-Za-z_](?:[^{}\n]|\{[^{}\n]*\})*?\}\}")
# ... one that a long call runs onto the next lines (Polars' guide: `{{code_block('x',
# 'y', [],` then `'z')}}`; ESLint's `{{ npm_tabs({` then its arguments' lines, then
# `}) }}`): it opens on a line that does not close it.
_PLACEHOLDER_OPENS = re.compile(r"(?<![$=])\{\{[ \t]*[A-Za-z_][^\n]*$")
_PLACEHOLDER_LINES = 6  # the most lines such a call runs onto
# ... and a Liquid (Nunjucks) tag whose arguments run onto the next lines (Eleventy: the
# 18F handbook's `{% include "step-indicator.html"`, then `steps: ...` a line each, then
# `hide_steps: ... %}`): it opens a line and does not close on it.
_LIQUID_OPENS = re.compile(r"[ ]{0,3}\{%-?[ \t]*\w+(?:(?!%\})[^\n])*")
# A JSX attribute whose value is an object (`<img style={{maxHeight:200}} />`, `<i
# className={{ class: "icons" }}>` in a Docusaurus or Streamlit page): styling, no text.
# As it is, the tag is no HTML tag to Markdown and shows as text; its value is read as
# empty (`style=""`) inside a tag (an unclosed `<name` before it on the line) or on a line
# of nothing but attributes (a tag written over several lines).
_JSX_OBJECT = re.compile(r"((?:^|[ \t])[A-Za-z_:][\w:.-]*=)\{\{(?:[^{}\n]|\{[^{}\n]*\})*\}\}")
_OPEN_TAG_BEFORE = re.compile(r"<[A-Za-z][\w.:-]*(?:[ \t][^<>]*)?$")
_ATTRIBUTES_ONLY = re.compile(r"[ \t]*(?:[A-Za-z_:][\w:.-]*=(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+)[ \t]*)*/?>?[ \t]*")
CODE_SPAN = re.compile(r"(?P<ticks>`+)[^`].*?(?<!`)(?P=ticks)(?!`)")
# A Liquid tag inside a line of prose (Jekyll: `## Theme Variables {%- include badge.html
# version="4.3.0" -%}`): the built page shows what it renders, which the source does not
# hold; a `{% raw %}...{% endraw %}` region shows what it holds, placeholders and all.
_LIQUID_TAG = re.compile(r"\{%-?[ \t]*\w+[^\n]*?-?%\}")
# Logseq writes Org mode's blocks in its Markdown pages, a bullet's text: `- #+BEGIN_NOTE`,
# its lines, `#+END_NOTE`. A note, tip or warning reads "Note: ..." as an admonition does;
# source and example blocks are code; a query block shows its results, which the page
# does not hold, and a comment nothing: no text; a quote's or centred block's lines are
# text.
_ORG_BLOCK = re.compile(r"([ \t]*(?:[-*+][ \t]+)?)#\+((?:BEGIN|END)_\w+)(?:[ \t]+([^\n]*?))?[ \t]*",
                        re.I)
_ORG_CODE = {"SRC", "EXAMPLE", "EXPORT"}
_ORG_HIDDEN = {"QUERY", "COMMENT"}
_ORG_LABELLED = {"NOTE", "TIP", "IMPORTANT", "CAUTION", "WARNING", "PINNED"}
# A wikilink (Obsidian, Logseq, Foam): `[[Page]]`, `[[Page|label]]` (`\|` in a table's
# cell), `[[Page#Heading]]`, an embed `![[image.png|300]]`.
# Not `[[Blog]](https://...)`: a Markdown link whose text is "[Blog]" (Whisper's README).
_WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n|\\]+?)(?:\\?\|([^\[\]\n]*))?\]\](?!\()")
# A property Logseq keeps and never shows (its docs' "Hidden properties": a block's id,
# whether it is collapsed, its time stamps, a query table's settings); the others
# (`type:: [[Feature]]`) show as written.
_HIDDEN_PROPERTY = re.compile(r"[ \t]*(?:[-*+][ \t]+)?(?:id|collapsed|created-at|updated-at|"
                              r"query-table|query-properties|query-sort-by|query-sort-desc)::"
                              r"[^\n]*")
# A Logseq block reference, `((63b70dc8-58a5-4a43-ae19-28143edb7752))`: the app shows the
# block it names, which is elsewhere; its id is no text.
_BLOCK_REF = re.compile(r"\(\([ \t]*[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}[ \t]*\)\)")
_KEPT = re.compile(_RAW_OPEN + "(.*?)" + _RAW_CLOSE + "|" + CODE_SPAN.pattern)
_TITLED = re.compile(r"(:{3,})(\w+)\[([^\]\n]*)\]")  # a Docusaurus admonition's title
# Nuxt Content's MDC: a block component opens on a line of its own, `::name` or
# `::name{props}` (one inside another: more colons, `:::card{title="Nitro"}`), and closes
# on a line of `::`. An admonition's kind (`::note`, `::tip{icon="..."}`) reads as
# Docusaurus's `:::note` (clean.py heads it "Note:"), a `title` prop as a title, and any
# other component (`::code-group`, `::read-more{to="..."}`) only wraps its text. Three
# colons or more without props are left to the Docusaurus and Pandoc readers. An inline
# component (`:read-more{to="/docs/x"}`, `:video-accordion{title="..."}`) shows no words
# of the page's own, but its label does (`:badge[v4.3]{color="info"}`).
_MDC_BLOCK = re.compile(r"([ \t]*)(?:::|:{3,}(?=[\w-]+\{))([^\W\d_][\w-]*)(\{[^}\n]*\})?[ \t]*")
_MDC_CLOSE = re.compile(r"[ \t]*::[ \t]*")
# mdbook-admonish's fence: ```admonish, a kind, then its options (`title="..."`,
# `collapsible=true`) or, as older versions wrote it, the title in quotes.
_ADMONISH = re.compile(r"admonish(?![\w-])(?:[ \t]+([^\W\d_][\w-]*)(?![=\w-]))?(.*)")
_ADMONISH_TITLE = re.compile(r"""[ \t]*(?:"([^"\n]*)"|'([^'\n]*)')""")
_MDC_TITLE = re.compile(r"""(?:^|[{\s])title=(?:"([^"\n]*)"|'([^'\n]*)')""")
_MDC_INLINE = re.compile(r"(?<![^\s(])(?<!\\):[^\W\d_][\w-]*(?:\[([^\]\n]*)\])?\{[^}\n]*\}")
# What `site_syntax` may rewrite; without any of it a text is left as it is
# (`clean.markdown_to_text` parses a text that has any).
# A line opening a JSX component's tag that runs over lines (MDX, `<LinkCard` and then
# an attribute a line, `/>`) or holds an `{expression}` (`<Preview data={[1, 2]}>`).
_TAG_OPENS = re.compile(r"[ \t]*<" + COMPONENT_NAME + r"(?:(?:[ \t]+[^>\n]*)?$|[ \t][^\n]*?\{)",
                        re.M)
# A line that opens or closes a JSX component's element: `<Tabs>`, `</TabItem>`.
_ELEMENT_LINE = re.compile(r"[ \t]*<(/?)(" + COMPONENT_NAME + r")(?=[\s/>])")
# A code file shown from the site's sources (FastAPI's, Typer's and SQLModel's docs:
# `{* ../../docs_src/first_steps/tutorial001.py hl[3] *}` alone on its line): the built
# page shows the file, which the Markdown does not hold.
_INCLUDE = re.compile(r"[ ]{0,3}\{\*[ \t]*[^\s*{}][^\n]*?\*\}[ \t]*")
# mdbook-tabs (PyO3's guide): `{{#tabs }}`, `{{#tab name="Linux" }}`, `{{#endtab }}` and
# `{{#endtabs }}` alone on their lines; the page shows the tabs' names as their labels.
_BOOK_TAB = re.compile(r'([ \t]*)\{\{#(tabs|tab|endtab|endtabs)\b(?:[ \t]+name="([^"\n]*)")?'
                       r'[^}\n]*\}\}[ \t]*')
# A version note of mkdocs-version-annotations (Rye's docs, Nautobot's): `+++ 0.20.0`,
# `+/- 0.4.0`, `--- 1.0.0` alone on a line, an info string in quotes after it, which the
# built page shows as a note "Added in version 0.20.0".
_VERSION_NOTE = re.compile(r'([ \t]*)(\+\+\+|\+/-|---)[ \t]+(\d[\d.]*\d|\d)[ \t]*(?:"([^"\n]*)")?[ \t]*')
# ... the note Sphinx's directive of that name makes (`sphinx.VERSIONS` has its words).
_VERSION_DIRECTIVES = {"+++": "versionadded", "+/-": "versionchanged", "---": "versionremoved"}
_NOTE_INDENT = 4  # how far a version note's text is indented under it
# A definition with no term, under a heading (Python-Markdown's `def_list`, so MkDocs:
# Paperless-ngx's settings, `#### PAPERLESS_DBPORT=<port>` then `: Port to use ...`): the
# heading is its term. markdown-it's definition lists need a term line, so its `: ` would
# show, and its paragraphs indented under it (`    Defaults to 5432.`) read as code.
_DEFINITION = re.compile(r"[ ]{0,3}:[ \t]+(?=\S)")
_ATX_HEADING = re.compile(r"[ ]{0,3}#{1,6}(?:[ \t]|$)")
_DEFINITION_INDENT = 4  # how far a definition's later paragraphs are indented under it
# kramdown's table of contents (Jekyll): a one-item list, "* Table of Contents", then
# `{:toc}`; the site shows the page's headings there, the corpus has them where they stand.
_KRAMDOWN_TOC = re.compile(r"[ \t]*\{:[ \t]*toc[ \t]*\}[ \t]*")
SITE_MARKS = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[ \t]*admonish\b|\{\{|\{%|\{\*|\{/\*|\[\[|\(\(|#\+BEGIN_|^(?:import|export)[ \t]|^:{3,}\w+\[|^"
                        + _MDC_BLOCK.pattern + "$|^" + _MDC_CLOSE.pattern + "$|"
                        + _MDC_INLINE.pattern + "|^"
                        + _KRAMDOWN_TOC.pattern + "$|^"
                        + _HIDDEN_PROPERTY.pattern + "|^" + _TAG_OPENS.pattern
                        + "|^" + _ELEMENT_LINE.pattern + "|^" + _VERSION_NOTE.pattern + "$"
                        + "|^" + _DEFINITION.pattern, re.M)
_TAG_LINE_GONE = "<!---->"  # a line of such a tag, once the tag is on its first line


def drop_stray_closers(text: str) -> str:
    """A fragment cut out of a MyST file may start inside a directive's body and run past
    its closing fence; that lone fence line would open a code block running to the end.
    A bare fence line outside any fence is such a closer when the next fence line as long
    opens a fence of its own (```` ```none ````: only an opener has an info string), or when
    the lines after it pair up without it and not with it."""
    lines = text.split("\n")
    out: list[str] = []
    open_: str | None = None  # the fence that is open
    for i, line in enumerate(lines):
        match = _FENCE_LINE.fullmatch(line)
        if open_ is None and match and not match.group(2) and (
                _next_opens(lines[i + 1:], match.group(1))
                or (_balanced(lines[i + 1:]) and not _balanced(lines[i:]))):
            continue  # the closing fence of a body whose opening is not here
        open_ = _fence_after(open_, match)
        out.append(line)
    return "\n".join(out)


def site_syntax(text: str) -> str:
    """What a site generator acts on outside code, read as its built page shows it, line
    by line (lines stay lines: a block's line numbers do not change):

    - Hugo's shortcodes are no text (`{{% note %}}` and `{{< tabs ... >}}` lines, any
      other inline), and a link to `{{< relref "docs" >}}` reads as its text;
    - a Liquid tag (Jekyll's `{% raw %}`, `{% include x.html %}`) is no text, alone on
      its line or in one (a heading's version badge), a `{% raw %}` or `{% endraw %}`
      line inside a code fence too, `{% raw %}...{% endraw %}` in a line
      shows what it holds, `{% highlight ruby %}` ... `{% endhighlight %}` is a code
      fence, and a link to `{% link x.md %}` or `{{ site.baseurl }}/x` reads as its text;
    - a line including a code file (`{* ../../docs_src/app.py hl[3] *}`) is no text;
    - mdbook-tabs' lines are no text, but a tab's (`{{#tab name="Linux" }}`) reads as
      its name, the label the page shows;
    - a template's placeholder (`{{ version }}`: MkDocs macros, Jinja) is no text, also
      when a long call runs onto the next lines (`{{ npm_tabs({` ... `}) }}`), but in a
      code span it is the code's; so is a Liquid tag whose arguments run onto the next
      lines (`{% include "step-indicator.html"` ... `%}`);
    - a Hugo shortcode named for code (`{{< code-toggle >}}`) fences its body as code,
      unless its body holds fences of its own (Dapr's `{{% codetab %}}`);
    - a wikilink (Obsidian, Logseq) reads as its label or page (`_wikilink_text`), an
      embed and a Logseq block reference `((uuid))` as nothing, Logseq's Org blocks as the
      app shows them (`_org_line`), and a property it hides (`id::`, `collapsed::`) as
      nothing;
    - kramdown's table of contents, a list item over `{:toc}`, is no text;
    - Nuxt Content's MDC components read as the page shows them (`_mdc_line`): `::note`
      as an admonition's line, a `title` prop as a title, a closing `::` and any other
      component's line as nothing, an inline component as its label or nothing;
    - MDX's import and export lines and `{/* comments */}` (Docusaurus) are no text, an
      ```` ```mdx-code-block ```` fence's lines are read as the MDX they are, and
      mdbook-admonish's ```` ```admonish warning ```` fence as the admonition its page
      shows: its body Markdown, its opening line the title (`_admonish_line`),
      an admonition's title in brackets (`:::tip[Title]`) is written `:::tip Title`, as
      `clean` reads it;
    - a JSX component's tag written over several lines is put on its first line, its
      other lines an empty HTML comment: as written, its first line is no HTML, and a
      line of `>` that closes it would open a block quote; its `{expressions}` go, and
      its children lose their indent (`_component_dedent`);
    - a version note of mkdocs-version-annotations (`+++ 0.20.0`, `+/- 0.4.0`, `--- 1.0`)
      reads as the note its page shows: "Added in version 0.20.0.", and the lines
      indented under it (after a blank line, as an admonition's) as its text, not as
      indented code: Rye's "Renamed from `-i, --include-scripts` ..." kept its backticks;
    - a definition with no term (`: Port to use ...` under a heading, or opening the
      text: a passage cut from under its term) reads as its text, as Python-Markdown
      shows it, and so do its later `: ` paragraphs and the paragraphs indented under it,
      until a block at the margin (`_DEFINITION`).
    """
    if not SITE_MARKS.search(text):
        return text
    out: list[str] = []
    open_: str | None = None  # the code fence the line is in
    # The fence of an ```mdx-code-block (MDX to run) or an ```admonish (Markdown in a
    # box): not code to show.
    mdx: str | None = None
    lines = text.split("\n")
    body: int | None = None  # the indent of a version note's text, while it lasts
    org: str | None = None  # the kind of an Org block whose lines are code or hidden
    definition = False  # in a definition with no term (`_DEFINITION`)
    last: str | None = None  # the last line with words before this one
    blank = False  # whether the line before this one is blank
    for i, line in enumerate(lines):
        if org is not None or (open_ is None and "#+" in line and _ORG_BLOCK.fullmatch(line)):
            line, org = _org_line(line, org)
            out.append(line)
            continue
        if definition and line.strip():
            if _indent(line) >= _DEFINITION_INDENT:
                line = lines[i] = _dedent_by(line, _DEFINITION_INDENT)
            elif open_ is None and blank and not _DEFINITION.match(line):
                definition = False  # a block at the margin: not the definition's
        term = _DEFINITION.match(line) if open_ is None else None
        if term and (definition or last is None or _ATX_HEADING.match(last)):
            line = lines[i] = line[term.end():]
            definition = True
        blank = not line.strip()
        last = line if line.strip() else last
        if body is not None and line.strip() and _indent(line) < body:
            body = None  # a line less indented ends the note
        if body is not None:
            line = lines[i] = _dedent_by(line, _NOTE_INDENT)
        fence = _code_fence(line)
        shortcode = _shortcode_fence(lines, i, open_)
        if shortcode is not None:
            line = shortcode
        elif open_ is None and mdx is None and fence and fence.group(2) == "mdx-code-block":
            mdx, line = fence.group(1), ""
        elif open_ is None and mdx is None and fence and _ADMONISH.fullmatch(fence.group(2)):
            mdx, line = fence.group(1), _admonish_line(line, fence.group(2))
        elif mdx is not None and fence and not fence.group(2) and fence.group(1) == mdx:
            mdx, line = None, ""
        elif open_ is None and _KRAMDOWN_TOC.fullmatch(line):
            line = ""
            above = out[-1] if out else ""
            item = above.lstrip(" ")  # a list item, indented three spaces at most
            if _LIST_START.match(item) and len(above) - len(item) <= 3:
                out[-1] = ""  # the list the contents replace: "* Table of Contents"
        elif open_ is None and _TAG_OPENS.match(line) and _join_tag(lines, i):
            line = lines[i]
        elif open_ is None and (_join_placeholder(lines, i) or _join_liquid(lines, i)):
            line = _site_line(lines[i])
        elif open_ is not None and _RAW_LINE.fullmatch(line):
            line = ""  # the template runs before the Markdown: its tag is never shown
        elif open_ is None or (open_ == _SHORTCODE_FENCE and _LIQUID_END.fullmatch(line)):
            # ... the end of a `{% highlight %}`, not those words in a fence of Markdown's
            note = _VERSION_NOTE.fullmatch(line) if open_ is None else None
            if note:
                body = _indent(line) + _NOTE_INDENT
            line = _site_line(line)
        open_ = _fence_after(open_, _code_fence(line))
        out.append(line)
    return "\n".join(_component_dedent(out))


def _component_dedent(lines: list[str]) -> list[str]:
    """MDX has no indented code: a JSX component's children are indented for the eye
    (`<TabItem>` a tab in, its fence two). Inside an element whose tags open and close
    lines, every line loses the indent its first child line has; elements nest, and a
    fence's lines are code, not tags."""
    out: list[str] = []
    # Open elements: name, the indent of its opening tag, the indent its children lose.
    cuts: list[tuple[str, int, int | None]] = []
    open_: str | None = None
    for line in lines:
        element = _ELEMENT_LINE.match(line) if open_ is None else None
        if element and element.group(1):
            names = [name for name, _, _ in cuts]
            if element.group(2) in names:
                del cuts[len(names) - 1 - names[::-1].index(element.group(2)):]
        if cuts and line.strip():
            name, opened, cut = cuts[-1]
            if cut is None:  # the first child: deeper than its parent by the eye's indent
                known = sum(c or 0 for _, _, c in cuts)
                cuts[-1] = (name, opened, max(0, _indent(line) - known - opened))
            line = _dedent_by(line, sum(c or 0 for _, _, c in cuts))
        if element and out:  # a tag four columns right of the text before it is no code
            before = next((b for b in reversed(out) if b.strip()), "")
            column = _indent(before) + (len(m.group()) - 1 if (m := _LIST_START.match(
                before.lstrip(" \t"))) else 0)
            if _indent(line) >= column + 4:
                line = " " * column + line.lstrip(" \t")
        out.append(line)
        if element and not element.group(1):
            tag = COMPONENT.match(line.lstrip(" \t"))
            if tag and not tag.group(4) and f"</{tag.group(2)}>" not in line[tag.end():]:
                cuts.append((tag.group(2), _indent(line), None))
        open_ = _fence_after(open_, _code_fence(line))
    return out


def _spaces(line: str) -> int:
    """The spaces a line opens with."""
    return len(line) - len(line.lstrip(" "))


def _indent(line: str) -> int:
    """The columns of a line's indent (a tab is four)."""
    return len(line[: _lead(line)].expandtabs(4))


def _lead(line: str) -> int:
    """The characters of a line's indent."""
    return len(line) - len(line.lstrip(" \t"))


def _dedent_by(line: str, columns: int) -> str:
    """`line` with up to `columns` columns of its indent removed."""
    lead = _lead(line)
    spaces = line[:lead].expandtabs(4)
    return spaces[min(columns, len(spaces)):] + line[lead:]


def _join_placeholder(lines: list[str], i: int) -> bool:
    """Put a template placeholder that opens at `lines[i]` and closes on one of the next
    lines on line `i`, in place, its other lines blank (the rest of its last line, if
    any, stays there): a line left with anything on it is a block whose text is read
    from the file, the call's own; False when none opens there or it does not close.
    It closes where its braces do, at a `}}`, before any blank line."""
    opens = _PLACEHOLDER_OPENS.search(lines[i])
    if not opens:
        return False
    depth, _ = _braces(opens.group(), 0)
    if depth == 0:  # it closes on its own line: `_PLACEHOLDER`'s to remove
        return False
    for k in range(i + 1, min(i + 1 + _PLACEHOLDER_LINES, len(lines))):
        if not lines[k].strip():
            return False
        depth, close = _braces(lines[k], depth)
        if close is None:
            continue
        if not lines[k][:close].endswith("}}"):
            return False
        _join_lines(lines, i, opens.start(), k, close)
        return True
    return False


def _join_lines(lines: list[str], i: int, start: int, k: int, end: int) -> None:
    """Put what runs from `lines[i][start:]` to `lines[k][:end]` on line `i` after
    `lines[i][:start]`, its pieces stripped and parted by a space, in place; lines `i + 1`
    to `k` blank but for what line `k` holds after `end`, which stays there."""
    joined = " ".join(part.strip() for part in [lines[i][start:], *lines[i + 1 : k],
                                                lines[k][:end]])
    lines[i] = lines[i][:start] + joined
    rest = lines[k][end:]
    for j in range(i + 1, k + 1):
        lines[j] = ""
    if rest.strip():
        lines[k] = rest.lstrip()


def _join_liquid(lines: list[str], i: int) -> bool:
    """Put a Liquid tag that opens at `lines[i]` and closes on one of the next lines on
    line `i`, in place, as `_join_placeholder` does; False when none opens there or it
    does not close before a blank line or another tag (`{% hint style="info"}`, a tag
    left open by mistake, is not read up to the `{% endhint %}` after its text)."""
    if not _LIQUID_OPENS.fullmatch(lines[i]):
        return False
    for k in range(i + 1, min(i + 1 + _PLACEHOLDER_LINES, len(lines))):
        close = lines[k].find("%}")
        if not lines[k].strip() or "{%" in (lines[k] if close < 0 else lines[k][:close]):
            return False
        if close < 0:
            continue
        _join_lines(lines, i, 0, k, close + 2)
        return True
    return False


def _braces(text: str, depth: int) -> tuple[int, int | None]:
    """The brace depth after `text`, starting at `depth`, and the offset just past the
    brace that brings it to 0 (None when none does); it stops there."""
    for at, char in enumerate(text):
        if char in "{}":
            depth += 1 if char == "{" else -1
            if depth == 0:
                return 0, at + 1
    return depth, None


def _join_tag(lines: list[str], i: int) -> bool:
    """Put the JSX component tag that opens at `lines[i]` on line `i`, in place, without
    its `{expression}` attributes (data, never words: a sidebar's `config={[...]}`, which
    no HTML parser reads as a tag); when it ends on a later line, its other lines become
    `_TAG_LINE_GONE`, the last one what follows the tag, if anything. False when no tag
    ends within the next lines, or the tag is on one line and has no expression."""
    after = "\n".join(lines[i : i + 300])  # (a longer one is a stray "<")
    indent = _lead(lines[i])
    parts = _tag_parts(after, indent)
    if parts is None or len(parts) == 2 and "\n" not in parts[0]:
        return False
    end = parts.pop()
    count = after.count("\n", 0, end)
    rest = after[end:].split("\n", 1)[0]
    tag = " ".join(" ".join(parts).split())
    if not count:
        lines[i] = lines[i][:indent] + tag + rest
        return True
    lines[i] = lines[i][:indent] + tag
    for k in range(i + 1, i + count + 1):
        lines[k] = _TAG_LINE_GONE
    if rest.strip():
        lines[i + count] = rest.lstrip()
    return True


def _tag_parts(text: str, at: int) -> list | None:
    """The JSX tag opening at `text[at]` read as its pieces outside `{expressions}` (an
    expression's attribute name and "=" dropped with it), and the offset after its `>`
    last; None when it does not end (a quote or brace left open, or no `>`)."""
    parts: list[str] = []
    depth, quote, piece, i = 0, "", at, at
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'`" and (depth or text[i - 1] in "= \t\n"):
            quote = ch
        elif ch == "{":
            if depth == 0:
                parts.append(re.sub(r"[\w:.-]+\s*=\s*$", "", text[piece:i]))
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                piece = i + 1
        elif ch == ">" and depth == 0:
            parts.append(text[piece : i + 1])
            return parts + [i + 1]
        i += 1
    return None


def _shortcode_fence(lines: list[str], i: int, open_: str | None) -> str | None:
    """The fence line a Hugo code shortcode's line (`lines[i]`) stands for: its opening
    tag (a fence with the language, "go") when its closing tag follows, that closing tag
    when the fence it opened is open; else None. Inside a fence of Markdown's own, a
    shortcode is the code's text."""
    line = lines[i]
    capture = _capture_fence(lines, i, open_) if "{%" in line and "set" in line else None
    if capture is not None:  # (`{{% code-toggle file="settings" %}}` is Hugo's, below)
        return capture
    if "{{" not in line:
        return None
    if open_ is None:
        opening = _CODE_SHORTCODE.fullmatch(line)
        if opening is None:
            return None
        end = re.compile(_CODE_SHORTCODE_END.format(re.escape(opening.group(1))))
        closing = next((k for k in range(i + 1, len(lines)) if end.fullmatch(lines[k])), None)
        # ... and, unless `highlight`, not a container whose body is Markdown holding its
        # own fences (Dapr's `{{% codetab %}}` ... `{{% /codetab %}}` around ```csharp).
        if closing is None or (opening.group(1) != "highlight" and any(
                _FENCE.match(line.lstrip()) for line in lines[i + 1 : closing])):
            return None
        language = opening.group(2).split()[:1] if opening.group(1) == "highlight" else []
        return _SHORTCODE_FENCE + (language[0].strip("\"'") if language else "text")
    if open_ == _SHORTCODE_FENCE and re.fullmatch(_CODE_SHORTCODE_END.format(r"[\w-]+"), line):
        return _SHORTCODE_FENCE
    return None


def _capture_fence(lines: list[str], i: int, open_: str | None) -> str | None:
    """The fence line a Nunjucks capture's line (`_CAPTURE_OPEN`) stands for: its opening
    (a fence with the filter's language) when its `endset` follows and the line after that
    writes the variable out highlighted; its closing when such a fence is open. Its fence
    is longer than a shortcode's, so neither closes the other: `{% endset %}` inside a
    `{{< highlight >}}` block, or `{% endhighlight %}` inside a capture, is code."""
    if open_ == _CAPTURE_FENCE:
        return _CAPTURE_FENCE if _CAPTURE_CLOSE.fullmatch(lines[i]) else None
    opening = _CAPTURE_OPEN.fullmatch(lines[i]) if open_ is None else None
    if opening is None:
        return None
    closing = next((k for k in range(i + 1, len(lines)) if _CAPTURE_CLOSE.fullmatch(lines[k])
                    or _CAPTURE_OPEN.fullmatch(lines[k])), None)
    if closing is None or not _CAPTURE_CLOSE.fullmatch(lines[closing]):
        return None
    shown = next((line for line in lines[closing + 1:] if line.strip()), "")
    used = re.match(_CAPTURE_SHOWN.format(re.escape(opening.group(1))), shown)
    # A raw capture shows its text as written: code, also in a passage cut before the
    # line that writes it out.
    if used is None and not re.search(_RAW_OPEN, lines[i]):
        return None
    return _CAPTURE_FENCE + (used.group(1) or "text" if used else "text")


def open_fence(text: str, at: int) -> str | None:
    """The opening line of the fenced code block of Markdown `text` that offset `at` lies
    inside (its opening fence before `at`, its closing one not), else None. Fences are
    found as `site_syntax` finds them, also under a quote's `>`; a backtick fence whose
    info string holds a backtick opens none (CommonMark: "```js `x`" is inline code)."""
    opened: str | None = None
    line_open: str | None = None
    lines = text.split("\n")
    for i, line in enumerate(text[:at].split("\n")):
        # (the line cut at `at` is whole in `lines`: a fence line only if `at` ends it)
        shortcode = _shortcode_fence(lines, i, opened) if line == lines[i] else None
        if shortcode is not None:
            line = shortcode
        after = _fence_step(opened, line)
        if opened is None and after is not None:
            line_open = line
        opened = after
    return line_open if opened is not None else None


def _fence_step(opened: str | None, line: str) -> str | None:
    """The fence open after `line`, given the one open before it (`open_fence`'s rule:
    also under a quote's `>`; a backtick fence whose info string holds a backtick opens
    none)."""
    match = _code_fence(line.lstrip(" \t>"))
    if opened is None and match and match.group(1)[0] == "`" and "`" in match.group(2):
        match = None
    return _fence_after(opened, match)


def fenced_blocks(text: str) -> list[tuple[int, int]]:
    """Character spans of Markdown `text`'s fenced code blocks, from the start of each
    opening fence line to the end of its closing one (or of `text`, when none closes
    it). Backtick and tilde fences, found line by line as `open_fence` finds them (a
    Hugo code shortcode, which `open_fence` also takes for a fence, is not one here)."""
    spans: list[tuple[int, int]] = []
    opened: str | None = None
    begun = at = 0
    for line in text.split("\n"):
        after = _fence_step(opened, line)
        if opened is None and after is not None:
            begun = at
        elif opened is not None and after is None:
            spans.append((begun, at + len(line)))
        opened = after
        at += len(line) + 1
    if opened is not None:
        spans.append((begun, len(text)))
    return spans


def is_fence_line(line: str) -> bool:
    """Whether `line` is a code fence's opening or closing line (under a quote's `>` too)."""
    return _code_fence(line.strip().lstrip(" \t>")) is not None


def _code_fence(line: str) -> re.Match[str] | None:
    """`line` as a backtick or tilde fence line (a `:::` line fences no code)."""
    match = _FENCE_LINE.fullmatch(line)
    return match if match and match.group(1)[0] != ":" else None


def _site_line(line: str) -> str:
    """One line outside code as `site_syntax` reads it."""
    if "::" in line and _HIDDEN_PROPERTY.fullmatch(line):
        return ""
    liquid = _LIQUID.fullmatch(line)
    if liquid:
        if liquid.group(1) == "highlight":  # a fence of its own: "```" inside is code
            return _SHORTCODE_FENCE + liquid.group(2).split(" ", 1)[0]
        return _SHORTCODE_FENCE if liquid.group(1) == "endhighlight" else ""
    if _ESM.fullmatch(line) or _INCLUDE.fullmatch(line):
        return ""
    tab = _BOOK_TAB.fullmatch(line)
    if tab:  # mdbook-tabs: a tab's name is its label, the other lines show nothing
        return f"{tab.group(1)}{tab.group(3) or ''}" if tab.group(2) == "tab" else ""
    note = _VERSION_NOTE.fullmatch(line)
    if note:
        indent, mark, version, info = note.groups()
        said = f"{indent}{VERSIONS[_VERSION_DIRECTIVES[mark]]} {version}."
        return f"{said} {info}" if info else said
    if ":" in line:
        component = _mdc_line(line)
        if component is not None:
            return component
    titled = _TITLED.match(line)  # Docusaurus: read as `:::tip Title` (formats/clean.py)
    if titled:
        return f"{titled.group(1)}{titled.group(2)} {titled.group(3)}"
    if "{" not in line and "[[" not in line and "((" not in line:
        return line
    read = _MDX_COMMENT.sub("", _SHORTCODE.sub("", _TARGET.sub("](#", line)))
    untagged = _unplaced(read, tags=True)
    # A line of Liquid tags alone stays a line (inside an HTML block, as Jekyll's loops
    # over data files sit, a blank line would end the block and show its tags as text).
    read = untagged if untagged.strip() else _unplaced(read, tags=False)
    return read if read.strip() or not line.strip() else ""


def _admonish_line(line: str, info: str) -> str:
    """An ```` ```admonish kind title="..." ```` fence's opening line as its box shows it:
    the title as a label ("Live example:"), else the kind, as a known admonition's line
    (`:::warning`) or as its name, which mdbook-admonish makes the title ("Sandbox:"); an
    empty title shows nothing."""
    found = _ADMONISH.fullmatch(info)
    kind, rest = (found.group(1) or "note"), found.group(2)
    title = _MDC_TITLE.search(rest) or _ADMONISH_TITLE.match(rest)
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if title:
        words = title.group(1) if title.group(1) is not None else title.group(2)
        return f"{indent}{words}:" if words.strip() else ""
    if re.fullmatch(ADMONITION_KINDS, kind, re.I):
        return f"{indent}:::{kind.lower()}"
    return f"{indent}{kind.capitalize()}:"


def _mdc_line(line: str) -> str | None:
    """A line that opens or closes an MDC block component (`_MDC_BLOCK`) as read; None for
    any other line."""
    if _MDC_CLOSE.fullmatch(line):
        return ""
    block = _MDC_BLOCK.fullmatch(line)
    if not block:
        return None
    indent, name, props = block.group(1), block.group(2), block.group(3) or ""
    title = _MDC_TITLE.search(props)
    if title:
        return f"{indent}{title.group(1) if title.group(1) is not None else title.group(2)}:"
    if re.fullmatch(ADMONITION_KINDS, name, re.I):
        return f"{indent}:::{name.lower()}"
    return ""


def _unplaced(read: str, tags: bool) -> str:
    """A line without its template placeholders and (`tags`) its Liquid tags, its
    wikilinks read as their text and its block references as nothing, but for code
    spans, written as they are, and raw regions, which show what they hold."""
    def prose(text: str) -> str:
        text = _PLACEHOLDER.sub("", _jsx_objects_emptied(text))
        text = _BLOCK_REF.sub("", _WIKILINK.sub(_wikilink_text, text))
        text = _MDC_INLINE.sub(lambda m: m.group(1) or "", text)
        return _LIQUID_TAG.sub("", text) if tags else text

    out, at = [], 0
    for kept in _KEPT.finditer(read):
        out += [prose(read[at : kept.start()]),
                kept.group(1) if kept.group(1) is not None else kept.group()]
        at = kept.end()
    return "".join(out + [prose(read[at:])])


def _jsx_objects_emptied(text: str) -> str:
    """`text` with its tags' JSX object attributes (`_JSX_OBJECT`) read as empty."""
    if "={{" not in text:
        return text
    emptied = _JSX_OBJECT.sub(r'\1""', text)
    if _ATTRIBUTES_ONLY.fullmatch(emptied):
        return emptied  # a line of a tag's attributes, the object's among them
    return _JSX_OBJECT.sub(
        lambda m: m.group(1) + '""' if _OPEN_TAG_BEFORE.search(text, 0, m.start()) else m.group(),
        text)


def _org_line(line: str, org: str | None) -> tuple[str, str | None]:
    """A line of Logseq's Markdown as read around Org blocks (`_ORG_BLOCK`), given the
    kind of the code or hidden block it is in (None: none); and that kind after it."""
    block = _ORG_BLOCK.fullmatch(line)
    mark = block.group(2).upper() if block else ""
    if org is not None:
        if mark != "END_" + org:
            return ("" if org in _ORG_HIDDEN else line), org
        return ("" if org in _ORG_HIDDEN else block.group(1) + "```"), None
    if not mark.startswith("BEGIN_"):
        return ("" if block else line), None  # an END line, or no Org line at all
    kind, lead = mark[len("BEGIN_"):], block.group(1)
    if kind in _ORG_CODE:
        return lead + "```" + (block.group(3) or "").split(" ", 1)[0], kind
    if kind in _ORG_HIDDEN:
        return "", kind
    return (lead + kind.capitalize() + ":" if kind in _ORG_LABELLED else ""), None


def _wikilink_text(match: re.Match[str]) -> str:
    """A wikilink as Obsidian (and Logseq, Foam, Quartz) shows it: `[[Page|label]]` its
    label, `[[Page#Heading]]` "Page > Heading", `[[Page#^block]]` "Page", `[[Page]]`
    "Page"; an embed (`![[diagram.png]]`, `![[Other note]]`) shows the file, not words
    of this page: no text."""
    embed, target, label = match.groups()
    if embed:
        return ""
    if label is not None and label.strip():
        return label.strip()
    page, _, heading = target.partition("#")
    if heading and not heading.startswith("^"):
        return f"{page.strip()} > {heading.strip()}" if page.strip() else heading.strip()
    return page.strip()


def _fence_after(open_: str | None, match: re.Match[str] | None) -> str | None:
    """The fence open after a line (`match`: the line as a fence line, or None), given
    the fence open before it: a bare fence as long of the same mark closes it; outside
    a fence, any fence line opens one."""
    if open_ is not None:
        closes = (match is not None and not match.group(2) and match.group(1)[0] == open_[0]
                  and len(match.group(1)) >= len(open_))
        return None if closes else open_
    return match.group(1) if match else None


def _balanced(lines: list[str]) -> bool:
    """Whether every fence these lines open is closed again."""
    open_: str | None = None
    for line in lines:
        open_ = _fence_after(open_, _FENCE_LINE.fullmatch(line))
    return open_ is None


def _next_opens(lines: list[str], mark: str) -> bool:
    """Whether the first fence line among these as long as `mark` opens a fence of its own
    (carries an info string: ```` ```{tab} Linux ````, ```` ```none ````)."""
    for line in lines:
        match = _FENCE_LINE.fullmatch(line)
        if match and match.group(1)[0] == mark[0] and len(match.group(1)) >= len(mark):
            return bool(match.group(2))
    return False


def _bare_closer(line: str, mark: str) -> bool:
    """Whether `line` is a bare fence as long as `mark` or longer: it closes that fence."""
    stripped = line.strip()
    return stripped.startswith(mark) and not stripped.strip(mark[0])


def autodoc(text: str) -> str:
    """An API-reference directive (mkdocstrings, mkautodoc: `::: httpx.get` and its indented
    options such as `:docstring:` or `options:`) reads as the name it documents; the
    documentation itself is generated when the site is built and is not in the file."""
    if ":::" not in text:
        return text
    return "\n".join(line for line, option in _autodoc_lines(text) if not option)


def autodoc_options(text: str) -> list[tuple[int, int]]:
    """Character spans of the option lines of `text`'s API-reference directives (what
    `autodoc` leaves out): `options:`, `members:`, `- PLUGIN_NAME` under `::: x.Y`."""
    if ":::" not in text:
        return []
    spans, at = [], 0
    for line, (_, option) in zip(text.split("\n"), _autodoc_lines(text)):
        if option:
            spans.append((at, at + len(line)))
        at += len(line) + 1
    return spans


def _autodoc_lines(text: str) -> list[tuple[str, bool]]:
    """Each line of `text` as `autodoc` reads it (a directive's line as the name it
    documents), and whether it is one of a directive's option lines, or a blank line
    among them: no text."""
    out: list[tuple[str, bool]] = []
    depth: int | None = None  # indent of the directive whose option lines are being dropped
    fence = ""  # the fence of a code block the line is in (its lines are code, kept)
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip())
        opens = _FENCE.match(line.strip())
        if fence or opens:
            if not fence:
                fence = opens.group(1)
            elif _bare_closer(line, fence):
                fence = ""
            out.append((line, False))
            continue
        if depth is not None and (not line.strip() or indent > depth):
            out.append((line, True))
            continue
        depth = None
        match = _AUTODOC.match(line)
        if match:
            depth = indent
            out.append((line[:indent] + match.group(1), False))
            continue
        out.append((line, False))
    return out


def dedent_containers(text: str) -> str:
    """The body lines under an admonition or tab marker moved out to the marker's column,
    containers nested in a body too (a note inside a tab), and a tab inside a list item
    keeps its body in the item."""
    if not CONTAINER.search(text):
        return text
    out: list[str] = []
    bodies: list[tuple[int, int]] = []  # each open container: its body's column, the marker's
    for line in text.split("\n"):
        if not line.strip():
            out.append(line)
            continue
        lead = _lead(line)
        line = line[:lead].expandtabs(4) + line[lead:]
        indent = _spaces(line)
        while bodies and indent < bodies[-1][0]:
            bodies.pop()
        if bodies:
            body, marker = bodies[-1]
            line = " " * marker + line[body:]
        out.append(line)
        if CONTAINER.match(line):
            bodies.append((indent + 4, _spaces(line)))
    return "\n".join(out)


def hanging_dedent(text: str) -> str:
    """A piece cut out of an indented block (a fence in a tab's body): its first line lost
    its indent where it was cut, the others kept theirs; they lose it too, up to the first
    line at the margin, so the piece reads as the block it was (a closing fence indented
    by four would close nothing) and what follows the block as it is. A container less
    indented than the piece's own lines (the next `!!! note` of a definition whose first
    note's body the piece was cut from) opens a block of its own, moved out by its indent:
    moved out by the first block's, its body's fences would stay indented, as code."""
    lines = text.split("\n")
    if len(lines) < 2 or lines[0][:1] in (" ", "\t"):
        return text
    # The block goes on while its lines keep an indent (a list item's next item, at the
    # margin, is outside it: the rest of a grid card cut from its list).
    end = next((j for j, line in enumerate(lines[1:], 1)
                if line.strip() and line[:1] not in (" ", "\t")), len(lines))
    block = lines[1:end]
    first = next((_spaces(line) for line in block if line.strip()), 0)
    outer = next((j for j, line in enumerate(block)
                  if CONTAINER.match(line) and _spaces(line) < first), len(block))
    out = lines[:1]
    for part in (block[:outer], block[outer:]):
        indent = min((_spaces(line) for line in part if line.strip()), default=0)
        if indent < 4:  # a wrapped line or a list's continuation, not a block's indent
            out += part
        else:
            out += [line[indent:] for line in part]
    return "\n".join(out + lines[end:])


def body_dedent(text: str) -> str:
    """A passage that starts inside an admonition's or tab's indented body: its first line
    lost its indent where it was cut, the rest kept it (and would read as an indented code
    block, its links and backticks left as they are). The body lines are moved out: all of
    them, or after a fence that opens the passage, those that keep the closing fence's indent
    (prose under the container may follow).
    A passage opening with the container or a list item is left as it is."""
    if CONTAINER.match(text) or _LIST_START.match(text):
        return text
    lines = text.split("\n")
    fence = _BODY_FENCE.match(lines[0])
    if fence:
        mark = fence.group(1)
        for j, line in enumerate(lines[1:], 1):
            if _bare_closer(line, mark):
                indent = _lead(line)
                if not indent:
                    break
                # the body goes on while its lines keep the indent (or are blank)
                end = j + 1
                while end < len(lines) and (not lines[end].strip()
                                            or not lines[end][:indent].strip()):
                    end += 1
                body = [ln[indent:] if not ln[:indent].strip() else ln.lstrip()
                        for ln in lines[1:end]]
                return "\n".join(lines[:1] + body + lines[end:])
    return hanging_dedent(text)
