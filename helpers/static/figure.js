/* FigureText (helpers/a11y.py): a chart's title and text description, tied to the chart as its accessible name and description. */
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
      fit(plot, () => label(plot));
    };
    const label = (plot) => {  // (again after each drawing: plotly makes its svgs anew)
      plot.querySelectorAll(".main-svg").forEach((svg, k) => {
        if (k === 0) { svg.setAttribute("role", "img"); svg.setAttribute("aria-label", model.get("title")); }
        else svg.setAttribute("aria-hidden", "true");
      });
      plot.querySelectorAll(".modebar-btn").forEach((b) => b.setAttribute("tabindex", "-1"));
    };
    // A chart whose spec holds narrower layouts (the stance chart: layout.meta.reflow, made by plots.py) is drawn
    // with the one for its width (as engine.js's reflow picks it), again whenever its width changes.
    const fit = (plot, then) => {
      const steps = plot.layout && plot.layout.meta && plot.layout.meta.reflow;
      if (!steps || !globalThis.Plotly) { then(); return; }
      const wide = Object.assign({}, plot.layout);
      let chosen = null;
      const apply = () => {
        const step = steps.filter((s) => plot.clientWidth >= s.minWidth).pop();
        if (!step || step === chosen) return;
        chosen = step;
        globalThis.Plotly.react(plot, plot.data, Object.assign({}, wide, step.layout)).then(() => {
          plot.dataset.reflow = String(step.minWidth);
          then();
        });
      };
      apply();
      new ResizeObserver(apply).observe(plot);
    };
    link(0);
  },
};
