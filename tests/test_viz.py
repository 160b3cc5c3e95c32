"""autograd_nb.viz: the drawn graph matches the recorded one, renders everywhere, and never breaks a notebook."""

from __future__ import annotations

import doctest
import importlib
import re
import shutil
import subprocess
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import autograd_nb as torch
from autograd_nb import viz
from autograd_nb.autograd.engine import topological_order
from autograd_nb.viz import render as render_module

SVG = "{http://www.w3.org/2000/svg}"
SYSTEM_DOT = shutil.which("dot")


@pytest.fixture(autouse=True)
def default_renderer(monkeypatch):
    monkeypatch.delenv("AUTOGRAD_NB_RENDERER", raising=False)
    viz.set_renderer(None)
    yield
    viz.set_renderer(None)


def seed_example():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    return x, y, z, out


def dot_edges(source: str) -> list[tuple[str, str]]:
    """``(from, to)`` box titles of every arrow in the DOT text, read back from the text itself."""
    titles = {m[0]: m[1].split("\\")[0].split(" ")[0] for m in re.findall(r'^  (n\d+) \[label="([^"]*)', source, re.M)}
    return [(titles[a], titles[b]) for a, b in re.findall(r"^  (n\d+) -> (n\d+)", source, re.M)]


def svg_texts(svg: str) -> list[str]:
    return [(t.text or "").replace("\xa0", " ") for t in ET.fromstring(svg).iter(SVG + "text")]


# -- the graph that is drawn ---------------------------------------------------------------------------


def test_seed_graph_has_exactly_the_recorded_nodes_and_edges():
    x, y, z, out = seed_example()
    view = viz.draw(out, names={"x": x})
    assert view.nodes() == ["output", "MeanBackward0", "MulBackward0", "MulBackward0", "AddBackward0",
                            "AccumulateGrad", "x"]  # fmt: skip
    # by vertex number, so the two MulBackward0 nodes are told apart; y = x + 2 is used twice by y * y
    arrows = [(a.src, a.dst) for a in view.graph.live_arrows()]
    assert Counter(arrows) == Counter({(0, 1): 1, (1, 2): 1, (2, 3): 1, (3, 4): 2, (4, 5): 1, (5, 6): 1})
    assert Counter(dot_edges(view.source)) == Counter(view.edges())
    assert view.source.count(" -> ") == 7


def test_names_come_from_the_callers_variables():
    x, y, z, out = seed_example()
    _ = x  # IPython keeps old outputs in _, _7, ...: such names are not used
    view = viz.draw(out)
    assert view.nodes() == ["out", "MeanBackward0", "MulBackward0", "MulBackward0", "AddBackward0",
                            "AccumulateGrad", "x", "z", "y"]  # fmt: skip
    assert view.edges().count(("MulBackward0", "y")) == 2
    assert ("y", "AddBackward0") in view.edges() and ("MeanBackward0", "z") in view.edges()
    roles = {v.title: v.role for _, v in view.graph.live_vertices()}
    assert (roles["x"], roles["out"], roles["y"]) == ("leaf", "output", "tensor")


def test_boxes_show_values_shapes_and_grads_after_backward():
    x, y, z, out = seed_example()
    out.backward()
    source = viz.draw(out).source
    leaf = re.search(r'label="(x [^"]*)"', source)[1]
    assert leaf == "x (2, 2)\\l[[1., 1.],\\l [1., 1.]]\\lgrad [[4.5000, 4.5000],\\l      [4.5000, 4.5000]]\\l"
    assert 'label="out ()\\l27.\\lgrad 1.\\l"' in source
    hidden = viz.draw(out, values=False, grads=False, shapes=False).source
    assert 'label="x\\l"' in hidden and "4.5000" not in hidden


def test_backward_arrows_carry_the_gradients_the_engine_computed():
    x, y, z, out = seed_example()
    out.backward()
    view = viz.draw(out)
    grads = {(view.graph.vertices[a.src].title, view.graph.vertices[a.dst].title): a.grad
             for a in view.graph.live_arrows() if a.grad is not None}  # fmt: skip
    assert grads[("out", "MeanBackward0")] == 1.0
    np.testing.assert_allclose(grads[("MeanBackward0", "z")], np.full((2, 2), 0.25))
    np.testing.assert_allclose(grads[("MulBackward0", "MulBackward0")], np.full((2, 2), 0.75))
    np.testing.assert_allclose(grads[("y", "AddBackward0")], np.full((2, 2), 4.5))
    np.testing.assert_allclose(grads[("AddBackward0", "AccumulateGrad")], x.grad.numpy())
    # the engine kept what it sent along each edge: y * y's two arrows carry 2.25 each, although backward
    # freed the saved tensors that recomputing them would need
    into_y = [a.grad for a in view.graph.live_arrows() if view.graph.vertices[a.dst].title == "y"]
    np.testing.assert_allclose(into_y, np.full((2, 2, 2), 2.25))
    assert view.graph.missing == ""
    assert '[[0.2500, 0.2500],\\l [0.2500, 0.2500]]\\l"' in view.source


