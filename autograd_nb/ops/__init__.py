"""The engine's differentiable operations, one class each, grouped by family."""

from __future__ import annotations

from ..autograd.function import Op
from . import arithmetic, indexing, linalg, losses, reductions, shape

__all__ = ["Op", "arithmetic", "indexing", "linalg", "losses", "reductions", "shape", "registered_ops"]


def registered_ops() -> list[type[Op]]:
    """Every op class with a ``grad_fn`` name, for generic tests and the symbolic checker."""
    found, todo = [], list(Op.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__dict__.get("name"):
            found.append(cls)
    return sorted(found, key=lambda c: c.name)
