"""The training step of ``bench_mlp.py`` written with ``nn`` and ``optim``, as tutorials write it.

    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), ..., nn.Linear(512, 10))
    optimizer.zero_grad(); loss = nn.CrossEntropyLoss()(model(x), y); loss.backward(); optimizer.step()

Compared, taking turns in one process, one thread, from the same weights and data:
  * PyTorch with torch.nn and torch.optim,
  * autograd_nb with autograd_nb.nn and autograd_nb.optim,
  * autograd_nb written by hand (bench_mlp.py's step: ``@``, ``relu``, ``log_softmax``, indexing, and
    ``p -= lr * p.grad`` under ``no_grad``).

Target: the nn/optim step within 1.1× of the hand-written autograd_nb step (the module layer must not
add real cost). The losses after one step must agree.

    python benchmarks/bench_train.py [--repeats 15]
"""

from __future__ import annotations

import argparse

import _common  # before numpy: pins numpy and torch to one thread
import numpy as np
from bench_mlp import LR, SHAPES, problem


def with_nn(lib, x: np.ndarray, labels: np.ndarray, layers: list):
    """A step function built from ``lib.nn`` and ``lib.optim`` (lib is torch or autograd_nb)."""
    nn = lib.nn
    modules = []
    for i, (w, b) in enumerate(layers):
        linear = nn.Linear(*w.shape)
        with lib.no_grad():
            linear.weight.copy_(lib.from_numpy(np.ascontiguousarray(w.T)))
            linear.bias.copy_(lib.from_numpy(b))
        modules += [linear, nn.ReLU()] if i < len(layers) - 1 else [linear]
    model = nn.Sequential(*modules)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = lib.optim.SGD(model.parameters(), lr=LR)
    inputs, targets = lib.from_numpy(x), lib.from_numpy(labels)

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        return loss

    return step


def by_hand(x: np.ndarray, labels: np.ndarray, layers: list):
    """bench_mlp.py's autograd_nb step: the public tensor API, no modules."""
    import autograd_nb

    nx, rows, ny = autograd_nb.from_numpy(x), autograd_nb.arange(len(labels)), autograd_nb.from_numpy(labels)
    params = [autograd_nb.tensor(a, requires_grad=True) for layer in layers for a in layer]

    def step():
        h = nx
        for i in range(0, len(params), 2):
            h = h @ params[i] + params[i + 1]
            h = h.relu() if i < len(params) - 2 else h
        loss = -h.log_softmax(dim=1)[rows, ny].mean()
        loss.backward()
        with autograd_nb.no_grad():
            for p in params:
                p -= LR * p.grad
        for p in params:
            p.grad.zero_()
        return loss

    return step


def main() -> None:
    import autograd_nb

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    print(_common.machine())
    torch = _common.optional("torch")
    for label, (batch, sizes) in SHAPES.items():
        x, labels, layers = problem(batch, sizes)
        steps = {}
        if torch is not None:
            steps["PyTorch nn+optim"] = with_nn(torch, x, labels, layers)
        steps["autograd_nb nn+optim"] = with_nn(autograd_nb, x, labels, layers)
        steps["autograd_nb by hand"] = by_hand(x, labels, layers)
        losses = {name: float(_common.to_numpy(step())) for name, step in steps.items()}
        reference = losses["autograd_nb by hand"]
        for name, loss in losses.items():
            assert abs(loss - reference) < 1e-4 * max(1.0, abs(reference)), f"{name}: loss {loss} ≠ {reference}"
        times = _common.interleaved(steps, args.repeats)
        shape = "→".join(map(str, sizes))
        _common.report(f"{label} MLP, batch {batch}, {shape}: ms per training step", times,
                       ["autograd_nb by hand", "PyTorch nn+optim"], scale=1e3)  # fmt: skip
    print("\ntarget: autograd_nb nn+optim ≤ 1.1× autograd_nb by hand")


if __name__ == "__main__":
    main()
