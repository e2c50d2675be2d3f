"""Token-level late interaction: how well a passage's words meet each of the question's.

The passage vector is the mean of its tokens, which blurs what each part says. Late
interaction (ColBERT's MaxSim, Khattab & Zaharia 2020) keeps the tokens: for every token
of the question, the cosine of the passage token closest to it, averaged over the
question's tokens. all-MiniLM-L6-v2 was not trained for it, but its last layer's token
vectors are the ones the passage vector is pooled from (computed anyway when the index is
built, `Embedder.encode_passages`), and read this way they rank the fused top passages
better (docs/late-interaction.md). The average is weighted by each question token's
inverse document frequency among the index's passages (`token_idf`): a question's rare
word pieces ("faiss", "##idx") say more about which passage answers than "the", "how"
or "?", which every passage meets somewhere.

Stored compactly: each index fits its own basis at build time, the mean of its tokens and
the DIMENSION main directions they vary along (PCA), and keeps every token as DIMENSION
int8 numbers on a per-direction scale: 128 bytes a token against 1,536 as float32.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

from .embed import DIMENSION as MODEL_DIMENSION, unit_rows

if TYPE_CHECKING:
    import numpy as np

DIMENSION = 128  # directions kept of the model's 384
SAMPLE = 200_000  # tokens the basis is fitted on, at most (evenly spread)
SPEC = f"pca{DIMENSION}-int8"  # how tokens are stored; an index stored otherwise is rebuilt
COVARIANCE_ROWS = 4096  # more tokens than this: their directions from the covariance
COVARIANCE_BLOCK = 16384  # tokens summed into it at a time (float64: 50 MB a block)


@dataclass(frozen=True)
class Basis:
    """Where an index's tokens are projected: mean (384,), components (d, 384), and the
    scale of each direction's int8 steps (d,)."""

    mean: "np.ndarray"
    components: "np.ndarray"
    scale: "np.ndarray"

    def project(self, tokens: "np.ndarray") -> "np.ndarray":
        """Unit-length float32 rows in the basis's directions."""
        import numpy as np

        return unit_rows((np.asarray(tokens, dtype=np.float32) - self.mean) @ self.components.T)

    def compress(self, tokens: "np.ndarray") -> "np.ndarray":
        """int8 codes of unit-length token vectors (rows)."""
        import numpy as np

        codes = np.round(self.project(tokens) / self.scale)
        return np.clip(codes, -127, 127).astype(np.int8)

    def expand(self, codes: "np.ndarray") -> "np.ndarray":
        """Unit-length float32 rows back from int8 codes."""
        import numpy as np

        return unit_rows(np.asarray(codes).astype(np.float32) * self.scale)


def fit_basis(matrices: Sequence["np.ndarray"]) -> Basis:
    """The basis of a corpus's token vectors (unit-length rows of each passage's matrix):
    its mean and main directions, from up to SAMPLE tokens spread evenly over them."""
    import numpy as np

    kept = [np.asarray(m, dtype=np.float32) for m in matrices if len(m)]
    if not kept:  # nothing to fit (no passage): the first directions, never used
        eye = np.eye(DIMENSION, MODEL_DIMENSION, dtype=np.float32)
        return Basis(np.zeros(MODEL_DIMENSION, dtype=np.float32), eye,
                     np.full(DIMENSION, 1 / 127, dtype=np.float32))
    tokens = np.concatenate(kept)
    if len(tokens) > SAMPLE:
        tokens = tokens[np.linspace(0, len(tokens) - 1, SAMPLE).astype(np.int64)]
    # Centred, n tokens span only n - 1 directions: a corpus of one short passage would
    # lose them all (one token minus its mean is nothing). Fewer tokens than the basis
    # keeps directions are kept whole, uncentred.
    mean = tokens.mean(0) if len(tokens) > DIMENSION else np.zeros(tokens.shape[1], np.float32)
    components = np.ascontiguousarray(_main_directions(tokens - mean), dtype=np.float32)
    if len(components) < DIMENSION:  # fewer tokens than directions: pad with zeros
        components = np.vstack([components, np.zeros(
            (DIMENSION - len(components), MODEL_DIMENSION), dtype=np.float32)])
    basis = Basis(mean.astype(np.float32), components, np.ones(DIMENSION, dtype=np.float32))
    projected = basis.project(tokens)
    scale = np.maximum(np.abs(projected).max(0), 1e-6) / 127
    return Basis(basis.mean, components, scale.astype(np.float32))


