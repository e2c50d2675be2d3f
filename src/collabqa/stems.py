"""The Snowball stemmer every stage stems words with (search, sentence ranking, the
near-miss checks), one per thread: PyStemmer objects must not be shared."""

from __future__ import annotations

import threading

__all__ = ["stemmer"]

_local = threading.local()


def stemmer():
    """A Snowball stemmer for this thread."""
    snowball = getattr(_local, "snowball", None)
    if snowball is None:
        import Stemmer

        snowball = _local.snowball = Stemmer.Stemmer("english")
    return snowball
