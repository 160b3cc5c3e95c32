"""The engine as learners use it: the tutorials' examples, creation, attributes, autograd API, misuse.

Expected numbers are the tutorials' (``/work/shared/seeds``) or derived by hand; where torch is
importable, the same code also runs against it (``torch_or_skip``). Per-op values, dtypes, graphs and
error messages are checked against PyTorch in ``test_ops_golden.py``; finite differences in
``test_gradcheck.py``.
"""

from __future__ import annotations

import gc
import warnings
import weakref
from typing import Any

import numpy as np
import pytest

import autograd_nb as torch
import autograd_nb.viz  # noqa: F401  (backward keeps the gradients on the nodes once viz is loaded)
from autograd_nb.autograd.functional import hessian, jacobian, vjp
from autograd_nb.autograd.graph import _FREED


@pytest.fixture
def real_torch() -> Any:
    return pytest.importorskip("torch")


def values(t: Any) -> np.ndarray:
    return np.asarray(t.detach().numpy())


# -- the tutorials' examples ---------------------------------------------------------------------------


def test_mean_of_squares_gives_4_5() -> None:
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    assert (y.grad_fn.name(), z.grad_fn.name(), out.grad_fn.name()) == ("AddBackward0", "MulBackward0", "MeanBackward0")
    assert values(z).tolist() == [[27.0, 27.0], [27.0, 27.0]] and out.item() == 27.0
    out.backward()
    assert values(x.grad).tolist() == [[4.5, 4.5], [4.5, 4.5]]
    assert x.is_leaf and not y.is_leaf and y.requires_grad


def non_leaf_grad_warning(lib: Any) -> str:
    x = lib.ones(2, requires_grad=True)
    y = x * 2
    y.sum().backward()
    with pytest.warns(UserWarning) as record:
        assert y.grad is None
    return str(record[0].message)


def test_saved_tensors_by_pytorchs_names() -> None:
    # the "Saved tensors" section of PyTorch's autograd notes, line by line
    x = torch.tensor([1.0, 2.0, -3.0], requires_grad=True)
    y = x.pow(2)
    assert y.grad_fn._saved_self is x
    assert "_saved_self" in dir(y.grad_fn)
    y = x.exp()
    result = y.grad_fn._saved_result
    assert result is not y and result.equal(y) and result.grad_fn is y.grad_fn
    assert repr((x * 2).grad_fn._saved_other) == "tensor(2)" and (x * 2).grad_fn._saved_self is None
    with pytest.raises(AttributeError, match="'ExpBackward0' object has no attribute '_saved_self'"):
        y.grad_fn._saved_self  # noqa: B018
    y.sum().backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.grad_fn._saved_result  # noqa: B018
    b = x * 1
    z = b * b
    b.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.grad_fn._saved_self  # noqa: B018


def test_grad_of_non_leaf_warns_and_is_none() -> None:
    assert non_leaf_grad_warning(torch).startswith("The .grad attribute of a Tensor that is not a leaf Tensor")


def test_non_leaf_grad_warning_matches_torch(real_torch: Any) -> None:
    assert non_leaf_grad_warning(torch) == non_leaf_grad_warning(real_torch)


def test_requires_grad_flag_and_add() -> None:
    x = torch.ones(2, 2, requires_grad=True)
    y = torch.add(x, 1)
    assert values(y).tolist() == [[2.0, 2.0], [2.0, 2.0]] and y.grad_fn.name() == "AddBackward0"
    a = torch.randn(2, 2)
    a = (a * 3) / (a - 1)
    assert not a.requires_grad and a.grad_fn is None
    assert a.requires_grad_(True) is a and a.requires_grad and a.is_leaf
    assert (a + 1).grad_fn.name() == "AddBackward0"


