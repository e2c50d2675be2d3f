"""Plots for docs/: the gate's scores by kind of question, and recall@k per system.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/plot_eval.py

Reads docs/gate-features.json.gz (written by scripts/fit_gate.py: each question's margin
under the gates chosen without its corpus) and docs/peers.json
(written by scripts/bench_peers.py); writes docs/gate-scores.png, docs/near-miss-gap.png
and docs/recall-at-k.png.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchdocs import read_gate_features

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
COLORS = {"answerable": "#2563eb", "off_topic": "#dc2626", "near_miss": "#d97706"}


def gate_plot(data: dict[str, Any]) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    rows = [r for r in data["rows"] if "heldout_margin" in r]
    corpora = sorted({r["corpus"] for r in rows})
    fig, axes = plt.subplots(len(corpora), 1, figsize=(8, 1.5 + 1.1 * len(corpora)),
                             sharex=True, squeeze=False)
    rng = np.random.default_rng(0)
    for ax, corpus in zip(axes[:, 0], corpora):
        mine = [r for r in rows if r["corpus"] == corpus]
        for i, kind in enumerate(("answerable", "near_miss", "off_topic")):
            for answered, marker in ((True, "o"), (False, "x")):
                xs = [max(-1.0, min(1.5, r["heldout_margin"])) for r in mine
                      if r["kind"] == kind and r["heldout_answered"] == answered]
                ax.scatter(xs, i + rng.uniform(-0.25, 0.25, len(xs)), s=14, alpha=0.75,
                           color=COLORS[kind], marker=marker)
        ax.axvline(0.0, color="black", lw=1, ls="--")
        ax.set_yticks([0, 1, 2], ["answerable", "near-miss", "off-topic"], fontsize=7)
        ax.set_title(f"{corpus} (held out)", fontsize=8, loc="left")
        ax.set_ylim(-0.6, 2.6)
    axes[-1, 0].set_xlabel("how far the strongest signal is past its gate (gates chosen on the "
                           "other corpora); left of the dashed line: refused as off-topic; "
                           "x: refused", fontsize=8)
    fig.tight_layout()
    out = DOCS / "gate-scores.png"
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def near_miss_plot(data: dict[str, Any]) -> Path:
    """The near-miss signal (`type_gap`) of the questions that ask for a name, date, number
    or place and pass the off-topic gates, answerable against near-miss, with the gap."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from collabqa.gate import TYPE_GAP, asked_type

    gap = TYPE_GAP  # as shipped (the fit's own choice, data["type_gap"], may differ)
    rows = [r for r in data["rows"] if r["kind"] in ("answerable", "near_miss")
            and asked_type(r["q"]) and r.get("heldout_margin", -1) >= 0]
    fig, ax = plt.subplots(figsize=(8, 2.6))
    rng = np.random.default_rng(0)
    for i, kind in enumerate(("answerable", "near_miss")):
        xs = [min(0.3, r["features"]["type_gap"]) for r in rows if r["kind"] == kind]
        ax.scatter(xs, i + rng.uniform(-0.25, 0.25, len(xs)), s=16, alpha=0.75,
                   color=COLORS[kind], label=f"{kind.replace('_', '-')} ({len(xs)})")
    ax.axvline(gap, color="black", lw=1, ls="--")
    ax.set_yticks([0, 1], ["answerable", "near-miss"], fontsize=8)
    ax.set_ylim(-0.6, 1.6)
    ax.set_xlabel(f"closest sentence's cosine minus the closest typed sentence's (0.3: none "
                  f"holds the asked kind); right of {gap}: refused as near-miss", fontsize=8)
    ax.set_title("Questions asking for a name, date, number or place, past the off-topic "
                 "gates (held out)", fontsize=8, loc="left")
    ax.legend(fontsize=7, loc="center right")
    fig.tight_layout()
    out = DOCS / "near-miss-gap.png"
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def recall_plot() -> Path | None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = DOCS / "peers.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    files = sorted({key.split("|")[0] for key in data["per_file"]})
    systems = list(data["pooled"])
    cols = 5
    rows = -(-(len(files) + 1) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3 * cols, 2.8 * rows), sharey=True,
                             squeeze=False)
    for ax in axes.flat[len(files) + 1:]:
        ax.axis("off")
    panels = [("all (pooled)", data["pooled"])] + [
        (f, {s: data["per_file"][f"{f}|{s}"] for s in systems if f"{f}|{s}" in data["per_file"]})
        for f in files
    ]
    for ax, (title, curves) in zip(axes.flat, panels):
        for system, curve in curves.items():
            ks = sorted(int(k) for k in curve)
            ax.plot(ks, [curve[str(k)] for k in ks], marker="o", label=system)
        ax.set_title(Path(title).name.replace("_questions.jsonl", ""), fontsize=8)
        ax.set_xlabel("k")
        ax.set_xticks([1, 3, 5])
        ax.grid(alpha=0.3)
    axes[0, 0].set_ylabel("recall@k")
    axes[0, 0].legend(fontsize=7)
    fig.tight_layout()
    out = DOCS / "recall-at-k.png"
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


if __name__ == "__main__":
    features = read_gate_features()  # each question's margin, for the first two plots
    for made in (gate_plot(features), near_miss_plot(features), recall_plot()):
        if made:
            print(f"wrote {made.relative_to(ROOT)}")
