"""Record what PyTorch computes for every op into ``ops.json``, the oracle for ``tests/test_ops_golden.py``.

Run it from the repository root with torch installed (``python tests/golden/make_ops_golden.py``).

A case is an expression over named inputs, evaluated with ``torch`` bound either to PyTorch or to
``autograd_nb``: ``("add_broadcast", "x + y", {"x": F(2, 3), "y": F(3)})``. Input values come from a
seeded generator and are stored in the file, so the engine replays exactly the recorded inputs. For
each case the file keeps the outputs (values, dtype, shape, requires_grad, grad_fn name) and, when
the first output requires grad, the gradients of ``(output * v).sum()`` for a seeded ``v`` with
respect to every input that requires grad. An expression that raises records the exception's
type and message instead. ``ERRORS`` are statements (run with ``exec``) whose exception we record.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).with_name("ops.json")
SEED = 20240702


# -- input specifications ------------------------------------------------------------------------------


def spec(*shape: int, dtype: str = "float32", grad: bool = True, low: float = -2.0, high: float = 2.0) -> dict:
    return {"shape": list(shape), "dtype": dtype, "requires_grad": grad, "low": low, "high": high}


def F(*shape: int) -> dict:
    """float32 that requires grad, values in [-2, 2)."""
    return spec(*shape)


def D(*shape: int) -> dict:
    """float64 that requires grad."""
    return spec(*shape, dtype="float64")


def P(*shape: int) -> dict:
    """Positive float32 that requires grad (for log, sqrt, pow bases)."""
    return spec(*shape, low=0.5, high=2.0)


def C(*shape: int) -> dict:
    """float32 constant (no grad)."""
    return spec(*shape, grad=False)


def I(*shape: int) -> dict:  # noqa: E743
    """int64 constant in [1, 5]."""
    return spec(*shape, dtype="int64", grad=False, low=1, high=6)


def B(*shape: int) -> dict:
    """bool constant."""
    return spec(*shape, dtype="bool", grad=False, low=0, high=2)


def K(values: Any, dtype: str = "float32", grad: bool = True) -> dict:
    """Fixed values (ties for max/min, exact zeros)."""
    return {"values": values, "dtype": dtype, "requires_grad": grad}


def make_values(rng: np.random.Generator, s: dict) -> Any:
    if "values" in s:
        return s["values"]
    if s["dtype"] in ("int64", "bool"):
        values = rng.integers(s["low"], s["high"], size=s["shape"])
        return values.astype(bool).tolist() if s["dtype"] == "bool" else values.tolist()
    values = rng.uniform(s["low"], s["high"], size=s["shape"]).astype(s["dtype"])
    return values.tolist()


# -- the cases ---------------------------------------------------------------------------------------------

x23, y23 = F(2, 3), F(2, 3)
CASES: list[tuple[str, str, dict]] = [
    # arithmetic, with numbers on either side and broadcasting
    ("add", "x + y", {"x": x23, "y": y23}),
    ("add_broadcast_row", "x + y", {"x": x23, "y": F(3)}),
    ("add_broadcast_both", "x + y", {"x": F(2, 1, 3), "y": F(4, 1)}),
    ("add_scalar", "x + 2", {"x": x23}),
    ("radd_scalar", "2.5 + x", {"x": x23}),
    ("add_alpha", "torch.add(x, y, alpha=2)", {"x": x23, "y": F(3)}),
    ("add_method", "x.add(y)", {"x": x23, "y": C(2, 3)}),
    ("add_0d", "x + y", {"x": x23, "y": F()}),
    ("sub", "x - y", {"x": x23, "y": y23}),
    ("sub_broadcast", "x - y", {"x": F(3, 1), "y": F(1, 4)}),
    ("sub_scalar", "x - 1.5", {"x": x23}),
    ("rsub_scalar", "1.5 - x", {"x": x23}),
    ("sub_alpha", "torch.sub(x, y, alpha=3)", {"x": x23, "y": y23}),
    ("mul", "x * y", {"x": x23, "y": y23}),
    ("mul_broadcast", "x * y", {"x": F(3, 1), "y": F(1, 4)}),
    ("mul_scalar", "x * 3", {"x": x23}),
    ("rmul_scalar", "3 * x", {"x": x23}),
    ("mul_constant", "x * y", {"x": x23, "y": C(3)}),
    ("mul_self", "x * x", {"x": x23}),
    ("torch_mul", "torch.mul(x, y)", {"x": x23, "y": y23}),
    ("div", "x / y", {"x": x23, "y": P(2, 3)}),
    ("div_broadcast", "x / y", {"x": x23, "y": P(3)}),
    ("div_scalar", "x / 2", {"x": x23}),
    ("rdiv_scalar", "2 / x", {"x": P(2, 3)}),
    ("torch_div", "torch.div(x, y)", {"x": x23, "y": P(2, 1)}),
    ("pow_2", "x ** 2", {"x": x23}),
    ("pow_3", "x ** 3", {"x": x23}),
    ("pow_half", "x ** 0.5", {"x": P(2, 3)}),
    ("pow_minus1", "x ** -1", {"x": P(2, 3)}),
    ("pow_0", "x ** 0", {"x": x23}),
    ("pow_method", "x.pow(2)", {"x": x23}),
    ("torch_pow", "torch.pow(x, 3)", {"x": x23}),
    ("pow_tensor", "x ** y", {"x": P(2, 3), "y": F(2, 3)}),
    ("pow_tensor_broadcast", "x ** y", {"x": P(2, 3), "y": F(3)}),
    ("rpow_scalar", "2 ** x", {"x": x23}),
    ("neg", "-x", {"x": x23}),
    ("neg_method", "x.neg()", {"x": x23}),
    ("torch_neg", "torch.neg(x)", {"x": x23}),
    ("reciprocal", "x.reciprocal()", {"x": P(2, 3)}),
    ("abs", "x.abs()", {"x": x23}),
    ("torch_abs", "torch.abs(x)", {"x": x23}),
    ("exp", "x.exp()", {"x": x23}),
    ("torch_exp", "torch.exp(x)", {"x": x23}),
    ("log", "x.log()", {"x": P(2, 3)}),
    ("torch_log", "torch.log(x)", {"x": P(2, 3)}),
    ("sqrt", "x.sqrt()", {"x": P(2, 3)}),
    ("torch_sqrt", "torch.sqrt(x)", {"x": P(2, 3)}),
    ("sin", "x.sin()", {"x": x23}),
    ("cos", "torch.cos(x)", {"x": x23}),
    ("tanh", "x.tanh()", {"x": x23}),
    ("torch_tanh", "torch.tanh(x)", {"x": x23}),
    ("sigmoid", "x.sigmoid()", {"x": x23}),
    ("torch_sigmoid", "torch.sigmoid(x)", {"x": F(4)}),
    ("relu", "x.relu()", {"x": x23}),
    ("torch_relu", "torch.relu(x)", {"x": x23}),
    ("clamp_both", "x.clamp(-0.5, 0.5)", {"x": x23}),
    ("clamp_min", "x.clamp(min=0)", {"x": x23}),
    ("clamp_max", "torch.clamp(x, max=0.3)", {"x": x23}),
    ("clip", "x.clip(-1, 1)", {"x": x23}),
    ("where", "torch.where(x > 0, x, y)", {"x": x23, "y": y23}),
    ("where_broadcast", "torch.where(c, x, y)", {"c": B(2, 3), "x": F(3), "y": F(2, 1)}),
    ("where_scalar", "torch.where(x > 0, x, 0.0)", {"x": x23}),
    ("where_method", "x.where(x < 0, y)", {"x": x23, "y": y23}),
    ("masked_fill", "x.masked_fill(x > 0, 1.0)", {"x": x23}),
    ("maximum", "torch.maximum(x, y)", {"x": x23, "y": y23}),
    ("minimum", "torch.minimum(x, y)", {"x": x23, "y": y23}),
    # reductions
    ("sum", "x.sum()", {"x": x23}),
    ("torch_sum", "torch.sum(x)", {"x": x23}),
    ("sum_dim0", "x.sum(0)", {"x": x23}),
    ("sum_dim1", "x.sum(dim=1)", {"x": x23}),
    ("sum_keepdim", "x.sum(-1, keepdim=True)", {"x": x23}),
    ("sum_dims", "x.sum((0, 2))", {"x": F(2, 3, 4)}),
    ("torch_sum_dim", "torch.sum(x, dim=0)", {"x": x23}),
    ("sum_0d", "x.sum()", {"x": F()}),
    ("mean", "x.mean()", {"x": x23}),
    ("torch_mean", "torch.mean(x)", {"x": x23}),
    ("mean_dim0", "x.mean(0)", {"x": x23}),
    ("mean_keepdim", "x.mean(1, keepdim=True)", {"x": x23}),
    ("mean_dims", "x.mean(dim=(0, 2))", {"x": F(2, 3, 4)}),
    ("max", "x.max()", {"x": x23}),
    ("torch_max", "torch.max(x)", {"x": x23}),
    ("max_ties", "x.max()", {"x": K([1.0, 3.0, 3.0, 2.0])}),
    ("max_dim", "x.max(0)", {"x": x23}),
    ("max_dim_keepdim", "x.max(1, keepdim=True)", {"x": x23}),
    ("torch_max_dim", "torch.max(x, dim=1)", {"x": x23}),
    ("max_dim_values", "x.max(dim=1).values", {"x": x23}),
    ("max_dim_indices", "x.max(dim=1).indices", {"x": x23}),
    ("max_dim_ties", "x.max(0)", {"x": K([[1.0, 5.0], [1.0, 2.0]])}),
    ("max_binary", "torch.max(x, y)", {"x": x23, "y": y23}),
    ("min", "x.min()", {"x": x23}),
    ("min_ties", "x.min()", {"x": K([0.0, -1.0, -1.0])}),
    ("min_dim", "x.min(1)", {"x": x23}),
    ("torch_min_dim", "torch.min(x, 0, keepdim=True)", {"x": x23}),
    ("norm", "x.norm()", {"x": x23}),
    ("torch_norm", "torch.norm(x)", {"x": x23}),
    ("norm_dim", "x.norm(dim=1)", {"x": x23}),
    ("norm_p1", "x.norm(p=1)", {"x": x23}),
    ("norm_keepdim", "x.norm(2, dim=0, keepdim=True)", {"x": x23}),
    ("norm_p3", "x.norm(3)", {"x": x23}),
    ("norm_zero", "x.norm()", {"x": K([0.0, 0.0])}),
    ("softmax", "x.softmax(dim=1)", {"x": x23}),
    ("softmax_dim0", "torch.softmax(x, dim=0)", {"x": x23}),
    ("softmax_1d", "x.softmax(-1)", {"x": F(5)}),
    ("log_softmax", "x.log_softmax(dim=1)", {"x": x23}),
    ("torch_log_softmax", "torch.log_softmax(x, 0)", {"x": x23}),
    # linear algebra
    ("mm", "x.mm(y)", {"x": x23, "y": F(3, 4)}),
    ("torch_mm", "torch.mm(x, y)", {"x": x23, "y": F(3, 2)}),
    ("mv", "x.mv(y)", {"x": x23, "y": F(3)}),
    ("torch_mv", "torch.mv(x, y)", {"x": x23, "y": F(3)}),
    ("dot", "x.dot(y)", {"x": F(4), "y": F(4)}),
    ("torch_dot", "torch.dot(x, y)", {"x": F(4), "y": C(4)}),
    ("matmul_2d", "x @ y", {"x": x23, "y": F(3, 2)}),
    ("matmul_transpose", "torch.matmul(x, w.T)", {"x": F(3, 3), "w": F(2, 3)}),
    ("matmul_1d_1d", "x @ y", {"x": F(3), "y": F(3)}),
    ("matmul_2d_1d", "x @ y", {"x": x23, "y": F(3)}),
    ("matmul_1d_2d", "x @ y", {"x": F(2), "y": x23}),
    ("matmul_3d_2d", "x @ y", {"x": F(2, 2, 3), "y": F(3, 4)}),
    ("matmul_3d_1d", "x @ y", {"x": F(2, 2, 3), "y": F(3)}),
    ("matmul_3d_3d", "x @ y", {"x": F(2, 2, 3), "y": F(2, 3, 4)}),
    ("matmul_batch_broadcast", "x @ y", {"x": F(1, 2, 3), "y": F(2, 3, 2)}),
    ("matmul_method", "x.matmul(y)", {"x": x23, "y": F(3, 2)}),
    # shapes
    ("reshape", "x.reshape(3, 2)", {"x": x23}),
    ("reshape_tuple", "x.reshape((6,))", {"x": x23}),
    ("reshape_infer", "x.reshape(-1)", {"x": x23}),
    ("reshape_noncontiguous", "x.t().reshape(-1)", {"x": x23}),
    ("torch_reshape", "torch.reshape(x, (3, 2))", {"x": x23}),
    ("view", "x.view(6)", {"x": x23}),
    ("view_infer", "x.view(-1, 2)", {"x": x23}),
    ("flatten", "x.flatten()", {"x": F(2, 2, 2)}),
    ("t", "x.t()", {"x": x23}),
    ("t_1d", "x.t()", {"x": F(3)}),
    ("T", "x.T", {"x": x23}),
    ("T_3d", "x.T", {"x": F(2, 3, 4)}),
    ("transpose", "x.transpose(0, 1)", {"x": x23}),
    ("torch_transpose", "torch.transpose(x, 0, 2)", {"x": F(2, 3, 4)}),
    ("permute", "x.permute(2, 0, 1)", {"x": F(2, 3, 4)}),
    ("permute_tuple", "x.permute((1, 0))", {"x": x23}),
    ("unsqueeze", "x.unsqueeze(0)", {"x": x23}),
    ("unsqueeze_last", "x.unsqueeze(-1)", {"x": x23}),
    ("torch_unsqueeze", "torch.unsqueeze(x, 1)", {"x": x23}),
    ("squeeze", "x.squeeze()", {"x": F(1, 3, 1)}),
    ("squeeze_dim", "x.squeeze(0)", {"x": F(1, 3)}),
    ("squeeze_dim_noop", "x.squeeze(1)", {"x": F(2, 3)}),
    ("expand", "x.expand(2, 3)", {"x": F(3)}),
    ("expand_minus1", "x.expand(-1, 4)", {"x": F(3, 1)}),
    ("expand_new_dim", "x.expand(2, 3, 4)", {"x": F(3, 1)}),
    ("expand_as", "x.expand_as(y)", {"x": F(1, 3), "y": C(2, 3)}),
    ("cat", "torch.cat([x, y])", {"x": x23, "y": F(1, 3)}),
    ("cat_dim1", "torch.cat((x, y), dim=1)", {"x": x23, "y": F(2, 2)}),
    ("cat_constant", "torch.cat([x, y], -1)", {"x": x23, "y": C(2, 1)}),
    ("stack", "torch.stack([x, y])", {"x": x23, "y": y23}),
    ("stack_dim1", "torch.stack((x, y), dim=1)", {"x": F(3), "y": F(3)}),
    ("clone", "x.clone()", {"x": x23}),
    ("double", "x.double()", {"x": x23}),
    ("to_float", "x.float()", {"x": D(2, 3)}),
    ("to_dtype", "x.to(torch.float64)", {"x": x23}),
    # indexing
    ("index_int", "x[0]", {"x": x23}),
    ("index_negative", "x[-1]", {"x": x23}),
    ("index_two_ints", "x[1, 2]", {"x": x23}),
    ("index_column", "x[:, 1]", {"x": x23}),
    ("index_slice", "x[1:]", {"x": F(4, 2)}),
    ("index_slice_step", "x[::2]", {"x": F(5)}),
    ("index_slice_stop", "x[:, :2]", {"x": x23}),
    ("index_ellipsis", "x[..., 0]", {"x": F(2, 3, 4)}),
    ("index_none", "x[None]", {"x": x23}),
    ("index_list", "x[[0, 2]]", {"x": F(3, 2)}),
    ("index_list_repeated", "x[[0, 0, 1]]", {"x": F(3)}),
    ("index_list_columns", "x[:, [0, 2]]", {"x": x23}),
    ("index_tensor", "x[i]", {"x": F(4), "i": K([3, 1, 1], "int64", False)}),
    ("index_mask", "x[x > 0]", {"x": x23}),
    ("index_bool_tensor", "x[m]", {"x": F(4), "m": K([True, False, True, True], "bool", False)}),
    ("index_two_lists", "x[[0, 1], [2, 0]]", {"x": x23}),
    ("narrow", "x.narrow(1, 1, 2)", {"x": x23}),
    ("select", "x.select(1, 0)", {"x": x23}),
    # in-place on tensors with history
    ("add_inplace", "x.clone().add_(y)", {"x": x23, "y": y23}),
    ("sub_inplace", "x.clone().sub_(y)", {"x": x23, "y": F(3)}),
    ("mul_inplace", "x.clone().mul_(y)", {"x": x23, "y": y23}),
    ("div_inplace", "x.clone().div_(2)", {"x": x23}),
    ("iadd", "iadd(x * 1, y)", {"x": x23, "y": y23}),
    ("zero_inplace", "x.clone().zero_()", {"x": x23}),
    ("fill_inplace", "x.clone().fill_(2.0)", {"x": x23}),
    ("copy_inplace", "x.clone().copy_(y)", {"x": x23, "y": F(3)}),
    ("setitem_row", "setitem(x.clone(), 0, y)", {"x": x23, "y": F(3)}),
    ("setitem_mask", "setitem(x.clone(), x > 0, 0.0)", {"x": x23}),
    ("clamp_inplace", "x.clone().clamp_(min=0)", {"x": x23}),
    # type promotion and comparisons
    ("promote_int_times_float", "x * 2.5", {"x": I(3)}),
    ("promote_int_times_int", "x * 2", {"x": I(3)}),
    ("promote_int_plus_float_tensor", "x + y", {"x": I(3), "y": F(3)}),
    ("promote_float32_0d_float64", "x * y", {"x": F(3), "y": D()}),
    ("promote_float32_float64", "x + y", {"x": F(3), "y": D(3)}),
    ("promote_int_0d_float64", "x * y", {"x": I(3), "y": D()}),
    ("promote_int_div_int", "x / y", {"x": I(3), "y": I(3)}),
    ("promote_bool_plus_bool", "x + y", {"x": B(4), "y": B(4)}),
    ("promote_bool_times_int", "x * 2", {"x": B(3)}),
    ("promote_bool_times_float", "x * 2.5", {"x": B(3)}),
    ("promote_int_pow", "x ** 2", {"x": I(3)}),
    ("promote_int_pow_float", "x ** 0.5", {"x": I(3)}),
    ("promote_float_pow_0d_double", "x ** y", {"x": P(3), "y": D()}),
    ("promote_int_sum", "x.sum()", {"x": I(3)}),
    ("promote_bool_sum", "x.sum()", {"x": B(4)}),
    ("promote_int_sqrt", "x.sqrt()", {"x": I(3)}),
    ("promote_int_exp", "torch.exp(x)", {"x": I(3)}),
    ("promote_where", "torch.where(c, x, y)", {"c": B(3), "x": I(3), "y": F(3)}),
    ("promote_cat", "torch.cat([x, y])", {"x": I(2), "y": F(2)}),
    ("promote_double_matmul", "x @ y", {"x": D(2, 2), "y": D(2)}),
    ("eq", "x == y", {"x": K([1.0, 2.0, 3.0]), "y": K([1.0, 0.0, 3.0])}),
    ("ne_scalar", "x != 2", {"x": K([1.0, 2.0, 3.0])}),
    ("lt", "x < y", {"x": x23, "y": y23}),
    ("le_broadcast", "x <= y", {"x": x23, "y": F(3)}),
    ("gt_scalar", "x > 0", {"x": x23}),
    ("ge_int", "x >= 3", {"x": I(4)}),
    ("eq_method", "x.eq(y)", {"x": I(4), "y": I(4)}),
    ("torch_gt", "torch.gt(x, 0.5)", {"x": x23}),
    # compositions from the tutorials
    ("tutorial_mean", "(3 * (x + 2) ** 2).mean()", {"x": K([[1.0, 1.0], [1.0, 1.0]])}),
    ("tutorial_dot", "2 * torch.dot(x, x)", {"x": K([0.0, 1.0, 2.0, 3.0])}),
    ("tutorial_poly", "x ** 2 + y ** 2 + x * y", {"x": K(3.0), "y": K(1.0)}),
    ("mlp_layer", "(x @ w.t() + b).relu().sum(1).mean()", {"x": F(4, 3), "w": F(2, 3), "b": F(2)}),
    ("softmax_loss", "-(x.log_softmax(1) * y).sum()", {"x": F(3, 4), "y": C(3, 4)}),
    # torch.nn.functional: layers and losses
    ("nn_linear", "torch.nn.functional.linear(x, w, b)", {"x": F(4, 3), "w": F(2, 3), "b": F(2)}),
    ("nn_linear_1d", "torch.nn.functional.linear(x, w, b)", {"x": F(3), "w": F(2, 3), "b": F(2)}),
    ("nn_linear_3d", "torch.nn.functional.linear(x, w, b)", {"x": F(2, 2, 3), "w": F(2, 3), "b": F(2)}),
    ("nn_linear_no_bias", "torch.nn.functional.linear(x, w)", {"x": F(4, 3), "w": F(2, 3)}),
    ("mse_loss", "torch.nn.functional.mse_loss(x, y)", {"x": x23, "y": y23}),
    ("mse_loss_sum", "torch.nn.functional.mse_loss(x, y, reduction='sum')", {"x": x23, "y": C(2, 3)}),
    ("mse_loss_none", "torch.nn.functional.mse_loss(x, y, reduction='none')", {"x": x23, "y": C(2, 3)}),
    ("l1_loss", "torch.nn.functional.l1_loss(x, y)", {"x": x23, "y": C(2, 3)}),
    ("nll_loss", "torch.nn.functional.nll_loss(x, t)", {"x": F(3, 4), "t": K([0, 3, 1], "int64", False)}),
    ("nll_loss_weight_ignore", "torch.nn.functional.nll_loss(x, t, weight=w, ignore_index=1)",
     {"x": F(3, 4), "t": K([0, 1, 2], "int64", False), "w": C(4)}),
    ("nll_loss_none", "torch.nn.functional.nll_loss(x, t, reduction='none')",
     {"x": F(3, 4), "t": K([2, 3, 1], "int64", False)}),
    ("nll_loss_1d", "torch.nn.functional.nll_loss(x, t)", {"x": F(4), "t": K(2, "int64", False)}),
    ("nll_loss_2d", "torch.nn.functional.nll_loss(x, t)", {"x": F(2, 3, 2), "t": K([[0, 2], [1, 1]], "int64", False)}),
    ("cross_entropy", "torch.nn.functional.cross_entropy(x, t)", {"x": F(3, 4), "t": K([0, 3, 1], "int64", False)}),
    ("cross_entropy_sum", "torch.nn.functional.cross_entropy(x, t, reduction='sum')",
     {"x": F(2, 3), "t": K([2, 0], "int64", False)}),
    ("bce", "torch.nn.functional.binary_cross_entropy(x, y)",
     {"x": spec(2, 3, low=0.05, high=0.95), "y": spec(2, 3, low=0.0, high=1.0)}),
    ("bce_weight", "torch.nn.functional.binary_cross_entropy(x, y, weight=w)",
     {"x": spec(2, 3, low=0.05, high=0.95), "y": spec(2, 3, grad=False, low=0.0, high=1.0), "w": C(3)}),
    ("bce_with_logits", "torch.nn.functional.binary_cross_entropy_with_logits(x, y)",
     {"x": x23, "y": spec(2, 3, low=0.0, high=1.0)}),
    ("bce_with_logits_pos_weight", "torch.nn.functional.binary_cross_entropy_with_logits(x, y, pos_weight=w)",
     {"x": x23, "y": spec(2, 3, low=0.0, high=1.0), "w": spec(3, grad=False, low=0.5, high=3.0)}),
]

ERRORS: list[tuple[str, str, dict]] = [
    ("backward_non_scalar", "(x * 2).backward()", {"x": F(3)}),
    ("backward_twice", "y = (x * x).sum()\ny.backward()\ny.backward()", {"x": F(3)}),
    ("grad_twice", "y = (x.exp()).sum()\ntorch.autograd.grad(y, x)\ntorch.autograd.grad(y, x)", {"x": F(3)}),
    ("backward_no_grad", "(x * 2).sum().backward()", {"x": C(3)}),
    ("backward_wrong_gradient_shape", "(x * 2).backward(torch.ones(2))", {"x": F(3)}),
    ("requires_grad_int_tensor", "torch.tensor([1, 2], requires_grad=True)", {}),
    ("requires_grad_int_method", "x.requires_grad_()", {"x": I(3)}),
    ("requires_grad_int_ones", "torch.ones(2, dtype=torch.long, requires_grad=True)", {}),
    ("requires_grad_non_leaf_off", "(x * 2).requires_grad_(False)", {"x": F(3)}),
    ("inplace_leaf", "x.add_(1)", {"x": F(3)}),
    ("inplace_leaf_mul", "x.mul_(2)", {"x": F(3)}),
    ("inplace_leaf_setitem", "x[0] = 1.0", {"x": F(3)}),
    ("inplace_saved_exp", "y = x.exp()\ny.add_(1)\ny.sum().backward()", {"x": F(3)}),
    ("inplace_saved_input", "y = x * 1\nz = y.sin()\ny.mul_(2)\nz.sum().backward()", {"x": F(3)}),
    ("inplace_saved_mul", "a = x + 0\nb = a * y\na.zero_()\nb.sum().backward()", {"x": F(3), "y": F(3)}),
    ("mm_shapes", "x.mm(y)", {"x": x23, "y": y23}),
    ("matmul_shapes", "x @ y", {"x": x23, "y": y23}),
    ("matmul_1d_shapes", "x @ y", {"x": F(3), "y": F(4)}),
    ("matmul_2d_1d_shapes", "x @ y", {"x": x23, "y": F(2)}),
    ("matmul_1d_2d_shapes", "x @ y", {"x": F(3), "y": x23}),
    ("matmul_0d", "x @ y", {"x": F(), "y": F(3)}),
    ("mv_shapes", "x.mv(y)", {"x": x23, "y": F(2)}),
    ("dot_shapes", "x.dot(y)", {"x": F(3), "y": F(2)}),
    ("dot_2d", "x.dot(y)", {"x": x23, "y": y23}),
    ("broadcast_add", "x + y", {"x": x23, "y": F(2)}),
    ("broadcast_mul", "x * y", {"x": F(2, 3), "y": F(3, 2)}),
    ("broadcast_compare", "x < y", {"x": F(4), "y": F(3)}),
    ("reshape_invalid", "x.reshape(4)", {"x": x23}),
    ("reshape_two_inferred", "x.reshape(-1, -1)", {"x": x23}),
    ("view_non_contiguous", "x.t().view(-1)", {"x": x23}),
    ("dim_out_of_range", "x.sum(2)", {"x": x23}),
    ("index_out_of_range", "x[5]", {"x": x23}),
    ("too_many_indices", "x[0, 0, 0]", {"x": x23}),
    ("expand_mismatch", "x.expand(2, 4)", {"x": F(3)}),
    ("cat_mismatch", "torch.cat([x, y])", {"x": x23, "y": F(2, 2)}),
    ("stack_mismatch", "torch.stack([x, y])", {"x": x23, "y": F(3, 2)}),
    ("t_3d", "x.t()", {"x": F(2, 2, 2)}),
    ("clamp_without_bounds", "x.clamp()", {"x": F(3)}),
    ("mean_int", "x.mean()", {"x": I(3)}),
    ("item_many", "x.item()", {"x": F(3)}),
    ("numpy_requires_grad", "x.numpy()", {"x": F(3)}),
    ("bool_ambiguous", "bool(x > 0)", {"x": F(3)}),
    ("grad_unused", "torch.autograd.grad((x * 2).sum(), [x, y])", {"x": F(3), "y": F(3)}),
    ("grad_unused_single", "torch.autograd.grad((x * 2).sum(), y)", {"x": F(3), "y": F(3)}),
    ("grad_input_no_grad", "torch.autograd.grad((x * 2).sum(), y)", {"x": F(3), "y": C(3)}),
    ("grad_non_scalar", "torch.autograd.grad(x * 2, x)", {"x": F(3)}),
    ("retain_grad_no_grad", "x.retain_grad()", {"x": C(3)}),
    ("hook_no_grad", "x.register_hook(lambda g: g)", {"x": C(3)}),
    ("inplace_int_result", "x.add_(1.5)", {"x": I(3)}),
    ("inplace_broadcast_out", "x.clone().add_(y)", {"x": C(3), "y": C(2, 3)}),
    ("linear_shapes", "torch.nn.functional.linear(x, w, b)", {"x": F(3, 5), "w": F(4, 3), "b": F(4)}),
    ("linear_shapes_no_bias", "torch.nn.functional.linear(x, w)", {"x": F(3, 5), "w": F(4, 3)}),
    ("linear_dtypes", "torch.nn.functional.linear(x, w, b)", {"x": D(3, 3), "w": F(4, 3), "b": F(4)}),
    ("cross_entropy_class_out_of_range", "torch.nn.functional.cross_entropy(x, t)",
     {"x": F(2, 3), "t": K([0, 3], "int64", False)}),
    ("cross_entropy_negative_class", "torch.nn.functional.cross_entropy(x, t)",
     {"x": F(2, 3), "t": K([0, -1], "int64", False)}),
    ("cross_entropy_batch_mismatch", "torch.nn.functional.cross_entropy(x, t)",
     {"x": F(3, 4), "t": K([0, 1], "int64", False)}),
    ("nll_loss_float_target", "torch.nn.functional.nll_loss(x, t)", {"x": F(2, 3), "t": C(2)}),
    ("bce_out_of_range", "torch.nn.functional.binary_cross_entropy(x, y)", {"x": K([1.5]), "y": K([1.0])}),
    ("bce_sizes", "torch.nn.functional.binary_cross_entropy(x.sigmoid(), y)", {"x": F(3), "y": C(2)}),
    ("loss_bad_reduction", "torch.nn.functional.mse_loss(x, y, reduction='avg')", {"x": F(3), "y": C(3)}),
    ("optimizer_empty", "torch.optim.SGD([], lr=0.1)", {}),
    ("optimizer_non_leaf", "torch.optim.SGD([x * 2], lr=0.1)", {"x": F(3)}),
    ("optimizer_bad_lr", "torch.optim.Adam([x], lr=-1)", {"x": F(3)}),
    ("load_state_dict_keys",
     "m = torch.nn.Linear(2, 2)\nm.load_state_dict({'weight': torch.zeros(2, 2), 'extra': torch.zeros(1)})", {}),
    ("load_state_dict_shape", "m = torch.nn.Linear(2, 2)\nm.load_state_dict({'weight': torch.zeros(2), 'bias': x})",
     {"x": C(2)}),
]


# -- evaluation, shared by the recorder and the tests ----------------------------------------------------------


def setitem(tensor: Any, key: Any, value: Any) -> Any:
    tensor[key] = value
    return tensor


def iadd(tensor: Any, other: Any) -> Any:
    tensor += other
    return tensor


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


def evaluate(torch: Any, name: str, expr: str, inputs: dict) -> dict:
    """Run one case with ``torch`` and describe its outputs and input gradients."""
    leaves = make_inputs(torch, inputs)
    try:
        out = eval(expr, {"torch": torch, "setitem": setitem, "iadd": iadd, **leaves})
    except Exception as error:  # the error itself is the result
        return {"error": [type(error).__name__, str(error)]}
    outputs = list(out) if isinstance(out, tuple) else [out]
    result: dict = {"outputs": [_encode(t) for t in outputs], "grads": None}
    first = outputs[0]
    wrt = [n for n, t in leaves.items() if t.requires_grad]
    if first.requires_grad and wrt:
        v = torch.tensor(grad_output(name, list(first.shape)).tolist(), dtype=first.dtype)
        grads = torch.autograd.grad(first, [leaves[n] for n in wrt], v, allow_unused=True)
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
    return {n: {"values": make_values(rng, s), "dtype": s["dtype"], "requires_grad": s["requires_grad"]}
            for n, s in inputs.items()}  # fmt: skip


def write_golden(cases_table: list, errors_table: list, evaluate_case: Any, seed: int, out: Path) -> None:
    """Run every case and error case through torch and write what it did to ``out`` (shared by make_*_golden.py)."""
    import torch

    rng = np.random.default_rng(seed)
    cases, errors = [], []
    for name, expr, inputs in cases_table:
        values = _fixed(rng, inputs)
        cases.append({"name": name, "expr": expr, "inputs": values, **evaluate_case(torch, name, expr, values)})
    for name, statements, inputs in errors_table:
        values = _fixed(rng, inputs)
        error = run_error(torch, statements, values)
        if error is None:
            raise SystemExit(f"error case {name} raised nothing in torch")
        errors.append({"name": name, "code": statements, "inputs": values, "error": error})
    document = {"torch_version": torch.__version__, "cases": cases, "errors": errors}
    out.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {len(cases)} cases and {len(errors)} error cases to {out}")


def main() -> None:
    write_golden(CASES, ERRORS, evaluate, SEED, OUT)

if __name__ == "__main__":
    main()
