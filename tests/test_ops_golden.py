"""Every row of ``tests/op_cases.py`` against what PyTorch computed: values, dtypes, shapes, grad_fn names, the
whole graph's node names, input gradients, exception types and messages.

``tests/golden/ops*.json`` are written by ``tests/golden/make_ops_golden.py`` from real torch, so these tests
run without torch; where torch is importable the same cases also run against it live.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from op_cases import CASES, OPS, Case

import autograd_nb

HERE = Path(__file__).parent / "golden"
sys.path.insert(0, str(HERE))
import make_ops_golden as golden  # noqa: E402

GOLDEN = {file: json.loads((HERE / file).read_text()) for file in golden.FILES}


def _rows() -> tuple[list, list]:
    cases, errors = [], []
    for file, (_, table, _) in golden.FILES.items():
        recorded = {c["name"]: c for c in GOLDEN[file]["cases"]}
        cases += [pytest.param(c, recorded.get(c.name), id=c.id) for c in table if golden.recorded(c)]
        errors += [pytest.param(e, id=e["name"]) for e in GOLDEN[file]["errors"]]
    return cases, errors


RECORDED, ERRORS = _rows()


def assert_same_tensor(actual: dict, expected: dict, what: str, precise: bool, graph: bool = True) -> None:
    for key in ("dtype", "shape", "requires_grad") + (("grad_fn", "graph") if graph else ()):
        assert actual[key] == expected[key], f"{what}: {key} {actual[key]!r} != {expected[key]!r}"
    a, e = np.array(actual["values"]), np.array(expected["values"])
    if expected["dtype"] == "float64" and precise:
        np.testing.assert_allclose(a, e, rtol=1e-10, atol=1e-12, err_msg=what)
    elif expected["dtype"].startswith("float"):
        # float32 arithmetic, possibly summed in another order (or widened to float64 afterwards)
        np.testing.assert_allclose(a, e, rtol=2e-5, atol=1e-6, err_msg=what)
    else:
        np.testing.assert_array_equal(a, e, err_msg=what)


def assert_same_result(actual: dict, expected: dict, case: Case, inputs: dict) -> None:
    if "error" in expected or "error" in actual:
        assert actual.get("error") == expected.get("error")
        return
    precise = all(spec["dtype"] != "float32" for spec in inputs.values())
    assert len(actual["outputs"]) == len(expected["outputs"])
    for k, (a, e) in enumerate(zip(actual["outputs"], expected["outputs"])):
        assert_same_tensor(a, e, f"output {k}", precise, graph=not case.graph_differs)
    if actual.get("saved"):  # an op that names what it saves (Op.saved_names): every tensor PyTorch's node saved
        tensors = {field for field, e in expected["saved"].items() if e is not None}
        assert tensors <= actual["saved"].keys() <= expected["saved"].keys()
        for field, a in actual["saved"].items():
            e = expected["saved"][field]
            assert (a is None) == (e is None), f"{field} saved: {a} != {e}"
            if e is not None:
                assert a["is"] == e["is"], f"{field} is input {a['is']}, not {e['is']}"
                # graph=False: an in-place op's saved self is a copy of the input made before the write, which
                # PyTorch records as a clone and we do not (README, "Differences from PyTorch")
                assert_same_tensor(a, e, field, precise, graph=False)
    if expected["grads"] is None or "error" in expected["grads"]:
        assert actual["grads"] == expected["grads"]
        return
    assert actual["grads"].keys() == expected["grads"].keys()
    for leaf, e in expected["grads"].items():
        a = actual["grads"][leaf]
        assert (a is None) == (e is None), f"gradient of {leaf}"
        if e is not None:
            assert_same_tensor(a, e, f"gradient of {leaf}", precise)


@pytest.mark.parametrize("case, recorded", RECORDED)
def test_matches_golden(case: Case, recorded: dict | None) -> None:
    assert recorded is not None, "re-record: python tests/golden/make_ops_golden.py"
    actual = golden.evaluate(autograd_nb, case, recorded["inputs"])
    assert_same_result(actual, recorded, case, recorded["inputs"])


@pytest.mark.parametrize("error", ERRORS)
def test_error_matches_golden(error: dict) -> None:
    assert golden.run_error(autograd_nb, error["code"], error["inputs"]) == error["error"]


@pytest.mark.parametrize("file", golden.FILES)
def test_golden_file_is_current(file: str) -> None:
    """The recorded cases are exactly the table's, so editing a row without re-recording fails."""
    _, table, error_table = golden.FILES[file]
    recorded = GOLDEN[file]
    rows = [(c.name, c.expr) for c in filter(golden.recorded, table)]
    assert [(c["name"], c["expr"]) for c in recorded["cases"]] == rows
    assert [(c["name"], c["code"]) for c in recorded["errors"]] == [(name, code) for name, code, _ in error_table]


def test_every_op_has_a_golden_case() -> None:
    files = list(GOLDEN.values())
    recorded = {name for f in files for c in f["cases"] for out in c.get("outputs", ()) for name in out["graph"]}
    edges = json.loads((HERE / "edges.json").read_text())  # views, ties, bounds
    probes = [p for c in edges["cases"] for probe in c["probes"].values() for p in (probe if isinstance(probe, list)
                                                                                   else [probe])]  # fmt: skip
    recorded |= {name for probe in probes for name in probe.get("graph", ())}
    kinks = json.loads((HERE / "kinks.json").read_text())  # SignBackward0 is there
    recorded |= {name for c in kinks["cases"] for name in c["graph"]}
    recorded = {name.rsplit("::", 1)[-1] for name in recorded}  # torch::autograd::CopySlices
    backward_only = {c.op for c in CASES if c.engine_only}  # nodes PyTorch records only inside backward
    missing = {op for op in set(OPS) - backward_only if OPS[op].name not in recorded}
    assert not missing, f"ops without a golden case: {sorted(missing)}"


# -- live torch ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch() -> Any:
    return pytest.importorskip("torch")


@pytest.mark.parametrize("case, recorded", RECORDED)
def test_matches_live_torch(torch: Any, case: Case, recorded: dict | None) -> None:
    assert recorded is not None, "re-record: python tests/golden/make_ops_golden.py"
    expected = golden.evaluate(torch, case, recorded["inputs"])
    assert_same_result(golden.evaluate(autograd_nb, case, recorded["inputs"]), expected, case, recorded["inputs"])


@pytest.mark.parametrize("error", ERRORS)
def test_error_matches_live_torch(torch: Any, error: dict) -> None:
    expected = golden.run_error(torch, error["code"], error["inputs"])
    assert golden.run_error(autograd_nb, error["code"], error["inputs"]) == expected
