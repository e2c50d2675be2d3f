"""Weight-only int8 for the summarizer's linear layers: faster token-by-token generation.

Generating one token reads every weight of the model once; at float32 that is about
540 MB per token for SmolLM2-135M, and memory bandwidth, not arithmetic, sets the pace on
a CPU. `quantize_linears` keeps each linear layer's weights twice:

- int8 with one scale per output channel, used for one-token steps (M == 1), through
  torch's `_weight_int8pack_mm` kernel: a quarter of the float32 bytes to read;
- bfloat16, used for the prompt (M > 1), where the work is arithmetic and the bfloat16
  matrix kernels are fast.

Only weights are quantized; activations stay in bfloat16 (quantizing them too, as
`torch.ao` dynamic quantization does, made the 135M model misspell copied names).

`_weight_int8pack_mm` is a private torch op: `int8_kernel_works` tries it once per
process, and where it is missing or fails, `quantize_linears` leaves every layer as it
is (plain bfloat16 matmul): slower, never broken.
"""

from __future__ import annotations

import functools
import logging

import torch
from torch import nn

log = logging.getLogger(__name__)

KERNEL_BLOCK = 16  # SmolLM2-135M's layers take 576 and 1536
MAX_ERROR = 0.1  # relative error of a layer's int8 output on a probe, else it stays bf16


class Int8Linear(nn.Module):
    """Drop-in for `nn.Linear` in a bfloat16 model (see the module docstring)."""

    def __init__(self, linear: nn.Linear) -> None:
        super().__init__()
        weight = linear.weight.detach().to(torch.float32, copy=True)  # divided in place below
        scales = weight.abs().amax(dim=1).clamp(min=1e-12) / 127
        self.register_buffer("qweight", weight.div_(scales[:, None]).round_().to(torch.int8))
        self.register_buffer("scales", scales.to(torch.bfloat16))
        self.register_buffer("weight", linear.weight.detach().to(torch.bfloat16))
        self.bias = linear.bias
        self.in_features, self.out_features = linear.in_features, linear.out_features
        # Checked here, not mid-answer: the kernel must agree with the bfloat16 weights.
        probe = torch.linspace(-1, 1, self.in_features, dtype=torch.bfloat16)[None]
        want = nn.functional.linear(probe, self.weight).float()
        got = _int8_mm(probe, self.qweight, self.scales).float()
        # Rounding to int8 costs 1-4% (relative norm) on SmolLM2's layers; a kernel
        # that mishandles the shape is off by orders of magnitude.
        if not (got - want).norm() <= MAX_ERROR * want.norm() + 1e-3:
            raise ValueError("the int8 kernel disagrees with the bfloat16 weights")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rows = x.reshape(-1, x.shape[-1]).to(torch.bfloat16)
        if rows.shape[0] == 1:
            out = _int8_mm(rows, self.qweight, self.scales)
        else:
            out = nn.functional.linear(rows, self.weight)
        out = out.reshape(*x.shape[:-1], self.out_features).to(x.dtype)
        return out if self.bias is None else out + self.bias


def _int8_mm(rows: torch.Tensor, qweight: torch.Tensor, scales: torch.Tensor) -> torch.Tensor:
    return torch.ops.aten._weight_int8pack_mm(rows, qweight, scales)


@functools.cache
def int8_kernel_works() -> bool:
    """Whether this torch build runs `_weight_int8pack_mm` correctly; tried once."""
    try:
        weight = torch.arange(-128, 128, dtype=torch.int8).reshape(4, 64)
        rows = torch.ones(1, 64, dtype=torch.bfloat16)
        out = _int8_mm(rows, weight, torch.full((4,), 0.5, dtype=torch.bfloat16))
        return torch.allclose(out.float(), 0.5 * weight.float().sum(1)[None])
    except Exception as exc:  # noqa: BLE001 - missing op, unsupported CPU or dtype
        log.info("int8 weights unavailable, using bfloat16 matmul: %s", exc)
        return False


def quantize_linears(model: nn.Module) -> int:
    """Replace each `nn.Linear` in `model` by an `Int8Linear`; returns how many.

    Nothing is replaced where the int8 kernel does not work (`int8_kernel_works`); a
    layer it cannot take (an unusual shape) stays as it was: slower, never wrong.
    """
    if not int8_kernel_works():
        return 0
    count = 0
    for module in list(model.modules()):
        for name, child in list(module.named_children()):
            # The kernel returned garbage for an inner size of 8 and crashed the process
            # for 2 (torch 2.13): only multiples of KERNEL_BLOCK are given to it.
            if isinstance(child, nn.Linear) and child.in_features % KERNEL_BLOCK == 0:
                try:
                    setattr(module, name, Int8Linear(child))
                except Exception as exc:  # noqa: BLE001 - keep the layer as it is
                    log.info("kept %s in bfloat16: %s", name, exc)
                    continue
                count += 1
    return count