def test_mixed_second_derivatives() -> None:
    x1 = torch.tensor(3.0, requires_grad=True)
    x2 = torch.tensor(1.0, requires_grad=True)
    y = x1**2 + x2**2 + x1 * x2
    d1 = torch.autograd.grad(y, x1, retain_graph=True, create_graph=True)[0]
    d2 = torch.autograd.grad(y, x2, retain_graph=True, create_graph=True)[0]
    assert (d1.item(), d2.item()) == (7.0, 5.0)
    assert d1.grad_fn.name() == d2.grad_fn.name() == "AddBackward0"
    second = [torch.autograd.grad(d, x, retain_graph=True)[0].item() for d in (d1, d2) for x in (x1, x2)]
    assert second == [2.0, 1.0, 1.0, 2.0]


def test_matmul_with_transpose_and_gradient_argument() -> None:
    x = torch.tensor([[1.0, 2, 3], [4, 5, 6], [7, 8, 9]], requires_grad=True)
    w = torch.tensor([[1.0, 2, 3], [4, 5, 6]], requires_grad=True)
    y = torch.matmul(x, w.T)
    assert values(y).tolist() == [[14.0, 32.0], [32.0, 77.0], [50.0, 122.0]] and y.grad_fn.name() == "MmBackward0"
    y.backward(gradient=torch.ones_like(y))
    assert values(x.grad).tolist() == [[5.0, 7.0, 9.0]] * 3
    assert values(w.grad).tolist() == [[12.0, 15.0, 18.0]] * 2


def test_vector_jacobian_product() -> None:
    x = torch.ones(3, requires_grad=True)
    z = x * 2 * 2
    v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
    z.backward(gradient=v)
    np.testing.assert_allclose(values(x.grad), [0.4, 4.0, 0.0004], rtol=1e-6)


def test_doubling_loop_until_norm_exceeds_1000() -> None:
    torch.manual_seed(0)
    x = torch.randn(3, requires_grad=True)
    y = x * 2
    doublings = 1
    while y.data.norm() < 1000:
        y = y * 2
        doublings += 1
    v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
    y.backward(v)
    np.testing.assert_allclose(values(x.grad), values(v) * 2.0**doublings, rtol=1e-6)
    assert x.requires_grad and (x**2).requires_grad
    with torch.no_grad():
        assert not (x**2).requires_grad


def test_dot_sum_detach_and_zeroing_grads() -> None:
    x = torch.arange(4.0)
    assert x.dtype == torch.float32 and x.grad is None
    x.requires_grad_(True)
    y = 2 * torch.dot(x, x)
    assert y.item() == 28.0 and y.grad_fn.name() == "MulBackward0"
    y.backward()
    assert values(x.grad).tolist() == [0.0, 4.0, 8.0, 12.0]
    assert (x.grad == 4 * x).all().item()
    x.grad.zero_()
    x.sum().backward()
    assert values(x.grad).tolist() == [1.0] * 4
    x.grad.zero_()
    (x * x).sum().backward()
    assert values(x.grad).tolist() == [0.0, 2.0, 4.0, 6.0]
    x.grad.zero_()
    y = x * x
    u = y.detach()
    assert u.grad_fn is None and not u.requires_grad
    (u * x).sum().backward()
    assert (x.grad == u).all().item()
    x.grad.zero_()
    y.sum().backward()
    assert (x.grad == 2 * x).all().item()


def test_gradient_through_python_control_flow() -> None:
    def f(a: torch.Tensor) -> torch.Tensor:
        b = a * 2
        while b.norm() < 1000:
            b = b * 2
        return b if b.sum() > 0 else 100 * b

    for seed in range(4):
        torch.manual_seed(seed)
        a = torch.randn(size=(), requires_grad=True)
        d = f(a)
        d.backward()
        assert a.grad.shape == () and torch.allclose(a.grad, d / a)


# -- creation and dtypes ------------------------------------------------------------------------------------


