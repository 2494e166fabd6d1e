/* The Access widget (helpers/a11y.py): keeps keys inside a widget and names its parts for screen readers. */
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
