"""The index on disk: build it atomically, load it, tell whether it is stale.

    index/manifest.json    format version, model, chunking, file fingerprints, counts
    index/passages.jsonl   one Passage per line, with its sentence spans
    index/vectors.faiss    unit-length passage vectors (inner product == cosine)
    index/sentences.npy    float16 unit-length vectors of every passage's sentences
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .corpus import (
    MAX_WORDS,
    MIN_WORDS,
    Passage,
    chunk_corpus,
    iter_files,
    load_corpus,
    sentence_spans,
)
from .embed import Embedder, torch_threads
from .errors import IndexCorruptError, IndexIncompatibleError, IndexNotFoundError

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
FLAT_LIMIT = 50_000  # exact search below this many passages, HNSW above
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 512  # recall@10 0.964 at 1M passages, p50 1.5 ms (docs/benchmarks.md)
PROGRESS_FROM = 256  # show a progress bar when embedding at least this many texts
FIX = "run 'collabqa index'"
# torch threads while embedding a build: one, like queries. On this 2-core machine under
# shared load 2 threads were slower in every run (1.18x vs 0.94x of sentence-transformers
# alone; docs/ingest-benchmark.md); torch_threads restores the count after the build.
BUILD_THREADS = 1


@dataclass
class Index:
    """A loaded index: passages, their vectors, and their sentences' vectors."""

    path: Path
    manifest: dict[str, Any]
    passages: list[Passage]
    sentences: list[list[tuple[int, int]]]  # per passage, spans relative to passage.text
    sentence_rows: list[int]  # per passage, row of its first sentence in sentence_vectors
    vectors: Any  # faiss.Index
    sentence_vectors: "np.ndarray"

    @property
    def corpus_dir(self) -> Path:
        return (self.path / self.manifest["corpus"]).resolve()


# --------------------------------------------------------------------------- fingerprints


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(corpus_dir: Path) -> dict[str, str]:
    """sha256 of every candidate corpus file, keyed by its path relative to the corpus."""
    return {p.relative_to(corpus_dir).as_posix(): sha256(p) for p in iter_files(corpus_dir)}


def stale_files(index: Index) -> list[str]:
    """Corpus files added, removed or changed since the index was built (sorted)."""
    corpus = index.corpus_dir
    if not corpus.is_dir():
        return []  # an index shipped without its corpus is served as is
    now, then = fingerprint(corpus), index.manifest["files"]
    return sorted(k for k in now.keys() | then.keys() if now.get(k) != then.get(k))


# --------------------------------------------------------------------------- building


def _new_faiss_index(n: int, dim: int):
    import faiss

    if n <= FLAT_LIMIT:
        return faiss.IndexFlatIP(dim), "flat"
    index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    return index, f"hnsw{HNSW_M}"


