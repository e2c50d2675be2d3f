"""Exceptions raised by collabqa.

    CollabQAError                 base class; the CLI prints its message as one line
    ├── IndexNotFoundError        no index where one was expected
    ├── IndexCorruptError         index files unreadable or inconsistent
    ├── IndexIncompatibleError    index built with another model or format version
    ├── IndexTargetError          --index names a folder that is not an index (a ValueError)
    ├── IndexBusyError            another build holds the index's lock too long
    ├── CorpusError               corpus folder missing or holds no readable documents
    ├── ModelUnavailableError     a local model is not installed or failed to load
    ├── InvalidQuestionError      empty question (also a ValueError)
    └── QuestionFileError         `collabqa eval` question file missing or malformed (a ValueError)
"""

from __future__ import annotations


class CollabQAError(Exception):
    """Base class for every error collabqa raises on purpose; shown to the user as is."""


class IndexNotFoundError(CollabQAError):
    """There is no index at the given folder."""


class IndexCorruptError(CollabQAError):
    """The index files exist but cannot be read or do not agree with each other."""


class IndexIncompatibleError(CollabQAError):
    """The index was built by another format version or embedding model."""


class IndexTargetError(CollabQAError, ValueError):
    """The index folder holds other files, or is, holds or lies in the corpus: not touched."""


class IndexBusyError(CollabQAError):
    """Another build of the same index did not finish within the wait."""


class CorpusError(CollabQAError):
    """The corpus folder is missing or holds no readable documents."""


class ModelUnavailableError(CollabQAError):
    """A local model is not installed or could not be loaded."""


class InvalidQuestionError(CollabQAError, ValueError):
    """The question is empty or only whitespace."""


class QuestionFileError(CollabQAError, ValueError):
    """The question file of `collabqa eval` is missing or not valid question JSONL."""
