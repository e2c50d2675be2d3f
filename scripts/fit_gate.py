"""Fit the refusal gate (collabqa/gate.py) on several corpora and check it on each left out.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/fit_gate.py            # folds + figures
    HF_HUB_OFFLINE=1 .venv/bin/python scripts/fit_gate.py --write    # also update gate.py

Every question file in eval/ names its corpus on a metadata line ({"corpus": DIR});
files without one are about the project's article in corpus/. One index is built per
corpus (cached in .cache/eval-indexes/, rebuilt incrementally). Each question's gate
features come from the real Retriever. Then, leave-one-corpus-out: a logistic model
(standardised features, classes balanced) is fitted on every corpus but one, its
cut-off set so that about CUTOFF_QUANTILE of the fitting corpora's answerable questions
would be refused, and the corpus left out is scored with it. `--write` fits on all
corpora and writes the constants into gate.py. The figures go to docs/gate.md and
docs/gate-features.json (read by scripts/plot_eval.py).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from collabqa import gate  # noqa: E402

CACHE = ROOT / ".cache" / "eval-indexes"
CUTOFF_QUANTILE = 0.04  # share of fitting answerable questions the cut-off may refuse
C = 1.0  # inverse regularisation strength of the logistic model


def question_files() -> list[Path]:
    return sorted((ROOT / "eval").glob("*_questions.jsonl"))


def corpus_of(path: Path) -> Path:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            if "q" not in record and "corpus" in record:
                return (ROOT / record["corpus"]).resolve()
    return (ROOT / "corpus").resolve()


def load(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [r for r in map(json.loads, filter(str.strip, lines)) if "q" in r]


def kind(q: dict) -> str:
    if not q.get("abstain"):
        return "answerable"
    return "near_miss" if q.get("near_miss") else "off_topic"


def collect(files: list[Path]) -> list[dict]:
    """Gate features of every question, from an index of its corpus."""
    from collabqa.api import Engine, shared_embedder
    from collabqa.store import build_index

    embedder = shared_embedder()
    engines: dict[Path, Engine] = {}
    rows = []
    for path in files:
        corpus = corpus_of(path)
        if corpus not in engines:
            name = corpus.relative_to(ROOT).as_posix().replace("/", "_")
            index = CACHE / name
            build_index(corpus, index, embedder=embedder, progress=True)
            engines[corpus] = Engine(index, embedder=embedder)
        engine = engines[corpus]
        for q in load(path):
            retrieval = engine.retriever.search(q["q"], k=5)
            phrases = [" ".join(p.split()).casefold() for p in q.get("expect", [])]
            rank = next(
                (
                    i
                    for i, h in enumerate(retrieval.hits, 1)
                    if any(p in " ".join(h.passage.text.split()).casefold() for p in phrases)
                ),
                None,
            )
            rows.append({
                "corpus": corpus.relative_to(ROOT).as_posix(),
                "file": path.name,
                "q": q["q"],
                "kind": kind(q),
                "rank": rank,
                "features": retrieval.features,
            })
    return rows


def matrix(rows):
    import numpy as np

    x = np.array([[r["features"][f] for f in gate.FEATURES] for r in rows], dtype=float)
    y = np.array([r["kind"] == "answerable" for r in rows], dtype=int)
    return x, y


def fit(rows):
    """Standardisation, weights, bias and cut-off fitted on `rows`."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x, y = matrix(rows)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=1000)
    model.fit((x - mean) / scale, y)
    weights, bias = model.coef_[0], float(model.intercept_[0])
    z = ((x - mean) / scale) @ weights + bias
    p = 1 / (1 + np.exp(-z))
    cutoff = float(np.quantile(p[y == 1], CUTOFF_QUANTILE))
    return tuple(mean), tuple(scale), tuple(weights), bias, cutoff


def probabilities(params, rows) -> list[float]:
    import numpy as np

    mean, scale, weights, bias, _ = params
    x, _ = matrix(rows)
    z = ((x - np.array(mean)) / np.array(scale)) @ np.array(weights) + bias
    return list(1 / (1 + np.exp(-z)))


def apply(params, rows):
    return [p >= params[4] for p in probabilities(params, rows)]


def rates(rows, answered) -> dict[str, str]:
    out = {}
    for k, label in (("answerable", "answerable refused"), ("off_topic", "off-topic refused"),
                     ("near_miss", "near-miss refused")):
        sel = [a for r, a in zip(rows, answered) if r["kind"] == k]
        if k == "answerable":
            n = sum(1 for a in sel if not a)
        else:
            n = sum(1 for a in sel if not a)
        out[label] = f"{n}/{len(sel)}" if sel else "-"
    return out


def write_constants(params) -> None:
    mean, scale, weights, bias, cutoff = params
    path = ROOT / "src" / "collabqa" / "gate.py"
    text = path.read_text(encoding="utf-8")

    def tup(values):
        return "(" + ", ".join(f"{v:.4g}" for v in values) + ")"

    for name, value in (("MEAN", tup(mean)), ("SCALE", tup(scale)), ("WEIGHTS", tup(weights)),
                        ("BIAS", f"{bias:.4g}"), ("CUTOFF", f"{cutoff:.4g}")):
        text = re.sub(rf"^{name} = .*$", f"{name} = {value}", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write the all-corpora fit into gate.py")
    parser.add_argument("files", nargs="*", type=Path, help="question files (default: eval/*)")
    args = parser.parse_args()

    rows = collect(args.files or question_files())
    corpora = sorted({r["corpus"] for r in rows})
    lines = [
        "# The refusal gate, leave-one-corpus-out",
        "",
        "Written by `HF_HUB_OFFLINE=1 .venv/bin/python scripts/fit_gate.py`. Each row: the gate",
        "fitted on every other corpus, scored on this one (never seen by the fit).",
        "",
        "| corpus left out | questions | answerable refused | off-topic refused | near-miss refused |",
        "|---|---:|---:|---:|---:|",
    ]
    for corpus in corpora:
        train = [r for r in rows if r["corpus"] != corpus]
        test = [r for r in rows if r["corpus"] == corpus]
        if len({r["kind"] == "answerable" for r in train}) < 2:
            continue
        params = fit(train)
        for r, p in zip(test, probabilities(params, test)):
            r["heldout_probability"], r["fold_cutoff"] = float(p), params[4]
        rate = rates(test, apply(params, test))
        lines.append(f"| {corpus} | {len(test)} | {rate['answerable refused']} | "
                     f"{rate['off-topic refused']} | {rate['near-miss refused']} |")
    params = fit(rows)
    rate = rates(rows, apply(params, rows))
    lines += [
        f"| all (fitted on all: in-sample) | {len(rows)} | {rate['answerable refused']} | "
        f"{rate['off-topic refused']} | {rate['near-miss refused']} |",
        "",
        "Weights of the all-corpora fit (standardised features):",
        "",
        "| feature | mean | scale | weight |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {f} | {m:.3f} | {s:.3f} | {w:+.3f} |"
              for f, m, s, w in zip(gate.FEATURES, *params[:3])]
    lines += ["", f"Bias {params[3]:+.3f}; cut-off on the probability {params[4]:.3f}."]
    print("\n".join(lines))
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "gate.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (ROOT / "docs" / "gate-features.json").write_text(
        json.dumps({"cutoff": params[4], "rows": rows}, indent=1) + "\n", encoding="utf-8")
    if args.write:
        write_constants(params)
        print("wrote the constants into src/collabqa/gate.py")


if __name__ == "__main__":
    main()
