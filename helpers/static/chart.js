/* The explorer's stance chart (helpers/widgets.py, ClaimsChart): drawn in the browser from the claims (sent once,
   as integer codes) and the filters' indexes (linked from the filter widgets), with no round trip to the kernel.
   plotly.js and engine.js come once per kernel from the chart's `library` widget (library.js), not with each chart. */
const FILTERS = ["speaker", "institution", "theme", "stance"];
let serial = 0;

// The library widget's script defines globalThis.Plotly and globalThis.claimsEngine when the front end creates it;
// anywidget's host.getWidget waits for that (it names widgets "anywidget:<id>"; the trait holds "IPY_MODEL_<id>").
// Where it cannot (an older anywidget), wait for the globals themselves.
async function library(model, host) {
  const ref = "anywidget:" + String(model.get("library")).replace(/^IPY_MODEL_/, "");
  try { if (host && host.getWidget) await host.getWidget(ref); } catch (e) { console.warn(e); }
  for (let waited = 0; !(globalThis.Plotly && globalThis.claimsEngine) && waited < 60000; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return globalThis.claimsEngine;
}

export default {
  async render({ model, el, host }) {
    // A labelled figure: the plot (one image, named by its title) and its text description, which is
    // the figure's accessible description. Plotly's mode bar stays outside the image and the tab order.
    el.classList.add("claims-chart");
    el.setAttribute("role", "figure");
    const plot = document.createElement("div"), text = document.createElement("p");
    text.className = "claims-figure-text";
    text.id = "claims-chart-text-" + (++serial) + "-" + Math.random().toString(36).slice(2, 8);
    el.setAttribute("aria-describedby", text.id);
    el.append(plot, text);
    const engine = await library(model, host);
    const data = model.get("data"), c = data.rows, ids = data.ids;
    el.setAttribute("aria-label", data.style.title);
    const rows = c.claim.map((claim, k) => ({  // the claims rows, as engine.js reads them
      claim_id: claim, speaker_id: ids.speaker[c.speaker[k]],
      institution_id: c.institution[k] < 0 ? null : ids.institution[c.institution[k]],
      stance: c.stance[k] < 0 ? null : ids.stance[c.stance[k]], themes: c.themes[k].map((t) => ids.theme[t])}));
    const chosen = (key) => {  // the values picked in a filter (its index, linked from the filter widget)
      const index = model.get(key + "_index");
      const picked = index === null ? [] : Array.isArray(index) ? index : [index];
      return picked.map((i) => data.values[key][i]).filter((v) => v !== null && v !== undefined);
    };
    let drawn = 0, shown = null, queued = false;
    const draw = async () => {
      queued = false;
      const f = Object.fromEntries(FILTERS.map((key) => [key, chosen(key)]));
      const key = JSON.stringify(f);
      if (key === shown) return;  // the kernel confirming a change already drawn
      shown = key;
      const began = performance.now();
      const made = engine.stanceSpec(data, rows.filter((r) => engine.matchesFilters(r, f)));
      // the panels in as many columns as the output's width holds (four, two or one), then the title wrapped
      const spec = Object.assign({}, made, {layout: engine.fitTitle(engine.reflow(made.layout, el.clientWidth), el.clientWidth)});
      text.textContent = spec.description;
      el.dataset.specMs = String(Math.round(performance.now() - began));
      const plotted = performance.now();
      // no claims: no empty chart, only the description (the count line above says what to do)
      plot.style.display = spec.data.length ? "" : "none";
      if (spec.data.length) {
        engine.holdHeight(plot, spec.layout);
        await globalThis.Plotly.react(plot, spec.data, spec.layout, {displaylogo: false, responsive: true});
        plot.querySelectorAll(".main-svg").forEach((svg, k) => {
          if (k === 0) { svg.setAttribute("role", "img"); svg.setAttribute("aria-label", data.style.title); }
          else svg.setAttribute("aria-hidden", "true");
        });
        plot.querySelectorAll(".modebar-btn").forEach((b) => b.setAttribute("tabindex", "-1"));
      }
      el.dataset.drawMs = String(Math.round(performance.now() - plotted));
      if (!drawn) el.dataset.firstDrawnAt = String(performance.now());  // the browser test times explore() up to here
      el.dataset.drawn = String(++drawn);  // the browser test times a filter change up to here
    };
    // one redraw for changes that arrive together (the kernel sets the four filters at once)
    const later = () => { if (!queued) { queued = true; queueMicrotask(draw); } };
    FILTERS.forEach((key) => model.on("change:" + key + "_index", later));
    await draw();
    // follow the width of the output (a narrow window, a sidebar opened), not only of the window
    let width = el.clientWidth;
    const watch = new ResizeObserver(() => {
      if (el.clientWidth !== width && plot.style.display !== "none" && plot.data) {
        width = el.clientWidth;
        shown = null;  // drawn again, so that the panels and the title fit the new width
        later();
      }
    });
    watch.observe(el);
    return () => { watch.disconnect(); globalThis.Plotly.purge(plot); };
  }
};
