"""Record PyTorch's tensor reprs into ``printing.json``, the oracle for ``tests/test_printing.py``.

Run it from the repository root with torch installed (``python tests/golden/make_printing_golden.py``).
The cases are deterministic (seeded numpy), so re-running with the same torch rewrites the same file.

Each case is ``{"case", "data", "dtype", "options", "requires_grad", "grad_fn", "expected"}`` where
``data`` is ``{"shape": [...], "values": [...]}`` for small tensors (floats as ``float.hex`` strings,
"nan"/"inf"/"-inf" included, so float16/32/64 values round-trip bit for bit) or
``{"shape": [...], "zlib_base64": "..."}`` (zlib-compressed little-endian raw bytes) for large ones.
Options are ``set_printoptions`` keyword arguments; an infinite threshold is stored as "inf".
"""

from __future__ import annotations

import base64
import json
import math
import zlib
from pathlib import Path

import numpy as np
import torch

OUT = Path(__file__).with_name("printing.json")
SEED = 20240613
MAX_LISTED = 64  # larger tensors are stored as raw bytes to keep the file small

DTYPES = ["float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool"]


def encode_data(arr: np.ndarray) -> dict:
    if arr.size > MAX_LISTED:
        raw = zlib.compress(arr.astype(arr.dtype.newbyteorder("<")).tobytes(), 9)
        return {"shape": list(arr.shape), "zlib_base64": base64.b64encode(raw).decode("ascii")}
    if arr.dtype.kind == "f":
        # float16/32 widen to float64 exactly, so the hex text of the double is the value itself
        values = [str(v) if math.isnan(v) or math.isinf(v) else float.hex(v) for v in arr.ravel().tolist()]
    else:
        values = arr.ravel().tolist()
    return {"shape": list(arr.shape), "values": values}


def encode_options(options: dict) -> dict:
    return {k: ("inf" if v == math.inf else v) for k, v in options.items()}


def record(case_id: str, result: torch.Tensor, options: dict | None = None) -> dict:
    """Print ``result`` with real torch under ``options`` and keep everything needed to reprint it."""
    options = options or {}
    torch.set_printoptions(**options)
    try:
        expected = repr(result)
    finally:
        torch.set_printoptions(profile="default")
    return {
        "case": case_id,
        "data": encode_data(result.detach().numpy().copy()),
        "dtype": str(result.dtype).removeprefix("torch."),
        "options": encode_options(options),
        "requires_grad": result.requires_grad,
        "grad_fn": result.grad_fn.name() if result.grad_fn is not None else None,
        "expected": expected,
    }


def tutorial_cases() -> list[dict]:
    """What the tutorials in seeds/ print, built the way the tutorials build it."""
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    out.backward()
    torch.manual_seed(0)
    w = torch.randn(3, requires_grad=True)
    v = w * 2
    while v.data.norm() < 1000:
        v = v * 2
    cases = [
        record("tutorial/ones_requires_grad", x),
        record("tutorial/add_backward", y),
        record("tutorial/mul_backward_27", z),
        record("tutorial/mean_backward_0d", out),
        record("tutorial/grad_4.5", x.grad),
        record("tutorial/randn_leaf", w),
        record("tutorial/doubling_loop", v),
        record("tutorial/sci_switch", torch.tensor([51.2, 512.0, 0.0512])),
        record("tutorial/alignment", torch.tensor([[0.0646, -46.3478], [5.6683, -0.8896]])),
        record("tutorial/bool_0d", torch.tensor(True)),
        record("tutorial/bool_vector", torch.tensor([True, True, True, True])),
        record("tutorial/arange_int64", torch.arange(3)),
        record("tutorial/grad_equals", x.grad == 4.5),
        record("tutorial/detach", z.detach()),
        record("tutorial/randn_2x3", torch.randn(2, 3)),
        record("tutorial/randn_3d", torch.randn(2, 3, 4)),
        record("tutorial/sum_backward", (w * w).sum()),
        record("tutorial/pow_backward", w**2),
    ]
    return cases


