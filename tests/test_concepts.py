"""docs/concepts.md maps every concept of the seed tutorials to a notebook and a section: keep it true."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs" / "concepts.md"


def table_rows() -> list[list[str]]:
    """The cells of each data row of the table (header and separator left out)."""
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|") or set(line) <= set("|- "):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if cells[:2] != ["seed", "concept"]:
            rows.append(cells)
    return rows


def headings(notebook: Path) -> set[str]:
    """The text of every markdown heading in the notebook."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return {
        line.lstrip("#").strip()
        for cell in cells
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if line.startswith("#")
    }


ROWS = table_rows()


def test_the_table_covers_every_seed() -> None:
    assert len(ROWS) >= 40
    seeds_named = " ".join(row[0] for row in ROWS)
    for seed in ("000", "001", "002", "003", "004"):
        assert seed in seeds_named, f"no row of docs/concepts.md names seed {seed}"
    assert sum("careful" in row[0] for row in ROWS) >= 5, "the seeds' mistakes each need a row"


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}:{row[1][:30]}" for i, row in enumerate(ROWS)])
def test_row_points_to_an_existing_section(row: list[str]) -> None:
    assert len(row) == 4 and all(row), f"a row of docs/concepts.md has an empty or missing cell: {row}"
    seed, _concept, notebook, section = row
    assert re.fullmatch(r"(all|[0-9]{3}(, [0-9]{3})*)( \(careful\))?", seed), f"seed column: {seed!r}"
    path = ROOT / "notebooks" / notebook.strip("`")
    assert path.is_file(), f"{notebook} does not exist"
    assert section in headings(path), f"{notebook} has no heading {section!r}"


# Each lesson is built the same way: outcomes first, predictions, 3-5 self-checked exercises, hidden solutions
# after them, and slide metadata on every cell for the slides export.

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_there_are_ten_lessons_in_order() -> None:
    assert [path.name[:2] for path in LESSONS] == [f"{i:02d}" for i in range(10)]


@pytest.mark.parametrize("path", LESSONS, ids=[path.stem for path in LESSONS])
def test_lesson_structure(path: Path) -> None:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = ["".join(cell["source"]) for cell in cells]
    assert cells[0]["cell_type"] == "markdown" and "After this notebook you will be able to" in text[0]
    assert all(cell["metadata"].get("slideshow", {}).get("slide_type") for cell in cells), "a cell has no slide_type"
    assert cells[0]["metadata"]["slideshow"]["slide_type"] == "slide"
    exercises = [i for i, t in enumerate(text) if t.startswith("**Exercise")]
    assert 3 <= len(exercises) <= 5, f"{len(exercises)} exercises"
    solutions = [i for i, cell in enumerate(cells) if "solution" in cell["metadata"].get("tags", [])]
    assert solutions and min(solutions) > max(exercises), "solutions must come after the exercises"
    assert all(cells[i]["metadata"].get("jupyter", {}).get("source_hidden") for i in solutions)
    assert path.name.startswith("00") or any("Predict" in t for t in text), "no predict-then-run prompt"
    after_exercises = text[min(exercises):]
    assert any("check_answer" in t or "sym.check" in t for t in after_exercises), "exercises need a self-check"


def test_lesson_checks_say_right_wrong_and_unanswered(capsys: pytest.CaptureFixture, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "notebooks"))
    import sympy
    from lesson_checks import check_answer, check_formula

    import autograd_nb as torch

    x1 = sympy.Symbol("x_1", real=True)  # sym's symbols are real, a typed formula's names are matched to them
    check_answer("a", 4.5, torch.tensor(4.5))
    check_answer("b", [[1.0, 2.0]], torch.tensor([[1.0, 2.5]]))
    check_answer("c", [1.0], torch.tensor([1.0, 2.0]))
    check_answer("d", ..., 1.0)
    check_formula("e", "3*x_1**2/2", sympy.Rational(3, 2) * x1**2)
    check_formula("f", "3*x_1", sympy.Rational(3, 2) * x1**2)
    assert capsys.readouterr().out.splitlines() == [
        "a: ✓",
        "b: ✗ [[1.0, 2.0]] is not right yet",
        "c: ✗ the shape is (1,), expected (2,)",
        "d: not answered yet (replace ... with your answer)",
        "e: ✓",
        "f: ✗ yours minus the right answer is 3*x_1*(2 - x_1)/2",
    ]