def test_gradients_are_computed_without_touching_grad_when_no_backward_ran():
    x, y, z, out = seed_example()
    view = viz.draw(out)
    assert x.grad is None
    into_y = [a.grad for a in view.graph.live_arrows() if view.graph.vertices[a.dst].title == "y"]
    # the graph is still whole, so each use of y gets its own term: y.grad = 2.25 + 2.25
    np.testing.assert_allclose(into_y, np.full((2, 2, 2), 2.25))
    out.backward()  # the drawing kept the graph intact
    np.testing.assert_allclose(x.grad.numpy(), np.full((2, 2), 4.5))


def test_drawing_runs_no_user_code(capsys):
    class Square(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, grad):
            print("backward ran")
            return 2 * ctx.saved_tensors[0] * grad

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    hooked = torch.tensor([3.0], requires_grad=True)
    hooked.register_hook(lambda grad: print("hook ran"))
    for out in (Square.apply(x).sum(), (hooked * 2).sum()):
        view = viz.draw(out)
        assert all(a.grad is None for a in view.graph.live_arrows())
    assert capsys.readouterr().out == ""
    assert viz.draw(Square.apply(x).sum()).nodes() == ["output", "SumBackward0", "SquareBackward", "AccumulateGrad",
                                                       "x"]  # fmt: skip


def test_forward_direction_follows_the_data():
    x, y, z, out = seed_example()
    out.backward()
    view = viz.draw(out, direction="forward")
    edges = dot_edges(view.source)
    assert "AccumulateGrad" not in view.source
    assert Counter(edges) == Counter({("x", "AddBackward0"): 1, ("AddBackward0", "y"): 1, ("y", "MulBackward0"): 2,
                                      ("MulBackward0", "MulBackward0"): 1, ("MulBackward0", "z"): 1,
                                      ("z", "MeanBackward0"): 1, ("MeanBackward0", "out"): 1})  # fmt: skip
    assert "0.7500" not in view.source  # arrows carry no gradients forward; values sit in the boxes
    assert "[[27., 27.]," in view.source
    with pytest.raises(ValueError, match="direction"):
        viz.draw(out, direction="sideways")


def test_highlight_marks_only_the_paths_to_the_chosen_leaf():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0], requires_grad=True)
    out = (a * 2).sum() + (b * b).sum()
    out.backward()
    view = viz.draw(out, highlight=(a, 1))
    marked = [v.title for _, v in view.graph.live_vertices() if v.marked]
    assert marked == ["out", "AddBackward0", "SumBackward0", "MulBackward0", "AccumulateGrad", "a"]
    assert sum(a.marked for a in view.graph.live_arrows()) == 5
    assert "∂out/∂a[1] = 2." in view.source
    assert view.source.count("color=red") == 6 + 5
    with pytest.raises(IndexError):
        viz.draw(out, highlight=(a, 5))
    with pytest.raises(ValueError, match="not in this graph"):
        viz.draw(out, highlight=torch.ones(2, requires_grad=True))


def while_loop_chain():
    x = torch.tensor([0.5, -0.25, 1.0], requires_grad=True)
    y = x * 2
    steps = 1
    while y.data.norm() < 1000:
        y = y * 2
        steps += 1
    return x, y, steps


def test_collapse_folds_the_while_loop_chain():
    x, y, steps = while_loop_chain()
    y.backward(torch.tensor([0.1, 1.0, 0.0001]))
    view = viz.draw(y, collapse=True)
    assert steps == 10
    assert view.nodes() == ["y", "MulBackward0 ×10", "AccumulateGrad", "x"]
    assert 'label="MulBackward0 ×10"' in view.source
    # the gradients entering and leaving the folded chain are kept: v, and 2**10 * v
    assert "[1.0000e-01, 1.0000e+00, 1.0000e-04]" in view.source
    assert "[1.0240e+02, 1.0240e+03, 1.0240e-01]" in view.source
    assert len(viz.draw(y).nodes()) == 13


