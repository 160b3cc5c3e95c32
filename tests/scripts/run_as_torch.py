"""Run a script with ``import torch`` (and ``torch.nn``, ``torch.optim``, ...) bound to autograd_nb.

    python tests/scripts/run_as_torch.py SCRIPT
"""

import runpy
import sys

import autograd_nb
import autograd_nb.autograd.functional
import autograd_nb.nn
import autograd_nb.nn.functional
import autograd_nb.optim

for name, module in {"torch": autograd_nb, "torch.autograd": autograd_nb.autograd,
                     "torch.autograd.functional": autograd_nb.autograd.functional, "torch.nn": autograd_nb.nn,
                     "torch.nn.functional": autograd_nb.nn.functional, "torch.nn.init": autograd_nb.nn.init,
                     "torch.optim": autograd_nb.optim}.items():  # fmt: skip
    sys.modules[name] = module

runpy.run_path(sys.argv[1], run_name="__main__")
