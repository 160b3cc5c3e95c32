"""Machine instructions per op of the 1,000-op chain, by phase, counted by valgrind's callgrind.

Timings on a shared machine move by ±10% from run to run; an instruction count does not (the same count for
the same code, whatever else the machine does), so it shows a change of 1% that timings cannot. It is not a
time: a cache miss costs more than an instruction. Use it to compare two versions of the engine, and the
timing scripts for the targets.

Three phases, each counted over ``--chains`` chains of ``bench_overhead``'s workload, after two unmeasured
ones: the forward with nothing recorded, the forward recorded (freeing the graph), and forward + backward.
Only the work inside ``functools.reduce`` is counted (callgrind's ``--toggle-collect``), not the imports.

    python benchmarks/bench_instructions.py [--chains 4]     # needs valgrind (Debian's valgrind package)
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import subprocess
import sys

import _common  # before numpy: one thread, as in the timed scripts
from bench_overhead import N_OPS, start_values

PHASES = {"unrecorded": "forward, nothing recorded", "forward": "forward, recorded", "whole": "forward + backward"}


def chain(phase: str):
    """One chain of the phase; its last tensor."""
    import autograd_nb

    y = autograd_nb.tensor(start_values(), requires_grad=phase != "unrecorded")
    for i in range(N_OPS):
        y = _common.chain_step(i, y, autograd_nb.tanh)
    if phase == "whole":
        y.sum().backward()
    return y


def count(phase: str, chains: int) -> int:
    """Instructions callgrind counts inside ``functools.reduce`` over ``chains`` chains of ``phase``."""
    run = [sys.executable, __file__, "--worker", phase, "--chains", str(chains)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same hashes, so the same dictionary probes, every run
    valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", "--toggle-collect=functools_reduce"]
    done = subprocess.run([*valgrind, *run], capture_output=True, text=True, env=env)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"valgrind failed: {done.stderr.strip().splitlines()[-1:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chains", type=int, default=4, help="chains counted per phase (default 4)")
    parser.add_argument("--worker", choices=PHASES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        chain(args.worker), chain(args.worker)  # warm-up: lazily loaded code and caches
        functools.reduce(lambda _, __: chain(args.worker), range(args.chains), None)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("needs valgrind: apt-get install valgrind")
    print(_common.machine().split(", one thread")[0])
    print(f"\n{N_OPS}-op chain over 4 elements, machine instructions per op (callgrind, {args.chains} chains):")
    for phase, label in PHASES.items():
        print(f"  {label:<28}{count(phase, args.chains) / (args.chains * N_OPS):>10,.0f}")


if __name__ == "__main__":
    main()
