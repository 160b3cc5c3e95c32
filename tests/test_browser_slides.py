"""Decks opened from file:// in headless Chromium with the network off: reveal.js starts, MathJax typesets every
formula, drawings are visible, the title slide is not blank, speaker notes and fragments work.

Needs Chromium and Playwright (see tests/conftest.py); without them these tests skip and say how to enable them.
"""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell, new_notebook

pytest.importorskip("nbconvert")

from test_slides import LESSONS, made_notebook, slide  # noqa: E402

from autograd_nb.slides import build_decks  # noqa: E402

TYPESET = "document.documentElement.getAttribute('data-math') === 'typeset'"
# Show every slide once, as an instructor going through the deck does: the browser loads a font only when text
# that uses it is displayed, and slides away from the current one are not.
VISIT_EVERY_SLIDE = """async () => {
  const typeset = () => new Promise(done => MathJax.Hub.Queue(done));
  for (const [h, slide] of Reveal.getHorizontalSlides().entries()) {
    const subslides = slide.querySelectorAll(':scope > section');
    for (let v = 0; v < Math.max(subslides.length, 1); v++) {
      if ((subslides[v] || slide).querySelector('.MathJax')) { Reveal.slide(h, v); await typeset(); }
    }
  }
  await document.fonts.ready;
  Reveal.slide(0, 0);
}"""
# Text of the rendered markdown on the slides (not in the speaker notes), leaving out the
# <script type="math/tex"> elements MathJax keeps its source in.
MARKDOWN_TEXT = """() => [...document.querySelectorAll('section > .jp-Cell .jp-MarkdownOutput')].map(cell => {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  let text = '';
  while (walker.nextNode()) if (!walker.currentNode.parentElement.closest('script')) text += walker.currentNode.data;
  return text;
}).join('\\n')"""
# Share of the pixels of a PNG that differ clearly from its top-left pixel (the background).
INK = """async (png) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + png;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.width; canvas.height = img.height;
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, img.width, img.height).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4)
    if (Math.abs(d[i] - d[0]) + Math.abs(d[i + 1] - d[1]) + Math.abs(d[i + 2] - d[2]) > 90) ink++;
  return ink / (d.length / 4);
}"""
# Go to the slide and fragment that show an element.
SHOW_ELEMENT = """(element) => {
  const at = Reveal.getIndices(element.closest('section'));
  const fragment = element.closest('.fragment');
  Reveal.slide(at.h, at.v, fragment ? Number(fragment.dataset.fragmentIndex) : -1);
}"""
# Whether an element is on screen and not hidden behind something else, and its size.
ON_SCREEN = """(element) => {
  const box = element.getBoundingClientRect();
  const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
  return {width: box.width, height: box.height, shown: hit === element || element.contains(hit),
          loaded: element.tagName !== 'IMG' || (element.complete && element.naturalWidth > 0)};
}"""


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    made = folder / "made.ipynb"
    nbformat.write(made_notebook(), made)
    lessons = build_decks(LESSONS, folder / "lessons")
    [single] = build_decks([made], folder / "single", single_file=True, theme="dark")
    return lessons, single


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 720})
    yield context
    context.close()


