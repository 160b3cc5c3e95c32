"""Ties, bounds, views, second derivatives and argument forms, against what PyTorch recorded (``edges.json``).

``tests/golden/make_edges_golden.py`` writes the file from real torch; where torch is importable the cases
also run against it live. Doctests of every module run here too.
"""

from __future__ import annotations

import builtins
import doctest
import importlib
import json
import pkgutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import autograd_nb

sys.path.insert(0, str(Path(__file__).parent / "golden"))
import make_edges_golden as golden  # noqa: E402

GOLDEN = json.loads((Path(__file__).parent / "golden" / "edges.json").read_text())
CASES = {case["name"]: case for case in GOLDEN["cases"]}

# gradients computed with create_graph=True have a graph of their own; PyTorch's backward formulas record
# other intermediate nodes there (a Clone before CopySlices, MulBackward1 for a scalar factor, no unsqueeze
# of a 0-d gradient), and PyTorch folds a vector times a batch of matrices into one mv. Values, dtypes,
# requires_grad and the grad_fn itself are still compared; see README "Differences from PyTorch".
INTERNAL_GRAPH = {("copy_slices_double_backward", "g"), ("norm_second_derivative_at_zero", "g"),
                  ("backward_create_graph_twice", "x.grad"), ("vector_at_batch", "y")}  # fmt: skip


def assert_same_probe(actual: Any, expected: Any, where: tuple[str, str]) -> None:
    if isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), where
        for a, e in zip(actual, expected):
            assert_same_probe(a, e, where)
        return
    if "values" not in expected:
        assert actual == expected, where
        return
    for key in ("dtype", "shape", "requires_grad", "grad_fn", "negative_zeros"):
        assert actual[key] == expected[key], f"{where}: {key} {actual[key]!r} != {expected[key]!r}"
    if where not in INTERNAL_GRAPH:
        assert actual["graph"] == expected["graph"], where
    a, e = np.array(actual["values"], dtype=float), np.array(expected["values"], dtype=float)
    np.testing.assert_allclose(a, e, rtol=2e-6, atol=1e-7, equal_nan=True, err_msg=str(where))


def assert_same_case(actual: dict, expected: dict) -> None:
    assert actual["error"] == expected["error"], expected["name"]
    assert actual["probes"].keys() == expected["probes"].keys()
    for probe, value in expected["probes"].items():
        assert_same_probe(actual["probes"][probe], value, (expected["name"], probe))


@pytest.mark.parametrize("name", CASES)
def test_matches_golden(name: str) -> None:
    case = CASES[name]
    with _no_warnings():
        actual = golden.run(autograd_nb, case["code"], list(case["probes"]))
    assert_same_case({"name": name, **actual}, case)


@pytest.mark.parametrize("name", CASES)
def test_matches_live_torch(name: str) -> None:
    torch = pytest.importorskip("torch")
    case = CASES[name]
    with _no_warnings(ignore_torch=True):
        expected = {"name": name, **golden.run(torch, case["code"], list(case["probes"]))}
    with _no_warnings():
        actual = golden.run(autograd_nb, case["code"], list(case["probes"]))
    assert_same_case({"name": name, **actual}, expected)


def test_golden_file_is_current() -> None:
    assert [(c["name"], c["code"], list(c["probes"])) for c in GOLDEN["cases"]] == [
        (name, code, probes) for name, code, probes in golden.CASES]  # fmt: skip


def test_copy_slices_is_drawn_with_its_name() -> None:
    from autograd_nb import viz

    x = autograd_nb.tensor([1.0, 2.0], requires_grad=True)
    b = x * 1
    b[0] = 5.0
    expected = CASES["view_inplace_copy_slices"]["probes"]["type(b.grad_fn).__name__"]["repr"].strip("'")
    assert expected in viz.draw(b).source


