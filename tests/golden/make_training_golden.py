"""Record whole PyTorch training runs into ``training.json``, the oracle for ``tests/test_optim.py``.

Run from the repository root with torch installed: ``python tests/golden/make_training_golden.py``.
A run seeds the generator, makes a small synthetic data set with it, builds a 2-layer MLP (whose
initial weights come from the same generator), and trains it for 50 steps, printing the loss as a
tutorial would. The file keeps the printed lines and the final parameters, and what the tutorial
script ``tests/scripts/train_classifier.py`` prints under PyTorch (for ``tests/test_nn.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("training.json")
TUTORIAL = Path(__file__).parent.parent / "scripts" / "train_classifier.py"
STEPS = 50

RUNS: dict[str, dict] = {
    "classify_sgd_momentum": {"task": "classify", "optimizer": "SGD", "options": {"lr": 0.1, "momentum": 0.9}},
    "classify_adam": {"task": "classify", "optimizer": "Adam", "options": {"lr": 0.01}},
    "regress_sgd_nesterov_decay": {"task": "regress", "optimizer": "SGD",
                                   "options": {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 1e-3}},
    "regress_adamw": {"task": "regress", "optimizer": "AdamW", "options": {"lr": 0.02, "weight_decay": 0.05}},
    "binary_sgd_dampening": {"task": "binary", "optimizer": "SGD",
                             "options": {"lr": 0.2, "momentum": 0.5, "dampening": 0.1}},
}  # fmt: skip


def data(torch: Any, task: str) -> tuple:
    """64 points in the plane; labels from the quadrant (classify), a smooth surface (regress) or a disc."""
    x = torch.randn(64, 2)
    if task == "classify":
        return x, (x[:, 0] * x[:, 1] > 0).long()
    if task == "regress":
        return x, (x[:, :1] * 2.0).sin() + 0.5 * x[:, 1:]
    return x, ((x * x).sum(1, keepdim=True) < 1.0).float()


def run(torch: Any, name: str) -> dict:
    nn = torch.nn
    config = RUNS[name]
    torch.manual_seed(0)
    inputs, targets = data(torch, config["task"])
    outputs = {"classify": 2, "regress": 1, "binary": 1}[config["task"]]
    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, outputs))
    loss_fn = {"classify": nn.CrossEntropyLoss(), "regress": nn.MSELoss(), "binary": nn.BCEWithLogitsLoss()}
    optimizer = getattr(torch.optim, config["optimizer"])(model.parameters(), **config["options"])
    lines = []
    for step in range(STEPS):
        optimizer.zero_grad()
        loss = loss_fn[config["task"]](model(inputs), targets)
        loss.backward()
        optimizer.step()
        lines.append(f"step {step:2d}  loss {loss.item():.4f}")
    params = {key: value.numpy().reshape(-1).tolist() for key, value in model.state_dict().items()}
    return {"lines": lines, "params": params}


def main() -> None:
    import torch

    runs = {name: run(torch, name) for name in RUNS}
    tutorial = subprocess.run([sys.executable, str(TUTORIAL)], capture_output=True, text=True, check=True).stdout
    document = {"torch": torch.__version__, "runs": runs, "tutorial_stdout": tutorial}
    OUT.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {len(runs)} runs to {OUT}")


if __name__ == "__main__":
    main()
