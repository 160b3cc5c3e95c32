"""Differential fuzzing: random programs run through PyTorch and autograd_nb must agree.

Each program is 2–12 statements over 0-d to 3-d float tensors, drawn from a seeded generator that aims at
the places where engines differ: ties and kinks (values from a small set that repeats), bounds and domain
edges, empty tensors, views and in-place ops through them, index tensors, nan and inf. After every program
the two runs are compared: for every tensor variable its values, dtype, ``requires_grad``, ``grad_fn`` name
and printed text; the ``.grad`` of every leaf (a -0. there counts as 0.); and, where PyTorch raises, the
statement that raised and the exception type.

    AUTOGRAD_NB_FUZZ=5000 pytest tests/test_fuzz.py     # more programs (default 200)
    AUTOGRAD_NB_FUZZ_SEED=7 pytest tests/test_fuzz.py   # another stream of programs

A failing program is printed as code to paste into a shell with ``import torch`` (or
``import autograd_nb as torch``).

A second, exhaustive test puts a Python number (around each dtype's bounds, fractional, nan, inf, a bool) beside
a tensor of every dtype in every operator and scalar argument, and compares results and exceptions with PyTorch's.
"""

from __future__ import annotations

import os
import random
import warnings
from typing import Any

import numpy as np
import pytest

import autograd_nb

real_torch = pytest.importorskip(
    "torch", reason="the fuzz test compares with PyTorch, which is not importable: pip install torch==2.13.0"
)

PROGRAMS = int(os.environ.get("AUTOGRAD_NB_FUZZ", "200"))
SEED = int(os.environ.get("AUTOGRAD_NB_FUZZ_SEED", "0"))

# values that make ties, kinks (0 for abs/relu/sqrt) and clamp bounds likely
ROUND_VALUES = [-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0]

# einsum records the engine's own steps, not PyTorch's bmm-based ones: its grad_fn and the signs of its zeros (so
# its printed text) are not compared (README, Differences from PyTorch); this comment marks such a line
EINSUM_MARK = "  # grad_fn differs: README"

UNARY = ["-{x}", "{x}.abs()", "{x}.relu()", "{x}.sigmoid()", "{x}.tanh()", "{x}.exp()", "{x}.sin()", "{x}.cos()",
         "{x}.sqrt()", "{x}.log()", "{x} ** 2", "{x} ** 3", "{x} ** 0.5", "{x}.clamp(-0.5, 1.0)",
         "{x}.clamp(min=0.0)", "{x}.clamp(max=0.5)", "{x} * 2", "1 - {x}", "{x} / 2", "2.0 ** {x}",
         "{x}.reciprocal()", "{x}.clone()", "{x}.detach()"]  # fmt: skip
# not sign() and sgn(): their zero gradients are PyTorch "zero tensors" (README, Differences from PyTorch)
BINARY = ["{x} + {y}", "{x} - {y}", "{x} * {y}", "{x} / {y}", "torch.maximum({x}, {y})", "torch.minimum({x}, {y})",
          "torch.where({x} > {y}, {x}, {y})", "{x}.add({y}, alpha=0.5)", "{x} ** {y}"]  # fmt: skip
REDUCE = ["{x}.sum()", "{x}.mean()", "{x}.max()", "{x}.min()", "{x}.norm()", "{x}.norm(1)", "{x}.norm(float('inf'))",
          "{x}.sum({d})", "{x}.mean({d}, keepdim=True)", "{x}.max({d})[0]", "{x}.min({d}).values",
          "{x}.softmax({d})", "{x}.log_softmax({d})", "{x}.sum_to_size({shape1})"]  # fmt: skip
VIEW = ["{x}.view(-1)", "{x}.reshape(-1)", "{x}.flatten()", "{x}.unsqueeze(0)", "{x}.squeeze()", "{x}.t()",
        "{x}.transpose(0, -1)", "{x}.permute({perm})", "{x}.expand({expand})", "{x}[...]", "{x}.squeeze({d})",
        "{x}.narrow({d}, 0, 1)", "{x}.select({d}, 0)", "{x}[0]", "{x}[..., 1:]",
        "{x}.unsqueeze(-1).squeeze(-1)"]  # fmt: skip
