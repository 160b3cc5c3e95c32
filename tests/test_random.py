"""PyTorch's random numbers, bit for bit: golden values recorded from PyTorch, live torch when importable."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import autograd_nb as torch

sys.path.insert(0, str(Path(__file__).parent / "golden"))
import make_random_golden as golden  # noqa: E402

GOLDEN = json.loads((Path(__file__).parent / "golden" / "random.json").read_text())
RECORDED = {case["name"]: case for case in GOLDEN["cases"]}


def assert_bit_equal(actual: dict, expected: dict, what: str) -> None:
    assert (actual["dtype"], actual["shape"]) == (expected["dtype"], expected["shape"]), what
    a, e = golden.as_array(actual), golden.as_array(expected)
    assert a.tobytes() == e.tobytes(), f"{what}: {a} != {e}"


@pytest.mark.parametrize("name", RECORDED)
def test_matches_recorded_pytorch(name: str) -> None:
    case = RECORDED[name]
    for k, (actual, expected) in enumerate(zip(golden.run(torch, case["seed"], case["expressions"]), case["outputs"])):
        assert_bit_equal(actual, expected, f"{name}: {case['expressions'][k]}")


@pytest.mark.parametrize("seed", [0, 1, 123456789])
def test_matches_live_pytorch_on_many_values(seed: int) -> None:
    real = pytest.importorskip("torch")
    expressions = [
        "torch.rand(1000)", "torch.rand(333, dtype=torch.float64)", "torch.randn(7)", "torch.randn(4099)",
        "torch.randn(1001, dtype=torch.float64)", "torch.zeros(5000).uniform_(-0.125, 0.7)",
        "torch.zeros(999, dtype=torch.float64).uniform_(-3, 0.2)", "torch.zeros(2048).normal_(0.3, 1.7)",
        "torch.zeros(515, dtype=torch.float64).normal_(-2, 0.3)", "torch.randint(0, 1000, (500,))",
        "torch.randperm(1000)", "torch.bernoulli(torch.rand(300, dtype=torch.float64))",
    ]  # fmt: skip
    for k, (a, e) in enumerate(zip(golden.run(torch, seed, expressions), golden.run(real, seed, expressions))):
        assert_bit_equal(a, e, expressions[k])


def test_linear_initialisation_matches_pytorch() -> None:
    """kaiming_uniform_(a=sqrt(5)) for the weight, then the bias bound, drawn in PyTorch's order."""
    real = pytest.importorskip("torch")
    for lib in (torch, real):
        lib.manual_seed(7)
    ours, theirs = torch.nn.Linear(5, 3), real.nn.Linear(5, 3)
    assert ours.weight.detach().numpy().tobytes() == theirs.weight.detach().numpy().tobytes()
    assert ours.bias.detach().numpy().tobytes() == theirs.bias.detach().numpy().tobytes()


def test_same_seed_same_numbers_and_generators_are_independent() -> None:
    torch.manual_seed(3)
    first = torch.randn(20)
    g = torch.Generator().manual_seed(3)
    torch.manual_seed(3)
    assert torch.equal(torch.randn(20, generator=g), first)
    assert torch.equal(torch.randn(20), first)
    assert torch.initial_seed() == 3


def test_cached_normal_is_cleared_by_manual_seed() -> None:
    torch.manual_seed(0)
    torch.randn(1)  # leaves the second value of a Box-Muller pair in the generator
    torch.manual_seed(0)
    assert torch.randn(1).item() == pytest.approx(1.5409960746765137, abs=0)


def test_errors_match_pytorch() -> None:
    with pytest.raises(NotImplementedError, match="\"check_uniform_bounds\" not implemented for 'Long'"):
        torch.rand(2, dtype=torch.int64)
    with pytest.raises(NotImplementedError, match="\"normal_kernel_cpu\" not implemented for 'Long'"):
        torch.randn(2, dtype=torch.int64)
    with pytest.raises(RuntimeError, match="random_ expects 'from' to be less than 'to', but got from=5 >= to=3"):
        torch.randint(5, 3, (2,))
    with pytest.raises(RuntimeError, match="normal expects std >= 0.0, but found std -1"):
        torch.zeros(3).normal_(0, -1)
    with pytest.raises(RuntimeError, match="Expected p_in >= 0 && p_in <= 1"):
        torch.bernoulli(torch.tensor([1.5]))
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place"):
        torch.zeros(3, requires_grad=True).normal_()
    leaf = torch.zeros(3, requires_grad=True)
    with torch.no_grad():
        leaf.uniform_(-1, 1)  # nn.init's way: allowed under no_grad
    assert leaf._version == 1 and leaf.requires_grad
