"""At kinks, the engine and ``sym`` use PyTorch's derivative, case by case from ``golden/kinks.json``.

relu at 0 gives 0, clamp at a bound 1, abs and sign 0, ties in max/min split evenly among the tied
elements, maximum/minimum ties half each, sqrt at 0 +inf, a norm at 0 gives 0. ``sym.check`` must pass
exactly there, and the analytic values must be PyTorch's (not SymPy's default ½ at a step).
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import autograd_nb
from autograd_nb import sym

sys.path.insert(0, str(Path(__file__).parent / "golden"))
import make_kinks_golden as golden  # noqa: E402

GOLDEN = json.loads((Path(__file__).parent / "golden" / "kinks.json").read_text())
CASES = {case["name"]: case for case in GOLDEN["cases"]}


def _engine(case: dict) -> tuple:
    leaves = {name: autograd_nb.tensor(v, requires_grad=True) for name, v in case["inputs"].items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # sqrt's 1/0 in the engine's backward
        out = eval(case["expr"], {"torch": autograd_nb}, dict(leaves))  # noqa: S307
        out.backward()
    return out, leaves


def test_golden_file_is_current() -> None:
    """The recorded cases are exactly the generator's, so editing one without re-recording fails."""
    assert [[c["name"], c["expr"], c["inputs"]] for c in GOLDEN["cases"]] == [list(c) for c in golden.CASES]


def test_every_op_with_a_kink_has_a_case() -> None:
    recorded = {name for case in GOLDEN["cases"] for name in case["graph"]}
    kinked = {"ReluBackward0", "AbsBackward0", "ClampBackward1", "MaxBackward1", "MinBackward1", "MaxBackward0",
              "MinBackward0", "MaximumBackward0", "MinimumBackward0", "SignBackward0", "SqrtBackward0",
              "LinalgVectorNormBackward0"}  # fmt: skip
    assert kinked <= recorded


@pytest.mark.parametrize("name", sorted(CASES))
def test_engine_gradient_is_pytorchs(name: str) -> None:
    case = CASES[name]
    _, leaves = _engine(case)
    for input_name, expected in case["grads"].items():
        np.testing.assert_allclose(leaves[input_name].grad.numpy(), np.array(expected), rtol=1e-6, err_msg=input_name)


@pytest.mark.parametrize("name", sorted(CASES))
def test_sym_check_passes_with_pytorchs_values(name: str) -> None:
    case = CASES[name]
    out, leaves = _engine(case)
    report = sym.check(out, **leaves)
    assert report.ok, repr(report)
    assert report.max_abs_error == 0 or report.max_abs_error < 1e-6
    for input_name, expected in case["grads"].items():
        # the exact derivative at the kink is the value PyTorch chose (float32 rounding aside)
        np.testing.assert_allclose(report[input_name].analytic, np.array(expected), rtol=1e-6, err_msg=input_name)


def test_relu_check_reported_on_main_as_a_false_mismatch() -> None:
    x = autograd_nb.tensor([-1.0, 0.0, 1.0], requires_grad=True)
    out = autograd_nb.relu(x).sum()
    out.backward()
    report = sym.check(out)
    assert report.ok
    assert report["x"].analytic.tolist() == [0.0, 0.0, 1.0]
    assert "Heaviside(x_1, 0)" in repr(report)


def test_sqrt_at_0_error_column_reads_0_not_nan() -> None:
    x = autograd_nb.tensor([0.0, 1.0], requires_grad=True)
    out = x.sqrt().sum()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out.backward()
    report = sym.check(out)
    assert report["x"].analytic[0] == np.inf
    assert report["x"].error == 0.0
    assert "nan" not in repr(report)


def test_hessian_away_from_the_kink_is_unchanged() -> None:
    x = autograd_nb.tensor([2.0, -1.0], requires_grad=True)
    d = sym.derive((x.relu() * x).sum(), x=x)
    assert d.evaluate(d.hessian()).tolist() == [[2.0, 0.0], [0.0, 0.0]]


def test_golden_matches_live_pytorch() -> None:
    real = pytest.importorskip("torch")
    for name, expr, inputs in golden.CASES:
        live = golden.run(real, expr, inputs)
        assert live["grads"] == CASES[name]["grads"], name