INPLACE = ["{x}.mul_(2)", "{x}.add_({y})", "{x}.sub_(1)", "{x}.div_(2)", "{x}.clamp_(-1.0, 1.0)", "{x}.zero_()",
           "{x}.fill_(0.5)", "{x}.copy_({y})", "{x}[0] = 1.5", "{x} += {y}", "{x} *= {y}"]  # fmt: skip

# the ops added for issue 13, aimed at their domain edges (asin(±1), log1p(-1), rsqrt(0), prod with zeros, var
# of one element: the round values and shapes of size 1 make these likely), ties (amax, clamp_min) and NaNs/infs
# (made by log(0), 1/0) for isnan and nan_to_num
NEW_UNARY = ["{x}.square()", "torch.square({x})", "{x}.log1p()", "{x}.expm1()", "{x}.log2()", "{x}.exp2()",
             "{x}.rsqrt()", "{x}.tan()", "{x}.atan()", "{x}.sinh()", "{x}.cosh()", "{x}.asin()", "{x}.acos()",
             "torch.arcsin({x})", "{x}.nan_to_num()", "{x}.nan_to_num(nan=1.0, posinf=2.0)",
             "torch.nan_to_num({x}, neginf=-1.0)", "{x}.isnan()", "{x}.isinf()", "torch.isfinite({x})",
             "torch.where({x}.isfinite(), {x}, 0.0)", "{x}.clamp_min(0.0)", "{x}.clamp_max(0.5)",
             "torch.clamp_min({x}, -0.5)"]  # fmt: skip
NEW_BINARY = ["{x} // {y}", "{x} // 2", "torch.floor_divide({x}, {y})", "{x} % {y}", "{x} % 1.5",
              "torch.remainder({x}, {y})", "2.0 % {x}", "torch.outer({x}.flatten(), {y}.flatten())",
              "{x}.addcmul({y}, {z}, value=0.5)", "torch.addcmul({x}, {y}, {z})", "{x}.lerp({y}, 0.25)",
              "torch.lerp({x}, {y}, {z})", "{x}.clamp_min({y})", "torch.clamp_max({x}, {y})",
              "torch.einsum({einsum})" + EINSUM_MARK]  # fmt: skip
NEW_REDUCE = ["{x}.logsumexp({d})", "torch.logsumexp({x}, {d}, keepdim=True)", "{x}.prod()", "{x}.prod({d})",
              "torch.prod({x}, {d}, keepdim=True)", "{x}.cumsum({d})", "{x}.amax()", "{x}.amax({d})",
              "torch.amin({x}, {d}, keepdim=True)", "{x}.amin()", "{x}.var()", "{x}.var({d})",
              "{x}.var(unbiased=False)", "torch.var({x}, {d}, keepdim=True)", "{x}.std()", "{x}.std({d}, correction=0)",
              "torch.std({x})"]  # fmt: skip
NEW_SHAPE = ["{x}.mT", "{x}.swapaxes(0, {d})", "torch.swapdims({x}, {d}, 0)", "{x}.movedim({d}, 0)",
             "torch.movedim({x}, 0, {d})", "{x}.diagonal()", "{x}.split(1, {d})[0]", "{x}.split(2, {d})[-1]",
             "{x}.chunk(2, {d})[-1]", "torch.chunk({x}, 3, {d})[0]", "{x}.unbind({d})[0]", "torch.unbind({x})[-1]",
             "{x}.flip({d})", "torch.flip({x}, (0, -1))", "{x}.repeat({repeat})", "{x}.tile((2,))",
             "{x}.tril()", "torch.triu({x}, 1)", "{x}.tril(-1)", "{x}.index_select({d}, {index})",
             "torch.index_select({x}, {d}, {index})", "{x}.gather({d}, {gather})", "torch.gather({x}, {d}, {gather})",
             "{x}.scatter_add({d}, {scatter}, {src})", "{x}.masked_select({x} > 0)",
             "torch.masked_select({x}, {x} >= {y})"]  # fmt: skip
