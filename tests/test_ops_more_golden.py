"""The ops added after ``ops.json`` against what PyTorch computed: ``tests/golden/ops_more.json``.

Recorded by ``tests/golden/make_ops_more_golden.py``; compared as ``test_ops_golden.py`` compares (values,
dtypes, shapes, grad_fn names, the whole graph's node names, input gradients, exception types and
messages), and against live torch where it is importable.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

import autograd_nb

sys.path.insert(0, str(Path(__file__).parent / "golden"))
import make_ops_more_golden as golden  # noqa: E402
from test_ops_golden import assert_same_tensor  # noqa: E402

GOLDEN = json.loads((Path(__file__).parent / "golden" / "ops_more.json").read_text())
CASES = {case["name"]: case for case in GOLDEN["cases"]}
ERRORS = {case["name"]: case for case in GOLDEN["errors"]}


def assert_same_result(actual: dict, expected: dict, name: str, inputs: dict) -> None:
    if "error" in expected or "error" in actual:
        assert actual.get("error") == expected.get("error")
        return
    precise = all(spec["dtype"] != "float32" for spec in inputs.values())
    assert len(actual["outputs"]) == len(expected["outputs"])
    for k, (a, e) in enumerate(zip(actual["outputs"], expected["outputs"])):
        if name.startswith("einsum_"):  # same values, a graph of the engine's own ops (README: differences)
            a, e = ({**t, "grad_fn": None, "graph": None} for t in (a, e))
        assert_same_tensor(a, e, f"output {k}", precise)
    if expected["grads"] is None or "error" in expected["grads"]:
        assert actual["grads"] == expected["grads"]
        return
    assert actual["grads"].keys() == expected["grads"].keys()
    for leaf, e in expected["grads"].items():
        a = actual["grads"][leaf]
        assert (a is None) == (e is None), f"gradient of {leaf}"
        if e is not None:
            assert_same_tensor(a, e, f"gradient of {leaf}", precise)


def run_engine(case: dict) -> dict:
    return golden.evaluate(autograd_nb, case["name"], case["expr"], case["inputs"])


@pytest.mark.parametrize("name", CASES)
def test_matches_golden(name: str) -> None:
    case = CASES[name]
    assert_same_result(run_engine(case), case, name, case["inputs"])


@pytest.mark.parametrize("name", ERRORS)
def test_error_matches_golden(name: str) -> None:
    case = ERRORS[name]
    assert golden.run_error(autograd_nb, case["code"], case["inputs"]) == case["error"]


def test_golden_file_is_current() -> None:
    """The recorded cases are exactly the generator's, so editing one without re-recording fails."""
    assert [(c["name"], c["expr"]) for c in GOLDEN["cases"]] == [(name, expr) for name, expr, _ in golden.CASES]
    assert [(c["name"], c["code"]) for c in GOLDEN["errors"]] == [(name, code) for name, code, _ in golden.ERRORS]


# -- live torch ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch() -> Any:
    return pytest.importorskip("torch")


@pytest.mark.parametrize("name", CASES)
def test_matches_live_torch(torch: Any, name: str) -> None:
    case = CASES[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = golden.evaluate(torch, name, case["expr"], case["inputs"])
    assert_same_result(run_engine(case), expected, name, case["inputs"])


@pytest.mark.parametrize("name", ERRORS)
def test_error_matches_live_torch(torch: Any, name: str) -> None:
    case = ERRORS[name]
    expected = golden.run_error(torch, case["code"], case["inputs"])
    assert golden.run_error(autograd_nb, case["code"], case["inputs"]) == expected