def test_inferred_dtypes() -> None:
    assert torch.tensor([1, 2]).dtype is torch.int64 is torch.long
    assert torch.tensor([1.0, 2]).dtype is torch.float32 is torch.float
    assert torch.tensor(2.5).dtype is torch.float32 and torch.tensor(True).dtype is torch.bool
    assert torch.tensor([1, 2], dtype=torch.double).dtype is torch.float64
    assert torch.tensor(np.array([1.0])).dtype is torch.float64
    assert torch.ones(2).dtype is torch.float32 and torch.zeros(2, dtype=torch.long).dtype is torch.int64
    assert torch.full((2,), 7).dtype is torch.int64 and torch.full((2,), 7.0).dtype is torch.float32
    assert torch.arange(5).dtype is torch.int64 and torch.arange(0, 1, 0.25).dtype is torch.float32
    assert torch.eye(2).dtype is torch.float32 and torch.linspace(0, 1, 3).dtype is torch.float32


def test_factories_values_and_shapes() -> None:
    assert values(torch.arange(0, 1, 0.25)).tolist() == [0.0, 0.25, 0.5, 0.75]
    assert values(torch.arange(1, 7, 2)).tolist() == [1, 3, 5]
    assert values(torch.linspace(0, 1, 5)).tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert values(torch.eye(2, 3)).tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    assert values(torch.full((2, 2), 1.5)).tolist() == [[1.5, 1.5], [1.5, 1.5]]
    assert torch.ones((2, 3)).shape == torch.zeros(2, 3).shape == (2, 3)
    base = torch.tensor([[1, 2]], dtype=torch.float64)
    assert torch.ones_like(base).dtype is torch.float64 and values(torch.zeros_like(base)).tolist() == [[0.0, 0.0]]
    assert values(torch.full_like(base, 3)).tolist() == [[3.0, 3.0]]
    assert torch.ones(2, requires_grad=True).requires_grad


def test_random_tensors_are_seeded() -> None:
    torch.manual_seed(3)
    a, b = torch.rand(2, 3), torch.randn(size=(4,))
    torch.manual_seed(3)
    assert torch.equal(a, torch.rand(2, 3)) and torch.equal(b, torch.randn(4))
    assert a.dtype is torch.float32 and ((a >= 0) & (a < 1)).all().item()
    assert torch.randn(size=()).shape == () and torch.randn((2, 2)).shape == (2, 2)


def test_from_numpy_shares_memory() -> None:
    array = np.array([1.0, 2.0])
    t = torch.from_numpy(array)
    array[0] = 5.0
    assert t.dtype is torch.float64 and t[0].item() == 5.0
    assert t.numpy() is array or np.shares_memory(t.numpy(), array)


# -- attributes ------------------------------------------------------------------------------------------


def test_metadata_and_conversions() -> None:
    x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    assert x.shape == x.size() == (2, 3) and x.size(1) == 3 and x.size(-2) == 2
    assert x.ndim == x.dim() == 2 and x.numel() == 6 and x.dtype is torch.float32
    assert x.T.shape == (3, 2) and x.tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    assert x[1, 2].item() == 6.0 and isinstance(x.sum().item(), float)
    assert torch.tensor([3]).item() == 3 and isinstance(torch.tensor([3]).item(), int)
    assert isinstance(x.detach().numpy(), np.ndarray)
    assert not x.data.requires_grad and x.data.tolist() == x.tolist()
    assert x.grad is None and x.grad_fn is None and x.is_leaf


def test_detach_shares_data() -> None:
    x = torch.ones(2, requires_grad=True)
    d = x.detach()
    d[0] = 5.0
    assert x[0].item() == 5.0 and not d.requires_grad


def test_retain_grad() -> None:
    x = torch.ones(2, requires_grad=True)
    y = x * 3
    assert not y.retains_grad
    y.retain_grad()
    assert y.retains_grad
    (y * y).sum().backward()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert values(y.grad).tolist() == [6.0, 6.0]
    assert values(x.grad).tolist() == [18.0, 18.0]


def test_tensor_hooks_see_and_replace_gradients() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    seen = []
    y.register_hook(lambda g: seen.append(values(g).tolist()))
    handle = x.register_hook(lambda g: g * 10)
    (y * y).sum().backward()
    assert seen == [[4.0, 8.0]] and values(x.grad).tolist() == [80.0, 160.0]
    handle.remove()
    x.grad = None
    (x * 2).sum().backward()
    assert values(x.grad).tolist() == [2.0, 2.0]


