"""Scale benchmark: FAISS index types at 10k-1M passages, and the real build pipeline.

    python scripts/bench_scale.py                      # both parts
    python scripts/bench_scale.py --part faiss --sizes 10000 100000 1000000
    python scripts/bench_scale.py --part pipeline --passages 3000

Part "faiss" uses synthetic 384-d unit vectors drawn from a two-level Gaussian mixture
(topics -> a few thousand clusters -> points), because uniform random vectors in 384-d
have no near neighbours at all and make every ANN index look worse than it is on text
embeddings. For each size it measures build time, index bytes, RSS growth, single-query
latency (one thread, one query at a time, as `ask()` runs) and recall@10 against exact
search, for exact (flat), HNSW (store.py's M/efConstruction, efSearch swept) and IVF-flat.

Part "pipeline" runs `collabqa.store.build_index` on a synthetic corpus made from the
article's sentences shuffled into many files, then edits one file and rebuilds, to show
passages/s of a full build and what an incremental rebuild saves.

Each part rewrites only its own marked section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchdocs import ROOT, write_section
DIM = 384
K = 10


# --------------------------------------------------------------------------- memory


def rss_mb() -> float:
    """Resident set size of this process now, in MB (Linux)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def machine() -> str:
    import platform

    import faiss

    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, faiss {faiss.__version__}"


# --------------------------------------------------------------------------- synthetic vectors


class Mixture:
    """Unit vectors from topics -> clusters -> points; related clusters share a topic.

    Text embeddings have a low local intrinsic dimension: passages of one theme vary
    along a few directions, not all 384. So a point is its cluster centre, plus a
    displacement inside a cluster-specific `local`-dimensional subspace (norm about r,
    r drawn per cluster in [0.8, 1.4]), plus a little isotropic noise, normalized. Near
    neighbours then have graded cosines (top-1 clearly above top-10) as in real corpora.
    With `local=0` the displacement is isotropic: every sibling sits at the same cosine,
    a worst case in which recall@10 is decided by near-ties.
    Cluster sizes are log-normal, so a few topics dominate as in a real collection.
    """

    def __init__(self, *, clusters: int = 3000, topics: int = 64, local: int = 16,
                 noise: float = 0.3, seed: int = 0):
        import numpy as np

        rng = np.random.default_rng(seed)
        topic = _unit(rng.standard_normal((topics, DIM), dtype=np.float32))
        parent = rng.integers(0, topics, clusters)
        offset = _unit(rng.standard_normal((clusters, DIM), dtype=np.float32))
        self.centers = _unit(topic[parent] + 1.2 * offset)
        self.radius = rng.uniform(0.8, 1.4, clusters).astype(np.float32)
        self.local, self.noise = local, noise
        # Random bases (not exactly orthonormal; near enough in 384-d) per cluster.
        self.bases = (rng.standard_normal((clusters, local, DIM), dtype=np.float32)
                      / np.sqrt(DIM)) if local else None
        weights = rng.lognormal(0.0, 1.0, clusters)
        self.weights = weights / weights.sum()

    def sample(self, n: int, seed: int, batch: int = 0):
        """`n` unit vectors, float32, generated in batches to bound peak memory."""
        import numpy as np

        # Per-point bases cost batch x local x 384 floats: keep batches small then.
        batch = batch or (10_000 if self.local else 100_000)
        rng = np.random.default_rng(seed)
        out = np.empty((n, DIM), dtype=np.float32)
        for lo in range(0, n, batch):
            hi = min(n, lo + batch)
            c = rng.choice(len(self.centers), hi - lo, p=self.weights)
            iso = _unit(rng.standard_normal((hi - lo, DIM), dtype=np.float32))
            if self.local:
                z = rng.standard_normal((hi - lo, self.local), dtype=np.float32)
                z /= np.sqrt(self.local)
                move = np.einsum("nl,nld->nd", z, self.bases[c]) + self.noise * iso
            else:
                move = iso
            out[lo:hi] = _unit(self.centers[c] + self.radius[c, None] * move)
        return out


def _unit(x):
    import numpy as np

    return x / np.linalg.norm(x, axis=1, keepdims=True).astype(x.dtype)


