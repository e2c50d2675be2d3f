"""The chat in the browser: Gradio front end over one Engine, with sources and follow-ups.

`create_app()` builds the Blocks without serving them (unit tests call its functions
directly); `launch()` makes sure the index is fresh, then serves. Gradio is imported
inside functions so `import collabqa` stays instant.

Passages come from user documents, so every piece of document text shown here is
HTML-escaped and then Markdown-escaped (`to_markdown`): a `<script>`, an `onerror` or a
Markdown image in a passage renders as plain text and makes the browser fetch nothing.
"""

from __future__ import annotations

import html
import logging
import re
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from .answer import Answer
from .api import Engine, default_corpus_dir, default_index_dir, get_engine, project_dir
from .errors import CollabQAError, IndexCorruptError, IndexIncompatibleError, IndexNotFoundError
from .followup import Resolution, resolve

if TYPE_CHECKING:
    import gradio as gr

log = logging.getLogger(__name__)

TITLE = "collabqa"
EXAMPLES = [  # about the article shipped in corpus/; shown only with the project's index
    "Who founded ImageNet?",
    "How did ImageNet get millions of images labeled?",
    "Why was CORD-19 created?",
    "What does AlphaFold predict?",
]
# Engine.ask is thread-safe and a warm answer takes ~0.1 s; a streamed summary holds its
# slot for seconds, so a few at once keep quick questions flowing behind a long one.
CONCURRENCY = 4
MAX_K = 10
NOT_FOUND_REPLY = (
    "**Not in the documents.** I couldn't find an answer to that in the indexed "
    "documents. The closest passages are under *Sources*, but they don't seem to cover it."
)
SOURCES_EMPTY = "Ask a question: the passages behind the answer appear here."
FONT = ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"]
CSS = """
.gradio-container { max-width: 1280px !important; margin: 0 auto; }
#header h1 { margin-bottom: 0.1em; }
#header p { color: var(--body-text-color-subdued); margin-top: 0; }
#sources { padding: 0 0.25em; }
#sources h4 { margin: 1.1em 0 0.2em; font-size: 0.98em; }
#sources h4:first-child { margin-top: 0.2em; }
#sources blockquote { margin: 0.3em 0 0.6em; font-size: 0.9em; line-height: 1.5; }
#sources mark { background: #fde68a; color: inherit; padding: 0 0.1em; border-radius: 3px; }
#sources small { color: var(--body-text-color-subdued); font-size: 0.8em; line-height: 1.3; }
#sources p:has(> small) { margin: 0 0 0.3em; }
#sources-title h3 { margin: 0.2em 0 0; }
footer { opacity: 0.7; }
"""

# --------------------------------------------------------------------------- inert text

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~<>+\-.$:])")
_MD_UNESCAPE = re.compile(r"\\([\\`*_{}\[\]()#!|~<>+\-.$:])")


def to_markdown(text: str) -> str:
    """`text` as inert Markdown: shows literally, no tag, no link, no image, no maths.

    HTML first (`quote=False`: an escaped `&#x27;` would be broken by escaping `#`),
    then a backslash before Markdown punctuation; `$` for LaTeX, `:` so no URL is
    auto-linked.
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def from_markdown(text: str) -> str:
    """Invert `to_markdown`: recover what a user typed from the chat history."""
    return html.unescape(_MD_UNESCAPE.sub(r"\1", text))


def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` as inert Markdown with each (start, end) span wrapped in `<mark>`."""
    out, pos = [], 0
    for start, end in sorted(spans):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        out += [to_markdown(text[pos:start]), "<mark>", to_markdown(text[start:end]), "</mark>"]
        pos = end
    out.append(to_markdown(text[pos:]))
    return "".join(out)


# --------------------------------------------------------------------------- rendering


def render_answer(answer: Answer) -> str:
    """The chat reply for a finished answer."""
    if not answer.grounded:
        return NOT_FOUND_REPLY
    reply = to_markdown(answer.text)
    if answer.mode == "summary":
        reply += "\n\n<small>Summarized by the local model from the sources.</small>"
    return reply


def render_sources(answer: Answer, resolution: Resolution | None = None) -> str:
    """The sources panel: every citation with title, section, score, highlighted text."""
    parts = []
    if resolution is not None and resolution.is_followup:
        parts.append(f"<small>Read as a follow-up to: {to_markdown(resolution.context or '')}</small>")
    if not answer.grounded:
        parts.append("<small>Closest passages; none of them answers the question.</small>")
    for c in answer.citations:
        heading = to_markdown(c.section or c.title)
        quoted = "" if c.highlights or not answer.grounded else " · retrieved, not quoted"
        meta = " · ".join(to_markdown(x) for x in (c.title, c.source) if x)
        body = highlighted(c.text, [tuple(s) for s in c.highlights])
        body = "\n".join("> " + line for line in body.splitlines() if line.strip())
        parts.append(
            f"#### \\[{c.n}\\] {heading}\n\n"
            f"<small>{meta} · score {c.score:.2f}{quoted}</small>\n\n{body}"
        )
    if not answer.citations:
        parts.append("No passages.")
    return "\n\n".join(parts)


