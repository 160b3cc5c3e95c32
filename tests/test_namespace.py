"""``import autograd_nb as torch`` gives PyTorch's names, and no helpers of our own beside them."""

from __future__ import annotations

import pytest

import autograd_nb

OURS = {"sym", "viz", "widgets", "slides", "cli"}  # our companions and the command line, listed once imported


def test_no_helper_names_leak():
    public = {name for name in dir(autograd_nb) if not name.startswith("_")}
    assert not public & {"Any", "Sequence", "annotations", "TYPE_CHECKING", "get_printoptions", "sum_to_size"}
    assert {"tensor", "ones", "no_grad", "autograd", "float32", "Tensor", "cat", "where"} <= public


def test_every_public_name_is_a_pytorch_name():
    torch = pytest.importorskip("torch")
    public = {name for name in dir(autograd_nb) if not name.startswith("_")} - OURS
    assert sorted(name for name in public if not hasattr(torch, name)) == []
