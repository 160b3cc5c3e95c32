"""One training step of a ReLU MLP: forward, softmax cross-entropy, backward, SGD update (float32).

Two shapes: batch 256 through 784→512→512→10, where the matrix products dominate, and batch 64
through 784→128→10, where the engine's own bookkeeping starts to show. Compared, taking turns in
one process, one thread:
  * PyTorch (``F.cross_entropy``),
  * a hand-written numpy forward and backward: the floor for anything built on numpy,
  * autograd_nb through its public API only (``@``, ``relu``, ``log_softmax``, indexing, ``mean``,
    and ``p -= lr * p.grad; p.grad.zero_()`` under ``no_grad``), as a learner would write it,
  * HIPS autograd (``pip install autograd``), skipped when not installed.

Every engine starts from the same weights and data; the losses after one step must agree and every
loss, weight and gradient must still be float32.

Targets (issue 12): large step ≤ 1.05× the numpy floor (its ratio to PyTorch is printed too); small
step ≤ 1.0× PyTorch.

    python benchmarks/bench_mlp.py [--repeats 30] [--quick]
"""

from __future__ import annotations

import argparse

import _common  # before numpy: pins numpy and torch to one thread
import numpy as np

LR = 0.01
SHAPES = {"large": (256, (784, 512, 512, 10)), "small": (64, (784, 128, 10))}
SMALL_ROUNDS = 10  # the small step is ~20× quicker: 10× the rounds steady its median at little cost
TARGETS = {"large": ("numpy (by hand)", 1.05), "small": ("PyTorch", 1.0)}  # shape: (reference, ratio)


