"""The one folder collabqa keeps what it builds for itself in (never the user's index).

`$COLLABQA_CACHE`, else ~/.cache/collabqa: the summarizer's converted model
(generator.py), the evaluation's corpus indexes (evaluate.py) and the answer-fitting
script's recordings (scripts/fit_answer.py).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_root"]


def cache_root() -> Path:
    """`$COLLABQA_CACHE` if set, else ~/.cache/collabqa; read at each call."""
    return Path(os.environ.get("COLLABQA_CACHE") or Path.home() / ".cache" / "collabqa")
