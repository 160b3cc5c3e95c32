"""``torch.optim``: ``SGD``, ``Adam``, ``AdamW``.

>>> import autograd_nb as torch
>>> w = torch.tensor([2.0], requires_grad=True)
>>> opt = torch.optim.SGD([w], lr=0.25, momentum=0.9)
>>> for _ in range(2):
...     opt.zero_grad()
...     (w * w).sum().backward()
...     opt.step()
>>> w
tensor([-0.4000], requires_grad=True)
"""

from __future__ import annotations

from .adam import Adam, AdamW
from .optimizer import Optimizer
from .sgd import SGD

__all__ = ["SGD", "Adam", "AdamW", "Optimizer"]
