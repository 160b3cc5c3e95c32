"""torch.optim: PyTorch's update formulas, state, param groups, errors; whole training runs against PyTorch."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

import autograd_nb as torch
from autograd_nb import nn

sys.path.insert(0, str(Path(__file__).parent / "golden"))
import make_training_golden as training  # noqa: E402

RECORDED = json.loads((Path(__file__).parent / "golden" / "training.json").read_text())


@pytest.mark.parametrize("name", training.RUNS)
def test_training_run_prints_the_recorded_pytorch_losses(name: str) -> None:
    ours, recorded = training.run(torch, name), RECORDED["runs"][name]
    assert ours["lines"] == recorded["lines"]
    for key, values in recorded["params"].items():
        np.testing.assert_allclose(ours["params"][key], values, rtol=1e-5, atol=1e-5, err_msg=key)


@pytest.mark.parametrize("name", ["classify_adam", "regress_sgd_nesterov_decay"])
def test_training_run_matches_live_pytorch(name: str) -> None:
    real = pytest.importorskip("torch")
    assert training.run(torch, name)["lines"] == training.run(real, name)["lines"]


def few_steps(lib, optimizer: str, steps: int = 3, **options: float) -> list[np.ndarray]:
    """Parameters after a few steps on a fixed quadratic, with ``lib`` (autograd_nb or PyTorch)."""
    w = lib.tensor([[1.0, -2.0], [0.5, 3.0]], requires_grad=True)
    b = lib.tensor([0.25, -0.75], requires_grad=True)
    optimizer = getattr(lib.optim, optimizer)([w, b], **options)
    for k in range(steps):
        optimizer.zero_grad()
        ((w * w).sum() * 0.5 + (b * (k + 1)).sum() + (w * b).sum()).backward()
        optimizer.step()
    return [w.detach().numpy().copy(), b.detach().numpy().copy()]


def sgd_by_hand(lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, steps=3):
    w, b = np.array([[1.0, -2.0], [0.5, 3.0]], np.float32), np.array([0.25, -0.75], np.float32)
    buffers = [None, None]
    for k in range(steps):
        grads = [w + b, np.full(2, k + 1, np.float32) + w.sum(0)]
        for i, (p, g) in enumerate(zip((w, b), grads)):
            g = g + weight_decay * p
            if momentum:
                buffers[i] = g.copy() if buffers[i] is None else momentum * buffers[i] + (1 - dampening) * g
                g = g + momentum * buffers[i] if nesterov else buffers[i]
            p -= lr * g
    return [w, b]


@pytest.mark.parametrize("options", [
    {"lr": 0.1}, {"lr": 0.1, "momentum": 0.9}, {"lr": 0.05, "momentum": 0.5, "dampening": 0.3},
    {"lr": 0.1, "momentum": 0.9, "nesterov": True}, {"lr": 0.1, "weight_decay": 0.1, "momentum": 0.2},
])  # fmt: skip
def test_sgd_follows_the_update_formula(options: dict) -> None:
    for ours, expected in zip(few_steps(torch, "SGD", **options), sgd_by_hand(**options)):
        np.testing.assert_allclose(ours, expected, rtol=1e-6)


@pytest.mark.parametrize("optimizer, options", [
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("SGD", {"lr": 0.1, "maximize": True}),
    ("Adam", {"lr": 0.1}), ("Adam", {"lr": 0.05, "betas": (0.8, 0.9), "weight_decay": 0.1}),
    ("Adam", {"lr": 0.1, "amsgrad": True}), ("AdamW", {"lr": 0.1}), ("AdamW", {"lr": 0.1, "weight_decay": 0.5}),
])  # fmt: skip
def test_updates_match_live_pytorch(optimizer: str, options: dict) -> None:
    real = pytest.importorskip("torch")
    for a, b in zip(few_steps(torch, optimizer, 5, **options), few_steps(real, optimizer, 5, **options)):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_adam_first_step_moves_each_weight_by_lr() -> None:
    # after one step m/sqrt(v) is sign(g) up to eps: the textbook property of Adam
    w = torch.tensor([3.0, -1.0, 0.5], requires_grad=True)
    optimizer = torch.optim.Adam([w], lr=0.01)
    (w * w * torch.tensor([1.0, 10.0, -2.0])).sum().backward()
    optimizer.step()
    np.testing.assert_allclose(w.detach().numpy(), [2.99, -0.99, 0.51], rtol=1e-6)
    state = optimizer.state[w]
    assert state["step"].item() == 1.0 and set(state) == {"step", "exp_avg", "exp_avg_sq"}


def test_updates_are_not_recorded_and_keep_leaves() -> None:
    model = nn.Linear(3, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model(torch.ones(4, 3)).sum().backward()
    optimizer.step()
    assert model.weight.is_leaf and model.weight.grad_fn is None and model.weight.requires_grad
    assert optimizer.state[model.weight]["momentum_buffer"].grad_fn is None


def test_zero_grad_and_parameters_without_gradients() -> None:
    a, b = torch.ones(2, requires_grad=True), torch.ones(2, requires_grad=True)
    optimizer = torch.optim.SGD([a, b], lr=1.0)
    (a * 3).sum().backward()
    optimizer.step()  # b has no gradient: left alone
    assert a.tolist() == [-2.0, -2.0] and b.tolist() == [1.0, 1.0]
    optimizer.zero_grad(set_to_none=False)
    assert a.grad.tolist() == [0.0, 0.0]
    optimizer.zero_grad()
    assert a.grad is None


def test_param_groups_state_dict_and_repr() -> None:
    first, second = nn.Linear(2, 2), nn.Linear(2, 1)
    optimizer = torch.optim.SGD([{"params": first.parameters()}, {"params": second.parameters(), "lr": 0.5}],
                                lr=0.1, momentum=0.9)  # fmt: skip
    assert [g["lr"] for g in optimizer.param_groups] == [0.1, 0.5]
    (first(torch.ones(1, 2)).sum() + second(torch.ones(1, 2)).sum()).backward()
    optimizer.step()
    saved = optimizer.state_dict()
    assert saved["param_groups"][1] == {"lr": 0.5, "momentum": 0.9, "dampening": 0, "weight_decay": 0,
                                        "nesterov": False, "maximize": False, "foreach": None,
                                        "differentiable": False, "fused": None, "params": [2, 3]}  # fmt: skip
    assert sorted(saved["state"]) == [0, 1, 2, 3] and list(saved["state"][0]) == ["momentum_buffer"]
    assert repr(optimizer).startswith("SGD (\nParameter Group 0\n    dampening: 0\n    differentiable: False\n")
    assert repr(optimizer).endswith("    weight_decay: 0\n)")
    fresh = torch.optim.SGD([{"params": first.parameters()}, {"params": second.parameters()}], lr=0.1, momentum=0.9)
    fresh.load_state_dict(saved)
    assert fresh.param_groups[1]["lr"] == 0.5
    assert torch.equal(fresh.state[first.weight]["momentum_buffer"], optimizer.state[first.weight]["momentum_buffer"])


def test_errors_as_pytorch_gives_them() -> None:
    leaf = torch.ones(2, requires_grad=True)
    with pytest.raises(ValueError, match="optimizer got an empty parameter list"):
        torch.optim.SGD([], lr=0.1)
    with pytest.raises(ValueError, match="can't optimize a non-leaf Tensor"):
        torch.optim.Adam([leaf, leaf * 2])
    with pytest.raises(TypeError, match="should be an iterable of Tensors or dicts, but got torch.FloatTensor"):
        torch.optim.SGD(leaf, lr=0.1)
    with pytest.raises(ValueError, match="Invalid learning rate: -1"):
        torch.optim.SGD([leaf], lr=-1)
    with pytest.raises(ValueError, match="Nesterov momentum requires a momentum and zero dampening"):
        torch.optim.SGD([leaf], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="Invalid beta parameter at index 1: 1.0"):
        torch.optim.Adam([leaf], betas=(0.9, 1.0))
    optimizer = torch.optim.SGD([leaf], lr=0.1)
    with pytest.raises(ValueError, match="some parameters appear in more than one parameter group"):
        optimizer.add_param_group({"params": [leaf]})
    assert len(optimizer.param_groups) == 1  # nothing half-added
