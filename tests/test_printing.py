"""The formatter must print exactly what PyTorch prints; golden strings come from real torch.

``tests/golden/printing.json`` is written by ``tests/golden/make_printing_golden.py``; these tests
need only numpy, so they keep guarding the output where torch is not installed.
"""

from __future__ import annotations

import base64
import json
import math
import zlib
from pathlib import Path

import numpy as np
import pytest

from autograd_nb import _dtype
from autograd_nb._printing import format_tensor, get_printoptions, set_printoptions

GOLDEN = json.loads((Path(__file__).parent / "golden" / "printing.json").read_text())


def decode_data(data: dict, dtype: _dtype.dtype) -> np.ndarray:
    """Rebuild the recorded array bit for bit (see the generator's docstring for the layout)."""
    if "zlib_base64" in data:
        raw = zlib.decompress(base64.b64decode(data["zlib_base64"]))
        flat = np.frombuffer(raw, dtype=dtype.np.newbyteorder("<")).astype(dtype.np)
    elif dtype.is_floating_point:
        # float.fromhex also reads "nan", "inf" and "-inf"; narrowing the exact double is exact
        flat = np.array([float.fromhex(v) for v in data["values"]], dtype=np.float64).astype(dtype.np)
    else:
        flat = np.array(data["values"], dtype=dtype.np)
    return flat.reshape(data["shape"])


def decode_options(options: dict) -> dict:
    return {k: (math.inf if v == "inf" else v) for k, v in options.items()}


@pytest.fixture(autouse=True)
def default_printoptions():
    set_printoptions(profile="default")
    yield
    set_printoptions(profile="default")


@pytest.mark.parametrize("case", GOLDEN, ids=[c["case"] for c in GOLDEN])
def test_matches_pytorch(case: dict) -> None:
    dtype = getattr(_dtype, case["dtype"])
    data = decode_data(case["data"], dtype)
    set_printoptions(**decode_options(case["options"]))
    text = format_tensor(data, dtype, requires_grad=case["requires_grad"], grad_fn_name=case["grad_fn"])
    assert text == case["expected"]


def test_golden_file_is_substantial() -> None:
    assert len(GOLDEN) >= 300
    assert len({c["case"] for c in GOLDEN}) == len(GOLDEN)


# Readable examples of what the tutorials show (each also appears in the golden file).


def fmt(values, dtype=_dtype.float32, **kwargs) -> str:
    return format_tensor(np.array(values, dtype=dtype.np), dtype, **kwargs)


def test_integer_valued_floats_with_grad_fn() -> None:
    text = fmt([[27, 27], [27, 27]], grad_fn_name="MulBackward0")
    assert text == "tensor([[27., 27.],\n        [27., 27.]], grad_fn=<MulBackward0>)"


def test_scalar_with_grad_fn() -> None:
    assert fmt(27.0, grad_fn_name="MeanBackward0") == "tensor(27., grad_fn=<MeanBackward0>)"


def test_requires_grad_suffix() -> None:
    assert fmt([1.0, 2.0], requires_grad=True) == "tensor([1., 2.], requires_grad=True)"


def test_wide_range_switches_to_scientific_notation() -> None:
    assert fmt([51.2, 512.0, 0.0512]) == "tensor([5.1200e+01, 5.1200e+02, 5.1200e-02])"


def test_shared_width_aligns_negative_numbers() -> None:
    text = fmt([[0.0646, -46.3478], [5.6683, -0.8896]])
    assert text == "tensor([[  0.0646, -46.3478],\n        [  5.6683,  -0.8896]])"


def test_bool_and_int64_have_no_dtype_suffix() -> None:
    assert fmt(True, _dtype.bool) == "tensor(True)"
    assert fmt([True, True, True, True], _dtype.bool) == "tensor([True, True, True, True])"
    assert fmt([True, False], _dtype.bool) == "tensor([ True, False])"
    assert fmt([0, 1, 2], _dtype.int64) == "tensor([0, 1, 2])"


def test_other_dtypes_are_named() -> None:
    assert fmt([1, 2], _dtype.int32) == "tensor([1, 2], dtype=torch.int32)"
    assert fmt(1.5, _dtype.float64) == "tensor(1.5000, dtype=torch.float64)"
    assert fmt([0.1], _dtype.float16) == "tensor([0.1000], dtype=torch.float16)"


def test_empty_tensors() -> None:
    assert fmt(np.zeros(0)) == "tensor([])"
    assert fmt(np.zeros((0, 3))) == "tensor([], size=(0, 3))"
    assert fmt(np.zeros(0), _dtype.int64) == "tensor([], dtype=torch.int64)"


def test_nan_and_inf_do_not_widen_columns() -> None:
    assert fmt([math.nan, 1.0]) == "tensor([nan, 1.])"
    assert fmt([math.inf, 1e-5]) == "tensor([       inf, 1.0000e-05])"


def test_large_tensors_are_summarized() -> None:
    assert fmt(np.arange(2000), _dtype.int64) == "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])"


def test_printoptions_profiles_and_sci_mode_reset() -> None:
    set_printoptions(precision=2, sci_mode=True)
    assert get_printoptions() == {
        "precision": 2,
        "threshold": 1000,
        "edgeitems": 3,
        "linewidth": 80,
        "sci_mode": True,
    }
    assert fmt([1.0, 2.5]) == "tensor([1.00e+00, 2.50e+00])"
    set_printoptions(linewidth=100)  # like PyTorch, every call resets sci_mode
    assert get_printoptions()["sci_mode"] is None
    assert get_printoptions()["precision"] == 2
    set_printoptions(profile="short")
    assert get_printoptions() == {
        "precision": 2,
        "threshold": 1000,
        "edgeitems": 2,
        "linewidth": 80,
        "sci_mode": None,
    }
    set_printoptions(profile="full", precision=6)
    assert get_printoptions()["threshold"] == math.inf
    assert get_printoptions()["precision"] == 6
    set_printoptions(profile="no-such-profile")  # ignored, as in PyTorch
    assert get_printoptions()["precision"] == 6
    set_printoptions(profile="default")
    assert get_printoptions() == {
        "precision": 4,
        "threshold": 1000,
        "edgeitems": 3,
        "linewidth": 80,
        "sci_mode": None,
    }
