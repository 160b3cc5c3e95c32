"""Names for tensors, taken from the variables of the code that called us (``y``, ``z``, ``out``)."""

from __future__ import annotations

from types import FrameType

from ._tensor import Tensor


def caller_tensors(frame: FrameType | None) -> list[tuple[str, Tensor]]:
    """The frame's variables that hold Tensors, locals before globals.

    Skipped: ``_``-names (IPython's ``_``, ``_5`` output history) and names that are not identifiers
    (pytest's assertion rewriting adds locals like ``@py_assert1``).
    """
    if frame is None:
        return []
    found, seen = [], set()
    for scope in (frame.f_locals, frame.f_globals):
        for name, value in list(scope.items()):
            if isinstance(value, Tensor) and name.isidentifier() and not name.startswith("_") and name not in seen:
                seen.add(name)
                found.append((name, value))
    return found