# --------------------------------------------------------------------------- faiss part


def _latency(index, queries, k: int) -> tuple[list[list[int]], list[float]]:
    """Search one query at a time, as a served question does; returns rows and ms each."""
    rows, times = [], []
    for q in queries:
        t = time.perf_counter()
        _, ids = index.search(q[None, :], k)
        times.append((time.perf_counter() - t) * 1000)
        rows.append(ids[0].tolist())
    return rows, times


def _recall(found: list[list[int]], truth) -> float:
    hits = sum(len(set(f) & set(t.tolist())) for f, t in zip(found, truth))
    return hits / (len(found) * truth.shape[1])


def _pct(values: list[float], p: float) -> float:
    import numpy as np

    return float(np.percentile(values, p))


def _index_bytes(index) -> int:
    import faiss

    return int(faiss.serialize_index(index).nbytes)


def bench_faiss(sizes: list[int], *, queries: int, threads: int, m: int, ef_construction: int,
                ef_search: list[int], nprobe: list[int], ivf: bool, local: int = 16,
                clusters: int = 3000
                ) -> list[dict[str, Any]]:
    """Build each index type at each size; rows of the results table."""
    import faiss
    import numpy as np

    mix = Mixture(local=local, clusters=clusters)
    xq = mix.sample(queries, seed=10_000)  # held-out questions from the same distribution
    results: list[dict[str, Any]] = []
    for n in sizes:
        print(f"\n== {n:,} vectors", flush=True)
        t = time.perf_counter()
        xb = mix.sample(n, seed=n)
        print(f"generated in {time.perf_counter() - t:.1f}s", flush=True)

        faiss.omp_set_num_threads(threads)
        t = time.perf_counter()
        sims, truth = faiss.knn(xq, xb, K, metric=faiss.METRIC_INNER_PRODUCT)
        print(f"exact ground truth in {time.perf_counter() - t:.1f}s; "
              f"mean cosine of top-1 {sims[:, 0].mean():.3f}, of 10th {sims[:, -1].mean():.3f}")

        def run(name: str, params: str, build, tune=None) -> None:
            faiss.omp_set_num_threads(threads)
            before = rss_mb()
            t0 = time.perf_counter()
            index = build()
            build_s = time.perf_counter() - t0
            grown = rss_mb() - before
            size = _index_bytes(index)
            # One thread for queries: a single query gains nothing from OpenMP here and
            # a server answering several users at once would not give it both cores.
            faiss.omp_set_num_threads(1)
            for value, label in (tune or [(None, params)]):
                if value is not None:
                    value(index)
                _latency(index, xq[:20], K)  # warm caches
                found, ms = _latency(index, xq, K)
                row = {
                    "n": n, "index": name, "params": label, "build_s": build_s,
                    "passages_per_s": n / build_s if build_s > 0 else float("inf"),
                    "bytes": size, "rss_mb": grown,
                    "p50_ms": _pct(ms, 50), "p95_ms": _pct(ms, 95),
                    "recall10": _recall(found, truth),
                }
                results.append(row)
                print(f"{name:6} {label:28} build {build_s:7.1f}s  {size / 2**20:8.1f} MiB  "
                      f"p50 {row['p50_ms']:6.3f} ms  p95 {row['p95_ms']:6.3f} ms  "
                      f"recall@10 {row['recall10']:.4f}", flush=True)
            del index

        def flat():
            index = faiss.IndexFlatIP(DIM)
            index.add(xb)
            return index

        run("flat", "exact", flat)

        def hnsw():
            index = faiss.IndexHNSWFlat(DIM, m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = ef_construction
            index.add(xb)
            return index

        def ef(value: int):
            def set_ef(index) -> None:
                index.hnsw.efSearch = value
            return set_ef

        run("hnsw", f"M={m} efC={ef_construction}", hnsw,
            [(ef(e), f"M={m} efC={ef_construction} efS={e}") for e in ef_search])

        if ivf:
            nlist = 1 << max(4, round(np.log2(4 * np.sqrt(n))))

            def ivf_build():
                quantizer = faiss.IndexFlatIP(DIM)
                index = faiss.IndexIVFFlat(quantizer, DIM, nlist, faiss.METRIC_INNER_PRODUCT)
                # faiss warns below 39 points per list; 64 per list trains stable centroids.
                rng = np.random.default_rng(1)
                train = xb[rng.choice(n, min(n, 64 * nlist), replace=False)]
                index.train(train)
                index.add(xb)
                return index

            def probe(value: int):
                def set_probe(index) -> None:
                    index.nprobe = value
                return set_probe

            run("ivf", f"nlist={nlist}", ivf_build,
                [(probe(p), f"nlist={nlist} nprobe={p}") for p in nprobe if p <= nlist])
        del xb
    return results


def faiss_section(results: list[dict[str, Any]], args: argparse.Namespace, seconds: float) -> str:
    lines = [
        "## Scale: FAISS index types (synthetic vectors"
        + (")" if args.local else ", isotropic worst case)"),
        "",
        f"Measured {dt.date.today().isoformat()} on {machine()}, in {seconds / 60:.0f} min, with",
        "",
        "```",
        "HF_HUB_OFFLINE=1 .venv/bin/python scripts/bench_scale.py --part faiss "
        + " ".join(sys.argv[1:]).replace("--part faiss", "").strip(),
        "```",
        "",
        f"Vectors: 384-d unit vectors from a Gaussian mixture (64 topics, {args.clusters:,} clusters, "
        f"log-normal cluster sizes, "
        + (f"points spread in a {args.local}-d subspace per cluster plus isotropic noise"
           if args.local else "isotropic spread: the near-tie worst case")
        + f"; see `Mixture` in the script). {args.queries} held-out "
        f"queries from the same mixture; recall@10 is against exact inner-product search. "
        f"Builds use {args.threads} threads; queries run one at a time on one thread. "
        "Bytes = serialized index (vectors included); RSS = growth of the process's "
        "resident memory during the build.",
        "",
        "| passages | index | parameters | build s | build vec/s | index MiB | RSS +MiB "
        "| p50 ms | p95 ms | recall@10 |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['n']:,} | {r['index']} | {r['params']} | {r['build_s']:.1f} | "
            f"{r['passages_per_s']:,.0f} | {r['bytes'] / 2**20:,.1f} | {r['rss_mb']:,.0f} | "
            f"{r['p50_ms']:.3f} | {r['p95_ms']:.3f} | {r['recall10']:.4f} |"
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- pipeline part

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“])")