def test_grad_fn_graph_and_accumulate_grad() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([3.0, 4.0], requires_grad=True)
    out = (x * w).sum()
    ((mul, _),) = out.grad_fn.next_functions
    assert out.grad_fn.name() == "SumBackward0" and mul.name() == "MulBackward0"
    (acc_x, nr_x), (acc_w, nr_w) = mul.next_functions
    assert acc_x.name() == "torch::autograd::AccumulateGrad" and acc_x.variable is x and acc_w.variable is w
    assert (nr_x, nr_w) == (0, 0)
    assert repr(acc_x).startswith("<AccumulateGrad object at 0x")
    assert (x * 2).grad_fn.next_functions[1] == (None, 0)


# -- autograd API -------------------------------------------------------------------------------------------


def test_gradients_accumulate_into_leaves_only() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    for _ in range(3):
        (x * x).sum().backward()
    assert values(x.grad).tolist() == [6.0, 12.0]


def test_autograd_grad_leaves_dot_grad_alone() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (g,) = torch.autograd.grad((x**3).sum(), x)
    assert values(g).tolist() == [3.0, 12.0] and x.grad is None and not g.requires_grad
    a, b = torch.autograd.grad((x * 2).sum(), [x, torch.ones(1, requires_grad=True)], allow_unused=True)
    assert values(a).tolist() == [2.0, 2.0] and b is None


def test_autograd_backward_with_several_outputs_and_inputs_argument() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([3.0, 4.0], requires_grad=True)
    torch.autograd.backward([(x * w).sum(), (x * x).sum()])
    assert values(x.grad).tolist() == [5.0, 8.0] and values(w.grad).tolist() == [1.0, 2.0]
    x.grad = w.grad = None
    (x * w).sum().backward(inputs=[w])
    assert x.grad is None and values(w.grad).tolist() == [1.0, 2.0]


def test_every_node_runs_once_all_its_senders_have_run() -> None:
    # the engine counts, per node, the nodes that send it gradients; one that sends nothing still counts
    class Blocked(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):  # noqa: ANN001, ANN205
            return a * 1

        @staticmethod
        def backward(ctx, grad):  # noqa: ANN001, ANN205
            return None

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    for z_first in (True, False):
        x.grad = None
        y = x * 2
        z = y * 3  # z depends on y, and both are outputs: y's node waits for z's
        torch.autograd.backward([z, y] if z_first else [y, z], [torch.ones(2), torch.ones(2)])
        assert values(x.grad).tolist() == [8.0, 8.0]
    x.grad = None
    a = x * 2
    (Blocked.apply(a) + a * 3).sum().backward()  # a's node hears None from Blocked, then runs
    assert values(x.grad).tolist() == [6.0, 6.0]
    x.grad = None
    u = x * 2
    blocked = Blocked.apply(u * 3)  # u * 3's node receives no gradient at all, and must still let u's run
    (blocked.sum() + (u * 5).sum()).backward()
    assert values(x.grad).tolist() == [10.0, 10.0]
    x.grad = None
    Blocked.apply(x * 2).sum().backward()  # no gradient reaches x at all
    assert x.grad is None


def _hook_order(lib: Any, seed: int) -> list:
    """The order in which tensor hooks fire in backward through a small random graph (a diamond or more)."""
    rng = np.random.default_rng(seed)
    fired = []
    x = lib.tensor([0.5, -0.3], requires_grad=True)
    w = lib.tensor([1.5, 0.7], requires_grad=True)
    made = [x, w]
    for _ in range(int(rng.integers(3, 9))):
        a, b = (made[i] for i in rng.integers(0, len(made), 2))
        t = [a * b, a + b, a.tanh(), a - b][int(rng.integers(0, 4))]
        made.append(t)
    for k, t in enumerate(made):
        t.register_hook(lambda grad, k=k: fired.append(k))
    ends = rng.choice(np.arange(2, len(made)), size=2, replace=False)
    (made[ends[0]].sum() + made[ends[1]].sum()).backward()
    return fired


