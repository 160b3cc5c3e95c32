"""The faster paths of issue 12 give, bit for bit, what the general code gives, and PyTorch's values and errors.

* In-place ops that nothing records (``p -= lr * p.grad`` under no_grad, ``grad.zero_()``) write straight into
  the tensor's memory (``_write_unrecorded`` in ``_tensor_methods.py``). The general path computes a new
  result and copies it in; both must give the same values, dtypes, versions and errors, and an op that fails
  must leave the tensor as it was.
* relu and its backward keep or zero elements through the floats' bit patterns (``_kept_or_zero`` in
  ``ops/arithmetic.py``): -0. and nan must come out as PyTorch's do.
* Arithmetic with a Python number hands numpy the number as a cached 0-d array (``as_operand`` in
  ``ops/arithmetic.py``): every result and gradient must be the bits numpy gives with the number itself.

The expected values and messages below were recorded from PyTorch 2.13; the parametrized in-place cases are
also run against PyTorch when it is importable.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd_nb as torch
from autograd_nb import _tensor_methods

CAST_LONG = "result type Float can't be cast to the desired output type Long"


def _general_path(monkeypatch) -> None:
    monkeypatch.setattr(_tensor_methods, "_write_unrecorded", lambda *args: False)


# (description, tensor to write, in-place op): every op of the fast path, dtypes that promote, cast or refuse
CASES = {
    "float32 -= float32": (lambda t: t.tensor([[1.5, -2.0], [0.25, 3.0]]),
                           lambda x, t: x.sub_(t.tensor([[0.5, 1.0], [2.0, -1.0]]))),
    "float32 += row": (lambda t: t.zeros(2, 3), lambda x, t: x.add_(t.tensor([1.0, 2.0, 3.0]))),
    "float32 += column": (lambda t: t.zeros(2, 3), lambda x, t: x.add_(t.tensor([[1.0], [2.0]]))),
    "float32 -= number, alpha": (lambda t: t.tensor([1.0, 2.0]), lambda x, t: x.sub_(3, alpha=2)),
    "float32 += tensor, alpha": (lambda t: t.tensor([1.0, 2.0]), lambda x, t: x.add_(t.tensor([4.0, 8.0]), alpha=0.5)),
    "float32 *= 0.1": (lambda t: t.tensor([1.0, 3.0, -7.0]), lambda x, t: x.mul_(0.1)),
    "float32 /= 3": (lambda t: t.tensor([1.0, -2.0, 0.0]), lambda x, t: x.div_(3)),
    "float32 /= 0": (lambda t: t.tensor([1.0, -2.0, 0.0]), lambda x, t: x.div_(0)),
    "float32 += float64": (lambda t: t.tensor([1.1, 2.3]), lambda x, t: x.add_(t.tensor([1e-9, 3.3], dtype=t.float64))),
    "float32 += float64 0-d": (lambda t: t.tensor([1.0]),
                               lambda x, t: x.add_(t.tensor(2.0**-24 + 2.0**-50, dtype=t.float64))),
    "float16 *= float32": (lambda t: t.tensor([1.1, 2.3], dtype=t.float16), lambda x, t: x.mul_(t.tensor([1.7, 3.3]))),
    "float64 -= int": (lambda t: t.tensor([1.0, 2.0], dtype=t.float64), lambda x, t: x.sub_(t.tensor([1, 5]))),
    "int64 *= 2": (lambda t: t.tensor([1, 2]), lambda x, t: x.mul_(2)),
    "int64 -= 0.5": (lambda t: t.tensor([1, 2]), lambda x, t: x.sub_(0.5)),
    "int64 /= 2": (lambda t: t.tensor([1, 2]), lambda x, t: x.div_(2)),
    "int64 += float tensor": (lambda t: t.tensor([1, 2]), lambda x, t: x.add_(t.tensor([1.0, 1.0]))),
    "uint8 -= 3": (lambda t: t.tensor([1, 2], dtype=t.uint8), lambda x, t: x.sub_(3)),
    "bool += True": (lambda t: t.tensor([True, False]), lambda x, t: x.add_(True)),
    "bool += 1": (lambda t: t.tensor([True, False]), lambda x, t: x.add_(1)),
    "grows": (lambda t: t.zeros(3), lambda x, t: x.add_(t.ones(2, 3))),
    "does not broadcast": (lambda t: t.zeros(3), lambda x, t: x.add_(t.ones(2))),
    "x -= x": (lambda t: t.tensor([1.0, 2.0]), lambda x, t: x.sub_(x)),
    "overlapping views": (lambda t: t.arange(4.0), lambda x, t: x[1:].sub_(x[:-1])),
    "zero_ float": (lambda t: t.tensor([-0.0, 1.5]), lambda x, t: x.zero_()),
    "zero_ int": (lambda t: t.tensor([3, -4]), lambda x, t: x.zero_()),
    "zero_ bool": (lambda t: t.tensor([True, True]), lambda x, t: x.zero_()),
    "leaf requiring grad": (lambda t: t.tensor([1.0, 2.0], requires_grad=True), lambda x, t: x.sub_(1)),
}


def _outcome(lib, case: str, no_grad: bool = False):
    """What the op gives: (dtype, shape, values bit for bit, version increase), or (error type, message)
    with the tensor's values and version afterwards (which must be as before)."""
    make, op = CASES[case]
    x = make(lib)
    before, version = x.detach().numpy().copy(), x._version
    try:
        if no_grad:
            with lib.no_grad():
                op(x, lib)
        else:
            op(x, lib)
    except Exception as error:  # noqa: BLE001  (the error itself is the outcome compared)
        unchanged = x.detach().numpy().tobytes() == before.tobytes() and x._version == version
        return type(error).__name__, str(error), unchanged
    values = x.detach().numpy()
    return str(x.dtype), values.shape, values.tobytes(), x._version - version