class Opened:
    """A deck open in a page, with what it asked the network for and the errors it printed."""

    def __init__(self, context, path: Path):
        self.page = context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(path.as_uri())
        self.page.wait_for_function(TYPESET, timeout=60_000)
        self.evaluate(VISIT_EVERY_SLIDE)

    def evaluate(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def ink(self) -> float:
        return self.evaluate(INK, base64.b64encode(self.page.screenshot()).decode())

    def show(self, selector: str):
        """Go to the slide holding the first element matching ``selector``, up to its fragment; return it."""
        element = self.page.query_selector(selector)
        self.page.bring_to_front()  # a page in the background does not run the fragment's fade-in
        self.evaluate(SHOW_ELEMENT, element)
        self.page.wait_for_timeout(300)
        return element


@pytest.fixture(scope="module")
def opened(context, decks):
    lessons, single = decks
    pages = {deck.path.name: Opened(context, deck.path) for deck in [*lessons, single]}
    yield pages
    for page in pages.values():
        page.page.close()


def deck_ids(decks_list):
    return [p.stem for p in decks_list]


@pytest.mark.parametrize("index", range(len(LESSONS)), ids=deck_ids(LESSONS))
def test_lesson_deck_starts_offline_and_typesets_its_math(opened, decks, index):
    deck = decks[0][index]
    shown = opened[deck.path.name]
    assert shown.evaluate("Reveal.isReady()") and shown.evaluate("Reveal.getTotalSlides()") == deck.slides
    for url in shown.requests:  # nothing from the network: only the deck's own files and data URLs
        assert url.startswith("data:") or (url.startswith("file://") and Path(url[7:]).is_file()), url
    assert shown.errors == []
    cells = nbformat.read(LESSONS[index], as_version=4).cells
    markdown = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert "$" not in shown.evaluate(MARKDOWN_TEXT)
    if "$" in markdown:
        assert shown.evaluate("document.querySelectorAll('.MathJax').length") >= markdown.count("$") // 4
        assert shown.evaluate("document.querySelectorAll('.MathJax .merror').length") == 0
        fonts = "[...document.fonts].filter(f => f.family.includes('STIXMathJax') && f.status === 'loaded').length"
        assert shown.evaluate(fonts) > 0  # the math fonts came from the deck, not from a fallback


ALPHABETS = (
    r"$\mathbb{R}^n$, $\mathcal{L}$, $\mathscr{S}$, $\mathfrak{g}$, "
    r"$\boldsymbol{\mathcal{B}}$, $\mathbf{\mathfrak{F}}$"
)


def test_math_alphabets_use_only_fonts_the_deck_carries(context, tmp_path):
    """Double-struck, calligraphic, script and fraktur letters: the hidden MathML copy MathJax keeps of each formula
    for screen readers once made the browser ask for TeX fonts the deck does not have (lesson 03's $\\mathbb{R}$).
    The formulas are on the second slide: the browser loads a font only for a slide it shows."""
    cells = [slide("slide", new_markdown_cell("# Alphabets")), slide("slide", new_markdown_cell(ALPHABETS))]
    nbformat.write(new_notebook(cells=cells), tmp_path / "alphabets.ipynb")
    [deck] = build_decks([tmp_path / "alphabets.ipynb"], tmp_path / "deck")
    shown = Opened(context, deck.path)
    try:
        for url in shown.requests:
            assert url.startswith("data:") or Path(url[7:]).is_file(), url
        assert shown.errors == []
        assert shown.evaluate("document.querySelectorAll('.MathJax').length") == 6
        assert shown.evaluate("document.querySelectorAll('.MathJax .merror').length") == 0
        loaded = "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
        assert {"STIXMathJax_DoubleStruck", "STIXMathJax_Fraktur"} <= set(shown.evaluate(loaded))
    finally:
        shown.page.close()


@pytest.mark.parametrize("index", range(len(LESSONS)), ids=deck_ids(LESSONS))
def test_title_slide_is_not_blank(opened, decks, index):
    shown = opened[decks[0][index].path.name]
    shown.evaluate("Reveal.slide(0, 0)")
    shown.page.wait_for_timeout(300)
    assert shown.ink() > 0.005


DRAWING = ".jp-RenderedSVG img, .jp-RenderedImage img"
# Lesson 01's first drawing shares its slide with a long listing (cells 17-19 of the notebook): shrunk to 45 %,
# it is visible but narrow. Remove this mark once cell 19 (viz.draw) starts a subslide of its own.
CROWDED = {"01_tensors_leaves_grad_fn": pytest.mark.xfail(strict=True, reason="drawing on an over-full slide")}


@pytest.mark.parametrize(
    "index", [pytest.param(i, id=p.stem, marks=CROWDED.get(p.stem, ())) for i, p in enumerate(LESSONS)]
)
def test_drawings_are_visible_and_fit_the_slide(opened, decks, index):
    shown = opened[decks[0][index].path.name]
    if shown.page.query_selector(DRAWING) is None:
        assert "viz.draw(" not in LESSONS[index].read_text() and "plt.show()" not in LESSONS[index].read_text()
        return
    box = shown.evaluate(ON_SCREEN, shown.show(DRAWING))
    assert box["loaded"] and box["shown"] and box["height"] > 50
    assert 100 < box["width"] <= 1280  # readable, not a sliver


def test_single_file_deck_works_alone_in_the_dark_theme(opened, decks):
    single = decks[1]
    shown = opened[single.path.name]
    assert shown.evaluate("Reveal.getTotalSlides()") == single.slides == 5
    assert [url for url in shown.requests if not url.startswith("data:")] == [single.path.as_uri()]
    assert shown.errors == []
    assert "$" not in shown.evaluate(MARKDOWN_TEXT)
    assert shown.evaluate("document.querySelectorAll('.MathJax').length") == 4
    assert shown.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(21, 23, 28)"
    shown.evaluate("Reveal.slide(0, 0)")
    shown.page.wait_for_timeout(300)
    assert shown.ink() > 0.005
    for selector in (".jp-RenderedSVG img", ".jp-RenderedImage img", ".snapshot"):
        box = shown.evaluate(ON_SCREEN, shown.show(selector))
        assert box["loaded"] and box["shown"] and box["width"] > 2, selector


def test_fragments_and_speaker_notes(opened, decks):
    shown = opened[decks[1].path.name]
    shown.evaluate("Reveal.slide(1, 0, -1)")  # -1: no fragment shown yet
    assert shown.evaluate("Reveal.availableFragments()") == {"prev": False, "next": True}
    assert shown.evaluate("document.querySelectorAll('.present .fragment.visible').length") == 0
    shown.evaluate("Reveal.nextFragment()")
    assert shown.evaluate("document.querySelector('.present .fragment.visible').textContent.trim()").startswith("First")
    assert not shown.evaluate("Reveal.getSlideNotes()")
    shown.evaluate("Reveal.slide(1, 1)")
    assert "<p>NOTES_MARKER: ask the room what $4.5$ means.</p>" in shown.evaluate("Reveal.getSlideNotes()")
    shown.evaluate("Reveal.slide(3, 0)")
    assert "live version of this explorer runs in the notebook" in shown.evaluate("Reveal.getSlideNotes()")


def test_speaker_view_opens_offline_with_the_notes(opened, decks):
    shown = opened[decks[1].path.name]
    shown.evaluate("Reveal.slide(1, 1)")
    with shown.page.context.expect_page() as popup:
        shown.page.keyboard.press("s")
    speaker = popup.value
    notes = speaker.wait_for_selector(".speaker-controls-notes .value", timeout=15_000)
    speaker.wait_for_function("document.querySelector('.speaker-controls-notes .value').innerText.length > 0")
    assert notes.inner_text().strip() == "NOTES_MARKER: ask the room what $4.5$ means."  # TeX kept in notes
    speaker.close()
