"""The chat in the browser: Gradio front end over one Engine, with sources and follow-ups.

`create_app()` builds the Blocks without serving them (unit tests call its functions
directly); `launch()` makes sure the index is fresh, then serves. Gradio is imported
inside functions so `import collabqa` stays instant.

Everything from the documents is shown through `collabqa.render`, which makes it inert.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from .api import (MAX_QUESTION_CHARS, Engine, default_corpus_dir, default_index_dir, get_engine,
                  project_dir, shared_embedder)
from .access import exposure_warning
from .errors import CollabQAError, IndexNotFoundError, InvalidQuestionError
from .followup import resolve
from .render import DRAFT_NOTE, from_markdown, render_answer, render_sources, to_markdown

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
API_MAX_K = 20  # the /ask API refuses more passages than this
API_MAX_QUESTION_CHARS = 4 * MAX_QUESTION_CHARS  # longer API questions are refused, not cut
SOURCES_EMPTY = "Ask a question: the passages behind the answer appear here."
FONT = ["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"]
CSS = """
.gradio-container { max-width: 1280px !important; margin: 0 auto; }
#header h1 { margin-bottom: 0.1em; }
#header p, #sources small { color: var(--body-text-color-subdued); margin-top: 0; }
#sources h4 { margin: 1.1em 0 0.2em; font-size: 0.98em; }
#sources h4:first-child, #sources-title h3 { margin-top: 0.2em; }
#sources small { display: block; font-size: 0.8em; line-height: 1.4; }
#sources p { margin: 0.25em 0; }
#sources blockquote { margin: 0.3em 0 0.6em; font-size: 0.9em; line-height: 1.5; }
#sources mark { background: #fde68a; color: inherit; padding: 0 0.1em; border-radius: 3px; }
"""

# --------------------------------------------------------------------------- answering


def _get(message: Any, key: str) -> Any:
    return message.get(key) if isinstance(message, dict) else getattr(message, key, None)


def message_text(message: Any) -> str:
    """The text of a chat message, whether its content is a string or Gradio's part list."""
    content = _get(message, "content")
    if isinstance(content, str):
        return content
    parts = [content] if isinstance(content, dict) else content or []
    return " ".join(p.get("text", "") for p in parts if isinstance(p, dict) and "text" in p)


def user_questions(history: list) -> list[str]:
    """The questions the user asked, oldest first, as typed."""
    return [from_markdown(message_text(m)) for m in history if _get(m, "role") == "user"]


def respond(
    history: list, k: float, summarize: bool, *, engine: Engine
) -> Iterator[tuple[list, Any]]:
    """Answer the last user message of `history`; yields (history, sources markdown).

    A summary streams into the chat as it is generated; the sources panel changes once,
    with the final answer (None means "leave it as it is").
    """
    questions = user_questions(history)
    if not questions or _get(history[-1], "role") != "user":
        return
    resolution = resolve(questions[-1], questions[:-1])
    history, text = list(history), ""

    def reply(content: str) -> list:  # a new list per step: each yield is its own state
        return history + [{"role": "assistant", "content": content}]

    try:
        for item in engine.ask_stream(resolution.query, k=int(k), summarize=bool(summarize)):
            if isinstance(item, str):
                text += item
                yield reply(to_markdown(text) + DRAFT_NOTE), None
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
    """One question, no chat history: exactly `Answer.to_dict()` (the `/ask` API).

    `k` must be a whole number from 1 to API_MAX_K and the question at most
    API_MAX_QUESTION_CHARS long, else InvalidQuestionError.
    """
    if isinstance(k, float) and k.is_integer():
        k = int(k)
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= API_MAX_K:
        raise InvalidQuestionError(f"k must be a whole number from 1 to {API_MAX_K}, not {k!r}")
    if isinstance(question, str) and len(question) > API_MAX_QUESTION_CHARS:
        raise InvalidQuestionError(
            f"the question is {len(question)} characters long; ask in at most "
            f"{API_MAX_QUESTION_CHARS}"
        )
    return engine.ask(question, k=k, summarize=bool(summarize)).to_dict()


def summarizer_status() -> tuple[bool, str]:
    """(available, detail) of the local summarization model, without loading it."""
    from .summarize import summarizer_status as status

    try:
        return status()
    except Exception as exc:  # noqa: BLE001 - a broken model must not take the chat down
        log.warning("summarizer status failed: %s", exc)
        return False, f"The local model is unavailable: {exc}"


