"""Weight-only int8 linear layers: close to the bfloat16 layer they replace."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from collabqa.quant import Int8Linear, quantize_linears  # noqa: E402


def test_int8_linear_matches_the_layer_it_replaces():
    torch.manual_seed(0)
    linear = torch.nn.Linear(576, 1536, bias=True)
    fast = Int8Linear(linear)
    for rows in (1, 7):  # one token (int8 kernel) and a prompt (bfloat16 weights)
        x = torch.randn(1, rows, 576)
        want = linear(x)
        got = fast(x)
        assert got.shape == want.shape and got.dtype == x.dtype
        error = (got - want).abs().max() / want.abs().max()
        assert error < 0.02, (rows, float(error))
    assert fast.qweight.dtype == torch.int8 and fast.qweight.shape == (1536, 576)


def test_quantize_linears_replaces_every_linear_layer():
    model = torch.nn.Sequential(
        torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Sequential(torch.nn.Linear(128, 64))
    )
    x = torch.randn(3, 64)
    want = model(x)
    assert quantize_linears(model) == 2
    assert not any(type(m) is torch.nn.Linear for m in model.modules())
    assert (model(x) - want).abs().max() / want.abs().max() < 0.02


def test_without_a_working_int8_kernel_nothing_is_replaced(monkeypatch):
    """The private op is tried once; where it fails, layers stay plain and still work."""
    from collabqa import quant

    assert quant.int8_kernel_works() in (True, False)  # probing never raises

    def broken(*args):
        raise RuntimeError("no such op on this build")

    quant.int8_kernel_works.cache_clear()
    monkeypatch.setattr(quant, "_int8_mm", broken)
    try:
        assert quant.int8_kernel_works() is False
        model = torch.nn.Sequential(torch.nn.Linear(8, 4))
        x = torch.randn(1, 8)
        want = model(x)
        assert quantize_linears(model) == 0
        assert type(model[0]) is torch.nn.Linear and torch.equal(model(x), want)
    finally:
        quant.int8_kernel_works.cache_clear()
