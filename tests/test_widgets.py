"""The widgets driven headlessly, through ``.set``, the controls' ``.value`` and the text boxes.

Observers fire synchronously when a value is set, so these tests take the path a click takes. Numbers
are compared with PyTorch's, recorded in tests/golden/widgets.json (tests/golden/make_widgets_golden.py).
"""

from __future__ import annotations

import base64
import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as w
import numpy as np
import pytest

import autograd_nb as torch
from autograd_nb import widgets

GOLDEN = json.loads((Path(__file__).parent / "golden" / "widgets.json").read_text(encoding="utf-8"))


def mean_example(x):
    y = x + 2
    z = y * y * 3
    return z.mean()


def grow(x):
    y = x * 2
    while y.norm() < 1000:
        y = y * 2
    return y


# -- explore -----------------------------------------------------------------------------------------


def test_explore_follows_pytorch_on_the_mean_example_at_several_inputs() -> None:
    ex = widgets.explore(mean_example, x=torch.ones(2, 2))
    assert isinstance(ex, w.VBox) and ex.error is None
    for case in GOLDEN["mean"]:
        assert ex.set(x=case["x"]) is True
        assert ex.result.output == pytest.approx(case["out"], rel=1e-6)
        np.testing.assert_allclose(ex.result.grads["x"], case["grad"], rtol=1e-6)
        np.testing.assert_allclose(ex.result.analytic["x"], case["grad"], rtol=1e-6)
        assert ex.result.ok is True
        assert ex.error is None


def test_explore_shows_output_and_grad_as_pytorch_prints_them() -> None:
    ex = widgets.explore(mean_example, x=torch.ones(2, 2))
    numbers = ex._numbers.value
    assert "tensor(27., grad_fn=&lt;MeanBackward0&gt;)" in numbers
    assert "&gt;&gt;&gt; x.grad\ntensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])" in numbers
    assert "✓" in ex._maths.value and "all match" in ex._maths.value
    assert r"\frac{\partial out}{\partial x}" in ex._maths.value  # sym.derive's LaTeX
    assert "<svg" in ex._graph.value and "MeanBackward0" in ex._graph.value


def test_a_slider_and_the_text_box_take_the_same_path_as_set() -> None:
    ex = widgets.explore(mean_example, x=torch.ones(2, 2))
    sliders = ex.controls["x"].children
    assert len(sliders) == 4 and all(isinstance(s, w.FloatSlider) for s in sliders)
    assert (sliders[3].min, sliders[3].max) == (-2.0, 2.0)
    sliders[3].value = 2.0  # x[1, 1]: ∂out/∂x = 6 (x + 2) / 4
    np.testing.assert_allclose(ex.result.grads["x"], [[4.5, 4.5], [4.5, 6.0]])
    assert ex.text["x"].value == "[[1.0, 1.0], [1.0, 2.0]]"
    ex.text["x"].value = "[[0, 1], [2, 3]]"
    np.testing.assert_allclose(ex.result.grads["x"], [[3.0, 4.5], [6.0, 7.5]])
    assert [s.value for s in sliders] == [0.0, 1.0, 2.0, 3.0]
    assert ex.text["x"].continuous_update is False


def test_setting_a_value_outside_a_slider_range_widens_it() -> None:
    ex = widgets.explore(lambda a: a * a, a=1.0)
    slider = ex.controls["a"]
    assert isinstance(slider, w.FloatSlider) and slider.min < 1.0 < slider.max
    ex.set(a=37.5)
    assert slider.value == 37.5 and slider.max >= 37.5
    assert ex.result.grads["a"] == pytest.approx(75.0)


def test_numbers_get_a_float_slider_and_big_tensors_a_text_box() -> None:
    ex = widgets.explore(lambda a, b, c: a * b + (c * c).sum(), a=2.0, b=3, c=np.arange(9.0))
    assert isinstance(ex.controls["a"], w.FloatSlider) and isinstance(ex.controls["b"], w.FloatSlider)
    assert ex.controls["c"] is ex.text["c"]
    assert ex.result.grads["c"].dtype == np.float64  # a numpy float64 array keeps its dtype
    assert ex.result.grads["a"].dtype == np.float32  # a Python number becomes float32, as torch.tensor does
    ex.controls["a"].value = 1.5
    assert (ex.result.grads["a"], ex.result.grads["b"]) == (3.0, 1.5)
    np.testing.assert_allclose(ex.result.grads["c"], 2 * np.arange(9.0))


