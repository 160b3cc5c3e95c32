"""The benchmark scripts still run on the current engine and compute the same thing as PyTorch.

Only their workloads and their targets table are checked here, on small sizes (about a second); the
speed itself is what the scripts measure (see benchmarks/README.md), never a timed test.
"""

import sys
from pathlib import Path

import pytest

pytest.importorskip("torch")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import _common  # noqa: E402
import bench_chain  # noqa: E402
import bench_instructions  # noqa: E402
import bench_mlp  # noqa: E402
import bench_overhead  # noqa: E402


def test_per_op_chain_gives_pytorchs_gradient_in_every_engine():
    bench_overhead.check_float32(bench_overhead.cases(others=True))


def test_phases_time_the_recorded_forward_apart_from_the_backward():
    import autograd_nb

    samples = {"recorded forward": [], **{phase: [] for phase in bench_overhead.PHASES[::2]}}
    for run in bench_overhead.phase_rounds(autograd_nb, samples).values():
        run()
    assert all(len(times) == 1 and times[0] > 0 for times in samples.values())


def test_instruction_count_phases_run(monkeypatch):
    import autograd_nb

    monkeypatch.setattr(bench_instructions, "N_OPS", 10)
    ends = {phase: bench_instructions.chain(phase) for phase in bench_instructions.PHASES}
    assert ends["unrecorded"].grad_fn is None and ends["forward"].grad_fn.name() == "TanhBackward0"
    assert isinstance(ends["whole"], autograd_nb.Tensor)


def test_long_chain_times_forward_within_the_whole_run():
    for engine in bench_chain.ENGINES:
        forward, total = bench_chain.chain(bench_chain.library(engine), 500)
        assert 0 < forward < total


def test_mlp_steps_reach_the_same_loss():
    batch, sizes = bench_mlp.SHAPES["small"]
    bench_mlp.check(bench_mlp.cases(batch, sizes)[1])


def test_targets_table_gives_ratio_and_verdict(capsys):
    _common.targets([("fast", 1.0, "ref", 2.0, 0.75), ("slow", 3.0, "ref", 2.0, 1.0), ("info", 1.0, "ref", 4.0, None)])
    fast, slow, info = capsys.readouterr().out.strip().splitlines()[1:]
    assert fast.split()[-4:] == ["0.50×", "≤", "0.75×", "yes"]
    assert slow.split()[-4:] == ["1.50×", "≤", "1.00×", "no"]
    assert info.split()[-2:] == ["0.25×", "—"]
