"""torch.nn: modules print, initialise, register, save and load as PyTorch's do; a tutorial script runs unchanged."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import autograd_nb as torch
import autograd_nb.nn.functional as F
from autograd_nb import nn, sym, viz

SCRIPTS = Path(__file__).parent / "scripts"
RECORDED = json.loads((Path(__file__).parent / "golden" / "training.json").read_text())


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(8, 2)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


def test_repr_of_a_module_tree_is_pytorchs() -> None:
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 1, bias=False), nn.Sigmoid()),
                          nn.Softmax(dim=1), nn.Flatten(), nn.ModuleList([nn.Tanh(), nn.Tanh(), nn.Identity()]),
                          nn.CrossEntropyLoss())  # fmt: skip
    assert repr(model) == (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=3, bias=True)\n"
        "  (1): ReLU()\n"
        "  (2): Sequential(\n"
        "    (0): Linear(in_features=3, out_features=1, bias=False)\n"
        "    (1): Sigmoid()\n"
        "  )\n"
        "  (3): Softmax(dim=1)\n"
        "  (4): Flatten(start_dim=1, end_dim=-1)\n"
        "  (5): ModuleList(\n"
        "    (0-1): 2 x Tanh()\n"
        "    (2): Identity()\n"
        "  )\n"
        "  (6): CrossEntropyLoss()\n"
        ")"
    )
    assert repr(Net()) == (
        "Net(\n  (fc1): Linear(in_features=4, out_features=8, bias=True)\n  (act): ReLU()\n"
        "  (fc2): Linear(in_features=8, out_features=2, bias=True)\n)"
    )


def test_parameter_prints_parameter_containing() -> None:
    assert repr(nn.Parameter(torch.ones(2))) == "Parameter containing:\ntensor([1., 1.], requires_grad=True)"
    frozen = nn.Parameter(torch.zeros(1), requires_grad=False)
    assert str(frozen) == "Parameter containing:\ntensor([0.])"
    assert isinstance(frozen, torch.Tensor) and frozen.is_leaf
    assert type(frozen * 2) is torch.Tensor


def test_linear_starts_from_pytorchs_values_for_the_same_seed() -> None:
    torch.manual_seed(0)
    layer = nn.Linear(3, 2)
    # recorded from PyTorch 2.13: torch.manual_seed(0); torch.nn.Linear(3, 2).weight, .bias
    np.testing.assert_array_equal(layer.weight.detach().numpy(), np.array(
        [[-0.004322517663240433, 0.3097158372402191, -0.4751853346824646],
         [-0.4248946011066437, -0.2223689705133438, 0.15482072532176971]], np.float32))
    np.testing.assert_array_equal(layer.bias.detach().numpy(),
                                  np.array([-0.011439144611358643, 0.45777493715286255], np.float32))


def test_registration_and_walking_the_tree() -> None:
    model = Net()
    assert [name for name, _ in model.named_parameters()] == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
    assert [name for name, _ in model.named_modules()] == ["", "fc1", "act", "fc2"]
    assert list(model.children()) == [model.fc1, model.act, model.fc2]
    assert sum(p.numel() for p in model.parameters()) == 4 * 8 + 8 + 8 * 2 + 2
    model.fc2 = nn.Linear(8, 3)  # replacing a child keeps its place
    assert list(model.state_dict()) == ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
    shared = nn.Sequential(model.fc1, model.fc1)
    assert len(list(shared.parameters())) == 2  # a shared layer counts once
    assert model.train() is model and model.act.training
    assert not model.eval().fc1.training
    model.requires_grad_(False)
    assert not any(p.requires_grad for p in model.parameters())


def test_forward_hooks_and_call() -> None:
    model, seen = Net(), []
    handle = model.fc1.register_forward_hook(lambda module, inputs, output: seen.append(tuple(output.shape)))
    model(torch.ones(5, 4))
    handle.remove()
    model(torch.ones(5, 4))
    assert seen == [(5, 8)]
    with pytest.raises(NotImplementedError, match='Module \\[Module\\] is missing the required "forward" function'):
        nn.Module()(1)


def test_dropout_trains_and_evaluates_as_pytorch() -> None:
    layer, x = nn.Dropout(0.25), torch.ones(2, 40, requires_grad=True)
    assert repr(layer) == "Dropout(p=0.25, inplace=False)"
    torch.manual_seed(0)
    y = layer(x)
    assert y.grad_fn.name() == "MulBackward0"
    kept = y.detach().numpy() != 0
    np.testing.assert_allclose(y.detach().numpy()[kept], 1 / 0.75)
    assert 0.5 < kept.mean() < 0.95
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), kept / 0.75)
    assert layer.eval()(x) is x
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1, but got 1.5"):
        nn.Dropout(1.5)


def test_zero_grad_sets_to_none() -> None:
    model = Net()
    model(torch.ones(1, 4)).sum().backward()
    assert model.fc1.weight.grad is not None
    model.zero_grad(set_to_none=False)
    assert model.fc1.weight.grad.abs().sum().item() == 0
    model.zero_grad()
    assert model.fc1.weight.grad is None


def test_state_dict_round_trip_and_strict_errors_leave_the_model_untouched() -> None:
    torch.manual_seed(1)
    source, target = Net(), Net()
    assert repr(target.load_state_dict(source.state_dict())) == "<All keys matched successfully>"
    assert torch.equal(target.fc2.bias, source.fc2.bias)
    assert source.state_dict()["fc1.weight"].grad_fn is None

    before = target.fc1.weight.detach().clone()
    bad = {"fc1.weight": torch.zeros(8, 4), "foo": torch.zeros(1)}
    with pytest.raises(RuntimeError) as error:
        target.load_state_dict(bad)
    assert str(error.value) == (
        "Error(s) in loading state_dict for Net:\n"
        '\tMissing key(s) in state_dict: "fc1.bias", "fc2.weight", "fc2.bias". \n'
        '\tUnexpected key(s) in state_dict: "foo". '
    )
    assert torch.equal(target.fc1.weight, before)  # nothing half-loaded
    with pytest.raises(RuntimeError, match="size mismatch for fc2.bias: copying a param with shape "
                                           "torch.Size\\(\\[3\\]\\) from checkpoint, the shape in current model is "
                                           "torch.Size\\(\\[2\\]\\)."):  # fmt: skip
        target.load_state_dict({**source.state_dict(), "fc2.bias": torch.zeros(3)})
    result = target.load_state_dict({"fc1.weight": torch.zeros(8, 4)}, strict=False)
    assert result.missing_keys == ["fc1.bias", "fc2.weight", "fc2.bias"] and result.unexpected_keys == []
    assert target.fc1.weight.abs().sum().item() == 0


def test_assignment_errors() -> None:
    model = Net()
    with pytest.raises(TypeError, match="cannot assign 'torch.FloatTensor' as parameter 'weight' "
                                        "\\(torch.nn.Parameter or None expected\\)"):  # fmt: skip
        model.fc1.weight = torch.ones(8, 4)
    with pytest.raises(TypeError, match="cannot assign 'int' as child module 'fc1'"):
        model.fc1 = 3
    with pytest.raises(AttributeError, match="'Net' object has no attribute 'fc3'"):
        model.fc3  # noqa: B018


def test_linear_shapes_graph_and_errors() -> None:
    layer, w = nn.Linear(3, 4), None
    w = layer.weight
    assert layer(torch.ones(2, 3)).grad_fn.name() == "AddmmBackward0"
    assert layer(torch.ones(3)).shape == (4,) and layer(torch.ones(5, 2, 3)).shape == (5, 2, 4)
    assert layer(torch.ones(3)).grad_fn.name() == "ViewBackward0"
    assert F.linear(torch.ones(2, 3), w).grad_fn.name() == "MmBackward0"
    with pytest.raises(RuntimeError, match="mat1 and mat2 shapes cannot be multiplied \\(2x5 and 3x4\\)"):
        layer(torch.ones(2, 5))
    with pytest.raises(RuntimeError, match="mat1 and mat2 must have the same dtype, but got Double and Float"):
        layer(torch.ones(2, 3, dtype=torch.float64))


def test_losses_against_their_formulas() -> None:
    logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]], requires_grad=True)
    labels = torch.tensor([0, 2])
    loss = nn.CrossEntropyLoss()(logits, labels)
    log_probs = logits.detach().numpy() - np.log(np.exp(logits.detach().numpy()).sum(1, keepdims=True))
    assert loss.item() == pytest.approx(-(log_probs[0, 0] + log_probs[1, 2]) / 2, rel=1e-6)
    assert loss.grad_fn.name() == "NllLossBackward0"
    assert loss.grad_fn.next_functions[0][0].name() == "LogSoftmaxBackward0"
    loss.backward()
    expected = np.exp(log_probs) - np.eye(3)[[0, 2]]
    np.testing.assert_allclose(logits.grad.numpy(), expected / 2, rtol=1e-6, atol=1e-7)
    with pytest.raises(IndexError, match="Target 3 is out of bounds."):
        F.cross_entropy(logits, torch.tensor([0, 3]))
    p, t = torch.tensor([0.9, 0.2]), torch.tensor([1.0, 0.0])
    assert nn.BCELoss()(p, t).item() == pytest.approx(-(np.log(0.9) + np.log(0.8)) / 2, rel=1e-6)
    assert nn.BCEWithLogitsLoss()(torch.tensor([100.0, -100.0]), t).item() == pytest.approx(0, abs=1e-30)
    assert nn.MSELoss(reduction="sum")(p, t).item() == pytest.approx(0.01 + 0.04, rel=1e-6)
    assert nn.L1Loss()(p, t).item() == pytest.approx(0.15, rel=1e-6)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        F.mse_loss(torch.ones(3, 1), torch.ones(3))
    assert "Using a target size (torch.Size([3])) that is different to the input size" in str(caught[0].message)


def test_sym_check_and_viz_draw_on_a_training_step() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 2))
    x, labels = torch.randn(4, 2), torch.tensor([0, 1, 1, 0])
    loss = F.cross_entropy(model(x), labels)
    loss.backward()
    w1, b1, w2, b2 = model.parameters()
    report = sym.check(loss, w1=w1, b1=b1, w2=w2, b2=b2)
    assert report.ok, report
    drawing = viz.draw(loss, {"loss": loss, "w1": w1, "b1": b1, "w2": w2, "b2": b2, "x": x})
    assert {"AddmmBackward0", "TanhBackward0", "LogSoftmaxBackward0", "NllLossBackward0"} <= set(drawing.nodes())
    assert "<svg" in drawing.svg()
    model.zero_grad()  # the check then asks autograd.grad for this loss's gradients
    mse = F.mse_loss(model(x), torch.zeros(4, 2))
    assert sym.check(mse, w2=w2, b2=b2).ok


def run_tutorial(python_args: list[str]) -> str:
    done = subprocess.run([sys.executable, *python_args], capture_output=True, text=True, cwd=SCRIPTS.parent.parent)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_tutorial_training_script_prints_what_pytorch_prints() -> None:
    script = str(SCRIPTS / "train_classifier.py")
    ours = run_tutorial([str(SCRIPTS / "run_as_torch.py"), script])
    assert ours == RECORDED["tutorial_stdout"]
    assert "epoch 5: loss" in ours and "Parameter containing:" in ours


def test_tutorial_training_script_matches_live_pytorch() -> None:
    pytest.importorskip("torch")
    script = str(SCRIPTS / "train_classifier.py")
    assert run_tutorial([str(SCRIPTS / "run_as_torch.py"), script]) == run_tutorial([script])


@pytest.mark.parametrize("module", ["autograd_nb.nn", "autograd_nb.nn.module", "autograd_nb.nn.layers",
                                    "autograd_nb.nn.functional", "autograd_nb.optim", "autograd_nb.optim.sgd",
                                    "autograd_nb._random", "autograd_nb._creation"])  # fmt: skip
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    names = {**{k: v for k, v in vars(torch).items() if not k.startswith("_")}, **vars(nn)}
    assert doctest.testmod(importlib.import_module(module), extraglobs=names).failed == 0


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_layer_and_loss_gradients_agree_on_arrays_and_on_tensors(reduction: str) -> None:
    """Addmm, NllLoss and MseLoss run backward on bare arrays unless create_graph asks for Tensors."""
    torch.manual_seed(3)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 3))
    x, labels = torch.randn(5, 3), torch.tensor([0, 2, 1, 1, 0])

    def gradients(create_graph: bool) -> list[np.ndarray]:
        out = model(x)
        losses = [F.cross_entropy(out, labels, reduction=reduction), F.mse_loss(out, x, reduction=reduction)]
        loss = sum(part.sum() if reduction == "none" else part for part in losses)
        return [g.detach().numpy() for g in torch.autograd.grad(loss, list(model.parameters()),
                                                                  create_graph=create_graph)]  # fmt: skip

    for on_arrays, on_tensors in zip(gradients(False), gradients(True)):
        assert on_arrays.dtype == on_tensors.dtype and on_arrays.flags.c_contiguous
        np.testing.assert_allclose(on_arrays, on_tensors, rtol=1e-6, atol=1e-7)
