"""What changes between a lesson notebook and its deck, done on a copy of the notebook before nbconvert runs."""

from __future__ import annotations

import copy

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell

SOLUTION_TAG = "solution"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_PLACEHOLDER = (
    '<p class="autograd-nb-widget-placeholder">An interactive explorer: run the notebook to use it.</p>'
)
NO_METADATA = "has no slide metadata: one slide per cell (set slideshow.slide_type in JupyterLab's property inspector)"


def slide_type(cell: NotebookNode) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")


def has_slide_metadata(nb: NotebookNode) -> bool:
    return any("slide_type" in cell.get("metadata", {}).get("slideshow", {}) for cell in nb.cells)


def show_widget_snapshots(cell: NotebookNode) -> bool:
    """Let each widget output show its static HTML snapshot; True if the cell had a widget."""
    found = False
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if WIDGET_VIEW in data:
            found = True
            del data[WIDGET_VIEW]
            if "text/html" not in data:  # no snapshot: say what is there instead of an empty box
                output["data"] = {"text/html": WIDGET_PLACEHOLDER}
    return found


def live_version_note(notebook_name: str) -> NotebookNode:
    return new_markdown_cell(
        f"The live version of this explorer runs in the notebook `{notebook_name}`: "
        "open it in JupyterLab and move the controls there.",
        metadata={"slideshow": {"slide_type": "notes"}},
    )


def prepare(nb: NotebookNode, notebook_name: str, include_solutions: bool = False) -> tuple[NotebookNode, list[str]]:
    """A copy of ``nb`` ready for the reveal exporter, and notices for the instructor.

    Cells tagged ``solution`` are dropped unless ``include_solutions``; widgets show their static snapshot
    with a speaker note; a notebook without slide metadata gets one slide per non-empty cell.

    >>> deck_nb, notices = prepare(nbformat.read("notebooks/00_quickstart.ipynb", 4), "00_quickstart.ipynb")
    """
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)  # widget state is for a live kernel; decks show static snapshots
    notices = []
    if not has_slide_metadata(nb):
        notices.append(f"{notebook_name} {NO_METADATA}")
        for cell in nb.cells:
            kind = "slide" if "".join(cell.source).strip() else "skip"
            cell.metadata.setdefault("slideshow", {})["slide_type"] = kind
    cells, opens = [], None  # opens: the slide or subslide a left-out cell would have started
    for cell in nb.cells:
        kind = slide_type(cell)
        if SOLUTION_TAG in cell.metadata.get("tags", []) and not include_solutions:
            if kind in ("slide", "subslide") and opens != "slide":
                opens = kind
            continue
        if opens and kind in ("-", "fragment"):  # what followed the solution keeps its own slide
            cell.metadata.setdefault("slideshow", {})["slide_type"] = opens
        if kind not in ("skip", "notes"):
            opens = None
        cells.append(cell)
        if show_widget_snapshots(cell) and slide_type(cell) != "skip":
            cells.append(live_version_note(notebook_name))
    nb.cells = cells
    return nb, notices


def count_slides(nb: NotebookNode) -> int:
    """How many slides reveal.js shows for a prepared notebook (each slide or subslide is one)."""
    shown = [slide_type(cell) for cell in nb.cells if slide_type(cell) not in ("skip", "notes")]
    # the first shown cell always opens a slide, whatever its type
    return (1 + sum(kind in ("slide", "subslide") for kind in shown[1:])) if shown else 0
