#!/usr/bin/env python3
"""Set up a local environment and run the project: the only commands a new contributor needs.

    python3 dev.py lab [jupyter-lab args]   open notebooks/ in JupyterLab
    python3 dev.py test [pytest args]       run the unit tests and the notebooks (nbval); --torch: see below
    python3 dev.py execute [notebooks]      re-run notebooks and store their outputs (default: all)
    python3 dev.py slides [options]         build every lesson's reveal.js deck into build/slides/

Each creates or reuses a virtual environment in ``.venv`` and installs the package editable into it with
only what the command needs: ``lab`` the ``lab`` extra (JupyterLab, matplotlib), ``test`` and ``execute``
the ``test`` extra (pytest, nbval, …), ``slides`` the ``slides`` extra; nothing is installed or registered
outside the repository. Re-runs skip pip while pyproject.toml is unchanged.

PyTorch is the oracle some tests compare against. ``test`` never downloads it (on many machines
``pip install torch`` fetches gigabytes of CUDA libraries): it uses torch when it is already in ``.venv``,
and golden files recorded from it otherwise. ``python3 dev.py test --torch`` installs torch==2.13.0 first.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".autograd-nb-installed"
TORCH = "torch==2.13.0"
USAGE = "usage: python3 dev.py {lab,test [--torch],execute,slides} [arguments for jupyter lab / pytest / notebooks]"
# What each command installs (see pyproject.toml): the test extra holds the lab and slides extras too, since
# the tests run the notebooks, open JupyterLab in a browser and build every deck.
EXTRAS = {"lab": "lab", "test": "test", "execute": "test", "slides": "slides"}

# Runs inside .venv. Outputs are stored without timings or the Python version, so that re-executing an
# unchanged notebook leaves the file unchanged (nbval compares against these outputs).
EXECUTE = """
import json, re, sys, uuid, nbformat
from pathlib import Path
from nbclient import NotebookClient
for path in map(Path, sys.argv[1:]):
    print("executing", path, flush=True)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    client = NotebookClient(nb, kernel_name="python3", record_timing=False)
    client.execute(cwd=str(path.parent))
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        # print() output reaches the notebook in chunks that vary from run to run: join neighbours.
        merged = []
        for out in cell.outputs:
            if merged and out.output_type == merged[-1].output_type == "stream" and out.name == merged[-1].name:
                merged[-1].text += out.text
            else:
                merged.append(out)
        cell.outputs = merged
    nb.metadata["language_info"] = {"name": "python"}
    # Each run gives the widgets new random ids, in their outputs and in the saved widget state: number them
    # instead in the order they are reached from the outputs, cell by cell, then through the models each one
    # refers to, so that the ids, too, come out the same every run, and keep only those.
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    views = [out.get("data", {}).get("application/vnd.jupyter.widget-view+json") for cell in nb.cells
             for out in cell.get("outputs", [])]
    found, queue = [], [view["model_id"] for view in views if view]
    while queue:
        model_id = queue.pop(0)
        if model_id in state and model_id not in found:
            found.append(model_id)
            queue += re.findall("IPY_MODEL_([0-9a-f]{32})", json.dumps(state[model_id], sort_keys=True))
    for model_id in set(state) - set(found):  # models no output shows (replaced while the cell ran) are dropped
        del state[model_id]
    text = nbformat.writes(nb)
    for k, model_id in enumerate(found):
        text = text.replace(model_id, uuid.uuid5(uuid.NAMESPACE_URL, f"autograd_nb/{path.name}/{k}").hex)
    text = nbformat.writes(nbformat.reads(text, as_version=4))  # the state again, in the order of its new ids
    path.write_text(text if text.endswith("\\n") else text + "\\n")
"""


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def show(cmd: tuple) -> list[str]:
    args = [str(c) for c in cmd]
    print("+", " ".join("<script>" if "\n" in a else a for a in args), flush=True)
    return args


def run(*cmd: str | Path, check: bool = True) -> int:
    """Run a set-up step in the repository; with ``check``, stop dev.py when it fails."""
    code = subprocess.run(show(cmd), cwd=ROOT).returncode
    if check and code:
        sys.exit(f"dev.py: command failed with exit code {code}")
    return code


def hand_over(*cmd: str | Path) -> int:
    """Become the command, so that Ctrl-C and the exit code are its own (JupyterLab asks before quitting)."""
    args = show(cmd)
    if os.name == "nt":  # Windows' exec starts a new process and returns at once: wait for a child instead
        return subprocess.run(args, cwd=ROOT).returncode
    os.chdir(ROOT)
    os.execv(args[0], args)


def pip(*args: str, check: bool = True, quiet: bool = False) -> int:
    """pip install; long installs keep pip's own progress output so that a first run never looks stuck."""
    return run(venv_python(), "-m", "pip", "install", *(["--quiet"] if quiet else []), *args, check=check)