class _no_warnings(warnings.catch_warnings):  # noqa: N801  (used like a function)
    """Fail on any warning that reaches the learner (numpy's divide-by-zero, say), as PyTorch prints none.

    pytest puts its own filters in front for each test, so the one autograd_nb installs at import (for numpy's
    warnings from its own code) is put in front again; ``test_numpy_warnings_do_not_reach_the_learner`` checks
    that a fresh interpreter prints nothing.
    """

    def __init__(self, ignore_torch: bool = False) -> None:
        super().__init__(record=True)
        self.ignore_torch = ignore_torch

    def __enter__(self) -> Any:
        self.log = super().__enter__()
        warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"autograd_nb(\.|$)")
        # a warning PyTorch gives too (autograd_nb gives it as PyTorch does: see test_pytorchs_own_warnings_*)
        warnings.filterwarnings("ignore", message="Using backward\\(\\) with create_graph=True")
        if self.ignore_torch:
            warnings.filterwarnings("ignore", module="torch")
        return self

    def __exit__(self, *exc: Any) -> None:
        super().__exit__(*exc)
        shown = [f"{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})" for w in self.log]
        assert not shown, f"warnings reached the learner: {shown}"


def test_numpy_warnings_do_not_reach_the_learner() -> None:
    code = CASES["silent_inf_and_nan"]["code"] + "\nx = torch.tensor([0.], requires_grad=True)\n"
    code += "x.log().sum().backward()\n"
    # reductions meeting inf - inf and overflow, forward and in a broadcast gradient (numpy warns from its own file)
    code += ("y = torch.tensor([float('inf'), float('-inf')], requires_grad=True)\n"
             "r = [y.sum(), y.mean(), y.var(), y.prod(), y.softmax(0), y.logsumexp(0), torch.tensor([3e38] * 2).sum()]"
             "\n"
             "w = torch.tensor([1.], requires_grad=True)\n(w * y).sum().backward()\n")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", "import autograd_nb as torch\n" + code], capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0 and done.stderr == "" and done.stdout == ""


def _run_as(name: str, code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-W", "always", "-c", f"import {name} as torch\n" + code],
                          capture_output=True, text=True, timeout=60)  # fmt: skip


def test_pytorchs_own_warnings_are_given_once_per_process_as_pytorch_does() -> None:
    float_of_grad = ("x = torch.tensor(1.5, requires_grad=True)\nprint(float(x.detach()), x.item(), int(x), "
                     "f'{x:.1f}')\nfloat(x)\nfloat(x * 2)\n")  # fmt: skip
    done = _run_as("autograd_nb", float_of_grad)
    assert done.stdout == "1.5 1.5 1 1.5\n"
    assert done.stderr.count("UserWarning") == 1  # float() of x, once per process; not detach, item, int
    assert done.stderr.startswith("<string>:4: UserWarning: Converting a tensor with requires_grad=True to a scalar "
                                  "may lead to unexpected behavior.\nConsider using tensor.detach() first.")
    create_graph = ("x = torch.tensor(1.5, requires_grad=True)\nfor _ in range(2):\n"
                    "    (x * x).backward(create_graph=True)\n")  # fmt: skip
    created = _run_as("autograd_nb", create_graph + "torch.autograd.grad(x * x, x, create_graph=True)")
    assert created.stderr.count("UserWarning: Using backward() with create_graph=True will create a reference") == 1
    torch = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True)
    if torch.returncode == 0:  # the same text from PyTorch (which shows its own line rather than the learner's)
        assert _run_as("torch", float_of_grad).stderr == done.stderr
        assert created.stderr.split("UserWarning")[1] in _run_as("torch", create_graph).stderr


# the command line (importing __main__ runs it) and the slides, whose examples write decks to build/ from
# the notebooks (tests/test_slides*.py run those), are the modules whose examples are not run here
NOT_RUN = ("autograd_nb.__main__", "autograd_nb.slides")
MODULES = sorted(
    info.name for info in pkgutil.walk_packages(autograd_nb.__path__, "autograd_nb.")
    if not info.name.startswith(NOT_RUN)
)  # fmt: skip


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str) -> None:
    mod = importlib.import_module(module)
    package = importlib.import_module(module.rpartition(".")[0]) if "." in module else autograd_nb
    # the public names without those that shadow builtins (autograd_nb.float is a dtype), then the package's
    # (nn.module's examples use nn's names) and the module's own
    public = {k: v for k, v in {**vars(autograd_nb), **vars(package)}.items() if not hasattr(builtins, k)}
    globs = {**public, **vars(mod)}
    result = doctest.testmod(mod, extraglobs=globs, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} failing example(s) in {module}"
