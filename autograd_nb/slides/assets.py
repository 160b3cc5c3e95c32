"""The JavaScript and CSS a deck loads, taken from installed packages so that decks work with no network.

- reveal.js 5 (``dist/reveal.js``, ``dist/reveal.css``, the notes plugin) from the PyPI package
  ``sphinx-revealjs``; nbconvert's reveal template works with reveal.js 4 and 5, not with 6.
- MathJax 2.7.9 from ``jupyter-server-mathjax``: nbconvert's slides call ``MathJax.Hub`` (MathJax 2's API).
  Its build has the HTML-CSS output with the STIX-Web fonts. MathJax 2 fetches its components and fonts
  one by one while it typesets; :func:`mathjax_bundle` packs all of them into one script that serves
  those requests from memory, so the same file works next to a deck and inlined into a single HTML file.

Nothing else is needed: the deck's own script starts reveal.js without require.js or jQuery, and widget
outputs are replaced by their static HTML before export (see ``prepare.py``).
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

STATIC = Path(__file__).parent / "static"
INSTALL_HINT = "install the slides extra: pip install 'autograd-nb[slides]'"
# MathJax asks for its files under this made-up root; the bundle answers from memory (see mathjax.js).
MATHJAX_ROOT = "autograd-nb-mathjax"
MATHJAX_COMPONENTS = (  # relative to MathJax's root: the TeX input, HTML-CSS output and STIX-Web fonts
    "config/TeX-AMS-MML_HTMLorMML-full.js",
    "jax/output/HTML-CSS/autoload",
    "jax/output/HTML-CSS/fonts/STIX-Web",
    "jax/element/mml/optable",
    "extensions/TeX",
    "extensions/HTML-CSS",
)
MATHJAX_FONTS = "fonts/HTML-CSS/STIX-Web/woff"


class MissingAssets(RuntimeError):
    """A package that provides the deck's JavaScript is missing or has an unexpected version."""


def package_dir(module: str, what: str) -> Path:
    """Where an installed package's files are, without importing it (sphinx-revealjs would import Sphinx)."""
    spec = find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise MissingAssets(f"slides need {what} from the Python package {module}: {INSTALL_HINT}")
    return Path(spec.submodule_search_locations[0])


def reveal_dir() -> Path:
    root = package_dir("sphinx_revealjs", "reveal.js") / "_static" / "revealjs"
    header = (root / "dist" / "reveal.js").read_text(encoding="utf-8")[:200]
    found = re.search(r"reveal\.js (\d+)\.(\d+)\.(\d+)", header)
    if not found or found[1] != "5":  # reveal.js 6 shows nbconvert's slides as a blank page
        version = ".".join(found.groups()) if found else "unknown"
        raise MissingAssets(f"slides need reveal.js 5, sphinx-revealjs ships {version}: {INSTALL_HINT}")
    return root


def mathjax_dir() -> Path:
    root = package_dir("jupyter_server_mathjax", "MathJax 2") / "static"
    if 'MathJax.version="2.' not in (root / "MathJax.js").read_text(encoding="utf-8"):
        raise MissingAssets(f"slides need MathJax 2 (jupyter-server-mathjax 0.2): {INSTALL_HINT}")
    return root


def js_files(root: Path, relative: str) -> dict[str, str]:
    path = root / relative
    files = [path] if path.is_file() else sorted(path.rglob("*.js"))
    return {f.relative_to(root).as_posix(): f.read_text(encoding="utf-8") for f in files}


@lru_cache(maxsize=1)
def mathjax_bundle() -> str:
    """One script: MathJax 2 with every component and font a typical lesson needs, served from memory."""
    root = mathjax_dir()
    sources: dict[str, str] = {}
    for relative in MATHJAX_COMPONENTS:
        sources.update(js_files(root, relative))
    fonts = {
        f.relative_to(root).as_posix(): base64.b64encode(f.read_bytes()).decode("ascii")
        for f in sorted((root / MATHJAX_FONTS).glob("*.woff"))
    }
    loader = (STATIC / "mathjax-offline.js").read_text(encoding="utf-8")
    loader = loader.replace('"@ROOT@"', json.dumps(MATHJAX_ROOT))
    loader = loader.replace("{/*@SOURCES@*/}", json.dumps(sources, sort_keys=True))
    loader = loader.replace("{/*@FONTS@*/}", json.dumps(fonts, sort_keys=True))
    return loader + "\n" + (root / "MathJax.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Asset:
    """A file a deck loads: ``name`` is its path under the deck's ``assets/`` folder."""

    name: str
    text: str


def deck_assets(theme: str) -> list[Asset]:
    """The files one deck loads, in the order its HTML loads them."""
    reveal = reveal_dir()
    return [
        Asset("reveal.css", (reveal / "dist" / "reveal.css").read_text(encoding="utf-8")),
        Asset("autograd-nb-deck.css", (STATIC / "deck.css").read_text(encoding="utf-8")),
        Asset(f"theme-{theme}.css", (STATIC / f"theme-{theme}.css").read_text(encoding="utf-8")),
        Asset("mathjax-offline.js", mathjax_bundle()),
        Asset("reveal.js", (reveal / "dist" / "reveal.js").read_text(encoding="utf-8")),
        Asset("notes.js", (reveal / "plugin" / "notes" / "notes.js").read_text(encoding="utf-8")),
    ]


THEMES = tuple(sorted(p.stem.removeprefix("theme-") for p in STATIC.glob("theme-*.css")))
