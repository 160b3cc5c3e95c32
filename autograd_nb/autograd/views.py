"""Views: tensors that share their base's memory and version counter, as PyTorch's do.

PyTorch's model, which this module reproduces in one place:

* A view op (``view``, ``transpose``, ``select``, ``x[0:2]``, ``expand``, …; an ``Op`` with ``view = True``)
  returns a tensor whose numpy array is a numpy view of its input's: writing to one is seen through the
  other. The result records ``_base``, the tensor that owns the memory (never itself a view), and shares the
  base's version counter (``_version_box``, also shared by ``detach()``), so an in-place change through any
  of them is seen by every node that saved the base or another of its views. The counter also lists the
  live views (``[version, views]``), as every write must re-derive them.
* An in-place op on a view rewrites history twice: the base becomes the output of a ``CopySlices`` node (the
  base's old gradient outside the view's elements, the in-place op's gradient inside), and every view of
  the base, the modified one included, is re-derived from the base's new history by an
  ``AsStridedBackward0`` node. An in-place op on the base itself also re-derives its views.
* An in-place op on a view of a leaf that requires grad is refused, as PyTorch refuses it.
* How a view was made is recorded in the counter too (``[version, views, {id(view): how}]``, PyTorch's
  ``CreationMeta``): as usual, under ``no_grad()``, or as one of several views one op returned (``split``,
  ``unbind``); a view of a view inherits its source's. With grad mode on, an in-place op on a view made in
  one of the last two ways is refused, as PyTorch refuses it: no history of the base can say what it means.

Where a view sits inside its base is found from the arrays' addresses and strides (``positions``): the flat
indices, in the base's row-major order, of the view's elements. ``AsStrided`` gathers those elements and
scatters gradients back, so one pair of ops serves every kind of view.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from .both import zeros
from .function import VIEW_DEFAULT, VIEW_NO_GRAD, Op, _connect
from .grad_mode import _State
from .graph import SEQUENCE, Node, SavedOutput, gradient_edge

_LEAF_VIEW = "a view of a leaf Variable that requires grad is being used in an in-place operation."
_LEAF = "a leaf Variable that requires grad is being used in an in-place operation."
_OVERLAP = (
    "unsupported operation: more than one element of the written-to tensor refers to a single memory location. "
    "Please clone() the tensor before performing the operation."
)
# how a view was made (PyTorch's CreationMeta), and what PyTorch says when such a view is written in place
_NO_GRAD_HINT = (
    "Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving "
    "both the view and the inplace either both inside the no_grad block (if you don't want the inplace to be "
    "tracked) or both outside (if you want the inplace to be tracked)."
)
_MULTI_OUTPUT_HINT = (
    "This view is the output of a function that returns multiple views. Such functions do not allow the output "
    "views to be modified inplace. You should replace the inplace operation by an out-of-place one."
)
_PARTIAL_OVERLAP = (
    "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory "
    "location. Please clone() the tensor before performing the operation."
)


def check_inplace(tensor: Any, tracked: bool, operands: tuple = (), fills: bool = False) -> None:
    """Raise PyTorch's error before an in-place op that must not run; nothing has been written yet.

    ``fills``: the op writes one value everywhere or at chosen places (``fill_``, ``zero_``, ``masked_fill_``,
    ``tril_``, ``triu_``), which PyTorch allows on memory that several elements share (an expanded tensor); a
    backward through it fails later, in ``CopySlices``.
    """
    base = tensor._base
    if base is not None and _State.enabled and (tracked or base._requires_grad):
        made = tensor._version_box[2].get(id(tensor), VIEW_DEFAULT)
        if made != VIEW_DEFAULT:
            raise RuntimeError(_made_as_error(tensor, made))
    if tracked and tensor._requires_grad:
        if base is not None and base.grad_fn is None and base._requires_grad:
            raise RuntimeError(_LEAF_VIEW)
        if base is None and tensor.grad_fn is None:
            raise RuntimeError(_LEAF)
    shape, strides = tensor._data.shape, tensor._data.strides
    if not fills and 0 in strides and tensor._data.size and any(s == 0 and n > 1 for s, n in zip(strides, shape)):
        raise RuntimeError(_OVERLAP)
    for other in operands:
        if isinstance(other, type(tensor)) and _partly_overlap(tensor._data, other._data):
            raise RuntimeError(_PARTIAL_OVERLAP)


def _made_as_error(view: Any, made: str) -> str:
    """PyTorch's message for an in-place op, with grad mode on, on a view made under no_grad or by a multi-output op.

    (The view of a no_grad view has no ``grad_fn`` here, where PyTorch's has one: README, Differences from PyTorch.)
    """
    if view.grad_fn is None:
        what = "A view was created in no_grad mode and is being modified inplace with grad mode enabled."
    else:
        name = re.sub(r"Backward\d*$", "", view.grad_fn.name())
        what = f"Output {view._output_nr} of {name} is a view " + (
            "of a view which was created in no_grad mode and is being modified inplace with grad mode enabled."
            if made == VIEW_NO_GRAD else "and is being modified inplace."
        )
    return f"{what} {_NO_GRAD_HINT if made == VIEW_NO_GRAD else _MULTI_OUTPUT_HINT}"


def _partly_overlap(a: np.ndarray, b: np.ndarray, same_block_too: bool = False) -> bool:
    """PyTorch's test: two dense blocks of memory that intersect without being the same block.

    (PyTorch gives up, and allows the op, when either tensor has gaps, as a column of a matrix has.)
    ``same_block_too``: the same block counts too, as for ``scatter_add_``'s source.
    """
    if not np.may_share_memory(a, b) or not all(x.flags.c_contiguous or x.flags.f_contiguous for x in (a, b)):
        return False  # (may_share_memory first: the usual answer, found without reading the addresses)
    a_start, b_start = a.__array_interface__["data"][0], b.__array_interface__["data"][0]
    a_end, b_end = a_start + a.nbytes, b_start + b.nbytes
    same = (a_start, a_end, a.strides) == (b_start, b_end, b.strides)
    return a_start < b_end and b_start < a_end and (same_block_too or not same)


def check_no_overlap(tensor: Any, other: Any) -> None:
    """Refuse an operand that shares any memory with the written-to tensor, or is that tensor, even empty
    (PyTorch's scatter ops)."""
    if isinstance(other, type(tensor)) and (other is tensor or _partly_overlap(tensor._data, other._data, True)):
        raise RuntimeError(_PARTIAL_OVERLAP)


def write(tensor: Any, values: np.ndarray, result: Any | None) -> None:
    """Overwrite ``tensor``'s memory with ``values``, bump the shared version and rewrite the history.

    ``result`` is the recorded out-of-place result whose node becomes the new history, or None when the op
    was not recorded.
    """
    base = tensor._base if tensor._base is not None else tensor
    copy_slices = None
    if result is not None and tensor._base is not None:
        copy_slices = _copy_slices(base, tensor, result.grad_fn)  # before the write: it may keep the old values
    if values.shape != tensor._data.shape:
        raise RuntimeError(
            f"output with shape {list(tensor._data.shape)} doesn't match the broadcast shape {list(values.shape)}"
        )
    if 0 in tensor._data.strides and tensor._data.size > 1:  # elements share memory: check_inplace let a fill through
        # write only what changes, as PyTorch's kernels do: a copy of a shared element that keeps its old value
        # must not overwrite the copy that changed it
        np.copyto(tensor._data, values, casting="same_kind", where=_changed(values, tensor._data))
    else:
        np.copyto(tensor._data, values, casting="same_kind")
    if result is None:
        bump_version(tensor)
        return
    tensor._version_counter()[0] += 1
    _save_as_written(result, tensor)
    if copy_slices is not None:
        base._set_history(copy_slices, 0)
    else:
        tensor._set_history(result.grad_fn, result._output_nr)
    _rederive_views(tensor)


def _changed(new: np.ndarray, old: np.ndarray) -> np.ndarray:
    """Where ``new`` (cast to ``old``'s dtype) differs from ``old`` bit for bit (-0. from 0., one nan from another)."""
    new = new.astype(old.dtype, copy=False)
    if old.dtype.kind == "f":
        bits = f"i{old.itemsize}"
        return new.view(bits) != old.view(bits)
    return new != old


def bump_version(tensor: Any) -> None:
    """After a write into ``tensor``'s memory that nothing recorded: bump the shared version, re-derive the views."""
    tensor._version_counter()[0] += 1
    _rederive_views(tensor)


def _rederive_views(tensor: Any) -> None:
    counter = tensor._version_box
    if len(counter) > 1:  # every view of this memory (written directly, through a view or a detached alias)
        for view in list(counter[1]):
            _rederive(view, view._base)


def _save_as_written(result: Any, tensor: Any) -> None:
    """An op that saved its output (``exp_``, ``relu_``) now holds the written tensor, at its new version, so
    that a later in-place change of it is detected in backward, as in PyTorch."""
    node = result.grad_fn
    written = [type(value) is SavedOutput and value.array is result._data for value in node._saved or ()]
    if any(written):
        counter = tensor._version_counter()
        node._saved = tuple(
            SavedOutput(tensor._data, counter, value.output_nr, value.tensor_type) if is_written else value
            for value, is_written in zip(node._saved, written)
        )
        node._saved_versions = tuple(
            tensor._version_box[0] if is_written else version
            for version, is_written in zip(node._saved_versions, written)
        )


def positions(view: np.ndarray, base: np.ndarray) -> np.ndarray:
    """For each element of ``view``, the flat (row-major) index of the element of ``base`` it shares memory with."""
    start = view.__array_interface__["data"][0] - base.__array_interface__["data"][0]
    view_bytes = start + _byte_offsets(view)
    if base.flags.c_contiguous:
        return view_bytes // max(base.itemsize, 1)
    base_bytes = _byte_offsets(base).reshape(-1)
    order = np.argsort(base_bytes, kind="stable")
    return order[np.searchsorted(base_bytes[order], view_bytes)]


def _byte_offsets(array: np.ndarray) -> np.ndarray:
    offsets = np.zeros(array.shape, dtype=np.int64)
    for dim, (size, stride) in enumerate(zip(array.shape, array.strides)):
        offsets += (np.arange(size, dtype=np.int64) * stride).reshape((-1,) + (1,) * (array.ndim - dim - 1))
    return offsets


def _rederive(view: Any, base: Any) -> None:
    """Give ``view`` the history PyTorch gives a view whose base changed: ``AsStridedBackward0`` of the base."""
    if not base._requires_grad:
        return
    node = AsStrided._node_cls()
    node.positions = positions(view._data, base._data)
    _connect(node, (base,), [base._data])
    node._outputs_meta = ((view._data.shape, view._data.dtype),)
    view._set_history(node, 0)


class AsStrided(Op):
    """The elements of a base that a view covers (``positions``), in the view's shape."""

    name = "AsStridedBackward0"

    def forward(ctx, base, positions):
        ctx.positions = positions
        return base.reshape(-1)[positions]

    def backward(ctx, grad):
        return AsStridedScatter.apply(zeros(ctx.input_metas[0][0], like=grad), grad, positions=ctx.positions, add=True)

    def symbolic(ctx, base):
        return np.asarray(base, dtype=object).reshape(-1)[ctx.positions]


class AsStridedScatter(Op):
    """A copy of ``a`` with the elements at ``positions`` replaced by ``values`` (or, with ``add``, increased)."""

    name = "AsStridedScatterBackward0"
    promote = "binary"

    def forward(ctx, a, values, positions, add=False):
        ctx.positions, ctx.add = positions, add
        out = np.array(a, copy=True, order="C")  # row-major, so that reshape(-1) is a view to write through
        flat = out.reshape(-1)
        if add:
            np.add.at(flat, positions, values)
        else:
            flat[positions] = values
        return out

    def backward(ctx, grad):
        grad_a = grad if ctx.add else AsStridedScatter.apply(grad, 0.0, positions=ctx.positions)
        grad_values = AsStrided.apply(grad, positions=ctx.positions) if ctx.needs_input_grad[1] else None
        return (grad_a if ctx.needs_input_grad[0] else None), grad_values

    def symbolic(ctx, a, values):
        out = np.array(a, dtype=object)
        flat = out.reshape(-1)
        if ctx.add:
            np.add.at(flat, ctx.positions, values)
        else:
            flat[ctx.positions] = values
        return out


class CopySlices(Op):
    """The history of a base after an in-place op on one of its views.

    The node wraps the in-place op's node ``fn``: its first edge is the base's old history, the others are
    ``fn``'s edges for the op's other operands. Backward sends the base's gradient through unchanged outside
    the view's elements and through ``fn`` inside them.
    """

    name = "CopySlices"

    def backward(ctx, grad):
        if len(np.unique(ctx.positions)) != ctx.positions.size:
            raise RuntimeError(_OVERLAP)  # the view repeats elements (fill_ on an expanded tensor): as PyTorch
        fn = ctx.fn
        grads = fn._apply_backward((AsStrided.apply(grad, positions=ctx.positions),))
        inside = grads[0] if grads[0] is not None else 0.0
        grad_base = AsStridedScatter.apply(grad, inside, positions=ctx.positions) if ctx.needs_input_grad[0] else None
        return (grad_base, *grads[1:])

    def symbolic(ctx, base, *others):
        fn = ctx.fn
        before = np.asarray(base, dtype=object).reshape(-1)[ctx.positions]
        rule = fn._op.symbolic
        out = np.array(base, dtype=object)
        out.reshape(-1)[ctx.positions] = rule(fn, before, *others)
        return out


class _CopySlicesNode(CopySlices._node_cls):  # type: ignore[name-defined,misc]
    """Frees the wrapped node's saved tensors with its own, as the engine frees every node's after backward."""

    @property
    def _saved(self) -> Any:
        return self.fn._saved

    @_saved.setter
    def _saved(self, value: Any) -> None:
        self.fn._saved = value

    @property
    def _saved_versions(self) -> tuple:
        return self.fn._saved_versions


_CopySlicesNode.__name__ = _CopySlicesNode.__qualname__ = "CopySlices"


def _copy_slices(base: Any, view: Any, fn: Node) -> Node:
    node = _CopySlicesNode()
    node._seq = next(SEQUENCE)
    node.fn, node.positions = fn, positions(view._data, base._data)
    base_edge = gradient_edge(base)
    node.next_functions = (base_edge, *fn.next_functions[1:])
    node.needs_input_grad = (base_edge[0] is not None, *fn.needs_input_grad[1:])
    base_meta = (base._data.shape, base._data.dtype)
    # for a SymPy replay: the base's values before the write, when they are a constant
    node._constants = (None if base._requires_grad else base._data.copy(), *fn._constants[1:])
    node._outputs_meta = (base_meta,)
    return node
