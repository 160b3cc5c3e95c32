"""Tensor formatting that matches PyTorch's ``repr`` character for character.

Learners compare what they see with the PyTorch tutorials, so every rule here (shared width and
precision, the switch to scientific notation, summarization, line wrapping, the suffixes) was
measured against ``torch`` and is pinned by ``tests/golden/printing.json``.

>>> import numpy as np
>>> from autograd_nb import _dtype
>>> print(format_tensor(np.array([51.2, 512.0, 0.0512], dtype=np.float32), _dtype.float32))
tensor([5.1200e+01, 5.1200e+02, 5.1200e-02])
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from . import _dtype

_PREFIX = "tensor("
_ELLIPSIS = "..."


@dataclass
class _PrintOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


_OPTS = _PrintOptions()

_PROFILES = {
    "default": {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80},
    "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
    "full": {"precision": 4, "threshold": math.inf, "edgeitems": 3, "linewidth": 80},
}


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    """Set how tensors print, like ``torch.set_printoptions``.

    A profile ("default", "short", "full") is applied first and the explicit arguments override it.
    As in PyTorch, ``sci_mode`` is always overwritten, so any call without it goes back to automatic
    scientific notation, and an unknown profile name is silently ignored.

    >>> set_printoptions(precision=2)
    >>> get_printoptions()["precision"]
    2
    >>> set_printoptions(profile="default")
    """
    for name, value in _PROFILES.get(profile, {}).items():
        setattr(_OPTS, name, value)
    explicit = {
        "precision": precision,
        "threshold": threshold,
        "edgeitems": edgeitems,
        "linewidth": linewidth,
    }
    for name, value in explicit.items():
        if value is not None:
            setattr(_OPTS, name, value)
    _OPTS.sci_mode = sci_mode


def get_printoptions() -> dict:
    """The current print options, as ``torch._tensor_str.get_printoptions()`` returns them.

    >>> sorted(get_printoptions())
    ['edgeitems', 'linewidth', 'precision', 'sci_mode', 'threshold']
    """
    return asdict(_OPTS)


class _ElementFormatter:
    """Formats single elements so that all of one tensor share precision, notation and width."""

    def __init__(self, values: np.ndarray, is_float: bool) -> None:
        self.is_float = is_float
        self.int_mode = True
        self.sci_mode = False
        self.width = 1
        if not is_float:
            self.width = max([1] + [len(str(v)) for v in values.tolist()])
            return
        shown = values[np.isfinite(values) & (values != 0)]
        if shown.size == 0:
            # Only zeros, nan and inf: PyTorch prints them as "0." and ignores sci_mode entirely.
            return
        self.int_mode = bool(np.all(np.ceil(shown) == shown))
        magnitudes = np.abs(shown).astype(np.float64)
        largest, smallest = magnitudes.max(), magnitudes.min()
        self.sci_mode = bool(
            largest / smallest > 1000.0 or largest > 1.0e8 or (not self.int_mode and smallest < 1.0e-4)
        )
        if _OPTS.sci_mode is not None:
            self.sci_mode = _OPTS.sci_mode
        # Zeros and non-finite values do not widen the column (PyTorch's rule), hence `shown` only.
        self.width = max(len(self._text(float(v))) for v in shown)

    def _text(self, value: float) -> str:
        # ints and bools arrive here too (typing's numeric tower counts them as float)
        if not self.is_float:
            return str(value)
        if self.sci_mode:
            return f"{value:.{_OPTS.precision}e}"
        if self.int_mode:
            text = f"{value:.0f}"
            return text if math.isnan(value) or math.isinf(value) else text + "."
        return f"{value:.{_OPTS.precision}f}"

    def __call__(self, value: float) -> str:
        return self._text(value).rjust(self.width)


def _edge_indices(size: int) -> list[int]:
    edge = _OPTS.edgeitems
    return list(range(edge)) + list(range(size - edge, size))


def _summarized(data: np.ndarray) -> np.ndarray:
    """Keep only the elements that a summarized print shows, so that they alone set the format."""
    for axis, size in enumerate(data.shape):
        if size > 2 * _OPTS.edgeitems:
            data = np.take(data, _edge_indices(size), axis=axis)
    return data


def _vector(data: np.ndarray, indent: int, summarize: bool, fmt: _ElementFormatter) -> str:
    if summarize and len(data) > 2 * _OPTS.edgeitems:
        edge = _OPTS.edgeitems
        items = [fmt(v) for v in data[:edge].tolist()] + [" " + _ELLIPSIS]
        items += [fmt(v) for v in data[len(data) - edge :].tolist()]
    else:
        items = [fmt(v) for v in data.tolist()]
    per_line = max(1, (_OPTS.linewidth - indent) // (fmt.width + 2))
    lines = [", ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested(data: np.ndarray, indent: int, summarize: bool, fmt: _ElementFormatter) -> str:
    if data.ndim == 0:
        return fmt(data.item())
    if data.ndim == 1:
        return _vector(data, indent, summarize, fmt)
    size = data.shape[0]
    if summarize and size > 2 * _OPTS.edgeitems:
        edge = _OPTS.edgeitems
        rows = [_nested(data[i], indent + 1, summarize, fmt) for i in range(edge)] + [_ELLIPSIS]
        rows += [_nested(data[i], indent + 1, summarize, fmt) for i in range(size - edge, size)]
    else:
        rows = [_nested(row, indent + 1, summarize, fmt) for row in data]
    # Blocks of higher dimensions are separated by blank lines, one more per extra dimension.
    separator = "," + "\n" * (data.ndim - 1) + " " * (indent + 1)
    return "[" + separator.join(rows) + "]"


def _add_suffixes(text: str, suffixes: list[str], indent: int) -> str:
    # PyTorch overestimates the current line by two characters before the first wrap; copied on purpose.
    line_len = len(text) - text.rfind("\n") + 1
    parts = [text]
    for suffix in suffixes:
        if line_len + len(suffix) + 2 > _OPTS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            line_len = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            line_len += len(suffix) + 2
    return "".join(parts) + ")"


def _default_float_name() -> str:
    getter = getattr(_dtype, "get_default_dtype", None)
    return getter().name if getter is not None else "float32"


def format_tensor(
    data: np.ndarray,
    dtype: _dtype.dtype,
    *,
    requires_grad: bool = False,
    grad_fn_name: str | None = None,
) -> str:
    """The full PyTorch-style repr of a tensor holding ``data`` with the given ``dtype``.

    >>> import numpy as np
    >>> from autograd_nb import _dtype
    >>> format_tensor(np.full((2, 2), 27.0, dtype=np.float32), _dtype.float32, grad_fn_name="MulBackward0")
    'tensor([[27., 27.],\\n        [27., 27.]], grad_fn=<MulBackward0>)'
    """
    data = np.asarray(data)
    indent = len(_PREFIX)
    suffixes = []
    if data.size == 0:
        body = "[]"
        if data.ndim != 1:
            suffixes.append(f"size={tuple(data.shape)}")
        show_dtype = dtype.name != _default_float_name()
    else:
        if _OPTS.edgeitems == 0:
            suffixes.append(f"size={tuple(data.shape)}")
        summarize = data.size > _OPTS.threshold
        if summarize and _OPTS.edgeitems == 0 and data.ndim > 0:
            body = "[" + _ELLIPSIS + "]"
        else:
            shown = _summarized(data) if summarize else data
            fmt = _ElementFormatter(shown.reshape(-1), dtype.is_floating_point)
            body = _nested(data, indent, summarize, fmt)
        show_dtype = dtype.name not in (_default_float_name(), "int64", "bool")
    if show_dtype:
        suffixes.append(f"dtype={dtype!r}")
    if grad_fn_name is not None:
        suffixes.append(f"grad_fn=<{grad_fn_name}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(_PREFIX + body, suffixes, indent)
