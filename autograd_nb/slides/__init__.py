"""Instructor slides: lesson notebooks as reveal.js decks that open offline, from a folder or one HTML file.

>>> from autograd_nb.slides import build_decks
>>> for deck in build_decks(["notebooks/00_quickstart.ipynb"], "build/slides", theme="dark"):
...     print(deck.path, deck.slides)

Needs the ``slides`` extra (``pip install 'autograd-nb[slides]'``): nbconvert, and reveal.js and MathJax
from the packages that ship them. The command line is ``autograd-nb slides``.
"""

from .assets import THEMES
from .export import DEFAULT_OUTPUT, Deck, SlidesError, build_decks
from .prepare import SOLUTION_TAG

__all__ = ["DEFAULT_OUTPUT", "THEMES", "SOLUTION_TAG", "Deck", "SlidesError", "build_decks"]