def make_corpus(folder: Path, *, source: Path, files: int, paragraphs: int, seed: int = 0) -> None:
    """Write `files` Markdown files of shuffled article sentences under `folder`."""
    text = source.read_text(encoding="utf-8")
    prose = [line.strip() for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    sentences = [s for line in prose for s in _SPLIT.split(line) if len(s.split()) >= 4]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for f in range(files):
        parts = [f"# Synthetic document {f}\n"]
        for p in range(paragraphs):
            if p % 4 == 0:
                parts.append(f"## Section {p // 4 + 1}\n")
            parts.append(" ".join(rng.sample(sentences, rng.randint(3, 6))) + "\n")
        (folder / f"doc-{f:04d}.md").write_text("\n".join(parts), encoding="utf-8")


def bench_pipeline(*, files: int, paragraphs: int) -> dict[str, Any]:
    """Full build, a no-change rebuild, and a one-file rebuild of a synthetic corpus."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT / "src"))
    from collabqa.embed import Embedder
    from collabqa.store import build_index

    embedder = Embedder()
    embedder.encode_one("warm up")  # model load is not build throughput
    work = Path(tempfile.mkdtemp(prefix="collabqa-bench-"))
    try:
        corpus, index = work / "corpus", work / "index"
        make_corpus(corpus, source=ROOT / "corpus" / "collaborative-ml-success-stories.md",
                    files=files, paragraphs=paragraphs)
        runs = {}
        t = time.perf_counter()
        m = build_index(corpus, index, embedder=embedder, progress=False)
        runs["full"] = (time.perf_counter() - t, m)
        t = time.perf_counter()
        m = build_index(corpus, index, embedder=embedder, progress=False)
        runs["unchanged"] = (time.perf_counter() - t, m)
        victim = corpus / "doc-0000.md"
        victim.write_text(victim.read_text(encoding="utf-8") + "\nA new closing paragraph was "
                          "added to this one file to force its passages to be embedded again.\n",
                          encoding="utf-8")
        t = time.perf_counter()
        m = build_index(corpus, index, embedder=embedder, progress=False)
        runs["one file changed"] = (time.perf_counter() - t, m)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name, (seconds, m) in runs.items():
        print(f"{name:18} {seconds:7.1f}s  passages {m['passages']}  sentences {m['sentences']}  "
              f"reused {m['reused_passages']}  index {m['index_type']}", flush=True)
    return {"files": files, "runs": runs}


def pipeline_section(result: dict[str, Any]) -> str:
    full_s, full = result["runs"]["full"]
    lines = [
        "## Scale: build pipeline (real model)",
        "",
        f"Measured {dt.date.today().isoformat()} on {machine()}, with",
        "",
        "```",
        "HF_HUB_OFFLINE=1 .venv/bin/python scripts/bench_scale.py --part pipeline "
        + " ".join(sys.argv[1:]).replace("--part pipeline", "").strip(),
        "```",
        "",
        f"Corpus: {result['files']} Markdown files of the article's sentences shuffled into "
        f"paragraphs ({full['passages']:,} passages, {full['sentences']:,} sentences). "
        "`build_index` embeds every passage and every sentence (answers quote sentences), "
        "so throughput counts both. Model load is excluded (about 3-6 s once per process).",
        "",
        "| build | seconds | passages | re-embedded | reused | passages/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, (seconds, m) in result["runs"].items():
        fresh = m["passages"] - m["reused_passages"]
        lines.append(f"| {name} | {seconds:.1f} | {m['passages']:,} | {fresh:,} | "
                     f"{m['reused_passages']:,} | {m['passages'] / seconds:,.0f} |")
    lines += ["", f"Full build throughput: {full['passages'] / full_s:,.0f} passages/s "
              f"({(full['passages'] + full['sentences']) / full_s:,.0f} texts/s embedded)."]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=["faiss", "pipeline", "all"], default="all")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                        help="OpenMP threads for building (queries always use one)")
    parser.add_argument("--m", type=int, default=None, help="HNSW M (default: store.py's)")
    parser.add_argument("--ef-construction", type=int, default=None,
                        help="HNSW efConstruction (default: store.py's)")
    parser.add_argument("--ef-search", type=int, nargs="+", default=[16, 32, 64, 96, 128, 256])
    parser.add_argument("--nprobe", type=int, nargs="+", default=[8, 16, 32, 64, 128])
    parser.add_argument("--clusters", type=int, default=3000, help="mixture clusters")
    parser.add_argument("--local", type=int, default=16,
                        help="local dimension of each cluster (0: isotropic worst case)")
    parser.add_argument("--no-ivf", action="store_true", help="skip the IVF-flat rows")
    parser.add_argument("--files", type=int, default=150, help="pipeline: corpus files")
    parser.add_argument("--paragraphs", type=int, default=16, help="pipeline: paragraphs per file")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs alone")
    args = parser.parse_args(argv)

    if args.part in ("faiss", "all"):
        sys.path.insert(0, str(ROOT / "src"))
        from collabqa import store

        args.m = args.m or store.HNSW_M
        args.ef_construction = args.ef_construction or store.HNSW_EF_CONSTRUCTION
        start = time.perf_counter()
        results = bench_faiss(
            args.sizes, queries=args.queries, threads=args.threads, m=args.m,
            ef_construction=args.ef_construction, ef_search=args.ef_search,
            nprobe=args.nprobe, ivf=not args.no_ivf, local=args.local,
            clusters=args.clusters,
        )
        section = faiss_section(results, args, time.perf_counter() - start)
        print("\n" + section)
        if not args.no_write:
            write_section("scale-faiss" if args.local else "scale-faiss-isotropic", section)
    if args.part in ("pipeline", "all"):
        section = pipeline_section(bench_pipeline(files=args.files, paragraphs=args.paragraphs))
        print("\n" + section)
        if not args.no_write:
            write_section("scale-pipeline", section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
