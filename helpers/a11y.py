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

import anywidget
import traitlets

__all__ = ["accessible", "Access", "FigureText", "FOCUS_COLOR"]

FOCUS_COLOR = "#1f4e99"

ACCESS_JS = r"""
const whenAttached = (el, then) => { if (el.isConnected) then(); else requestAnimationFrame(() => whenAttached(el, then)); };
const labelOf = (w) => { const l = w.querySelector(":scope > .widget-label"); return l ? l.textContent.trim() : ""; };

function keepKeys(root) {
  root.addEventListener("keydown", (e) => {
    if (e.key === "Tab") return;  // focus moves on, as everywhere
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && (e.key === "s" || e.key === "S")) return;  // save the notebook
    if (e.key === "Enter" && (e.shiftKey || ctrl || e.altKey)) return;  // run the cell
    if (e.key === "Escape") {  // leave the widget: the notebook gets the focus back (command mode)
      const notebook = root.closest(".jp-Notebook");
      if (document.activeElement && root.contains(document.activeElement)) document.activeElement.blur();
      if (notebook) notebook.focus();
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    // arrows, Shift+arrows, letters, Space, Enter, Ctrl+A/C/V in a text field: the focused control's, not JupyterLab's
    e.stopPropagation();
  });
}

function name(root) {
  for (const n of root.querySelectorAll(".claims-live")) {
    if (n.getAttribute("role") !== "status") {
      n.setAttribute("role", "status");
      n.setAttribute("aria-live", "polite");
      n.setAttribute("aria-atomic", "true");
    }
  }
  for (const w of root.querySelectorAll(".widget-toggle-buttons")) {
    const group = w.querySelector(".btn-group"), label = labelOf(w);
    if (group && group.getAttribute("role") !== "group") {
      group.setAttribute("role", "group");
      if (label) group.setAttribute("aria-label", label);
    }
    for (const b of w.querySelectorAll("button")) {
      const on = String(b.classList.contains("mod-active"));
      if (b.getAttribute("aria-pressed") !== on) b.setAttribute("aria-pressed", on);
    }
  }
  for (const w of root.querySelectorAll(".widget-slider")) {
    const label = labelOf(w);
    for (const h of w.querySelectorAll(".noUi-handle, [role=slider]")) {
      if (label && h.getAttribute("aria-label") !== label) h.setAttribute("aria-label", label);
    }
    const readout = w.querySelector(".widget-readout");
    if (readout && label && !readout.getAttribute("aria-label")) {
      readout.setAttribute("aria-label", label + " value");
      readout.setAttribute("role", "textbox");
    }
  }
  for (const b of root.querySelectorAll(".modebar-btn")) if (b.getAttribute("tabindex") !== "-1") b.setAttribute("tabindex", "-1");
}

export default {
  render({ el }) {
    el.classList.add("claims-access");
    whenAttached(el, () => {
      const root = el.parentElement && el.parentElement.closest(".claims-a11y");
      if (!root || root.dataset.claimsAccess) return;
      root.dataset.claimsAccess = "1";
      keepKeys(root);
      let queued = false;
      const later = () => { if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; name(root); }); } };
      name(root);
      new MutationObserver(later).observe(root, {subtree: true, childList: true, attributes: true, attributeFilter: ["class"]});
    });
  },
};
"""

ACCESS_CSS = f"""
.claims-access {{display: none !important}}
.claims-a11y {{container-type: inline-size; max-width: 100%}}
.claims-a11y :is(button, select, input, textarea, a, .noUi-handle, [tabindex="0"]):focus-visible,
.claims-a11y :is(select, input, textarea):focus {{outline: 3px solid {FOCUS_COLOR} !important; outline-offset: 1px}}
.claims-a11y .widget-toggle-button.mod-active {{box-shadow: inset 0 -4px 0 {FOCUS_COLOR}; font-weight: bold}}
.claims-a11y .widget-toggle-button.mod-active::before {{content: "✓ " / ""}}
.claims-a11y .jupyter-widgets {{max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px))}}
.claims-a11y .widget-checkbox {{height: auto; max-width: 100%}}
.claims-a11y .claims-chart {{min-width: 0; max-width: 100%; overflow: hidden}}
.claims-a11y .widget-checkbox label, .claims-a11y .widget-checkbox span {{white-space: normal}}
.claims-a11y .widget-html-content {{white-space: normal; overflow-wrap: anywhere}}
@container (max-width: 560px) {{
  .claims-a11y .widget-hbox {{flex-wrap: wrap}}
  .claims-a11y .widget-inline-hbox {{flex-wrap: wrap; min-width: 0; height: auto}}
  .claims-a11y .widget-inline-hbox > .widget-label {{text-align: left; width: 100% !important; max-width: 100%}}
  .claims-a11y .widget-inline-hbox > :is(select, input, textarea, .widget-dropdown, .slider-container) {{max-width: 100%; min-width: 0}}
  .claims-a11y .claims-table, .claims-a11y .claims-table tbody, .claims-a11y .claims-table tr,
  .claims-a11y .claims-table td {{display: block; width: auto}}
  .claims-a11y .claims-table thead {{position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0)}}
  .claims-a11y .claims-table tr {{border-bottom: 2px solid #444; padding: 4px 0}}
  .claims-a11y table.dataframe, .claims-a11y table.dataframe tbody, .claims-a11y table.dataframe tr,
  .claims-a11y table.dataframe td {{display: block; width: auto; text-align: left}}
  .claims-a11y table.dataframe thead {{position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0)}}
  .claims-a11y table.dataframe tr {{border-bottom: 2px solid #444; padding: 4px 0}}
  .claims-a11y .claims-table td, .claims-a11y table.dataframe td {{border: 0; overflow-wrap: anywhere; min-width: 0 !important; max-width: none}}
  .claims-a11y .btn-group {{flex-wrap: wrap}}
}}
"""