def build_index(
    corpus_dir: str | Path,
    index_dir: str | Path,
    *,
    embedder: Embedder | None = None,
    min_words: int = MIN_WORDS,
    max_words: int = MAX_WORDS,
    progress: bool = True,
) -> dict[str, Any]:
    """Chunk, embed and write the corpus to `index_dir`; return the manifest.

    Files whose sha256 matches the current index reuse its vectors. The new index is
    written next to the old one and renamed into place, so a crash leaves the old intact.
    """
    import numpy as np

    corpus_dir, index_dir = Path(corpus_dir).resolve(), Path(index_dir).resolve()
    passages = chunk_corpus(load_corpus(corpus_dir), min_words=min_words, max_words=max_words)
    embedder = embedder or Embedder()
    # "sentences": how sentence vectors are made; indexes made otherwise are not mixed in.
    chunking = {"min_words": min_words, "max_words": max_words, "sentences": "late"}
    files = fingerprint(corpus_dir)
    sentences = [sentence_spans(p.text) for p in passages]  # relative to passage.text

    old = _reusable(index_dir, embedder, chunking)
    reused_p, reused_s = _reuse(old, passages, files)
    log.info("%d passages, %d reused", len(passages), len(reused_p))

    dim = embedder.dimension
    vectors = np.zeros((len(passages), dim), dtype=np.float32)
    rows: list = [None] * len(passages)
    for i, p in enumerate(passages):
        if p.id in reused_p and p.id in reused_s:
            vectors[i], rows[i] = reused_p[p.id], reused_s[p.id]
    todo = [i for i, row in enumerate(rows) if row is None]
    if todo:
        texts = [passages[i].embedding_text() for i in todo]
        # Sentence spans are relative to passage.text, which ends the embedded text.
        spans = [[(a + len(t) - len(passages[i].text), b + len(t) - len(passages[i].text))
                  for a, b in sentences[i]] for i, t in zip(todo, texts)]
        embedder.model  # loaded first: loading sets the query-time thread count
        with torch_threads(BUILD_THREADS):
            fresh, fresh_rows = embedder.encode_passages(
                texts, spans, progress=progress and len(todo) >= PROGRESS_FROM)
        vectors[todo] = fresh
        for i, row in zip(todo, fresh_rows):
            rows[i] = row
    sentence_matrix = np.concatenate(rows).astype(np.float16)

    faiss_index, kind = _new_faiss_index(len(passages), dim)
    faiss_index.add(vectors)

    manifest = {
        "format_version": FORMAT_VERSION,
        "model": {"name": embedder.name, "dimension": dim},
        "chunking": chunking,
        "index_type": kind,
        "corpus": os.path.relpath(corpus_dir, index_dir),
        "files": files,
        "documents": len({p.source for p in passages}),
        "passages": len(passages),
        "sentences": int(sentence_matrix.shape[0]),
        "reused_passages": len(reused_p),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    _write_atomically(index_dir, manifest, passages, sentences, faiss_index, sentence_matrix)
    return manifest


def _reusable(index_dir: Path, embedder: Embedder, chunking: dict) -> Index | None:
    """The existing index when its vectors can be reused by this build."""
    try:
        old = load_index(index_dir)
    except IndexNotFoundError:
        return None
    except (IndexCorruptError, IndexIncompatibleError) as exc:
        log.info("not reusing the old index: %s", exc)
        return None
    if old.manifest["model"]["name"] != embedder.name or old.manifest["chunking"] != chunking:
        return None
    return old


def _reuse(old: Index | None, passages: list[Passage], files: dict[str, str]):
    """Vectors of passages from files whose sha256 is unchanged, keyed by passage id."""
    import numpy as np

    if old is None:
        return {}, {}
    unchanged = {s for s, h in old.manifest["files"].items() if files.get(s) == h}
    wanted = {p.id: p for p in passages if p.source in unchanged}
    by_passage, by_sentence = {}, {}
    for row, p in enumerate(old.passages):
        new = wanted.get(p.id)
        if new is None or new.text != p.text:
            continue
        by_passage[p.id] = old.vectors.reconstruct(row)
        first = old.sentence_rows[row]
        by_sentence[p.id] = np.asarray(
            old.sentence_vectors[first : first + len(old.sentences[row])], dtype=np.float32
        )
    return by_passage, by_sentence


def _write_atomically(index_dir, manifest, passages, sentences, faiss_index, sentence_matrix):
    import faiss
    import numpy as np

    index_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.tmp-", dir=index_dir.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; an index is as readable as its corpus
    try:
        with (tmp / "passages.jsonl").open("w", encoding="utf-8") as fh:
            for p, spans in zip(passages, sentences):
                fh.write(json.dumps({**asdict(p), "sentences": spans}, ensure_ascii=False) + "\n")
        faiss.write_index(faiss_index, str(tmp / "vectors.faiss"))
        np.save(tmp / "sentences.npy", sentence_matrix)
        # The manifest goes last: a folder without one is never mistaken for an index.
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        old = None
        if index_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.old-", dir=index_dir.parent))
            os.rename(index_dir, old / "index")
        os.rename(tmp, index_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# --------------------------------------------------------------------------- loading


def load_index(index_dir: str | Path) -> Index:
    """Load and check an index; errors name the fix (`collabqa index`)."""
    import faiss
    import numpy as np

    path = Path(index_dir)
    manifest_path = path / "manifest.json"
    if not manifest_path.is_file():
        raise IndexNotFoundError(f"no index at {path} - {FIX}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        version = manifest["format_version"]
        model = manifest["model"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(f"index at {path} is unreadable ({exc}) - {FIX}") from exc
    if version != FORMAT_VERSION:
        raise IndexIncompatibleError(
            f"index at {path} has format version {version}, this collabqa reads "
            f"{FORMAT_VERSION} - {FIX}"
        )
    if model.get("name") != Embedder.name or model.get("dimension") != Embedder.dimension:
        raise IndexIncompatibleError(
            f"index at {path} was built with {model.get('name')}, this collabqa uses "
            f"{Embedder.name} - {FIX}"
        )
    try:
        passages, sentences = [], []
        with (path / "passages.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                sentences.append([tuple(s) for s in record.pop("sentences")])
                passages.append(Passage(**record))
        vectors = faiss.read_index(str(path / "vectors.faiss"))
        sentence_vectors = np.load(path / "sentences.npy").astype(np.float32)
    except Exception as exc:  # noqa: BLE001 - any failure here means a damaged index
        raise IndexCorruptError(f"index at {path} is damaged ({exc}) - {FIX}") from exc
    rows, total = [], 0
    for spans in sentences:
        rows.append(total)
        total += len(spans)
    if not (vectors.ntotal == len(passages) == manifest.get("passages")) or (
        vectors.d != model["dimension"] or sentence_vectors.shape != (total, model["dimension"])
    ):
        raise IndexCorruptError(f"index at {path} is inconsistent - {FIX}")
    if hasattr(vectors, "hnsw"):
        vectors.hnsw.efSearch = HNSW_EF_SEARCH
    return Index(path, manifest, passages, sentences, rows, vectors, sentence_vectors)
