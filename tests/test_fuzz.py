"""Differential fuzzing: random programs run through PyTorch and autograd_nb must agree.

Each program is 2–12 statements over 0-d to 3-d float tensors, drawn from a seeded generator that aims at
the places where engines differ: ties and kinks (values from a small set that repeats), bounds, empty
tensors, views and in-place ops through them. After every program the two runs are compared: for every
tensor variable its values, dtype, ``requires_grad``, ``grad_fn`` name and printed text; the ``.grad`` of
every leaf (a -0. there counts as 0.); and, where PyTorch raises, the statement that raised and the exception
type.

    AUTOGRAD_NB_FUZZ=5000 pytest tests/test_fuzz.py     # more programs (default 200)
    AUTOGRAD_NB_FUZZ_SEED=7 pytest tests/test_fuzz.py   # another stream of programs

A failing program is printed as code to paste into a shell with ``import torch`` (or
``import autograd_nb as torch``).
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


class Program:
    """A list of statements, built step by step against PyTorch so that most of them are valid."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.lines: list[str] = []
        self.namespace: dict = {"torch": real_torch}
        self.names: list[str] = []

    def tensors(self) -> list[str]:
        return [n for n in self.names if isinstance(self.namespace.get(n), real_torch.Tensor)]

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
        x, y = rng.choice(tensors), rng.choice(tensors)
        t = self.namespace[x]
        d = rng.randrange(-max(t.dim(), 1), max(t.dim(), 1))
        shape = list(t.shape)
        fields = {
            "x": x, "y": y, "d": d, "perm": tuple(rng.sample(range(t.dim()), t.dim())),
            "expand": tuple([2] + shape) if rng.random() < 0.5 else tuple(shape),
            "shape1": tuple(1 if rng.random() < 0.5 else s for s in shape),
        }  # fmt: skip
        family = rng.choices(["unary", "binary", "reduce", "view", "inplace"], [3, 3, 2, 3, 2])[0]
        if family == "inplace":
            template = rng.choice(INPLACE)
            if "copy_" in template and t.data_ptr() == self.namespace[y].data_ptr():
                template = "{x}.mul_(2)"  # copy_ onto its own memory: see README, Differences from PyTorch
            return template.format(**fields)
        template = rng.choice({"unary": UNARY, "binary": BINARY, "reduce": REDUCE, "view": VIEW}[family])
        return f"{name} = " + template.format(**fields)

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
        self.lines.append(line)
        if name is not None:
            self.names.append(name)
        return True


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


def differences(expected: dict, actual: dict) -> list[str]:
    found = []
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
            if e[key] != a[key]:
                found.append(f"{name}.{key}: torch {e[key]!r}, autograd_nb {a[key]!r}")
        ev, av = e["values"], a["values"]
        if ev.shape != av.shape:
            found.append(f"{name}.shape: torch {ev.shape}, autograd_nb {av.shape}")
            continue
        rtol = 1e-4 if ev.dtype == np.float32 else 1e-6  # float64 results may have float32 inputs
        if not np.allclose(av, ev, rtol=rtol, atol=rtol, equal_nan=True):
            found.append(f"{name}: torch {ev.tolist()}, autograd_nb {av.tolist()}")
        elif ev.dtype.kind == "f" and np.any(np.signbit(ev) != np.signbit(av), where=(ev == 0) & (av == 0)):
            found.append(f"{name}: zeros' signs differ: torch {ev.tolist()}, autograd_nb {av.tolist()}")
        elif np.array_equal(ev, av, equal_nan=True) and e["repr"] != a["repr"]:
            found.append(f"{name} prints as\n{e['repr']}\n  in torch, as\n{a['repr']}\n  in autograd_nb")
    return found


def test_random_programs_agree_with_pytorch() -> None:
    failures = []
    for k in range(PROGRAMS):
        seed = SEED * 1_000_003 + k
        lines = generate(seed)
        found = differences(run(real_torch, lines), run(autograd_nb, lines))
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
    for target in ("_(", "[0] = ", ".expand(", "torch.maximum(", ".clamp(", "0.0", "[]", "backward()"):
        assert target in text, f"no program exercises {target!r}"
    ops = [[line for line in lines if not line.startswith(("x", "h = ", "out"))] for lines in programs]
    assert max(map(len, ops)) <= 12
    assert sum(len(o) >= 2 for o in ops) >= 0.8 * len(ops)  # fewer only where a kept error ended the program