def handpicked_cases() -> list[dict]:
    """Each rule of PyTorch's formatter, one edge at a time."""
    t = torch.tensor
    nan, inf = math.nan, math.inf
    leaf = t([1.5, -2.25, 3.0], requires_grad=True)
    tensors = {
        # empty tensors: size= unless 1-d, dtype= for everything but the default float dtype
        "empty/1d": torch.zeros(0),
        "empty/0x3": torch.zeros(0, 3),
        "empty/2x0_float64": torch.zeros(2, 0, dtype=torch.float64),
        "empty/0x3_int64": torch.zeros(0, 3, dtype=torch.int64),
        "empty/1d_int64": torch.zeros(0, dtype=torch.int64),
        "empty/1d_bool": torch.zeros(0, dtype=torch.bool),
        "empty/3d": torch.zeros(2, 0, 4),
        "empty/requires_grad": torch.zeros(0, requires_grad=True),
        "empty/2x0_float64_requires_grad": torch.zeros(2, 0, dtype=torch.float64, requires_grad=True),
        # 0-d
        "scalar/float": t(27.0),
        "scalar/fraction": t(-3.25),
        "scalar/float64": t(1.5, dtype=torch.float64),
        "scalar/float16": t(0.1, dtype=torch.float16),
        "scalar/int64": t(7),
        "scalar/int32": t(-7, dtype=torch.int32),
        "scalar/uint8": t(255, dtype=torch.uint8),
        "scalar/false": t(False),
        "scalar/tiny": t(1e-5),
        "scalar/huge": t(123456789.0),
        "scalar/nan": t(nan),
        "scalar/-inf": t(-inf),
        "scalar/-0": t(-0.0),
        "scalar/requires_grad": t(2.0, requires_grad=True),
        # integer-valued floats and the scientific-notation thresholds
        "int_mode/ratio_1000": t([1.0, 1000.0]),
        "int_mode/ratio_1001": t([1.0, 1001.0]),
        "int_mode/1e8": t([1e8, 1e6]),
        "int_mode/above_1e8": t([100000001.0, 1e6], dtype=torch.float64),
        "int_mode/negative": t([-5.0, 3.0]),
        "int_mode/zeros_signed": t([0.0, -0.0]),
        "int_mode/big_ints": t([10000000.0]),
        "fixed/ratio_1000": t([0.5, 500.0]),
        "fixed/ratio_above_1000": t([0.5, 500.5]),
        "fixed/min_1e-4_float64": t([1e-4, 0.1], dtype=torch.float64),
        "fixed/min_1e-4_float32": t([1e-4, 0.1]),
        "fixed/below_1e-4": t([0.00009, 1.0]),
        "fixed/negative_alignment": t([-5.5, 3.0, 12.25, -0.125]),
        "fixed/negative_zero": t([-0.0, 1.5]),
        "fixed/wide": t([12345.5]),
        "fixed/float32_rounding": t(123456.7),
        "sci/negative": t([-5.5, 1e-5]),
        "sci/2d": t([[1e-3, 1.0], [5.0, -7.0]]),
        "sci/rounds_to_1e8": t([99999999.0, 1.5]),
        # nan and inf do not widen columns
        "special/nan_int_mode": t([nan, 1.0]),
        "special/-inf_int_mode": t([-inf, 1.0]),
        "special/nan_fixed": t([nan, 1.5]),
        "special/inf_sci": t([inf, 1e-5]),
        "special/all_special": t([nan, inf, -inf, 0.0]),
        "special/sci_with_all": t([-1e10, nan, inf]),
        "special/only_nan": t([nan]),
        "special/2d": t([[nan, -inf], [0.25, 3.0]]),
        "special/float16_overflow": t([70000.0, 1.0]).half(),
        # dtypes
        "dtype/float16": t([0.1, 0.2, 1.0], dtype=torch.float16),
        "dtype/float64": t([0.1, 0.2, 1.0], dtype=torch.float64),
        "dtype/int32": t([1, 2, -30], dtype=torch.int32),
        "dtype/int16": t([[1, 2], [-300, 4]], dtype=torch.int16),
        "dtype/int8": t([-128, 127], dtype=torch.int8),
        "dtype/uint8": t([0, 255, 7], dtype=torch.uint8),
        "dtype/int64_negative": t([[-1, 10], [100, -1000]]),
        "dtype/bool_mixed": t([True, False]),
        "dtype/bool_2d": t([[True, False], [False, True]]),
        # grad suffixes
        "grad/leaf_requires_grad": leaf,
        "grad/mul": leaf * 1,
        "grad/neg": -leaf,
        "grad/view": leaf.view(3, 1),
        "grad/float64": leaf.double() * 2,
        # shapes
        "shape/1x1": t([[5.0]]),
        "shape/column": torch.arange(4.0).reshape(4, 1),
        "shape/3d": torch.arange(24.0).reshape(2, 3, 4) - 11.5,
        "shape/4d": torch.arange(16).reshape(2, 2, 2, 2),
        "shape/5d": torch.ones(1, 2, 1, 2, 1),
        # summarization at the default threshold
        "summary/arange_1001": torch.arange(1001),
        "summary/arange_1000": torch.arange(1000),
        "summary/2000_float": torch.arange(2000.0) / 7,
        "summary/20x100": torch.arange(2000).reshape(20, 100),
        "summary/2x10x100": torch.arange(2000.0).reshape(2, 10, 100),
        "summary/2x2x600_int": torch.arange(2400).reshape(2, 2, 600) * 9,
        "summary/hidden_middle_ignored": torch.zeros(2000).index_fill(0, t([1000]), 1e9),
        "summary/grad": (torch.arange(1200.0, requires_grad=True) * 1),
    }
    cases = [record(name, tensor) for name, tensor in tensors.items()]

    # line wrapping of elements and of suffixes around the 80-column limit
    for n in range(4, 14):
        cases.append(record(f"wrap/float64_{n}", torch.arange(n, dtype=torch.float64) * 1.5))
        cases.append(record(f"wrap/grad_{n}", torch.arange(n, dtype=torch.float32).requires_grad_() * 1.5))
    cases.append(record("wrap/2d_dtype", torch.ones(2, 9, dtype=torch.float64) * 1.5))
    leaf64 = torch.ones(2, 9, dtype=torch.float64, requires_grad=True)
    cases.append(record("wrap/2d_dtype_grad", leaf64 * 1.5))
    cases.append(record("wrap/int_long", torch.arange(40) * 1000))

    optioned = [
        ("precision_2", {"precision": 2}, t([1.23456, -2.5, 3.0])),
        ("precision_0", {"precision": 0}, t([1.5, 2.25])),
        ("precision_0_sci", {"precision": 0}, t([1e-5, 1.0])),
        ("precision_8", {"precision": 8}, t([1.5, 2.25])),
        ("precision_8_sci", {"precision": 8}, t([1e-5, 1.0])),
        ("precision_8_float16", {"precision": 8}, t([0.1, 0.2], dtype=torch.float16)),
        ("precision_10_float64", {"precision": 10}, t([math.pi, -math.e], dtype=torch.float64)),
        ("sci_true", {"sci_mode": True}, t([3.0, 1.0])),
        ("sci_true_fixed", {"sci_mode": True}, t([3.5, nan])),
        ("sci_true_zeros", {"sci_mode": True}, t([0.0, 0.0])),
        ("sci_true_scalar", {"sci_mode": True}, t(5.0)),
        ("sci_false_small", {"sci_mode": False}, t([1e-5, 1.0])),
        ("sci_false_big_int", {"sci_mode": False}, t([1e9, 1.0])),
        ("sci_false_huge", {"sci_mode": False}, t([1e20, 1.0])),
        ("sci_false_inf", {"sci_mode": False}, t([1e-5, -inf])),
        ("profile_short", {"profile": "short"}, torch.arange(100.0) / 3),
        ("profile_full", {"profile": "full"}, torch.arange(1100)),
        ("profile_full_precision", {"profile": "full", "precision": 6}, t([1 / 3, 2 / 3])),
        ("threshold_inf", {"threshold": math.inf}, torch.arange(1500).reshape(30, 50)),
        ("threshold_5", {"threshold": 5}, torch.arange(10.0)),
        ("threshold_5_2d", {"threshold": 5}, torch.arange(64.0).reshape(8, 8)),
        ("edgeitems_1", {"edgeitems": 1, "threshold": 3}, torch.arange(24).reshape(2, 3, 4)),
        ("edgeitems_1_2d", {"edgeitems": 1, "threshold": 3}, torch.arange(6).reshape(2, 3)),
        ("edgeitems_5", {"edgeitems": 5, "threshold": 10}, torch.arange(30.0)),
        ("edgeitems_0_summarized", {"edgeitems": 0}, torch.arange(2000)),
        ("edgeitems_0_summarized_2d", {"edgeitems": 0}, torch.arange(2000).reshape(20, 100)),
        ("edgeitems_0_small", {"edgeitems": 0}, torch.arange(3.0)),
        ("edgeitems_0_scalar", {"edgeitems": 0}, t(3.0)),
        ("edgeitems_0_empty", {"edgeitems": 0}, torch.zeros(0, 2)),
        ("edgeitems_0_grad", {"edgeitems": 0}, torch.ones(2, 2, dtype=torch.float64, requires_grad=True)),
        ("edgeitems_0_threshold_0", {"edgeitems": 0, "threshold": 0}, torch.arange(3.0)),
        ("threshold_0_scalar", {"edgeitems": 1, "threshold": 0}, t(3.0)),
        ("linewidth_10", {"edgeitems": 2, "threshold": 2, "linewidth": 10}, torch.arange(5.0)),
        ("linewidth_10_grad", {"linewidth": 10}, torch.ones(3, 2, dtype=torch.float64, requires_grad=True)),
        ("linewidth_0", {"linewidth": 0}, torch.arange(3.0)),
        ("linewidth_negative", {"linewidth": -5}, torch.arange(3.0)),
        ("linewidth_120", {"linewidth": 120}, torch.arange(30.0) / 7),
        ("linewidth_40_int", {"linewidth": 40}, torch.arange(30).reshape(3, 10) * 37),
    ]
    cases += [record(f"options/{name}", tensor, options) for name, options, tensor in optioned]
    return cases


