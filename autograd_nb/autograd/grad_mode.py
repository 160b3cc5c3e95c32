"""Switching gradient recording on and off: ``no_grad``, ``enable_grad``, ``set_grad_enabled``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


class _State:
    # One process-wide flag, read on every operation: a class attribute is the cheapest lookup.
    enabled = True


def is_grad_enabled() -> bool:
    """True when operations on tensors that require grad are being recorded."""
    return _State.enabled


class _GradModeContext:
    """Base for the context managers; each also works as a function decorator."""

    _mode: bool

    def __enter__(self) -> None:
        self._previous = _State.enabled
        _State.enabled = self._mode

    def __exit__(self, *exc: object) -> None:
        _State.enabled = self._previous

    def __call__(self, func: Callable) -> Callable:
        mode = self._mode

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with set_grad_enabled(mode):
                return func(*args, **kwargs)

        return wrapper


class no_grad(_GradModeContext):
    """Don't record operations: results have ``requires_grad=False``.

    >>> x = tensor([1.0], requires_grad=True)
    >>> with no_grad():
    ...     (x * 2).requires_grad
    False
    """

    _mode = False


class enable_grad(_GradModeContext):
    """Record operations again, e.g. inside a ``no_grad`` block."""

    _mode = True


class set_grad_enabled(_GradModeContext):
    """``set_grad_enabled(False)`` switches recording off at once; as a context manager, for a block."""

    def __init__(self, mode: bool) -> None:
        self._mode = bool(mode)
        self._previous = _State.enabled
        _State.enabled = self._mode

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc: object) -> None:
        _State.enabled = self._previous

    def __call__(self, func: Callable) -> Callable:
        _State.enabled = self._previous  # as a decorator, the mode applies only inside the function
        return super().__call__(func)


inference_mode = no_grad
