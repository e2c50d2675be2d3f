"""Files uploaded in the chat: checked, saved under safe names into the corpus folder.

`save_uploads` never overwrites a file (a name taken gets "-2", "-3", ... before its
suffix) and refuses kinds the corpus loader does not read and files over the size limit,
each with a one-line reason. Indexing the saved files is `store.build_index`'s job: it
reuses the vectors of every unchanged file, so only the new ones are embedded.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from .corpus import SUFFIXES, describe_suffixes
from .formats import Unusable, is_document, read_document
from .errors import CollabQAError
from .render import to_markdown

if TYPE_CHECKING:
    from .embed import Embedder

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_NAME_BYTES = 200  # well under the 255 of common file systems, room for "-NNN"
FALLBACK_STEM = "upload"
# Characters Windows, shells or URLs trip over, and every control character.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\/]+')


@dataclass
class UploadResult:
    """What `save_uploads` did: the files it saved and why it refused the others."""

    saved: list[Path] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one line each, naming the file


def suffix_of(name: str) -> str:
    """The suffix of the base name of `name`; "a.md", ".md" and "dir\\a.md" all give ".md"."""
    return Path("_" + re.split(r"[/\\]", name)[-1]).suffix


def supported(name: str, path: Path | None = None) -> bool:
    """True when the corpus loader reads files with this name's suffix (with the file at
    `path`, also a man page whose suffix carries its section's extension: `pcap.3pcap`)."""
    if path is not None:
        return is_document(path, "_" + suffix_of(name))
    return suffix_of(name).lower() in SUFFIXES


def safe_name(name: str, folder: Path) -> Path:
    """A path for `name` directly inside `folder` that does not exist yet.

    Only the base name is kept (any directory part, with / or \\, is dropped); unsafe
    characters become "_"; leading dots and spaces go (no hidden files); the suffix is
    kept. A name already taken gets "-2", "-3", ... before its suffix.
    """
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", name))[-1]
    suffix = suffix_of(base)  # the suffix `supported` and the corpus loader see
    stem = base[: len(base) - len(suffix)]
    stem = _UNSAFE.sub("_", stem).strip().lstrip(". ").rstrip(". ") or FALLBACK_STEM
    suffix = _UNSAFE.sub("_", suffix) if len(suffix.encode()) <= 20 else ""
    stem = _clip(stem, MAX_NAME_BYTES - len(suffix.encode()))
    candidate, n = folder / f"{stem}{suffix}", 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = folder / f"{stem}-{n}{suffix}"
    return candidate


def _clip(text: str, limit: int) -> str:
    encoded = text.encode()
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode(errors="ignore").rstrip(". ") or FALLBACK_STEM


def save_uploads(
    files: Iterable[str | os.PathLike], folder: str | os.PathLike, *, names: Iterable[str] = ()
) -> UploadResult:
    """Copy uploaded `files` into `folder` under safe, fresh names.

    `names` are the names the user gave (Gradio stores uploads under temporary paths);
    without one a file's own base name is used.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    result = UploadResult()
    names = list(names)
    for i, path in enumerate(map(Path, files)):
        name = names[i] if i < len(names) and names[i] else path.name
        shown = Path(name.replace("\\", "/")).name or name
        if not supported(name, path):
            kinds = describe_suffixes()
            result.refused.append(f"{shown}: not a supported kind (supported: {kinds})")
            continue
        size = path.stat().st_size
        if size > MAX_UPLOAD_BYTES:
            result.refused.append(f"{shown}: {size / 1024**2:.0f} MB is over the "
                                  f"{MAX_UPLOAD_BYTES // 1024**2} MB limit for one file")
            continue
        while True:
            target = safe_name(name, folder)
            try:  # "x": never replace a file, even one created since safe_name looked
                with path.open("rb") as src, target.open("xb") as dst:
                    shutil.copyfileobj(src, dst)
                break
            except FileExistsError:
                continue
        try:  # a file the index would skip (empty, binary, damaged) is not kept
            read_document(target, target.name)
        except Unusable as exc:
            target.unlink(missing_ok=True)
            result.refused.append(f"{shown}: {exc}")
            continue
        result.saved.append(target)
    return result


def add_uploads(
    files: Iterable[str | os.PathLike],
    corpus_dir: Path,
    index_dir: Path,
    *,
    embedder: "Embedder",
    lock: threading.Lock,
    on_done: Callable[[], Any],
    progress: Callable[[float, str], None] = lambda done, what: None,
) -> Iterator[str]:
    """Save uploaded `files` into `corpus_dir`, index them, then call `on_done()`.

    Yields status lines (Markdown, file names escaped) as it goes. Only the new files are
    embedded: the build reuses every unchanged file's vectors and replaces the index
    atomically. `lock` keeps two uploads from rebuilding at once.
    """
    from .store import build_index

    files = [Path(f) for f in files]
    if not files:
        return
    with lock:
        progress(0.05, "Saving")
        result = save_uploads(files, corpus_dir)
        refused = "".join(f"\n- {to_markdown(line)}" for line in result.refused)
        if not result.saved:
            yield "**Nothing added.**" + refused
            return
        saved = ", ".join(to_markdown(p.name) for p in result.saved)
        yield f"Indexing {saved}…" + refused
        progress(0.2, f"Embedding {len(result.saved)} new file(s)")
        try:
            manifest = build_index(corpus_dir, index_dir, embedder=embedder, progress=True)
            on_done()
        except (CollabQAError, OSError) as exc:  # the files stay; `collabqa index` retries
            yield f"**Saved {saved}, but could not index it:** {to_markdown(str(exc))}{refused}"
            return
        progress(1.0, "Done")
        yield (f"**Added {saved}.** The index now holds {manifest['passages']} passages "
               f"from {manifest['documents']} documents: ask away.{refused}")
