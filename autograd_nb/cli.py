"""The ``autograd-nb`` command (also ``python -m autograd_nb``).

autograd-nb slides notebooks/*.ipynb -o build/slides --theme dark
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

SLIDES_HELP = """\
Turn notebooks into reveal.js slide decks that open offline, from a USB stick or as one e-mailed file.

Slides follow each cell's slideshow.slide_type (slide, subslide, fragment, skip, notes), set in JupyterLab's
property inspector; a notebook without any gets one slide per cell. Cells tagged "solution" (exercise
solutions) are left out unless --include-solutions is given. Speaker notes: press S in the deck.
"""


def parser() -> argparse.ArgumentParser:
    from .slides import DEFAULT_OUTPUT, THEMES  # lazy: slides needs the optional slides extra (nbconvert)

    main = argparse.ArgumentParser(prog="autograd-nb", description="autograd_nb command line tools.")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    slides = commands.add_parser(
        "slides", help="build reveal.js decks from notebooks", description=SLIDES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    slides.add_argument("notebooks", nargs="+", metavar="NOTEBOOK", help="notebooks (.ipynb) to turn into decks")
    slides.add_argument(
        "-o", "--output", default=str(DEFAULT_OUTPUT), metavar="DIR",
        help=f"folder for the decks and their assets/ folder (default: {DEFAULT_OUTPUT})",
    )  # fmt: skip
    slides.add_argument(
        "--single-file", action="store_true",
        help="inline reveal.js, MathJax and the styles: one HTML file per deck, nothing else needed",
    )  # fmt: skip
    slides.add_argument("--theme", default="light", choices=THEMES, help="light or dark room (default: light)")
    slides.add_argument(
        "--include-solutions", action="store_true", help='keep the cells tagged "solution" (left out by default)'
    )
    return main


def slides(args: argparse.Namespace) -> int:
    from .slides import SlidesError, build_decks  # lazy, as in parser()

    try:
        decks = build_decks(
            args.notebooks, args.output, theme=args.theme, single_file=args.single_file,
            include_solutions=args.include_solutions,
        )  # fmt: skip
    except SlidesError as error:
        print(f"autograd-nb slides: error: {error}", file=sys.stderr)
        return 1
    for deck in decks:
        for notice in deck.notices:
            print(f"note: {notice}")
        print(f"{deck.path}: {deck.slides} slides ({deck.seconds:.1f} s)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return {"slides": slides}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