def test_a_non_scalar_output_gets_v_controls_and_grad_is_vjp() -> None:
    ex = widgets.explore(lambda x: x * x, x=[1.0, 2.0, 3.0], v=[0.1, 1.0, 0.0001])
    assert "v" in ex.controls and "v^\\top J" in ex._vjp_note.value
    np.testing.assert_allclose(ex.result.grads["x"], [0.2, 4.0, 0.0006], rtol=1e-6)
    ex.set(v=[1, 0, 0], x=[5, 6, 7])
    np.testing.assert_allclose(ex.result.grads["x"], [10.0, 0.0, 0.0])
    np.testing.assert_allclose(ex.result.analytic["x"], [10.0, 0.0, 0.0])
    assert ex.result.ok is True
    assert not ex.set(v=[1, 0])
    assert ex.error == "v must have shape (3,), like its starting value, but the new value has shape (2,)."


def failing(x):
    y = x * 2
    if y.sum() > 10:
        raise ValueError("x is too big for this example")
    return y.sum()


@pytest.mark.parametrize(
    ("fn", "inputs", "change", "message"),
    [
        (mean_example, {"x": [1.0, 2.0]}, {"x": "[1, 2"}, "x: could not read '[1, 2' as a number or a list"),
        (mean_example, {"x": [1.0, 2.0]}, {"x": "[1, 'a']"}, "x: [1, 'a'] is not a number or a (rectangular) list"),
        (mean_example, {"x": [1.0, 2.0]}, {"x": [[1.0, 2.0]]}, "x must have shape (2,), like its starting value, but"),
        (failing, {"x": [1.0, 2.0]}, {"x": [5.0, 6.0]},
         "failing raised ValueError: x is too big for this example (line 4 of failing: "
         'raise ValueError("x is too big for this example"))'),
        (lambda x: x.log().sum(), {"x": [1.0, 2.0]}, {"x": [-1.0, 2.0]}, "<lambda> gave a result that is not finite"),
        (mean_example, {"x": [1.0, 2.0]}, {"z": 1.0}, "there is no input named 'z'; the inputs are x."),
        (lambda x: x.sqrt().sum(), {"x": [1.0, 4.0]}, {"x": [0.0, 4.0]}, "x.grad is not finite at these inputs"),
    ],
)
def test_bad_input_shows_one_sentence_and_keeps_the_last_good_state(fn, inputs, change, message) -> None:
    ex = widgets.explore(fn, **inputs)
    good, shown = ex.result, (ex._numbers.value, ex._maths.value, ex._graph.value)
    assert ex.set(**change) is False
    assert ex.error.startswith(message)
    assert "Traceback" not in ex._error_pane.value and html.escape(message) in ex._error_pane.value
    assert ex.result is good
    assert (ex._numbers.value, ex._maths.value, ex._graph.value) == shown
    assert ex.set(**inputs) is True and ex.error is None and ex._error_pane.value == ""


def test_an_input_the_function_does_not_use_is_named() -> None:
    ex = widgets.explore(lambda x, y: (x * 2).sum() if x.sum() > 0 else (x * y).sum(), x=[-1.0], y=2.0)
    assert ex.result.grads == {"x": [2.0], "y": [-1.0]}
    assert not ex.set(x=[1.0])
    assert ex.error == "the function does not use y, so y.grad is None: remove it from the inputs."
    assert ex.result.grads == {"x": [2.0], "y": [-1.0]}


def test_fn_raising_in_the_first_run_shows_the_error_and_no_result() -> None:
    ex = widgets.explore(failing, x=[10.0, 2.0])
    assert ex.result is None and ex.error.startswith("failing raised ValueError")
    assert ex.set(x=[1.0, 2.0]) and ex.result.grads["x"].tolist() == [2.0, 2.0]