@pytest.mark.parametrize("case", CASES)
def test_unrecorded_in_place_matches_the_general_path(case: str, monkeypatch) -> None:
    fast = _outcome(torch, case)
    _general_path(monkeypatch)
    assert fast == _outcome(torch, case)


@pytest.mark.parametrize("case", CASES)
def test_unrecorded_in_place_matches_pytorch(case: str) -> None:
    real_torch = pytest.importorskip("torch")
    assert _outcome(torch, case) == _outcome(real_torch, case)


def test_values_dtypes_and_versions() -> None:
    x = torch.tensor([[1.5, -2.0], [0.25, 3.0]])
    x -= torch.tensor([0.5, 1.0])
    assert x.tolist() == [[1.0, -3.0], [-0.25, 2.0]] and x.dtype == torch.float32 and x._version == 1
    x *= 2
    x /= 4
    assert x.tolist() == [[0.5, -1.5], [-0.125, 1.0]] and x._version == 3
    # a 0-d float64 tensor does not promote a float32 one: the sum is rounded in float32 (1 + 2**-24 ties to 1)
    y = torch.tensor([1.0])
    y += torch.tensor(2.0**-24 + 2.0**-50, dtype=torch.float64)
    assert y.tolist() == [1.0] and y.dtype == torch.float32
    z = torch.tensor([-0.0, 1.5])
    z.zero_()
    assert not np.signbit(z.numpy()).any() and z._version == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("int64 -= 0.5", CAST_LONG),
        ("int64 /= 2", CAST_LONG),
        ("bool += 1", "result type Long can't be cast to the desired output type Bool"),
        ("grows", "output with shape [3] doesn't match the broadcast shape [2, 3]"),
        ("leaf requiring grad", "a leaf Variable that requires grad is being used in an in-place operation."),
    ],
)
def test_errors_leave_the_tensor_as_it_was(case: str, message: str) -> None:
    assert _outcome(torch, case) == ("RuntimeError", message, True)


def test_parameter_update_under_no_grad() -> None:
    w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    (w * w).sum().backward()
    with torch.no_grad():
        w -= 0.25 * w.grad
    assert w.tolist() == [[0.5, 1.0], [1.5, 2.0]] and w._version == 1
    assert w.requires_grad and w.grad_fn is None and w.is_leaf
    w.grad.zero_()
    assert w.grad.tolist() == [[0.0, 0.0], [0.0, 0.0]] and w.grad._version == 1


def test_views_see_the_write_and_are_rederived() -> None:
    w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    row = w[0]
    with torch.no_grad():
        w -= 1
    assert row.tolist() == [0.0, 1.0] and row._version == w._version == 1
    assert row.grad_fn.name() == "AsStridedBackward0"  # as PyTorch: the view's history goes through its base now
    row.sum().backward()
    assert w.grad.tolist() == [[1.0, 1.0], [0.0, 0.0]]


