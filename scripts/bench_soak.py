"""Soak the served app: N gradio_client clients asking in a loop; print and write the figures.

    .venv/bin/python scripts/bench_soak.py [--seconds 120] [--clients 8] \
        [--out docs/soak-benchmark.md]

Starts `app.py` on a free 127.0.0.1 port, warms it with one question, then runs the
clients for `--seconds`. Reports requests, errors (should be 0), latency p50/p95/max,
and the server's resident memory (RSS, from /proc through psutil) after warm-up, at
the middle and at the end, with its growth. Not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_browser import start_app, stop  # noqa: E402

ENV = {"HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
       "NO_PROXY": "127.0.0.1,localhost"}
OFF_TOPIC = ["How do I bake sourdough bread?", "What is the capital of Mongolia?"]
SAMPLE_EVERY = 5.0  # seconds between RSS samples


def questions() -> list[str]:
    lines = (ROOT / "eval" / "article_questions.jsonl").read_text(encoding="utf-8").splitlines()
    found = [json.loads(line).get("q") for line in lines if line.strip()]
    return [q for q in found if q] + OFF_TOPIC


def rss_mb(pid: int) -> float:
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def client_loop(url: str, asks: list[str], offset: int, until: float, out: dict) -> None:
    from gradio_client import Client

    client = Client(url, verbose=False)
    i = offset
    while time.monotonic() < until:
        question = asks[i % len(asks)]
        i += 1
        start = time.perf_counter()
        try:
            answer = client.predict(question, 4, False, api_name="/ask")
            if not isinstance(answer, dict) or "text" not in answer:
                raise ValueError(f"not an Answer.to_dict(): {str(answer)[:80]}")
        except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
            out["errors"].append(f"{type(exc).__name__}: {exc}"[:200])
            continue
        out["latencies"].append(time.perf_counter() - start)


def soak(seconds: float, clients: int) -> dict:
    from gradio_client import Client

    proc, url = start_app(ENV)
    try:
        pid = proc.pid
        ready_rss = rss_mb(pid)
        Client(url, verbose=False).predict("Who founded ImageNet?", 4, False, api_name="/ask")
        warm_rss = rss_mb(pid)
        asks = questions()
        out: dict = {"latencies": [], "errors": []}
        samples: list[tuple[float, float]] = []
        start = time.monotonic()
        until = start + seconds
        threads = [
            threading.Thread(target=client_loop, args=(url, asks, n * 7, until, out), daemon=True)
            for n in range(clients)
        ]
        for t in threads:
            t.start()
        while time.monotonic() < until:
            samples.append((time.monotonic() - start, rss_mb(pid)))
            time.sleep(min(SAMPLE_EVERY, max(0.0, until - time.monotonic())))
        for t in threads:
            t.join(timeout=120)
        end_rss = rss_mb(pid)
        samples.append((time.monotonic() - start, end_rss))
        alive = proc.poll() is None
    finally:
        stop(proc)
    mid_rss = min(samples, key=lambda s: abs(s[0] - seconds / 2))[1]
    lat = out["latencies"]
    return {
        "seconds": seconds, "clients": clients, "requests": len(lat) + len(out["errors"]),
        "answered": len(lat), "errors": len(out["errors"]), "error_samples": out["errors"][:5],
        "throughput": len(lat) / seconds,
        "p50": statistics.median(lat) if lat else float("nan"),
        "p95": percentile(lat, 0.95) if lat else float("nan"),
        "max": max(lat) if lat else float("nan"),
        "rss_ready": ready_rss, "rss_warm": warm_rss, "rss_mid": mid_rss, "rss_end": end_rss,
        "rss_peak": max(s[1] for s in samples), "growth": end_rss - warm_rss,
        "growth_second_half": end_rss - mid_rss, "server_alive": alive,
        "samples": samples,
    }


def report(r: dict, command: str) -> str:
    load = os.getloadavg()
    rows = [
        ("requests", f"{r['requests']}"),
        ("errors", f"{r['errors']}"),
        ("answers per second", f"{r['throughput']:.1f}"),
        ("latency p50 / p95 / max (s)", f"{r['p50']:.3f} / {r['p95']:.3f} / {r['max']:.3f}"),
        ("server RSS when ready (MB)", f"{r['rss_ready']:.0f}"),
        ("server RSS after the first answer (MB)", f"{r['rss_warm']:.0f}"),
        ("server RSS at the middle / end / peak (MB)",
         f"{r['rss_mid']:.0f} / {r['rss_end']:.0f} / {r['rss_peak']:.0f}"),
        ("RSS growth, first answer -> end (MB)", f"{r['growth']:+.1f}"),
        ("RSS growth, middle -> end (MB)", f"{r['growth_second_half']:+.1f}"),
    ]
    every = max(1, len(r["samples"]) // 12)
    curve = ", ".join(f"{t:.0f}s {m:.0f}" for t, m in r["samples"][::every])
    lines = [
        "# Soak benchmark",
        "",
        f"`{command}`: `app.py` on 127.0.0.1, {r['clients']} `gradio_client` clients calling "
        f"`/ask` (k=4, no summary) in a loop for {r['seconds']:.0f} s, questions cycling "
        "through eval/article_questions.jsonl plus two off-topic ones. "
        f"{os.cpu_count()} CPU cores, Python {platform.python_version()}; load average at "
        f"the end {load[0]:.1f}.",
        "",
        "| measure | value |",
        "|---|---:|",
        *[f"| {name} | {value} |" for name, value in rows],
        "",
        f"RSS over time (MB): {curve}.",
        "",
        "Latency is per request as a client sees it, queueing included: the app answers at "
        "most 4 requests at once (`CONCURRENCY` in ui.py), so 8 clients wait about half the time.",
    ]
    if r["error_samples"]:
        lines += ["", "Errors seen:", *[f"- {e}" for e in r["error_samples"]]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120,
                        help="how long the clients ask (default: 120)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default: 8)")
    parser.add_argument("--out", type=Path, default=None,
                        help="write the report here too (e.g. docs/soak-benchmark.md)")
    args = parser.parse_args()
    command = "python scripts/bench_soak.py " + " ".join(sys.argv[1:])
    result = soak(args.seconds, args.clients)
    text = report(result, command.strip())
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    sys.exit(1 if result["errors"] or not result["server_alive"] else 0)


if __name__ == "__main__":
    main()
