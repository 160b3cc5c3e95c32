"""viz after backward and viz outside a trusted notebook: every arrow tells what flowed along it, and the
drawing shows in untrusted JupyterLab (PNG), in nbconvert HTML and in slides (SVG)."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

import autograd_nb as torch
from autograd_nb import viz

ROOT = Path(__file__).resolve().parents[1]


def arrows_into(view, title: str) -> list:
    g = view.graph
    return [a.grad for a in g.live_arrows() if g.vertices[a.dst].title == title]


def test_arrows_keep_their_labels_after_a_plain_backward():
    x = torch.arange(4.0, requires_grad=True)
    y = x * x
    total = (y * x).sum()
    total.backward()
    view = viz.draw(total)
    into_x = arrows_into(view, "AccumulateGrad")
    assert all(g is not None for g in into_x)
    # y * x sends y to x; x * x sends x·(∂total/∂y = x) along each of its two edges: 3x² in all
    assert sorted(g.tolist() for g in into_x) == [[0.0, 1.0, 4.0, 9.0]] * 3
    np.testing.assert_allclose(np.sum(into_x, axis=0), x.grad.numpy())
    assert "no gradients on the arrows" not in view.source


def test_each_arrow_of_y_times_y_has_its_own_label_and_they_do_not_touch():
    y = torch.tensor([3.0], requires_grad=True)
    w = (y * y).sum()
    w.backward()
    view = viz.draw(w)
    assert [g.tolist() for g in arrows_into(view, "AccumulateGrad")] == [[3.0], [3.0]]
    # dot sets parallel labels side by side: each is padded so that they keep apart
    assert view.source.count('label=" [3.] \\l"') == 2


def test_gradients_flowing_with_create_graph_are_labelled_too():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * x
    out = y.sum()
    out.backward(create_graph=True)
    assert sorted(g.tolist() for g in arrows_into(viz.draw(out), "AccumulateGrad")) == [[1.0, 2.0], [1.0, 2.0]]


def test_missing_labels_are_explained_under_the_drawing():
    x = torch.ones(3, requires_grad=True)
    z = x * 2  # not a scalar and no backward: nothing to label the arrows with
    view = viz.draw(z)
    assert "no gradients on the arrows: no backward pass has run from this output" in view.source
    assert "no backward pass" in view.svg()
    assert "no gradients on the arrows" not in viz.draw(z, grads=False).source


def test_backward_through_autograd_grad_restricted_to_inputs_does_not_leave_stale_labels():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0], requires_grad=True)
    out = (a * b).sum() + (b * b).sum()
    out.backward(retain_graph=True)
    (ga,) = torch.autograd.grad(out, [a], retain_graph=True)
    np.testing.assert_allclose(ga.numpy(), b.detach().numpy())
    view = viz.draw(out)
    assert all(g is None or g.shape == (2,) for g in arrows_into(view, "AccumulateGrad"))


def test_the_mime_bundle_has_png_for_untrusted_notebooks_and_svg_for_html():
    x = torch.ones(2, requires_grad=True)
    out = (x * 3).sum()
    out.backward()
    bundle = viz.draw(out)._repr_mimebundle_()
    assert bundle["image/svg+xml"].lstrip().startswith("<?xml")
    png = base64.b64decode(bundle["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    again = viz.draw(out)._repr_mimebundle_()
    assert again == bundle  # the same bytes every run: stored outputs re-execute identically


def test_stored_notebook_drawings_carry_png():
    drawings = [o["data"] for path in sorted((ROOT / "notebooks").glob("*.ipynb"))
                for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"
                for o in c.get("outputs", []) if "image/svg+xml" in o.get("data", {})]  # fmt: skip
    assert len(drawings) >= 5 and all("image/png" in d for d in drawings)


def test_nbconvert_html_of_the_backprop_lesson_shows_the_drawings(browser, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", "html", "--output-dir", str(tmp_path),
         str(ROOT / "notebooks" / "05_backpropagation_step_by_step.ipynb")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto((tmp_path / "05_backpropagation_step_by_step.html").as_uri())
    # nbconvert writes each drawing's SVG as an <img> with a data: URI: each must have decoded to a real size
    images = page.locator(".jp-RenderedSVG img")
    assert images.count() >= 3
    sizes = images.evaluate_all("els => els.map(e => [e.complete, e.naturalWidth, e.naturalHeight])")
    assert all(done and w > 50 and h > 50 for done, w, h in sizes), sizes
    sources = images.evaluate_all("els => els.map(e => atob(e.src.split(',')[1]))")
    assert all(re.search(r"<text[^>]*>\w+Backward\d</text>", svg) for svg in sources)
    images.first.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "02.png"))
    shutil.copy(tmp_path / "02.png", Path(tempfile.gettempdir()) / "autograd_nb_05_nbconvert.png")  # to look at
    page.close()


def test_a_backward_run_before_viz_was_imported_is_explained(tmp_path):
    # plain backward keeps no per-edge gradients until viz is loaded: no cost for code that never draws
    script = tmp_path / "order.py"
    script.write_text(
        "import autograd_nb as torch\n"
        "from autograd_nb.autograd import engine\n"
        "assert not engine.KEEP_GRADS\n"
        "x = torch.arange(4.0, requires_grad=True)\n"
        "y = x * x\n"
        "total = (y * x).sum()\n"
        "total.backward()\n"
        "assert y.grad_fn.grad_outputs is None and total.grad_fn.grad_outputs is not None  # only the root's kept\n"
        "from autograd_nb import viz\n"
        "assert engine.KEEP_GRADS\n"
        "print(viz.draw(total).graph.missing)\n"
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "backward ran before autograd_nb.viz was imported" in done.stdout