def test_collapse_keeps_branches_and_named_tensors():
    x, y, z, out = seed_example()
    # y * y and (y * y) * 3 are different steps (only the second has the constant 3), so they stay apart;
    # z separates MeanBackward0 from the muls, and nothing else repeats
    assert viz.draw(out, collapse=True).nodes() == ["out", "MeanBackward0", "MulBackward0", "MulBackward0",
                                                    "AddBackward0", "AccumulateGrad", "x", "z", "y"]  # fmt: skip


def test_collapse_folds_only_steps_with_the_same_constants():
    a = torch.tensor(-0.8, requires_grad=True)
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    c = 100 * b  # the seed's other branch: a different constant, so not part of the doubling run
    assert viz.draw(c, collapse=True).nodes() == ["c", "MulBackward0", "MulBackward0 ×11", "AccumulateGrad", "a", "b"]


def test_second_order_graph_draws_every_recorded_node():
    x, y, z, out = seed_example()
    (g,) = torch.autograd.grad(out, x, create_graph=True)
    view = viz.draw(g, saved=True)
    recorded = topological_order([g.grad_fn])
    functions = [v.title for _, v in view.graph.live_vertices() if v.role in ("function", "accumulate")]
    assert Counter(functions) == Counter(type(n).__name__ for n in recorded)
    links = sum(child is not None for n in recorded for child, _ in n.next_functions)
    # every edge of the graph, one arrow from g, the y box adds one, AccumulateGrad -> x adds one
    assert len([a for a in view.graph.live_arrows() if not a.saved]) == links + 3
    assert all(a.grad is None for a in view.graph.live_arrows())  # no backward ran from g
    assert "<svg" in view.svg()
    total = g.sum()
    total.backward()
    np.testing.assert_allclose(x.grad.numpy(), np.full((2, 2), 1.5))  # d/dx of sum(1.5 * (x + 2))
    after = viz.draw(total)
    assert any(a.grad is not None for a in after.graph.live_arrows())


def test_saved_tensors_are_drawn_in_orange():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * x
    view = viz.draw(y.sum(), saved=True)
    saved = [v for _, v in view.graph.live_vertices() if v.role == "saved"]
    assert [v.title for v in saved] == ["x"] and saved[0].value is x._data
    assert view.source.count("fillcolor=orange") == 1 and view.source.count("dir=none") == 1
    y.sum().backward()
    assert "(saved tensors freed)" in viz.draw(y.sum(), saved=True).source


def test_legend_is_optional():
    x, y, z, out = seed_example()
    assert "cluster_legend" not in viz.draw(out).source
    assert "saved tensor" in viz.draw(out, legend=True).svg()


def test_leaf_output_and_several_outputs():
    x = torch.tensor([1.0], requires_grad=True)
    assert viz.draw(x).nodes() == ["x", "AccumulateGrad"]
    a, b = x * 2, x * 3
    view = viz.draw([a, b])
    assert view.nodes() == ["a", "b", "MulBackward0", "MulBackward0", "AccumulateGrad", "x"]
    with pytest.raises(TypeError):
        viz.draw([1.0])


def test_a_10000_node_chain_collapses_or_says_it_is_too_large():
    x = torch.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(10_000):
        y = y * 1.0
    view = viz.draw(y, names={})
    with pytest.raises(viz.GraphTooLarge, match="collapse=True"):
        view.svg()
    bundle = view._repr_mimebundle_()
    assert "image/svg+xml" not in bundle and "collapse=True" in bundle["text/plain"]
    assert bundle["text/plain"].endswith(f"… {len(view.source.splitlines()) - 200} more lines in .source\n")
    assert view._repr_svg_() is None
    start = time.perf_counter()
    folded = viz.draw(y, names={}, collapse=True)
    assert folded.nodes() == ["output", "MulBackward0 ×10000", "AccumulateGrad", ""]
    assert "<svg" in folded.svg()
    assert time.perf_counter() - start < 10


# -- rendering -----------------------------------------------------------------------------------------


def check_svg(svg: str) -> None:
    assert svg.startswith("<?xml") and "Generated by graphviz" not in svg
    texts = svg_texts(svg)
    assert "MeanBackward0" in texts and "AccumulateGrad" in texts


