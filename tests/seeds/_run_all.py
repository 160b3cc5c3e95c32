"""Run seed scripts one after another in this interpreter; print ``{name: [returncode, stdout, stderr]}`` as JSON.

One interpreter for all scripts saves importing the library once per script. Each script still runs as
``__main__`` with its output captured on its own, and warnings start with a fresh memory as they would in
a new interpreter. ``tests/test_seeds.py`` checks this against PyTorch's one-process-per-script recording.
"""

import contextlib
import io
import json
import runpy
import sys
import traceback
import warnings
from pathlib import Path

results = {}
for path in sys.argv[1:]:
    stdout, stderr, returncode = io.StringIO(), io.StringIO(), 0
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), warnings.catch_warnings():
        # appending the fallback action changes no behaviour, but any change to the filters makes Python
        # forget which warnings it has already shown, so each script sees its first warnings again
        warnings.simplefilter("default", append=True)
        try:
            runpy.run_path(path, run_name="__main__")
        except Exception:
            traceback.print_exc()
            returncode = 1
    results[Path(path).stem] = [returncode, stdout.getvalue(), stderr.getvalue()]
json.dump(results, sys.stdout)