def problem(batch: int, sizes: tuple) -> tuple:
    """Inputs, integer labels and He-initialised float32 weights, the same for every engine."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, sizes[0]), dtype=np.float32)
    labels = rng.integers(0, sizes[-1], batch)
    layers = [
        (rng.standard_normal((n_in, n_out), dtype=np.float32) * np.float32(np.sqrt(2 / n_in)),
         np.zeros(n_out, np.float32))
        for n_in, n_out in zip(sizes[:-1], sizes[1:])
    ]  # fmt: skip
    return x, labels, layers


def numpy_step(x: np.ndarray, labels: np.ndarray, params: list) -> np.float32:
    """Forward and backward written out by hand; updates ``params`` in place and returns the loss."""
    rows = np.arange(len(labels))
    activations = [x]
    for i, (w, b) in enumerate(params):
        z = activations[-1] @ w + b
        activations.append(np.maximum(z, 0, out=z) if i < len(params) - 1 else z)
    logits = activations.pop()
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    total = exp.sum(axis=1, keepdims=True)
    loss = (np.log(total[:, 0]) - shifted[rows, labels]).mean()
    grad = exp / total  # d loss / d logits = (softmax - onehot) / batch
    grad[rows, labels] -= 1
    grad /= np.float32(len(labels))
    for i in reversed(range(len(params))):
        w, b = params[i]
        inputs = activations[i]
        grad_w, grad_b = inputs.T @ grad, grad.sum(axis=0)
        if i:
            grad = grad @ w.T
            grad *= inputs > 0
        w -= LR * grad_w
        b -= LR * grad_b
    return loss


def cases(batch: int, sizes: tuple) -> tuple[dict, dict]:
    """``{engine: step()}``, and ``{engine: check()}`` returning (loss, [weights and grads])."""
    import autograd_nb

    x, labels, layers = problem(batch, sizes)
    steps, checks = {}, {}

    torch = _common.optional("torch")
    if torch is not None:
        tx, ty = torch.from_numpy(x), torch.from_numpy(labels)
        t_params = [torch.tensor(a, requires_grad=True) for layer in layers for a in layer]

        def torch_step(keep_grads=False):
            h = tx
            for i in range(0, len(t_params), 2):
                h = h @ t_params[i] + t_params[i + 1]
                h = torch.relu(h) if i < len(t_params) - 2 else h
            loss = torch.nn.functional.cross_entropy(h, ty)
            loss.backward()
            with torch.no_grad():
                for p in t_params:
                    p -= LR * p.grad
            grads = [p.grad.clone() for p in t_params] if keep_grads else []
            for p in t_params:
                p.grad.zero_()
            return loss, t_params + grads

        steps["PyTorch"] = torch_step
        checks["PyTorch"] = lambda: torch_step(keep_grads=True)

    n_params = [(w.copy(), b.copy()) for w, b in layers]
    steps["numpy (by hand)"] = lambda: numpy_step(x, labels, n_params)
    checks["numpy (by hand)"] = lambda: (numpy_step(x, labels, n_params), [a for layer in n_params for a in layer])

    nx, rows, ny = autograd_nb.from_numpy(x), autograd_nb.arange(batch), autograd_nb.from_numpy(labels)
    nb_params = [autograd_nb.tensor(a, requires_grad=True) for layer in layers for a in layer]

    def nb_step(keep_grads=False):
        h = nx
        for i in range(0, len(nb_params), 2):
            h = h @ nb_params[i] + nb_params[i + 1]
            h = h.relu() if i < len(nb_params) - 2 else h
        loss = -h.log_softmax(dim=1)[rows, ny].mean()
        loss.backward()
        with autograd_nb.no_grad():
            for p in nb_params:
                p -= LR * p.grad
        grads = [p.grad.clone() for p in nb_params] if keep_grads else []
        for p in nb_params:
            p.grad.zero_()
        return loss, nb_params + grads

    steps["autograd_nb"] = nb_step
    checks["autograd_nb"] = lambda: nb_step(keep_grads=True)

    hips = _common.optional("autograd")
    if hips is not None:
        import autograd.numpy as anp

        onehot = np.eye(sizes[-1], dtype=np.float32)[labels]
        h_params = [a.copy() for layer in layers for a in layer]

        def hips_loss(params):
            h = x
            for i in range(0, len(params), 2):
                h = anp.dot(h, params[i]) + params[i + 1]
                h = anp.maximum(h, 0) if i < len(params) - 2 else h
            shifted = h - anp.max(h, axis=1, keepdims=True)
            log_probs = shifted - anp.log(anp.sum(anp.exp(shifted), axis=1, keepdims=True))
            return -anp.mean(anp.sum(log_probs * onehot, axis=1))

        loss_and_grad = hips.value_and_grad(hips_loss)

        def hips_step():
            loss, grads = loss_and_grad(h_params)
            for p, g in zip(h_params, grads):
                p -= LR * g
            return loss, h_params + list(grads)

        steps["HIPS autograd"] = hips_step
        checks["HIPS autograd"] = hips_step

    return steps, checks


def check(checks: dict) -> None:
    """One step each: same loss everywhere, and float32 from the loss to the last gradient."""
    losses = {}
    for name, run in checks.items():
        loss, arrays = run()
        loss = _common.to_numpy(loss)
        assert np.asarray(loss).dtype == np.float32, f"{name}: loss is {np.asarray(loss).dtype}"
        for a in arrays:
            assert _common.to_numpy(a).dtype == np.float32, f"{name}: a weight or gradient is not float32"
        losses[name] = float(loss)
    reference = next(iter(losses.values()))
    for name, loss in losses.items():
        assert abs(loss - reference) < 1e-4 * max(1.0, abs(reference)), f"{name}: loss {loss} ≠ {reference}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30, help="rounds of the large step (default 30)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 3 rounds")
    args = parser.parse_args()
    if args.quick:
        args.repeats = 3
    print(_common.machine())
    rows = []
    for label, (batch, sizes) in SHAPES.items():
        steps, checks = cases(batch, sizes)
        check(checks)
        times = _common.interleaved(steps, args.repeats * (SMALL_ROUNDS if label == "small" else 1))
        shape = "→".join(map(str, sizes))
        medians = _common.report(f"{label} MLP, batch {batch}, {shape}: ms per training step", times,
                                 ["PyTorch", "numpy (by hand)"], scale=1e3)  # fmt: skip
        reference, target = TARGETS[label]
        for against in dict.fromkeys([reference, "PyTorch"]):  # the target's reference first, then PyTorch
            if against in medians:
                rows.append((f"ms/step, batch {batch}, {shape}", medians["autograd_nb"], against,
                             medians[against], target if against == reference else None))  # fmt: skip
    _common.targets(rows)


if __name__ == "__main__":
    main()
