"""Keyboard and screen-reader support for the module's widgets in JupyterLab.

JupyterLab reads keys in command mode (arrows move between cells, "a" inserts a cell) even while
a widget's select list has focus. ``accessible(box)`` adds a small invisible anywidget to a
container widget; its script, in the browser:

- keeps the keys inside the widget: while a control inside it has focus, arrows, Shift+arrows,
  letters, Space, Enter and Ctrl+A/C/V go to that control and not to JupyterLab (the keydown event
  stops at the widget: JupyterLab reads shortcuts as the event bubbles up to the document). Tab
  still moves focus; Escape leaves the widget and gives the focus back to the notebook; Ctrl/Cmd+S
  (save) and Shift/Ctrl+Enter (run the cell) still reach JupyterLab;
- names what ipywidgets leaves unnamed: the count and status lines become polite live regions
  (``role=status``); toggle buttons say which one is pressed (``aria-pressed``); slider handles get
  their label as accessible name; plotly's mode bar leaves the tab order;
- styles: a 3 px focus ring (#1f4e99, 8:1 on white) on every control, and a layout that reflows
  at narrow widths (controls stack, the claims table becomes one block per claim).

``FigureText`` is the title and text description of a chart, shown as wrapped text under it, and tied
to the chart as its accessible name and description (``role=figure``, ``aria-labelledby``,
``aria-describedby``).

>>> import ipywidgets as widgets
>>> box = accessible(widgets.VBox([widgets.HTML("3 claims")]), live=())
>>> "claims-a11y" in box._dom_classes, type(box.children[-1]).__name__
(True, 'Access')
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import anywidget
import traitlets

__all__ = ["accessible", "Access", "FigureText", "FOCUS_COLOR"]

STATIC = Path(__file__).parent / "static"  # the module's JavaScript and CSS, as files
# the focus ring's colour (8:1 on white), as access.css draws it
FOCUS_COLOR = re.search(r"outline: 3px solid (#[0-9a-f]{6})", (STATIC / "access.css").read_text(encoding="utf-8")).group(1)


class Access(anywidget.AnyWidget):
    """Invisible: its script makes the container it sits in keyboard- and screen-reader-friendly."""

    _esm = STATIC / "access.js"
    _css = STATIC / "access.css"


def accessible(box, live=()):
    """Make ``box`` (an ipywidgets container) keep its keys and name its parts; ``live``: widgets whose
    changes a screen reader announces (count lines, status lines). Returns ``box``."""
    box.add_class("claims-a11y")
    for widget in live:
        widget.add_class("claims-live")
    box.children = tuple(box.children) + (Access(),)
    return box




class FigureText(anywidget.AnyWidget):
    """A chart's text description, shown as wrapped text and tied to the chart for screen readers."""

    _esm = STATIC / "figure.js"
    _css = STATIC / "figure.css"
    text = traitlets.Unicode("").tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    key = traitlets.List(traitlets.Unicode(), default_value=[]).tag(sync=True)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = f"{self.title}\n{self.text}" if self.title else self.text  # where no widget can be drawn
        items = "".join(f"<li value='{k.split('. ', 1)[0]}'>{html.escape(k.split('. ', 1)[-1])}</li>" for k in self.key)
        data["text/html"] = ((f'<p class="claims-figure-title">{html.escape(self.title)}</p>' if self.title else "")
                             + f'<p class="claims-figure-text">{html.escape(self.text)}</p>'
                             + (f'<ol class="claims-figure-key">{items}</ol>' if items else ""))
        return bundle