# --------------------------------------------------------------------------- answering


def message_text(message: Any) -> str:
    """The text of a chat message, whether its content is a string or Gradio's part list."""
    content = message.get("content") if isinstance(message, dict) else getattr(message, "content", "")
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        content = [content]
    parts = content if isinstance(content, (list, tuple)) else []
    return " ".join(p.get("text", "") for p in parts if isinstance(p, dict) and p.get("type", "text") == "text")


def user_questions(history: list) -> list[str]:
    """The questions the user asked, oldest first, as typed."""
    return [from_markdown(message_text(m)) for m in history if _role(m) == "user"]


def _role(message: Any) -> str:
    return message.get("role", "") if isinstance(message, dict) else getattr(message, "role", "")


def answer_stream(engine: Engine, query: str, *, k: int, summarize: bool) -> Iterator[str | Answer]:
    """Text deltas then one Answer: `Engine.ask_stream` where it exists, else `Engine.ask`."""
    stream = getattr(engine, "ask_stream", None)
    if stream is None:
        yield engine.ask(query, k=k, summarize=summarize)
    else:
        yield from stream(query, k=k, summarize=summarize)


def respond(
    history: list, k: int | float, summarize: bool, *, engine: Engine
) -> Iterator[tuple[list, Any]]:
    """Answer the last user message of `history`; yields (history, sources markdown).

    A summary streams into the chat as it is generated; the sources panel changes once,
    with the final answer (`None` for "leave it as it is" while streaming).
    """
    questions = user_questions(history)
    if not questions or _role(history[-1]) != "user":
        return
    resolution = resolve(questions[-1], questions[:-1])
    history, text = list(history), ""

    def reply(content: str) -> list:  # a new list per step: each yield is its own state
        return history + [{"role": "assistant", "content": content}]

    try:
        for item in answer_stream(engine, resolution.query, k=int(k), summarize=bool(summarize)):
            if isinstance(item, str):
                text += item
                yield reply(to_markdown(text)), None
            else:
                yield reply(render_answer(item)), render_sources(item, resolution)
    except CollabQAError as exc:
        yield reply("**Sorry:** " + to_markdown(str(exc))), None


def add_question(question: str, history: list | None) -> tuple[str, list]:
    """Put the typed question into the chat at once and clear the box."""
    history = list(history or [])
    if question and question.strip():
        history.append({"role": "user", "content": to_markdown(" ".join(question.split()))})
    return "", history


def ask_dict(question: str, k: int = 4, summarize: bool = False, *, engine: Engine) -> dict:
    """One question, no chat history: exactly `Answer.to_dict()` (the `/ask` API)."""
    return engine.ask(question, k=int(k), summarize=bool(summarize)).to_dict()


def summarizer_status() -> tuple[bool, str]:
    """(available, detail) of the local summarization model, without loading it."""
    try:
        from .summarize import summarizer_status as status
    except ImportError:
        return False, "The local model is not set up in this version."
    try:
        return status()
    except Exception as exc:  # noqa: BLE001 - a broken model must not take the chat down
        log.warning("summarizer status failed: %s", exc)
        return False, f"The local model is unavailable: {exc}"


# --------------------------------------------------------------------------- the app


