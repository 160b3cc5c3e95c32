"""The seed tutorials' code, run unchanged with ``import torch`` bound to autograd_nb, prints what PyTorch prints.

Each ``tests/seeds/*.py`` is one tutorial's snippets as a learner types them. PyTorch's output was recorded
into ``tests/seeds/golden/`` by ``tests/seeds/record_golden.py``, which also documents the normalisation
(object addresses, and the file/line/source-line framing of warnings). The scripts run in a subprocess
because ``import torch`` must resolve to autograd_nb there and to PyTorch here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SEEDS = Path(__file__).parent / "seeds"
_spec = importlib.util.spec_from_file_location("record_golden", SEEDS / "record_golden.py")
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

NAMES = [s.stem for s in harness.scripts()]


def golden(name: str, stream: str) -> str:
    path = harness.GOLDEN / f"{name}.{stream}"
    return path.read_text() if path.exists() else ""


def assert_matches_golden(name: str, result: tuple[int, str, str]) -> None:
    returncode, stdout, stderr = result
    assert returncode == 0, stderr
    assert harness.normalise_stdout(stdout) == golden(name, "stdout")
    assert harness.normalise_stderr(stderr) == golden(name, "stderr")


@pytest.fixture(scope="module")
def ours() -> dict[str, tuple[int, str, str]]:
    return harness.run_all("autograd_nb")


@pytest.mark.parametrize("name", NAMES)
def test_prints_what_pytorch_prints(ours: dict, name: str) -> None:
    assert_matches_golden(name, ours[name])


def test_every_script_has_a_golden_and_every_golden_a_script() -> None:
    assert {p.stem for p in harness.GOLDEN.iterdir()} == set(NAMES)
    assert len([n for n in NAMES if n.startswith("seed")]) >= 6


def test_non_leaf_grad_warning_is_part_of_the_contract() -> None:
    assert golden("seed0_grad_of_mean", "stderr").startswith(
        "UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor is being accessed."
    )


def test_a_script_runs_alone_as_a_learner_runs_it() -> None:
    # the batch runner shares one interpreter; this is the plain `python script.py` path
    done = harness.run_script(SEEDS / "seed0_grad_of_mean.py", "autograd_nb")
    assert_matches_golden("seed0_grad_of_mean", (done.returncode, done.stdout, done.stderr))


def test_shim_binds_torch_and_its_submodules_to_autograd_nb(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import torch\nimport torch.autograd\nfrom torch.autograd.functional import jacobian\n"
        "print(torch.__name__, torch.autograd.__name__, jacobian.__module__)\n"
    )
    done = harness.run_script(probe, "autograd_nb")
    assert done.stdout == "autograd_nb autograd_nb.autograd autograd_nb.autograd.functional\n", done.stderr


def test_normalisation_keeps_warning_category_and_message_only() -> None:
    stderr = "/site-packages/torch/_tensor.py:1225: UserWarning: Mind the leaf.\n  return self._grad\nplain line\n"
    assert harness.normalise_stderr(stderr) == "UserWarning: Mind the leaf.\nplain line\n"
    assert harness.normalise_stdout("<MulBackward0 object at 0x7f5d645f7fd0>") == "<MulBackward0 object at 0xADDRESS>"


def test_goldens_are_what_pytorch_prints_now() -> None:
    pytest.importorskip("torch")
    for name, result in harness.run_all("torch").items():
        assert_matches_golden(name, result)
