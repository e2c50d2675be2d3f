"""Where an index may be written: one build at a time, swapped in without losing data.

`build_index` replaces its folder only when that folder is absent, empty, or a collabqa
index (a manifest.json and nothing but index files). Any other folder, and a folder that
is, holds or lies inside the corpus, is refused before anything is written. Builds into
one index take turns through a lock file beside it (`.<name>.lock` in its parent), and
the finished index is renamed into place; if that rename fails, the old one is put back.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import IndexBusyError, IndexTargetError

log = logging.getLogger(__name__)

INDEX_FILES = frozenset({"manifest.json", "passages.jsonl", "vectors.faiss", "sentences.npy",
                         "tokens.npy", "basis.npz"})
LOCK_TIMEOUT = 900.0  # seconds a build waits for another build of the same index
_CHOOSE = "nothing was changed; choose a new or empty folder for --index"


def check_target(corpus_dir: Path, index_dir: Path) -> None:
    """Raise IndexTargetError unless `index_dir` may be replaced by an index of the corpus."""
    corpus, index = corpus_dir.resolve(), index_dir.resolve()
    if index == corpus:
        raise IndexTargetError(f"the index folder {index} is the corpus folder; {_CHOOSE}")
    if index.is_relative_to(corpus):
        raise IndexTargetError(f"the index folder {index} is inside the corpus {corpus}; {_CHOOSE}")
    if corpus.is_relative_to(index):
        raise IndexTargetError(f"the index folder {index} holds the corpus {corpus}; {_CHOOSE}")
    if not index.exists():
        return
    if index == Path.cwd().resolve():  # renaming it away would strand the shell in it
        raise IndexTargetError(f"the index folder {index} is the current folder; run from another")
    if not index.is_dir():
        raise IndexTargetError(f"{index} is a file, not an index folder; {_CHOOSE}")
    names = sorted(p.name for p in index.iterdir())
    if not names:
        return
    others = [n for n in names if n not in INDEX_FILES]
    if others:
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        raise IndexTargetError(f"{index} is not a collabqa index (it holds {shown}); {_CHOOSE}")
    if not is_manifest(index / "manifest.json"):
        raise IndexTargetError(f"{index} has no collabqa manifest.json; {_CHOOSE}")


def is_manifest(path: Path) -> bool:
    """Whether `path` is a collabqa manifest, whole or cut short by a crash."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        data = json.loads(text)
    except ValueError:  # a damaged manifest still starts the way collabqa writes it
        return text.lstrip().startswith("{") and '"format_version"' in text[:200]
    return isinstance(data, dict) and "format_version" in data


def lock_path(index_dir: Path) -> Path:
    return index_dir.parent / f".{index_dir.name}.lock"


@contextmanager
def build_lock(index_dir: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the index's lock file; wait for another build, or raise IndexBusyError."""
    from filelock import FileLock, Timeout

    lock = FileLock(lock_path(index_dir))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.warning("another build is writing %s; waiting up to %.0f s for it", index_dir, timeout)
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise IndexBusyError(
                f"another build was still writing {index_dir} after {timeout:.0f} s "
                f"(lock {lock_path(index_dir)}); run 'collabqa index' again when it is done"
            ) from None
    try:
        yield
    finally:
        lock.release()


def swap_in(new: Path, index_dir: Path) -> None:
    """Rename the finished folder `new` to `index_dir`; if that fails, the old one stays."""
    if not index_dir.exists():
        os.rename(new, index_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.old-", dir=index_dir.parent))
    try:
        os.rename(index_dir, old / "index")
    except BaseException:
        old.rmdir()
        raise
    try:
        os.rename(new, index_dir)
    except BaseException:
        os.rename(old / "index", index_dir)
        old.rmdir()
        raise
    shutil.rmtree(old, ignore_errors=True)
