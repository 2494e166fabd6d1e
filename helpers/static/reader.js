/* The interview reader's text view (helpers/reader.py): offsets of a mouse selection in code points. */
function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "claims-reader";
  box.setAttribute("role", "region");
  box.setAttribute("aria-roledescription", "interview text");
  box.setAttribute("aria-label", "Interview text. Right and left arrow keys select the next or previous "
    + "sentence; Shift with the right arrow adds the next sentence, Shift with the left arrow drops the last one.");
  box.tabIndex = 0;  // reachable with Tab: arrow keys scroll it and select sentences
  const said = document.createElement("div");
  said.className = "reader-live";
  said.setAttribute("role", "status");
  said.setAttribute("aria-live", "polite");
  el.appendChild(box);
  el.appendChild(said);
  let picked = null;  // [first, last] sentence selected from the keyboard
  const draw = () => { const top = box.scrollTop; box.innerHTML = model.get("html"); box.scrollTop = top; picked = null; };
  const toggles = () => {
    box.classList.toggle("show-m", model.get("show_mentions"));
    box.classList.toggle("show-c", model.get("show_claims"));
    box.classList.toggle("show-y", model.get("show_mine"));
  };
  draw(); toggles();
  model.on("change:html", draw);
  model.on("change:show_mentions", toggles);
  model.on("change:show_claims", toggles);
  model.on("change:show_mine", toggles);

  // Offset (in code points, like a Python str index) of a DOM boundary point.
  function offset(node, at) {
    if (node.nodeType === Node.TEXT_NODE) {
      const seg = node.parentElement && node.parentElement.closest("[data-s]");
      if (seg && box.contains(seg)) {
        return Number(seg.dataset.s) + Array.from(node.data.slice(0, at)).length;
      }
    }
    // Between elements (or in a speaker label): the next stretch of text after the point.
    const point = document.createRange();
    point.setStart(node, at);
    point.collapse(true);
    for (const seg of box.querySelectorAll("[data-s]")) {
      if (point.comparePoint(seg, 0) >= 0) return Number(seg.dataset.s);
    }
    const doc = box.querySelector("[data-len]");
    return doc ? Number(doc.dataset.len) : null;
  }
  function report() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const range = sel.getRangeAt(0);
    if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return;
    const start = offset(range.startContainer, range.startOffset);
    const end = offset(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    model.set("selection", [start, end]);
    model.save_changes();
  }
  box.addEventListener("mouseup", () => { picked = null; setTimeout(report, 0); });

  // The keyboard's way to select: sentence by sentence (the sentences' offsets come with the text).
  const sentences = () => {
    const doc = box.querySelector("[data-sentences]");
    const n = doc ? doc.dataset.sentences.split(" ").filter(Boolean).map(Number) : [];
    const out = [];
    for (let i = 0; i + 1 < n.length; i += 2) out.push([n[i], n[i + 1]]);
    return out;
  };
  function position(at) {  // the text node and UTF-16 index of the code-point offset `at`
    let seg = null;
    for (const s of box.querySelectorAll("[data-s]")) { if (Number(s.dataset.s) <= at) seg = s; else break; }
    const node = seg.firstChild;
    return [node, Array.from(node.data).slice(0, at - Number(seg.dataset.s)).join("").length];
  }
  function choose(all, first, last) {
    const [start] = all[first], [, end] = all[last];
    const range = document.createRange();
    range.setStart(...position(start));
    range.setEnd(...position(end));
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    const shown = range.getBoundingClientRect(), frame = box.getBoundingClientRect();
    if (shown.bottom > frame.bottom || shown.top < frame.top) box.scrollTop += shown.top - frame.top - 40;
    picked = [first, last];
    said.textContent = "Selected: " + range.toString();
    model.set("selection", [start, end]);
    model.save_changes();
  }
  box.addEventListener("keydown", (e) => {
    if ((e.key !== "ArrowRight" && e.key !== "ArrowLeft") || e.altKey || e.ctrlKey || e.metaKey) return;
    const all = sentences();
    if (!all.length) return;
    e.preventDefault();
    const forward = e.key === "ArrowRight";
    if (picked === null) {  // start at the first sentence in view
      const top = box.getBoundingClientRect().top;
      let k = all.findIndex(([s]) => position(s)[0].parentElement.getBoundingClientRect().bottom > top);
      k = k < 0 ? 0 : k;
      choose(all, k, k);
      return;
    }
    let [a, b] = picked;
    if (e.shiftKey) b = forward ? Math.min(b + 1, all.length - 1) : Math.max(a, b - 1);
    else a = b = forward ? Math.min(b + 1, all.length - 1) : Math.max(a - 1, 0);
    choose(all, a, b);
  });
}
export default { render };