NEW_INPLACE = ["{x}.square_()", "{x}.exp_()", "{x}.relu_()", "{x}.abs_()", "{x}.clamp_(min=0.0)",
               "{x}.clamp_(max={y})", "{x}.clamp_min_(0.5)", "{x}.clamp_max_({y})", "{x}.log1p_()", "{x}.sqrt_()",
               "{x}.sigmoid_()", "{x}.tanh_()", "{x}.neg_()", "{x}.asin_()", "{x}.acos_()", "{x}.rsqrt_()",
               "{x}.reciprocal_()", "{x}.log_()", "{x}.sin_()", "{x}.cos_()", "{x}.expm1_()", "{x}.exp2_()",
               "{x}.log2_()", "{x}.tan_()", "{x}.atan_()", "{x}.sinh_()", "{x}.cosh_()", "{x}.pow_(2)",
               "{x}.nan_to_num_()", "{x}.addcmul_({y}, {z})", "{x}.lerp_({y}, 0.5)", "{x}.cumsum_({d})",
               "{x}.tril_()", "{x}.triu_(1)", "{x}.scatter_add_({d}, {scatter}, {src})",
               "{x}.masked_fill_({x} > 0, 0.0)", "{x} //= 2", "{x} %= 1.5", "{x}.floor_divide_({y})",
               "{x}.remainder_({y})"]  # fmt: skip


# per dimension of the first operand: equations of the kinds tutorials write (sums, traces, transposes, products)
EINSUM = {0: ["->", ",->"], 1: ["i->", "i,i->", "i,j->ij", "i,i->i"],
          2: ["ij->ji", "ij->", "ii->i", "ii->", "ij,jk->ik", "ij,ij->ij", "ij,j->i", "ij->j", "...j->..."],
          3: ["bij,bjk->bik", "ijk->kji", "bij->bj", "bii->bi", "...ij->...ji"],
          4: ["abij,abjk->abik", "abcd->dcba", "...ii->...i"]}  # fmt: skip  (a view can add a fourth dimension)

FAMILIES = {  # name: (weight, statements)
    "unary": (3, UNARY), "binary": (3, BINARY), "reduce": (2, REDUCE), "view": (3, VIEW), "inplace": (2, INPLACE),
    "newunary": (2, NEW_UNARY), "newbinary": (2, NEW_BINARY), "newreduce": (2, NEW_REDUCE),
    "newshape": (3, NEW_SHAPE), "newinplace": (2, NEW_INPLACE),
}  # fmt: skip


def _broadcast_size(a: Any, b: Any) -> int:
    try:
        return int(np.prod(np.broadcast_shapes(tuple(a.shape), tuple(b.shape))))
    except ValueError:
        return 0  # the statement fails in both libraries


def _long(values: list[int], shape: list[int] | None = None) -> str:
    """Code for an int64 tensor of ``values`` in ``shape`` (a vector when None)."""
    if not values:
        return f"torch.zeros({0 if shape is None else tuple(shape)}, dtype=torch.long)"
    if shape is None:
        return f"torch.tensor({values})"
    return f"torch.tensor({values}).reshape({tuple(shape)})" if shape else f"torch.tensor({values[0]})"


