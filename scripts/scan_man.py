"""Read every man page of this machine with collabqa's man page reader and count what
happens: read, skipped (and why), failed, and pages whose text still holds roff.

    .venv/bin/python scripts/scan_man.py [GLOB ...]

GLOB defaults to /usr/share/man/man*/* (gzip-compressed pages are decompressed first).
"Holds roff" means a line of the text read that starts like a request (".SH") or holds
a font, character or string escape ("\\fB", "\\(em", "\\*(Aq"); some pages show these on
purpose (grep's page writes "\\(" for the regex, groff's pages show roff). Prints only.
"""

from __future__ import annotations

import collections
import glob
import gzip
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from collabqa.formats.builder import Unusable  # noqa: E402
from collabqa.formats.roff import load  # noqa: E402

_ROFF = re.compile(r"^[.'][A-Za-z]{1,3}\b|\\f|\\\(|\\\*", re.M)


def main(patterns: list[str]) -> None:
    files = sorted({f for p in patterns or ["/usr/share/man/man*/*"] for f in glob.glob(p)})
    counts: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()
    for name in files:
        path = Path(name)
        if not path.is_file():
            continue
        data = gzip.open(path).read() if name.endswith(".gz") else path.read_bytes()
        text = data.decode("utf-8", "replace").replace("\r\n", "\n")
        try:
            doc = load(path, path.name, text)
        except Unusable as exc:
            counts["skipped"] += 1
            reasons[re.sub(r"\(.*\)", "(...)", str(exc))] += 1
            continue
        except Exception as exc:  # noqa: BLE001 - counted and shown, the scan goes on
            counts["failed"] += 1
            print(f"FAILED {name}: {exc!r}")
            continue
        counts["read"] += 1
        if _ROFF.search(doc.text):
            counts["text holds roff"] += 1
    seconds = time.perf_counter() - started
    print(f"{len(files)} files in {seconds:.1f} s: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for reason, n in reasons.most_common():
        print(f"  skipped, {reason}: {n}")


if __name__ == "__main__":
    main(sys.argv[1:])
