"""End to end: `app.py` in a subprocess, driven in Debian's chromium through playwright.

A missing browser fails these tests (`make test` installs chromium first): a skipped
browser test would hide a broken front end.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator, Sequence
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
HOSTILE_DOC = """# Tomato care <img src=x onerror=alert(1)>

## Watering tomatoes ![h](http://example.invalid/heading.gif)

Water tomato plants deeply twice a week <script>alert(1)</script> so the roots grow down.
Tomatoes need watering at the base <img src=x onerror=alert(1)> in the early morning.
Watering tomato leaves spreads blight ![x](http://example.invalid/t.gif) so avoid it.
"""
PAGE_WAIT_MS = 30_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(
    env: dict[str, str] | None = None, timeout: float = 120, args: Sequence[str] = ()
) -> tuple[subprocess.Popen, str]:
    """Run app.py on a free port; return (process, url) once the server answers."""
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
           "NO_PROXY": "127.0.0.1,localhost", **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "--port", str(port), *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(proc.stdout), daemon=True).start()
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app.py exited with {proc.returncode}:\n{''.join(log)}")
        try:
            with urllib.request.urlopen(url + "gradio_api/info", timeout=2) as resp:
                if resp.status == 200:
                    return proc, url
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):  # up, behind a login
                return proc, url
            time.sleep(0.3)
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"app.py did not answer within {timeout} s:\n{''.join(log)}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def app() -> Iterator[str]:
    proc, url = start_app()
    yield url
    stop(proc)


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("hostile")
    corpus, index = base / "corpus", base / "index"
    corpus.mkdir()
    (corpus / "tomatoes.md").write_text(HOSTILE_DOC, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "collabqa", "index", "--corpus", str(corpus), "--index", str(index)],
        check=True, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"}, capture_output=True,
    )
    proc, url = start_app({"COLLABQA_INDEX": str(index)})
    yield url
    stop(proc)


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing - run `apt-get install -y chromium` (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page plus what it did: requests outside 127.0.0.1 and dialogs (alert etc.)."""

    def __init__(self, browser):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.set_default_timeout(PAGE_WAIT_MS)
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", self._request)
        self.page.on("dialog", self._dialog)

    def _request(self, request) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host != "127.0.0.1":
            self.outside.append(request.url)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, url: str) -> "Watched":
        self.page.goto(url)
        self.page.wait_for_selector("#question textarea")
        return self

    def ask(self, question: str) -> str:
        """Type a question, press Enter; return the text of the new answer bubble."""
        bots = self.page.locator('[data-testid="bot"]')
        before = bots.count()
        self.page.fill("#question textarea", question)
        self.page.press("#question textarea", "Enter")
        return self.wait_answer(before)

    def wait_answer(self, before: int) -> str:
        bots = self.page.locator('[data-testid="bot"]')
        self.page.wait_for_function(
            "n => document.querySelectorAll('[data-testid=\"bot\"]').length > n", arg=before
        )
        # The panel fills in the same update as the final answer.
        self.page.wait_for_selector("#sources h4")
        return bots.last.inner_text()

    def sources(self) -> str:
        return self.page.locator("#sources").inner_text()


@pytest.fixture
def page(browser) -> Iterator[Watched]:
    watched = Watched(browser)
    yield watched
    watched.page.close()
    # Every test also checks the page stayed on its host and never opened a dialog.
    assert watched.outside == []
    assert watched.dialogs == []


def test_ask_shows_answer_and_sources(app: str, page: Watched) -> None:
    answer = page.open(app).ask("Who founded ImageNet?")
    assert "Fei-Fei Li" in answer and "[1]" in answer
    sources = page.sources()
    assert "[1] 1. ImageNet: Revolutionizing Computer Vision" in sources
    assert "score 0." in sources
    marks = page.page.locator("#sources mark")
    # The quoted sentences are highlighted; one of them names the founder.
    assert any("Fei-Fei Li" in text for text in marks.all_inner_texts())


def test_follow_up_uses_the_conversation(app: str, page: Watched) -> None:
    page.open(app).ask("What is ImageNet?")
    answer = page.ask("Who founded it?")
    assert "Fei-Fei Li" in answer
    assert "Follow-up to “What is ImageNet?”" in page.sources()
    # A new topic is not dragged back to ImageNet.
    answer = page.ask("What does AlphaFold predict?")
    assert "protein" in answer and "Follow-up" not in page.sources()


