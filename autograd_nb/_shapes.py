"""Shape rules shared by Tensor and the ops: wrapping dimension indices, broadcasting."""

from __future__ import annotations


def normalize_dims(dim, ndim: int) -> tuple[int, ...]:
    """``dim`` as a sorted tuple of non-negative axes, with PyTorch's error for a bad one.

    >>> normalize_dims(-1, 3), normalize_dims((2, 0), 3)
    ((2,), (0, 2))
    """
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    out = []
    for d in dims:
        low, high = -max(ndim, 1), max(ndim, 1) - 1
        if not low <= d <= high:
            raise IndexError(f"Dimension out of range (expected to be in range of [{low}, {high}], but got {d})")
        out.append(d % max(ndim, 1))
    return tuple(sorted(out))


def broadcast_dims(shape: tuple, expanded: tuple) -> tuple[int, ...] | None:
    """The dimensions of ``expanded`` that broadcasting ``shape`` added or stretched (None if it could not).

    Summing a gradient over them (keeping dims) gives back ``shape``: how gradients un-broadcast.

    >>> broadcast_dims((3, 1), (2, 3, 4))
    (0, 2)
    """
    lead = len(expanded) - len(shape)
    if lead < 0 or any(s != 1 and s != expanded[lead + i] for i, s in enumerate(shape)):
        return None
    return tuple(range(lead)) + tuple(lead + i for i, s in enumerate(shape) if s == 1 and expanded[lead + i] != 1)


def raise_broadcast_error(shape_a: tuple, shape_b: tuple) -> None:
    """Raise PyTorch's error for two shapes that do not broadcast, naming the first dimension that clashes."""
    ndim = max(len(shape_a), len(shape_b))
    a = (1,) * (ndim - len(shape_a)) + tuple(shape_a)
    b = (1,) * (ndim - len(shape_b)) + tuple(shape_b)
    for d in reversed(range(ndim)):
        if a[d] != b[d] and a[d] != 1 and b[d] != 1:
            raise RuntimeError(
                f"The size of tensor a ({a[d]}) must match the size of tensor b ({b[d]}) at non-singleton "
                f"dimension {d}"
            )
    raise RuntimeError(f"shapes {list(shape_a)} and {list(shape_b)} cannot be broadcast together")
