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
"""

from __future__ import annotations

import logging

import torch
from torch import nn

log = logging.getLogger(__name__)


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
        # Fails here, not mid-answer, where the kernel does not take this shape.
        torch.ops.aten._weight_int8pack_mm(
            torch.zeros(1, self.in_features, dtype=torch.bfloat16), self.qweight, self.scales
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rows = x.reshape(-1, x.shape[-1]).to(torch.bfloat16)
        if rows.shape[0] == 1:
            out = torch.ops.aten._weight_int8pack_mm(rows, self.qweight, self.scales)
        else:
            out = nn.functional.linear(rows, self.weight)
        out = out.reshape(*x.shape[:-1], self.out_features).to(x.dtype)
        return out if self.bias is None else out + self.bias


def quantize_linears(model: nn.Module) -> int:
    """Replace each `nn.Linear` in `model` by an `Int8Linear`; returns how many.

    A layer the int8 kernel cannot take (an unusual shape, a torch build without the
    kernel) stays as it was: slower, never wrong.
    """
    count = 0
    for module in list(model.modules()):
        for name, child in list(module.named_children()):
            if isinstance(child, nn.Linear):
                try:
                    setattr(module, name, Int8Linear(child))
                except RuntimeError as exc:
                    log.info("kept %s in bfloat16: %s", name, exc)
                    continue
                count += 1
    return count
