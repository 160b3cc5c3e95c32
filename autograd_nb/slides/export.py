"""Build reveal.js decks from notebooks with nbconvert, every file they load next to them or inlined."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .assets import THEMES, Asset, MissingAssets, deck_assets
from .prepare import count_slides, prepare

TEMPLATES = Path(__file__).parent / "templates"
DEFAULT_OUTPUT = Path("build") / "slides"


class SlidesError(Exception):
    """A deck could not be built; the message says why in one line."""


@dataclass
class Deck:
    """One built deck: where it went, how many slides it has, and what the instructor should know."""

    notebook: Path
    path: Path
    slides: int
    seconds: float
    notices: list[str] = field(default_factory=list)


def read_notebook(path: Path) -> nbformat.NotebookNode:
    if not path.is_file():
        raise SlidesError(f"{path}: no such notebook")
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # nbformat raises JSON, validation, encoding and key errors alike
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise SlidesError(f"{path}: not a Jupyter notebook ({reason[:120]})") from None
    return nb


def exporter(theme: str):
    from nbconvert import SlidesExporter  # lazy: nbconvert takes seconds to import

    return SlidesExporter(
        template_name="autograd_nb",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,  # pictures referenced by markdown cells travel inside the deck
        theme=theme,  # JupyterLab's light or dark colours for code and outputs
    )


def inline(html: str, assets: list[Asset]) -> str:
    """Put each asset's text where the HTML loads it, giving one self-contained file."""
    by_name = {asset.name: asset.text for asset in assets}

    def style(match: re.Match) -> str:
        return "<style>\n" + by_name[match[1]].replace("</style", "<\\/style") + "\n</style>"

    def script(match: re.Match) -> str:
        return "<script>\n" + by_name[match[1]].replace("</script", "<\\/script") + "\n</script>"

    html = re.sub(r'<link\b[^>]*\bhref="assets/([^"]+)"[^>]*>', style, html)
    return re.sub(r'<script\b[^>]*\bsrc="assets/([^"]+)"[^>]*>\s*</script>', script, html)


def render(
    notebook: Path, nb: nbformat.NotebookNode, theme: str, single_file: bool, include_solutions: bool
) -> tuple[str, Deck]:
    started = time.perf_counter()
    deck_nb, notices = prepare(nb, notebook.name, include_solutions)
    slides = count_slides(deck_nb)
    if slides == 0:
        raise SlidesError(f"{notebook}: nothing to show, every cell is marked skip or notes")
    resources = {"metadata": {"name": notebook.stem, "path": str(notebook.parent)}, "deck": {"theme": theme}}
    html, _ = exporter(theme).from_notebook_node(deck_nb, resources=resources)
    if single_file:
        html = inline(html, deck_assets(theme))
    deck = Deck(notebook, Path(notebook.stem + ".slides.html"), slides, time.perf_counter() - started, notices)
    return html, deck


def build_decks(
    notebooks: Iterable[str | os.PathLike],
    output: str | os.PathLike = DEFAULT_OUTPUT,
    *,
    theme: str = "light",
    single_file: bool = False,
    include_solutions: bool = False,
) -> list[Deck]:
    """Build one deck per notebook into ``output`` (``NAME.slides.html``, and ``assets/`` unless single-file).

    All notebooks are read and rendered before anything is written, and files are written into a temporary
    folder first, so a failure leaves ``output`` as it was.

    >>> [deck] = build_decks(["notebooks/00_quickstart.ipynb"], "build/slides", theme="dark")
    >>> print(deck.path, deck.slides)
    """
    if theme not in THEMES:
        raise SlidesError(f"unknown theme {theme!r}: choose one of {', '.join(THEMES)}")
    paths = [Path(p) for p in notebooks]
    if not paths:
        raise SlidesError("no notebooks given")
    stems = [p.stem for p in paths]
    if len(set(stems)) < len(stems):
        raise SlidesError("two notebooks have the same name, their decks would overwrite each other")
    try:
        assets = deck_assets(theme)
        notebooks = [(path, read_notebook(path)) for path in paths]  # every input checked before any work
        rendered = [render(path, nb, theme, single_file, include_solutions) for path, nb in notebooks]
    except MissingAssets as error:
        raise SlidesError(str(error)) from None
    return write(Path(output), rendered, [] if single_file else assets)


def write(output: Path, rendered: list[tuple[str, Deck]], assets: list[Asset]) -> list[Deck]:
    created = not output.exists()
    try:
        output.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".slides-", dir=output))
    except OSError as error:
        raise SlidesError(f"cannot write to {output}: {error.strerror or error}") from None
    names = [f"assets/{asset.name}" for asset in assets] + [str(deck.path) for _, deck in rendered]
    try:
        for name, text in zip(names, [asset.text for asset in assets] + [html for html, _ in rendered]):
            (staging / name).parent.mkdir(exist_ok=True)
            (staging / name).write_text(text, encoding="utf-8")
        for name in names:  # the assets first, so that no deck in place points to a missing file
            (output / name).parent.mkdir(exist_ok=True)
            os.replace(staging / name, output / name)
    except OSError as error:
        raise SlidesError(f"cannot write to {output}: {error.strerror or error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not any(output.iterdir()):
            output.rmdir()
    for _, deck in rendered:
        deck.path = output / deck.path
    return [deck for _, deck in rendered]
