"""Views share memory and the version counter with their base; in-place ops through them rewrite history.

The expected gradients are worked out by hand from the formulas in each test; ``tests/golden/edges.json``
holds the same situations recorded from PyTorch (values, graphs and error messages).
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd_nb as torch

LEAF_VIEW = "a view of a leaf Variable that requires grad is being used in an in-place operation."

VIEW_OPS = {
    "view": lambda t: t.view(6),
    "reshape": lambda t: t.reshape(3, 2),
    "transpose": lambda t: t.transpose(0, 1),
    "t": lambda t: t.t(),
    "T": lambda t: t.T,
    "permute": lambda t: t.permute(1, 0),
    "unsqueeze": lambda t: t.unsqueeze(1),
    "squeeze": lambda t: t.unsqueeze(0).squeeze(0),
    "expand": lambda t: t.expand(2, 3),
    "narrow": lambda t: t.narrow(1, 1, 2),
    "select": lambda t: t.select(0, 1),
    "index_int": lambda t: t[1],
    "index_element": lambda t: t[1, 2],
    "index_slice": lambda t: t[:, ::2],
    "index_none": lambda t: t[None, 0],
    "index_ellipsis": lambda t: t[...],
    "flatten": lambda t: t.flatten(),
    "view_as": lambda t: t.view_as(torch.zeros(3, 2)),
}


@pytest.mark.parametrize("name", VIEW_OPS)
def test_view_ops_share_memory_base_and_version(name: str) -> None:
    base = torch.arange(6.0).reshape(2, 3).clone()
    view = VIEW_OPS[name](base)
    assert view._is_view() and view._base is base and not base._is_view()
    assert np.shares_memory(view._data, base._data)
    assert view._base is VIEW_OPS[name](base)._base  # a view of a view has the same base
    base.add_(1)
    assert view._version == base._version == 1
    np.testing.assert_array_equal(VIEW_OPS[name](torch.arange(6.0).reshape(2, 3) + 1)._data, view._data)


def test_view_of_view_points_to_the_first_base() -> None:
    base = torch.zeros(2, 3)
    assert base.t()[0]._base is base


def test_copies_are_not_views() -> None:
    x = torch.arange(6.0).reshape(2, 3)
    for copy in (x.clone(), x.t().reshape(6), x * 1, x.detach(), x.contiguous()):
        assert not copy._is_view() or copy is x
    assert x.detach()._version is x._version  # detach shares the version counter, as in PyTorch


def test_in_place_on_base_is_seen_through_view() -> None:
    # y = cos x, v views y, then y -= x: v now reads cos x - x, so d(sum v)/dx = -sin x - 1
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.cos()
    v = y.view(2)
    y -= x
    assert v.grad_fn.name() == "AsStridedBackward0"
    assert v.grad_fn.next_functions[0][0] is y.grad_fn
    v.sum().backward()
    np.testing.assert_allclose(x.grad._data, -np.sin([1.0, 2.0]) - 1, rtol=1e-6)


def test_in_place_on_view_rebases_the_base() -> None:
    # b = 3x, b[0] *= w: b = [3 x0 w, 3 x1, 3 x2]
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = torch.tensor(5.0, requires_grad=True)
    b = x * 3
    row = b[0]
    row.mul_(w)
    assert repr(b) == "tensor([15.,  6.,  9.], grad_fn=<CopySlices>)"
    assert b.grad_fn.name() == "torch::autograd::CopySlices"
    assert [type(n).__name__ for n, _ in b.grad_fn.next_functions] == ["MulBackward0", "AccumulateGrad"]
    assert repr(row) == "tensor(15., grad_fn=<AsStridedBackward0>)"
    assert row._version == b._version == 1
    (b * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
    np.testing.assert_allclose(x.grad._data, [15.0, 30.0, 300.0])
    np.testing.assert_allclose(w.grad._data, 3.0)


def test_in_place_on_view_of_constant_base_makes_base_require_grad() -> None:
    z = torch.zeros(2, 3)
    x = torch.ones(3, 2, requires_grad=True)
    zt = z.t()
    zt.add_(x * 2)
    assert z.requires_grad and z.grad_fn.name() == "torch::autograd::CopySlices"
    assert z.grad_fn.next_functions[0] == (None, 0)
    (z * torch.arange(6.0).reshape(2, 3)).sum().backward()
    np.testing.assert_allclose(x.grad._data, 2 * np.arange(6.0).reshape(2, 3).T)


def test_other_views_of_the_base_see_the_new_history() -> None:
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = x * 1
    first, rest = b[0], b[1:]
    rest.mul_(x[1:].detach() * 0 + 4)  # b = [x0, 4 x1, 4 x2]
    assert first.grad_fn.name() == rest.grad_fn.name() == "AsStridedBackward0"
    (first + rest.sum()).backward()
    np.testing.assert_allclose(x.grad._data, [1.0, 4.0, 4.0])


def test_in_place_through_a_view_of_a_saved_tensor_is_detected() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()  # exp saves its output
    y[0].mul_(2)
    with pytest.raises(RuntimeError, match=r"output 0 of Exp, is at version 1; expected version 0"):
        y.sum().backward()


@pytest.mark.parametrize("write", [
    lambda x: x[0].mul_(2),
    lambda x: x.view(2).add_(1),
    lambda x: x.t().zero_(),
    lambda x: x.__setitem__(0, 1.0),
])  # fmt: skip
def test_in_place_on_a_view_of_a_leaf_is_refused(write) -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=LEAF_VIEW):
        write(x)
    np.testing.assert_array_equal(x._data, [1.0, 2.0])  # nothing half-written
    assert x._version == 0
    with torch.no_grad():
        x[0].mul_(3)  # allowed without recording, as in PyTorch
    np.testing.assert_array_equal(x._data, [3.0, 2.0])


def test_setitem_is_copy_slices_with_the_value_edge() -> None:
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    v = torch.tensor(7.0, requires_grad=True)
    b = x * 1
    b[1] = v
    assert [type(n).__name__ for n, _ in b.grad_fn.next_functions] == ["MulBackward0", "AccumulateGrad"]
    (b * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    np.testing.assert_array_equal(x.grad._data, [1.0, 0.0, 3.0])
    assert v.grad.item() == 2.0


def test_expanded_view_refuses_in_place_writes_but_same_shape_expand_allows_them() -> None:
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor refers to a single"):
        torch.zeros(1).expand(3).add_(1)
    x = torch.zeros(2)
    x.expand_as(x).add_(1)
    np.testing.assert_array_equal(x._data, [1.0, 1.0])


def test_expanded_view_rederived_after_base_change_sums_repeated_gradients() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    b = x * 1
    e = b.expand(3, 2)
    b.mul_(2)
    assert e.grad_fn.name() == "AsStridedBackward0"
    e.sum().backward()
    np.testing.assert_array_equal(x.grad._data, [6.0, 6.0])


def test_copy_slices_double_backward() -> None:
    # b = [x0^2 * x1, x1]: d/dx of sum(b) = [2 x0 x1, x0^2 + 1]; the Hessian of sum(b) is [[2 x1, 2 x0], [2 x0, 0]]
    x = torch.tensor([3.0, 2.0], requires_grad=True)
    b = x * 1
    b[0].mul_(x[0] * x[1])
    (g,) = torch.autograd.grad(b.sum(), x, create_graph=True)
    np.testing.assert_allclose(g._data, [12.0, 10.0])
    (h0,) = torch.autograd.grad(g[0], x)
    np.testing.assert_allclose(h0._data, [4.0, 6.0])


def test_graph_of_view_in_place_is_freed_after_backward() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    b = x + 1
    b[0].mul_(x[1])
    b.sum().backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        b.sum().backward()


def test_non_contiguous_base_views_find_their_elements() -> None:
    # a base whose own memory is transposed (an op output keeping its input's layout)
    data = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    x = torch.tensor(data, requires_grad=True)
    b = x * 1
    b._data = np.asfortranarray(b._data)
    row = b[1]
    row.mul_(10)
    (b * torch.arange(6.0).reshape(2, 3)).sum().backward()
    np.testing.assert_array_equal(x.grad._data, np.arange(6.0).reshape(2, 3) * [[1], [10]])


@pytest.mark.parametrize("code, refused", [
    ("h[0:2].add_(h[1:3])", True),  # the rows overlap, shifted: reading one while writing the other
    ("h.add_(h.t())", True),  # the same memory in another layout
    ("h[:, 0].add_(h[:, 1])", False),  # columns: PyTorch does not look further into memory with gaps
    ("h.add_(h)", False),  # exactly the same memory
    ("h[0].copy_(h[1])", False),  # disjoint
])  # fmt: skip
def test_partially_overlapping_operands_are_refused(code: str, refused: bool) -> None:
    h = torch.ones(3, 3) * 1
    if refused:
        with pytest.raises(RuntimeError, match="some elements of the input tensor and the written-to tensor"):
            exec(code, {"h": h})
        assert h._version == 0
    else:
        exec(code, {"h": h})
        assert h._version == 1


# -- views made under no_grad() or by a multi-output op (PyTorch's CreationMeta) ----------------------------------

NO_GRAD_VIEW = (
    "A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use "
    "case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the "
    "inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if "
    "you want the inplace to be tracked)."
)
MULTI_OUTPUT = (
    "This view is the output of a function that returns multiple views. Such functions do not allow the output "
    "views to be modified inplace. You should replace the inplace operation by an out-of-place one."
)
# (setup, the in-place statement, PyTorch 2.13's message); the setup leaves the view in v and its base in x
MADE_AS_CASES = {
    "no_grad view": ("x = torch.ones(3, requires_grad=True).clone()\nwith torch.no_grad():\n    v = x[:2]",
                     "v.mul_(2)", NO_GRAD_VIEW),
    "no_grad view, fill": ("x = torch.ones(3, requires_grad=True).clone()\nwith torch.no_grad():\n    v = x[:2]",
                           "v.zero_()", NO_GRAD_VIEW),
    "no_grad view, set_grad_enabled": (
        "x = torch.ones(3, requires_grad=True).clone()\nwith torch.set_grad_enabled(False):\n    v = x.view(3)",
        "v += 1", NO_GRAD_VIEW),
    "no_grad view of a leaf": ("x = torch.ones(3, requires_grad=True)\nwith torch.no_grad():\n    v = x[:2]",
                               "v.add_(1)", NO_GRAD_VIEW),  # before the leaf-view error, as in PyTorch
    "no_grad view, constant base, operand requires grad": (
        "x = torch.ones(3)\nwith torch.no_grad():\n    v = x[:2]", "v.mul_(torch.ones(2, requires_grad=True))",
        NO_GRAD_VIEW),
    "split piece made under no_grad": ("x = torch.ones(4, requires_grad=True).clone()\nwith torch.no_grad():\n"
                                       "    v = x.split(2)[0]", "v.mul_(2)", NO_GRAD_VIEW),
    "split piece": ("x = torch.ones(4, requires_grad=True).clone()\nv = x.split(2)[0]", "v.mul_(2)",
                    "Output 0 of Split is a view and is being modified inplace. " + MULTI_OUTPUT),
    "view of an unbind piece": ("x = torch.ones(2, 2, requires_grad=True).clone()\nv = x.unbind(1)[1]", "v[0].mul_(2)",
                                "Output 0 of Select is a view and is being modified inplace. " + MULTI_OUTPUT),
    "split piece, constant base, operand requires grad": (
        "x = torch.ones(4)\nv = x.split(2)[0]", "v.mul_(torch.ones(2, requires_grad=True))",
        "A view was created in no_grad mode and is being modified inplace with grad mode enabled. " + MULTI_OUTPUT),
}  # fmt: skip


@pytest.mark.parametrize("name", MADE_AS_CASES)
def test_in_place_on_a_view_made_under_no_grad_or_by_a_multi_output_op_is_refused(name: str) -> None:
    setup, write, message = MADE_AS_CASES[name]
    namespace: dict = {"torch": torch}
    exec(setup, namespace)
    x, v = namespace["x"], namespace["v"]
    before = x._data.copy()
    with pytest.raises(RuntimeError) as raised:
        exec(write, namespace)
    assert str(raised.value) == message
    np.testing.assert_array_equal(x._data, before)  # nothing half-written
    assert x._version == v._version == 0


@pytest.mark.parametrize("name", MADE_AS_CASES)
def test_views_made_under_no_grad_refuse_as_pytorch_does(name: str) -> None:
    real_torch = pytest.importorskip("torch")
    setup, write, _ = MADE_AS_CASES[name]
    raised = []
    for library in (real_torch, torch):
        namespace: dict = {"torch": library}
        exec(setup, namespace)
        with pytest.raises(Exception) as error:
            exec(write, namespace)
        raised.append((type(error.value).__name__, str(error.value)))
    assert raised[0] == raised[1]


def test_views_made_under_no_grad_may_be_written_without_grad_mode_or_without_grad() -> None:
    x0 = torch.ones(3, requires_grad=True)
    x = x0 * 1
    with torch.no_grad():
        v = x[:2]
        v.mul_(2)  # both in no_grad: allowed, and not recorded
    assert x.grad_fn.name() == "MulBackward0"
    x.sum().backward()
    np.testing.assert_array_equal(x0.grad._data, [1.0, 1.0, 1.0])
    with torch.no_grad():
        c = torch.ones(3)[:2]
    c.mul_(2)  # nothing requires grad: nothing to refuse
    np.testing.assert_array_equal(c._data, [2.0, 2.0])
    y = torch.ones(3, requires_grad=True).clone()
    w = y[:2]  # made with grad mode on, written in no_grad: the usual view, re-derived afterwards
    with torch.no_grad():
        w.mul_(2)
    assert w.grad_fn.name() == "AsStridedBackward0"