def test_graphviz_pure_renders_the_same_bytes_every_time(tmp_path):
    views = [viz.draw(seed_example()[3]) for _ in range(2)]
    svg = views[0].svg()
    check_svg(svg)
    assert views[1].svg() == svg and views[0].source == views[1].source
    assert views[0]._repr_svg_() == svg
    assert views[0]._repr_mimebundle_()["image/svg+xml"] == svg
    assert views[0].save(tmp_path / "g.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert views[0].save(tmp_path / "g.svg").read_text(encoding="utf-8") == svg
    assert views[0].save(tmp_path / "g.dot").read_text(encoding="utf-8") == views[0].source
    with pytest.raises(ValueError, match=".svg, .png"):
        views[0].save(tmp_path / "g.pdf")


def test_graphviz_pure_is_found_beside_python_without_path(monkeypatch):
    monkeypatch.setenv("PATH", "")
    assert render_module.find_executable("graphviz-pure").endswith("graphviz-pure")


@pytest.mark.skipif(SYSTEM_DOT is None, reason="system Graphviz `dot` not installed")
def test_system_dot_renders_when_chosen(monkeypatch):
    out = seed_example()[3]
    viz.set_renderer("dot")
    assert viz.get_renderer() == "dot"
    check_svg(viz.draw(out).svg())
    viz.set_renderer(None)
    monkeypatch.setenv("AUTOGRAD_NB_RENDERER", "dot")
    assert viz.get_renderer() == "dot"
    check_svg(viz.draw(out).svg())


def test_renderer_failures_fall_back_to_the_dot_text(monkeypatch):
    view = viz.draw(seed_example()[3])
    viz.set_renderer("/nonexistent/graphviz")
    with pytest.raises(viz.RendererNotFound, match="pip install graphviz-pure") as error:
        view.svg()
    assert ".source" in str(error.value)
    assert view._repr_svg_() is None
    bundle = view._repr_mimebundle_()
    assert list(bundle) == ["text/plain"] and bundle["text/plain"].endswith(view.source)
    assert "RendererNotFound" in bundle["text/plain"]
    assert view.source.startswith("digraph")


def test_pyodide_cannot_start_processes(monkeypatch):
    def no_processes(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(subprocess, "run", no_processes)
    view = viz.draw(seed_example()[3])
    with pytest.raises(viz.RenderError, match="Pyodide"):
        view.svg()
    assert "Pyodide" in view._repr_mimebundle_()["text/plain"]
    monkeypatch.setattr(render_module.sys, "platform", "emscripten")
    with pytest.raises(viz.RenderError, match="in the browser"):
        view.svg()


def test_display_never_raises(monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("something unexpected")

    monkeypatch.setattr(render_module, "render", broken)
    view = viz.draw(seed_example()[3])
    assert view._repr_svg_() is None
    assert view._repr_mimebundle_()["text/plain"].startswith("ZeroDivisionError: something unexpected")
    assert repr(view) == "<GraphView: 5 grad_fn nodes, 2 tensors; .source, .svg(), .save(path)>"


def test_renderer_errors_are_reported():
    view = viz.draw(seed_example()[3])
    with pytest.raises(viz.RenderError, match="not recognized"):
        view.pipe("no-such-format")


# -- escaping --------------------------------------------------------------------------------------------


def visible(text: str) -> str:
    """What a name looks like in the drawing: characters XML cannot hold are written as escapes."""
    hidden = ("Cc", "Cs", "Cn")
    text = "".join(c.encode("unicode_escape").decode() if unicodedata.category(c) in hidden else c for c in text)
    return text.replace("\xa0", " ")  # as svg_texts reads it


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(min_size=1, max_size=20), other=st.text(alphabet='"<>{}|\\&;#\n é∂中', max_size=12))
def test_names_are_escaped_in_dot_and_svg(name, other):
    name, other = "v" + name, "w" + other  # names starting with "_" are skipped on purpose
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    view = viz.draw(y.sum(), {name: x, other: y}, values=False, grads=False, shapes=False)
    texts = svg_texts(view.svg())  # parses: nothing broke out of the text elements
    assert visible(name) in texts and visible(other) in texts
    assert len(re.findall(r"^  n\d+ \[", view.source, re.M)) == 6  # the DOT structure is unchanged


@pytest.mark.skipif(SYSTEM_DOT is None, reason="system Graphviz `dot` not installed")
def test_escaping_holds_with_system_dot():
    name = 'a"<b>&lt;{c}|\\n\x07é中'
    x = torch.tensor([1.0], requires_grad=True)
    viz.set_renderer("dot")
    texts = svg_texts(viz.draw(x * 2, {name: x}, values=False, grads=False, shapes=False).svg())
    assert visible(name) in texts


def test_docstring_examples():
    for module in ("autograd_nb.viz", "autograd_nb.viz.dot", "autograd_nb.viz.render"):
        assert doctest.testmod(importlib.import_module(module)).failed == 0
