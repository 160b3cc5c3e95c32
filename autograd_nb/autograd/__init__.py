"""``torch.autograd``: ``backward``, ``grad``, ``Function``, grad modes and ``functional``.

Python runs this file before any module of the package, and the engine needs the Tensor, whose core
imports ``graph`` and ``grad_mode`` from here: so ``autograd_nb/__init__.py`` imports this package
before ``_tensor`` (the one-way order of the modules is drawn in the README).
"""

from __future__ import annotations

from . import functional
from .engine import backward, grad
from .function import Function
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled

__all__ = ["backward", "grad", "Function", "functional", "no_grad", "enable_grad", "set_grad_enabled",
           "is_grad_enabled", "inference_mode"]  # fmt: skip