def test_hooks_fire_in_pytorchs_order() -> None:
    # PyTorch runs, of the nodes ready in backward, a leaf's AccumulateGrad first, then the newest node
    fired = []
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([0.5, -1.0], requires_grad=True)
    a = x * w
    b = a.tanh()
    c = a * x
    d = b + c
    for name, t in dict(x=x, w=w, a=a, b=b, c=c, d=d).items():
        t.register_hook(lambda grad, name=name: fired.append(name))
    d.sum().backward()
    assert fired == ["d", "c", "b", "a", "x", "w"]  # as PyTorch 2.13 prints; a depth-first order gave x before a


def test_hook_order_matches_live_torch(real_torch: Any) -> None:
    assert [_hook_order(torch, seed) for seed in range(60)] == [_hook_order(real_torch, seed) for seed in range(60)]


def test_retain_graph_allows_a_second_backward() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    first = values(x.grad).copy()
    y.backward()
    np.testing.assert_allclose(values(x.grad), 2 * first, rtol=1e-6)
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        y.backward()


def test_saved_tensors_are_released_after_backward() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() * x).sum()
    node = y.grad_fn.next_functions[0][0]  # MulBackward0 saved both factors
    assert len(node.saved_tensors) == 2
    y.backward()
    with pytest.raises(RuntimeError) as error:
        _ = node.saved_tensors
    assert str(error.value) == _FREED and node._saved is None


def test_retain_graph_keeps_saved_tensors() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    assert len(y.grad_fn.next_functions[0][0].saved_tensors) == 2


def test_higher_order_derivatives() -> None:
    x = torch.tensor(2.0, requires_grad=True)
    y = x**4
    derivatives = []
    g = y
    for _ in range(4):
        (g,) = torch.autograd.grad(g, x, create_graph=True)
        derivatives.append(g.item())
    assert derivatives == [32.0, 48.0, 48.0, 24.0]  # 4x³, 12x², 24x, 24


def test_create_graph_backward_makes_grad_differentiable() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (x**3).sum().backward(create_graph=True)
    assert x.grad.requires_grad and values(x.grad).tolist() == [3.0, 12.0]
    (g,) = torch.autograd.grad(x.grad.sum(), x)
    assert values(g).tolist() == [6.0, 12.0]


def test_second_derivatives_of_composite_ops() -> None:
    x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = (x.sin() * x.exp() + x.tanh() ** 2).sum()
    (g,) = torch.autograd.grad(y, x, create_graph=True)
    (h,) = torch.autograd.grad(g.sum(), x)
    a = values(x).astype(np.float64)
    t = np.tanh(a)
    expected = 2 * np.cos(a) * np.exp(a) + (2 * (1 - t**2) ** 2 - 4 * t**2 * (1 - t**2))
    np.testing.assert_allclose(values(h), expected, rtol=1e-5)


def test_grad_modes_as_context_managers_and_decorators() -> None:
    x = torch.ones(2, requires_grad=True)
    with torch.no_grad():
        assert not (x * 2).requires_grad and not torch.is_grad_enabled()
        with torch.enable_grad():
            assert (x * 2).requires_grad
    with torch.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert torch.is_grad_enabled()

    @torch.no_grad()
    def frozen(t: torch.Tensor) -> torch.Tensor:
        return t * 2

    @torch.enable_grad()
    def tracked(t: torch.Tensor) -> torch.Tensor:
        return t * 2

    @torch.set_grad_enabled(False)
    def switched_off(t: torch.Tensor) -> torch.Tensor:
        return t * 2

    assert torch.is_grad_enabled()
    assert not frozen(x).requires_grad and not switched_off(x).requires_grad
    with torch.no_grad():
        assert tracked(x).requires_grad
    torch.set_grad_enabled(False)
    assert not (x * 2).requires_grad
    torch.set_grad_enabled(True)
    assert (x * 2).requires_grad


