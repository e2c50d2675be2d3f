"""Benchmark the late-interaction basis fit of an index build: the SVD it used until
session 80 against the covariance's eigenvectors it uses now, on the same tokens, in one run.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/bench_basis.py eval/corpora/prometheus/docs ...

For each corpus folder: one real index build (`store.build_index`, into a temporary
folder) gives the token vectors `late.fit_basis` is handed and the build's wall time.
Then both fits run on those tokens, --rounds times each, one torch and BLAS thread as
the evaluation's builds have, the fastest of each reported; and the two bases are
compared: the least |cosine| between a direction and the SVD's (1.0: the same up to
sign) and, over 5,000 random token pairs, the largest change in their cosine once coded
to int8 (what late interaction reads). Prints a table and writes it to
docs/ingest-benchmark.md (unless --no-write).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads: one core, as
os.environ.setdefault("OMP_NUM_THREADS", "1")  # scripts/eval_all.py's two queues build

from benchdocs import ROOT, write_section  # noqa: E402

import numpy as np  # noqa: E402

from collabqa import late, store  # noqa: E402
from collabqa.api import shared_embedder  # noqa: E402

OUT = ROOT / "docs" / "ingest-benchmark.md"


def svd_basis(matrices) -> late.Basis:
    """`late.fit_basis` as it was until session 80: the SVD for every count of tokens
    (COVARIANCE_ROWS raised to the most tokens it is ever handed, SAMPLE)."""
    saved = late.COVARIANCE_ROWS
    late.COVARIANCE_ROWS = late.SAMPLE
    try:
        return late.fit_basis(matrices)
    finally:
        late.COVARIANCE_ROWS = saved


def fastest(fit, matrices, rounds: int) -> tuple[float, late.Basis]:
    best, basis = float("inf"), None
    for _ in range(rounds):
        start = time.perf_counter()
        basis = fit(matrices)
        best = min(best, time.perf_counter() - start)
    return best, basis


def measure(corpus: Path, rounds: int) -> dict:
    captured: list = []
    fit = late.fit_basis

    def capture(matrices):
        captured.append([np.asarray(m, dtype=np.float32) for m in matrices])
        return fit(matrices)

    late.fit_basis = capture
    try:
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            store.build_index(corpus, Path(folder) / "index", embedder=shared_embedder())
            build = time.perf_counter() - start
    finally:
        late.fit_basis = fit
    matrices = captured[0]
    old_s, old = fastest(svd_basis, matrices, rounds)
    new_s, new = fastest(late.fit_basis, matrices, rounds)
    tokens = np.concatenate([m for m in matrices if len(m)])
    pairs = np.random.default_rng(0).integers(0, len(tokens), size=(5000, 2))
    cosines = []
    for basis in (old, new):
        x = basis.expand(basis.compress(tokens))
        cosines.append(np.sum(x[pairs[:, 0]] * x[pairs[:, 1]], axis=1))
    return {"corpus": corpus, "tokens": len(tokens), "build": build, "old": old_s, "new": new_s,
            "cos": float(np.abs(np.sum(old.components * new.components, axis=1)).min()),
            "moved": float(np.abs(cosines[0] - cosines[1]).max())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path, help="corpus folders")
    parser.add_argument("--rounds", type=int, default=2, help="fits of each kind (fastest kept)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    rows = []
    for corpus in args.corpora:
        got = measure(corpus, args.rounds)
        print(f"{corpus}: {got}", file=sys.stderr, flush=True)
        rows.append(got)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0]
    lines = [
        "## The basis of the late interaction's tokens: SVD against the covariance",
        "",
        f"Measured {stamp} on {os.cpu_count()} cores (load average {load:.1f} at the end: "
        f"other work slows every figure), {platform.machine()}, numpy {np.__version__}, "
        f"`HF_HUB_OFFLINE=1 .venv/bin/python scripts/bench_basis.py "
        f"{' '.join(str(c) for c in args.corpora)}`. Each fit the fastest of {args.rounds}, "
        "on one thread, on the tokens the build handed it; the build's time is one build "
        "with the covariance's fit (the model's forward pass is most of the rest).",
        "",
        "| corpus | tokens | build (s) | SVD fit (s) | covariance fit (s) | ratio | SVD's share of a build | least \\|cos\\| of a direction | largest change of a token pair's coded cosine |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        share = r["old"] / (r["build"] - r["new"] + r["old"])
        lines.append(
            f"| `{r['corpus']}` | {r['tokens']:,} | {r['build']:.1f} | {r['old']:.2f} | "
            f"{r['new']:.2f} | {r['old'] / r['new']:.1f}x | {share:.0%} | {r['cos']:.6f} | "
            f"{r['moved']:.1e} |")
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        write_section("basis", body, OUT)


if __name__ == "__main__":
    main()
