"""The Snowball stemmer every stage stems words with (search, sentence ranking, the
near-miss checks), one per thread: PyStemmer objects must not be shared; and what a
word of the keyword search is."""

from __future__ import annotations

import threading

__all__ = ["CODE_TOKEN", "NUMBER_TOKEN", "SPECIAL_TOKEN", "TOKEN_PATTERN", "stemmer"]

# A short option or a format code as a command line or a format string writes it ("-s",
# "-F", "%e", "%Y"; not "E()-values" or "%user"): a single letter, which the keyword
# search's words leave out, though a question about one names nothing else ("What is
# the -S option for?").
CODE_TOKEN = (r"(?<![^\s(\[`'\"])-[A-Za-z](?![\w-])"
              r"|(?<!\w)%[A-Za-z%](?![A-Za-z])")
# A version or a dotted number as one word ("3.4.1", "1.7", "0.5"): read as words of two
# letters or more, "1.7" and "3.4.1" vanish, and "10.2" is "10" and "2" apart, so "when
# was version 1.7 released?" asked for nothing but "version" and "released".
NUMBER_TOKEN = r"\b\d+(?:\.\d+)+\b"
# What a plain word pattern misses or cuts apart: tried first wherever words are read.
SPECIAL_TOKEN = rf"{CODE_TOKEN}|{NUMBER_TOKEN}"
# A word of the keyword search: a SPECIAL_TOKEN, or two letters or digits or more, as
# bm25s reads words by default.
TOKEN_PATTERN = rf"(?u){SPECIAL_TOKEN}|\b\w\w+\b"

_local = threading.local()


def stemmer():
    """A Snowball stemmer for this thread."""
    snowball = getattr(_local, "snowball", None)
    if snowball is None:
        import Stemmer

        snowball = _local.snowball = Stemmer.Stemmer("english")
    return snowball
