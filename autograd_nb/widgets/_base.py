"""What the explorers share: controls per input, one update path, errors as sentences, a static snapshot."""

from __future__ import annotations

import base64
import html
import inspect
import re
import traceback
import warnings
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import numpy as np

from .. import autograd
from .._tensor import Tensor
from ._controls import InputControls
from ._values import BadInput, parse

SYMPY_MAX_NODES = 60  # above this many grad_fn nodes, updates skip SymPy (formulas and check) to stay fast
ERROR_STYLE = "color:#b00020;font-weight:bold"


def run_learner_function(fn: Callable, leaves: dict[str, Tensor]) -> Tensor:
    """Call ``fn`` with the inputs by name and check what it returns; its failures become one sentence."""
    name = getattr(fn, "__name__", "fn")
    try:
        with autograd.grad_mode.enable_grad():
            out = fn(**leaves)
    except Exception as error:  # noqa: BLE001 - whatever the learner's code raises is shown, not raised
        raise BadInput(f"{name} raised {type(error).__name__}: {error}{_where(fn, error)}") from None
    if not isinstance(out, Tensor):
        raise BadInput(f"{name} must return a tensor, but it returned {type(out).__name__}.")
    if not out.requires_grad:
        raise BadInput(f"the result of {name} does not depend on its inputs (no grad_fn): nothing to differentiate.")
    if not np.all(np.isfinite(out._data)):
        raise BadInput(f"{name} gave a result that is not finite ({_short(out)}) at these inputs.")
    return out


def _where(fn: Callable, error: Exception) -> str:
    """`` (line 3: return 1 / x)``: the deepest line of the learner's own file in the traceback."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return ""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == code.co_filename]
    if not frames:
        return ""
    frame = frames[-1]
    line = (frame.line or "").strip()
    return f" (line {frame.lineno - code.co_firstlineno + 1} of {fn.__name__}: {line})" if line else ""


def _short(tensor: Tensor) -> str:
    return " ".join(repr(tensor).split())


def check_gradients(leaves: dict[str, Tensor]) -> dict[str, np.ndarray]:
    """The leaves' ``.grad`` as arrays; an unused input or a non-finite gradient is bad input."""
    grads = {}
    for name, leaf in leaves.items():
        if leaf.grad is None:
            raise BadInput(f"the function does not use {name}, so {name}.grad is None: remove it from the inputs.")
        if not np.all(np.isfinite(leaf.grad._data)):
            raise BadInput(f"{name}.grad is not finite at these inputs ({_short(leaf.grad)}).")
        grads[name] = np.array(leaf.grad._data)
    return grads


def graph_size(output: Tensor) -> int:
    return len(autograd.engine.topological_order([output.grad_fn])) if output.grad_fn is not None else 0