def test_example_question_answers_on_click(app: str, page: Watched) -> None:
    page.open(app).page.get_by_text("Why was CORD-19 created?").click()
    assert "COVID-19" in page.wait_answer(0)


def test_summary_streams_then_shows_the_checked_answer(app: str, page: Watched) -> None:
    page.open(app)
    page.page.get_by_text("Settings").click()
    page.page.get_by_label("Summarize with the local model").check()
    page.page.fill("#question textarea", "Who developed AlphaFold?")
    page.page.press("#question textarea", "Enter")
    # Record the reply as it grows, until the final answer fills the sources panel.
    seen: list[str] = []
    bots, done = page.page.locator('[data-testid="bot"]'), page.page.locator("#sources h4")
    deadline = time.monotonic() + PAGE_WAIT_MS / 1000
    while done.count() == 0 and time.monotonic() < deadline:
        if bots.count():
            seen.append(bots.last.inner_text())
        page.page.wait_for_timeout(50)
    answer = page.wait_answer(0)
    assert "DeepMind" in answer and "[1]" in answer
    assert "Summarized by the local model from the sources." in answer
    # The summary's pieces arrive within milliseconds of the answer (tests/test_ui.py
    # checks each one is streamed); any the page showed first was marked as a draft.
    drafts = [text for text in seen if "Writing… each sentence is checked" in text]
    assert all(text != answer for text in drafts), seen
    assert "Writing…" not in answer


def test_off_topic_question_says_not_in_documents(app: str, page: Watched) -> None:
    answer = page.open(app).ask("What is the population of Tokyo?")
    assert answer.startswith("Not in the documents.")


def test_hostile_corpus_stays_inert(hostile_app: str, page: Watched) -> None:
    answer = page.open(hostile_app).ask("How should I water tomatoes?")
    sources = page.sources()
    assert "<script>alert(1)</script>" in sources
    assert "<img src=x onerror=alert(1)>" in sources
    assert "![x](http://example.invalid/t.gif)" in sources
    assert "tomato" in answer.lower()
    for area in ("#sources", "#chatbot"):
        assert page.page.locator(f"{area} img, {area} script, {area} a[href]").count() == 0
    page.page.wait_for_timeout(500)  # give a stray image or handler time to fire


def test_hostile_question_stays_inert(app: str, page: Watched) -> None:
    question = "![q](http://example.invalid/q.gif) <img src=x onerror=alert(2)> who?"
    page.open(app).ask(question)
    assert page.page.locator('[data-testid="user"]').last.inner_text() == question
    assert page.page.locator("#chatbot img, #chatbot script").count() == 0


def test_api_returns_answer_to_dict(app: str) -> None:
    from gradio_client import Client

    from collabqa import ask

    client = Client(app, verbose=False)
    got = client.predict("Who founded ImageNet?", api_name="/ask")
    want = ask("Who founded ImageNet?", index_dir=ROOT / "index").to_dict()
    assert got.keys() == want.keys() and got.pop("timings") and want.pop("timings")
    assert got == want
    assert len(client.predict("Who founded ImageNet?", 2, False, api_name="/ask")["citations"]) == 2


def test_several_users_at_once(app: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from gradio_client import Client

    questions = [
        "Who founded ImageNet?", "What does AlphaFold predict?", "Why was CORD-19 created?",
        "Who uploads images to Wildbook?", "What kind of data does TCGA hold?",
    ] * 2

    def one(q: str) -> dict:
        return Client(app, verbose=False).predict(q, api_name="/ask")

    with ThreadPoolExecutor(len(questions)) as pool:
        results = list(pool.map(one, questions))
    assert all(r["question"] == q for r, q in zip(results, questions))
    # Ten at once answer exactly as one at a time would (the gate refuses one of these:
    # the embedding barely knows "TCGA"; docs/gate.md).
    alone = {q: Client(app, verbose=False).predict(q, api_name="/ask") for q in set(questions)}
    assert [r["text"] for r in results] == [alone[q]["text"] for q in questions]
    assert sum(r["grounded"] for r in results) >= 8
