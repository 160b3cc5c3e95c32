"""Make ``import torch`` mean ``import autograd_nb`` for the seed scripts (see tests/test_seeds.py).

Only the seed tests put this directory first on ``PYTHONPATH``. Replacing our own entry in
``sys.modules`` while the import runs is allowed: Python hands back whatever the entry holds at the
end, so ``torch`` *is* the ``autograd_nb`` module, and ``torch.autograd`` its subpackage.
"""

import sys

import autograd_nb
import autograd_nb.autograd.functional

sys.modules[__name__] = autograd_nb
sys.modules[__name__ + ".autograd"] = autograd_nb.autograd
sys.modules[__name__ + ".autograd.functional"] = autograd_nb.autograd.functional
