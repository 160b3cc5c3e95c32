"""``check``: the engine's gradients against the analytic ones, input by input."""

from __future__ import annotations

import html
import sys
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._tensor import Tensor
from ..autograd.engine import grad
from ..autograd.graph import _FREED
from .derive import Derivation, as_exact_array, build, evaluate_array, to_sympy
from .display import UNSIMPLIFIED, Budget, format_array, latex_name, latex_of, text_of


@dataclass
class CheckRow:
    """One input: its analytic gradient (formula and value), the engine's, and how far apart they are."""

    name: str
    formula: Any  # SymPy expression or Matrix, shaped like the input
    analytic: np.ndarray
    engine: np.ndarray
    source: str  # ".grad" or "autograd.grad" (when .grad was None)
    error: float
    ok: bool


class CheckReport:
    """The result of ``check``: ``.ok``, ``.max_abs_error`` and one row per input.

    Shown as an HTML table in Jupyter and as a text table in a terminal.
    """

    def __init__(self, derivation: Derivation, rows: list[CheckRow], with_v: bool, atol: float, rtol: float,
                 elapsed: float = 0.0) -> None:  # fmt: skip
        self.derivation, self.rows, self.with_v, self.atol, self.rtol = derivation, rows, with_v, atol, rtol
        self.elapsed = elapsed  # seconds the check took: a display may spend as long simplifying formulas

    @property
    def ok(self) -> bool:
        return all(row.ok for row in self.rows)

    @property
    def max_abs_error(self) -> float:
        return max((row.error for row in self.rows), default=0.0)

    def __getitem__(self, name: str) -> CheckRow:
        for row in self.rows:
            if row.name == name:
                return row
        raise KeyError(name)

    def _title(self) -> str:
        out = self.derivation.output_name
        quantity = f"vᵀ·∂{out}/∂input" if self.with_v else f"∂{out}/∂input"
        verdict = "all match" if self.ok else "MISMATCH"
        return (
            f"check of {quantity}: {verdict} (max abs error {self.max_abs_error:.3g}; "
            f"atol={self.atol:g}, rtol={self.rtol:g})"
        )

    def __repr__(self) -> str:
        budget = Budget(self.elapsed)
        header = ("input", "formula", "analytic", "engine", "error", "")
        table = [header] + [
            (row.name, text_of(row.formula, pretty=True, budget=budget), format_array(row.analytic),
             f"{format_array(row.engine)} ({row.source})", f"{row.error:.3g}", "✓" if row.ok else "✗")
            for row in self.rows
        ]  # fmt: skip
        widths = [max(len(line[c]) for line in table) for c in range(len(header))]
        lines = [self._title()]
        for line in table:
            lines.append("  " + "  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())
        if budget.skipped:
            lines.append("  " + UNSIMPLIFIED)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        budget = Budget(self.elapsed)
        cells = []
        for row in self.rows:
            mark = '<span style="color:green">✓</span>' if row.ok else '<span style="color:red">✗</span>'
            cells.append(
                "<tr>"
                f"<td>${latex_name(row.name)}$</td>"
                f"<td>${html.escape(latex_of(row.formula, pretty=True, budget=budget))}$</td>"
                f"<td><code>{html.escape(format_array(row.analytic))}</code></td>"
                f"<td><code>{html.escape(format_array(row.engine))}</code> <small>{row.source}</small></td>"
                f"<td>{row.error:.3g}</td><td>{mark}</td>"
                "</tr>"
            )
        return (
            f"<p>{html.escape(self._title())}</p><table>"
            "<tr><th>input</th><th>formula</th><th>analytic</th><th>engine</th><th>max abs error</th><th></th></tr>"
            + "".join(cells)
            + "</table>"
            + (f"<p><small>{html.escape(UNSIMPLIFIED)}</small></p>" if budget.skipped else "")
        )


def _engine_gradients(output: Tensor, tensors: list[Tensor], v: Any) -> list[np.ndarray]:
    """What the engine computes for ``tensors``, without touching any ``.grad``."""
    grad_output = None if v is None else Tensor._make(np.asarray(v, dtype=output._data.dtype).reshape(output.shape))
    try:
        grads = grad(output, tensors, grad_outputs=grad_output, retain_graph=True, allow_unused=True)
    except RuntimeError as error:
        if str(error) != _FREED:
            raise
        raise RuntimeError(
            "sym.check: some inputs have no .grad, and the engine cannot compute it either because the graph "
            "of the output was freed by an earlier backward(). Call output.backward(retain_graph=True) before "
            "check(), or recompute the output."
        ) from None
    return [np.zeros(t.shape) if g is None else np.asarray(g._data, dtype=np.float64) for t, g in zip(tensors, grads)]


def check(
    output: Tensor,
    v: Any = None,
    atol: float = 1e-6,
    rtol: float = 1e-5,
    *,
    index_style: str = "auto",
    **inputs: Tensor,
) -> CheckReport:
    """Compare each input's ``.grad`` with the analytic gradient (``vᵀJ`` when ``v`` is given).

    Where ``.grad`` is None the engine's gradient is computed with ``autograd.grad`` instead, leaving
    ``.grad`` alone. An element passes when ``|engine - analytic| <= atol + rtol·|analytic|``.

    >>> import autograd_nb as torch
    >>> x = torch.ones(2, 2, requires_grad=True)
    >>> out = (3 * (x + 2) ** 2).mean()
    >>> out.backward()
    >>> torch.sym.check(out).ok
    True
    """
    start = time.perf_counter()
    derivation = build(output, inputs, sys._getframe(1), index_style)
    chosen = [derivation.inputs[name] for name in (inputs or derivation.inputs)]
    if v is None and int(np.prod(derivation.output_shape)) != 1:
        raise RuntimeError("grad can be implicitly created only for scalar outputs")
    weights = None if v is None else as_exact_array(v, derivation.output_shape)
    subs = derivation.substitutions()

    engine: dict[str, tuple[np.ndarray, str]] = {}
    missing = []
    for i in chosen:
        held = i.tensor._grad if (i.tensor.is_leaf or i.tensor.retains_grad) else None
        if held is None:
            missing.append(i)
        else:
            engine[i.name] = (np.asarray(held._data, dtype=np.float64), ".grad")
    if missing:
        numeric_v = None if v is None else np.asarray(v._data if isinstance(v, Tensor) else v, dtype=np.float64)
        computed = _engine_gradients(output, [i.tensor for i in missing], numeric_v)
        engine.update({i.name: (g, "autograd.grad") for i, g in zip(missing, computed)})

    rows = []
    for i in chosen:
        symbolic = derivation._gradient_array(i, weights)
        analytic = evaluate_array(symbolic, subs)
        values, source = engine[i.name]
        if values.shape != analytic.shape:
            error, ok = float("inf"), False
        else:
            # equal infinities (sqrt at 0) and nan against nan agree: their difference would read as nan
            agree = (values == analytic) | (np.isnan(values) & np.isnan(analytic))
            with np.errstate(invalid="ignore"):
                error = float(np.max(np.where(agree, 0.0, np.abs(values - analytic)), initial=0.0))
            ok = bool(np.all(np.isclose(values, analytic, rtol=rtol, atol=atol, equal_nan=True)))
        rows.append(CheckRow(i.name, to_sympy(symbolic), analytic, values, source, error, ok))
    return CheckReport(derivation, rows, v is not None, atol, rtol, time.perf_counter() - start)