def random_array(rng: np.random.Generator) -> np.ndarray:
    """Seeded arrays that vary shape, dtype, magnitude, sign and special values together."""
    ndim = int(rng.choice([0, 1, 1, 2, 2, 3, 4]))
    large = rng.random() < 0.08
    shape = tuple(int(rng.integers(1, 30 if large else 6)) for _ in range(ndim))
    while math.prod(shape) > 3000:  # keeps the golden file small; summarization starts at 1000 anyway
        shape = shape[1:]
    if large and ndim == 1:
        shape = (int(rng.integers(900, 2500)),)
    n = math.prod(shape)
    kinds = ["normal", "int", "negint", "mixed", "tiny", "huge", "edges", "round", "zeros", "special"]
    kind = rng.choice(kinds)
    scale = 10.0 ** rng.integers(-10, 12)
    if kind == "normal":
        a = rng.standard_normal(n) * scale
    elif kind == "int":
        a = rng.integers(-1000, 1000, n).astype(float)
    elif kind == "negint":
        a = -rng.integers(0, 10 ** int(rng.integers(1, 11)), n).astype(float)
    elif kind == "mixed":
        a = rng.standard_normal(n) * 10.0 ** rng.integers(-6, 10, n)
    elif kind == "tiny":
        a = rng.standard_normal(n) * 1e-5
    elif kind == "huge":
        a = rng.standard_normal(n) * 1e9
    elif kind == "edges":
        a = rng.choice([1.0, 10.0, 999.0, 1000.0, 1001.0, 1e8, 1e8 + 8, 1e-4, 0.5, 0.0001001, 99999.5], n)
    elif kind == "round":
        a = np.round(rng.standard_normal(n) * 10 ** rng.integers(0, 4), int(rng.integers(0, 5)))
    elif kind == "zeros":
        a = rng.choice([0.0, -0.0, 1.0], n)
    else:
        a = rng.standard_normal(n) * scale
        mask = rng.random(n) < 0.3
        a[mask] = rng.choice([np.nan, np.inf, -np.inf, 0.0, -0.0], int(mask.sum()))
    dtype = np.dtype(str(rng.choice(DTYPES)))
    with np.errstate(all="ignore"):
        if dtype.kind == "b":
            arr = a > 0
        elif dtype.kind in "iu":
            info = np.iinfo(dtype)
            a = np.nan_to_num(a, nan=0, posinf=info.max, neginf=info.min)
            arr = np.clip(a, info.min, info.max).astype(dtype)
        else:
            arr = a.astype(dtype)
    return arr.reshape(shape)


