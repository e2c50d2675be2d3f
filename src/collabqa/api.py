"""`ask()` and the Engine behind it: index and models loaded once, reused, thread-safe."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Iterator, NamedTuple

from .answer import Answer, extractive_answer
from .embed import Embedder
from .errors import CollabQAError, InvalidQuestionError
from .retrieve import Retrieval, Retriever
from .store import Index, load_index

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 1000  # the embedder reads 256 word pieces; more is noise
_PROJECT = Path(__file__).resolve().parents[2]


def project_dir() -> Path:
    """The source checkout when running from one, else the current folder."""
    return _PROJECT if (_PROJECT / "pyproject.toml").is_file() else Path.cwd()


def default_index_dir() -> Path:
    """`$COLLABQA_INDEX`, else `index/` of the project."""
    return Path(os.environ.get("COLLABQA_INDEX") or project_dir() / "index")


def default_corpus_dir() -> Path:
    """`$COLLABQA_CORPUS`, else `corpus/` of the project."""
    return Path(os.environ.get("COLLABQA_CORPUS") or project_dir() / "corpus")


def clean_question(question: str) -> str:
    """Strip the question; refuse an empty one, cut an over-long one at a word boundary."""
    if not isinstance(question, str) or not question.strip():
        raise InvalidQuestionError("the question is empty - type a question")
    question = " ".join(question.split())
    if len(question) > MAX_QUESTION_CHARS:
        cut = question[:MAX_QUESTION_CHARS].rsplit(" ", 1)[0] or question[:MAX_QUESTION_CHARS]
        log.warning("question cut from %d to %d characters", len(question), len(cut))
        question = cut
    return question


class Loaded(NamedTuple):
    """One loaded index with its retriever: replaced as a whole, never changed."""

    index: Index
    retriever: Retriever
    embedder: Embedder
    stamp: tuple[int, int] | None  # (inode, mtime) of manifest.json when it was read
    build_id: str | None


def _stamp(index_dir: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(index_dir / "manifest.json")
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


class Engine:
    """One index and the models to query it; build once, call `ask` from any thread.

    Each question first checks (one `stat`) whether the index was rebuilt since; if so
    the new one is loaded and answers it. Questions already under way finish on the old.
    """

    def __init__(self, index_dir: str | Path | None = None, *, embedder: Embedder | None = None):
        self.index_dir = Path(index_dir) if index_dir else default_index_dir()
        self.embedder = embedder or shared_embedder()
        self._reloading = threading.Lock()
        self._loaded = self._load()

    @property
    def index(self) -> Index:
        return self._loaded.index

    @property
    def retriever(self) -> Retriever:
        return self._loaded.retriever

    def _load(self) -> Loaded:
        stamp = _stamp(self.index_dir)  # before reading: a later change is seen next time
        index = load_index(self.index_dir)
        build_id = index.manifest.get("build_id")
        return Loaded(index, Retriever(index, self.embedder), self.embedder, stamp, build_id)

    def current(self) -> Loaded:
        """The index to answer the next question from, reloaded if it was rebuilt."""
        loaded, stamp = self._loaded, _stamp(self.index_dir)
        if stamp is None or stamp == loaded.stamp:
            return loaded  # unchanged, or mid-swap: keep the one we have
        if not self._reloading.acquire(blocking=False):
            return loaded  # another question is loading the new one
        try:
            loaded = self._loaded
            try:
                with (self.index_dir / "manifest.json").open(encoding="utf-8") as fh:
                    build_id = json.load(fh).get("build_id")
            except (OSError, ValueError, AttributeError):
                build_id = None
            if build_id is not None and build_id == loaded.build_id:
                self._loaded = loaded._replace(stamp=stamp)  # touched, not rebuilt
                return self._loaded
            try:
                self._loaded = self._load()
                log.info("index %s reloaded (build %s)", self.index_dir, self._loaded.build_id)
            except CollabQAError as exc:
                log.warning("index %s changed but cannot be read (%s); still answering from "
                            "the one loaded before", self.index_dir, exc)
                self._loaded = loaded._replace(stamp=stamp)
            return self._loaded
        finally:
            self._reloading.release()

    def retrieve(self, question: str, *, k: int = 4) -> tuple[str, Retrieval, dict[str, float]]:
        """Clean the question and find its passages; returns (question, retrieval, timings)."""
        return self._retrieve(self.current(), question, k)

    def _retrieve(
        self, loaded: Loaded, question: str, k: int
    ) -> tuple[str, Retrieval, dict[str, float]]:
        question = clean_question(question)
        if not isinstance(k, int) or k < 1:
            raise InvalidQuestionError(f"k must be a positive whole number, not {k!r}")
        start = time.perf_counter()
        retrieval = loaded.retriever.search(question, k=k)
        return question, retrieval, {"retrieve": _ms(start)}

    def ask(self, question: str, *, k: int = 4, summarize: bool = False) -> Answer:
        """Answer `question` from the index; see `collabqa.ask`."""
        *_, answer = self.ask_stream(question, k=k, summarize=summarize)
        assert isinstance(answer, Answer)
        return answer

    def ask_stream(
        self, question: str, *, k: int = 4, summarize: bool = False
    ) -> Iterator[str | Answer]:
        """Like `ask`, streamed: summary text deltas as generated, then the final Answer.

        The question is checked and retrieved at once, so a bad question raises here,
        not at the first `next()`. Without a summary only the Answer is yielded.
        """
        start = time.perf_counter()
        loaded = self.current()  # this question is answered from this index throughout
        question, retrieval, timings = self._retrieve(loaded, question, k)
        mark = time.perf_counter()
        answer = extractive_answer(question, retrieval, timings)
        timings["answer"] = _ms(mark)
        return self._stream(answer, retrieval, start, summarize and answer.grounded, loaded)

    def _stream(
        self, answer: Answer, retrieval: Retrieval, start: float, summarize: bool, loaded: Loaded
    ) -> Iterator[str | Answer]:
        if summarize:  # never for an ungrounded answer: the model is not even loaded
            from .summarize import stream_summary

            for item in stream_summary(answer, retrieval):
                if isinstance(item, Answer):
                    answer = item
                else:
                    yield item
        answer.timings["total"] = _ms(start)
        yield answer


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)


_lock = threading.Lock()
_embedder: Embedder | None = None
_engines: dict[Path, Engine] = {}


def shared_embedder() -> Embedder:
    """The process-wide embedding model (loaded on first encode)."""
    global _embedder
    with _lock:
        if _embedder is None:
            _embedder = Embedder()
        return _embedder


def get_engine(index_dir: str | Path | None = None) -> Engine:
    """The cached Engine for `index_dir` (default: `$COLLABQA_INDEX` or `index/`)."""
    path = Path(index_dir or default_index_dir()).resolve()
    with _lock:
        engine = _engines.get(path)
    if engine is None:
        engine = Engine(path)
        with _lock:
            engine = _engines.setdefault(path, engine)
    return engine


def ask(
    question: str,
    *,
    k: int = 4,
    summarize: bool = False,
    index_dir: str | Path | None = None,
) -> Answer:
    """Answer a question from the indexed documents, citing the passages used.

    >>> answer = ask("Who founded ImageNet?")
    >>> answer.text, answer.citations[0].title

    Raises ValueError for an empty question and CollabQAError (naming the fix) for a
    missing or unusable index.
    """
    return get_engine(index_dir).ask(question, k=k, summarize=summarize)


def ask_stream(
    question: str,
    *,
    k: int = 4,
    summarize: bool = False,
    index_dir: str | Path | None = None,
) -> Iterator[str | Answer]:
    """`ask`, streamed for a chat: yields summary text as it is generated, then the Answer.

    >>> for item in ask_stream("Who founded ImageNet?", summarize=True):
    ...     print(item if isinstance(item, str) else item.text)

    The text deltas are the model's raw draft; the final Answer (the same as `ask`
    returns) holds only the sentences the passages support. With `summarize=False`,
    or when the documents don't answer the question, only the Answer is yielded.
    """
    return get_engine(index_dir).ask_stream(question, k=k, summarize=summarize)
