"""Instructor slides: decks built from every lesson notebook and from small notebooks made here with explicit
slide metadata. The browser checks (reveal.js starts, MathJax typesets, drawings show) are in
test_browser_slides.py."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

pytest.importorskip("nbconvert")
bs4 = pytest.importorskip("bs4")

from autograd_nb.cli import main  # noqa: E402
from autograd_nb.slides import SlidesError, build_decks  # noqa: E402
from autograd_nb.slides.prepare import WIDGET_VIEW  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400pt" height="300pt" viewBox="0 0 400 300">'
    '<rect x="10" y="10" width="380" height="280" fill="#9cf" stroke="black"/>'
    '<text x="200" y="150" text-anchor="middle" font-size="40">MulBackward0</text></svg>'
)
# a 2x1 PNG (one red, one blue pixel), as viz.draw may store it for untrusted notebooks
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000002000000010802000000"
        "7b40e8dd0000000f49444154789c63f8cfc0f09f81e13f00100a02fe"
        "8a8e8b0b0000000049454e44ae426082"
    )
).decode()


def slide(kind: str, cell):
    cell.metadata["slideshow"] = {"slide_type": kind}
    return cell


def made_notebook() -> nbformat.NotebookNode:
    """Every kind of cell a lesson uses, with known slide metadata: 4 slides, 1 subslide, 2 fragments."""
    svg_cell = new_code_cell("viz.draw(out)", execution_count=2)
    svg_cell.outputs = [new_output("display_data", {"image/svg+xml": SVG, "text/plain": "<Graph>"})]
    png_cell = new_code_cell("viz.draw(out, format='png')", execution_count=3)
    png_cell.outputs = [new_output("display_data", {"image/png": PNG, "text/plain": "<Graph>"})]
    explorer = new_code_cell("widgets.explore(f, x=1.5)", execution_count=4)
    explorer.outputs = [
        new_output(
            "display_data",
            {
                WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0},
                "text/html": "<div class='snapshot'><b>x = 1.5, grad 3.0</b></div>",
                "text/plain": "Explorer(...)",
            },
        )
    ]
    bare_widget = new_code_cell("widgets.IntSlider()", execution_count=5)
    bare_widget.outputs = [new_output("display_data", {WIDGET_VIEW: {"model_id": "def"}, "text/plain": "IntSlider()"})]
    solution = new_code_cell("answer = 'SOLUTION_MARKER'")
    solution.metadata["tags"] = ["solution"]
    cells = [
        slide("slide", new_markdown_cell("# Title of the lesson\n\nFor instructors")),
        slide("skip", new_code_cell("import autograd_nb  # SETUP_MARKER")),
        slide("slide", new_markdown_cell("## The chain rule\n\n$$\\frac{\\partial z}{\\partial x} = 6(x+2)$$")),
        slide("fragment", new_markdown_cell("First, $y = x + 2$.")),
        slide("fragment", new_markdown_cell("Then $z = 3y^2$.")),
        slide("subslide", new_markdown_cell("### Going down: $\\bar y = 6y$")),
        slide("notes", new_markdown_cell("NOTES_MARKER: ask the room what $4.5$ means.")),
        slide("slide", svg_cell),
        solution,
        png_cell,
        slide("slide", explorer),
        bare_widget,
    ]
    nb = new_notebook(cells=cells, metadata={"widgets": {"application/vnd.jupyter.widget-state+json": {}}})
    nbformat.validate(nb)
    return nb


def write_notebook(path: Path, nb) -> Path:
    nbformat.write(nb, path)
    return path


def soup(deck) -> bs4.BeautifulSoup:
    return bs4.BeautifulSoup(Path(deck.path).read_text(encoding="utf-8"), "html.parser")


def top_sections(page) -> list:
    return page.select("div.slides > section")


def leaf_sections(page) -> list:
    return [s for s in page.find_all("section") if not s.find("section")]


def expected_sections(nb) -> tuple[int, int]:
    """(slides, subslides) as the notebook's metadata asks for them, counted here without autograd_nb's help.

    Solution cells are left out; a slide that one of them started still starts at the next cell shown."""
    kinds = [c.metadata.get("slideshow", {}).get("slide_type", "-") for c in nb.cells]
    if all("slide_type" not in c.metadata.get("slideshow", {}) for c in nb.cells):
        n = sum(bool(c.source.strip()) for c in nb.cells if "solution" not in c.metadata.get("tags", []))
        return n, n  # no metadata: one slide per non-empty cell
    shown, pending = [], None
    for cell, kind in zip(nb.cells, kinds):
        if "solution" in cell.metadata.get("tags", []):
            if kind in ("slide", "subslide") and pending != "slide":
                pending = kind
        elif kind not in ("skip", "notes"):
            shown.append(pending if pending and kind in ("-", "fragment") else kind)
            pending = None
    slides = 1 + shown[1:].count("slide")
    return slides, slides + shown[1:].count("subslide")


@pytest.fixture(scope="module")
def lesson_decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("lessons")
    return out, build_decks(LESSONS, out)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("made")
    path = write_notebook(folder / "made.ipynb", made_notebook())
    [deck] = build_decks([path], folder / "decks")
    [with_solutions] = build_decks([path], folder / "single", single_file=True, theme="dark", include_solutions=True)
    return deck, with_solutions


def local_loads(page) -> list[str]:
    loads = [tag.get("src") for tag in page.find_all(["script", "img"]) if tag.get("src")]
    return loads + [tag.get("href") for tag in page.find_all("link") if tag.get("href")]


def test_every_lesson_has_a_deck(lesson_decks):
    out, decks = lesson_decks
    assert LESSONS, "no lesson notebooks found"
    assert [d.path for d in decks] == [out / f"{nb.stem}.slides.html" for nb in LESSONS]
    assert sorted(p.name for p in (out / "assets").iterdir()) == [
        "autograd-nb-deck.css", "mathjax-offline.js", "notes.js", "reveal.css", "reveal.js", "theme-light.css",
    ]  # fmt: skip
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "a staging folder was left behind"


@pytest.mark.parametrize("index", range(len(LESSONS)), ids=[p.stem for p in LESSONS])
def test_lesson_deck_loads_only_local_files_and_follows_the_metadata(lesson_decks, index):
    out, decks = lesson_decks
    deck, nb = decks[index], nbformat.read(LESSONS[index], as_version=4)
    page = soup(deck)
    loads = local_loads(page)
    assert "assets/reveal.js" in loads and "assets/mathjax-offline.js" in loads
    for url in loads:
        assert url.startswith("data:") or (out / url).is_file(), f"{url} is neither inline nor a file of the deck"
    html = deck.path.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "the deck loads something from the web"
    assert not re.search(r"""(@import|url\()\s*["']?(https?:)?//""", html), "the deck's CSS loads from the web"
    slides, subslides = expected_sections(nb)
    assert len(top_sections(page)) == slides
    assert len(leaf_sections(page)) == subslides == deck.slides
    assert len(page.find_all("section")) == slides + subslides  # each slide is a section around its subslides


def test_assets_load_nothing_from_the_web(lesson_decks):
    out, _ = lesson_decks
    for asset in (out / "assets").iterdir():
        text = asset.read_text(encoding="utf-8")
        assert not re.search(r"""(@import|url\()\s*["']?https?:""", text), asset.name
    bundle = (out / "assets" / "mathjax-offline.js").read_text(encoding="utf-8")
    assert 'MathJax.version="2.7.9"' in bundle
    assert '"config/TeX-AMS-MML_HTMLorMML-full.js"' in bundle
    assert '"fonts/HTML-CSS/STIX-Web/woff/STIXMathJax_Main-Regular.woff"' in bundle
    assert "reveal.js 5." in (out / "assets" / "reveal.js").read_text(encoding="utf-8")[:100]


def test_lessons_without_metadata_get_one_slide_per_cell(lesson_decks):
    _, decks = lesson_decks
    for deck, path in zip(decks, LESSONS):
        nb = nbformat.read(path, as_version=4)
        untagged = not any("slide_type" in c.metadata.get("slideshow", {}) for c in nb.cells)
        assert any("no slide metadata: one slide per cell" in n for n in deck.notices) == untagged


def test_sections_fragments_and_notes_follow_the_metadata(made):
    deck, _ = made
    page = soup(deck)
    assert deck.slides == 5
    assert len(top_sections(page)) == 4 and len(leaf_sections(page)) == 5
    assert [len(s.find_all("section")) for s in top_sections(page)] == [1, 2, 1, 1]
    fragments = [f.get_text(" ", strip=True) for f in page.select("div.fragment")]
    assert fragments == ["First, $y = x + 2$.", "Then $z = 3y^2$."]
    assert page.h1.get_text(strip=True) == "Title of the lesson¶"  # markdown rendered (¶: the hidden anchor)
    notes = [a.get_text(" ", strip=True) for a in page.select("aside.notes")]
    assert len(notes) == 3 and notes[0].startswith("NOTES_MARKER")
    assert "SETUP_MARKER" not in deck.path.read_text()  # skip
    assert deck.notices == []


def test_solutions_are_left_out_unless_asked_for(made):
    deck, with_solutions = made
    assert "SOLUTION_MARKER" not in deck.path.read_text()
    assert "SOLUTION_MARKER" in with_solutions.path.read_text()
    assert deck.slides == with_solutions.slides == 5


def test_a_slide_started_by_a_solution_still_starts_without_it(tmp_path):
    solution = slide("slide", new_markdown_cell("## Solution\n\nSOLUTION_MARKER"))
    solution.metadata["tags"] = ["solution"]
    cells = [slide("slide", new_markdown_cell("# Exercise")), solution, new_markdown_cell("Discussion"),
             slide("fragment", new_markdown_cell("More discussion"))]  # fmt: skip
    path = write_notebook(tmp_path / "exercise.ipynb", new_notebook(cells=cells))
    [without] = build_decks([path], tmp_path / "without")
    [with_solution] = build_decks([path], tmp_path / "with", include_solutions=True)
    assert without.slides == with_solution.slides == 2 == expected_sections(nbformat.read(path, 4))[0]
    last = top_sections(soup(without))[1]
    assert "SOLUTION_MARKER" not in last.get_text() and last.p.get_text() == "Discussion"
    assert last.select_one("div.fragment").get_text(strip=True) == "More discussion"


def test_widgets_show_their_static_snapshot_and_a_speaker_note(made):
    deck, _ = made
    page = soup(deck)
    explorer_slide = top_sections(page)[3]
    assert explorer_slide.select_one("div.snapshot b").get_text() == "x = 1.5, grad 3.0"
    assert "run the notebook to use it" in explorer_slide.get_text()  # the widget without a snapshot
    notes = explorer_slide.select("aside.notes")
    assert len(notes) == 2 and all("live version of this explorer runs in the notebook" in n.get_text() for n in notes)
    assert "made.ipynb" in notes[0].get_text()
    html = deck.path.read_text()
    assert WIDGET_VIEW not in html and "widget-state" not in html and "embed-amd" not in html


def test_drawings_are_shown_in_whichever_form_is_stored(made):
    deck, _ = made
    svg, png = top_sections(soup(deck))[2].find_all("img")  # SVG as a data URL: Graphviz ids cannot clash
    assert svg["src"] == "data:image/svg+xml;base64," + base64.b64encode(SVG.encode()).decode()
    assert png["src"] == "data:image/png;base64," + PNG


def test_single_file_deck_carries_everything_inline(made):
    _, single = made
    page = soup(single)
    assert [url for url in local_loads(page) if not url.startswith("data:")] == []
    assert not (single.path.parent / "assets").exists()
    scripts = " ".join(s.get_text() for s in page.find_all("script"))
    assert "Reveal.initialize" in scripts and 'MathJax.version="2.7.9"' in scripts and "RevealNotes" in scripts
    styles = " ".join(s.get_text() for s in page.find_all("style"))
    assert ".reveal-viewport { background: #15171c; }" in styles  # the dark theme
    assert page.body["data-jp-theme-light"] == "false"


def test_cli_prints_where_each_deck_went_and_its_slide_count(made, tmp_path, capsys):
    deck, _ = made
    notebook = deck.path.parent.parent / "made.ipynb"
    assert main(["slides", str(notebook), "-o", str(tmp_path / "out"), "--theme", "dark"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{tmp_path / 'out' / 'made.slides.html'}: 5 slides (")
    assert (tmp_path / "out" / "assets" / "theme-dark.css").is_file()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograd_nb", "slides", *args], capture_output=True, text=True)


def test_not_a_notebook_is_a_one_line_error_and_nothing_is_written(made, tmp_path):
    good = made[0].path.parent.parent / "made.ipynb"
    text = tmp_path / "notes.ipynb"
    text.write_text("this is not JSON")
    result = run_cli(str(good), str(text), "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"autograd-nb slides: error: {text}: not a Jupyter notebook")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such notebook"),
        ('{"cells": 3}', "not a Jupyter notebook"),
        (json.dumps(new_notebook(cells=[slide("skip", new_markdown_cell("x"))])), "nothing to show"),
    ],
)
def test_bad_notebooks_raise_slides_error(tmp_path, content, message):
    path = tmp_path / "lesson.ipynb"
    if content is not None:
        path.write_text(content)
    with pytest.raises(SlidesError, match=message):
        build_decks([path], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_unwritable_output_is_a_one_line_error(made, tmp_path, capsys):
    good = made[0].path.parent.parent / "made.ipynb"
    blocker = tmp_path / "file"
    blocker.write_text("a file where the output folder should be")
    assert main(["slides", str(good), "-o", str(blocker / "decks")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"autograd-nb slides: error: cannot write to {blocker / 'decks'}") and err.count("\n") == 1
    assert blocker.read_text() == "a file where the output folder should be"


def test_unknown_theme_is_refused(tmp_path):
    with pytest.raises(SlidesError, match="unknown theme 'sepia': choose one of dark, light"):
        build_decks(LESSONS[:1], tmp_path, theme="sepia")
