"""Record what PyTorch computes for every row of ``tests/op_cases.py`` into ``ops*.json`` (one file per table).

Run it from the repository root with torch installed (``python tests/golden/make_ops_golden.py``); the oracle
for ``tests/test_ops_golden.py``.

Each file's input values come from one seeded generator, drawn case after case in table order, and are stored
in the file, so the engine replays exactly the recorded inputs. For each case the file keeps the outputs
(values, dtype, shape, requires_grad, grad_fn name, the names of the whole graph), the tensors the first
output's node saved (``grad_fn._saved_self``, …) and, when the first output requires grad, the gradients of
``(output * v).sum()`` for a seeded ``v`` with respect to every input that requires grad; a gradient PyTorch
refuses (``floor_divide`` has no derivative) is recorded as ``"grads": {"error": [type, message]}``. An
expression that raises records the exception's type and message instead. The error tables are statements (run
with ``exec``) whose exception is recorded.
"""

from __future__ import annotations

import json
import sys
import warnings
import zlib
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parents[1]))
import op_cases  # noqa: E402
from op_cases import Case  # noqa: E402

HERE = Path(__file__).parent
# file -> (seed, cases, error statements)
FILES: dict[str, tuple[int, list[Case], list[tuple[str, str, dict]]]] = {
    "ops.json": (20240702, op_cases.OPS_CASES, op_cases.OPS_ERRORS),
    "ops_more.json": (20261127, op_cases.MORE_CASES, op_cases.MORE_ERRORS),
    "ops_added.json": (20261128, op_cases.ADDED_CASES, []),
}


def recorded(case: Case) -> bool:
    """Whether PyTorch can run the case (rows calling engine classes directly cannot)."""
    return not case.engine_only


def make_inputs(torch: Any, inputs: dict) -> dict:
    """Build each input as a leaf of ``torch`` (PyTorch or autograd_nb) from its recorded values."""
    out = {}
    for name, s in inputs.items():
        out[name] = torch.tensor(s["values"], dtype=getattr(torch, s["dtype"]), requires_grad=s["requires_grad"])
    return out


def grad_output(name: str, shape: list) -> np.ndarray:
    """The seeded ``v`` of the vector-Jacobian product recorded for a case."""
    return np.random.default_rng(zlib.crc32(name.encode())).uniform(-1, 1, size=shape)


def graph_names(t: Any) -> list[str]:
    """The names of every node behind ``t``, breadth first along ``next_functions``."""
    names, seen, queue = [], set(), [t.grad_fn]
    while queue:
        node = queue.pop(0)
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        names.append(node.name())
        queue.extend(child for child, _ in node.next_functions)
    return names


def _encode(t: Any) -> dict:
    return {
        "values": t.detach().numpy().tolist(),
        "dtype": str(t.dtype).removeprefix("torch."),
        "shape": list(t.shape),
        "requires_grad": t.requires_grad,
        "grad_fn": t.grad_fn.name() if t.grad_fn is not None else None,
        "graph": graph_names(t),
    }


def saved_tensors(node: Any, leaves: dict) -> dict:
    """What ``node`` saved for backward, by PyTorch's names (``_saved_self``, ``_saved_result``, …): the tensor
    fields only, each described as an output is, with which input leaf it is (``"is"``), or None if not saved."""
    fields = {}
    for name in [name for name in dir(node) if name.startswith("_saved_")]:
        value = getattr(node, name)
        if value is None or hasattr(value, "grad_fn"):  # a tensor of either library
            leaf = next((n for n, t in leaves.items() if t is value), None)
            fields[name] = None if value is None else {**_encode(value), "is": leaf}
    return fields


def evaluate(torch: Any, case: Case, inputs: dict) -> dict:
    """Run one case with ``torch`` on recorded inputs and describe its outputs and input gradients."""
    leaves = make_inputs(torch, inputs)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # x.T on 3-d tensors is deprecated in torch
            out = op_cases.evaluate(torch, case, leaves)
    except Exception as error:  # the error itself is the result
        return {"error": [type(error).__name__, str(error)]}
    outputs = list(out) if isinstance(out, tuple) else [out]
    result: dict = {"outputs": [_encode(t) for t in outputs], "grads": None}
    first = outputs[0]
    if first.grad_fn is not None:
        result["saved"] = saved_tensors(first.grad_fn, leaves)
    wrt = [n for n, t in leaves.items() if t.requires_grad]
    if first.requires_grad and wrt:
        v = torch.tensor(grad_output(case.name, list(first.shape)).tolist(), dtype=first.dtype)
        try:
            grads = torch.autograd.grad(first, [leaves[n] for n in wrt], v, allow_unused=True)
        except RuntimeError as error:
            result["grads"] = {"error": [type(error).__name__, str(error)]}
            return result
        result["grads"] = {n: None if g is None else _encode(g) for n, g in zip(wrt, grads)}
    return result


def run_error(torch: Any, statements: str, inputs: dict) -> list | None:
    """Run the statements; return ``[exception type, message]`` or None when nothing was raised."""
    namespace = {"torch": torch, **make_inputs(torch, inputs)}
    try:
        exec(statements, namespace)
    except Exception as error:
        return [type(error).__name__, str(error)]
    return None


def _fixed(rng: np.random.Generator, inputs: dict) -> dict:
    return {n: {"values": op_cases.make_values(rng, s), "dtype": s["dtype"], "requires_grad": s["requires_grad"]}
            for n, s in inputs.items()}  # fmt: skip


def write_golden(file: str) -> None:
    """Run every case and error case of one file through torch and write what it did."""
    import torch

    seed, cases_table, errors_table = FILES[file]
    rng = np.random.default_rng(seed)
    cases, errors = [], []
    for case in filter(recorded, cases_table):
        values = _fixed(rng, case.inputs)
        cases.append({"name": case.name, "expr": case.expr, "inputs": values, **evaluate(torch, case, values)})
    for name, statements, inputs in errors_table:
        values = _fixed(rng, inputs)
        error = run_error(torch, statements, values)
        if error is None:
            raise SystemExit(f"error case {name} raised nothing in torch")
        errors.append({"name": name, "code": statements, "inputs": values, "error": error})
    document = {"torch_version": torch.__version__, "cases": cases, "errors": errors}
    (HERE / file).write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {len(cases)} cases and {len(errors)} error cases to {HERE / file}")


if __name__ == "__main__":
    for name in FILES:
        write_golden(name)
