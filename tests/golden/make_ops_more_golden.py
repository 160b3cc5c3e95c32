"""Record what PyTorch computes for the ops added after ``ops.json``, into ``ops_more.json``.

Run it from the repository root with torch installed (``python tests/golden/make_ops_more_golden.py``).
Cases and error cases have the format of ``make_ops_golden.py`` (whose input helpers and encoders this
reuses); in addition, a gradient that PyTorch refuses to compute (``floor_divide`` has no derivative)
is recorded as ``"grads": {"error": [type, message]}``. Cases named ``einsum_*`` compare values and
gradients only: the engine's einsum graph is not PyTorch's (see README, differences from PyTorch).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from make_ops_golden import B, C, D, F, I, K, P, _encode, grad_output, make_inputs, run_error, spec, write_golden  # noqa: E402, F401 (run_error: the tests reach it here)

OUT = Path(__file__).with_name("ops_more.json")
SEED = 20261127
nan, inf = float("nan"), float("inf")


def U(*shape: int) -> dict:
    """float32 that requires grad, values in (-0.9, 0.9): the domain of asin and acos."""
    return spec(*shape, low=-0.9, high=0.9)


x23, y23 = F(2, 3), F(2, 3)
CASES: list[tuple[str, str, dict]] = [
    # floor division and remainder (PyTorch has no derivative for floor_divide, nor for number % tensor)
    ("floordiv", "x // y", {"x": x23, "y": P(2, 3)}),
    ("floordiv_scalar", "x // 0.5", {"x": x23}),
    ("floordiv_negative", "x // 2", {"x": K([7.0, -7.0, 7.5, -0.5], grad=False)}),
    ("floordiv_int", "x // y", {"x": I(4), "y": I(4)}),
    ("floordiv_int_negative", "x // -2", {"x": K([7, -7, 3, 0], "int64", False)}),
    ("rfloordiv", "7 // x", {"x": P(3)}),
    ("torch_floor_divide", "torch.floor_divide(x, y)", {"x": C(2, 3), "y": P(3)}),
    ("floor_divide_method", "x.floor_divide(2.0)", {"x": C(4)}),
    ("mod", "x % y", {"x": x23, "y": P(2, 3)}),
    ("mod_broadcast", "x % y", {"x": x23, "y": P(3)}),
    ("mod_scalar", "x % 1.5", {"x": x23}),
    ("mod_negative_divisor", "x % -1.5", {"x": x23}),
    ("mod_int", "x % 3", {"x": K([7, -7, 3, 0], "int64", False)}),
    ("rmod", "2.5 % x", {"x": P(3)}),
    ("torch_remainder", "torch.remainder(x, y)", {"x": x23, "y": P(2, 3)}),
    ("remainder_method", "x.remainder(0.7)", {"x": x23}),
    ("torch_remainder_number_first", "torch.remainder(2.5, x)", {"x": P(3)}),
    ("torch_floor_divide_number_first", "torch.floor_divide(7, x)", {"x": P(3)}),
    # nan and inf
    ("isnan", "x.isnan()", {"x": K([nan, 1.0, inf, -inf])}),
    ("isinf", "torch.isinf(x)", {"x": K([nan, 1.0, inf, -inf])}),
    ("isfinite", "x.isfinite()", {"x": K([nan, 1.0, inf, -inf])}),
    ("isnan_int", "torch.isnan(x)", {"x": I(3)}),
    ("nan_to_num", "x.nan_to_num()", {"x": K([nan, 1.5, inf, -inf])}),
    ("nan_to_num_args", "torch.nan_to_num(x, nan=1.0, posinf=2.0, neginf=-2.0)", {"x": K([nan, 1.5, inf, -inf])}),
    ("nan_to_num_double", "x.nan_to_num()", {"x": K([nan, 0.5, inf, -inf], "float64")}),
    ("nan_to_num_int", "x.nan_to_num()", {"x": I(3)}),
    # elementwise functions
    ("square", "x.square()", {"x": x23}),
    ("torch_square", "torch.square(x)", {"x": x23}),
    ("square_int", "x.square()", {"x": I(3)}),
    ("log1p", "x.log1p()", {"x": spec(2, 3, low=-0.5, high=2.0)}),
    ("torch_log1p", "torch.log1p(x)", {"x": P(3)}),
    ("log1p_int", "x.log1p()", {"x": I(3)}),
    ("expm1", "x.expm1()", {"x": x23}),
    ("torch_expm1", "torch.expm1(x)", {"x": F(3)}),
    ("log2", "x.log2()", {"x": P(2, 3)}),
    ("torch_log2", "torch.log2(x)", {"x": P(3)}),
    ("exp2", "x.exp2()", {"x": x23}),
    ("exp2_int", "torch.exp2(x)", {"x": I(3)}),
    ("rsqrt", "x.rsqrt()", {"x": P(2, 3)}),
    ("torch_rsqrt", "torch.rsqrt(x)", {"x": P(3)}),
    ("rsqrt_zero", "x.rsqrt()", {"x": K([0.0, 4.0], grad=False)}),
    ("tan", "x.tan()", {"x": spec(2, 3, low=-1.2, high=1.2)}),
    ("torch_tan", "torch.tan(x)", {"x": F(3)}),
    ("atan", "x.atan()", {"x": x23}),
    ("arctan", "torch.arctan(x)", {"x": F(3)}),
    ("sinh", "x.sinh()", {"x": x23}),
    ("torch_sinh", "torch.sinh(x)", {"x": F(3)}),
    ("cosh", "x.cosh()", {"x": x23}),
    ("torch_cosh", "torch.cosh(x)", {"x": F(3)}),
    ("asin", "x.asin()", {"x": U(2, 3)}),
    ("arcsin", "torch.arcsin(x)", {"x": U(3)}),
    ("acos", "x.acos()", {"x": U(2, 3)}),
    ("arccos", "torch.arccos(x)", {"x": U(3)}),
    ("addcmul", "torch.addcmul(x, y, z)", {"x": x23, "y": y23, "z": F(2, 3)}),
    ("addcmul_value_broadcast", "torch.addcmul(x, y, z, value=0.5)", {"x": F(3), "y": F(2, 1), "z": F(2, 3)}),
    ("addcmul_method", "x.addcmul(y, z, value=-2)", {"x": x23, "y": C(2, 3), "z": F(3)}),
    ("lerp", "torch.lerp(x, y, 0.3)", {"x": x23, "y": y23}),
    ("lerp_method", "x.lerp(y, 0.75)", {"x": x23, "y": F(3)}),
    ("lerp_tensor_weight", "torch.lerp(x, y, w)", {"x": x23, "y": y23, "w": F(3)}),
    ("clamp_min", "x.clamp_min(0.2)", {"x": x23}),
    ("clamp_min_at_bound", "x.clamp_min(1.0)", {"x": K([0.5, 1.0, 1.5])}),
    ("torch_clamp_min", "torch.clamp_min(x, -0.5)", {"x": x23}),
    ("clamp_max", "x.clamp_max(0.2)", {"x": x23}),
    ("clamp_max_at_bound", "torch.clamp_max(x, 1.0)", {"x": K([0.5, 1.0, 1.5])}),
    ("clamp_min_tensor", "x.clamp_min(y)", {"x": K([0.5, 1.0, 1.5]), "y": K([1.0, 1.0, 1.0])}),
    ("clamp_max_tensor", "torch.clamp_max(x, y)", {"x": x23, "y": F(3)}),
    ("clamp_min_int", "x.clamp_min(2)", {"x": I(4)}),
    # reductions
    ("logsumexp", "x.logsumexp(1)", {"x": x23}),
    ("logsumexp_keepdim", "x.logsumexp(0, keepdim=True)", {"x": x23}),
    ("logsumexp_dims", "torch.logsumexp(x, (0, 2))", {"x": F(2, 3, 2)}),
    ("logsumexp_large", "x.logsumexp(0)", {"x": K([1000.0, 1000.0, 999.0])}),
    ("logsumexp_neg_inf", "x.logsumexp(0)", {"x": K([-inf, -inf], grad=False)}),
    ("logsumexp_int", "x.logsumexp(0)", {"x": I(3)}),
    ("prod", "x.prod()", {"x": x23}),
    ("torch_prod", "torch.prod(x)", {"x": F(4)}),
    ("prod_dim", "x.prod(1)", {"x": x23}),
    ("prod_keepdim", "torch.prod(x, 0, keepdim=True)", {"x": x23}),
    ("prod_one_zero", "x.prod()", {"x": K([2.0, 0.0, 3.0])}),
    ("prod_two_zeros", "x.prod()", {"x": K([0.0, 2.0, 0.0])}),
    ("prod_dim_zeros", "x.prod(1)", {"x": K([[1.0, 0.0, 2.0], [2.0, 3.0, 4.0], [0.0, 0.0, 5.0]])}),
    ("prod_int", "x.prod()", {"x": I(3)}),
    ("prod_dtype", "x.prod(dtype=torch.float64)", {"x": F(3)}),
    ("prod_0d", "x.prod()", {"x": F()}),
    ("cumsum", "x.cumsum(0)", {"x": x23}),
    ("cumsum_dim1", "torch.cumsum(x, dim=1)", {"x": x23}),
    ("cumsum_negative_dim", "x.cumsum(-1)", {"x": F(2, 2, 3)}),
    ("cumsum_dtype", "x.cumsum(0, dtype=torch.float64)", {"x": F(4)}),
    ("cumsum_int", "x.cumsum(0)", {"x": I(4)}),
    ("amax", "x.amax()", {"x": x23}),
    ("amax_dim", "x.amax(1)", {"x": x23}),
    ("amax_dims_keepdim", "torch.amax(x, (0, 2), keepdim=True)", {"x": F(2, 3, 2)}),
    ("amax_ties", "x.amax()", {"x": K([1.0, 3.0, 3.0, 2.0])}),
    ("amax_dim_ties", "x.amax(0)", {"x": K([[1.0, 5.0], [1.0, 2.0], [0.0, 5.0]])}),
    ("amin", "x.amin()", {"x": x23}),
    ("amin_dim_ties", "torch.amin(x, 1)", {"x": K([[1.0, 1.0, 2.0], [0.0, -1.0, -1.0]])}),
    ("amax_int", "x.amax()", {"x": I(4)}),
    ("var", "x.var()", {"x": x23}),
    ("torch_var", "torch.var(x)", {"x": F(5)}),
    ("var_dim", "x.var(1)", {"x": x23}),
    ("var_unbiased_false", "x.var(unbiased=False)", {"x": x23}),
    ("var_positional", "torch.var(x, 0, True, True)", {"x": x23}),
    ("var_correction", "x.var(dim=(0, 1), correction=0, keepdim=True)", {"x": x23}),
    ("var_unbiased_positional", "x.var(False)", {"x": x23}),
    ("std", "x.std()", {"x": x23}),
    ("torch_std", "torch.std(x, dim=0)", {"x": x23}),
    ("std_unbiased_false", "x.std(1, unbiased=False, keepdim=True)", {"x": x23}),
    ("std_correction", "x.std(correction=0)", {"x": D(4)}),
    # linear algebra
    ("outer", "torch.outer(x, y)", {"x": F(3), "y": F(4)}),
    ("outer_method", "x.outer(y)", {"x": F(2), "y": C(3)}),
    ("outer_int_float", "torch.outer(x, y)", {"x": I(2), "y": F(3)}),
    ("einsum_mm", "torch.einsum('ij,jk->ik', x, y)", {"x": x23, "y": F(3, 4)}),
    ("einsum_bmm", "torch.einsum('bij,bjk->bik', x, y)", {"x": F(2, 2, 3), "y": F(2, 3, 2)}),
    ("einsum_outer", "torch.einsum('i,j->ij', x, y)", {"x": F(3), "y": F(2)}),
    ("einsum_trace", "torch.einsum('ii->', x)", {"x": F(3, 3)}),
    ("einsum_diagonal", "torch.einsum('ii->i', x)", {"x": F(3, 3)}),
    ("einsum_sum_index", "torch.einsum('ij->i', x)", {"x": x23}),
    ("einsum_sum_all", "torch.einsum('ij->', x)", {"x": x23}),
    ("einsum_transpose", "torch.einsum('ij->ji', x)", {"x": x23}),
    ("einsum_bilinear", "torch.einsum('i,ij,j->', x, a, y)", {"x": F(2), "a": F(2, 3), "y": F(3)}),
    ("einsum_bilinear_batch", "torch.einsum('bi,ij,bj->b', x, a, y)", {"x": F(4, 2), "a": F(2, 3), "y": F(4, 3)}),
    ("einsum_dot", "torch.einsum('i,i->', x, y)", {"x": F(4), "y": F(4)}),
    ("einsum_hadamard", "torch.einsum('ij,ij->ij', x, y)", {"x": x23, "y": y23}),
    ("einsum_mv", "torch.einsum('ij,j->i', x, y)", {"x": x23, "y": F(3)}),
    ("einsum_implicit", "torch.einsum('ij,jk', x, y)", {"x": x23, "y": F(3, 2)}),
    ("einsum_list", "torch.einsum('ij,jk->ik', [x, y])", {"x": x23, "y": F(3, 2)}),
    ("einsum_ellipsis", "torch.einsum('...ij,...jk->...ik', x, y)", {"x": F(2, 2, 3), "y": F(3, 2)}),
    ("einsum_spaces", "torch.einsum('i j , j -> i', x, y)", {"x": x23, "y": C(3)}),
    ("einsum_upper_implicit", "torch.einsum('Ji,i', x, y)", {"x": x23, "y": F(3)}),
    ("einsum_batch_trace", "torch.einsum('bii->b', x)", {"x": F(2, 3, 3)}),
    # shapes and views
    ("flip", "x.flip(0)", {"x": x23}),
    ("flip_dims", "torch.flip(x, (0, 2))", {"x": F(2, 3, 2)}),
    ("flip_varargs", "x.flip(1, 0)", {"x": x23}),
    ("repeat", "x.repeat(2, 1)", {"x": x23}),
    ("repeat_new_dims", "x.repeat(2, 1, 3)", {"x": F(3, 1)}),
    ("tile", "x.tile(2)", {"x": x23}),
    ("torch_tile", "torch.tile(x, (2, 1, 1))", {"x": F(3)}),
    ("chunk", "x.chunk(2)", {"x": F(4, 2)}),
    ("chunk_uneven", "x.chunk(2, 1)", {"x": x23}),
    ("chunk_more_than_size", "torch.chunk(x, 5)", {"x": F(3)}),
    ("chunk_second", "x.chunk(3)[1] * 2", {"x": F(6)}),
    ("split", "x.split(2)", {"x": F(5, 2)}),
    ("split_sizes", "x.split([1, 2], dim=1)", {"x": x23}),
    ("torch_split", "torch.split(x, 1)", {"x": x23}),
    ("split_whole", "x.split(3, 1)", {"x": x23}),
    ("unbind", "x.unbind()", {"x": x23}),
    ("unbind_dim1", "torch.unbind(x, 1)", {"x": x23}),
    ("unbind_last", "x.unbind(-1)[2] * 3", {"x": x23}),
    ("mT", "x.mT", {"x": x23}),
    ("mT_batch", "x.mT", {"x": F(2, 3, 2)}),
    ("swapaxes", "x.swapaxes(0, 2)", {"x": F(2, 3, 2)}),
    ("torch_swapdims", "torch.swapdims(x, 0, 1)", {"x": x23}),
    ("movedim", "x.movedim(0, -1)", {"x": F(2, 3, 4)}),
    ("movedim_tuple", "torch.movedim(x, (0, 1), (2, 0))", {"x": F(2, 3, 4)}),
    ("moveaxis", "x.moveaxis(1, 0)", {"x": x23}),
    ("tril", "x.tril()", {"x": F(3, 3)}),
    ("torch_tril_negative", "torch.tril(x, -1)", {"x": F(3, 4)}),
    ("triu", "x.triu(1)", {"x": F(3, 4)}),
    ("triu_batch", "torch.triu(x)", {"x": F(2, 2, 3)}),
    ("tril_beyond", "x.tril(5)", {"x": x23}),
    ("diagonal", "x.diagonal()", {"x": F(3, 3)}),
    ("diagonal_offset", "torch.diagonal(x, 1)", {"x": F(3, 4)}),
    ("diagonal_dims", "x.diagonal(-1, 0, 2)", {"x": F(3, 2, 3)}),
    # indexing
    ("index_select", "x.index_select(0, i)", {"x": F(4, 2), "i": K([3, 0], "int64", False)}),
    ("index_select_repeated", "torch.index_select(x, 1, i)", {"x": x23, "i": K([2, 2, 0, 2], "int64", False)}),
    ("index_select_empty", "x.index_select(1, i)", {"x": x23, "i": K([], "int64", False)}),
    ("gather", "x.gather(1, i)", {"x": x23, "i": K([[0, 0], [2, 1]], "int64", False)}),
    ("gather_dim0", "torch.gather(x, 0, i)", {"x": x23, "i": K([[1, 0, 1]], "int64", False)}),
    ("gather_negative_dim", "x.gather(-1, i)", {"x": F(2, 2, 3), "i": K([[[2], [0]], [[1], [1]]], "int64", False)}),
    ("scatter_add", "x.scatter_add(1, i, y)", {"x": x23, "i": K([[0, 0], [2, 1]], "int64", False), "y": F(2, 2)}),
    ("scatter_add_dim0", "torch.scatter_add(x, 0, i, y)",
     {"x": F(3, 2), "i": K([[0, 2], [0, 0]], "int64", False), "y": F(2, 2)}),  # fmt: skip
    ("masked_select", "x.masked_select(x > 0)", {"x": x23}),
    ("masked_select_broadcast", "torch.masked_select(x, m)", {"x": x23, "m": K([True, False, True], "bool", False)}),
    ("masked_select_mask_bigger", "x.masked_select(m)", {"x": F(3), "m": B(2, 3)}),
    # empty tensors, bounds and degenerate cases
    ("prod_empty", "x.prod()", {"x": K([])}),
    ("cumsum_empty", "x.cumsum(0)", {"x": K([])}),
    ("logsumexp_empty", "x.logsumexp(0)", {"x": K([])}),
    ("amax_empty_other_dim", "x.amax(1)", {"x": spec(0, 3)}),
    ("var_empty", "x.var()", {"x": K([])}),
    ("var_one_element", "x.var()", {"x": K([1.5])}),
    ("std_no_spread", "x.std()", {"x": K([1.0, 1.0])}),
    ("std_dim_no_spread", "x.std(1)", {"x": K([[1.0, 1.0], [1.0, 2.0]])}),
    ("masked_select_nothing", "x.masked_select(x > 5)", {"x": x23}),
    ("chunk_empty", "x.chunk(2, 1)", {"x": spec(2, 0)}),
    ("split_empty", "x.split(2, 1)", {"x": spec(2, 0)}),
    ("flip_empty", "x.flip(0)", {"x": K([])}),
    ("repeat_zero", "x.repeat(2, 0)", {"x": x23}),
    ("tril_empty", "x.tril()", {"x": spec(2, 0)}),
    ("gather_empty_index", "x.gather(1, i)", {"x": x23, "i": K([[], []], "int64", False)}),
    ("einsum_empty_sum", "torch.einsum('ij,jk->ik', x, y)", {"x": spec(2, 0), "y": spec(0, 3)}),
    ("asin_bounds", "x.asin()", {"x": K([1.0, -1.0, 0.5])}),
    ("acos_bounds", "x.acos()", {"x": K([1.0, -1.0, 0.5])}),
    ("rsqrt_zero_grad", "x.rsqrt()", {"x": K([0.0, 4.0])}),
    ("log2_zero", "x.log2()", {"x": K([0.0, 2.0])}),
    ("nan_to_num_keeps_finite", "x.nan_to_num()", {"x": x23}),
    # in-place forms on tensors with history
    ("square_inplace", "x.clone().square_()", {"x": x23}),
    ("exp_inplace", "x.clone().exp_()", {"x": x23}),
    ("relu_inplace", "(x * 1).relu_()", {"x": x23}),
    ("abs_inplace", "x.clone().abs_()", {"x": x23}),
    ("sqrt_inplace", "x.clone().sqrt_()", {"x": P(2, 3)}),
    ("log_inplace", "x.clone().log_()", {"x": P(2, 3)}),
    ("sin_inplace", "x.clone().sin_()", {"x": x23}),
    ("cos_inplace", "x.clone().cos_()", {"x": x23}),
    ("tanh_inplace", "x.clone().tanh_()", {"x": x23}),
    ("sigmoid_inplace", "x.clone().sigmoid_()", {"x": x23}),
    ("neg_inplace", "x.clone().neg_()", {"x": x23}),
    ("reciprocal_inplace", "x.clone().reciprocal_()", {"x": P(2, 3)}),
    ("log1p_inplace", "x.clone().log1p_()", {"x": P(3)}),
    ("expm1_inplace", "x.clone().expm1_()", {"x": F(3)}),
    ("log2_inplace", "x.clone().log2_()", {"x": P(3)}),
    ("exp2_inplace", "x.clone().exp2_()", {"x": F(3)}),
    ("rsqrt_inplace", "x.clone().rsqrt_()", {"x": P(3)}),
    ("tan_inplace", "x.clone().tan_()", {"x": U(3)}),
    ("atan_inplace", "x.clone().atan_()", {"x": F(3)}),
    ("sinh_inplace", "x.clone().sinh_()", {"x": F(3)}),
    ("cosh_inplace", "x.clone().cosh_()", {"x": F(3)}),
    ("asin_inplace", "x.clone().asin_()", {"x": U(3)}),
    ("acos_inplace", "x.clone().acos_()", {"x": U(3)}),
    ("pow_inplace", "x.clone().pow_(3)", {"x": F(3)}),
    ("clamp_min_inplace", "x.clone().clamp_min_(0.0)", {"x": x23}),
    ("clamp_max_inplace", "x.clone().clamp_max_(0.0)", {"x": x23}),
    ("remainder_inplace", "x.clone().remainder_(0.7)", {"x": x23}),
    ("imod", "imod(x * 1, 0.7)", {"x": x23}),
    ("nan_to_num_inplace", "(x * 1).nan_to_num_()", {"x": K([nan, 1.5, inf])}),
    ("addcmul_inplace", "x.clone().addcmul_(y, z, value=2)", {"x": x23, "y": y23, "z": F(3)}),
    ("lerp_inplace", "x.clone().lerp_(y, 0.25)", {"x": x23, "y": y23}),
    ("cumsum_inplace", "x.clone().cumsum_(1)", {"x": x23}),
    ("tril_inplace", "x.clone().tril_()", {"x": F(3, 3)}),
    ("triu_inplace", "x.clone().triu_(-1)", {"x": F(3, 3)}),
    ("scatter_add_inplace", "x.clone().scatter_add_(0, i, y)", {"x": F(3), "i": K([0, 0], "int64", False), "y": F(2)}),
    ("masked_fill_inplace", "x.clone().masked_fill_(x > 0, 0.5)", {"x": x23}),
    ("exp_inplace_no_grad", "x.exp_()", {"x": C(3)}),
    ("floor_divide_inplace_int", "x.floor_divide_(2)", {"x": I(4)}),
    ("inplace_piece_without_grad", "x.split(2)[0].mul_(2)", {"x": C(4)}),
]

ERRORS: list[tuple[str, str, dict]] = [
    ("floordiv_backward", "(x // 2).sum().backward()", {"x": F(3)}),
    ("rmod_backward", "(2 % x).sum().backward()", {"x": P(3)}),
    ("floordiv_int_zero", "x // y", {"x": I(2), "y": K([0, 1], "int64", False)}),
    ("mod_int_zero", "x % 0", {"x": I(2)}),
    ("var_int", "x.var()", {"x": I(3)}),
    ("amax_empty", "x.amax()", {"x": K([], grad=False)}),
    ("amax_empty_dim", "x.amax(0)", {"x": spec(0, 3, grad=False)}),
    ("amax_dim_out_of_range", "x.amax(2)", {"x": x23}),
    ("cumsum_dim_out_of_range", "x.cumsum(2)", {"x": x23}),
    ("logsumexp_dim_out_of_range", "x.logsumexp(2)", {"x": x23}),
    ("prod_dim_out_of_range", "x.prod(-3)", {"x": x23}),
    ("index_select_out_of_range", "x.index_select(0, torch.tensor([3]))", {"x": x23}),
    ("index_select_2d_index", "x.index_select(0, torch.tensor([[0]]))", {"x": x23}),
    ("index_select_float_index", "x.index_select(0, torch.tensor([0.0]))", {"x": x23}),
    ("gather_wrong_dims", "x.gather(1, torch.tensor([0]))", {"x": x23}),
    ("gather_out_of_range", "x.gather(1, torch.tensor([[5]]))", {"x": x23}),
    ("gather_float_index", "x.gather(1, torch.tensor([[0.0]]))", {"x": x23}),
    ("gather_index_too_big", "x.gather(0, torch.tensor([[0, 0, 0, 0]]))", {"x": x23}),
    ("scatter_add_out_of_range", "x.scatter_add(1, torch.tensor([[5]]), x)", {"x": x23}),
    ("scatter_add_dtype", "x.scatter_add(1, torch.tensor([[0]]), y)", {"x": x23, "y": D(1, 1)}),
    ("masked_select_not_bool", "x.masked_select(torch.tensor([1, 0, 1]))", {"x": x23}),
    ("masked_select_shapes", "x.masked_select(torch.ones(2, dtype=torch.bool))", {"x": x23}),
    ("flip_repeated_dim", "x.flip(0, 0)", {"x": x23}),
    ("flip_dim_out_of_range", "x.flip(2)", {"x": x23}),
    ("repeat_too_few", "x.repeat(2)", {"x": x23}),
    ("chunk_zero", "x.chunk(0)", {"x": x23}),
    ("split_zero", "x.split(0)", {"x": x23}),
    ("split_sizes_sum", "x.split([1, 1])", {"x": F(3, 2)}),
    ("unbind_dim_out_of_range", "x.unbind(2)", {"x": x23}),
    ("mT_1d", "x.mT", {"x": F(3)}),
    ("movedim_lengths", "x.movedim((0, 1), (0,))", {"x": x23}),
    ("movedim_out_of_range", "x.movedim(0, 2)", {"x": x23}),
    ("swapaxes_out_of_range", "x.swapaxes(0, 2)", {"x": x23}),
    ("tril_1d", "x.tril()", {"x": F(3)}),
    ("triu_1d", "torch.triu(x)", {"x": F(3)}),
    ("outer_2d", "torch.outer(x, x)", {"x": x23}),
    ("einsum_size_mismatch", "torch.einsum('ij,jk->ik', x, x)", {"x": x23}),
    ("einsum_unknown_output", "torch.einsum('ij->k', x)", {"x": x23}),
    ("einsum_wrong_ndim", "torch.einsum('ijk->', x)", {"x": x23}),
    ("einsum_too_few_operands", "torch.einsum('ij,j', x)", {"x": x23}),
    ("einsum_too_many_operands", "torch.einsum('ij', x, x)", {"x": x23}),
    ("einsum_repeated_output", "torch.einsum('ij->ii', x)", {"x": x23}),
    ("einsum_invalid_subscript", "torch.einsum('i1->i', x)", {"x": x23}),
    ("einsum_no_arrow", "torch.einsum('ij-ji', x)", {"x": x23}),
    ("inplace_split_piece", "(x * 1).split(2)[1].mul_(2)", {"x": F(4, 2)}),
    ("inplace_chunk_piece", "(x * 1).chunk(2)[0].exp_()", {"x": F(4)}),
    ("inplace_unbind_piece", "(x * 1).unbind(1)[1].zero_()", {"x": F(4, 2)}),
    ("inplace_split_sizes_piece", "(x * 1).split([1, 3])[1].add_(1)", {"x": F(4)}),
    ("inplace_leaf_exp", "x.exp_()", {"x": F(3)}),
    ("inplace_int_exp", "x.exp_()", {"x": I(3)}),
    ("inplace_saved_square", "y = x * 1\nz = y.square()\ny.exp_()\nz.sum().backward()", {"x": F(3)}),
]


# -- evaluation, shared by the recorder and the tests ----------------------------------------------------------


def imod(tensor: Any, other: Any) -> Any:
    tensor %= other
    return tensor


def evaluate(torch: Any, name: str, expr: str, inputs: dict) -> dict:
    """``make_ops_golden.evaluate``, except that a refused gradient is recorded rather than raised."""
    leaves = make_inputs(torch, inputs)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = eval(expr, {"torch": torch, "imod": imod, **leaves})
    except Exception as error:  # the error itself is the result
        return {"error": [type(error).__name__, str(error)]}
    outputs = list(out) if isinstance(out, tuple) else [out]
    result: dict = {"outputs": [_encode(t) for t in outputs], "grads": None}
    first = outputs[0]
    wrt = [n for n, t in leaves.items() if t.requires_grad]
    if first.requires_grad and wrt:
        v = torch.tensor(grad_output(name, list(first.shape)).tolist(), dtype=first.dtype)
        try:
            grads = torch.autograd.grad(first, [leaves[n] for n in wrt], v, allow_unused=True)
        except RuntimeError as error:
            result["grads"] = {"error": [type(error).__name__, str(error)]}
            return result
        result["grads"] = {n: None if g is None else _encode(g) for n, g in zip(wrt, grads)}
    return result


def main() -> None:
    write_golden(CASES, ERRORS, evaluate, SEED, OUT)

if __name__ == "__main__":
    main()
