"""Login: `--auth` / `COLLABQA_AUTH` guard the page and `/ask`; the API bounds its input."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Iterator

import pytest

from collabqa import ui
from collabqa.access import exposure_warning, parse_auth
from collabqa.errors import InvalidQuestionError

from conftest import ROOT
from test_browser import PAGE_WAIT_MS, Watched, browser, free_port, start_app, stop  # noqa: F401

USER, PASSWORD = "ann", "correct:horse battery"  # a password may hold a colon and spaces
QUESTION = "Who founded ImageNet?"


@pytest.fixture(scope="module")
def guarded_app() -> Iterator[str]:
    proc, url = start_app({"COLLABQA_AUTH": f"{USER}:{PASSWORD}"})
    yield url
    stop(proc)


def test_api_without_or_with_a_wrong_login_is_refused(guarded_app):
    from gradio_client import Client

    with pytest.raises(Exception) as refused:
        Client(guarded_app, verbose=False).predict(QUESTION, 3, False, api_name="/ask")
    assert "auth" in type(refused.value).__name__.lower() or "401" in str(refused.value)
    with pytest.raises(Exception):
        Client(guarded_app, auth=(USER, "wrong"), verbose=False)


def test_api_with_the_login_returns_answer_to_dict(guarded_app, engine):
    from gradio_client import Client

    client = Client(guarded_app, auth=(USER, PASSWORD), verbose=False)
    got = client.predict(QUESTION, 3, False, api_name="/ask")
    want = engine.ask(QUESTION, k=3).to_dict()
    got.pop("timings"), want.pop("timings")
    assert got == want
    for k in (0, 21, -3, 2.5):
        with pytest.raises(Exception, match="from 1 to 20"):
            client.predict(QUESTION, k, False, api_name="/ask")
    with pytest.raises(Exception, match="at most 4000"):
        client.predict("why " * 2000, 3, False, api_name="/ask")


@pytest.mark.browser
def test_the_page_asks_for_a_login_then_shows_the_chat(guarded_app, browser):  # noqa: F811
    watched = Watched(browser)
    page = watched.page
    page.goto(guarded_app)
    page.wait_for_selector("input[type=password]")
    assert page.locator("#question textarea").count() == 0  # no chat before the login
    page.fill("input[data-testid=textbox]", USER)
    page.fill("input[type=password]", "wrong")
    page.click("button:has-text('Login')")
    page.wait_for_selector("text=Incorrect", timeout=PAGE_WAIT_MS)
    page.fill("input[data-testid=textbox]", USER)
    page.fill("input[type=password]", PASSWORD)
    page.click("button:has-text('Login')")
    box = page.wait_for_selector("#question textarea")
    box.fill(QUESTION)
    box.press("Enter")
    bot = page.wait_for_selector('[data-testid="bot"]')
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"bot\"]').innerText.includes('[1]')"
    )
    assert "Fei-Fei Li" in bot.inner_text()
    assert watched.outside == [] and watched.dialogs == []
    page.close()


@pytest.mark.parametrize("k", [0, 21, -1, 2.5, "3", True, None])
def test_ask_dict_bounds_k(engine, k):
    with pytest.raises(InvalidQuestionError, match="from 1 to 20"):
        ui.ask_dict(QUESTION, k, engine=engine)


def test_ask_dict_bounds_the_question(engine):
    assert len(ui.ask_dict(QUESTION, 20.0, engine=engine)["citations"]) == 20
    with pytest.raises(InvalidQuestionError, match="at most"):
        ui.ask_dict("x" * (ui.API_MAX_QUESTION_CHARS + 1), 4, engine=engine)


def test_parse_auth():
    assert parse_auth("ann:pa:ss word") == ("ann", "pa:ss word")
    for bad in ("ann", ":pw", "ann:", "", "  :pw"):
        with pytest.raises(ValueError, match="USER:PASSWORD"):
            parse_auth(bad)


@pytest.mark.parametrize(
    "host, warned",
    [("127.0.0.1", False), ("localhost", False), ("::1", False), ("127.0.0.2", False),
     ("0.0.0.0", True), ("::", True), ("192.168.1.20", True), ("myhost.example", True)],
)
def test_exposure_warning(host, warned):
    assert bool(exposure_warning(host, None)) is warned
    assert exposure_warning(host, (USER, PASSWORD)) is None


def test_app_py_warns_when_serving_the_network_without_a_login():
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    env.pop("COLLABQA_AUTH", None)
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "--host", "0.0.0.0", "--port", str(free_port())],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        first = proc.stderr.readline()
    finally:
        stop(proc)
    assert first.startswith("WARNING: serving on 0.0.0.0 without a login")
    bad = subprocess.run([sys.executable, str(ROOT / "app.py"), "--auth", "nopassword"],
                         cwd=ROOT, capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and "USER:PASSWORD" in bad.stderr and "Traceback" not in bad.stderr