def load_summarizer_soon(checked: bool) -> threading.Thread | None:
    """When summaries are switched on, load the model in a background thread: the first
    summary then does not wait for it (3-4 s; the one-time conversion ~20 s) while the
    user types. A model that can't load is logged; the question then shows its quotes."""
    if not checked:
        return None

    def load() -> None:
        from .generator import get_generator

        try:
            get_generator()
        except CollabQAError as exc:
            log.warning("summaries unavailable: %s", exc)

    thread = threading.Thread(target=load, name="collabqa-load-summarizer", daemon=True)
    thread.start()
    return thread


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

    def reload(self) -> Engine:
        """Serve the index as it is on disk now (after an upload rebuilt it): the engine's
        own live reload, done now so that the next question does not wait for it."""
        engine = self.get()
        engine.current()
        return engine

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
    corpus_dir: str | Path | None = None,
) -> "gr.Blocks":
    """Build the chat for one index (default: `$COLLABQA_INDEX` or `index/`); no server.

    Uploads are saved into `corpus_dir` (default: `$COLLABQA_CORPUS` or `corpus/`).
    """
    import gradio as gr

    from .corpus import SUFFIXES, describe_suffixes
    from .upload import MAX_UPLOAD_BYTES

    lazy = engine if isinstance(engine, LazyEngine) else LazyEngine(index_dir, engine)
    corpus = Path(corpus_dir or default_corpus_dir()).resolve()
    upload_lock = threading.Lock()
    if examples is None:
        here = Path(index_dir or default_index_dir()).resolve()
        examples = EXAMPLES if here == (project_dir() / "index").resolve() else []
    can_summarize, why_not = summarizer_status()

    def on_respond(history, k, summarize):
        for chat, sources in respond(history, k, summarize, engine=lazy.get()):
            yield chat, gr.skip() if sources is None else sources

    def on_example(history, evt):
        value = evt.value.get("text", "") if isinstance(evt.value, dict) else str(evt.value)
        return add_question(value, history)[1]

    # Gradio finds event data by the type hint; a string hint (future annotations) would
    # not resolve to the lazily imported gradio, so set the class itself.
    on_example.__annotations__["evt"] = gr.SelectData

    def on_upload(files, progress=gr.Progress(track_tqdm=True)):
        from .upload import add_uploads

        index = Path(lazy.index_dir or default_index_dir())
        for status in add_uploads(files or [], corpus, index, embedder=shared_embedder(),
                                  lock=upload_lock, on_done=lazy.reload,
                                  progress=lambda done, what: progress(done, desc=what)):
            yield status, gr.skip()
        yield gr.skip(), None  # empty the drop zone for the next upload

    def on_summarize(checked: bool) -> None:
        load_summarizer_soon(checked)

    def ask(question: str, k: int = 4, summarize: bool = False) -> dict:
        """Answer a question from the indexed documents; returns Answer.to_dict()."""
        try:
            return ask_dict(question, k, summarize, engine=lazy.get())
        except CollabQAError as exc:
            raise gr.Error(str(exc)) from exc

    with gr.Blocks(title=TITLE, fill_width=True) as demo:
        gr.Markdown(f"# {TITLE}\nAsk questions about your documents. Every answer quotes the "
                    "passages it comes from, with [n] markers; the passages appear under Sources.",
                    elem_id="header", label="About")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Conversation", show_label=False, elem_id="chatbot", height=540,
                    placeholder="**Ask about the documents.** Follow-ups like *Who founded it?* "
                    "work too.", examples=[{"text": q} for q in examples] or None,
                    buttons=["copy"], feedback_options=None,
                )
                question = gr.Textbox(
                    label="Your question", show_label=False, elem_id="question", autofocus=True,
                    placeholder="Ask a question about the documents…", submit_btn="Ask",
                    max_length=1000,
                )
                with gr.Accordion("Add documents", open=True, elem_id="upload-box"):
                    upload = gr.File(
                        label=f"Add documents ({describe_suffixes()}; up to "
                        f"{MAX_UPLOAD_BYTES // 1024**2} MB each)", elem_id="upload",
                        file_count="multiple", file_types=list(SUFFIXES), height=150)
                    upload_status = gr.Markdown("", elem_id="upload-status",
                                                label="Upload status")
                with gr.Accordion("Settings", open=False):
                    k = gr.Slider(1, MAX_K, value=4, step=1, label="Passages to retrieve",
                                  info="More passages: broader context, longer list of sources.")
                    summarize = gr.Checkbox(
                        False, label="Summarize with the local model", interactive=can_summarize,
                        info="A short answer written from the passages; slower."
                        if can_summarize else why_not,
                    )
            with gr.Column(scale=2):
                gr.Markdown("### Sources", elem_id="sources-title", label="Sources heading")
                sources = gr.Markdown(SOURCES_EMPTY, label="Sources", container=True,
                                      elem_id="sources", max_height=640, line_breaks=True)

        private = {"api_visibility": "private"}  # only /ask is for programs
        answer = {"fn": on_respond, "inputs": [chatbot, k, summarize],
                  "outputs": [chatbot, sources], **private}
        question.submit(add_question, [question, chatbot], [question, chatbot], queue=False,
                        **private).then(**answer)
        chatbot.example_select(on_example, [chatbot], [chatbot], queue=False,
                               **private).then(**answer)
        chatbot.clear(lambda: SOURCES_EMPTY, None, [sources], queue=False, **private)
        upload.upload(on_upload, [upload], [upload_status, upload], **private)
        summarize.change(on_summarize, [summarize], None, queue=False, **private)
        gr.api(ask, api_name="ask")
    return demo.queue(default_concurrency_limit=CONCURRENCY)


