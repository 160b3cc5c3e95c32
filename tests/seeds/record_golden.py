"""Run every seed script with real PyTorch and store what it prints as the golden output.

Run it from anywhere with torch installed::

    python tests/seeds/record_golden.py

Each ``tests/seeds/<name>.py`` gives ``golden/<name>.stdout`` and, when something reaches stderr,
``golden/<name>.stderr``. ``tests/test_seeds.py`` runs the same scripts with ``import torch`` bound
to autograd_nb (through ``_shim/``) and compares, after the same normalisation:

* stdout: object addresses ``0x7f...`` become ``0xADDRESS``; nothing else changes.
* stderr: a warning header ``<file>:<line>: <Category>: <message>`` becomes ``<Category>: <message>``
  and the indented source line Python prints under it is dropped. PyTorch raises the non-leaf
  ``.grad`` warning inside ``torch/_tensor.py`` (source line ``return self._grad``) while autograd_nb
  points at the learner's line, so only the category and the message are the contract. Other stderr
  lines are kept as they are.

Golden files come from one ``python <script>`` per script; the tests save time by running all scripts in
one interpreter (``_run_all.py``) and check, where torch is installed, that this gives PyTorch's goldens too.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
SHIM = HERE / "_shim"
REPO = HERE.parents[1]

_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
_WARNING_HEADER = re.compile(r"^.*:\d+: (\w+Warning): (.*)$")


def scripts() -> list[Path]:
    """The seed scripts, in a stable order (this file and the ``_`` helpers are not among them)."""
    return sorted(p for p in HERE.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_"))


def _environment(library: str) -> dict[str, str]:
    """``import torch`` finds real PyTorch for ``"torch"``; for ``"autograd_nb"`` the shim comes first."""
    env = dict(os.environ)
    env.pop("PYTHONWARNINGS", None)  # the default filters are what a learner sees
    path = [str(REPO)] if library == "torch" else [str(SHIM), str(REPO)]
    env["PYTHONPATH"] = os.pathsep.join(path)
    return env


def run_script(script: Path, library: str) -> subprocess.CompletedProcess:
    """Run one script the way a learner does, ``python script.py``."""
    return subprocess.run(
        [sys.executable, str(script)], cwd=REPO, env=_environment(library), capture_output=True, text=True, timeout=300
    )


def run_all(library: str) -> dict[str, tuple[int, str, str]]:
    """Run every script in one fresh interpreter (see ``_run_all.py``): name -> (returncode, stdout, stderr)."""
    command = [sys.executable, str(HERE / "_run_all.py"), *map(str, scripts())]
    done = subprocess.run(command, cwd=REPO, env=_environment(library), capture_output=True, text=True, timeout=300)
    if done.returncode:
        raise RuntimeError(f"the seed runner failed:\n{done.stderr}")
    return {name: tuple(result) for name, result in json.loads(done.stdout).items()}


def normalise_stdout(text: str) -> str:
    return _ADDRESS.sub("0xADDRESS", text)


def normalise_stderr(text: str) -> str:
    kept, after_warning = [], False
    for line in text.splitlines():
        header = _WARNING_HEADER.match(line)
        if header:
            kept.append(f"{header[1]}: {header[2]}")
        elif not (after_warning and line.startswith("  ")):
            kept.append(line)
        after_warning = bool(header)
    return "".join(line + "\n" for line in kept)


def main() -> None:
    import torch  # noqa: F401  (fail early, with a clear message, where torch is missing)

    GOLDEN.mkdir(exist_ok=True)
    for script in scripts():
        done = run_script(script, "torch")
        if done.returncode:
            raise SystemExit(f"{script.name} failed under PyTorch:\n{done.stderr}")
        (GOLDEN / f"{script.stem}.stdout").write_text(normalise_stdout(done.stdout))
        stderr_file = GOLDEN / f"{script.stem}.stderr"
        if done.stderr:
            stderr_file.write_text(normalise_stderr(done.stderr))
        else:
            stderr_file.unlink(missing_ok=True)
        print(f"recorded {script.stem}")


if __name__ == "__main__":
    main()
