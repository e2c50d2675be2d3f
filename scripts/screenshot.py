"""Write docs/screenshot.png: the running app answering a real question, with its sources.

    .venv/bin/python scripts/screenshot.py [--out docs/screenshot.png]

Starts `app.py` on a free port, asks in Debian's chromium, waits for the answer and the
highlighted passages, and saves the page. Uses the same helpers as the browser tests.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_browser import CHROMIUM, CHROMIUM_ARGS, start_app, stop  # noqa: E402

QUESTIONS = ["What is Wildbook?", "Who uploads images to it?"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    proc, url = start_app()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 880}, device_scale_factor=1.5)
            page.goto(url)
            page.wait_for_selector("#question textarea")
            for n, question in enumerate(QUESTIONS):
                page.fill("#question textarea", question)
                page.press("#question textarea", "Enter")
                page.wait_for_function(
                    "n => document.querySelectorAll('[data-testid=\"bot\"]').length > n", arg=n
                )
            # The sources panel is filled with the final answer; wait for its highlights.
            page.wait_for_selector("#sources mark")
            page.locator("#sources").scroll_into_view_if_needed()
            page.mouse.move(0, 0)  # no hover styles in the picture
            page.wait_for_timeout(600)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
    finally:
        stop(proc)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
