"""``python -m autograd_nb slides …``: the same command line as ``autograd-nb``."""

import sys

from .cli import main

sys.exit(main())
