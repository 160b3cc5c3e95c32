"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
import shutil

import pytest

BROWSER_HELP = (
    "browser tests need Chromium and Playwright: `apt-get install chromium` (or set AUTOGRAD_NB_CHROMIUM to a "
    "Chromium/Chrome executable) and `pip install playwright` (both are installed by .ci/run)"
)


def find_chromium() -> str | None:
    """The Chromium executable to drive: $AUTOGRAD_NB_CHROMIUM, else the first browser on PATH."""
    named = os.environ.get("AUTOGRAD_NB_CHROMIUM")
    if named:
        return shutil.which(named) or (named if os.path.exists(named) else None)
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of a Chromium for Playwright's ``executable_path``.

    Playwright's own browser download is not reachable everywhere, so the tests use a system Chromium. Without
    one the test is skipped with instructions, except in CI (CI=true), where a missing browser is a failure.
    """
    path = find_chromium()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        path = None
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(BROWSER_HELP)
        pytest.skip(BROWSER_HELP)
    return path


@pytest.fixture(scope="session")
def browser(chromium_executable: str):
    """A headless Chromium driven by Playwright, shared by the browser tests of one run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_executable, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()