def create_venv() -> None:
    print(f"Creating a virtual environment in {VENV.name}/", flush=True)
    try:
        venv.create(VENV, with_pip=True)
    except (subprocess.CalledProcessError, OSError):
        # Debian-like systems ship venv without ensurepip (python3-venv missing): borrow the system's
        # pip to put pip into the new environment.
        venv.create(VENV, with_pip=False, clear=True)
        if run(sys.executable, "-m", "pip", "--python", venv_python(), "install", "--quiet", "pip", check=False):
            sys.exit("Could not install pip into .venv: install your system's python3-venv (or pip) package.")
    # Editable installs from pyproject.toml need pip >= 21.3; Python 3.10's bundled pip can be older.
    pip("--upgrade", "pip", quiet=True)


def read_stamp() -> list[str]:
    """The pyproject.toml hash the environment was installed for, then the extras installed for it."""
    return STAMP.read_text().split() if STAMP.exists() else []


def ensure_environment(extra: str) -> None:
    """Install the package with ``extra`` once per version of pyproject.toml (other extras stay installed)."""
    if not venv_python().exists():
        create_venv()
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = read_stamp()
    if not stamp or stamp[0] != wanted:
        stamp = [wanted]
    if extra not in stamp[1:]:
        print(f"Installing autograd-nb[{extra}] into {VENV.name}/ (once; later runs skip this)", flush=True)
        pip("--editable", f".[{extra}]")
        stamp.append(extra)
        STAMP.write_text(" ".join(stamp) + "\n")


def torch_version() -> str | None:
    """The version of torch installed in .venv, or None."""
    probe = "import importlib.metadata as m\ntry: print(m.version('torch'))\nexcept m.PackageNotFoundError: pass"
    found = subprocess.run([str(venv_python()), "-c", probe], capture_output=True, text=True).stdout.strip()
    return found or None


def prepare_oracle(install: bool) -> None:
    """Install torch when asked; say in one line whether the tests compare with it or with golden files."""
    if install and torch_version() is None:
        print(f"Installing {TORCH} as the tests' oracle (CPU build where pip offers one; can be large)", flush=True)
        if pip(TORCH, check=False):
            print(f"dev.py: {TORCH} could not be installed.")
    version = torch_version()
    if version:
        print(f"PyTorch oracle: torch {version} is installed; tests compare with it and with the golden files.")
    else:
        print("PyTorch oracle: torch is not installed; tests compare with golden files recorded from it "
              "(python3 dev.py test --torch installs it).")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("lab", "test", "execute", "slides"):
        print(USAGE, file=sys.stderr)
        return 2
    command, extra = argv[0], argv[1:]
    if sys.version_info < (3, 10):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit("autograd_nb needs Python 3.10 or newer.")
    ensure_environment(EXTRAS[command])
    # Use the kernels inside .venv before any kernel a user registered in their home directory.
    os.environ["JUPYTER_PREFER_ENV_PATH"] = "1"
    if command == "lab":
        # JupyterLab refuses to start as root, which is the usual user inside a container.
        as_root = ["--allow-root"] if getattr(os, "geteuid", lambda: 1)() == 0 else []
        print("Start with notebooks/00_quickstart.ipynb: open it, choose Run > Run All Cells, then read from the top.")
        return hand_over(venv_python(), "-m", "jupyterlab", "notebooks", *as_root, *extra)
    if command == "execute":
        notebooks = [Path(p).resolve() for p in extra] or sorted((ROOT / "notebooks").glob("*.ipynb"))
        return hand_over(venv_python(), "-c", EXECUTE, *notebooks)
    if command == "slides":  # options such as --theme dark or --single-file go to `autograd-nb slides`
        notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
        return hand_over(venv_python(), "-m", "autograd_nb", "slides", *notebooks, "-o", ROOT / "build/slides", *extra)
    prepare_oracle(install="--torch" in extra)
    # pyproject.toml's pytest settings add the notebooks (nbval) to the unit tests.
    return hand_over(venv_python(), "-m", "pytest", *(a for a in extra if a != "--torch"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