class Program:
    """A list of statements, built step by step against PyTorch so that most of them are valid."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.lines: list[str] = []
        self.namespace: dict = {"torch": real_torch}
        self.names: list[str] = []

    def tensors(self) -> list[str]:
        """The float tensors, which the statements take as operands (isnan's bool results are only compared)."""
        return [n for n in self.names
                if isinstance(t := self.namespace.get(n), real_torch.Tensor) and t.is_floating_point()]

    def leaf(self, name: str) -> str:
        rng = self.rng
        ndim = rng.choice([0, 1, 1, 2, 2, 3])
        shape = [rng.choice([1, 2, 3]) for _ in range(ndim)]
        if ndim and rng.random() < 0.05:
            shape[rng.randrange(ndim)] = 0  # an empty tensor
        size = int(np.prod(shape)) if shape else 1
        if rng.random() < 0.6:
            flat = [rng.choice(ROUND_VALUES) for _ in range(size)]
        else:
            flat = [round(rng.uniform(-2, 2), 3) for _ in range(size)]
        values = np.array(flat, dtype=float).reshape(shape).tolist()
        dtype = ", dtype=torch.float64" if rng.random() < 0.2 else ""
        grad = ", requires_grad=True" if rng.random() < 0.85 else ""
        return f"{name} = torch.tensor({values!r}{dtype}{grad})"

    def step(self, name: str) -> str:
        rng = self.rng
        tensors = self.tensors()
        x, y, z = rng.choice(tensors), rng.choice(tensors), rng.choice(tensors)
        t = self.namespace[x]
        d = rng.randrange(-max(t.dim(), 1), max(t.dim(), 1))
        shape = list(t.shape)
        fields = {
            "x": x, "y": y, "z": z, "d": d, "perm": tuple(rng.sample(range(t.dim()), t.dim())),
            "expand": tuple([2] + shape) if rng.random() < 0.5 else tuple(shape),
            "shape1": tuple(1 if rng.random() < 0.5 else s for s in shape),
            "repeat": tuple(rng.choice([1, 2, 2, 0]) for _ in range(t.dim() + rng.randint(0, 1))),
            "src": y if self.namespace[y].shape == t.shape and self.namespace[y].dtype == t.dtype else f"{x}.exp()",
        }  # fmt: skip
        family = rng.choices(list(FAMILIES), [weight for weight, _ in FAMILIES.values()])[0]
        template = rng.choice(FAMILIES[family][1])
        if "clamp" in template and "{y}" in template and _broadcast_size(t, self.namespace[y]) >= 16:
            # PyTorch's vectorised clamp_min/max picks the bound at a tie of 0. and -0. in blocks of 16 elements,
            # the input elsewhere: see README, Differences from PyTorch (the sign of a zero)
            template = template.replace("{y}", "0.5")
        if "copy_" in template and t.data_ptr() == self.namespace[y].data_ptr():
            template = "{x}.mul_(2)"  # copy_ onto its own memory: see README, Differences from PyTorch
        line = template.format(**fields, **self.index_fields(template, shape, d, x, tensors))
        return line if family in ("inplace", "newinplace") else f"{name} = {line}"

    def index_fields(self, template: str, shape: list[int], d: int, x: str, tensors: list[str]) -> dict:
        """Valid index tensors and einsum arguments, drawn only for the template that uses them."""
        rng = self.rng
        dim = d % len(shape) if shape else 0
        size = shape[dim] if shape else 1
        fields = {}
        if "{index}" in template:  # a vector of positions along dim, repeats allowed
            fields["index"] = _long([rng.randrange(size) for _ in range(rng.choice([0, 1, 2, 3]))] if size else [])
        for key, longer in (("gather", True), ("scatter", False)):  # gather may pick more rows than there are
            if "{" + key + "}" in template:
                index_shape = [rng.randint(min(1, s), s) for s in shape]
                if shape and size and longer:
                    index_shape[dim] = rng.randint(1, 3)
                values = [rng.randrange(size) for _ in range(int(np.prod(index_shape)))]
                fields[key] = _long(values, index_shape)
        if "{einsum}" in template:
            equation = rng.choice(EINSUM[len(shape)])
            terms = equation.split("->")[0].split(",")
            operands = [x] + [rng.choice([n for n in tensors if self.namespace[n].dim() == len(term)] or [x])
                              for term in terms[1:]]  # fmt: skip
            fields["einsum"] = ", ".join([repr(equation)] + operands)
        return fields

    def build(self) -> list[str]:
        rng = self.rng
        for k in range(rng.randint(1, 3)):
            self.add(self.leaf(f"x{k}"), f"x{k}")
        self.add(f"h = {self.tensors()[0]} * 1", "h")  # a non-leaf that in-place ops may change
        for k in range(rng.randint(2, 12)):
            for _attempt in range(20):
                line = self.step(f"v{k}")
                if self.add(line, f"v{k}", keep_errors=rng.random() < 0.1):
                    break
        last = self.tensors()[-1]
        self.add(f"out = {last}.sum()", "out")
        if self.namespace["out"].requires_grad:
            self.add("out.backward()", None, keep_errors=True)
        return self.lines

    def add(self, line: str, name: str | None, keep_errors: bool = False) -> bool:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(line, self.namespace)
        except Exception:
            if not keep_errors:
                return False
            self.lines.append(line)
            raise _Stop() from None
        if self.stale_piece():
            self.replay()  # undo the statement
            return False
        self.lines.append(line)
        if name is not None:
            self.names.append(name)
        return True

    def stale_piece(self) -> bool:
        """A piece of split/chunk/unbind whose base the statement changed in place: PyTorch refuses to use it
        again, autograd_nb allows it (README, Differences from PyTorch), so such statements are left out."""
        for value in self.namespace.values():
            if isinstance(value, real_torch.Tensor):
                try:
                    value.grad_fn  # noqa: B018
                except RuntimeError:
                    return True
        return False

    def replay(self) -> None:
        self.namespace = {"torch": real_torch}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for line in self.lines:
                exec(line, self.namespace)


class _Stop(Exception):
    """A kept statement raised in PyTorch: the program ends there."""


def generate(seed: int) -> list[str]:
    program = Program(seed)
    try:
        return program.build()
    except _Stop:
        return program.lines


def run(torch: Any, lines: list[str]) -> dict:
    """Run the statements; describe every tensor variable, every leaf's .grad and the first error."""
    namespace: dict = {"torch": torch}
    error = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k, line in enumerate(lines):
            try:
                exec(line, namespace)
                # read every grad_fn, as the generator does: PyTorch re-derives a stale view's history only when
                # it is read, and until then takes a view of a base that did not require grad for a leaf (README)
                [value.grad_fn for value in namespace.values() if isinstance(value, torch.Tensor)]
            except Exception as e:
                error = (k, type(e).__name__, str(e).split("\n")[0][:200])
                break
        state = {}
        for name, value in namespace.items():
            if isinstance(value, torch.Tensor):
                state[name] = _describe(value)
                if value.is_leaf and value.requires_grad:
                    # + 0.0 turns -0. into 0.: where a gradient sums zeros, the sign of the zero depends on the
                    # order of the additions, which PyTorch's kernels and numpy choose differently
                    state[name + ".grad"] = None if value.grad is None else _describe(value.grad.detach() + 0.0)
    return {"error": error, "state": state}


def _describe(t: Any) -> dict:
    array = t.detach().numpy(force=True) if hasattr(t, "is_neg") else t.detach().numpy()  # a torch ZeroTensor
    return {"values": np.array(array, copy=True), "dtype": str(t.dtype), "requires_grad": t.requires_grad,
            "grad_fn": None if t.grad_fn is None else t.grad_fn.name(), "repr": repr(t)}  # fmt: skip


def differences(expected: dict, actual: dict, lines: list[str] = ()) -> list[str]:
    found = []
    # variables assigned on a line marked EINSUM_MARK: their grad_fn and zeros' signs differ on purpose
    loose = {line.split(" = ")[0] for line in lines if line.endswith(EINSUM_MARK)}
    e_err, a_err = expected["error"], actual["error"]
    if (e_err is None) != (a_err is None) or (e_err and a_err and e_err[:2] != a_err[:2]):
        found.append(f"error: torch {e_err}, autograd_nb {a_err}")
        if e_err is None or a_err is None:
            return found
    for name, e in expected["state"].items():
        if e_err and name.endswith(".grad"):
            continue  # a failed backward: PyTorch may have written some .grad already, autograd_nb writes none
        a = actual["state"].get(name, "missing")
        if e is None or a is None or a == "missing":
            if e is not a:
                found.append(f"{name}: torch {'None' if e is None else 'a tensor'}, autograd_nb {a}")
            continue
        for key in ("dtype", "requires_grad", "grad_fn"):
            if e[key] != a[key] and not (key == "grad_fn" and name in loose):
                found.append(f"{name}.{key}: torch {e[key]!r}, autograd_nb {a[key]!r}")
        ev, av = e["values"], a["values"]
        if ev.shape != av.shape:
            found.append(f"{name}.shape: torch {ev.shape}, autograd_nb {av.shape}")
            continue
        rtol = 1e-4 if ev.dtype == np.float32 else 1e-6  # float64 results may have float32 inputs
        floats = ev.dtype.kind == "f" and av.dtype.kind == "f"  # else bool (isnan) or integers: compared exactly
        if not (np.allclose(av, ev, rtol=rtol, atol=rtol, equal_nan=True) if floats else np.array_equal(av, ev)):
            found.append(f"{name}: torch {ev.tolist()}, autograd_nb {av.tolist()}")
        elif floats and name not in loose and np.any(np.signbit(ev) != np.signbit(av), where=(ev == 0) & (av == 0)):
            found.append(f"{name}: zeros' signs differ: torch {ev.tolist()}, autograd_nb {av.tolist()}")
        elif name not in loose and np.array_equal(ev, av, equal_nan=floats) and e["repr"] != a["repr"]:
            found.append(f"{name} prints as\n{e['repr']}\n  in torch, as\n{a['repr']}\n  in autograd_nb")
    return found


def test_random_programs_agree_with_pytorch() -> None:
    failures = []
    for k in range(PROGRAMS):
        seed = SEED * 1_000_003 + k
        lines = generate(seed)
        found = differences(run(real_torch, lines), run(autograd_nb, lines), lines)
        if found:
            failures.append((seed, lines, found))
    agreed = PROGRAMS - len(failures)
    print(f"\nfuzz: {agreed}/{PROGRAMS} programs agree with PyTorch {real_torch.__version__} "
          f"({100 * agreed / max(PROGRAMS, 1):.1f} %)")  # fmt: skip
    if failures:
        report = []
        for seed, lines, found in failures[:10]:
            report.append(f"# seed {seed}\n" + "\n".join(lines) + "\n# differs: " + "\n# ".join(found))
        pytest.fail(f"{len(failures)} of {PROGRAMS} programs differ; the first ones:\n\n" + "\n\n".join(report))


def test_generator_is_deterministic_and_covers_its_targets() -> None:
    programs = [generate(seed) for seed in range(100)]
    assert programs[:5] == [generate(seed) for seed in range(5)]
    text = "\n".join(line for lines in programs for line in lines)
    for target in ("_(", "[0] = ", ".expand(", "torch.maximum(", ".clamp(", "0.0", "[]", "backward()", "torch.einsum(",
                   ".split(", ".unbind(", ".gather(", ".prod(", ".var(", ".asin()", " % ", "//", ".lerp(", ".isnan()"):
        assert target in text, f"no program exercises {target!r}"
    ops = [[line for line in lines if not line.startswith(("x", "h = ", "out"))] for lines in programs]
    assert max(map(len, ops)) <= 12
    assert sum(len(o) >= 2 for o in ops) >= 0.8 * len(ops)  # fewer only where a kept error ended the program


# -- a Python number beside every dtype: every operator and scalar argument, against PyTorch ---------------------

NUMBER_DTYPES = ["uint8", "int8", "int16", "int32", "int64", "bool", "float16", "float32"]
# around each dtype's bounds, negative for unsigned, fractional, beyond float16 and float32, nan, inf, a bool
NUMBERS_BESIDE = [1000, -1000, 255, -1, 2**31, 2**40, 127.5, 1.5, 1e39, 65520.0, float("nan"), float("inf"), True]
NUMBER_EXPRESSIONS = [
    "t + v", "v + t", "t - v", "v - t", "t * v", "t < v", "t == v", "t >= v", "t // v", "t % v", "t & v", "t | v",
    "t ^ v", "t.add(v)", "t.add(t, alpha=v)", "t.sub(t, alpha=v)", "t.add(v, alpha=3)", "t.clone().add_(v)",
    "t.clone().mul_(v)", "t.clone().sub_(t, alpha=v)", "t.clone().fill_(v)", "torch.full((2,), v, dtype=t.dtype)",
    "t.masked_fill(m, v)", "torch.where(m, t, v)", "t.clamp(max=v)", "t.clamp(min=v)", "t ** v",
    "t.clone().clamp_(max=v)", "t.clamp_min(v)", "t.clone().clamp_max_(v)",
]  # fmt: skip


def _beside_a_number(torch: Any, dtype: str, number: Any, expression: str) -> str:
    t = torch.tensor([1, 100], dtype=getattr(torch, dtype)) if dtype != "bool" else torch.tensor([True, False])
    namespace = {"torch": torch, "t": t, "v": number, "m": torch.tensor([True, False])}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = eval(expression, namespace)
    except Exception as error:  # noqa: BLE001 - the exception is what is compared
        return f"{type(error).__name__}: {error}"
    return f"{str(result.dtype).removeprefix('torch.')} {result.tolist()}"


def test_python_numbers_beside_every_dtype_as_in_pytorch() -> None:
    differ = []
    for expression in NUMBER_EXPRESSIONS:
        for dtype in NUMBER_DTYPES:
            for number in NUMBERS_BESIDE:
                expected = _beside_a_number(real_torch, dtype, number, expression)
                actual = _beside_a_number(autograd_nb, dtype, number, expression)
                if actual != expected:
                    differ.append(f"{expression} with t {dtype}, v = {number!r}: {actual} (PyTorch: {expected})")
    assert not differ, f"{len(differ)} differ:\n" + "\n".join(differ[:20])