def _main_directions(centred: "np.ndarray") -> "np.ndarray":
    """The top DIMENSION right singular vectors of `centred` (rows: tokens), largest first.

    Many tokens (more than COVARIANCE_ROWS): the eigenvectors of their covariance, summed
    in float64 a block at a time. The same directions as the SVD's (up to each one's
    sign, which no projection of both sides minds) at a fraction of the cost: one matrix
    product of 384 columns, not a full SVD of every token (scripts/bench_basis.py times
    both on real builds' tokens). Few: the SVD itself, which keeps only the directions
    the tokens span (a corpus of one short passage spans fewer than DIMENSION)."""
    import numpy as np

    if len(centred) <= COVARIANCE_ROWS:
        return np.linalg.svd(centred, full_matrices=False)[2][:DIMENSION]
    covariance = np.zeros((centred.shape[1], centred.shape[1]))
    for start in range(0, len(centred), COVARIANCE_BLOCK):
        block = centred[start : start + COVARIANCE_BLOCK].astype(np.float64)
        covariance += block.T @ block
    _, vectors = np.linalg.eigh(covariance)  # ascending eigenvalues
    return vectors[:, ::-1][:, :DIMENSION].T


def token_idf(pieces: Iterable[Sequence[int]], size: int) -> "np.ndarray":
    """Each word piece id's (0 to size - 1) inverse document frequency over texts given
    as their pieces' ids: log((N + 1) / (df + 0.5)), positive for every id, highest for
    the ids no text holds."""
    import numpy as np

    df = np.zeros(size, dtype=np.int64)
    n = 0
    for ids in pieces:
        n += 1
        df[np.unique(np.asarray(ids, dtype=np.int64))] += 1
    return np.log((n + 1) / (df + 0.5)).astype(np.float32)


def maxsim(question: "np.ndarray", codes: Sequence["np.ndarray"], basis: Basis,
           weights: "np.ndarray | None" = None) -> list[float]:
    """Per passage (its int8 token codes), the mean over the question's tokens (unit-length
    rows, as the model gives them) of the cosine of the passage token closest to each;
    weighted by `weights` (one per question token, e.g. their idf) when given.

    One product over all the passages' tokens, in numpy's own loops (einsum), not BLAS or
    torch: right after the model's forward pass torch's threads still spin, and a call
    that waits on them took 8-15 ms for twenty passages (session 47, retrieve.dot), a
    torch product 26 ms with another job on the machine (session 88), einsum 1-2 ms. The
    stored tokens are not expanded first: a token's cosine with a question token q is
    (q * scale) . code / |code * scale|, so the codes enter the product as they are and
    each one's length is read from them.
    """
    import numpy as np

    lengths = [len(c) for c in codes]
    if not len(question) or not any(lengths):
        return [0.0] * len(codes)
    # Basis.project, with einsum for its product (it stays BLAS for the build's many tokens)
    q = unit_rows(np.einsum("ik,jk->ij", np.asarray(question, dtype=np.float32) - basis.mean,
                            basis.components))
    x = np.concatenate([c for c in codes if len(c)], dtype=np.float32)
    norms = np.sqrt(np.einsum("td,td,d->t", x, x, basis.scale * basis.scale))  # |code * scale|
    sims = np.einsum("qd,td->qt", q * basis.scale, x) / np.maximum(norms, 1e-12)
    starts = np.cumsum([0] + [n for n in lengths if n][:-1])
    closest = np.maximum.reduceat(sims, starts, axis=1)  # question tokens x passages
    if weights is None:
        best = iter(closest.mean(axis=0).tolist())
    else:
        w = np.asarray(weights, dtype=np.float32)
        best = iter((w @ closest / w.sum()).tolist())
    return [next(best) if n else 0.0 for n in lengths]
