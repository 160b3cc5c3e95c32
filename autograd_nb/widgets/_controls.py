"""The controls of one input: a slider per element for small tensors, and a text box for every input.

The controls only report changes to their owner (``on_change(name, raw_value)``); the owner decides
whether the value is good, and then writes the accepted value back with ``show``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w
import numpy as np

from ._values import as_text, element_label, grid_step, slider_range

MAX_SLIDERS = 8  # tensors with more elements get the text box only
_SLIDER_LAYOUT = {"width": "360px"}
_DESCRIPTION = {"description_width": "70px"}


class InputControls:
    """Sliders and a text box for one input (or the v-vector), kept in step with its accepted value."""

    def __init__(self, name: str, value: np.ndarray, on_change: Callable[[str, Any], None], live: bool) -> None:
        self.name, self.shape = name, value.shape
        self._on_change = on_change
        self._quiet = False  # set while we write values ourselves, so observers do not echo them back
        self.text = w.Text(
            value=as_text(value), description=name, continuous_update=False, style=_DESCRIPTION,
            layout={"width": "360px"},
        )  # fmt: skip
        self.text.observe(self._text_changed, "value")
        self.sliders: list[w.FloatSlider] = []
        if value.size <= MAX_SLIDERS:
            for index in np.ndindex(*value.shape):
                low, high, step = slider_range(float(value[index]))
                slider = w.FloatSlider(
                    value=float(value[index]), min=low, max=high, step=step, description=element_label(name, index),
                    continuous_update=live, readout_format=".4g", style=_DESCRIPTION, layout=_SLIDER_LAYOUT,
                )  # fmt: skip
                slider.observe(self._slider_changed, "value")
                self.sliders.append(slider)
        if value.ndim == 0 and self.sliders:
            self.control: w.Widget = self.sliders[0]
        elif self.sliders:
            self.control = w.VBox(self.sliders)
        else:
            self.control = self.text
        self.box = w.VBox([self.control, self.text] if self.sliders else [self.text])

    def _text_changed(self, change: dict) -> None:
        if not self._quiet:
            self._on_change(self.name, change["new"])

    def _slider_changed(self, change: dict) -> None:
        if not self._quiet:
            values = np.array([s.value for s in self.sliders], dtype=np.float64).reshape(self.shape)
            self._on_change(self.name, values)

    def set_live(self, live: bool) -> None:
        for slider in self.sliders:
            slider.continuous_update = live

    def show(self, value: np.ndarray) -> None:
        """Write an accepted value into the sliders (widening a range that cannot hold it) and the text box."""
        self._quiet = True
        try:
            for slider, x in zip(self.sliders, value.reshape(-1)):
                x = float(x)
                if not np.isfinite(x):
                    continue
                if not slider.min <= x <= slider.max:
                    low, high, _ = slider_range(x)
                    slider.min, slider.max = min(low, slider.min), max(high, slider.max)
                slider.step = grid_step(x, slider.step, slider.max)  # so the browser does not round x
                slider.value = x
            self.text.value = as_text(value)
        finally:
            self._quiet = False