def test_grad_mode_restored_after_exception() -> None:
    with pytest.raises(ValueError), torch.no_grad():
        raise ValueError
    assert torch.is_grad_enabled()


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx: Any, x: torch.Tensor, scale: float) -> torch.Tensor:
        ctx.save_for_backward(x)
        ctx.scale = scale
        return scale * x**3

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple:
        (x,) = ctx.saved_tensors
        return grad * ctx.scale * 3 * x**2, None


def test_custom_function() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = Cube.apply(x, 2.0)
    assert values(y).tolist() == [2.0, 16.0] and y.grad_fn.name() == "CubeBackward"
    assert y.grad_fn.next_functions[0][0].variable is x
    y.sum().backward()
    assert values(x.grad).tolist() == [6.0, 24.0]
    with torch.no_grad():
        assert Cube.apply(x, 1.0).grad_fn is None


def test_custom_function_with_create_graph() -> None:
    x = torch.tensor(2.0, requires_grad=True)
    (g,) = torch.autograd.grad(Cube.apply(x, 1.0), x, create_graph=True)
    (h,) = torch.autograd.grad(g, x)
    assert (g.item(), h.item()) == (12.0, 12.0)


def test_functional_jacobian_hessian_vjp() -> None:
    x = torch.tensor([1.0, 2.0])
    assert values(jacobian(lambda t: t**2, x)).tolist() == [[2.0, 0.0], [0.0, 4.0]]
    assert values(hessian(lambda t: (t**3).sum(), x)).tolist() == [[6.0, 0.0], [0.0, 12.0]]
    out, g = vjp(lambda t: 2 * t, x, torch.tensor([1.0, 0.5]))
    assert values(out).tolist() == [2.0, 4.0] and values(g).tolist() == [2.0, 1.0]
    (jx, jy), (kx, ky) = jacobian(lambda a, b: (a * b, a + b), (x, torch.tensor([3.0, 4.0])))
    assert values(jx).tolist() == [[3.0, 0.0], [0.0, 4.0]] and values(jy).tolist() == [[1.0, 0.0], [0.0, 2.0]]
    assert values(kx).tolist() == values(ky).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert torch.autograd.functional.jacobian is jacobian