class Access(anywidget.AnyWidget):
    """Invisible: its script makes the container it sits in keyboard- and screen-reader-friendly."""

    _esm = ACCESS_JS
    _css = ACCESS_CSS


def accessible(box, live=()):
    """Make ``box`` (an ipywidgets container) keep its keys and name its parts; ``live``: widgets whose
    changes a screen reader announces (count lines, status lines). Returns ``box``."""
    box.add_class("claims-a11y")
    for widget in live:
        widget.add_class("claims-live")
    box.children = tuple(box.children) + (Access(),)
    return box


FIGURE_JS = r"""
let serial = 0;
export default {
  render({ model, el }) {
    const id = "claims-figure-text-" + (++serial) + "-" + Math.random().toString(36).slice(2, 8);
    const caption = document.createElement("p");  // the title, drawn here where it wraps at any width
    caption.className = "claims-figure-title";
    caption.id = id + "-title";
    caption.textContent = model.get("title");
    if (model.get("title")) el.appendChild(caption);
    const text = document.createElement("p");
    text.className = "claims-figure-text";
    text.id = id;
    text.textContent = model.get("text");
    el.appendChild(text);
    const key = model.get("key");
    if (key.length) {  // the numbered key of a timeline: what each numbered point is, without hovering
      const list = document.createElement("ol");
      list.className = "claims-figure-key";
      list.setAttribute("aria-label", "Key to the numbered points");
      for (const item of key) {
        const li = document.createElement("li");
        const cut = item.indexOf(". ");
        li.value = Number(item.slice(0, cut));
        li.textContent = item.slice(cut + 2);
        list.appendChild(li);
      }
      el.appendChild(list);
    }
    // The chart is the plotly output just before this one in the same cell: make it a figure named by
    // its title and described by this text; its drawing is one image, its mode bar out of the tab order.
    const link = (tries) => {
      const mine = el.closest(".jp-OutputArea-child");
      let other = mine && mine.previousElementSibling, plot = null;
      while (other && !plot) { plot = other.querySelector(".js-plotly-plot"); other = plot ? other : other.previousElementSibling; }
      if (!plot || !plot.querySelector(".main-svg")) { if (tries < 100) setTimeout(() => link(tries + 1), 100); return; }
      const figure = plot.closest(".jp-OutputArea-output") || plot;
      figure.setAttribute("role", "figure");
      if (model.get("title")) figure.setAttribute("aria-labelledby", caption.id);
      figure.setAttribute("aria-describedby", id);
      const svgs = plot.querySelectorAll(".main-svg");
      svgs.forEach((svg, k) => {
        if (k === 0) { svg.setAttribute("role", "img"); svg.setAttribute("aria-label", model.get("title")); }
        else svg.setAttribute("aria-hidden", "true");
      });
      plot.querySelectorAll(".modebar-btn").forEach((b) => b.setAttribute("tabindex", "-1"));
    };
    link(0);
  },
};
"""

FIGURE_CSS = """
.claims-figure-title {font-size: 15px; font-weight: bold; line-height: 1.35; max-width: 60em; margin: 6px 0 2px 0;
  color: #222; white-space: normal; overflow-wrap: break-word}
.claims-figure-text {font-size: 14px; line-height: 1.45; max-width: 60em; margin: 4px 0 8px 0; color: #222;
  white-space: normal; overflow-wrap: break-word; hyphens: none}
.claims-figure-key {font-size: 13px; line-height: 1.4; max-width: 60em; margin: 0 0 8px 0; padding-left: 2.5em; color: #222}
"""


class FigureText(anywidget.AnyWidget):
    """A chart's text description, shown as wrapped text and tied to the chart for screen readers."""

    _esm = FIGURE_JS
    _css = FIGURE_CSS
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