class LazyEngine:
    """The Engine for one index, loaded once on first use (or by `warm()` in a thread)."""

    def __init__(self, index_dir: str | Path | None = None, engine: Engine | None = None):
        self.index_dir, self._engine, self._lock = index_dir, engine, threading.Lock()

    def get(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = get_engine(self.index_dir)
            return self._engine

    def warm(self) -> None:
        """Load the index and models and run one query, so the first user waits less."""
        try:
            self.get().retrieve("warm up", k=1)
        except CollabQAError as exc:
            log.warning("could not warm up: %s", exc)


def create_app(
    index_dir: str | Path | None = None,
    *,
    engine: Engine | LazyEngine | None = None,
    examples: list[str] | None = None,
) -> "gr.Blocks":
    """Build the chat for one index (default: `$COLLABQA_INDEX` or `index/`); no server."""
    import gradio as gr

    lazy = engine if isinstance(engine, LazyEngine) else LazyEngine(index_dir, engine)
    if examples is None:
        examples = EXAMPLES if _is_project_index(index_dir) else []
    can_summarize, why_not = summarizer_status()

    def on_respond(history, k, summarize):
        for chat, sources in respond(history, k, summarize, engine=lazy.get()):
            yield chat, gr.skip() if sources is None else sources

    def on_example(history, evt):
        value = evt.value.get("text", "") if isinstance(evt.value, dict) else str(evt.value)
        return add_question(value, history)[1]

    # Set at run time: Gradio finds event data by the hint, and a string one (from
    # `from __future__ import annotations`) would not resolve to the lazily imported gr.
    on_example.__annotations__["evt"] = gr.SelectData

    def ask(question: str, k: int = 4, summarize: bool = False) -> dict:
        """Answer a question from the indexed documents; returns Answer.to_dict()."""
        try:
            return ask_dict(question, k, summarize, engine=lazy.get())
        except CollabQAError as exc:
            raise gr.Error(str(exc)) from exc

    with gr.Blocks(title=TITLE, fill_width=True) as demo:
        gr.Markdown(
            f"# {TITLE}\nAsk questions about your documents. Every answer quotes the "
            "passages it comes from, with [n] markers; the passages appear under Sources.",
            elem_id="header", label="About",
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Conversation", elem_id="chatbot", height=520, buttons=["copy"],
                    placeholder="**Ask about the documents.** Follow-ups like *Who founded it?* work too.",
                    examples=[{"text": q} for q in examples] or None,
                    feedback_options=None,
                )
                question = gr.Textbox(
                    label="Your question", show_label=False, elem_id="question", autofocus=True,
                    placeholder="Ask a question about the documents…", submit_btn="Ask",
                    max_length=1000,
                )
                with gr.Accordion("Settings", open=False):
                    k = gr.Slider(1, MAX_K, value=4, step=1, label="Passages to retrieve",
                                  info="More passages give broader context and a longer sources list.")
                    summarize = gr.Checkbox(
                        value=False, label="Summarize with the local model", interactive=can_summarize,
                        info="Writes a short answer from the passages; slower." if can_summarize else why_not,
                    )
            with gr.Column(scale=2):
                gr.Markdown("### Sources", elem_id="sources-title", label="Sources heading")
                sources = gr.Markdown(SOURCES_EMPTY, label="Sources", show_label=True, container=True,
                                      elem_id="sources", max_height=640, line_breaks=True)

        hidden = {"api_visibility": "private"}  # only /ask is for programs
        question.submit(add_question, [question, chatbot], [question, chatbot], queue=False, **hidden).then(
            on_respond, [chatbot, k, summarize], [chatbot, sources], **hidden
        )
        chatbot.example_select(on_example, [chatbot], [chatbot], queue=False, **hidden).then(
            on_respond, [chatbot, k, summarize], [chatbot, sources], **hidden
        )
        chatbot.clear(lambda: SOURCES_EMPTY, None, [sources], queue=False, **hidden)
        gr.api(ask, api_name="ask")
    return demo.queue(default_concurrency_limit=CONCURRENCY)


def _is_project_index(index_dir: str | Path | None) -> bool:
    path = Path(index_dir) if index_dir else default_index_dir()
    return path.resolve() == (project_dir() / "index").resolve()


def theme() -> "gr.themes.Base":
    """Gradio's default look with system fonts (the bundled bold font renders oddly)."""
    import gradio as gr

    return gr.themes.Default(primary_hue="indigo", neutral_hue="slate", font=FONT,
                             font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"])


def ensure_index(index_dir: str | Path | None = None, *, echo: Callable[[str], None] = print) -> Path:
    """Rebuild a missing, unreadable or stale index before serving; returns its folder."""
    from .store import build_index, load_index, stale_files

    path = Path(index_dir) if index_dir else default_index_dir()
    corpus = default_corpus_dir()
    try:
        index = load_index(path)
    except IndexNotFoundError:
        reason = "no index yet"
    except (IndexCorruptError, IndexIncompatibleError) as exc:
        reason = str(exc)
    else:
        changed = stale_files(index)
        if not changed:
            echo(f"Index {path}: {index.manifest['passages']} passages, up to date.")
            return path
        corpus = index.corpus_dir  # a non-default index rebuilds from its own corpus
        reason = f"{len(changed)} corpus file(s) changed: {', '.join(changed[:3])}"
    echo(f"Building the index {path} from {corpus} ({reason})...")
    start = time.perf_counter()
    manifest = build_index(corpus, path, progress=True)
    echo(f"Index built: {manifest['passages']} passages in {time.perf_counter() - start:.1f} s.")
    return path


def launch(index_dir: str | Path | None = None, *, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Check the index, then serve the chat on http://host:port until interrupted."""
    path = ensure_index(index_dir)
    lazy = LazyEngine(path)
    # Load models while Gradio starts: the two overlap on two cores.
    threading.Thread(target=lazy.warm, name="collabqa-warm", daemon=True).start()
    demo = create_app(path, engine=lazy)
    print(f"Serving on http://{host}:{port} (Ctrl+C to stop)", flush=True)
    demo.launch(server_name=host, server_port=port, share=False, theme=theme(), css=CSS,
                footer_links=["api"], show_error=True)