def test_functional_matches_live_torch(real_torch: Any) -> None:
    def f(lib: Any) -> Any:
        return lambda a, b: (a.sin() * b).sum(0).softmax(0)

    def g(lib: Any) -> Any:
        return lambda a: (a.exp() * a).sum() + ((a[0] * a[1]) ** 2).sum()

    inputs = [[0.3, -1.2, 0.8], [1.5, 0.2, -0.4]]
    results = {}
    for lib in (torch, real_torch):
        a, b = lib.tensor(inputs), lib.tensor(inputs[::-1])
        functional = lib.autograd.functional
        results[lib] = (
            functional.jacobian(f(lib), (a, b)),
            functional.hessian(g(lib), a),
            functional.vjp(f(lib), (a, b), lib.tensor([1.0, -1.0, 0.5])),
        )
    ours, theirs = results[torch], results[real_torch]
    for mine, reference in zip(ours[0], theirs[0]):
        np.testing.assert_allclose(values(mine), reference.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(values(ours[1]), theirs[1].numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(values(ours[2][0]), theirs[2][0].numpy(), rtol=1e-5, atol=1e-6)
    for mine, reference in zip(ours[2][1], theirs[2][1]):
        np.testing.assert_allclose(values(mine), reference.numpy(), rtol=1e-5, atol=1e-6)


# -- misuse: failed calls change nothing ------------------------------------------------------------------


def test_failed_backward_leaves_grads_untouched() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([3.0, 4.0], requires_grad=True)
    (x * w).sum().backward()
    before = values(x.grad).copy(), values(w.grad).copy()

    # the in-place change is only found when backward reaches the exp node, after w's branch ran
    e = x.exp()
    y = (e * 1).sum() + (w * w).sum()
    e.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.backward()
    assert (values(x.grad) == before[0]).all() and (values(w.grad) == before[1]).all()

    def boom(grad: torch.Tensor) -> None:
        raise ValueError("hook failed")

    z = x * 2
    z.register_hook(boom)
    with pytest.raises(ValueError, match="hook failed"):
        (z.sum() + (w * 3).sum()).backward()
    assert (values(x.grad) == before[0]).all() and (values(w.grad) == before[1]).all()

    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar outputs"):
        (w * x).backward()
    assert (values(w.grad) == before[1]).all()


def test_failed_second_backward_leaves_grads_untouched() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x.exp() + x.sin()).sum()
    y.backward()
    before = values(x.grad).copy()
    with pytest.raises(RuntimeError) as error:
        y.backward()
    assert str(error.value) == _FREED and (values(x.grad) == before).all()


def test_version_counter_message_matches_torch(real_torch: Any) -> None:
    messages = []
    for lib in (torch, real_torch):
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x.sigmoid()
        y.mul_(2)
        with pytest.raises(RuntimeError) as error:
            y.sum().backward()
        messages.append(str(error.value))
    assert messages[0] == messages[1]


def test_in_place_updates_under_no_grad() -> None:
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    with torch.no_grad():
        w.add_(1).mul_(2).sub_(torch.tensor([1.0, 1.0]))
        w.copy_(w * 1)
        w[0] = 3.0
    assert w.is_leaf and w.requires_grad and values(w).tolist() == [3.0, -3.0]
    with torch.no_grad():
        w.fill_(0.5)
    assert values(w).tolist() == [0.5, 0.5] and w.grad_fn is None


def test_sgd_loop_fits_a_line() -> None:
    torch.manual_seed(0)
    xs = torch.linspace(-1, 1, 20)
    ys = 3 * xs - 0.5
    w = torch.zeros(1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    lr = 0.5
    for _ in range(200):
        loss = ((w * xs + b - ys) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    assert w.is_leaf and w.grad_fn is None
    np.testing.assert_allclose([w.item(), b.item()], [3.0, -0.5], rtol=1e-4)
    assert values(w.grad).tolist() == [0.0]


# -- no recursion ----------------------------------------------------------------------------------------


def test_deep_chain_forward_and_backward_then_frees_its_graph() -> None:
    x = torch.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y + 0.0
    y = y * 2
    root = weakref.ref(y.grad_fn)
    y.backward()
    assert x.grad.item() == 2.0  # its speed is measured by benchmarks/bench_chain.py, not asserted here
    del y
    gc.collect()
    assert root() is None


def test_nodes_read_only_api_for_drawings_and_replays() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([[3.0], [4.0]])
    y = x * w  # (2,) against a constant (2, 1): broadcast to (2, 2)
    node = y.grad_fn
    assert node.op.__name__ == "Mul" and node.params == {}
    assert node.input_metas == (((2,), np.dtype("float32")), None)
    assert node.constants[0] is None and node.constants[1].tolist() == [[3.0], [4.0]]
    assert node.output_metas == (((2, 2), np.dtype("float32")),)
    assert node.saved_values[0] is None and node.saved_values[1].tolist() == [[3.0], [4.0]]
    assert node.grad_outputs is None and not node.has_hooks
    y.sum().backward()
    assert [g.tolist() for g in node.grad_outputs] == [[[1.0, 1.0], [1.0, 1.0]]]
    assert node.saved_values is None  # freed by backward
    assert x.grad.tolist() == [7.0, 7.0]
    assert (x.sum(0, keepdim=True)).grad_fn.params == {"shape": (2,), "keepdim": True, "dims": (0,)}


def test_node_backward_on_arrays_replays_a_rule_without_recording() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    node = (x * x).grad_fn
    grads = node.backward_on_arrays((np.array([1.0, 10.0], dtype=np.float32),))
    assert [type(g).__name__ for g in grads] == ["ndarray", "ndarray"]
    assert [g.tolist() for g in grads] == [[1.0, 20.0], [1.0, 20.0]]
    assert torch.is_grad_enabled()