def function_inputs(fn: Callable, inputs: dict) -> None:
    """Every named input must be a parameter of ``fn`` (a typo would otherwise fail on every update)."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return
    try:
        signature.bind(**inputs)
    except TypeError as error:
        raise TypeError(f"the inputs {', '.join(inputs)} do not fit {getattr(fn, '__name__', 'fn')}{signature}: "
                        f"{error}") from None


def pre(text: str) -> str:
    return f"<pre style='margin:2px 0'>{html.escape(text)}</pre>"


# a drawing as the renderer writes it: XML prolog, doctype and comments, then the <svg> element
_INLINE_SVG = re.compile(r"(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE[^>]*>\s*)?(?:<!--[^>]*-->\s*)*(<svg\b.*?</svg>)", re.DOTALL)
_SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"')


def static_html(fragment: str) -> str:
    """``fragment`` with each inline SVG drawing turned into an ``<img>`` holding it as a data: URI.

    The snapshot is what JupyterLab shows of a notebook that is not trusted (a fresh clone): its sanitiser
    drops ``<svg>`` markup and keeps the text inside, but keeps images. The URI depends only on the SVG, so
    the snapshot is the same on every run; the image is as large as the drawing, narrowed to fit.
    """

    def image(match: re.Match) -> str:
        svg = match.group(1)
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
        size = _SVG_SIZE.match(svg)
        width, height = (round(float(pt) * 4 / 3) for pt in size.groups()) if size else (None, None)  # pt to CSS px
        dims = f' width="{width}" height="{height}"' if size else ""
        return f'<img src="{uri}"{dims} alt="the grad_fn graph" style="max-width:100%;height:auto">'

    return _INLINE_SVG.sub(image, fragment)


class SnapshotBox(w.VBox):
    """A VBox whose display also carries a static HTML picture of its state, for places with no live kernel
    (nbconvert, GitHub, untrusted notebooks, slides). Subclasses say what the picture holds."""

    def _snapshot_html(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs: Any) -> dict | None:
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        bundle["text/plain"] = repr(self)
        bundle["text/html"] = self._snapshot_html()
        return bundle


class WidgetBase(SnapshotBox):
    """Controls by name, ``set``, ``result``, ``error``; subclasses define ``_compute`` and their panes."""

    _title = ""

    def __init__(self, values: dict[str, np.ndarray], live: bool = True) -> None:
        super().__init__()
        self._values = dict(values)
        self._groups: dict[str, InputControls] = {}
        self.controls: dict[str, w.Widget] = {}
        self.text: dict[str, w.Text] = {}
        self.result: Any = None
        self.error: str | None = None
        self._live = live
        self._error_pane = w.HTML()
        self._error_pane.add_class("agnb-error")
        self._vjp_note = w.HTMLMath()
        self._given_v: np.ndarray | None = None
        self._controls_box = w.VBox()
        self._panes: list[w.HTML] = []

    # -- controls -----------------------------------------------------------------------------------

    def _add_controls(self, name: str, value: np.ndarray) -> None:
        group = InputControls(name, value, self._control_changed, self._live)
        self._groups[name], self.controls[name], self.text[name] = group, group.control, group.text
        self._controls_box.children = tuple(g.box for g in self._groups.values())

    def _control_changed(self, name: str, raw: Any) -> None:
        self._update({name: raw})

    def set_live(self, live: bool) -> None:
        """Sliders update while dragging (True) or on release (False)."""
        self._live = live
        for group in self._groups.values():
            group.set_live(live)

    # -- the one update path ------------------------------------------------------------------------

    def set(self, **values: Any) -> bool:
        """Set inputs (and ``v``) by name at once, as if typed into their boxes; one update. True if it was accepted."""
        return self._update(values)

    def _update(self, changes: dict[str, Any]) -> bool:
        try:
            values = dict(self._values)
            for name, raw in changes.items():
                if name not in values:
                    known = ", ".join(values)
                    raise BadInput(f"there is no input named {name!r}; the inputs are {known}.")
                values[name] = parse(name, raw, values[name])
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")  # numpy's warnings would print into the notebook
                result, panes = self._compute(values)
        except BadInput as problem:
            self._show_error(str(problem))
            return False
        except Exception as error:  # noqa: BLE001 - a widget never raises into the notebook
            self._show_error(f"could not update: {type(error).__name__}: {error}")
            return False
        self._values, self.result, self.error = values, result, None
        self._error_pane.value = ""
        for pane, value in zip(self._panes, panes):
            pane.value = value
        for name, group in self._groups.items():
            group.show(values[name])
        return True

    def _show_error(self, sentence: str) -> None:
        self.error = sentence
        self._error_pane.value = f"<p style='{ERROR_STYLE}'>{html.escape(sentence)}</p>"

    def _v_for(self, out: Tensor, values: dict[str, np.ndarray]) -> np.ndarray:
        """The v of ``out.backward(v)``; its controls appear with the first non-scalar output (all ones by default)."""
        if "v" not in values:
            v = self._given_v if self._given_v is not None else np.ones(out.shape, dtype=out._data.dtype)
            if v.size != out._data.size:
                raise BadInput(f"v has {v.size} elements but the output has shape {list(out.shape)}.")
            values["v"] = self._values["v"] = v.reshape(out.shape).astype(out._data.dtype)
            self._add_controls("v", values["v"])
            self._vjp_note.value = (
                r"<p>The output is not a scalar: each <code>.grad</code> is $v^\top J$, from "
                "<code>out.backward(v)</code> with the v above.</p>"
            )
        v = values["v"]
        if v.shape != out._data.shape:
            raise BadInput(f"v has shape {list(v.shape)} but the output now has shape {list(out.shape)}.")
        return v

    def _compute(self, values: dict[str, np.ndarray]) -> tuple[Any, list[str]]:
        raise NotImplementedError

    # -- display ------------------------------------------------------------------------------------

    def _snapshot_html(self) -> str:
        """The current state as static HTML (for nbconvert, GitHub, slides): values, panes, no widget ids."""
        rows = "".join(
            f"<tr><td><code>{html.escape(name)}</code></td><td><code>{html.escape(group.text.value)}</code></td></tr>"
            for name, group in self._groups.items()
        )
        note = self._vjp_note.value if self._vjp_note in self.children else ""
        parts = [f"<div class='autograd-nb-widget'><p><b>{html.escape(self._title)}</b></p>",
                 f"<table>{rows}</table>", note, self._error_pane.value, *(p.value for p in self._panes), "</div>"]
        return static_html("".join(parts))

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={group.text.value}" for name, group in self._groups.items())
        state = f"error: {self.error}" if self.error else "ok"
        return f"<{type(self).__name__} {values}; {state}>"
