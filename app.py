"""Serve the collabqa chat: `python app.py [--host H] [--port P] [--corpus DIR] [--auth U:P]`.

`--index`/`COLLABQA_INDEX` selects the index (default: index/); a missing or stale index
is rebuilt before serving from `--corpus`/`COLLABQA_CORPUS` (default: corpus/). Everything
else lives in `collabqa.ui`.
"""

from __future__ import annotations

import argparse
import os
import sys

# Before anything imports gradio or huggingface_hub: no telemetry, no version check,
# no model hub, and local requests never go through a proxy (launch() calls itself).
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["NO_PROXY"] = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1,localhost"]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the collabqa chat in the browser.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7860, help="port to serve on (default: 7860)")
    parser.add_argument(
        "--corpus", metavar="DIR", default=None,
        help="folder of documents to index when the index is missing or stale "
        "(default: $COLLABQA_CORPUS, else the project's corpus/)",
    )
    parser.add_argument(
        "--index", metavar="DIR", default=None,
        help="index folder (default: $COLLABQA_INDEX, else the project's index/)",
    )
    parser.add_argument(
        "--auth", metavar="USER:PASSWORD", default=None,
        help="require this login for the page and its API (default: $COLLABQA_AUTH; the "
        "variable keeps the password out of the process list)",
    )
    args = parser.parse_args(argv)

    from collabqa.errors import CollabQAError
    from collabqa.access import parse_auth
    from collabqa.ui import launch

    login = args.auth if args.auth is not None else os.environ.get("COLLABQA_AUTH")
    try:
        auth = parse_auth(login) if login else None
    except ValueError as exc:
        parser.error(f"--auth / COLLABQA_AUTH: {exc}")
    try:
        launch(args.index, corpus_dir=args.corpus, host=args.host, port=args.port, auth=auth)
    except CollabQAError as exc:
        sys.exit(f"app.py: error: {exc}")


if __name__ == "__main__":
    main()