def test_a_typed_value_that_fails_is_reported_from_the_text_box() -> None:
    ex = widgets.explore(mean_example, x=[1.0, 2.0])
    ex.text["x"].value = "hello"
    assert ex.error == "x: could not read 'hello' as a number or a list of numbers."
    assert ex.result.grads["x"].tolist() == [9.0, 12.0]


def test_inputs_that_do_not_fit_the_function_are_a_type_error() -> None:
    with pytest.raises(TypeError, match="do not fit mean_example"):
        widgets.explore(mean_example, y=1.0)


def test_big_graphs_skip_sympy_and_say_so() -> None:
    def chain(x):
        for _ in range(70):
            x = x * 1.01
        return x.sum()

    ex = widgets.explore(chain, x=[1.0, 2.0])
    assert ex.result.ok is None and ex.result.analytic == {}
    assert "SymPy skipped: the graph has 72 grad_fn nodes" in ex._maths.value
    np.testing.assert_allclose(ex.result.grads["x"], [1.01**70] * 2, rtol=1e-5)


def test_the_static_snapshot_is_html_of_the_current_state_and_deterministic() -> None:
    bundles = [widgets.explore(mean_example, x=torch.ones(2, 2))._repr_mimebundle_() for _ in range(2)]
    assert bundles[0]["text/html"] == bundles[1]["text/html"]
    assert bundles[0]["text/plain"] == "<Explorer x=[[1.0, 1.0], [1.0, 1.0]]; ok>"
    snapshot = bundles[0]["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundles[0]
    assert "4.5000" in snapshot and "✓" in snapshot and "[[1.0, 1.0], [1.0, 1.0]]" in snapshot
    text = re.sub(r'src="data:[^"]*"', "", snapshot)  # base64 may spell 0x by chance
    assert "0x" not in text and "model_id" not in text


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "img":
            self.images.append(dict(attrs))


def drawings_in(snapshot: str) -> list[tuple[ET.Element, dict]]:
    """The drawings of a static snapshot: each an <img> whose data: URI decodes to an SVG document.

    JupyterLab's sanitiser (untrusted notebooks) strips <svg> markup and leaves its text as stray words, so
    none may be inline."""
    assert "<svg" not in snapshot
    parser = _Images()
    parser.feed(snapshot)
    drawings = []
    for image in parser.images:
        prefix = "data:image/svg+xml;base64,"
        assert image["src"].startswith(prefix)
        root = ET.fromstring(base64.b64decode(image["src"][len(prefix):], validate=True))
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert round(float(root.get("width").removesuffix("pt")) * 4 / 3) == int(image["width"])  # CSS px
        drawings.append((root, image))
    return drawings


def node_titles(root: ET.Element) -> list[str]:
    svg = "{http://www.w3.org/2000/svg}"
    return [g.find(svg + "text").text for g in root.iter(svg + "g") if g.get("class") == "node"]


def test_snapshots_show_the_graph_as_an_image_that_untrusted_html_keeps() -> None:
    ex = widgets.explore(mean_example, x=torch.ones(2, 2))
    [(root, image)] = drawings_in(ex._repr_mimebundle_()["text/html"])
    assert "MeanBackward0" in node_titles(root) and "AccumulateGrad" in node_titles(root)
    assert image["alt"] == "the grad_fn graph" and "max-width:100%" in image["style"]
    live = re.search(r"<svg\b.*</svg>", ex._graph.value, re.DOTALL).group(0)  # the live widget keeps inline SVG
    assert base64.b64decode(image["src"].split(",")[1]).decode() == live

    ex = widgets.vjp(grow, x=[0.25, -0.5, 1.5], v=[0.1, 1.0, 0.0001])
    [(root, _)] = drawings_in(ex._repr_mimebundle_()["text/html"])
    assert "NormBackward1" not in node_titles(root) and "MulBackward0" in node_titles(root)

    scope = run(GOLDEN["steps"]["mean"]["source"])
    stepper = widgets.step_backward(scope["out"], scope)
    stepper.show(2)
    [(root, _)] = drawings_in(stepper._repr_mimebundle_()["text/html"])
    marked = [g for g in root.iter("{http://www.w3.org/2000/svg}g")
              if g.get("class") == "node" and any(shape.get("stroke") == "red" for shape in g.iter())]
    assert len(marked) == 1  # step 2's node, outlined


# -- vjp ---------------------------------------------------------------------------------------------


def test_vjp_on_the_doubling_loop_matches_pytorch() -> None:
    case = GOLDEN["vjp"]
    ex = widgets.vjp(grow, x=case["x"], v=case["v"])
    r = ex.result
    np.testing.assert_allclose(r.jacobian, case["jacobian"])
    np.testing.assert_allclose(r.grad, case["grad"], rtol=1e-6)
    np.testing.assert_allclose(r.vjp, case["grad"], rtol=1e-6)
    np.testing.assert_allclose(r.analytic_jacobian, case["jacobian"])
    np.testing.assert_allclose(r.output, case["y"])
    assert r.agree and r.v.tolist() == pytest.approx(case["v"])
    assert "✓ vᵀJ and .grad agree" in ex._maths.value and "numerator layout" in ex._maths.value


def test_vjp_follows_v_and_x_controls() -> None:
    ex = widgets.vjp(lambda x: x**2, x=[1.0, 2.0], v=[1.0, 1.0])
    assert isinstance(ex.controls["v"], w.VBox)
    ex.controls["v"].children[1].value = 0.5
    np.testing.assert_allclose(ex.result.grad, [2.0, 2.0])
    ex.text["x"].value = "[3, 4]"
    np.testing.assert_allclose(ex.result.jacobian, [[6.0, 0.0], [0.0, 8.0]])
    np.testing.assert_allclose(ex.result.vjp, [6.0, 4.0])
    assert not ex.set(v="[1, 2, 3]") and ex.result.vjp.tolist() == [6.0, 4.0]


def test_vjp_of_a_non_diagonal_jacobian() -> None:
    ex = widgets.vjp(lambda x: torch.stack([x[0] * x[1], x[0] + 3 * x[1]]), x=[2.0, 5.0], v=[1.0, 0.5])
    np.testing.assert_allclose(ex.result.jacobian, [[5.0, 2.0], [1.0, 3.0]])
    np.testing.assert_allclose(ex.result.vjp, [5.5, 3.5])
    np.testing.assert_allclose(ex.result.grad, [5.5, 3.5])
    np.testing.assert_allclose(ex.result.analytic_jacobian, [[5.0, 2.0], [1.0, 3.0]])


def test_vjp_takes_one_input() -> None:
    with pytest.raises(TypeError, match="exactly one input"):
        widgets.vjp(lambda x, y: x * y, x=1.0, y=2.0)


# -- step_backward -----------------------------------------------------------------------------------


def run(source: str) -> dict:
    scope: dict = {"torch": torch}
    exec(source, scope)
    return scope


def assert_steps_match_pytorch(stepper: widgets.Stepper, case: dict) -> None:
    nodes = [s for s in stepper.steps if s.node != "AccumulateGrad"]
    expected = case["nodes"]
    assert [s.node for s in nodes] == [n["node"] for n in expected]  # in PyTorch's order
    for step, want in zip(nodes, expected):
        np.testing.assert_allclose(step.upstream, want["upstream"], rtol=1e-6)
        assert len(step.downstream) == len(want["downstream"])
        for got, ref in zip(step.downstream, want["downstream"]):
            assert (got is None) == (ref is None)
            if got is not None:
                np.testing.assert_allclose(got, ref, rtol=1e-6)


@pytest.mark.parametrize("name", list(GOLDEN["steps"]))
@pytest.mark.parametrize("backward_first", [False, True])
def test_every_step_matches_pytorch(name: str, backward_first: bool) -> None:
    case = GOLDEN["steps"][name]
    scope = run(case["source"])
    leaves = {n: t for n, t in scope.items() if isinstance(t, torch.Tensor) and t.is_leaf}
    if backward_first:
        scope["out"].backward()  # frees the saved tensors: the stepper replays instead
        before = {n: t.grad.tolist() for n, t in leaves.items()}
    stepper = widgets.step_backward(scope["out"], scope)
    assert_steps_match_pytorch(stepper, case)
    accumulated = {s.target: s.upstream for s in stepper.steps if s.node == "AccumulateGrad"}
    assert stepper.steps[-len(accumulated) :] == [s for s in stepper.steps if s.node == "AccumulateGrad"]
    assert set(accumulated) == set(case["grads"])
    for leaf, grad in case["grads"].items():
        np.testing.assert_allclose(accumulated[leaf], grad, rtol=1e-6)
        if backward_first:
            assert leaves[leaf].grad.tolist() == before[leaf]  # untouched
        else:
            assert leaves[leaf].grad is None


def test_the_mean_example_step_by_step() -> None:
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    s = widgets.step_backward(out)
    assert [(st.node, st.target) for st in s.steps] == [
        ("MeanBackward0", "out"), ("MulBackward0", "z"), ("MulBackward0", ""), ("AddBackward0", "y"),
        ("AccumulateGrad", "x"),
    ]  # fmt: skip
    square = s.steps[2]
    assert square.inputs == ("y", "y") and square.elementwise == (True, True)
    np.testing.assert_allclose(square.local[0], np.full((2, 2), 3.0))  # ∂(y·y)/∂(first y) = y = 3
    np.testing.assert_allclose(square.downstream[0], np.full((2, 2), 2.25))  # 0.75 × 3
    assert s.steps[1].downstream[1] is None  # the constant 3 needs no gradient
    assert s.index == 0 and "Step 1 of 5: MeanBackward0" in s._step_pane.value
    s.show(2)
    text = s._step_pane.value
    assert s.index == 2 and "Step 3 of 5: MulBackward0" in text and "input 1 (y)" in text
    assert "upstream\n× local derivative (elementwise factor):\ntensor([[3., 3.],\n        [3., 3.]])" in text
    assert "= downstream:\ntensor([[2.2500, 2.2500],\n        [2.2500, 2.2500]])" in text
    assert 'stroke="red"' in s._graph_pane.value
    s._next.click()
    assert s.index == 3
    assert s._slider.value == 4  # the slider counts as the titles do: step 4 of 5
    s._play.value = 5
    assert s.index == 4 and "x.grad += tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])" in s._step_pane.value
    assert not s.show(5) and s.error == "there is no step 5: the steps go from 0 to 4." and s.index == 4
    s._previous.click()
    assert s.index == 3 and s.error is None
    assert x.grad is None


def test_the_stepper_shows_a_jacobian_for_a_matmul() -> None:
    A = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    u = torch.tensor([1.0, -1.0], requires_grad=True)
    out = (A @ u).sum()
    s = widgets.step_backward(out)
    mv = next(st for st in s.steps if st.node == "MvBackward0")
    assert mv.elementwise == (False, False)
    np.testing.assert_allclose(mv.local[1], [[1.0, 2.0], [3.0, 4.0]])  # ∂(A u)/∂u = A
    np.testing.assert_allclose(mv.downstream[1], [4.0, 6.0])
    s.show(s.steps.index(mv))
    assert "local Jacobian J (2 output × 2 input elements)" in s._step_pane.value


def test_the_stepper_needs_a_gradient_for_a_non_scalar_output() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * x
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar outputs"):
        widgets.step_backward(y)
    s = widgets.step_backward(y, gradient=[1.0, 0.5])
    np.testing.assert_allclose(s.steps[-1].upstream, [2.0, 2.0])


def test_the_stepper_snapshot_is_deterministic() -> None:
    bundles = []
    for _ in range(2):
        scope = run(GOLDEN["steps"]["mean"]["source"])
        bundles.append(widgets.step_backward(scope["out"], scope)._repr_mimebundle_())
    assert bundles[0]["text/html"] == bundles[1]["text/html"] and len(drawings_in(bundles[0]["text/html"])) == 1
    assert bundles[0]["text/plain"] == "<Stepper: step 0 of 5, MeanBackward0>"