def random_options(rng: np.random.Generator) -> dict:
    choices = {
        "precision": [0, 1, 2, 3, 6, 8],
        "threshold": [0, 1, 5, 10, 50, 100, 1000, math.inf],
        "edgeitems": [0, 1, 2, 3, 4],
        "linewidth": [0, 10, 20, 40, 60, 79, 81, 120],
        "profile": ["short", "full", "default"],
        "sci_mode": [True, False],
    }
    if rng.random() < 0.6:
        return {}
    return {k: v[int(rng.integers(len(v)))] for k, v in choices.items() if rng.random() < 0.35}


def random_cases(count: int) -> list[dict]:
    rng = np.random.default_rng(SEED)
    cases = []
    for i in range(count):
        arr = random_array(rng)
        options = random_options(rng)
        tensor = torch.from_numpy(arr.copy())
        if arr.dtype.kind == "f" and rng.random() < 0.3:
            tensor = tensor.requires_grad_()
            if rng.random() < 0.5:
                tensor = tensor.clone()
        label = f"{arr.dtype.name}_{'x'.join(map(str, arr.shape)) or 'scalar'}"
        cases.append(record(f"random/{i:03d}_{label}", tensor, options))
    return cases


def main() -> None:
    torch.set_printoptions(profile="default")
    cases = tutorial_cases() + handpicked_cases() + random_cases(300)
    ids = [c["case"] for c in cases]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    # one case per line keeps the file compact and its diffs readable
    lines = ",\n".join(json.dumps(case, allow_nan=False) for case in cases)
    OUT.write_text("[\n" + lines + "\n]\n")
    print(f"wrote {len(cases)} cases to {OUT} with torch {torch.__version__}")


if __name__ == "__main__":
    main()
