"""The widgets in a real browser: JupyterLab runs a small notebook, Chromium moves a slider and types.

The test starts JupyterLab from this environment on 127.0.0.1 (a free port, a random token, no browser,
a temporary directory holding the notebook and Jupyter's settings), runs every cell through the Run menu,
moves the first slider of ``explore`` with the keyboard and types into its text box, and waits for the
printed ``x.grad`` to change to the value the chain rule gives. Each widget is screenshotted; with
``AUTOGRAD_NB_SCREENSHOTS=docs/images`` the pictures are also copied there (that is how the README's are made).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the browser fixture skips the test
    PlaywrightTimeout = TimeoutError

TIMEOUT_MS = 60_000

CELLS = [
    "import autograd_nb as torch\nfrom autograd_nb import widgets",
    "def f(x):\n    y = x + 2\n    z = y * y * 3\n    return z.mean()\n\nwidgets.explore(f, x=torch.ones(2, 2))",
    "def grow(x):\n    y = x * 2\n    while y.norm() < 1000:\n        y = y * 2\n    return y\n\n"
    "widgets.vjp(grow, x=[0.25, -0.5, 1.5], v=[0.1, 1.0, 0.0001])",
    "x = torch.ones(2, 2, requires_grad=True)\ny = x + 2\nz = y * y * 3\nout = z.mean()\n"
    "stepper = widgets.step_backward(out)\nstepper.show(2)\nstepper",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path: Path):
    """A JupyterLab server on the demo notebook: yields its URL (token included); always stopped."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, tmp_path / "demo.ipynb")
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "run"),
           "JUPYTER_DATA_DIR": str(tmp_path / "data"), "JUPYTER_PLATFORM_DIRS": "1"}  # fmt: skip
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", "--allow-root", f"--ServerApp.root_dir={tmp_path}",
               "--LabApp.news_url=", "--ServerApp.port_retries=0"]  # fmt: skip
    log = open(tmp_path / "lab.log", "wb")  # noqa: SIM115 - closed below, after the server stopped
    server = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 40
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text()) from None
                time.sleep(0.2)
        yield f"{base}/lab/tree/demo.ipynb?token={token}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def kernel_connected(lab_url: str) -> bool:
    """The server's view: a kernel is idle and the page's websocket is connected to it."""
    base, token = lab_url.split("/lab/")[0], lab_url.split("token=")[1]
    try:
        with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=5) as reply:
            kernels = json.load(reply)
    except OSError:  # a busy server has answered 500 while the kernel was starting: ask again
        return False
    return any(k["execution_state"] == "idle" and k["connections"] > 0 for k in kernels)


def run_all_cells(page, lab_url: str) -> None:  # noqa: ANN001
    """Run every cell with Shift+Enter once the kernel is connected; retried if the first run was lost."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not kernel_connected(lab_url):
        assert time.monotonic() < deadline, "the notebook's kernel did not connect"
        page.wait_for_timeout(250)
    first_prompt = page.locator(".jp-Notebook .jp-Cell .jp-InputPrompt").first
    for _attempt in range(3):
        page.locator(".jp-Notebook .jp-Cell .jp-InputArea-editor").first.click()
        page.keyboard.press("Escape")  # command mode: Shift+Enter runs a cell and selects the next
        for _ in CELLS:
            page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_function("p => /\\[[0-9*]+\\]/.test(p.innerText)", arg=first_prompt.element_handle(),
                                   timeout=15_000)  # fmt: skip
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError("the cells did not run")


def grad_text(page) -> str:  # noqa: ANN001
    return page.locator(".agnb-explore .agnb-numbers pre").inner_text()


def test_explore_in_jupyterlab_follows_a_slider_and_the_text_box(browser, lab, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 3200})
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(lab)
        page.wait_for_selector(".jp-Notebook .jp-Cell")
        run_all_cells(page, lab)
        explorer = page.locator(".agnb-explore")
        explorer.wait_for()
        page.wait_for_function(
            "() => [...document.querySelectorAll('.agnb-explore .agnb-numbers pre')]"
            ".some(p => p.innerText.includes('[4.5000, 4.5000]'))"
        )
        assert "tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])" in grad_text(page)

        # the slider of x[0, 0], moved one step with the keyboard: 1.0 -> 1.1, so x.grad[0, 0] = 1.5 (x + 2) = 4.65
        handle = explorer.locator(".widget-slider .noUi-handle").first
        handle.focus()
        handle.press("ArrowRight")
        page.wait_for_function(
            "() => document.querySelector('.agnb-explore .agnb-numbers pre').innerText.includes('4.6500')"
        )
        readout = explorer.locator(".widget-slider .widget-readout").first.inner_text()
        assert float(readout) == pytest.approx(1.1)
        assert "tensor([[4.6500, 4.5000],\n        [4.5000, 4.5000]])" in grad_text(page)

        # typing into the text box, taken on Enter
        box = explorer.locator(".widget-text input").first
        box.fill("[[0, 1], [2, 3]]")
        box.press("Enter")
        page.wait_for_function(
            "() => document.querySelector('.agnb-explore .agnb-numbers pre').innerText.includes('7.5000')"
        )
        assert "tensor([[3.0000, 4.5000],\n        [6.0000, 7.5000]])" in grad_text(page)
        assert "✓" in explorer.locator(".agnb-maths").inner_text()

        # a malformed value: one sentence, the last good gradient stays
        box.fill("[[0, 1], [2]]")
        box.press("Enter")
        page.wait_for_selector(".agnb-explore .agnb-error p")
        assert "x:" in explorer.locator(".agnb-error").inner_text()
        assert "7.5000" in grad_text(page)
        box.fill("[[0, 1], [2, 3]]")
        box.press("Enter")
        page.wait_for_selector(".agnb-explore .agnb-error p", state="detached")

        vjp = page.locator(".agnb-vjp .agnb-maths")
        vjp.wait_for()
        assert "tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])" in vjp.inner_text()  # v kept its 0.0001
        page.wait_for_selector(".agnb-stepper .agnb-step")
        page.locator(".agnb-stepper button", has_text="next").click()
        page.wait_for_function(
            "() => document.querySelector('.agnb-stepper .agnb-step').innerText.includes('Step 4 of 5')"
        )
        page.wait_for_selector(".agnb-explore mjx-container, .agnb-explore .MathJax", state="attached")
        no_news = page.locator(".jp-toast-button", has_text="No")
        if no_news.count():
            no_news.first.click()  # JupyterLab's news question would cover the pictures
        shots = {"explore": ".agnb-explore", "vjp": ".agnb-vjp", "stepper": ".agnb-stepper"}
        for name, selector in shots.items():
            page.locator(selector).screenshot(path=tmp_path / f"widget-{name}.png")
    except Exception:
        page.screenshot(path=tmp_path / "failure.png")  # kept by pytest in its tmp directory
        raise
    finally:
        page.close()
    target = os.environ.get("AUTOGRAD_NB_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        for name in shots:
            shutil.copy(tmp_path / f"widget-{name}.png", Path(target) / f"widget-{name}.png")
