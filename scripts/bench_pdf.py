"""PDF reading time: the loader on the three PDF corpora, optionally against another tree.

    python scripts/bench_pdf.py                               # this tree's loader
    python scripts/bench_pdf.py --against /work/main/src --rounds 3

Each reading runs in a fresh process (`--worker SRC`), timed inside it around
formats.read_document alone (no import, no chunking). With --against, the two trees take
turns in every round, so shared-machine load falls on both alike; each row reports the
fastest round and the ratio of the two fastest. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDFS = [ROOT / "eval/corpora/flask-pdf/docs/flask.pdf",
        ROOT / "eval/corpora/cfe-guide-pdf/docs/app-developer-guide.pdf",
        ROOT / "eval/corpora/fasta-guide-pdf/docs/fasta_guide.pdf"]


def worker() -> None:
    from collabqa.corpus import chunk
    from collabqa.formats import read_document

    out = {}
    for path in PDFS:
        start = time.perf_counter()
        doc = read_document(path, path.name)
        seconds = time.perf_counter() - start
        out[path.name] = {"seconds": seconds, "pages": len(doc.pages), "passages": len(chunk(doc))}
    print(json.dumps(out))


def run(src: str) -> dict:
    env = {**os.environ, "PYTHONPATH": src, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, __file__, "--worker"], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", help="another collabqa src folder to time alike")
    parser.add_argument("--rounds", type=int, default=3, help="readings of each PDF per tree")
    parser.add_argument("--worker", action="store_true", help="internal: read once, print JSON")
    args = parser.parse_args()
    if args.worker:
        return worker()
    trees = {"this": str(ROOT / "src")} | ({"against": args.against} if args.against else {})
    rounds: dict[str, list[dict]] = {name: [] for name in trees}
    for _ in range(args.rounds):
        for name, src in trees.items():
            rounds[name].append(run(src))
    head = "| PDF | pages | this: s (ms/page) | passages |"
    head += " against: s (ms/page) | passages | speed-up |" if args.against else ""
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for path in PDFS:
        cells = [path.name]
        best = {}
        for name in trees:
            runs = [r[path.name] for r in rounds[name]]
            best[name] = min(r["seconds"] for r in runs)
            pages = runs[0]["pages"]
            if name == "this":
                cells.append(str(pages))
            cells += [f"{best[name]:.2f} ({1000 * best[name] / pages:.1f})", str(runs[0]["passages"])]
        if args.against:
            cells.append(f"{best['against'] / best['this']:.1f}x")
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