def test_a_saved_tensor_changed_without_record_is_detected_in_backward() -> None:
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0])
    y = (a * b).sum()
    with torch.no_grad():
        b *= 2
    with pytest.raises(RuntimeError, match=r"modified by an inplace operation: \[torch.FloatTensor \[2\]\] is at "
                                           r"version 1; expected version 0 instead"):  # fmt: skip
        y.backward()


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_relu_and_its_backward_keep_signed_zeros_and_nans_as_pytorch(dtype: str) -> None:
    nan, inf = float("nan"), float("inf")
    x = torch.tensor([-0.0, 0.0, nan, -1.0, 2.0, -inf, inf, -2.0], dtype=getattr(torch, dtype), requires_grad=True)
    y = x.relu()
    y.backward(torch.tensor([-1.0, nan, -0.0, -3.0, -0.0, inf, -2.0, nan], dtype=x.dtype))
    out, grad = y.detach().numpy(), x.grad.numpy()
    assert out.dtype == grad.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(out, [0.0, 0.0, nan, 0.0, 2.0, 0.0, inf, 0.0])
    assert np.signbit(out).tolist() == [True, False, False, False, False, False, False, False]
    assert grad.tolist() == [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -2.0, 0.0]  # nan's output passes its gradient on
    assert np.signbit(grad).tolist() == [False, False, True, False, True, False, True, False]


def test_relu_of_a_strided_view_of_a_0_d_tensor_and_of_integers() -> None:
    x = torch.arange(12.0).reshape(3, 4)[:, ::2] - 5
    assert x.relu().tolist() == [[0.0, 0.0], [0.0, 1.0], [3.0, 5.0]]
    assert torch.tensor([-3, 2], dtype=torch.int8).relu().tolist() == [0, 2]
    scalar = torch.tensor(-0.0, requires_grad=True)
    y = scalar.relu()
    assert y.shape == () and y.item() == 0.0 and np.signbit(y.item())
    y.backward(torch.tensor(-2.0))
    assert scalar.grad.shape == () and scalar.grad.item() == 0.0 and not np.signbit(scalar.grad.item())


NUMBERS = [0.1, 3, True, -0.0, 0.0, float("nan"), float("inf"), -2.5e-45, 1e300, 2**70]


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])  # (integer tensors promote first)
def test_arithmetic_with_a_number_gives_numpys_bits(dtype: str) -> None:
    with np.errstate(all="ignore"):  # 3e38 overflows float16, as it should
        data = np.array([1.5, -2.0, 0.0, -0.0, 3e38, np.nan, 1e-40], dtype=np.float64).astype(dtype)
    for number in NUMBERS + NUMBERS:  # twice: the second time the converted number comes from the cache
        x = torch.tensor(data)
        with np.errstate(all="ignore"):
            expected = {"*": data * number, "+": data + number, "-": data - number, "r-": number - data}
            expected["/"] = data / number
        got = {"*": x * number, "+": x + number, "/": x / number}
        if number is not True:  # PyTorch refuses to subtract a bool (tests/test_edges.py)
            got.update({"-": x - number, "r-": number - x})
        for op, value in got.items():
            assert value.numpy().tobytes() == expected[op].astype(value.numpy().dtype).tobytes(), (op, number)


def test_gradients_with_a_number_keep_the_sign_of_zero() -> None:
    for number in (-0.0, 0.0, -0.5, 0.5):
        x = torch.tensor([1.0, -2.0], requires_grad=True)
        ((x * number).sum() + (x / 4).sum()).backward()
        expected = np.float32(number) * np.ones(2, np.float32) + np.float32(0.25)
        assert x.grad.numpy().tobytes() == expected.tobytes()
        x.grad = None
        (x * number).sum().backward()
        assert x.grad.numpy().tobytes() == (np.ones(2, np.float32) * number).tobytes()  # -0. stays -0.


def test_nodes_and_tensors_keep_pythons_fast_attribute_reads() -> None:
    # A class with __getattr__ or its own __getattribute__ loses CPython 3.11's specialised attribute reads:
    # a __getattr__ on the nodes once cost 7% per op (benchmarks/README.md). PyTorch's _saved_<name> fields are
    # properties of each op's node class instead.
    from autograd_nb.autograd.function import Op
    from autograd_nb.autograd.graph import AccumulateGrad

    def subclasses(cls: type) -> list:
        return [cls] + [s for sub in cls.__subclasses__() for s in subclasses(sub)]

    classes = [op._node_cls for op in subclasses(Op) if "_node_cls" in vars(op)] + [AccumulateGrad, torch.Tensor]
    assert len(classes) > 100
    for cls in classes:
        for base in cls.__mro__[:-1]:
            assert "__getattr__" not in vars(base) and "__getattribute__" not in vars(base), f"{base.__name__}"
    assert (torch.tensor([1.0], requires_grad=True) * 2).grad_fn._saved_other.item() == 2
