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
