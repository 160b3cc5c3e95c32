"""Record what PyTorch does at ties, bounds, views and other edges into ``edges.json`` (for ``test_edges.py``).

Run from the repository root with torch installed: ``python tests/golden/make_edges_golden.py``.

A case is a few statements, run with ``torch`` bound to PyTorch or to autograd_nb, and the names of the
probes to record afterwards (expressions evaluated in the same namespace). Inputs are written out in the
statements, so ties and bounds are exact. A tensor probe records its values (-0. kept apart from 0.),
dtype, shape, requires_grad, grad_fn name and the names of its graph; any other probe its repr; a
statement or probe that raises records the exception's type and message.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from make_ops_golden import graph_names  # noqa: E402

OUT = Path(__file__).with_name("edges.json")

# (name, statements, probes)
CASES: list[tuple[str, str, list[str]]] = [
    # -- views share memory and version counters ------------------------------------------------------------
    ("base_inplace_seen_by_view", "x = torch.tensor([1., 2.], requires_grad=True)\ny = x.cos()\nv = y.view(2)\n"
     "y -= x\nv.sum().backward()", ["v", "x.grad", "v._is_view()", "v._base is y"]),
    ("view_inplace_copy_slices", "x = torch.tensor([1., 2., 3.], requires_grad=True)\nw = torch.tensor(5., "
     "requires_grad=True)\nb = x * 3\nrow = b[0]\nrow.mul_(w)\n(b * torch.tensor([1., 10., 100.])).sum().backward()",
     ["b", "row", "x.grad", "w.grad", "b._version", "row._version", "b.grad_fn.name()",
      "type(b.grad_fn).__name__"]),
    ("transposed_view_inplace_constant_base", "x = torch.ones(3, 2, requires_grad=True)\nz = torch.zeros(2, 3)\n"
     "zt = z.t()\nzt.add_(x * 2)\n(z * torch.arange(6.).reshape(2, 3)).sum().backward()", ["z", "zt", "x.grad"]),
    ("saved_tensor_changed_through_view", "x = torch.tensor([1., 2.], requires_grad=True)\ny = x.exp()\n"
     "y[0].mul_(2)\ny.sum().backward()", []),
    ("leaf_view_inplace", "x = torch.tensor([1., 2.], requires_grad=True)\nx[0].mul_(2)", []),
    ("leaf_view_setitem", "x = torch.tensor([1., 2.], requires_grad=True)\nx.t()[0] = 3.", []),
    ("setitem_tensor_value", "x = torch.tensor([1., 2., 3.], requires_grad=True)\nv = torch.tensor(7., "
     "requires_grad=True)\nb = x * 1\nb[1] = v\n(b * torch.tensor([1., 2., 3.])).sum().backward()",
     ["b", "x.grad", "v.grad"]),
    ("select_is_view", "x = torch.tensor([1., 2.], requires_grad=True)\ns = x[0]", ["s", "s._is_view()",
     "x.select(0, 1)._is_view()", "x[...]", "x[()]", "x[:]", "x.detach()._is_view()"]),
    ("expanded_write", "torch.zeros(1).expand(3).add_(1)", []),
    ("expand_as_same_shape_write", "x = torch.zeros(2)\nx.expand_as(x).add_(1)", ["x"]),
    ("view_rederived_after_no_grad_write", "x = torch.tensor([1., 2., 3.], requires_grad=True)\nb = x * 1\n"
     "w = b[1:]\nwith torch.no_grad():\n    b.mul_(2)\nw.sum().backward()", ["w", "x.grad"]),
    # views made under no_grad() or by a multi-output op refuse an in-place op with grad mode on
    ("no_grad_view_inplace", "x = torch.ones(3, requires_grad=True).clone()\nwith torch.no_grad():\n    v = x[:2]",
     ["v.mul_(2)", "v.zero_()", "x._version", "x.grad_fn.name()"]),
    ("no_grad_view_of_leaf_inplace", "x = torch.ones(3, requires_grad=True)\nwith torch.no_grad():\n"
     "    v = x.view(3)", ["v.add_(1)", "x._version"]),
    ("no_grad_view_constant_base", "x = torch.ones(3)\nw = torch.ones(2, requires_grad=True)\n"
     "with torch.no_grad():\n    v = x[:2]", ["v.mul_(w)", "v.mul_(2)", "x"]),
    ("no_grad_view_written_in_no_grad", "x0 = torch.ones(3, requires_grad=True)\nx = x0 * 1\n"
     "with torch.no_grad():\n    v = x[:2]\n    v.mul_(2)\nx.sum().backward()", ["x", "x0.grad"]),
    ("multi_output_view_of_piece", "x = torch.ones(4, requires_grad=True).clone()\nv = x.split(2)[0]",
     ["v[0].mul_(2)", "v.mul_(2)"]),
    ("multi_output_piece_constant_base", "x = torch.ones(4)\nv = x.split(2)[0]",
     ["v.mul_(torch.ones(2, requires_grad=True))", "v.mul_(2)", "x"]),
    ("copy_slices_double_backward", "x = torch.tensor([3., 2.], requires_grad=True)\nb = x * 1\n"
     "b[0].mul_(x[0] * x[1])\ng = torch.autograd.grad(b.sum(), x, create_graph=True)[0]\n"
     "h = torch.autograd.grad(g[0], x)[0]", ["g", "h"]),
    # -- ties and bounds -------------------------------------------------------------------------------------
    ("maximum_ties", "a = torch.tensor([1., 2., 3.], requires_grad=True)\nb = torch.tensor([1., 3., 2.], "
     "requires_grad=True)\n(torch.maximum(a, b) * torch.tensor([1., -2., 3.])).sum().backward()", ["a.grad", "b.grad"]),
    ("minimum_ties", "a = torch.tensor([1., 2., 3.], requires_grad=True)\nb = torch.tensor([1., 3., 2.], "
     "requires_grad=True)\n(torch.minimum(a, b) * torch.tensor([-1., 2., 3.])).sum().backward()", ["a.grad", "b.grad"]),
    ("minimum_mixed_dtype", "a = torch.tensor([0.5, 5.], requires_grad=True)\nb = torch.tensor([0.5, 2.], "
     "dtype=torch.float64, requires_grad=True)\nm = torch.minimum(a, b)\nm.sum().backward()",
     ["m", "a.grad", "b.grad"]),
    ("maximum_output_inplace", "a = torch.tensor([1., 4.], requires_grad=True)\nm = torch.maximum(a, "
     "torch.tensor(2.)) * 1\nn = torch.maximum(a * 1, torch.tensor(2.))\nn.mul_(3)\nn.sum().backward()",
     ["n", "a.grad"]),
    ("clamp_at_bounds", "x = torch.tensor([-1., 0., 0.5, 1., 2.], requires_grad=True)\n"
     "(x.clamp(0, 1) * -1).sum().backward()", ["x.grad"]),
    ("clamp_min_at_bound", "x = torch.tensor([-1., 0., 2.], requires_grad=True)\nx.clamp(min=0).sum().backward()",
     ["x.grad"]),
    ("clamp_tensor_bounds", "x = torch.tensor([1., 2., 3.], requires_grad=True)\nlo = torch.tensor([1.5, 1.5, "
     "1.5], requires_grad=True)\nhi = torch.tensor(2.5, requires_grad=True)\nc = x.clamp(lo, hi)\n"
     "c.sum().backward()", ["c", "x.grad", "lo.grad", "hi.grad", "x.clamp(min=torch.tensor(1.5))",
                             "x.clamp(torch.tensor(1.5), 2.5)"]),
    ("maximum_negative_zero", "t = torch.tensor([-1., 5.], requires_grad=True)\n"
     "(torch.maximum(t, torch.tensor(0.)) * -1).sum().backward()", ["t.grad"]),
    ("inf_norm_ties", "x = torch.tensor([1., -3., 3., 2.], requires_grad=True)\nx.norm(float('inf')).backward()",
     ["x.grad"]),
    ("norm_second_derivative_at_zero", "z = torch.zeros(3, requires_grad=True)\n"
     "g = torch.autograd.grad(z.norm(), z, create_graph=True)[0]\nh = torch.autograd.grad(g.sum(), z)[0]",
     ["g", "h"]),
    ("pow_zero_to_zero", "a = torch.tensor([0., 0., 2.], requires_grad=True)\nb = torch.tensor([0., 1., 0.], "
     "requires_grad=True)\n(a ** b).sum().backward()", ["a.grad", "b.grad"]),
    ("pow_number_base", "x = torch.tensor([-1., 0., 2.], requires_grad=True)\ny = torch.pow(2.0, x)\n"
     "z = torch.tensor([-1., 0., 2.], requires_grad=True)\n(0.0 ** z).sum().backward()", ["y", "z.grad"]),
    # -- found by the fuzz test: signs of zeros, nan and inf, saved outputs of in-place ops --------------------
    ("remainder_zero_sign", "a = torch.tensor([-1., 1., -2., 0., -0.])\nb = torch.tensor([1., -1., 1., -1., 1.])",
     ["a % b", "torch.remainder(a, 1.5)", "2.0 % b", "a // b"]),
    ("amax_first_of_equal_zeros", "x = torch.tensor([[-0., 0.], [0., -0.]])", ["x.amax(0)", "x.amin(1)", "x.amax()"]),
    ("lerp_with_infinities", "s = torch.tensor([float('-inf'), float('inf'), 1.])\n"
     "e = torch.tensor([0.5, 0., float('inf')])", ["s.lerp(e, 0.5)", "s.lerp(e, 0.25)",
                                                   "torch.lerp(s, e, torch.tensor([0.5, 0.75, 0.25]))"]),
    ("clamp_min_tensor_zeros_and_nan", "a = torch.tensor([-0., 0., float('nan'), 1.], requires_grad=True)\n"
     "b = torch.tensor([0., -0., 1., float('nan')], requires_grad=True)\nc = a.clamp_min(b)\nc.sum().backward()",
     ["c", "a.grad", "b.grad", "a.clamp_max(b)", "a.clamp_min(0.)"]),
    ("relu_of_nan_passes_gradient", "x = torch.tensor([-1., 4.], requires_grad=True)\ny = x.log().relu()\n"
     "y.sum().backward()", ["y", "x.grad"]),
    ("pow_exponent_gradient_nan", "a = torch.tensor([0., 0.5], requires_grad=True)\n"
     "(a ** a).backward(torch.tensor([float('nan'), 1.]))", ["a.grad"]),
    ("inplace_saved_output_changed", "x = torch.tensor([0.5, 1.], requires_grad=True)\nh = x * 1\nh.exp_()\n"
     "h.add_(1)\nh.sum().backward()", []),
    ("unbind_of_vector_is_view", "x = torch.tensor([1., 2.])\np = x.unbind()[1]\np.mul_(3)", ["x", "p._is_view()"]),
    ("cumsum_never_negative_zero", "x = torch.tensor([-0., -0., 1.])", ["x.cumsum(0)"]),
    # -- second derivatives and accumulation -----------------------------------------------------------------
    ("create_graph_kinks", "x = torch.tensor([-1., 2., 3.], requires_grad=True)\n"
     "r = torch.autograd.grad(x.relu().sum(), x, create_graph=True)[0]\n"
     "a = torch.autograd.grad(x.abs().sum(), x, create_graph=True)[0]\n"
     "c = torch.autograd.grad(x.clamp(0, 2).sum(), x, create_graph=True)[0]\n"
     "m = torch.autograd.grad(x.max(), x, create_graph=True)[0]", ["r", "a", "c", "m"]),
    ("backward_create_graph_twice", "x = torch.tensor([1., 2.], requires_grad=True)\ny = (x ** 3).sum()\n"
     "y.backward(create_graph=True)\ny.backward(create_graph=True)", ["x.grad"]),
    ("jvp", "x = torch.tensor([1., 2.])\nv = torch.tensor([1., -1.])\n"
     "out, jv = torch.autograd.functional.jvp(lambda t: t ** 2 * 3, x, v)", ["out", "jv"]),
    ("jvp_two_inputs", "out, jv = torch.autograd.functional.jvp(lambda a, b: (a * b).sum(), "
     "(torch.tensor([1., 2.]), torch.tensor([3., 4.])), (torch.tensor([1., 0.]), torch.tensor([0., 1.])))",
     ["out", "jv"]),
    ("hessian_of_empty", "torch.autograd.functional.hessian(lambda t: t.sum(), torch.zeros(0))", []),
    # -- shapes, arguments, errors ---------------------------------------------------------------------------
    ("reshape_alias", "x = torch.ones(2, 3, requires_grad=True) * 1",
     ["x.t().reshape(3, 2, 1)", "x.t().view(3, 2, 1)", "x[:, :2].reshape(4)", "x.expand(2, 2, 3).reshape(-1)"]),
    ("flatten_1d_is_input", "x = torch.zeros(3)\nf = x.flatten()", ["f is x", "torch.tensor(2.).flatten()"]),
    ("sum_to_size_0d", "x = torch.tensor(2., requires_grad=True)\ns = x.sum_to_size(())", ["s", "s is x"]),
    ("squeeze_tuples", "x = torch.zeros(1, 3, 1, requires_grad=True)", ["x.squeeze((0,))", "x.squeeze((0, 2))"]),
    ("vector_at_batch", "x = torch.ones(2, requires_grad=True)\ny = x @ torch.ones(4, 2, 3)", ["y"]),
    ("transpose_0d", "torch.tensor(2., requires_grad=True).transpose(0, 1)", []),
    ("permute_0d", "torch.tensor(2., requires_grad=True).permute(0)", []),
    ("empty_tensors", "e = torch.zeros(0, requires_grad=True)\nf = torch.ones(2, requires_grad=True)\n"
     "torch.cat([e, f]).sum().backward()",
     ["e.grad", "f.grad", "e.softmax(0)", "torch.zeros(2, 0).log_softmax(1)", "e @ torch.zeros(0)",
      "torch.zeros(2, 0) @ torch.zeros(0, 3)"]),
    ("argument_forms", "x = torch.tensor([1., 2., 3.], requires_grad=True)",
     ["x.softmax(0, dtype=torch.float64)", "torch.log_softmax(x, 0, dtype=torch.float64)", "x.sum(axis=0)",
      "torch.mean(x, axis=0)", "x.div(2, rounding_mode='floor')", "torch.div(x, 2, rounding_mode='trunc')",
      "x.div(2, rounding_mode=None)", "torch.tensor([5, -5]).div(2, rounding_mode='floor')",
      "torch.tensor(1.5, requires_grad=True).norm(dim=0)"]),
    ("div_bad_rounding_mode", "torch.tensor([1.]).div(2, rounding_mode='round')", []),
    ("sign_of_nan_and_saved_output", "x = torch.tensor([float('nan'), -1., 0.], requires_grad=True)\n"
     "y = x * 1\ns = y.sgn()\nt = y.sign()\ns.mul_(2)", ["t", "s.sum().backward()"]),
    ("silent_inf_and_nan", "a = torch.tensor(0.).log()\nb = torch.tensor([1., 0.]) / 0\n"
     "c = torch.tensor(-1.).sqrt()", ["a", "b", "c"]),
    # -- a Python number meeting an integer tensor: an operand wraps around, a scalar argument is checked ---------
    ("int_operand_wraps", "t = torch.tensor([1, 100], dtype=torch.int8)\nu = torch.tensor([1, 100], dtype=torch.uint8)",
     ["t + 1000", "1000 + t", "t - 1000", "1000 - t", "t * 300", "t // 1000", "t % 1000", "t & 1000", "t | -1000",
      "t ^ 255", "t < 1000", "t == -24", "t >= -1000", "u + 1000", "u - (-1)", "u < -1", "t.add(1000, alpha=2)",
      "t.add(100, alpha=100)", "torch.tensor([1], dtype=torch.int16) + 100000",
      "torch.tensor([1], dtype=torch.int32) + 2**40", "torch.tensor([1]) + 2**63", "t + 2**64", "t + (-2**63 - 1)"]),
    ("int_operand_wraps_in_place", "t = torch.tensor([1, 100], dtype=torch.int8)\nt += 1000\n"
     "u = torch.tensor([1, 100], dtype=torch.uint8)\nu.mul_(300)\nv = torch.tensor([1, 100], dtype=torch.int8)\n"
     "v.sub_(v, alpha=128)", ["t", "u", "v", "t._version", "v.sub_(v, alpha=-128)", "v._version"]),
    ("alpha_rules", "t = torch.tensor([1, 2], dtype=torch.int8)\nb = torch.tensor([True, False])",
     ["t.add(t, alpha=1.0)", "t.add(1, alpha=0.5)", "t.sub(t, alpha=True)", "t.add(t, alpha=1000)",
      "t.sub(t, alpha=128)", "t.sub(t, alpha=-128)", "b.add(b, alpha=5)", "b.add(True, alpha=3)",
      "t.clone().add_(t, alpha=2.5)", "torch.tensor([1.5]).add(torch.tensor([2.]), alpha=True)",
      "torch.tensor([1.], dtype=torch.float16).add(1, alpha=70000)", "torch.tensor([1.5]).sub(2, alpha=0.5)"]),
    ("bool_subtraction", "b = torch.tensor([True, False])\ni = torch.tensor([1, 2])",
     ["b - b", "b - 1", "1 - b", "i - True", "True - i", "torch.tensor([1.]) - True", "i.clone().sub_(True)",
      "torch.sub(b, 1.5)", "b // b", "b % b", "b // 2", "b + b", "b * 3"]),
    ("scalar_arguments_checked", "t = torch.tensor([1, 100], dtype=torch.int8)\nm = torch.tensor([True, False])",
     ["t.clone().fill_(1000)", "t.clone().fill_(127.9)", "torch.full((2,), 1000, dtype=torch.int8)",
      "torch.full((2,), -1, dtype=torch.uint8)", "torch.full_like(t, 300)", "torch.zeros(2).fill_(1e39)",
      "torch.zeros(2).fill_(float('inf'))", "torch.zeros(2, dtype=torch.float16).fill_(65520.)",
      "t.masked_fill(m, 1000)", "t.masked_fill(m, 127.5)", "torch.zeros(2).masked_fill(m, 1e39)",
      "torch.where(m, t, 1000)", "torch.where(m, t, 1000.)", "t.where(m, -1000)",
      "torch.where(m, torch.zeros(2, dtype=torch.float16), 1e39)", "torch.where(m, torch.zeros(2), 1e39)",
      "t ** 1000", "t ** -1", "t ** 2.5", "t.clone().pow_(300)", "torch.zeros(2, dtype=torch.float16) ** 65520.",
      "torch.ones(2) ** 1e39", "torch.tensor([2], dtype=torch.int32) ** 40"]),
    ("clamp_dtype_and_bounds", "t = torch.tensor([1, 100], dtype=torch.int8)",
     ["t.clamp(max=1000)", "t.clamp(min=-1000)", "t.clamp(max=1.5)", "t.clamp(0.5, 50.5)",
      "torch.tensor([1, 2], dtype=torch.uint8).clamp(max=-1)", "t.clamp(max=float('nan'))",
      "torch.tensor([True]).clamp(max=True)", "torch.tensor([True]).clamp(min=False, max=True)",
      "t.clone().clamp_(max=1.5)", "t.clone().clamp_(max=50)", "t.clamp_min(0.5)", "t.clamp_max(1000)",
      "t.clone().clamp_min_(0.5)", "t.clone().clamp_max_(-5)", "torch.tensor([True]).clamp_min(True)"]),
    # -- found by the fuzz test (seed 5) ---------------------------------------------------------------------
    ("lerp_weight_promotes_beside_0d_ends", "a = torch.tensor(0.5, requires_grad=True)\n"
     "w = torch.tensor(1.566, dtype=torch.float64, requires_grad=True)\ny = torch.lerp(a, a * 3, w)\n"
     "(y * 2).backward()", ["y", "a.grad", "w.grad", "torch.lerp(torch.ones(2), torch.zeros(2), w)"]),
    ("lerp_end_written_after", "s = torch.tensor([[1.6], [0.8]], requires_grad=True)\nw = torch.tensor([[-0.5, 2.]])\n"
     "e = torch.ones(2, 1, requires_grad=True) * 1\ne.zero_()\ny = torch.lerp(s, e, w)\ne.add_(1)\n"
     "y.sum().backward()", ["y", "s.grad"]),
    ("einsum_repeated_subscript_sizes", "x = torch.ones(3, 1)", ["torch.einsum('ii->i', x)",
     "torch.einsum('ij,jj->i', torch.ones(2, 3), torch.ones(3, 2))", "torch.einsum('ii->i', torch.ones(1, 1))"]),
    ("var_accumulates_in_float64", "x = torch.tensor([[0.], [0.], [-1.]]).exp2()\nv = x.var()",
     ["float(v)", "float(x.std())", "torch.floor_divide(torch.tensor(-1.), v)", "float(x.t().var(1))"]),
    ("tie_across_dtypes", "w = torch.tensor(-0.22, dtype=torch.float64, requires_grad=True)\n"
     "x = torch.tensor([-0.22, 3.], requires_grad=True)\ntorch.maximum(w, x).sum().backward()",
     ["w.grad", "x.grad", "torch.autograd.grad(torch.minimum(w, x).sum(), (w, x), create_graph=True)"]),
    ("lerp_fused_multiply_add", "s = torch.tensor([-0.008], requires_grad=True)\nw = s * 1\n"
     "a = torch.lerp(w, s // 2, s)\nb = torch.lerp(a, s, w)", ["a.item()", "b.item()", "(a / b).item()",
     "torch.lerp(torch.tensor(0.1), torch.tensor(0.7), 0.3).item()"]),
    ("pow_shortcuts", "x = torch.tensor([-0., 3.3, 1e-30, float('-inf')], requires_grad=True)\n"
     "d = x.detach().double()\n(x ** 3).sum().backward()",
     ["x ** -0.5", "x ** 3", "d ** -2", "d ** -0.5", "x ** torch.tensor(0.5)", "x.half() ** 0.5", "x.grad",
      "torch.autograd.grad((d.requires_grad_() ** -1).sum(), d)"]),
    ("expanded_tensor_fills", "h = torch.tensor([2., 0.5])\nv = h.expand(2, 2)\nv.tril_()\n"
     "g = torch.tensor([2., 0.5])\ng.expand(2, 2).triu_(1)",
     ["h", "g", "h._version"]),
    ("clamp_tensor_bounds_nan_ties_crossed", "a = torch.tensor([0., 1.5, 3., float('nan'), 0.], requires_grad=True)\n"
     "lo = torch.tensor([2., 1., 0., 0., -0.], requires_grad=True)\nhi = torch.tensor([1., 2., 1., 1., -0.], "
     "requires_grad=True)\nc = a.clamp(lo, hi)\n(c * torch.arange(1., 6.)).sum().backward()",
     ["c", "a.grad", "lo.grad", "hi.grad", "torch.tensor([0., 1.]).clamp(max=torch.tensor(-0.))",
      "torch.tensor([1., 2.]).clamp(min=torch.tensor(float('nan')))"]),
    ("floor_division_by_infinity", "a = torch.tensor([-1., 1., -0.5], requires_grad=True)\n"
     "b = torch.tensor([float('inf'), float('-inf'), float('inf')], requires_grad=True)\n(a % b).sum().backward()",
     ["torch.div(a, b, rounding_mode='floor')", "a // b", "a % b", "a.grad", "b.grad"]),
    ("lerp_weight_one_at_zero", "s = torch.tensor([0.5, -2., 1.])\ne = torch.tensor([-0., -0., 0.])",
     ["torch.lerp(s, e, 1.)", "torch.lerp(s, e, torch.ones(3))"]),
    ("float32_functions_last_bit", "x = torch.tensor([-1., 0.3, 2.5, -0.7])",
     ["x.exp().tolist()", "x.tanh().tolist()", "x.expm1().tolist()", "(x + 1.5).log1p().tolist()",
      "torch.tensor(-1.).exp().item()"]),
    ("copy_slices_with_a_broadcast_gradient", "x = torch.tensor([[[-0.5], [-1.5]], [[1.2], [-0.3]]], "
     "requires_grad=True)\nh = x * 1\nh[0] = 1.5\nh.sum(-3).backward(torch.full((2, 1), float('nan')))",
     ["x.grad", "h"]),
    ("strides_and_contiguous_results", "x = torch.ones(2, 3)\nh = torch.ones(3, 1, 2, requires_grad=True)",
     ["x.stride()", "x.t().stride()", "x.t().stride(0)", "x[:, ::2].stride()", "torch.ones(2, 1).expand(2, 3).stride()",
      "x.unsqueeze(1).stride()", "h.transpose(2, 0).softmax(-2).stride()",
      "h.transpose(2, 0).log_softmax(-2).is_contiguous()", "h.transpose(2, 0).softmax(-2).chunk(2, -1)[-1].flatten()",
      "torch.tensor(2.).log_softmax(-1)", "torch.tensor(2.).softmax(0)", "x.t().cumsum(0).stride()",
      "x.t().cumsum(0).view(-1)"]),
    ("clamp_nan_bound", "x = torch.tensor([1., -2., float('nan')], requires_grad=True)\n"
     "y = x.clamp(min=float('nan'))\nz = x.clamp(max=0.)\n(y + z).sum().backward()", ["y", "z", "x.grad"]),
    # prod over everything: two zeros or more give a zero gradient whatever arrives (found by the fuzz test)
    ("prod_of_two_zeros_with_a_nan_gradient", "x = torch.tensor([[-2., 0., 0.], [0.5, -2., 3.]], requires_grad=True)\n"
     "p = x.prod()\ny = torch.tensor([0., 5.], requires_grad=True)\nq = y.prod()\n(p / p + q / q).backward()\n"
     "s = torch.tensor(float('inf'), requires_grad=True)\ns.prod().backward()", ["x.grad", "y.grad", "s.grad"]),
    # softmax: exp and the sum as PyTorch's kernels take them, last bit included (found by the fuzz test, seed 37)
    ("softmax_last_bits", "x = torch.tensor([1., 0.5, -0.5], requires_grad=True)\ny = torch.arcsin(x).softmax(0)\n"
     "y.sum().backward()\nm = torch.tensor([[0.3, -1.2, 2.5], [1.1, 0.4, -0.7]])",
     ["y.tolist()", "x.grad", "m.softmax(0).tolist()", "m.double().softmax(1).tolist()",
      "m.double().softmax(0).tolist()", "m.half().softmax(1).tolist()", "m.log_softmax(1).tolist()",
      "m.log_softmax(0).tolist()", "torch.arcsin(x).log_softmax(0).tolist()"]),
    # an empty tensor scattered into itself: the same tensor is refused even with no memory (seed 51)
    ("scatter_add_into_itself_when_empty", "v = torch.zeros(0, requires_grad=True) * 1\n"
     "v.scatter_add_(-1, torch.zeros((0,), dtype=torch.long), v)", []),
    # einsum with two dtypes: refused where PyTorch contracts a pair by a matrix product (fuzz test, seed 52)
    ("einsum_mixed_dtypes", "a = torch.ones(2, 3, dtype=torch.float64)\nb = torch.ones(3, 4)\n"
     "c = torch.ones(4, dtype=torch.float16)\nf = torch.ones(2, 3)\nl = torch.ones(3, dtype=torch.int64)",
     ["torch.einsum('ij,jk,k->i', a, b, c)", "torch.einsum('ij,jk->ijk', a, b)", "torch.einsum('ij,j->i', f, l)",
      "torch.einsum('i,j->', f[0], a[0])", "torch.einsum('ij,ij->i', f, a)",
      "torch.einsum('ij,j->i', f[:, :1], a[0, :1])", "torch.einsum('ij,j->i', f[:, :1], a[0])"]),
    # tensor ** tensor is pow element by element, also for an exponent broadcast from one value (seed 29)
    ("pow_of_signed_zeros_by_a_broadcast_exponent", "x = torch.tensor([[0.], [-0.]], requires_grad=True)\n"
     "y = x ** torch.tensor([[0.5]])\nz = x ** torch.tensor(1.5)\nz.sum().backward()", ["y", "z", "x.grad"]),
]


def _encode(value: Any, torch: Any) -> Any:
    if isinstance(value, torch.Tensor):
        import numpy as np

        array = value.detach().numpy()
        return {
            "values": array.tolist(),
            "negative_zeros": np.signbit(array[array == 0]).tolist() if array.dtype.kind == "f" else [],
            "dtype": str(value.dtype).removeprefix("torch."),
            "shape": list(value.shape),
            "requires_grad": value.requires_grad,
            "grad_fn": value.grad_fn.name() if value.grad_fn is not None else None,
            "graph": graph_names(value),
        }
    if isinstance(value, tuple):
        return [_encode(v, torch) for v in value]
    return {"repr": repr(value)}


def run(torch: Any, statements: str, probes: list[str]) -> dict:
    """Run one case with ``torch`` (PyTorch or autograd_nb) and describe what it left behind."""
    namespace: dict = {"torch": torch}
    try:
        exec(statements, namespace)
    except Exception as error:
        return {"error": [type(error).__name__, str(error)], "probes": {}}
    result: dict = {"error": None, "probes": {}}
    for probe in probes:
        try:
            result["probes"][probe] = _encode(eval(probe, namespace), torch)
        except Exception as error:
            result["probes"][probe] = {"error": [type(error).__name__, str(error)]}
    return result


def main() -> None:
    import torch

    cases = [{"name": name, "code": code, **run(torch, code, probes)} for name, code, probes in CASES]
    OUT.write_text(json.dumps({"torch_version": torch.__version__, "cases": cases}, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