def theme() -> "gr.themes.Base":
    """Gradio's default look with system fonts (the bundled bold font renders oddly)."""
    import gradio as gr

    return gr.themes.Default(primary_hue="indigo", neutral_hue="slate", font=FONT,
                             font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"])


def ensure_index(
    index_dir: str | Path | None = None,
    corpus_dir: str | Path | None = None,
    *,
    echo: Callable[[str], None] = print,
) -> Path:
    """Rebuild a missing, unreadable or stale index before serving; returns its folder.
    Stale: a corpus file changed, or the index was built by another chunker version.

    The corpus is `corpus_dir`, else `$COLLABQA_CORPUS`, else the project's `corpus/`;
    never a folder named by the index's manifest, which may have come from elsewhere.
    Without a corpus given, an index built from another folder is served as it is.
    """
    from .store import build_index, load_index, outdated, stale_files

    path = Path(index_dir) if index_dir else default_index_dir()
    given = corpus_dir is not None or bool(os.environ.get("COLLABQA_CORPUS"))
    corpus = Path(corpus_dir or default_corpus_dir()).resolve()
    try:
        index = load_index(path)
    except IndexNotFoundError:
        reason = "no index yet"
    except CollabQAError as exc:  # damaged or incompatible: rebuild from the corpus
        reason = str(exc)
    else:
        if not given and index.corpus_dir != corpus:
            echo(f"Index {path}: {index.manifest['passages']} passages from another folder, "
                 "served as it is (pass --corpus DIR to check it against a corpus).")
            return path
        changed = stale_files(index, corpus)
        if changed:
            reason = f"{len(changed)} corpus file(s) changed: {', '.join(changed[:3])}"
        elif older := outdated(index, corpus):
            reason = older  # the documents are read otherwise now
        else:
            echo(f"Index {path}: {index.manifest['passages']} passages, up to date.")
            return path
    echo(f"Building the index {path} from {corpus} ({reason})...")
    start = time.perf_counter()
    manifest = build_index(corpus, path, embedder=shared_embedder(), progress=True)
    echo(f"Index built: {manifest['passages']} passages in {time.perf_counter() - start:.1f} s.")
    return path


def launch(
    index_dir: str | Path | None = None,
    *,
    corpus_dir: str | Path | None = None,
    host: str = "127.0.0.1",
    port: int = 7860,
    auth: tuple[str, str] | None = None,
) -> None:
    """Check the index against the corpus, then serve the chat on http://host:port.

    With `auth` (user, password) the page and the `/ask` API need that login.
    """
    warning = exposure_warning(host, auth)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    path = ensure_index(index_dir, corpus_dir)
    lazy = LazyEngine(path)
    # Load the models while Gradio starts: the two overlap on two cores.
    threading.Thread(target=lazy.warm, name="collabqa-warm", daemon=True).start()
    demo = create_app(path, engine=lazy, corpus_dir=corpus_dir)
    print(f"Serving on http://{host}:{port} (Ctrl+C to stop)", flush=True)
    demo.launch(server_name=host, server_port=port, share=False, theme=theme(), css=CSS,
                footer_links=["api"], show_error=True, auth=auth,
                auth_message="Log in to ask about the documents." if auth else None)
